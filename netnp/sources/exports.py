"""What the readers of CSV exports (CiviCRM, Salesforce NPSP, Network Canvas) share.

A CRM or a survey tool exports several CSV files (contacts, relationships,
…), which the user passes together (``netnp import a.csv b.csv --from X``)
or as the folder that holds them. Each file is recognised by the exact
column names of its header (:class:`CsvKind`); the rows are read with
:mod:`netnp.importing.csvfile`, so encodings, delimiters, limits and line
numbers are those of every netnp CSV import.

A value a source finds wrong (a date that is not one, a relationship type
without a tie type) goes into the row it yields as a :class:`BadValue` under
:data:`~netnp.importing.xmlgraph.BAD_VALUE`: the importer reports it with the
file, the line and the source's own column name, like any bad cell.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from netnp import model
from netnp.errors import InputError
from netnp.importing import csvfile
from netnp.importing.problems import Problem, SourceError
from netnp.importing.xmlgraph import BAD_VALUE

#: File suffixes that detection reads as CSV.
CSV_SUFFIXES = (".csv", ".tsv", ".txt")


class BadValue:
    """A value a source refuses; the importer reports ``reason`` on the row, in column ``attr``."""

    def __init__(self, attr: str, reason: str):
        self.attr, self.reason = attr, reason


def mark_bad(raw: dict[Any, Any], column: str, reason: str) -> dict[Any, Any]:
    """``raw`` marked as refused at ``column`` (the first mark wins)."""
    raw.setdefault(BAD_VALUE, BadValue(column, reason))
    return raw


@dataclass(frozen=True)
class CsvKind:
    """One kind of file of an export, known by the columns its header must have.

    ``required``: every one must be in the header, spelt exactly so;
    ``forbidden``: none may be (to tell apart kinds whose headers overlap).
    """

    name: str
    required: frozenset[str]
    forbidden: frozenset[str] = frozenset()


def layout_of(path: Path) -> csvfile.Layout | None:
    """What the header of a CSV file says; None if it is not readable CSV."""
    try:
        return csvfile.read_layout(path, (), "export")
    except (SourceError, OSError):
        return None


def column_keys(layout: csvfile.Layout, names: frozenset[str] | set[str] | tuple[str, ...]) -> dict[str, str]:
    """The key of each column of ``names`` in the file's rows, for those its header has.

    Names are matched as written, except the few that netnp's own CSV files
    may spell in any case (``Id``, ``Name``, ``Type``…), which the reader
    keys in lower case.
    """
    columns = set(layout.columns)
    keys = {}
    for name in names:
        if name in columns:
            keys[name] = name
        elif name.lower() in columns and name.lower() != name:
            keys[name] = name.lower()
    return keys


def kind_of(path: Path, kinds: tuple[CsvKind, ...]) -> tuple[CsvKind, csvfile.Layout] | None:
    """The one kind of ``kinds`` whose header ``path`` has, with the file's layout; or None."""
    layout = layout_of(path)
    if layout is None:
        return None
    matching = []
    for kind in kinds:
        keys = column_keys(layout, kind.required | kind.forbidden)
        if kind.required <= set(keys) and not (kind.forbidden & set(keys)):
            matching.append(kind)
    return (matching[0], layout) if len(matching) == 1 else None


def export_files(path: Path) -> list[Path]:
    """The files of an export: ``path`` itself, or the files a folder holds (not hidden), sorted."""
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith("."))
    return [path]


def detect_files(path: Path, suffixes: tuple[str, ...], recognise) -> bool:
    """Whether ``path`` (a file, or a folder of them) is wholly of one source: every file
    with one of ``suffixes`` is recognised (``recognise(file)`` true), and there is at least one."""
    files = [p for p in export_files(path) if p.suffix.lower() in suffixes]
    if not files or (not path.is_dir() and len(files) != 1):
        return False
    return all(recognise(p) for p in files)


def recognised_files(path: Path, kinds: tuple[CsvKind, ...], source: str,
                     expected: str) -> Iterator[tuple[Path, CsvKind, csvfile.Layout]]:
    """``(file, kind, layout)`` for each CSV file of the export at ``path`` (a file or a folder), in order.

    A file whose header is none of ``kinds`` stops the import: :func:`unrecognised`
    names it, with ``source`` and the ``expected`` headers.
    """
    for file in export_files(path):
        if path.is_dir() and file.suffix.lower() not in CSV_SUFFIXES:
            continue
        found = kind_of(file, kinds)
        if found is None:
            layout = layout_of(file)
            raise unrecognised(file, layout.header_line if layout else 1, source, expected)
        yield file, *found


def where(path: Path, top: Path, line: int) -> Any:
    """The position of a row: its line, and the file's name too when the user gave a folder."""
    return line if path == top else f"{path.name}, line {line}"


def unrecognised(path: Path, line: int, source: str, expected: str) -> SourceError:
    """The error for a file of a source's folder or list that is none of its kinds of file."""
    return SourceError(Problem(path.name, line, None, f"not a {source} export netnp knows: the header must have "
                                                      f"the columns of {expected}"))


def rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """The rows of a CSV file, as :func:`netnp.importing.csvfile.read_rows` reads them."""
    return csvfile.read_rows(path, (), "export")


def date(raw: dict[Any, Any], value: str | None, column: str) -> str | None:
    """A date cell as an ISO date; an unreadable one marks ``raw`` as bad at ``column``."""
    try:
        return model.parse_date((value or "").strip(), column)
    except ValueError as exc:
        mark_bad(raw, column, str(exc))
        return None


# -- mapping a source's relationship types to tie types ---------------------------------------
MAP_COLUMNS = ("relationship_type", "tie_type")


def read_map(path: str | Path | None) -> dict[str, str]:
    """A ``--map`` file (CSV ``relationship_type,tie_type``) as {relationship type in lower case: tie type}."""
    if path is None:
        return {}
    path = Path(path)
    if not path.is_file():
        raise InputError(f"--map file {path} does not exist")
    table: dict[str, str] = {}
    try:
        for line, row in csvfile.read_rows(path, MAP_COLUMNS, "map"):
            name = (row.get("relationship_type") or "").strip()
            if not name:
                raise InputError(f"{path.name}, line {line}, field relationship_type: missing relationship type")
            try:
                table[name.casefold()] = model.parse_type(row.get("tie_type"))
            except ValueError as exc:
                raise InputError(f"{path.name}, line {line}, field tie_type: {exc}") from None
    except SourceError as exc:
        raise InputError(str(exc.problem)) from None
    return table


def tie_type_name(text: str) -> str:
    """A name (an edge type, a prompt) as a tie type: accents dropped, letters upper-cased,
    every run of other characters one ``_``; ``TIE_`` before a name that does not begin with a letter."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    name = re.sub(r"[^A-Z0-9]+", "_", ascii_text.upper()).strip("_")
    if not name:
        raise ValueError(f"{text!r} has no letter or digit to make a tie type of")
    return name if name[0].isalpha() else "TIE_" + name
