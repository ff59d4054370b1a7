"""`netnp import` from CSV: formats, idempotence, updates, aliases, every bad-input case, injection."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from import_helpers import nodes, tie_properties, ties, write

from netnp import database, schema
from netnp.cli import main
from netnp.importing.importer import ImportRejected, import_files
from netnp.modules import ModuleLibrary
from netnp.samples import load_sample

NODES = """id,kind,name,role,city
p:ana,person,Anaïs Duval,bénévole,Lyon
p:bob,person,"Bob ""le roux"" Martin",donateur,Lille
o:asso,organization,"Les Amis de la Forêt, Lyon",,Lyon
https://Example.org/Blog/,webpage,Le blog,,
"""
EDGES = """source,target,type,weight,since,until,channel,note
p:ana,o:asso,VOLUNTEERS_FOR,3,2021-09-01,,offline,"dit ""oui""; avec virgule, et accent é"
p:bob,o:asso,DONATES_TO,"2,5",01/03/2020,2022-12-31,,
p:ana,p:bob,KNOWS,,,,email,
p:ana,p:bob,KNOWS,2,,,twitter,
o:asso,https://EXAMPLE.org/Blog/#top,PUBLISHES,,,,web,
"""


@pytest.fixture
def files(tmp_path):
    return write(tmp_path / "nodes.csv", NODES), write(tmp_path / "edges.csv", EDGES)


def test_csv_import_builds_the_documented_model(runner, files):
    report = import_files(runner, nodes=files[0], edges=files[1])
    assert (report.nodes_written, report.ties_written, report.rejected) == (4, 5, 0)
    got = nodes(runner)
    assert got["p:ana"] == {"kind": "Person", "name": "Anaïs Duval", "role": "bénévole", "city": "Lyon"}
    assert got["p:bob"]["name"] == 'Bob "le roux" Martin'
    assert got["o:asso"] == {"kind": "Organization", "name": "Les Amis de la Forêt, Lyon", "city": "Lyon"}
    # A web page's id is its normalised URL (the trailing "/" is the page's own, RFC 3986);
    # the spelling of the file is kept as an alias.
    assert got["https://example.org/Blog/"]["kind"] == "WebPage"
    assert got["https://example.org/Blog/"]["aliases"] == ["https://Example.org/Blog/"]
    assert ties(runner) == {
        ("p:ana", "VOLUNTEERS_FOR", "o:asso", "offline", 3.0, "2021-09-01", None): 1,
        ("p:bob", "DONATES_TO", "o:asso", "unspecified", 2.5, "2020-03-01", "2022-12-31"): 1,
        ("p:ana", "KNOWS", "p:bob", "email", 1.0, None, None): 1,
        ("p:ana", "KNOWS", "p:bob", "twitter", 2.0, None, None): 1,
        ("o:asso", "PUBLISHES", "https://example.org/Blog/", "web", 1.0, None, None): 1,
    }
    props = tie_properties(runner)
    assert props[("p:ana", "VOLUNTEERS_FOR", "o:asso", "offline")]["note"] == 'dit "oui"; avec virgule, et accent é'
    prov = props[("p:ana", "KNOWS", "p:bob", "email")]
    assert prov["netnp_source"] == "edges.csv" and prov["netnp_import_id"] == report.import_id


TEST_MODULES = ModuleLibrary(Path(__file__).parent / "cypher")


@pytest.mark.parametrize("load", ["csv", "sample"])
def test_writing_into_a_graph_without_schema_applies_it_first(runner, files, load):
    # as on a server where nobody ran `netnp db init`: without the id index, an
    # import plans `MATCH (a:Entity {id: …})` as a scan of every entity, per row
    runner.write(TEST_MODULES.get("drop_all_indexes"))
    runner.write(TEST_MODULES.get("forget_schema_version"))
    assert "entity_id_unique" not in {row["name"] for row in runner.read(TEST_MODULES.get("online_indexes"))}
    assert schema.schema_version(runner) == 0
    if load == "csv":
        import_files(runner, nodes=files[0], edges=files[1])
    else:
        load_sample(runner, "florentine")
    online = {row["name"]: row["owning_constraint"] for row in runner.read(TEST_MODULES.get("online_indexes"))}
    assert online.get("entity_id_unique") == "entity_id_unique"
    assert "entity_name" in online
    assert schema.schema_version(runner) == schema.latest_version(runner)


def test_web_page_endpoints_resolve_through_url_normalisation(runner, tmp_path, files):
    import_files(runner, nodes=files[0])
    e = write(tmp_path / "e.csv", "source,target,type\no:asso,https://example.org/Blog/?utm_source=x,MENTIONS\n"
                                  "o:asso,https://example.org/blog/,MENTIONS\no:asso,https://example.org/Blog,MENTIONS\n")
    with pytest.raises(ImportRejected) as err:  # paths keep their case and their "/": /blog/ and /Blog are other pages
        import_files(runner, edges=e)
    assert [(p.where, p.field) for p in err.value.problems] == [(3, "target"), (4, "target")]


def test_semicolons_bom_crlf_and_accents(runner, tmp_path):
    n = write(tmp_path / "n.csv", "ID;Kind;Name;Commune\r\np:é;Person;\"Zoé; la Bretonne\";Quimper\r\np:ç;personne;François Ça;Brest\r\n", bom=True)
    e = write(tmp_path / "e.csv", "source;target;type;weight\r\np:é;p:ç;KNOWS;1,5\r\n", bom=True)
    import_files(runner, nodes=n, edges=e)
    assert nodes(runner) == {"p:é": {"kind": "Person", "name": "Zoé; la Bretonne", "Commune": "Quimper"},
                             "p:ç": {"kind": "Person", "name": "François Ça", "Commune": "Brest"}}
    assert ties(runner) == {("p:é", "KNOWS", "p:ç", "unspecified", 1.5, None, None): 1}


def test_quoted_fields_with_newlines(runner, tmp_path):
    n = write(tmp_path / "n.csv", 'id,kind,name,bio\np:1,person,Un,"ligne 1\nligne 2"\np:2,person,Deux,\n')
    e = write(tmp_path / "e.csv", "source,target,type\np:1,p:2,KNOWS\np:2,p:9,KNOWS\n")
    with pytest.raises(ImportRejected) as err:
        import_files(runner, nodes=n, edges=e)
    # Line numbers count physical lines, so they match what a text editor shows.
    assert [(p.file, p.where, p.field) for p in err.value.problems] == [("e.csv", 3, "target")]
    import_files(runner, nodes=n)
    assert nodes(runner)["p:1"]["bio"] == "ligne 1\nligne 2"


def test_importing_twice_leaves_identical_counts(runner, files):
    import_files(runner, nodes=files[0], edges=files[1])
    first = database.stats(runner)
    state = (nodes(runner), ties(runner))
    import_files(runner, nodes=files[0], edges=files[1])
    assert database.stats(runner) == first
    assert (nodes(runner), ties(runner)) == state


def test_changed_rows_update_properties(runner, tmp_path, files):
    import_files(runner, nodes=files[0], edges=files[1])
    n = write(tmp_path / "n2.csv", "id,kind,name,role,city\np:ana,person,Anaïs Duval-Roux,salariée,\n")
    e = write(tmp_path / "e2.csv", "source,target,type,weight,channel\np:ana,p:bob,KNOWS,7,email\n")
    import_files(runner, nodes=n, edges=e)
    ana = nodes(runner)["p:ana"]
    assert ana["name"] == "Anaïs Duval-Roux" and ana["role"] == "salariée"
    assert "city" not in ana  # an emptied cell clears the property
    assert ("p:ana", "KNOWS", "p:bob", "email", 7.0, None, None) in ties(runner)
    assert database.stats(runner)["ties"]["total"] == 5


# -- bad input ----------------------------------------------------------------------
BAD_CASES = {
    "unknown kind": ("id,kind,name\np:1,person,Un\np:2,persn,Deux\n", "source,target,type\np:1,p:1,KNOWS\n",
                     ("n.csv", 3, "kind")),
    "missing id": ("id,kind,name\np:1,person,Un\n,person,Sans id\n", "source,target,type\np:1,p:1,KNOWS\n",
                   ("n.csv", 3, "id")),
    "unknown type": ("id,kind,name\np:1,person,Un\n", "source,target,type\np:1,p:1,knows\n", ("e.csv", 2, "type")),
    "missing endpoint": ("id,kind,name\np:1,person,Un\n", "source,target,type\np:1,p:404,KNOWS\n",
                         ("e.csv", 2, "target")),
    "unparsable weight": ("id,kind,name\np:1,person,Un\n", "source,target,type,weight\np:1,p:1,KNOWS,lots\n",
                          ("e.csv", 2, "weight")),
    "unparsable date": ("id,kind,name\np:1,person,Un\n", "source,target,type,since\np:1,p:1,KNOWS,2021-02-30\n",
                        ("e.csv", 2, "since")),
    "missing column": ("name,kind\nUn,person\n", "source,target,type\n", ("n.csv", 1, "id")),
    "missing edge column": ("id,kind,name\np:1,person,Un\n", "source,type\np:1,KNOWS\n", ("e.csv", 1, "target")),
    "extra cells": ("id,kind,name\np:1,person,Un\n", "source,target,type\np:1,p:1,KNOWS,oops\n", ("e.csv", 2, "-")),
    "bad web page id": ("id,kind,name\np:1,webpage,Un\n", "source,target,type\n", ("n.csv", 2, "id")),
}


@pytest.mark.parametrize("case", sorted(BAD_CASES))
def test_each_bad_input_names_file_line_and_field_and_writes_nothing(runner, tmp_path, case):
    node_text, edge_text, expected = BAD_CASES[case]
    n, e = write(tmp_path / "n.csv", node_text), write(tmp_path / "e.csv", edge_text)
    with pytest.raises(ImportRejected) as err:
        import_files(runner, nodes=n, edges=e)
    assert [(p.file, p.where, p.field) for p in err.value.problems] == [expected]
    assert f"{expected[0]}, line {expected[1]}" in str(err.value)
    assert database.stats(runner)["nodes"]["total"] == 0


def test_not_utf8_is_named(runner, tmp_path):
    n = tmp_path / "n.csv"
    n.write_bytes("id,kind,name\np:1,person,Zoé\n".encode("cp1252"))
    with pytest.raises(ImportRejected) as err:
        import_files(runner, nodes=n)
    assert "line 2" in str(err.value) and "UTF-8" in str(err.value)


def test_skip_invalid_writes_valid_rows_and_lists_rejects(runner, tmp_path):
    n = write(tmp_path / "n.csv", "id,kind,name\np:1,person,Un\np:2,persn,Deux\np:3,person,Trois\n")
    e = write(tmp_path / "e.csv", "source,target,type,weight\np:1,p:3,KNOWS,1\np:1,p:2,KNOWS,1\np:3,p:1,KNOWS,x\n")
    rejects = tmp_path / "rejects.csv"
    report = import_files(runner, nodes=n, edges=e, skip_invalid=True, rejects=rejects)
    assert report.rejected == 3 and report.written
    assert set(nodes(runner)) == {"p:1", "p:3"}
    assert ties(runner) == {("p:1", "KNOWS", "p:3", "unspecified", 1.0, None, None): 1}
    with rejects.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["file"], r["line"], r["field"]) for r in rows] == [
        ("n.csv", "3", "kind"), ("e.csv", "3", "target"), ("e.csv", "4", "weight")]
    assert json.loads(rows[0]["row"])["kind"] == "persn"


def test_cli_exit_codes(runner, tmp_path, capsys):
    s = runner.settings
    conn = ["--uri", s.uri, "--user", s.user, "--password", s.password]
    n = write(tmp_path / "n.csv", "id,kind,name\np:1,person,Un\np:2,robot,Deux\n")
    with pytest.raises(SystemExit) as exit_:
        main([*conn, "import", "--nodes", str(n)])
    assert exit_.value.code != 0
    assert "n.csv, line 3, field kind" in capsys.readouterr().err.replace("\n", " ")
    assert database.stats(runner)["nodes"]["total"] == 0
    with pytest.raises(SystemExit) as exit_:
        main([*conn, "import", "--nodes", str(n), "--skip-invalid"])
    assert exit_.value.code == 2
    assert (tmp_path / "n.rejects.csv").is_file()
    assert set(nodes(runner)) == {"p:1"}
    ok = write(tmp_path / "ok.csv", "id,kind,name\np:1,person,Un\n")
    main_exit = None
    try:
        main([*conn, "import", "--nodes", str(ok)])
    except SystemExit as exc:
        main_exit = exc.code
    assert main_exit in (None, 0)


# -- injection ---------------------------------------------------------------------
INJECTIONS = [
    "KNOWS]->(b) WITH b MATCH (x) DETACH DELETE x //",
    "KNOWS`]->() MATCH (n) DETACH DELETE n //",
    "KNOWS {weight: 1}]->(b) //",
    "$(row.type)",
    "KNOWS\nMATCH (n) DETACH DELETE n",
]


@pytest.mark.parametrize("bad_type", INJECTIONS)
def test_injection_in_types_is_refused(runner, tmp_path, bad_type):
    write(tmp_path / "n.csv", "id,kind,name\np:1,person,Un\n")
    import_files(runner, nodes=tmp_path / "n.csv")
    e = tmp_path / "e.csv"
    with e.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([["source", "target", "type"], ["p:1", "p:1", bad_type]])
    with pytest.raises(ImportRejected) as err:
        import_files(runner, edges=e)
    assert err.value.problems[0].field == "type"
    assert database.stats(runner)["nodes"]["total"] == 1 and database.stats(runner)["ties"]["total"] == 0


def test_injection_in_values_and_column_names_is_stored_as_text(runner, tmp_path):
    evil = "x'}) MATCH (n) DETACH DELETE n //"
    n = tmp_path / "n.csv"
    with n.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "kind", "name", "note`) DETACH DELETE n //", "$(x)"])
        w.writerow([evil, "person", "Robert'); DROP TABLE Students;--", evil, "{{7*7}}"])
        w.writerow(["p:2", "person", "Deux", "", ""])
    e = tmp_path / "e.csv"
    with e.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["source", "target", "type", "channel", "comment"])
        w.writerow([evil, "p:2", "KNOWS", "email'}]->() DELETE r //", "') RETURN 1 //"])
    import_files(runner, nodes=n, edges=e)
    got = nodes(runner)
    assert set(got) == {evil, "p:2"}
    assert got[evil]["name"] == "Robert'); DROP TABLE Students;--"
    assert got[evil]["note`) DETACH DELETE n //"] == evil and got[evil]["$(x)"] == "{{7*7}}"
    assert ties(runner) == {(evil, "KNOWS", "p:2", "email'}]->() delete r //", 1.0, None, None): 1}


# -- aliases -----------------------------------------------------------------------
def test_declared_aliases_are_analysed_as_one_node_and_kept(runner, tmp_path):
    n = write(tmp_path / "n.csv",
              "id,kind,name,aliases,city\n"
              "p:ana,person,Anaïs Duval,tw:@ana_d|ana@example.org,Lyon\n"
              "tw:@ana_d,person,@ana_d,,\n"
              "fb:ana.duval,person,Ana D.,,Paris\n"
              "p:bob,person,Bob,,\n")
    a = write(tmp_path / "aliases.csv", "alias,id\nfb:ana.duval,p:ana\n")
    e = write(tmp_path / "e.csv",
              "source,target,type,channel\n"
              "tw:@ana_d,p:bob,FOLLOWS,twitter\n"
              "ana@example.org,p:bob,KNOWS,email\n"
              "p:bob,fb:ana.duval,KNOWS,facebook\n")
    import_files(runner, nodes=n, edges=e, aliases=a)
    got = nodes(runner)
    assert set(got) == {"p:ana", "p:bob"}
    assert got["p:ana"]["aliases"] == ["ana@example.org", "fb:ana.duval", "tw:@ana_d"]
    assert got["p:ana"]["city"] == "Lyon" and got["p:ana"]["name"] == "Anaïs Duval"
    assert {(s, t, tgt) for s, t, tgt, *_ in ties(runner)} == {
        ("p:ana", "FOLLOWS", "p:bob"), ("p:ana", "KNOWS", "p:bob"), ("p:bob", "KNOWS", "p:ana")}
    # Again, and then an edge file alone that names an alias: still one node.
    import_files(runner, nodes=n, edges=e, aliases=a)
    assert database.stats(runner)["nodes"]["total"] == 2 and database.stats(runner)["ties"]["total"] == 3


def test_alias_of_a_node_stored_by_an_earlier_import_is_folded(runner, tmp_path):
    import_files(runner, nodes=write(tmp_path / "n1.csv", "id,kind,name,job\np:ana,person,Ana,\ntw:@ana,person,@ana,journaliste\np:bob,person,Bob,\n"),
                 edges=write(tmp_path / "e1.csv", "source,target,type\ntw:@ana,p:bob,FOLLOWS\n"))
    assert database.stats(runner)["nodes"]["total"] == 3
    import_files(runner, nodes=write(tmp_path / "n2.csv", "id,kind,name\n"),
                 aliases=write(tmp_path / "a.csv", "alias,id\ntw:@ana,p:ana\n"))
    got = nodes(runner)
    assert set(got) == {"p:ana", "p:bob"}
    assert got["p:ana"]["aliases"] == ["tw:@ana"] and got["p:ana"]["job"] == "journaliste"
    assert {(s, t, tgt) for s, t, tgt, *_ in ties(runner)} == {("p:ana", "FOLLOWS", "p:bob")}


def test_folding_an_alias_leaves_one_tie_per_identity(runner, tmp_path):
    # Ana is stored twice (p:ana and tw:@ana), with ties that become the same
    # (source, type, target, channel) once tw:@ana is folded into p:ana.
    n = write(tmp_path / "n.csv", "id,kind,name\np:ana,person,Ana\ntw:@ana,person,@ana\np:bob,person,Bob\n")
    e = write(tmp_path / "e.csv",
              "source,target,type,weight,since,until,channel,note\n"
              "p:ana,p:bob,KNOWS,2,2020-01-01,,email,\n"
              "tw:@ana,p:bob,KNOWS,5,,2024-01-01,email,from twitter\n"
              "tw:@ana,p:bob,KNOWS,1,,,twitter,\n"
              "p:bob,tw:@ana,FOLLOWS,1,,,,\n"
              "p:bob,p:ana,FOLLOWS,3,,,,\n"
              "tw:@ana,p:ana,KNOWS,1,,,email,\n"
              "p:ana,tw:@ana,KNOWS,1,,,email,\n")
    import_files(runner, nodes=n, edges=e)
    assert database.stats(runner)["ties"]["total"] == 7
    aliases = write(tmp_path / "a.csv", "alias,id\ntw:@ana,p:ana\n")
    import_files(runner, aliases=aliases, nodes=write(tmp_path / "none.csv", "id,kind\n"))
    expected = {
        # the canonical node's tie is kept; the folded one only fills its gaps (until)
        ("p:ana", "KNOWS", "p:bob", "email", 2.0, "2020-01-01", "2024-01-01"): 1,
        ("p:ana", "KNOWS", "p:bob", "twitter", 1.0, None, None): 1,
        ("p:bob", "FOLLOWS", "p:ana", "unspecified", 3.0, None, None): 1,
        # tw:@ana -> p:ana and p:ana -> tw:@ana are both the loop p:ana -> p:ana
        ("p:ana", "KNOWS", "p:ana", "email", 1.0, None, None): 1,
    }
    assert ties(runner) == expected
    note = runner.read("export/ties")
    assert [r["properties"].get("note") for r in note if r["properties"].get("channel") == "email"
            and r["target"] == "p:bob"] == ["from twitter"]
    assert set(nodes(runner)) == {"p:ana", "p:bob"}
    # An edge file naming the alias, imported again with the alias: the same ties.
    import_files(runner, edges=e, aliases=aliases)
    assert sum(ties(runner).values()) == 4
    assert {k[:4] for k in ties(runner)} == {k[:4] for k in expected}


def test_alias_to_an_unknown_node_is_rejected(runner, tmp_path):
    n = write(tmp_path / "n.csv", "id,kind,name\np:1,person,Un\n")
    a = write(tmp_path / "a.csv", "alias,id\ntw:@x,p:404\n")
    with pytest.raises(ImportRejected) as err:
        import_files(runner, nodes=n, aliases=a)
    assert [(p.file, p.where, p.field) for p in err.value.problems] == [("a.csv", 2, "id")]


def test_edges_alone_may_name_nodes_already_in_the_graph(runner, tmp_path, files):
    import_files(runner, nodes=files[0])
    e = write(tmp_path / "e.csv", "source,target,type\np:ana,p:bob,KNOWS\n")
    report = import_files(runner, edges=e)
    assert report.ties_written == 1 and database.stats(runner)["ties"]["total"] == 1
