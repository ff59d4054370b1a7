"""Checking a large CSV file of ties in several processes at once.

The check pass of an import is Python work: one processor is busy while the
server waits for the rows. A file of ties of at least :data:`MIN_PART_BYTES`
per part is cut (:func:`netnp.importing.csvfile.split_points`) into as many
parts as there are processors, at most :data:`MAX_PARTS`. The importer reads
the first part itself while other processes check the others, each writing
its valid rows to a spool file that the importer's spool then adopts, in
order; what they found (rows read, problems with their lines, endpoints
named) is merged as if one pass had read the file.

A cut is made after an even number of quote characters, which is between two
records unless a quote stood inside an unquoted field. Each part's reader
tells whether its last record really ended at the cut; if one did not, the
other parts' work is dropped and the file is checked again in one pass. Lines
may end with LF, CRLF or a bare CR; a UTF-16 file is checked in one pass,
since there a quote byte may be half of another character.

docs/import-performance.md says what the check in parts gains.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import pickle
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from netnp.errors import InputError
from netnp.importing import csvfile
from netnp.importing.csvfile import Encoding, Layout, Position
from netnp.importing.problems import FieldError, Problem, SourceError
from netnp.importing.spool import Spool
from netnp.importing.validate import edge_row

#: What the importer checks while a part process starts (without the driver,
#: see :mod:`netnp.importing`): the other parts are that much smaller, so that
#: all the parts end together.
START_BYTES = 512 * 1024
#: Smallest part worth a process of its own: what the importer checks while
#: the process starts.
MIN_PART_BYTES = START_BYTES
#: Most parts a file is cut into.
MAX_PARTS = 8


def processes() -> int:
    """How many processes may check one file: ``NETNP_CHECK_PROCESSES``, else the processors."""
    wanted = os.environ.get("NETNP_CHECK_PROCESSES", "").strip()
    if wanted:
        if not wanted.isdigit():
            raise InputError(f"NETNP_CHECK_PROCESSES must be a whole number, not {wanted!r}")
        return max(1, int(wanted))
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


@dataclass
class PartResult:
    """What checking one part found."""

    ties_read: int = 0
    valid: int = 0
    problems: list[Problem] = field(default_factory=list)
    #: Every endpoint the part's valid rows name.
    endpoints: set[str] = field(default_factory=set)
    spool: str | None = None
    spool_rows: int = 0
    #: The part's last record ended at its end (always true for the last part).
    clean_end: bool = True
    #: A problem stopped the reading of the part (a bad byte, unreadable CSV).
    stopped: bool = False


def check_part(path: str, layout: Layout, start: int, end: int | None, first_line: int,
               default_type: str | None, spool_path: str) -> PartResult:
    """Check the rows of one part of a CSV file of ties (in another process)."""
    gc.set_threshold(100_000, *gc.get_threshold()[1:])  # as the importer does, see _rare_collections
    file = Path(path)
    result = PartResult()
    spool = Spool(spool_path)
    position = Position(first_line - 1, start)
    try:
        for line, raw in csvfile.read_part(file, layout, position, end):
            result.ties_read += 1
            try:
                row = edge_row(raw, default_type)
            except FieldError as exc:
                result.problems.append(Problem(file.name, line, exc.field, exc.reason, raw))
                continue
            result.valid += 1
            result.endpoints.add(row["source"])
            result.endpoints.add(row["target"])
            spool.append(row)
    except SourceError as exc:
        result.problems.append(exc.problem)
        result.stopped = True
    if end is not None and not result.stopped:
        result.clean_end = csvfile.ends_cleanly(file, layout, position.record_offset, end)
    result.spool, result.spool_rows = spool.detach(), spool.rows
    return result


class OtherParts:
    """All parts of a CSV file of ties but the first, each checked by a child
    process: a fresh interpreter (not :mod:`multiprocessing`'s, which would run
    the caller's script again there unless it is guarded by ``__main__``).

    ``layout`` is what the file's header says; ``end`` is where the first part,
    the importer's own, ends. Use as a context
    manager: leaving it stops the processes and deletes the files no spool adopted.
    """

    def __init__(self, path: Path, layout: Layout, cuts: list[tuple[int, int]], default_type: str | None):
        self.layout, self.end = layout, cuts[0][0]
        self._files: list[str] = []
        self._parts: list[tuple[subprocess.Popen[bytes], str]] = []
        ends = [offset for offset, _ in cuts[1:]] + [None]
        try:
            for (start, line), end in zip(cuts, ends, strict=True):
                spool, result = self._new_file(), self._new_file()
                task = part_task(path, layout, start, end, line, default_type, spool, result)
                # a part that fails is checked again by the importer's one pass: its
                # process says nothing (no traceback over the progress bar)
                process = subprocess.Popen([sys.executable, "-c", _CHILD, json.dumps(task)],
                                           stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                           stderr=subprocess.DEVNULL)
                self._parts.append((process, result))
        except BaseException:
            self.__exit__(None, None, None)
            raise

    def _new_file(self) -> str:
        handle, name = tempfile.mkstemp(prefix="netnp-import-part-")
        os.close(handle)
        self._files.append(name)
        return name

    @classmethod
    def start(cls, path: Path, required: tuple[str, ...], default_type: str | None,
              head_start: int = 0) -> OtherParts | None:
        """Start checking the other parts of ``path``, or None if it is too small
        to cut, there is one processor, or its header is bad (the one pass says why).

        The importer checks ``head_start`` bytes of other files first (the
        nodes), and the processes start later by :data:`START_BYTES`: the parts
        are cut so that all end together.
        """
        parts = min(processes(), MAX_PARTS, path.stat().st_size // MIN_PART_BYTES)
        if parts < 2:
            return None
        try:
            layout = csvfile.read_layout(path, required, "edges")
        except SourceError:
            return None
        if layout.form.encoding != "utf-8":  # in UTF-16, a quote byte may be half of another character
            return None
        cuts = csvfile.split_points(path, parts, head_start, START_BYTES, layout.form.newline)
        if not cuts:
            return None
        try:
            return cls(path, layout, cuts, default_type)
        except OSError:  # no interpreter to start (an embedded Python): one pass
            return None

    def results(self) -> list[PartResult] | None:
        """The parts' results in file order, or None if a process failed."""
        found = []
        for process, result in self._parts:
            if process.wait() != 0:
                return None
            with open(result, "rb") as fh:
                found.append(pickle.load(fh))
        return found

    def adopted(self, path: str | None) -> None:
        """A spool adopted this part's file: deleting it is the spool's job now."""
        if path in self._files:
            self._files.remove(path)

    def __enter__(self) -> OtherParts:
        return self

    def __exit__(self, *exc_info: object) -> None:
        for process, _ in self._parts:
            if process.poll() is None:
                process.kill()
            process.wait()
        for name in self._files:
            with contextlib.suppress(OSError):
                os.unlink(name)


def part_task(path: Path, layout: Layout, start: int, end: int | None, first_line: int,
              default_type: str | None, spool: str, result: str) -> dict:
    """What a part process is given (as JSON, see :data:`CHILD_IMPORT`): the part of
    ``path`` from byte ``start`` (line ``first_line``) to ``end`` (None: the file's
    end), and the files it writes its checked rows (``spool``) and its
    :class:`PartResult` (``result``) to."""
    form = layout.form
    return {"path": str(path), "delimiter": layout.delimiter, "columns": list(layout.columns),
            "encoding": [form.encoding, form.bom, form.newline], "header_line": layout.header_line,
            "start": start, "end": end, "first_line": first_line, "default_type": default_type,
            "spool": spool, "result": result}


def _main(task: dict) -> None:
    layout = Layout(task["delimiter"], tuple(task["columns"]), Encoding(*task["encoding"]), task["header_line"])
    result = check_part(task["path"], layout, task["start"], task["end"], task["first_line"], task["default_type"],
                        task["spool"])
    with open(task["result"], "wb") as fh:
        pickle.dump(result, fh, protocol=pickle.HIGHEST_PROTOCOL)


#: What a part process imports: only this module and the readers it needs.
CHILD_IMPORT = f"from {__name__} import _main"
_CHILD = f"import json, sys; {CHILD_IMPORT}; _main(json.loads(sys.argv[1]))"
