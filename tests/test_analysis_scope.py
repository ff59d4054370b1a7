"""Analysis scope, write-back, run record, recommendations, GDS hygiene and the command line, on a real server."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from analysis_helpers import by_id, load_networkx, node_id

from netnp.analysis import Scope, results, run_analysis
from netnp.analysis import steps as analysis_steps
from netnp.errors import InputError, NetnpError
from netnp.graphwrite import Provenance, entity_row, tie_row, write_graph
from netnp.modules import ModuleLibrary

TEST_MODULES = ModuleLibrary(Path(__file__).parent / "cypher")

DOCUMENT_KEYS = {"run", "summary", "nodes", "communities", "weak_ties", "web_weak_ties", "recommendations"}
NODE_KEYS = {"id", "kind", "name", "degree", "in_degree", "out_degree", "strength", "pagerank", "reach2", "coreness",
             "community", "betweenness", "constraint", "effective_size", "participation", "articulation", "roles"}


def netnp_cli(runner, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    s = runner.settings
    env.update(NEO4J_URI=s.uri, NEO4J_USERNAME=s.user, NEO4J_PASSWORD=s.password)
    return subprocess.run([sys.executable, "-m", "netnp", *args], capture_output=True, text=True, env=env, timeout=300)


def load_karate(runner) -> nx.Graph:
    graph = nx.relabel_nodes(nx.karate_club_graph(), str)
    load_networkx(runner, graph, "karate")
    return graph


@pytest.mark.parametrize("engine", ["gds", "cypher"])
def test_recommendations_follow_existing_ties(runner, engine):
    graph = load_karate(runner)
    focus = node_id("0")
    run_analysis(runner, "all", engine=engine, focus=focus)
    doc = results(runner)
    rec = doc["recommendations"]
    assert rec["focus"] == focus and rec["introductions"]
    roles = {row["id"]: row["roles"] for row in doc["nodes"]}
    for intro in rec["introductions"]:
        target = intro["name"]
        assert {"Hub", "Bridge"} & set(roles[intro["id"]])
        assert target not in graph["0"] and target != "0"
        names = [step["name"] for step in intro["path"]]
        assert names[0] == "0" and names[-1] == target
        assert len(names) - 1 == nx.shortest_path_length(graph, "0", target)
        assert all(graph.has_edge(a, b) for a, b in itertools.pairwise(names))
    for tie in rec["strengthen"]:
        assert tie["source"] == focus and graph.has_edge("0", tie["target_name"])
        assert tie["spans_clusters"] or tie["local_bridge"]
    # another focus at read time, without rerunning
    other = results(runner, focus=node_id("33"))["recommendations"]
    assert other["focus"] == node_id("33")
    assert all(i["path"][0]["id"] == node_id("33") for i in other["introductions"])


def test_results_document_shape_roles_and_namespace(runner):
    entities = [entity_row("p:ana", "Person", "Ana", degree="PhD"), entity_row("org:asso", "Organization", "Asso")]
    ties = [tie_row("p:ana", "org:asso", "MEMBER_OF")]
    write_graph(runner, entities, ties, Provenance("test"))
    load_karate(runner)
    report = run_analysis(runner, "all", engine="gds")
    doc = results(runner)
    assert set(doc) == DOCUMENT_KEYS
    assert all(set(row) >= NODE_KEYS for row in doc["nodes"])
    assert doc["run"]["id"] == report.run_id and doc["run"]["versions"]["gds"] and doc["run"]["versions"]["neo4j"]
    summary = doc["summary"]
    assert summary["by_kind"] == {"Person": 35, "Organization": 1, "WebPage": 0}
    assert summary["by_type"] == {"KNOWS": 78, "MEMBER_OF": 1}
    assert summary["components"] == 2 and summary["largest_component"] == 34
    degrees = sorted((row["degree"] for row in doc["nodes"]), reverse=True)
    total = sum(degrees)
    assert summary["concentration"]["top10"] == pytest.approx(sum(degrees[:4]) / total)
    assert summary["concentration"]["top1"] == pytest.approx(degrees[0] / total)
    assert summary["concentration"]["lorenz"][0] == [0.0, 0.0] and summary["concentration"]["lorenz"][-1] == [1.0, 1.0]
    assert 0 < summary["concentration"]["gini"] < 1
    assert sum(count for _, count in summary["degree_distribution"]) == 36
    # the user's own "degree" property is untouched; results live under netnp_
    ana = runner.read("analysis/results/entity_properties", id="p:ana")[0]
    assert ana["properties"]["degree"] == "PhD" and ana["properties"]["netnp_degree"] == 1
    assert "NetnpAnalysed" in ana["labels"]
    # role labels on the graph are the roles of the document
    labels = {row["role"]: row["ids"] for row in runner.read("analysis/results/role_labels")}
    for role in ("Hub", "Core", "Periphery", "Bridge"):
        assert labels[role] == sorted(row["id"] for row in doc["nodes"] if role in row["roles"])
    # Zachary's instructor (0) and president (33) are the first hubs of the club.
    hubs = [row["id"] for row in doc["nodes"] if "Hub" in row["roles"]]
    assert hubs[:2] == [node_id("33"), node_id("0")] and hubs == [row["id"] for row in doc["nodes"][:len(hubs)]]
    # the run record and no projection left behind
    assert runner.read("gds/list_graphs") == []
    assert json.dumps(doc)  # JSON-ready


def test_a_second_run_replaces_the_first(runner):
    load_karate(runner)
    run_analysis(runner, "all", engine="gds")
    run_analysis(runner, "hubs", engine="gds", scope=Scope(types=["KNOWS"]))
    doc = results(runner)
    assert doc["run"]["parameters"]["types"] == ["KNOWS"]
    assert all(row["coreness"] is None and row["betweenness"] is None for row in doc["nodes"])
    assert doc["summary"]["modularity"] is None and doc["communities"] == []
    assert runner.read("analysis/runs/weak_ties", run=doc["run"]["id"], limit=5, web=False) == []


@pytest.mark.parametrize("engine", ["gds", "cypher"])
def test_scope_kinds_types_and_time_window(runner, engine):
    entities = [entity_row(f"p:{i}", "Person", f"P{i}") for i in range(4)] + [entity_row("w:1", "WebPage", "Site")]
    ties = [
        tie_row("p:0", "p:1", "KNOWS", since="2019-01-01", until="2019-12-31"),
        tie_row("p:1", "p:2", "KNOWS", since="2023-03-01"),
        tie_row("p:2", "p:3", "WORKS_WITH", weight=3.0),
        tie_row("p:3", "w:1", "LINKS_TO"),
    ]
    write_graph(runner, entities, ties, Provenance("scope"))
    run_analysis(runner, "all", engine=engine, scope=Scope(kinds=["Person"], since="2022-01-01"))
    doc = results(runner)
    assert doc["summary"]["by_type"] == {"KNOWS": 1, "WORKS_WITH": 1}
    # a windowed run analyses the people with a tie in the window: P0's only tie ended in 2019
    assert doc["summary"]["nodes"] == 3
    assert by_id(doc, "degree") == {"P1": 1, "P2": 2, "P3": 1}
    assert by_id(doc, "strength") == {"P1": 1.0, "P2": 4.0, "P3": 3.0}
    run_analysis(runner, "hubs", engine=engine, scope=Scope(types=["WORKS_WITH", "LINKS_TO"], until="2020-01-01"))
    doc = results(runner)
    assert by_id(doc, "degree") == {"P2": 1, "P3": 2, "Site": 1}
    run_analysis(runner, "hubs", engine=engine, scope=Scope(types=["WORKS_WITH", "LINKS_TO"]))
    doc = results(runner)  # without a window, every node in scope, isolated or not
    assert by_id(doc, "degree") == {"P0": 0, "P1": 0, "P2": 1, "P3": 2, "Site": 1}


@pytest.mark.parametrize("engine", ["gds", "cypher"])
def test_directed_degrees_and_pagerank(runner, engine):
    graph = nx.gnp_random_graph(30, 0.12, directed=True, seed=3)
    nx.add_cycle(graph, list(graph.nodes))  # every node has an outgoing tie: no dangling node
    graph = nx.relabel_nodes(graph, str)
    load_networkx(runner, graph, "directed", tie_type="FOLLOWS")
    run_analysis(runner, "hubs", engine=engine, scope=Scope(directed=True))
    doc = results(runner)
    assert by_id(doc, "in_degree") == dict(graph.in_degree)
    assert by_id(doc, "out_degree") == dict(graph.out_degree)
    assert by_id(doc, "degree") == dict(graph.to_undirected().degree)
    expected = nx.pagerank(graph, weight=None, tol=1e-12, max_iter=1000)
    assert by_id(doc, "pagerank") == pytest.approx(expected, abs=1e-4)


def test_bad_scope_is_refused_before_anything_is_written(runner):
    load_karate(runner)
    for scope, message in [(Scope(kinds=["Robot"]), "unknown kind"), (Scope(types=["knows"]), "must match"),
                           (Scope(since="2024-02-30"), "not an ISO date"), (Scope(weight="w eight"), "weight property"),
                           (Scope(since="2024-02-01", until="2023-01-01"), "is after")]:
        with pytest.raises(InputError, match=message):
            run_analysis(runner, "all", scope=scope)
    with pytest.raises(NetnpError, match="unknown analysis"):
        run_analysis(runner, "centrality")
    with pytest.raises(NetnpError, match="no node has this id"):
        run_analysis(runner, "all", focus="org:nobody")
    with pytest.raises(NetnpError, match="no analysis has run"):
        results(runner)


def test_gds_memory_estimate_refuses_a_graph_too_big(runner, monkeypatch):
    load_karate(runner)
    monkeypatch.setattr(analysis_steps, "GDS_MAX_HEAP_PERCENTAGE", -1.0)
    monkeypatch.setattr(analysis_steps, "ESTIMATE_ABOVE_PAIRS", 0)  # karate's 78 pairs are estimated too
    with pytest.raises(NetnpError, match="too big for this server's memory"):
        run_analysis(runner, "all", engine="gds")
    assert runner.read("gds/list_graphs") == []


@pytest.mark.parametrize("engine", ["gds", "cypher"])
def test_no_synthetic_relationship_and_every_run_is_kept(runner, engine):
    graph = load_karate(runner)
    write_graph(runner, [entity_row("org:club", "Organization", "Club")],
                [tie_row(node_id("0"), "org:club", "MEMBER_OF"), tie_row(node_id("33"), "org:club", "MEMBER_OF")],
                Provenance("club"))
    first = run_analysis(runner, "all", engine=engine)
    assert runner.read(TEST_MODULES.get("netnp_relationships")) == [{"relationships": 0}]
    second = run_analysis(runner, "all", engine=engine, scope=Scope(kinds=["Person"], types=["KNOWS"]))
    assert runner.read(TEST_MODULES.get("netnp_relationships")) == [{"relationships": 0}]
    assert {row["id"] for row in runner.read(TEST_MODULES.get("runs"))} == {first.run_id, second.run_id}
    # the first run's results are still there, whole, in its chunks
    nodes = runner.read(TEST_MODULES.get("run_chunks"), run=first.run_id, part="nodes")
    degree = {i: d for c in nodes for i, d in zip(c["chunk"]["id"], c["chunk"]["degree"], strict=True)}
    assert len(degree) == 35 and degree["org:club"] == 2 and degree[node_id("0")] == graph.degree["0"] + 1
    pairs = runner.read(TEST_MODULES.get("run_chunks"), run=first.run_id, part="pairs")
    assert sum(len(c["chunk"]["source"]) for c in pairs) == graph.number_of_edges() + 2
    # the second run's: the Browser labels and properties, and its chunks, agree
    doc = results(runner)
    roles = runner.read(TEST_MODULES.get("run_chunks"), run=second.run_id, part="roles")
    kept = {}
    for c in roles:
        kept.setdefault(c["chunk"]["role"], set()).update(c["chunk"]["id"])
    labels = {row["role"]: set(row["ids"]) for row in runner.read("analysis/results/role_labels")}
    assert {role: ids for role, ids in kept.items()} == {role: ids for role, ids in labels.items() if ids}
    assert "org:club" not in {row["id"] for row in doc["nodes"]}
    club = runner.read("analysis/results/entity_properties", id="org:club")[0]
    assert "NetnpAnalysed" not in club["labels"] and not any(k.startswith("netnp_") and k not in (
        "netnp_source", "netnp_import_id", "netnp_imported_at") for k in club["properties"])
    # the club's ties left the scope: their tie results are cleared; the others carry the second run's
    assert len(doc["weak_ties"]) == graph.number_of_edges()


@pytest.mark.parametrize("engine", ["gds", "cypher"])
def test_sampled_betweenness_above_the_exact_limit(runner, monkeypatch, engine):
    graph = load_karate(runner)
    monkeypatch.setattr(analysis_steps, "EXACT_MAX_NODES", 10)
    monkeypatch.setattr(analysis_steps, "BETWEENNESS_SAMPLE", 17)
    run_analysis(runner, "bridging", engine=engine)
    doc = results(runner)
    assert doc["run"]["betweenness_mode"].startswith("sampled from 17 sources")
    exact = nx.betweenness_centrality(graph)
    top_exact = sorted(exact, key=exact.get, reverse=True)[:2]
    sampled = by_id(doc, "betweenness")
    # which half of the sources is drawn depends on GDS's threads: the two leaders
    # (0.44 and 0.30, far ahead of the next, 0.15) come first in either order
    assert set(sorted(sampled, key=sampled.get, reverse=True)[:2]) == set(top_exact)
    # scaled by n / sources, the estimate is on the scale of the exact values
    assert sum(sampled.values()) == pytest.approx(sum(exact.values()), rel=0.3)


def test_cli_analyze_json_and_browser_style(runner, tmp_path):
    load_karate(runner)
    done = netnp_cli(runner, "analyze", "all", "--focus", node_id("0"), "--json")
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)
    assert set(doc) == DOCUMENT_KEYS and doc["recommendations"]["focus"] == node_id("0")
    assert doc["run"]["engine"] == "cypher" and len(doc["nodes"]) == 34  # auto: karate is computed in the client
    table = netnp_cli(runner, "analyze", "hubs", "--engine", "gds", "--limit", "3")
    assert table.returncode == 0 and "Top nodes by PageRank" in table.stdout
    bad = netnp_cli(runner, "analyze", "all", "--kind", "Robot")
    assert bad.returncode != 0 and bad.stderr.strip().splitlines() == [
        "Error: scope: unknown kind 'Robot'; use one of Person, Organization, WebPage"]
    style = netnp_cli(runner, "browser-style", "-o", str(tmp_path / "netnp.grass"))
    assert style.returncode == 0
    text = (tmp_path / "netnp.grass").read_text()
    assert all(f"node.{role}" in text for role in ("Hub", "Core", "Periphery", "Bridge"))


def test_a_scope_without_ties_still_gets_every_measure(runner):
    write_graph(runner, [entity_row(f"p:{i}", "Person", f"P{i}") for i in range(5)], [], Provenance("lonely"))
    report = run_analysis(runner, "all", engine="gds")
    assert report.engine == "cypher"  # GDS cannot project a view without relationships
    doc = results(runner)
    assert doc["summary"]["ties"] == 0 and doc["summary"]["components"] == 5
    assert {row["degree"] for row in doc["nodes"]} == {0} and {row["coreness"] for row in doc["nodes"]} == {0}
    assert sum(row["pagerank"] for row in doc["nodes"]) == pytest.approx(1.0)
    assert doc["summary"]["modularity"] is None and doc["weak_ties"] == []


def test_warm_up_changes_nothing_and_a_run_at_once_still_works(runner):
    import threading

    from netnp.localserver.warmup import warm_up

    graph = load_karate(runner)
    warming = threading.Thread(target=warm_up, args=(runner.settings,))
    warming.start()
    report = run_analysis(runner, "all", engine="gds")  # while the warm-up plans the modules and runs GDS
    warming.join()
    doc = results(runner)
    assert by_id(doc, "degree") == dict(graph.degree) and doc["summary"]["ties"] == graph.number_of_edges()
    assert runner.read("gds/list_graphs") == []
    assert runner.read(TEST_MODULES.get("netnp_relationships")) == [{"relationships": 0}]
    # the write modules it rehearsed with their header's examples were rolled back
    assert doc["run"]["id"] == report.run_id
    assert {row["id"] for row in runner.read(TEST_MODULES.get("runs"))} == {report.run_id}
    example_run = runner.modules.get("analysis/run/write_nodes").examples["run"]
    for part in ("nodes", "pairs", "communities"):
        assert runner.read(TEST_MODULES.get("run_chunks"), run=example_run, part=part) == []


def test_auto_computes_graphs_up_to_the_crossover_in_the_client(runner, monkeypatch):
    graph = load_karate(runner)
    assert run_analysis(runner, "all").engine == "cypher"  # 78 pairs, far below CLIENT_MAX_PAIRS
    monkeypatch.setattr(analysis_steps, "CLIENT_MAX_PAIRS", graph.number_of_edges() - 1)
    assert run_analysis(runner, "all").engine == "gds"
    assert run_analysis(runner, "all", engine="cypher").engine == "cypher"
