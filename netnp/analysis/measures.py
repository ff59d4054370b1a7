"""The measures computed in the client, from the analysed graph read by :func:`netnp.analysis.scope.read_scope`.

Both engines use these: the measures that follow from the pairs themselves
(degrees, strength, reach, the tie measures, participation, structural holes,
modularity, and the numbering of components and communities). Without GDS, the
graph algorithms run here too, with python-igraph (:func:`igraph_measures`).

Every function takes the :class:`~netnp.analysis.scope.ScopeGraph` and numpy
arrays indexed by node (or by pair), and returns arrays; ``NaN`` marks a value
that is undefined for a node (the constraint of an isolated node, for example).
"""

from __future__ import annotations

import random
import warnings
from collections.abc import Callable
from typing import Any

import igraph as ig
import numpy as np
from threadpoolctl import threadpool_limits

from netnp.analysis.scope import ScopeGraph


def undirected(graph: ScopeGraph) -> ig.Graph:
    """The igraph graph of the pairs: edge ``p`` is pair ``p``, with its weight."""
    g = ig.Graph(n=graph.n, edges=np.column_stack([graph.source, graph.target]).tolist(), directed=False)
    g.es["weight"] = graph.weight.tolist()
    return g


def directed(graph: ScopeGraph) -> ig.Graph:
    """The igraph graph of the arcs of a directed run, with their weights."""
    tails, heads, weights = graph.arcs()
    g = ig.Graph(n=graph.n, edges=np.column_stack([tails, heads]).tolist(), directed=True)
    g.es["weight"] = weights.tolist()
    return g


# -- measures of the pairs, for both engines -----------------------------------------------
def degrees(graph: ScopeGraph) -> dict[str, np.ndarray]:
    """Degree (distinct neighbours), strength (sum of pair weights), and in- and out-degree (distinct
    neighbours an arc comes from, or goes to) for directed runs."""
    n = graph.n
    degree = np.bincount(graph.source, minlength=n) + np.bincount(graph.target, minlength=n)
    strength = (np.bincount(graph.source, weights=graph.weight, minlength=n)
                + np.bincount(graph.target, weights=graph.weight, minlength=n))
    forward, backward = (graph.out_ties > 0).astype(np.int64), (graph.in_ties > 0).astype(np.int64)
    out_degree = (np.bincount(graph.source, weights=forward, minlength=n)
                  + np.bincount(graph.target, weights=backward, minlength=n)).astype(np.int64)
    in_degree = (np.bincount(graph.target, weights=forward, minlength=n)
                 + np.bincount(graph.source, weights=backward, minlength=n)).astype(np.int64)
    return {"degree": degree.astype(np.int64), "strength": strength.astype(np.float64),
            "out_degree": out_degree, "in_degree": in_degree}


def reach2(g: ig.Graph) -> np.ndarray:
    """How many other nodes each node reaches within two hops."""
    return np.asarray(g.neighborhood_size(order=2, mindist=1), dtype=np.int64)


def pair_index(graph: ScopeGraph) -> Callable[[np.ndarray, np.ndarray], np.ndarray]:
    """A function giving the pair index of node pairs ``(a, b)`` (either order) that are pairs of the graph."""
    n = graph.n
    keys = graph.source * n + graph.target
    order = np.argsort(keys)
    sorted_keys = keys[order]

    def find(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        low, high = np.minimum(a, b), np.maximum(a, b)
        return order[np.searchsorted(sorted_keys, low * n + high)]

    return find


def tie_measures(graph: ScopeGraph, g: ig.Graph, degree: np.ndarray, strength: np.ndarray) -> dict[str, np.ndarray]:
    """Each pair's common neighbours, neighbourhood overlap and local-bridge flag, and the two-step
    weight of Burt's constraint, from one listing of the graph's triangles.

    A triangle ``(a, b, q)`` makes ``q`` a common neighbour of the pair ``(a, b)``,
    and so for its three pairs. The listing visits each triangle once from its
    lowest-degree end, so that a hub's ties cost what its neighbours' degrees cost,
    not the hub's degree each: ``O(m^1.5)`` in all.

    * ``common``: n_ab, the pair's common neighbours (its embeddedness);
    * ``overlap``: n_ab / ((k_a - 1) + (k_b - 1) - n_ab), 0 when the denominator is 0;
    * ``local_bridge``: n_ab = 0 (no common neighbour);
    * ``indirect``: sum over common neighbours q of w_aq w_qb / s_q, so that Burt's
      indirect share p_aq p_qb summed over q is ``indirect / s_a``.

    References
    ----------
    Granovetter, M. S. (1973). The strength of weak ties. American Journal of
    Sociology 78(6), 1360-1380.
    Onnela, J.-P., Saramäki, J., Hyvönen, J., Szabó, G., Lazer, D., Kaski, K.,
    Kertész, J. & Barabási, A.-L. (2007). Structure and tie strengths in mobile
    communication networks. Proceedings of the National Academy of Sciences
    104(18), 7332-7336.
    Chiba, N. & Nishizeki, T. (1985). Arboricity and subgraph listing
    algorithms. SIAM Journal on Computing 14(1), 210-223.
    """
    m = graph.pairs
    common = np.zeros(m, dtype=np.int64)
    indirect = np.zeros(m, dtype=np.float64)
    triangles = np.asarray(g.list_triangles(), dtype=np.int64).reshape(-1, 3)
    if len(triangles):
        find = pair_index(graph)
        a, b, c = triangles[:, 0], triangles[:, 1], triangles[:, 2]
        ab, bc, ca = find(a, b), find(b, c), find(c, a)
        w_ab, w_bc, w_ca = graph.weight[ab], graph.weight[bc], graph.weight[ca]
        for pair, left, right, q in ((ab, w_ca, w_bc, c), (bc, w_ab, w_ca, a), (ca, w_bc, w_ab, b)):
            common += np.bincount(pair, minlength=m)
            indirect += np.bincount(pair, weights=left * right / strength[q], minlength=m)
    denominator = degree[graph.source] - 1 + degree[graph.target] - 1 - common
    overlap = np.divide(common, denominator, out=np.zeros(m), where=denominator > 0)
    return {"common": common, "indirect": indirect, "overlap": overlap, "local_bridge": common == 0}


def structural_holes(graph: ScopeGraph, degree: np.ndarray, strength: np.ndarray,
                     common: np.ndarray, indirect: np.ndarray) -> dict[str, np.ndarray]:
    """Burt's constraint and effective size of every node, from the tie measures.

    Constraint c_i = sum over neighbours j of (p_ij + sum over q of p_iq p_qj)^2,
    with p_ij = w_ij / s_i (as networkx, for undirected ties); the inner sum is
    ``indirect_ij / s_i``. Effective size = n - 2t/n, with n neighbours and t ties
    among them; 2t is the sum of ``common`` over the node's ties. Both are NaN for
    isolated nodes.

    References
    ----------
    Burt, R. S. (1992). Structural Holes: The Social Structure of Competition.
    Harvard University Press.
    Borgatti, S. P. (1997). Structural holes: unpacking Burt's redundancy
    measures. Connections 20(1), 35-38.
    """
    n = graph.n
    ends = np.concatenate([graph.source, graph.target])
    share = np.concatenate([graph.weight, graph.weight]) + np.concatenate([indirect, indirect])
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = (share / strength[ends]) ** 2
        constraint = np.bincount(ends, weights=terms, minlength=n).astype(np.float64)
        twice_t = np.bincount(ends, weights=np.concatenate([common, common]), minlength=n)
        effective = degree - twice_t / degree
    isolated = degree == 0
    constraint[isolated] = np.nan
    effective = np.where(isolated, np.nan, effective)
    return {"constraint": constraint, "effective_size": effective.astype(np.float64)}


def participation(graph: ScopeGraph, degree: np.ndarray, community: np.ndarray) -> np.ndarray:
    """The participation coefficient 1 - sum over communities c of (k_ic / k_i)^2; NaN for isolated nodes.

    References
    ----------
    Guimerà, R. & Amaral, L. A. N. (2005). Functional cartography of complex
    metabolic networks. Nature 433, 895-900.
    """
    n = graph.n
    ends = np.concatenate([graph.source, graph.target])
    others = np.concatenate([community[graph.target], community[graph.source]])
    keys, counts = np.unique(ends * (int(community.max(initial=0)) + 1) + others, return_counts=True)
    owner = keys // (int(community.max(initial=0)) + 1)
    squares = np.bincount(owner, weights=counts.astype(np.float64) ** 2, minlength=n).astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        value = 1.0 - squares / degree.astype(np.float64) ** 2
    return np.where(degree > 0, value, np.nan)


def modularity(graph: ScopeGraph, community: np.ndarray, strength: np.ndarray) -> float | None:
    """Weighted modularity Q = sum over communities of (L_c / m - (S_c / 2m)^2); ``None`` without ties.

    References
    ----------
    Newman, M. E. J. (2006). Modularity and community structure in networks.
    Proceedings of the National Academy of Sciences 103(23), 8577-8582.
    """
    m = float(graph.weight.sum())
    if m <= 0:
        return None
    inside = float(graph.weight[community[graph.source] == community[graph.target]].sum())
    totals = np.bincount(community, weights=strength)
    return inside / m - float((totals ** 2).sum()) / (4.0 * m * m)


def numbered_by_size(graph: ScopeGraph, labels: np.ndarray) -> np.ndarray:
    """Renumber groups 0, 1, 2 … from the largest to the smallest, ties broken by their smallest member id."""
    groups: dict[int, list[int]] = {}
    for node, label in enumerate(labels.tolist()):
        groups.setdefault(label, []).append(node)
    ranked = sorted(groups.values(), key=lambda members: (-len(members), min(graph.ids[i] for i in members)))
    result = np.empty(graph.n, dtype=np.int64)
    for number, members in enumerate(ranked):
        result[members] = number
    return result


def community_profiles(graph: ScopeGraph, community: np.ndarray) -> dict[str, list]:
    """Per community (numbered 0, 1, …): size, ties inside, ties to other communities, and its
    neighbouring communities as text ``"other:ties,other:ties"``, most ties first (then by number)."""
    count = int(community.max(initial=-1)) + 1
    a, b = community[graph.source], community[graph.target]
    same = a == b
    internal = np.bincount(a[same], minlength=count)
    external = np.bincount(a[~same], minlength=count) + np.bincount(b[~same], minlength=count)
    ends = np.concatenate([a[~same], b[~same]])
    others = np.concatenate([b[~same], a[~same]])
    keys, ties = np.unique(ends * max(count, 1) + others, return_counts=True)
    neighbours: list[list[tuple[int, int]]] = [[] for _ in range(count)]
    for key, tie_count in zip(keys.tolist(), ties.tolist(), strict=True):
        neighbours[key // count].append((key % count, tie_count))
    return {"community": list(range(count)), "size": np.bincount(community, minlength=count).tolist(),
            "internal_ties": internal.tolist(), "external_ties": external.tolist(),
            "neighbours": [",".join(f"{other}:{k}" for other, k in sorted(found, key=lambda x: (-x[1], x[0])))
                           for found in neighbours]}


# -- graph algorithms without GDS ----------------------------------------------------------
def sampled_sources(n: int, sample: int, seed: int) -> list[int]:
    """The seeded sample of source nodes that sampled betweenness and harmonic closeness start from."""
    return sorted(random.Random(seed).sample(range(n), min(sample, n)))


def igraph_measures(graph: ScopeGraph, g: ig.Graph, wanted: set[str], *, directed_run: bool, damping: float,
                    sources: list[int] | None, seed: int, on_step: Callable[[str], None]) -> dict[str, Any]:
    """The graph algorithms' measures, computed with python-igraph in this process.

    ``sources`` is ``None`` for exact betweenness and harmonic closeness, else the
    sampled sources. Returns raw measures: components and communities as igraph
    numbers them, betweenness counted over unordered pairs (networkx's
    unnormalised value), harmonic closeness summed over the sources.
    """
    # igraph's PageRank (PRPACK) runs on OpenMP threads, which spin while they wait for each other: on a
    # machine whose processors are busy that made it far slower than on one thread.
    with threadpool_limits(1, user_api="openmp"):
        return _igraph_measures(graph, g, wanted, directed_run=directed_run, damping=damping, sources=sources,
                                seed=seed, on_step=on_step)


def _igraph_measures(graph: ScopeGraph, g: ig.Graph, wanted: set[str], *, directed_run: bool, damping: float,
                     sources: list[int] | None, seed: int, on_step: Callable[[str], None]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    arcs = directed(graph) if directed_run else None
    if "components" in wanted:
        on_step("components")
        out["component"] = np.asarray(g.connected_components().membership, dtype=np.int64)
    if "pagerank" in wanted:
        on_step("pagerank")
        if arcs is not None:
            out["pagerank"] = np.asarray(arcs.pagerank(directed=True, damping=damping, weights="weight"))
        else:
            out["pagerank"] = np.asarray(g.pagerank(directed=False, damping=damping, weights="weight"))
    if "coreness" in wanted:
        on_step("coreness")
        out["coreness"] = np.asarray(g.coreness(), dtype=np.int64)
    if "communities" in wanted:
        on_step("communities")
        # igraph draws from Python's random module by default: a seeded generator of its own, then back
        ig.set_random_number_generator(random.Random(seed))
        try:
            found = g.community_leiden(objective_function="modularity", weights="weight", n_iterations=-1)
        finally:
            ig.set_random_number_generator(random)
        out["community"] = np.asarray(found.membership, dtype=np.int64)
    if "betweenness" in wanted:
        on_step("betweenness")
        if sources is None:
            out["betweenness"] = np.asarray(g.betweenness(directed=False), dtype=np.float64)
        else:
            out["betweenness"] = np.asarray(g.betweenness(directed=False, sources=sources), dtype=np.float64)
    if "articulation" in wanted:
        on_step("articulation")
        flags = np.zeros(graph.n, dtype=bool)
        flags[g.articulation_points()] = True
        out["articulation"] = flags
    if "bridges" in wanted:
        on_step("bridges")
        flags = np.zeros(graph.pairs, dtype=bool)
        flags[g.bridges()] = True
        out["bridge"] = flags
    if "eigenvector" in wanted:
        on_step("eigenvector")
        if graph.pairs:
            with warnings.catch_warnings():
                # igraph warns that a disconnected graph's smaller components get (nearly) zero,
                # which docs/analysis.md states
                warnings.simplefilter("ignore", RuntimeWarning)
                values = np.asarray(g.eigenvector_centrality(weights=None), dtype=np.float64)
        else:
            values = np.ones(graph.n)
        out["eigenvector"] = values / np.linalg.norm(values) if np.linalg.norm(values) > 0 else values
    if "harmonic" in wanted:
        on_step("harmonic")
        out["harmonic"] = harmonic_sum(g, sources)
    if "hits" in wanted and arcs is not None:
        on_step("hits")
        if arcs.ecount():
            out["hub"] = np.asarray(arcs.hub_score(weights=None), dtype=np.float64)
            out["authority"] = np.asarray(arcs.authority_score(weights=None), dtype=np.float64)
        else:
            out["hub"] = out["authority"] = np.ones(graph.n)
    return out


#: Sources per block of the distance matrix of sampled harmonic closeness.
_HARMONIC_BLOCK = 64


def harmonic_sum(g: ig.Graph, sources: list[int] | None) -> np.ndarray:
    """Sum over the sources s of 1 / d(s, v), for each node v (undirected hop distances; 0 when unreachable).

    With all nodes as sources it is networkx's unnormalised harmonic centrality.
    """
    if sources is None:
        return np.asarray(g.harmonic_centrality(normalized=False), dtype=np.float64)
    total = np.zeros(g.vcount())
    for start in range(0, len(sources), _HARMONIC_BLOCK):
        block = np.asarray(g.distances(source=sources[start:start + _HARMONIC_BLOCK]), dtype=np.float64)
        with np.errstate(divide="ignore"):
            inverse = 1.0 / block
        inverse[~np.isfinite(inverse)] = 0.0  # the source itself (distance 0) and unreachable nodes
        total += inverse.sum(axis=0)
    return total
