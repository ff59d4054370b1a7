"""Ties written by two transactions at a time: the same graph as one writer, and as successive updates.

The importer writes ties through ``import/write_ties``, split by endpoint
pair between writers, with the rows of a batch folded by tie identity
(source, type, target, channel). Both must leave the graph exactly as merging
the rows one at a time would: the oracle below replays the rows in Python.
"""

from __future__ import annotations

import csv
import random

import networkx as nx
import pytest
from import_helpers import nodes, tie_properties, write

from netnp import database, graphwrite, model, schema
from netnp.importing.importer import import_files

TYPES = ("KNOWS", "FOLLOWS", "MENTIONS")
CHANNELS = ("email", "twitter", "")


def _rows(seed: int) -> tuple[list[str], list[dict[str, str]]]:
    """Ids, and edge rows on a random graph, a third of them repeating an earlier tie with new values."""
    rng = random.Random(seed)
    graph = nx.gnm_random_graph(120, 900, seed=seed)
    ids = [f"p:{v}" for v in graph]
    rows: list[dict[str, str]] = []
    for u, v in graph.edges:
        a, b = (u, v) if rng.random() < 0.5 else (v, u)
        rows.append({"source": f"p:{a}", "target": f"p:{b}", "type": rng.choice(TYPES),
                     "channel": rng.choice(CHANNELS), "weight": str(rng.randint(1, 9)),
                     "note": rng.choice(["", "é, \"cité\"", "x"]), "since": ""})
    for _ in range(450):
        earlier = dict(rng.choice(rows))
        earlier.update(weight=str(rng.randint(1, 9)), note=rng.choice(["", "mis à jour", "y"]),
                       since=rng.choice(["", "2023-05-01"]))
        rows.insert(rng.randrange(len(rows) + 1), earlier)
    return ids, rows


def _expected(rows: list[dict[str, str]]) -> dict[tuple[str, str, str, str], dict[str, object]]:
    """Successive merges: a tie takes the last row's weight, channel and dates; an empty cell removes a property."""
    ties: dict[tuple[str, str, str, str], dict[str, object]] = {}
    for row in rows:
        channel = row["channel"] or "unspecified"
        tie = ties.setdefault((row["source"], row["type"], row["target"], channel), {"channel": channel})
        tie["weight"] = float(row["weight"])
        for name, value in (("note", row["note"]), ("since", row["since"] or None)):
            if value:
                tie[name] = value
            else:
                tie.pop(name, None)
    return ties


def _write_files(tmp_path, ids, rows):
    nodes = tmp_path / "nodes.csv"
    nodes.write_text("id,kind\n" + "".join(f"{i},person\n" for i in ids), encoding="utf-8")
    edges = tmp_path / "edges.csv"
    with edges.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return nodes, edges


def _graph_ties(runner):
    return {key: {k: v for k, v in props.items() if k not in model.PROVENANCE_FIELDS}
            for key, props in tie_properties(runner).items()}


@pytest.mark.parametrize("writers", [1, 2, 3])
def test_writers_leave_the_graph_successive_merges_would(runner, tmp_path, monkeypatch, writers):
    ids, rows = _rows(seed=writers)
    nodes, edges = _write_files(tmp_path, ids, rows)
    monkeypatch.setattr(graphwrite, "WRITERS", writers)
    # small batches: many batches per writer, and repeated ties inside one batch and across batches
    report = import_files(runner, nodes=nodes, edges=edges, batch_size=40)
    expected = _expected(rows)
    assert report.ties_written == len(rows)
    assert database.stats(runner)["ties"]["by_type"] == {t: sum(1 for k in expected if k[1] == t) for t in TYPES}
    assert _graph_ties(runner) == expected
    # importing again changes nothing but the provenance
    import_files(runner, nodes=nodes, edges=edges, batch_size=40)
    assert _graph_ties(runner) == expected


@pytest.mark.parametrize("writers", [1, 3])
def test_every_node_and_tie_records_the_import_it_came_from(runner, tmp_path, monkeypatch, writers):
    ids, rows = _rows(seed=5)
    nodes_csv, edges_csv = _write_files(tmp_path, ids, rows)
    monkeypatch.setattr(graphwrite, "WRITERS", writers)
    report = import_files(runner, nodes=nodes_csv, edges=edges_csv, batch_size=40)
    stored = [row["properties"] for row in runner.read("export/nodes")] + list(tie_properties(runner).values())
    assert len(stored) == len(ids) + len(_expected(rows))
    for properties in stored:
        # the model's provenance fields, and no other property of netnp's before any analysis
        assert {k for k in properties if k.startswith(model.NETNP_PREFIX)} == set(model.PROVENANCE_FIELDS)
        assert properties["netnp_import_id"] == report.import_id
    assert {p["netnp_source"] for p in stored} == {"nodes.csv", "edges.csv"}


def test_two_writers_and_one_writer_build_the_same_graph(runner, tmp_path, monkeypatch):
    ids, rows = _rows(seed=11)
    nodes, edges = _write_files(tmp_path, ids, rows)
    graphs = []
    for writers in (1, 2):
        database.reset(runner)
        schema.apply_schema(runner)
        monkeypatch.setattr(graphwrite, "WRITERS", writers)
        import_files(runner, nodes=nodes, edges=edges, batch_size=25)
        graphs.append(_graph_ties(runner))
    assert graphs[0] == graphs[1]
    assert len(graphs[0]) == len(_expected(rows)) == 900  # one tie per edge of the generated graph


@pytest.mark.parametrize("writers", [1, 3])
def test_repeated_node_ids_leave_what_successive_merges_would(runner, tmp_path, monkeypatch, writers):
    """Into an empty graph, an id met for the first time is created without a
    look-up (with several writers); its repeats, in the same batch or later
    ones, update it as merging the rows one at a time would."""
    rng = random.Random(writers)
    lines, expected, kinds = ["id,kind,name,city,role"], {}, {}
    for i in range(400):
        node_id = f"p:{rng.randrange(150)}"
        # one id has one kind in an import (two kinds are refused: test_import_limits.py)
        kind = kinds.setdefault(node_id, rng.choice(["person", "organization"]))
        city, role = rng.choice(["", "Lyon", "Lille"]), rng.choice(["", "bénévole"])
        lines.append(f"{node_id},{kind},N{i},{city},{role}")
        node = expected.setdefault(node_id, {})
        node.update(kind=kind.capitalize(), name=f"N{i}")
        for key, value in (("city", city), ("role", role)):
            if value:
                node[key] = value
            else:
                node.pop(key, None)  # an empty cell removes the property
    database.reset(runner)
    schema.apply_schema(runner)
    monkeypatch.setattr(graphwrite, "WRITERS", writers)
    modules: list[str] = []
    run_write = runner.write
    monkeypatch.setattr(runner, "write", lambda name, /, **params: modules.append(name) or run_write(name, **params))
    report = import_files(runner, nodes=write(tmp_path / "nodes.csv", "\n".join(lines) + "\n"), batch_size=30)
    assert report.nodes_written == 400
    assert nodes(runner) == expected
    assert ("import/create_entities" in modules) == (writers > 1) and "import/merge_entities" in modules


def test_first_seen_never_takes_a_repeat_for_a_new_identity():
    """The Bloom filter behind the look-up-free creates: a repeat is always
    recognised (else a tie would be created twice); a new identity is nearly
    always recognised as new (else it only costs a look-up)."""
    rng = random.Random(3)
    first_seen = graphwrite.FirstSeen()
    ties = [(f"p:{rng.randrange(10**6)}", f"p:{rng.randrange(10**6)}", "KNOWS", rng.choice(CHANNELS))
            for _ in range(200_000)]
    distinct = list(dict.fromkeys(ties))
    answers = [first_seen.check(tie) for tie in ties]
    seen: set = set()
    for tie, new in zip(ties, answers, strict=True):
        if tie in seen:
            assert not new, tie
        seen.add(tie)
    assert all(not first_seen.check(tie) for tie in distinct)
    others = [(f"o:{i}", f"o:{i + 1}", "FOLLOWS", "email") for i in range(100_000)]
    assert sum(first_seen.check(tie) for tie in others) > 0.99 * len(others)


def test_ties_find_entities_written_earlier_and_skip_unknown_ones(runner, monkeypatch):
    """The tie modules find their endpoints by element id: entities written by
    an earlier call are looked up in the graph, a tie naming no entity is left
    out, and several batches need as many look-ups as ids are new to them."""
    database.reset(runner)
    schema.apply_schema(runner)
    provenance = graphwrite.Provenance("test")
    graphwrite.write_graph(runner, [graphwrite.entity_row(f"p:{i}", "Person") for i in range(30)], [], provenance)
    looked_up: list[int] = []
    read = runner.read

    def counting_read(name, /, **params):
        if name == "import/existing_ids":
            looked_up.append(len(params["ids"]))
        return read(name, **params)

    monkeypatch.setattr(runner, "read", counting_read)
    rng = random.Random(5)
    rows = [graphwrite.tie_row(f"p:{rng.randrange(30)}", f"p:{rng.randrange(30)}", "KNOWS", channel=str(i))
            for i in range(60)]
    rows.insert(17, graphwrite.tie_row("p:0", "p:nobody", "KNOWS"))
    rows.append(graphwrite.tie_row("o:new", "p:1", "MEMBER_OF"))
    keys: graphwrite.NodeKeys = {}
    graphwrite.write_graph(runner, [graphwrite.entity_row("o:new", "Organization")], rows, provenance,
                           batch_size=20, node_keys=keys)
    assert set(tie_properties(runner)) == {(row["source"], row["type"], row["target"], row["channel"])
                                           for row in rows if row["target"] != "p:nobody"}
    assert len(tie_properties(runner)) == 61
    assert keys["p:nobody"] is None and keys["o:new"] is not None
    # one look-up per batch of ties, for the ids that batch is the first to name
    expected, known = [], {"o:new"}
    for start in range(0, len(rows), 20):
        ends = {end for row in rows[start:start + 20] for end in (row["source"], row["target"])}
        if ends - known:
            expected.append(len(ends - known))
        known |= ends
    assert looked_up == expected
