"""Locks that let any number of netnp commands work on one database at once.

Imports, samples and crawls write entities and ties with shortcuts that are
only right when no other netnp process writes them at the same time: into a
graph without entities, an import creates them without a look-up, and it
looks ties up without locking their ends (:mod:`netnp.graphwrite`). So they
take the **import lock** (:func:`import_lock`): an import or a sample for the
whole of its run, a crawl for each batch it records. A process that finds the
lock taken waits, and says so on stderr, until it is free.

An analysis does not take the lock: it waits, saying so, until no process
holds it (:func:`wait_for_imports`), so that it never reads an import half
written.

The lock lives in the graph, as the NetnpMeta node ``lock:import``
(``netnp/cypher/locks/``), so that it works between processes and machines:
to take it is to create that node, which the unique constraint on
``NetnpMeta.key`` lets one process do at a time. Its holder writes a heartbeat every few seconds; a lock whose heartbeat is
older than :data:`EXPIRY_SECONDS` belongs to a process that died without
releasing it (``kill -9``, a machine that stopped), and the next process
that asks takes it over. On the holder's own machine, a holder whose pid runs
no more is found dead at once. docs/model.md, "Several commands at once", tells the
rules for users.
"""

from __future__ import annotations

import contextlib
import os
import socket
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from netnp.errors import NetnpError
from netnp.runner import Runner, ServerRefused

#: The key of the lock that writers of entities and ties take.
IMPORT_LOCK = "lock:import"
#: The key of the lock that an analysis holds while it writes its results (one analysis writes at a time).
ANALYSIS_LOCK = "lock:analysis"
#: Seconds a lock outlives its holder's last heartbeat (``NETNP_LOCK_EXPIRY``):
#: how long a process waits after the holder was killed.
EXPIRY_SECONDS = float(os.environ.get("NETNP_LOCK_EXPIRY", "60"))
#: Seconds between two heartbeats of a holder: several heartbeats may be late
#: (a busy server, a busy machine) before the lock expires.
HEARTBEAT_SECONDS = max(0.2, min(10.0, EXPIRY_SECONDS / 6))
#: Seconds between two looks at a lock that a waiting process cannot take yet.
POLL_SECONDS = 0.5

Notify = Callable[[str], None]


class LockTimeout(NetnpError):
    """A lock stayed taken for longer than the caller would wait."""


class LockLost(NetnpError):
    """The holder's lock expired while it worked, and another process took it."""


def say_on_stderr(text: str) -> None:
    """Print one line on stderr (a progress bar on the terminal, which redirects stderr, draws it above itself)."""
    print(text, file=sys.stderr, flush=True)


@dataclass
class _Held:
    runner: Runner
    key: str
    holder: str
    lost: bool = False


@dataclass
class _Registry:
    """The locks this process holds, and the thread that keeps them alive."""

    held: dict[str, _Held] = field(default_factory=dict)
    guard: threading.Lock = field(default_factory=threading.Lock)
    thread: threading.Thread | None = None
    #: The holder id of each lock held by each thread, so that a thread that
    #: holds a lock may take it again (an import inside a command that holds it).
    local: threading.local = field(default_factory=threading.local)


_registry = _Registry()


def _machine() -> str:
    """This host, and its process namespace: two processes with the same machine see each other's pids
    (two containers may share a host name, never a namespace)."""
    try:
        namespace = str(os.stat("/proc/self/ns/pid").st_ino)
    except OSError:
        namespace = "-"
    return f"{socket.gethostname()}/{namespace}"


def _about(command: str) -> dict[str, Any]:
    return {"command": command, "pid": os.getpid(), "host": socket.gethostname(), "machine": _machine()}


def _gone(row: dict[str, Any]) -> bool:
    """Whether the holder of a lock is a process of this machine that runs no more (killed, crashed)."""
    if row.get("machine") != _machine() or not isinstance(row.get("pid"), int):
        return False
    try:
        os.kill(row["pid"], 0)
    except ProcessLookupError:
        return True
    except OSError:  # it exists, under another user
        return False
    return False


def _holder_text(row: dict[str, Any]) -> str:
    """Who holds a lock, in a user's words: ``netnp import (pid 4242 on asso-server, since 10:02:03)``."""
    since = str(row.get("taken_at") or "")
    clock = since[11:19] if len(since) >= 19 else since
    return f"{row.get('command') or 'another process'} (pid {row.get('pid')} on {row.get('host')}, since {clock} UTC)"


def _name(key: str) -> str:
    """A lock's name for users: ``import lock``, ``analysis lock``."""
    return f"{key.removeprefix('lock:')} lock"


def _database(runner: Runner) -> str:
    s = runner.settings
    return f"{s.uri}|{s.database or ''}"


@contextlib.contextmanager
def import_lock(runner: Runner, command: str, *, notify: Notify | None = say_on_stderr,
                timeout: float | None = None, key: str = IMPORT_LOCK) -> Iterator[None]:
    """Hold the import lock of the database (or the lock ``key``, such as :data:`ANALYSIS_LOCK`) while the block runs.

    Waits while another process (or thread) holds it, telling ``notify`` once
    per holder; takes over a lock whose holder stopped sending heartbeats.
    A thread that holds the lock already goes on at once.

    Parameters
    ----------
    runner : Runner
    command : what this process is doing, shown to the processes that wait
        (``"netnp import"``).
    notify : called with a one-line message when the wait begins; None: silent.
    timeout : seconds to wait at most (None: as long as it takes); then
        :class:`LockTimeout`.

    Raises
    ------
    LockLost
        When the block ends, if the lock expired meanwhile and another process
        took it (this process stalled for longer than :data:`EXPIRY_SECONDS`).
    """
    mine: dict[str, str] = getattr(_registry.local, "holders", None) or {}
    _registry.local.holders = mine
    slot = f"{_database(runner)}|{key}"
    if slot in mine:  # this thread holds it already
        yield
        return
    holder = uuid.uuid4().hex[:16]
    _acquire(runner, key, holder, command, notify, timeout)
    held = _Held(runner, key, holder)
    with _registry.guard:
        _registry.held[holder] = held
        _start_heartbeats()
    mine[slot] = holder
    failed = True
    try:
        yield
        failed = False
    finally:
        del mine[slot]
        with _registry.guard:
            _registry.held.pop(holder, None)
        with contextlib.suppress(NetnpError):  # a server that went away: the lock expires by itself
            runner.write("locks/release", key=key, holder=holder)
    if held.lost and not failed:
        raise LockLost(f"another process took over the {_name(key)} while {command} was writing (this process "
                       f"stopped sending heartbeats for over {EXPIRY_SECONDS:.0f} s); run the same command again "
                       "to be sure that everything is written")


def _acquire(runner: Runner, key: str, holder: str, command: str, notify: Notify | None,
             timeout: float | None) -> None:
    began = time.monotonic()
    told: set[str] = set()
    while True:
        try:
            runner.write("locks/acquire", key=key, holder=holder, about=_about(command))
            return
        except ServerRefused as exc:
            if not exc.code.endswith("Schema.ConstraintValidationFailed"):
                raise
        # taken: look, without writing, until it is released or its holder is found dead
        while True:
            live = runner.read("locks/holder", key=key, expiry_seconds=EXPIRY_SECONDS)
            if not live:
                break
            row = live[0]
            gone = _gone(row)
            if row["stale"] or gone:
                if runner.write("locks/expire", key=key, holder=row["holder"], expiry_seconds=EXPIRY_SECONDS,
                                dead=gone).rows[0]["expired"] and notify:
                    why = "it runs no more" if gone else f"no heartbeat for {EXPIRY_SECONDS:.0f} s"
                    notify(f"The {_name(key)} of {_holder_text(row)} expired: that process stopped without "
                           f"releasing it ({why}). Going on.")
                break
            if row["holder"] not in told:
                told.add(row["holder"])
                if notify:
                    notify(f"Waiting for {_holder_text(row)} to finish writing to the graph…")
            if timeout is not None and time.monotonic() - began > timeout:
                raise LockTimeout(f"the {_name(key)} is still held by {_holder_text(row)} after {timeout:.0f} s")
            time.sleep(POLL_SECONDS)


def wait_for_imports(runner: Runner, *, notify: Notify | None = say_on_stderr, timeout: float | None = None) -> None:
    """Return once no other process holds the import lock: what an analysis calls before it reads the graph.

    Tells ``notify`` once per holder it waits for; a holder found dead (no
    heartbeat for :data:`EXPIRY_SECONDS`) is not waited for. A thread that
    holds the lock itself does not wait.
    """
    mine: dict[str, str] = getattr(_registry.local, "holders", None) or {}
    if f"{_database(runner)}|{IMPORT_LOCK}" in mine:
        return
    began = time.monotonic()
    told: set[str] = set()
    while True:
        live = runner.read("locks/holder", key=IMPORT_LOCK, expiry_seconds=EXPIRY_SECONDS)
        if not live or live[0]["stale"] or _gone(live[0]):
            return
        row = live[0]
        if row["holder"] not in told:
            told.add(row["holder"])
            if notify:
                notify(f"Waiting for {_holder_text(row)} to finish writing to the graph before analysing it…")
        if timeout is not None and time.monotonic() - began > timeout:
            raise LockTimeout(f"the import lock is still held by {_holder_text(row)} after {timeout:.0f} s")
        time.sleep(POLL_SECONDS)


def _start_heartbeats() -> None:
    """Start the thread that keeps this process's locks alive, if it is not running (under the guard)."""
    if _registry.thread is not None and _registry.thread.is_alive():
        return
    _registry.thread = threading.Thread(target=_beat, name="netnp-lock-heartbeat", daemon=True)
    _registry.thread.start()


def _beat() -> None:
    while True:
        time.sleep(HEARTBEAT_SECONDS)
        with _registry.guard:
            held = list(_registry.held.values())
            if not held:
                _registry.thread = None
                return
        for lock in held:
            try:
                alive = lock.runner.write("locks/heartbeat", key=lock.key, holder=lock.holder).rows[0]["held"]
            except Exception:  # the server is down or busy: the holder's own work will tell
                continue
            if not alive and lock.holder in _registry.held:
                lock.lost = True


__all__ = ["ANALYSIS_LOCK", "EXPIRY_SECONDS", "IMPORT_LOCK", "LockLost", "LockTimeout", "import_lock", "say_on_stderr",
           "wait_for_imports"]
