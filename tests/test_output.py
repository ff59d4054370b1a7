"""Output that survives a pipe: tables print whole, numbers are never wrapped."""

from __future__ import annotations

import json
import os
import subprocess
import sys

ROWS = [
    {"id": f"p:{i}", "name": "Quelqu'un au nom très long, " * 6, "pagerank": 0.0554512345 / (i + 1), "ties": 123456789012 + i}
    for i in range(4)
]
PRINT_ROWS = f"from netnp.output import print_rows; print_rows({json.dumps(ROWS)}, title='hubs')"


def _run(code: str, **env: str) -> str:
    environ = {k: v for k, v in os.environ.items() if k != "COLUMNS"} | env
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=environ, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_a_table_into_a_pipe_prints_one_line_per_row_with_whole_values():
    lines = [line for line in _run(PRINT_ROWS).splitlines() if line.startswith("│")]
    assert len(lines) == len(ROWS)
    for row, line in zip(ROWS, lines, strict=True):
        cells = [cell.strip() for cell in line.strip("│").split("│")]
        assert cells == [row["id"], row["name"].strip(), f"{row['pagerank']:.6g}", str(row["ties"])]


def test_numbers_stay_whole_when_columns_narrow_the_table():
    out = _run(PRINT_ROWS, COLUMNS="60")
    assert max(len(line) for line in out.splitlines()) <= 60
    for row in ROWS:
        # the long names fold over several lines; each number stays on one
        assert f"{row['pagerank']:.6g}" in out
        assert str(row["ties"]) in out
