"""Hostile CSV, GraphML and GEXF files: the readers refuse them at the limits of
netnp.importing.limits, in one problem naming the file and the line, with nothing written."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from import_helpers import nodes

from netnp import database
from netnp.importing.importer import ImportRejected, import_files
from netnp.importing.limits import MAX_ATTRIBUTES, MAX_FIELD_CHARS, MAX_NESTING_DEPTH, MAX_ROW_BYTES

pytestmark = pytest.mark.neo4j

HUGE = 10_000_000  # characters of a hostile value: ten times MAX_FIELD_CHARS
MANY = 100_000  # elements or columns: a hundred times MAX_ATTRIBUTES

_GRAPHML = '<?xml version="1.0" encoding="UTF-8"?>\n<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n'


def _write(path: Path, *parts: str, encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as fh:
        for part in parts:
            fh.write(part)
    return path


def _refused(runner, **files) -> tuple[object, int | str | None, str | None, str]:
    """The one problem that refuses the import of ``files``, as (file, line, field, reason)."""
    with pytest.raises(ImportRejected) as err:
        import_files(runner, **files)
    assert len(err.value.problems) == 1, err.value.problems
    problem = err.value.problems[0]
    assert "see the limits in docs/model.md" in problem.reason
    assert database.stats(runner)["nodes"]["total"] == 0
    return problem.file, problem.where, problem.field, problem.reason


def test_xml_nested_deeper_than_the_limit_is_refused(runner, tmp_path):
    path = _write(tmp_path / "deep.graphml", _GRAPHML, '<graph edgedefault="undirected">\n<node id="a"/>\n',
                  "<x>\n" * MANY, "</x>" * MANY, "\n</graph>\n</graphml>\n")
    # graphml on line 2 is depth 1, graph (line 3) depth 2, the n-th <x> (line 4 + n) depth n + 2
    line_over = 4 + (MAX_NESTING_DEPTH + 1 - 2)
    assert _refused(runner, graphs=[path]) == (
        "deep.graphml", line_over, None, f"elements nested more than {MAX_NESTING_DEPTH} deep; "
                                                  "see the limits in docs/model.md")


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_a_node_with_too_many_values_is_refused(runner, tmp_path, fmt):
    if fmt == "graphml":
        head = _GRAPHML + '<key id="k" for="node" attr.name="note" attr.type="string"/>\n<graph>\n<node id="a"/>\n'
        many = "".join('<data key="k">v</data>\n' for _ in range(MANY))
        parts = (head, '<node id="b">\n', many, "</node>\n</graph>\n</graphml>\n")
    else:
        head = ('<?xml version="1.0" encoding="UTF-8"?>\n<gexf xmlns="http://gexf.net/1.3" version="1.3">\n'
                '<graph>\n<attributes class="node">\n<attribute id="0" title="note" type="string"/>\n</attributes>\n'
                '<nodes>\n<node id="a"/>\n')
        many = "".join('<attvalue for="0" value="v"/>\n' for _ in range(MANY))
        parts = (head, '<node id="b">\n<attvalues>\n', many, "</attvalues>\n</node>\n</nodes>\n</graph>\n</gexf>\n")
    path = _write(tmp_path / f"wide.{fmt}", *parts)
    line_of_b = "".join(parts[:1]).count("\n") + 1
    assert _refused(runner, graphs=[path]) == (
        f"wide.{fmt}", line_of_b, None, f"this node has more than {MAX_ATTRIBUTES:,} attribute values; "
                                        "see the limits in docs/model.md")


def test_an_xml_text_value_longer_than_the_limit_is_refused(runner, tmp_path):
    path = _write(tmp_path / "long.graphml", _GRAPHML,
                  '<key id="d0" for="node" attr.name="bio" attr.type="string"/>\n<graph>\n<node id="a">\n<data key="d0">',
                  "x" * HUGE, "</data>\n</node>\n</graph>\n</graphml>\n")
    file, line, field, reason = _refused(runner, graphs=[path])
    assert (file, field) == ("long.graphml", "d0")
    assert line == 6  # the text's first line: expat reports where the parser is, and the text has no line break
    assert reason.startswith(f"a text value longer than {MAX_FIELD_CHARS:,} characters")


def test_an_xml_attribute_value_longer_than_the_limit_is_refused(runner, tmp_path):
    path = _write(tmp_path / "label.gexf", '<?xml version="1.0" encoding="UTF-8"?>\n<gexf version="1.3">\n<graph>\n',
                  '<nodes>\n<node id="a" label="', "x" * HUGE, '"/>\n</nodes>\n</graph>\n</gexf>\n')
    file, line, field, reason = _refused(runner, graphs=[path])
    assert (file, line, field) == ("label.gexf", 5, "label")
    assert f"longer than {MAX_FIELD_CHARS:,} characters" in reason


def test_xml_markup_larger_than_a_row_is_refused_before_its_end(runner, tmp_path):
    path = _write(tmp_path / "comment.graphml", _GRAPHML, "<graph>\n<!-- ", "x" * (2 * MAX_ROW_BYTES), " -->\n</graph>\n</graphml>\n")
    file, line, _, reason = _refused(runner, graphs=[path])
    assert (file, line) == ("comment.graphml", 4)
    assert f"takes more than {MAX_ROW_BYTES:,} bytes" in reason


@pytest.mark.parametrize("quoted", [False, True])
def test_a_csv_cell_longer_than_the_limit_is_refused(runner, tmp_path, quoted):
    cell = "x" * HUGE
    path = _write(tmp_path / "nodes.csv", "id,kind,bio\na,person,short\n",
                  f'b,person,"{cell}"\n' if quoted else f"b,person,{cell}\n", "c,person,short\n")
    assert _refused(runner, nodes=path) == (
        "nodes.csv", 3, None, f"a cell longer than {MAX_FIELD_CHARS:,} characters (in the record that begins on "
                              "this line); see the limits in docs/model.md")


def test_a_csv_header_with_too_many_columns_is_refused(runner, tmp_path):
    path = _write(tmp_path / "wide.csv", "id,kind," + ",".join(f"c{i}" for i in range(MANY)) + "\n",
                  "a,person\n")
    assert _refused(runner, nodes=path) == (
        "wide.csv", 1, None, f"the header has more than {MAX_ATTRIBUTES:,} cells (columns); "
                             "see the limits in docs/model.md")


def test_a_csv_row_with_too_many_cells_is_refused(runner, tmp_path):
    path = _write(tmp_path / "ragged.csv", "id,kind\r\na,person\r\nb,person" + ",x" * MANY + "\r\n")
    assert _refused(runner, nodes=path)[:2] == ("ragged.csv", 3)


@pytest.mark.parametrize("encoding, newline", [("utf-8", "\n"), ("utf-8", "\r"), ("utf-16", "\r\n")])
def test_a_csv_record_larger_than_a_row_is_refused(runner, tmp_path, encoding, newline):
    # a record of cells each within the limit, on lines within it too, larger than a row may be
    cell = '"' + ("y" * (MAX_FIELD_CHARS // 4) + newline) * 2 + '"'
    record = "b,person," + ",".join([cell] * (2 * (MAX_ROW_BYTES // MAX_FIELD_CHARS) + 2))
    path = _write(tmp_path / "big.csv", f"id,kind{newline}a,person{newline}", record, newline, encoding=encoding)
    file, line, _, reason = _refused(runner, nodes=path)
    assert (file, line) == ("big.csv", 3)
    assert f"a record (row) takes more than {MAX_ROW_BYTES:,} bytes of the file" in reason


def test_files_within_the_limits_import(runner, tmp_path):
    g = nx.les_miserables_graph()
    g.nodes["Valjean"]["bio"] = "x" * MAX_FIELD_CHARS
    path = tmp_path / "lesmis.graphml"
    nx.write_graphml(g, path)
    wide = _write(tmp_path / "wide.csv", "id,kind," + ",".join(f"c{i}" for i in range(MAX_ATTRIBUTES - 2)) + "\n",
                  "z,person,", "v" * MAX_FIELD_CHARS, "," + ",".join(["v"] * (MAX_ATTRIBUTES - 3)) + "\n")
    report = import_files(runner, graphs=[path], nodes=wide)
    assert report.rejected == 0
    assert set(nodes(runner)) == set(g) | {"z"}
