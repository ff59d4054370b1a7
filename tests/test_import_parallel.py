"""A large CSV file of ties is checked in parts by several processes, with the
same outcome as one pass: the same rows written, the same problems at the same
lines, and one pass again when a cut falls inside a quoted field."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from import_helpers import nodes, tie_properties, write

from netnp import database
from netnp.errors import InputError
from netnp.importing import csvfile, parallel
from netnp.importing.importer import ImportRejected, import_files

PEOPLE = 60


def _people(tmp_path: Path) -> Path:
    rows = ["id,kind,name"] + [f"p:{i},person,Personne {i}" for i in range(PEOPLE)]
    return write(tmp_path / "nodes.csv", "\n".join(rows) + "\n")


def _ties(tmp_path: Path, rows: int, seed: int, *, literal_quote_at: int | None = None,
          bad_byte_at: int | None = None) -> Path:
    """A file of ties with notes that hold delimiters, quotes and newlines, and bad rows here and there."""
    rng = random.Random(seed)
    lines = ["source;target;type;weight;channel;note"]
    for i in range(rows):
        a, b = rng.randrange(PEOPLE), rng.randrange(PEOPLE)
        weight = rng.choice(["1", "2,5", "3", "lourd"])  # "lourd" is not a number
        target = f"p:{b}" if rng.random() > 0.01 else "p:inconnu"  # a missing endpoint
        note = rng.choice(['"dit ""oui""; puis\nnon"', '"sur\ndeux; lignes"', "simple", '"a; b"', ""])
        tie_type = rng.choice(["KNOWS", "MENTIONS", "bad type"])
        if i == literal_quote_at:  # a valid row whose note holds a plain quote
            note, weight, target, tie_type = 'écran 5" neuf', "1", f"p:{b}", "KNOWS"
        lines.append(f"p:{a};{target};{tie_type};{weight};{rng.choice(['email', 'event'])};{note}")
    data = ("\n".join(lines) + "\n").encode("utf-8")
    if bad_byte_at is not None:
        cut = data.index(b"\np:", int(len(data) * bad_byte_at / rows)) + 1
        data = data[:cut] + b"p:\xe9" + data[cut + 3:]
    path = tmp_path / f"edges-{seed}.csv"
    path.write_bytes(data)
    return path


def _import(runner, monkeypatch, people: Path, ties: Path, processes: int, **options):
    monkeypatch.setenv("NETNP_CHECK_PROCESSES", str(processes))
    database.reset(runner)
    try:
        report = import_files(runner, nodes=people, edges=ties, **options)
        problems = report.problems
    except ImportRejected as exc:
        problems = exc.problems
    per_import = ("netnp_import_id", "netnp_imported_at")
    ties = {key: {k: v for k, v in props.items() if k not in per_import} for key, props in tie_properties(runner).items()}
    return [str(p) for p in problems], nodes(runner), ties


@pytest.mark.parametrize("skip_invalid", [True, False])
def test_a_file_checked_in_parts_gives_what_one_pass_gives(runner, tmp_path, monkeypatch, small_parts, skip_invalid):
    started, cuts = small_parts
    people, ties = _people(tmp_path), _ties(tmp_path, 600, seed=3)
    options = {"skip_invalid": skip_invalid, "rejects": tmp_path / "rejects.csv"}
    one_pass = _import(runner, monkeypatch, people, ties, 1, **options)
    assert started == [False]
    in_parts = _import(runner, monkeypatch, people, ties, 4, **options)
    assert started == [False, True] and cuts == [True]
    problems, _, written = one_pass
    lines = [int(p.split(", line ")[1].split(",")[0]) for p in problems]
    assert len(problems) > 100 and max(lines) > 0.9 * ties.read_bytes().count(b"\n")  # all along the file
    assert bool(written) == skip_invalid
    assert in_parts == one_pass


def test_a_cut_inside_a_quoted_field_means_one_pass_again(runner, tmp_path, monkeypatch, small_parts):
    started, cuts = small_parts
    people = _people(tmp_path)
    # after a lone quote in an unquoted field, the count of quotes is odd
    # between records: the cut lands inside a quoted field that spans lines
    ties = _ties(tmp_path, 600, seed=5, literal_quote_at=2)
    one_pass = _import(runner, monkeypatch, people, ties, 1, skip_invalid=True, rejects=tmp_path / "r.csv")
    in_parts = _import(runner, monkeypatch, people, ties, 2, skip_invalid=True, rejects=tmp_path / "r.csv")
    assert started == [False, True] and cuts == [False]
    assert in_parts == one_pass
    assert any("écran 5\" neuf" == props.get("note") for props in one_pass[2].values())


def test_a_bad_byte_in_a_later_part_stops_the_reading_there_as_one_pass_does(runner, tmp_path, monkeypatch,
                                                                                small_parts):
    started, _ = small_parts
    people, ties = _people(tmp_path), _ties(tmp_path, 600, seed=7, bad_byte_at=450)
    one_pass = _import(runner, monkeypatch, people, ties, 1, skip_invalid=True, rejects=tmp_path / "r.csv")
    in_parts = _import(runner, monkeypatch, people, ties, 3, skip_invalid=True, rejects=tmp_path / "r.csv")
    assert started == [False, True]
    assert in_parts == one_pass
    assert "not UTF-8" in one_pass[0][-1]


def test_cuts_fall_after_an_even_number_of_quotes(tmp_path):
    text = 'a,b\n1,"x\ny"\n2,z\n3,"p\nq\nr"\n4,w\n'
    path = write(tmp_path / "t.csv", text)
    data = text.encode()
    for parts in range(2, 8):
        for offset, line in csvfile.split_points(path, parts):
            assert data[offset - 1:offset] == b"\n" and data[:offset].count(b'"') % 2 == 0
            assert data[:offset].count(b"\n") + 1 == line
    layout = csvfile.Layout(",", ("a", "b"))
    inside = data.index(b"y")  # line start inside the quoted field "x\ny"
    assert not csvfile.ends_cleanly(path, layout, data.index(b'1,"'), inside)
    assert csvfile.ends_cleanly(path, layout, data.index(b'1,"'), data.index(b"2,z"))


def test_parts_are_cut_for_what_their_readers_do_besides(tmp_path):
    path = write(tmp_path / "t.csv", "a,b\n" + "".join(f"{i},{'x' * (i % 17)}\n" for i in range(3000)))
    size = path.stat().st_size
    for parts, head_start, late_start in ((2, 0, 0), (2, size // 3, 0), (3, size // 2, size // 10),
                                          (2, 0, size // 5), (2, 10 * size, 0)):
        cuts = csvfile.split_points(path, parts, head_start, late_start)
        share = (size + head_start + (parts - 1) * late_start) / parts
        expected = [max(share * k - head_start - (k - 1) * late_start, size / (4 * parts)) for k in range(1, parts)]
        assert len(cuts) == parts - 1
        for (offset, _), target in zip(cuts, expected, strict=True):
            assert target <= offset < target + 40  # the first line start past the target


def test_a_bad_process_count_is_named(runner, tmp_path, monkeypatch, small_parts):
    monkeypatch.setenv("NETNP_CHECK_PROCESSES", "deux")
    with pytest.raises(InputError, match="NETNP_CHECK_PROCESSES must be a whole number, not 'deux'"):
        import_files(runner, nodes=_people(tmp_path), edges=_ties(tmp_path, 200, seed=1))
    assert database.stats(runner)["nodes"]["total"] == 0


def test_a_part_process_loads_neither_the_driver_nor_the_importer() -> None:
    """A part process starts in a fresh interpreter: what it imports is what
    it costs (0.05 s without the driver, 0.2 s with it)."""
    import subprocess
    import sys

    loaded = subprocess.run(
        [sys.executable, "-c", parallel.CHILD_IMPORT + "; import sys; print(' '.join(sys.modules))"],
        check=True, capture_output=True, text=True).stdout.split()
    assert "netnp.importing.parallel" in loaded
    assert not {"neo4j", "netnp.importing.importer", "netnp.runner"} & set(loaded)
