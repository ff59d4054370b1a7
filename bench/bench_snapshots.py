"""Benchmark: `netnp snapshots --every month` over 12 months against one whole-graph run.

Target: 12 monthly snapshots of the 100k-tie sample take at most 12 times one
run of the whole graph.

The network is the sample association with its history (``--size`` ties,
each observed once a year from 2022 to 2025, on a random day), loaded with
``load_sample``. The baseline, in the same invocation and on the same server,
is ``run_analysis(runner, "all")`` on the whole graph, run ``--repeat`` times
after one warm-up run (the median is reported). Then the snapshots of the
twelve months of ``--year`` run as ``netnp snapshots`` runs them
(:func:`netnp.analysis.snapshots.take_snapshots`), ``--repeat`` times with
``replace``; the report gives their median total and its ratio to the
whole-graph run, and each month's size and time.

Usage::

    .venv/bin/python bench/bench_snapshots.py [--size 100000] [--year 2025] [--repeat 2] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

TARGET_RATIO = 12.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=100_000, help="ties of the sample association")
    parser.add_argument("--year", type=int, default=2025, help="the year whose months are analysed")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--engine", default="auto")
    parser.add_argument("--json", help="also write the figures to this JSON file")
    parser.add_argument("--yes", action="store_true", help="with NEO4J_URI: confirm that all data there is deleted")
    args = parser.parse_args()

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from servers import connection

    from netnp import database
    from netnp.analysis import run_analysis
    from netnp.analysis.snapshots import take_snapshots
    from netnp.runner import Runner
    from netnp.samples import load_sample

    with tempfile.TemporaryDirectory(prefix="netnp-bench-snapshots-") as home:
        settings, server = connection(args, Path(home))
        try:
            with Runner(settings) as runner:
                database.reset(runner)
                began = time.perf_counter()
                loaded = load_sample(runner, "association", size=args.size)
                print(f"loaded {loaded['nodes']:,} nodes and {loaded['rows']:,} dated observations of {args.size:,} "
                      f"ties in {time.perf_counter() - began:.1f} s", flush=True)
                run_analysis(runner, "all", engine=args.engine)  # warm-up: plans and JIT
                whole = [run_analysis(runner, "all", engine=args.engine) for _ in range(args.repeat)]
                whole_seconds = statistics.median(r.seconds for r in whole)
                print(f"whole graph: {whole[0].nodes:,} nodes, {whole[0].pairs:,} pairs, "
                      f"median {whole_seconds:.1f} s of {[round(r.seconds, 1) for r in whole]}", flush=True)
                totals, months = [], []
                for _ in range(args.repeat):
                    began = time.perf_counter()
                    taken = take_snapshots(runner, "month", f"{args.year}-01-01", f"{args.year}-12-31", replace=True,
                                           label_prefix="bench-", engine=args.engine)
                    totals.append(time.perf_counter() - began)
                    months = [{"label": label, "nodes": ran.nodes, "pairs": ran.pairs, "seconds": round(ran.seconds, 2)}
                              for label, _, ran in taken]
                total = statistics.median(totals)
                ratio = total / whole_seconds
                figures = {"size": args.size, "whole_seconds": whole_seconds, "snapshots_seconds": total,
                           "snapshots_runs": totals, "ratio": ratio, "target_ratio": TARGET_RATIO,
                           "whole_nodes": whole[0].nodes, "whole_pairs": whole[0].pairs, "months": months}
                for month in months:
                    print(f"  {month['label']}: {month['nodes']:,} nodes, {month['pairs']:,} pairs, "
                          f"{month['seconds']:.1f} s", flush=True)
                print(f"12 monthly snapshots: median {total:.1f} s of {[round(t, 1) for t in totals]}; "
                      f"{ratio:.2f}x one whole-graph run; target {TARGET_RATIO:.0f}x: "
                      f"{'met' if ratio <= TARGET_RATIO else 'missed'}", flush=True)
                if args.json:
                    Path(args.json).write_text(json.dumps(figures, indent=2), encoding="utf-8")
                database.reset(runner)
        finally:
            if server is not None:
                server.stop()


if __name__ == "__main__":
    main()
