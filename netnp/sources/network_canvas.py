"""Network Canvas interview exports (GraphML, or CSV): the interview's ego, its alters, and the ties between them.

Network Canvas (Interviewer, Server, Fresco) exports each interview as a
GraphML file, or as CSV files: the ego (``…_ego.csv``), one attribute list of
alters per node type (``…_attributeList_<type>.csv``) and one edge list per
edge type (``…_edgeList_<type>.csv``). The user passes the files together, or
the unzipped folder of the export (docs/sources.md, "network-canvas").

Everyone gets the id ``network-canvas:<networkCanvasUUID>`` (through
:meth:`~netnp.sources.SourceOptions.person_id`), the UUID Network Canvas gave
them in the interview; ``--as ID`` makes the ego an existing node instead.
Each alter is tied to the ego (KNOWS), and each edge type (a sociogram or
dyad-census prompt) becomes a tie type of its own, upper-cased.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from netnp import model
from netnp.importing import xmlgraph
from netnp.sources import Record, SourceOptions, exports

DESCRIPTION = "Network Canvas interview exports: GraphML, or the CSV ego, attribute and edge lists (together, or their folder)"

#: The channel of the ties of this source.
CHANNEL = "network-canvas"
PREFIX = "network-canvas:"
#: The XML namespace of Network Canvas's own GraphML attributes.
NAMESPACE = "http://schema.networkcanvas.com/xmlns"
#: The tie from the ego to each alter, unless ``--map`` names another for the alter's node type.
EGO_TIE = "KNOWS"

EGO, CASE, SESSION = "networkCanvasEgoUUID", "networkCanvasCaseID", "networkCanvasSessionID"
UUID, ALTER_ID, OLD_EGO = "networkCanvasUUID", "networkCanvasAlterID", "networkCanvasEgoID"
SOURCE, TARGET = "networkCanvasSourceUUID", "networkCanvasTargetUUID"
TYPE_COLUMNS = ("networkCanvasNodeType", "networkCanvasEdgeType", "networkCanvasType")

KINDS = (
    exports.CsvKind("ego", frozenset({EGO, CASE, SESSION})),
    exports.CsvKind("alters", frozenset({EGO, UUID}), frozenset({SOURCE, CASE, ALTER_ID})),
    exports.CsvKind("alters", frozenset({ALTER_ID}), frozenset({SOURCE, CASE, UUID})),
    exports.CsvKind("edges", frozenset({SOURCE, TARGET})),
)
_EXPECTED = (f"an ego list ({EGO}, {CASE}, {SESSION}), an attribute list ({EGO}, {UUID}) or an edge list "
             f"({SOURCE}, {TARGET})")
_COLUMNS = (EGO, CASE, SESSION, UUID, ALTER_ID, OLD_EGO, SOURCE, TARGET, "name", "type", *TYPE_COLUMNS)
#: The entity type Network Canvas puts in the names of its CSV files.
_FILE_TYPE = re.compile(r"_(attributeList|edgeList)_([^.]+)\.csv$", re.IGNORECASE)
_HEAD_BYTES = 8192


def detect(path: Path) -> bool:
    """A Network Canvas GraphML file (its namespace), a CSV file of its export, or a folder of them."""
    return exports.detect_files(path, (*exports.CSV_SUFFIXES, ".graphml"), _recognised)


def _recognised(path: Path) -> bool:
    if path.suffix.lower() == ".graphml":
        return _canvas_graphml(path)
    return exports.kind_of(path, KINDS) is not None


def _canvas_graphml(path: Path) -> bool:
    with path.open("rb") as fh:
        head = fh.read(_HEAD_BYTES)
    return b"<graphml" in head and NAMESPACE.encode() in head


def read(path: Path, options: SourceOptions) -> Iterator[Record]:
    """The egos, alters and ties of the Network Canvas export at ``path``."""
    mapped = exports.read_map(options.settings.get("map"))
    for file in exports.export_files(path):
        suffix = file.suffix.lower()
        if suffix == ".graphml":
            yield from _graphml(file, path, options, mapped)
            continue
        if path.is_dir() and suffix not in exports.CSV_SUFFIXES:
            continue
        found = exports.kind_of(file, KINDS)
        if found is None:
            layout = exports.layout_of(file)
            raise exports.unrecognised(file, layout.header_line if layout else 1, "Network Canvas", _EXPECTED)
        kind, layout = found
        keys = exports.column_keys(layout, _COLUMNS)
        match = _FILE_TYPE.search(file.name)
        file_type = match.group(2) if match else ""
        for line, cell, raw in _rows(file, keys):
            where = exports.where(file, path, line)
            if kind.name == "ego":
                yield "node", where, _ego(raw, cell(EGO), EGO, cell("name") or cell(CASE), options)
            elif kind.name == "alters":
                ego_column = EGO if EGO in keys else OLD_EGO
                alter_column = UUID if UUID in keys else ALTER_ID
                node_type = next((cell(c) for c in TYPE_COLUMNS if cell(c)), "") or file_type
                node, tie = _alter(raw, cell(alter_column), alter_column, cell("name"), node_type,
                                   cell(ego_column), ego_column, options, mapped)
                yield "node", where, node
                yield "edge", where, tie
            else:
                edge_type = next((cell(c) for c in TYPE_COLUMNS if cell(c)), "") or file_type or cell("type")
                yield "edge", where, _edge(raw, cell(SOURCE), cell(TARGET), edge_type, options, mapped)


def _rows(file: Path, keys: dict[str, str]) -> Iterator[tuple[int, Any, dict[Any, Any]]]:
    for line, row in exports.rows(file):
        def cell(name: str, row: dict[Any, Any] = row) -> str:
            value = row.get(keys.get(name, ""))
            return value.strip() if isinstance(value, str) else ""

        raw: dict[Any, Any] = {}
        if None in row:
            raw[None] = row[None]
        yield line, cell, raw


def _person(options: SourceOptions, uuid: str) -> str:
    return options.person_id(PREFIX + uuid) if uuid else ""


def _ego_id(options: SourceOptions, uuid: str) -> str:
    """The ego's id: the node ``--as`` names, else its own."""
    return options.as_id or _person(options, uuid)


def _ego(raw: dict[Any, Any], uuid: str, column: str, name: str, options: SourceOptions) -> dict[Any, Any]:
    if not uuid:
        exports.mark_bad(raw, column, f"missing {column}")
    raw.update(id=_ego_id(options, uuid), kind="Person", name=options.person_name(name or None))
    return raw


def _alter(raw: dict[Any, Any], uuid: str, column: str, name: str, node_type: str, ego: str, ego_column: str,
           options: SourceOptions, mapped: dict[str, str]) -> tuple[dict[Any, Any], dict[Any, Any]]:
    """An alter's node, and its tie from the ego."""
    if not uuid:
        exports.mark_bad(raw, column, f"missing {column}")
    if not ego:
        exports.mark_bad(raw, ego_column, f"missing {ego_column}: which interview named this alter?")
    # a node type named like a kind (Person, Organisation, Org…) is that kind; any other is of people
    named_kind = model.KIND_SPELLINGS.get(re.sub(r"[\s_\-]", "", node_type.lower()))
    kind = named_kind or "Person"
    node = dict(raw, id=_person(options, uuid), kind=kind,
                name=options.person_name(name or None) if kind == "Person" else name or None,
                category=None if named_kind else node_type or None)
    tie = dict(raw, source=_ego_id(options, ego), target=node["id"], channel=CHANNEL,
               type=mapped.get(node_type.casefold(), EGO_TIE) if node_type else EGO_TIE)
    return node, tie


def _edge(raw: dict[Any, Any], source: str, target: str, edge_type: str, options: SourceOptions,
          mapped: dict[str, str]) -> dict[Any, Any]:
    """A tie between two alters, typed by its edge type."""
    for column, value in ((SOURCE, source), (TARGET, target)):
        if not value:
            exports.mark_bad(raw, column, f"missing {column}")
    tie_type = EGO_TIE
    if not edge_type:
        exports.mark_bad(raw, "networkCanvasType", "no edge type: the file is not named …_edgeList_<type>.csv "
                                                   "and has no networkCanvasType column")
    elif edge_type.casefold() in mapped:
        tie_type = mapped[edge_type.casefold()]
    else:
        try:
            tie_type = exports.tie_type_name(edge_type)
        except ValueError as exc:
            exports.mark_bad(raw, "networkCanvasType", f"edge type {exc}; name its tie type with --map FILE")
    raw.update(source=_person(options, source), target=_person(options, target), type=tie_type, channel=CHANNEL,
               edge_type=edge_type or None)
    return raw


# -- GraphML ----------------------------------------------------------------------------------------
class _CanvasGraphML(xmlgraph._Parser):
    """netnp's GraphML reader, which also gives each ``<graph>`` (an interview: its
    session attributes and ego's data) as a record of kind ``graph``, before its nodes."""

    def _start_graphml(self, tag: str, attrs: dict[str, str]) -> None:
        if tag == "graph":
            self._open("graph", attrs)
            self.current.update({f"nc:{k}": v for k, v in attrs.items() if k != "edgedefault"})
        elif tag in ("node", "edge") and self.current_kind == "graph" and self.current is not None:
            self._emit()
        super()._start_graphml(tag, attrs)

    def _end_graphml(self, tag: str) -> None:
        if tag == "graph" and self.current_kind == "graph" and self.current is not None:
            self._emit()
        super()._end_graphml(tag)


def _graphml(file: Path, top: Path, options: SourceOptions, mapped: dict[str, str]) -> Iterator[Record]:
    ego = ""
    for kind, line, data in _CanvasGraphML(file, "graphml").records():
        where = exports.where(file, top, line)
        raw: dict[Any, Any] = {}
        if xmlgraph.BAD_VALUE in data:
            raw[xmlgraph.BAD_VALUE] = data[xmlgraph.BAD_VALUE]
        if kind == "graph":
            ego = _text(data.get(UUID))
            name = _text(data.get("name")) or _text(data.get("nc:caseId"))
            yield "node", where, _ego(raw, ego, UUID, name, options)
        elif kind == "node":
            # Network Canvas labels a node by its "name" variable, or "Node" when it has none
            label = _text(data.get("label"))
            name = _text(data.get("name")) or (label if label != "Node" else "")
            node, tie = _alter(raw, _text(data.get(UUID)), UUID, name, _text(data.get("networkCanvasType")), ego, UUID,
                               options, mapped)
            yield "node", where, node
            yield "edge", where, tie
        else:
            yield "edge", where, _edge(raw, _text(data.get(SOURCE)), _text(data.get(TARGET)),
                                       _text(data.get("networkCanvasType")), options, mapped)


def _text(value: Any) -> str:
    return str(value).strip() if value is not None else ""
