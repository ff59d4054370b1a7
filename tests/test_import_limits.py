"""What Neo4j itself refuses is refused by the checks, before anything is written; a write the
server stops anyway names its batch and first row, and running the same command again completes it.

The server is the oracle: the longest text the checks let into an index is
written whole, a slightly longer one makes the server refuse its
transaction. Values that only the server refuses (a constraint netnp does
not know, added by the test) stop an import in the middle of its write.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from import_helpers import nodes, tie_properties, ties, write
from test_cli import netnp, server_env

from netnp import database, model
from netnp.graphwrite import BatchFailed, Provenance, entity_row, write_graph
from netnp.importing.importer import ImportRejected, import_files
from netnp.importing.limits import MAX_INDEXED_BYTES
from netnp.modules import ModuleLibrary

TEST_MODULES = ModuleLibrary(Path(__file__).parent / "cypher")


def _rejected(call, *where: tuple[str, object, str]) -> ImportRejected:
    """Run an import that must be refused; check that each (file, line, field) is among its problems."""
    with pytest.raises(ImportRejected) as caught:
        call()
    found = {(p.file, p.where, p.field) for p in caught.value.problems}
    for expected in where:
        assert expected in found, (expected, [str(p) for p in caught.value.problems])
    return caught.value


def _empty(runner) -> bool:
    return database.stats(runner)["nodes"]["total"] == 0


# -- the server's limit on an index entry --------------------------------------------
def test_the_longest_id_and_name_the_checks_let_through_are_written_whole(runner, tmp_path):
    # "é" takes two bytes in UTF-8, "€" three: both texts are exactly MAX_INDEXED_BYTES long
    longest_id = "é" * (MAX_INDEXED_BYTES // 2)
    longest_name = "€" * (MAX_INDEXED_BYTES // 3) + "ab"
    assert len(longest_id.encode()) == len(longest_name.encode()) == MAX_INDEXED_BYTES
    n = write(tmp_path / "nodes.csv", f"id,kind,name\n{longest_id},person,{longest_name}\np:b,person,B\n")
    e = write(tmp_path / "edges.csv", f"source,target\n{longest_id},p:b\n")
    import_files(runner, nodes=n, edges=e)
    assert nodes(runner)[longest_id]["name"] == longest_name
    assert sum(ties(runner).values()) == 1


def test_the_server_refuses_a_name_just_longer_than_an_index_entry(runner):
    # what the checks guard against: past its own limit, the server refuses the whole transaction
    too_long = "x" * 8_165
    with pytest.raises(BatchFailed) as caught:
        write_graph(runner, [entity_row("p:a", "Person", "A"), entity_row("p:long", "Person", too_long)], [],
                    Provenance("test"))
    assert "too large to index" in str(caught.value.cause)
    assert "of import/create_entities (1 row, the first 'p:long')" in str(caught.value)
    assert "p:long" not in nodes(runner)


@pytest.mark.parametrize("fmt", ["csv", "json", "graphml"])
def test_an_id_name_or_alias_longer_than_an_index_entry_is_refused_before_anything_is_written(runner, tmp_path, fmt):
    # Longer than an index entry, shorter than the readers' limit on one value; the
    # 9 MB name that a server once refused after 29,561 of 30,001 nodes is now past
    # that limit (tests/test_parse_limits.py)
    long_name = "n" * (MAX_INDEXED_BYTES + 1)
    long_id = "i" * (MAX_INDEXED_BYTES + 1)
    long_alias = "é" * (MAX_INDEXED_BYTES // 2 + 1)
    if fmt == "csv":
        path = write(tmp_path / "nodes.csv", f"id,kind,name,aliases\np:a,person,A,\np:b,person,{long_name},\n"
                                             f"{long_id},person,C,\np:d,person,D,{long_alias}\n")
        _rejected(lambda: import_files(runner, nodes=path),
                  ("nodes.csv", 3, "name"), ("nodes.csv", 4, "id"), ("nodes.csv", 5, "aliases"))
    elif fmt == "json":
        path = tmp_path / "g.json"
        # (a value of 9 MB is past the JSON reader's own limits: tests/test_hostile_json.py)
        long_name = "🙂" * (MAX_INDEXED_BYTES // 4 + 1)
        path.write_text(json.dumps({"nodes": [{"id": "p:a"}, {"id": "p:b", "name": long_name}, {"id": long_id},
                                              {"id": "p:d", "aliases": ["d", long_alias]}],
                                    "edges": [{"source": "p:a", "target": long_id}]}))
        _rejected(lambda: import_files(runner, graphs=[path]),
                  ("g.json", "nodes[1]", "name"), ("g.json", "nodes[2]", "id"), ("g.json", "nodes[3]", "aliases"),
                  ("g.json", "edges[0]", "target"))
    else:
        path = write(tmp_path / "g.graphml", f"""<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <key id="label" for="node" attr.name="label" attr.type="string"/>
  <graph edgedefault="undirected">
    <node id="p:a"/>
    <node id="p:b"><data key="label">{long_name}</data></node>
    <node id="{long_id}"/>
  </graph>
</graphml>
""")
        _rejected(lambda: import_files(runner, graphs=[path]), ("g.graphml", 6, "label"), ("g.graphml", 7, "id"))
    assert _empty(runner)


# -- NUL characters -------------------------------------------------------------------
def test_nul_characters_in_a_csv_are_refused_with_their_line_and_column(runner, tmp_path):
    n = write(tmp_path / "nodes.csv", 'id,kind,name,city\np:a,person,A,Lyon\np:\x00b,person,B,Lille\n'
                                      'p:c,person,"C\non two\x00 lines",Nantes\np:d,person,D,Li\x00lle\n')
    problems = _rejected(lambda: import_files(runner, nodes=n),
                         ("nodes.csv", 3, "id"), ("nodes.csv", 4, "name"), ("nodes.csv", 6, "city")).problems
    assert len(problems) == 3 and all("NUL" in p.reason for p in problems)
    header = write(tmp_path / "header.csv", "id,na\x00me\np:a,A\n")
    _rejected(lambda: import_files(runner, nodes=header), ("header.csv", 1, None))
    a = write(tmp_path / "aliases.csv", "alias,id\nana\x00,p:a\n")
    ok = write(tmp_path / "ok.csv", "id\np:a\n")
    _rejected(lambda: import_files(runner, nodes=ok, aliases=a), ("aliases.csv", 2, "alias"))
    assert _empty(runner)


def test_nul_characters_in_json_ids_names_and_attribute_names_are_refused(runner, tmp_path):
    path = tmp_path / "g.json"
    path.write_text(json.dumps({"nodes": [{"id": "p:a"}, {"id": "p:\u0000b"}, {"id": "p:c", "name": "C\u0000"},
                                          {"id": "p:d", "ci\u0000ty": "Lyon"}, {"id": "p:e", "note": "kept\u0000"}],
                                "edges": [{"source": "p:a", "target": "p:e", "w\u0000": 1}]}))
    _rejected(lambda: import_files(runner, graphs=[path]),
              ("g.json", "nodes[1]", "id"), ("g.json", "nodes[2]", "name"), ("g.json", "nodes[3]", "-"),
              ("g.json", "edges[0]", "-"))
    assert _empty(runner)


@pytest.mark.parametrize("nul", ["&#0;", "\x00"])
def test_xml_refuses_nul_characters_itself(runner, tmp_path, nul):
    path = write(tmp_path / "g.graphml", f"""<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <graph edgedefault="undirected">
    <node id="p:a"/>
    <node id="p:{nul}b"/>
  </graph>
</graphml>
""")
    problems = _rejected(lambda: import_files(runner, graphs=[path]), ("g.graphml", 5, None)).problems
    assert "not well-formed XML" in problems[0].reason
    assert _empty(runner)


# -- values Neo4j cannot store ------------------------------------------------------------
def test_values_neo4j_cannot_store_are_refused_with_their_field(runner, tmp_path):
    path = tmp_path / "g.json"
    path.write_text(json.dumps({"nodes": [{"id": "p:a", "tags": ["x", "y"]}, {"id": "p:b", "grid": [[1, 2], [3]]},
                                          {"id": "p:c", "scores": [1, 2]}],
                                "edges": [{"source": "p:a", "target": "p:c", "path": [["p:a"], ["p:c"]]}]}))
    _rejected(lambda: import_files(runner, graphs=[path]), ("g.json", "nodes[1]", "grid"), ("g.json", "edges[0]", "path"))
    graphml = write(tmp_path / "g.graphml", f"""<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <key id="n" for="node" attr.name="count" attr.type="long"/>
  <graph edgedefault="undirected">
    <node id="p:a"><data key="n">{(1 << 63) - 1}</data></node>
    <node id="p:b"><data key="n">{1 << 63}</data></node>
    <node id="p:c"><data key="n">{-(1 << 63)}</data></node>
  </graph>
</graphml>
""")
    _rejected(lambda: import_files(runner, graphs=[graphml]), ("g.graphml", 6, "count"))
    assert _empty(runner)
    # the largest and smallest 64-bit integers go in, and come back as they were
    graphml.write_text(graphml.read_text().replace(f"<node id=\"p:b\"><data key=\"n\">{1 << 63}</data></node>", ""))
    import_files(runner, graphs=[graphml])
    got = nodes(runner)
    assert (got["p:a"]["count"], got["p:c"]["count"]) == ((1 << 63) - 1, -(1 << 63))


# -- one id, two kinds -------------------------------------------------------------------
def test_one_id_with_two_kinds_in_one_import_is_refused_naming_both_rows(runner, tmp_path):
    n = write(tmp_path / "nodes.csv", "id,kind\np:a,person\no:x,organization\np:a,person\np:a,organization\n")
    problems = _rejected(lambda: import_files(runner, nodes=n), ("nodes.csv", 5, "kind")).problems
    assert len(problems) == 1 and "nodes.csv, line 2" in problems[0].reason
    # across the files of one import
    graphml = write(tmp_path / "a.graphml", """<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <key id="k" for="node" attr.name="kind" attr.type="string"/>
  <graph edgedefault="undirected">
    <node id="o:x"><data key="k">person</data></node>
  </graph>
</graphml>
""")
    ok = write(tmp_path / "ok.csv", "id,kind\no:x,organization\n")
    problems = _rejected(lambda: import_files(runner, nodes=ok, graphs=[graphml]), ("a.graphml", 5, "kind")).problems
    assert "ok.csv, line 2" in problems[0].reason
    assert _empty(runner)


def test_an_id_already_in_the_graph_takes_the_kind_the_file_gives(runner, tmp_path):
    import_files(runner, nodes=write(tmp_path / "n1.csv", "id,kind,name,city\nx,person,X,Lyon\ny,person,Y,\n"),
                 edges=write(tmp_path / "e1.csv", "source,target\nx,y\n"))
    import_files(runner, nodes=write(tmp_path / "n2.csv", "id,kind,name\nx,organization,X\n"))
    got = nodes(runner)
    assert (got["x"]["kind"], got["x"]["city"], len(got)) == ("Organization", "Lyon", 2)
    assert ties(runner) == {("x", "KNOWS", "y", model.DEFAULT_CHANNEL, 1.0, None, None): 1}


# -- a write that the server stops -----------------------------------------------------------
@pytest.fixture
def unique_email_and_ref(runner):
    """Constraints netnp does not check: only the server refuses what breaks them."""
    runner.write(TEST_MODULES.get("require_unique_email"))
    runner.write(TEST_MODULES.get("require_unique_ref"))
    try:
        yield
    finally:
        runner.write(TEST_MODULES.get("drop_unique_email"))
        runner.write(TEST_MODULES.get("drop_unique_ref"))


def _network(tmp_path: Path, bad_node: int | None, bad_tie: int | None) -> tuple[Path, Path]:
    """3,000 people in a ring of KNOWS ties, each with its own email and ref, but the bad ones."""
    people = 3000
    node_lines = ["id,kind,name,email"] + [f"p:{i},person,P{i},p{i}@example.org" for i in range(people)]
    tie_lines = ["source,target,type,ref"] + [f"p:{i},p:{(i + 1) % people},KNOWS,r{i}" for i in range(people)]
    if bad_node is not None:
        node_lines[1 + bad_node] = f"p:{bad_node},person,P{bad_node},p7@example.org"
    if bad_tie is not None:
        tie_lines[1 + bad_tie] = f"p:{bad_tie},p:{(bad_tie + 1) % people},KNOWS,r7"
    return (write(tmp_path / "nodes.csv", "\n".join(node_lines) + "\n"),
            write(tmp_path / "edges.csv", "\n".join(tie_lines) + "\n"))


_STOPPED = re.compile(r"^Error: Neo4j did not write batch (\d+) of the (nodes|ties) of (\S+) \(([\d,]+) rows?, "
                      r"the first on (\S+), line (\d+)\): .*run the same command again: it completes the import")


@pytest.mark.parametrize("bad", ["node", "tie"])
def test_a_write_the_server_stops_names_its_batch_and_running_it_again_completes_it(
        runner, tmp_path, unique_email_and_ref, bad):
    env = server_env(runner.settings)
    bad_row = 2600  # in a late batch: earlier batches are written when the server refuses it
    n, e = _network(tmp_path, bad_row if bad == "node" else None, bad_row if bad == "tie" else None)
    args = ("import", "--nodes", str(n), "--edges", str(e), "--batch-size", "200")
    stopped = netnp(*args, env=env)
    assert stopped.returncode == 1 and "Traceback" not in stopped.stderr
    lines = [line for line in stopped.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stopped.stderr
    match = _STOPPED.match(lines[0])
    assert match, lines[0]
    number, what, file, rows, first_file, first_line = match.groups()
    assert (what, file, first_file) == (("nodes", "nodes.csv", "nodes.csv") if bad == "node" else
                                        ("ties", "edges.csv", "edges.csv"))
    # the first row of the batch named is at or before the bad row (line 2 is row 0)
    assert 2 <= int(first_line) <= bad_row + 2 and int(number) >= 1 and int(rows.replace(",", "")) >= 1
    written = database.stats(runner)
    if bad == "node":
        assert 0 < written["nodes"]["total"] < 3000 and written["ties"]["total"] == 0
    else:
        assert written["nodes"]["total"] == 3000 and 0 < written["ties"]["total"] < 3000

    # fixed, the same command completes the import: the graph of a clean import, nothing twice
    n, e = _network(tmp_path, None, None)
    assert netnp(*args, env=env).returncode == 0
    after_rerun = (nodes(runner), tie_properties(runner))
    database.reset(runner)
    assert netnp(*args, env=env).returncode == 0
    clean = (nodes(runner), tie_properties(runner))

    def without_provenance(graph):
        found, ties_found = graph
        return found, {k: {p: v for p, v in props.items() if not p.startswith("netnp_")}
                       for k, props in ties_found.items()}

    assert without_provenance(after_rerun) == without_provenance(clean)
    assert database.stats(runner)["ties"]["total"] == 3000 and len(clean[0]) == 3000
