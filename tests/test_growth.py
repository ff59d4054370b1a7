"""Growth between kept runs on a real server: a hand-checkable network whose changes are known, a generated one
whose growth networkx computes independently, recommendations recomputed from a run's chunks, and bad input."""

from __future__ import annotations

import json
import math
import os
import random
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from analysis_helpers import heavy_tailed_blocks, load_networkx, node_id

from netnp.analysis import results, run_analysis
from netnp.analysis.read import recommendations
from netnp.analysis.runs import find_run, list_runs
from netnp.analysis.scope import Scope
from netnp.errors import InputError
from netnp.graphwrite import Provenance, entity_row, tie_row, write_graph
from netnp.growth import growth, read_run, run_recommendations, series
from netnp.modules import ModuleLibrary

pytestmark = pytest.mark.neo4j

TEST_MODULES = ModuleLibrary(Path(__file__).parent / "cypher")


def write_edges(runner, edges, source="growth"):
    """Merge ties (a, b, weight) between entities n:<name>, creating the entities that are new."""
    nodes = sorted({v for a, b, _ in edges for v in (a, b)}, key=str)
    write_graph(runner, [entity_row(node_id(v), "Person", str(v)) for v in nodes],
                [tie_row(node_id(a), node_id(b), "KNOWS", weight=w) for a, b, w in edges], Provenance(source))


def delete(runner, nodes=(), pairs=()):
    runner.write(TEST_MODULES.get("growth_delete"), ids=[node_id(v) for v in nodes],
                 pairs=[[node_id(a), node_id(b)] for a, b in pairs])


def roles_by_id(document):
    return {row["id"]: row["roles"] for row in document["nodes"]}


def ordered(a, b):
    return (a, b) if a < b else (b, a)


def test_a_hand_checkable_network(runner):
    # A: the clique a, b, c, d (coreness 3) and a periphery e, f, g, h (coreness 1).
    k4 = [("a", "b"), ("a", "c"), ("a", "d"), ("b", "c"), ("b", "d"), ("c", "d")]
    write_edges(runner, [(x, y, 1.0) for x, y in k4] + [("e", "a", 1.0), ("f", "e", 1.0), ("g", "b", 1.0),
                                                        ("h", "c", 1.0)])
    first = run_analysis(runner, "all")
    doc_a = results(runner)
    # B: e joins the clique, h leaves, i joins through f, and a-b is seen three times as often.
    write_edges(runner, [("e", "b", 1.0), ("e", "c", 1.0), ("e", "d", 1.0), ("i", "f", 1.0), ("a", "b", 3.0)])
    delete(runner, nodes=["h"])
    second = run_analysis(runner, "all")
    doc_b = results(runner)

    g = growth(runner, first.run_id, second.run_id)
    n = node_id
    assert g["nodes"]["joined"] == [n("i")] and g["nodes"]["left"] == [n("h")] and g["nodes"]["kept"] == 7
    assert g["ties"]["added"] == 4 and g["ties"]["dropped"] == 1 and g["ties"]["kept"] == 9
    assert g["ties"]["jaccard"] == pytest.approx(9 / 14)
    assert {(t["source"], t["target"]) for t in g["ties"]["added_ties"]} == {
        ordered(n("e"), n("b")), ordered(n("e"), n("c")), ordered(n("e"), n("d")), ordered(n("f"), n("i"))}
    assert [(t["source"], t["target"]) for t in g["ties"]["dropped_ties"]] == [ordered(n("c"), n("h"))]
    assert [(t["source"], t["target"], t["type"], t["weight_from"], t["weight_to"]) for t in g["ties"]["strengthened"]] \
        == [(n("a"), n("b"), "KNOWS", 1.0, 3.0)]
    assert g["ties"]["weakened"] == []
    # Movers: the clique's coreness rises from 3 to 4, e's from 1 to 4; f and g stay at 1 and move only if a role did.
    roles_a, roles_b = roles_by_id(doc_a), roles_by_id(doc_b)
    moved_roles = {v for v in roles_a.keys() & roles_b.keys() if roles_a[v] != roles_b[v]}
    movers = {m["id"]: m for m in g["movers"]}
    assert set(movers) == {n(v) for v in "abcde"} | moved_roles
    assert {v: (movers[n(v)]["coreness_from"], movers[n(v)]["coreness_to"]) for v in "abcde"} == {
        "a": (3, 4), "b": (3, 4), "c": (3, 4), "d": (3, 4), "e": (1, 4)}
    assert movers[n("e")]["roles_from"][-1:] in (["Periphery"], ["Bridge"]) and "Core" in movers[n("e")]["roles_to"]
    cells = {(t["from"], t["to"]): t["members"] for t in g["roles"]["transitions"]}
    assert cells[("Periphery", "Core")] == [n("e")]
    assert cells[("Periphery", "absent")] == [n("h")] and cells[("absent", "Periphery")] == [n("i")]
    assert g["roles"]["matrix"]["Core"]["Core"] == 4
    net = g["network"]
    assert (net["nodes"]["from"], net["nodes"]["to"]) == (8, 8) and (net["pairs"]["from"], net["pairs"]["to"]) == (10, 13)
    assert (net["k_max"]["from"], net["k_max"]["to"], net["k_max"]["change"]) == (3, 4, 1)
    assert net["density"]["to"] == pytest.approx(13 / 28)
    # The new ties: e-b, e-c, e-d between the periphery and the core of A, and f-i from a newcomer to the periphery.
    entry = g["entry"]
    assert (entry["added"], entry["reaching"], entry["through_periphery"], entry["through_core"]) == (4, 4, 4, 3)
    assert (entry["newcomer_ties"], entry["newcomers_through_periphery"], entry["among_newcomers"]) == (1, 1, 0)
    hubs_a = {v for v, r in roles_a.items() if "Hub" in r}
    hubs_b = {v for v, r in roles_b.items() if "Hub" in r}
    assert set(g["hubs"]["kept"]) == hubs_a & hubs_b and set(g["hubs"]["lost"]) == hubs_a - hubs_b
    # e-a was a local bridge (e and a shared no contact); in B they share b, c and d.
    weak_b = {ordered(t["source"], t["target"]): t for t in results(runner, weak_ties_limit=100)["weak_ties"]}
    ea = weak_b[ordered(n("e"), n("a"))]
    assert ea["overlap"] > 0 and not ea["local_bridge"]
    in_list = ordered(n("a"), n("e")) in {(t["source"], t["target"]) for t in g["ties"]["weak_to_strong"]}
    assert in_list == (not ea["spans_clusters"])


def gini(values):
    x = sorted(values)
    n, total = len(x), sum(x)
    return sum((2 * i - n - 1) * v for i, v in enumerate(x, start=1)) / (n * total)


def test_a_generated_network_against_networkx(runner):
    rnd = random.Random(5)
    before = heavy_tailed_blocks(nodes=300, blocks=5, seed=11)
    load_networkx(runner, before, "blocks", weight="weight")
    first = run_analysis(runner, "all")
    doc_a = results(runner)

    after = before.copy()
    left = rnd.sample(sorted(after.nodes), 15)
    after.remove_nodes_from(left)
    dropped = rnd.sample(sorted(after.edges), 20)
    after.remove_edges_from(dropped)
    kept_edges = sorted(after.edges)
    stronger = rnd.sample(kept_edges, 20)
    weaker = rnd.sample([e for e in kept_edges if e not in stronger and after.edges[e]["weight"] > 1], 10)
    for e in stronger:
        after.edges[e]["weight"] += 2.0
    for e in weaker:
        after.edges[e]["weight"] -= 1.0
    present = sorted(after.nodes)
    newcomers = [1000 + i for i in range(10)]
    added = set()
    while len(added) < 40:
        x = rnd.choice(present + newcomers)
        y = rnd.choice(present + newcomers)
        if x != y and not after.has_edge(x, y) and not before.has_edge(x, y):
            added.add(ordered(x, y))
    after.add_edges_from(added, weight=1.0)
    delete(runner, nodes=left, pairs=dropped)
    write_edges(runner, [(x, y, after.edges[x, y]["weight"]) for x, y in [*added, *stronger, *weaker]])
    second = run_analysis(runner, "all")
    doc_b = results(runner)

    g = growth(runner, first.run_id, second.run_id)
    n = node_id
    assert g["nodes"]["joined"] == sorted(n(v) for v in set(after) - set(before))
    assert g["nodes"]["left"] == sorted(n(v) for v in left)
    edges_a = {ordered(n(x), n(y)) for x, y in before.edges}
    edges_b = {ordered(n(x), n(y)) for x, y in after.edges}
    assert g["ties"]["added"] == len(edges_b - edges_a) == 40
    assert g["ties"]["dropped"] == len(edges_a - edges_b)
    assert g["ties"]["jaccard"] == pytest.approx(len(edges_a & edges_b) / len(edges_a | edges_b))
    rose = {ordered(n(x), n(y)): (before.edges[x, y]["weight"], after.edges[x, y]["weight"]) for x, y in stronger}
    fell = {ordered(n(x), n(y)): (before.edges[x, y]["weight"], after.edges[x, y]["weight"]) for x, y in weaker}
    assert {(t["source"], t["target"]): (t["weight_from"], t["weight_to"]) for t in g["ties"]["strengthened"]} == rose
    assert {(t["source"], t["target"]): (t["weight_from"], t["weight_to"]) for t in g["ties"]["weakened"]} == fell
    assert all(t["type"] == "KNOWS" for t in g["ties"]["strengthened"])

    core_a, core_b = nx.core_number(before), nx.core_number(after)
    roles_a, roles_b = roles_by_id(doc_a), roles_by_id(doc_b)
    both = set(before) & set(after)
    expected = {n(v) for v in both if core_a[v] != core_b[v] or roles_a[n(v)] != roles_b[n(v)]}
    movers = {m["id"]: m for m in g["movers"]}
    assert set(movers) == expected
    for v in both:
        if n(v) in movers:
            m = movers[n(v)]
            assert (m["coreness_from"], m["coreness_to"]) == (core_a[v], core_b[v])
            assert (m["roles_from"], m["roles_to"]) == (roles_a[n(v)], roles_b[n(v)])
    for t in g["roles"]["transitions"]:
        for v in t["members"]:
            held_from = (roles_a[v] or ["none"]) if v in roles_a else ["absent"]
            held_to = (roles_b[v] or ["none"]) if v in roles_b else ["absent"]
            assert t["from"] in held_from and t["to"] in held_to

    net = g["network"]
    for graph, side in ((before, "from"), (after, "to")):
        degrees = [d for _, d in graph.degree]
        top = sorted(degrees, reverse=True)[:math.ceil(0.02 * len(degrees))]
        assert net["nodes"][side] == graph.number_of_nodes() and net["pairs"][side] == graph.number_of_edges()
        assert net["density"][side] == pytest.approx(nx.density(graph))
        assert net["components"][side] == nx.number_connected_components(graph)
        assert net["k_max"][side] == max(nx.core_number(graph).values())
        assert net["gini"][side] == pytest.approx(gini(degrees))
        assert net["top2"][side] == pytest.approx(sum(top) / sum(degrees))
    assert net["k_max"]["change"] == net["k_max"]["to"] - net["k_max"]["from"]

    # Communities: every match's Jaccard index, and the events, from the members of each run.
    def members(document):
        groups = {}
        for row in document["nodes"]:
            groups.setdefault(row["community"], set()).add(row["id"])
        return groups

    groups_a, groups_b = members(doc_a), members(doc_b)
    jaccard = {(ca, cb): len(ga & gb) / len(ga | gb) for ca, ga in groups_a.items() for cb, gb in groups_b.items()}
    found = g["communities"]
    assert {(m["from"], m["to"]): m["jaccard"] for m in found["matches"]} == pytest.approx(
        {k: j for k, j in jaccard.items() if j >= found["threshold"]})
    matched_b = {cb for (ca, cb), j in jaccard.items() if j >= found["threshold"]}
    matched_a = {ca for (ca, cb), j in jaccard.items() if j >= found["threshold"]}
    assert found["born"] == sorted(set(groups_b) - matched_b) and found["died"] == sorted(set(groups_a) - matched_a)
    for merge in found["merged"]:
        assert merge["from"] == sorted(ca for ca in groups_a if jaccard[ca, merge["to"]] >= found["threshold"])
        assert len(merge["from"]) > 1

    # Where the new ties came in, by the roles of their ends in A.
    periphery = {v for v, r in roles_a.items() if "Periphery" in r}
    core = {v for v, r in roles_a.items() if "Core" in r}
    new_pairs = [(n(x), n(y)) for x, y in added]
    reaching = [[v for v in pair if v in roles_a] for pair in new_pairs]
    reaching = [ends for ends in reaching if ends]
    entry = g["entry"]
    assert entry["reaching"] == len(reaching)
    assert entry["through_periphery"] == sum(any(v in periphery for v in ends) for ends in reaching)
    assert entry["through_core"] == sum(any(v in core for v in ends) for ends in reaching)
    assert entry["newcomer_ties"] == sum(len(ends) == 1 for ends in reaching)


@pytest.mark.parametrize("focus", ["Cosette", "Gavroche"])
def test_recommendations_from_a_runs_chunks_are_those_of_the_run(runner, focus):
    load_networkx(runner, nx.les_miserables_graph(), "lesmis", weight="weight")
    done = run_analysis(runner, "all", focus=node_id(focus))
    live = recommendations(runner, node_id(focus))
    from_chunks = run_recommendations(runner, read_run(runner, find_run(runner, done.run_id)), node_id(focus))
    assert live["introductions"]
    assert [(i["id"], i["introducer"], [s["id"] for s in i["path"]]) for i in live["introductions"]] == [
        (i["id"], i["introducer"], i["path"]) for i in from_chunks["introductions"]]
    assert [i["strength"] for i in live["introductions"]] == pytest.approx(
        [i["strength"] for i in from_chunks["introductions"]])
    assert [(s["target"], s["weight"], s["overlap"]) for s in live["strengthen"]] == [
        (s["target"], s["weight"], s["overlap"]) for s in from_chunks["strengthen"]]


def test_follow_up_of_recommendations(runner):
    graph = nx.les_miserables_graph()
    load_networkx(runner, graph, "lesmis", weight="weight")
    focus = node_id("Cosette")
    first = run_analysis(runner, "all", focus=focus)
    recommended = results(runner)["recommendations"]
    made = [i["id"] for i in recommended["introductions"][:2]]
    strengthen = recommended["strengthen"][0]
    write_graph(runner, [], [tie_row(focus, other, "KNOWS", weight=1.0) for other in made]
                + [tie_row(strengthen["source"], strengthen["target"], "KNOWS", weight=strengthen["weight"] + 5)],
                Provenance("follow-up"))
    second = run_analysis(runner, "all")
    follow = growth(runner, first.run_id, second.run_id)["recommendations"]
    assert follow["focus"] == focus and follow["introduced"] == 2
    assert [i["id"] for i in follow["introductions"] if i["tied"]] == made
    assert [i["id"] for i in follow["introductions"]] == [i["id"] for i in recommended["introductions"]]
    assert follow["introductions"][0]["name"] == recommended["introductions"][0]["name"]
    assert follow["strengthened"] == 1
    assert [s["target"] for s in follow["strengthen"] if s["strengthened"]] == [strengthen["target"]]
    # B had no focus: following up B needs one.
    assert growth(runner, second.run_id, first.run_id)["recommendations"] is None


def test_series_in_the_order_of_the_windows(runner):
    write_graph(runner, [entity_row(node_id(v), "Person", v) for v in "abcd"],
                [tie_row(node_id("a"), node_id("b"), "KNOWS", since="2023-01-01"),
                 tie_row(node_id("b"), node_id("c"), "KNOWS", since="2024-01-01"),
                 tie_row(node_id("c"), node_id("d"), "KNOWS", since="2025-01-01")], Provenance("dated"))
    # run out of order; a run of another scope and a repeated window stay out of the series
    # Runs out of order; a run of another scope stays out, and a window analysed twice is in once
    # (its latest run, to the second of their start times).
    late = run_analysis(runner, "all", Scope(until="2025-12-31"))
    early = run_analysis(runner, "all", Scope(until="2023-12-31"))
    middle = run_analysis(runner, "all", Scope(until="2024-12-31"))
    run_analysis(runner, "hubs", Scope(until="2024-12-31", types=["KNOWS"]))
    again = run_analysis(runner, "all", Scope(until="2025-12-31"))  # the latest run names the scope
    found = series(runner)
    assert [r["until"] for r in found["runs"]] == ["2023-12-31", "2024-12-31", "2025-12-31"]
    assert found["runs"][1]["id"] == middle.run_id and found["runs"][2]["id"] in {late.run_id, again.run_id}
    assert [s["ties"]["added"] for s in found["steps"]] == [1, 1]
    assert [s["network"]["pairs"]["to"] for s in found["steps"]] == [2, 3]
    assert found["steps"][0]["from"]["id"] == early.run_id
    # the same document for one step as growth between its two runs
    assert found["steps"][0]["ties"] == growth(runner, early.run_id, middle.run_id)["ties"]


def netnp(runner, *args: str) -> subprocess.CompletedProcess:
    """The command line as a user runs it: a subprocess on the session's server."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env.update(NEO4J_URI=runner.settings.uri, NEO4J_USERNAME=runner.settings.user,
               NEO4J_PASSWORD=runner.settings.password)
    if runner.settings.database:
        env["NEO4J_DATABASE"] = runner.settings.database
    return subprocess.run([sys.executable, "-m", "netnp", *args], capture_output=True, text=True, env=env, timeout=300)


def assert_one_line_error(result: subprocess.CompletedProcess, *fragments: str) -> None:
    assert result.returncode != 0 and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    for fragment in fragments:
        assert fragment in lines[0]


def test_bad_input_is_one_line(runner):
    write_edges(runner, [("a", "b", 1.0), ("b", "c", 1.0)])
    first = run_analysis(runner, "all")
    other = run_analysis(runner, "hubs", Scope(kinds=["Person"]))
    with pytest.raises(InputError, match="analysed different scopes.*kinds"):
        growth(runner, first.run_id, other.run_id)
    assert_one_line_error(netnp(runner, "growth", first.run_id, other.run_id), "analysed different scopes")
    typo = first.run_id[:-1] + ("x" if first.run_id[-1] != "x" else "y")
    assert_one_line_error(netnp(runner, "growth", typo, other.run_id, "--json"),
                          f"run {typo!r}: no run has this label or id; did you mean {first.run_id!r}")
    assert_one_line_error(netnp(runner, "growth", first.run_id), "give A and B")
    assert len(list_runs(runner)) == 2


def test_the_command_line(runner):
    write_edges(runner, [("a", "b", 1.0), ("b", "c", 1.0)])
    first = run_analysis(runner, "all")
    write_edges(runner, [("c", "a", 1.0), ("c", "d", 1.0), ("a", "b", 2.0)])
    second = run_analysis(runner, "all")
    result = netnp(runner, "growth", first.run_id, second.run_id, "--json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["nodes"]["joined"] == [node_id("d")] and document["nodes"]["left"] == []
    assert (document["ties"]["added"], document["ties"]["dropped"]) == (2, 0)
    strengthened = document["ties"]["strengthened"]
    assert [{k: t[k] for k in ("source", "target", "type", "weight_from", "weight_to")} for t in strengthened] == [
        {"source": node_id("a"), "target": node_id("b"), "type": "KNOWS", "weight_from": 1.0, "weight_to": 2.0}]
    movers = {m["id"]: m for m in document["movers"]}
    assert all({"id", "coreness_from", "coreness_to", "roles_from", "roles_to"} <= set(m) for m in movers.values())
    assert {v: (movers[node_id(v)]["coreness_from"], movers[node_id(v)]["coreness_to"]) for v in "abc"} == {
        "a": (1, 2), "b": (1, 2), "c": (1, 2)}
    table = netnp(runner, "growth", first.run_id, second.run_id)
    assert table.returncode == 0 and "The network" in table.stdout and "k_max" in table.stdout
    listed = netnp(runner, "growth", "--series", "--json")
    assert listed.returncode == 0 and len(json.loads(listed.stdout)["steps"]) == 1
