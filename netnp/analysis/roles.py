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

The picks are computed here from the nodes' measures; the module
``netnp/cypher/analysis/common/assign_roles`` then sets the role labels, whose
names are :data:`netnp.model.ROLE_LABELS`. docs/analysis.md ("Roles: the
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
    kinds = list(ACTIONABLE_KINDS) if any(r["kind"] in ACTIONABLE_KINDS for r in rows) else list(KINDS)
    actionable = [r for r in rows if r["kind"] in kinds]
    all_pageranks = [r["pagerank"] for r in rows if r["pagerank"] is not None]
    pageranks = sorted((r["pagerank"] for r in actionable if r["pagerank"] is not None), reverse=True)
    betweenness = [r["betweenness"] for r in rows if r["betweenness"] is not None]
    cores = [r["coreness"] for r in rows if r["coreness"] is not None]
    k_max = max(cores) if cores else None
    core_min = k_max if k_max is not None and k_max >= 2 and min(cores) < k_max else None
    periphery_max = max(1, k_max // 2) if k_max is not None else None

    hub_least = HUB_AVERAGE_FACTOR * sum(all_pageranks) / len(all_pageranks) if all_pageranks else None
    hubs = standouts(pageranks, hub_least, HUB_MAX) if pageranks else 0

    # A broker has ties into two clusters or more (participation > 0) and lies on shortest paths.
    brokers = [r for r in actionable if (r["betweenness"] or 0) > 0 and (r["participation"] or 0) > 0]
    ranked = sorted((r["betweenness"] for r in brokers), reverse=True)
    bridge_least = BRIDGE_AVERAGE_FACTOR * sum(betweenness) / len(betweenness) if betweenness else None
    bridges = standouts(ranked, bridge_least, BRIDGE_MAX) if ranked else 0
    peripheral = sorted((r["betweenness"] for r in brokers
                         if periphery_max is not None and r["coreness"] is not None
                         and r["coreness"] <= periphery_max), reverse=True)
    # The top brokers that are peripheral are the first of the periphery's own ranking: the periphery's
    # pick takes at least them, so that the bridging periphery is exactly that pick.
    top_peripheral = sum(1 for v in peripheral if ranked and bridges and v >= ranked[bridges - 1])
    periphery_bridges = min(BRIDGE_MAX, max(standouts(peripheral, 0.0, BRIDGE_MAX), top_peripheral))
    return {
        "kinds": kinds, "core_min": core_min, "periphery_max": periphery_max,
        "hubs": hubs, "hub_knee": knee(pageranks), "hub_pagerank_least": hub_least,
        "hub_pagerank_min": pageranks[hubs - 1] if hubs else None,
        "bridges": bridges, "bridge_knee": knee(ranked), "bridge_betweenness_least": bridge_least,
        "bridge_betweenness_min": ranked[bridges - 1] if bridges else None,
        "periphery_bridges": periphery_bridges, "periphery_bridge_knee": knee(peripheral),
        "periphery_bridge_betweenness_min": peripheral[periphery_bridges - 1] if periphery_bridges else None,
    }


def _picked(runner: Runner, count: int, kinds: list[str], measure: str, brokers: bool,
            coreness_max: int | None = None) -> list[str]:
    """The ids of the first ``count`` nodes of a role rule's ranking (``analysis/common/role_candidates``)."""
    if not count:
        return []
    rows = runner.read("analysis/common/role_candidates", kinds=kinds, measure=measure, limit=count,
                       brokers=brokers, coreness_max=coreness_max)
    return [r["id"] for r in rows]


def assign_roles(runner: Runner) -> dict[str, Any]:
    """Set the role labels on the analysed nodes; return the rules and what they picked, for the run record."""
    picks = role_picks(runner.read("analysis/common/measures"))
    kinds = picks["kinds"]
    hubs = _picked(runner, picks["hubs"], kinds, "pagerank", brokers=False)
    bridges = (_picked(runner, picks["bridges"], kinds, "betweenness", brokers=True)
               + _picked(runner, picks["periphery_bridges"], kinds, "betweenness", brokers=True,
                         coreness_max=picks["periphery_max"]))
    runner.write("analysis/common/assign_roles", hubs=hubs, bridges=bridges, core_min=picks["core_min"],
                 periphery_max=picks["periphery_max"], batch_size=BATCH)
    return {**{f"{role.lower()}_rule": RULES[role] for role in ROLE_LABELS}, "thresholds": json.dumps(picks)}
