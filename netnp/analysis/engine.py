"""Running an analysis: which steps each analysis needs, and the order of a run.

A run reads its scope once (:func:`netnp.analysis.scope.read_scope`), settles
the engine and computes the graph algorithms with it
(:mod:`netnp.analysis.steps`), computes the measures of the pairs in the
client (:mod:`netnp.analysis.measures`), picks the roles from them
(:mod:`netnp.analysis.roles`), writes everything back with the run's chunks
(:mod:`netnp.analysis.runrecord`) and writes the run record, last.

One run writes at a time: a run holds the analysis lock from before it reads
the graph until its record is written, and deletes, once it holds it, the
chunks of runs that stopped before writing their record
(:mod:`netnp.analysis.runs`).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable

import numpy as np

import netnp.analysis.measures as measures
import netnp.analysis.runs as runs
from netnp.analysis.roles import NodeMeasures, pick_roles, rule_record
from netnp.analysis.runrecord import (
    NODE_MEASURES,
    RunReport,
    community_chunks,
    new_run_id,
    now,
    role_chunks,
    write_results,
    write_run_record,
)
from netnp.analysis.scope import Scope, read_scope
from netnp.analysis.steps import (
    CLIENT_STEPS,
    STEPS,
    AnalysisError,
    NothingToAnalyse,
    choose_engine,
    engine_for_graph,
    run_client,
    run_gds,
    sampling_mode,
)
from netnp.errors import InputError
from netnp.locks import ANALYSIS_LOCK, import_lock, wait_for_imports
from netnp.runner import Runner

ANALYSES = ("hubs", "cores", "clusters", "bridging", "weak_ties", "recommendations")
#: The steps each analysis needs (run in the order of :data:`netnp.analysis.steps.STEPS`).
NEEDS = {
    "hubs": {"degree", "components", "pagerank", "reach2", "eigenvector", "harmonic", "hits"},
    "cores": {"degree", "components", "coreness"},
    "clusters": {"degree", "components", "communities"},
    "bridging": {"degree", "components", "coreness", "communities", "participation", "betweenness",
                 "tie_measures", "structural_holes", "articulation", "bridges"},
    "weak_ties": {"degree", "components", "communities", "tie_measures", "bridges"},
}
NEEDS["recommendations"] = set(STEPS)
NEEDS["all"] = set(STEPS)


def run_analysis(
    runner: Runner,
    name: str = "all",
    scope: Scope | None = None,
    engine: str = "auto",
    focus: str | None = None,
    on_step: Callable[[str, int, int], None] | None = None,
    label: str | None = None,
    replace: bool = False,
) -> RunReport:
    """Compute one analysis (or ``"all"``) and write its results onto the graph.

    Parameters
    ----------
    runner : Runner
    name : one of :data:`ANALYSES`, or ``"all"``.
    scope : the part of the graph to analyse; all of it by default.
    engine : ``"auto"`` (GDS when the server has it), ``"gds"`` or ``"cypher"`` (without GDS).
    focus : id of the focal organisation, recorded with the run (recommendations
        are read for it by :func:`netnp.analysis.results`).
    on_step : called as ``on_step(phase, done, total)`` when each phase of the run starts.
    label : a name for the run, unique among the kept runs (:func:`netnp.analysis.runs.find_run`).
    replace : with ``label``, delete the run that holds it already once this one is recorded,
        instead of refusing the label before computing anything.

    Returns
    -------
    RunReport
        The run's id, engine, size and record.

    Raises
    ------
    AnalysisError
        Unknown analysis, unknown focus, or a graph too big for the engine.
    InputError
        A bad scope or label, or a label that another run holds (without ``replace``).
    """
    if name not in NEEDS:
        raise AnalysisError(f"unknown analysis {name!r}; use one of {', '.join(ANALYSES)} or all")
    scope = (scope or Scope()).validate()
    runs.check_label(label)
    chosen = choose_engine(runner, engine)
    with import_lock(runner, "netnp analyze", key=ANALYSIS_LOCK):
        return _run(runner, name, scope, chosen, focus, on_step, label, replace, asked=engine)


def _run(runner: Runner, name: str, scope: Scope, chosen: str, focus: str | None,
         on_step: Callable[[str, int, int], None] | None, label: str | None, replace: bool,
         asked: str = "auto") -> RunReport:
    """:func:`run_analysis`, once it holds the analysis lock (``asked``: the engine the caller asked for)."""
    if label is not None and not replace and runs.taken_labels(runner, [label]):
        held = runs.find_run(runner, label)
        raise InputError(f"--label {label!r} is already the label of run {held['id']}; choose another label, "
                         f"or delete that run first (`netnp runs delete {label}`)")
    started = now()
    run_id = new_run_id(started)
    steps = [s for s in STEPS if s in NEEDS[name] and (s != "hits" or scope.directed)]
    wanted = set(steps)
    began = _dt.datetime.now(_dt.UTC)
    done = [0]
    total = 8 + len(wanted)

    def progress(phase: str) -> None:
        if on_step:
            on_step(phase, done[0], total)
        done[0] += 1

    wait_for_imports(runner)  # an import, sample or crawl batch being written: analyse the graph once it is whole
    cleaned = runs.clean_debris(runner, keep=run_id)
    if focus is not None and not runner.read("analysis/results/focus_exists", focus=focus):
        raise AnalysisError(f"--focus {focus!r}: no node has this id")

    progress("scope")
    tie_results = "tie_measures" in wanted
    graph = read_scope(runner, scope, tie_results=tie_results)
    if graph.n == 0:
        if scope.since or scope.until:
            raise NothingToAnalyse(f"nothing to analyse: no tie in scope from {scope.since or 'the start'} "
                                   f"to {scope.until or 'now'}")
        raise NothingToAnalyse(f"nothing to analyse: no node of kind {', '.join(scope.kinds)} in the graph")
    chosen = engine_for_graph(chosen, scope, graph, asked=asked)
    g = measures.undirected(graph)
    if chosen == "gds":
        found = run_gds(runner, scope, graph, wanted, run_id, progress)
        found.nodes.update(run_client(scope, graph, g, wanted & CLIENT_STEPS, progress).nodes)
    else:  # components and PageRank, as GDS computes them for every analysis
        found = run_client(scope, graph, g, wanted | {"components", "pagerank"}, progress)

    progress("measures")
    n = graph.n
    node: dict[str, np.ndarray | None] = dict.fromkeys(NODE_MEASURES)
    node.update(measures.degrees(graph))
    if not scope.directed:
        node["in_degree"] = node["out_degree"] = None
    node.update(found.nodes)
    record: dict[str, object] = {}
    node["component"] = measures.numbered_by_size(graph, node["component"])
    sizes = np.bincount(node["component"])
    record["components"], record["largest_component"] = len(sizes), int(sizes.max(initial=0))
    if "reach2" in wanted:
        node["reach2"] = measures.reach2(g)
    community = node.get("community")
    if community is not None:
        community = node["community"] = measures.numbered_by_size(graph, community)
        record["modularity"] = measures.modularity(graph, community, node["strength"])
        record["communities"] = int(community.max(initial=-1)) + 1
    if "betweenness" in wanted or "harmonic" in wanted:
        record["betweenness_mode"] = sampling_mode(n)
    if "betweenness" in wanted:
        # Both engines count each unordered pair once (networkx's unnormalised value); a sample of k
        # sources is scaled up by n / k, and the whole normalised as networkx: 2 / ((n - 1)(n - 2)).
        scale = 2.0 * n / found.sources / ((n - 1) * (n - 2)) if n > 2 else 0.0
        node["betweenness"] = node["betweenness"] * scale
    for score in ("hub", "authority"):
        if node.get(score) is not None:
            total_score = node[score].sum()
            node[score] = node[score] / total_score if total_score > 0 else node[score]
    pair: dict[str, np.ndarray | None] = {"bridge": found.bridge}
    if tie_results:
        pair.update(measures.tie_measures(graph, g, node["degree"], node["strength"]))
        if community is not None:
            pair["spans_clusters"] = community[graph.source] != community[graph.target]
    if "participation" in wanted and community is not None:
        node["participation"] = measures.participation(graph, node["degree"], community)
    if "structural_holes" in wanted:
        node.update(measures.structural_holes(graph, node["degree"], node["strength"], pair["common"],
                                              pair["indirect"]))

    progress("roles")
    picks, roles = pick_roles(NodeMeasures(graph.kinds, graph.ids, node.get("pagerank"), node.get("coreness"),
                                           node.get("betweenness"), node.get("participation")))

    progress("write")
    others = {"roles": role_chunks(run_id, graph, roles)}
    if community is not None:
        others["communities"] = community_chunks(run_id, measures.community_profiles(graph, community))
    chunks = write_results(runner, run_id, graph, node, roles, pair, write_ties=tie_results, chunks=others)
    runner.write("analysis/run/clear_stale", run=run_id, ties=graph.stale)
    rules = rule_record(picks)

    progress("record")
    run_record = write_run_record(runner, run_id=run_id, started=started, analysis=name, engine=chosen, steps=steps,
                                  scope=scope, focus=focus, graph=graph, measures=record, rules=rules, chunks=chunks,
                                  label=label, replace=replace)
    progress("done")
    seconds = (_dt.datetime.now(_dt.UTC) - began).total_seconds()
    return RunReport(run_id, chosen, steps, graph.n, graph.pairs, seconds, run_record, label=label,
                     cleaned=cleaned)


__all__ = ["ANALYSES", "NEEDS", "run_analysis"]
