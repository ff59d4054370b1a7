"""Several netnp commands at once against one database, run as a user runs them (subprocesses).

Overlapping imports, a sample and a crawl started together all succeed,
quietly, and leave the graph that running them one after the other leaves;
an analysis started while an import writes waits for it; the lock of a
process killed while it held it expires; what the driver logs never reaches
the user.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from import_helpers import nodes, overlapping_files, ties
from test_cli import server_env
from testsite import SiteServer, random_site

from netnp import database, locks, samples
from netnp.graphwrite import Provenance, write_graph
from netnp.importing.importer import import_files


def _start(args: list[str], env: dict[str, str], out: Path) -> tuple[subprocess.Popen, Path, Path]:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    full_env.update(env)
    stdout, stderr = out.with_suffix(".out"), out.with_suffix(".err")
    process = subprocess.Popen([sys.executable, "-m", "netnp", *args], env=full_env,
                               stdout=stdout.open("w"), stderr=stderr.open("w"))
    return process, stdout, stderr


def _tie_identities(runner) -> Counter:
    return Counter((row["source"], row["type"], row["target"], row["properties"].get("channel"))
                   for row in runner.read("export/ties"))


def _quiet(stderr: str) -> bool:
    """Whether a command's stderr holds nothing but the lines that say it waits for another."""
    return all(not line.strip() or line.startswith(("Waiting for ", "The import lock of "))
               for line in stderr.splitlines())


def test_overlapping_imports_a_sample_and_a_crawl_at_once_leave_the_graph_of_a_serial_run(runner, tmp_path):
    env = server_env(runner.settings)
    files = overlapping_files(tmp_path)
    with SiteServer() as site:
        random_site(site, pages=30, links_per_page=3, seed=5)
        commands = [["import", "--nodes", str(n), "--edges", str(e)] for n, e in files]
        commands.append(["sample", "karate"])
        commands.append(["crawl", site.url("/"), "--depth", "3", "--delay", "0"])
        started = [_start(args, env, tmp_path / f"run{i}") for i, args in enumerate(commands)]
        for process, _, _ in started:
            process.wait(timeout=600)
        for (process, _, stderr), args in zip(started, commands, strict=True):
            err = stderr.read_text()
            assert process.returncode == 0 and "Traceback" not in err, (args, err)
            assert _quiet(err), (args, err)  # no retry, deadlock or connection message of the driver
        together = (nodes(runner), ties(runner), _tie_identities(runner))
        entity_ids = [row["id"] for row in runner.read("export/nodes")]
        waited = sum("Waiting for " in stderr.read_text() for _, _, stderr in started)
        assert waited >= 1  # they did run at the same time: some waited for the lock

        # the same commands one after the other
        database.reset(runner)
        for i, args in enumerate(commands):
            process, _, stderr = _start(args, env, tmp_path / f"serial{i}")
            assert process.wait(timeout=600) == 0, stderr.read_text()
    serial = (nodes(runner), ties(runner), _tie_identities(runner))
    assert max(together[2].values()) == 1  # no tie twice
    assert len(entity_ids) == len(set(entity_ids)) == len(together[0])  # no entity twice
    assert together == serial


def test_an_analysis_waits_for_the_import_that_holds_the_lock_and_analyses_all_of_it(runner, tmp_path):
    entities, tie_rows = samples.sample_rows("karate")
    tie_rows = list(tie_rows)
    half = len(tie_rows) // 2
    with locks.import_lock(runner, "netnp import karate.csv", notify=None):
        write_graph(runner, entities, tie_rows[:half], Provenance("karate.csv"))
        process, stdout, stderr = _start(["analyze", "all", "--json"], server_env(runner.settings), tmp_path / "a")
        try:
            deadline = time.monotonic() + 300
            while "Waiting for netnp import karate.csv" not in stderr.read_text():
                assert process.poll() is None, stderr.read_text()
                assert time.monotonic() < deadline, "the analysis never said that it waits"
                time.sleep(0.2)
            assert process.poll() is None and runner.read("analysis/runs/last") == [{"last": None, "record": None}]
            write_graph(runner, [], tie_rows[half:], Provenance("karate.csv"))
        except BaseException:
            process.kill()
            raise
    assert process.wait(timeout=600) == 0, stderr.read_text()
    summary = json.loads(stdout.read_text())["summary"]
    assert (summary["nodes"], summary["ties"]) == (len(entities), len(tie_rows))


def test_the_lock_of_a_process_killed_while_it_held_it_is_taken_over(runner, tmp_path):
    s = runner.settings
    doomed = subprocess.run(
        [sys.executable, "-c",
         "import os, signal\n"
         "from netnp import locks\n"
         "from netnp.config import ConnectionSettings\n"
         "from netnp.runner import Runner\n"
         f"runner = Runner(ConnectionSettings({s.uri!r}, {s.user!r}, {s.password!r}, {s.database!r}))\n"
         "with locks.import_lock(runner, 'doomed import'):\n"
         "    os.kill(os.getpid(), signal.SIGKILL)\n"],
        capture_output=True, text=True, timeout=120)
    assert doomed.returncode == -9
    assert runner.read("locks/holder", key=locks.IMPORT_LOCK, expiry_seconds=60)[0]["command"] == "doomed import"
    n = tmp_path / "nodes.csv"
    n.write_text("id,kind\np:a,person\n", encoding="utf-8")
    # on the holder's machine, its pid tells that it is gone: no need to wait for the heartbeat to age
    process, _, stderr = _start(["import", "--nodes", str(n)], server_env(s), tmp_path / "import")
    assert process.wait(timeout=300) == 0, stderr.read_text()
    assert "The import lock of doomed import" in stderr.read_text() and "(it runs no more)" in stderr.read_text()
    assert set(nodes(runner)) == {"p:a"}
    assert runner.read("locks/holder", key=locks.IMPORT_LOCK, expiry_seconds=60) == []


def test_the_lock_of_a_holder_elsewhere_that_stopped_its_heartbeat_expires(runner, tmp_path):
    # as a process on another machine leaves it when that machine stops
    runner.write("locks/acquire", key=locks.IMPORT_LOCK, holder="0123456789abcdef",
                 about={"command": "netnp import far.csv", "pid": 4242, "host": "far", "machine": "far/1"})
    n = tmp_path / "nodes.csv"
    n.write_text("id,kind\np:a,person\n", encoding="utf-8")
    process, _, stderr = _start(["import", "--nodes", str(n)], {**server_env(runner.settings),
                                                                 "NETNP_LOCK_EXPIRY": "3"}, tmp_path / "import")
    assert process.wait(timeout=300) == 0, stderr.read_text()
    err = stderr.read_text()
    assert "Waiting for netnp import far.csv (pid 4242 on far" in err and "(no heartbeat for 3 s)" in err
    assert set(nodes(runner)) == {"p:a"}


def test_a_thread_that_holds_the_lock_takes_it_again_and_another_waits(runner, tmp_path):
    import threading

    n = tmp_path / "nodes.csv"
    n.write_text("id\np:a\n", encoding="utf-8")
    said: list[str] = []
    with locks.import_lock(runner, "outer", notify=None):
        import_files(runner, nodes=n)  # the importer takes the lock again: it goes on at once
        other = threading.Thread(target=lambda: locks.wait_for_imports(runner, notify=said.append))
        other.start()
        other.join(timeout=3)
        assert other.is_alive()  # another thread waits for this one
    other.join(timeout=60)
    assert not other.is_alive() and said == [said[0]] and "Waiting for outer" in said[0]
    assert set(nodes(runner)) == {"p:a"}


def test_what_the_driver_logs_about_retries_and_dropped_connections_never_reaches_stderr():
    driver_messages = (
        "import logging\n"
        "logging.getLogger('neo4j.session').warning('Transaction failed and will be retried in 1.1s "
        "(DeadlockDetected)')\n"
        "logging.getLogger('neo4j.io').error('[#0000]  _: <CONNECTION> error: OSError: connection reset')\n")
    bare = subprocess.run([sys.executable, "-c", driver_messages], capture_output=True, text=True, timeout=60)
    assert "will be retried" in bare.stderr and "<CONNECTION> error" in bare.stderr  # Python prints them
    with_netnp = subprocess.run([sys.executable, "-c", "import netnp.runner\n" + driver_messages],
                                capture_output=True, text=True, timeout=60)
    assert with_netnp.returncode == 0 and with_netnp.stderr == ""
