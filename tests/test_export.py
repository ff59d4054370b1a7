"""Round trips: CSV → Neo4j → GraphML, GEXF, JSON, CSV → networkx (or netnp) gives an equal graph."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections import Counter

import networkx as nx
import pytest
from import_helpers import nodes, tie_properties, ties, write

from netnp import database
from netnp.exporting import csv_paths, export_graph
from netnp.importing.importer import import_files

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


def _unordered(ties: Counter) -> Counter:
    """Ties with their two ends as a set, as an undirected graph gives them."""
    return Counter({(frozenset((a, b)), *rest): n for (a, b, *rest), n in ties.items()})


@pytest.mark.parametrize("directed", [True, False], ids=["directed-run", "undirected-run"])
def test_graphml_and_gexf_round_trip_to_networkx(imported, tmp_path, directed):
    # After an analysis every tie takes the run's direction, so that the graph is
    # all directed or all undirected, which networkx's readers need.
    from netnp.analysis import run_analysis
    from netnp.analysis.engine import Scope

    run_analysis(imported, "hubs", Scope(directed=directed))
    expected = EXPECTED_TIES if directed else _unordered(EXPECTED_TIES)

    path = tmp_path / "out.graphml"
    assert export_graph(imported, path)["ties"] == 5
    g = nx.read_graphml(path)
    assert g.is_directed() is directed and g.is_multigraph()  # two KNOWS ties between the same pair
    # the "label" data that Gephi and yEd show is the node's name, or its id when it has none
    assert {n: d.pop("label") for n, d in g.nodes(data=True)} == {n: d.get("name", n) for n, d in EXPECTED_NODES.items()}
    assert {n: _user_attributes(d) for n, d in g.nodes(data=True)} == EXPECTED_NODES
    got = Counter(_tie_key(a, b, d) for a, b, d in g.edges(data=True))
    assert (got if directed else _unordered(got)) == expected
    assert {d["note"] for _, _, d in g.edges(data=True) if "note" in d} == {'il a dit "oui" <b>&amp;</b>'}

    path = tmp_path / "out.gexf"
    export_graph(imported, path)
    g = nx.read_gexf(path, version="1.3")
    assert g.is_directed() is directed
    got = {n: {("name" if k == "label" else k): v for k, v in _user_attributes(d).items()} for n, d in g.nodes(data=True)}
    assert got == EXPECTED_NODES
    got = Counter(_tie_key(a, b, d) for a, b, d in g.edges(data=True))
    assert (got if directed else _unordered(got)) == expected
    assert all(d["label"] == d["type"] for _, _, d in g.edges(data=True))

    path = tmp_path / "out.json"
    export_graph(imported, path)
    assert json.loads(path.read_text(encoding="utf-8"))["directed"] is directed


GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"


def _graphml_directions(path) -> tuple[str, Counter]:
    """GraphML's edgedefault, and the count of (type, channel, the edge's own ``directed``)."""
    root = ET.parse(path).getroot()
    keys = {(k.get("for"), k.get("attr.name")): k.get("id") for k in root.iter(f"{GRAPHML}key")}
    graph = root.find(f"{GRAPHML}graph")

    def data(edge, name):
        return next(d.text for d in edge.iter(f"{GRAPHML}data") if d.get("key") == keys[("edge", name)])

    return graph.get("edgedefault"), Counter((data(e, "type"), data(e, "channel"), e.get("directed"))
                                             for e in graph.iter(f"{GRAPHML}edge"))


def _gexf_directions(path) -> tuple[str | None, Counter]:
    """GEXF's defaultedgetype, and the count of (type, channel, the edge's own ``type``)."""
    root = ET.parse(path).getroot()
    ns = root.tag[: root.tag.index("}") + 1]
    graph = root.find(f"{ns}graph")
    titles = {a.get("id"): a.get("title") for a in graph.iterfind(f"{ns}attributes[@class='edge']/{ns}attribute")}

    def channel(edge):
        return next(v.get("value") for v in edge.iter(f"{ns}attvalue") if titles[v.get("for")] == "channel")

    return graph.get("defaultedgetype"), Counter((e.get("label"), channel(e), e.get("type"))
                                                 for e in graph.iter(f"{ns}edge"))


def test_without_an_analysis_symmetric_ties_go_out_undirected(imported, tmp_path):
    report = export_graph(imported, tmp_path / "net.graphml")
    assert (report["directed_ties"], report["undirected_ties"], report["default_edge_type"]) == (3, 2, "directed")
    assert _graphml_directions(tmp_path / "net.graphml") == ("directed", Counter({
        ("VOLUNTEERS_FOR", "offline", None): 1, ("WORKS_FOR", "unspecified", None): 1, ("PUBLISHES", "web", None): 1,
        ("KNOWS", "email", "false"): 1, ("KNOWS", "twitter", "false"): 1}))
    # GEXF has no mixed default (Gephi drops a tie whose type contradicts the
    # default): no default, and every tie says its direction.
    export_graph(imported, tmp_path / "net.gexf")
    assert _gexf_directions(tmp_path / "net.gexf") == (None, Counter({
        ("VOLUNTEERS_FOR", "offline", "directed"): 1, ("WORKS_FOR", "unspecified", "directed"): 1,
        ("PUBLISHES", "web", "directed"): 1, ("KNOWS", "email", "undirected"): 1, ("KNOWS", "twitter", "undirected"): 1}))


@pytest.mark.parametrize("directed", [True, False], ids=["directed-run", "undirected-run"])
def test_a_ties_own_directed_property_overrides_the_run(imported, tmp_path, directed):
    from netnp.analysis import run_analysis
    from netnp.analysis.engine import Scope

    # Typed booleans, as a Gephi file's tie direction would be imported.
    extra = {"nodes": [], "edges": [
        {"source": "p:ana", "target": "p:zoé", "type": "KNOWS", "channel": "phone", "directed": True},
        {"source": "p:ana", "target": "o:asso", "type": "MEMBER_OF", "directed": False},
    ]}
    import_files(imported, graphs=[write(tmp_path / "extra.json", json.dumps(extra))])
    run_analysis(imported, "hubs", Scope(directed=directed))
    export_graph(imported, tmp_path / "net.graphml")
    export_graph(imported, tmp_path / "net.gexf")

    run_ties = [("VOLUNTEERS_FOR", "offline"), ("WORKS_FOR", "unspecified"), ("PUBLISHES", "web"),
                ("KNOWS", "email"), ("KNOWS", "twitter")]
    own = {("KNOWS", "phone"): True, ("MEMBER_OF", "unspecified"): False}
    word = {True: "true", False: "false"}
    expected = Counter({(t, c, None): 1 for t, c in run_ties})
    expected.update((t, c, None if d == directed else word[d]) for (t, c), d in own.items())
    assert _graphml_directions(tmp_path / "net.graphml") == ("directed" if directed else "undirected", expected)
    gexf_word = {True: "directed", False: "undirected"}
    expected = Counter({(t, c, gexf_word[directed]): 1 for t, c in run_ties})
    expected.update((t, c, gexf_word[d]) for (t, c), d in own.items())
    assert _gexf_directions(tmp_path / "net.gexf") == (None, expected)


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


DATED_EDGES = """source,target,type,channel,date,observation,weight,since,until
p:zoé,p:ana,KNOWS,email,2022-01-10,<a|1@x>,2,,
p:zoé,p:ana,KNOWS,email,2022-01-10,<a|2@x>,1,,
p:zoé,p:ana,KNOWS,email,2022-03-05,,4,,
p:ana,o:asso,WORKS_FOR,,2021-02-01,,1,2019-01-01,2020-12-31
p:ana,o:asso,WORKS_FOR,,2023-02-01,,2,2019-01-01,2020-12-31
"""


def _observations(runner) -> dict:
    return {identity: (props.get("observed"), props.get("observed_weight"), props.get("observed_key"),
                       props.get("since"), props.get("until"), props.get("weight"))
            for identity, props in tie_properties(runner).items()}


@pytest.mark.parametrize("suffix", [".graphml", ".gexf", ".json", ".csv"])
def test_observations_survive_export_and_import(imported, tmp_path, suffix):
    import_files(imported, edges=write(tmp_path / "dated.csv", DATED_EDGES))
    before, before_nodes, before_ties = _observations(imported), nodes(imported), ties(imported)
    assert before[("p:zoé", "KNOWS", "p:ana", "email")][0] == ["2022-01-10", "2022-01-10", "2022-03-05"]
    path = tmp_path / f"net{suffix}"
    export_graph(imported, path)
    database.reset(imported)
    if suffix == ".csv":
        nodes_path, edges_path = csv_paths(path)
        import_files(imported, nodes=nodes_path, edges=edges_path)
    else:
        import_files(imported, graphs=[path])
    assert _observations(imported) == before
    assert (nodes(imported), ties(imported)) == (before_nodes, before_ties)
    import_files(imported, graphs=[path]) if suffix != ".csv" else import_files(imported, edges=csv_paths(path)[1])
    assert _observations(imported) == before  # importing the export again adds no observation


GEXF13 = "{http://gexf.net/1.3}"


def test_gexf_export_is_dynamic_with_spells_from_since_until_and_observations(imported, tmp_path):
    from netnp.analysis import run_analysis
    from netnp.analysis.engine import Scope

    import_files(imported, edges=write(tmp_path / "dated.csv", DATED_EDGES))
    run_analysis(imported, "hubs", Scope(directed=True))  # every tie directed, as networkx's reader needs
    path = tmp_path / "net.gexf"
    export_graph(imported, path)
    root = ET.parse(path).getroot()
    assert root.tag == f"{GEXF13}gexf" and root.get("version") == "1.3"
    graph = root.find(f"{GEXF13}graph")
    assert (graph.get("mode"), graph.get("timeformat")) == ("dynamic", "date")
    titles = {a.get("id"): a.get("title") for a in graph.iterfind(f"{GEXF13}attributes[@class='edge']/{GEXF13}attribute")}
    spells = {}
    for edge in graph.iter(f"{GEXF13}edge"):
        values = {titles[v.get("for")]: v.get("value") for v in edge.iter(f"{GEXF13}attvalue")}
        spells[(edge.get("source"), edge.get("target"), edge.get("label"), values["channel"])] = [
            (s.get("start"), s.get("end")) for s in edge.iterfind(f"{GEXF13}spells/{GEXF13}spell")]
    assert spells[("p:zoé", "p:ana", "KNOWS", "email")] == [("2022-01-10", "2022-01-10"), ("2022-03-05", "2022-03-05")]
    assert spells[("p:ana", "o:asso", "WORKS_FOR", "unspecified")] == [
        ("2019-01-01", "2020-12-31"), ("2021-02-01", "2021-02-01"), ("2023-02-01", "2023-02-01")]
    assert spells[("p:zoé", "o:asso", "VOLUNTEERS_FOR", "offline")] == [("2021-09-01", None)]
    assert spells[("p:zoé", "p:ana", "KNOWS", "twitter")] == []  # no date: there all the time
    # networkx reads the spells as GEXF 1.3 defines them
    g = nx.read_gexf(path, version="1.3")
    read = {(a, b, d["label"], d["channel"]): d.get("spells", []) for a, b, d in g.edges(data=True)}
    def bound(value):  # networkx's reader turns an open end into the text 'None'
        return None if value in (None, "None") else value

    assert {k: [(bound(a), bound(b)) for a, b in v] for k, v in read.items() if v} == \
        {k: v for k, v in spells.items() if v}


def test_dynamic_gexf_spells_become_since_and_until(runner, tmp_path):
    """A dynamic GEXF written to the 1.3 spec by another tool: spells, and an edge's own start and end."""
    path = write(tmp_path / "dyn.gexf", """<?xml version="1.0" encoding="UTF-8"?>
<gexf xmlns="http://gexf.net/1.3" version="1.3">
  <graph mode="dynamic" defaultedgetype="undirected" timeformat="date">
    <nodes><node id="a" label="A"/><node id="b" label="B"/><node id="c" label="C"/><node id="d" label="D"/></nodes>
    <edges>
      <edge id="0" source="a" target="b"><spells><spell start="2020-01-01" end="2020-06-30"/>
        <spell start="2021-01-01" end="2021-03-31"/></spells></edge>
      <edge id="1" source="b" target="c" start="2019-05-01"/>
      <edge id="2" source="c" target="d"><spells><spell end="2018-12-31"/></spells></edge>
      <edge id="3" source="a" target="d"/>
    </edges>
  </graph>
</gexf>
""")
    import_files(runner, graphs=[path])
    got = {(s, t): (since, until) for s, _, t, _, _, since, until in ties(runner)}
    assert got == {("a", "b"): ("2020-01-01", "2021-03-31"), ("b", "c"): ("2019-05-01", None),
                   ("c", "d"): (None, "2018-12-31"), ("a", "d"): (None, None)}
