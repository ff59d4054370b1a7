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
