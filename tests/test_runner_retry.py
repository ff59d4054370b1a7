"""The runner runs a module of concurrent transactions again when they deadlock.

The deadlocks are real, on the suite's Neo4j, and happen in every run. The test module
tests/cypher/mark_in_turns runs one concurrent transaction per order; the orders ``s1 a b`` and
``s2 b a`` mark the nodes a and b the other way round, and each transaction takes a write lock on
a gate node between its two marks. The test decides how each attempt interleaves:

* to deadlock, it holds a read lock on the gate (in a transaction it keeps open) until the
  server shows both transactions waiting for it, each having marked its first node; once the gate
  opens, each needs the node the other holds, and Neo4j ends one of them with
  ``Neo.TransientError.Transaction.DeadlockDetected``;
* to succeed, it holds the second transaction's start node s2 instead, until the first
  transaction has committed: the two then run one after the other.

The runner's pause between two attempts is where the test sets up the next attempt's locks.
"""

from __future__ import annotations

import queue
import re
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

import pytest

from netnp import runner as runner_module
from netnp.errors import ModuleError
from netnp.modules import ModuleLibrary, library
from netnp.runner import CONCURRENT_ATTEMPTS, Runner

TEST_MODULES = ModuleLibrary(Path(__file__).parent / "cypher")
IN_TURNS = TEST_MODULES.get("mark_in_turns")
ONE_BY_ONE = TEST_MODULES.get("mark_in_turns_one_by_one")
ORDERS = [["s1", "a", "b"], ["s2", "b", "a"]]
NODES = ["gate", "s1", "s2", "a", "b"]
MARK = 7

DEADLOCK = "deadlock"
ONE_AFTER_THE_OTHER = "one after the other"

#: How long to wait for the server to reach a state before calling the test stuck (not a speed limit:
#: each state is reached in well under a second on an idle machine).
STUCK_AFTER_S = 120.0


@contextmanager
def read_locks(runner: Runner, ids: list[str]) -> Iterator[None]:
    """Hold a read lock on the Turnstile nodes ``ids`` while in the block: the read
    transaction of a stream stays open until the stream is closed."""
    rows = runner.stream(TEST_MODULES.get("hold_turnstile_locks"), ids=ids)
    assert next(rows) == {"locked": len(ids)}
    try:
        yield
    finally:
        rows.close()


def wait_until(condition: Callable[[], bool], what: str, *runs: Future) -> None:
    """Poll the server until ``condition()``; fail at once if a run ended meanwhile."""
    stuck_at = time.monotonic() + STUCK_AFTER_S
    while not condition():
        ended = [run for run in runs if run.done()]
        assert not ended, f"a run ended before {what}: {ended[0].exception() or ended[0].result()}"
        assert time.monotonic() < stuck_at, f"stuck waiting until {what}"
        time.sleep(0.02)


def inner_transactions(runner: Runner) -> dict[str, int]:
    return runner.read(TEST_MODULES.get("inner_transactions"))[0]


def marks(runner: Runner) -> dict[str, int | None]:
    return {row["id"]: row["mark"] for row in runner.read(TEST_MODULES.get("turnstile_marks"))}


def play(runner: Runner, monkeypatch: pytest.MonkeyPatch, plans: list[str]) -> tuple[Future, list[float]]:
    """Run mark_in_turns with ORDERS, its attempts interleaved as ``plans`` say (one plan per
    attempt); returns the finished run and the runner's pauses between attempts."""
    pauses: list[float] = []
    paused: queue.Queue[float] = queue.Queue()
    resume: queue.Queue[None] = queue.Queue()

    def pause(seconds: float) -> None:
        pauses.append(seconds)
        paused.put(seconds)
        resume.get()

    # the runner's own name for the time module: the test's polling keeps the real sleep
    monkeypatch.setattr(runner_module, "time", SimpleNamespace(sleep=pause))
    runner.write(TEST_MODULES.get("create_turnstiles"), ids=NODES)
    with ThreadPoolExecutor(1) as pool:
        run: Future | None = None
        try:
            for attempt, plan in enumerate(plans, start=1):
                if attempt > 1:
                    wait_until(lambda: not paused.empty(), f"the runner paused after attempt {attempt - 1}", run)
                    wait_until(lambda: inner_transactions(runner)["running"] == 0,
                               f"attempt {attempt - 1}'s transactions ended")
                # what a deadlocked attempt's other transaction committed must not pass for this attempt's
                runner.write(TEST_MODULES.get("clear_turnstile_marks"))
                with read_locks(runner, ["gate"] if plan == DEADLOCK else ["s2"]):
                    if run is None:
                        run = pool.submit(runner.write, IN_TURNS, orders=ORDERS, mark=MARK)
                    else:
                        paused.get_nowait()
                        resume.put(None)
                    if plan == DEADLOCK:
                        wait_until(lambda: inner_transactions(runner)["blocked"] == 2,
                                   f"both transactions of attempt {attempt} wait at the gate", run)
                    else:
                        wait_until(lambda: marks(runner)["s1"] == MARK,
                                   f"the first transaction of attempt {attempt} committed", run)
            wait_until(lambda: run.done() or not paused.empty(), "the run ended")
            assert paused.empty(), f"the runner paused to run the module again after attempt {len(plans)}"
        finally:
            for _ in plans:
                resume.put(None)  # never leave the runner paused, whatever went wrong
    return run, pauses


def test_a_module_of_concurrent_transactions_is_run_again_after_a_deadlock(runner, monkeypatch):
    assert IN_TURNS.runs_concurrently
    plans = [DEADLOCK] * (CONCURRENT_ATTEMPTS - 1) + [ONE_AFTER_THE_OTHER]
    run, pauses = play(runner, monkeypatch, plans)
    assert run.result().rows == [{"orders": len(ORDERS)}]
    assert len(pauses) == CONCURRENT_ATTEMPTS - 1
    # what the last attempt wrote, the attempts that deadlocked having been cleared before it
    assert marks(runner) == {"gate": None} | {node: MARK for node in NODES if node != "gate"}


def test_a_module_that_keeps_deadlocking_fails_in_one_line_after_the_allowed_attempts(runner, monkeypatch):
    run, pauses = play(runner, monkeypatch, [DEADLOCK] * CONCURRENT_ATTEMPTS)
    with pytest.raises(ModuleError, match="mark_in_turns") as caught:
        run.result()
    message = str(caught.value)
    assert f"deadlocked in each of {CONCURRENT_ATTEMPTS} runs (Neo.TransientError.Transaction.DeadlockDetected)" in message
    assert "\n" not in message and "Forseti" not in message  # no dump of the server's lock manager
    assert len(pauses) == CONCURRENT_ATTEMPTS - 1
    assert inner_transactions(runner)["running"] == 0


def test_a_module_of_plain_transactions_is_never_run_twice(runner, monkeypatch):
    # only a module of concurrent transactions, which sets and removes alone, is harmless to run
    # again; the runner runs no other again. Two runs of a module whose transactions run one after
    # the other deadlock with each other: the one Neo4j ends is not run again.
    assert ONE_BY_ONE.needs_autocommit and not ONE_BY_ONE.runs_concurrently
    pauses: list[float] = []
    monkeypatch.setattr(runner_module, "time", SimpleNamespace(sleep=pauses.append))
    runner.write(TEST_MODULES.get("create_turnstiles"), ids=NODES)
    with ThreadPoolExecutor(2) as pool:
        with read_locks(runner, ["gate"]):
            runs = [pool.submit(runner.write, ONE_BY_ONE, orders=[order], mark=mark)
                    for mark, order in enumerate(ORDERS, start=1)]
            wait_until(lambda: inner_transactions(runner)["blocked"] == 2, "both runs wait at the gate", *runs)
        wait_until(lambda: all(run.done() for run in runs), "both runs ended")
    failed = [mark for mark, run in enumerate(runs, start=1) if run.exception()]
    assert len(failed) == 1, [run.exception() for run in runs]
    error = runs[failed[0] - 1].exception()
    assert isinstance(error, ModuleError) and "DeadlockDetected" in str(error)
    assert pauses == []
    # the nodes carry the other run's mark, and the failed run's start node none: it ran once, and that was undone
    kept = 3 - failed[0]
    start_of = {mark: order[0] for mark, order in enumerate(ORDERS, start=1)}
    assert marks(runner) == {"gate": None, start_of[failed[0]]: None, start_of[kept]: kept, "a": kept, "b": kept}


def test_every_module_of_concurrent_transactions_only_sets_and_removes():
    """What makes running them again harmless: no CREATE, MERGE or DELETE."""
    modules = library()
    concurrent = [m for m in map(modules.get, modules.names()) if m.runs_concurrently]
    assert concurrent, "no module runs concurrent transactions any more: drop this test and CONCURRENT_ATTEMPTS"
    for module in concurrent:
        body = "\n".join(line for line in module.text.splitlines() if not line.lstrip().startswith("//"))
        assert not re.search(r"\b(CREATE|MERGE|DELETE)\b", body), module.name
