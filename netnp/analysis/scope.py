"""The scope of an analysis (which nodes and ties it looks at) and the view of the graph built from it.

The analysed graph is a *view* built first (``netnp/cypher/analysis/scope/``): the
nodes in scope get the label ``NetnpAnalysed``, and every pair of them joined by
ties in scope gets one undirected ``NETNP_TIE`` (weight summed); directed
analyses also get one ``NETNP_ARC`` per ordered pair. Every measure is computed
on this view, so that both engines see the same simple graph.

Node kinds and the tie-type pattern come from :mod:`netnp.model`.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field

from netnp.errors import InputError
from netnp.model import KINDS, TIE_TYPE
from netnp.runner import Runner

#: Nodes per write transaction on the view: clearing and marking it, and writing
#: the measures and roles of its nodes.
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
class View:
    """The size of the analysed view, as built by :func:`build_view`.

    Parameters
    ----------
    nodes : nodes in scope (``NetnpAnalysed``).
    pairs : ``NETNP_TIE`` relationships, one per pair of nodes joined by ties in scope.
    arcs : ``NETNP_ARC`` relationships, one per ordered pair (0 unless the scope is directed).
    by_kind : nodes in scope per kind.
    by_type : ties in scope per tie type.
    """

    nodes: int
    pairs: int
    arcs: int
    by_kind: dict[str, int]
    by_type: dict[str, int]


def build_view(runner: Runner, scope: Scope, run_id: str) -> View:
    """Clear the previous run's results, then build the view of ``scope`` on which run ``run_id`` computes."""
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
    return View(nodes=size["nodes"], pairs=size["pairs"], arcs=size["arcs"], by_kind=by_kind, by_type=by_type)
