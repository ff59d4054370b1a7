"""`netnp identities`: suggestions on a multi-source population with known truth, applying them, listing an identity.

The population (tests/identity_population.py) is imported through the real
importer into the real database, and the suggestions are measured against
the truth by the pairs of nodes they join.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

import pytest
from identity_population import evaluate, generate
from import_helpers import nodes, ties, write
from test_cli import assert_one_line_error, netnp, server_env

from netnp.errors import InputError
from netnp.identities import DEFAULT_MIN_SCORE, apply_candidates, identity, suggest
from netnp.importing.importer import import_files

PEOPLE = 2500


@pytest.fixture(scope="module")
def population():
    return generate(PEOPLE, seed=11)


def _load(runner, population, folder: Path) -> None:
    node_file, edge_file = population.write_csv(folder)
    import_files(runner, nodes=node_file, edges=edge_file)


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_suggestions_reach_the_precision_and_recall_wanted_and_apply_folds_them(runner, population, tmp_path):
    _load(runner, population, tmp_path)
    before = nodes(runner)
    candidates = tmp_path / "candidates.csv"
    report = suggest(runner, output=candidates)
    rows = _rows(candidates)
    assert list(rows[0]) == ["alias", "id", "score", "evidence", "alias_name", "id_name", "kind"]
    assert len(rows) == len(report.suggestions) and report.compared < len(before) ** 2 / 20

    # every row pairs two nodes of one kind, at the default threshold or above, with its evidence
    for row in rows:
        assert before[row["alias"]]["kind"] == before[row["id"]]["kind"] == row["kind"]
        assert DEFAULT_MIN_SCORE <= float(row["score"]) <= 1 and row["evidence"]
    # the file is an alias file: each alias once, so that `netnp import --aliases` reads it as it is
    assert max(Counter(row["alias"] for row in rows).values()) == 1

    quality = evaluate(((row["alias"], row["id"]) for row in rows), population.truth)
    assert quality.precision >= 0.95, quality
    assert quality.recall >= 0.80, quality

    # a higher threshold gives fewer, surer suggestions
    stricter = suggest(runner, min_score=0.99)
    assert 0 < len(stricter.suggestions) < len(rows)
    assert evaluate(((s.alias.id, s.id.id) for s in stricter.suggestions), population.truth).precision >= \
        quality.precision

    # applying folds each identity into the node its rows point to
    ties_before = ties(runner)
    applied = apply_candidates(runner, candidates)
    after = nodes(runner)
    assert applied.folded == len(before) - len(after) == len(rows)
    kept = {row["id"] for row in rows} - {row["alias"] for row in rows}
    for row in rows:
        assert row["alias"] not in after
    for node_id in kept:
        members = {node_id, *after[node_id]["aliases"]}
        assert all(row["alias"] in members for row in rows if row["id"] == node_id)
    # the ties of the folded nodes went with them, one per (source, type, target, channel)
    home = dict(applied.aliases)
    assert {(home.get(s, s), t, home.get(o, o), c) for s, t, o, c, *_ in ties_before} == \
        {(s, t, o, c) for s, t, o, c, *_ in ties(runner)}
    assert apply_candidates(runner, candidates).folded == 0  # applying again changes nothing
    assert nodes(runner) == after


def test_never_pairs_a_person_with_an_organisation(runner, tmp_path):
    n = write(tmp_path / "n.csv",
              "id,kind,name,email\n"
              "crm:1,person,Emmaüs Solidarité,contact@emmaus.org\n"
              "contact@emmaus.org,organization,Emmaüs Solidarité,\n"
              "org:emmaus,organization,EMMAUS SOLIDARITE,contact@emmaus.org\n"
              "crm:2,person,Jean-Pierre Tchakaloff,jp.tchakaloff@example.org\n"
              "jp.tchakaloff@example.org,person,J.-P. Tchakaloff,\n"
              "org:tchakaloff,organization,Tchakaloff Jean-Pierre,jp.tchakaloff@example.org\n")
    import_files(runner, nodes=n)
    report = suggest(runner, min_score=0.5)
    pairs = {frozenset((s.alias.id, s.id.id)) for s in report.suggestions}
    assert pairs == {frozenset(("contact@emmaus.org", "org:emmaus")),
                     frozenset(("crm:2", "jp.tchakaloff@example.org"))}
    evidence = {s.pair.evidence[0].what for s in report.suggestions}
    assert evidence == {"same e-mail"}


def test_people_of_one_family_sharing_an_address_are_not_one_person(runner, tmp_path):
    n = write(tmp_path / "n.csv",
              "id,kind,name,email\n"
              "crm:1,person,Nathalie Belmonchard,famille.belmonchard@example.org\n"
              "crm:2,person,Pierre BELMONCHARD,famille.belmonchard@example.org\n"
              "survey:9,person,pierre belmonchard,\n")
    import_files(runner, nodes=n)
    report = suggest(runner)
    assert [(s.alias.id, s.id.id) for s in report.suggestions] == [("survey:9", "crm:2")]


def test_apply_refuses_unknown_ids_and_two_kinds_with_file_line_and_field_and_changes_nothing(runner, tmp_path):
    n = write(tmp_path / "n.csv",
              "id,kind,name\np:ana,person,Ana Duval\nana@example.org,person,Ana\np:nobody,person,Nobody\n"
              "org:asso,organization,Terre Solidaire\n")
    import_files(runner, nodes=n)
    before = nodes(runner)
    bad = write(tmp_path / "candidates.csv",
                "alias,id,score,evidence\n"
                "ana@example.org,p:ana,0.99,same name\n"
                "p:nobdy,p:ana,0.9,same name\n"
                "p:nobody,org:asso,0.9,same name\n")
    with pytest.raises(InputError) as refused:
        apply_candidates(runner, bad)
    message = str(refused.value)
    assert "nothing was changed" in message
    assert "candidates.csv, line 3, field alias: no node has the id or alias 'p:nobdy'; did you mean 'p:nobody'" \
        in message
    assert "candidates.csv, line 4, field id: would fold two kinds into one" in message
    assert nodes(runner) == before

    one = write(tmp_path / "one.csv", "alias,id\nana@example.org,p:anaa\n")
    with pytest.raises(InputError) as refused:
        apply_candidates(runner, one)
    [line] = str(refused.value).splitlines()
    assert line.startswith("one.csv, line 2, field id: no node has the id or alias 'p:anaa'; "
                           "did you mean 'p:ana' (Ana Duval)") and line.endswith("nothing was changed")
    assert nodes(runner) == before


def test_apply_is_transitive_keeps_the_folded_aliases_and_a_reimport_does_not_bring_a_folded_node_back(runner, tmp_path):
    n = write(tmp_path / "n.csv",
              "id,kind,name,aliases,city\n"
              "crm:1,person,Ana Duval,,Lyon\n"
              "ana@example.org,person,Ana,fb:ana.duval,\n"
              "tw:@ana_d,person,ana,,\n"
              "p:other,person,Other,,\n")
    e = write(tmp_path / "e.csv", "source,target,type\ntw:@ana_d,p:other,FOLLOWS\nana@example.org,p:other,KNOWS\n")
    import_files(runner, nodes=n, edges=e)
    candidates = write(tmp_path / "c.csv", "alias,id\nana@example.org,crm:1\ntw:@ana_d,ana@example.org\n")
    report = apply_candidates(runner, candidates)
    assert (report.identities, report.folded) == (1, 2)
    got = nodes(runner)
    assert set(got) == {"crm:1", "p:other"}
    assert got["crm:1"]["aliases"] == ["ana@example.org", "fb:ana.duval", "tw:@ana_d"]
    assert got["crm:1"]["name"] == "Ana Duval" and got["crm:1"]["city"] == "Lyon"

    # the e-mail file imported again does not bring its node back (tests/test_kept_aliases.py); applying the
    # file again finds nothing to fold
    import_files(runner, nodes=write(tmp_path / "again.csv", "id,kind,name\nana@example.org,person,Ana\n"))
    assert set(nodes(runner)) == {"crm:1", "p:other"}
    assert apply_candidates(runner, candidates).folded == 0

    # list shows the ids, the aliases, and the files of the node and of its ties
    [shown] = identity(runner, "tw:@ana_d")
    assert shown["id"] == "crm:1" and shown["matched_alias"]
    assert shown["aliases"] == ["ana@example.org", "fb:ana.duval", "tw:@ana_d"]
    assert {s["source"] for s in shown["sources"]} == {"n.csv", "e.csv"}
    assert {s["source"]: s["ties"] for s in shown["sources"] if s.get("ties")} == {"e.csv": 2}
    with pytest.raises(InputError, match=r"ID 'crm:11': no node has this id; did you mean 'crm:1' \(Ana Duval\)"):
        identity(runner, "crm:11")


def test_the_commands_as_a_user_runs_them(runner, tmp_path):
    n = write(tmp_path / "nodes.csv",
              "id,kind,name,email\n"
              "crm:1,person,Aurélien Tchakaloff,a.tchakaloff@example.org\n"
              "a.tchakaloff@example.org,person,TCHAKALOFF Aurelien,\n"
              "org:asso,organization,Terre Solidaire,\n")
    import_files(runner, nodes=n)
    env = server_env(runner.settings)
    for command in ("suggest", "apply", "list"):
        helped = netnp("identities", command, "--help")
        assert helped.returncode == 0 and "Example:" in helped.stdout

    candidates = tmp_path / "candidates.csv"
    result = netnp("identities", "suggest", "-o", str(candidates), "--json", env=env)
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    [row] = document["suggestions"]
    assert (row["alias"], row["id"]) == ("a.tchakaloff@example.org", "crm:1")
    assert {e["what"] for e in row["evidence"]} == {"same e-mail", "same name"}
    assert _rows(candidates)[0]["alias"] == "a.tchakaloff@example.org"

    bad = write(tmp_path / "bad.csv", "alias,id\ncrm:1,org:asso\n")
    assert_one_line_error(netnp("identities", "apply", str(bad), env=env),
                          "bad.csv, line 2, field id: would fold two kinds into one", "nothing was changed")
    done = netnp("identities", "apply", str(candidates), "--json", env=env)
    assert done.returncode == 0 and json.loads(done.stdout)["folded"] == 1

    listed = netnp("identities", "list", "a.tchakaloff@example.org", "--json", env=env)
    assert json.loads(listed.stdout)[0]["id"] == "crm:1"
    assert_one_line_error(netnp("identities", "list", "crm:2", env=env), "no node has this id", "did you mean 'crm:1'")
