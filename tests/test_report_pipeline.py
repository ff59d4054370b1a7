"""The report end to end on a real Neo4j: write a graph, analyse it, render the report from the graph."""

from __future__ import annotations

import json
import re

import networkx as nx
import pytest

from netnp import analysis
from netnp.cli import main
from netnp.graphwrite import Provenance, entity_row, tie_row, write_graph
from netnp.report import render_report

pytestmark = pytest.mark.neo4j

EVIL = "<img src=x onerror=alert(1)>"


def _load_karate(runner) -> nx.Graph:
    g = nx.karate_club_graph()
    names = {v: f"Member {v}" for v in g}
    names[33] = EVIL
    entities = [entity_row(f"n:{v}", "Organization" if v == 0 else "Person", names[v]) for v in g]
    ties = [tie_row(f"n:{a}", f"n:{b}", "KNOWS", weight=float(d.get("weight", 1.0))) for a, b, d in g.edges(data=True)]
    write_graph(runner, entities, ties, Provenance("karate.csv"))
    return g


def test_report_renders_the_results_stored_in_the_graph(runner, tmp_path):
    g = _load_karate(runner)
    analysis.run_analysis(runner, "all", focus="n:0")
    stored = analysis.results(runner, focus="n:0")

    json_path = render_report(runner, tmp_path / "report.json", fmt="json", focus="n:0")
    assert json.loads(json_path.read_text(encoding="utf-8")) == json.loads(json.dumps(stored))

    html = render_report(runner, tmp_path / "report.html", lang="en", focus="n:0").read_text(encoding="utf-8")
    data = json.loads(re.search(r'<script type="application/json" id="netnp-data">(.*?)</script>', html, re.S).group(1))
    # All 34 members are drawn, with every karate tie between them (networkx is the oracle).
    assert len(data["nodes"]) == g.number_of_nodes()
    drawn = {frozenset((data["nodes"][a]["id"], data["nodes"][b]["id"])) for a, b in data["edges"]}
    assert drawn == {frozenset((f"n:{a}", f"n:{b}")) for a, b in g.edges()}
    assert "Shown: all 34 nodes and 78 ties." in html
    # The provenance of the data, and the run's id, come from the graph; the analyses' own
    # relationships are neither drawn as ties nor counted as data.
    assert "karate.csv" in html and stored["run"]["id"] in html
    provenance = runner.read("report/provenance")
    assert [(p["source"], p["entities"], p["ties"]) for p in provenance] == [("karate.csv", 34, 78)]
    ties = runner.read("report/backbone_ties", ids=[f"n:{v}" for v in g], limit=20_000)
    assert len(ties) == g.number_of_edges() and {t["type"] for t in ties} == {"KNOWS"}
    assert sorted(t["weight"] for t in ties) == sorted(float(d["weight"]) for _, _, d in g.edges(data=True))
    # The hostile name is text, never markup.
    assert EVIL not in html and "&lt;img src=x onerror=alert(1)&gt;" in html

    md = render_report(runner, tmp_path / "report.md", lang="fr", fmt="md", focus="n:0").read_text(encoding="utf-8")
    assert "## Liens faibles" in md and "karate.csv" in md
    # The reasons the analyses give are translated too.
    recommendations = stored["recommendations"]
    assert recommendations["introductions"] or recommendations["strengthen"]
    assert "not tied to the focus" not in md and "spans two clusters" not in md and "no shared contact" not in md
    assert EVIL not in md and "&lt;img src=x onerror=alert(1)&gt;" in md


def test_report_command_writes_the_file_and_prints_its_path(runner, tmp_path, capsys):
    _load_karate(runner)
    analysis.run_analysis(runner, "all")
    settings = runner.settings
    target = tmp_path / "rapport.html"
    with pytest.raises(SystemExit) as done:
        main(["--uri", settings.uri, "--user", settings.user, "--password", settings.password,
              "report", "-o", str(target), "--lang", "fr", "--focus", "n:0"])
    assert done.value.code in (0, None)
    out = capsys.readouterr().out
    assert str(target.resolve()) in out.replace("\n", "")
    html = target.read_text(encoding="utf-8")
    assert '<html lang="fr">' in html and "Recommandations" in html
    with pytest.raises(SystemExit) as done:
        main(["--uri", settings.uri, "--user", settings.user, "--password", settings.password,
              "report", "-o", str(tmp_path / "report.md"), "--format", "md", "--json"])
    assert done.value.code in (0, None)
    printed = json.loads(capsys.readouterr().out)
    assert printed["path"] == str((tmp_path / "report.md").resolve()) and printed["format"] == "md"
    assert printed["bytes"] == (tmp_path / "report.md").stat().st_size > 0


def test_report_command_refuses_a_bad_language_in_one_line(runner, tmp_path, capsys):
    settings = runner.settings
    with pytest.raises(SystemExit) as done:
        main(["--uri", settings.uri, "--user", settings.user, "--password", settings.password,
              "report", "-o", str(tmp_path / "r.html"), "--lang", "de"])
    assert done.value.code == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("Error:") and "de" in err and "\n" not in err
    assert not (tmp_path / "r.html").exists()


def test_report_before_any_analysis_says_what_to_do(runner, tmp_path, capsys):
    _load_karate(runner)
    settings = runner.settings
    with pytest.raises(SystemExit) as done:
        main(["--uri", settings.uri, "--user", settings.user, "--password", settings.password,
              "report", "-o", str(tmp_path / "r.html")])
    assert done.value.code != 0
    assert "netnp analyze" in capsys.readouterr().err
    assert not (tmp_path / "r.html").exists()
