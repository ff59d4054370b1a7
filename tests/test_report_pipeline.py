"""The report end to end on a real Neo4j: write a graph, analyse it, render the report from the graph."""

from __future__ import annotations

import datetime
import json
import re

import networkx as nx
import pytest

from netnp import analysis
from netnp.cli import main
from netnp.graphwrite import Provenance, entity_row, tie_row, write_graph
from netnp.report import render, render_report, report_document

pytestmark = pytest.mark.neo4j

EVIL = "<img src=x onerror=alert(1)>"


def _view_data(html: str) -> dict:
    return json.loads(re.search(r'<script type="application/json" id="netnp-data">(.*?)</script>', html, re.S).group(1))


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

    json_path = render_report(report_document(runner, "json", focus="n:0"), tmp_path / "report.json", fmt="json")
    assert json.loads(json_path.read_text(encoding="utf-8")) == json.loads(json.dumps(stored))

    html = render_report(report_document(runner, focus="n:0"), tmp_path / "report.html", lang="en").read_text(encoding="utf-8")
    data = _view_data(html)
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

    md = render_report(report_document(runner, "md", focus="n:0"), tmp_path / "report.md", lang="fr",
                       fmt="md").read_text(encoding="utf-8")
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


def _gini(values: list[float]) -> float:
    """Gini as the mean absolute difference over twice the mean (an independent formula)."""
    n, mean = len(values), sum(values) / len(values)
    return sum(abs(a - b) for a in values for b in values) / (2 * n * n * mean)


def test_bounded_results_give_the_same_report_as_the_whole_document(runner, tmp_path):
    g = nx.les_miserables_graph()
    ids = {v: f"n:{i}" for i, v in enumerate(sorted(g))}
    write_graph(runner, [entity_row(ids[v], "Organization" if v == "Valjean" else "Person", v) for v in g],
                [tie_row(ids[a], ids[b], "APPEARS_WITH", weight=float(d["weight"])) for a, b, d in g.edges(data=True)],
                Provenance("lesmis.csv"))
    focus = ids["Valjean"]
    analysis.run_analysis(runner, "all", focus=focus)
    whole = analysis.results(runner)
    bounded = analysis.results(runner, limit=10, role_rows=25)
    # The bounded document lists few nodes, but every table's first rows and the focus;
    # the summary still describes the whole graph.
    assert len(whole["nodes"]) == g.number_of_nodes()
    assert 10 < len(bounded["nodes"]) < g.number_of_nodes() and focus in {n["id"] for n in bounded["nodes"]}
    assert all(n in whole["nodes"] for n in bounded["nodes"])
    assert [n["id"] for n in bounded["nodes"]] == [n["id"] for n in whole["nodes"] if n in bounded["nodes"]]
    assert bounded["summary"] == whole["summary"]
    assert {k: bounded[k] for k in ("run", "communities", "weak_ties", "recommendations")} == \
        {k: whole[k] for k in ("run", "communities", "weak_ties", "recommendations")}
    # The summary is aggregated in the database; networkx and the node list are the oracles.
    summary = whole["summary"]
    assert summary["degree_distribution"] == [[k, c] for k, c in enumerate(nx.degree_histogram(g)) if c]
    degrees = [d for _, d in g.degree()]
    assert summary["concentration"]["gini"] == pytest.approx(_gini(degrees))
    ranked, total = sorted(degrees), sum(degrees)
    assert summary["concentration"]["lorenz"] == [
        [pytest.approx(f / 10), pytest.approx(sum(ranked[:round(f / 10 * len(ranked))]) / total, abs=1e-6)]
        for f in range(11)]
    strengths = [d for _, d in g.degree(weight="weight")]
    assert summary["activity_concentration"]["gini"] == pytest.approx(_gini(strengths))
    for role in ("Hub", "Core", "Periphery", "Bridge"):
        assert summary["roles"][role] == sum(1 for n in whole["nodes"] if role in n["roles"])
    assert summary["bridging_periphery"] == [n["id"] for n in whole["nodes"]
                                             if "Periphery" in n["roles"] and "Bridge" in n["roles"]]
    # The report drawn from either document is the same, table for table (the top 25 rows).
    ties = runner.read("report/backbone_ties", ids=list(ids.values()), limit=20_000)
    when = datetime.datetime(2026, 11, 25, tzinfo=datetime.UTC)
    for fmt in ("html", "md"):
        assert render(bounded, "en", fmt, ties=ties, generated_at=when, limit=10) == \
            render(whole, "en", fmt, ties=ties, generated_at=when, limit=10)
    # report_document reads the bounded document from the graph: its tables count every node.
    html = render_report(report_document(runner, limit=10), tmp_path / "r.html", limit=10).read_text(encoding="utf-8")
    assert f"{summary['roles']['Core']} nodes form the core" in html
    assert len(_view_data(html)["nodes"]) == 10


def test_the_run_parameters_stay_apart_from_the_report_options_and_all_is_translated(runner, tmp_path):
    from netnp.analysis.roles import RULES

    _load_karate(runner)
    analysis.run_analysis(runner, "all")  # no focus
    stored = analysis.results(runner, focus="n:0")
    assert stored["run"]["parameters"]["focus"] is None and stored["recommendations"]["focus"] == "n:0"
    html = render_report(report_document(runner, focus="n:0"), tmp_path / "rapport.html", lang="fr").read_text(encoding="utf-8")
    run_table = re.search(r'<table id="run-parameters">(.*?)</table>', html, re.S).group(1)
    options = re.search(r'<table id="report-options">(.*?)</table>', html, re.S).group(1)
    # The run had no focus; the report's own focus shows among its options.
    assert "<th>Organisation étudiée</th><td>aucune</td>" in run_table
    assert "<td>Member 0 (n:0)</td>" in options and "<td>français</td>" in options
    # Parameter names, values and the role rules are French.
    assert "<th>Types de nœuds</th><td>Personne, Organisation, Page web</td>" in run_table
    assert "<th>Analyse</th><td>toutes les analyses</td>" in run_table
    for english in ("kinds", "types", "directed", "focus", "Parameter", "all / not set"):
        assert english not in run_table
    rules = re.findall(r"Règle appliquée : ([^<]*)</p>", html)
    assert len(rules) == 3 and not any(rule in html for rule in RULES.values())
    md = render_report(report_document(runner, "md", focus="n:0"), tmp_path / "rapport.md", lang="fr", fmt="md").read_text(encoding="utf-8")
    assert "- Organisation étudiée: aucune" in md
    assert "Member 0 (n:0)" in md and not any(rule in md for rule in RULES.values())
