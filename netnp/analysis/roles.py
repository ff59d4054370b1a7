"""The role rules: which analysed nodes are hubs, core, periphery and bridges.

A role list is meant to be acted on by staff, so the rules name the few nodes
that *stand out*, not a share of the network: a network of 800 people has
about as many hubs worth calling as one of 80. Hubs are the nodes ranked before
the knee of the PageRank curve (Kneedle, :func:`knee`), with at least twice
the average PageRank, at most :data:`HUB_MAX`; bridges likewise by betweenness,
among the nodes whose ties reach two clusters or more, at most
:data:`BRIDGE_MAX`, plus the same pick among the periphery alone (the
*bridging periphery*, at most :data:`BRIDGE_MAX` too). Only people and
organisations get these two roles, whom staff can call; web pages get them
only in an analysis of web pages alone.

The picks are computed here from the nodes' measures, in memory
(:func:`pick_roles`); a run writes the role labels, whose names are
:data:`netnp.model.ROLE_LABELS`, with the nodes' measures
(``netnp/cypher/analysis/run/write_nodes``). docs/analysis.md ("Roles: the
rules") states the rules for analysts.

References
----------
Satopää, V., Albrecht, J., Irwin, D. & Raghavan, B. (2011). Finding a
"Kneedle" in a haystack: detecting knee points in system behavior. 31st
International Conference on Distributed Computing Systems Workshops, 166-171.
Borgatti, S. P. & Everett, M. G. (2000). Models of core/periphery structures.
Social Networks 21(4), 375-395.
Guimerà, R. & Amaral, L. A. N. (2005). Functional cartography of complex
metabolic networks. Nature 433, 895-900.
Kanter, B. & Fine, A. H. (2010). The Networked Nonprofit, chapter 3. Jossey-Bass.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from netnp.analysis.scope import BATCH
from netnp.model import KINDS, ROLE_LABELS
from netnp.runner import Runner

#: The most hubs a run names, and the most bridges of each kind (top brokers, and brokers of the periphery).
HUB_MAX = 20
BRIDGE_MAX = 20
#: A hub has at least this many times the average PageRank; a top broker this many times the average betweenness.
HUB_AVERAGE_FACTOR = 2.0
BRIDGE_AVERAGE_FACTOR = 2.0
#: Kneedle's sensitivity S; 1 is the value its authors recommend.
KNEE_SENSITIVITY = 1.0
#: The kinds that can be hubs and bridges when the analysis covers any of them.
ACTIONABLE_KINDS = ("Person", "Organization")

HUB_RULE = (f"a person or organisation, ranked by PageRank, before the knee of the PageRank curve (Kneedle), with at least "
            f"{HUB_AVERAGE_FACTOR:g} times the average PageRank; at most {HUB_MAX}")
CORE_RULE = "coreness = k_max, the main core (none when k_max < 2 or when every node is in it)"
PERIPHERY_RULE = "coreness <= max(1, floor(k_max / 2))"
BRIDGE_RULE = (f"a person or organisation with ties into two clusters or more, ranked by betweenness, before the knee of the betweenness curve, "
               f"with at least {BRIDGE_AVERAGE_FACTOR:g} times the average betweenness (at most {BRIDGE_MAX}); "
               f"and the same among the periphery, before the knee of its own curve (at most {BRIDGE_MAX})")

#: Each role label's rule, in words, as the run record states it.
RULES = {"Hub": HUB_RULE, "Core": CORE_RULE, "Periphery": PERIPHERY_RULE, "Bridge": BRIDGE_RULE}


def knee(values: Sequence[float], sensitivity: float = KNEE_SENSITIVITY) -> int | None:
    """The knee of a decreasing curve, by Kneedle (offline: the first knee found).

    ``values`` are sorted from the largest down (the ranked curve of a
    measure), each at the next integer x. Both axes are scaled to [0, 1]; the
    knee is the first local maximum of the difference curve ``(1 - y) - x``
    after which that curve falls below the maximum minus ``sensitivity`` times
    the mean step of x, before reaching a local minimum (Satopää et al. 2011,
    the convex-decreasing case). It is also the number of values that come
    before it: the steep part of the curve.

    Parameters
    ----------
    values : sequence of float
        The curve, largest first.
    sensitivity : float
        Kneedle's S: how many mean steps the curve must fall after a maximum.

    Returns
    -------
    int or None
        The index of the knee; None for a curve of fewer than three values,
        a flat one, or one without a knee.

    References
    ----------
    Satopää, V., Albrecht, J., Irwin, D. & Raghavan, B. (2011). Finding a
    "Kneedle" in a haystack: detecting knee points in system behavior. 31st
    International Conference on Distributed Computing Systems Workshops, 166-171.
    """
    y = np.asarray(values, dtype=float)
    n = len(y)
    if n < 3 or y[0] == y[-1]:
        return None
    x = np.arange(n) / (n - 1)
    scaled = (y - y[-1]) / (y[0] - y[-1])
    difference = (scaled.max() - scaled) - x
    # Local extrema as scipy's argrelextrema(order=1, mode="clip") finds them: the ends
    # are compared with their one neighbour, plateaus count as extrema.
    left = np.concatenate(([difference[0]], difference[:-1]))
    right = np.concatenate((difference[1:], [difference[-1]]))
    maxima = np.flatnonzero((difference >= left) & (difference >= right))
    minima = (difference <= left) & (difference <= right)
    if not len(maxima):
        return None
    thresholds = difference[maxima] - sensitivity * np.abs(np.diff(x).mean())
    is_maximum = np.zeros(n, dtype=bool)
    is_maximum[maxima] = True
    seen, threshold, at, active = 0, 0.0, 0, True
    for i in range(int(maxima[0]), n - 1):
        if is_maximum[i]:
            threshold, at, active = thresholds[seen], i, True
            seen += 1
        if minima[i]:
            threshold, active = 0.0, False
        if active and difference[i + 1] < threshold:
            return at
    return None


def standouts(values: Sequence[float], least: float, most: int) -> int:
    """How many of ``values`` (largest first) stand out: those before the knee that reach ``least``, at most ``most``.

    Fewer than three values have no knee: all of those that reach ``least`` count.
    """
    count = len(values) if len(values) < 3 else knee(values) or 0
    count = min(count, most)
    return sum(1 for v in values[:count] if v >= least)


def role_picks(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """What the role rules pick, from every analysed node's measures.

    Parameters
    ----------
    rows : list of dict
        One per analysed node: ``kind``, ``pagerank``, ``coreness``,
        ``betweenness``, ``participation`` (each measure may be None when the
        run did not compute it).

    Returns
    -------
    dict
        ``core_min`` and ``periphery_max`` (coreness bounds, None for no such
        role), and how many nodes, from the top of each ranking, get a role:
        ``hubs`` by PageRank, ``bridges`` by betweenness among the brokers
        (nodes with ties into two clusters or more), ``periphery_bridges`` by
        betweenness among the brokers of the periphery; with the least value
        each pick admits and the knee it found; ``kinds``, the kinds that
        may be hubs and bridges.
    """
    return _picks(node_measures(rows))


def node_measures(rows: list[dict[str, Any]]) -> NodeMeasures:
    """:class:`NodeMeasures` from one row per node (``id``, ``kind`` and the measures, None when unknown),
    as ``analysis/common/measures`` reads them from the graph."""
    def column(name: str) -> np.ndarray:
        return np.array([np.nan if r[name] is None else r[name] for r in rows], dtype=float)

    return NodeMeasures([r["kind"] for r in rows], [r.get("id", "") for r in rows], column("pagerank"),
                        column("coreness"), column("betweenness"), column("participation"))


@dataclass
class NodeMeasures:
    """The measures the role rules read, one array per measure by node index (None when the run did not
    compute it; NaN for a value undefined for the node), with each node's kind and netnp id."""

    kinds: Sequence[str]
    ids: Sequence[str]
    pagerank: np.ndarray | None
    coreness: np.ndarray | None
    betweenness: np.ndarray | None
    participation: np.ndarray | None

    def known(self, name: str) -> np.ndarray:
        """The values of measure ``name``, NaN where it is unknown (every node, when not computed)."""
        values = getattr(self, name)
        return np.full(len(self.kinds), np.nan) if values is None else np.asarray(values, dtype=float)


def _average(values: np.ndarray) -> float | None:
    """The mean of the known values, summed in order as Python's ``sum`` does (the record states it)."""
    known = values[~np.isnan(values)].tolist()
    return sum(known) / len(known) if known else None


def _eligible(nodes: NodeMeasures, kinds: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Which nodes may be hubs (of ``kinds``), and which of them are brokers."""
    actionable = np.isin(np.asarray(nodes.kinds, dtype=object), kinds)
    # A broker has ties into two clusters or more (participation > 0) and lies on shortest paths.
    brokers = actionable & (np.nan_to_num(nodes.known("betweenness")) > 0) & \
        (np.nan_to_num(nodes.known("participation")) > 0)
    return actionable, brokers


def _picks(nodes: NodeMeasures) -> dict[str, Any]:
    kinds = list(ACTIONABLE_KINDS) if any(k in ACTIONABLE_KINDS for k in nodes.kinds) else list(KINDS)
    actionable, brokers = _eligible(nodes, kinds)
    pagerank, betweenness, coreness = nodes.known("pagerank"), nodes.known("betweenness"), nodes.known("coreness")
    pageranks = _descending(pagerank[actionable & ~np.isnan(pagerank)])
    cores = coreness[~np.isnan(coreness)]
    k_max = int(cores.max()) if len(cores) else None
    core_min = k_max if k_max is not None and k_max >= 2 and cores.min() < k_max else None
    periphery_max = max(1, k_max // 2) if k_max is not None else None

    hub_least = None if _average(pagerank) is None else HUB_AVERAGE_FACTOR * _average(pagerank)
    hubs = standouts(pageranks, hub_least, HUB_MAX) if len(pageranks) else 0

    ranked = _descending(betweenness[brokers])
    bridge_least = None if _average(betweenness) is None else BRIDGE_AVERAGE_FACTOR * _average(betweenness)
    bridges = standouts(ranked, bridge_least, BRIDGE_MAX) if len(ranked) else 0
    in_periphery = coreness <= periphery_max if periphery_max is not None else np.zeros(len(coreness), dtype=bool)
    peripheral = _descending(betweenness[brokers & in_periphery])
    # The top brokers that are peripheral are the first of the periphery's own ranking: the periphery's
    # pick takes at least them, so that the bridging periphery is exactly that pick.
    top_peripheral = int((peripheral >= ranked[bridges - 1]).sum()) if bridges else 0
    periphery_bridges = min(BRIDGE_MAX, max(standouts(peripheral, 0.0, BRIDGE_MAX), top_peripheral))
    return {
        "kinds": kinds, "core_min": core_min, "periphery_max": periphery_max,
        "hubs": hubs, "hub_knee": knee(pageranks), "hub_pagerank_least": hub_least,
        "hub_pagerank_min": float(pageranks[hubs - 1]) if hubs else None,
        "bridges": bridges, "bridge_knee": knee(ranked), "bridge_betweenness_least": bridge_least,
        "bridge_betweenness_min": float(ranked[bridges - 1]) if bridges else None,
        "periphery_bridges": periphery_bridges, "periphery_bridge_knee": knee(peripheral),
        "periphery_bridge_betweenness_min": float(peripheral[periphery_bridges - 1]) if periphery_bridges else None,
    }


def _descending(values: np.ndarray) -> np.ndarray:
    return np.sort(values)[::-1]


def _top(values: np.ndarray, eligible: np.ndarray, ids: Sequence[str], count: int) -> list[int]:
    """The first ``count`` eligible nodes by ``values``, highest first, ties broken by id."""
    candidates = np.flatnonzero(eligible)
    if not count or not len(candidates):
        return []
    found = values[candidates]
    if len(candidates) > count:  # only the values from the count-th highest up can be picked
        candidates = candidates[found >= np.partition(found, len(found) - count)[len(found) - count]]
    return sorted(candidates.tolist(), key=lambda i: (-values[i], ids[i]))[:count]


def pick_roles(nodes: NodeMeasures) -> tuple[dict[str, Any], list[list[str]]]:
    """The role rules applied to a run's nodes: what they picked (:func:`role_picks`), and each node's roles.

    Hubs are the first :func:`role_picks` counts of the ranking by PageRank among the
    kinds that may be hubs, bridges the first of the ranking of brokers by betweenness
    and then of the brokers of the periphery (ties broken by id); core and periphery
    follow from the coreness bounds. A missing measure never grants a role. Each
    node's roles are listed in the order of :data:`netnp.model.ROLE_LABELS`.
    """
    picks = _picks(nodes)
    n = len(nodes.kinds)
    actionable, brokers = _eligible(nodes, picks["kinds"])
    pagerank, betweenness, coreness = nodes.known("pagerank"), nodes.known("betweenness"), nodes.known("coreness")
    hub = np.zeros(n, dtype=bool)
    hub[_top(pagerank, actionable & ~np.isnan(pagerank), nodes.ids, picks["hubs"])] = True
    bridge = np.zeros(n, dtype=bool)
    bridge[_top(betweenness, brokers, nodes.ids, picks["bridges"])] = True
    if picks["periphery_max"] is not None:
        bridge[_top(betweenness, brokers & (coreness <= picks["periphery_max"]), nodes.ids,
                    picks["periphery_bridges"])] = True
    core = coreness >= picks["core_min"] if picks["core_min"] is not None else np.zeros(n, dtype=bool)
    periphery = coreness <= picks["periphery_max"] if picks["periphery_max"] is not None else np.zeros(n, dtype=bool)
    flags = {"Hub": hub, "Core": core, "Periphery": periphery, "Bridge": bridge}
    columns = [flags[role].tolist() for role in ROLE_LABELS]
    roles = [[role for role, has in zip(ROLE_LABELS, row, strict=True) if has] for row in zip(*columns, strict=True)]
    return picks, roles


def rule_record(picks: dict[str, Any]) -> dict[str, Any]:
    """The rules and what they picked, as the run record keeps them."""
    return {**{f"{role.lower()}_rule": RULES[role] for role in ROLE_LABELS}, "thresholds": json.dumps(picks)}


def assign_roles(runner: Runner) -> dict[str, Any]:
    """Set the role labels on the analysed nodes from their ``netnp_`` measures as the graph holds them
    (``analysis/common/measures``); return the rules and what they picked, for a run record."""
    rows = runner.read("analysis/common/measures")
    picks, roles = pick_roles(node_measures(rows))
    hubs = [r["id"] for r, found in zip(rows, roles, strict=True) if "Hub" in found]
    bridges = [r["id"] for r, found in zip(rows, roles, strict=True) if "Bridge" in found]
    runner.write("analysis/common/assign_roles", hubs=hubs, bridges=bridges, core_min=picks["core_min"],
                 periphery_max=picks["periphery_max"], batch_size=BATCH)
    return rule_record(picks)
