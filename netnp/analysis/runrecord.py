"""The run record: what an analysis run did, written on the graph and returned to the caller.

Each run writes its record twice with ``netnp/cypher/analysis/common/record_run``: as
``analysis-run:<run id>``, kept, and as ``analysis:last``, which
:func:`netnp.analysis.results` reads. docs/analysis.md ("What a run records") lists its fields.
"""

from __future__ import annotations

import datetime as _dt
import json
import uuid
from dataclasses import dataclass
from typing import Any

from netnp import __version__, health
from netnp.analysis.scope import Scope, View
from netnp.model import KINDS
from netnp.runner import Runner


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


def now() -> str:
    """The current UTC time, to the second, in ISO 8601 with ``Z``."""
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def new_run_id(started: str) -> str:
    """A run's id: its start time and four random hex digits."""
    return f"run-{started}-{uuid.uuid4().hex[:4]}"


def write_run_record(
    runner: Runner,
    *,
    run_id: str,
    started: str,
    analysis: str,
    engine: str,
    steps: list[str],
    scope: Scope,
    focus: str | None,
    view: View,
    measures: dict[str, Any],
    rules: dict[str, Any],
) -> dict[str, Any]:
    """Write the record of a finished run on the graph, and return it.

    Parameters
    ----------
    runner : Runner
    run_id, started : the run's id and start time (:func:`new_run_id`, :func:`now`).
    analysis : the analysis asked for, or ``"all"``.
    engine : the engine that ran the steps, ``"gds"`` or ``"cypher"``.
    steps : the steps that ran.
    scope, focus : as given to :func:`netnp.analysis.run_analysis`.
    view : the analysed view's size.
    measures : run-wide measures found by the steps; ``None`` values are left out.
    rules : role rules and thresholds (:func:`netnp.analysis.roles.assign_roles`).
    """
    versions = health.versions(runner)
    finished = now()
    parameters = {"analysis": analysis, "kinds": scope.kinds, "types": scope.types, "directed": scope.directed,
                  "weight": scope.weight, "since": scope.since, "until": scope.until, "focus": focus}
    record = {
        "run_id": run_id, "started_at": started, "finished_at": finished, "engine": engine,
        "analyses": json.dumps(sorted(set(steps))), "parameters": json.dumps(parameters),
        "versions": json.dumps({"netnp": __version__, "neo4j": versions.neo4j, "gds": versions.gds,
                                "apoc": versions.apoc}),
        "by_kind": json.dumps({k: view.by_kind.get(k, 0) for k in KINDS}), "by_type": json.dumps(view.by_type),
        "nodes": view.nodes, "pairs": view.pairs, **{k: v for k, v in measures.items() if v is not None}, **rules,
    }
    runner.write("analysis/common/record_run", key=f"analysis-run:{run_id}", record=record)
    runner.write("analysis/common/record_run", key="analysis:last", record=record)
    return record
