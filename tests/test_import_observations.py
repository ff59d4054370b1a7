"""Dated observations of ties (docs/model.md, "Dated observations"): every format, folding, re-import, bad dates."""

from __future__ import annotations

import csv
import json
import random
from collections import defaultdict

import networkx as nx
import pytest
from import_helpers import tie_properties, write, write_networkx

from netnp import database, graphwrite
from netnp.cli import main
from netnp.graphwrite import Provenance, entity_row, tie_row, write_graph
from netnp.importing.importer import ImportRejected, import_files

NODES = "id,kind,name\np:ana,person,Ana\np:bob,person,Bob\no:asso,organization,Asso\n"


def observations(runner) -> dict[tuple[str, str, str, str], dict[str, tuple[str, float]]]:
    """Each tie's observations as stored, key -> (date, weight), checking the lists stay parallel and the
    tie's weight is their sum."""
    found = {}
    for identity, props in tie_properties(runner).items():
        dates, weights, keys = props.get("observed"), props.get("observed_weight"), props.get("observed_key")
        if dates is None:
            assert weights is None and keys is None
            continue
        assert len(dates) == len(weights) == len(keys) == len(set(keys)), identity
        assert props["weight"] == pytest.approx(sum(weights)), identity
        found[identity] = {k: (d, w) for d, w, k in zip(dates, weights, keys, strict=True)}
    return found


def test_dated_rows_of_one_tie_accumulate_and_reimport_adds_none(runner, tmp_path):
    nodes = write(tmp_path / "nodes.csv", NODES)
    edges = write(tmp_path / "edges.csv",
                  "source,target,type,channel,date,observation,weight\n"
                  "p:ana,p:bob,KNOWS,email,2024-01-05,<m1@x>,\n"
                  "p:ana,p:bob,KNOWS,email,2024-01-05,<m2@x>,2\n"
                  "p:ana,p:bob,KNOWS,email,2024-02-10T09:30:00,,\n"
                  "p:ana,p:bob,KNOWS,email,2024-02-10,,3\n"       # same tie, same date, no key: the same observation
                  "p:ana,p:bob,KNOWS,twitter,2024-03-01,,\n"      # another channel: another tie
                  "p:ana,o:asso,MEMBER_OF,,,,4\n")                 # no date: a plain tie
    import_files(runner, nodes=nodes, edges=edges)
    want = {
        ("p:ana", "KNOWS", "p:bob", "email"): {"<m1@x>": ("2024-01-05", 1.0), "<m2@x>": ("2024-01-05", 2.0),
                                               "2024-02-10": ("2024-02-10", 3.0)},
        ("p:ana", "KNOWS", "p:bob", "twitter"): {"2024-03-01": ("2024-03-01", 1.0)},
    }
    assert observations(runner) == want
    props = tie_properties(runner)
    assert props[("p:ana", "MEMBER_OF", "o:asso", "unspecified")]["weight"] == 4.0
    assert props[("p:ana", "KNOWS", "p:bob", "email")]["weight"] == 6.0
    assert not any("date" in p or "observation" in p for p in props.values())

    import_files(runner, edges=edges)
    assert observations(runner) == want
    assert database.stats(runner)["ties"]["total"] == 3

    later = write(tmp_path / "later.csv", "source,target,type,channel,date,weight\n"
                                          "p:ana,p:bob,KNOWS,email,2024-04-01,5\n"
                                          "p:ana,p:bob,KNOWS,email,2024-02-10,1\n"   # corrects the weight of one
                                          "p:ana,o:asso,MEMBER_OF,,,7\n")
    import_files(runner, edges=later)
    want[("p:ana", "KNOWS", "p:bob", "email")].update({"2024-04-01": ("2024-04-01", 5.0),
                                                      "2024-02-10": ("2024-02-10", 1.0)})
    assert observations(runner) == want
    assert tie_properties(runner)[("p:ana", "MEMBER_OF", "o:asso", "unspecified")]["weight"] == 7.0


def _generated(seed: int, rows: int) -> tuple[list[dict], dict]:
    """Random dated rows over few ties (so that ties repeat within and across batches), and the
    observations each tie must end with: one per key, the last row's."""
    rng = random.Random(seed)
    people = [f"p:{i}" for i in range(12)]
    out, want = [], defaultdict(dict)
    for _ in range(rows):
        a, b = rng.sample(people, 2)
        channel = rng.choice(["email", "meeting"])
        date = f"202{rng.randrange(4)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
        key = rng.choice(["", f"<{rng.randrange(60)}@x>"])
        weight = rng.randrange(1, 5)
        out.append({"source": a, "target": b, "type": "KNOWS", "channel": channel, "date": date,
                    "observation": key, "weight": weight})
        want[(a, "KNOWS", b, channel)][key or date] = (date, float(weight))
    return out, dict(want)


@pytest.mark.parametrize("writers", [1, 4])
def test_many_observations_across_batches_and_writers_match_an_independent_count(runner, tmp_path, monkeypatch,
                                                                                writers):
    monkeypatch.setattr(graphwrite, "WRITERS", writers)
    rows, want = _generated(writers, 3000)
    nodes = write(tmp_path / "nodes.csv", "id,kind\n" + "".join(f"p:{i},person\n" for i in range(12)))
    path = tmp_path / "edges.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.DictWriter(fh, fieldnames=list(rows[0]))
        out.writeheader()
        out.writerows(rows)
    import_files(runner, nodes=nodes, edges=path, batch_size=150)
    assert observations(runner) == want
    import_files(runner, edges=path, batch_size=150)   # again, into a graph that has the ties: nothing new
    assert observations(runner) == want
    more, more_want = _generated(writers + 10, 1000)
    write_graph(runner, [], [tie_row(r["source"], r["target"], "KNOWS", channel=r["channel"], date=r["date"],
                                     observation=r["observation"], weight=r["weight"]) for r in more],
                Provenance("generated"), batch_size=120)
    for identity, found in more_want.items():
        want.setdefault(identity, {}).update(found)
    assert observations(runner) == want


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json"])
def test_every_graph_format_carries_dates(runner, tmp_path, fmt):
    g = nx.MultiDiGraph()
    for n in ("p:ana", "p:bob"):
        g.add_node(n, kind="person")
    g.add_edge("p:ana", "p:bob", type="KNOWS", date="2023-05-01", observation="call-1", weight=2.0)
    g.add_edge("p:ana", "p:bob", type="KNOWS", date="2023-05-01", observation="call-2", weight=1.0)
    g.add_edge("p:ana", "p:bob", type="KNOWS", date="2023-06-01", weight=1.0)
    path = write_networkx(g, tmp_path / f"calls.{fmt}")
    import_files(runner, graphs=[path])
    assert observations(runner) == {("p:ana", "KNOWS", "p:bob", "unspecified"): {
        "call-1": ("2023-05-01", 2.0), "call-2": ("2023-05-01", 1.0), "2023-06-01": ("2023-06-01", 1.0)}}


@pytest.mark.parametrize("value", ["2024-13-01", "yesterday", "31/02/2024"])
def test_a_bad_date_names_file_line_and_field_and_writes_nothing(runner, tmp_path, value, capsys):
    nodes = write(tmp_path / "nodes.csv", NODES)
    edges = write(tmp_path / "edges.csv", "source,target,type,date\n"
                                          "p:ana,p:bob,KNOWS,2024-01-01\n"
                                          f"p:ana,o:asso,MEMBER_OF,{value}\n")
    with pytest.raises(ImportRejected) as err:
        import_files(runner, nodes=nodes, edges=edges)
    assert [(p.file, p.where, p.field) for p in err.value.problems] == [("edges.csv", 3, "date")]
    assert database.stats(runner)["nodes"]["total"] == 0
    s = runner.settings
    with pytest.raises(SystemExit) as exit_:
        main(["--uri", s.uri, "--user", s.user, "--password", s.password,
              "import", "--nodes", str(nodes), "--edges", str(edges)])
    assert exit_.value.code != 0
    assert "edges.csv, line 3, field date" in capsys.readouterr().err.replace("\n", " ")
    assert database.stats(runner)["nodes"]["total"] == 0


def test_an_observation_key_without_a_date_is_refused(runner, tmp_path):
    nodes = write(tmp_path / "nodes.csv", NODES)
    edges = write(tmp_path / "edges.json", json.dumps(
        {"nodes": [], "edges": [{"source": "p:ana", "target": "p:bob", "observation": "<m1@x>"}]}))
    with pytest.raises(ImportRejected) as err:
        import_files(runner, nodes=nodes, graphs=[edges])
    assert [p.field for p in err.value.problems] == ["date"]


def test_library_rows_of_the_sources_carry_dates(runner):
    """Sources write through tie_row: a row with a date is one observation."""
    write_graph(runner, [entity_row("p:a", "Person"), entity_row("p:b", "Person")],
                [tie_row("p:a", "p:b", "MENTIONS", date="2022-01-01T10:00:00Z", observation="https://s/1"),
                 tie_row("p:a", "p:b", "MENTIONS", date="2022-01-02", observation="https://s/2", weight=2)],
                Provenance("test"))
    assert observations(runner) == {("p:a", "MENTIONS", "p:b", "unspecified"): {
        "https://s/1": ("2022-01-01", 1.0), "https://s/2": ("2022-01-02", 2.0)}}


def test_observed_lists_import_as_they_are_exported(runner, tmp_path):
    """The lists as the export writes them (JSON arrays, in a text or as lists) import to the same observations."""
    nodes = write(tmp_path / "nodes.csv", NODES)
    lists = {"observed": ["2020-01-01", "2020-02-01"], "observed_weight": [1.5, 2], "observed_key": ["a|b", "2020-02-01"]}
    edges = write(tmp_path / "e.csv", "source,target,type,observed,observed_weight,observed_key\n"
                  + "p:ana,p:bob,KNOWS," + ",".join('"' + json.dumps(v).replace('"', '""') + '"' for v in lists.values())
                  + "\n")
    import_files(runner, nodes=nodes, edges=edges)
    assert observations(runner) == {("p:ana", "KNOWS", "p:bob", "unspecified"): {
        "a|b": ("2020-01-01", 1.5), "2020-02-01": ("2020-02-01", 2.0)}}


def test_folding_an_alias_node_adds_its_observations_to_the_canonical_tie(runner, tmp_path):
    first = write(tmp_path / "first.csv", "id,kind\ntw:@ana,person\np:bob,person\n")
    ties_first = write(tmp_path / "t1.csv", "source,target,type,date,weight\n"
                                            "tw:@ana,p:bob,KNOWS,2021-01-01,2\ntw:@ana,p:bob,KNOWS,2021-02-01,1\n")
    import_files(runner, nodes=first, edges=ties_first)
    second = write(tmp_path / "second.csv", "id,kind,aliases\np:ana,person,tw:@ana\n")
    ties_second = write(tmp_path / "t2.csv", "source,target,type,date,weight\n"
                                             "p:ana,p:bob,KNOWS,2021-02-01,5\np:ana,p:bob,KNOWS,2021-03-01,1\n")
    import_files(runner, nodes=second, edges=ties_second)
    found = observations(runner)
    # the canonical tie's own observation of 2021-02-01 stands; the alias's other one is added
    assert found == {("p:ana", "KNOWS", "p:bob", "unspecified"): {
        "2021-02-01": ("2021-02-01", 5.0), "2021-03-01": ("2021-03-01", 1.0), "2021-01-01": ("2021-01-01", 2.0)}}
