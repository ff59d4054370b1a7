"""The steps of an analysis, and the choice of the engine that runs them.

Each analysis is a set of *steps*, run in the order of :data:`STEPS`; a step
runs one or more modules of ``netnp/cypher/analysis/`` on the view built by
:func:`netnp.analysis.scope.build_view`. Steps that GDS can do have two
implementations: one with GDS (``netnp/cypher/analysis/gds/``) and one in pure Cypher
(``netnp/cypher/analysis/cypher/``), for servers without the plugin (AuraDB Free, for
example). Steps written in Cypher for both engines live in
``netnp/cypher/analysis/common/``. A step function gets the name of the GDS projection
of the view, or ``None`` on the pure-Cypher engine.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from netnp import health
from netnp.analysis.scope import BATCH, Scope, View
from netnp.errors import NetnpError
from netnp.runner import Runner

ENGINES = ("auto", "gds", "cypher")

#: Exact betweenness up to this many nodes; above, sampled from BETWEENNESS_SAMPLE sources.
GDS_EXACT_BETWEENNESS_MAX_NODES = 10_000
CYPHER_EXACT_BETWEENNESS_MAX_NODES = 300
BETWEENNESS_SAMPLE = 1_000
CYPHER_BETWEENNESS_SAMPLE = 64
BETWEENNESS_SEED = 42
#: The pure-Cypher fallback refuses the quadratic steps (communities, betweenness,
#: articulation points) above this many nodes.
CYPHER_MAX_NODES = 5_000
#: The most threads GDS Community lets an algorithm use.
GDS_COMMUNITY_MAX_CONCURRENCY = 4
#: GDS refuses to start when an estimate exceeds this share of the server's heap.
GDS_MAX_HEAP_PERCENTAGE = 90.0

PAGERANK_DAMPING = 0.85
PAGERANK_MAX_ITERATIONS = 100
PAGERANK_TOLERANCE = 1e-10
#: The pure-Cypher power iteration stops when the L1 change falls below N times this.
CYPHER_PAGERANK_TOLERANCE = 1e-9

COMMUNITY_SEED = 42

#: Every step, in the order a run takes them.
STEPS = ("degree", "components", "pagerank", "reach2", "coreness", "communities", "participation",
         "betweenness", "tie_measures", "structural_holes", "articulation", "bridges", "copy_ties")
#: The steps whose pure-Cypher implementation grows quadratically or worse with the nodes.
HEAVY_STEPS = {"communities", "betweenness", "articulation", "bridges"}


class AnalysisError(NetnpError):
    """An analysis cannot run as asked: unknown name, bad scope, graph too big for the engine."""


# -- engine choice -------------------------------------------------------------------
def choose_engine(runner: Runner, engine: str) -> str:
    """``gds`` or ``cypher``: the forced engine, or GDS when the server has it."""
    if engine not in ENGINES:
        raise AnalysisError(f"unknown engine {engine!r}; use one of {', '.join(ENGINES)}")
    if engine == "auto":
        return "gds" if health.has_gds(runner) else "cypher"
    if engine == "gds" and not health.has_gds(runner):
        raise AnalysisError("--engine gds: this server has no Graph Data Science plugin; use --engine cypher")
    return engine


def engine_for_view(chosen: str, scope: Scope, view: View, steps: list[str]) -> str:
    """The engine that runs ``steps`` on ``view``, given the ``chosen`` one.

    GDS gives way to Cypher on a view without relationships; the pure-Cypher
    engine refuses the :data:`HEAVY_STEPS` above :data:`CYPHER_MAX_NODES` nodes.
    """
    if chosen == "gds" and (view.pairs == 0 or (scope.directed and view.arcs == 0)):
        chosen = "cypher"  # GDS cannot project a relationship type with no relationship; nothing heavy to do
    if chosen == "cypher" and view.nodes > CYPHER_MAX_NODES and view.pairs > 0 and HEAVY_STEPS & set(steps):
        raise AnalysisError(
            f"the pure-Cypher engine computes communities, betweenness and articulation points on at most "
            f"{CYPHER_MAX_NODES:,} nodes; this scope has {view.nodes:,}: install the GDS plugin, narrow the scope "
            f"(--kind, --type, --since, --until), or run `netnp analyze hubs` / `cores`"
        )
    return chosen


def gds_concurrency(runner: Runner) -> int:
    """Threads for GDS algorithms: the server's processors (more threads than
    processors only contend), at most 4 on GDS Community, which refuses more."""
    info = runner.read("gds/available_cpus")[0]
    cpus = max(1, int(info["cpus"] or 1))
    return cpus if info["edition"] == "Licensed" else min(cpus, GDS_COMMUNITY_MAX_CONCURRENCY)


@dataclass
class StepContext:
    """What every step reads (the view's size, the scope) and the measures it records for the run.

    ``record`` holds the run-wide measures the steps find (components, modularity,
    how betweenness was computed); ``None`` where no step computed one.
    """

    runner: Runner
    scope: Scope
    nodes: int
    pairs: int
    record: dict[str, Any] = field(default_factory=lambda: dict.fromkeys(
        ("betweenness_mode", "modularity", "communities", "components", "largest_component")))
    #: GDS threads, set by :func:`gds_concurrency` when the view is projected.
    concurrency: int = GDS_COMMUNITY_MAX_CONCURRENCY


def project(ctx: StepContext, run_id: str) -> str:
    """Estimate memory, then project the view into GDS; raise when it would not fit. Returns the graph's name."""
    sizes = {"node_count": ctx.nodes, "relationship_count": 2 * ctx.pairs + 1}
    for what in ("projection", "betweenness"):
        estimate = ctx.runner.read(f"analysis/gds/estimate_{what}", **sizes)[0]
        if estimate["heap_percentage_max"] > GDS_MAX_HEAP_PERCENTAGE:
            raise AnalysisError(
                f"the graph is too big for this server's memory: GDS {what} needs {estimate['required']} "
                f"({estimate['heap_percentage_max']:.0f} % of the heap); give Neo4j more heap "
                f"(`netnp server start --heap 8g`), or narrow the scope (--kind, --type, --since, --until)"
            )
    ctx.concurrency = gds_concurrency(ctx.runner)
    graph = f"netnp-{run_id[-4:]}-{uuid.uuid4().hex[:6]}"
    module = "analysis/gds/project_directed" if ctx.scope.directed else "analysis/gds/project_undirected"
    ctx.runner.read(module, graph=graph)
    return graph


def _loop(ctx: StepContext, step: str, swap: str, key: str, limit: int, stop: Callable[[Any], bool]) -> int:
    for iteration in range(1, limit + 1):
        if step:
            ctx.runner.write(step)
        value = ctx.runner.write(swap).rows[0][key]
        if stop(value):
            return iteration
    return limit


# -- steps ---------------------------------------------------------------------------
def _degree(ctx: StepContext, graph: str | None) -> None:
    """Degree, in/out-degree when directed, and strength (weighted degree)."""
    ctx.runner.write("analysis/common/degree", directed=ctx.scope.directed, batch_size=BATCH)


def _components(ctx: StepContext, graph: str | None) -> None:
    """Connected components, numbered from the largest; records their count and the largest's size."""
    if graph:
        ctx.runner.write("analysis/gds/components", graph=graph, concurrency=ctx.concurrency)
    else:
        ctx.runner.write("analysis/cypher/components_init")
        _loop(ctx, "", "analysis/cypher/components_step", "changed", ctx.nodes + 1, lambda c: c == 0)
    sizes = ctx.runner.write("analysis/common/renumber_components").rows
    ctx.record["components"] = len(sizes)
    ctx.record["largest_component"] = max((r["size"] for r in sizes), default=0)


def _pagerank(ctx: StepContext, graph: str | None) -> None:
    """Weighted PageRank, scaled to sum 1; by power iteration on the pure-Cypher engine.

    References
    ----------
    Brin, S. & Page, L. (1998). The anatomy of a large-scale hypertextual Web
    search engine. Computer Networks and ISDN Systems 30(1-7), 107-117.
    """
    if graph:
        ctx.runner.write("analysis/gds/pagerank", graph=graph, concurrency=ctx.concurrency,
                         relationship_type="NETNP_ARC" if ctx.scope.directed else "NETNP_TIE",
                         damping=PAGERANK_DAMPING, max_iterations=PAGERANK_MAX_ITERATIONS,
                         tolerance=PAGERANK_TOLERANCE)
    else:
        ctx.runner.write("analysis/cypher/pagerank_init")
        for _ in range(PAGERANK_MAX_ITERATIONS):
            ctx.runner.write("analysis/cypher/pagerank_step", directed=ctx.scope.directed, damping=PAGERANK_DAMPING)
            change = ctx.runner.write("analysis/cypher/pagerank_swap").rows[0]["change"]
            if change < ctx.nodes * CYPHER_PAGERANK_TOLERANCE:
                break
        ctx.runner.write("analysis/cypher/normalise_pagerank")  # GDS scales its scores itself


def _reach2(ctx: StepContext, graph: str | None) -> None:
    """How many nodes each node reaches within two hops."""
    ctx.runner.write("analysis/common/reach2", batch_size=2_000)


def _coreness(ctx: StepContext, graph: str | None) -> None:
    """Coreness (k-core number); on the pure-Cypher engine, the iterated H-index, which converges to it.

    References
    ----------
    Seidman, S. B. (1983). Network structure and minimum degree. Social
    Networks 5(3), 269-287.
    Batagelj, V. & Zaversnik, M. (2003). An O(m) algorithm for cores
    decomposition of networks. arXiv:cs/0310049.
    Lü, L., Zhou, T., Zhang, Q.-M. & Stanley, H. E. (2016). The H-index of a
    network node and its relation to degree and coreness. Nature
    Communications 7, 10168.
    """
    if graph:
        ctx.runner.write("analysis/gds/coreness", graph=graph, concurrency=ctx.concurrency)
    else:
        ctx.runner.write("analysis/cypher/coreness_init")
        _loop(ctx, "analysis/cypher/coreness_step", "analysis/cypher/coreness_swap", "changed",
              ctx.nodes + 1, lambda c: c == 0)
        ctx.runner.write("analysis/cypher/coreness_finish")


def _communities(ctx: StepContext, graph: str | None) -> None:
    """Communities: Leiden with GDS, Louvain's moving and merging in pure Cypher; records the modularity.

    References
    ----------
    Blondel, V. D., Guillaume, J.-L., Lambiotte, R. & Lefebvre, E. (2008). Fast
    unfolding of communities in large networks. Journal of Statistical
    Mechanics: Theory and Experiment, P10008.
    Traag, V. A., Waltman, L. & van Eck, N. J. (2019). From Louvain to Leiden:
    guaranteeing well-connected communities. Scientific Reports 9, 5233.
    Newman, M. E. J. (2006). Modularity and community structure in networks.
    Proceedings of the National Academy of Sciences 103(23), 8577-8582.
    """
    if graph:
        ctx.runner.write("analysis/gds/leiden", graph=graph, concurrency=ctx.concurrency, seed=COMMUNITY_SEED)
    else:
        ctx.runner.write("analysis/cypher/communities_init")
        for _ in range(20):
            _loop(ctx, "", "analysis/cypher/communities_move_nodes", "moved", 50, lambda m: m == 0)
            if ctx.runner.write("analysis/cypher/communities_merge").rows[0]["merged"] == 0:
                break
    ctx.runner.write("analysis/common/renumber_communities")
    row = ctx.runner.read("analysis/common/modularity")
    ctx.record["modularity"] = row[0]["modularity"] if row else None
    ctx.record["communities"] = row[0]["communities"] if row else 0


def _participation(ctx: StepContext, graph: str | None) -> None:
    """The participation coefficient: how evenly a node's ties spread over the communities.

    References
    ----------
    Guimerà, R. & Amaral, L. A. N. (2005). Functional cartography of complex
    metabolic networks. Nature 433, 895-900.
    """
    ctx.runner.write("analysis/common/participation", batch_size=BATCH)


def _betweenness(ctx: StepContext, graph: str | None) -> None:
    """Betweenness, exact on small views, else estimated from a seeded sample of sources.

    References
    ----------
    Freeman, L. C. (1977). A set of measures of centrality based on
    betweenness. Sociometry 40(1), 35-41.
    Brandes, U. (2001). A faster algorithm for betweenness centrality. Journal
    of Mathematical Sociology 25(2), 163-177.
    Brandes, U. & Pich, C. (2007). Centrality estimation in large networks.
    International Journal of Bifurcation and Chaos 17(7), 2303-2318.
    """
    n = ctx.nodes
    if graph:
        sources = n if n <= GDS_EXACT_BETWEENNESS_MAX_NODES else BETWEENNESS_SAMPLE
        ctx.runner.write("analysis/gds/betweenness", graph=graph, concurrency=ctx.concurrency,
                         sampling_size=sources, seed=BETWEENNESS_SEED)
        # On undirected graphs GDS counts each unordered pair once (networkx's
        # unnormalised value); sampled runs are scaled up by n / sources.
        _scale_betweenness(ctx, sources, raw_factor=2.0 * n / sources)
    elif n <= CYPHER_EXACT_BETWEENNESS_MAX_NODES:
        ctx.runner.write("analysis/cypher/betweenness", sources=None)
        _scale_betweenness(ctx, n, raw_factor=2.0)  # unordered pairs, counted once
    else:
        ids = [r["id"] for r in ctx.runner.read("analysis/results/nodes", limit=None)]
        import random

        picked = random.Random(BETWEENNESS_SEED).sample(ids, min(CYPHER_BETWEENNESS_SAMPLE, len(ids)))
        ctx.runner.write("analysis/cypher/betweenness", sources=picked)
        _scale_betweenness(ctx, len(picked), raw_factor=n / len(picked))


def _scale_betweenness(ctx: StepContext, sources: int, raw_factor: float) -> None:
    """Normalise raw betweenness as networkx does, and record how it was computed."""
    n = ctx.nodes
    norm = 1.0 / ((n - 1) * (n - 2)) if n > 2 else 0.0
    ctx.runner.write("analysis/common/betweenness_scale", factor=raw_factor * norm)
    ctx.record["betweenness_mode"] = ("exact" if sources >= n
                                      else f"sampled from {sources} sources (seed {BETWEENNESS_SEED})")


def _structural_holes(ctx: StepContext, graph: str | None) -> None:
    """Burt's constraint and effective size, from what :func:`_tie_measures` wrote on the ties.

    References
    ----------
    Burt, R. S. (1992). Structural Holes: The Social Structure of Competition.
    Harvard University Press.
    Borgatti, S. P. (1997). Structural holes: unpacking Burt's redundancy
    measures. Connections 20(1), 35-38.
    """
    ctx.runner.write("analysis/common/structural_holes", batch_size=2_000)


def _articulation(ctx: StepContext, graph: str | None) -> None:
    """Articulation points: the nodes whose removal splits their component.

    References
    ----------
    Hopcroft, J. & Tarjan, R. (1973). Algorithm 447: efficient algorithms for
    graph manipulation. Communications of the ACM 16(6), 372-378.
    """
    if graph:
        ctx.runner.write("analysis/gds/articulation_points", graph=graph, concurrency=ctx.concurrency)
    else:
        ctx.runner.write("analysis/cypher/articulation_points")


def _tie_measures(ctx: StepContext, graph: str | None) -> None:
    """Each tie's common neighbours, neighbourhood overlap, whether it is a local bridge or spans two
    communities, and the two-step weight that Burt's constraint needs.

    References
    ----------
    Granovetter, M. S. (1973). The strength of weak ties. American Journal of
    Sociology 78(6), 1360-1380.
    Onnela, J.-P., Saramäki, J., Hyvönen, J., Szabó, G., Lazer, D., Kaski, K.,
    Kertész, J. & Barabási, A.-L. (2007). Structure and tie strengths in mobile
    communication networks. Proceedings of the National Academy of Sciences
    104(18), 7332-7336.
    """
    ctx.runner.write("analysis/common/tie_measures", batch_size=2_000)


def _bridges(ctx: StepContext, graph: str | None) -> None:
    """Bridges: the ties whose removal splits their component.

    References
    ----------
    Tarjan, R. E. (1974). A note on finding the bridges of a graph.
    Information Processing Letters 2(6), 160-161.
    """
    if graph:
        ctx.runner.write("analysis/gds/bridges", graph=graph, concurrency=ctx.concurrency)
    else:
        ctx.runner.write("analysis/cypher/bridges")


def _copy_ties(ctx: StepContext, graph: str | None) -> None:
    """Copy the tie measures of each ``NETNP_TIE`` of the view onto the user's ties in scope that it stands for."""
    ctx.runner.write("analysis/common/copy_tie_results", batch_size=5_000)


STEP_FUNCTIONS: dict[str, Callable[[StepContext, str | None], None]] = {
    "degree": _degree, "components": _components, "pagerank": _pagerank, "reach2": _reach2,
    "coreness": _coreness, "communities": _communities, "participation": _participation,
    "betweenness": _betweenness, "structural_holes": _structural_holes, "articulation": _articulation,
    "tie_measures": _tie_measures, "bridges": _bridges, "copy_ties": _copy_ties,
}
