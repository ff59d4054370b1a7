"""One web page is one node, whether a file names it or the crawler finds it.

Web pages are imported from CSV files in the spellings people type, and the
same pages are crawled on a site served on 127.0.0.1 (tests/testsite.py),
with a real Neo4j. The oracle is the site itself: the pages it serves.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from import_helpers import nodes, ties
from testsite import SiteServer

from netnp import database
from netnp.crawl import CrawlOptions, FetchSettings, crawl
from netnp.importing.importer import import_files
from netnp.urls import former_page_id, normalize

pytestmark = pytest.mark.neo4j

FAST = FetchSettings(delay=0.0, per_host=4, concurrency=8, timeout=5.0, connect_timeout=2.0, retries=1, backoff=0.05)

#: Pages whose ids the rules before netnp.urls spelt otherwise than the crawler:
#: a trailing "/", a query in its own order, an escaped path, a plain page.
PATHS = ["/about/", "/news?b=1&a=2", "/Caf%C3%A9/", "/team", "/a/b/?z=1&y=2"]


def spellings(site: SiteServer) -> dict[str, str]:
    """How a person may write each page of the site in a file, by path."""
    host = site.origin.removeprefix("http://")
    return {
        "/about/": f"HTTP://{host.upper()}/about/#contact",
        "/news?b=1&a=2": f"{host}/news?b=1&a=2&utm_source=newsletter",  # no scheme: http:// is added
        "/Caf%C3%A9/": f"http://{host}/Café/",
        "/team": f"http://{host}/./x/../team",
        "/a/b/?z=1&y=2": f"http://{host}/a//b/?z=1&y=2",
    }


def serve(site: SiteServer) -> None:
    site.html("/", PATHS)
    for path in PATHS:
        site.html(path, ["/"])


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(header)
        out.writerows(rows)
    return path


def import_pages(folder: Path, written: dict[str, str], runner) -> None:
    """Import a CSV of the pages (each with a title) and of ties from the association to them."""
    n = write_csv(folder / "pages.csv", ["id", "kind", "name"],
                  [["o:asso", "organization", "Asso"]] + [[url, "webpage", f"page {p}"] for p, url in written.items()])
    e = write_csv(folder / "publishes.csv", ["source", "target", "type"],
                  [["o:asso", url, "PUBLISHES"] for url in written.values()])
    report = import_files(runner, nodes=n, edges=e)
    assert report.rejected == 0


def test_imported_then_crawled_pages_are_one_node_each(runner, tmp_path):
    with SiteServer() as site:
        serve(site)
        import_pages(tmp_path, spellings(site), runner)
        report = crawl(runner, CrawlOptions(seeds=[site.url("/")], depth=1, fetch=FAST))
        served = {site.url(p) for p in ["/", *PATHS]}
        fetched = {row["id"]: row for row in runner.read("crawl/pages")}

    assert report.pages_fetched == len(served)
    assert set(fetched) == served
    assert all(row["status"] == "fetched" for row in fetched.values())
    assert database.stats(runner)["nodes"]["by_kind"]["WebPage"] == len(served)
    # the imported pages are the crawled ones: their names and the association's ties are on them
    got = nodes(runner)
    assert {p: got[site.url(p)]["name"] for p in PATHS} == {p: f"page {p}" for p in PATHS}
    publishes = {target for (source, type_, target, *_rest) in ties(runner) if type_ == "PUBLISHES"}
    assert publishes == {site.url(p) for p in PATHS}


def test_crawled_then_imported_pages_are_one_node_each(runner, tmp_path):
    with SiteServer() as site:
        serve(site)
        crawl(runner, CrawlOptions(seeds=[site.url("/")], depth=1, fetch=FAST))
        crawled = {row["id"] for row in runner.read("crawl/pages")}
        import_pages(tmp_path, spellings(site), runner)

    assert {row["id"] for row in runner.read("crawl/pages")} == crawled
    assert database.stats(runner)["nodes"]["by_kind"]["WebPage"] == len(crawled) == len(PATHS) + 1


def test_a_reimport_folds_pages_stored_under_their_former_ids(runner, tmp_path):
    site = "https://asso.example.org"
    written = {p: site + p.replace("/a/b/", "/a//b/") for p in PATHS}
    former = {p: former_page_id(url) for p, url in written.items()}
    assert all(former[p] != normalize(url) for p, url in written.items() if p != "/team")
    # a graph imported with the former ids: pages, and ties to them
    first = tmp_path / "first"
    first.mkdir()
    import_pages(first, {p: former[p] for p in PATHS}, runner)
    write_csv(first / "mentions.csv", ["source", "target", "type"], [[former["/about/"], former["/team"], "LINKS_TO"]])
    import_files(runner, edges=first / "mentions.csv")

    second = tmp_path / "second"
    second.mkdir()
    import_pages(second, written, runner)

    got = nodes(runner)
    pages = {i: n for i, n in got.items() if n["kind"] == "WebPage"}
    assert set(pages) == {normalize(url) for url in written.values()}
    for p, url in written.items():
        if former[p] != normalize(url):
            assert former[p] in pages[normalize(url)]["aliases"]
    assert {(s, t) for (s, type_, t, *_rest) in ties(runner) if type_ == "LINKS_TO"} == \
        {(normalize(written["/about/"]), normalize(written["/team"]))}


def test_a_crawled_page_is_never_folded_into_another(runner, tmp_path):
    with SiteServer() as site:
        site.html("/", ["/about", "/about/"])
        site.html("/about", ["/"], title="about without slash")
        site.html("/about/", ["/"], title="about with slash")
        crawl(runner, CrawlOptions(seeds=[site.url("/")], depth=1, fetch=FAST))
        # the former id of /about/ is /about, a page of its own for the crawler
        assert former_page_id(site.url("/about/")) == site.url("/about")
        import_pages(tmp_path, {"/about/": site.url("/about/")}, runner)

    pages = {row["id"]: row for row in runner.read("crawl/pages")}
    assert {site.url("/about"), site.url("/about/")} <= set(pages)
    assert pages[site.url("/about")]["name"] == "about without slash"
    assert pages[site.url("/about/")]["name"] == "page /about/"
