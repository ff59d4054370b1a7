"""Reading node-link JSON: ``{"nodes": [{"id": …}, …], "edges": [{"source": …, "target": …}, …]}``.

This is what networkx's ``node_link_data`` writes (``links`` is accepted for
``edges``), and what D3 and many other tools exchange. The file is read as a
stream with ijson (a C parser, yajl), one node or edge at a time, so that
memory stays flat however long the file is; the lists may come in any order.
Positions are given as ``nodes[i]`` and ``edges[i]`` (``links[i]``).

The reader takes ijson's bare events (no path prefix: ijson's prefixes grow
with the nesting depth, and a deeply nested value would cost memory in the
square of its depth) and builds each node or edge itself, within the limits
of :mod:`netnp.importing.limits`: it stops at the first limit crossed, before
building the value that crosses it, and the import stops with
:class:`~netnp.importing.limits.LimitExceeded`.

Ids (``id``, ``source``, ``target``) must be text or integers (an integer
stands for its decimal text, as networkx writes integer nodes; other numbers,
booleans, lists and objects are refused), names, aliases and URLs must not be
lists or objects, and attribute names must not contain NUL characters. A row
that breaks these rules is rejected with the field named, like any other bad row.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

import ijson

from netnp.importing.limits import (
    MAX_ATTRIBUTES,
    MAX_FIELD_BYTES,
    MAX_FIELD_CHARS,
    MAX_NESTING_DEPTH,
    MAX_ROW_BYTES,
    MAX_ROW_VALUES,
    LimitExceeded,
)
from netnp.importing.problems import Problem, SourceError
from netnp.importing.xmlgraph import BAD_VALUE, _BadValue

#: The top-level lists of a node-link document, and the kind of row they hold.
_LISTS = {"nodes": "node", "edges": "edge", "links": "edge"}
_NOT_NODE_LINK = 'not node-link JSON: expected an object with a "nodes" list and an "edges" (or "links") list'
_BOM = b"\xef\xbb\xbf"
_STARTS = ("start_map", "start_array")
_ENDS = ("end_map", "end_array")
#: Fields (in lower case) whose values are ids, and those that hold names, by kind of row.
_ID_FIELDS = {"node": ("id",), "edge": ("source", "target")}
_NAME_FIELDS = {"node": ("name", "label", "aliases", "url"), "edge": ()}


def read_graph(path: Path) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """``(kind, position, item)`` for every node and edge, in the order of the file."""
    with path.open("rb") as fh:
        reader = _Reader(path, fh)
        try:
            yield from reader.items()
        except ijson.JSONError as exc:
            text = str(exc).strip()
            if "utf" in text.lower() or isinstance(exc.__cause__, UnicodeDecodeError):
                raise SourceError(Problem(path.name, None, None, "not UTF-8; save the file as UTF-8")) from None
            first = text.splitlines()[0] if text else type(exc).__name__
            raise SourceError(Problem(path.name, None, None, f"not valid JSON: {first}")) from None
        except UnicodeDecodeError:
            raise SourceError(Problem(path.name, None, None, "not UTF-8; save the file as UTF-8")) from None


class _Reader:
    """The parser's view of the file, and the rows built from its events.

    ijson asks this object for the file's bytes (:meth:`read`), which is where
    sizes are checked before the parser holds more: ijson hands over the
    events of a chunk before it reads the next, so when it asks for more
    while a row is still open, every byte read since the row began belongs to
    that row, and every byte read since the last event belongs to one value.
    """

    def __init__(self, path: Path, fh: BinaryIO):
        self.path, self.fh = path, fh
        #: Bytes of the file read so far, where the current row (or top-level
        #: value) had got to when its first event came out, and where the
        #: last event came out.
        self.offset = self.mark = self.last_event = 0
        #: The position (``nodes[3]``) and field that an error names.
        self.where: str | None = None
        self.field: str | None = None
        if fh.read(3) == _BOM:
            self.offset = self.mark = self.last_event = 3
        else:
            fh.seek(0)

    def read(self, size: int = -1) -> bytes:
        if self.offset - self.last_event > MAX_FIELD_BYTES:
            self.exceeded(f"a single value takes more than {MAX_FIELD_BYTES:,} bytes of the file")
        if self.offset - self.mark > MAX_ROW_BYTES:
            what = "this row" if self.where else "this value"
            self.exceeded(f"{what} takes more than {MAX_ROW_BYTES:,} bytes of the file")
        data = self.fh.read(size)
        self.offset += len(data)
        return data

    def exceeded(self, reason: str) -> None:
        problem = Problem(self.path.name, self.where, self.field,
                          f"{reason} (read up to byte {self.offset:,}); see the limits in docs/model.md")
        raise LimitExceeded(str(problem))

    def items(self) -> Iterator[tuple[str, str, dict[str, Any]]]:
        events = ijson.basic_parse(self, use_float=True)
        first = next(events, None)
        if first is None or first[0] != "start_map":
            raise SourceError(Problem(self.path.name, None, "nodes", _NOT_NODE_LINK))
        counts: dict[str, int] = {}
        for event, key in events:
            self.mark = self.last_event = self.offset
            if event == "end_map":
                break
            self.where, self.field = None, key
            event, value = next(events)
            self.mark = self.last_event = self.offset
            if key in _LISTS:
                if event != "start_array":
                    reason = _NOT_NODE_LINK if key == "nodes" else f'"{key}" must be a list'
                    raise SourceError(Problem(self.path.name, None, key, reason))
                counts[key] = 0
                yield from self._rows(key, events, counts)
            elif event in _STARTS:
                self._skip(events)  # another key of the document ("directed", "graph", …)
        for _event in events:
            pass  # only white space may follow; the parser refuses anything else
        if "nodes" not in counts:
            raise SourceError(Problem(self.path.name, None, "nodes", _NOT_NODE_LINK))

    def _rows(self, section: str, events: Iterator[tuple[str, Any]],
              counts: dict[str, int]) -> Iterator[tuple[str, str, dict[str, Any]]]:
        kind = _LISTS[section]
        for event, value in events:
            self.mark = self.last_event = self.offset
            if event == "end_array":
                return
            position = f"{section}[{counts[section]}]"
            counts[section] += 1
            self.where, self.field = position, None
            if event in _STARTS:
                value = self._build(event, events)
                self.mark = self.offset
            if isinstance(value, dict):
                bad = _bad_field(kind, value)
                if bad is not None:
                    value[BAD_VALUE] = _BadValue(*bad)
                yield kind, position, value
            else:
                yield kind, position, {"_not_an_object": _shortened(value)}

    def _skip(self, events: Iterator[tuple[str, Any]]) -> None:
        """Read past a value of the document's top level that has begun, without building it."""
        depth = 2
        for event, _value in events:
            self.last_event = self.offset
            if event in _STARTS:
                depth += 1
                if depth > MAX_NESTING_DEPTH:
                    self.exceeded(f"lists or objects nested more than {MAX_NESTING_DEPTH} deep")
            elif event in _ENDS:
                depth -= 1
                if depth == 1:
                    return

    def _build(self, event: str, events: Iterator[tuple[str, Any]]) -> Any:
        """The row (or value) that starts with ``event``, built from the events up to its end."""
        top: Any = {} if event == "start_map" else []
        stack = [top]  # the open lists and objects, the innermost last
        keys: list[Any] = [None]  # the key each open object's next value goes to
        values = 1
        for event, value in events:
            self.last_event = self.offset
            if event in _ENDS:
                stack.pop()
                keys.pop()
                if not stack:
                    return top
                top = stack[-1]
                continue
            values += 1
            if values > MAX_ROW_VALUES:
                self.exceeded(f"this row holds more than {MAX_ROW_VALUES:,} values")
            if event == "map_key":
                if len(stack) == 1:
                    self.field = value
                if len(value) > MAX_FIELD_CHARS:
                    self.exceeded(f"an attribute name is longer than {MAX_FIELD_CHARS:,} characters")
                if len(top) >= MAX_ATTRIBUTES and value not in top:
                    self.exceeded(f"an object has more than {MAX_ATTRIBUTES:,} attributes")
                keys[-1] = value
                continue
            if event in _STARTS:
                if len(stack) + 3 > MAX_NESTING_DEPTH:  # the document, its list and the row come first
                    self.exceeded(f"lists or objects nested more than {MAX_NESTING_DEPTH} deep")
                inner = {} if event == "start_map" else []
            else:
                if type(value) is str and len(value) > MAX_FIELD_CHARS:
                    self.exceeded(f"a text is longer than {MAX_FIELD_CHARS:,} characters")
                inner = value
            if type(top) is dict:
                top[keys[-1]] = inner
            else:
                top.append(inner)
            if event in _STARTS:
                stack.append(inner)
                keys.append(None)
                top = inner
        return top  # not reached: the parser raises on a truncated file


def _bad_field(kind: str, row: dict[Any, Any]) -> tuple[str, str] | None:
    """The first field of a row whose value cannot be an id or a name, and why.

    Ids and names that are text are checked further by
    :mod:`netnp.importing.validate`, as those of every format are.
    """
    for key, value in row.items():
        if "\x00" in key:
            return "-", f"attribute name {_shortened(key)!r} contains a NUL character"
        low = key.lower()
        if low in _ID_FIELDS[kind]:
            if type(value) not in (str, int) and value is not None:
                return low, f"{low} must be text or an integer, not {_describe(value)}"
        elif low in _NAME_FIELDS[kind]:
            for item in value if low == "aliases" and type(value) is list else (value,):
                if isinstance(item, (list, dict)):
                    return low, f"{low} must be text, not {_describe(item)}"
    return None


def _describe(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, bool):
        return "true" if value else "false"
    return f"the number {value!r}"


def _shortened(value: Any, length: int = 60) -> Any:
    """A text cut to ``length`` characters for an error message; other values as they are."""
    if type(value) is str and len(value) > length:
        return value[:length] + "…"
    return value
