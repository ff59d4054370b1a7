"""The crawler's parts on their own: URL normalisation, web entities, HTML
parsing, robots.txt, seeds files, and the HTTP client against a local server."""

from __future__ import annotations

import asyncio
import time

import pytest

from netnp.crawl.fetch import FetchSettings, Fetcher
from netnp.crawl.parse import parse_html
from netnp.crawl.robots import crawl_delay, rules_from_response
from netnp.crawl.seeds import read_seeds
from testsite import Route, SiteServer
from netnp.crawl.urls import InvalidURL, normalize, registered_domain, resolve, web_entity_id
from netnp.errors import InputError


# -- URLs --------------------------------------------------------------------------------
@pytest.mark.parametrize("given, expected", [
    ("HTTP://Example.ORG:80/a/./b/../c?utm_source=x&b=1#frag", "http://example.org/a/c?b=1"),
    ("https://www.example.org:443", "https://www.example.org/"),
    ("https://example.org:8443/x", "https://example.org:8443/x"),
    ("http://user:secret@example.org/", "http://example.org/"),
    ("http://example.org/%7euser/%2f%41", "http://example.org/~user/%2FA"),
    ("http://example.org/a b?q=x y", "http://example.org/a%20b?q=x%20y"),
    ("http://example.org/caf\u00e9", "http://example.org/caf%C3%A9"),
    ("http://b\u00fccher.de/", "http://xn--bcher-kva.de/"),
    ("http://example.org.?", "http://example.org/"),
    ("http://example.org/?gclid=1&fbclid=2", "http://example.org/"),
    ("http://example.org/a/../../b", "http://example.org/b"),
    ("http://[::1]:80/", "http://[::1]/"),
    ("  http://example.org/  ", "http://example.org/"),
])
def test_normalize(given, expected):
    assert normalize(given) == expected
    assert normalize(expected) == expected  # idempotent


@pytest.mark.parametrize("given, reason", [
    ("", "empty"), ("example.org/page", "not absolute"), ("ftp://example.org/", "only http and https"),
    ("mailto:someone@example.org", "only http and https"), ("http://exa mple.org/", "not a valid host"),
    ("http://example.org:99999/", "Port"), ("http:///path", "no host"), ("http://[::zz]/", "IPv6"),
])
def test_invalid_urls_say_why(given, reason):
    with pytest.raises(InvalidURL, match=reason):
        normalize(given)


def test_resolve_links():
    base = "http://example.org/dir/page.html"
    assert resolve("other.html", base) == "http://example.org/dir/other.html"
    assert resolve("../up.html", base) == "http://example.org/up.html"
    assert resolve("/root", base) == "http://example.org/root"
    assert resolve("//cdn.example.net/x", base) == "http://cdn.example.net/x"
    assert resolve("?page=2", base) == "http://example.org/dir/page.html?page=2"
    for href in ("#top", "mailto:a@b.org", "javascript:void(0)", "tel:+33", "data:text/html,hi", "", "http://[x"):
        assert resolve(href, base) is None


def test_web_entities_by_domain_and_host():
    assert web_entity_id("https://blog.news.example.co.uk/a") == "web:example.co.uk"
    assert web_entity_id("https://blog.news.example.co.uk/a", "host") == "web:blog.news.example.co.uk"
    assert web_entity_id("http://www.example.org/") == web_entity_id("https://example.org/x") == "web:example.org"
    assert web_entity_id("http://127.0.0.1:8080/") == "web:127.0.0.1:8080"
    assert web_entity_id("http://localhost/") == "web:localhost"
    assert registered_domain("example.org:8080") == "example.org:8080"
    assert registered_domain("a.b.example.com.au") == "example.com.au"


# -- HTML --------------------------------------------------------------------------------
def test_parse_links_title_base_canonical():
    html = """<html><head><title>  Hello
       world </title><base href="http://example.org/dir/"><link rel="canonical" href="/c?utm_source=1">
       </head><body><a href=x.html>x<a href="x.html">again</a><A HREF=/abs>abs</A>
       <area href="../up"><a href="mailto:q@r">m</a><a>no href</a><a href="#f">f</a>
       <a href="https://other.org/p?x=1&amp;y=2">o</a><a href="/dir/x.html#part">frag</a>"""
    page = parse_html(html, "http://example.org/page")
    assert page.title == "Hello world"
    assert page.canonical == "http://example.org/c"
    assert page.links == {"http://example.org/dir/x.html": 3, "http://example.org/abs": 1,
                          "http://example.org/up": 1, "https://other.org/p?x=1&y=2": 1}


@pytest.mark.parametrize("html", [
    "", "<", "<<<>>>", "<a href=", "<title>unterminated", "\x00\x01binary\xff", "<a href='/x'" * 1000,
    "<table><tr><td><a href=/ok>ok</td></a></table></div></span>", "<!-- <a href=/c> -->" * 3,
])
def test_parse_never_fails_on_malformed_html(html):
    page = parse_html(html, "http://example.org/")
    assert isinstance(page.links, dict)


def test_parse_reads_malformed_markup_as_a_browser_does():
    html = "<p>unclosed <a href=/one>one<a href='/two'>two</b></table><a href=three class=x>3<!-- <a href=/hidden> -->"
    page = parse_html(html, "http://example.org/")
    assert list(page.links) == ["http://example.org/one", "http://example.org/two", "http://example.org/three"]


def test_meta_robots_nofollow_and_self_links():
    page = parse_html('<meta name="ROBOTS" content="noindex, nofollow"><a href="/">me</a><a href="/x">x</a>',
                      "http://example.org/")
    assert page.nofollow and page.noindex and page.links == {"http://example.org/x": 1}


# -- robots.txt --------------------------------------------------------------------------
ROBOTS = """# comment
User-agent: *
Disallow: /private/
Crawl-delay: 0.5

User-agent: netnp
User-agent: otherbot
Disallow: /
Allow: /public/
Crawl-delay: 3
"""


def test_robots_rules_for_our_agent_and_others():
    rules = rules_from_response(200, ROBOTS)
    assert not rules.allowed("http://e.org/private/x", "somebot/1.0")
    assert rules.allowed("http://e.org/public/x", "somebot/1.0")
    assert rules.allowed("http://e.org/public/x", "netnp/0.1 (crawler)")
    assert not rules.allowed("http://e.org/other", "netnp/0.1 (crawler)")
    assert rules.crawl_delay("netnp/0.1") == 3.0 and rules.crawl_delay("somebot") == 0.5
    assert crawl_delay("User-agent: *\nDisallow:\n", "x") is None


@pytest.mark.parametrize("rules, path, allowed", [
    ("Disallow: /\nAllow: /public/", "/public/page", True),          # the longest rule wins
    ("Allow: /public/\nDisallow: /", "/public/page", True),          # whatever the order
    ("Disallow: /a\nAllow: /a", "/a", True),                          # Allow wins a tie
    ("Disallow: /*.pdf$", "/docs/x.pdf", False),
    ("Disallow: /*.pdf$", "/docs/x.pdf?dl=1", True),                   # $ anchors the end
    ("Disallow: /*?sessionid=", "/shop?sessionid=42", False),
    ("Disallow: /fish*", "/fishheads/yummy.html", False),
    ("Disallow: /fish", "/Fish.asp", True),                             # paths are case-sensitive
    ("Disallow:", "/anything", True),                                   # empty Disallow allows all
    ("Disallow: /caf%C3%A9", "/caf\u00e9/menu", False),                  # percent-encoding compared decoded
])
def test_robots_matching_follows_rfc_9309(rules, path, allowed):
    from netnp.crawl.urls import normalize

    robots = rules_from_response(200, "User-agent: *\n" + rules + "\n")
    assert robots.allowed(normalize("http://e.org" + path), "netnp/0.1") is allowed


def test_robots_groups_for_the_same_agent_are_merged_and_ours_beats_star():
    text = "User-agent: *\nDisallow: /\n\nUser-agent: netnp\nDisallow: /a\n\nUser-agent: NetNP\nDisallow: /b\n"
    rules = rules_from_response(200, text)
    assert not rules.allowed("http://e.org/a", "netnp/0.1") and not rules.allowed("http://e.org/b", "netnp/0.1")
    assert rules.allowed("http://e.org/c", "netnp/0.1") and not rules.allowed("http://e.org/c", "other/1")


def test_robots_missing_or_broken_follows_rfc_9309():
    assert rules_from_response(404, None).allowed("http://e.org/x", "a")      # 4xx: no rules
    assert rules_from_response(403, None).allowed("http://e.org/x", "a")
    assert not rules_from_response(503, None).allowed("http://e.org/x", "a")  # 5xx: all disallowed
    down = rules_from_response(None, None, "cannot connect")
    assert not down.allowed("http://e.org/x", "a") and down.unreachable == "cannot connect"


# -- seeds files ----------------------------------------------------------------------------
def test_read_seeds(tmp_path):
    path = tmp_path / "seeds.csv"
    path.write_text("\ufeffURL,organization_id\n# a comment\nhttps://a.org/,org:a\n\nhttps://b.org/,\n"
                    '"https://c.org/?a=1,2",org:c\n', encoding="utf-8")
    seeds = read_seeds(path)
    assert [(s.url, s.organization_id, s.line) for s in seeds] == [
        ("https://a.org/", "org:a", 3), ("https://b.org/", None, 5), ("https://c.org/?a=1,2", "org:c", 6)]


@pytest.mark.parametrize("text, message", [
    ("", "empty"),
    ("address,organization_id\nhttps://a.org/,x\n", r"seeds.csv:1: the header needs a 'url' column"),
    ("url,org,extra\nhttps://a.org/,x,y\n", "unknown column"),
    ("url,organization_id\n,org:a\n", r"seeds.csv:2: field 'url' is empty"),
    ("url,organization_id\nhttps://a.org/?x=1,2,org:a\n", r"seeds.csv:2: 3 fields for 2 columns"),
])
def test_bad_seeds_files_name_file_line_and_field(tmp_path, text, message):
    path = tmp_path / "seeds.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        read_seeds(path)


def test_missing_seeds_file(tmp_path):
    with pytest.raises(InputError, match="cannot read the seeds file"):
        read_seeds(tmp_path / "nope.csv")


# -- the HTTP client ------------------------------------------------------------------------
def fetch_all(settings: FetchSettings, urls: list[str]):
    async def go():
        async with Fetcher(settings) as fetcher:
            return await asyncio.gather(*(fetcher.get(u, u.split("/")[2]) for u in urls))
    return asyncio.run(go())


def test_fetcher_outcomes():
    with SiteServer() as site:
        site.html("/", ["/a"])
        site.redirect("/old", "/", 301)
        site.add("/gone", Route(410, b"gone"))
        site.add("/pdf", Route(body=b"%PDF" + b"0" * 100_000, content_type="application/pdf"))
        site.add("/big", Route(body=b"<html>" + b"x" * 50_000))
        site.add("/untyped", Route(body=b"<!DOCTYPE html><title>t</title>", content_type=None))
        site.add("/latin", Route(body="<title>caf\u00e9</title>".encode("latin-1"), content_type="text/html; charset=iso-8859-1"))
        settings = FetchSettings(delay=0, max_bytes=10_000, retries=0, timeout=5)
        results = fetch_all(settings, [site.url(p) for p in ("/", "/old", "/gone", "/pdf", "/big", "/untyped", "/latin")])
    outcome = {r.url[len(site.origin):]: r for r in results}
    assert outcome["/"].outcome == "fetched" and "/a" in outcome["/"].text
    assert (outcome["/old"].outcome, outcome["/old"].status, outcome["/old"].location) == ("redirect", 301, "/")
    assert (outcome["/gone"].outcome, outcome["/gone"].status) == ("http_error", 410)
    assert outcome["/pdf"].outcome == "not_html" and outcome["/pdf"].text is None
    assert outcome["/big"].outcome == "too_large"
    assert outcome["/untyped"].outcome == "fetched"
    assert "caf\u00e9" in outcome["/latin"].text


def test_fetcher_retries_what_may_pass_later():
    with SiteServer() as site:
        site.add("/busy", Route(503, b"busy", headers={"Retry-After": "0"}))
        site.add("/broken", Route(500, b"bug"))
        site.add("/slow", Route(body=b"<html>late", delay=1.0))
        settings = FetchSettings(delay=0, retries=2, backoff=0.01, timeout=0.3)
        busy, broken, slow = fetch_all(settings, [site.url("/busy"), site.url("/broken"), site.url("/slow")])
        assert (busy.outcome, busy.attempts, site.fetches("/busy")) == ("http_error", 3, 3)
        assert (broken.attempts, site.fetches("/broken")) == (1, 1)  # a 500 is a bug, not a busy server
        assert slow.outcome == "error" and "timed out" in slow.error and slow.attempts == 3


def test_fetcher_unreachable_host_is_an_error_not_an_exception():
    settings = FetchSettings(delay=0, retries=1, backoff=0.01, timeout=2)
    (result,) = fetch_all(settings, ["http://127.0.0.1:1/"])
    assert result.outcome == "error" and "cannot connect" in result.error and result.attempts == 2


def test_fetcher_politeness_per_host():
    with SiteServer() as site:
        for i in range(5):
            site.html(f"/{i}", [], delay=0.05)
        settings = FetchSettings(delay=0.1, per_host=2, concurrency=10)
        began = time.monotonic()
        fetch_all(settings, [site.url(f"/{i}") for i in range(5)])
        starts = sorted(t for t, _ in site.log)
        assert starts[-1] - starts[0] >= 4 * 0.1 * 0.9  # four gaps of at least the delay
        assert all(b - a >= 0.05 for a, b in zip(starts, starts[1:]))
        assert site.max_active <= 2
        assert time.monotonic() - began >= 0.4
