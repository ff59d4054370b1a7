"""Reading the last analysis run back from the graph, as the results document (docs/analysis-results.md)."""

from __future__ import annotations

import json
import math
from collections import Counter
from typing import Any

from netnp.errors import NetnpError
from netnp.graphwrite import KINDS
from netnp.runner import Runner

WEAK_TIES_LIMIT = 100
RECOMMENDATIONS_LIMIT = 10
TOP_MEMBERS = 5
LORENZ_POINTS = 10


class NoAnalysis(NetnpError):
    """No analysis has run on this graph yet."""


def concentration(values: list[float], measure: str = "degree") -> dict[str, Any] | None:
    """Share of the total held by the top 1 %, 2 % and 10 % of nodes, Gini coefficient and Lorenz curve.

    The top p % is the ``ceil(p n / 100)`` nodes with the largest values. The Gini
    coefficient is ``sum_i (2i - n - 1) x_i / (n sum x)`` over values sorted
    ascending (i from 1); the Lorenz curve gives, at each tenth of the nodes
    (poorest first), the share of the total they hold.

    References
    ----------
    Gini (1912); Lorenz (1905); Shirky (2008) on the few who produce most.
    """
    n, total = len(values), float(sum(values))
    if n == 0 or total <= 0:
        return None
    ascending = sorted(values)

    def top(share: float) -> float:
        k = max(1, math.ceil(share * n))
        return sum(ascending[-k:]) / total

    gini = sum((2 * i - n - 1) * x for i, x in enumerate(ascending, start=1)) / (n * total)
    cumulative = [0.0]
    for x in ascending:
        cumulative.append(cumulative[-1] + x)
    lorenz = []
    for step in range(LORENZ_POINTS + 1):
        fraction = step / LORENZ_POINTS
        k = round(fraction * n)
        lorenz.append([round(fraction, 4), round(cumulative[k] / total, 6)])
    return {"measure": measure, "top1": top(0.01), "top2": top(0.02), "top10": top(0.10), "gini": gini,
            "lorenz": lorenz}


def _loads(value: Any, default: Any = None) -> Any:
    return json.loads(value) if isinstance(value, str) else default


def results(runner: Runner, focus: str | None = None, *, limit: int | None = None,
            weak_ties_limit: int = WEAK_TIES_LIMIT) -> dict[str, Any]:
    """The results document of the last analysis run, read from the graph (nothing is recomputed).

    Parameters
    ----------
    runner : Runner
    focus : id of the focal organisation for ``recommendations``; the run's own
        focus when ``None``; no recommendations without either.
    limit : most nodes to list (all by default), highest PageRank first.
    weak_ties_limit : most weak ties to list, lowest overlap first.

    Raises
    ------
    NoAnalysis
        When no analysis ran on this graph.
    """
    rows = runner.read("analysis/results/run")
    if not rows:
        raise NoAnalysis("no analysis has run on this graph yet; run `netnp analyze all` first")
    record = rows[0]["record"]
    parameters = _loads(record.get("parameters"), {})
    focus = focus if focus is not None else parameters.get("focus")
    run = {
        "id": record.get("run_id"), "started_at": record.get("started_at"), "finished_at": record.get("finished_at"),
        "engine": record.get("engine"),
        "parameters": {k: parameters.get(k) for k in ("kinds", "types", "directed", "weight", "since", "until")}
        | {"focus": focus, "analysis": parameters.get("analysis")},
        "versions": _loads(record.get("versions"), {}),
        "betweenness_mode": record.get("betweenness_mode"),
        "thresholds": _loads(record.get("thresholds"), {}),
    }
    nodes = runner.read("analysis/results/nodes", limit=limit)
    degrees = runner.read("analysis/results/degrees")
    n, pairs = len(degrees), record.get("pairs", 0)
    distribution = Counter(r["degree"] for r in degrees)
    weighted = any(abs(r["strength"] - r["degree"]) > 1e-9 for r in degrees)
    bridging_periphery = [r["id"] for r in nodes if "Periphery" in r["roles"] and "Bridge" in r["roles"]]
    summary = {
        "nodes": record.get("nodes", n), "ties": sum(_loads(record.get("by_type"), {}).values()),
        "pairs": pairs,
        "by_kind": _loads(record.get("by_kind"), {k: 0 for k in KINDS}),
        "by_type": _loads(record.get("by_type"), {}),
        "density": (2.0 * pairs / (n * (n - 1))) if n > 1 else 0.0,
        "components": record.get("components"), "largest_component": record.get("largest_component"),
        "communities": record.get("communities"), "modularity": record.get("modularity"),
        "concentration": concentration([r["degree"] for r in degrees], "degree"),
        "activity_concentration": concentration([r["strength"] for r in degrees], "strength") if weighted else None,
        "degree_distribution": [[d, c] for d, c in sorted(distribution.items())],
        "hub_rule": record.get("hub_rule"), "core_rule": record.get("core_rule"),
        "periphery_rule": record.get("periphery_rule"), "bridge_rule": record.get("bridge_rule"),
        "roles": {role: sum(1 for r in nodes if role in r["roles"]) for role in ("Hub", "Core", "Periphery", "Bridge")},
        "bridging_periphery": bridging_periphery,
    }
    communities = []
    if record.get("communities") is not None:
        for c in runner.read("analysis/results/communities", top=TOP_MEMBERS):
            communities.append({
                "id": c["id"], "size": c["size"], "density": c["density"],
                "kinds": {kind: count for kind, count in c["kinds"]},
                "internal_ties": c["internal_ties"], "external_ties": c["external_ties"],
                "neighbours": {str(other): ties for other, ties in sorted(c["neighbours"], key=lambda x: -x[1])},
                "top_members": c["top_members"],
            })
    weak_ties = runner.read("analysis/results/weak_ties", limit=weak_ties_limit)
    return {
        "run": run,
        "summary": summary,
        "nodes": nodes,
        "communities": communities,
        "weak_ties": weak_ties,
        "recommendations": recommendations(runner, focus) if focus else None,
    }


def recommendations(runner: Runner, focus: str, limit: int = RECOMMENDATIONS_LIMIT) -> dict[str, Any]:
    """Introductions to hubs and bridges the focus has no tie with, and its weak ties worth strengthening."""
    found = runner.read("analysis/results/focus_exists", focus=focus)
    if not found:
        raise NoAnalysis(f"--focus {focus!r}: no node has this id")
    if not found[0]["analysed"]:
        raise NoAnalysis(f"--focus {focus!r} was not in the scope of the last analysis; rerun it with that kind")
    introductions = []
    for row in runner.read("analysis/results/introductions", focus=focus, limit=limit):
        roles = row["roles"] or []
        what = " and ".join(r.lower() for r in ("Hub", "Bridge") if r in roles)
        introductions.append({**row, "roles": roles, "reason": f"{what} not tied to the focus",
                              "introducer": row["path"][1]["id"] if len(row["path"]) > 2 else None})
    strengthen = []
    for row in runner.read("analysis/results/strengthen", focus=focus, limit=limit):
        reason = "weak tie that spans two clusters" if row["spans_clusters"] else "local bridge: no shared contact"
        strengthen.append({**row, "reason": reason})
    return {"focus": focus, "introductions": introductions, "strengthen": strengthen}
