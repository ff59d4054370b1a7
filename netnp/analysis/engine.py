"""Running an analysis: which steps each analysis needs, and the order of a run.

A run builds the view of its scope (:mod:`netnp.analysis.scope`), settles the
engine and runs the steps (:mod:`netnp.analysis.steps`), sets the roles
(:mod:`netnp.analysis.roles`) and writes the run record
(:mod:`netnp.analysis.runrecord`).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable

from netnp.analysis.roles import assign_roles
from netnp.analysis.runrecord import RunReport, new_run_id, now, write_run_record
from netnp.analysis.scope import Scope, build_view
from netnp.analysis.steps import (STEP_FUNCTIONS, STEPS, AnalysisError, StepContext, choose_engine,
                                  engine_for_view, project)
from netnp.locks import wait_for_imports
from netnp.runner import Runner

ANALYSES = ("hubs", "cores", "clusters", "bridging", "weak_ties", "recommendations")
#: The steps each analysis needs (run in the order of :data:`netnp.analysis.steps.STEPS`).
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
    started = now()
    run_id = new_run_id(started)
    steps = [s for s in STEPS if s in NEEDS[name]]
    total = len(steps) + 2
    began = _dt.datetime.now(_dt.timezone.utc)

    def progress(step: str, done: int) -> None:
        if on_step:
            on_step(step, done, total)

    wait_for_imports(runner)  # an import, sample or crawl batch being written: analyse the graph once it is whole
    if focus is not None and not runner.read("analysis/results/focus_exists", focus=focus):
        raise AnalysisError(f"--focus {focus!r}: no node has this id")

    progress("scope", 0)
    view = build_view(runner, scope, run_id)
    if view.nodes == 0:
        raise AnalysisError(f"nothing to analyse: no node of kind {', '.join(scope.kinds)} in the graph")
    chosen = engine_for_view(chosen, scope, view, steps)

    ctx = StepContext(runner, scope, view.nodes, view.pairs)
    graph = None
    try:
        if chosen == "gds":
            graph = project(ctx, run_id)
        for done, step in enumerate(steps, start=1):
            progress(step, done)
            STEP_FUNCTIONS[step](ctx, graph)
        progress("roles", total - 1)
        rules = assign_roles(runner)
    finally:
        if graph is not None:
            runner.write("gds/drop_graph", name=graph)

    record = write_run_record(runner, run_id=run_id, started=started, analysis=name, engine=chosen, steps=steps,
                              scope=scope, focus=focus, view=view, measures=ctx.record, rules=rules)
    progress("done", total)
    seconds = (_dt.datetime.now(_dt.timezone.utc) - began).total_seconds()
    return RunReport(run_id, chosen, steps, view.nodes, view.pairs, seconds, record)


__all__ = ["ANALYSES", "NEEDS", "run_analysis"]
