"""Benchmark: `netnp analyze all` against networkx and python-igraph computing the same measures.

Targets: within 3x of igraph at 10k and 100k ties (2.5x at 1M), 10x without GDS
at 400k ties, at least 10x faster than networkx. All run in the same invocation,
on the same machine and on the same generated graphs (10k, 100k and 1M ties by
default), each size on each graph of ``--shapes``: ``clusters``, ``ties / 5``
nodes in planted clusters of 50, 80 % of ties inside a cluster, seeded, so that
every tool sees the same edges; ``hub``, the same with node 0 tied to
``HUB_SHARE`` of the ties' worth of nodes, as an association's own organisation
is; and ``association``, the pairs of ``netnp sample association --size
TIES`` (its organisation holds about 30 000 of 200 000 ties). netnp runs on each engine of
``--engines`` (GDS, and without GDS), twice: the first run after loading, and
the same run again (warm).

Measures computed by every tool: degree and strength, PageRank, reach within 2
hops, coreness, connected components, Louvain communities and modularity,
participation coefficient, betweenness (exact up to 10 000 nodes, else from the
same number of sampled sources as netnp: 1 000 by default, ``--sample``),
Burt's constraint, effective size, articulation points, bridges,
neighbourhood overlap of every tie, eigenvector centrality and harmonic
closeness (igraph; from the same sampled sources above 10 000 nodes). Where a library lacks a measure (igraph:
participation, overlap, effective size) it is computed in Python on the
library's adjacency, as a user of that library would.

Each baseline runs in its own subprocess with a time budget (``--budget``
seconds) and an address-space cap (``--memory-limit-gb``); measures still
running when either runs out are reported as over budget, and the ratio is
then a lower bound (">=").

networkx needs hours at 1M ties (seconds per betweenness source, and for
effective size a copy of the whole graph per node, in ``nx.ego_graph``), so
above ``EXACT_MAX_NODES`` nodes its three per-item measures are *extrapolated*
unless ``--networkx-full`` is given. Sampled betweenness is a sum of
independent single-source passes, and constraint and effective size sums of
independent per-node terms: networkx runs them one source (``k=1``, a new seed
each time) or one uniformly drawn node at a time for ``--probe-seconds``, and
the time is scaled to all sources or all nodes. The report names every
extrapolated measure and what it was measured on. Everything else networkx computes in full. Memory: peak resident size of each
baseline's process; for netnp, the peak resident size of the Neo4j server
process (JVM, including GDS) and of the Python client.

netnp's time is ``run_analysis(runner, "all")``, with the engine chosen as
usual (GDS when installed), on a graph loaded beforehand with plain CREATE
(``bench/cypher/bench/``; loading is reported apart). The graph replaces the content of the database: by default the bench
starts its own temporary local server on free ports.

Usage::

    .venv/bin/pip install -e ".[bench]"
    .venv/bin/python bench/bench_analysis.py [--ties 10000 100000 1000000] [--engines gds cypher] [--no-networkx]
    .venv/bin/python bench/bench_analysis.py --ties 200000 --shapes association --no-networkx
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_VS_NETWORKX = 10.0
TARGET_VS_IGRAPH = 3.0
CLUSTER = 50
EXACT_MAX_NODES = 10_000

#: The bench's own Cypher modules (``bench/...``), loaded beside netnp's.
BENCH_MODULES = Path(__file__).resolve().parent / "cypher"


#: In the ``hub`` shape, the share of all ties that node 0 holds (the sample association's own
#: organisation holds about 30 000 of its 200 000 ties).
HUB_SHARE = 0.15


def generate(ties: int, seed: int = 1, hub: bool = False) -> tuple[int, list[tuple[int, int]]]:
    """A graph with planted clusters: ``ties // 5`` nodes, clusters of 50, 80 % of ties inside; with ``hub``,
    node 0 is first tied to ``HUB_SHARE`` of the ties' worth of distinct nodes (at most all the others)."""
    n = max(ties // 5, 2 * CLUSTER)
    rng = random.Random(seed)
    seen: set[tuple[int, int]] = set()
    edges: list[tuple[int, int]] = []
    if hub:
        for v in rng.sample(range(1, n), min(n - 1, int(HUB_SHARE * ties))):
            seen.add((0, v))
            edges.append((0, v))
    while len(edges) < ties:
        u = rng.randrange(n)
        if rng.random() < 0.8:
            base = (u // CLUSTER) * CLUSTER
            v = base + rng.randrange(min(CLUSTER, n - base))
        else:
            v = rng.randrange(n)
        if u == v:
            continue
        key = (u, v) if u < v else (v, u)
        if key in seen:
            continue
        seen.add(key)
        edges.append(key)
    return n, edges


def association_pairs(ties: int) -> tuple[int, list[tuple[int, int]]]:
    """The pairs of nodes tied in ``netnp sample association --size ties``, numbered: its organisation is
    the hub its own network has (about 30 000 of 200 000 ties), with its dated history summed."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from netnp.samples import sample_rows

    entities, ties_rows = sample_rows("association", size=ties)
    number = {row["id"]: i for i, row in enumerate(entities)}
    pairs = {tuple(sorted((number[t["source"]], number[t["target"]]))) for t in ties_rows}
    return len(number), sorted(p for p in pairs if p[0] != p[1])


#: The graphs each size is measured on: ``--shapes``.
SHAPES = {"clusters": "clusters", "hub": "clusters + hub", "association": "association sample"}


def graph_of(ties: int, shape: str) -> tuple[int, list[tuple[int, int]]]:
    return association_pairs(ties) if shape == "association" else generate(ties, hub=shape == "hub")


def sources(n: int, sample: int, seed: int = 42) -> list[int] | None:
    return None if n <= EXACT_MAX_NODES else random.Random(seed).sample(range(n), min(sample, n))


# -- baselines, each in its own process ------------------------------------------------
def _emit(out, measure: str, seconds: float) -> None:
    out.write(json.dumps({"measure": measure, "seconds": seconds}) + "\n")
    out.flush()


def _timer(out):
    """``timed(measure, fn)``: run ``fn``, record its seconds under ``measure``, return its value."""
    def timed(measure, fn):
        t = time.perf_counter()
        value = fn()
        _emit(out, measure, time.perf_counter() - t)
        return value

    return timed


def _probed(out, measure: str, run_one, items: list, total: int, budget: float) -> None:
    """Run ``run_one`` on ``items`` until ``budget`` seconds pass (at least one item, at most all of them);
    record the time scaled to ``total`` independent items."""
    done, began = 0, time.perf_counter()
    for item in items:
        run_one(item)
        done += 1
        if time.perf_counter() - began >= budget:
            break
    seconds = time.perf_counter() - began
    out.write(json.dumps({"measure": measure, "seconds": seconds * total / done,
                          "extrapolated": {"measured_seconds": seconds, "items": done, "of": total}}) + "\n")
    out.flush()


def run_networkx(ties: int, sample: int, out, probe_seconds: float | None = None, shape: str = "clusters") -> None:
    """networkx's measures; with ``probe_seconds`` (and sampled betweenness), the per-item ones are extrapolated."""
    import networkx as nx

    began = time.perf_counter()
    n, edges = graph_of(ties, shape)
    _emit(out, "generate", time.perf_counter() - began)
    began = time.perf_counter()
    g = nx.Graph()
    g.add_nodes_from(range(n))
    g.add_edges_from(edges)
    _emit(out, "build", time.perf_counter() - began)

    timed = _timer(out)

    timed("degree", lambda: (dict(g.degree), dict(g.degree(weight="weight"))))
    timed("pagerank", lambda: nx.pagerank(g, weight=None))
    timed("reach2", lambda: {v: len(nx.single_source_shortest_path_length(g, v, cutoff=2)) - 1 for v in g})
    timed("coreness", lambda: nx.core_number(g))
    timed("components", lambda: list(nx.connected_components(g)))
    parts = timed("communities", lambda: nx.community.louvain_communities(g, seed=1))
    timed("modularity", lambda: nx.community.modularity(g, parts))
    member = {v: i for i, p in enumerate(parts) for v in p}

    def participation():
        result = {}
        for v in g:
            k = g.degree[v]
            if k:
                counts: dict[int, int] = {}
                for u in g[v]:
                    counts[member[u]] = counts.get(member[u], 0) + 1
                result[v] = 1 - sum((c / k) ** 2 for c in counts.values())
        return result

    timed("participation", participation)
    src = sources(n, sample)
    if src is None:
        timed("betweenness", lambda: nx.betweenness_centrality(g))
    elif probe_seconds:
        # one source per call: networkx's k-sampling with k=1 and a new seed each time
        _probed(out, "betweenness", lambda i: nx.betweenness_centrality(g, k=1, seed=i), list(range(len(src))),
                len(src), probe_seconds)
    else:
        timed("betweenness", lambda: nx.betweenness_centrality(g, k=len(src), seed=42))
    if src is not None and probe_seconds:
        picked = random.Random(7).sample(range(n), n)
        _probed(out, "constraint", lambda v: nx.constraint(g, nodes=[v]), picked, n, probe_seconds)
        _probed(out, "effective_size", lambda v: nx.effective_size(g, nodes=[v]), picked, n, probe_seconds)
    else:
        timed("constraint", lambda: nx.constraint(g))
        timed("effective_size", lambda: nx.effective_size(g))
    timed("articulation", lambda: set(nx.articulation_points(g)))
    timed("bridges", lambda: list(nx.bridges(g)))

    def overlap():
        nbrs = {v: set(g[v]) for v in g}
        return {(a, b): (lambda c, d: c / d if d else 0.0)(len(nbrs[a] & nbrs[b]), len(nbrs[a]) + len(nbrs[b]) - 2 - len(nbrs[a] & nbrs[b]))
                for a, b in g.edges}

    timed("overlap", overlap)


def run_igraph(ties: int, sample: int, out, shape: str = "clusters") -> None:
    import igraph as ig
    import numpy as np
    from threadpoolctl import threadpool_limits

    # One OpenMP thread, as netnp runs igraph (netnp.analysis.measures): on a busy
    # machine igraph's PageRank threads spin, which would slow the baseline alone.
    threadpool_limits(1, user_api="openmp")

    began = time.perf_counter()
    n, edges = graph_of(ties, shape)
    _emit(out, "generate", time.perf_counter() - began)
    began = time.perf_counter()
    g = ig.Graph(n=n, edges=edges)
    g.es["weight"] = 1.0
    _emit(out, "build", time.perf_counter() - began)

    timed = _timer(out)

    timed("degree", lambda: (g.degree(), g.strength(weights="weight")))
    timed("pagerank", lambda: g.pagerank(damping=0.85))
    timed("reach2", lambda: g.neighborhood_size(order=2))
    timed("coreness", lambda: g.coreness())
    timed("components", lambda: g.connected_components())
    parts = timed("communities", lambda: g.community_multilevel(weights="weight"))
    timed("modularity", lambda: g.modularity(parts.membership, weights="weight"))
    member = parts.membership
    adjacency = g.get_adjlist()

    def participation():
        result = []
        for nbrs in adjacency:
            k = len(nbrs)
            counts: dict[int, int] = {}
            for u in nbrs:
                counts[member[u]] = counts.get(member[u], 0) + 1
            result.append(1 - sum((c / k) ** 2 for c in counts.values()) if k else None)
        return result

    timed("participation", participation)
    src = sources(n, sample)
    timed("betweenness", lambda: g.betweenness(directed=False, sources=src))
    timed("constraint", lambda: g.constraint(weights="weight"))

    def effective_size():
        local = g.transitivity_local_undirected(mode="zero")
        degree = g.degree()
        return [k - (c * k * (k - 1)) / k if k else None for c, k in zip(local, degree, strict=True)]

    timed("effective_size", effective_size)
    timed("articulation", lambda: g.articulation_points())
    timed("bridges", lambda: g.bridges())

    def overlap():
        nbrs = [set(a) for a in adjacency]
        result = []
        for a, b in g.get_edgelist():
            common = len(nbrs[a] & nbrs[b])
            denominator = len(nbrs[a]) + len(nbrs[b]) - 2 - common
            result.append(common / denominator if denominator else 0.0)
        return result

    timed("overlap", overlap)
    timed("eigenvector", lambda: g.eigenvector_centrality())

    def harmonic():
        if src is None:
            return g.harmonic_centrality()
        total = np.zeros(n)
        for start in range(0, len(src), 64):
            inverse = 1.0 / np.asarray(g.distances(source=src[start:start + 64]), dtype=float)
            inverse[~np.isfinite(inverse)] = 0.0
            total += inverse.sum(axis=0)
        return total

    timed("harmonic", harmonic)


def baseline(tool: str, ties: int, sample: int, budget: float, probes: list[str] = (), shape: str = "clusters") -> dict:
    """Run one baseline in a subprocess; its measures' seconds, total, and peak memory (MB)."""
    with tempfile.NamedTemporaryFile("w+", suffix=".jsonl") as log:
        command = [sys.executable, __file__, "--baseline", tool, "--ties", str(ties), "--sample", str(sample),
                   "--log", log.name, *probes, "--shape", shape]
        began = time.perf_counter()
        try:
            done = subprocess.run(command, timeout=budget, capture_output=True, text=True)
            finished = done.returncode == 0
            if not finished:
                print(done.stderr[-2000:], file=sys.stderr)
        except subprocess.TimeoutExpired:
            finished = False
        wall = time.perf_counter() - began
        rows = [json.loads(line) for line in Path(log.name).read_text().splitlines() if line.strip()]
    setup = ("generate", "build", "memory", "out_of_memory")
    seconds = {r["measure"]: r["seconds"] for r in rows if r["measure"] not in setup}
    memory = next((r["seconds"] for r in rows if r["measure"] == "memory"), None)
    total = sum(seconds.values())
    if not finished:
        # a lower bound: everything the budget allowed, but generating and building the graph
        total = max(total, wall - sum(r["seconds"] for r in rows if r["measure"] in ("generate", "build")))
    extrapolated = {r["measure"]: r["extrapolated"] for r in rows if "extrapolated" in r}
    return {"tool": tool, "finished": finished, "measures": seconds, "seconds": total, "extrapolated": extrapolated,
            "build_seconds": next((r["seconds"] for r in rows if r["measure"] == "build"), None),
            "wall_seconds": wall, "peak_mb": memory}


# -- netnp ---------------------------------------------------------------------------
def _peak_rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def run_netnp(runner, server_pid: int | None, ties: int, sample: int, engine: str = "auto", shape: str = "clusters") -> dict:
    from netnp import database, schema
    from netnp.analysis import results, run_analysis
    from netnp.analysis import steps as analysis_steps
    from netnp.errors import NetnpError
    from netnp.graphwrite import batched

    analysis_steps.BETWEENNESS_SAMPLE = sample
    n, edges = graph_of(ties, shape)
    database.reset(runner)
    schema.apply_schema(runner)
    began = time.perf_counter()
    # plain CREATE (bench/cypher/bench/): the importer's MERGE would dominate the bench's time
    runner.write_batches("bench/create_people", batched(({"id": f"n:{v}", "name": str(v)} for v in range(n)), 20_000))
    runner.write_batches("bench/create_ties", batched(({"source": f"n:{a}", "target": f"n:{b}"} for a, b in edges), 20_000))
    load = time.perf_counter() - began
    steps: dict[str, float] = {}
    last = [time.perf_counter(), None]

    def on_step(step: str, done: int, total: int) -> None:
        now = time.perf_counter()
        if last[1] is not None:
            steps[last[1]] = now - last[0]
        last[0], last[1] = now, step

    began = time.perf_counter()
    report = run_analysis(runner, "all", engine=engine, on_step=on_step)
    seconds = time.perf_counter() - began
    # the warm run: the same analysis again, plans cached and the JIT warm
    began = time.perf_counter()
    run_analysis(runner, "all", engine=engine)
    warm = time.perf_counter() - began
    began = time.perf_counter()
    try:
        document = results(runner, limit=1000)
    except NetnpError as exc:  # reported, so that the analysis figures are not lost
        print(f"reading the results failed: {exc}", file=sys.stderr)
        document = {"summary": {"modularity": None}, "run": {"betweenness_mode": None}}
    read = time.perf_counter() - began
    return {"tool": "netnp", "engine": report.engine, "finished": True, "seconds": seconds, "warm_seconds": warm,
            "measures": steps,
            "load_seconds": load, "results_seconds": read, "nodes": n, "ties": len(edges),
            "modularity": document["summary"]["modularity"], "betweenness_mode": document["run"]["betweenness_mode"],
            "server_peak_mb": _peak_rss_mb(server_pid) if server_pid else None,
            "client_peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def _ratio(other: dict, netnp: dict) -> str:
    value = other["seconds"] / netnp["seconds"] if netnp["seconds"] else float("nan")
    return f"{'>=' if not other['finished'] else ''}{value:.2f}x"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ties", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--sample", type=int, default=1_000, help="betweenness sources above 10 000 nodes")
    parser.add_argument("--budget", type=float, default=1800.0, help="seconds per baseline and size")
    parser.add_argument("--baseline", choices=["networkx", "igraph"], help=argparse.SUPPRESS)
    parser.add_argument("--log", help=argparse.SUPPRESS)
    parser.add_argument("--memory-limit-gb", type=float, default=8.0, help="address-space cap of each baseline process")
    parser.add_argument("--json", help="also write the figures to this JSON file")
    parser.add_argument("--networkx-full", action="store_true",
                        help="run networkx's betweenness, constraint and effective size in full (hours at 1M ties)")
    parser.add_argument("--engines", nargs="+", default=["gds", "cypher"], choices=["gds", "cypher"],
                        help="netnp engines to time (cypher: without GDS)")
    parser.add_argument("--no-networkx", action="store_true", help="time igraph only as the baseline")
    parser.add_argument("--shape", default="clusters", choices=list(SHAPES), help=argparse.SUPPRESS)
    parser.add_argument("--shapes", nargs="+", default=["clusters", "hub"], choices=list(SHAPES),
                        help="graphs measured at each size: planted clusters, the same with a hub, "
                             "the pairs of `netnp sample association --size TIES`")
    parser.add_argument("--probe-seconds", type=float, default=60.0,
                        help="seconds networkx spends on each extrapolated measure (at least one item)")
    args = parser.parse_args()

    if args.baseline:
        # cap the baseline's address space, so that a library running out of memory
        # fails alone instead of starving the machine (and the Neo4j server)
        cap = int(args.memory_limit_gb * 1024 ** 3)
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
        with open(args.log, "a") as out:
            try:
                if args.baseline == "networkx":
                    run_networkx(args.ties[0], args.sample, out, args.probe_seconds, shape=args.shape)
                else:
                    run_igraph(args.ties[0], args.sample, out, shape=args.shape)
            except MemoryError:
                out.write(json.dumps({"measure": "out_of_memory", "seconds": args.memory_limit_gb}) + "\n")
                raise
            finally:
                out.write(json.dumps({"measure": "memory",
                                      "seconds": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}) + "\n")
        return

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from netnp.localserver.server import LocalServer, free_port
    from netnp.modules import library
    from netnp.runner import Runner

    figures = []
    tools = ("igraph",) if args.no_networkx else ("igraph", "networkx")
    with tempfile.TemporaryDirectory(prefix="netnp-bench-") as home:
        server = LocalServer(Path(home))
        server.configure(bolt_port=free_port(), http_port=free_port(), heap="4g", pagecache="2g")
        server.start()
        try:
            with Runner(server.connection(), library(BENCH_MODULES)) as runner:
                for ties in args.ties:
                    for shape in args.shapes:
                        row = {"ties": ties, "shape": SHAPES[shape], "netnp": {}}
                        for tool in tools:
                            probes = [] if tool == "igraph" or args.networkx_full else [
                                "--probe-seconds", str(args.probe_seconds)]
                            row[tool] = baseline(tool, ties, args.sample, args.budget, probes, shape=shape)
                            print(f"== {ties:,} ties, {shape}: {tool} {row[tool]['seconds']:.1f} s"
                                  f"{'' if row[tool]['finished'] else ' (over budget)'}, "
                                  f"peak {row[tool]['peak_mb'] or float('nan'):.0f} MB", flush=True)
                        for engine in args.engines:
                            result = run_netnp(runner, server.pid(), ties, args.sample, engine=engine, shape=shape)
                            row["netnp"][engine] = result
                            print(f"   netnp ({result['engine']}): {result['seconds']:.1f} s, warm "
                                  f"{result['warm_seconds']:.1f} s (load {result['load_seconds']:.1f} s, server peak "
                                  f"{result['server_peak_mb'] or 0:.0f} MB, client peak {result['client_peak_mb']:.0f} MB); "
                                  f"{result['seconds'] / row['igraph']['seconds']:.2f}x igraph", flush=True)
                        figures.append(row)
        finally:
            server.stop()

    print("\n| ties | graph | engine | netnp s (first) | netnp s (warm) | igraph s | netnp / igraph | server peak MB | "
          "client peak MB | igraph MB |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for row in figures:
        ig = row["igraph"]
        for nt in row["netnp"].values():
            print(f"| {row['ties']:,} | {row['shape']} | {nt['engine']} | {nt['seconds']:.2f} | {nt['warm_seconds']:.2f} | "
                  f"{ig['seconds']:.2f} | {nt['seconds'] / ig['seconds']:.2f}x | {nt['server_peak_mb'] or 0:.0f} | "
                  f"{nt['client_peak_mb']:.0f} | {ig['peak_mb'] or 0:.0f} |")
    for row in figures:
        print(f"\nper step, {row['ties']:,} ties, {row['shape']}:")
        for nt in row["netnp"].values():
            print(f"  netnp {nt['engine']}: " + ", ".join(f"{k} {v:.2f}" for k, v in nt["measures"].items()))
        for tool in tools:
            print(f"  {tool}: " + ", ".join(f"{k} {v:.2f}" for k, v in row[tool]["measures"].items()))
            for measure, probe in (row[tool].get("extrapolated") or {}).items():
                print(f"    {tool} {measure} extrapolated: {probe['measured_seconds']:.1f} s measured on "
                      f"{probe['items']:,} of {probe['of']:,} {'sources' if measure == 'betweenness' else 'nodes'}")
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
