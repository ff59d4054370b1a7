"""Printing results: rich tables for people, JSON for other tools.

On a terminal, tables fit its width. Into a pipe or a file, nothing is wrapped:
a table prints whole, one row per line, so that ``grep`` and ``cut`` see
whole values (``COLUMNS`` still sets a width when given).
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import sys
from collections.abc import Iterable, Mapping
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

#: The width of output that goes to a pipe or a file: wide enough for any row.
UNWRAPPED_WIDTH = 100_000


def _console(stderr: bool = False) -> Console:
    stream = sys.stderr if stderr else sys.stdout
    if os.environ.get("COLUMNS") or (hasattr(stream, "isatty") and stream.isatty()):
        return Console(stderr=stderr)
    return Console(stderr=stderr, width=UNWRAPPED_WIDTH, soft_wrap=True)


console = _console()
err_console = _console(stderr=True)


def _jsonable(value: Any) -> Any:
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_jsonable(v) for v in value]
    if hasattr(value, "iso_format"):  # neo4j.time types
        return value.iso_format()
    if isinstance(value, (_dt.date, _dt.datetime, _dt.time)):
        return value.isoformat()
    return str(value)


def print_json(data: Any) -> None:
    """Plain JSON on stdout, no colours, for pipes and other tools."""
    sys.stdout.write(json.dumps(_jsonable(data), indent=2, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def print_rows(rows: list[dict[str, Any]], title: str | None = None) -> None:
    if not rows:
        console.print("(no rows)")
        return
    table = Table(title=title)
    columns = list(dict.fromkeys(k for row in rows for k in row))
    for col in columns:
        numeric = all(isinstance(row.get(col), (int, float)) or row.get(col) is None for row in rows)
        table.add_column(col, overflow="fold", no_wrap=numeric, justify="right" if numeric else "left")
    for row in rows:
        table.add_row(*(_cell(row.get(c)) for c in columns))
    console.print(table)


def print_pairs(pairs: Iterable[tuple[str, Any]], title: str | None = None) -> None:
    table = Table(title=title, show_header=False)
    table.add_column(style="bold")
    table.add_column(overflow="fold")
    for key, value in pairs:
        cell = _cell(value)
        if isinstance(value, (int, float)):
            cell.no_wrap = True
        table.add_row(key, cell)
    console.print(table)


def _cell(value: Any) -> Text:
    """A table cell shown as plain text: data never counts as rich markup."""
    if value is None:
        return Text("—")
    if isinstance(value, float):
        return Text(f"{value:.6g}")
    if isinstance(value, (dict, list)):
        return Text(json.dumps(_jsonable(value), ensure_ascii=False))
    return Text(str(_jsonable(value)))
