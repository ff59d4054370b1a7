"""The importer behind ``netnp import``: check every row of the files, then write them.

An import reads its files once, streaming, so memory stays flat however long
they are:

1. **Check.** Every row is validated (kind, type, id, weight, dates, columns);
   the ids of valid nodes and the declared aliases are kept in memory, the
   valid rows go to a temporary file (:class:`~netnp.importing.spool.Spool`).
   Tie endpoints that the files do not define are looked up in the graph, in
   batches. Any problem names the file, the line and the field.
2. **Write.** If nothing was rejected (or with ``skip_invalid``), the checked
   rows are read back from the temporary file (not parsed again) and merged in
   batches by :func:`netnp.graphwrite.write_graph`. By default a rejected row
   means nothing is written at all.

Importing the same files again changes nothing but the provenance: nodes are
merged on their id, ties on (source, type, target, channel). So when the
server stops an import in the middle of the write (it went down, or refused a
batch that the checks let through), running the same command again completes
it; the error (:class:`ImportStopped`) names the batch and the file and line
of its first row, and says so.

The import holds the import lock (:mod:`netnp.locks`) from the check to the
end of the write: imports, samples and crawls started meanwhile wait for it,
and so do analyses.
"""

from __future__ import annotations

import contextlib
import csv
import gc
import json
import time
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import netnp.sources
from netnp import model, schema
from netnp.errors import InputError, NetnpError
from netnp.graphwrite import BATCH_SIZE, BatchFailed, NodeKeys, Provenance, rows_text, write_graph
from netnp.importing import csvfile, jsonfile, kept_aliases, xmlgraph
from netnp.importing.parallel import OtherParts
from netnp.importing.problems import FieldError, ImportRejected, Problem, SourceError
from netnp.importing.spool import Spool
from netnp.importing.validate import edge_row, node_row
from netnp.locks import import_lock
from netnp.person.identifiers import forgotten_ids
from netnp.runner import Runner
from netnp.sources import SourceOptions

__all__ = ["ImportReport", "ImportRejected", "ImportStopped", "Problem", "Progress", "import_files",
           "detect_format", "GRAPH_FORMATS"]

#: File suffixes of the formats ``netnp import FILE`` reads.
GRAPH_FORMATS = {".graphml": "graphml", ".gexf": "gexf", ".json": "json"}
#: The prefix of the format of a file read by a source of :mod:`netnp.sources`.
SOURCE_PREFIX = "source:"
#: How many problems an error message lists; the rejects file has them all.
SHOWN_PROBLEMS = 20
#: The columns a CSV file of ties must have (a tie without a type takes the default type).
EDGE_COLUMNS = ("source", "target")
#: The columns a CSV file of nodes must have (a node without a kind takes the default kind).
NODE_COLUMNS = ("id",)
_LOOKUP_BATCH = 10_000


class ImportStopped(NetnpError):
    """The server stopped an import in the middle of its write; running the same command again completes it."""


class Progress:
    """What the importer tells about its progress; the CLI draws a bar from it."""

    def phase(self, description: str, total: int | None = None) -> None:
        """A new phase begins; ``total`` rows to go when known."""

    def advance(self, rows: int) -> None:
        """``rows`` more rows are done."""


@dataclass
class ImportReport:
    import_id: str
    files: list[str]
    nodes_read: int = 0
    ties_read: int = 0
    nodes_written: int = 0
    ties_written: int = 0
    aliases: int = 0
    rejected: int = 0
    #: Rows skipped because they name a person that ``netnp person forget`` erased.
    forgotten: int = 0
    written: bool = False
    rejects_file: str | None = None
    seconds: float = 0.0
    counters: dict[str, int] = field(default_factory=dict)
    #: What each source read counted or flagged, by file (:attr:`SourceOptions.notes`).
    notes: dict[str, dict[str, Any]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list, repr=False)

    def summary(self) -> dict[str, Any]:
        data = {k: v for k, v in vars(self).items() if k != "problems"}
        data["problems"] = [str(p) for p in self.problems[:SHOWN_PROBLEMS]]
        return data


# -- sources ----------------------------------------------------------------------
class _Source:
    """One input file and the rows it holds: ``(kind, where, raw)`` with kind "node" or "edge"."""

    def __init__(self, path: Path, fmt: str, options: SourceOptions | None = None):
        self.path, self.fmt, self.name = path, fmt, path.name
        #: How to read a source of :mod:`netnp.sources` (``fmt`` ``"source:NAME"``).
        self.options = options or SourceOptions()
        #: The rows that passed the check, filled by the check pass.
        self.checked_nodes, self.checked_edges = Spool(), Spool()

    def close(self) -> None:
        self.checked_nodes.close()
        self.checked_edges.close()

    def records(self) -> Iterator[tuple[str, Any, dict[str, Any]]]:
        if self.fmt == "csv-nodes":
            for line, row in csvfile.read_rows(self.path, NODE_COLUMNS, "nodes"):
                yield "node", line, row
        elif self.fmt == "csv-edges":
            for line, row in csvfile.read_rows(self.path, EDGE_COLUMNS, "edges"):
                yield "edge", line, row
        elif self.fmt in ("graphml", "gexf"):
            yield from xmlgraph.read_graph(self.path, self.fmt)
        elif self.fmt.startswith(SOURCE_PREFIX):
            yield from netnp.sources.read(self.fmt.removeprefix(SOURCE_PREFIX), self.path, self.options)
        else:
            yield from jsonfile.read_graph(self.path)


def detect_format(path: Path) -> str:
    """The format of ``path``: one of :data:`GRAPH_FORMATS`, or ``"source:NAME"`` for a source it unambiguously is."""
    found = netnp.sources.detect(path)
    if found:
        return SOURCE_PREFIX + found
    if path.is_dir():
        raise InputError(f"{path}: a folder netnp does not recognise; name its source with --from "
                         f"({', '.join(sorted(netnp.sources.SOURCES))})")
    fmt = GRAPH_FORMATS.get(path.suffix.lower())
    if fmt:
        return fmt
    if path.suffix.lower() in (".csv", ".tsv", ".txt"):
        raise InputError(f"{path.name}: for CSV, name the files with --nodes and --edges "
                         "(netnp import --nodes nodes.csv --edges edges.csv)")
    raise InputError(f"{path.name}: unknown format; netnp import reads .graphml, .gexf and .json "
                     "(and CSV with --nodes/--edges)")


def _existing(path: Path | str | None, what: str, folder: bool = False) -> Path | None:
    if path is None:
        return None
    p = Path(path)
    if folder and p.is_dir():
        return p
    if not p.is_file():
        raise InputError(f"{what} file {p} does not exist")
    return p


# -- the import -------------------------------------------------------------------
class _Importer:
    def __init__(self, runner: Runner, sources: list[_Source], alias_file: Path | None, *,
                 default_kind: str | None, default_type: str | None, progress: Progress):
        self.runner, self.sources, self.alias_file = runner, sources, alias_file
        self.default_kind, self.default_type, self.progress = default_kind, default_type, progress
        self.problems: list[Problem] = []
        #: The kind of each node id of the files.
        self.ids: dict[str, str] = {}
        #: Rows that give an id another kind than an earlier row, by id.
        self.kind_conflicts: dict[str, list[Problem]] = {}
        #: Element ids of the entities the files name but do not define, by id.
        self.known_in_graph: NodeKeys = {}
        self.aliases: dict[str, str] = {}
        self.alias_where: dict[str, tuple[str, Any, str]] = {}
        #: The ids earlier versions of netnp gave the web pages of the files
        #: (:func:`netnp.urls.former_page_id`): canonical id, file, where.
        self.former_ids: dict[str, tuple[str, str, Any]] = {}
        self.pending: set[str] = set()
        self.nodes_read = self.ties_read = 0
        self.valid_ties = 0
        #: Whether to import the rows of forgotten people; else their ids, found by the check, and the rows skipped.
        self.allow_forgotten = False
        self.forgotten: set[str] = set()
        self.skipped_forgotten = 0
        self.notes: dict[str, dict[str, Any]] = {}

    def problem(self, file: str, where: Any, field: str | None, reason: str, raw: dict | None = None) -> None:
        self.problems.append(Problem(file, where, field, reason, raw))

    def declare_alias(self, alias: str, canonical: str, file: str, where: Any, field: str) -> None:
        known = self.aliases.get(alias)
        if known is not None and known != canonical:
            self.problem(file, where, field, f"alias {alias!r} is already declared for {known!r}")
            return
        if alias == canonical:
            return
        self.aliases[alias] = canonical
        self.alias_where.setdefault(alias, (file, where, field))

    # -- pass 1: check ------------------------------------------------------------
    def check(self) -> None:
        self.progress.phase("Checking the files")
        if self.alias_file:
            self._read_alias_file()
        with contextlib.ExitStack() as stack:
            # the processes checking the other parts of large CSV files of ties
            # start first, so that they get going while the nodes are checked
            others: dict[int, OtherParts] = {}
            checked_before = 0  # bytes of the files the importer checks before this one
            for source in self.sources:
                parts = OtherParts.start(source.path, EDGE_COLUMNS, self.default_type, checked_before) \
                    if source.fmt == "csv-edges" else None
                if parts is not None:
                    others[id(source)] = stack.enter_context(parts)
                    checked_before += parts.end
                else:
                    checked_before += source.path.stat().st_size
            for source in self.sources:
                try:
                    if id(source) in others:
                        self._check_edges_in_parts(source, others[id(source)])
                        continue
                    source.options.notes = {}
                    for kind, where, raw in source.records():
                        if kind == "node":
                            self._check_node(source, where, raw)
                        else:
                            self._check_edge(source, where, raw)
                    if source.options.notes:
                        self.notes[source.name] = source.options.notes
                except SourceError as exc:
                    self.problems.append(exc.problem)
        if self.kind_conflicts:
            self._name_first_kinds()
        # ids folded into another node earlier go to that node (netnp/importing/kept_aliases.py)
        kept = kept_aliases.kept_aliases(self.runner, {*self.ids, *self.pending, *self.aliases.values()})
        for alias in kept_aliases.honour(self.aliases, kept):
            self.alias_where.setdefault(alias, ("the graph", None, "aliases"))
        self._find_forgotten()
        self._look_up_graph()
        self._fold_former_page_ids()
        self._check_aliases()
        if any(self.resolve(end) is None for end in self.pending):
            self._report_missing_endpoints()
        order = {s.name: i for i, s in enumerate(self.sources)}
        self.problems.sort(key=lambda p: (order.get(p.file, -1), _position(p.where)))

    def _name_first_kinds(self) -> None:
        """Tell, in each kind conflict, where the id got its first kind (read again: conflicts are rare)."""
        first: dict[str, str] = {}
        for source in self.sources:
            try:
                for kind, where, raw in source.records():
                    if kind != "node":
                        continue
                    try:
                        row = node_row(raw, self.default_kind)
                    except FieldError:
                        continue
                    if row["id"] in self.kind_conflicts and row["id"] not in first:
                        at = f"line {where}" if isinstance(where, int) else where
                        first[row["id"]] = f"{source.name}, {at}"
            except SourceError:
                continue  # already reported in the first pass
        for node_id, problems in self.kind_conflicts.items():
            for problem in problems:
                problem.reason = problem.reason.replace(" on an earlier row", f" on {first.get(node_id, 'an earlier row')}")

    def _read_alias_file(self) -> None:
        assert self.alias_file is not None
        name = self.alias_file.name
        try:
            for line, row in csvfile.read_rows(self.alias_file, ("alias", "id"), "aliases"):
                if None in row:
                    self.problem(name, line, "-", "more cells than the header has columns", row)
                    continue
                if xmlgraph.BAD_VALUE in row:  # a cell holding a NUL
                    bad = row.pop(xmlgraph.BAD_VALUE)
                    self.problem(name, line, bad.attr, bad.reason, row)
                    continue
                alias, canonical = row["alias"].strip(), row["id"].strip()
                if not alias:
                    self.problem(name, line, "alias", "missing alias", row)
                elif not canonical:
                    self.problem(name, line, "id", "missing id", row)
                else:
                    self.declare_alias(alias, canonical, name, line, "id")
        except SourceError as exc:
            self.problems.append(exc.problem)

    def _check_node(self, source: _Source, where: Any, raw: dict[str, Any]) -> None:
        self.nodes_read += 1
        try:
            row = node_row(raw, self.default_kind)
        except FieldError as exc:
            self.problem(source.name, where, exc.field, exc.reason, raw)
            return
        known = self.ids.setdefault(row["id"], row["kind"])
        if known != row["kind"]:
            # one id is one entity: two kinds for it are two entities under one id, or a typo
            problem = Problem(source.name, where, "kind",
                              f"id {row['id']!r} is {_a(row['kind'])} here, and {_a(known)} on an earlier row", raw)
            self.problems.append(problem)
            self.kind_conflicts.setdefault(row["id"], []).append(problem)
            return
        for alias in row.pop("aliases", ()):
            self.declare_alias(alias, row["id"], source.name, where, "aliases")
        former = row.pop("former_id", None)
        if former is not None:
            self.former_ids.setdefault(former, (row["id"], source.name, where))
        source.checked_nodes.append(row)  # declared aliases are written once, checked, by write_graph

    def _check_edge(self, source: _Source, where: Any, raw: dict[str, Any]) -> None:
        self.ties_read += 1
        try:
            row = edge_row(raw, self.default_type)
        except FieldError as exc:
            self.problem(source.name, where, exc.field, exc.reason, raw)
            return
        self.valid_ties += 1
        for end in (row["source"], row["target"]):
            if end not in self.ids:
                self.pending.add(end)
        source.checked_edges.append(row)

    def _check_edges_in_parts(self, source: _Source, others: OtherParts) -> None:
        """Check the first part of a CSV file of ties while other processes
        check the rest (:mod:`netnp.importing.parallel`); merge what they found,
        or check the whole file in one pass if a cut fell inside a record."""
        before = len(self.problems), self.ties_read, self.valid_ties, set(self.pending)
        position = csvfile.Position()
        for line, raw in csvfile.read_rows(source.path, EDGE_COLUMNS, "edges", end=others.end, position=position):
            self._check_edge(source, line, raw)
        results = others.results()
        if results is not None and all(r.clean_end for r in results) and \
                csvfile.ends_cleanly(source.path, others.layout, position.record_offset, others.end):
            for part in results:
                self.ties_read += part.ties_read
                self.valid_ties += part.valid
                self.problems.extend(part.problems)
                self.pending.update(end for end in part.endpoints if end not in self.ids)
                if part.spool:
                    source.checked_edges.adopt(part.spool, part.spool_rows)
                    others.adopted(part.spool)
                if part.stopped:  # one pass would not have read further
                    break
            return
        del self.problems[before[0]:]
        self.ties_read, self.valid_ties, self.pending = before[1], before[2], before[3]
        source.checked_edges.close()
        source.checked_edges = Spool()
        for _kind, where, raw in source.records():
            self._check_edge(source, where, raw)

    def _candidates(self, ref: str) -> Iterator[str]:
        """The ids a reference may stand for: itself or its alias target, and for
        a URL its normalised form."""
        seen = 0
        while ref in self.aliases and seen < 20:
            ref, seen = self.aliases[ref], seen + 1
        yield ref
        if model.looks_like_url(ref):
            try:
                url = model.normalise_url(ref)
            except ValueError:
                return
            yield self.aliases.get(url, url)

    def resolve(self, ref: str) -> str | None:
        """The canonical id a tie endpoint or alias target names, or None if there is no such node."""
        if ref not in self.aliases and (ref in self.ids or ref in self.known_in_graph):
            return ref  # the common case, without the candidates' generator
        for candidate in self._candidates(ref):
            if candidate in self.ids or candidate in self.known_in_graph:
                return candidate
        return None

    def _look_up_graph(self) -> None:
        """Ask the graph about the ids the files name but do not define."""
        wanted = {c for ref in list(self.pending) + list(self.aliases.values())
                  for c in self._candidates(ref) if c not in self.ids}
        self.pending = {ref for ref in self.pending if self.resolve(ref) is None}
        if not wanted:
            return
        ids = sorted(wanted)
        for start in range(0, len(ids), _LOOKUP_BATCH):
            rows = self.runner.read("import/existing_ids", ids=ids[start:start + _LOOKUP_BATCH])
            self.known_in_graph.update((row["id"], row["node"]) for row in rows)

    def _fold_former_page_ids(self) -> None:
        """Make the id an earlier netnp gave a web page of the files an alias of
        its id, when a web page that no crawl recorded still has it and the files
        neither define nor alias it, so that the import folds that node into the page's."""
        formers = {f: v for f, v in self.former_ids.items() if f not in self.ids and f not in self.aliases}
        ids = sorted(formers)
        for start in range(0, len(ids), _LOOKUP_BATCH):
            for row in self.runner.read("import/former_page_ids", ids=ids[start:start + _LOOKUP_BATCH]):
                canonical, file, where = formers[row["id"]]
                self.declare_alias(row["id"], canonical, file, where, "id")

    def _check_aliases(self) -> None:
        for alias, canonical in list(self.aliases.items()):
            if self.resolve(canonical) is None:
                file, where, field_name = self.alias_where[alias]
                self.problem(file, where, field_name,
                             f"alias {alias!r} names {canonical!r}, which is not a node of this import or of the graph")
                del self.aliases[alias]

    def _find_forgotten(self) -> None:
        """Find the ids, aliases and tie ends of the files that belong to forgotten people (docs/privacy.md):
        their rows are skipped, their aliases dropped, and a tie end that is forgotten is not missing."""
        if self.allow_forgotten:
            return
        found = forgotten_ids(self.runner, [*self.ids, *self.pending, *self.aliases, *self.aliases.values()])
        found |= {canonical for alias, canonical in self.aliases.items() if alias in found}
        found |= {alias for alias, canonical in self.aliases.items() if canonical in found}
        for alias in found.intersection(self.aliases):
            del self.aliases[alias]
        self.forgotten = found
        self.pending -= found

    def _is_forgotten(self, *refs: str | None) -> bool:
        if self.forgotten and any(ref in self.forgotten for ref in refs):
            self.skipped_forgotten += 1
            return True
        return False

    def _report_missing_endpoints(self) -> None:
        for source in self.sources:
            try:
                for kind, where, raw in source.records():
                    if kind != "edge":
                        continue
                    try:
                        row = edge_row(raw, self.default_type)
                    except FieldError:
                        continue
                    for end in ("source", "target"):
                        if self.resolve(row[end]) is None and row[end] not in self.forgotten:
                            self.problem(source.name, where, end,
                                         f"no node with id {row[end]!r} in this import or in the graph", raw)
            except SourceError:
                continue  # already reported in the first pass

    # -- pass 2: write -------------------------------------------------------------
    def entities(self, source: _Source) -> Iterator[dict[str, Any]]:
        return (row for row in source.checked_nodes if not self._is_forgotten(row["id"]))

    def ties(self, source: _Source) -> Iterator[dict[str, Any]]:
        for row in source.checked_edges:
            source_id, target_id = self.resolve(row["source"]), self.resolve(row["target"])
            if self._is_forgotten(row["source"], row["target"], source_id, target_id):
                continue
            if source_id is None or target_id is None:
                continue
            row["source"], row["target"] = source_id, target_id
            yield row

    def write(self, batch_size: int) -> tuple[dict[str, int], int, int]:
        import_id = uuid.uuid4().hex[:12]
        counts = {"nodes": 0, "ties": 0}

        def counting(rows: Iterable[dict[str, Any]], what: str) -> Iterator[dict[str, Any]]:
            for row in rows:
                counts[what] += 1
                yield row

        totals: dict[str, int] = {}
        self.progress.phase("Writing", total=self.nodes_read + self.valid_ties)
        resolved_aliases = {alias: self.resolve(canonical) for alias, canonical in self.aliases.items()}
        node_keys = dict(self.known_in_graph)  # and the entities written below: the ties' ends
        for source in self.sources:
            provenance = Provenance(source.name, import_id=import_id)
            try:
                done = write_graph(self.runner, counting(self.entities(source), "nodes"), (), provenance,
                                   batch_size=batch_size, on_rows=self.progress.advance, node_keys=node_keys,
                                   entity_count=source.checked_nodes.rows)
            except BatchFailed as exc:
                raise self.stopped(exc, source, "nodes", node_keys) from None
            _add(totals, done)
        for i, source in enumerate(self.sources):
            provenance = Provenance(source.name, import_id=import_id)
            last = i == len(self.sources) - 1
            try:
                done = write_graph(self.runner, (), counting(self.ties(source), "ties"), provenance,
                                   batch_size=batch_size, on_rows=self.progress.advance, node_keys=node_keys,
                                   tie_count=source.checked_edges.rows,
                                   aliases={a: c for a, c in resolved_aliases.items() if c} if last else None)
            except BatchFailed as exc:
                raise self.stopped(exc, source, "ties", node_keys) from None
            _add(totals, done)
        self.import_id = import_id
        return totals, counts["nodes"], counts["ties"]

    # -- a write stopped midway ------------------------------------------------------
    def stopped(self, failed: BatchFailed, source: _Source, what: str, node_keys: NodeKeys) -> ImportStopped:
        """The one-line error of a write that the server stopped: which batch, where its first row is, and why."""
        if failed.module in ("import/add_aliases", "import/fold_aliases"):
            what = "aliases"
        try:
            file, where = self._locate(failed.first, source, what, node_keys)
        except (NetnpError, SourceError, OSError):
            file, where = source.name, None
        first = f"{file}, line {where}" if isinstance(where, int) else f"{file}, {where}" if where else None
        return ImportStopped(
            f"Neo4j did not write batch {failed.number} of the {what} of {source.name} ({rows_text(failed.rows)}"
            + (f", the first on {first}" if first else "") + f"): {str(failed.cause).rstrip('.')}. "
            "The batches written before it "
            "stay in the graph; fix the cause (or start the server again) and run the same command again: it "
            "completes the import, and writes no node or tie twice")

    def _locate(self, first: dict[str, Any], source: _Source, what: str, node_keys: NodeKeys) -> tuple[str, Any]:
        """The file and position of the input row a batch's first row came from (the files are read again)."""
        if what == "aliases":
            alias = first.get("alias") or next(iter(first.get("aliases") or ()), None)
            file, where, _field = self.alias_where.get(alias, (source.name, None, None))
            return file, where
        if what == "nodes":
            for kind, where, raw in source.records():
                if kind == "node":
                    with contextlib.suppress(FieldError):
                        if node_row(raw, self.default_kind)["id"] == first["id"]:
                            return source.name, where
            return source.name, None
        # a tie row names its ends by element id: back to the ids they stand for
        ends = {first["source"], first["target"]}
        ids = {element: node_id for node_id, element in node_keys.items() if element in ends}
        wanted = (ids.get(first["source"]), ids.get(first["target"]), first["type"], first["channel"])
        for kind, where, raw in source.records():
            if kind == "edge":
                with contextlib.suppress(FieldError):
                    row = edge_row(raw, self.default_type)
                    if (self.resolve(row["source"]), self.resolve(row["target"]), row["type"], row["channel"]) == wanted:
                        return source.name, where
        return source.name, None


def _a(kind: str) -> str:
    """A kind with its article: ``a Person``, ``an Organization``."""
    return ("an " if kind[0] in "AEIOU" else "a ") + kind


def _position(where: Any) -> tuple[str, int]:
    """Sort key of a position: a line number, or ``nodes[3]`` before ``edges[0]``."""
    if isinstance(where, int):
        return "", where
    text = str(where or "")
    digits = "".join(c for c in text if c.isdigit())
    prefix = text.split("[", 1)[0]
    return ("0" if prefix == "nodes" else prefix), (int(digits) if digits else 0)


def _add(totals: dict[str, int], more: dict[str, int]) -> None:
    for key, value in more.items():
        totals[key] = totals.get(key, 0) + value


def write_rejects(path: Path, problems: list[Problem]) -> None:
    """One line per rejected row: file, line, field(s), reason(s), and the row as JSON."""
    grouped: dict[tuple[str, str], list[Problem]] = {}
    for p in problems:
        grouped.setdefault((p.file, str(p.where if p.where is not None else "")), []).append(p)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["file", "line", "field", "reason", "row"])
        for (file, where), items in grouped.items():
            raw = next((p.raw for p in items if p.raw is not None), None)
            writer.writerow([
                file, where, "; ".join(dict.fromkeys(p.field or "" for p in items)),
                "; ".join(p.reason for p in items),
                json.dumps({("_extra" if k is None else str(k)): v for k, v in raw.items()},
                           ensure_ascii=False, default=str) if raw else "",
            ])


def import_files(
    runner: Runner,
    *,
    nodes: Path | str | None = None,
    edges: Path | str | None = None,
    graphs: Iterable[Path | str] = (),
    aliases: Path | str | None = None,
    skip_invalid: bool = False,
    rejects: Path | str | None = None,
    default_kind: str = "person",
    default_type: str = "KNOWS",
    batch_size: int = BATCH_SIZE,
    progress: Progress | None = None,
    source: str | None = None,
    source_options: SourceOptions | None = None,
    allow_forgotten: bool = False,
) -> ImportReport:
    """Import CSV files (``nodes``, ``edges``) and GraphML, GEXF or node-link JSON files (``graphs``).

    ``default_kind`` is the kind of nodes whose file gives none (no ``kind``
    column or attribute, or an empty one), ``default_type`` the type of ties
    likewise, in every format; a CSV ``type`` of ``Directed`` or
    ``Undirected`` (Gephi's spreadsheet format) says whether the tie has a
    direction (the ``directed`` tie property), not what it is. With
    ``skip_invalid``, valid rows are written and bad ones listed in the
    ``rejects`` file (by default ``<first file>.rejects.csv`` beside it); else
    any bad row raises :class:`ImportRejected` before anything is written.
    The report's ``rejected`` counts bad rows; callers exit non-zero if it is not 0.

    ``graphs`` may also be files or folders of the sources of :mod:`netnp.sources`:
    ``source`` names the source of all of them (``--from``), else each is
    detected; ``source_options`` says how to read them.

    Rows that name a person erased by ``netnp person forget`` (their id,
    an alias, or a tie end) are skipped and counted in the report's
    ``forgotten``, unless ``allow_forgotten``.
    """
    began = time.monotonic()
    progress = progress or Progress()
    sources = []
    if nodes is not None:
        sources.append(_Source(_existing(nodes, "nodes"), "csv-nodes"))
    if edges is not None:
        sources.append(_Source(_existing(edges, "edges"), "csv-edges"))
    if source is not None:
        netnp.sources.source_module(source)
    if source_options is not None:
        source_options.graph = runner
    for g in graphs:
        path = _existing(g, "input", folder=True)
        fmt = SOURCE_PREFIX + source if source is not None else detect_format(path)
        sources.append(_Source(path, fmt, source_options))
    if not sources:
        raise InputError("nothing to import: give --nodes and/or --edges CSV files, or a .graphml, .gexf or .json file")
    alias_path = _existing(aliases, "aliases")
    try:
        model.parse_kind(default_kind)
    except ValueError as exc:
        raise InputError(f"--kind: {exc}") from None
    try:
        model.parse_type(default_type)
    except ValueError as exc:
        raise InputError(f"--type: {exc}") from None

    schema.apply_schema(runner)  # the endpoint look-ups and the writes need the id index
    importer = _Importer(runner, sources, alias_path, default_kind=default_kind, default_type=default_type,
                         progress=progress)
    importer.allow_forgotten = allow_forgotten
    try:
        # from the look-ups of tie ends in the graph to the last write, no other netnp process writes
        with import_lock(runner, "netnp import " + " ".join(s.name for s in sources)), _rare_collections():
            return _run(importer, sources, began, skip_invalid=skip_invalid, rejects=rejects, batch_size=batch_size)
    finally:
        for source in sources:
            source.close()


@contextlib.contextmanager
def _rare_collections() -> Iterator[None]:
    """Run the cycle collector every 1 000 000 new objects instead of 700.

    An import makes two or three dicts per row, none in a cycle, and frees them
    a batch later; with the default threshold the collector would walk them
    thousands of times per million ties, for nothing. Each collection walks
    every tracked row still in flight (rows holding lists, as the rows of a
    tie folded in a batch do), however many there are: so the rarer, the
    cheaper. Freed rows go by reference counting all the same (the runner
    empties the list it sent once a batch is written), so memory does not grow.
    """
    threshold = gc.get_threshold()
    gc.set_threshold(1_000_000, *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)


def _run(importer: _Importer, sources: list[_Source], began: float, *, skip_invalid: bool,
         rejects: Path | str | None, batch_size: int) -> ImportReport:
    importer.check()
    report = ImportReport(import_id="", files=[s.name for s in sources], nodes_read=importer.nodes_read,
                          ties_read=importer.ties_read, notes=importer.notes, problems=importer.problems)
    bad_rows = {(p.file, str(p.where)) for p in importer.problems}
    report.rejected = len(bad_rows)
    if importer.problems and (rejects is not None or skip_invalid):
        first = sources[0].path
        path = Path(rejects) if rejects is not None else first.with_name(first.stem + ".rejects.csv")
        write_rejects(path, importer.problems)
        report.rejects_file = str(path)
    if importer.problems and not skip_invalid:
        report.seconds = time.monotonic() - began
        shown = "\n".join(f"  {p}" for p in importer.problems[:SHOWN_PROBLEMS])
        more = len(importer.problems) - SHOWN_PROBLEMS
        tail = f"\n  … and {more} more" if more > 0 else ""
        where = f"; all of them are in {report.rejects_file}" if report.rejects_file else \
            "; --rejects FILE lists them all, --skip-invalid writes the valid rows"
        raise ImportRejected(
            f"{report.rejected} row(s) or file(s) rejected, nothing was written{where}:\n{shown}{tail}",
            importer.problems, report)
    totals, report.nodes_written, report.ties_written = importer.write(batch_size)
    report.import_id = importer.import_id
    report.aliases = len(importer.aliases)
    report.forgotten = importer.skipped_forgotten
    report.counters = totals
    report.written = True
    report.seconds = time.monotonic() - began
    return report
