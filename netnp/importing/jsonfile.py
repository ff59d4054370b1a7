"""Reading node-link JSON: ``{"nodes": [{"id": …}, …], "edges": [{"source": …, "target": …}, …]}``.

This is what networkx's ``node_link_data`` writes (``links`` is accepted for
``edges``), and what D3 and many other tools exchange. The file is read as a
stream with ijson (a C parser, yajl), one node or edge at a time, so that
memory stays flat however long the file is; the lists may come in any order.
Positions are given as ``nodes[i]`` and ``edges[i]`` (``links[i]``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import ijson
from ijson.common import ObjectBuilder

from netnp.importing.problems import Problem, SourceError

#: The top-level lists of a node-link document, and the kind of row they hold.
_LISTS = {"nodes": "node", "edges": "edge", "links": "edge"}
_NOT_NODE_LINK = 'not node-link JSON: expected an object with a "nodes" list and an "edges" (or "links") list'
_BOM = b"\xef\xbb\xbf"


def read_graph(path: Path) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """``(kind, position, item)`` for every node and edge, in the order of the file."""
    with path.open("rb") as fh:
        if fh.read(3) != _BOM:
            fh.seek(0)
        try:
            yield from _items(path, ijson.parse(fh, use_float=True))
        except ijson.JSONError as exc:
            text = str(exc).strip()
            if "utf" in text.lower() or isinstance(exc.__cause__, UnicodeDecodeError):
                raise SourceError(Problem(path.name, None, None, "not UTF-8; save the file as UTF-8")) from None
            first = text.splitlines()[0] if text else type(exc).__name__
            raise SourceError(Problem(path.name, None, None, f"not valid JSON: {first}")) from None
        except UnicodeDecodeError:
            raise SourceError(Problem(path.name, None, None, "not UTF-8; save the file as UTF-8")) from None


def _items(path: Path, events: Iterator[tuple[str, str, Any]]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    counts: dict[str, int] = {}
    for prefix, event, value in events:
        if prefix == "":
            if event not in ("start_map", "map_key", "end_map"):
                raise SourceError(Problem(path.name, None, "nodes", _NOT_NODE_LINK))
            continue
        if prefix in _LISTS:
            if event == "start_array":
                counts[prefix] = 0
            elif event != "end_array":
                field = "nodes" if prefix == "nodes" else prefix
                reason = _NOT_NODE_LINK if prefix == "nodes" else f'"{prefix}" must be a list'
                raise SourceError(Problem(path.name, None, field, reason))
            continue
        section, _, rest = prefix.partition(".")
        if section not in _LISTS or rest != "item":
            continue  # another key of the document ("directed", "graph", …) or inside an item
        item = _build(event, value, events) if event in ("start_map", "start_array") else value
        position = f"{section}[{counts[section]}]"
        counts[section] += 1
        yield _LISTS[section], position, item if isinstance(item, dict) else {"_not_an_object": item}
    if "nodes" not in counts:
        raise SourceError(Problem(path.name, None, "nodes", _NOT_NODE_LINK))


def _build(event: str, value: Any, events: Iterator[tuple[str, str, Any]]) -> Any:
    """The value that starts with ``event``, built from the events up to its end."""
    builder = ObjectBuilder()
    builder.event(event, value)
    depth = 1
    for _prefix, inner, inner_value in events:
        builder.event(inner, inner_value)
        if inner in ("start_map", "start_array"):
            depth += 1
        elif inner in ("end_map", "end_array"):
            depth -= 1
            if depth == 0:
                break
    return builder.value
