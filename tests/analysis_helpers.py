"""Loading networkx graphs into Neo4j for the analysis tests, and reading results back by node id."""

from __future__ import annotations

from typing import Any

import networkx as nx

from netnp.graphwrite import Provenance, entity_row, tie_row, write_graph
from netnp.runner import Runner


def node_id(node: Any) -> str:
    return f"n:{node}"


def load_networkx(runner: Runner, graph: nx.Graph, source: str, kind_of=None, tie_type: str = "KNOWS",
                  weight: str | None = None) -> None:
    """Write a networkx graph as Entity nodes and ties (kind Person unless ``kind_of(node)`` says otherwise)."""
    entities = [entity_row(node_id(v), kind_of(v) if kind_of else "Person", str(v)) for v in graph.nodes]
    ties = [tie_row(node_id(a), node_id(b), tie_type, weight=float(data.get(weight, 1.0)) if weight else 1.0)
            for a, b, data in graph.edges(data=True)]
    write_graph(runner, entities, ties, Provenance(source))


def by_id(document: dict[str, Any], key: str) -> dict[str, Any]:
    """``{networkx node label: value}`` of one node field of the results document."""
    return {row["name"]: row[key] for row in document["nodes"]}


def heavy_tailed_blocks(nodes: int = 800, blocks: int = 10, mixing: float = 0.15, seed: int = 3) -> nx.Graph:
    """A network with planted clusters and heavy-tailed degrees and weights, like published character networks.

    A degree-corrected stochastic block model drawn as Chung-Lu graphs: each
    node gets an expected degree from a Pareto law (shape 1.5, at least 2, at
    most 150) and a block; a share ``1 - mixing`` of its expected degree goes
    to its own block, the rest to other blocks. Tie weights follow a Pareto
    law too (shape 1.2, 1 to 100). Isolated nodes are left out.

    References
    ----------
    Chung, F. & Lu, L. (2002). Connected components in random graphs with
    given expected degree sequences. Annals of Combinatorics 6, 125-145.
    Karrer, B. & Newman, M. E. J. (2011). Stochastic blockmodels and community
    structure in networks. Physical Review E 83, 016107.
    """
    import random

    rnd = random.Random(seed)
    expected = [min(150.0, 2.0 * rnd.paretovariate(1.5)) for _ in range(nodes)]
    block = [rnd.randrange(blocks) for _ in range(nodes)]
    graph = nx.Graph()
    graph.add_nodes_from(range(nodes))
    for b in range(blocks):
        members = [v for v in range(nodes) if block[v] == b]
        inside = nx.expected_degree_graph([expected[v] * (1 - mixing) for v in members], seed=rnd.randrange(10**6),
                                          selfloops=False)
        graph.add_edges_from((members[u], members[v]) for u, v in inside.edges)
    across = nx.expected_degree_graph([d * mixing for d in expected], seed=rnd.randrange(10**6), selfloops=False)
    graph.add_edges_from((u, v) for u, v in across.edges if block[u] != block[v])
    graph.remove_nodes_from([v for v in list(graph) if graph.degree(v) == 0])
    for u, v in graph.edges:
        graph.edges[u, v]["weight"] = float(min(100, int(rnd.paretovariate(1.2))))
    return graph
