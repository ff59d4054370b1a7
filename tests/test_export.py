"""Round trips: CSV → Neo4j → GraphML, GEXF, JSON, CSV → networkx (or netnp) gives an equal graph."""

from __future__ import annotations

import json
from collections import Counter

import networkx as nx
import pytest

from netnp import database
from netnp.exporting import csv_paths, export_graph
from netnp.importing import import_files
from import_helpers import nodes, ties, write

NODES = """id;kind;name;role;aliases;age
p:zoé;person;"Zoé ""la Bretonne"" Le Goff";bénévole;tw:@zoe|zoe@example.org;34
p:ana;person;Anaïs <Duval> & fils;salariée;;
o:asso;organization;"Les Amis; de la Forêt";;;
https://www.example.org/actualités;webpage;Actualités;;;
"""
EDGES = """source;target;type;weight;since;until;channel;note
p:zoé;o:asso;VOLUNTEERS_FOR;2,5;2021-09-01;;offline;"il a dit ""oui"" <b>&amp;</b>"
p:ana;o:asso;WORKS_FOR;;2019;2023-06-30;;
p:zoé;p:ana;KNOWS;1;;;email;
tw:@zoe;p:ana;KNOWS;3;;;twitter;
o:asso;https://www.example.org/actualités;PUBLISHES;;;;web;
"""
URL = "https://www.example.org/actualit%C3%A9s"

EXPECTED_NODES = {
    "p:zoé": {"kind": "Person", "name": 'Zoé "la Bretonne" Le Goff', "role": "bénévole",
              "aliases": "tw:@zoe|zoe@example.org", "age": "34"},
    "p:ana": {"kind": "Person", "name": "Anaïs <Duval> & fils", "role": "salariée"},
    "o:asso": {"kind": "Organization", "name": "Les Amis; de la Forêt"},
    URL: {"kind": "WebPage", "name": "Actualités", "aliases": "https://www.example.org/actualités"},
}
EXPECTED_TIES = Counter({
    ("p:zoé", "o:asso", "VOLUNTEERS_FOR", "offline", 2.5, "2021-09-01", None): 1,
    ("p:ana", "o:asso", "WORKS_FOR", "unspecified", 1.0, "2019-01-01", "2023-06-30"): 1,
    ("p:zoé", "p:ana", "KNOWS", "email", 1.0, None, None): 1,
    ("p:zoé", "p:ana", "KNOWS", "twitter", 3.0, None, None): 1,
    ("o:asso", URL, "PUBLISHES", "web", 1.0, None, None): 1,
})


@pytest.fixture
def imported(runner, tmp_path):
    import_files(runner, nodes=write(tmp_path / "nodes.csv", NODES, bom=True), edges=write(tmp_path / "edges.csv", EDGES))
    return runner


def _user_attributes(data: dict) -> dict:
    return {k: v for k, v in data.items() if not k.startswith("netnp_")}


def _tie_key(a, b, d, type_key="type"):
    return (a, b, d[type_key], d["channel"], float(d["weight"]), d.get("since"), d.get("until"))


def test_graphml_round_trip_to_networkx(imported, tmp_path):
    path = tmp_path / "out.graphml"
    assert export_graph(imported, path)["ties"] == 5
    g = nx.read_graphml(path)
    assert g.is_directed() and g.is_multigraph()  # two KNOWS ties between the same pair
    assert {n: _user_attributes(d) for n, d in g.nodes(data=True)} == EXPECTED_NODES
    assert Counter(_tie_key(a, b, d) for a, b, d in g.edges(data=True)) == EXPECTED_TIES
    assert {d["note"] for _, _, d in g.edges(data=True) if "note" in d} == {'il a dit "oui" <b>&amp;</b>'}


def test_gexf_round_trip_to_networkx(imported, tmp_path):
    path = tmp_path / "out.gexf"
    export_graph(imported, path)
    g = nx.read_gexf(path)
    assert g.is_directed()
    got = {n: {("name" if k == "label" else k): v for k, v in _user_attributes(d).items()} for n, d in g.nodes(data=True)}
    assert got == EXPECTED_NODES
    assert Counter(_tie_key(a, b, d) for a, b, d in g.edges(data=True)) == EXPECTED_TIES
    assert all(d["label"] == d["type"] for _, _, d in g.edges(data=True))


def test_json_round_trip_to_networkx(imported, tmp_path):
    path = tmp_path / "out.json"
    export_graph(imported, path)
    g = nx.node_link_graph(json.loads(path.read_text(encoding="utf-8")), edges="edges")
    expected = {n: {k: (v.split("|") if k == "aliases" else v) for k, v in d.items()} for n, d in EXPECTED_NODES.items()}
    assert {n: _user_attributes(d) for n, d in g.nodes(data=True)} == expected
    assert Counter(_tie_key(a, b, d) for a, b, d in g.edges(data=True)) == EXPECTED_TIES


@pytest.mark.parametrize("suffix", [".graphml", ".gexf", ".json", ".csv"])
def test_export_then_import_gives_the_same_graph(imported, tmp_path, suffix):
    before_nodes, before_ties = nodes(imported), ties(imported)
    path = tmp_path / f"net{suffix}"
    export_graph(imported, path)
    database.reset(imported)
    if suffix == ".csv":
        nodes_path, edges_path = csv_paths(path)
        import_files(imported, nodes=nodes_path, edges=edges_path)
    else:
        import_files(imported, graphs=[path])
    assert nodes(imported) == before_nodes
    assert ties(imported) == before_ties


def test_analysis_results_go_out_as_netnp_attributes(runner, tmp_path):
    from netnp.analysis import run_analysis
    from netnp.samples import load_sample

    load_sample(runner, "karate")
    run_analysis(runner, "all")
    path = tmp_path / "karate.graphml"
    export_graph(runner, path)
    g = nx.read_graphml(path)
    roles = {n: d.get("netnp_roles", "") for n, d in g.nodes(data=True)}
    assert any("Hub" in r for r in roles.values())
    # Zachary's instructor (0) and president (33) are the hubs of the club.
    assert "Hub" in roles["karate:0"] and "Hub" in roles["karate:33"]
    assert all(any(k.startswith("netnp_") and k not in ("netnp_roles", "netnp_source", "netnp_import_id",
                                                         "netnp_imported_at") for k in d) for _, d in g.nodes(data=True))
    # Only the club's own ties go out: the analysis adds no relationship.
    club = nx.karate_club_graph()
    assert g.number_of_edges() == club.number_of_edges()
    assert {d["type"] if "type" in d else d.get("label") for _, _, d in g.edges(data=True)} <= {"KNOWS"}


def test_db_stats_count_the_data_after_an_analysis(runner):
    from netnp.analysis import run_analysis
    from netnp.samples import load_sample

    load_sample(runner, "karate")
    run_analysis(runner, "all")
    stats = database.stats(runner)
    assert stats["ties"]["total"] == nx.karate_club_graph().number_of_edges()
    assert not any(t.startswith("NETNP_") for t in stats["ties"]["by_type"])
