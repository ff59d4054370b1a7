"""Benchmark: time and size of the HTML report of a 100 000-node graph.

Targets: under 20 s and under 10 MB. The report must not embed
every node: the network view draws a backbone (the top nodes by PageRank and
the ties between them) and the tables show the top rows.

The results document is computed with networkx (tests/report_documents.py)
on a generated graph with known clusters (Barabási-Albert groups of 500
nodes, 10 % of ties across groups), so that only the report is timed.
Baselines measured in the same run, to report ratios:

* the same report on a 1 000-node graph of the same kind;
* ``json.dumps`` of the 100 000-node document (what ``--format json`` costs).

With ``--neo4j``, the 100 000-node graph is also written into the Neo4j that
NEO4J_URI names (or a throw-away local server with a 3 GB heap and 1 GB page
cache), analysed by ``netnp.analysis``, and the report is timed from the graph:
the whole ``render_report`` path, then, in a second run, reading from the graph
(the bounded results document, the backbone's ties, the provenance) against
rendering, with the time of each Cypher module read. That graph replaces the
database's content; ``--analysed`` skips writing and analysing, and times the
report of the graph already analysed at NEO4J_URI.

Usage::

    python bench/bench_report.py [--nodes 100000] [--neo4j [--analysed]]
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from report_documents import clustered_graph, document_from_graph  # noqa: E402

from netnp.report import render_report, report_document  # noqa: E402

TARGET_SECONDS = 20.0
print = functools.partial(print, flush=True)  # noqa: A001 - progress shows as it comes
TARGET_BYTES = 10 * 1024 * 1024


def _document(nodes: int) -> dict:
    g, groups = clustered_graph(nodes, group_size=500)
    return document_from_graph(g, communities=groups, exact=False, focus=nodes - 1)


def _time_report(source, folder: Path, name: str, **options) -> tuple[float, int]:
    """Time the report of a results document, or of the graph a runner reads it from."""
    began = time.perf_counter()
    document = source if isinstance(source, dict) else report_document(source)
    path = render_report(document, folder / name, **options)
    return time.perf_counter() - began, path.stat().st_size


class _TimedReads:
    """Wraps a Runner so that the time of each read (each Cypher module) is recorded."""

    def __init__(self, runner):
        self._runner = runner
        self.times: list[tuple[str, float, int]] = []

    def __getattr__(self, name):
        return getattr(self._runner, name)

    def read(self, name, /, **params):  # called from several threads: list.append is atomic
        began = time.perf_counter()
        rows = self._runner.read(name, **params)
        self.times.append((str(name), time.perf_counter() - began, len(rows)))
        return rows


def _time_from_graph(runner, folder: Path, baselines: dict[str, float]) -> None:
    """Time the report from the analysed graph: the whole path, then reading vs rendering, per query.

    ``baselines`` are times measured in the same run (name -> seconds), reported as ratios."""
    from netnp.report.render import render

    load = os.getloadavg()[0]
    seconds, size = _time_report(runner, folder, "neo4j.html")
    timed = _TimedReads(runner)
    began = time.perf_counter()
    document = report_document(timed)
    read_seconds = time.perf_counter() - began
    began = time.perf_counter()
    text = render(document, "en")
    render_seconds = time.perf_counter() - began
    print(f"neo4j: report from the graph {seconds:.2f} s, {size / 1e6:.2f} MB "
          f"({seconds / TARGET_SECONDS:.0%} of the 20 s target, {size / TARGET_BYTES:.0%} of the 10 MB target) "
          f"[{'OK' if seconds < TARGET_SECONDS and size < TARGET_BYTES else 'OVER TARGET'}]")
    print(f"neo4j: split (second run): reading from the graph {read_seconds:.2f} s "
          f"({len(document['nodes']):,} nodes, {len(document['ties']):,} backbone ties read), "
          f"rendering {render_seconds:.2f} s, {len(text.encode('utf-8')) / 1e6:.2f} MB")
    print("neo4j: ratios: " + ", ".join(f"{seconds / base:.1f}x {name}" for name, base in baselines.items()))
    print("neo4j: each module read (up to three run at once, so their times overlap):")
    for name, took, rows in sorted(timed.times, key=lambda t: -t[1]):
        print(f"neo4j:   {took:6.2f} s  {rows:7,} rows  {name}")
    print(f"neo4j: load average {load:.1f} before, {os.getloadavg()[0]:.1f} after, on {os.cpu_count()} cores")


def _neo4j(nodes: int, folder: Path, analysed: bool, baselines: dict[str, float]) -> None:
    from netnp import analysis, database, schema
    from netnp.config import ConnectionSettings
    from netnp.graphwrite import Provenance, entity_row, tie_row, write_graph
    from netnp.localserver.server import LocalServer, free_port
    from netnp.runner import Runner

    server = None
    if os.environ.get("NEO4J_URI"):
        settings = ConnectionSettings(os.environ["NEO4J_URI"], os.environ.get("NEO4J_USERNAME", "neo4j"),
                                      os.environ["NEO4J_PASSWORD"], os.environ.get("NEO4J_DATABASE") or None)
    elif analysed:
        raise SystemExit("--analysed needs NEO4J_URI (and NEO4J_PASSWORD) naming a server with an analysed graph")
    else:  # a throw-away local server, on free ports, in the temporary folder
        server = LocalServer(folder / "neo4j-home")
        server.configure(bolt_port=free_port(), http_port=free_port(), heap="3g", pagecache="1g")
        server.start()
        settings = server.connection()
    try:
        with Runner(settings) as runner:
            if not analysed:
                g, _ = clustered_graph(nodes, group_size=500)
                database.reset(runner)
                schema.apply_schema(runner)
                began = time.perf_counter()
                write_graph(runner, (entity_row(f"n:{v}", "Person", f"Person {v}") for v in g),
                            (tie_row(f"n:{a}", f"n:{b}", "KNOWS") for a, b in g.edges()), Provenance("bench"))
                print(f"neo4j: wrote {nodes:,} nodes in {time.perf_counter() - began:.1f} s")
                began = time.perf_counter()
                analysis.run_analysis(runner, "all", focus=f"n:{nodes - 1}")
                print(f"neo4j: analysed in {time.perf_counter() - began:.1f} s")
            _time_from_graph(runner, folder, baselines)
    finally:
        if server is not None:
            server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=100_000)
    parser.add_argument("--neo4j", action="store_true", help="also time the report from an analysed Neo4j graph")
    parser.add_argument("--analysed", action="store_true",
                        help="with --neo4j: the graph NEO4J_URI names is already analysed; only time the report")
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
            _neo4j(args.nodes, folder, args.analysed, {
                "the 1,000-node report": small_seconds,
                f"the {args.nodes:,}-node report from its document (en)": rows[0][1],
            })


if __name__ == "__main__":
    main()
