"""Benchmark: time and size of the HTML report of a 100 000-node graph.

Targets (issue 5): under 20 s and under 10 MB. The report must not embed
every node: the network view draws a backbone (the top nodes by PageRank and
the ties between them) and the tables show the top rows.

The results document is computed with networkx (tests/report_documents.py)
on a generated graph with known clusters (Barabási-Albert groups of 500
nodes, 10 % of ties across groups), so that only the report is timed.
Baselines measured in the same run, to report ratios:

* the same report on a 1 000-node graph of the same kind;
* ``json.dumps`` of the 100 000-node document (what ``--format json`` costs).

With ``--neo4j``, the 100 000-node graph is also written into the Neo4j that
NEO4J_URI names (or netnp's local server), analysed by ``netnp.analysis``, and
the report is timed from the graph (reading the stored results included).
That graph replaces the database's content.

Usage::

    python bench/bench_report.py [--nodes 100000] [--neo4j]
"""

from __future__ import annotations

import argparse
import functools
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from report_documents import clustered_graph, document_from_graph  # noqa: E402

from netnp.report import render_report  # noqa: E402

TARGET_SECONDS = 20.0
print = functools.partial(print, flush=True)  # noqa: A001 - progress shows as it comes
TARGET_BYTES = 10 * 1024 * 1024


def _document(nodes: int) -> dict:
    g, groups = clustered_graph(nodes, group_size=500)
    return document_from_graph(g, communities=groups, exact=False, focus=nodes - 1)


def _time_report(source, folder: Path, name: str, **options) -> tuple[float, int]:
    began = time.perf_counter()
    path = render_report(source, folder / name, **options)
    return time.perf_counter() - began, path.stat().st_size


def _neo4j(nodes: int, folder: Path) -> None:
    import os

    from netnp import analysis, database, schema
    from netnp.config import ConnectionSettings
    from netnp.graphwrite import Provenance, entity_row, tie_row, write_graph
    from netnp.localserver.server import LocalServer, free_port
    from netnp.runner import Runner

    g, _ = clustered_graph(nodes, group_size=500)
    server = None
    if os.environ.get("NEO4J_URI"):
        settings = ConnectionSettings(os.environ["NEO4J_URI"], os.environ.get("NEO4J_USERNAME", "neo4j"),
                                      os.environ["NEO4J_PASSWORD"], os.environ.get("NEO4J_DATABASE") or None)
    else:  # a throw-away local server, on free ports, in the temporary folder
        server = LocalServer(folder / "neo4j-home")
        server.configure(bolt_port=free_port(), http_port=free_port(), heap="3g", pagecache="1g")
        server.start()
        settings = server.connection()
    try:
        with Runner(settings) as runner:
            database.reset(runner)
            schema.apply_schema(runner)
            began = time.perf_counter()
            write_graph(runner, (entity_row(f"n:{v}", "Person", f"Person {v}") for v in g),
                        (tie_row(f"n:{a}", f"n:{b}", "KNOWS") for a, b in g.edges()), Provenance("bench"))
            print(f"neo4j: wrote {nodes:,} nodes in {time.perf_counter() - began:.1f} s")
            began = time.perf_counter()
            analysis.run_analysis(runner, "all", focus=f"n:{nodes - 1}")
            print(f"neo4j: analysed in {time.perf_counter() - began:.1f} s")
            seconds, size = _time_report(runner, folder, "neo4j.html")
            # Where the time goes: reading the stored results, the backbone's ties, the provenance; rendering.
            from netnp.report.render import _stored_results, fetch, render

            began = time.perf_counter()
            _stored_results(runner, None)
            read_results = time.perf_counter() - began
            began = time.perf_counter()
            document, ties, provenance = fetch(runner)
            fetched = time.perf_counter() - began
            began = time.perf_counter()
            render(document, "en", ties=ties, provenance=provenance)
            rendered = time.perf_counter() - began
            print(f"neo4j: of which reading the results document {read_results:.2f} s, backbone ties and "
                  f"provenance {max(0.0, fetched - read_results):.2f} s, rendering {rendered:.2f} s")
            print(f"neo4j: report from the graph {seconds:.2f} s, {size / 1e6:.2f} MB "
                  f"({seconds / TARGET_SECONDS:.0%} of the 20 s target, {size / TARGET_BYTES:.0%} of the 10 MB target)")
    finally:
        if server is not None:
            server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=100_000)
    parser.add_argument("--neo4j", action="store_true", help="also time the report from an analysed Neo4j graph")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        began = time.perf_counter()
        small, large = _document(1_000), _document(args.nodes)
        print(f"documents computed with networkx in {time.perf_counter() - began:.1f} s "
              f"({len(large['nodes']):,} nodes, {len(large['ties']):,} ties)")
        began = time.perf_counter()
        json_text = json.dumps(large)
        json_seconds = time.perf_counter() - began
        small_seconds, small_size = _time_report(small, folder, "small.html")
        rows = []
        for lang in ("en", "fr"):
            seconds, size = _time_report(large, folder, f"large-{lang}.html", lang=lang)
            rows.append((lang, seconds, size))
        md_seconds, md_size = _time_report(large, folder, "large.md", fmt="md")
        print(f"baseline: 1,000-node report {small_seconds:.2f} s, {small_size / 1e6:.2f} MB; "
              f"json.dumps of the {args.nodes:,}-node document {json_seconds:.2f} s, {len(json_text) / 1e6:.1f} MB")
        for lang, seconds, size in rows:
            verdict = "OK" if seconds < TARGET_SECONDS and size < TARGET_BYTES else "OVER TARGET"
            print(f"{args.nodes:,}-node HTML report ({lang}): {seconds:.2f} s, {size / 1e6:.2f} MB [{verdict}]; "
                  f"ratios: {seconds / small_seconds:.1f}x the 1,000-node time, {size / small_size:.1f}x its size, "
                  f"{seconds / json_seconds:.1f}x json.dumps; {seconds / TARGET_SECONDS:.0%} of the 20 s target, "
                  f"{size / TARGET_BYTES:.0%} of the 10 MB target")
        print(f"{args.nodes:,}-node Markdown report: {md_seconds:.2f} s, {md_size / 1e6:.2f} MB")
        if args.neo4j:
            _neo4j(args.nodes, folder)


if __name__ == "__main__":
    main()
