"""One kept analysis run read whole from its chunks: its nodes and their measures, its pairs, its roles.

A run keeps what it analysed as ``NetnpRunChunk`` nodes of parallel arrays
(docs/analysis-results.md, "Runs"): they stay as the run left them whatever
happens to the graph afterwards, so they are the truth of that run. Growth
compares two runs read this way, and the recommendations of a run are
computed from its pairs (:mod:`netnp.analysis.recommend`).
"""

from __future__ import annotations

import functools
import json
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from netnp.model import ROLE_LABELS
from netnp.runner import Runner

#: How many of a run's reads run at once (the machines have 2 cores).
READ_WORKERS = 2


@dataclass
class RunData:
    """One run's results, as its chunks keep them.

    Node ``i`` is ``ids[i]``; pair ``p`` joins ``source[p] < target[p]`` (ids, in
    text order) with ``weight[p]`` (the summed weights of its ties in the run's
    scope), the tie types ``types[p]`` (joined by ``|``) and ``web[p]`` (a web
    page at one end). A measure the run did not compute is ``None``.
    """

    record: dict[str, Any]
    parameters: dict[str, Any]
    ids: list[str]
    degree: list[int] | None
    coreness: list[int] | None
    community: list[int] | None
    component: list[int] | None
    pagerank: list[float] | None
    source: list[str]
    target: list[str]
    weight: list[float]
    types: list[str]
    web: list[bool]
    overlap: list[float] | None
    local_bridge: list[bool] | None
    spans_clusters: list[bool] | None
    roles: dict[str, list[str]]
    position: dict[str, int] = field(init=False)

    def __post_init__(self) -> None:
        self.position = {node: i for i, node in enumerate(self.ids)}

    @functools.cached_property
    def pair_position(self) -> dict[tuple[str, str], int]:
        """The position of each pair, by ``(source, target)``; made when first asked for."""
        return {pair: p for p, pair in enumerate(zip(self.source, self.target, strict=True))}

    @property
    def id(self) -> str:
        return self.record["id"]

    def node_roles(self) -> dict[str, tuple[str, ...]]:
        """Each node's roles, in the order of :data:`netnp.model.ROLE_LABELS`; nodes without a role are left out."""
        held: dict[str, list[str]] = defaultdict(list)
        for role in ROLE_LABELS:
            for node in self.roles.get(role, []):
                held[node].append(role)
        return {node: tuple(roles) for node, roles in held.items()}

    def tie_set(self) -> set[tuple[str, str, str]]:
        """The run's ties as ``(source, target, type)``: one per pair and tie type in it."""
        return {(s, t, kind) for s, t, types in zip(self.source, self.target, self.types, strict=True)
                for kind in types.split("|")}

    def is_weak(self, p: int) -> bool | None:
        """Whether pair ``p`` is a weak tie: a local bridge or a tie between two clusters; ``None`` without tie measures."""
        if self.local_bridge is None or self.local_bridge[p] is None:
            return None
        spans = self.spans_clusters[p] if self.spans_clusters is not None else None
        return bool(self.local_bridge[p]) or bool(spans)


def run_parameters(record: dict[str, Any]) -> dict[str, Any]:
    """The parameters a run's record keeps (as JSON text), as a dict."""
    value = record.get("parameters")
    return json.loads(value) if isinstance(value, str) else dict(value or {})


def _joined(rows: list[dict[str, Any]], key: str) -> list | None:
    """One array of a part, chunk after chunk; ``None`` when the run did not compute it."""
    if not rows or any(row[key] is None for row in rows):
        return None
    return [value for row in rows for value in row[key]]


#: The arrays of a run's pairs that :func:`read_pairs` returns.
PAIR_COLUMNS = ("source", "target", "weight", "types", "web", "overlap", "local_bridge", "spans_clusters")


def read_pairs(runner: Runner, run_id: str) -> dict[str, list | None]:
    """The pair arrays of run ``run_id`` (``growth/pairs``), keyed by :data:`PAIR_COLUMNS`, each pair as ``source < target``.

    ``source``, ``target``, ``weight``, ``types`` and ``web`` are lists (empty
    when the run kept no pair); a tie measure the run did not compute is ``None``.
    """
    rows = runner.read("growth/pairs", run=run_id)
    source, target = _joined(rows, "source") or [], _joined(rows, "target") or []
    # Pairs are kept in the order of the run's node indices; they are keyed here by ids in text order.
    swap = [s > t for s, t in zip(source, target, strict=True)]
    return {
        "source": [t if flip else s for s, t, flip in zip(source, target, swap, strict=True)],
        "target": [s if flip else t for s, t, flip in zip(source, target, swap, strict=True)],
        "weight": [float(w) for w in _joined(rows, "weight") or []],
        "types": _joined(rows, "types") or [], "web": _joined(rows, "web") or [],
        "overlap": _joined(rows, "overlap"), "local_bridge": _joined(rows, "local_bridge"),
        "spans_clusters": _joined(rows, "spans_clusters"),
    }


def read_run(runner: Runner, record: dict[str, Any], pool: ThreadPoolExecutor | None = None) -> RunData:
    """Read one run's node, pair and role chunks (``growth/nodes``, ``growth/pairs``, ``growth/roles``)."""
    own = pool is None
    pool = pool or ThreadPoolExecutor(READ_WORKERS, thread_name_prefix="netnp-run")
    try:
        nodes = pool.submit(runner.read, "growth/nodes", run=record["id"])
        pairs = pool.submit(read_pairs, runner, record["id"])
        role_rows = runner.read("growth/roles", run=record["id"])
        node_rows, pair_columns = nodes.result(), pairs.result()
    finally:
        if own:
            pool.shutdown()
    roles: dict[str, list[str]] = defaultdict(list)
    for row in role_rows:
        roles[row["role"]].extend(row["id"])
    return RunData(
        record=record, parameters=run_parameters(record), ids=_joined(node_rows, "id") or [],
        degree=_joined(node_rows, "degree"), coreness=_joined(node_rows, "coreness"),
        community=_joined(node_rows, "community"), component=_joined(node_rows, "component"),
        pagerank=_joined(node_rows, "pagerank"), roles=dict(roles), **pair_columns,
    )


__all__ = ["PAIR_COLUMNS", "READ_WORKERS", "RunData", "read_pairs", "read_run", "run_parameters"]
