"""Reading CSV files: UTF-8 with or without a BOM, `,` `;` or tab as delimiter,
quoted fields (with delimiters, quotes and newlines inside), streamed row by row."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from netnp.importing.problems import Problem, SourceError

DELIMITERS = (",", ";", "\t")
csv.field_size_limit(64 * 1024 * 1024)


def _decoded_lines(path: Path, counter: list[int]) -> Iterator[str]:
    with path.open("rb") as fh:
        for number, raw in enumerate(fh, 1):
            counter[0] = number
            if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            try:
                yield raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise SourceError(Problem(
                    path.name, number, None,
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


def read_rows(path: Path, required: tuple[str, ...], what: str) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of a CSV file as ``(line, {column: value})``; known columns keyed in lower case.

    ``required`` columns (lower case) must be in the header, else a
    :class:`SourceError` names the first missing one. Blank lines are skipped;
    a row with more fields than the header is a problem (yielded as a dict with
    the key ``None`` holding the extra cells, as :class:`csv.DictReader` does).
    """
    counter = [0]
    lines = _decoded_lines(path, counter)
    try:
        first = next(lines)
    except StopIteration:
        raise SourceError(Problem(path.name, 1, None, f"the {what} file is empty; it needs a header line")) from None
    delimiter = sniff_delimiter(first)

    def all_lines() -> Iterator[str]:
        yield first
        yield from lines

    reader = csv.reader(all_lines(), delimiter=delimiter, quotechar='"', doublequote=True, strict=False)
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
    width = len(columns)
    named = [(i, name) for i, name in enumerate(columns) if name]
    every_column_named = len(named) == width
    while True:
        start = counter[0] + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise SourceError(Problem(path.name, counter[0], None, f"cannot read the CSV: {exc}")) from None
        if not cells or (len(cells) == 1 and not cells[0].strip()):
            continue
        if every_column_named and len(cells) == width:
            yield start, dict(zip(columns, cells))
            continue
        row = {name: (cells[i] if i < len(cells) else "") for i, name in named}
        if len(cells) > width:
            row[None] = cells[width:]  # type: ignore[index]
        yield start, row


#: Columns matched without regard to case, in both files.
_KNOWN = frozenset({"id", "kind", "name", "label", "aliases", "source", "target", "type", "weight", "since",
                    "until", "channel", "alias"})
