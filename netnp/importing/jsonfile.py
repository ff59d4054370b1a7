"""Reading node-link JSON: ``{"nodes": [{"id": …}, …], "edges": [{"source": …, "target": …}, …]}``.

This is what networkx's ``node_link_data`` writes (``links`` is accepted for
``edges``), and what D3 and many other tools exchange. The file is read whole
(JSON has no streaming form in the standard library); positions are given as
``nodes[i]`` and ``edges[i]``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from netnp.importing.problems import Problem, SourceError


def read_graph(path: Path) -> Iterator[tuple[str, str, dict[str, Any]]]:
    try:
        with path.open("r", encoding="utf-8-sig") as fh:
            data = json.load(fh)
    except UnicodeDecodeError:
        raise SourceError(Problem(path.name, None, None, "not UTF-8; save the file as UTF-8")) from None
    except json.JSONDecodeError as exc:
        raise SourceError(Problem(path.name, exc.lineno, None, f"not valid JSON: {exc.msg} (column {exc.colno})")) from None
    if not isinstance(data, dict) or not isinstance(data.get("nodes"), list):
        raise SourceError(Problem(path.name, None, "nodes",
                                  'not node-link JSON: expected an object with a "nodes" list and an "edges" (or "links") list'))
    edges_key = "edges" if "edges" in data else "links"
    edges = data.get(edges_key, [])
    if not isinstance(edges, list):
        raise SourceError(Problem(path.name, None, edges_key, f'"{edges_key}" must be a list'))
    for i, node in enumerate(data["nodes"]):
        yield "node", f"nodes[{i}]", node if isinstance(node, dict) else {"_not_an_object": node}
    for i, edge in enumerate(edges):
        yield "edge", f"{edges_key}[{i}]", edge if isinstance(edge, dict) else {"_not_an_object": edge}
