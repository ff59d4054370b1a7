"""Benchmark: crawl speed in pages per second against local generated sites.

Serves generated sites on 127.0.0.1 (nothing else is contacted), then, in
the same run:

1. baseline: a naive sequential crawler (one ``urllib`` request at a time,
   links extracted with the same parser, nothing stored), over the same pages;
2. netnp's crawler, end to end: robots.txt, politeness (delay 0 for the
   benchmark), concurrency, and every page, link and crawl state written to
   Neo4j in batches.

The sites run in a child process, as real web servers are not in the
crawler's process (they would compete with it for Python's GIL). It reports
both rates and their ratio. The target is at least 100 pages/s on a 2-core
machine. Each generated page carries about 5 KB of
HTML and 10 links; the sites answer after ``--latency`` seconds, as real
servers do (the default, 20 ms, is a fast web server).

Neo4j: the one NEO4J_URI names, or netnp's local server (started if needed).

Usage::

    python bench/bench_crawl.py [--pages 2000] [--sites 4] [--latency 0.02] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
import urllib.request
from collections import deque
from pathlib import Path

from netnp import connection, database, schema
from netnp.crawl import CrawlOptions, FetchSettings, crawl
from netnp.crawl.parse import parse_html
from netnp.runner import Runner

# The generated sites are the tests' own (tests/testsite.py).
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from testsite import Route, SiteServer, page  # noqa: E402


def build_sites(total_pages: int, sites: int, links: int, latency: float, seed: int = 1) -> list[SiteServer]:
    """``sites`` servers sharing ``total_pages`` pages; each page links to
    ``links`` pages of its own site and one page of another site."""
    import random

    rng = random.Random(seed)
    servers = [SiteServer().start() for _ in range(sites)]
    per_site = total_pages // sites
    filler = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 60  # about 3.5 KB of text
    for s, server in enumerate(servers):
        paths = ["/"] + [f"/section/{i // 50}/page-{i}.html" for i in range(1, per_site)]
        for i, path in enumerate(paths):
            # a chain keeps every page reachable; random links make the web
            targets = {paths[(i + 1) % per_site]} | set(rng.sample(paths, links - 1))
            other = servers[(s + 1) % sites]
            hrefs = [server.url(t) if rng.random() < 0.5 else t for t in sorted(targets)]
            hrefs.append(other.url("/"))
            server.add(path, Route(body=page(f"Site {s} page {i}", hrefs, filler), delay=latency))
    return servers


def _serve(conn, total_pages: int, sites: int, links: int, latency: float) -> None:
    """Child process: serve the sites, report their origins, then answer
    'counts' with the request counts, until 'stop'."""
    servers = build_sites(total_pages, sites, links, latency)
    conn.send([s.url("/") for s in servers])
    while True:
        command = conn.recv()
        if command == "counts":
            conn.send([dict(s.counts) for s in servers])
        elif command == "clear":
            for s in servers:
                s.counts.clear()
            conn.send(True)
        else:
            for s in servers:
                s.stop()
            conn.send(True)
            return


def naive_sequential(seeds: list[str], limit: int) -> tuple[int, float]:
    """The baseline: breadth-first, one request at a time, nothing stored."""
    began = time.perf_counter()
    seen, queue, fetched = set(seeds), deque(seeds), 0
    while queue and fetched < limit:
        url = queue.popleft()
        with urllib.request.urlopen(url, timeout=10) as response:
            text = response.read().decode("utf-8", "replace")
        fetched += 1
        for target in parse_html(text, url).links:
            if target not in seen:
                seen.add(target)
                queue.append(target)
    return fetched, time.perf_counter() - began


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=2000)
    ap.add_argument("--sites", type=int, default=4)
    ap.add_argument("--links", type=int, default=10)
    ap.add_argument("--latency", type=float, default=0.02, help="seconds each answer takes")
    ap.add_argument("--per-host", type=int, default=8)
    ap.add_argument("--concurrency", type=int, default=32)
    ap.add_argument("--baseline-pages", type=int, default=300, help="pages the slow baseline fetches")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    import multiprocessing

    parent, child = multiprocessing.Pipe()
    process = multiprocessing.Process(target=_serve, args=(child, args.pages, args.sites, args.links, args.latency),
                                      daemon=True)
    process.start()
    seeds = parent.recv()
    try:
        base_pages, base_seconds = naive_sequential(seeds, args.baseline_pages)
        parent.send("clear")
        parent.recv()

        settings = connection.resolve(os.environ.get("NEO4J_URI"), os.environ.get("NEO4J_USERNAME"),
                                      os.environ.get("NEO4J_PASSWORD"), os.environ.get("NEO4J_DATABASE")).settings
        with Runner(settings) as runner:
            schema.apply_schema(runner)
            database.reset(runner)
            fetch = FetchSettings(delay=0.0, per_host=args.per_host, concurrency=args.concurrency,
                                  timeout=10.0, user_agent="netnp-bench")
            options = CrawlOptions(seeds=seeds, depth=1000, follow_external=False, fetch=fetch)
            cpu_before = resource.getrusage(resource.RUSAGE_SELF)
            report = crawl(runner, options)
            cpu_after = resource.getrusage(resource.RUSAGE_SELF)
            cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
            stats = database.stats(runner)
            database.reset(runner)
        parent.send("counts")
        counts = parent.recv()
        refetched = max(n for c in counts for p, n in c.items() if p != "/robots.txt")
    finally:
        parent.send("stop")
        parent.recv()
        process.join(timeout=10)

    base_rate = base_pages / base_seconds
    rate = report.pages_per_second
    result = {
        "pages": report.pages_fetched, "sites": args.sites, "links_per_page": args.links + 1,
        "latency_s": args.latency, "per_host": args.per_host, "concurrency": args.concurrency,
        "cores": os.cpu_count(),
        "netnp_seconds": round(report.seconds, 2), "netnp_pages_per_s": round(rate, 1),
        "crawler_cpu_ms_per_page": round(1000 * cpu / max(report.pages_fetched, 1), 2),
        "load_average_1min": round(os.getloadavg()[0], 2),
        "baseline_pages": base_pages, "baseline_seconds": round(base_seconds, 2),
        "baseline_pages_per_s": round(base_rate, 1), "ratio": round(rate / base_rate, 2),
        "target_pages_per_s": 100, "meets_target": rate >= 100,
        "stored_pages": stats["nodes"]["by_kind"].get("WebPage"), "stored_links": stats["ties"]["by_type"].get("LINKS_TO"),
        "max_fetches_of_one_url": refetched, "status": report.status,
    }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"netnp crawler : {result['pages']} pages in {result['netnp_seconds']} s = {result['netnp_pages_per_s']} pages/s "
              f"(stored {result['stored_pages']} pages, {result['stored_links']} links; each URL fetched at most {refetched}x)")
        print(f"crawler CPU   : {result['crawler_cpu_ms_per_page']} ms per page in the crawler's process "
              f"(load average {result['load_average_1min']} on {result['cores']} cores during the run)")
        print(f"naive baseline: {base_pages} pages in {result['baseline_seconds']} s = {result['baseline_pages_per_s']} pages/s "
              "(sequential urllib, nothing stored)")
        print(f"ratio         : {result['ratio']}x; target >= 100 pages/s on {result['cores']} cores: "
              f"{'met' if result['meets_target'] else 'NOT met'}")
    if not result["meets_target"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
