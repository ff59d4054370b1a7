"""Reading the last analysis run back from the graph, as the results document (docs/analysis-results.md)."""

from __future__ import annotations

import functools
import json
import math
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from netnp.errors import NetnpError
from netnp.lookup import unknown_id_message
from netnp.model import KINDS
from netnp.runner import Runner

WEAK_TIES_LIMIT = 100
RECOMMENDATIONS_LIMIT = 10
TOP_MEMBERS = 5
LORENZ_POINTS = 10
#: How many of the results' reads run at once (the machines have 2 cores).
READ_WORKERS = 2


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
    return concentration_of_counts(sorted(Counter(values).items()), measure)


def concentration_of_counts(histogram: list[tuple[float, int]] | list[list[float]],
                            measure: str = "degree") -> dict[str, Any] | None:
    """:func:`concentration` of the values that a histogram counts: ``(value, how many nodes)``, value ascending.

    Equal values form a block, so the work grows with the number of distinct
    values, not of nodes: a 100 000-node graph has a few hundred degrees.
    """
    blocks = [(float(v), int(c)) for v, c in histogram if c > 0]
    n = sum(c for _, c in blocks)
    total = sum(v * c for v, c in blocks)
    if n == 0 or total <= 0:
        return None

    def top(share: float) -> float:
        k, held = max(1, math.ceil(share * n)), 0.0
        for v, c in reversed(blocks):
            take = min(c, k)
            held, k = held + v * take, k - take
            if k == 0:
                break
        return held / total

    def cumulative(k: int) -> float:  # the sum of the k smallest values
        held = 0.0
        for v, c in blocks:
            take = min(c, k)
            held, k = held + v * take, k - take
            if k == 0:
                break
        return held

    # Positions s+1 .. s+c of a block of c values v add v * sum(2i - n - 1) = v * c * (2s + c - n).
    weighted, before = 0.0, 0
    for v, c in blocks:
        weighted += v * c * (2 * before + c - n)
        before += c
    lorenz = []
    for step in range(LORENZ_POINTS + 1):
        fraction = step / LORENZ_POINTS
        lorenz.append([round(fraction, 4), round(cumulative(round(fraction * n)) / total, 6)])
    return {"measure": measure, "top1": top(0.01), "top2": top(0.02), "top10": top(0.10),
            "gini": weighted / (n * total), "lorenz": lorenz}


def _most_tied_first(neighbour: list[Any]) -> tuple[int, int, str]:
    """Sort key of a community's neighbours ``[id as text, ties]``: most ties first, then by number."""
    other, ties = neighbour
    text = str(other)
    return -ties, int(text) if text.lstrip("-").isdigit() else 0, text


def _loads(value: Any, default: Any = None) -> Any:
    return json.loads(value) if isinstance(value, str) else default


def results(runner: Runner, focus: str | None = None, *, limit: int | None = None,
            weak_ties_limit: int = WEAK_TIES_LIMIT, role_rows: int | None = None) -> dict[str, Any]:
    """The results document of the last analysis run, read from the graph (nothing is recomputed).

    The summary always covers the whole analysed graph (counts, roles, the
    bridging periphery, degree distribution and concentration are aggregated in
    Cypher); ``limit`` and ``role_rows`` bound only the ``nodes`` list, so that a
    report of a large graph reads the few nodes it shows, not all of them. The
    reads are independent, and run ``READ_WORKERS`` at a time.

    Parameters
    ----------
    runner : Runner
    focus : id of the focal organisation for ``recommendations``; the run's own
        focus when ``None``; no recommendations without either.
    limit : most nodes to list by PageRank (all by default), highest first.
    weak_ties_limit : most weak ties to list, lowest overlap first, in each of
        ``weak_ties`` (between people and organisations) and ``web_weak_ties``
        (with a web page at one end).
    role_rows : with ``limit``, also list the first ``role_rows`` nodes of each
        role table (hubs and core by PageRank, the bridging periphery by
        participation coefficient then betweenness) and the focal node; ``nodes``
        stays sorted by PageRank.

    Raises
    ------
    NoAnalysis
        When no analysis ran on this graph.
    """
    record = last_run(runner)
    parameters = _loads(record.get("parameters"), {})
    focus = focus if focus is not None else parameters.get("focus")
    run = {
        "id": record.get("run_id"), "started_at": record.get("started_at"), "finished_at": record.get("finished_at"),
        "engine": record.get("engine"),
        # The run's own parameters, its focus included; the focus of these results' recommendations,
        # which a reader may choose, is recommendations.focus.
        "parameters": {k: parameters.get(k) for k in ("kinds", "types", "directed", "weight", "since", "until")}
        | {"focus": parameters.get("focus"), "analysis": parameters.get("analysis")},
        "versions": _loads(record.get("versions"), {}),
        "betweenness_mode": record.get("betweenness_mode"),
        "thresholds": _loads(record.get("thresholds"), {}),
    }
    # The reads below are independent: they run READ_WORKERS at a time, the longest first.
    # The runner made its driver on the first read (last_run), in this thread.
    with ThreadPoolExecutor(READ_WORKERS, thread_name_prefix="netnp-read") as pool:
        read = functools.partial(pool.submit, runner.read)
        communities_rows = (read("analysis/results/communities", top=TOP_MEMBERS)
                            if record.get("communities") is not None else None)
        weak_ties = read("analysis/results/weak_ties", limit=weak_ties_limit, web=False)
        web_weak_ties = read("analysis/results/weak_ties", limit=weak_ties_limit, web=True)
        if limit is not None and role_rows is not None:
            nodes = read("analysis/results/shown_nodes", limit=limit, role_rows=role_rows, focus=focus)
        else:
            nodes = read("analysis/results/nodes", limit=limit)
        histogram_rows = read("analysis/results/degree_histogram")
        role_counts = read("analysis/results/role_counts")
        bridging_rows = read("analysis/results/bridging_periphery")
        recommended = pool.submit(recommendations, runner, focus) if focus else None
        histogram = histogram_rows.result()
        weighted = any(r["weighted"] for r in histogram)
        strength_rows = read("analysis/results/strength_histogram") if weighted else None
    n, pairs = sum(r["nodes"] for r in histogram), record.get("pairs", 0)
    strengths = [(r["strength"], r["nodes"]) for r in strength_rows.result()] if strength_rows else []
    roles = role_counts.result()[0]
    summary = {
        "nodes": record.get("nodes", n), "ties": sum(_loads(record.get("by_type"), {}).values()),
        "pairs": pairs,
        "by_kind": _loads(record.get("by_kind"), {k: 0 for k in KINDS}),
        "by_type": _loads(record.get("by_type"), {}),
        "density": (2.0 * pairs / (n * (n - 1))) if n > 1 else 0.0,
        "components": record.get("components"), "largest_component": record.get("largest_component"),
        "communities": record.get("communities"), "modularity": record.get("modularity"),
        "concentration": concentration_of_counts([(r["degree"], r["nodes"]) for r in histogram], "degree"),
        "activity_concentration": concentration_of_counts(strengths, "strength") if weighted else None,
        "degree_distribution": [[r["degree"], r["nodes"]] for r in histogram],
        "hub_rule": record.get("hub_rule"), "core_rule": record.get("core_rule"),
        "periphery_rule": record.get("periphery_rule"), "bridge_rule": record.get("bridge_rule"),
        "roles": {role: roles[role.lower()] for role in ("Hub", "Core", "Periphery", "Bridge")},
        "bridging_periphery": [r["id"] for r in bridging_rows.result()],
    }
    communities = []
    for c in communities_rows.result() if communities_rows else []:
        communities.append({
            "id": c["id"], "size": c["size"], "density": c["density"],
            "kinds": {kind: count for kind, count in c["kinds"]},
            "internal_ties": c["internal_ties"], "external_ties": c["external_ties"],
            "neighbours": {str(other): ties for other, ties in sorted(c["neighbours"], key=_most_tied_first)},
            "top_members": c["top_members"],
        })
    return {
        "run": run,
        "summary": summary,
        "nodes": nodes.result(),
        "communities": communities,
        "weak_ties": weak_ties.result(),
        "web_weak_ties": web_weak_ties.result(),
        "recommendations": recommended.result() if recommended else None,
    }


def last_run(runner: Runner) -> dict[str, Any]:
    """The record of the last analysis run (its NetnpMeta properties).

    Raises
    ------
    NoAnalysis
        When no analysis ran on this graph.
    """
    rows = runner.read("analysis/results/run")
    if not rows:
        raise NoAnalysis("no analysis has run on this graph yet; run `netnp analyze all` first")
    return rows[0]["record"]


def recommendations(runner: Runner, focus: str, limit: int = RECOMMENDATIONS_LIMIT) -> dict[str, Any]:
    """Introductions to hubs and bridges the focus has no tie with, and its weak ties worth strengthening.

    Each introduction goes through the common contact on the strongest
    two-step path, a path being as long as the sum of 1/weight over its ties
    (``analysis/results/introductions``); paths and weights follow the
    user's ties in the last run's scope, summed per pair as the run sums
    them. The ties to strengthen are listed twice: ``strengthen``, to people
    and organisations, and ``strengthen_web``, to web pages.

    References
    ----------
    Newman, M. E. J. (2001). Scientific collaboration networks. II. Shortest
    paths, weighted networks, and centrality. Physical Review E 64, 016132.
    Opsahl, T., Agneessens, F. & Skvoretz, J. (2010). Node centrality in
    weighted networks: generalizing degree and shortest paths. Social
    Networks 32(3), 245-251.
    Granovetter, M. S. (1973). The strength of weak ties. American Journal of
    Sociology 78(6), 1360-1380.

    Raises
    ------
    NoAnalysis
        When no node has the id ``focus`` (with the names and ids closest to
        it), or when the last analysis did not cover it.
    """
    found = runner.read("analysis/results/focus_exists", focus=focus)
    if not found:
        raise NoAnalysis(unknown_id_message("--focus", focus, runner))
    if not found[0]["analysed"]:
        raise NoAnalysis(f"--focus {focus!r} was not in the scope of the last analysis; rerun it with that kind")
    # Introduction paths follow the user's ties in the last run's scope, weighted as the run weighed them.
    parameters = _loads(last_run(runner).get("parameters"), {})
    scope = {"types": parameters.get("types"), "weight": parameters.get("weight") or "weight",
             "since": parameters.get("since"), "until": parameters.get("until")}
    introductions = []
    for row in runner.read("analysis/results/introductions", focus=focus, limit=limit, **scope):
        roles = row["roles"] or []
        what = " and ".join(r.lower() for r in ("Hub", "Bridge") if r in roles)
        introductions.append({**row, "roles": roles, "reason": f"{what} not tied to the focus",
                              "introducer": row["path"][1]["id"] if len(row["path"]) > 2 else None})

    def strengthen(web: bool) -> list[dict[str, Any]]:
        rows = []
        for row in runner.read("analysis/results/strengthen", focus=focus, limit=limit, web=web):
            reason = "weak tie that spans two clusters" if row["spans_clusters"] else "local bridge: no shared contact"
            rows.append({**row, "reason": reason})
        return rows

    return {"focus": focus, "introductions": introductions, "strengthen": strengthen(False),
            "strengthen_web": strengthen(True)}
