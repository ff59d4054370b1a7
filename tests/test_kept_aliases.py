"""Aliases kept in the graph are honoured by later imports (netnp/importing/kept_aliases.py).

Once ``netnp identities apply`` or ``netnp import --aliases`` folded a node into
another, importing a file that still names the folded id writes to the node
that kept it: the folded node does not come back, its ties land on the kept
node, nothing is written twice; and ``netnp person forget`` leaves no lookup
behind. Everything goes through the real importer and the real database.
"""

from __future__ import annotations

from pathlib import Path

from import_helpers import nodes, ties, write

from netnp import database
from netnp.identities import apply_candidates, identity
from netnp.importing.importer import import_files
from netnp.modules import ModuleLibrary
from netnp.person import forget, plan_forget

TEST_MODULES = ModuleLibrary(Path(__file__).parent / "cypher")


def _files(folder: Path) -> tuple[Path, Path]:
    n = write(folder / "n.csv",
              "id,kind,name,aliases,city\n"
              "crm:1,person,Ana Duval,,Lyon\n"
              "ana@example.org,person,Ana,fb:ana.duval,\n"
              "tw:@ana_d,person,ana,,Paris\n"
              "p:other,person,Other,,\n"
              "p:bob,person,Bob,,\n")
    e = write(folder / "e.csv",
              "source,target,type,weight\n"
              "tw:@ana_d,p:other,FOLLOWS,1\n"
              "ana@example.org,p:other,KNOWS,2\n"
              "p:bob,fb:ana.duval,KNOWS,3\n"
              "crm:1,p:bob,KNOWS,4\n")
    return n, e


def _lookups(runner) -> dict[str, str]:
    return {row["alias"]: row["id"] for row in runner.read(TEST_MODULES.get("alias_lookups"))}


def _apply(runner, folder: Path) -> None:
    candidates = write(folder / "c.csv", "alias,id\nana@example.org,crm:1\ntw:@ana_d,ana@example.org\n")
    report = apply_candidates(runner, candidates)
    assert (report.identities, report.folded) == (1, 2)


def test_a_reimport_after_apply_writes_to_the_kept_node_and_duplicates_nothing(runner, tmp_path):
    n, e = _files(tmp_path)
    import_files(runner, nodes=n, edges=e)
    _apply(runner, tmp_path)
    folded_nodes, folded_ties = nodes(runner), ties(runner)
    assert set(folded_nodes) == {"crm:1", "p:other", "p:bob"}
    assert folded_nodes["crm:1"]["aliases"] == ["ana@example.org", "fb:ana.duval", "tw:@ana_d"]
    assert _lookups(runner) == {alias: "crm:1" for alias in folded_nodes["crm:1"]["aliases"]}

    # the original files again: no folded node comes back, every tie lands where it was, once
    report = import_files(runner, nodes=n, edges=e)
    assert report.rejected == 0 and report.ties_written == 4
    assert nodes(runner) == folded_nodes
    assert ties(runner) == folded_ties
    assert database.stats(runner)["nodes"]["total"] == 3

    # a new file naming a folded id, as a tie's end and as a node: written to the kept node
    import_files(runner, nodes=write(tmp_path / "n2.csv", "id,kind,name,job\ntw:@ana_d,person,ana,journaliste\n"),
                 edges=write(tmp_path / "e2.csv", "source,target,type\np:bob,tw:@ana_d,MENTIONS\n"))
    got = nodes(runner)
    assert set(got) == {"crm:1", "p:other", "p:bob"}
    assert got["crm:1"]["job"] == "journaliste" and got["crm:1"]["name"] == "Ana Duval"  # gaps filled only
    assert {(s, t, o) for s, t, o, *_ in ties(runner)} == \
        {(s, t, o) for s, t, o, *_ in folded_ties} | {("p:bob", "MENTIONS", "crm:1")}


def test_an_alias_file_fold_is_honoured_later_with_the_aliases_the_folded_node_kept(runner, tmp_path):
    import_files(runner, nodes=write(tmp_path / "n1.csv", "id,kind,name,aliases\np:ana,person,Ana,\n"
                                     "tw:@ana,person,@ana,ana@example.org\np:bob,person,Bob,\n"),
                 edges=write(tmp_path / "e1.csv", "source,target,type\ntw:@ana,p:bob,FOLLOWS\n"))
    import_files(runner, nodes=write(tmp_path / "n2.csv", "id,kind,name\n"),
                 aliases=write(tmp_path / "a.csv", "alias,id\ntw:@ana,p:ana\n"))
    got = nodes(runner)
    assert set(got) == {"p:ana", "p:bob"} and got["p:ana"]["aliases"] == ["ana@example.org", "tw:@ana"]
    assert _lookups(runner) == {"ana@example.org": "p:ana", "tw:@ana": "p:ana"}

    # ties naming the folded node or the alias it kept land on p:ana; neither id comes back
    import_files(runner, nodes=write(tmp_path / "n3.csv", "id,kind,name\ntw:@ana,person,@ana\n"),
                 edges=write(tmp_path / "e3.csv", "source,target,type\ntw:@ana,p:bob,FOLLOWS\n"
                                                  "p:bob,ana@example.org,KNOWS\n"))
    assert set(nodes(runner)) == {"p:ana", "p:bob"}
    assert sorted((s, t, o) for s, t, o, *_ in ties(runner)) == [("p:ana", "FOLLOWS", "p:bob"),
                                                                ("p:bob", "KNOWS", "p:ana")]
    [shown] = identity(runner, "ana@example.org")
    assert shown["id"] == "p:ana" and shown["matched_alias"]


def test_aliases_kept_before_the_lookups_existed_are_found_after_the_migration(runner, tmp_path):
    n, e = _files(tmp_path)
    import_files(runner, nodes=n, edges=e)
    _apply(runner, tmp_path)
    folded_nodes, folded_ties = nodes(runner), ties(runner)
    expected = _lookups(runner)
    runner.write(TEST_MODULES.get("delete_alias_lookups"))
    assert _lookups(runner) == {}
    runner.write("schema/0010_alias_lookups")
    assert _lookups(runner) == expected
    import_files(runner, nodes=n, edges=e)
    assert nodes(runner) == folded_nodes and ties(runner) == folded_ties


def test_forget_erases_the_lookups_and_a_reimport_brings_nothing_back(runner, tmp_path, monkeypatch):
    monkeypatch.setenv("NETNP_KEY_FILE", str(tmp_path / "pseudonym.key"))
    n, e = _files(tmp_path)
    import_files(runner, nodes=n, edges=e)
    _apply(runner, tmp_path)
    report = forget(runner, plan_forget(runner, "tw:@ana_d"))
    report.check()  # the proof searched every text of the database and found none of Ana's ids
    assert report.proof.hits == [] and report.removed["nodes"] == 1
    assert _lookups(runner) == {}
    again = import_files(runner, nodes=n, edges=e)
    assert set(nodes(runner)) == {"p:other", "p:bob"} and again.forgotten > 0
    assert {(s, t, o) for s, t, o, *_ in ties(runner)} == set()
