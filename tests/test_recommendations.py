"""Recommendations on a real server: introductions through the strongest two-step path (networkx is the oracle),
weak ties and ties to strengthen between people and organisations apart from those with web pages, and
"did you mean" for ids that name no node."""

from __future__ import annotations

import itertools

import networkx as nx
import pytest
from analysis_helpers import load_networkx, node_id

from netnp.analysis import results, run_analysis
from netnp.analysis.recommend import RECOMMENDATIONS_LIMIT
from netnp.analysis.scope import Scope
from netnp.errors import InputError
from netnp.graphwrite import Provenance, entity_row, tie_row, write_graph
from netnp.lookup import check_id, similar_entities, unknown_id_message

pytestmark = pytest.mark.neo4j


def path_strength(w1: float, w2: float) -> float:
    """Strength of a two-step path: the inverse of its length when a tie of weight w is 1/w long (Newman 2001)."""
    return 1.0 / (1.0 / w1 + 1.0 / w2)


def path_strength_of(graph: nx.Graph, path: list) -> float:
    """A path's strength: the inverse of its length, each tie of weight w being 1/w long."""
    return 1.0 / sum(1.0 / graph[a][b]["weight"] for a, b in itertools.pairwise(path))


def best_introducer(graph: nx.Graph, focus, target) -> tuple[float, set]:
    """The strongest two-step path from ``focus`` to ``target`` in networkx, and every introducer that reaches it."""
    strengths = {m: path_strength(graph[focus][m]["weight"], graph[m][target]["weight"])
                 for m in nx.common_neighbors(graph, focus, target)}
    best = max(strengths.values())
    return best, {m for m, s in strengths.items() if s == pytest.approx(best)}


def test_the_introducer_is_on_the_strongest_path_not_the_first_found(runner):
    # The Network of Thrones case: Jon -8- Janos -5- Tyrion, and Jon -4- Sansa -77- Tyrion.
    graph = nx.Graph()
    graph.add_edge("Jon", "Janos", weight=8.0)
    graph.add_edge("Janos", "Tyrion", weight=5.0)
    graph.add_edge("Jon", "Sansa", weight=4.0)
    graph.add_edge("Sansa", "Tyrion", weight=77.0)
    for i in range(30):  # Tyrion is the hub of his own court
        graph.add_edge("Tyrion", f"court{i}", weight=2.0)
        graph.add_edge(f"court{i}", f"court{(i + 1) % 30}", weight=1.0)
    # A web page both read often is a stronger path, but a page introduces no one.
    graph.add_edge("Jon", "blog", weight=50.0)
    graph.add_edge("blog", "Tyrion", weight=50.0)
    load_networkx(runner, graph, "thrones", weight="weight", kind_of=lambda v: "WebPage" if v == "blog" else "Person")
    run_analysis(runner, "all", focus=node_id("Jon"))
    intro = next(i for i in results(runner)["recommendations"]["introductions"] if i["name"] == "Tyrion")
    assert [step["name"] for step in intro["path"]] == ["Jon", "Sansa", "Tyrion"]
    assert intro["introducer"] == node_id("Sansa") and intro["weights"] == [4.0, 77.0]
    assert intro["strength"] == pytest.approx(path_strength(4.0, 77.0))
    graph.remove_node("blog")
    assert best_introducer(graph, "Jon", "Tyrion") == (pytest.approx(path_strength(4.0, 77.0)), {"Sansa"})


@pytest.mark.parametrize("focus", ["Cosette", "Napoleon"])
def test_introductions_on_les_miserables_match_networkx(runner, focus):
    graph = nx.les_miserables_graph()
    load_networkx(runner, graph, "lesmis", weight="weight")
    run_analysis(runner, "all", focus=node_id(focus))
    introductions = results(runner)["recommendations"]["introductions"]
    assert introductions
    longer = 0
    for intro in introductions:
        names = [step["name"] for step in intro["path"]]
        target = intro["name"]
        assert names[0] == focus and names[-1] == target and not graph.has_edge(focus, target)
        assert intro["weights"] == [graph[a][b]["weight"] for a, b in itertools.pairwise(names)]
        if len(names) == 3:
            best, introducers = best_introducer(graph, focus, target)
            assert intro["strength"] == pytest.approx(best) and names[1] in introducers
        else:  # no common contact: the strongest of the paths with the fewest ties
            assert not list(nx.common_neighbors(graph, focus, target))
            assert len(names) - 1 == nx.shortest_path_length(graph, focus, target)
            strongest = max(path_strength_of(graph, path) for path in nx.all_shortest_paths(graph, focus, target))
            assert intro["strength"] == pytest.approx(path_strength_of(graph, names)) == pytest.approx(strongest)
            longer += 1
    if focus == "Napoleon":  # tied to Myriel alone: most hubs and bridges are three ties away
        assert longer


def test_weak_ties_with_web_pages_get_their_own_lists(runner):
    from netnp.samples import load_sample, sample_rows

    load_sample(runner, "association", history=False)
    run_analysis(runner, "all", focus="org:asso")
    doc = results(runner, weak_ties_limit=100_000)
    kind = {n["id"]: n["kind"] for n in doc["nodes"]}
    people, pages = doc["weak_ties"], doc["web_weak_ties"]
    assert people and pages
    assert all("WebPage" not in (kind[t["source"]], kind[t["target"]]) for t in people)
    assert all("WebPage" in (kind[t["source"]], kind[t["target"]]) for t in pages)
    # Every tie of the view is in one list or the other, each weakest first.
    assert len(people) + len(pages) == doc["summary"]["pairs"]
    for ties in (people, pages):
        assert [(t["overlap"], t["weight"]) for t in ties] == sorted((t["overlap"], t["weight"]) for t in ties)
    # The first rows a report shows are ties between people and organisations.
    assert results(runner)["weak_ties"] == people[:100]
    recommendations = doc["recommendations"]
    assert recommendations["strengthen"] and recommendations["strengthen_web"]
    assert all(kind[t["target"]] != "WebPage" for t in recommendations["strengthen"])
    assert all(kind[t["target"]] == "WebPage" for t in recommendations["strengthen_web"])
    assert all(t["source"] == "org:asso" and (t["spans_clusters"] or t["local_bridge"])
               for t in recommendations["strengthen"] + recommendations["strengthen_web"])
    # People and organisations make introductions, not web pages, wherever one of them can
    # (networkx on the sample's own rows is the oracle of who shares a contact with whom).
    graph = nx.Graph()
    for tie in sample_rows("association", history=False)[1]:
        graph.add_edge(tie["source"], tie["target"])
    for intro in recommendations["introductions"]:
        if len(intro["path"]) == 3:
            contacts = set(nx.common_neighbors(graph, "org:asso", intro["id"]))
            assert intro["introducer"] in contacts
            if any(kind[m] != "WebPage" for m in contacts):
                assert kind[intro["introducer"]] != "WebPage", intro


def test_an_unknown_id_gets_the_closest_ids_and_names(runner):
    people = {"Jon-Snow": "Jon Snow", "Jon-Arryn": "Jon Arryn", "Sansa-Stark": "Sansa Stark",
              "Tyrion-Lannister": "Tyrion Lannister", "org:asso": "Terre Solidaire"}
    write_graph(runner, [entity_row(i, "Person", name) for i, name in people.items()],
                [tie_row("Jon-Snow", "Sansa-Stark", "KNOWS")], Provenance("thrones"))
    assert unknown_id_message("--focus", "Jon Snow", runner) == \
        "--focus 'Jon Snow': no node has this id; did you mean 'Jon-Snow' (Jon Snow)?"
    assert [r["id"] for r in similar_entities(runner, "jon snwo")][0] == "Jon-Snow"  # a typo
    assert [r["id"] for r in similar_entities(runner, "Tyrion")] == ["Tyrion-Lannister"]  # a first name
    assert [r["id"] for r in similar_entities(runner, "terre solidaire")] == ["org:asso"]  # a name, not an id
    assert {r["id"] for r in similar_entities(runner, "Jon")} == {"Jon-Snow", "Jon-Arryn"}
    assert similar_entities(runner, "Daenerys") == [] and similar_entities(runner, "--") == []
    assert unknown_id_message("--focus", "Daenerys", runner) == "--focus 'Daenerys': no node has this id"
    check_id(runner, "--focus", "Jon-Snow")
    with pytest.raises(InputError, match="did you mean 'Jon-Snow'"):
        check_id(runner, "--focus", "JON SNOW")
    # Reading recommendations for an unknown focus says the same.
    run_analysis(runner, "all")
    with pytest.raises(Exception, match=r"--focus 'Sansa': no node has this id; did you mean 'Sansa-Stark' \(Sansa Stark\)\?"):
        results(runner, focus="Sansa")


def _layered(graph: nx.MultiGraph, runner) -> None:
    """Write a multigraph whose edges carry ``type`` and ``since``/``until`` as ties."""
    entities = [entity_row(node_id(v), "Person", str(v)) for v in graph.nodes]
    ties = [tie_row(node_id(a), node_id(b), data["type"], weight=data["weight"], since=data.get("since"),
                    until=data.get("until")) for a, b, data in graph.edges(data=True)]
    write_graph(runner, entities, ties, Provenance("layers"))


def _in_scope(graph: nx.MultiGraph, types: set[str], since: str | None, until: str | None) -> nx.Graph:
    """The simple graph of the ties in scope, parallel ties summed: what a scoped run analyses."""
    kept = nx.Graph()
    kept.add_nodes_from(graph.nodes)
    for a, b, data in graph.edges(data=True):
        if data["type"] not in types:
            continue
        if since and data.get("until") and data["until"] < since:
            continue
        if until and data.get("since") and data["since"] > until:
            continue
        w = kept[a][b]["weight"] if kept.has_edge(a, b) else 0.0
        kept.add_edge(a, b, weight=w + data["weight"])
    kept.remove_nodes_from([v for v in list(kept) if kept.degree(v) == 0])
    return kept


@pytest.mark.parametrize(("types", "since", "until"),
                         [({"KNOWS"}, None, None), ({"KNOWS", "WORKS_FOR"}, "2020-01-01", None)])
def test_introductions_follow_only_the_ties_in_the_runs_scope(runner, types, since, until):
    # Les Misérables as KNOWS ties, and over it a second, stronger layer: WORKS_FOR ties of a random graph, some of
    # them ended before 2020, that would offer other (stronger) introducers if the scope let them in.
    graph = nx.MultiGraph()
    for a, b, data in nx.les_miserables_graph().edges(data=True):
        graph.add_edge(a, b, type="KNOWS", weight=float(data["weight"]))
    names = sorted(graph.nodes)
    extra = nx.gnm_random_graph(len(names), 120, seed=4)
    for i, (u, v) in enumerate(extra.edges):
        graph.add_edge(names[u], names[v], type="WORKS_FOR", weight=40.0, until="2015-06-30" if i % 2 else None)
    _layered(graph, runner)
    focus = "Cosette"
    run_analysis(runner, "all", scope=Scope(types=sorted(types), since=since, until=until), focus=node_id(focus))
    kept = _in_scope(graph, types, since, until)
    introductions = results(runner)["recommendations"]["introductions"]
    assert introductions
    for intro in introductions:
        path = [step["name"] for step in intro["path"]]
        target = intro["name"]
        assert path[0] == focus and path[-1] == target and not kept.has_edge(focus, target)
        assert intro["weights"] == [kept[a][b]["weight"] for a, b in itertools.pairwise(path)]
        if len(path) == 3:
            best, introducers = best_introducer(kept, focus, target)
            assert intro["strength"] == pytest.approx(best) and path[1] in introducers
        else:
            assert len(path) - 1 == nx.shortest_path_length(kept, focus, target)


def _candidates(document: dict, kept: nx.Graph, focus) -> list:
    """The hubs and bridges of the run in the focus's component of ``kept`` that it has no tie with, best first."""
    reach = nx.node_connected_component(kept, focus)
    rows = [row for row in document["nodes"] if {"Hub", "Bridge"} & set(row["roles"])
            and row["name"] in reach and row["name"] != focus and not kept.has_edge(focus, row["name"])]
    return [row["name"] for row in sorted(rows, key=lambda row: (-(row["pagerank"] or 0.0), row["id"]))]


def _check_introductions(introductions: list[dict], kept: nx.Graph, focus) -> None:
    """Each introduction reaches its target along ``kept``'s ties, through the strongest two-step path if any."""
    for intro in introductions:
        path = [step["name"] for step in intro["path"]]
        target = intro["name"]
        assert path[0] == focus and path[-1] == target and not kept.has_edge(focus, target)
        assert intro["weights"] == pytest.approx([kept[a][b]["weight"] for a, b in itertools.pairwise(path)])
        if len(path) == 3:
            best, introducers = best_introducer(kept, focus, target)
            assert intro["strength"] == pytest.approx(best) and path[1] in introducers
        else:
            assert not list(nx.common_neighbors(kept, focus, target)) and intro["strength"] is None
            assert len(path) - 1 == nx.shortest_path_length(kept, focus, target)


def test_a_windowed_runs_introductions_follow_its_dated_observations(runner):
    # Les Misérables as dated observations: a quarter of its ties seen only in 2018, before the window; the others
    # seen in 2021, some of them also seen, heavily, in 2017. Over it, strong ties seen only in 2016 would make
    # better introducers if a tie seen only outside the window counted.
    since, until = "2020-01-01", "2021-12-31"
    observations = []  # (a, b, date, weight): one observation of the tie a -> b
    for i, (a, b, data) in enumerate(nx.les_miserables_graph().edges(data=True)):
        if i % 4 == 0:
            observations.append((a, b, "2018-05-01", float(data["weight"])))
            continue
        observations.append((a, b, "2021-03-01", float(data["weight"])))
        if i % 3 == 0:
            observations.append((a, b, "2017-05-01", 30.0))
    names = sorted(nx.les_miserables_graph().nodes)
    for u, v in nx.gnm_random_graph(len(names), 150, seed=7).edges:
        observations.append((names[u], names[v], "2016-02-01", 60.0))
    entities = [entity_row(node_id(v), "Person", v) for v in names]
    write_graph(runner, entities, [tie_row(node_id(a), node_id(b), "KNOWS", date=day, observation=f"o{k}", weight=w)
                                   for k, (a, b, day, w) in enumerate(observations)], Provenance("dated"))
    kept = nx.Graph()  # the window's graph: pairs seen inside, weighted by the observations inside
    for a, b, day, w in observations:
        if since <= day <= until:
            kept.add_edge(a, b, weight=(kept[a][b]["weight"] if kept.has_edge(a, b) else 0.0) + w)
    focus = "Cosette"
    assert focus in kept
    run_analysis(runner, "all", scope=Scope(since=since, until=until), focus=node_id(focus))
    document = results(runner)
    introductions = document["recommendations"]["introductions"]
    assert introductions
    _check_introductions(introductions, kept, focus)
    assert [i["name"] for i in introductions] == _candidates(document, kept, focus)[:RECOMMENDATIONS_LIMIT]
    # A tie seen only outside the window is no tie: never a step of a path, and no reason to leave a candidate out.
    outside = {frozenset((a, b)) for a, b, _, _ in observations} - {frozenset(e) for e in kept.edges}
    assert outside
    assert not any(frozenset(step) in outside for i in introductions
                   for step in itertools.pairwise(s["name"] for s in i["path"]))


def test_an_older_runs_recommendations_are_those_of_its_own_graph(runner):
    graph = nx.les_miserables_graph()
    load_networkx(runner, graph, "lesmis", weight="weight")
    focus = "Gavroche"
    first = run_analysis(runner, "all", focus=node_id(focus), label="before")
    before = results(runner)["recommendations"]
    assert before["introductions"]
    # Then the focus meets A's first two introductions, and a newcomer strongly tied to everyone A recommended.
    targets = [i["name"] for i in before["introductions"]]
    write_graph(runner, [entity_row("n:newcomer", "Person", "newcomer")],
                [tie_row(node_id(focus), node_id(t), "KNOWS", weight=5.0) for t in targets[:2]]
                + [tie_row("n:newcomer", node_id(v), "KNOWS", weight=90.0) for v in [focus, *targets]],
                Provenance("later"))
    run_analysis(runner, "all", focus=node_id(focus), label="after")
    after = results(runner)["recommendations"]
    assert not {i["name"] for i in after["introductions"]} & set(targets[:2])
    # Read again later, the first run recommends what its own graph (Les Misérables as it was) says.
    again = results(runner, run=first.run_id)
    assert again["recommendations"] == before
    _check_introductions(again["recommendations"]["introductions"], graph, focus)
    assert "newcomer" not in {s["name"] for i in again["recommendations"]["introductions"] for s in i["path"]}
    assert results(runner, run="before", focus=node_id(focus))["recommendations"] == before
