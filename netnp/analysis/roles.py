"""The role rules: which analysed nodes are hubs, core, periphery and bridges.

The thresholds of the rules are computed here from the nodes' measures;
``netnp/cypher/analysis/common/assign_roles`` then sets the role labels, whose names
are :data:`netnp.model.ROLE_LABELS`. docs/analysis.md states the rules for analysts.
"""

from __future__ import annotations

import json
import math
from typing import Any

from netnp.analysis.scope import BATCH
from netnp.model import ROLE_LABELS
from netnp.runner import Runner

HUB_TOP_SHARE = 0.05
HUB_DEGREE_Z = 2.0
BRIDGE_TOP_SHARE = 0.10
BRIDGE_PARTICIPATION = 0.5

HUB_RULE = "top 5 % by PageRank and degree z-score >= 2"
CORE_RULE = "coreness = k_max, the main core (none when k_max < 2)"
PERIPHERY_RULE = "coreness <= max(1, floor(k_max / 2))"
BRIDGE_RULE = "articulation point, or participation >= 0.5, or betweenness in the top 10 % (and > 0)"

#: Each role label's rule, in words, as the run record states it.
RULES = {"Hub": HUB_RULE, "Core": CORE_RULE, "Periphery": PERIPHERY_RULE, "Bridge": BRIDGE_RULE}


def _top_value(values: list[float], share: float) -> float | None:
    """The smallest value among the top ``share`` of ``values`` (at least one)."""
    if not values:
        return None
    ranked = sorted(values, reverse=True)
    return ranked[max(1, math.ceil(share * len(ranked))) - 1]


def role_thresholds(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Thresholds of the role rules (see :data:`HUB_RULE` and the others) from the nodes' measures."""
    degrees = [r["degree"] for r in rows if r["degree"] is not None]
    pageranks = [r["pagerank"] for r in rows if r["pagerank"] is not None]
    cores = [r["coreness"] for r in rows if r["coreness"] is not None]
    betweenness = [r["betweenness"] for r in rows if r["betweenness"] is not None]
    hub_degree = None
    if len(degrees) > 1:
        mean = sum(degrees) / len(degrees)
        sd = math.sqrt(sum((d - mean) ** 2 for d in degrees) / len(degrees))
        hub_degree = mean + HUB_DEGREE_Z * sd if sd > 0 else None
    k_max = max(cores) if cores else None
    return {
        "hub_pagerank_min": _top_value(pageranks, HUB_TOP_SHARE) if hub_degree is not None else None,
        "hub_degree_min": hub_degree,
        "core_min": k_max if k_max is not None and k_max >= 2 else None,
        "periphery_max": max(1, k_max // 2) if k_max is not None else None,
        "bridge_participation_min": BRIDGE_PARTICIPATION,
        "bridge_betweenness_min": _top_value(betweenness, BRIDGE_TOP_SHARE),
    }


def assign_roles(runner: Runner, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Set the role labels on the analysed nodes, from the thresholds of their measures ``rows`` (one dict
    per node: degree, pagerank, coreness, betweenness); return the rules and thresholds, for the run record."""
    thresholds = role_thresholds(rows)
    runner.write("analysis/common/assign_roles", batch_size=BATCH, **thresholds)
    return {**{f"{role.lower()}_rule": RULES[role] for role in ROLE_LABELS}, "thresholds": json.dumps(thresholds)}
