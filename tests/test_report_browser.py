"""The HTML report in a real browser: headless Chromium from Debian's chromium package.

Checks that the page opens from a file:// URL with no console error and no
network request, that the network view draws, that a screenshot can be
taken, and that a hostile name stays text in the DOM.
"""

from __future__ import annotations

import struct

import networkx as nx
import pytest
from cdp_browser import Browser
from report_documents import clustered_graph, document_from_graph

from netnp import analysis
from netnp.graphwrite import Provenance, entity_row, tie_row, write_graph
from netnp.report import render_report, report_document

EVIL = "<img src=x onerror=alert(1)>"

# How many canvas pixels are not background: the view drew something.
INK = """(() => { const c = document.getElementById('netnp-canvas');
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let ink = 0;
  for (let i = 3; i < d.length; i += 4) { if (d[i] > 0) ink++; } return ink; })()"""


@pytest.fixture(scope="module")
def browser():
    with Browser() as b:
        yield b


# The boxes of the names the view drew, and the pairs of them that overlap.
LABELS = "window.netnpView.labels()"


def _overlapping(boxes: list[dict]) -> list[tuple[str, str]]:
    return [(a["text"], b["text"]) for i, a in enumerate(boxes) for b in boxes[i + 1:]
            if a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"] and a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"]]


def _check_labels(browser) -> list[dict]:
    """The drawn names: some, none overlapping another, all inside the canvas."""
    boxes = browser.evaluate(LABELS)
    width = browser.evaluate("document.getElementById('netnp-canvas').clientWidth")
    height = browser.evaluate("document.getElementById('netnp-canvas').clientHeight")
    assert boxes and _overlapping(boxes) == []
    assert all(0 <= b["x"] and b["x"] + b["w"] <= width and 0 <= b["y"] and b["y"] + b["h"] <= height for b in boxes)
    return boxes


def _set(browser, element: str, value: str, event: str = "change") -> None:
    """Set a control's value as a reader would, and fire its event."""
    browser.evaluate(f"(() => {{ const e = document.getElementById({element!r}); e.value = {value!r}; "
                     f"e.dispatchEvent(new Event({event!r})); }})()")


def _drawn(browser) -> int:
    return int(browser.evaluate("document.body.getAttribute('data-graph-drawn')"))


def _only_local(requests: list[str]) -> list[str]:
    return [url for url in requests if not (url.startswith("file://") or url.startswith("data:"))]


def _png_size(path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", head[16:24])


@pytest.mark.neo4j
def test_report_of_an_analysed_graph_in_chromium(runner, browser, tmp_path):
    g = nx.karate_club_graph()
    names = {v: f"Member {v}" for v in g}
    names[33] = EVIL
    names[0] = "Karaté club (Mr Hi)"
    write_graph(runner, [entity_row(f"n:{v}", "Organization" if v == 0 else "Person", names[v]) for v in g],
                [tie_row(f"n:{a}", f"n:{b}", "KNOWS", weight=float(d["weight"])) for a, b, d in g.edges(data=True)],
                Provenance("karate.csv"))
    analysis.run_analysis(runner, "all", focus="n:0")
    path = render_report(report_document(runner), tmp_path / "rapport.html", lang="fr")

    browser.open(path.as_uri())
    assert browser.console_errors() == []
    assert _only_local(browser.requests()) == []
    assert browser.requests() == [path.as_uri()]
    assert browser.dialogs() == []
    assert browser.evaluate("document.documentElement.lang") == "fr"
    # The view drew every node, and the canvas is not blank.
    assert browser.evaluate("document.body.getAttribute('data-graph-drawn')") == "34"
    assert browser.evaluate(INK) > 5000
    # The hostile name is text wherever it shows, and no <img> came from it.
    assert browser.evaluate("document.querySelectorAll('img').length") == 0
    cells = browser.evaluate(f"[...document.querySelectorAll('td')].filter(td => td.textContent === {EVIL!r}).length")
    assert cells >= 1
    # Clicking it (through the view's own select) shows its details, as text.
    index = browser.evaluate(f"window.netnpView.nodes.findIndex(n => n.name === {EVIL!r})")
    assert index >= 0
    browser.evaluate(f"window.netnpView.select({index}, true)")
    assert browser.evaluate("document.querySelector('#netnp-details h3').textContent") == EVIL
    assert browser.evaluate("document.querySelectorAll('#netnp-details img').length") == 0
    # Selecting it shows it with its neighbours only, named without overlap.
    neighbours = set(nx.karate_club_graph()[33])
    assert browser.evaluate("window.netnpView.mode()") == "ego" and _drawn(browser) == 1 + len(neighbours)
    _check_labels(browser)
    browser.evaluate("document.getElementById('netnp-back').click()")
    assert browser.evaluate("window.netnpView.mode()") == "all" and _drawn(browser) == 34
    # Search by name, accents ignored, and by id.
    _set(browser, "netnp-search", "karate", "input")
    assert browser.evaluate("[...document.querySelectorAll('#netnp-matches li')].map(li => li.firstChild.textContent)") == [names[0]]
    _set(browser, "netnp-search", "n:33", "input")
    assert browser.evaluate("document.querySelector('#netnp-matches li').firstChild.textContent") == EVIL
    browser.settle(0.5)
    assert browser.dialogs() == [] and browser.console_errors() == []
    browser.evaluate("document.getElementById('network').scrollIntoView()")
    shot = browser.screenshot(tmp_path / "network.png")
    assert _png_size(shot) == (1280, 900)


def test_backbone_of_a_large_graph_in_chromium(browser, tmp_path):
    g, groups = clustered_graph(6000, group_size=400)
    document = document_from_graph(g, communities=groups, exact=False, focus=5999)
    path = render_report(document, tmp_path / "report.html", lang="en", limit=500)
    browser.open(path.as_uri())
    assert browser.console_errors() == []
    assert _only_local(browser.requests()) == []
    # 500 top nodes, plus the focal organisation, which is always there.
    nodes = browser.evaluate("window.netnpView.nodes")
    assert len(nodes) == 501
    count = browser.evaluate("document.getElementById('netnp-count').textContent")
    assert "Shown: the 501 most influential nodes of 6,000" in count and "Not shown: 5,499 nodes" in count
    # The view opens on its backbone: the 150 most influential nodes, every hub and bridge, the focus.
    start = [i for i, n in enumerate(nodes) if i < 150 or n["focus"] or {"Hub", "Bridge"} & set(n["roles"])]
    visible = browser.evaluate("window.netnpView.visible()")
    assert [i for i, v in enumerate(visible) if v] == start and _drawn(browser) == len(start) < 501
    assert browser.evaluate(INK) > 5000
    labelled = {b["index"] for b in _check_labels(browser)}
    assert next(i for i, n in enumerate(nodes) if n["focus"]) in labelled and 0 in labelled
    # All nodes, on demand; names still never overlap.
    browser.evaluate("document.getElementById('netnp-show-all').click()")
    assert _drawn(browser) == 501 and browser.evaluate(INK) > 20000
    _check_labels(browser)
    # Filters: by role, by cluster; each shows only what it names.
    _set(browser, "netnp-role", "Hub")
    visible = browser.evaluate("window.netnpView.visible()")
    assert [i for i, v in enumerate(visible) if v] == [i for i, n in enumerate(nodes) if "Hub" in n["roles"]]
    _set(browser, "netnp-role", "")
    _set(browser, "netnp-cluster", "c:0")
    visible = browser.evaluate("window.netnpView.visible()")
    assert [i for i, v in enumerate(visible) if v] == [i for i, n in enumerate(nodes) if n["c"] == 0]
    _set(browser, "netnp-cluster", "")
    # Search by id, then the node's neighbourhood only.
    _set(browser, "netnp-search", "n:5999", "input")
    browser.evaluate("document.querySelector('#netnp-matches li').click()")
    focus = next(i for i, n in enumerate(nodes) if n["id"] == "n:5999")
    edges = browser.evaluate("window.netnpView.edges")
    near = {a if b == focus else b for a, b in edges if focus in (a, b)}
    visible = browser.evaluate("window.netnpView.visible()")
    assert {i for i, v in enumerate(visible) if v} == near | {focus} and _drawn(browser) == len(near) + 1
    assert focus in {b["index"] for b in _check_labels(browser)}
    browser.evaluate("document.getElementById('netnp-back').click()")
    assert browser.evaluate("window.netnpView.mode()") == "all"
    # Zooming redraws without error.
    browser.evaluate("document.getElementById('netnp-canvas').dispatchEvent(new WheelEvent('wheel', "
                     "{deltaY: -100, clientX: 300, clientY: 300, cancelable: true}))")
    browser.settle(0.3)
    assert browser.console_errors() == []
    _check_labels(browser)
    shot = browser.screenshot(tmp_path / "backbone.png")
    assert _png_size(shot) == (1280, 900)


@pytest.mark.neo4j
def test_report_of_the_sample_association_in_chromium(runner, browser, tmp_path):
    from netnp.samples import load_sample

    loaded = load_sample(runner, "association")
    analysis.run_analysis(runner, "all", focus="org:asso")
    stored = analysis.results(runner)
    for lang in ("en", "fr"):
        path = render_report(report_document(runner), tmp_path / f"sample-{lang}.html", lang=lang)
        browser.open(path.as_uri())
        assert browser.console_errors() == []
        assert _only_local(browser.requests()) == []
        # Above 300 nodes, the view opens on its backbone, hubs and bridges; all nodes on demand.
        assert browser.evaluate("window.netnpView.nodes.length") == min(loaded["nodes"], 1000) > 300
        hubs_and_bridges = sum(1 for n in stored["nodes"] if {"Hub", "Bridge"} & set(n["roles"]))
        assert 150 <= _drawn(browser) <= 150 + hubs_and_bridges + 1
        _check_labels(browser)
        browser.evaluate("document.getElementById('netnp-show-all').click()")
        assert _drawn(browser) == min(loaded["nodes"], 1000)
        _check_labels(browser)
        browser.evaluate("document.getElementById('netnp-show-start').click()")
        # Every kind of the sample shows in the overview, and the focal organisation is named in the title.
        title = browser.evaluate("document.querySelector('h1').textContent")
        assert "Terre Solidaire" in title
        hubs = [n["name"] for n in stored["nodes"] if "Hub" in n["roles"]]
        assert hubs and browser.evaluate(f"document.getElementById('hubs').textContent.includes({hubs[0]!r})")
        browser.evaluate("document.getElementById('network').scrollIntoView()")
        shot = browser.screenshot(tmp_path / f"sample-{lang}.png")
        assert _png_size(shot) == (1280, 900)


@pytest.mark.neo4j
def test_growth_section_in_chromium(runner, browser, tmp_path):
    from netnp.analysis import Scope
    from netnp.growth import series

    # Zachary's karate club, its ties begun in 2023 or 2024 (every third in 2024); one run up to the end of each year.
    g = nx.karate_club_graph()
    write_graph(runner, [entity_row(f"n:{v}", "Organization" if v == 0 else "Person", EVIL if v == 33 else f"Member {v}")
                         for v in g],
                [tie_row(f"n:{a}", f"n:{b}", "KNOWS", since="2024-03-01" if i % 3 == 0 else "2023-03-01")
                 for i, (a, b) in enumerate(g.edges())], Provenance("karate.csv"))
    for year in ("2023", "2024"):
        analysis.run_analysis(runner, "all", Scope(until=f"{year}-12-31"), focus="n:0", label=year)
    expected = series(runner)
    path = render_report(report_document(runner), tmp_path / "croissance.html", lang="fr")
    browser.open(path.as_uri())
    # No CSP violation (Chromium logs each as an error), no request, no dialog.
    assert browser.console_errors() == [] and browser.requests() == [path.as_uri()] and browser.dialogs() == []
    assert browser.evaluate("document.getElementById('growth').querySelector('h2').textContent") == "Croissance"
    # Every chart drew its points: one per run, per line.
    points = browser.evaluate("Object.fromEntries([...document.querySelectorAll('#growth svg.growth')].map("
                              "s => [s.id, s.querySelectorAll('circle.point').length]))")
    assert {k: v for k, v in points.items() if k != "chart-growth-roles"} == {
        f"chart-growth-{key}": 2 for key in ("nodes", "ties", "density", "components", "modularity", "k_max", "top2")}
    assert points["chart-growth-roles"] == 8
    assert browser.evaluate("[...document.querySelectorAll('#growth svg.growth polyline')].every("
                            "p => p.getBBox().width > 100)")
    # The network view colours the ties added since 2023, and the box takes the colour off.
    added = {tuple(sorted((t["source"], t["target"]))) for t in expected["steps"][0]["ties"]["added_ties"]}
    assert len(added) == len(range(0, g.number_of_edges(), 3))
    nodes = browser.evaluate("window.netnpView.nodes")
    edges = browser.evaluate("window.netnpView.edges")
    coloured = {tuple(sorted((nodes[edges[k][0]]["id"], nodes[edges[k][1]]["id"])))
                for k in browser.evaluate("window.netnpView.added")}
    assert coloured == added
    assert int(browser.evaluate("document.body.getAttribute('data-added-drawn')")) == len(added)
    browser.evaluate("document.getElementById('netnp-added').click()")
    assert int(browser.evaluate("document.body.getAttribute('data-added-drawn')")) == 0
    # The hostile name is text in the Growth section too.
    assert browser.evaluate("document.querySelectorAll('img').length") == 0
    browser.settle(0.3)
    assert browser.console_errors() == []
    browser.evaluate("document.getElementById('growth').scrollIntoView()")
    shot = browser.screenshot(tmp_path / "growth.png")
    assert _png_size(shot) == (1280, 900)
