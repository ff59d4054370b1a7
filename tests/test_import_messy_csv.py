"""`netnp import` of CSV files as spreadsheets and older tools write them: every
line ending (LF, CRLF, a bare CR), UTF-8 with or without a BOM, UTF-16 (LE and
BE), Excel's `sep=` first line; what cannot be read is one line naming the
file and the line; large files of such kinds are checked in parts, or in one
pass, with what one pass of a plain file gives."""

from __future__ import annotations

import codecs
import random
from pathlib import Path

import pytest
from import_helpers import nodes, tie_properties, ties

from netnp import database
from netnp.cli import main
from netnp.importing import csvfile, parallel
from netnp.importing.importer import ImportRejected, import_files

NODE_ROWS = [
    ["id", "kind", "name", "ville"],
    ["p:zoé", "person", "Zoé; la Bretonne", "Quimper"],
    ["p:ça", "Personne", 'François "Ça", dit Fanch', "Brest"],
    ["o:asso", "organisation", "Les Amis de la Forêt", "Lyon"],
]
EDGE_ROWS = [
    ["source", "target", "type", "weight", "channel", "note"],
    ["p:zoé", "p:ça", "KNOWS", "1,5", "email", "sur\ndeux lignes"],
    ["p:ça", "o:asso", "MEMBER_OF", "2", "", ""],
    ["p:zoé", "o:asso", "VOLUNTEERS_FOR", "", "event", 'dit "oui"\tmerci'],
]


def csv_bytes(rows: list[list[str]], *, delimiter: str = ",", newline: str = "\n", encoding: str = "utf-8",
              bom: bytes = b"", sep_line: str | None = None) -> bytes:
    """The bytes a spreadsheet writes for ``rows``: fields quoted when they hold
    the delimiter, a quote or a line break, which it writes as ``newline``."""
    lines = [sep_line] if sep_line is not None else []
    for row in rows:
        cells = []
        for cell in row:
            if any(c in cell for c in (delimiter, '"', "\n", "\r")):
                cell = '"' + cell.replace('"', '""').replace("\n", newline) + '"'
            cells.append(cell)
        lines.append(delimiter.join(cells))
    return bom + (newline.join(lines) + newline).encode(encoding)


#: How the fixtures are written: what spreadsheets and tools save.
VARIANTS = {
    "LF, comma": {},
    "CRLF, semicolon, UTF-8 BOM (Excel 'CSV UTF-8', French)": dict(delimiter=";", newline="\r\n", bom=codecs.BOM_UTF8),
    "CR, comma (old Mac)": dict(newline="\r"),
    "CR, semicolon, UTF-8 BOM (Excel for Mac)": dict(delimiter=";", newline="\r", bom=codecs.BOM_UTF8),
    "UTF-16 LE BOM, tab, CRLF (Excel 'Unicode text')": dict(delimiter="\t", newline="\r\n", encoding="utf-16-le",
                                                             bom=codecs.BOM_UTF16_LE),
    "UTF-16 BE BOM, semicolon, LF": dict(delimiter=";", encoding="utf-16-be", bom=codecs.BOM_UTF16_BE),
    "UTF-16 LE BOM, comma, CR": dict(newline="\r", encoding="utf-16-le", bom=codecs.BOM_UTF16_LE),
    "UTF-16 LE without BOM, comma, CRLF": dict(newline="\r\n", encoding="utf-16-le"),
    "Excel sep=; line, CRLF": dict(delimiter=";", newline="\r\n", sep_line="sep=;"),
    "Excel sep=| line, UTF-8 BOM, CR": dict(delimiter="|", newline="\r", bom=codecs.BOM_UTF8, sep_line="sep=|"),
    'Excel "sep=,",, line from a cell': dict(sep_line='"sep=,",,'),
}


def _check_fixture(data: bytes, variant: dict) -> None:
    """The fixture holds the bytes its variant names (and no others)."""
    newline, encoding = variant.get("newline", "\n"), variant.get("encoding", "utf-8")
    assert data.startswith(variant.get("bom", b""))
    if encoding == "utf-8":
        assert data.count(newline.encode()) >= 4
        if newline == "\r":
            assert b"\n" not in data
        if newline == "\n":
            assert b"\r" not in data
    else:
        assert data.count(newline.encode(encoding)) >= 4
        assert b"\x00" in data[:8]
        assert (data[len(variant.get("bom", b""))] == 0) == encoding.endswith("be")


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_every_spreadsheet_flavour_imports_the_same_network(runner, tmp_path, variant):
    options = VARIANTS[variant]
    n, e = tmp_path / "n.csv", tmp_path / "e.csv"
    n.write_bytes(csv_bytes(NODE_ROWS, **options))
    e.write_bytes(csv_bytes(EDGE_ROWS, **options))
    _check_fixture(e.read_bytes(), options)
    report = import_files(runner, nodes=n, edges=e)
    assert (report.nodes_written, report.ties_written, report.rejected) == (3, 3, 0)
    assert nodes(runner) == {
        "p:zoé": {"kind": "Person", "name": "Zoé; la Bretonne", "ville": "Quimper"},
        "p:ça": {"kind": "Person", "name": 'François "Ça", dit Fanch', "ville": "Brest"},
        "o:asso": {"kind": "Organization", "name": "Les Amis de la Forêt", "ville": "Lyon"},
    }
    assert ties(runner) == {
        ("p:zoé", "KNOWS", "p:ça", "email", 1.5, None, None): 1,
        ("p:ça", "MEMBER_OF", "o:asso", "unspecified", 2.0, None, None): 1,
        ("p:zoé", "VOLUNTEERS_FOR", "o:asso", "event", 1.0, None, None): 1,
    }
    notes = {key[1]: props.get("note") for key, props in tie_properties(runner).items()}
    # a line break inside a quoted field is kept as the file writes it
    newline = options.get("newline", "\n")
    assert notes == {"KNOWS": f"sur{newline}deux lignes", "MEMBER_OF": None, "VOLUNTEERS_FOR": 'dit "oui"\tmerci'}


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_problems_name_the_line_a_text_editor_shows(runner, tmp_path, variant):
    options = VARIANTS[variant]
    n, e = tmp_path / "n.csv", tmp_path / "e.csv"
    n.write_bytes(csv_bytes(NODE_ROWS, **options))
    # after a record on two lines (2-3): lines 4 and 5, then a bad weight on line 6
    e.write_bytes(csv_bytes(EDGE_ROWS + [["p:zoé", "p:ça", "FOLLOWS", "beaucoup", "", ""]], **options))
    sep = 1 if "sep_line" in options else 0
    with pytest.raises(ImportRejected) as err:
        import_files(runner, nodes=n, edges=e)
    assert [(p.file, p.where, p.field) for p in err.value.problems] == [("e.csv", 6 + sep, "weight")]
    missing = tmp_path / "m.csv"
    missing.write_bytes(csv_bytes([["ident", "kind"], ["p:1", "person"]], **options))
    with pytest.raises(ImportRejected) as err:
        import_files(runner, nodes=missing)
    assert [(p.file, p.where, p.field) for p in err.value.problems] == [("m.csv", 1 + sep, "id")]
    assert database.stats(runner)["nodes"]["total"] == 0


# -- what cannot be read: one line with the file and the line, never a traceback --------
UNREADABLE = {
    "a bare CR inside a field of a LF file": (b"id,kind,name\np:1,person,Un\np:2,person,De\rux\n", 3, "line break"),
    "a bare CR in a row of a CRLF file": (b"id,kind,name\r\np:1,person,Un\rp:2,person,Deux\r\n", 2, "line break"),
    "a LF inside a field of a CR file": (b"id,kind,name\rp:1,person,Un\rp:2,person,De\nux\r", 3, "line break"),
    "a quote left open": (b'id,kind,name\np:1,person,Un\np:2,person,"Deux\np:3,person,Trois\n', 3, "never closed"),
    "UTF-32": (codecs.BOM_UTF32_LE + "id,kind\np:1,person\n".encode("utf-32-le"), 1, "UTF-32"),
    "a broken UTF-16 file": (codecs.BOM_UTF16_LE + "id,kind\np:1,person\n".encode("utf-16-le") + b"\x00\xd8a\x00\n\x00",
                             3, "not UTF-16"),
    "a UTF-16 file cut inside a character": (codecs.BOM_UTF16_BE + "id,kind\np:1,person\np".encode("utf-16-be")[:-1],
                                            3, "not UTF-16"),
    "Windows-1252 text": ("id,kind,name\np:1,person,Un\np:2,person,Zoé\n".encode("cp1252"), 3, "not UTF-8"),
    "nothing after sep=": (b"sep=;\r\n", 2, "no header line"),
    "an empty file": (b"", 1, "empty"),
    "a UTF-16 BOM alone": (codecs.BOM_UTF16_LE, 1, "empty"),
}


@pytest.mark.parametrize("case", sorted(UNREADABLE))
def test_an_unreadable_csv_is_one_line_naming_file_and_line(runner, tmp_path, capsys, case):
    data, line, words = UNREADABLE[case]
    path = tmp_path / "n.csv"
    path.write_bytes(data)
    with pytest.raises(ImportRejected) as err:
        import_files(runner, nodes=path)
    assert [(p.file, p.where) for p in err.value.problems] == [("n.csv", line)]
    assert words in err.value.problems[0].reason and "\n" not in str(err.value.problems[0])
    s = runner.settings
    with pytest.raises(SystemExit) as exit_:
        main(["--uri", s.uri, "--user", s.user, "--password", s.password, "import", "--nodes", str(path)])
    assert exit_.value.code == 1
    out = capsys.readouterr()
    assert f"  n.csv, line {line}: " in out.err and words in out.err
    assert "Traceback" not in out.err + out.out
    assert database.stats(runner)["nodes"]["total"] == 0


# -- large files: checked in parts (CR), or in one pass (UTF-16) ------------------------
PEOPLE = 60


def _people(tmp_path: Path) -> Path:
    path = tmp_path / "nodes.csv"
    path.write_bytes(csv_bytes([["id", "kind", "name"]] + [[f"p:{i}", "person", f"Personne {i}"] for i in range(PEOPLE)]))
    return path


def _tie_rows(rows: int, seed: int) -> list[list[str]]:
    """Ties with notes that hold delimiters, quotes and line breaks, and bad rows here and there."""
    rng = random.Random(seed)
    table = [["source", "target", "type", "weight", "channel", "note"]]
    for _ in range(rows):
        target = f"p:{rng.randrange(PEOPLE)}" if rng.random() > 0.01 else "p:inconnu"
        table.append([f"p:{rng.randrange(PEOPLE)}", target, rng.choice(["KNOWS", "MENTIONS", "bad type"]),
                      rng.choice(["1", "2,5", "lourd"]), rng.choice(["email", "event"]),
                      rng.choice(['dit "oui"; puis\nnon', "sur\ndeux; lignes", "simple", "a; b", "écran 5\" neuf", ""])])
    return table


def _import(runner, monkeypatch, people: Path, edges: Path, processes: int, rejects: Path):
    monkeypatch.setenv("NETNP_CHECK_PROCESSES", str(processes))
    database.reset(runner)
    report = import_files(runner, nodes=people, edges=edges, skip_invalid=True, rejects=rejects)
    per_import = ("netnp_import_id", "netnp_imported_at", "netnp_source")
    written = {key: {k: (v.replace("\r\n", "\n").replace("\r", "\n") if k == "note" else v)
                     for k, v in props.items() if k not in per_import}
               for key, props in tie_properties(runner).items()}
    return [str(p) for p in report.problems], nodes(runner), written


@pytest.mark.parametrize("variant, in_parts", [
    ("CR, semicolon, UTF-8 BOM (Excel for Mac)", True),
    ("CR, comma (old Mac)", True),
    ("UTF-16 LE BOM, tab, CRLF (Excel 'Unicode text')", False),
    ("UTF-16 BE BOM, semicolon, LF", False),
])
def test_a_large_file_gives_what_one_pass_over_plain_utf8_gives(runner, tmp_path, monkeypatch, small_parts,
                                                                variant, in_parts):
    started, cuts = small_parts
    people, table = _people(tmp_path), _tie_rows(600, seed=11)
    (tmp_path / "plain").mkdir()
    (tmp_path / "messy").mkdir()
    plain, messy = tmp_path / "plain" / "edges.csv", tmp_path / "messy" / "edges.csv"
    plain.write_bytes(csv_bytes(table))
    messy.write_bytes(csv_bytes(table, **VARIANTS[variant]))
    assert messy.stat().st_size > 4 * parallel.MIN_PART_BYTES
    baseline = _import(runner, monkeypatch, people, plain, 1, tmp_path / "r.csv")
    assert started == [False]
    got = _import(runner, monkeypatch, people, messy, 3, tmp_path / "r.csv")
    assert started == [False, in_parts]
    assert cuts == ([True] if in_parts else [])
    problems, _, written = baseline
    assert len(problems) > 100 and len(written) > 200
    assert got == baseline


def test_cr_files_are_cut_after_a_cr_and_an_even_number_of_quotes(tmp_path):
    text = 'a,b\r1,"x\ry"\r2,z\r3,"p\rq\rr"\r4,w\r'
    path = tmp_path / "t.csv"
    path.write_bytes(text.encode())
    data = text.encode()
    layout = csvfile.read_layout(path, ("a",), "edges")
    assert layout.form.newline == "\r"
    for parts in range(2, 8):
        for offset, line in csvfile.split_points(path, parts, newline="\r"):
            assert data[offset - 1:offset] == b"\r" and data[:offset].count(b'"') % 2 == 0
            assert data[:offset].count(b"\r") + 1 == line
    inside = data.index(b"y")  # line start inside the quoted field "x\ry"
    assert not csvfile.ends_cleanly(path, layout, data.index(b'1,"'), inside)
    assert csvfile.ends_cleanly(path, layout, data.index(b'1,"'), data.index(b"2,z"))
