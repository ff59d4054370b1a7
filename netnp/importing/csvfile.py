"""Reading CSV files, streamed row by row.

What spreadsheets and other tools write is read as it is: UTF-8 with or
without a BOM, UTF-16 (little or big endian, with a BOM, or without one when
the header shows the zero bytes of ASCII text), lines ended by LF, CRLF or a
bare CR (old Mac, Excel for Mac), `,` `;` or tab as delimiter (guessed from
the header, or named by Excel's ``sep=;`` first line), quoted fields (with
delimiters, quotes and line breaks inside).
"""

from __future__ import annotations

import codecs
import csv
import functools
import io
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from netnp.importing.limits import MAX_ATTRIBUTES, MAX_FIELD_CHARS, MAX_ROW_BYTES
from netnp.importing.problems import Problem, SourceError
from netnp.importing.xmlgraph import BAD_VALUE

DELIMITERS = (",", ";", "\t")
# the CSV reader stops at the first field longer than this (it counts characters)
csv.field_size_limit(MAX_FIELD_CHARS)

#: Byte order marks, longest first (a UTF-32 LE mark begins like a UTF-16 LE one).
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8"),
         (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
#: Excel's first line naming the delimiter (``sep=;``); when Excel itself saves
#: it from a cell, it may be quoted and followed by empty cells.
_SEP_LINE = re.compile(r'"?sep=([^"\r\n])"?\1*')
_BLOCK = 1 << 20


@dataclass(frozen=True)
class Encoding:
    """How a CSV file is written: its text ``encoding``, the length of its byte
    order mark, and the character that ends its lines: LF (in LF and CRLF
    files) or CR (a bare CR); empty for UTF-16 files, split on any of them."""

    encoding: str = "utf-8"
    bom: int = 0
    newline: str = "\n"


def sniff_encoding(path: Path) -> Encoding:
    """The :class:`Encoding` of a CSV file, from its byte order mark and its first line break."""
    with path.open("rb") as fh:
        head = fh.read(4)
        for mark, name in _BOMS:
            if head.startswith(mark):
                if name == "utf-32":
                    raise SourceError(Problem(path.name, 1, None,
                                              "UTF-32 text is not read; save the file as 'CSV UTF-8'"))
                encoding, bom = name, len(mark)
                break
        else:
            bom = 0
            # ASCII text (a header) in UTF-16 has a zero byte in every other place
            if len(head) == 4 and head[1] == head[3] == 0 and head[0] and head[2]:
                encoding = "utf-16-le"
            elif len(head) == 4 and head[0] == head[2] == 0 and head[1] and head[3]:
                encoding = "utf-16-be"
            else:
                encoding = "utf-8"
        if encoding != "utf-8":
            return Encoding(encoding, bom, "")
        fh.seek(0)
        while block := fh.read(64 * 1024):
            cr, lf = block.find(b"\r"), block.find(b"\n")
            if cr < 0 and lf < 0:
                continue
            if cr < 0 or 0 <= lf < cr:
                break  # LF
            after = block[cr + 1:cr + 2] or fh.read(1)
            if after != b"\n":
                return Encoding(encoding, bom, "\r")
            break  # CRLF
    return Encoding(encoding, bom, "\n")


class Position:
    """Where a reader is in its file: the last line read (1-based) and the
    offset of the byte after it; the offset where the last record read began;
    the last line read that holds a NUL character (0: none); the offset and
    line where the record being read began."""

    __slots__ = ("line", "offset", "record_offset", "nul_line", "record_start", "record_line")

    def __init__(self, line: int = 0, offset: int = 0):
        self.line, self.offset, self.record_offset = line, offset, offset
        self.nul_line = 0
        self.record_start, self.record_line = offset, line + 1

    def check_record(self, path: Path) -> None:
        """Refuse the file if the record being read takes more than :data:`MAX_ROW_BYTES` bytes."""
        if self.offset - self.record_start > MAX_ROW_BYTES:
            raise SourceError(Problem(path.name, self.record_line, None,
                                      f"a record (row) takes more than {MAX_ROW_BYTES:,} bytes of the file; "
                                      "see the limits in docs/model.md"))


def _cr_lines(fh: BinaryIO) -> Iterator[bytes]:
    """The lines of a file whose lines end with a bare CR, each with its CR; a
    line longer than :data:`MAX_ROW_BYTES` comes in pieces of about that size."""
    rest = b""
    while block := fh.read(_BLOCK):
        lines = (rest + block).split(b"\r")
        rest = lines.pop()
        if len(rest) > MAX_ROW_BYTES:
            lines.append(rest)
            rest = b""
        for line in lines:
            yield line + b"\r"
    if rest:
        yield rest


def _decoded_lines(path: Path, at: Position, end: int | None, form: Encoding,
                   ended: list[bool] | None = None) -> Iterator[str]:
    """The lines of ``path`` from byte ``at.offset`` up to byte ``end`` (a line
    start), decoded; with ``ended``, then :data:`_END_LINE` when the file ends,
    and ``ended`` becomes true."""
    lines = _utf8_lines(path, at, end, form) if form.encoding == "utf-8" else _utf16_lines(path, at, end, form)
    if ended is None or end is not None:
        return lines
    return itertools.chain(lines, _end_line(ended))


def _end_line(ended: list[bool]) -> Iterator[str]:
    ended.append(True)
    yield _END_LINE


def _utf8_lines(path: Path, at: Position, end: int | None, form: Encoding) -> Iterator[str]:
    with path.open("rb") as fh:
        if at.offset:
            fh.seek(at.offset)
        # a line longer than a record may be comes in pieces: the first is refused
        raws = iter(functools.partial(fh.readline, MAX_ROW_BYTES + 1), b"") if form.newline == "\n" else _cr_lines(fh)
        for raw in raws:
            if end is not None and at.offset >= end:
                return
            at.line += 1
            at.offset += len(raw)
            if at.offset - at.record_start > MAX_ROW_BYTES:
                at.check_record(path)
            if at.offset == len(raw) and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            if b"\x00" in raw:
                at.nul_line = at.line
            try:
                yield raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise SourceError(Problem(
                    path.name, at.line, None,
                    f"not UTF-8 (byte {raw[exc.start]:#04x} at column {exc.start + 1}); "
                    "save the file as 'CSV UTF-8' in your spreadsheet")) from None


def _utf16_lines(path: Path, at: Position, end: int | None, form: Encoding) -> Iterator[str]:
    """The lines of a UTF-16 file, ended by LF, CRLF or CR; ``at.offset`` counts bytes."""
    at.offset = max(at.offset, form.bom)
    with path.open("rb") as fh:
        fh.seek(at.offset)
        # a lone surrogate is let through, to be reported on its own line (the
        # decoder works a block of many lines at a time)
        text = io.TextIOWrapper(fh, encoding=form.encoding, errors="surrogatepass", newline="")
        while end is None or at.offset < end:
            try:
                # a line longer than a record may be comes in pieces: the first is refused
                line = text.readline(MAX_ROW_BYTES)
            except UnicodeDecodeError:  # an odd number of bytes: the file was cut
                line = None
            if line == "":
                return
            at.line += 1
            if line is None or _SURROGATE.search(line):
                raise SourceError(Problem(path.name, at.line, None,
                                          "not UTF-16 text, though the file begins as UTF-16; "
                                          "save the file as 'CSV UTF-8'"))
            at.offset += len(line.encode(form.encoding, "surrogatepass"))
            at.check_record(path)
            if "\x00" in line:
                at.nul_line = at.line
            yield line


_SURROGATE = re.compile("[\ud800-\udfff]")


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
    """What the start of a CSV file says: its delimiter, the key of each
    column in the rows (known columns in lower case, others as written), how
    its text is written, and the line of its header (2 after ``sep=;``)."""

    delimiter: str
    columns: tuple[str, ...]
    form: Encoding = Encoding()
    header_line: int = 1


def _reader(lines: Iterator[str], delimiter: str) -> Iterator[list[str]]:
    return csv.reader(lines, delimiter=delimiter, quotechar='"', doublequote=True, strict=False)


#: A line put after the last line of a file. Python's CSV reader ends a quoted
#: field left open at the end of the file without a word: with this line, the
#: record that ends the file tells whether it was closed (it is this line alone).
_END_LINE = "\x00netnp: end of the file\x00\n"
_END_RECORD = [_END_LINE.rstrip("\n")]


def _open(path: Path, required: tuple[str, ...], what: str, at: Position, end: int | None,
          ) -> tuple[Layout, Iterator[list[str]], list[bool]]:
    """Read and check the header of a CSV file; its :class:`Layout`, a reader
    of the records after it, and whether the reader has reached the end of the file."""
    form = sniff_encoding(path)
    ended: list[bool] = []
    lines = _decoded_lines(path, at, end, form, ended)
    first = next(lines, None)
    if first is None or ended:
        raise SourceError(Problem(path.name, 1, None, f"the {what} file is empty; it needs a header line"))
    named = _SEP_LINE.fullmatch(first.rstrip("\r\n"))
    if named:
        delimiter = named.group(1)
        first = next(lines, None)
        if first is None or ended:
            raise SourceError(Problem(path.name, 2, None, f"the {what} file has no header line after its 'sep=' line"))
    else:
        delimiter = sniff_delimiter(first)
    header_line = at.line

    def all_lines() -> Iterator[str]:
        yield first
        yield from lines

    reader = _reader(all_lines(), delimiter)
    try:
        header = [h.strip() for h in next(reader)]
    except csv.Error as exc:
        raise SourceError(_unreadable(path, exc, header_line, at.line)) from None
    if ended:
        raise SourceError(_never_closed(path, header_line))
    if len(header) > MAX_ATTRIBUTES:
        raise SourceError(_too_many_cells(path, header_line, "header"))
    if at.nul_line:
        raise SourceError(Problem(path.name, at.nul_line, None, f"a NUL character in the header of the {what} file; "
                                  "is it a CSV file? (a NUL is the zero byte of binary files)"))
    lowered = [h.lower() for h in header]
    columns = [h.lower() if h.lower() in required or h.lower() in _KNOWN else h for h in header]
    for name in required:
        if name not in lowered:
            raise SourceError(Problem(path.name, header_line, name,
                                      f"missing column '{name}' in the header of the {what} file "
                                      f"(columns: {', '.join(header)}; delimiter {delimiter!r})"))
    seen: set[str] = set()
    for name in columns:
        if not name:
            continue
        if name in seen:
            raise SourceError(Problem(path.name, header_line, name, f"column '{name}' appears twice in the header"))
        seen.add(name)
    return Layout(delimiter, tuple(columns), form, header_line), reader, ended


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
    layout, reader, ended = _open(path, required, what, at, end)
    yield from _rows(path, reader, layout.columns, at, ended)


def read_part(path: Path, layout: Layout, at: Position, end: int | None) -> Iterator[tuple[int, dict[str, str]]]:
    """The rows of the part of a CSV file that begins where ``at`` is (the start
    of a line, and of a record) and ends at byte ``end``, as :func:`read_rows`
    gives them; ``at`` follows the reader."""
    ended: list[bool] = []
    lines = _decoded_lines(path, at, end, layout.form, ended)
    yield from _rows(path, _reader(lines, layout.delimiter), layout.columns, at, ended)


def _rows(path: Path, reader: Iterator[list[str]], columns: tuple[str, ...], at: Position, ended: list[bool],
          ) -> Iterator[tuple[int, dict[str, str]]]:
    width = len(columns)
    named = [(i, name) for i, name in enumerate(columns) if name]
    every_column_named = len(named) == width
    while True:
        start, offset = at.line + 1, at.offset
        at.record_start, at.record_line = offset, start
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise SourceError(_unreadable(path, exc, start, at.line)) from None
        if ended:  # the record that holds the line put after the file's last line
            if cells == _END_RECORD:
                return
            raise SourceError(_never_closed(path, start))
        at.record_offset = offset
        if not cells or (len(cells) == 1 and not cells[0].strip()):
            continue
        if len(cells) > MAX_ATTRIBUTES:
            raise SourceError(_too_many_cells(path, start, "row"))
        if at.nul_line >= start:
            yield start, _with_nul(cells, columns)
            continue
        if every_column_named and len(cells) == width:
            yield start, dict(zip(columns, cells, strict=True))
            continue
        row = {name: (cells[i] if i < len(cells) else "") for i, name in named}
        if len(cells) > width:
            row[None] = cells[width:]  # type: ignore[index]
        yield start, row


class _NulCell:
    """A cell holding a NUL character; the validator reports it on its row (:data:`~netnp.importing.xmlgraph.BAD_VALUE`)."""

    def __init__(self, column: str, at: int):
        self.attr = column
        self.reason = (f"{column} holds a NUL character (at character {at + 1}): the zero byte of binary "
                       "files, never text; Neo4j refuses it in names, and netnp in any CSV cell")


def _with_nul(cells: list[str], columns: tuple[str, ...]) -> dict[Any, Any]:
    """The row of a record some cell of which holds a NUL, marked as bad at the first such cell."""
    index = next(i for i, cell in enumerate(cells) if "\x00" in cell)
    column = (columns[index] if index < len(columns) else "") or "-"
    row: dict[Any, Any] = {name: (cells[i] if i < len(cells) else "") for i, name in enumerate(columns) if name}
    row[BAD_VALUE] = _NulCell(column, cells[index].index("\x00"))
    return row


def _too_many_cells(path: Path, line: int, what: str) -> Problem:
    return Problem(path.name, line, None, f"the {what} has more than {MAX_ATTRIBUTES:,} cells (columns); "
                                          "see the limits in docs/model.md")


def _never_closed(path: Path, line: int) -> Problem:
    return Problem(path.name, line, None, "a quoted field begins on this line and is never closed (a missing quote)")


def _unreadable(path: Path, error: csv.Error, start: int, line: int) -> Problem:
    """What the CSV reader could not read, in a user's words: the record began
    on line ``start``, the reader stopped on line ``line``."""
    text = str(error)
    if "new-line character" in text:
        return Problem(path.name, line, None, "a line break (CR or LF) inside a field that is not quoted; "
                                              "quote the field, or save the file with one kind of line ending")
    if "end of data" in text:
        return _never_closed(path, start)
    if "field limit" in text:
        return Problem(path.name, start, None, f"a cell longer than {MAX_FIELD_CHARS:,} characters "
                                               f"(in the record that begins on this line); see the limits in docs/model.md")
    return Problem(path.name, line, None, f"cannot read the CSV: {text}")


def split_points(path: Path, parts: int, head_start: int = 0, late_start: int = 0,
                 newline: str = "\n") -> list[tuple[int, int]]:
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
    Lines end with ``newline`` (see :class:`Encoding`); the file is UTF-8,
    where a quote byte is always a quote character.
    """
    size = path.stat().st_size
    cuts: list[tuple[int, int]] = []
    quotes = lines = done = 0
    nl = newline.encode("ascii")
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
                quotes, lines, done = quotes + block.count(b'"'), lines + block.count(nl), done + len(block)
            while True:  # on to the end of a line, after an even number of quotes
                line = _read_line(fh, nl)
                if not line:
                    return cuts
                quotes, lines, done = quotes + line.count(b'"'), lines + line.count(nl), done + len(line)
                if line.endswith(nl) and quotes % 2 == 0:
                    break
            if done < size:
                cuts.append((done, lines + 1))
    return cuts


def _read_line(fh: BinaryIO, nl: bytes) -> bytes:
    """The bytes from where ``fh`` is to the end of the line (ended by ``nl``), with it."""
    if nl == b"\n":
        return fh.readline()
    line = bytearray()
    while chunk := fh.read(8192):
        at = chunk.find(nl)
        if at >= 0:
            fh.seek(at + 1 - len(chunk), io.SEEK_CUR)
            return bytes(line + chunk[:at + 1])
        line += chunk
    return bytes(line)


def ends_cleanly(path: Path, layout: Layout, record_offset: int, end: int) -> bool:
    """Whether the last record read before byte ``end`` (it began at
    ``record_offset``) ends there, rather than in a quoted field that goes on."""
    with path.open("rb") as fh:
        fh.seek(record_offset)
        text = fh.read(end - record_offset).decode(layout.form.encoding, errors="replace")
    if not text:
        return True

    def records(text: str) -> int:  # lines split as the file's reader splits them
        return sum(1 for _ in _reader(iter(io.StringIO(text, newline="")), layout.delimiter))

    # a line added after the text is a record of its own unless a quote is still open
    try:
        return records(text + "x" + (layout.form.newline or "\n")) == records(text) + 1
    except csv.Error:  # the one pass names the line
        return False


#: Columns matched without regard to case, in both files.
_KNOWN = frozenset({"id", "kind", "name", "label", "aliases", "source", "target", "type", "weight", "since",
                    "until", "channel", "alias", "directed"})
