"""The command line, run as a user runs it: a subprocess, real server, real exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from netnp.localserver.server import LocalServer, free_port


def netnp(*args: str, env: dict[str, str] | None = None, input: str | None = None) -> subprocess.CompletedProcess:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "netnp", *args], capture_output=True, text=True,
                          env=full_env, input=input, timeout=300)


def server_env(settings) -> dict[str, str]:
    env = {"NEO4J_URI": settings.uri, "NEO4J_USERNAME": settings.user, "NEO4J_PASSWORD": settings.password}
    if settings.database:
        env["NEO4J_DATABASE"] = settings.database
    return env


def assert_one_line_error(result: subprocess.CompletedProcess, *fragments: str) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


def test_wrong_password(runner):
    env = dict(server_env(runner.settings), NEO4J_PASSWORD="not-the-password")
    assert_one_line_error(netnp("db", "stats", env=env), "refused the credentials", "NEO4J_PASSWORD")


def test_server_not_running():
    env = {"NEO4J_URI": f"bolt://127.0.0.1:{free_port()}", "NEO4J_PASSWORD": "x"}
    assert_one_line_error(netnp("db", "stats", env=env), "cannot reach Neo4j", "NEO4J_URI")


def test_uri_without_password_and_bad_scheme():
    assert_one_line_error(netnp("db", "stats", env={"NEO4J_URI": "bolt://127.0.0.1:1"}), "NEO4J_PASSWORD is not")
    assert_one_line_error(netnp("db", "stats", env={"NEO4J_URI": "http://x:7474", "NEO4J_PASSWORD": "x"}), "unknown scheme 'http'")


def test_unknown_module_suggests_the_closest(runner):
    assert_one_line_error(netnp("query", "db/tie_count", env=server_env(runner.settings)), "did you mean 'db/tie_counts'")


def test_missing_parameter_names_it_with_an_example(runner):
    assert_one_line_error(netnp("query", "gds/drop_graph", "--write", env=server_env(runner.settings)),
                          "needs parameter(s) name", 'name="netnp-analysis"')


def test_query_refuses_a_write_without_write_and_runs_it_with(runner):
    env = server_env(runner.settings)
    args = ("query", "db/record_schema_version", "-p", "version=42", "-p", "netnp=cli-test")
    original = runner.read("db/schema_version")[0]["version"]
    assert_one_line_error(netnp(*args, env=env), "writes to the graph", "--write")
    assert runner.read("db/schema_version")[0]["version"] == original
    try:
        done = netnp(*args, "--write", "--json", env=env)
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout) == [{"version": 42}]
        assert runner.read("db/schema_version")[0]["version"] == 42
    finally:
        runner.write("db/record_schema_version", version=original, netnp="test")


def test_db_stats_json_counts_what_was_written(runner):
    from netnp.graphwrite import Provenance, entity_row, tie_row, write_graph

    write_graph(runner, [entity_row("a", "Person", "Ana"), entity_row("b", "Organization", "Asso"),
                         entity_row("c", "Person", "Côme")],
                [tie_row("a", "b", "VOLUNTEERS_FOR"), tie_row("c", "b", "DONATES_TO"), tie_row("a", "c", "KNOWS")],
                Provenance("test"))
    result = netnp("db", "stats", "--json", env=server_env(runner.settings))
    assert result.returncode == 0, result.stderr
    stats = json.loads(result.stdout)
    assert stats["nodes"] == {"total": 3, "by_kind": {"Person": 2, "Organization": 1, "WebPage": 0}}
    assert stats["ties"] == {"total": 3, "by_type": {"DONATES_TO": 1, "KNOWS": 1, "VOLUNTEERS_FOR": 1}}


def test_db_reset_asks_first_and_keeps_the_schema(runner):
    from netnp.graphwrite import Provenance, entity_row, write_graph

    write_graph(runner, [entity_row("a", "Person", "Ana")], [], Provenance("test"))
    env = server_env(runner.settings)
    refused = netnp("db", "reset", env=env, input="n\n")
    assert refused.returncode != 0
    assert runner.read("db/node_counts")[-1]["nodes"] == 1
    done = netnp("db", "reset", "--yes", env=env)
    assert done.returncode == 0, done.stderr
    assert runner.read("db/node_counts")[-1]["nodes"] == 0
    assert runner.read("db/schema_version")[0]["version"] >= 3


def test_doctor_reports_versions_and_schema(runner):
    result = netnp("doctor", "--json", env=server_env(runner.settings))
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert report["versions"]["neo4j"].startswith("5.26.")
    assert report["schema"]["version"] == report["schema"]["latest"] >= 3
    assert report["problems"] == []


def test_embedded_default_starts_the_local_server_when_needed(tmp_path, own_local_server):
    """With no NEO4J_URI, a command that needs the graph starts netnp's server."""
    home = tmp_path / "home"
    LocalServer(home).configure(bolt_port=free_port(), http_port=free_port(), heap="1g", pagecache="128m")
    env = {"NETNP_HOME": str(home)}
    try:
        assert netnp("server", "status", env=env).returncode == 3
        stats = netnp("db", "stats", "--json", env=env)
        assert stats.returncode == 0, stats.stderr
        assert json.loads(stats.stdout)["nodes"]["total"] == 0
        status = netnp("server", "status", "--json", env=env)
        assert status.returncode == 0
        assert json.loads(status.stdout)["versions"]["gds"].startswith("2.13.")
        exports = netnp("server", "env", env=env).stdout
        assert f"export NEO4J_PASSWORD={LocalServer(home).password()}" in exports
        assert "export NEO4J_URI=bolt://127.0.0.1:" in exports
    finally:
        stopped = netnp("server", "stop", env=env)
    assert stopped.returncode == 0 and "Stopped" in stopped.stdout
    assert not LocalServer(home).is_running()


@pytest.mark.parametrize("args, fragment", [
    (["-o", "no-such-folder/report.html"], "folder no-such-folder does not exist"),
    (["--lang", "de"], "de"),
])
def test_quickstart_refuses_a_bad_output_or_language_before_any_work(runner, tmp_path, args, fragment):
    # the server the test suite runs is reachable: the refusal comes before using it
    before = netnp("db", "stats", "--json", env=server_env(runner.settings))
    done = subprocess.run([sys.executable, "-m", "netnp", "quickstart", *args], capture_output=True, text=True,
                          cwd=tmp_path, timeout=60,
                          env={**{k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")},
                               **server_env(runner.settings)})
    assert_one_line_error(done, fragment)
    assert netnp("db", "stats", "--json", env=server_env(runner.settings)).stdout == before.stdout  # nothing loaded
    assert list(tmp_path.iterdir()) == []


def test_focus_that_names_no_node_suggests_ids_and_names(runner, tmp_path):
    from netnp.graphwrite import Provenance, entity_row, tie_row, write_graph

    write_graph(runner, [entity_row("Jon-Snow", "Person", "Jon Snow"), entity_row("Sansa-Stark", "Person", "Sansa Stark")],
                [tie_row("Jon-Snow", "Sansa-Stark", "KNOWS")], Provenance("thrones"))
    env = server_env(runner.settings)
    expected = "--focus 'Jon Snow': no node has this id; did you mean 'Jon-Snow' (Jon Snow)?"
    assert_one_line_error(netnp("analyze", "all", "--focus", "Jon Snow", env=env), expected)
    assert_one_line_error(netnp("report", "-o", str(tmp_path / "r.html"), "--focus", "Jon Snow", env=env), expected)
    assert list(tmp_path.iterdir()) == []
