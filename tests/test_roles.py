"""The role rules name the few nodes that stand out: caps hold, hubs are the top by PageRank, bridges the top
brokers, the knee is Kneedle's (kneed, the reference implementation, is the oracle), on the classic networks,
the sample association and a heavy-tailed 800-node network."""

from __future__ import annotations

import json
import random
import statistics
import warnings

import networkx as nx
import numpy as np
import pytest
from analysis_helpers import heavy_tailed_blocks, load_networkx
from kneed import KneeLocator

from netnp import database
from netnp.analysis import results, run_analysis
from netnp.analysis.roles import (
    ACTIONABLE_KINDS,
    BRIDGE_AVERAGE_FACTOR,
    BRIDGE_MAX,
    HUB_AVERAGE_FACTOR,
    HUB_MAX,
    assign_roles,
    knee,
    role_picks,
    standouts,
)


def kneed_knee(values: list[float]) -> int | None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # kneed warns when it finds no knee
        return KneeLocator(range(len(values)), values, curve="convex", direction="decreasing").knee


def ranked(values) -> list[float]:
    return sorted(values, reverse=True)


# -- the knee -------------------------------------------------------------------------
def test_knee_of_a_curve_with_a_clear_bend():
    # Five values far above the rest, then a slow decline: the steep part is the five.
    curve = [100.0, 90.0, 80.0, 70.0, 60.0] + list(np.linspace(10.0, 0.0, 95))
    assert knee(curve) == 5 == kneed_knee(curve)
    # y = 1/x, Kneedle's own example of a convex decreasing curve.
    curve = [1.0 / x for x in range(1, 101)]
    assert knee(curve) == kneed_knee(curve) and 3 <= knee(curve) <= 15


def test_curves_without_a_knee():
    assert knee([3.0, 3.0, 3.0, 3.0]) is None  # flat
    assert knee([2.0, 1.0]) is None  # too short
    assert knee(list(np.linspace(1.0, 0.0, 50))) is None  # a straight line bends nowhere
    assert knee(list(np.linspace(1.0, 0.0, 50))) == kneed_knee(list(np.linspace(1.0, 0.0, 50)))


def test_knee_matches_kneed_on_random_curves_and_network_measures():
    rnd = random.Random(5)
    curves = []
    for i in range(200):
        n = rnd.choice([3, 4, 7, 34, 77, 400, 1500])
        draw = (lambda: rnd.paretovariate(rnd.uniform(0.8, 3.0)), rnd.random, lambda: float(rnd.randint(0, 5)))[i % 3]
        curves.append(ranked(draw() for _ in range(n)))
    for graph in (nx.karate_club_graph(), nx.les_miserables_graph(), nx.florentine_families_graph(),
                  nx.davis_southern_women_graph(), heavy_tailed_blocks()):
        curves.append(ranked(nx.pagerank(graph, weight="weight").values()))
        curves.append(ranked(nx.betweenness_centrality(graph).values()))
    assert [knee(c) for c in curves] == [kneed_knee(c) for c in curves]


def test_standouts_are_capped_and_reach_the_floor():
    # A Barabási-Albert network of 3000 nodes bends late: the cap decides.
    pagerank = ranked(nx.pagerank(nx.barabasi_albert_graph(3000, 2, seed=1)).values())
    assert kneed_knee(pagerank) > HUB_MAX
    assert standouts(pagerank, 0.0, HUB_MAX) == HUB_MAX
    floor = pagerank[4]
    assert standouts(pagerank, floor, HUB_MAX) == 5
    assert standouts([0.5, 0.2], 0.3, HUB_MAX) == 1  # too few for a knee: all that reach the floor


def test_picks_from_measures_stay_within_the_caps():
    graph = nx.barabasi_albert_graph(3000, 2, seed=2)
    pagerank, betweenness = nx.pagerank(graph), nx.betweenness_centrality(graph, k=50, seed=1)
    cores = nx.core_number(graph)
    rows = [{"kind": "Person", "pagerank": pagerank[v], "coreness": cores[v], "betweenness": betweenness[v],
             "participation": 0.5} for v in graph]
    picks = role_picks(rows)
    assert picks["hubs"] == HUB_MAX and picks["bridges"] <= BRIDGE_MAX and picks["periphery_bridges"] <= BRIDGE_MAX
    # All alike: no hub, no core, no bridge.
    rows = [{"kind": "Person", "pagerank": 0.01, "coreness": 4, "betweenness": 0.02, "participation": 0.3}] * 100
    picks = role_picks(rows)
    assert (picks["hubs"], picks["bridges"], picks["core_min"]) == (0, 0, None)


# -- the rules on real networks -----------------------------------------------------------
def check_roles(doc: dict) -> dict[str, list[dict]]:
    """Assert the properties of the role rules on a results document; return the role lists."""
    nodes = doc["nodes"]
    kinds = ACTIONABLE_KINDS if any(n["kind"] in ACTIONABLE_KINDS for n in nodes) else ("WebPage",)
    eligible = [n for n in nodes if n["kind"] in kinds]
    by_role = {role: [n for n in nodes if role in n["roles"]] for role in ("Hub", "Core", "Periphery", "Bridge")}

    # Hubs: the first of the ranking by PageRank, as many as stand out by Kneedle's knee (kneed),
    # with twice the average PageRank, at most HUB_MAX.
    by_pagerank = sorted(eligible, key=lambda n: (-n["pagerank"], n["id"]))
    hubs = by_role["Hub"]
    assert {n["id"] for n in hubs} == {n["id"] for n in by_pagerank[:len(hubs)]}
    average = statistics.mean(n["pagerank"] for n in nodes)
    values = [n["pagerank"] for n in by_pagerank]
    expected = min(HUB_MAX, kneed_knee(values) or 0)
    assert len(hubs) == sum(1 for v in values[:expected] if v >= HUB_AVERAGE_FACTOR * average) <= HUB_MAX

    # Bridges: brokers (ties into two clusters or more), the first of the ranking by betweenness,
    # then the first of the periphery's own ranking: the bridging periphery.
    brokers = sorted((n for n in eligible if n["betweenness"] > 0 and n["participation"] > 0),
                     key=lambda n: (-n["betweenness"], n["id"]))
    bridges = {n["id"] for n in by_role["Bridge"]}
    assert bridges <= {n["id"] for n in brokers}
    periphery = {n["id"] for n in by_role["Periphery"]}
    bridging = [n for n in brokers if n["id"] in periphery]
    picked = [n for n in bridging if n["id"] in bridges]
    assert picked == bridging[:len(picked)] and len(picked) <= BRIDGE_MAX
    assert set(doc["summary"]["bridging_periphery"]) == {n["id"] for n in picked}
    top = [n for n in brokers if n["id"] in bridges and n["id"] not in periphery]
    if top:
        last = brokers.index(top[-1])
        assert last < BRIDGE_MAX
        assert all(n["id"] in bridges or n["id"] in periphery for n in brokers[:last + 1])
        average = statistics.mean(n["betweenness"] for n in nodes)
        assert all(n["betweenness"] >= BRIDGE_AVERAGE_FACTOR * average for n in top)
    assert len(bridges) <= 2 * BRIDGE_MAX
    assert all(n["kind"] in kinds for n in hubs + by_role["Bridge"])

    # Core: the main core, unless every node is in it.
    cores = [n["coreness"] for n in nodes]
    if min(cores) == max(cores):
        assert by_role["Core"] == []
    else:
        assert {n["id"] for n in by_role["Core"]} == {n["id"] for n in nodes if n["coreness"] == max(cores)}
    return by_role


def names(nodes: list[dict]) -> set[str]:
    return {n["name"] for n in nodes}


@pytest.mark.parametrize("engine", ["gds", "cypher"])
def test_roles_on_the_classic_networks(runner, engine):
    karate = nx.relabel_nodes(nx.karate_club_graph(), str)
    load_networkx(runner, karate, "karate")
    run_analysis(runner, "all", engine=engine)
    roles = check_roles(results(runner))
    # Zachary's instructor (0) and the club's president (33) are its hubs, and its brokers.
    assert {"0", "33"} <= names(roles["Hub"]) and {"0", "33"} <= names(roles["Bridge"])
    expected = nx.pagerank(karate)
    assert names(roles["Hub"]) == set(sorted(expected, key=lambda v: -expected[v])[:len(roles["Hub"])])
    # The labels the run wrote are those the rules give from the measures on the graph (assign_roles),
    # and those its chunks keep.
    labels = {row["role"]: row["ids"] for row in runner.read("analysis/results/role_labels")}
    assert labels == {role: sorted(n["id"] for n in nodes) for role, nodes in roles.items()}
    recorded = results(runner)["run"]["thresholds"]
    again = json.loads(assign_roles(runner)["thresholds"])
    assert {row["role"]: row["ids"] for row in runner.read("analysis/results/role_labels")} == labels
    assert {k: v for k, v in again.items() if not isinstance(v, float)} == \
        {k: v for k, v in recorded.items() if not isinstance(v, float)}
    assert all(again[k] == pytest.approx(v, rel=1e-12) for k, v in recorded.items() if isinstance(v, float))


def test_roles_on_florentine_les_miserables_and_davis(runner):
    florentine = nx.florentine_families_graph()
    load_networkx(runner, florentine, "florentine")
    run_analysis(runner, "all")
    roles = check_roles(results(runner))
    assert "Medici" in names(roles["Hub"]) & names(roles["Bridge"])

    database.reset(runner)
    lesmis = nx.les_miserables_graph()
    load_networkx(runner, lesmis, "lesmis", weight="weight")
    run_analysis(runner, "all")
    roles = check_roles(results(runner))
    expected = nx.pagerank(lesmis, weight="weight")
    top = sorted(expected, key=lambda v: -expected[v])
    assert top[0] == "Valjean" and names(roles["Hub"]) == set(top[:len(roles["Hub"])])
    assert len(roles["Hub"]) < 10 and len(roles["Bridge"]) < 10

    database.reset(runner)
    davis = nx.davis_southern_women_graph()
    kind = {v: "Person" if davis.nodes[v]["bipartite"] == 0 else "Organization" for v in davis}
    load_networkx(runner, davis, "davis", kind_of=kind.get, tie_type="ATTENDED")
    run_analysis(runner, "all")
    check_roles(results(runner))


def test_roles_on_the_sample_association(runner):
    from netnp.samples import load_sample

    load_sample(runner, "association")
    run_analysis(runner, "all")
    doc = results(runner)
    roles = check_roles(doc)
    ids = {role: {n["id"] for n in nodes} for role, nodes in roles.items()}
    # The planted structure: the coordinators of the local groups are hubs, the members who
    # belong to other networks are bridges; and the lists are short enough to act on.
    coordinators = {n["id"] for n in doc["nodes"] if n["id"].startswith("p:coord-")}
    assert coordinators <= ids["Hub"]
    assert {n["id"] for n in doc["nodes"] if n["id"].startswith("p:bridge")} <= ids["Bridge"]
    assert len(ids["Hub"]) <= 12 and len(ids["Bridge"]) <= 20 and len(doc["summary"]["bridging_periphery"]) <= 10
    assert not any(n["kind"] == "WebPage" for n in roles["Hub"] + roles["Bridge"])


def test_roles_on_a_heavy_tailed_network(runner):
    graph = heavy_tailed_blocks()
    load_networkx(runner, graph, "heavy", weight="weight")
    run_analysis(runner, "all")
    doc = results(runner)
    roles = check_roles(doc)
    # Hundreds of peripheral nodes, but short lists: the caps hold where the knee comes late.
    assert len(roles["Periphery"]) > 200
    assert 1 <= len(roles["Hub"]) <= HUB_MAX and len(doc["summary"]["bridging_periphery"]) <= BRIDGE_MAX


def test_a_network_without_standouts_has_no_hub_and_no_core(runner):
    load_networkx(runner, nx.random_regular_graph(4, 40, seed=3), "regular")
    run_analysis(runner, "all")
    roles = check_roles(results(runner))
    assert roles["Hub"] == [] and roles["Core"] == [] and roles["Periphery"] == []


def test_web_pages_get_roles_only_in_an_analysis_of_pages(runner):
    graph = nx.relabel_nodes(nx.karate_club_graph(), str)
    load_networkx(runner, graph, "pages", kind_of=lambda v: "WebPage" if v in ("0", "33") else "Person")
    run_analysis(runner, "all")
    roles = check_roles(results(runner))
    assert not {"0", "33"} & names(roles["Hub"] + roles["Bridge"]) and roles["Hub"]
    database.reset(runner)
    load_networkx(runner, graph, "pages", kind_of=lambda v: "WebPage")
    run_analysis(runner, "all")
    roles = check_roles(results(runner))
    assert {"0", "33"} <= names(roles["Hub"])
