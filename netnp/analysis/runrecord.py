"""Writing a run's results: onto the analysed nodes and ties, as the run's own chunks, and its record.

The latest run's results are the ``netnp_`` properties and role labels of the
nodes and ties, for Browser; every run also keeps its own copy as
``NetnpRunChunk`` nodes of parallel arrays, written in the same queries (so
that keeping a run costs no extra pass), and a ``NetnpRun`` node with its
record, written last: a run without a record is not complete, and readers
never see it. docs/analysis-results.md ("Runs") describes the form.
"""

from __future__ import annotations

import datetime as _dt
import json
import uuid
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from netnp import __version__, health
from netnp.analysis.scope import BATCH, Scope, ScopeGraph
from netnp.analysis.steps import server_fact
from netnp.model import KINDS
from netnp.runner import Runner

#: The node measures a run writes, as ``netnp_<name>`` properties and chunk arrays.
NODE_MEASURES = ("degree", "in_degree", "out_degree", "strength", "pagerank", "reach2", "coreness", "community",
                 "component", "betweenness", "constraint", "effective_size", "participation", "articulation",
                 "eigenvector", "harmonic", "hub", "authority")
#: The pair measures a run keeps (besides source, target, weight, ties and types).
PAIR_MEASURES = ("overlap", "common", "local_bridge", "spans_clusters", "bridge")
#: Pairs per write transaction (each writes the tie results of all the pair's ties).
PAIR_BATCH = 10_000


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
    #: The run's label, if it has one.
    label: str | None = None
    #: The interrupted runs whose chunks this run deleted: ``{"run", "chunks"}`` each.
    cleaned: list[dict[str, Any]] = field(default_factory=list)


def now() -> str:
    """The current UTC time, to the second, in ISO 8601 with ``Z``."""
    return _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


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
    graph: ScopeGraph,
    measures: dict[str, Any],
    rules: dict[str, Any],
    chunks: dict[str, int],
    label: str | None = None,
    replace: bool = False,
) -> dict[str, Any]:
    """Write the record of a finished run on the graph, last of the run's writes, and return it.

    Parameters
    ----------
    runner : Runner
    run_id, started : the run's id and start time (:func:`new_run_id`, :func:`now`).
    analysis : the analysis asked for, or ``"all"``.
    engine : the engine that ran the steps, ``"gds"`` or ``"cypher"``.
    steps : the steps that ran.
    scope, focus : as given to :func:`netnp.analysis.run_analysis`.
    graph : the analysed graph.
    measures : run-wide measures found by the steps; ``None`` values are left out.
    rules : role rules and thresholds (:func:`netnp.analysis.roles.rule_record`).
    chunks : how many chunks of each part the run wrote, by which readers know it complete.
    label : the run's label, unique among runs.
    replace : delete the run that holds ``label`` already, instead of failing.
    """
    versions = server_fact(runner, "versions", health.versions)
    finished = now()
    parameters = {"analysis": analysis, "kinds": scope.kinds, "types": scope.types, "directed": scope.directed,
                  "weight": scope.weight, "since": scope.since, "until": scope.until, "focus": focus}
    record = {
        "run_id": run_id, "started_at": started, "finished_at": finished, "engine": engine,
        "analyses": json.dumps(sorted(set(steps))), "parameters": json.dumps(parameters),
        "versions": json.dumps({"netnp": __version__, "neo4j": versions.neo4j, "gds": versions.gds,
                                "apoc": versions.apoc}),
        "by_kind": json.dumps({k: graph.by_kind.get(k, 0) for k in KINDS}), "by_type": json.dumps(graph.by_type),
        "nodes": graph.n, "pairs": graph.pairs, "chunks": json.dumps(chunks),
        **{k: v for k, v in measures.items() if v is not None}, **rules,
    }
    if label is not None:
        record["label"] = label
    written = runner.write("analysis/common/record_run", record=record, replace=replace).rows[0]
    return {**record, "id": run_id, "sequence": written["sequence"]}


def _column(values: np.ndarray | None, rows: slice) -> list | None:
    return None if values is None else values[rows].tolist()


def write_results(runner: Runner, run_id: str, graph: ScopeGraph, nodes: dict[str, np.ndarray | None],
                  roles: list[list[str]], pairs: dict[str, np.ndarray | None], write_ties: bool,
                  chunks: dict[str, list[dict[str, Any]]]) -> dict[str, int]:
    """Write a run's results onto the graph and keep them as its chunks: the node batches
    (:func:`write_nodes`, with the roles), the pair batches (:func:`write_pairs`) and the run's other
    chunks (``chunks``: part name to its chunks, stored as they are, in one transaction).
    Returns the number of chunks written, by part.
    """
    counts = {"nodes": write_nodes(runner, run_id, graph, nodes, roles),
              "pairs": write_pairs(runner, run_id, graph, pairs, write_ties)}
    stored = [chunk for part in chunks.values() for chunk in part]
    if stored:
        runner.write("analysis/run/store_chunks", chunks=stored)
    return {**counts, **{part: len(found) for part, found in chunks.items()}}


def write_nodes(runner: Runner, run_id: str, graph: ScopeGraph, columns: dict[str, np.ndarray | None],
                roles: list[list[str]]) -> int:
    """Write the node measures and roles onto the analysed nodes, and keep them as the run's node chunks,
    in one pass; return the number of chunks written.

    ``columns`` maps each of :data:`NODE_MEASURES` to its array by node index, or
    ``None`` when the run did not compute it (its property is removed); ``roles`` lists
    each node's role labels.
    """
    starts = range(0, max(graph.n, 1), BATCH)
    for index, start in enumerate(starts):
        rows = slice(start, start + BATCH)
        runner.write("analysis/run/write_nodes", run=run_id, index=index, nodes=graph.nodes[rows], ids=graph.ids[rows],
                     roles=roles[rows], columns={name: _column(columns.get(name), rows) for name in NODE_MEASURES})
    return len(starts)


def write_pairs(runner: Runner, run_id: str, graph: ScopeGraph, columns: dict[str, np.ndarray | None],
                write_ties: bool) -> int:
    """Keep the pairs and their measures as the run's pair chunks and, with ``write_ties``, write the tie
    measures onto every user tie of each pair, in one pass; return the number of chunks written."""
    ids = np.asarray(graph.ids, dtype=object)
    types = np.asarray(["|".join(sorted(set(t))) for t in graph.types], dtype=object)
    counts = np.asarray([len(t) for t in graph.ties], dtype=np.int64)
    # Whether a web page is at one end: results list those ties apart from the ties between people and organisations.
    is_page = np.asarray([kind == "WebPage" for kind in graph.kinds], dtype=bool)
    web = is_page[graph.source] | is_page[graph.target]

    starts = range(0, graph.pairs, PAIR_BATCH)
    for index, start in enumerate(starts):
        rows = slice(start, start + PAIR_BATCH)
        batch = {"source": ids[graph.source[rows]].tolist(), "target": ids[graph.target[rows]].tolist(),
                 "weight": graph.weight[rows].tolist(), "ties": counts[rows].tolist(), "types": types[rows].tolist(),
                 "web": web[rows].tolist(), **{name: _column(columns.get(name), rows) for name in PAIR_MEASURES}}
        runner.write("analysis/run/write_pairs", run=run_id, index=index, columns=batch,
                     ties=graph.ties[rows] if write_ties else None)
    return len(starts)


def role_chunks(run_id: str, graph: ScopeGraph, roles: list[list[str]]) -> list[dict[str, Any]]:
    """The run's role chunks: for each role, the netnp ids of its nodes, :data:`BATCH` ids a chunk."""
    members: dict[str, list[str]] = {}
    for node_id, found in zip(graph.ids, roles, strict=True):
        for role in found:
            members.setdefault(role, []).append(node_id)
    return [{"run": run_id, "part": "roles", "role": role, "index": index, "id": ids[start:start + BATCH]}
            for role, ids in members.items() for index, start in enumerate(range(0, len(ids), BATCH))]


def community_chunks(run_id: str, profiles: dict[str, list]) -> list[dict[str, Any]]:
    """The run's community chunks (size, ties inside, out and to each other community), :data:`PAIR_BATCH` a chunk."""
    return [{"run": run_id, "part": "communities", "index": index,
             **{key: values[start:start + PAIR_BATCH] for key, values in profiles.items()}}
            for index, start in enumerate(range(0, len(profiles["community"]), PAIR_BATCH))]
