"""The runner runs a module of concurrent transactions again when they deadlock.

Pure plumbing, so a fake driver stands in for Neo4j here: forcing two of a
module's own concurrent transactions to deadlock on a real server is a matter
of timing. The modules themselves run on the real server in test_modules.py.
"""

from __future__ import annotations

import pytest
from neo4j import exceptions as neo4j_errors

from netnp import runner as runner_module
from netnp.config import ConnectionSettings
from netnp.errors import ModuleError
from netnp.modules import library
from netnp.runner import CONCURRENT_ATTEMPTS, Runner


class _Counters:
    def __getattr__(self, name: str) -> int:
        return 0


class _Summary:
    counters = _Counters()


class _Result:
    def __iter__(self):
        return iter([])

    def consume(self) -> _Summary:
        return _Summary()


class _Session:
    def __init__(self, driver: _Driver):
        self.driver = driver

    def __enter__(self) -> _Session:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def run(self, text: str, params: dict) -> _Result:
        self.driver.runs += 1
        if self.driver.runs <= self.driver.deadlocks:
            raise neo4j_errors.TransientError("deadlock detected between two transactions of the module")
        return _Result()


class _Driver:
    def __init__(self, deadlocks: int):
        self.deadlocks, self.runs = deadlocks, 0

    def session(self, **kwargs: object) -> _Session:
        return _Session(self)

    def close(self) -> None:
        pass


def _runner(deadlocks: int, monkeypatch) -> tuple[Runner, _Driver]:
    monkeypatch.setattr(runner_module.time, "sleep", lambda seconds: None)
    runner = Runner(ConnectionSettings("bolt://127.0.0.1:1", "neo4j", "x", None))
    runner._driver = driver = _Driver(deadlocks)
    return runner, driver


def _params(name: str) -> dict:
    return library().get(name).examples


def test_a_module_of_concurrent_transactions_is_run_again_after_a_deadlock(monkeypatch):
    module = library().get("analysis/common/assign_roles")
    assert module.runs_concurrently
    runner, driver = _runner(CONCURRENT_ATTEMPTS - 1, monkeypatch)
    runner.write(module, **_params(module.name))
    assert driver.runs == CONCURRENT_ATTEMPTS


def test_a_module_that_keeps_deadlocking_fails_in_one_line(monkeypatch):
    runner, driver = _runner(CONCURRENT_ATTEMPTS, monkeypatch)
    with pytest.raises(ModuleError, match="analysis/common/assign_roles") as caught:
        runner.write("analysis/common/assign_roles", **_params("analysis/common/assign_roles"))
    assert driver.runs == CONCURRENT_ATTEMPTS and "\n" not in str(caught.value)


def test_a_module_of_plain_transactions_is_never_run_twice(monkeypatch):
    # only a module of concurrent transactions, which sets and removes alone, is
    # harmless to run again; the runner leaves any other to the driver's retries
    module = library().get("db/delete_all_ties")
    assert module.needs_autocommit and not module.runs_concurrently
    runner, driver = _runner(1, monkeypatch)
    with pytest.raises(ModuleError):
        runner.write(module, **_params(module.name))
    assert driver.runs == 1


def test_every_module_of_concurrent_transactions_only_sets_and_removes():
    """What makes running them again harmless: no CREATE, MERGE or DELETE."""
    import re

    modules = library()
    concurrent = [m for m in map(modules.get, modules.names()) if m.runs_concurrently]
    assert concurrent, "no module runs concurrent transactions any more: drop this test and CONCURRENT_ATTEMPTS"
    for module in concurrent:
        body = "\n".join(line for line in module.text.splitlines() if not line.lstrip().startswith("//"))
        assert not re.search(r"\b(CREATE|MERGE|DELETE)\b", body), module.name
