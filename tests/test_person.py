"""One person's data on Zachary's karate club: export it, forget it everywhere, keep them out of re-imports.

The club's 34 members are people (``karate:N``, named ``Member N``, each with an
e-mail address), tied by the club's weighted friendships; the two factions are
organisations each member is a MEMBER_OF. Member 0 also goes by the handle
``tw:@mrhi``, which some tie rows use. networkx is the oracle of what the graph
and the analysis runs hold about a member.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from netnp import pseudonyms
from netnp.analysis import run_analysis
from netnp.cli import app
from netnp.errors import InputError
from netnp.importing.importer import import_files
from netnp.modules import ModuleLibrary
from netnp.person import export_person, forget, person_record, plan_forget
from netnp.person.erasure import StillFound

TEST_MODULES = ModuleLibrary(Path(__file__).parent / "cypher")
G = nx.karate_club_graph()
CLUBS = {"Mr. Hi": ("org:mr-hi", "Club Mr Hi"), "Officer": ("org:officer", "Club Officer")}
ALIAS = "tw:@mrhi"


def pid(n: int) -> str:
    return f"karate:{n}"


def email(n: int) -> str:
    return f"member{n}@karate.example"


def write_files(folder: Path) -> tuple[Path, Path]:
    nodes = ["id,kind,name,email,aliases,club"]
    nodes += [f"{pid(n)},person,Member {n},{email(n)},{ALIAS if n == 0 else ''},{d['club']}"
              for n, d in G.nodes(data=True)]
    nodes += [f"{org},organization,{name},,," for org, name in CLUBS.values()]
    edges = ["source,target,type,weight,channel"]
    for a, b, d in G.edges(data=True):
        # Member 0's ties to odd members name them by their handle, as a social-network export would.
        ends = [ALIAS if n == 0 and (b % 2) else pid(n) for n in (a, b)]
        edges.append(f"{ends[0]},{ends[1]},KNOWS,{d['weight']},")
    edges += [f"{pid(n)},{CLUBS[d['club']][0]},MEMBER_OF,1," for n, d in G.nodes(data=True)]
    (folder / "nodes.csv").write_text("\n".join(nodes) + "\n", encoding="utf-8")
    (folder / "edges.csv").write_text("\n".join(edges) + "\n", encoding="utf-8")
    return folder / "nodes.csv", folder / "edges.csv"


@pytest.fixture(autouse=True)
def private_key(tmp_path, monkeypatch):
    monkeypatch.setenv("NETNP_KEY_FILE", str(tmp_path / "pseudonym.key"))


@pytest.fixture
def club(runner, tmp_path):
    """The club imported, Member 0's e-mail tie to Member 2 observed three times, and two analysis runs."""
    nodes, edges = write_files(tmp_path)
    import_files(runner, nodes=nodes, edges=edges)
    observed = runner.write(TEST_MODULES.get("tie_observations"), source=pid(0), target=pid(2), type="KNOWS",
                            observed=["2024-01-05", "2024-02-11", "2024-03-02"], weights=[1.0, 2.0, 1.0],
                            keys=["<m1@karate.example>", "<m2@karate.example>", "<m3@karate.example>"])
    assert observed.rows == [{"ties": 1}]
    runs = [run_analysis(runner, "all", focus=pid(0)).run_id, run_analysis(runner, "all").run_id]
    return runner, nodes, edges, runs


def cli(runner, *args: str, input: str | None = None):
    """Run the command line in this process, on the test's server."""
    env = {"NEO4J_URI": runner.settings.uri, "NEO4J_USERNAME": runner.settings.user,
           "NEO4J_PASSWORD": runner.settings.password}
    if runner.settings.database:
        env["NEO4J_DATABASE"] = runner.settings.database
    return CliRunner().invoke(app, list(args), input=input, env=env)


def texts(runner) -> list[dict]:
    return runner.read(TEST_MODULES.get("all_texts"))


def found(runner, terms: list[str]) -> list[dict]:
    """Every text of the database that holds one of ``terms`` between two non-word characters (any case)."""
    patterns = [re.compile(rf"(?<!\w){re.escape(t.lower())}(?!\w)") for t in terms]
    return [row for row in texts(runner) if any(p.search(row["text"].lower()) for p in patterns)]


def chunks(runner, run: str, part: str) -> list[dict]:
    return [row["chunk"] for row in runner.read(TEST_MODULES.get("run_chunks"), run=run, part=part)]


def test_export_holds_the_node_its_ties_with_observations_its_sources_and_every_runs_results(club, tmp_path):
    runner, _, _, runs = club
    report = export_person(runner, ALIAS, tmp_path / "member0.json")
    record = json.loads((tmp_path / "member0.json").read_text(encoding="utf-8"))
    assert report["entities"] == 1 and (tmp_path / "member0.json").stat().st_mode & 0o077 == 0
    [member] = record["entities"]
    assert member["id"] == pid(0) and member["kind"] == "Person" and member["name"] == "Member 0"
    assert member["aliases"] == [ALIAS] and member["properties"]["email"] == email(0)
    assert member["properties"]["netnp_source"] == "nodes.csv" and "netnp_pagerank" in member["analysis"]
    # every tie: the club's friendships and the membership, with all their properties
    others = sorted(t["other"]["id"] for t in member["ties"])
    assert others == sorted([pid(n) for n in G[0]] + [CLUBS[G.nodes[0]["club"]][0]])
    weights = {t["other"]["id"]: t["properties"]["weight"] for t in member["ties"] if t["type"] == "KNOWS"}
    assert weights == {pid(n): float(G[0][n]["weight"]) for n in G[0]}
    observed = next(t for t in member["ties"] if t["other"]["id"] == pid(2))["properties"]
    assert observed["observed"] == ["2024-01-05", "2024-02-11", "2024-03-02"]
    assert observed["observed_key"][1] == "<m2@karate.example>"
    assert {s["source"] for s in member["sources"]} == {"nodes.csv", "edges.csv"}
    assert sum(s["ties"] for s in member["sources"]) == G.degree(0) + 1
    # both runs' results: its measures, and one pair per neighbour (the club is one of them)
    assert [r["run"] for r in member["runs"]] == runs
    for run in member["runs"]:
        assert run["node"]["id"] == pid(0) and run["node"]["degree"] == G.degree(0) + 1
        assert len(run["pairs"]) == G.degree(0) + 1
        assert all(pid(0) in (p["source"], p["target"]) for p in run["pairs"])
    assert person_record(runner, pid(0))["entities"] == record["entities"]


def test_an_unknown_id_is_refused_with_did_you_mean(club):
    runner = club[0]
    with pytest.raises(InputError, match=r"ID 'karate:O': no node has this id; did you mean .*'karate:0'"):
        plan_forget(runner, "karate:O")
    result = cli(runner, "person", "export", "Member 33", "-o", "x.json")
    assert result.exit_code != 0 and "did you mean 'karate:33' (Member 33)" in str(result.exception)


def test_forget_erases_every_trace_of_the_person_and_the_whole_database_holds_none(club):
    runner, _, _, runs = club
    before = {run: chunks(runner, run, "nodes") for run in runs}
    pairs_before = {run: chunks(runner, run, "pairs") for run in runs}
    identifiers = [pid(0), ALIAS, email(0), "Member 0"]
    assert found(runner, identifiers)  # the search finds them before
    plan = plan_forget(runner, pid(0))
    assert plan.question is None  # a person is forgotten without a question
    report = forget(runner, plan)
    report.check()
    assert report.removed["nodes"] == 1 and report.removed["aliases"] == 1
    assert report.removed["ties"] == G.degree(0) + 1 and report.removed["observations"] == 3
    assert report.removed["run_nodes_entries"] == 2 and report.removed["run_pairs_entries"] == 2 * (G.degree(0) + 1)
    assert report.removed["run_focus"] == 1  # the first run's focus; the last run had none
    assert report.proof.hits == [] and report.proof.nodes > 0 and report.proof.texts > 0
    # an independent search of every text of every node and relationship
    assert found(runner, identifiers) == []
    # "Member 1" and "Member 10"..."Member 19" are still there: the search is bounded
    assert found(runner, ["Member 1", "Member 10"]) and found(runner, [email(1)])
    # every run keeps its other entries, its arrays still parallel
    for run in runs:
        [after] = chunks(runner, run, "nodes")
        [old] = before[run]
        keep = [i for i, node in enumerate(old["id"]) if node != pid(0)]
        for name, values in old.items():
            if isinstance(values, list):
                assert after[name] == [values[i] for i in keep], name
        [pairs] = chunks(runner, run, "pairs")
        assert len(pairs["source"]) == len(pairs_before[run][0]["source"]) - (G.degree(0) + 1)
        assert len({len(v) for v in pairs.values() if isinstance(v, list)}) == 1
    # forgetting it again completes nothing more, and still proves it
    again = forget(runner, plan_forget(runner, pid(0)))
    assert again.already_forgotten and again.removed["nodes"] == 0 and again.proof.hits == []


def test_a_reimport_does_not_bring_a_forgotten_person_back_unless_allowed(club):
    runner, nodes, edges, _ = club
    forget(runner, plan_forget(runner, pid(0))).check()
    report = import_files(runner, nodes=nodes, edges=edges)
    assert report.rejected == 0 and report.forgotten == 1 + G.degree(0) + 1
    assert report.nodes_written == len(G) + len(CLUBS) - 1
    assert report.ties_written == G.number_of_edges() - G.degree(0) + len(G) - 1
    assert found(runner, [pid(0), ALIAS, email(0), "Member 0"]) == []
    # the graph keeps only keyed hashes: none of them is an identifier
    hashes = [row["text"] for row in texts(runner) if row["property"] == "hash"]
    assert len(hashes) == 3 and all(re.fullmatch(r"[0-9a-f]{64}", h) for h in hashes)
    result = cli(runner, "import", "--nodes", str(nodes), "--edges", str(edges))
    assert result.exit_code == 0 and f"Skipped {1 + G.degree(0) + 1} row(s) of forgotten people" in result.output
    back = import_files(runner, nodes=nodes, edges=edges, allow_forgotten=True)
    assert back.forgotten == 0 and back.nodes_written == len(G) + len(CLUBS)
    assert person_record(runner, ALIAS)["entities"][0]["id"] == pid(0)
    assert len(person_record(runner, pid(0))["entities"][0]["ties"]) == G.degree(0) + 1


def test_forgetting_an_organisation_with_members_asks_first_and_says_what_goes(club):
    runner = club[0]
    members = sum(1 for _, d in G.nodes(data=True) if d["club"] == "Mr. Hi")
    declined = cli(runner, "person", "forget", "org:mr-hi", input="n\n")
    assert declined.exit_code != 0
    assert f"{members} people are members of (MEMBER_OF {members})" in declined.output
    assert f"its {members} ties" in declined.output and "the people stay" in declined.output
    assert person_record(runner, "org:mr-hi")["entities"]  # nothing was forgotten
    accepted = cli(runner, "person", "forget", "org:mr-hi", "--json", input="y\n")
    assert accepted.exit_code == 0, accepted.output
    summary = json.loads(accepted.output[accepted.output.index("{"):])
    assert summary["removed"]["ties"] == members and summary["proof"]["found"] == 0
    assert len(runner.read("person/people", ids=[pid(n) for n in G])) == len(G)  # the people stay
    assert cli(runner, "person", "forget", "org:officer", "--yes").exit_code == 0
    assert found(runner, ["org:officer", "org:mr-hi"]) == []


def test_forget_fails_loudly_when_another_entity_still_holds_the_person_and_tells_homonyms_apart(club, tmp_path):
    runner = club[0]
    (tmp_path / "more.csv").write_text(
        "source,target,type,note\n"
        f"{pid(2)},{pid(3)},KNOWS,introduced by {email(0)}\n", encoding="utf-8")
    (tmp_path / "homonym.csv").write_text("id,kind,name\nkarate:100,person,Member 0\n", encoding="utf-8")
    import_files(runner, nodes=tmp_path / "homonym.csv", edges=tmp_path / "more.csv")
    report = forget(runner, plan_forget(runner, pid(0)))
    assert [(h["type"], h["property"]) for h in report.proof.hits] == [("KNOWS", "note")]
    assert [h["id"] for h in report.proof.homonyms] == ["karate:100"]
    with pytest.raises(StillFound, match=r"1 text\(s\) with its identifiers: tie karate:2 -\[KNOWS\]-> karate:3"):
        report.check()


PERSONAL = re.compile(r"Member \d|karate:\d|karate\.example|mrhi")


def test_an_anonymised_report_names_no_person_and_keeps_organisations_and_roles(club, tmp_path):
    runner = club[0]
    key = pseudonyms.load_key()
    for fmt in ("json", "html", "md"):
        out = tmp_path / f"report.{fmt}"
        result = cli(runner, "report", "--anonymise", "--format", fmt, "--focus", "org:officer", "-o", str(out))
        assert result.exit_code == 0, result.output
        text = out.read_text(encoding="utf-8")
        assert not PERSONAL.search(text), PERSONAL.search(text)
        assert "Club Officer" in text and pseudonyms.pseudonym(pid(33), key) in text
    assert cli(runner, "report", "--format", "json", "--focus", "org:officer", "-o", str(tmp_path / "plain.json")).exit_code == 0
    plain = json.loads((tmp_path / "plain.json").read_text(encoding="utf-8"))
    shared = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    alias = {pid(n): pseudonyms.pseudonym(pid(n), key) for n in G}
    assert {alias.get(n["id"], n["id"]): (n["kind"], n["roles"], n["pagerank"]) for n in plain["nodes"]} == \
        {n["id"]: (n["kind"], n["roles"], n["pagerank"]) for n in shared["nodes"]}
    assert all(n["name"] == n["id"] for n in shared["nodes"] if n["kind"] == "Person")
    assert [(alias.get(t["source"], t["source"]), alias.get(t["target"], t["target"])) for t in plain["weak_ties"]] == \
        [(t["source"], t["target"]) for t in shared["weak_ties"]]
    assert shared["recommendations"]["focus"] == "org:officer" and shared["summary"] == \
        {**plain["summary"], "bridging_periphery": [alias.get(i, i) for i in plain["summary"]["bridging_periphery"]]}


def test_an_anonymised_export_keeps_the_networks_shape_and_organisations(club, tmp_path):
    runner = club[0]
    key = pseudonyms.load_key()
    assert cli(runner, "export", "--anonymise", str(tmp_path / "shared.graphml")).exit_code == 0
    assert cli(runner, "export", str(tmp_path / "plain.graphml")).exit_code == 0
    text = (tmp_path / "shared.graphml").read_text(encoding="utf-8")
    assert not PERSONAL.search(text), PERSONAL.search(text)
    plain, shared = nx.read_graphml(tmp_path / "plain.graphml"), nx.read_graphml(tmp_path / "shared.graphml")
    alias = {pid(n): pseudonyms.pseudonym(pid(n), key) for n in G}
    assert set(shared) == {alias.get(n, n) for n in plain}
    assert sorted((alias.get(a, a), alias.get(b, b)) for a, b in plain.edges()) == sorted(shared.edges())
    assert {shared.nodes[org]["name"] for org, _ in CLUBS.values()} == {name for _, name in CLUBS.values()}
    person = shared.nodes[alias[pid(5)]]
    assert person["name"] == alias[pid(5)] and person["email"] == pseudonyms.pseudonym(email(5), key)
    assert person["club"] == G.nodes[5]["club"] and person.get("netnp_roles") == plain.nodes[pid(5)].get("netnp_roles")
