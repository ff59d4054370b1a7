"""``netnp export``: the graph and its analysis results as GraphML, GEXF, CSV or node-link JSON.

Analysis results travel as attributes, so that analysts can open them in
Gephi and bring the file back: node and tie properties prefixed ``netnp_``
(PageRank, coreness, community, …) and ``netnp_roles``, the role labels
(``Hub``, ``Core``, ``Periphery``, ``Bridge``) joined with ``|``. Each node has
``kind`` and ``name``; each tie ``type``, ``weight``, ``channel``, ``since`` and
``until``. (``netnp import`` ignores ``netnp_`` attributes: results are
recomputed, never imported.)

Each tie goes out directed or undirected (:func:`tie_is_directed`), so that
Gephi computes its statistics on the graph netnp analysed: a tie's own boolean
``directed`` property decides first, then the ``directed`` flag of the last
analysis run, then the tie type (``KNOWS`` and ``PARTNERS_WITH`` are symmetric
in meaning). GraphML's ``edgedefault`` is the direction most ties have, and
``directed`` marks the ties that differ. GEXF's ``defaultedgetype`` is the
direction of all ties when they agree; when they do not, the graph has no
default and every tie has its ``type``.

Dated observations (docs/model.md, "Dated observations") go out in every
format so that ``netnp import`` reads back the same graph: CSV writes one row
per observation (``date``, ``observation``, ``weight``), GraphML and GEXF the
lists ``observed``, ``observed_weight`` and ``observed_key`` as JSON arrays,
JSON as lists. When ties have dates, the GEXF is dynamic (GEXF 1.3, spells
from since/until and from the days observed), which Gephi's timeline plays.

The export streams: nodes and ties are read once from Neo4j into a temporary
spool while the attribute types are collected, then written out.
"""

from __future__ import annotations

import csv
import json
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import quoteattr

from netnp.analysis.read import NoAnalysis, last_run
from netnp.errors import InputError
from netnp.model import ALIAS_SEPARATOR, DIRECTED_PROPERTY, OBSERVATION_FIELDS, SYMMETRIC_TYPES
from netnp.person.anonymise import Anonymiser
from netnp.runner import Runner

FORMATS = (".graphml", ".gexf", ".json", ".csv")
ROLES_ATTRIBUTE = "netnp_roles"


_NODE_FIRST = ("kind", "name")
_TIE_FIRST = ("type", "weight", "channel", "since", "until")


def _plain(value: Any) -> Any:
    """A JSON value: Neo4j dates and times become ISO text, lists stay lists."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "iso_format"):
        return value.iso_format()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _kind_of(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long"
    if isinstance(value, float):
        return "double"
    return "string"


def _merge(a: str | None, b: str) -> str:
    if a is None or a == b:
        return b
    if {a, b} == {"long", "double"}:
        return "double"
    return "string"


class _Spool:
    """Rows written to a temporary file as JSON lines, with the types of their attributes."""

    def __init__(self) -> None:
        self.file: IO[str] = tempfile.TemporaryFile("w+", encoding="utf-8")
        self.types: dict[str, str] = {}
        self.count = 0

    def add(self, row: dict[str, Any], attributes: dict[str, Any]) -> None:
        for key, value in attributes.items():
            if value is not None:
                self.types[key] = _merge(self.types.get(key), _kind_of(value))
        self.file.write(json.dumps([row, attributes], ensure_ascii=False) + "\n")
        self.count += 1

    def rows(self) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
        self.file.seek(0)
        for line in self.file:
            row, attributes = json.loads(line)
            yield row, attributes

    def keys(self, first: tuple[str, ...]) -> list[str]:
        return [k for k in first if k in self.types] + sorted(k for k in self.types if k not in first)

    def close(self) -> None:
        self.file.close()


def _flag(value: Any) -> bool | None:
    """A boolean property value (or its text ``true``/``false``); None for anything else."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    return None


def tie_is_directed(tie_type: str, properties: dict[str, Any], run_directed: bool | None) -> bool:
    """Whether a tie goes out as directed.

    Its own boolean ``directed`` property decides; else the ``directed`` flag of
    the last analysis run (``run_directed``, None when no analysis ran), so that
    the file holds the graph whose results it carries; else its type: the
    symmetric types (:data:`netnp.model.SYMMETRIC_TYPES`) are undirected, the others directed.
    """
    own = _flag(properties.get(DIRECTED_PROPERTY))
    if own is not None:
        return own
    if run_directed is not None:
        return run_directed
    return tie_type not in SYMMETRIC_TYPES


def last_run_directed(runner: Runner) -> bool | None:
    """The ``directed`` flag of the last analysis run, or None when none ran."""
    try:
        record = last_run(runner)
    except NoAnalysis:
        return None
    parameters = json.loads(record.get("parameters") or "{}")
    return _flag(parameters.get("directed"))


class _Directions:
    """How many ties go out directed and undirected, and so the file's default edge type."""

    def __init__(self, run_directed: bool | None) -> None:
        self.run_directed = run_directed
        self.directed = self.undirected = 0

    def count(self, directed: bool) -> None:
        if directed:
            self.directed += 1
        else:
            self.undirected += 1

    @property
    def mixed(self) -> bool:
        return self.directed > 0 and self.undirected > 0

    @property
    def default(self) -> bool:
        """Directed unless most ties are undirected; when as many are undirected as directed
        (no ties at all, say), the run's flag, else directed."""
        if self.directed != self.undirected:
            return self.directed > self.undirected
        return self.run_directed if self.run_directed is not None else True


def _read(runner: Runner, anonymiser: Anonymiser | None = None) -> tuple[_Spool, _Spool, _Directions]:
    nodes, ties = _Spool(), _Spool()
    directions = _Directions(last_run_directed(runner))
    for rec in runner.stream("export/nodes"):
        props = {k: _plain(v) for k, v in rec["properties"].items() if k != "id"}
        attributes = {"kind": rec["kind"], "name": props.pop("name", None) or rec["id"], **props,
                      ROLES_ATTRIBUTE: sorted(rec["roles"])}
        node_id = rec["id"]
        if anonymiser is not None:  # the one place people's ids and names are replaced; ties follow their nodes
            node_id, attributes = anonymiser.node(node_id, attributes)
        nodes.add({"id": node_id}, attributes)
    for rec in runner.stream("export/ties"):
        props = {k: _plain(v) for k, v in rec["properties"].items()}
        directed = tie_is_directed(rec["type"], props, directions.run_directed)
        directions.count(directed)
        source, target = rec["source"], rec["target"]
        if anonymiser is not None:
            source, target, props = anonymiser.tie(source, target, props)
        ties.add({"source": source, "target": target, "directed": directed}, {"type": rec["type"], **props})
    return nodes, ties, directions


def _text(value: Any) -> str:
    """An attribute value as text: lists joined with ``|``, booleans as true/false."""
    if isinstance(value, list):
        return ALIAS_SEPARATOR.join(_text(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return repr(value)
    return str(value)


def _listed(key: str, value: Any) -> Any:
    """A tie attribute as GraphML and GEXF carry it: the observation lists as JSON arrays
    (an observation's key may hold ``|``), which ``netnp import`` reads back."""
    return json.dumps(value, ensure_ascii=False) if key in OBSERVATION_FIELDS else value


def _escape(text: str) -> str:
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("\r", "&#13;"))


def _xml_text(value: Any) -> str:
    return _escape(_strip_invalid(_text(value)))


def _strip_invalid(text: str) -> str:
    """XML 1.0 cannot hold most control characters; drop them."""
    return "".join(c for c in text if c in "\t\n\r" or ord(c) >= 0x20) if any(ord(c) < 0x20 for c in text) else text


def _attr(value: Any) -> str:
    return quoteattr(_strip_invalid(_text(value)))


def _graphml(out: IO[str], nodes: _Spool, ties: _Spool, directions: _Directions) -> None:
    directed = directions.default
    node_keys, tie_keys = nodes.keys(_NODE_FIRST), ties.keys(_TIE_FIRST)
    node_ids = {k: f"n{i}" for i, k in enumerate(node_keys)}
    tie_ids = {k: f"e{i}" for i, k in enumerate(tie_keys)}
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n'
              '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
              'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
              'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
              'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n')
    for keys, ids, spool, target in ((node_keys, node_ids, nodes, "node"), (tie_keys, tie_ids, ties, "edge")):
        for key in keys:
            out.write(f'  <key id="{ids[key]}" for="{target}" attr.name={_attr(key)} attr.type="{spool.types[key]}"/>\n')
    # Gephi, yEd and Cytoscape show a node's "label" data as its label (GEXF has
    # a label attribute of its own); netnp's import reads it back as the name.
    labelled = "label" not in node_keys
    if labelled:
        out.write('  <key id="label" for="node" attr.name="label" attr.type="string"/>\n')
    out.write(f'  <graph id="netnp" edgedefault="{"directed" if directed else "undirected"}">\n')
    for row, attributes in nodes.rows():
        out.write(f'    <node id={_attr(row["id"])}>')
        if labelled:
            out.write(f'<data key="label">{_xml_text(attributes.get("name") or row["id"])}</data>')
        for key, value in attributes.items():
            if value is not None and value != []:
                out.write(f'<data key="{node_ids[key]}">{_xml_text(value)}</data>')
        out.write("</node>\n")
    for row, attributes in ties.rows():
        own = "" if row["directed"] == directed else f' directed="{"true" if row["directed"] else "false"}"'
        out.write(f'    <edge source={_attr(row["source"])} target={_attr(row["target"])}{own}>')
        for key, value in attributes.items():
            if value is not None and value != []:
                out.write(f'<data key="{tie_ids[key]}">{_xml_text(_listed(key, value))}</data>')
        out.write("</edge>\n")
    out.write("  </graph>\n</graphml>\n")


def _gexf_edge_type(directions: _Directions) -> str:
    """The graph's ``defaultedgetype``, or nothing when ties go both ways.

    GEXF has no "mixed" default: Gephi drops a tie whose ``type`` contradicts
    the default, and reads a graph without one as mixed, so a mixed graph gives
    every tie its ``type`` (as Gephi's own export does) and no default.
    """
    if directions.mixed:
        return ""
    return f' defaultedgetype="{"directed" if directions.default else "undirected"}"'


Spell = tuple["str | None", "str | None"]


def _merge_spells(spells: list[Spell]) -> list[Spell]:
    """Spells sorted by start, those that overlap merged (a None start or end is open)."""
    merged: list[Spell] = []
    for start, end in sorted(spells, key=lambda spell: spell[0] or ""):
        if merged and (merged[-1][1] is None or (start is not None and start <= merged[-1][1])):
            last_start, last_end = merged[-1]
            merged[-1] = (last_start, None if last_end is None or end is None else max(last_end, end))
        else:
            merged.append((start, end))
    return merged


def _spells(attributes: dict[str, Any]) -> list[Spell]:
    """When a tie is there, as GEXF spells ``(start, end)``: its since/until, and one day per
    date it was observed; none for a tie without dates (there all the time)."""
    since, until = attributes.get("since"), attributes.get("until")
    spells: list[Spell] = [(since, until)] if since is not None or until is not None else []
    spells.extend((day, day) for day in set(attributes.get("observed") or ()))
    return _merge_spells(spells)


def _spells_xml(spells: list[Spell]) -> str:
    if not spells:
        return ""
    items = "".join("<spell" + (f' start="{start}"' if start else "") + (f' end="{end}"' if end else "") + "/>"
                    for start, end in spells)
    return f"<spells>{items}</spells>"


def _node_spells(ties: _Spool) -> dict[str, list[Spell]]:
    """The spells of the nodes whose every tie has dates: the union of their ties' spells, so that
    Gephi's timeline shows a node when one of its ties is there, as a windowed analysis does.
    Nodes with an undated tie, and nodes without ties, get none (there all the time)."""
    spells: dict[str, list[Spell] | None] = {}
    for row, attributes in ties.rows():
        own = _spells(attributes)
        for end in (row["source"], row["target"]):
            known = spells.get(end, [])
            if known is None or not own:
                spells[end] = None
            else:
                known = known + own
                spells[end] = _merge_spells(known) if len(known) > 256 else known  # merged as it grows
    return {node: _merge_spells(found) for node, found in spells.items() if found}


def _gexf(out: IO[str], nodes: _Spool, ties: _Spool, directions: _Directions) -> None:
    node_keys = [k for k in nodes.keys(_NODE_FIRST) if k != "name"]
    tie_keys = [k for k in ties.keys(_TIE_FIRST) if k != "weight"]
    gexf_type = {"boolean": "boolean", "long": "long", "double": "double", "string": "string"}
    dynamic = any(k in ties.types for k in ("since", "until", "observed"))
    node_spells = _node_spells(ties) if dynamic else {}
    mode = ' mode="dynamic" timeformat="date" timerepresentation="interval"' if dynamic else ' mode="static"'
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n'
              '<gexf xmlns="http://gexf.net/1.3" '
              'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
              'xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">\n'
              '  <meta><creator>netnp</creator><description>exported by netnp</description></meta>\n'
              f'  <graph{_gexf_edge_type(directions)}{mode}>\n')
    for keys, spool, cls in ((node_keys, nodes, "node"), (tie_keys, ties, "edge")):
        out.write(f'    <attributes class="{cls}" mode="static">\n')
        for i, key in enumerate(keys):
            out.write(f'      <attribute id="{i}" title={_attr(key)} type="{gexf_type[spool.types[key]]}"/>\n')
        out.write("    </attributes>\n")
    node_index = {k: i for i, k in enumerate(node_keys)}
    tie_index = {k: i for i, k in enumerate(tie_keys)}
    out.write("    <nodes>\n")
    for row, attributes in nodes.rows():
        out.write(f'      <node id={_attr(row["id"])} label={_attr(attributes.get("name") or row["id"])}><attvalues>')
        for key, value in attributes.items():
            if key in node_index and value is not None and value != []:
                out.write(f'<attvalue for="{node_index[key]}" value={_attr(value)}/>')
        out.write(f"</attvalues>{_spells_xml(node_spells.get(row['id'], []))}</node>\n")
    out.write("    </nodes>\n    <edges>\n")
    for i, (row, attributes) in enumerate(ties.rows()):
        weight = attributes.get("weight")
        weight_attr = f" weight={_attr(float(weight))}" if isinstance(weight, (int, float)) else ""
        own = f' type="{"directed" if row["directed"] else "undirected"}"' if directions.mixed else ""
        out.write(f'      <edge id="{i}" source={_attr(row["source"])} target={_attr(row["target"])}{own}'
                  f' label={_attr(attributes["type"])}{weight_attr}><attvalues>')
        for key, value in attributes.items():
            if key in tie_index and value is not None and value != []:
                out.write(f'<attvalue for="{tie_index[key]}" value={_attr(_listed(key, value))}/>')
        out.write(f"</attvalues>{_spells_xml(_spells(attributes)) if dynamic else ''}</edge>\n")
    out.write("    </edges>\n  </graph>\n</gexf>\n")


def _json(out: IO[str], nodes: _Spool, ties: _Spool, directions: _Directions) -> None:
    out.write(f'{{"directed": {"true" if directions.default else "false"}, "multigraph": true, "graph": {{"name": "netnp"}},\n "nodes": [\n')
    for i, (row, attributes) in enumerate(nodes.rows()):
        item = {"id": row["id"], **{k: v for k, v in attributes.items() if v is not None}}
        out.write(("  " if i == 0 else ", ") + json.dumps(item, ensure_ascii=False) + "\n")
    out.write(' ],\n "edges": [\n')
    for i, (row, attributes) in enumerate(ties.rows()):
        item = {"source": row["source"], "target": row["target"], **{k: v for k, v in attributes.items() if v is not None}}
        out.write(("  " if i == 0 else ", ") + json.dumps(item, ensure_ascii=False) + "\n")
    out.write(" ]\n}\n")


def _csv(path: Path, fields: tuple[str, ...], spool: _Spool, first: tuple[str, ...]) -> None:
    """One row per node, or per tie; a tie with dated observations has one row per observation
    (its ``date``, ``observation`` key and ``weight``), as ``netnp import`` takes them."""
    keys = [k for k in spool.keys(first) if k not in OBSERVATION_FIELDS]
    dated = "observed" in spool.types
    if dated:
        at = keys.index("until") + 1 if "until" in keys else len(keys)
        keys[at:at] = ["date", "observation"]
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([*fields, *keys])
        for row, attributes in spool.rows():
            ends = [row[f] for f in fields]
            observed = attributes.get("observed") if dated else None
            if not observed:
                writer.writerow([*ends, *("" if attributes.get(k) is None else _text(attributes[k]) for k in keys)])
                continue
            for day, weight, key in zip(observed, attributes["observed_weight"], attributes["observed_key"],
                                        strict=True):
                one = {**attributes, "date": day, "observation": "" if key == day else key, "weight": weight}
                writer.writerow([*ends, *("" if one.get(k) is None else _text(one[k]) for k in keys)])


def csv_paths(path: Path) -> tuple[Path, Path]:
    """``net.csv`` → ``net.nodes.csv`` and ``net.edges.csv``."""
    return path.with_name(path.stem + ".nodes.csv"), path.with_name(path.stem + ".edges.csv")


def export_graph(runner: Runner, path: Path | str, anonymise: bool = False) -> dict[str, Any]:
    """Write the whole graph to ``path``; its suffix picks the format. Returns counts and files.

    With ``anonymise``, people's ids, names, aliases and addresses go out as
    stable pseudonyms (:class:`netnp.person.anonymise.Anonymiser`).
    """
    path = Path(path)
    fmt = path.suffix.lower()
    if fmt not in FORMATS:
        raise InputError(f"{path.name}: unknown export format; use one of {', '.join(FORMATS)}")
    if not path.parent.is_dir():
        raise InputError(f"folder {path.parent} does not exist")
    nodes, ties, directions = _read(runner, Anonymiser() if anonymise else None)
    try:
        if fmt == ".csv":
            nodes_path, edges_path = csv_paths(path)
            _csv(nodes_path, ("id",), nodes, _NODE_FIRST)
            _csv(edges_path, ("source", "target"), ties, _TIE_FIRST)
            files = [str(nodes_path), str(edges_path)]
        else:
            writer = {".graphml": _graphml, ".gexf": _gexf, ".json": _json}[fmt]
            tmp = path.with_name(path.name + ".tmp")
            with tmp.open("w", encoding="utf-8", newline="\n") as out:
                writer(out, nodes, ties, directions)
            tmp.replace(path)
            files = [str(path)]
        return {"format": fmt.lstrip("."), "files": files, "nodes": nodes.count, "ties": ties.count,
                "directed_ties": directions.directed, "undirected_ties": directions.undirected,
                "default_edge_type": "directed" if directions.default else "undirected"}
    finally:
        nodes.close()
        ties.close()
