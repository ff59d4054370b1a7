"""Reading an analysis run back from its chunks, as the results document (docs/analysis-results.md)."""

from __future__ import annotations

import functools
import json
import math
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np

from netnp.analysis.runs import IncompleteRun, check_complete, describe, find_run
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


#: The node arrays a results document reads whole, to rank, count and group the nodes.
_RANKING_COLUMNS = ("id", "degree", "strength", "pagerank", "betweenness", "participation", "community",
                    "component")
ROLES = ("Hub", "Core", "Periphery", "Bridge")


@dataclass
class RunNodes:
    """The analysed nodes of one run, read from its chunks: the arrays that rank and group them, and their roles.

    Entry ``i`` of every array is about node ``ids[i]``, which sits at position
    ``row[i]`` of the node chunk numbered ``chunk[i]``. A value the run did not
    compute, or left undefined, is ``NaN``.
    """

    run: str
    ids: list[str]
    chunk: np.ndarray
    row: np.ndarray
    columns: dict[str, np.ndarray]
    roles: dict[str, set[str]]

    @property
    def n(self) -> int:
        return len(self.ids)

    def roles_of(self, node_id: str) -> list[str]:
        return [role for role in ROLES if node_id in self.roles[role]]

    def by_pagerank(self, members: np.ndarray | None = None) -> list[int]:
        """Node indexes by PageRank, then degree, descending, then id (the order of the ``nodes`` list)."""
        pagerank, degree = self.columns["pagerank"], self.columns["degree"]
        members = range(self.n) if members is None else members.tolist()
        return sorted(members, key=lambda i: (-_finite(pagerank[i]), -_finite(degree[i]), self.ids[i]))


def _finite(value: float) -> float:
    return 0.0 if math.isnan(value) else float(value)


def _array(values: list | None, n: int) -> np.ndarray:
    if values is None:
        return np.full(n, np.nan)
    return np.asarray([np.nan if v is None else float(v) for v in values], dtype=float)


def read_run_nodes(runner: Runner, run_id: str) -> RunNodes:
    """The analysed nodes of run ``run_id`` (:class:`RunNodes`), read from its node and role chunks."""
    ids: list[str] = []
    chunk: list[int] = []
    row: list[int] = []
    parts: dict[str, list[np.ndarray]] = {name: [] for name in _RANKING_COLUMNS if name != "id"}
    for found in runner.read("analysis/runs/chunks", run=run_id, part="nodes", columns=list(_RANKING_COLUMNS)):
        columns = found["columns"]
        size = len(columns["id"])
        ids.extend(columns["id"])
        chunk.extend([found["index"]] * size)
        row.extend(range(size))
        for name in parts:
            parts[name].append(_array(columns.get(name), size))
    roles: dict[str, set[str]] = {role: set() for role in ROLES}
    for found in runner.read("analysis/runs/chunks", run=run_id, part="roles", columns=["id"]):
        roles.setdefault(found["role"], set()).update(found["columns"]["id"])
    return RunNodes(run_id, ids, np.asarray(chunk, dtype=np.int64), np.asarray(row, dtype=np.int64),
                    {name: np.concatenate(arrays) if arrays else np.empty(0) for name, arrays in parts.items()},
                    roles)


def node_rows(runner: Runner, run: RunNodes, indexes: list[int]) -> list[dict[str, Any]]:
    """The rows of the ``nodes`` list for these node indexes of ``run``, in the same order, with their roles."""
    positions: dict[int, list[int]] = {}
    for i in indexes:
        positions.setdefault(int(run.chunk[i]), []).append(int(run.row[i]))
    found = {r["id"]: r for r in runner.read("analysis/runs/node_rows", run=run.run,
                                            positions=[{"index": k, "rows": v} for k, v in positions.items()])}
    return [{**found[run.ids[i]], "roles": run.roles_of(run.ids[i])} for i in indexes]


def _top(run: RunNodes, members: list[int], key: Any, rows: int) -> list[int]:
    return sorted(members, key=key)[:rows]


def shown_nodes(run: RunNodes, limit: int | None, role_rows: int | None, focus: str | None) -> list[int]:
    """The indexes of the nodes a results document lists, by PageRank then degree, descending, then id.

    All of them without ``limit``; else the ``limit`` highest by PageRank and,
    with ``role_rows``, the first ``role_rows`` of each role table (hubs and
    core members by PageRank; the bridging periphery by betweenness then
    participation coefficient, a missing measure counting as 0) and the focus.
    """
    if limit is None:
        return run.by_pagerank()
    pagerank, c = run.columns["pagerank"], run.columns
    by_rank = lambda i: (-_finite(pagerank[i]), run.ids[i])  # noqa: E731
    everyone = list(range(run.n))
    chosen = set(_top(run, everyone, by_rank, limit))
    if role_rows is not None:
        member = {role: [i for i in everyone if run.ids[i] in run.roles[role]] for role in ("Hub", "Core")}
        chosen.update(_top(run, member["Hub"], by_rank, role_rows))
        chosen.update(_top(run, member["Core"], by_rank, role_rows))
        bridging = [i for i in everyone if run.ids[i] in run.roles["Periphery"] and run.ids[i] in run.roles["Bridge"]]
        chosen.update(_top(run, bridging, lambda i: (-_finite(c["betweenness"][i]), -_finite(c["participation"][i]),
                                                     run.ids[i]), role_rows))
        if focus is not None and focus in run.ids:
            chosen.add(run.ids.index(focus))
    return run.by_pagerank(np.asarray(sorted(chosen), dtype=np.int64))


def _histogram(values: np.ndarray) -> list[tuple[float, int]]:
    found, counts = np.unique(np.nan_to_num(values, nan=0.0), return_counts=True)
    return list(zip(found.tolist(), counts.tolist(), strict=True))


def _communities(runner: Runner, run: RunNodes, top: int) -> list[dict[str, Any]]:
    """The community profiles of ``run``: size, kinds, internal and external ties, density, neighbours, top members.

    Density is internal ties / (size (size - 1) / 2); ties count pairs of
    analysed nodes; the ties inside and between communities are those the run
    kept as its chunks of part ``communities`` (entry ``i`` is community ``i``).
    """
    community = run.columns["community"]
    numbers = sorted({int(x) for x in community.tolist() if not math.isnan(x)})
    members = {k: [] for k in numbers}
    for i, value in enumerate(community.tolist()):
        if not math.isnan(value):
            members[int(value)].append(i)
    profiles: dict[int, dict[str, Any]] = {}
    for found in runner.read("analysis/runs/chunks", run=run.run, part="communities", columns=None):
        columns = found["columns"]
        for k, number in enumerate(columns["community"]):
            profiles[int(number)] = {"internal_ties": columns["internal_ties"][k],
                                     "external_ties": columns["external_ties"][k],
                                     "neighbours": [[x.split(":")[0], int(x.split(":")[1])]
                                                    for x in (columns["neighbours"][k] or "").split(",") if x]}
    kinds: dict[int, dict[str, int]] = {}
    for r in runner.read("analysis/runs/community_kinds", run=run.run):
        kinds.setdefault(int(r["community"]), {})[r["kind"]] = r["nodes"]
    tops = {k: run.by_pagerank(np.asarray(m, dtype=np.int64))[:top] for k, m in members.items()}
    names = {r["id"]: r["name"] for r in runner.read("analysis/runs/entities",
                                                    ids=[run.ids[i] for t in tops.values() for i in t])}
    result = []
    for k in numbers:
        size, profile = len(members[k]), profiles.get(k, {})
        internal = profile.get("internal_ties") or 0
        result.append({
            "id": k, "size": size, "kinds": [[kind, count] for kind in KINDS if (count := kinds.get(k, {}).get(kind))],
            "internal_ties": internal, "external_ties": profile.get("external_ties") or 0,
            "density": internal / (size * (size - 1) / 2.0) if size > 1 else 0.0,
            "neighbours": profile.get("neighbours", []),
            "top_members": [{"id": run.ids[i], "name": names.get(run.ids[i]),
                             "pagerank": None if math.isnan(run.columns["pagerank"][i]) else
                             float(run.columns["pagerank"][i])} for i in tops[k]],
        })
    return result


def run_record(runner: Runner, run: str | None = None) -> dict[str, Any]:
    """The record of run ``run`` (a label or id), or of the last complete run, checked complete.

    Raises
    ------
    NoAnalysis
        When no analysis ran on this graph.
    IncompleteRun
        When some of the run's results are missing, or ``analysis:last`` names no recorded run.
    InputError
        When no run has the label or id ``run``.
    """
    record = find_run(runner, run) if run is not None else last_run(runner)
    check_complete(runner, record)
    return record


def results(runner: Runner, focus: str | None = None, *, limit: int | None = None,
            weak_ties_limit: int = WEAK_TIES_LIMIT, role_rows: int | None = None,
            run: str | None = None) -> dict[str, Any]:
    """The results document of one analysis run, read from the run's chunks (nothing is recomputed).

    The run is ``run`` (a label or id), or by default the last complete run: a
    run that stopped before recording itself, whatever it wrote onto the
    nodes, does not change what this reads. Measures and roles are the run's
    own; names and kinds are the nodes' today. The summary always covers the
    whole analysed graph; ``limit`` and ``role_rows`` bound only the ``nodes``
    list, so that a report of a large graph reads the few nodes it shows, not
    all of them. The reads are independent, and run ``READ_WORKERS`` at a time.

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
    run : the label or id of the run to read; the last complete run by default.

    Raises
    ------
    NoAnalysis
        When no analysis ran on this graph.
    IncompleteRun
        When the run's results are not all in the graph.
    InputError
        When no run has the label or id ``run``.
    """
    record = run_record(runner, run)
    run_id = record["id"]
    parameters = _loads(record.get("parameters"), {})
    focus = focus if focus is not None else parameters.get("focus")
    about = {
        "id": run_id, "label": record.get("label"), "started_at": record.get("started_at"),
        "finished_at": record.get("finished_at"), "engine": record.get("engine"),
        # The run's own parameters, its focus included; the focus of these results' recommendations,
        # which a reader may choose, is recommendations.focus.
        "parameters": {k: parameters.get(k) for k in ("kinds", "types", "directed", "weight", "since", "until")}
        | {"focus": parameters.get("focus"), "analysis": parameters.get("analysis")},
        "versions": _loads(record.get("versions"), {}),
        "betweenness_mode": record.get("betweenness_mode"),
        "thresholds": _loads(record.get("thresholds"), {}),
    }
    # The reads below are independent: they run READ_WORKERS at a time, the longest first.
    # The runner made its driver on the first read (the run's record), in this thread.
    with ThreadPoolExecutor(READ_WORKERS, thread_name_prefix="netnp-read") as pool:
        read = functools.partial(pool.submit, runner.read)
        weak_ties = read("analysis/runs/weak_ties", run=run_id, limit=weak_ties_limit, web=False)
        web_weak_ties = read("analysis/runs/weak_ties", run=run_id, limit=weak_ties_limit, web=True)
        nodes = read_run_nodes(runner, run_id)
        communities = (pool.submit(_communities, runner, nodes, TOP_MEMBERS)
                       if record.get("communities") is not None else None)
        recommended = pool.submit(recommendations, runner, focus, run=record, nodes=nodes) if focus else None
        listed = node_rows(runner, nodes, shown_nodes(nodes, limit, role_rows if limit is not None else None, focus))
    degree, strength = nodes.columns["degree"], nodes.columns["strength"]
    histogram = _histogram(degree)
    weighted = bool(np.any(np.abs(np.nan_to_num(strength) - np.nan_to_num(degree)) > 1e-9))
    n, pairs = nodes.n, record.get("pairs", 0)
    bridging = [nodes.ids[i] for i in nodes.by_pagerank(np.asarray(
        [i for i, x in enumerate(nodes.ids) if x in nodes.roles["Periphery"] and x in nodes.roles["Bridge"]],
        dtype=np.int64))]
    summary = {
        "nodes": record.get("nodes", n), "ties": sum(_loads(record.get("by_type"), {}).values()),
        "pairs": pairs,
        "by_kind": _loads(record.get("by_kind"), {k: 0 for k in KINDS}),
        "by_type": _loads(record.get("by_type"), {}),
        "density": (2.0 * pairs / (n * (n - 1))) if n > 1 else 0.0,
        "components": record.get("components"), "largest_component": record.get("largest_component"),
        "communities": record.get("communities"), "modularity": record.get("modularity"),
        "concentration": concentration_of_counts([(int(v), c) for v, c in histogram], "degree"),
        "activity_concentration": concentration_of_counts(_histogram(strength), "strength") if weighted else None,
        "degree_distribution": [[int(v), c] for v, c in histogram],
        "hub_rule": record.get("hub_rule"), "core_rule": record.get("core_rule"),
        "periphery_rule": record.get("periphery_rule"), "bridge_rule": record.get("bridge_rule"),
        "roles": {role: len(nodes.roles[role]) for role in ROLES},
        "bridging_periphery": bridging,
    }
    community_list = []
    for c in communities.result() if communities else []:
        community_list.append({
            "id": c["id"], "size": c["size"], "density": c["density"],
            "kinds": {kind: count for kind, count in c["kinds"]},
            "internal_ties": c["internal_ties"], "external_ties": c["external_ties"],
            "neighbours": {str(other): ties for other, ties in sorted(c["neighbours"], key=_most_tied_first)},
            "top_members": c["top_members"],
        })
    return {
        "run": about,
        "summary": summary,
        "nodes": listed,
        "communities": community_list,
        "weak_ties": weak_ties.result(),
        "web_weak_ties": web_weak_ties.result(),
        "recommendations": recommended.result() if recommended else None,
    }


def last_run(runner: Runner) -> dict[str, Any]:
    """The record of the last complete analysis run (the ``NetnpRun`` that ``analysis:last`` names).

    Raises
    ------
    NoAnalysis
        When no analysis ran on this graph.
    IncompleteRun
        When ``analysis:last`` names a run that is not recorded.
    """
    row = runner.read("analysis/runs/last")[0]
    if row["last"] is None:
        raise NoAnalysis("no analysis has run on this graph yet; run `netnp analyze all` first")
    if row["record"] is None:
        raise IncompleteRun(f"the last analysis run, {row['last']}, is not recorded in the graph; "
                            "run `netnp analyze` again")
    return row["record"]


def recommendations(runner: Runner, focus: str, limit: int = RECOMMENDATIONS_LIMIT, *,
                    run: dict[str, Any] | None = None, nodes: RunNodes | None = None) -> dict[str, Any]:
    """Introductions to hubs and bridges the focus has no tie with, and its weak ties worth strengthening.

    Each introduction goes through the common contact on the strongest
    two-step path, a path being as long as the sum of 1/weight over its ties
    (``analysis/runs/introductions``); paths and weights follow the
    user's ties in the run's scope, summed per pair as the run sums
    them. The ties to strengthen are listed twice: ``strengthen``, to people
    and organisations, and ``strengthen_web``, to web pages. Roles, PageRank
    and components are the run's own, read from its chunks.

    Parameters
    ----------
    runner : Runner
    focus : id of the focal organisation.
    limit : most introductions, and most ties to strengthen, to list.
    run : the run's record; the last complete run by default.
    nodes : the run's nodes, when the caller read them already.

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
        it), or when the run did not cover it.
    """
    if not runner.read("analysis/results/focus_exists", focus=focus):
        raise NoAnalysis(unknown_id_message("--focus", focus, runner))
    record = run if run is not None else run_record(runner)
    nodes = nodes if nodes is not None else read_run_nodes(runner, record["id"])
    position = {node_id: i for i, node_id in enumerate(nodes.ids)}
    if focus not in position:
        raise NoAnalysis(f"--focus {focus!r} was not in the scope of run {describe(record)}; rerun it with that kind")
    # Introduction paths follow the user's ties in the run's scope, weighted as the run weighed them.
    parameters = _loads(record.get("parameters"), {})
    scope = {"types": parameters.get("types"), "weight": parameters.get("weight") or "weight",
             "since": parameters.get("since"), "until": parameters.get("until")}
    pagerank, component = nodes.columns["pagerank"], nodes.columns["component"]
    home = component[position[focus]]
    brokers = np.asarray([i for i, x in enumerate(nodes.ids) if x != focus
                          and (x in nodes.roles["Hub"] or x in nodes.roles["Bridge"])
                          and (math.isnan(home) or component[i] == home)], dtype=np.int64)
    candidates = [nodes.ids[i] for i in sorted(brokers.tolist(), key=lambda i: (-_finite(pagerank[i]), nodes.ids[i]))]
    introductions = []
    if candidates:
        ranks = {x: _finite(v) for x, v in zip(nodes.ids, pagerank.tolist(), strict=True)}
        for row in runner.read("analysis/runs/introductions", focus=focus, candidates=candidates, pagerank=ranks,
                               limit=limit, **scope):
            roles = nodes.roles_of(row["id"])
            what = " and ".join(r.lower() for r in ("Hub", "Bridge") if r in roles)
            introductions.append({"id": row["id"], "name": row["name"], "roles": roles,
                                  "reason": f"{what} not tied to the focus", "path": row["path"],
                                  "introducer": row["path"][1]["id"] if len(row["path"]) > 2 else None,
                                  "weights": row["weights"], "strength": row["strength"]})

    def strengthen(web: bool) -> list[dict[str, Any]]:
        rows = []
        for row in runner.read("analysis/runs/strengthen", run=record["id"], focus=focus, limit=limit, web=web):
            reason = "weak tie that spans two clusters" if row["spans_clusters"] else "local bridge: no shared contact"
            rows.append({**row, "reason": reason})
        return rows

    return {"focus": focus, "introductions": introductions, "strengthen": strengthen(False),
            "strengthen_web": strengthen(True)}
