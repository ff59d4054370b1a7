"""A temporary file of checked rows, so that an import parses its files once.

The check pass of ``netnp import`` validates every row before anything is
written; it appends the rows it built to a spool, in blocks, and the write pass
reads them back instead of parsing and checking the files again. Memory stays
flat: one block is held at a time. The file is unnamed and deleted on close;
the named files of the processes that check parts of a large file
(:mod:`netnp.importing.parallel`) are adopted, read after it, and deleted too.

Rows are plain dicts of text, numbers, booleans, None and lists (what
:mod:`netnp.importing.validate` builds), which :mod:`marshal` writes and reads
quickly; a file is only read by the process that wrote it or by the importer
that started it, with the same Python (``sys.executable``).
"""

from __future__ import annotations

import contextlib
import marshal
import os
import struct
import tempfile
from collections.abc import Iterator
from typing import Any

#: Rows per block written to the file.
BLOCK_ROWS = 5_000
#: Each block is its length (8 bytes) then its marshal bytes: read whole, then
#: decoded with ``marshal.loads``; ``marshal.load`` on a file reads it in tiny
#: pieces, far more slowly.
_LENGTH = struct.Struct("<Q")


class Spool:
    """Rows appended one at a time, read back in order, any number of times.

    With ``path``, the blocks go to that file, which :meth:`detach` leaves in
    place for another process's spool to :meth:`adopt`.
    """

    def __init__(self, path: str | None = None) -> None:
        self._path = path
        self._file: Any = None  # opened when the first block is full
        self._block: list[Any] = []
        self._adopted: list[tuple[Any, str]] = []  # (open file, path)
        self.rows = 0

    def append(self, row: Any) -> None:
        assert not self._adopted, "rows are appended before other spools are adopted"
        self._block.append(row)
        self.rows += 1
        if len(self._block) >= BLOCK_ROWS:
            self._flush()

    def _flush(self) -> None:
        if self._block:
            if self._file is None:
                self._file = (open(self._path, "w+b") if self._path
                              else tempfile.TemporaryFile(prefix="netnp-import-"))
            self._file.seek(0, 2)
            data = marshal.dumps(self._block)
            self._file.write(_LENGTH.pack(len(data)))
            self._file.write(data)
            self._block = []

    def __iter__(self) -> Iterator[Any]:
        if self._file is None:  # everything fits in one block
            yield from list(self._block)
        else:
            self._flush()
            self._file.flush()
            with open(self._file.fileno(), "rb", closefd=False) as reader:
                yield from _blocks(reader)
        for reader, _ in self._adopted:
            yield from _blocks(reader)

    def detach(self) -> str | None:
        """Write out the last block and close the file, leaving it for :meth:`adopt`;
        its path, or None if no row was appended."""
        if not self.rows:
            return None
        self._flush()
        self._file.close()
        self._file = None
        return self._path

    def adopt(self, path: str, rows: int) -> None:
        """Read the rows of another spool's detached file after this one's.

        The file is opened and deleted at once (where the system allows it,
        an open file stays readable), so that nothing is left behind even if
        the import is killed; else it is deleted on close.
        """
        self._flush()
        reader = open(path, "rb")
        with contextlib.suppress(OSError):
            os.unlink(path)
        self._adopted.append((reader, path))
        self.rows += rows

    def close(self) -> None:
        self._block = []
        if self._file is not None:
            self._file.close()
            self._file = None
        for reader, path in self._adopted:
            reader.close()
            with contextlib.suppress(OSError):
                os.unlink(path)
        self._adopted = []


def _blocks(reader: Any) -> Iterator[Any]:
    reader.seek(0)
    while True:
        head = reader.read(_LENGTH.size)
        if not head:
            return
        yield from marshal.loads(reader.read(_LENGTH.unpack(head)[0]))
