"""Streaming readers of GraphML and GEXF, the formats Gephi and NodeXL exchange.

Both are parsed with expat, chunk by chunk, so memory stays flat however large
the file is, and every node and edge carries the line where its element
starts. Document type declarations are refused (no entity expansion, no
external entities).

A GraphML ``<key>`` belongs to the elements its ``for`` names (``node``,
``edge``, ``graph``, or ``all``, the default): a node key and an edge key may
share an id, as in the GraphML that Gephi writes. Attributes prefixed
``netnp_`` (analysis results) are dropped as they are read, before any type
check: netnp recomputes them, never imports them.

A dynamic GEXF edge's spells (``<spells><spell start end/></spells>``, or its
own ``start`` and ``end``) become its ``since`` (the first start) and
``until`` (the last end) when the graph's ``timeformat`` is a date and the
edge has no since, until or observations of its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.parsers import expat

from netnp.importing.limits import MAX_ATTRIBUTES, MAX_FIELD_CHARS, MAX_NESTING_DEPTH, MAX_ROW_BYTES
from netnp.importing.problems import Problem, SourceError
from netnp.model import DIRECTED_PROPERTY, NETNP_PREFIX

CHUNK = 1 << 20

Record = tuple[str, int, dict[str, Any]]  # ("node" | "edge", line, attributes)


def _local(name: str) -> str:
    """Element name without its namespace (expat is given a separator)."""
    return name.rsplit("\x1f", 1)[-1]


def _convert(value: str, type_name: str, file: str, line: int, attr: str) -> Any:
    t = (type_name or "string").lower()
    text = value.strip()
    try:
        if t in ("int", "integer", "long", "short", "byte"):
            return int(text) if text else None
        if t in ("float", "double"):
            return float(text) if text else None
        if t == "boolean":
            if text.lower() in ("true", "1"):
                return True
            if text.lower() in ("false", "0"):
                return False
            if not text:
                return None
            raise ValueError(text)
        if t == "liststring":
            items = text.strip("[]").replace(",", "|").split("|")
            return [i.strip() for i in items if i.strip()]
    except ValueError:
        return _BadValue(attr, f"{attr} {value!r} is not a valid {t}")
    return value


def _ignored(name: str) -> bool:
    """Whether an attribute is netnp's own (``netnp_…``), which import leaves out."""
    return name.lower().startswith(NETNP_PREFIX)


#: How GraphML (``edgedefault``, an edge's ``directed``) and GEXF
#: (``defaultedgetype``, an edge's ``type``) say whether edges have a direction.
#: GEXF's ``mutual`` edge goes both ways: it has no one direction.
_DIRECTION_WORDS = {"directed": "true", "true": "true", "undirected": "false", "false": "false", "mutual": "false"}


class _BadValue:
    """A typed value that failed to convert; the validator reports it on its row."""

    def __init__(self, attr: str, reason: str):
        self.attr, self.reason = attr, reason


class _Parser:
    def __init__(self, path: Path, fmt: str):
        self.path, self.fmt, self.file = path, fmt, path.name
        self.out: list[Record] = []
        self.parser = expat.ParserCreate(namespace_separator="\x1f")
        self.parser.buffer_text = True
        self.parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        self.parser.StartDoctypeDeclHandler = self._doctype
        self.parser.StartElementHandler = self._start
        self.parser.EndElementHandler = self._end
        self.parser.CharacterDataHandler = self._text
        self.stack: list[str] = []
        self.current: dict[str, Any] | None = None
        self.current_kind = ""
        self.current_line = 0
        self.text: list[str] | None = None
        self.text_chars = 0
        #: ``<data>`` or ``<attvalue>`` elements of the current node or edge.
        self.values = 0
        #: Attributes declared (``<key>``, ``<attribute>``) for each kind of element.
        self.declared: dict[str, int] = {}
        #: Byte offset of the last event expat reported: what it holds beyond is
        #: one piece of markup it has not finished reading.
        self.last_event = 0
        self.seen_root = False
        # GraphML keys: (for, id) -> (for, name, type, default); GEXF attributes: (class, id) -> (title, type, default)
        self.keys: dict[Any, list[Any]] = {}
        self.key_target: list[Any] | None = None
        self.data_key: str | None = None
        #: The graph's default direction of edges (GraphML ``edgedefault``, GEXF
        #: ``defaultedgetype``), as the ``directed`` field's text; None when unsaid.
        self.edge_default: str | None = None
        #: Whether GEXF spells are dates (the graph's ``timeformat``), and the current edge's spells.
        self.dated = True
        self.spells: list[tuple[str | None, str | None]] = []

    def fail(self, reason: str) -> SourceError:
        return SourceError(Problem(self.file, self.parser.CurrentLineNumber, None, reason))

    def exceeded(self, reason: str, field: str | None = None, line: int | None = None) -> SourceError:
        """The error for a limit of netnp.importing.limits crossed, on ``line`` (by default the parser's)."""
        return SourceError(Problem(self.file, line or self.parser.CurrentLineNumber, field,
                                   f"{reason}; see the limits in docs/model.md"))

    def _doctype(self, *args: Any) -> None:
        raise self.fail("document type declarations (<!DOCTYPE …>) are not accepted")

    def _text(self, data: str) -> None:
        self.last_event = self.parser.CurrentByteIndex
        if self.text is not None:
            self.text_chars += len(data)
            if self.text_chars > MAX_FIELD_CHARS:
                raise self.exceeded(f"a text value longer than {MAX_FIELD_CHARS:,} characters",
                                    self.data_key if self.current is not None else None)
            self.text.append(data)

    def _start_text(self) -> None:
        self.text, self.text_chars = [], 0

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        self.last_event = self.parser.CurrentByteIndex
        tag = _local(name)
        if len(self.stack) >= MAX_NESTING_DEPTH:
            raise self.exceeded(f"elements nested more than {MAX_NESTING_DEPTH} deep")
        if len(attrs) > MAX_ATTRIBUTES:
            raise self.exceeded(f"<{tag}> has more than {MAX_ATTRIBUTES:,} XML attributes")
        attrs = {_local(k): v for k, v in attrs.items()}
        for key, value in attrs.items():
            if len(value) > MAX_FIELD_CHARS:
                raise self.exceeded(f"the value of <{tag}>'s XML attribute is longer than {MAX_FIELD_CHARS:,} characters",
                                    key)
        if not self.seen_root:
            self.seen_root = True
            expected = "graphml" if self.fmt == "graphml" else "gexf"
            if tag != expected:
                raise self.fail(f"this is not a {self.fmt.upper()} file: its root element is <{tag}>, not <{expected}>")
        self.stack.append(tag)
        (self._start_graphml if self.fmt == "graphml" else self._start_gexf)(tag, attrs)

    def _end(self, name: str) -> None:
        self.last_event = self.parser.CurrentByteIndex
        tag = _local(name)
        (self._end_graphml if self.fmt == "graphml" else self._end_gexf)(tag)
        self.stack.pop()

    def _open(self, kind: str, attrs: dict[str, str]) -> None:
        self.current_kind = kind
        self.current_line = self.parser.CurrentLineNumber
        self.current = {}
        self.values = 0

    def _count_value(self) -> None:
        """Count one more ``<data>`` or ``<attvalue>`` of the current node or edge."""
        self.values += 1
        if self.values > MAX_ATTRIBUTES:
            raise self.exceeded(f"this {self.current_kind} has more than {MAX_ATTRIBUTES:,} attribute values",
                                line=self.current_line)

    def _declare(self, for_: str) -> None:
        """Count one more attribute declared for ``for_`` elements."""
        count = self.declared[for_] = self.declared.get(for_, 0) + 1
        if count > MAX_ATTRIBUTES:
            raise self.exceeded(f"more than {MAX_ATTRIBUTES:,} attributes declared for {for_} elements")

    def _open_edge(self, attrs: dict[str, str], own_direction: str | None) -> None:
        """Start an edge; its direction is its own (``own_direction``) or the graph's
        default. A ``directed`` data attribute, read later, has the last word."""
        self._open("edge", attrs)
        self.current.update(source=attrs.get("source"), target=attrs.get("target"))
        direction = _DIRECTION_WORDS.get((own_direction or "").strip().lower(), self.edge_default)
        if direction is not None:
            self.current[DIRECTED_PROPERTY] = direction

    def _put(self, name: str, text: str, type_name: str) -> None:
        """Set attribute ``name`` of the current node or edge from its text, converted to its type."""
        if not _ignored(name):
            self._set(name, _convert(text, type_name, self.file, self.current_line, name))

    def _set(self, name: str, value: Any) -> None:
        assert self.current is not None
        if isinstance(value, _BadValue):
            self.current.setdefault(BAD_VALUE, value)
        else:
            self.current[name] = value

    def _emit(self) -> None:
        if self.current is not None:
            self.out.append((self.current_kind, self.current_line, self.current))
        self.current = None

    # -- GraphML --------------------------------------------------------------------
    def _start_graphml(self, tag: str, attrs: dict[str, str]) -> None:
        if tag == "key":
            entry = [attrs.get("for", "all"), attrs.get("attr.name") or attrs.get("id", ""),
                     attrs.get("attr.type", "string"), None]
            self._declare(entry[0])
            self.keys[(entry[0], attrs.get("id", ""))] = entry
            self.key_target = entry
        elif tag == "default" and self.key_target is not None:
            self._start_text()
        elif tag == "graph" and self.edge_default is None:
            self.edge_default = _DIRECTION_WORDS.get(attrs.get("edgedefault", "").strip().lower())
        elif tag == "node":
            self._open("node", attrs)
            self.current["id"] = attrs.get("id")
        elif tag == "edge":
            self._open_edge(attrs, attrs.get("directed"))
        elif tag == "hyperedge":
            raise self.fail("hyperedges are not supported; use plain edges")
        elif tag == "data" and self.current is not None:
            self._count_value()
            self.data_key = attrs.get("key")
            self._start_text()

    def _end_graphml(self, tag: str) -> None:
        if tag == "default" and self.key_target is not None and self.text is not None:
            self.key_target[3] = "".join(self.text)
            self.text = None
        elif tag == "key":
            self.key_target = None
        elif tag == "data" and self.current is not None and self.text is not None:
            key_id = self.data_key or ""
            key = self.keys.get((self.current_kind, key_id)) or self.keys.get(("all", key_id))
            value = "".join(self.text)
            self.text = None
            if key is None:
                name, type_name = self.data_key or "data", "string"
            else:
                name, type_name = key[1], key[2]
            self._put(name, value, type_name)
        elif tag in ("node", "edge") and self.current is not None and self.current_kind == tag:
            for for_, name, type_name, default in self.keys.values():
                if default is not None and for_ in (tag, "all") and name not in self.current:
                    self._put(name, default, type_name)
            self._emit()

    # -- GEXF -----------------------------------------------------------------------
    def _start_gexf(self, tag: str, attrs: dict[str, str]) -> None:
        if tag == "attributes":
            self.attr_class = attrs.get("class", "node")
        elif tag == "attribute" and "attributes" in self.stack:
            entry = [attrs.get("title") or attrs.get("id", ""), attrs.get("type", "string"), None]
            self._declare(getattr(self, "attr_class", "node"))
            self.keys[(getattr(self, "attr_class", "node"), attrs.get("id", ""))] = entry
            self.key_target = entry
        elif tag == "default" and self.key_target is not None:
            self._start_text()
        elif tag == "node" and "nodes" in self.stack:
            self._open("node", attrs)
            self.current["id"] = attrs.get("id")
            if attrs.get("label") is not None:
                self.current["label"] = attrs["label"]
        elif tag == "graph" and self.edge_default is None:
            self.edge_default = _DIRECTION_WORDS.get(attrs.get("defaultedgetype", "").strip().lower())
            self.dated = (attrs.get("timeformat") or "date").strip().lower() in _DATE_TIMEFORMATS
        elif tag == "edge" and "edges" in self.stack:
            self._open_edge(attrs, attrs.get("type"))
            self.spells = [(attrs.get("start"), attrs.get("end"))] if "start" in attrs or "end" in attrs else []
            if attrs.get("weight") is not None:
                self.current["weight"] = attrs["weight"]
            if attrs.get("label") is not None:
                self.current["label"] = attrs["label"]
        elif tag == "attvalue" and self.current is not None:
            self._count_value()
            key = self.keys.get((self.current_kind, attrs.get("for") or attrs.get("id", "")))
            name, type_name = (key[0], key[1]) if key else (attrs.get("for", "value"), "string")
            self._put(name, attrs.get("value", ""), type_name)
        elif tag == "spell" and self.current is not None and self.current_kind == "edge":
            self.spells.append((attrs.get("start"), attrs.get("end")))

    def _edge_spells(self) -> None:
        """A dynamic GEXF edge's spells as its since (the first start) and until (the last end),
        unless it has since, until or observations of its own (as netnp's export writes them).
        An open start or end leaves that side open; spells not in dates are left out."""
        assert self.current is not None
        if not self.spells or not self.dated or \
                any(key in self.current for key in ("since", "until", "observed")):
            return
        starts, ends = [start for start, _ in self.spells], [end for _, end in self.spells]
        if all(starts):
            self.current["since"] = min(starts, key=_day)
        if all(ends):
            self.current["until"] = max(ends, key=_day)

    def _end_gexf(self, tag: str) -> None:
        if tag == "default" and self.key_target is not None and self.text is not None:
            self.key_target[2] = "".join(self.text)
            self.text = None
        elif tag == "attribute":
            self.key_target = None
        elif tag in ("node", "edge") and self.current is not None and self.current_kind == tag and tag + "s" in self.stack:
            for (cls, _), (name, type_name, default) in self.keys.items():
                if default is not None and cls == tag and name not in self.current:
                    self._put(name, default, type_name)
            if tag == "edge":
                self._edge_spells()
            self._emit()

    # -- driving ---------------------------------------------------------------------
    def records(self) -> Iterator[Record]:
        fed = 0
        try:
            with self.path.open("rb") as fh:
                while True:
                    chunk = fh.read(CHUNK)
                    self.parser.Parse(chunk, not chunk)
                    fed += len(chunk)
                    if fed - self.last_event > MAX_ROW_BYTES:
                        raise self.exceeded(f"a tag, comment or other markup takes more than {MAX_ROW_BYTES:,} "
                                            "bytes of the file")
                    yield from self.out
                    self.out.clear()
                    if not chunk:
                        break
        except expat.ExpatError as exc:
            raise SourceError(Problem(self.file, exc.lineno, None, f"not well-formed XML: {expat.ErrorString(exc.code)}")) from None
        if not self.seen_root:
            raise SourceError(Problem(self.file, 1, None, f"the file is empty; it is not {self.fmt.upper()}"))


def read_graph(path: Path, fmt: str) -> Iterator[Record]:
    """Nodes and edges of a GraphML (``fmt="graphml"``) or GEXF file, in document order."""
    return _Parser(path, fmt).records()


#: GEXF ``timeformat`` values whose spells are dates (1.2 spells ``datetime``, 1.3 ``dateTime``).
_DATE_TIMEFORMATS = frozenset({"date", "datetime"})


def _day(text: str) -> str:
    """A spell's bound as the text it compares by: its date part (dates and date-times alike)."""
    return text.strip()[:10]


#: The key under which a row keeps its first value that failed to convert.
BAD_VALUE = "\x00bad"
