"""Running the analyses: scope, engine choice, the order of the Cypher modules, role thresholds, the run record.

Each analysis is a set of *steps*; a step runs one or more modules of
``netnp/cypher/analysis/``. Steps that GDS can do have two implementations: one with
GDS (``netnp/cypher/analysis/gds/``) and one in pure Cypher (``netnp/cypher/analysis/cypher/``),
for servers without the plugin (AuraDB Free, for example). Steps written in
Cypher for both engines live in ``netnp/cypher/analysis/common/``.

The analysed graph is a *view* built first (``netnp/cypher/analysis/scope/``): the
nodes in scope get the label ``NetnpAnalysed``, and every pair of them joined by
ties in scope gets one undirected ``NETNP_TIE`` (weight summed); directed
analyses also get one ``NETNP_ARC`` per ordered pair. Every measure is computed
on this view, so that both engines see the same simple graph.

References
----------
Brin & Page (1998), PageRank. Batagelj & Zaversnik (2003), k-cores in O(m).
Lü et al. (2016), the H-index operator converges to coreness. Blondel et al.
(2008), Louvain. Traag et al. (2019), Leiden. Newman (2006), modularity. Freeman (1977), Brandes (2001),
betweenness. Guimerà & Amaral (2005), participation coefficient. Burt (1992),
constraint and effective size. Tarjan (1974), bridges and articulation points.
Onnela et al. (2007), neighbourhood overlap. Granovetter (1973), weak ties.
"""

from __future__ import annotations

import datetime as _dt
import json
import math
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from netnp import __version__, health
from netnp.errors import InputError, NetnpError
from netnp.graphwrite import KINDS, TIE_TYPE
from netnp.runner import Runner

ANALYSES = ("hubs", "cores", "clusters", "bridging", "weak_ties", "recommendations")
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

HUB_TOP_SHARE = 0.05
HUB_DEGREE_Z = 2.0
BRIDGE_TOP_SHARE = 0.10
BRIDGE_PARTICIPATION = 0.5
BATCH = 10_000
COMMUNITY_SEED = 42

HUB_RULE = "top 5 % by PageRank and degree z-score >= 2"
CORE_RULE = "coreness = k_max, the main core (none when k_max < 2)"
PERIPHERY_RULE = "coreness <= max(1, floor(k_max / 2))"
BRIDGE_RULE = "articulation point, or participation >= 0.5, or betweenness in the top 10 % (and > 0)"

STEPS = ("degree", "components", "pagerank", "reach2", "coreness", "communities", "participation",
         "betweenness", "tie_measures", "structural_holes", "articulation", "bridges", "copy_ties")
NEEDS = {
    "hubs": {"degree", "components", "pagerank", "reach2"},
    "cores": {"degree", "components", "coreness"},
    "clusters": {"degree", "components", "communities"},
    "bridging": {"degree", "components", "coreness", "communities", "participation", "betweenness",
                 "tie_measures", "structural_holes", "articulation", "bridges", "copy_ties"},
    "weak_ties": {"degree", "components", "communities", "tie_measures", "bridges", "copy_ties"},
}
NEEDS["recommendations"] = set(STEPS)
NEEDS["all"] = set(STEPS)
HEAVY_STEPS = {"communities", "betweenness", "articulation", "bridges"}

_PROPERTY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class AnalysisError(NetnpError):
    """An analysis cannot run as asked: unknown name, bad scope, graph too big for the engine."""


@dataclass
class Scope:
    """Which part of the graph an analysis looks at.

    Parameters
    ----------
    kinds : node kinds in scope (labels Person, Organization, WebPage).
    types : tie types in scope; ``None`` for all.
    directed : whether tie directions matter (in/out-degree, directed PageRank).
    weight : the tie property holding the weight (1.0 when missing).
    since, until : ISO dates of the time window; a tie is in scope when its
        ``since``/``until`` dates overlap it. ``None`` leaves that end open.
    """

    kinds: list[str] = field(default_factory=lambda: list(KINDS))
    types: list[str] | None = None
    directed: bool = False
    weight: str = "weight"
    since: str | None = None
    until: str | None = None

    def validate(self) -> Scope:
        """Check every field; raise :class:`InputError` naming the bad one."""
        if not self.kinds:
            raise InputError("scope: --kind needs at least one kind")
        for kind in self.kinds:
            if kind not in KINDS:
                raise InputError(f"scope: unknown kind {kind!r}; use one of {', '.join(KINDS)}")
        for tie_type in self.types or []:
            if not TIE_TYPE.match(tie_type):
                raise InputError(f"scope: tie type {tie_type!r} must match ^[A-Z][A-Z0-9_]*$")
        if not _PROPERTY.match(self.weight or ""):
            raise InputError(f"scope: weight property {self.weight!r} must be a plain property name")
        dates = {}
        for name in ("since", "until"):
            value = getattr(self, name)
            if value is not None:
                try:
                    dates[name] = _dt.date.fromisoformat(value)
                except ValueError:
                    raise InputError(f"scope: --{name} {value!r} is not an ISO date (YYYY-MM-DD)") from None
        if len(dates) == 2 and dates["since"] > dates["until"]:
            raise InputError(f"scope: --since {self.since} is after --until {self.until}")
        return self


@dataclass
class RunReport:
    """What a run did: its record, as written on the graph."""

    run_id: str
    engine: str
    analyses: list[str]
    nodes: int
    pairs: int
    seconds: float
    record: dict[str, Any]


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def choose_engine(runner: Runner, engine: str) -> str:
    """``gds`` or ``cypher``: the forced engine, or GDS when the server has it."""
    if engine not in ENGINES:
        raise AnalysisError(f"unknown engine {engine!r}; use one of {', '.join(ENGINES)}")
    if engine == "auto":
        return "gds" if health.has_gds(runner) else "cypher"
    if engine == "gds" and not health.has_gds(runner):
        raise AnalysisError("--engine gds: this server has no Graph Data Science plugin; use --engine cypher")
    return engine


def run_analysis(
    runner: Runner,
    name: str = "all",
    scope: Scope | None = None,
    engine: str = "auto",
    focus: str | None = None,
    on_step: Callable[[str, int, int], None] | None = None,
) -> RunReport:
    """Compute one analysis (or ``"all"``) and write its results onto the graph.

    Parameters
    ----------
    runner : Runner
    name : one of :data:`ANALYSES`, or ``"all"``.
    scope : the part of the graph to analyse; all of it by default.
    engine : ``"auto"`` (GDS when the server has it), ``"gds"`` or ``"cypher"``.
    focus : id of the focal organisation, recorded with the run (recommendations
        are read for it by :func:`netnp.analysis.results`).
    on_step : called as ``on_step(step, done, total)`` before each step.

    Returns
    -------
    RunReport
        The run's id, engine, size and record.

    Raises
    ------
    AnalysisError
        Unknown analysis, unknown focus, or a graph too big for the engine.
    """
    if name not in NEEDS:
        raise AnalysisError(f"unknown analysis {name!r}; use one of {', '.join(ANALYSES)} or all")
    scope = (scope or Scope()).validate()
    chosen = choose_engine(runner, engine)
    started = _now()
    run_id = f"run-{started}-{uuid.uuid4().hex[:4]}"
    steps = [s for s in STEPS if s in NEEDS[name]]
    total = len(steps) + 2
    began = _dt.datetime.now(_dt.timezone.utc)

    def progress(step: str, done: int) -> None:
        if on_step:
            on_step(step, done, total)

    if focus is not None and not runner.read("analysis/results/focus_exists", focus=focus):
        raise AnalysisError(f"--focus {focus!r}: no node has this id")

    progress("scope", 0)
    runner.write("analysis/scope/clear_node_results", batch_size=BATCH)
    runner.write("analysis/scope/clear_tie_results", batch_size=BATCH)
    by_kind = {r["kind"]: r["nodes"] for r in runner.write(
        "analysis/scope/mark_nodes", kinds=scope.kinds, run=run_id, batch_size=BATCH).rows}
    window = {"types": scope.types, "since": scope.since, "until": scope.until}
    runner.write("analysis/scope/make_ties", weight=scope.weight, batch_size=5_000, **window)
    if scope.directed:
        runner.write("analysis/scope/make_arcs", weight=scope.weight, batch_size=5_000, **window)
    by_type = {r["type"]: r["ties"] for r in runner.read("analysis/scope/tie_counts", **window)}
    size = runner.read("analysis/scope/size")[0]
    n, pairs = size["nodes"], size["pairs"]
    if n == 0:
        raise AnalysisError(f"nothing to analyse: no node of kind {', '.join(scope.kinds)} in the graph")
    if chosen == "gds" and (pairs == 0 or (scope.directed and size["arcs"] == 0)):
        chosen = "cypher"  # GDS cannot project a relationship type with no relationship; nothing heavy to do
    if chosen == "cypher" and n > CYPHER_MAX_NODES and pairs > 0 and HEAVY_STEPS & set(steps):
        raise AnalysisError(
            f"the pure-Cypher engine computes communities, betweenness and articulation points on at most "
            f"{CYPHER_MAX_NODES:,} nodes; this scope has {n:,}: install the GDS plugin, narrow the scope "
            f"(--kind, --type, --since, --until), or run `netnp analyze hubs` / `cores`"
        )

    record: dict[str, Any] = {"betweenness_mode": None, "modularity": None, "communities": None,
                              "components": None, "largest_component": None}
    ctx = _Context(runner, scope, n, pairs, record)
    graph = None
    try:
        if chosen == "gds":
            graph = _project(ctx, run_id)
        for done, step in enumerate(steps, start=1):
            progress(step, done)
            _STEP_FUNCTIONS[step](ctx, graph)
        progress("roles", total - 1)
        rules = _assign_roles(ctx)
    finally:
        if graph is not None:
            runner.write("gds/drop_graph", name=graph)

    versions = health.versions(runner)
    finished = _now()
    parameters = {"analysis": name, "kinds": scope.kinds, "types": scope.types, "directed": scope.directed,
                  "weight": scope.weight, "since": scope.since, "until": scope.until, "focus": focus}
    full = {
        "run_id": run_id, "started_at": started, "finished_at": finished, "engine": chosen,
        "analyses": json.dumps(sorted(set(steps))), "parameters": json.dumps(parameters),
        "versions": json.dumps({"netnp": __version__, "neo4j": versions.neo4j, "gds": versions.gds,
                                "apoc": versions.apoc}),
        "by_kind": json.dumps({k: by_kind.get(k, 0) for k in KINDS}), "by_type": json.dumps(by_type),
        "nodes": n, "pairs": pairs, **{k: v for k, v in record.items() if v is not None}, **rules,
    }
    runner.write("analysis/common/record_run", key=f"analysis-run:{run_id}", record=full)
    runner.write("analysis/common/record_run", key="analysis:last", record=full)
    progress("done", total)
    seconds = (_dt.datetime.now(_dt.timezone.utc) - began).total_seconds()
    return RunReport(run_id, chosen, steps, n, pairs, seconds, full)


@dataclass
class _Context:
    runner: Runner
    scope: Scope
    nodes: int
    pairs: int
    record: dict[str, Any]
    engine: str = "gds"
    #: GDS threads, set by :func:`gds_concurrency` when the view is projected.
    concurrency: int = GDS_COMMUNITY_MAX_CONCURRENCY


def _project(ctx: _Context, run_id: str) -> str:
    """Estimate memory, then project the view into GDS; raise when it would not fit."""
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


def gds_concurrency(runner: Runner) -> int:
    """Threads for GDS algorithms: the server's processors (more threads than
    processors only contend), at most 4 on GDS Community, which refuses more."""
    info = runner.read("gds/available_cpus")[0]
    cpus = max(1, int(info["cpus"] or 1))
    return cpus if info["edition"] == "Licensed" else min(cpus, GDS_COMMUNITY_MAX_CONCURRENCY)


def _loop(ctx: _Context, step: str, swap: str, key: str, limit: int, stop: Callable[[Any], bool]) -> int:
    for iteration in range(1, limit + 1):
        if step:
            ctx.runner.write(step)
        value = ctx.runner.write(swap).rows[0][key]
        if stop(value):
            return iteration
    return limit


# -- steps ---------------------------------------------------------------------------
def _degree(ctx: _Context, graph: str | None) -> None:
    ctx.runner.write("analysis/common/degree", directed=ctx.scope.directed, batch_size=BATCH)


def _components(ctx: _Context, graph: str | None) -> None:
    if graph:
        ctx.runner.write("analysis/gds/components", graph=graph, concurrency=ctx.concurrency)
    else:
        ctx.runner.write("analysis/cypher/components_init")
        _loop(ctx, "", "analysis/cypher/components_step", "changed", ctx.nodes + 1, lambda c: c == 0)
    sizes = ctx.runner.write("analysis/common/renumber_components").rows
    ctx.record["components"] = len(sizes)
    ctx.record["largest_component"] = max((r["size"] for r in sizes), default=0)


def _pagerank(ctx: _Context, graph: str | None) -> None:
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


def _reach2(ctx: _Context, graph: str | None) -> None:
    ctx.runner.write("analysis/common/reach2", batch_size=2_000)


def _coreness(ctx: _Context, graph: str | None) -> None:
    if graph:
        ctx.runner.write("analysis/gds/coreness", graph=graph, concurrency=ctx.concurrency)
    else:
        ctx.runner.write("analysis/cypher/coreness_init")
        _loop(ctx, "analysis/cypher/coreness_step", "analysis/cypher/coreness_swap", "changed",
              ctx.nodes + 1, lambda c: c == 0)
        ctx.runner.write("analysis/cypher/coreness_finish")


def _communities(ctx: _Context, graph: str | None) -> None:
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


def _participation(ctx: _Context, graph: str | None) -> None:
    ctx.runner.write("analysis/common/participation", batch_size=BATCH)


def _betweenness(ctx: _Context, graph: str | None) -> None:
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


def _scale_betweenness(ctx: _Context, sources: int, raw_factor: float) -> None:
    """Normalise raw betweenness as networkx does, and record how it was computed."""
    n = ctx.nodes
    norm = 1.0 / ((n - 1) * (n - 2)) if n > 2 else 0.0
    ctx.runner.write("analysis/common/betweenness_scale", factor=raw_factor * norm)
    ctx.record["betweenness_mode"] = ("exact" if sources >= n
                                      else f"sampled from {sources} sources (seed {BETWEENNESS_SEED})")


def _structural_holes(ctx: _Context, graph: str | None) -> None:
    ctx.runner.write("analysis/common/structural_holes", batch_size=2_000)


def _articulation(ctx: _Context, graph: str | None) -> None:
    if graph:
        ctx.runner.write("analysis/gds/articulation_points", graph=graph, concurrency=ctx.concurrency)
    else:
        ctx.runner.write("analysis/cypher/articulation_points")


def _tie_measures(ctx: _Context, graph: str | None) -> None:
    ctx.runner.write("analysis/common/tie_measures", batch_size=2_000)


def _bridges(ctx: _Context, graph: str | None) -> None:
    if graph:
        ctx.runner.write("analysis/gds/bridges", graph=graph, concurrency=ctx.concurrency)
    else:
        ctx.runner.write("analysis/cypher/bridges")


def _copy_ties(ctx: _Context, graph: str | None) -> None:
    ctx.runner.write("analysis/common/copy_tie_results", batch_size=5_000)


_STEP_FUNCTIONS: dict[str, Callable[[_Context, str | None], None]] = {
    "degree": _degree, "components": _components, "pagerank": _pagerank, "reach2": _reach2,
    "coreness": _coreness, "communities": _communities, "participation": _participation,
    "betweenness": _betweenness, "structural_holes": _structural_holes, "articulation": _articulation,
    "tie_measures": _tie_measures, "bridges": _bridges, "copy_ties": _copy_ties,
}


def _top_value(values: list[float], share: float) -> float | None:
    """The smallest value among the top ``share`` of ``values`` (at least one)."""
    if not values:
        return None
    ranked = sorted(values, reverse=True)
    return ranked[max(1, math.ceil(share * len(ranked))) - 1]


def role_thresholds(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Thresholds of the role rules (see :data:`HUB_RULE` and the others) from the nodes' measures."""
    degrees = [r["degree"] for r in rows if r["degree"] is not None]
    pageranks = [r["pagerank"] for r in rows if r["pagerank"] is not None]
    cores = [r["coreness"] for r in rows if r["coreness"] is not None]
    betweenness = [r["betweenness"] for r in rows if r["betweenness"] is not None]
    hub_degree = None
    if len(degrees) > 1:
        mean = sum(degrees) / len(degrees)
        sd = math.sqrt(sum((d - mean) ** 2 for d in degrees) / len(degrees))
        hub_degree = mean + HUB_DEGREE_Z * sd if sd > 0 else None
    k_max = max(cores) if cores else None
    return {
        "hub_pagerank_min": _top_value(pageranks, HUB_TOP_SHARE) if hub_degree is not None else None,
        "hub_degree_min": hub_degree,
        "core_min": k_max if k_max is not None and k_max >= 2 else None,
        "periphery_max": max(1, k_max // 2) if k_max is not None else None,
        "bridge_participation_min": BRIDGE_PARTICIPATION,
        "bridge_betweenness_min": _top_value(betweenness, BRIDGE_TOP_SHARE),
    }


def _assign_roles(ctx: _Context) -> dict[str, Any]:
    thresholds = role_thresholds(ctx.runner.read("analysis/common/measures"))
    ctx.runner.write("analysis/common/assign_roles", batch_size=BATCH, **thresholds)
    return {"hub_rule": HUB_RULE, "core_rule": CORE_RULE, "periphery_rule": PERIPHERY_RULE,
            "bridge_rule": BRIDGE_RULE, "thresholds": json.dumps(thresholds)}


__all__ = ["ANALYSES", "AnalysisError", "RunReport", "Scope", "choose_engine", "role_thresholds",
           "run_analysis"]
