"""`netnp import FILE` for GraphML, GEXF and node-link JSON, checked against networkx's own writers."""

from __future__ import annotations

import json

import networkx as nx
import pytest
from import_helpers import nodes, tie_properties, ties, write, write_networkx

from netnp import database
from netnp.importing.importer import ImportRejected, import_files


def _karate_with_kinds() -> nx.Graph:
    g = nx.karate_club_graph()
    for n, d in g.nodes(data=True):
        d["kind"] = "person"
        d["name"] = f"Membre {n} é"
    return g


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json"])
def test_networkx_files_import_with_their_attributes(runner, tmp_path, fmt):
    g = _karate_with_kinds()
    path = write_networkx(g, tmp_path / f"karate.{fmt}")
    report = import_files(runner, graphs=[path], default_type="KNOWS")
    assert (report.nodes_written, report.ties_written) == (34, 78)
    got = nodes(runner)
    assert {n: (d["kind"], d["name"], d["club"]) for n, d in got.items()} == {
        str(n): ("Person", f"Membre {n} é", d["club"]) for n, d in g.nodes(data=True)}
    assert {(s, t, w) for s, _, t, _, w, _, _ in ties(runner)} == {
        (str(a), str(b), float(d["weight"])) for a, b, d in g.edges(data=True)}
    import_files(runner, graphs=[path])
    assert database.stats(runner)["ties"]["total"] == 78


def test_graphml_without_kinds_takes_the_defaults_and_edge_types(runner, tmp_path):
    g = nx.MultiDiGraph()
    g.add_node("o:1", kind="organization", label="Asso")
    g.add_node("p:1")
    g.add_edge("p:1", "o:1", type="MEMBER_OF", since="2020-01-01")
    g.add_edge("p:1", "o:1", type="DONATES_TO", weight=50.0, channel="Web")
    g.add_edge("p:1", "o:1")
    path = tmp_path / "g.graphml"
    nx.write_graphml(g, path)
    import_files(runner, graphs=[path], default_kind="person", default_type="FOLLOWS")
    assert nodes(runner) == {"o:1": {"kind": "Organization", "name": "Asso"}, "p:1": {"kind": "Person", "name": "p:1"}}
    assert ties(runner) == {("p:1", "MEMBER_OF", "o:1", "unspecified", 1.0, "2020-01-01", None): 1,
                            ("p:1", "DONATES_TO", "o:1", "web", 50.0, None, None): 1,
                            ("p:1", "FOLLOWS", "o:1", "unspecified", 1.0, None, None): 1}


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
@pytest.mark.parametrize("graph_directed", [False, True])
def test_the_files_direction_of_each_edge_becomes_the_ties_directed_field(runner, tmp_path, fmt, graph_directed):
    # networkx writes the graph's default (edgedefault / defaultedgetype); one
    # edge of the other direction is then marked on the edge itself, as Gephi does
    g = nx.DiGraph() if graph_directed else nx.Graph()
    g.add_edges_from([("a", "b"), ("b", "c"), ("c", "d")])
    path = tmp_path / f"g.{fmt}"
    (nx.write_graphml if fmt == "graphml" else nx.write_gexf)(g, path)
    text = path.read_text(encoding="utf-8")
    other = "false" if graph_directed else "true"
    marker = f'directed="{other}"' if fmt == "graphml" else f'type="{"undirected" if graph_directed else "directed"}"'
    first_edge = text.index("<edge ")
    text = text[:first_edge] + f"<edge {marker} " + text[first_edge + len("<edge "):]
    path.write_text(text, encoding="utf-8")
    import_files(runner, graphs=[path], default_type="KNOWS")
    first = next(iter(g.edges))
    got = {(s, t): props.get("directed") for (s, _type, t, _ch), props in tie_properties(runner).items()}
    assert got == {(str(a), str(b)): (not graph_directed) if (a, b) == first else graph_directed for a, b in g.edges}


def test_bad_rows_in_graphml_name_the_line(runner, tmp_path):
    path = write(tmp_path / "bad.graphml", """<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <key id="k" for="node" attr.name="kind" attr.type="string"/>
  <key id="t" for="edge" attr.name="type" attr.type="string"/>
  <key id="w" for="edge" attr.name="weight" attr.type="double"/>
  <graph edgedefault="directed">
    <node id="a"><data key="k">person</data></node>
    <node id="b"><data key="k">alien</data></node>
    <edge source="a" target="a"><data key="t">KNOWS]->() DELETE a //</data></edge>
    <edge source="a" target="a"><data key="w">heavy</data></edge>
    <edge source="a" target="zz"/>
  </graph>
</graphml>
""")
    with pytest.raises(ImportRejected) as err:
        import_files(runner, graphs=[path])
    assert [(p.where, p.field) for p in err.value.problems] == [(8, "kind"), (9, "type"), (10, "weight"), (11, "target")]
    assert database.stats(runner)["nodes"]["total"] == 0


def test_graphml_keys_belong_to_the_elements_their_for_names(runner, tmp_path):
    # Gephi names each key after its column, so a node key and an edge key may
    # share an id; each <data> takes the key declared for its element (or for="all").
    path = write(tmp_path / "gephi.graphml", """<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <key id="0" for="graph" attr.name="created" attr.type="long"/>
  <key id="0" for="node" attr.name="club" attr.type="string"/>
  <key id="0" for="edge" attr.name="weight" attr.type="double"/>
  <key id="1" for="node" attr.name="member" attr.type="boolean"/>
  <key id="1" for="edge" attr.name="since" attr.type="string"/>
  <key id="2" attr.name="survey" attr.type="string"><default>2024</default></key>
  <graph edgedefault="undirected">
    <data key="0">not a number, and not for a node or an edge</data>
    <node id="a"><data key="0">Mr. Hi</data><data key="1">true</data></node>
    <node id="b"><data key="0">Officer</data><data key="1">false</data><data key="2">2023</data></node>
    <edge source="a" target="b"><data key="0">2.5</data><data key="1">2021-09-01</data></edge>
  </graph>
</graphml>
""")
    report = import_files(runner, graphs=[path], default_kind="person", default_type="KNOWS")
    assert (report.nodes_written, report.ties_written, report.rejected) == (2, 1, 0)
    assert nodes(runner) == {"a": {"kind": "Person", "name": "a", "club": "Mr. Hi", "member": True, "survey": "2024"},
                             "b": {"kind": "Person", "name": "b", "club": "Officer", "member": False, "survey": "2023"}}
    assert ties(runner) == {("a", "KNOWS", "b", "unspecified", 2.5, "2021-09-01", None): 1}
    assert tie_properties(runner)[("a", "KNOWS", "b", "unspecified")]["survey"] == "2024"


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_netnp_attributes_are_ignored_before_their_types_are_checked(runner, tmp_path, fmt):
    # Analysis results come back from Gephi with whatever types it gave them; they are
    # recomputed, never imported, so a value that does not fit its declared type is no error.
    if fmt == "graphml":
        text = """<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <key id="k" for="node" attr.name="kind" attr.type="string"/>
  <key id="b" for="node" attr.name="netnp_bridge" attr.type="boolean"><default>maybe</default></key>
  <key id="b" for="edge" attr.name="NETNP_Bridge" attr.type="boolean"/>
  <key id="r" for="node" attr.name="netnp_pagerank" attr.type="double"/>
  <graph edgedefault="undirected">
    <node id="a"><data key="k">person</data><data key="r">high</data></node>
    <node id="b"><data key="k">person</data><data key="b">0.0049</data></node>
    <edge source="a" target="b"><data key="b">0.0</data></edge>
  </graph>
</graphml>
"""
    else:
        text = """<?xml version="1.0" encoding="UTF-8"?>
<gexf xmlns="http://gexf.net/1.3" version="1.3">
  <graph defaultedgetype="undirected" mode="static">
    <attributes class="node" mode="static">
      <attribute id="kind" title="kind" type="string"/>
      <attribute id="netnp_bridge" title="netnp_bridge" type="boolean"><default>maybe</default></attribute>
      <attribute id="netnp_pagerank" title="netnp_pagerank" type="double"/>
    </attributes>
    <attributes class="edge" mode="static">
      <attribute id="netnp_bridge" title="NETNP_Bridge" type="boolean"/>
    </attributes>
    <nodes>
      <node id="a" label="A"><attvalues><attvalue for="kind" value="person"/><attvalue for="netnp_pagerank" value="high"/></attvalues></node>
      <node id="b" label="B"><attvalues><attvalue for="kind" value="person"/><attvalue for="netnp_bridge" value="0.0049"/></attvalues></node>
    </nodes>
    <edges>
      <edge id="0" source="a" target="b" label="KNOWS"><attvalues><attvalue for="netnp_bridge" value="0.0"/></attvalues></edge>
    </edges>
  </graph>
</gexf>
"""
    report = import_files(runner, graphs=[write(tmp_path / f"results.{fmt}", text)])
    assert (report.nodes_written, report.ties_written, report.rejected) == (2, 1, 0)
    assert set(nodes(runner)) == {"a", "b"}
    assert all(not k.lower().startswith("netnp_") or k in ("netnp_source", "netnp_import_id", "netnp_imported_at")
               for props in tie_properties(runner).values() for k in props)
    stored = runner.read("export/nodes")
    assert not any(k in row["properties"] for row in stored for k in ("netnp_bridge", "netnp_pagerank"))


@pytest.mark.parametrize("text, words", [
    ('<?xml version="1.0"?>\n<!DOCTYPE g [<!ENTITY x "xxxxxxxx"><!ENTITY y "&x;&x;&x;&x;">]>\n<graphml><graph/></graphml>',
     "DOCTYPE"),
    ('<?xml version="1.0"?>\n<graphml><graph>\n<node id="a">\n</graph></graphml>', "line 4"),
    ('<gexf><graph/></gexf>', "root element"),
    ("", "not well-formed"),
])
def test_unsafe_or_broken_xml_is_refused(runner, tmp_path, text, words):
    path = write(tmp_path / "x.graphml", text)
    with pytest.raises(ImportRejected) as err:
        import_files(runner, graphs=[path])
    assert words in str(err.value)


def test_json_positions_name_the_item(runner, tmp_path):
    data = {"nodes": [{"id": "a", "kind": "person"}, {"kind": "person"}],
            "links": [{"source": "a", "target": "a", "type": "KNOWS", "since": "hier"}]}
    path = write(tmp_path / "g.json", json.dumps(data))
    with pytest.raises(ImportRejected) as err:
        import_files(runner, graphs=[path])
    assert [(p.where, p.field) for p in err.value.problems] == [("nodes[1]", "id"), ("links[0]", "since")]


def test_json_is_read_as_a_stream(tmp_path):
    from netnp.importing import jsonfile
    from netnp.importing.problems import SourceError

    # Items come out one by one, before the parser reaches the end of the file:
    # the broken tail is only seen after the first nodes were produced.
    path = write(tmp_path / "g.json", '{"directed": true, "nodes": [{"id": "a"}, {"id": "b", "tags": [1, {"x": 2.5}]}, {"id": ')
    items = jsonfile.read_graph(path)
    assert next(items) == ("node", "nodes[0]", {"id": "a"})
    assert next(items) == ("node", "nodes[1]", {"id": "b", "tags": [1, {"x": 2.5}]})
    with pytest.raises(SourceError, match="not valid JSON"):
        next(items)


def test_json_edges_may_come_before_the_nodes(runner, tmp_path):
    g = nx.les_miserables_graph()
    data = nx.node_link_data(g, edges="links")
    path = write(tmp_path / "lesmis.json", json.dumps({"links": data["links"], "graph": data["graph"], "nodes": data["nodes"],
                                                       "directed": False, "multigraph": False}))
    report = import_files(runner, graphs=[path])
    assert (report.nodes_written, report.ties_written) == (g.number_of_nodes(), g.number_of_edges())
    assert {(s, t, w) for s, _, t, _, w, _, _ in ties(runner)} == {
        (a, b, float(d["weight"])) for a, b, d in g.edges(data=True)}


@pytest.mark.parametrize("text, words", [
    ('[{"id": "a"}]', "node-link"),
    ('{"nodes": [], "edges": {"a": 1}}', '"edges" must be a list'),
    ('{"nodes": [{"id": "a"}], "edges": [}', "not valid JSON"),
])
def test_broken_json_is_refused(runner, tmp_path, text, words):
    with pytest.raises(ImportRejected) as err:
        import_files(runner, graphs=[write(tmp_path / "g.json", text)])
    assert words in str(err.value)
    assert database.stats(runner)["nodes"]["total"] == 0


def test_unknown_suffix_is_refused(runner, tmp_path):
    from netnp.errors import InputError

    with pytest.raises(InputError, match="--nodes"):
        import_files(runner, graphs=[write(tmp_path / "g.csv", "id\n")])
