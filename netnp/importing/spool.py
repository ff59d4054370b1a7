"""A temporary file of checked rows, so that an import parses its files once.

The check pass of ``netnp import`` validates every row before anything is
written; it appends the rows it built to a spool, in blocks, and the write pass
reads them back instead of parsing and checking the files again. Memory stays
flat: one block is held at a time. The file is unnamed and deleted on close.

Rows are plain dicts of text, numbers, booleans, None and lists (what
:mod:`netnp.importing.validate` builds), which :mod:`marshal` writes and reads
quickly; the file is only ever read by the process that wrote it.
"""

from __future__ import annotations

import marshal
import struct
import tempfile
from collections.abc import Iterator
from typing import Any

#: Rows per block written to the file.
BLOCK_ROWS = 5_000
#: Each block is its length (8 bytes) then its marshal bytes: read whole, then
#: decoded with ``marshal.loads``; ``marshal.load`` on a file reads it in tiny
#: pieces, eight times slower.
_LENGTH = struct.Struct("<Q")


class Spool:
    """Rows appended one at a time, read back in order, any number of times."""

    def __init__(self) -> None:
        self._file: Any = None  # opened when the first block is full
        self._block: list[Any] = []
        self.rows = 0

    def append(self, row: Any) -> None:
        self._block.append(row)
        self.rows += 1
        if len(self._block) >= BLOCK_ROWS:
            self._flush()

    def _flush(self) -> None:
        if self._block:
            if self._file is None:
                self._file = tempfile.TemporaryFile(prefix="netnp-import-")
            self._file.seek(0, 2)
            data = marshal.dumps(self._block)
            self._file.write(_LENGTH.pack(len(data)))
            self._file.write(data)
            self._block = []

    def __iter__(self) -> Iterator[Any]:
        if self._file is None:  # everything fits in one block
            yield from list(self._block)
            return
        self._flush()
        self._file.flush()
        with open(self._file.fileno(), "rb", closefd=False) as reader:
            reader.seek(0)
            while True:
                head = reader.read(_LENGTH.size)
                if not head:
                    return
                yield from marshal.loads(reader.read(_LENGTH.unpack(head)[0]))

    def close(self) -> None:
        self._block = []
        if self._file is not None:
            self._file.close()
            self._file = None
