"""`netnp import` of Gephi's spreadsheet CSV (Gephi's "Import spreadsheet" and
Data Laboratory "Export table"): nodes `Id,Label,…`, edges
`Source,Target,Type,Id,Label,Weight` with `Type` Directed or Undirected; and
the `--kind` and `--type` defaults, which fill in what any file lacks."""

from __future__ import annotations

import csv
import io

import networkx as nx
import pytest
from import_helpers import nodes, tie_properties, ties, write, write_networkx

from netnp import database
from netnp.cli import main
from netnp.exporting import export_graph
from netnp.importing.importer import ImportRejected, import_files


def _cli(runner, *args: str) -> None:
    s = runner.settings
    try:
        main(["--uri", s.uri, "--user", s.user, "--password", s.password, "import", *args])
    except SystemExit as exc:
        assert exc.code in (None, 0), f"netnp import exited with {exc.code}"


def _gephi_table(header: list[str], rows: list[list[object]]) -> str:
    """A table as Gephi's Data Laboratory exports it: comma-separated, quoted where needed, LF."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def test_les_miserables_from_gephi_csv_is_networkx_graph(runner, tmp_path):
    g = nx.les_miserables_graph()
    number = {name: i for i, name in enumerate(g)}  # Gephi's node ids, the names as labels
    n = write(tmp_path / "lesmis-nodes.csv", _gephi_table(
        ["Id", "Label", "timeset"], [[number[name], name, ""] for name in g]))
    e = write(tmp_path / "lesmis-edges.csv", _gephi_table(
        ["Source", "Target", "Type", "Id", "Label", "timeset", "Weight"],
        [[number[a], number[b], "Undirected", k, "", "", float(d["weight"])]
         for k, (a, b, d) in enumerate(g.edges(data=True))]))
    _cli(runner, "--nodes", str(n), "--edges", str(e))

    got = nodes(runner)
    assert len(got) == g.number_of_nodes()
    assert {node["name"] for node in got.values()} == set(g)
    assert all(node == {"kind": "Person", "name": node["name"]} for node in got.values())  # no Label, timeset, Id
    name = {node_id: node["name"] for node_id, node in got.items()}
    props = tie_properties(runner)
    assert len(props) == g.number_of_edges()
    assert {frozenset((name[s], name[t])): p["weight"] for (s, _, t, _), p in props.items()} == {
        frozenset((a, b)): float(d["weight"]) for a, b, d in g.edges(data=True)}
    assert {(key[1], p["directed"]) for key, p in props.items()} == {("KNOWS", False)}
    assert not any({"Id", "id", "label", "Label", "timeset"} & set(p) for p in props.values())


GEPHI_NODES = """Id,Label,Name,Category
a,Maison des Associations,,réseau
b,Amis de la Terre,AdlT,
c,,,collectif
"""
GEPHI_EDGES = """Source,Target,Type,Id,Label,Weight
a,b,Directed,0,PARTNERS_WITH,2.0
b,c,Undirected,1,collègues,1
c,a,DIRECTED,2,,
a,c,undirected,3,FUNDS,0.5
"""


def test_gephi_types_labels_and_the_defaults(runner, tmp_path):
    n, e = write(tmp_path / "n.csv", GEPHI_NODES), write(tmp_path / "e.csv", GEPHI_EDGES)
    _cli(runner, "--nodes", str(n), "--edges", str(e), "--kind", "organization", "--type", "KNOWS")
    assert nodes(runner) == {
        "a": {"kind": "Organization", "name": "Maison des Associations", "Category": "réseau"},
        # a name column wins; the label is kept beside it
        "b": {"kind": "Organization", "name": "AdlT", "label": "Amis de la Terre"},
        "c": {"kind": "Organization", "name": "c", "Category": "collectif"},
    }
    # Type is the direction; a Label that is a tie type is the type, else the label
    assert ties(runner) == {
        ("a", "PARTNERS_WITH", "b", "unspecified", 2.0, None, None): 1,
        ("b", "KNOWS", "c", "unspecified", 1.0, None, None): 1,
        ("c", "KNOWS", "a", "unspecified", 1.0, None, None): 1,
        ("a", "FUNDS", "c", "unspecified", 0.5, None, None): 1,
    }
    props = tie_properties(runner)
    assert {key[0] + key[2]: (p["directed"], p.get("label")) for key, p in props.items()} == {
        "ab": (True, None), "bc": (False, "collègues"), "ca": (True, None), "ac": (False, None)}


def test_the_directed_column_and_its_mistakes(runner, tmp_path):
    n = write(tmp_path / "n.csv", "id\na\nb\n")
    e = write(tmp_path / "e.csv", "source,target,type,directed,channel\n"
                                  "a,b,KNOWS,true,email\na,b,KNOWS,No,twitter\nb,a,Undirected,false,email\n"
                                  "b,a,FOLLOWS,,twitter\n")
    import_files(runner, nodes=n, edges=e)
    assert {key: p.get("directed") for key, p in tie_properties(runner).items()} == {
        ("a", "KNOWS", "b", "email"): True, ("a", "KNOWS", "b", "twitter"): False,
        ("b", "KNOWS", "a", "email"): False, ("b", "FOLLOWS", "a", "twitter"): None}
    # an emptied cell clears what an earlier import said
    again = write(tmp_path / "e2.csv", "source,target,type,directed,channel\na,b,KNOWS,,email\n")
    import_files(runner, edges=again)
    assert "directed" not in tie_properties(runner)[("a", "KNOWS", "b", "email")]
    bad = write(tmp_path / "bad.csv", "Source,Target,Type,Directed\na,b,Undirected,true\na,b,KNOWS,maybe\n")
    with pytest.raises(ImportRejected) as err:
        import_files(runner, edges=bad)
    assert [(p.where, p.field) for p in err.value.problems] == [(2, "directed"), (3, "directed")]
    assert "contradicts type 'Undirected'" in err.value.problems[0].reason


@pytest.mark.parametrize("fmt", [".csv", ".graphml", ".json"])
def test_directed_goes_out_with_netnp_export_and_comes_back(runner, tmp_path, fmt):
    import_files(runner, nodes=write(tmp_path / "n.csv", GEPHI_NODES), edges=write(tmp_path / "e.csv", GEPHI_EDGES))
    before = {key: p["directed"] for key, p in tie_properties(runner).items()}
    out = tmp_path / f"out{fmt}"
    export_graph(runner, out)
    database.reset(runner)
    if fmt == ".csv":
        import_files(runner, nodes=tmp_path / "out.nodes.csv", edges=tmp_path / "out.edges.csv")
    else:
        import_files(runner, graphs=[out])
    assert {key: p["directed"] for key, p in tie_properties(runner).items()} == before


def test_a_csv_without_kind_or_type_columns_takes_the_defaults(runner, tmp_path):
    n = write(tmp_path / "n.csv", "ID,Label\np:1,Un\np:2,Deux\n")
    e = write(tmp_path / "e.csv", "SOURCE,TARGET,WEIGHT\np:1,p:2,3\n")
    _cli(runner, "--nodes", str(n), "--edges", str(e), "--type", "FOLLOWS")
    assert nodes(runner) == {"p:1": {"kind": "Person", "name": "Un"}, "p:2": {"kind": "Person", "name": "Deux"}}
    assert ties(runner) == {("p:1", "FOLLOWS", "p:2", "unspecified", 3.0, None, None): 1}
    assert "directed" not in tie_properties(runner)[("p:1", "FOLLOWS", "p:2", "unspecified")]


def _partly_typed_graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.add_node("o:1", kind="organization", label="Asso")
    g.add_node("p:1", label="Ana")
    g.add_node("p:2", kind="", label="Bob")
    g.add_edge("p:1", "o:1", label="MEMBER_OF")
    g.add_edge("p:1", "p:2", label="")
    g.add_edge("p:2", "o:1")
    return g


@pytest.mark.parametrize("fmt", ["csv", "graphml", "gexf", "json"])
def test_kind_and_type_fill_in_only_what_each_format_lacks(runner, tmp_path, fmt):
    g = _partly_typed_graph()
    if fmt == "csv":
        n = write(tmp_path / "n.csv", _gephi_table(["id", "kind", "label"], [[v, d.get("kind", ""), d["label"]]
                                                                              for v, d in g.nodes(data=True)]))
        e = write(tmp_path / "e.csv", _gephi_table(["source", "target", "type"], [[a, b, d.get("label", "")]
                                                                                  for a, b, d in g.edges(data=True)]))
        args = ["--nodes", str(n), "--edges", str(e)]
    else:
        args = [str(write_networkx(g, tmp_path / f"g.{fmt}"))]
    _cli(runner, *args, "--kind", "organisation", "--type", "PARTNERS_WITH")
    assert {v: (d["kind"], d["name"]) for v, d in nodes(runner).items()} == {
        "o:1": ("Organization", "Asso"), "p:1": ("Organization", "Ana"), "p:2": ("Organization", "Bob")}
    assert {(s, t, tgt) for s, t, tgt, *_ in ties(runner)} == {
        ("p:1", "MEMBER_OF", "o:1"), ("p:1", "PARTNERS_WITH", "p:2"), ("p:2", "PARTNERS_WITH", "o:1")}
