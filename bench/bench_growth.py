"""Benchmark: `netnp growth` between two runs of a 100 000-node network.

Target: growth between two 100k-node runs takes at most 10 s.

The network: ``--nodes`` people (100 000) in planted clusters of 50, with
``--degree`` / 2 ties per node on average (80 % inside a cluster), loaded with
plain CREATE (``bench/cypher/bench/``). Run A is ``run_analysis(runner, "all")``
on it; then 2 % of the people leave (with their ties), 5 % more join, and 10 %
more ties appear (a third of them reaching the newcomers), and run B analyses
that. netnp's time is ``growth(runner, A, B)``, the whole document, taken
``--repeat`` times (the median is reported), split into reading the two runs'
chunks and computing the figures. The baseline, in the same invocation, is run
B's own analysis: the report gives growth's time as a share of it.

Usage::

    .venv/bin/python bench/bench_growth.py [--nodes 100000] [--degree 6] [--repeat 3] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

TARGET_SECONDS = 10.0
CLUSTER = 50
BATCH = 10_000
BENCH_MODULES = Path(__file__).resolve().parent / "cypher"


def edges_among(nodes: list[int], ties: int, rng: random.Random, seen: set[tuple[int, int]]) -> list[tuple[int, int]]:
    """``ties`` new ties among ``nodes`` (in clusters of 50 consecutive ids, 80 % inside one), none in ``seen``."""
    edges: list[tuple[int, int]] = []
    lowest, highest = min(nodes), max(nodes)
    while len(edges) < ties:
        u = rng.randint(lowest, highest)
        if rng.random() < 0.8:
            base = (u // CLUSTER) * CLUSTER
            v = rng.randint(max(base, lowest), min(base + CLUSTER - 1, highest))
        else:
            v = rng.randint(lowest, highest)
        key = (u, v) if u < v else (v, u)
        if u == v or key in seen:
            continue
        seen.add(key)
        edges.append(key)
    return edges


def load(runner, people: list[int], edges: list[tuple[int, int]]) -> None:
    for start in range(0, len(people), BATCH):
        runner.write("bench/create_people", rows=[{"id": f"n:{v}", "name": str(v)} for v in people[start:start + BATCH]])
    for start in range(0, len(edges), BATCH):
        runner.write("bench/create_ties", rows=[{"source": f"n:{u}", "target": f"n:{v}"}
                                                for u, v in edges[start:start + BATCH]])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=100_000)
    parser.add_argument("--degree", type=float, default=6.0, help="average number of ties per node")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", help="also write the figures to this JSON file")
    parser.add_argument("--yes", action="store_true", help="with NEO4J_URI: confirm that all data there is deleted")
    args = parser.parse_args()

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from servers import connection

    from netnp import database, schema
    from netnp.analysis import run_analysis
    from netnp.analysis.runs import list_runs
    from netnp.growth import compare, read_run
    from netnp.growth import growth as growth_between
    from netnp.modules import library
    from netnp.runner import Runner

    rng = random.Random(args.seed)
    people = list(range(args.nodes))
    seen: set[tuple[int, int]] = set()
    edges = edges_among(people, int(args.nodes * args.degree / 2), rng, seen)
    with tempfile.TemporaryDirectory(prefix="netnp-bench-growth-") as home:
        settings, server = connection(args, Path(home))
        try:
            with Runner(settings, library(BENCH_MODULES)) as runner:
                database.reset(runner)
                schema.apply_schema(runner)
                began = time.perf_counter()
                load(runner, people, edges)
                print(f"loaded {len(people):,} people and {len(edges):,} ties in {time.perf_counter() - began:.1f} s",
                      flush=True)
                first = run_analysis(runner, "all")
                print(f"run A: {first.nodes:,} nodes, {first.pairs:,} pairs, {first.seconds:.1f} s", flush=True)

                left = rng.sample(people, args.nodes // 50)
                newcomers = list(range(args.nodes, args.nodes + args.nodes // 20))
                runner.write("bench/delete_people", ids=[f"n:{v}" for v in left])
                more = len(edges) // 10
                reaching = [(rng.choice(newcomers), rng.choice(people)) for _ in range(more // 3)]
                reaching = [e for e in {(min(e), max(e)) for e in reaching} if e not in seen]
                seen.update(reaching)
                added = reaching + edges_among(people, more - len(reaching), rng, seen)
                gone = set(left)
                load(runner, newcomers, [(u, v) for u, v in added if u not in gone and v not in gone])
                second = run_analysis(runner, "all")
                print(f"run B: {second.nodes:,} nodes, {second.pairs:,} pairs, {second.seconds:.1f} s", flush=True)

                records = {r["id"]: r for r in list_runs(runner)}
                totals, reads, computes = [], [], []
                for _ in range(args.repeat):
                    began = time.perf_counter()
                    document = growth_between(runner, first.run_id, second.run_id)
                    totals.append(time.perf_counter() - began)
                    began = time.perf_counter()
                    a, b = read_run(runner, records[first.run_id]), read_run(runner, records[second.run_id])
                    reads.append(time.perf_counter() - began)
                    began = time.perf_counter()
                    compare(runner, a, b)
                    computes.append(time.perf_counter() - began)
                seconds = statistics.median(totals)
                figures = {
                    "nodes": [first.nodes, second.nodes], "pairs": [first.pairs, second.pairs],
                    "growth_seconds": seconds, "runs": totals, "read_seconds": statistics.median(reads),
                    "compare_seconds": statistics.median(computes), "analysis_b_seconds": second.seconds,
                    "share_of_analysis": seconds / second.seconds, "target_seconds": TARGET_SECONDS,
                    "joined": len(document["nodes"]["joined"]), "left": len(document["nodes"]["left"]),
                    "ties_added": document["ties"]["added"], "ties_dropped": document["ties"]["dropped"],
                    "movers": len(document["movers"]),
                }
                print(f"growth A -> B: {seconds:.2f} s (median of {args.repeat}: reading the chunks "
                      f"{figures['read_seconds']:.2f} s, the figures {figures['compare_seconds']:.2f} s); "
                      f"{figures['share_of_analysis']:.2f}x the analysis of B; target {TARGET_SECONDS:.0f} s: "
                      f"{'met' if seconds <= TARGET_SECONDS else 'missed'}", flush=True)
                print(f"   joined {figures['joined']:,}, left {figures['left']:,}, ties added {figures['ties_added']:,}, "
                      f"dropped {figures['ties_dropped']:,}, movers {figures['movers']:,}", flush=True)
                if args.json:
                    Path(args.json).write_text(json.dumps(figures, indent=2), encoding="utf-8")
                database.reset(runner)
        finally:
            if server is not None:
                server.stop()


if __name__ == "__main__":
    main()
