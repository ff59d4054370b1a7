"""Sample networks: the synthetic association and the classics, checked with networkx."""

from __future__ import annotations

import networkx as nx
import pytest
from import_helpers import nodes, ties

from netnp import database
from netnp.errors import InputError
from netnp.samples import association, load_sample, sample_rows, write_sample_csv


def _graph(size: int, seed: int, history: bool = True) -> nx.MultiDiGraph:
    """The association as networkx sees it: one edge per tie (rows of one tie, its yearly observations, folded)."""
    entities, tie_rows = association(size, seed, history)
    g = nx.MultiDiGraph()
    for e in entities:
        g.add_node(e["id"], kind=e["kind"], **e["properties"])
    for t in tie_rows:
        g.add_edge(t["source"], t["target"], key=(t["type"], t["channel"]), type=t["type"], channel=t["channel"],
                   weight=t["weight"])
    return g


def _years(size: int, seed: int) -> dict[int, nx.Graph]:
    """Each year's graph of the association with history: the ties observed that year, weighted by those observations."""
    _, tie_rows = association(size, seed)
    years: dict[int, nx.Graph] = {}
    for t in tie_rows:
        ((date, weight),) = t["observed"].values()
        g = years.setdefault(int(date[:4]), nx.Graph())
        previous = g[t["source"]][t["target"]]["weight"] if g.has_edge(t["source"], t["target"]) else 0.0
        g.add_edge(t["source"], t["target"], weight=previous + weight, type=t["type"])
    return years


@pytest.mark.parametrize("history", [True, False])
def test_synthetic_network_is_deterministic_and_has_the_asked_size(history):
    a, b, c = _graph(3000, 1, history), _graph(3000, 1, history), _graph(3000, 2, history)
    assert a.number_of_edges() == 3000
    assert list(a.edges(data=True)) == list(b.edges(data=True))
    assert dict(a.nodes(data=True)) == dict(b.nodes(data=True))
    assert list(a.edges()) != list(c.edges())
    assert set(nx.get_node_attributes(a, "kind").values()) == {"Person", "Organization", "WebPage"}
    types = {d["type"] for _, _, d in a.edges(data=True)}
    assert {"KNOWS", "MEMBER_OF", "WORKS_FOR", "VOLUNTEERS_FOR", "DONATES_TO", "PARTNERS_WITH", "FOLLOWS",
            "MENTIONS", "LINKS_TO", "PUBLISHES"} <= types


def test_planted_structure_is_visible_to_networkx():
    g = _graph(20000, 3)
    u = nx.Graph(g.to_undirected())
    planted = nx.get_node_attributes(g, "planted")
    people = [n for n, k in g.nodes(data="kind") if k == "Person"]
    # Hubs: planted hubs are in the top 5 % of people by degree.
    by_degree = sorted(people, key=u.degree, reverse=True)
    top = set(by_degree[: max(1, len(people) // 20)])
    hubs = [n for n, p in planted.items() if p == "hub"]
    assert hubs and all(h in top for h in hubs)
    # Core: the staff and coordinators are in the innermost k-cores of the KNOWS network.
    knows = nx.Graph((a, b) for a, b, d in g.edges(data=True) if d["type"] == "KNOWS")
    knows.remove_edges_from(nx.selfloop_edges(knows))
    core = nx.core_number(knows)
    k_max = max(core.values())
    core_members = [n for n, p in planted.items() if p in ("core", "hub")]
    assert all(core[n] >= k_max - 1 for n in core_members)
    # Clusters: the city groups have a clearly positive modularity in the KNOWS network.
    cluster = nx.get_node_attributes(g, "cluster")
    groups: dict = {}
    for n in knows:
        groups.setdefault(cluster.get(n, "other"), set()).add(n)
    assert nx.community.modularity(knows, groups.values()) > 0.3
    # Bridges: low degree inside the association, high betweenness overall.
    bridges = [n for n, p in planted.items() if p == "bridge"]
    betweenness = nx.betweenness_centrality(u, k=200, seed=1)
    median = sorted(betweenness[n] for n in people)[len(people) // 2]
    for b in bridges:
        inside = sum(1 for o in knows[b] if g.nodes[o].get("role") in ("staff", "volunteer", "donor", "member"))
        assert inside <= 2 and betweenness[b] > 10 * median


def test_the_history_plants_movers_leavers_a_new_cluster_and_ties_that_strengthen():
    entities, _ = association(6000, 3)
    trajectory: dict[str, set[str]] = {}
    for e in entities:
        trajectory.setdefault(e["properties"].get("trajectory"), set()).add(e["id"])
    years = _years(6000, 3)
    assert sorted(years) == [2022, 2023, 2024, 2025]

    def knows(year: int) -> nx.Graph:
        return nx.Graph([(a, b) for a, b, d in years[year].edges(data=True) if d["type"] == "KNOWS"])

    # Movers: in the outer half of the cores in 2023, among the top 5 % by coreness in 2025.
    before, after = nx.core_number(knows(2023)), nx.core_number(knows(2025))
    k_before = max(before.values())
    top = sorted(after.values())[int(len(after) * 0.95)]
    assert trajectory["mover"]
    for pid in trajectory["mover"]:
        assert before.get(pid, 0) < k_before / 2 and after[pid] >= max(top, 2 * before.get(pid, 0))
    # Leavers: gone from the network after the year they leave.
    for pid in trajectory["leaver"]:
        assert pid not in years[2024] and pid not in years[2025]
    # The new local group: absent until 2024, then a cluster of its own.
    newcomers = trajectory["newcomer"]
    assert newcomers and not newcomers & (set(years[2022]) | set(years[2023]))
    present = newcomers & set(years[2025])
    assert len(present) > 0.8 * len(newcomers)
    inside = sum(1 for a, b in years[2025].edges if a in present and b in present)
    touching = sum(1 for a, b in years[2025].edges if a in present or b in present)
    assert inside > 0.3 * touching  # a third of their ties are among themselves
    assert nx.density(years[2025].subgraph(present)) > 3 * nx.density(years[2025])
    # Weak ties that strengthen: weight 1 a year until 2023, 5 a year from 2024.
    stronger = [(a, b) for a, b, d in years[2025].edges(data=True)
                if d["weight"] == 5.0 and years[2023].has_edge(a, b) and years[2023][a][b]["weight"] == 1.0]
    assert len(stronger) >= 10


def test_sizes_are_checked():
    with pytest.raises(InputError):
        association(1_000_001, 1)
    with pytest.raises(InputError):
        sample_rows("karate", size=100)
    with pytest.raises(InputError):
        sample_rows("nope")


@pytest.mark.parametrize("name, graph", [
    ("karate", nx.karate_club_graph), ("florentine", nx.florentine_families_graph),
    ("lesmis", nx.les_miserables_graph), ("southern-women", nx.davis_southern_women_graph),
])
def test_classic_networks_load_with_their_published_size(runner, name, graph):
    g = graph()
    result = load_sample(runner, name)
    stats = database.stats(runner)
    assert (stats["nodes"]["total"], stats["ties"]["total"]) == (g.number_of_nodes(), g.number_of_edges())
    assert result["rows"] == g.number_of_edges()
    load_sample(runner, name)
    assert database.stats(runner) == stats


def test_karate_keeps_factions_and_weights(runner):
    load_sample(runner, "karate")
    got = nodes(runner)
    g = nx.karate_club_graph()
    assert {n: d["club"] for n, d in got.items()} == {f"karate:{n}": d["club"] for n, d in g.nodes(data=True)}
    assert sorted(w for *_, w, _, _ in ties(runner)) == sorted(float(d["weight"]) for *_, d in g.edges(data=True))


def test_association_loads_and_matches_its_csv(runner, tmp_path):
    result = load_sample(runner, "association", size=1500, seed=5)
    stats = database.stats(runner)
    assert stats["ties"]["total"] == 1500
    assert result["rows"] == sum(1 for _ in sample_rows("association", size=1500, seed=5)[1]) > 1500
    files = write_sample_csv("association", tmp_path, size=1500, seed=5)
    database.reset(runner)
    from netnp.importing.importer import import_files

    import_files(runner, nodes=files["files"][0], edges=files["files"][1])
    assert database.stats(runner) == stats
