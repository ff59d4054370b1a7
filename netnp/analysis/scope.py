"""The scope of an analysis (which nodes and ties it looks at), and the analysed graph read from it.

The analysed graph is the simple graph of the scope's *pairs*: the nodes in
scope, and each pair of them joined by ties in scope, once, with the sum of
those ties' weights (in a time window, the weights of their dated
observations inside it; docs/model.md, "Dated observations"). :func:`read_scope` reads it with one Cypher module
(``netnp/cypher/analysis/scope/pairs``) into memory; nothing is written to the
graph to build it, so that the user's graph holds only the user's ties.

Node kinds and the tie-type pattern come from :mod:`netnp.model`.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from netnp.errors import InputError
from netnp.model import KINDS, TIE_TYPE
from netnp.runner import Runner

#: Nodes per write transaction: the measures and roles of the analysed nodes.
BATCH = 10_000

_PROPERTY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass
class Scope:
    """Which part of the graph an analysis looks at.

    Parameters
    ----------
    kinds : node kinds in scope (labels Person, Organization, WebPage).
    types : tie types in scope; ``None`` for all.
    directed : whether tie directions matter (in/out-degree, directed PageRank).
    weight : the tie property holding the weight (1.0 when missing).
    since, until : ISO dates of the time window (``None`` leaves that end open).
        A tie is in the window when one of its dated observations falls inside,
        or when its ``since``/``until`` dates overlap it; a tie without any date
        is always in. Its weight in the window is the sum of the weights of its
        observations inside, or its ``weight`` when none is. A windowed run
        analyses the nodes present in the window (with a tie in scope); without
        a window, every node of the chosen kinds, isolated ones included.
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
class ScopeGraph:
    """The analysed graph, as :func:`read_scope` reads it: nodes in scope and their pairs.

    Node ``i`` has the element id ``nodes[i]``, the netnp id ``ids[i]`` and the kind
    ``kinds[i]``. Pair ``p`` joins ``source[p] < target[p]`` (node indices) with
    ``weight[p]``; directed runs use ``out_*[p]``, the ties from source to target, and
    ``in_*[p]``, from target to source. ``ties[p]`` lists the element ids of the user's
    ties it sums, ``types[p]`` their types. ``stale`` lists the element ids of ties that
    carry tie results of an earlier run and are out of this one.
    """

    nodes: list[str]
    ids: list[str]
    kinds: list[str]
    source: np.ndarray
    target: np.ndarray
    weight: np.ndarray
    out_weight: np.ndarray
    out_ties: np.ndarray
    in_weight: np.ndarray
    in_ties: np.ndarray
    ties: list[list[str]]
    types: list[list[str]]
    stale: list[str]

    @property
    def n(self) -> int:
        return len(self.nodes)

    @property
    def pairs(self) -> int:
        return len(self.source)

    @property
    def by_kind(self) -> dict[str, int]:
        return dict(Counter(self.kinds))

    @property
    def by_type(self) -> dict[str, int]:
        counts = Counter(t for types in self.types for t in types)
        return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))

    def arcs(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The directed graph of a directed run: ``(tails, heads, weights)``, one arc per ordered pair with ties."""
        forward, backward = self.out_ties > 0, self.in_ties > 0
        tails = np.concatenate([self.source[forward], self.target[backward]])
        heads = np.concatenate([self.target[forward], self.source[backward]])
        return tails, heads, np.concatenate([self.out_weight[forward], self.in_weight[backward]])


def read_scope(runner: Runner, scope: Scope, tie_results: bool) -> ScopeGraph:
    """Read the nodes and pairs of ``scope`` (``analysis/scope/pairs``), in one pass over the ties in scope.

    ``tie_results`` says whether the run writes tie results: when it does not,
    every tie holding results of an earlier run is listed as stale.
    """
    nodes: list[str] = []
    ids: list[str] = []
    kinds: list[str] = []
    listed: list[int] = []  # how many pairs each node's row lists
    columns: dict[str, list] = {name: [] for name in ("others", "weights", "out_weights", "out_ties", "in_weights",
                                                      "in_ties", "ties", "types")}
    stale: set[str] = set()
    rows = runner.stream("analysis/scope/pairs", kinds=scope.kinds, types=scope.types, weight=scope.weight,
                         since=scope.since, until=scope.until, tie_results=tie_results)
    for row in rows:
        stale.update(row["stale"])
        if not row["present"]:  # a windowed run leaves out the nodes without a tie in the window
            continue
        nodes.append(row["node"])
        ids.append(row["id"])
        kinds.append(row["kind"])
        listed.append(len(row["others"]))
        for name, values in columns.items():
            values.extend(row[name])
    position = {node: i for i, node in enumerate(nodes)}
    count = len(columns["others"])
    source = np.repeat(np.arange(len(nodes), dtype=np.int64), listed)
    target = np.fromiter(map(position.__getitem__, columns["others"]), dtype=np.int64, count=count)

    # Each pair is listed on the row of its end with the smaller element id; put the smaller index first.
    swap = source > target
    out_weight = np.array(columns["out_weights"], dtype=np.float64)
    in_weight = np.array(columns["in_weights"], dtype=np.float64)
    out_ties = np.array(columns["out_ties"], dtype=np.int64)
    in_ties = np.array(columns["in_ties"], dtype=np.int64)
    out_weight[swap], in_weight[swap] = in_weight[swap], out_weight[swap].copy()
    out_ties[swap], in_ties[swap] = in_ties[swap], out_ties[swap].copy()
    source[swap], target[swap] = target[swap], source[swap].copy()
    return ScopeGraph(nodes=nodes, ids=ids, kinds=kinds, source=source, target=target,
                      weight=np.array(columns["weights"], dtype=np.float64), out_weight=out_weight,
                      out_ties=out_ties, in_weight=in_weight, in_ties=in_ties,
                      ties=columns["ties"], types=columns["types"], stale=sorted(stale))
