"""Snapshots: the network analysed window by window (each year, quarter or month), one labelled run per window.

A series of snapshots is what :mod:`netnp.growth` compares: each window's run
is :func:`netnp.analysis.engine.run_analysis` with the scope's ``since`` and
``until`` set to the window (:func:`netnp.analysis.runs.windows`), labelled by
its period (``2023``, ``2023-Q2``, ``2023-05``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from netnp.analysis.engine import run_analysis
from netnp.analysis.runrecord import RunReport
from netnp.analysis.runs import check_label, delete_run, taken_labels, windows
from netnp.analysis.scope import Scope
from netnp.analysis.steps import NothingToAnalyse
from netnp.errors import NetnpError
from netnp.runner import Runner


def take_snapshots(
    runner: Runner,
    every: str,
    start: str,
    end: str,
    *,
    cumulative: bool = False,
    label_prefix: str = "",
    replace: bool = False,
    scope: Scope | None = None,
    engine: str = "auto",
    focus: str | None = None,
    on_window: Callable[[str, str], None] | None = None,
) -> list[tuple[str, Scope, RunReport | None]]:
    """Run ``analyze all`` once per window of [``start``, ``end``], each run labelled by its period.

    A window in which no tie of the scope was observed (a quiet month) has
    nothing to analyse: it keeps no run and the series goes on, since growth
    compares the windows that have one.

    Parameters
    ----------
    runner : Runner
    every : ``"year"``, ``"quarter"`` or ``"month"``.
    start, end : ISO dates: the span the windows cover.
    cumulative : every window starts at ``start`` (the network so far).
    label_prefix : put before each label.
    replace : replace the runs that hold these labels already (deleting that of a window now empty);
        otherwise such labels are refused before anything is computed.
    scope : kinds, types, direction and weight of every run (its window is set per run).
    engine, focus : as :func:`netnp.analysis.run_analysis` takes them.
    on_window : called as ``on_window(label, step)`` at each step of each run.

    Returns
    -------
    list of (label, scope, RunReport or None)
        One per window, oldest first; None for a window with nothing to analyse.

    Raises
    ------
    InputError
        A bad period or date, or a label a run holds already (without ``replace``).
    NothingToAnalyse
        When no window has anything to analyse.
    """
    series = windows(every, start, end, cumulative)
    labels = [check_label(f"{label_prefix}{name}") for name, _, _ in series]
    base = (scope or Scope()).validate()
    scopes = [dataclasses.replace(base, since=since, until=until).validate() for _, since, until in series]
    taken = taken_labels(runner, labels)
    if taken and not replace:
        raise NetnpError(f"runs with the labels {', '.join(taken)} exist already; add --replace to replace them, "
                         "or choose another --label-prefix")
    done = []
    for label, window in zip(labels, scopes, strict=True):
        try:
            ran = run_analysis(runner, "all", window, engine=engine, focus=focus, label=label, replace=replace,
                               on_step=None if on_window is None else
                               (lambda step, _done, _total, label=label: on_window(label, step)))
        except NothingToAnalyse:
            ran = None
            if label in taken:  # with replace: the window is empty now, so its old run no longer holds
                delete_run(runner, label)
        done.append((label, window, ran))
    if all(ran is None for _, _, ran in done):
        raise NothingToAnalyse(f"nothing to analyse: no tie in scope in any window from {series[0][1]} "
                               f"to {series[-1][2]}")
    return done


__all__ = ["take_snapshots"]
