"""Batches of ties handed to netnp's local server as CSV files in its import directory.

Sent as a query parameter, a batch of 10 000 ties is packed by the Python
driver and unpacked by the server, map by map; netnp's local server runs on
this machine, so the importer can instead write the batch to a file in the
server's import directory and let ``LOAD CSV`` read it
(``import/create_ties_from_file``, ``import/write_ties_from_file``). Each batch
is still one managed transaction, retried as a whole; its file is deleted once
the transaction is over.

Only netnp's own server gets files (its connection settings name the folder),
and only when the server confirms that it reads that folder, reads file URLs,
and reads quotes the standard way (``db.import.csv.legacy_quote_escaping`` is
false: netnp's server configuration says so). Any other server gets the rows
as parameters.
"""

from __future__ import annotations

import csv
import json
import os
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from netnp.runner import Runner

__all__ = ["ImportFolder", "import_folder"]


def import_folder(runner: Runner) -> ImportFolder | None:
    """The folder to hand ``runner``'s server files through, or None to send rows as parameters."""
    folder = getattr(runner.settings, "import_dir", None)
    if not folder or not os.access(folder, os.W_OK):
        return None
    settings = {row["name"]: row["value"] for row in runner.read("import/csv_settings")}
    if (settings.get("dbms.security.allow_csv_import_from_file_urls") != "true"
            or settings.get("db.import.csv.legacy_quote_escaping") != "false"
            or Path(settings.get("server.directories.import") or "/nonexistent").resolve() != Path(folder).resolve()):
        return None
    return ImportFolder(Path(folder))


class ImportFolder:
    """A folder the server reads ``file:///`` URLs from."""

    def __init__(self, path: Path):
        self.path = path

    @contextmanager
    def ties_file(self, rows: Iterable[dict[str, Any]]) -> Iterator[str]:
        """Write tie rows (as :func:`netnp.graphwrite.tie_row` makes them) to a new
        file; yields its URL, and deletes the file afterwards.

        Columns, no header: source, target, type, weight, channel, since, until
        (empty for none), properties (a JSON object, empty for none).
        """
        name = f"netnp-ties-{uuid.uuid4().hex}.csv"
        path = self.path / name
        try:
            with path.open("w", encoding="utf-8", newline="") as fh:
                csv.writer(fh, lineterminator="\n").writerows(
                    (row["source"], row["target"], row["type"], repr(float(row["weight"])), row["channel"],
                     row["since"] or "", row["until"] or "",
                     json.dumps(row["properties"], ensure_ascii=False) if row["properties"] else "")
                    for row in rows)
            yield f"file:///{name}"
        finally:
            path.unlink(missing_ok=True)
