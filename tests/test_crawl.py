"""The crawler against generated sites on 127.0.0.1, with a real Neo4j.

Every site is a :class:`SiteServer` on the loopback interface; no test
touches an outside address. The oracle for what a crawl must find is
networkx, run on the link map that generated the site.
"""

from __future__ import annotations

import itertools

import networkx as nx
import pytest
from testsite import Route, SiteServer, random_site

from netnp import database
from netnp.crawl import CrawlOptions, FetchSettings, crawl
from netnp.runner import Runner

pytestmark = pytest.mark.neo4j

FAST = dict(delay=0.0, per_host=4, concurrency=16, timeout=5.0, connect_timeout=2.0, retries=1, backoff=0.05)


def options(seeds, **kw) -> CrawlOptions:
    fetch = FetchSettings(**{**FAST, **kw.pop("fetch", {})})
    return CrawlOptions(seeds=list(seeds), fetch=fetch, **kw)


@pytest.fixture
def site():
    with SiteServer() as server:
        yield server


def pages(runner: Runner) -> dict[str, dict]:
    return {row["id"]: row for row in runner.read("crawl/pages")}


def links(runner: Runner, type: str = "LINKS_TO") -> dict[tuple[str, str], float]:
    return {(r["source"], r["target"]): r["weight"] for r in runner.read("crawl/links") if r["type"] == type}


def oracle(graph: dict[str, list[str]], depth: int) -> tuple[nx.DiGraph, dict[str, int]]:
    g = nx.DiGraph()
    g.add_edges_from((s, t) for s, targets in graph.items() for t in targets)
    return g, nx.single_source_shortest_path_length(g, "/", cutoff=depth)


# -- the network found ------------------------------------------------------------------
@pytest.mark.parametrize("depth", [0, 1, 2, 3])
def test_crawl_finds_exactly_the_pages_within_depth(runner, site, depth):
    graph = random_site(site, pages=60, links_per_page=3, seed=depth)
    g, distance = oracle(graph, depth)

    report = crawl(runner, options([site.url("/")], depth=depth))

    found = pages(runner)
    fetched = {site.url(p) for p in distance}
    assert {u for u, row in found.items() if row["status"] == "fetched"} == fetched
    assert {u: found[u]["depth"] for u in fetched} == {site.url(p): d for p, d in distance.items()}
    expected_links = {(site.url(s), site.url(t)) for s in distance for t in graph[s]}
    assert set(links(runner)) == expected_links
    # pages linked from the last level are recorded, not fetched
    beyond = {t for _, t in expected_links} - fetched
    assert all(found[u]["status"] == "discovered" for u in beyond)
    assert report.status == "done" and report.pages_fetched == len(fetched)
    assert site.max_fetches() == 1
    assert sum(n for p, n in site.counts.items() if p != "/robots.txt") == len(fetched)


def test_page_network_is_entities_and_ties_for_the_analyses(runner, site):
    graph = random_site(site, pages=25, links_per_page=4, seed=7)
    crawl(runner, options([site.url("/")], depth=10))
    stats = database.stats(runner)
    assert stats["nodes"]["by_kind"]["WebPage"] == 25
    assert stats["ties"]["by_type"]["LINKS_TO"] >= sum(len(t) for t in graph.values())
    web = links(runner)
    g = nx.DiGraph()
    g.add_edges_from((site.url(s), site.url(t)) for s, ts in graph.items() for t in ts)
    assert set(web) == set(g.edges)
    # PageRank over the crawled ties equals PageRank over the generating graph
    crawled = nx.DiGraph(list(web))
    assert nx.pagerank(crawled) == pytest.approx(nx.pagerank(g), abs=1e-9)


# -- what real sites do ----------------------------------------------------------------
def edge_site(site: SiteServer, other: SiteServer) -> None:
    site.robots("User-agent: *\nDisallow: /private/\n\nUser-agent: netnp-test-bot\nDisallow: /private/\nDisallow: /not-for-netnp\n")
    site.html("/", ["/moved", "/loop-a", "/missing", "/broken", "/private/secret.html", "/doc.pdf",
                    "/image.png", "/slow", "/too-slow", "/malformed", "/big", "/not-for-netnp",
                    "mailto:someone@example.org", "javascript:void(0)", "#top", "tel:+331234",
                    other.url("/elsewhere")])
    site.redirect("/moved", "/moved-again", 301)
    site.redirect("/moved-again", site.url("/target"), 302)
    site.html("/target", ["/", "./moved"])
    site.redirect("/loop-a", "/loop-b", 307)
    site.redirect("/loop-b", "/loop-a", 308)
    site.add("/broken", Route(500, b"<h1>oops</h1>"))
    site.html("/private/secret.html", ["/private/more.html"])
    site.add("/doc.pdf", Route(body=b"%PDF-1.4\n" + b"0" * 5000, content_type="application/pdf"))
    site.add("/image.png", Route(body=b"\x89PNG\r\n\x1a\n" + b"\0" * 5000, content_type="image/png"))
    site.html("/slow", ["/after-slow"], delay=0.4)
    site.html("/after-slow", [])
    site.html("/too-slow", ["/never"], delay=3.0)
    site.add("/malformed", Route(body=(
        b"<html><head><title>Broken <b>page</title><body><div><p>text <a href=/m1>one<a href='/m2'>two</a>"
        b"</span></table><a href=\"m3\" class=x>three</p><a href=\"/m2\">again</a><!-- <a href=/hidden> -->"
        b"<a href=\"http://[::1\">bad</a><a href=\"/m4\"")))
    for path in ("/m1", "/m2", "/m3", "/hidden"):
        site.html(path, [])
    site.add("/big", Route(body=b"<html><title>big</title>" + b"<p>x</p>" * 5000))
    site.html("/not-for-netnp", [])
    other.html("/elsewhere", ["/further"])


def test_redirects_errors_robots_and_odd_content(runner, site):
    with SiteServer() as other:
        edge_site(site, other)
        report = crawl(runner, options([site.url("/")], depth=3,
                                       fetch={"timeout": 1.5, "max_bytes": 20_000, "retries": 1,
                                              "user_agent": "netnp-test-bot/1.0"}))
        assert other.counts == {}  # --same-site: the other site is recorded, never fetched
    found = pages(runner)
    u = site.url
    status = {url[len(site.origin):]: row["status"] for url, row in found.items() if url.startswith(site.origin)}
    assert status["/"] == "fetched"
    # redirects are followed, and recorded hop by hop
    assert status["/moved"] == status["/moved-again"] == "redirect" and status["/target"] == "fetched"
    redirects = links(runner, "REDIRECTS_TO")
    assert {(u("/moved"), u("/moved-again")), (u("/moved-again"), u("/target"))} <= set(redirects)
    assert found[u("/target")]["depth"] == 1  # a redirect is no click
    # a redirect loop ends, each URL fetched once
    assert {(u("/loop-a"), u("/loop-b")), (u("/loop-b"), u("/loop-a"))} <= set(redirects)
    assert site.fetches("/loop-a") == site.fetches("/loop-b") == 1
    # errors are recorded with their HTTP status
    assert (status["/missing"], found[u("/missing")]["http_status"]) == ("http_error", 404)
    assert (status["/broken"], found[u("/broken")]["http_status"]) == ("http_error", 500)
    # robots.txt: the group of our user agent applies; disallowed pages are never requested
    assert status["/private/secret.html"] == "robots_denied" and site.fetches("/private/secret.html") == 0
    assert status["/not-for-netnp"] == "robots_denied" and site.fetches("/not-for-netnp") == 0
    assert u("/private/more.html") not in found
    # HTML only; the size limit
    assert status["/doc.pdf"] == status["/image.png"] == "not_html"
    assert status["/big"] == "too_large"
    # slow answers: within the time-out they are crawled; past it, an error after the retries
    assert status["/slow"] == "fetched" and status["/after-slow"] == "fetched"
    assert status["/too-slow"] == "error" and "timed out" in found[u("/too-slow")]["error"]
    assert site.fetches("/too-slow") == 2 and u("/never") not in found
    # malformed HTML: the links that can be read are kept; comments and broken URLs are not links
    assert found[u("/malformed")]["name"].startswith("Broken")
    web = links(runner)
    assert {(u("/malformed"), u(p)) for p in ("/m1", "/m2", "/m3")} <= set(web)
    assert web[(u("/malformed"), u("/m2"))] == 2
    assert (u("/malformed"), u("/hidden")) not in web
    # non-page links are no ties; the external page is recorded as discovered
    assert all(t.startswith("http") for _, t in web)
    assert found[other.url("/elsewhere")]["status"] == "discovered"
    # nothing fetched twice except the retried time-out; our user agent on every request
    assert max(n for p, n in site.counts.items() if p != "/too-slow") == 1
    assert set(site.user_agents) == {"netnp-test-bot/1.0"}
    assert report.status == "done"
    assert {e["url"] for e in report.errors} == {u("/too-slow")}


def test_canonical_url_is_the_page_and_relative_links_resolve(runner, site):
    site.html("/", ["/article?ref=home&id=3", "sub/page.html", f"//127.0.0.1:{site.port}/abs",
                    "/news?utm_source=home&utm_medium=web"])
    site.html("/news", [])
    site.add("/article?ref=home&id=3", Route(body=(
        b'<html><head><link rel="canonical" href="/article?id=3"><title>Article</title></head>'
        b'<body><a href="../x/../related">related</a></body></html>')))
    site.html("/sub/page.html", ["../abs", "./other.html"])
    site.html("/sub/other.html", [])
    site.html("/related", [])
    site.html("/abs", [])
    crawl(runner, options([site.url("/")], depth=2))
    found = pages(runner)
    # the canonical URL holds the content and the links; the page that named it is its alias
    assert found[site.url("/article?id=3")]["status"] == "fetched"
    assert found[site.url("/article?id=3")]["name"] == "Article"
    assert found[site.url("/article?ref=home&id=3")]["status"] == "alias"
    assert site.fetches("/article?id=3") == 0 and site.fetches("/article?ref=home&id=3") == 1
    assert links(runner, "REDIRECTS_TO") == {(site.url("/article?ref=home&id=3"), site.url("/article?id=3")): 1.0}
    # tracking parameters are normalised away
    assert site.fetches("/news") == 1 and found[site.url("/news")]["status"] == "fetched"
    web = links(runner)
    assert (site.url("/article?id=3"), site.url("/related")) in web
    assert (site.url("/sub/page.html"), site.url("/abs")) in web
    assert (site.url("/sub/page.html"), site.url("/sub/other.html")) in web
    assert found[site.url("/related")]["status"] == "fetched"


def test_politeness_delay_and_per_host_concurrency(runner, site):
    site.robots("User-agent: *\nCrawl-delay: 0.25\n")
    random_site(site, pages=6, links_per_page=5, seed=3)
    crawl(runner, options([site.url("/")], depth=3, fetch={"delay": 0.05, "per_host": 1}))
    times = [t for t, p in site.log if p != "/robots.txt"]
    assert len(times) == 6
    gaps = [b - a for a, b in itertools.pairwise(times)]
    # the robots.txt Crawl-delay (0.25 s), longer than --delay (0.05 s), applies
    assert times[-1] - times[0] >= 5 * 0.25 * 0.9 and min(gaps) >= 0.15


def test_per_host_concurrency_is_bounded(runner, site):
    for i in range(12):
        site.html(f"/p{i}", [], delay=0.1)
    site.html("/", [f"/p{i}" for i in range(12)])
    crawl(runner, options([site.url("/")], depth=1, fetch={"per_host": 3, "concurrency": 10}))
    assert 2 <= site.max_active <= 3


# -- resuming --------------------------------------------------------------------------
def test_resume_after_page_budget_fetches_nothing_twice(runner, site):
    graph = random_site(site, pages=80, links_per_page=3, seed=11)
    _, distance = oracle(graph, 10)
    first = crawl(runner, options([site.url("/")], depth=10, max_pages=25))
    assert (first.status, first.pages_fetched, first.resumed) == ("stopped", 25, False)
    assert first.queued_left > 0
    second = crawl(runner, options([site.url("/")], depth=10, max_pages=1000))
    assert second.resumed and second.previous_status == "stopped" and second.job == first.job
    assert second.status == "done"
    assert first.pages_fetched + second.pages_fetched == len(distance)
    assert site.max_fetches() == 1
    found = pages(runner)
    assert len(found) == len(set(found)) == database.stats(runner)["nodes"]["by_kind"]["WebPage"]
    assert {u: r["depth"] for u, r in found.items() if r["status"] == "fetched"} == \
        {site.url(p): d for p, d in distance.items()}
    assert set(links(runner)) == {(site.url(s), site.url(t)) for s in distance for t in graph[s]}
    # a third run finds the job done and fetches nothing
    third = crawl(runner, options([site.url("/")], depth=10, max_pages=1000))
    assert third.pages_fetched == 0 and third.status == "done" and site.max_fetches() == 1


def test_interrupted_crawl_resumes_without_refetching(runner, site):
    graph = random_site(site, pages=60, links_per_page=3, seed=5)
    for route in site.routes.values():
        route.delay = 0.01
    _, distance = oracle(graph, 10)
    from netnp.crawl import Crawler

    crawler: Crawler

    def stop_after(fetched: int, queued: int) -> None:
        if fetched >= 12:
            crawler.request_stop()

    crawler = Crawler(runner, options([site.url("/")], depth=10), on_progress=stop_after)
    first = crawler.run()
    assert first.status == "interrupted" and 12 <= first.pages_fetched < len(distance)
    # the state in the graph alone tells the next run where to go on
    second = crawl(runner, options([site.url("/")], depth=10))
    assert second.resumed and second.status == "done"
    assert first.pages_fetched + second.pages_fetched == len(distance)
    assert site.max_fetches() == 1
    assert {u for u, r in pages(runner).items() if r["status"] == "fetched"} == {site.url(p) for p in distance}


def test_a_second_crawl_does_not_refetch_pages_of_the_first(runner, site):
    graph = random_site(site, pages=40, links_per_page=3, seed=2)
    crawl(runner, options([site.url("/")], depth=1))
    crawl(runner, options([site.url("/")], depth=10))  # another job: deeper
    _, distance = oracle(graph, 10)
    assert site.max_fetches() == 1
    assert {u for u, r in pages(runner).items() if r["status"] == "fetched"} == {site.url(p) for p in distance}


# -- bad input -------------------------------------------------------------------------
def test_invalid_urls_and_unreachable_hosts_are_reported_and_the_crawl_goes_on(runner, site):
    random_site(site, pages=10, links_per_page=2, seed=4)
    warnings: list[str] = []
    report = crawl(runner, options(["not a url", "ftp://127.0.0.1/file", "http://127.0.0.1:1/", site.url("/")],
                                   depth=5), on_warning=warnings.append)
    assert any("'not a url'" in w and "not a valid URL" in w for w in warnings)
    assert any("ftp" in w and "only http and https" in w for w in warnings)
    assert any("http://127.0.0.1:1/" in w and "unreachable" in w for w in warnings)
    found = pages(runner)
    assert found["http://127.0.0.1:1/"]["status"] == "error"
    assert sum(1 for u, r in found.items() if u.startswith(site.origin) and r["status"] == "fetched") >= 1
    assert report.status == "done" and site.max_fetches() == 1


def test_no_valid_seed_is_an_error(runner):
    from netnp.errors import InputError

    with pytest.raises(InputError, match="no valid seed"):
        crawl(runner, options(["nope", "mailto:x@example.org"]))
    assert database.stats(runner)["nodes"]["total"] == 0


# -- scope, web entities, co-links, owners -------------------------------------------------
def test_follow_external_crawls_other_sites_within_depth(runner, site):
    with SiteServer() as other:
        site.html("/", [other.url("/")])
        other.html("/", ["/a"])
        other.html("/a", ["/b"])
        other.html("/b", [])
        crawl(runner, options([site.url("/")], depth=2, follow_external=True))
        assert other.counts["/"] == other.counts["/a"] == 1 and other.counts["/b"] == 0
        found = pages(runner)
        assert found[other.url("/a")]["depth"] == 2 and found[other.url("/b")]["status"] == "discovered"
        assert found[other.url("/a")]["entities"] == [f"web:127.0.0.1:{other.port}"]


def test_colink_finds_entities_linked_by_k_seeds(runner):
    from netnp.crawl import colink

    servers = [SiteServer().start() for _ in range(6)]
    try:
        a, b, c, x, y, z = servers
        outlinks = {a: [x, y, b], b: [x, y, z], c: [x]}
        for seed, targets in outlinks.items():
            seed.html("/", ["/inner"] + [t.url("/") for t in targets])
            seed.html("/inner", [targets[0].url("/deep")])
        crawl(runner, options([s.url("/") for s in outlinks], depth=2))
        entity = {s: f"web:127.0.0.1:{s.port}" for s in servers}
        linked_by: dict[str, set[str]] = {}
        for seed, targets in outlinks.items():
            for t in targets:
                linked_by.setdefault(entity[t], set()).add(entity[seed])
        for k in (1, 2, 3):
            result = colink(runner, min_seeds=k)
            got = {row["entity"]: set(row["linked_by"]) for row in result["entities"]}
            assert got == {e: s for e, s in linked_by.items() if len(s) >= k}
            assert all(row["is_seed"] == (row["entity"] == entity[b]) for row in result["entities"])
        rows = colink(runner, min_seeds=2)["entities"]
        assert [r["entity"] for r in rows][0] == entity[x]  # the most co-linked first
        home_links = sum(x in targets for targets in outlinks.values())
        inner_links = sum(targets[0] is x for targets in outlinks.values())
        assert rows[0]["links"] == home_links + inner_links
        web = {row["id"]: row for row in runner.read("crawl/web_entities")}
        assert {link["target"] for link in web[entity[a]]["links_to"]} == {entity[x], entity[y], entity[b]}
    finally:
        for s in servers:
            s.stop()


def test_seeds_file_declares_owning_organisations(runner, tmp_path):
    from netnp.crawl import read_seeds

    with SiteServer() as a, SiteServer() as b:
        a.html("/", ["/about"])
        a.html("/about", [b.url("/")])
        b.html("/", [a.url("/")])
        path = tmp_path / "seeds.csv"
        path.write_text(f"url,organization_id\n{a.url('/')},org:asso\n{b.url('/')},org:partner\n"
                        "# a comment\nnot-a-url,org:ghost\n\n", encoding="utf-8")
        seeds = read_seeds(path)
        opts = options([s.url for s in seeds], depth=1,
                       owners={s.url: s.organization_id for s in seeds if s.organization_id},
                       owners_source=str(path), seed_origins={s.url: f"{path}:{s.line}" for s in seeds})
        report = crawl(runner, opts)
        assert report.owners == 2
        assert any(w.startswith(f"{path}:5: seed 'not-a-url' skipped") for w in report.warnings)
        web = {row["id"]: row for row in runner.read("crawl/web_entities")}
        assert web[f"web:127.0.0.1:{a.port}"]["owners"] == ["org:asso"]
        assert web[f"web:127.0.0.1:{b.port}"]["owners"] == ["org:partner"]
        stats = database.stats(runner)
        assert stats["nodes"]["by_kind"]["Organization"] == 2  # org:ghost had no valid URL
        assert stats["ties"]["by_type"]["OWNS"] == 4  # each organisation owns its entity and its home page


def test_seeds_file_owner_must_be_an_organization(runner, tmp_path):
    from netnp.errors import InputError
    from netnp.graphwrite import Provenance, entity_row, write_graph

    write_graph(runner, [entity_row("p:ana", "Person", "Ana")], [], Provenance("test"))
    with SiteServer() as a:
        a.html("/", [])
        with pytest.raises(InputError, match="'p:ana' is a Person, not an Organization"):
            crawl(runner, options([a.url("/")], owners={a.url("/"): "p:ana"}, owners_source="seeds.csv"))
        assert a.counts == {}
    assert database.stats(runner)["nodes"]["by_kind"]["WebPage"] == 0


def test_crawled_network_feeds_the_analyses(runner, site):
    from netnp.analysis import Scope, results, run_analysis

    graph = random_site(site, pages=30, links_per_page=3, seed=3)
    crawl(runner, options([site.url("/")], depth=10))
    g = nx.DiGraph([(site.url(s), site.url(t)) for s, ts in graph.items() for t in ts])
    g = g.subgraph(nx.descendants(g, site.url("/")) | {site.url("/")})
    run_analysis(runner, "all", Scope(kinds=["WebPage"], types=["LINKS_TO"], directed=True))
    doc = results(runner)
    assert doc["summary"]["by_kind"]["WebPage"] == g.number_of_nodes()
    assert doc["summary"]["ties"] == g.number_of_edges()
    assert {n["id"]: n["in_degree"] for n in doc["nodes"]} == dict(g.in_degree())
    pagerank = nx.pagerank(g)
    assert doc["nodes"][0]["id"] == max(pagerank, key=pagerank.get)  # the top hub is networkx's


def test_colink_bad_requests_say_what_to_do(runner, site):
    from netnp.crawl import colink
    from netnp.errors import InputError, NetnpError

    with pytest.raises(NetnpError, match="no crawl is recorded"):
        colink(runner)
    site.html("/", [])
    report = crawl(runner, options([site.url("/")], depth=0))
    with pytest.raises(NetnpError, match="no crawl job 'crawl:nope'.*" + report.job):
        colink(runner, job="crawl:nope")
    with pytest.raises(InputError, match="more than the 1 seed web entities"):
        colink(runner, min_seeds=2)
    with pytest.raises(InputError, match="1 or more"):
        colink(runner, min_seeds=0)
    assert colink(runner, min_seeds=1, job=report.job.removeprefix("crawl:"))["entities"] == []
