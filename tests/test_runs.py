"""Kept runs: labels, listing, finding, deleting, reading any run back, snapshots, and runs that stop half-way.

An analysis run is either complete and recorded, or not visible: a run
killed (kill -9) while it writes leaves the previous run's results readable,
exactly, and the next run deletes what it left behind.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import networkx as nx
import pytest
from analysis_helpers import load_networkx, node_id
from test_cli import assert_one_line_error, server_env

import netnp.analysis.engine as engine
from netnp.analysis import results, run_analysis
from netnp.analysis.read import NoAnalysis
from netnp.analysis.roles import node_measures, pick_roles
from netnp.analysis.runs import IncompleteRun, delete_run, find_run, list_runs, windows
from netnp.errors import InputError
from netnp.graphwrite import Provenance, entity_row, tie_row, write_graph
from netnp.modules import ModuleLibrary
from netnp.report.data import report_document

TEST_MODULES = ModuleLibrary(Path(__file__).parent / "cypher")
#: How long the kill test holds the tie locks: the killed run must reach its tie writes within it.
HOLD_MS = 120_000


def netnp(*args: str, env: dict[str, str], timeout: float = 600) -> subprocess.CompletedProcess:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    full_env.update(env)
    return subprocess.run([sys.executable, "-m", "netnp", *args], env=full_env, capture_output=True, text=True,
                          timeout=timeout)


def chunk_total(runner) -> int:
    rows = runner.read("analysis/runs/list")
    return sum(row["chunks"] for record in rows
               for row in runner.read("analysis/runs/chunk_counts", run=record["record"]["id"]))


def grow(runner, graph: nx.Graph, ties: list[tuple[int, int]]) -> None:
    """Add ties to the loaded graph (and to ``graph``), so that the next run's measures differ."""
    graph.add_edges_from(ties)
    write_graph(runner, [], [tie_row(node_id(a), node_id(b), "KNOWS") for a, b in ties], Provenance("grow"))


def test_runs_are_kept_found_by_label_or_id_and_read_back_exactly(runner):
    karate = nx.karate_club_graph()
    load_networkx(runner, karate, "karate")
    first = run_analysis(runner, "all", label="before")
    before = results(runner)
    grow(runner, karate, [(0, 33), (16, 25), (9, 26)])
    second = run_analysis(runner, "all", label="after")
    after = results(runner)
    # the second run saw the added ties: its degrees are networkx's on the grown graph, the first's on the old one
    assert {row["id"]: row["degree"] for row in after["nodes"]} == {node_id(v): d for v, d in karate.degree}
    assert before["nodes"] != after["nodes"]

    assert [r["id"] for r in list_runs(runner)] == [second.run_id, first.run_id]
    assert find_run(runner, "before")["id"] == first.run_id == find_run(runner, first.run_id)["id"]
    assert results(runner, run="before") == before
    assert results(runner, run=first.run_id) == before
    assert results(runner, run="after") == after == results(runner)
    with pytest.raises(InputError, match=r"run 'befor': .*did you mean 'before'"):
        find_run(runner, "befor")
    with pytest.raises(InputError, match="did you mean"):
        results(runner, run="aftr")

    # a label used twice is refused before anything is computed or written
    chunks = chunk_total(runner)
    with pytest.raises(InputError, match="'before' is already the label of run"):
        run_analysis(runner, "all", label="before")
    assert len(list_runs(runner)) == 2 and chunk_total(runner) == chunks
    with pytest.raises(InputError, match="letters, digits"):
        run_analysis(runner, "all", label="two words")

    # deleting the last run makes the run before it the last one; deleting that leaves no analysis
    deleted = delete_run(runner, "after")
    assert deleted["run"] == second.run_id and deleted["last"] == first.run_id and deleted["chunks"] > 0
    assert results(runner) == before
    assert delete_run(runner, first.run_id)["last"] is None
    assert list_runs(runner) == [] and chunk_total(runner) == 0
    with pytest.raises(NoAnalysis):
        results(runner)


def test_runs_started_in_the_same_second_keep_their_order(runner, monkeypatch):
    load_networkx(runner, nx.florentine_families_graph(), "florentine")
    monkeypatch.setattr(engine, "now", lambda: "2026-01-01T00:00:00Z")
    made = [run_analysis(runner, "hubs").run_id for _ in range(4)]
    listed = list_runs(runner)
    assert {r["started_at"] for r in listed} == {"2026-01-01T00:00:00Z"}
    assert [r["id"] for r in listed] == made[::-1]
    assert [r["sequence"] for r in listed] == sorted((r["sequence"] for r in listed), reverse=True)
    assert results(runner)["run"]["id"] == made[-1]
    # deleting the newest makes the one made just before it the last, not another of the same second
    delete_run(runner, made[-1])
    assert results(runner)["run"]["id"] == made[-2]


def test_windows_of_a_series_of_snapshots():
    assert windows("quarter", "2023-02-10", "2023-09-01") == [
        ("2023-Q1", "2023-02-10", "2023-03-31"), ("2023-Q2", "2023-04-01", "2023-06-30"),
        ("2023-Q3", "2023-07-01", "2023-09-01")]
    assert windows("year", "2021-03-01", "2023-06-30", cumulative=True) == [
        ("2021", "2021-03-01", "2021-12-31"), ("2022", "2021-03-01", "2022-12-31"),
        ("2023", "2021-03-01", "2023-06-30")]
    months = windows("month", "2023-11-15", "2024-02-29")
    assert [m[0] for m in months] == ["2023-11", "2023-12", "2024-01", "2024-02"]
    assert months[-1] == ("2024-02", "2024-02-01", "2024-02-29")
    with pytest.raises(InputError, match="--every 'week'"):
        windows("week", "2023-01-01", "2023-12-31")
    with pytest.raises(InputError, match="--to '2023-13-01' is not an ISO date"):
        windows("month", "2023-01-01", "2023-13-01")
    with pytest.raises(InputError, match="is after"):
        windows("year", "2024-01-01", "2023-01-01")


def dated_davis(runner) -> nx.Graph:
    """Davis's Southern Women, each attendance a tie dated by its event: event k on the first of month k of 2023."""
    davis = nx.davis_southern_women_graph()
    events = sorted(v for v, data in davis.nodes(data=True) if data["bipartite"] == 1)
    month = {event: index % 12 + 1 for index, event in enumerate(events)}
    entities = [entity_row(node_id(v), "Person" if davis.nodes[v]["bipartite"] == 0 else "Organization", v)
                for v in davis.nodes]
    attended = [(a, b) if b in month else (b, a) for a, b in davis.edges]
    ties = [tie_row(node_id(woman), node_id(event), "ATTENDED", since=f"2023-{month[event]:02d}-01",
                    until=f"2023-{month[event]:02d}-01") for woman, event in attended]
    write_graph(runner, entities, ties, Provenance("davis"))
    return davis


def test_snapshots_label_each_window_and_refuse_labels_in_use(runner):
    dated_davis(runner)
    env = server_env(runner.settings)
    made = netnp("snapshots", "--every", "quarter", "--from", "2023-01-01", "--to", "2023-12-31", "--json", env=env)
    assert made.returncode == 0, made.stderr
    series = json.loads(made.stdout)
    assert [(s["label"], s["since"], s["until"]) for s in series] == windows("quarter", "2023-01-01", "2023-12-31")
    listed = json.loads(netnp("runs", "--json", env=env).stdout)
    assert [r["label"] for r in listed] == ["2023-Q4", "2023-Q3", "2023-Q2", "2023-Q1"]
    assert [(r["since"], r["until"]) for r in listed[::-1]] == [(s["since"], s["until"]) for s in series]
    # each window's run counts the ties of its window only (each event is dated in one month)
    for run in series:
        document = results(runner, run=run["label"])
        assert document["summary"]["ties"] == sum(1 for r in runner.read("export/ties")
                                                  if run["since"] <= str(r["properties"]["since"]) <= run["until"])

    again = netnp("snapshots", "--every", "quarter", "--from", "2023-04-01", "--to", "2023-12-31", env=env)
    assert_one_line_error(again, "2023-Q2, 2023-Q3, 2023-Q4", "--replace")
    assert len(list_runs(runner)) == 4
    replaced = netnp("snapshots", "--every", "quarter", "--from", "2023-10-01", "--to", "2023-12-31", "--replace",
                     "--json", env=env)
    assert replaced.returncode == 0, replaced.stderr
    runs = list_runs(runner)
    assert [r["label"] for r in runs] == ["2023-Q4", "2023-Q3", "2023-Q2", "2023-Q1"]
    assert runs[0]["id"] == json.loads(replaced.stdout)[0]["id"] != series[-1]["id"]

    assert_one_line_error(netnp("analyze", "hubs", "--label", "2023-Q1", env=env), "'2023-Q1' is already the label")
    assert len(list_runs(runner)) == 4
    assert_one_line_error(netnp("report", "--run", "2023-Q5", "-o", "never.html", env=env),
                          "run '2023-Q5'", "did you mean")
    assert_one_line_error(netnp("runs", "delete", "2023-Q1", env=env), "--yes")
    deleted = netnp("runs", "delete", "2023-Q1", "--yes", "--json", env=env)
    assert deleted.returncode == 0 and json.loads(deleted.stdout)["label"] == "2023-Q1"
    assert [r["label"] for r in list_runs(runner)] == ["2023-Q4", "2023-Q3", "2023-Q2"]


def test_snapshots_keep_no_run_for_a_quiet_window_and_go_on(runner):
    davis = dated_davis(runner)
    env = server_env(runner.settings)
    made = netnp("snapshots", "--every", "quarter", "--from", "2022-10-01", "--to", "2023-06-30", "--json", env=env)
    assert made.returncode == 0, made.stderr
    assert [s["label"] for s in json.loads(made.stdout)] == ["2023-Q1", "2023-Q2"]
    assert made.stderr.strip() == "No tie in scope in 2022-Q4: no run kept for it."
    assert [r["label"] for r in list_runs(runner)] == ["2023-Q2", "2023-Q1"]
    # Q1's run holds the women and events of the attendances of January to March only
    in_q1 = {end for r in runner.read("export/ties") if "2023-01-01" <= str(r["properties"]["since"]) <= "2023-03-31"
             for end in (r["source"], r["target"])}
    assert 0 < results(runner, run="2023-Q1")["summary"]["nodes"] == len(in_q1) < davis.number_of_nodes()

    nothing = netnp("snapshots", "--every", "month", "--from", "2024-01-01", "--to", "2024-03-31", env=env)
    assert_one_line_error(nothing, "no tie in scope in any window from 2024-01-01 to 2024-03-31")
    assert len(list_runs(runner)) == 2


def test_report_refuses_a_run_whose_results_are_incomplete(runner, tmp_path):
    load_networkx(runner, nx.les_miserables_graph(), "lesmis", weight="weight")
    first = run_analysis(runner, "all", label="first")
    second = run_analysis(runner, "all", label="second")
    env = server_env(runner.settings)
    runner.write(TEST_MODULES.get("delete_chunk"), run=first.run_id, part="pairs")
    assert_one_line_error(netnp("report", "--run", "first", "-o", str(tmp_path / "r.html"), env=env),
                          "run first", "incomplete")
    with pytest.raises(IncompleteRun, match="0 of its 1 pairs chunks"):
        results(runner, run="first")
    assert results(runner)["run"]["id"] == second.run_id  # the other run is whole
    runner.write(TEST_MODULES.get("delete_run_record"), run=second.run_id)
    assert_one_line_error(netnp("report", "-o", str(tmp_path / "r.html"), env=env), second.run_id, "not recorded")
    assert not (tmp_path / "r.html").exists()


def test_a_run_killed_while_it_writes_leaves_the_previous_run_readable_and_the_next_run_cleans_up(runner, tmp_path):
    graph = nx.les_miserables_graph()
    load_networkx(runner, graph, "lesmis", weight="weight")
    previous = run_analysis(runner, "all", focus=node_id("Valjean"))
    document = report_document(runner, "json")
    shown = report_document(runner, "html", limit=20)
    grow(runner, graph, [("Napoleon", "Javert"), ("Champtercier", "Cosette"), ("Geborand", "Marius")])

    # a second session holds a write lock on every tie, for long enough that the run (started now) writes its node
    # results and then waits to write its ties: then it is killed
    holder = threading.Thread(target=runner.write, args=(TEST_MODULES.get("hold_tie_locks"),), kwargs={"ms": HOLD_MS})
    holder.start()
    env = server_env(runner.settings)
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")} | env
    process = subprocess.Popen([sys.executable, "-m", "netnp", "analyze", "all"], env=full_env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + HOLD_MS / 1000 - 5
        while not runner.read(TEST_MODULES.get("unrecorded_chunks")):
            assert process.poll() is None, process.stderr.read()
            assert time.monotonic() < deadline, "the run never wrote its node chunks"
            time.sleep(0.2)
        time.sleep(1.0)  # it is waiting for the tie locks now
        assert process.poll() is None
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
        process.stderr.close()
        holder.join()

    # the graph is half-written: the killed run overwrote the node results, and their role labels with them
    debris = runner.read(TEST_MODULES.get("unrecorded_chunks"))
    assert {row["part"] for row in debris} >= {"nodes"}
    killed = debris[0]["run"]
    on_graph = runner.read(TEST_MODULES.get("role_labels_of_analysed"))[0]
    _, picked = pick_roles(node_measures(runner.read("analysis/common/measures")))
    assert [on_graph[r] for r in ("hub", "core", "periphery", "bridge")] == \
        [sum(role in found for found in picked) for role in ("Hub", "Core", "Periphery", "Bridge")]
    assert dict(map(tuple, on_graph["by_run"])) == {killed: graph.number_of_nodes()}
    assert sum(document["summary"]["roles"].values()) > 0

    # yet the results and the report are the previous run's, exactly
    assert [r["id"] for r in list_runs(runner)] == [previous.run_id]
    assert report_document(runner, "json") == document
    assert {k: v for k, v in report_document(runner, "html", limit=20).items() if k != "provenance"} == \
        {k: v for k, v in shown.items() if k != "provenance"}
    rendered = netnp("report", "-o", str(tmp_path / "report.md"), "--format", "md", env=env)
    assert rendered.returncode == 0, rendered.stderr
    assert previous.run_id in (tmp_path / "report.md").read_text(encoding="utf-8")

    # the next run cleans up what the killed one left, says so in one line, and rewrites the roles on the graph
    again = netnp("analyze", "all", "--json", env=env)
    assert again.returncode == 0, again.stderr
    assert [line for line in again.stderr.splitlines() if line.startswith("Cleaned up")] == [
        f"Cleaned up the partial results of 1 interrupted run(s): {killed}."]
    assert runner.read(TEST_MODULES.get("unrecorded_chunks")) == []
    latest = json.loads(again.stdout)
    assert latest["run"]["id"] != previous.run_id
    assert {row["id"]: row["degree"] for row in latest["nodes"]} == {node_id(v): d for v, d in graph.degree}
    on_graph = runner.read(TEST_MODULES.get("role_labels_of_analysed"))[0]
    assert [on_graph[r] for r in ("hub", "core", "periphery", "bridge")] == \
        [latest["summary"]["roles"][r] for r in ("Hub", "Core", "Periphery", "Bridge")]
    assert dict(map(tuple, on_graph["by_run"])) == {latest["run"]["id"]: graph.number_of_nodes()}
    assert results(runner, run=previous.run_id) == document
