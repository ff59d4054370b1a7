"""Analysis results documents computed with networkx, for the report's tests.

The report renders the document described in docs/analysis-results.md. These
helpers compute that document independently of netnp's analyses, with
networkx as the oracle, so that the report can be tested on the classic
networks (karate club, Florentine families, Les Misérables) and on large
generated graphs (bench/bench_report.py).
"""

from __future__ import annotations

import math
import random
from typing import Any

import networkx as nx


def _concentration(values: list[float]) -> dict[str, Any]:
    ordered = sorted(values)
    total = sum(ordered) or 1.0
    n = len(ordered)
    lorenz, running = [[0.0, 0.0]], 0.0
    for i, v in enumerate(ordered, 1):
        running += v
        lorenz.append([i / n, running / total])

    def top(share: float) -> float:
        k = max(1, math.ceil(share * n))
        return sum(ordered[-k:]) / total

    gini = sum((2 * i - n - 1) * v for i, v in enumerate(ordered, 1)) / (n * total)
    return {"measure": "degree", "top1": top(0.01), "top2": top(0.02), "top10": top(0.10),
            "gini": gini, "lorenz": lorenz}


def _overlap(g: nx.Graph, u: Any, v: Any) -> float:
    common = len(set(g[u]) & set(g[v]) - {u, v})
    denominator = (g.degree(u) - 1) + (g.degree(v) - 1) - common
    return 0.0 if denominator <= 0 else common / denominator


def document_from_graph(
    g: nx.Graph, *, names: dict[Any, str] | None = None, kinds: dict[Any, str] | None = None,
    communities: list[set] | None = None, focus: Any = None, exact: bool = True, tie_type: str = "KNOWS",
    with_ties: bool = True,
) -> dict[str, Any]:
    """The analysis results document of an undirected graph, computed with networkx.

    Parameters
    ----------
    g : networkx.Graph
        The network; node keys become ids ``n:<key>``.
    names, kinds : dict, optional
        Display name and kind of each node (default: the key, ``Person``).
    communities : list of sets, optional
        Clusters; Louvain (seed 1) by default.
    focus : node key, optional
        The focal organisation for the recommendations.
    exact : bool
        Compute betweenness, constraint and effective size (slow on large graphs).
    with_ties : bool
        Add a ``ties`` list (all ties), which the report's network view draws.
    """
    names = names or {}
    kinds = kinds or {}
    ident = {v: f"n:{v}" for v in g}
    name = {v: str(names.get(v, v)) for v in g}
    if communities is None:
        communities = nx.community.louvain_communities(g, seed=1)
    community = {v: i for i, members in enumerate(communities) for v in members}
    degree = dict(g.degree())
    strength = dict(g.degree(weight="weight"))
    pagerank = nx.pagerank(g)
    coreness = nx.core_number(g)
    kmax = max(coreness.values())
    betweenness = nx.betweenness_centrality(g) if exact else {}
    constraint = nx.constraint(g) if exact else {}
    effective = nx.effective_size(g) if exact else {}
    articulation = set(nx.articulation_points(g))
    participation = {}
    for v in g:
        k = degree[v]
        counts: dict[int, int] = {}
        for u in g[v]:
            counts[community[u]] = counts.get(community[u], 0) + 1
        participation[v] = 1.0 - sum((c / k) ** 2 for c in counts.values()) if k else 0.0
    mean = sum(degree.values()) / len(degree)
    sd = math.sqrt(sum((d - mean) ** 2 for d in degree.values()) / len(degree)) or 1.0
    ranked = sorted(g, key=lambda v: -pagerank[v])
    top5 = set(ranked[: max(1, math.ceil(0.05 * len(ranked)))])
    reach2 = {}
    for v in g:
        near = set(g[v])
        for u in list(near):
            near |= set(g[u])
        near.discard(v)
        reach2[v] = len(near)
    nodes = []
    for v in ranked:
        roles = []
        if v in top5 and (degree[v] - mean) / sd >= 2:
            roles.append("Hub")
        if coreness[v] >= kmax - 1:
            roles.append("Core")
        if participation[v] >= 0.5 or v in articulation:
            roles.append("Bridge")
        if coreness[v] <= max(1, kmax // 2):
            roles.append("Periphery")
        nodes.append({
            "id": ident[v], "kind": kinds.get(v, "Person"), "name": name[v], "degree": degree[v],
            "in_degree": None, "out_degree": None, "strength": float(strength[v]), "pagerank": pagerank[v],
            "reach2": reach2[v], "coreness": coreness[v], "community": community[v],
            "betweenness": betweenness.get(v), "constraint": constraint.get(v), "effective_size": effective.get(v),
            "participation": participation[v], "articulation": v in articulation, "roles": roles,
        })
    cluster_rows = []
    for i, members in enumerate(communities):
        sub = g.subgraph(members)
        neighbours: dict[str, int] = {}
        external = 0
        for v in members:
            for u in g[v]:
                if community[u] != i:
                    external += 1
                    neighbours[str(community[u])] = neighbours.get(str(community[u]), 0) + 1
        kind_counts: dict[str, int] = {}
        for v in members:
            kind_counts[kinds.get(v, "Person")] = kind_counts.get(kinds.get(v, "Person"), 0) + 1
        top = sorted(members, key=lambda v: -pagerank[v])[:5]
        cluster_rows.append({
            "id": i, "size": len(members), "density": nx.density(sub), "kinds": kind_counts,
            "internal_ties": sub.number_of_edges(), "external_ties": external, "neighbours": neighbours,
            "top_members": [{"id": ident[v], "name": name[v], "pagerank": pagerank[v]} for v in top],
        })
    weak = []
    for u, v, data in g.edges(data=True):
        overlap = _overlap(g, u, v)
        weak.append({"source": ident[u], "target": ident[v], "source_name": name[u], "target_name": name[v],
                     "type": tie_type, "overlap": overlap, "weight": float(data.get("weight", 1.0)),
                     "local_bridge": overlap == 0.0, "spans_clusters": community[u] != community[v]})
    weak.sort(key=lambda t: (t["overlap"], t["weight"], t["source"], t["target"]))
    weak = [t for t in weak if t["overlap"] < 0.2]
    recommendations: dict[str, Any] = {"focus": None, "introductions": [], "strengthen": []}
    if focus is not None:
        recommendations["focus"] = ident[focus]
        paths = nx.single_source_shortest_path(g, focus)
        key_of = {ident[v]: v for v in g}
        for node in nodes:
            v = key_of[node["id"]]
            if v == focus or g.has_edge(focus, v) or v not in paths:
                continue
            if "Hub" in node["roles"] or "Bridge" in node["roles"]:
                recommendations["introductions"].append({
                    "id": ident[v], "name": name[v], "roles": node["roles"],
                    "reason": "hub not tied to the focus" if "Hub" in node["roles"] else "bridge not tied to the focus",
                    "path": [{"id": ident[p], "name": name[p]} for p in paths[v]]})
        for t in weak:
            if ident[focus] in (t["source"], t["target"]) and t["spans_clusters"]:
                recommendations["strengthen"].append({k: t[k] for k in ("source", "target", "source_name", "target_name", "weight", "overlap")}
                                                     | {"reason": "weak tie that spans two clusters"})
    by_kind = {"Person": 0, "Organization": 0, "WebPage": 0}
    for v in g:
        by_kind[kinds.get(v, "Person")] += 1
    histogram: dict[int, int] = {}
    for d in degree.values():
        histogram[d] = histogram.get(d, 0) + 1
    components = list(nx.connected_components(g))
    document = {
        "run": {"id": "run-2026-11-25T10:00:00Z-test", "started_at": "2026-11-25T10:00:00Z",
                "finished_at": "2026-11-25T10:00:04Z", "engine": "gds",
                "parameters": {"kinds": ["Person", "Organization", "WebPage"], "types": None, "directed": False,
                               "weight": "weight", "since": None, "until": None,
                               "focus": ident[focus] if focus is not None else None},
                "versions": {"netnp": "0.1.0", "neo4j": "5.26.19", "gds": "2.13.9", "apoc": "5.26.19"}},
        "summary": {
            "nodes": g.number_of_nodes(), "ties": g.number_of_edges(), "by_kind": by_kind,
            "by_type": {tie_type: g.number_of_edges()}, "density": nx.density(g),
            "components": len(components), "largest_component": max(len(c) for c in components),
            "communities": len(communities), "modularity": nx.community.modularity(g, communities),
            "concentration": _concentration([float(d) for d in degree.values()]),
            "degree_distribution": sorted([k, c] for k, c in histogram.items()),
            "hub_rule": "top 5 % by PageRank and degree z-score >= 2",
            "core_rule": "coreness >= k_max - 1",
        },
        "nodes": nodes, "communities": cluster_rows, "weak_ties": weak, "recommendations": recommendations,
    }
    if with_ties:
        document["ties"] = [{"source": ident[u], "target": ident[v], "weight": float(d.get("weight", 1.0))}
                            for u, v, d in g.edges(data=True)]
    return document


def karate_document(focus: Any = 0) -> dict[str, Any]:
    """Zachary's karate club, with the two faction leaders as organisations-like hubs."""
    g = nx.karate_club_graph()
    names = {v: f"Member {v}" for v in g}
    names[0], names[33] = "Mr Hi", "John A."
    return document_from_graph(g, names=names, focus=focus)


def florentine_document() -> dict[str, Any]:
    """Padgett's Florentine families, each family an organisation."""
    g = nx.florentine_families_graph()
    return document_from_graph(g, kinds={v: "Organization" for v in g}, focus="Strozzi")


def clustered_graph(nodes: int, group_size: int = 500, seed: int = 3) -> tuple[nx.Graph, list[set]]:
    """A large graph with known clusters: Barabási-Albert groups plus 10 % ties across groups."""
    rng = random.Random(seed)
    g = nx.Graph()
    groups = []
    for start in range(0, nodes, group_size):
        size = min(group_size, nodes - start)
        part = nx.barabasi_albert_graph(size, 2, seed=rng.randrange(10**6)) if size > 3 else nx.path_graph(size)
        g.add_edges_from((start + u, start + v) for u, v in part.edges())
        g.add_nodes_from(range(start, start + size))
        groups.append(set(range(start, start + size)))
    for _ in range(g.number_of_edges() // 10):
        u, v = rng.randrange(nodes), rng.randrange(nodes)
        if u != v:
            g.add_edge(u, v)
    return g, groups
