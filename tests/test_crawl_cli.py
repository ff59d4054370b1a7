"""`netnp crawl` and `netnp colink` as a user runs them: a real process, a
real Neo4j, generated sites on 127.0.0.1."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import networkx as nx
import pytest
from testsite import SiteServer, random_site

pytestmark = pytest.mark.neo4j


@pytest.fixture
def netnp(runner, neo4j_settings):
    """Run the netnp CLI in a subprocess against the test server."""
    env = {**os.environ, "NEO4J_URI": neo4j_settings.uri, "NEO4J_USERNAME": neo4j_settings.user,
           "NEO4J_PASSWORD": neo4j_settings.password}
    if neo4j_settings.database:
        env["NEO4J_DATABASE"] = neo4j_settings.database

    def run(*args: str, **kw) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "netnp", *args], env=env, capture_output=True, text=True,
                              timeout=120, **kw)

    run.env = env
    return run


def test_crawl_and_colink_commands(netnp, tmp_path):
    with SiteServer() as a, SiteServer() as b, SiteServer() as shared:
        a.html("/", [shared.url("/"), b.url("/")])
        b.html("/", [shared.url("/x")])
        shared.html("/", [])
        seeds = tmp_path / "seeds.csv"
        seeds.write_text(f"url,organization_id\n{b.url('/')},org:b\n", encoding="utf-8")
        done = netnp("crawl", a.url("/"), "--seeds", str(seeds), "--depth", "1", "--delay", "0",
                     "not-a-url", "--json")
        assert done.returncode == 0, done.stderr
        report = json.loads(done.stdout)
        assert report["status"] == "done" and report["pages_fetched"] == 2 and report["owners"] == 1
        assert "Warning: seed 'not-a-url' skipped: not a valid URL" in done.stderr
        assert shared.counts == {}

        colinked = netnp("colink", "--min-seeds", "2", "--json")
        assert colinked.returncode == 0, colinked.stderr
        rows = json.loads(colinked.stdout)["entities"]
        assert [r["entity"] for r in rows] == [f"web:127.0.0.1:{shared.port}"]

        table = netnp("colink", "-k", "1")
        assert f"web:127.0.0.1:{b.port}" in table.stdout and "org:b" in table.stdout


def test_bad_input_gives_one_line_errors(netnp, tmp_path):
    result = netnp("crawl", "not a url", "mailto:x@example.org")
    assert result.returncode == 1 and "Error: no valid seed URL to crawl" in result.stderr
    assert "Traceback" not in result.stderr
    result = netnp("crawl", "--seeds", str(tmp_path / "missing.csv"))
    assert result.returncode == 1 and "cannot read the seeds file" in result.stderr
    result = netnp("crawl")
    assert result.returncode == 1 and "give at least one SEED_URL" in result.stderr
    result = netnp("colink")
    assert result.returncode == 1 and "no crawl is recorded" in result.stderr


def test_ctrl_c_stops_cleanly_and_the_same_command_resumes(netnp):
    with SiteServer() as site:
        graph = random_site(site, pages=400, links_per_page=3, seed=8)
        reachable = nx.descendants(nx.DiGraph([(s, t) for s, ts in graph.items() for t in ts]), "/") | {"/"}
        for route in site.routes.values():
            route.delay = 0.02
        command = ["crawl", site.url("/"), "--depth", "50", "--delay", "0", "--per-host", "2"]
        process = subprocess.Popen([sys.executable, "-m", "netnp", *command], env=netnp.env,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 60
        while sum(site.counts.values()) < 30 and time.monotonic() < deadline:
            time.sleep(0.05)
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=60)
        assert process.returncode == 130, err
        assert "run the same command again to resume" in err and "Traceback" not in err
        fetched_before = sum(n for p, n in site.counts.items() if p != "/robots.txt")
        assert 0 < fetched_before < len(reachable)

        resumed = netnp(*command, "--json")
        assert resumed.returncode == 0, resumed.stderr
        report = json.loads(resumed.stdout)
        assert report["resumed"] and report["status"] == "done"
        assert report["job_pages_fetched"] == len(reachable)
        assert site.max_fetches() == 1
        assert {p for p in site.counts if p != "/robots.txt"} == reachable
