"""The crawler's parts on their own: URL normalisation, web entities, HTML
parsing, robots.txt, seeds files, and the HTTP client against a local server."""

from __future__ import annotations

import asyncio
import itertools
import time

import pytest
from testsite import Route, SiteServer

from netnp.crawl.fetch import Fetcher, FetchSettings
from netnp.crawl.parse import parse_html
from netnp.crawl.robots import MAX_ROBOTS_BYTES, crawl_delay, rules_from_response
from netnp.crawl.seeds import read_seeds
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
    # RFC 3986, section 6.2: case, percent-encoding, dot segments (the examples of 5.2.4), empty and default port
    ("HTTP://www.Example.com/", "http://www.example.com/"),
    ("http://example.com/%7Esmith/home.html", "http://example.com/~smith/home.html"),
    ("http://example.com/a%3ab", "http://example.com/a%3Ab"),
    ("http://example.com/a/b/c/./../../g", "http://example.com/a/g"),
    ("http://example.com/mid/content=5/../6", "http://example.com/mid/6"),
    ("http://example.com:/", "http://example.com/"),
    # IDNA 2008 (RFC 5892) keeps "ß" as a letter of its own, where IDNA 2003 mapped it to "ss"
    ("http://Stra\u00dfe.de/", "http://xn--" + "stra\u00dfe".encode("punycode").decode() + ".de/"),
    ("http://example.org/?utm%5Fsource=1&b=2", "http://example.org/?b=2"),  # a tracking name, however escaped
    ("http://example.org/p?b=2&a=1#!/x", "http://example.org/p?b=2&a=1"),  # order kept, "#!" is a fragment too
    # url-normalize's choices beyond RFC 3986, as docs/crawl.md describes them (page ids depend on them)
    ("http://example.org/a//b?x=%2F&&u=https://e.org/?a=b", "http://example.org/a/b?x=/&u=https://e.org/?a%3Db"),
    ("http://example.org/e\u0301", "http://example.org/%C3%A9"),  # UTF-8 NFC: "e" + combining accent is "\u00e9"
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
    robots = rules_from_response(200, "User-agent: *\n" + rules + "\n")
    assert robots.allowed(normalize("http://e.org" + path), "netnp/0.1") is allowed


# RFC 9309, section 5.1 ("Simple Example"), as published.
RFC_9309_SIMPLE = """User-Agent: *
Disallow: *.gif$
Disallow: /example/
Allow: /publications/

User-Agent: foobot
Disallow:/
Allow:/example/page.html
Allow:/example/allowed.gif

User-Agent: barbot
User-Agent: bazbot
Disallow: /example/page.html

User-Agent: quxbot
"""


@pytest.mark.parametrize("agent, path, allowed", [
    # "*": /publications/ allowed, /example/ and every .gif disallowed
    ("otherbot/1.0", "/publications/report.html", True),
    ("otherbot/1.0", "/example/page.html", False),
    ("otherbot/1.0", "/images/logo.gif", False),
    ("otherbot/1.0", "/index.html", True),
    # foobot: only /example/page.html and /example/allowed.gif; its group is found whatever the case
    ("foobot/2.1", "/example/page.html", True),
    ("FooBot/2.1", "/example/allowed.gif", True),
    ("foobot/2.1", "/example/other.html", False),
    ("foobot/2.1", "/publications/report.html", False),
    ("foobot/2.1", "/", False),
    # barbot and bazbot share a group: only /example/page.html is disallowed, .gif files are not
    ("barbot/1.0", "/example/page.html", False),
    ("bazbot/1.0", "/example/page.html", False),
    ("bazbot/1.0", "/example/other.html", True),
    ("barbot/1.0", "/images/logo.gif", True),
    # quxbot: an empty group at the end of the file allows everything
    ("quxbot/1.0", "/example/page.html", True),
    ("quxbot/1.0", "/images/logo.gif", True),
])
def test_robots_rfc_9309_simple_example(agent, path, allowed):
    rules = rules_from_response(200, RFC_9309_SIMPLE)
    assert rules.allowed(normalize("http://www.example.com" + path), agent) is allowed


@pytest.mark.parametrize("robots", [
    "User-Agent: foobot\nAllow: /example/page/\nDisallow: /example/page/disallowed.gif\n",  # RFC 9309, 5.2
    "User-Agent: foobot\nDisallow: /example/page/disallowed.gif\nAllow: /example/page/\n",  # order is irrelevant
])
def test_robots_rfc_9309_longest_match(robots):
    rules = rules_from_response(200, robots)
    assert not rules.allowed("http://www.example.com/example/page/disallowed.gif", "foobot/2.1")
    assert rules.allowed("http://www.example.com/example/page/disallow.gif", "foobot/2.1")
    assert rules.allowed("http://www.example.com/example/page/", "foobot/2.1")


@pytest.mark.parametrize("rule, path, matches", [
    # section 2.2.2: an equivalent Allow and Disallow allow; matching starts at the path's first octet
    ("Allow: /folder\nDisallow: /folder", "/folder/page", False),
    ("Disallow: /folder\nAllow: /folder", "/folder/page", False),
    ("Disallow: /folder", "/a/folder", False),
    # section 2.2.2, percent-encoding: rule and URL are compared with the same escapes
    ("Disallow: /foo/bar?baz=quz", "/foo/bar?baz=quz", True),
    ("Disallow: /foo/bar?baz=https://foo.bar", "/foo/bar?baz=https%3A%2F%2Ffoo.bar", True),
    ("Disallow: /foo/bar/\u30c4", "/foo/bar/%E3%83%84", True),
    ("Disallow: /foo/bar/%E3%83%84", "/foo/bar/%E3%83%84", True),
    ("Disallow: /foo/bar/%62%61%7A", "/foo/bar/baz", True),
    # section 2.2.3: "$" ends the pattern, "*" is any run of characters (slashes too), "%2A" and "%24" are literal
    ("Disallow: /this/path/exactly$", "/this/path/exactly", True),
    ("Disallow: /this/path/exactly$", "/this/path/exactly/not", False),
    ("Disallow: /this/*/exactly", "/this/deep/er/path/exactly", True),
    ("Disallow: /this/*/exactly", "/this/exactly", False),
    ("Disallow: /path/file-with-a-%2A.html", "/path/file-with-a-*.html", True),
    ("Disallow: /path/file-with-a-%2A.html", "/path/file-with-a-b.html", False),
    ("Disallow: /path/foo-%24", "/path/foo-$", True),
    ("Disallow: /path/foo-%24", "/path/foo-", False),
])
def test_robots_rfc_9309_matching_rules(rule, path, matches):
    rules = rules_from_response(200, "User-agent: *\n" + rule + "\n")
    assert rules.allowed(normalize("http://www.example.com" + path), "netnp/0.1") is not matches


def test_robots_rfc_9309_groups_and_records():
    # section 2.2.1: groups naming the same product token are merged (the section's ExampleBot example)
    merged = rules_from_response(200, "user-agent: ExampleBot\ndisallow: /foo\ndisallow: /bar\n\n"
                                      "user-agent: ExampleBot\ndisallow: /baz\n")
    assert not any(merged.allowed(f"http://e.org/{p}", "ExampleBot/1.0") for p in ("foo", "bar", "baz"))
    assert merged.allowed("http://e.org/qux", "ExampleBot/1.0")
    # section 2.2.2: rules before any user-agent line belong to no group; /robots.txt is always allowed
    early = rules_from_response(200, "Disallow: /\nUser-agent: *\nDisallow: /x\n")
    assert early.allowed("http://e.org/y", "netnp/0.1") and not early.allowed("http://e.org/x", "netnp/0.1")
    everything = rules_from_response(200, "User-agent: *\nDisallow: /\n")
    assert everything.allowed("http://e.org/robots.txt", "netnp/0.1")
    # section 2.2.4: a Sitemap record does not end a group
    sitemap = rules_from_response(200, "User-agent: netnp\nSitemap: http://e.org/s.xml\nDisallow: /x\n")
    assert not sitemap.allowed("http://e.org/x", "netnp/0.1")


def test_robots_group_is_found_by_product_token_not_by_words_of_the_user_agent():
    rules = rules_from_response(200, "User-agent: crawler\nDisallow: /\n\nUser-agent: *\nDisallow: /x\n")
    agent = "netnp/0.1 (hyperlink network crawler for nonprofits)"
    assert rules.allowed("http://e.org/page", agent) and not rules.allowed("http://e.org/x", agent)
    assert not rules.allowed("http://e.org/page", "Crawler/2.0")


def test_robots_txt_is_read_up_to_its_size_limit():
    # RFC 9309, section 2.5: at least 500 KiB are parsed; what lies beyond netnp's limit is not read
    padding = "# " + "x" * 1022 + "\n"
    text = ("User-agent: *\n" + padding * 499 + "Disallow: /within\n"
            + padding * (MAX_ROBOTS_BYTES // len(padding)) + "Disallow: /beyond\n")
    rules = rules_from_response(200, text)
    assert not rules.allowed("http://e.org/within", "netnp/0.1")
    assert rules.allowed("http://e.org/beyond", "netnp/0.1")


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
        # the test sites' hosts are seeds, which may be on 127.0.0.1 (fetch.AddressPolicy)
        seed_hosts = {u.split("/")[2].rsplit(":", 1)[0] for u in urls}
        async with Fetcher(settings, seed_hosts=seed_hosts) as fetcher:
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
        assert all(b - a >= 0.05 for a, b in itertools.pairwise(starts))
        assert site.max_active <= 2
        assert time.monotonic() - began >= 0.4
