"""The steps of an analysis, the choice of the engine that runs them, and the two engines.

Each analysis is a set of *steps*, taken in the order of :data:`STEPS`. The
graph algorithms run on one of two engines:

* ``gds``: the Graph Data Science plugin, in the server. One query
  (``netnp/cypher/analysis/gds/compute``) projects the graph read from the
  scope with a Cypher aggregation, chains the algorithms, each adding its
  measure to the projection (mutate), reads them all back and drops the
  projection. Betweenness, eigenvector centrality, harmonic closeness and HITS
  run in the client on this engine too: igraph computed each of them faster
  than GDS on every graph measured (docs/analysis-performance.md; GDS's power
  iteration takes all its iterations on graphs of clusters). With ``--engine auto``, graphs of up to
  :data:`CLIENT_MAX_PAIRS` pairs run on the client engine instead, which was
  the faster at every size measured;
* ``cypher`` (the engine of servers without GDS, AuraDB Free for example): the
  client reads the scope with one Cypher module, computes with python-igraph,
  and writes the results back through Cypher modules, as with GDS.

Whatever the engine, the measures of the pairs themselves (degrees, reach, the
tie measures, participation, structural holes, modularity) are computed in the
client (:mod:`netnp.analysis.measures`) from the scope read once.
"""

from __future__ import annotations

import uuid
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

import netnp.analysis.measures as measures
from netnp import health
from netnp.analysis.scope import Scope, ScopeGraph
from netnp.errors import NetnpError
from netnp.runner import Runner

ENGINES = ("auto", "gds", "cypher")

#: Exact betweenness and harmonic closeness up to this many nodes; above, estimated
#: from BETWEENNESS_SAMPLE sources drawn with BETWEENNESS_SEED.
EXACT_MAX_NODES = 10_000
BETWEENNESS_SAMPLE = 1_000
BETWEENNESS_SEED = 42
#: With ``--engine auto`` on a server with GDS, graphs of at most this many pairs are computed in
#: the client (python-igraph), which was faster than GDS for every algorithm at these sizes.
CLIENT_MAX_PAIRS = 1_000_000
#: The most threads GDS Community lets an algorithm use.
GDS_COMMUNITY_MAX_CONCURRENCY = 4
#: GDS computes graphs of at most this many pairs on one thread: on them, more threads cost more in
#: coordination than they save (docs/analysis-performance.md).
GDS_SERIAL_MAX_PAIRS = 100_000
#: GDS refuses to start when an estimate exceeds this share of the server's heap.
GDS_MAX_HEAP_PERCENTAGE = 90.0
#: GDS's memory is estimated before a run only above this many pairs: below, the projection and
#: betweenness take a few megabytes, and the two estimates would be two round trips for nothing.
ESTIMATE_ABOVE_PAIRS = 100_000

PAGERANK_DAMPING = 0.85
PAGERANK_MAX_ITERATIONS = 100
PAGERANK_TOLERANCE = 1e-10
HITS_ITERATIONS = 100

COMMUNITY_SEED = 42

#: Every step, in the order a run takes them.
STEPS = ("degree", "components", "pagerank", "reach2", "coreness", "communities", "participation",
         "betweenness", "eigenvector", "harmonic", "hits", "tie_measures", "structural_holes", "articulation",
         "bridges")
#: The optional steps GDS computes on the GDS engine (with components and PageRank); the others are
#: computed in the client on both engines.
GDS_STEPS = ("coreness", "communities", "articulation", "bridges")
#: The graph algorithms computed in the client on both engines.
CLIENT_STEPS = {"betweenness", "eigenvector", "harmonic", "hits"}
#: The node measure each of GDS's algorithms adds to the projection, as analysis/gds/compute reads them back.
GDS_PROPERTIES = (("components", "component"), ("pagerank", "pagerank"), ("coreness", "coreness"),
                  ("communities", "community"), ("articulation", "articulation"))


class AnalysisError(NetnpError):
    """An analysis cannot run as asked: unknown name, bad scope, graph too big for the engine."""


class NothingToAnalyse(AnalysisError):
    """The scope holds no node: an empty graph, or a time window in which no tie was observed."""


# -- server facts, asked once per runner ---------------------------------------------
_FACTS: weakref.WeakKeyDictionary[Runner, dict[str, Any]] = weakref.WeakKeyDictionary()


def server_fact(runner: Runner, name: str, ask: Callable[[Runner], Any]) -> Any:
    """``ask(runner)``, asked once per runner: the server's plugins, versions and processors do not change
    while a runner is connected, and each question is a round trip."""
    facts = _FACTS.setdefault(runner, {})
    if name not in facts:
        facts[name] = ask(runner)
    return facts[name]


# -- engine choice -------------------------------------------------------------------
def choose_engine(runner: Runner, engine: str) -> str:
    """``gds`` or ``cypher``: the forced engine, or GDS when the server has it."""
    if engine not in ENGINES:
        raise AnalysisError(f"unknown engine {engine!r}; use one of {', '.join(ENGINES)}")
    gds = server_fact(runner, "has_gds", health.has_gds)
    if engine == "auto":
        return "gds" if gds else "cypher"
    if engine == "gds" and not gds:
        raise AnalysisError("--engine gds: this server has no Graph Data Science plugin; use --engine cypher")
    return engine


def engine_for_graph(chosen: str, scope: Scope, graph: ScopeGraph, asked: str = "gds") -> str:
    """The engine that runs on ``graph``.

    GDS gives way to the client on a graph without ties (it cannot run an
    algorithm on a relationship type with no relationship; nothing heavy to
    do), and, when the engine was left to ``auto``, on a graph of at most
    :data:`CLIENT_MAX_PAIRS` pairs, where the client's igraph is the faster
    (docs/analysis-performance.md). ``--engine gds`` runs GDS at any size.
    """
    if chosen == "gds" and (graph.pairs == 0 or (scope.directed and not (graph.out_ties.any() or graph.in_ties.any()))):
        return "cypher"
    if chosen == "gds" and asked == "auto" and graph.pairs <= CLIENT_MAX_PAIRS:
        return "cypher"
    return chosen


def gds_concurrency(runner: Runner, pairs: int | None = None) -> int:
    """Threads for GDS's projection and algorithms on a graph of ``pairs`` pairs: one up to
    :data:`GDS_SERIAL_MAX_PAIRS`, else (and when ``pairs`` is not given) the server's processors
    (more threads than processors only contend), at most 4 on GDS Community, which refuses more."""
    if pairs is not None and pairs <= GDS_SERIAL_MAX_PAIRS:
        return 1

    def ask(r: Runner) -> int:
        info = r.read("gds/available_cpus")[0]
        cpus = max(1, int(info["cpus"] or 1))
        return cpus if info["edition"] == "Licensed" else min(cpus, GDS_COMMUNITY_MAX_CONCURRENCY)

    return server_fact(runner, "gds_concurrency", ask)


def betweenness_sources(n: int) -> list[int] | None:
    """``None`` for exact betweenness and harmonic closeness, else the sampled source nodes."""
    return None if n <= EXACT_MAX_NODES else measures.sampled_sources(n, BETWEENNESS_SAMPLE, BETWEENNESS_SEED)


def sampling_mode(n: int) -> str:
    """How betweenness and harmonic closeness were computed, as the run record says it."""
    sources = min(BETWEENNESS_SAMPLE, n)
    return "exact" if n <= EXACT_MAX_NODES else f"sampled from {sources} sources (seed {BETWEENNESS_SEED})"


@dataclass
class EngineResult:
    """What an engine computed: node measures (arrays by node index), the bridge flag of each pair, and
    whether betweenness and harmonic closeness are raw sums over a sample of ``sources`` nodes."""

    nodes: dict[str, np.ndarray]
    bridge: np.ndarray | None
    sources: int


# -- GDS -----------------------------------------------------------------------------
def _check_gds_memory(runner: Runner, graph: ScopeGraph, directed_run: bool) -> None:
    sizes = {"node_count": graph.n, "relationship_count": (4 if directed_run else 2) * graph.pairs + 1}
    for what in ("projection", "leiden"):
        estimate = runner.read(f"analysis/gds/estimate_{what}", **sizes)[0]
        if estimate["heap_percentage_max"] > GDS_MAX_HEAP_PERCENTAGE:
            raise AnalysisError(
                f"the graph is too big for this server's memory: GDS {what} needs {estimate['required']} "
                f"({estimate['heap_percentage_max']:.0f} % of the heap); give Neo4j more heap "
                f"(`netnp server start --heap 8g`), or narrow the scope (--kind, --type, --since, --until)"
            )


def gds_properties(flags: dict[str, bool]) -> list[str]:
    """The node measures analysis/gds/compute adds for the optional steps ``flags`` turns on
    (components and PageRank always)."""
    return [prop for step, prop in GDS_PROPERTIES if flags.get(step, step in ("components", "pagerank"))]


def run_gds(runner: Runner, scope: Scope, graph: ScopeGraph, wanted: set[str], run_id: str,
            on_step: Callable[[str], None]) -> EngineResult:
    """Project the graph read from the scope into GDS, compute the GDS steps there and read them back, in one
    query that drops the projection at its end; drop it here if that query fails."""
    if graph.pairs > ESTIMATE_ABOVE_PAIRS:
        _check_gds_memory(runner, graph, scope.directed)
    name = f"netnp-{run_id[-4:]}-{uuid.uuid4().hex[:6]}"
    n = graph.n
    sampled = betweenness_sources(n)
    flags = {step: step in wanted for step in GDS_STEPS}
    tails, heads, arc_weights = graph.arcs() if scope.directed else (np.array([]), np.array([]), np.array([]))
    properties = gds_properties(flags)
    on_step("gds")
    try:
        row = runner.write(
            "analysis/gds/compute", graph=name, nodes=n, source=graph.source.tolist(), target=graph.target.tolist(),
            weight=graph.weight.tolist(), arc_source=tails.tolist(), arc_target=heads.tolist(),
            arc_weight=arc_weights.tolist(), directed=scope.directed, steps=flags, damping=PAGERANK_DAMPING,
            max_iterations=PAGERANK_MAX_ITERATIONS, tolerance=PAGERANK_TOLERANCE,
            seed=COMMUNITY_SEED, concurrency=gds_concurrency(runner, graph.pairs), properties=properties).rows[0]
    except BaseException:
        runner.write("gds/drop_graph", name=name)
        raise
    nodes: dict[str, np.ndarray] = {}
    for result in row["measures"]:
        column = np.zeros(n)
        column[np.asarray(result["nodes"], dtype=np.int64)] = result["values"]
        nodes[result["measure"]] = column
    for prop in ("component", "coreness", "community"):
        if prop in nodes:
            nodes[prop] = nodes[prop].astype(np.int64)
    if "articulation" in nodes:
        nodes["articulation"] = nodes["articulation"] > 0
    bridge = None
    if flags["bridges"]:
        bridge = np.zeros(graph.pairs, dtype=bool)
        ends = np.asarray(row["bridges"], dtype=np.int64).reshape(-1, 2)
        if len(ends):
            bridge[measures.pair_index(graph)(ends[:, 0], ends[:, 1])] = True
    return EngineResult(nodes, bridge, n if sampled is None else len(sampled))


# -- without GDS ---------------------------------------------------------------------
def run_client(scope: Scope, graph: ScopeGraph, g: Any, wanted: set[str],
               on_step: Callable[[str], None]) -> EngineResult:
    """Compute the ``wanted`` steps' measures in this process with python-igraph."""
    sampled = betweenness_sources(graph.n)
    found = measures.igraph_measures(graph, g, wanted, directed_run=scope.directed, damping=PAGERANK_DAMPING,
                                     sources=sampled, seed=COMMUNITY_SEED, on_step=on_step)
    bridge = found.pop("bridge", None)
    if "harmonic" in found:  # the mean over the other nodes (or over the sampled sources), as GDS gives it
        found["harmonic"] = found["harmonic"] / (max(graph.n - 1, 1) if sampled is None else len(sampled))
    return EngineResult(found, bridge, graph.n if sampled is None else len(sampled))


__all__ = ["CLIENT_STEPS", "STEPS", "AnalysisError", "EngineResult", "NothingToAnalyse", "choose_engine", "engine_for_graph", "run_client", "run_gds"]
