"""Links, title and canonical URL of an HTML page.

Built on selectolax's Lexbor engine, a fast parser that follows the HTML5
parsing algorithm (WHATWG), the one browsers use: it never refuses a
document, and it reads malformed markup (unclosed tags, stray end tags,
unquoted attributes, bad entities, truncated files) the way a browser would,
so the links found are the links a reader would see. Links inside comments,
scripts and templates are not links.

References
----------
WHATWG. HTML Living Standard, section 13.2: Parsing HTML documents.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from selectolax.lexbor import LexborHTMLParser

from netnp.crawl.urls import InvalidURL, normalize, resolve

_MAX_TITLE = 300


@dataclass
class ParsedPage:
    """What the crawler keeps of a page.

    ``links`` maps each normalised target URL to how many times the page links
    to it (the tie's weight), in order of first appearance.
    """

    title: str | None = None
    canonical: str | None = None
    links: dict[str, int] = field(default_factory=dict)
    #: ``<meta name="robots" content="nofollow">``: links are recorded, not followed.
    nofollow: bool = False
    #: ``<meta name="robots" content="noindex">``.
    noindex: bool = False


def parse_html(text: str | bytes, url: str) -> ParsedPage:
    """Parse an HTML document fetched from ``url`` (its final, normalised URL).

    Never raises on malformed HTML: a document that cannot be parsed at all
    gives a page with no title and no links.
    """
    page = ParsedPage()
    try:
        tree = LexborHTMLParser(text)
    except Exception:  # the parser refused the bytes: nothing can be read
        return page
    base = url
    base_node = tree.css_first("base[href]")
    if base_node is not None:
        base = resolve(base_node.attributes.get("href") or "", url) or url
    title = tree.css_first("title")
    if title is not None:
        page.title = " ".join(title.text(deep=True).split())[:_MAX_TITLE] or None
    for node in tree.css("link[rel][href]"):
        if "canonical" in (node.attributes.get("rel") or "").lower().split():
            page.canonical = resolve(node.attributes.get("href") or "", base)
            break
    for node in tree.css("meta[name][content]"):
        if (node.attributes.get("name") or "").strip().lower() in ("robots", "netnp"):
            content = (node.attributes.get("content") or "").lower()
            words = {w.strip() for w in content.replace(";", ",").split(",")}
            page.nofollow |= bool(words & {"nofollow", "none"})
            page.noindex |= bool(words & {"noindex", "none"})
    links = page.links
    for node in tree.css("a[href], area[href]"):
        href = node.attributes.get("href")
        if not href:
            continue
        target = resolve(href, base)
        if target is not None:
            links[target] = links.get(target, 0) + 1
    links.pop(url, None)  # a link to the page itself is no tie
    if page.canonical:
        try:
            page.canonical = normalize(page.canonical)
        except InvalidURL:
            page.canonical = None
    return page
