"""Analyses in a time window (``--since``/``--until``) over dated observations, against networkx on the window's subgraph.

Les Misérables gets a generated history: most ties are dated observations
(one to five, of random weights, over 2020-2023), some have since/until, some
no date at all, and a few people have no tie but an old one. For each window
the test builds the window's subgraph itself, from the rules of docs/model.md
("Dated observations"), and networkx computes the measures on it.
"""

from __future__ import annotations

import random

import networkx as nx
import pytest
from analysis_helpers import by_id

from netnp.analysis import Scope, results, run_analysis
from netnp.graphwrite import Provenance, entity_row, tie_row, write_graph

ENGINES = ["gds", "cypher"]
WINDOWS = [("2021-01-01", "2021-12-31"), (None, "2020-06-30"), ("2022-07-01", None)]


def _history(seed: int = 7) -> tuple[nx.Graph, dict]:
    """Les Misérables with each tie's dates: ``{(a, b): {"observed": [(date, weight)], "since", "until", "weight"}}``."""
    rng = random.Random(seed)
    graph = nx.les_miserables_graph()
    history = {}
    for a, b, data in graph.edges(data=True):
        kind = rng.random()
        item = {"observed": [], "since": None, "until": None, "weight": float(data["weight"])}
        if kind < 0.7:
            for _ in range(rng.randint(1, 5)):
                day = f"{rng.randint(2020, 2023)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
                item["observed"].append((day, float(rng.randint(1, 4))))
        elif kind < 0.85:
            start = rng.randint(2019, 2023)
            item["since"] = f"{start}-03-01"
            item["until"] = f"{start + rng.randint(0, 1)}-09-30" if rng.random() < 0.6 else None
        history[(a, b)] = item  # the rest: no date at all, always in
    return graph, history


def _load(runner, graph: nx.Graph, history: dict) -> None:
    entities = [entity_row(f"n:{v}", "Person", v) for v in graph.nodes]
    ties = []
    for (a, b), item in history.items():
        if item["observed"]:
            for i, (day, weight) in enumerate(item["observed"]):
                ties.append(tie_row(f"n:{a}", f"n:{b}", "KNOWS", date=day, observation=f"o{i}", weight=weight))
        else:
            ties.append(tie_row(f"n:{a}", f"n:{b}", "KNOWS", weight=item["weight"], since=item["since"],
                                until=item["until"]))
    write_graph(runner, entities, ties, Provenance("history"))


def _window_graph(history: dict, since: str | None, until: str | None) -> nx.Graph:
    """The window's subgraph, by the documented rules, computed here independently of netnp."""
    def inside(day: str) -> bool:
        return (since is None or day >= since) and (until is None or day <= until)

    window = nx.Graph()
    for (a, b), item in history.items():
        seen = [weight for day, weight in item["observed"] if inside(day)]
        dated = item["since"] is not None or item["until"] is not None
        overlaps = dated and (since is None or item["until"] is None or item["until"] >= since) and \
            (until is None or item["since"] is None or item["since"] <= until)
        undated = not item["observed"] and not dated
        if seen:
            window.add_edge(a, b, weight=sum(seen))
        elif overlaps or undated:
            window.add_edge(a, b, weight=item["weight"] if not item["observed"] else sum(w for _, w in item["observed"]))
    return window


@pytest.mark.parametrize("engine", ENGINES)
def test_each_window_matches_networkx_on_the_windows_subgraph(runner, engine):
    graph, history = _history()
    _load(runner, graph, history)
    for since, until in WINDOWS:
        window = _window_graph(history, since, until)
        assert 10 < window.number_of_nodes() < graph.number_of_nodes()  # the window drops people
        run_analysis(runner, "all", engine=engine, scope=Scope(since=since, until=until))
        doc = results(runner)
        assert doc["summary"]["nodes"] == window.number_of_nodes()
        assert doc["summary"]["ties"] == window.number_of_edges()
        assert by_id(doc, "degree") == dict(window.degree)
        assert by_id(doc, "strength") == pytest.approx(dict(window.degree(weight="weight")))
        assert by_id(doc, "coreness") == nx.core_number(window)
        assert by_id(doc, "betweenness") == pytest.approx(nx.betweenness_centrality(window), abs=1e-9)
        assert by_id(doc, "pagerank") == pytest.approx(
            nx.pagerank(window, weight="weight", tol=1e-12, max_iter=1000), abs=1e-4)
        assert doc["summary"]["components"] == nx.number_connected_components(window)
        # people absent from the window are not analysed, so they hold no role, Periphery least of all
        assert _with_role_labels(runner) <= set(window.nodes)
        assert _analysed(runner) == set(window.nodes)


def _with_role_labels(runner) -> set[str]:
    found = set()
    for row in runner.read("export/nodes"):
        if row["roles"]:
            found.add(row["id"].removeprefix("n:"))
    return found


def _analysed(runner) -> set[str]:
    return {row["id"].removeprefix("n:") for row in runner.read("export/nodes")
            if row["properties"].get("netnp_degree") is not None}


def test_a_run_without_a_window_keeps_isolated_people_and_whole_weights(runner):
    graph, history = _history()
    _load(runner, graph, history)
    write_graph(runner, [entity_row("n:alone", "Person", "alone")], [], Provenance("alone"))
    run_analysis(runner, "all", engine="cypher")
    doc = results(runner)
    whole = _window_graph(history, None, None)
    whole.add_node("alone")
    assert by_id(doc, "degree") == dict(whole.degree)
    assert by_id(doc, "strength") == pytest.approx(dict(whole.degree(weight="weight")))
    assert "Periphery" in {role for row in doc["nodes"] if row["name"] == "alone" for role in row["roles"]}
