"""Recommendations of one analysis run for a focal node, computed from the run's kept chunks.

A run's chunks (:mod:`netnp.analysis.rundata`) are exactly the graph it
analysed: its pairs of nodes, each with the summed weight of its ties in the
run's scope (types, and the window's dated observations), and the run's
roles, PageRank and components. Recommendations follow that graph, whatever
the graph in Neo4j has become since: the results document
(:func:`netnp.analysis.read.recommendations`) and growth's follow-up of a
run's recommendations (:mod:`netnp.growth`) both compute them here.

* **introductions**: the hubs and bridges of the focus's component that it
  has no tie with, best first by PageRank, each through the common contact on
  the strongest two-step path, or without one along the strongest of the
  paths with the fewest ties;
* **strengthen** and **strengthen_web**: the focus's weak ties (spanning two
  clusters, or local bridges), weakest first, to people and organisations and
  to web pages.

References
----------
Newman, M. E. J. (2001). Scientific collaboration networks. II. Shortest
paths, weighted networks, and centrality. Physical Review E 64, 016132.
Opsahl, T., Agneessens, F. & Skvoretz, J. (2010). Node centrality in
weighted networks: generalizing degree and shortest paths. Social Networks
32(3), 245-251.
Granovetter, M. S. (1973). The strength of weak ties. American Journal of
Sociology 78(6), 1360-1380.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from netnp.analysis.rundata import RunData
from netnp.model import ROLE_LABELS
from netnp.runner import Runner

#: Most introductions, and most ties to strengthen in each list.
RECOMMENDATIONS_LIMIT = 10
#: The roles of the nodes worth an introduction.
BROKER_ROLES = ("Hub", "Bridge")


def _rank(value: float | None) -> float:
    """A PageRank to sort by: one the run did not compute counts as 0."""
    return 0.0 if value is None or math.isnan(value) else float(value)


def _neighbours(run: RunData) -> dict[str, dict[str, int]]:
    """Each node's neighbours in the run, with the position of the pair that joins them."""
    neighbours: dict[str, dict[str, int]] = defaultdict(dict)
    for p, (s, t) in enumerate(zip(run.source, run.target, strict=True)):
        neighbours[s][t] = p
        neighbours[t][s] = p
    return neighbours


def _strongest_shortest_paths(neighbours: dict[str, dict[str, int]], weight: list[float],
                              start: str) -> tuple[dict[str, str | None], dict[str, float]]:
    """The strongest of the paths with the fewest ties from ``start`` to each node it reaches.

    Breadth-first, layer by layer: each node of a layer keeps, among its
    neighbours in the layer before, the one whose path to it is shortest when
    a tie of weight w is 1/w long (a weight ≤ 0 makes it infinite), ties
    broken by id. Returns each node reached with the node before it, and the
    length of its path.
    """
    before: dict[str, str | None] = {start: None}
    length: dict[str, float] = {start: 0.0}
    layer = [start]
    while layer:
        reached: dict[str, tuple[float, str]] = {}
        for node in layer:
            for other, pair in neighbours.get(node, {}).items():
                if other in before:
                    continue
                w = weight[pair]
                option = (length[node] + (1.0 / w if w > 0 else math.inf), node)
                if other not in reached or option < reached[other]:
                    reached[other] = option
        for other, (total, node) in reached.items():
            before[other], length[other] = node, total
        layer = sorted(reached)
    return before, length


def _path(before: dict[str, str | None], goal: str) -> list[str] | None:
    if goal not in before:
        return None
    path: list[str] = []
    node: str | None = goal
    while node is not None:
        path.append(node)
        node = before[node]
    return path[::-1]


def path_strength(w1: float, w2: float) -> float:
    """Strength of the two-step path of tie weights ``w1``, ``w2``: 1 / (1/w1 + 1/w2), 0 with a tie of weight ≤ 0.

    A tie of weight w is 1/w long, as in weighted shortest paths (Newman 2001;
    Opsahl et al. 2010), so this is the inverse of the path's length: half the
    harmonic mean of its weights. A strong tie cannot make up for a very weak
    one, but of two paths with the same weaker tie, the one whose other tie is
    stronger wins (4 and 77 beats 8 and 5).
    """
    return 1.0 / (1.0 / w1 + 1.0 / w2) if w1 > 0 and w2 > 0 else 0.0


def introductions(run: RunData, focus: str, limit: int = RECOMMENDATIONS_LIMIT,
                  neighbours: dict[str, dict[str, int]] | None = None) -> list[dict[str, Any]]:
    """Introductions to the hubs and bridges of the focus's component that it has no tie with, in run ``run``.

    Candidates come best first by the run's PageRank, then id. Each goes
    through the common contact ``m`` on the strongest two-step path focus - m -
    candidate (:func:`path_strength`), ties broken by the product w1 w2, then
    m's PageRank and id; a person or organisation introduces before any web
    page (a web page is at one end of both pairs of a path through it). A
    candidate with no common contact gets the strongest of the paths with the
    fewest ties (each further go-between is one more introduction to ask for),
    its strength being the inverse of its length, 1 / Σ 1/w; one the focus
    cannot reach is left out.

    Returns
    -------
    list of dict
        At most ``limit`` rows ``{id, roles, reason, path, introducer,
        weights, strength}``: ``path`` lists ids from the focus to the
        candidate, ``weights`` the weights of its pairs, ``introducer`` is
        ``path[1]`` on a two-step path and ``None`` otherwise.

    References
    ----------
    Newman (2001); Opsahl, Agneessens & Skvoretz (2010).
    """
    neighbours = neighbours if neighbours is not None else _neighbours(run)
    weight = run.weight
    pagerank = run.pagerank or [None] * len(run.ids)
    rank = {node: _rank(value) for node, value in zip(run.ids, pagerank, strict=True)}
    component = run.component
    home = component[run.position[focus]] if component is not None else None
    tied = neighbours.get(focus, {})
    members = {role: set(run.roles.get(role, ())) for role in ROLE_LABELS}
    candidates = {node for role in BROKER_ROLES for node in members[role]}
    candidates = sorted((c for c in candidates if c != focus and c not in tied and c in run.position
                         and (home is None or component[run.position[c]] == home)),
                        key=lambda c: (-rank[c], c))
    found = []
    tree: tuple[dict[str, str | None], dict[str, float]] | None = None
    for c in candidates:
        if len(found) == limit:
            break
        around = neighbours.get(c, {})
        options = []
        for m in tied.keys() & around.keys():
            first, second = tied[m], around[m]
            w1, w2 = weight[first], weight[second]
            page = bool(run.web[first] and run.web[second])
            options.append((page, -path_strength(w1, w2), -w1 * w2, -rank[m], m))
        if options:
            m = min(options)[-1]
            path, strength = [focus, m, c], path_strength(weight[tied[m]], weight[around[m]])
        else:
            # One breadth-first search from the focus serves every candidate without a common contact.
            tree = tree if tree is not None else _strongest_shortest_paths(neighbours, weight, focus)
            before, length = tree
            path = _path(before, c)
            if path is None:
                continue
            strength = 1.0 / length[c] if length[c] > 0 else 0.0
        roles = [role for role in ROLE_LABELS if c in members[role]]
        what = " and ".join(role.lower() for role in BROKER_ROLES if role in roles)
        found.append({"id": c, "roles": roles, "reason": f"{what} not tied to the focus", "path": path,
                      "introducer": path[1] if len(path) > 2 else None,
                      "weights": [weight[neighbours[x][y]] for x, y in zip(path, path[1:], strict=False)],
                      "strength": strength})
    return found


def strengthen(run: RunData, focus: str, limit: int = RECOMMENDATIONS_LIMIT, *, web: bool = False,
               neighbours: dict[str, dict[str, int]] | None = None) -> list[dict[str, Any]]:
    """The focus's weak ties worth strengthening in run ``run``: ties that span two clusters or are local bridges.

    Weakest first: lowest neighbourhood overlap, then weight, then the other
    end's id. With ``web`` false, the ties to people and organisations; with
    ``web`` true, the ties to web pages. Empty when the run did not measure
    its ties.

    Returns
    -------
    list of dict
        At most ``limit`` rows ``{source, target, type, weight, overlap,
        spans_clusters, local_bridge, reason}``, the focus being ``source``.

    References
    ----------
    Granovetter (1973): weak ties bring new information and new people.
    """
    if run.overlap is None or run.local_bridge is None:
        return []
    rows = []
    # Only the focus's pairs matter here: without the index of every pair, they are found by one pass.
    if neighbours is not None:
        own = neighbours.get(focus, {}).items()
    else:
        own = [(t if s == focus else s, p) for p, (s, t) in enumerate(zip(run.source, run.target, strict=True))
               if focus in (s, t)]
    for other, p in own:
        spans = run.spans_clusters[p] if run.spans_clusters is not None else None
        if bool(run.web[p]) != web or not (spans or run.local_bridge[p]):
            continue
        rows.append({"source": focus, "target": other, "type": run.types[p], "weight": run.weight[p],
                     "overlap": run.overlap[p], "spans_clusters": spans, "local_bridge": run.local_bridge[p],
                     "reason": "weak tie that spans two clusters" if spans else "local bridge: no shared contact"})
    rows.sort(key=lambda r: (r["overlap"], r["weight"], r["target"]))
    return rows[:limit]


def recommend(run: RunData, focus: str, limit: int = RECOMMENDATIONS_LIMIT) -> dict[str, Any] | None:
    """The recommendations of run ``run`` for ``focus``, by ids; ``None`` when the run did not analyse the focus.

    Returns
    -------
    dict or None
        ``{focus, introductions, strengthen, strengthen_web}``
        (:func:`introductions`, :func:`strengthen`).
    """
    if focus not in run.position:
        return None
    neighbours = _neighbours(run)
    return {"focus": focus, "introductions": introductions(run, focus, limit, neighbours),
            "strengthen": strengthen(run, focus, limit, web=False, neighbours=neighbours),
            "strengthen_web": strengthen(run, focus, limit, web=True, neighbours=neighbours)}


def names(runner: Runner, ids: Iterable[str]) -> dict[str, str | None]:
    """Today's names of these entities, by id (``analysis/runs/entities``); an id no longer in the graph is left out."""
    wanted = sorted(set(ids))
    return {row["id"]: row["name"] for row in runner.read("analysis/runs/entities", ids=wanted)} if wanted else {}


def named(runner: Runner, recommended: dict[str, Any]) -> dict[str, Any]:
    """The recommendations of :func:`recommend` with today's names, as the results document gives them.

    An introduction gets ``name`` and its ``path`` becomes ``[{id, name}]``; a
    tie to strengthen gets ``source_name`` and ``target_name``
    (docs/analysis-results.md).
    """
    ties = recommended["strengthen"] + recommended["strengthen_web"]
    found = names(runner, [recommended["focus"]] + [x for i in recommended["introductions"] for x in i["path"]]
                  + [t["target"] for t in ties])

    def tie(row: dict[str, Any]) -> dict[str, Any]:
        return {"source": row["source"], "target": row["target"], "source_name": found.get(row["source"]),
                "target_name": found.get(row["target"]),
                **{k: row[k] for k in ("type", "weight", "overlap", "spans_clusters", "local_bridge", "reason")}}

    return {"focus": recommended["focus"],
            "introductions": [{"id": i["id"], "name": found.get(i["id"]), "roles": i["roles"], "reason": i["reason"],
                               "path": [{"id": x, "name": found.get(x)} for x in i["path"]],
                               "introducer": i["introducer"], "weights": i["weights"], "strength": i["strength"]}
                              for i in recommended["introductions"]],
            "strengthen": [tie(t) for t in recommended["strengthen"]],
            "strengthen_web": [tie(t) for t in recommended["strengthen_web"]]}


__all__ = ["BROKER_ROLES", "RECOMMENDATIONS_LIMIT", "introductions", "named", "names", "path_strength",
           "recommend", "strengthen"]
