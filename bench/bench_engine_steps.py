"""Benchmark: where an analysis spends its time, step by step and GDS algorithm by algorithm, on both engines.

For each graph (bench_analysis's generated graphs: planted clusters, and the
same with a hub), in one invocation on one server:

* ``run_analysis(runner, "all")`` on both engines, interleaved (gds, cypher,
  gds, cypher, …; ``--repeat`` runs of each, the first after loading), with the
  seconds of each phase and of each module call (round trips);
* each GDS algorithm of ``analysis/gds/compute`` on its own (``bench/gds_*``
  modules: the same projection and configuration, one query per algorithm),
  interleaved with the same algorithm in python-igraph, as the client engine
  calls it, on the same pairs, ``--algorithm-repeat`` times.

Prints one JSON object per line (``--json`` also writes them to a file) and a
summary of medians. Usage::

    .venv/bin/python bench/bench_engine_steps.py --graphs 2000 10000 10000h 100000 100000h --repeat 5
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_analysis import BENCH_MODULES, _peak_rss_mb, generate  # noqa: E402

ALGORITHMS = ("wcc", "pagerank", "kcore", "leiden", "betweenness", "articulation", "bridges")


def load(runner, ties: int, hub: bool) -> tuple[int, int]:
    from netnp import database, schema
    from netnp.graphwrite import batched

    n, edges = generate(ties, hub=hub)
    database.reset(runner)
    schema.apply_schema(runner)
    runner.write_batches("bench/create_people", batched(({"id": f"n:{v}", "name": str(v)} for v in range(n)), 20_000))
    runner.write_batches("bench/create_ties", batched(({"source": f"n:{a}", "target": f"n:{b}"} for a, b in edges), 20_000))
    return n, len(edges)


class CallTimer:
    """Wraps a runner's ``run`` and ``stream`` so that each module call's seconds are recorded."""

    def __init__(self, runner) -> None:
        self.calls: list[tuple[str, float]] = []
        run, stream = runner.run, runner.stream

        def timed_run(name, params, *, write):
            began = time.perf_counter()
            try:
                return run(name, params, write=write)
            finally:
                self.calls.append((getattr(name, "name", name), time.perf_counter() - began))

        def timed_stream(name, /, **params):
            began = time.perf_counter()
            try:
                yield from stream(name, **params)
            finally:
                self.calls.append((getattr(name, "name", name), time.perf_counter() - began))

        runner.run, runner.stream = timed_run, timed_stream


def one_run(runner, timer: CallTimer, engine: str) -> dict:
    from netnp.analysis import run_analysis

    phases: dict[str, float] = {}
    last: list = [time.perf_counter(), None]

    def on_step(step: str, done: int, total: int) -> None:
        now = time.perf_counter()
        if last[1] is not None:
            phases[last[1]] = phases.get(last[1], 0.0) + now - last[0]
        last[0], last[1] = now, step

    timer.calls.clear()
    began = time.perf_counter()
    report = run_analysis(runner, "all", engine=engine, on_step=on_step)
    seconds = time.perf_counter() - began
    calls: dict[str, float] = defaultdict(float)
    for name, spent in timer.calls:
        calls[name] += spent
    return {"engine": report.engine, "seconds": seconds, "phases": phases, "round_trips": len(timer.calls),
            "calls": dict(calls)}


def igraph_algorithm(name: str, g, n: int):
    """The client engine's call for the GDS algorithm ``name`` (as :func:`netnp.analysis.measures.igraph_measures`)."""
    import igraph as ig

    from netnp.analysis import measures, steps

    sources = steps.betweenness_sources(n)
    if name == "wcc":
        return lambda: g.connected_components()
    if name == "pagerank":
        return lambda: g.pagerank(directed=False, damping=steps.PAGERANK_DAMPING, weights="weight")
    if name == "kcore":
        return lambda: g.coreness()
    if name == "leiden":
        def leiden():
            ig.set_random_number_generator(random.Random(steps.COMMUNITY_SEED))
            try:
                return g.community_leiden(objective_function="modularity", weights="weight", n_iterations=-1)
            finally:
                ig.set_random_number_generator(random)
        return leiden
    if name == "betweenness":
        return (lambda: g.betweenness(directed=False)) if sources is None else (
            lambda: g.betweenness(directed=False, sources=sources))
    if name == "articulation":
        return lambda: g.articulation_points()
    if name == "bridges":
        return lambda: g.bridges()
    if name == "eigenvector":
        return lambda: g.eigenvector_centrality(weights=None)
    if name == "harmonic":
        return lambda: measures.harmonic_sum(g, sources)
    raise ValueError(name)


def algorithms(runner, repeat: int) -> list[dict]:
    """Each GDS algorithm alone, and the same in igraph, interleaved, on the scope's pairs."""
    from netnp.analysis import measures, steps
    from netnp.analysis.scope import Scope, read_scope

    graph = read_scope(runner, Scope(), tie_results=True)
    n = graph.n
    began = time.perf_counter()
    g = measures.undirected(graph)
    rows = [{"algorithm": "build", "igraph": time.perf_counter() - began}]
    concurrency = steps.gds_concurrency(runner, graph.pairs)
    sources = steps.betweenness_sources(n)
    for attempt in range(repeat):
        name = f"netnp-bench-{attempt}"
        began = time.perf_counter()
        runner.write("bench/gds_project", graph=name, nodes=n, source=graph.source.tolist(),
                     target=graph.target.tolist(), weight=graph.weight.tolist())
        rows.append({"algorithm": "project", "attempt": attempt, "gds": time.perf_counter() - began})
        try:
            for algorithm in ALGORITHMS + ("eigenvector", "harmonic"):
                row = {"algorithm": algorithm, "attempt": attempt}
                if algorithm in ALGORITHMS:
                    extra = {"sampling_size": n if sources is None else len(sources)} if algorithm == "betweenness" else {}
                    began = time.perf_counter()
                    runner.write(f"bench/gds_{algorithm}", graph=name, concurrency=concurrency, **extra)
                    row["gds"] = time.perf_counter() - began
                call = igraph_algorithm(algorithm, g, n)
                began = time.perf_counter()
                call()
                row["igraph"] = time.perf_counter() - began
                rows.append(row)
        finally:
            runner.write("gds/drop_graph", name=name)
    return rows


def loadavg() -> float:
    return os.getloadavg()[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--graphs", nargs="+", default=["2000", "10000", "10000h", "100000", "100000h"],
                        help="ties of each graph; a trailing h adds the hub")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each engine per graph (the first after loading)")
    parser.add_argument("--algorithm-repeat", type=int, default=2)
    parser.add_argument("--heap", default="2g")
    parser.add_argument("--json", help="also write every row to this JSON-lines file")
    parser.add_argument("--engines", nargs="+", default=["gds", "cypher"])
    args = parser.parse_args()

    from netnp.localserver.server import LocalServer, free_port
    from netnp.modules import library
    from netnp.runner import Runner

    out = open(args.json, "a") if args.json else None

    def emit(row: dict) -> None:
        row["load"] = round(loadavg(), 1)
        line = json.dumps(row)
        print(line, flush=True)
        if out:
            out.write(line + "\n")
            out.flush()

    with tempfile.TemporaryDirectory(prefix="netnp-bench-") as home:
        server = LocalServer(Path(home))
        server.configure(bolt_port=free_port(), http_port=free_port(), heap=args.heap, pagecache="1g")
        server.start()
        try:
            with Runner(server.connection(), library(BENCH_MODULES)) as runner:
                timer = CallTimer(runner)
                for spec in args.graphs:
                    hub = spec.endswith("h")
                    ties = int(spec.rstrip("h"))
                    began = time.perf_counter()
                    n, m = load(runner, ties, hub)
                    emit({"graph": spec, "nodes": n, "ties": m, "load_seconds": time.perf_counter() - began})
                    runs: dict[str, list[dict]] = defaultdict(list)
                    for attempt in range(args.repeat):
                        for engine in args.engines:
                            row = one_run(runner, timer, engine)
                            row.update(graph=spec, attempt=attempt, asked=engine)
                            runs[engine].append(row)
                            emit(row)
                    rows = algorithms(runner, args.algorithm_repeat)
                    for row in rows:
                        row["graph"] = spec
                        emit(row)
                    emit({"graph": spec, "server_peak_mb": _peak_rss_mb(server.pid())})
                    summary = {"graph": spec, "summary": {
                        engine: {"first": found[0]["seconds"],
                                 "warm_median": statistics.median(r["seconds"] for r in found[1:]) if len(found) > 1 else None}
                        for engine, found in runs.items()}}
                    for algorithm in ALGORITHMS + ("eigenvector", "harmonic", "project"):
                        picked = [r for r in rows if r["algorithm"] == algorithm]
                        summary["summary"][algorithm] = {
                            tool: statistics.median(r[tool] for r in picked) for tool in ("gds", "igraph")
                            if all(tool in r for r in picked) and picked}
                    emit(summary)
        finally:
            server.stop()


if __name__ == "__main__":
    main()
