"""Hostile node-link JSON: `netnp import FILE.json` stays within a memory cap and refuses the file in one line.

Each hostile file is imported by the CLI in a subprocess whose address space
is capped with ``prlimit --as``. The cap is one that a real import (Les
Misérables, through the same command) passes, and that the hostile files
would exceed by far if they were read whole (a value nested 100,000 deep
took 19.5 GB before the limits of netnp.importing.limits).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from import_helpers import nodes

from netnp import database
from netnp.importing.importer import ImportRejected, import_files
from netnp.importing.limits import (
    MAX_ATTRIBUTES,
    MAX_FIELD_BYTES,
    MAX_FIELD_CHARS,
    MAX_INDEXED_BYTES,
    MAX_NESTING_DEPTH,
    MAX_ROW_BYTES,
    MAX_ROW_VALUES,
)

pytestmark = pytest.mark.neo4j

#: Address space of the capped CLI. Python, the driver and the import's
#: threads reserve about 300 MB of it for a real import (less fails to start
#: a thread); reading the hostile files whole would take tens of gigabytes.
MEMORY_CAP = 1024 * 1024 * 1024


@pytest.fixture
def capped_netnp(runner, neo4j_settings):
    """Run the netnp CLI under the memory cap, against the test server."""
    assert shutil.which("prlimit"), "prlimit (util-linux) is needed to cap the CLI's memory"
    env = {**os.environ, "NEO4J_URI": neo4j_settings.uri, "NEO4J_USERNAME": neo4j_settings.user,
           "NEO4J_PASSWORD": neo4j_settings.password}
    if neo4j_settings.database:
        env["NEO4J_DATABASE"] = neo4j_settings.database

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(["prlimit", f"--as={MEMORY_CAP}", sys.executable, "-m", "netnp", *args],
                              env=env, capture_output=True, text=True, timeout=300)

    return run


def _write(path: Path, *parts: str) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for part in parts:
            fh.write(part)
    return path


def _assert_refused(runner, result: subprocess.CompletedProcess, *fragments: str) -> None:
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stderr and "MemoryError" not in result.stderr, result.stderr[-2000:]
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr[-2000:]
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    assert database.stats(runner)["nodes"]["total"] == 0


def test_a_real_import_passes_under_the_cap(runner, capped_netnp, tmp_path):
    g = nx.les_miserables_graph()
    path = _write(tmp_path / "lesmis.json", json.dumps(nx.node_link_data(g, edges="links")))
    done = capped_netnp("import", str(path))
    assert done.returncode == 0, done.stderr[-2000:]
    assert len(nodes(runner)) == g.number_of_nodes()


@pytest.mark.parametrize("depth", [100_000, 200_000])
def test_a_name_nested_deep_is_refused(runner, capped_netnp, tmp_path, depth):
    path = _write(tmp_path / "deep.json", '{"nodes": [{"id": "a"}, {"id": "b", "name": ', "[" * depth, "]" * depth,
                  '}], "edges": []}')
    assert path.stat().st_size > 2 * depth
    _assert_refused(runner, capped_netnp("import", str(path)),
                    "deep.json, nodes[1], field name:", f"nested more than {MAX_NESTING_DEPTH} deep", "read up to byte")


def test_a_deep_value_outside_the_lists_is_refused(runner, capped_netnp, tmp_path):
    path = _write(tmp_path / "deep.json", '{"graph": {"x": ', "[" * 100_000, "]" * 100_000,
                  '}, "nodes": [{"id": "a"}], "edges": []}')
    _assert_refused(runner, capped_netnp("import", str(path)), "deep.json, field graph:", "nested more than")


def test_a_value_of_50_mb_is_refused_before_its_end(runner, capped_netnp, tmp_path):
    size = 50_000_000
    path = _write(tmp_path / "long.json", '{"nodes": [{"id": "a", "name": "', "é" * (size // 2),
                  '"}], "edges": []}')
    result = capped_netnp("import", str(path))
    _assert_refused(runner, result, "long.json, nodes[0], field name:",
                    f"a single value takes more than {MAX_FIELD_BYTES:,} bytes")
    offset = int(result.stderr.split("read up to byte ")[1].split(")")[0].replace(",", ""))
    assert MAX_FIELD_BYTES < offset < 2 * MAX_FIELD_BYTES


def test_a_row_of_many_long_values_is_refused_before_its_end(runner, capped_netnp, tmp_path):
    count = MAX_ROW_BYTES // MAX_FIELD_CHARS + 2
    values = "".join(f', "a{i}": "{"x" * MAX_FIELD_CHARS}"' for i in range(count))
    path = _write(tmp_path / "row.json", '{"nodes": [{"id": "a"', values, '}], "edges": []}')
    result = capped_netnp("import", str(path))
    _assert_refused(runner, result, "row.json, nodes[0], field a", f"this row takes more than {MAX_ROW_BYTES:,} bytes")
    offset = int(result.stderr.split("read up to byte ")[1].split(")")[0].replace(",", ""))
    assert MAX_ROW_BYTES < offset < MAX_ROW_BYTES + 2 * MAX_FIELD_CHARS


def test_a_text_over_the_field_limit_is_refused(runner, capped_netnp, tmp_path):
    path = _write(tmp_path / "text.json", '{"edges": [{"source": "a", "target": "a", "note": "',
                  "x" * (MAX_FIELD_CHARS + 1), '"}], "nodes": [{"id": "a"}]}')
    _assert_refused(runner, capped_netnp("import", str(path)), "text.json, edges[0], field note:",
                    f"longer than {MAX_FIELD_CHARS:,} characters")


def test_a_node_with_a_million_attributes_is_refused(runner, capped_netnp, tmp_path):
    attributes = "".join(f', "k{i:x}": {i}' for i in range(1_000_000))
    path = _write(tmp_path / "wide.json", '{"nodes": [{"id": "a"', attributes, '}], "edges": []}')
    _assert_refused(runner, capped_netnp("import", str(path)), "wide.json, nodes[0], field k",
                    f"more than {MAX_ATTRIBUTES:,} attributes")


def test_a_list_of_a_million_values_is_refused(runner, capped_netnp, tmp_path):
    path = _write(tmp_path / "many.json", '{"nodes": [{"id": "a", "tags": [', ",".join(["0"] * 1_000_000),
                  ']}], "edges": []}')
    _assert_refused(runner, capped_netnp("import", str(path)), "many.json, nodes[0], field tags:",
                    f"more than {MAX_ROW_VALUES:,} values")


def test_limits_leave_real_rows_alone(runner, tmp_path):
    """A row just inside every limit imports whole."""
    nested: list = []
    for _ in range(MAX_NESTING_DEPTH - 4):  # the document, the list, the node and `deep` hold the rest
        nested = [nested]
    node = {"id": "é" * (MAX_INDEXED_BYTES // 2), "name": "🙂" * (MAX_INDEXED_BYTES // 4), "deep": nested,
            "bio": "b" * MAX_FIELD_CHARS, **{f"k{i}": i for i in range(MAX_ATTRIBUTES - 4)}}
    path = _write(tmp_path / "edge.json", json.dumps({"nodes": [node], "edges": []}))
    report = import_files(runner, graphs=[path])
    assert report.nodes_written == 1
    stored = nodes(runner)[node["id"]]
    assert (stored["name"], len(stored["bio"]), stored["k995"]) == (node["name"], MAX_FIELD_CHARS, 995)


def test_ids_and_names_are_text_without_nul_that_an_index_holds(runner, tmp_path):
    data = {"nodes": [{"id": ["a"]}, {"id": 7}, {"id": 1.5}, {"ID": True}, {"id": "a\u0000b"},
                      {"id": "c", "name": "C\u0000"}, {"id": "d", "aliases": ["d2", "d\u00003"]},
                      {"id": "e", "\u0000bad": 1}, {"id": "f", "name": {"first": "F"}},
                      {"id": "é" * (MAX_INDEXED_BYTES // 2 + 1)}, {"id": "g", "label": "🙂" * (MAX_INDEXED_BYTES // 4 + 1)}],
            "edges": [{"source": 7, "target": {"id": "a"}}, {"source": "7", "target": 7},
                      {"source": "\u0000", "target": 7}]}
    path = _write(tmp_path / "ids.json", json.dumps(data))
    with pytest.raises(ImportRejected) as err:
        import_files(runner, graphs=[path])
    found = [(p.where, p.field, p.reason) for p in err.value.problems]
    assert found == [
        ("nodes[0]", "id", "id must be text or an integer, not a list"),
        ("nodes[2]", "id", "id must be text or an integer, not the number 1.5"),
        ("nodes[3]", "id", "id must be text or an integer, not true"),
        ("nodes[4]", "id", "id contains a NUL character (character 2)"),
        ("nodes[5]", "name", "name contains a NUL character (character 2)"),
        ("nodes[6]", "aliases", "aliases contains a NUL character (character 2)"),
        ("nodes[7]", "-", "attribute name '\\x00bad' contains a NUL character"),
        ("nodes[8]", "name", "name must be text, not an object"),
        ("nodes[9]", "id", f"id is longer than {MAX_INDEXED_BYTES:,} bytes (UTF-8), more than an index entry holds"),
        ("nodes[10]", "label", f"label is longer than {MAX_INDEXED_BYTES:,} bytes (UTF-8), more than an index entry holds"),
        ("edges[0]", "target", "target must be text or an integer, not an object"),
        ("edges[2]", "source", "source contains a NUL character (character 1)"),
    ]
    assert database.stats(runner)["nodes"]["total"] == 0


def test_integer_ids_stand_for_their_decimal_text(runner, tmp_path):
    g = nx.karate_club_graph()
    path = _write(tmp_path / "karate.json", json.dumps(nx.node_link_data(g, edges="edges")))
    import_files(runner, graphs=[path])
    assert set(nodes(runner)) == {str(n) for n in g}
    again = _write(tmp_path / "more.json", json.dumps({"nodes": [], "edges": [{"source": "0", "target": 33, "type": "FOLLOWS"}]}))
    assert import_files(runner, graphs=[again]).ties_written == 1


def test_a_csv_column_name_with_nul_refuses_the_file(runner, tmp_path):
    path = tmp_path / "nodes.csv"
    path.write_bytes(b"id,kind,\x00bad\na,person,x\n")
    with pytest.raises(ImportRejected) as err:
        import_files(runner, nodes=path)
    assert [(p.where, p.field) for p in err.value.problems] == [(1, None)]
    assert "a NUL character in the header" in err.value.problems[0].reason
