"""The report's Growth section on a real server: the sample association with four years of history, analysed
year by year (as `netnp snapshots --every year`), reported in HTML and Markdown, in English and French; its figures
are those of netnp.growth.series, and the planted movers are among its top movers towards the core."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import networkx as nx
import pytest

from netnp import database, schema
from netnp.analysis import Scope, run_analysis
from netnp.graphwrite import Provenance, entity_row, tie_row, write_graph
from netnp.growth import growth, series
from netnp.report import render, render_report, report_document
from netnp.report.data import read_document
from netnp.report.i18n import Formatter
from netnp.samples import FOCUS_ID, association, load_sample

pytestmark = pytest.mark.neo4j

YEARS = ("2022", "2023", "2024", "2025")
HEADING = {"en": "Growth", "fr": "Croissance"}


@pytest.fixture(scope="module")
def grown(session_runner):
    """The sample association, with one analysis run per year 2022-2025."""
    runner = session_runner
    database.reset(runner)
    schema.apply_schema(runner)
    load_sample(runner, "association")
    for year in YEARS:
        run_analysis(runner, "all", Scope(since=f"{year}-01-01", until=f"{year}-12-31"), focus=FOCUS_ID, label=year)
    yield runner
    database.reset(runner)


class Section(HTMLParser):
    """The text of each table cell of the element with id ``growth``, by table id, and the points of each chart."""

    def __init__(self):
        super().__init__()
        self.depth, self.table, self.chart = 0, None, None
        self.cells: dict[str, list[list[str]]] = {}
        self.points: dict[str, list[float]] = {}
        self.text: list[str] = []
        self.found = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id") == "growth":
            self.found, self.depth = True, 1
            return
        if not self.depth:
            return
        if tag == "section":
            self.depth += 1
        if tag == "table":
            self.table = attrs.get("id")
            self.cells.setdefault(self.table, [])
        elif tag == "tr" and self.table:
            self.cells[self.table].append([])
        elif tag in ("td", "th") and self.table:
            self.cells[self.table][-1].append("")
        elif tag == "svg":
            self.chart = attrs["id"]
            self.points[self.chart] = []
        elif tag == "circle" and self.chart:
            self.points[self.chart].append(float(attrs["data-value"]))

    def handle_endtag(self, tag):
        if not self.depth:
            return
        if tag == "section":
            self.depth -= 1
        elif tag == "table":
            self.cells[self.table] = [[cell.strip() for cell in row] for row in self.cells[self.table]]
            self.table = None
        elif tag == "svg":
            self.chart = None

    def handle_data(self, data):
        if not self.depth:
            return
        self.text.append(data)
        if self.table and self.cells[self.table] and self.cells[self.table][-1]:
            self.cells[self.table][-1][-1] += data


def growth_section(html: str) -> Section:
    parsed = Section()
    parsed.feed(html)
    return parsed


def test_the_growth_section_shows_the_figures_of_the_series(grown, tmp_path):
    document = report_document(grown, focus=FOCUS_ID)
    expected = series(grown, focus=FOCUS_ID)
    whole = growth(grown, "2022", "2025", focus=FOCUS_ID)
    part = document["growth"]
    assert [r["label"] for r in part["runs"]] == list(YEARS) == [r["label"] for r in expected["runs"]]
    assert [r["network"] for r in part["runs"]] == [r["network"] for r in expected["runs"]]
    # Role counts per run: the members of each role in the transitions of the step from (or to) the run.
    counts = [{role: len({m for c in step["roles"]["transitions"] if c[side] == role for m in c["members"]})
               for role in ("Hub", "Core", "Periphery", "Bridge")}
              for step, side in [(s, "from") for s in expected["steps"]] + [(expected["steps"][-1], "to")]]
    assert [r["roles"] for r in part["runs"]] == counts
    for step, mine in zip(expected["steps"], part["steps"], strict=True):
        assert mine["movers"] == len(step["movers"])
        assert mine["ties_added"] == step["ties"]["added"] and mine["ties_dropped"] == step["ties"]["dropped"]
        assert mine["joined"] == len(step["nodes"]["joined"]) and mine["left"] == len(step["nodes"]["left"])
        assert mine["weak_to_strong"] == len(step["ties"]["weak_to_strong"])
        assert mine["recommendations"]["introduced"] == step["recommendations"]["introduced"]
        assert mine["recommendations"]["strengthened"] == step["recommendations"]["strengthened"]
    assert part["overall"]["matrix"] == whole["roles"]["matrix"]
    assert part["last"]["matrix"] == expected["steps"][-1]["roles"]["matrix"]
    assert part["overall"]["movers"] == len(whole["movers"])
    # The planted movers are among the top movers towards the core, from 2022 to 2025.
    entities, _ = association()
    movers = {e["id"] for e in entities if (e.get("properties") or {}).get("trajectory") == "mover"}
    top = {m["id"]: m for m in part["overall"]["towards_core"]}
    assert movers and movers <= top.keys()
    assert all(top[m]["coreness_to"] > top[m]["coreness_from"] for m in movers)
    rising = [m for m in whole["movers"] if m["coreness_to"] > m["coreness_from"]]
    assert [{k: v for k, v in m.items() if k != "name"} for m in part["overall"]["towards_core"]] == rising[:25]
    assert part["overall"]["towards_core_count"] == len(rising)
    # Ties added since 2024, among the nodes the view draws.
    added = {(t["source"], t["target"]) for t in expected["steps"][-1]["ties"]["added_ties"]}
    assert part["added_pairs"] and {tuple(p) for p in part["added_pairs"]} <= added

    names = {e["id"]: e["name"] for e in entities}
    for lang in ("en", "fr"):
        number = Formatter(lang).number
        html = render(document, lang, "html")
        section = growth_section(html)
        assert section.found and f">{HEADING[lang]}</h2>" in html
        # Each chart has one point per run, at the run's value.
        for key in ("nodes", "ties", "density", "components", "modularity", "k_max", "top2"):
            assert section.points[f"chart-growth-{key}"] == pytest.approx([r["network"][key] for r in expected["runs"]])
        assert sorted(section.points["chart-growth-roles"]) == sorted(v for c in counts for v in c.values())
        steps = section.cells["growth-steps"][1:]
        assert [row[0] for row in steps] == [f"{a} → {b}" for a, b in zip(YEARS, YEARS[1:], strict=False)]
        assert [row[1:5] for row in steps] == [[number(len(s["nodes"]["joined"])), number(len(s["nodes"]["left"])),
                                                number(s["ties"]["added"]), number(s["ties"]["dropped"])]
                                               for s in expected["steps"]]
        # The transition table from 2022 to 2025, cell by cell.
        table = section.cells["growth-transitions"]
        labels = whole["roles"]["labels"]
        assert [[cell for cell in row[1:]] for row in table[1:]] == [
            [number(whole["roles"]["matrix"][f][t]) for t in labels] for f in labels]
        listed = [row[0] for row in section.cells["growth-movers"][1:]]
        assert {names[m] for m in movers} <= set(listed)
        follow = section.cells["growth-follow-up"][1:]
        assert len(follow) == 3 and all(names[FOCUS_ID] in row[1] for row in follow)
        markdown = render(document, lang, "md")
        assert f"## {HEADING[lang]}" in markdown
        for step in expected["steps"]:
            row = f"| {step['from']['label']} → {step['to']['label']} | {number(len(step['nodes']['joined']))} | " \
                  f"{number(len(step['nodes']['left']))} | {number(step['ties']['added'])} |"
            assert row in markdown
        for m in movers:
            assert f"| {names[m]} | " in markdown

    # A saved JSON document keeps the growth part, and renders without the graph.
    saved = report_document(grown, "json", focus=FOCUS_ID)
    assert saved["growth"]["steps"] == part["steps"] and saved["growth"]["overall"] == part["overall"]
    path = tmp_path / "results.json"
    path.write_text(json.dumps(saved), encoding="utf-8")
    again = render_report(read_document(path), tmp_path / "again.html", lang="fr")
    assert growth_section(again.read_text(encoding="utf-8")).cells["growth-steps"][1:] == \
        growth_section(render(document, "fr", "html")).cells["growth-steps"][1:]


def test_a_report_of_an_earlier_run_follows_the_series_up_to_it(grown):
    part = report_document(grown, run="2023")["growth"]
    assert [r["label"] for r in part["runs"]] == ["2022", "2023"]
    assert part["overall"] == part["last"] and (part["last"]["from"], part["last"]["to"]) == ("2022", "2023")
    # Without a second run of the series before it, no Growth section.
    assert "growth" not in report_document(grown, run="2022")


def test_a_single_run_has_no_growth_section(runner):
    g = nx.florentine_families_graph()
    write_graph(runner, [entity_row(f"f:{v}", "Person", v) for v in g],
                [tie_row(f"f:{a}", f"f:{b}", "KNOWS") for a, b in g.edges()], Provenance("florentine"))
    run_analysis(runner, "all")
    # A run of another scope does not make a series with it.
    run_analysis(runner, "all", Scope(kinds=["Person"], types=["KNOWS"]))
    document = report_document(runner)
    assert "growth" not in document and "growth" not in report_document(runner, "json")
    for lang in ("en", "fr"):
        html, markdown = render(document, lang, "html"), render(document, lang, "md")
        assert not growth_section(html).found and 'href="#growth"' not in html
        assert f"## {HEADING[lang]}" not in markdown
    # Two runs of the same scope make a series of two.
    run_analysis(runner, "all", Scope(kinds=["Person"], types=["KNOWS"]))
    part = report_document(runner)["growth"]
    assert len(part["runs"]) == 2 and part["steps"][0]["ties_added"] == 0 and part["added_pairs"] == []
