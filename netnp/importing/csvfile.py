"""Reading CSV files: UTF-8 with or without a BOM, `,` `;` or tab as delimiter,
quoted fields (with delimiters, quotes and newlines inside), streamed row by row."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from netnp.importing.problems import Problem, SourceError

DELIMITERS = (",", ";", "\t")
csv.field_size_limit(64 * 1024 * 1024)


class Position:
    """Where a reader is in its file: the last line read (1-based) and the
    offset of the byte after it; the offset where the last record read began."""

    __slots__ = ("line", "offset", "record_offset")

    def __init__(self, line: int = 0, offset: int = 0):
        self.line, self.offset, self.record_offset = line, offset, offset


def _decoded_lines(path: Path, at: Position, end: int | None = None) -> Iterator[str]:
    """The lines of ``path`` from byte ``at.offset`` up to byte ``end`` (a line start), decoded."""
    with path.open("rb") as fh:
        if at.offset:
            fh.seek(at.offset)
        for raw in fh:
            if end is not None and at.offset >= end:
                return
            at.line += 1
            at.offset += len(raw)
            if at.offset == len(raw) and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            try:
                yield raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise SourceError(Problem(
                    path.name, at.line, None,
                    f"not UTF-8 (byte {raw[exc.start]:#04x} at column {exc.start + 1}); "
                    "save the file as 'CSV UTF-8' in your spreadsheet")) from None


def sniff_delimiter(header_line: str) -> str:
    """The delimiter that splits the header line most, counting outside quotes."""
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for char in header_line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


@dataclass(frozen=True)
class Layout:
    """What the header of a CSV file says: its delimiter, and the key of each
    column in the rows (known columns in lower case, others as written)."""

    delimiter: str
    columns: tuple[str, ...]


def _reader(lines: Iterator[str], delimiter: str) -> Iterator[list[str]]:
    return csv.reader(lines, delimiter=delimiter, quotechar='"', doublequote=True, strict=False)


def _open(path: Path, required: tuple[str, ...], what: str, at: Position, end: int | None,
          ) -> tuple[Layout, Iterator[list[str]]]:
    """Read and check the header of a CSV file; its :class:`Layout`, and a
    reader of the records after it."""
    lines = _decoded_lines(path, at, end)
    try:
        first = next(lines)
    except StopIteration:
        raise SourceError(Problem(path.name, 1, None, f"the {what} file is empty; it needs a header line")) from None
    delimiter = sniff_delimiter(first)

    def all_lines() -> Iterator[str]:
        yield first
        yield from lines

    reader = _reader(all_lines(), delimiter)
    header = [h.strip() for h in next(reader)]
    lowered = [h.lower() for h in header]
    columns = [h.lower() if h.lower() in required or h.lower() in _KNOWN else h for h in header]
    for name in required:
        if name not in lowered:
            raise SourceError(Problem(path.name, 1, name,
                                      f"missing column '{name}' in the header of the {what} file "
                                      f"(columns: {', '.join(header)}; delimiter {delimiter!r})"))
    seen: set[str] = set()
    for name in columns:
        if not name:
            continue
        if name in seen:
            raise SourceError(Problem(path.name, 1, name, f"column '{name}' appears twice in the header"))
        seen.add(name)
    return Layout(delimiter, tuple(columns)), reader


def read_layout(path: Path, required: tuple[str, ...], what: str) -> Layout:
    """What the header of a CSV file says; a :class:`SourceError` if it is bad."""
    return _open(path, required, what, Position(), None)[0]


def read_rows(path: Path, required: tuple[str, ...], what: str, *, end: int | None = None,
              position: Position | None = None) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of a CSV file as ``(line, {column: value})``; known columns keyed in lower case.

    ``required`` columns (lower case) must be in the header, else a
    :class:`SourceError` names the first missing one. Blank lines are skipped;
    a row with more fields than the header is a problem (yielded as a dict with
    the key ``None`` holding the extra cells, as :class:`csv.DictReader` does).
    With ``end``, reading stops at that byte offset (a line start, see
    :func:`split_points`); ``position`` follows the reader.
    """
    at = position or Position()
    layout, reader = _open(path, required, what, at, end)
    yield from _rows(path, reader, layout.columns, at)


def read_part(path: Path, layout: Layout, at: Position, end: int | None) -> Iterator[tuple[int, dict[str, str]]]:
    """The rows of the part of a CSV file that begins where ``at`` is (the start
    of a line, and of a record) and ends at byte ``end``, as :func:`read_rows`
    gives them; ``at`` follows the reader."""
    yield from _rows(path, _reader(_decoded_lines(path, at, end), layout.delimiter), layout.columns, at)


def _rows(path: Path, reader: Iterator[list[str]], columns: tuple[str, ...], at: Position,
          ) -> Iterator[tuple[int, dict[str, str]]]:
    width = len(columns)
    named = [(i, name) for i, name in enumerate(columns) if name]
    every_column_named = len(named) == width
    while True:
        start, offset = at.line + 1, at.offset
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise SourceError(Problem(path.name, at.line, None, f"cannot read the CSV: {exc}")) from None
        at.record_offset = offset
        if not cells or (len(cells) == 1 and not cells[0].strip()):
            continue
        if every_column_named and len(cells) == width:
            yield start, dict(zip(columns, cells))
            continue
        row = {name: (cells[i] if i < len(cells) else "") for i, name in named}
        if len(cells) > width:
            row[None] = cells[width:]  # type: ignore[index]
        yield start, row


def split_points(path: Path, parts: int, head_start: int = 0, late_start: int = 0) -> list[tuple[int, int]]:
    """Up to ``parts - 1`` places to cut a CSV file into parts of about equal
    work, as ``(byte offset, line number)`` of a line start: the reader of the
    first part has ``head_start`` bytes of other files to read first, and the
    readers of the others start later by the time it takes to read
    ``late_start`` bytes. The first part is at least a quarter of an equal share.

    Each is the first line start past its share of the file after an even
    number of quote characters: outside any quoted field, unless a quote
    stands inside an unquoted field (``5" screen``), which the CSV reader
    takes as a plain character. :func:`ends_cleanly` tells, once the part
    before a cut is read, whether the cut really fell between two records.
    """
    size = path.stat().st_size
    cuts: list[tuple[int, int]] = []
    quotes = lines = done = 0
    with path.open("rb") as fh:
        share = (size + head_start + (parts - 1) * late_start) // parts
        targets = [max(share * k - head_start - (k - 1) * late_start, size // (4 * parts)) for k in range(1, parts)]
        for target in targets:
            if cuts and done >= target:  # the last cut went past this share too
                continue
            while done < target:  # counting in C, a block at a time: memory stays flat
                block = fh.read(min(1 << 24, target - done))
                if not block:
                    return cuts
                quotes, lines, done = quotes + block.count(b'"'), lines + block.count(b"\n"), done + len(block)
            while True:  # on to the end of a line, after an even number of quotes
                line = fh.readline()
                if not line:
                    return cuts
                quotes, lines, done = quotes + line.count(b'"'), lines + line.count(b"\n"), done + len(line)
                if line.endswith(b"\n") and quotes % 2 == 0:
                    break
            if done < size:
                cuts.append((done, lines + 1))
    return cuts


def ends_cleanly(path: Path, layout: Layout, record_offset: int, end: int) -> bool:
    """Whether the last record read before byte ``end`` (it began at
    ``record_offset``) ends there, rather than in a quoted field that goes on."""
    with path.open("rb") as fh:
        fh.seek(record_offset)
        text = fh.read(end - record_offset).decode("utf-8", errors="replace")
    if not text:
        return True
    # a line added after the text is a record of its own unless a quote is still open
    return sum(1 for _ in _reader(iter(io.StringIO(text + "x\n")), layout.delimiter)) == \
        sum(1 for _ in _reader(iter(io.StringIO(text)), layout.delimiter)) + 1


#: Columns matched without regard to case, in both files.
_KNOWN = frozenset({"id", "kind", "name", "label", "aliases", "source", "target", "type", "weight", "since",
                    "until", "channel", "alias"})
