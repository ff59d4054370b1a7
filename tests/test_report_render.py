"""Rendering the report from results documents computed with networkx (the oracle)."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path

import networkx as nx
import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from report_documents import clustered_graph, document_from_graph, florentine_document, karate_document

from netnp import model
from netnp.errors import NetnpError
from netnp.report import render, render_report
from netnp.report.i18n import LOCALE_DIR, Formatter
from netnp.report.render import TEMPLATES
from netnp.report.view import degree_chart, lorenz_at, lorenz_chart, network_view, report_view

EVIL = "<img src=x onerror=alert(1)>"


def _data(html: str) -> dict:
    return json.loads(re.search(r'<script type="application/json" id="netnp-data">(.*?)</script>', html, re.S).group(1))


def _with_evil_name(document: dict, index: int = 0) -> dict:
    document["nodes"][index]["name"] = EVIL
    return document


def test_html_is_self_contained_and_allows_only_its_own_script():
    html = render(karate_document(), "en")
    # No address outside the file: no src/href to another place, no url() in styles, no @import.
    assert not re.search(r'''(src|href)\s*=\s*["']?(?!#)[a-z]+:''', html, re.I)
    assert not re.search(r"(src|href)\s*=\s*[\"']?//", html, re.I)
    assert "url(" not in html and "@import" not in html
    scripts = re.findall(r"<script>(.*?)</script>", html, re.S)
    assert len(scripts) == 1
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode("utf-8")).digest()).decode()
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    assert "default-src 'none'" in policy and f"script-src 'sha256-{digest}'" in policy


def test_hostile_names_are_text_in_html_and_markdown():
    document = _with_evil_name(karate_document())
    document["nodes"][1]["name"] = "Bob | *bold* [link](x) </script><script>alert(2)</script>"
    html = render(document, "en")
    assert EVIL not in html and "<script>alert(2)" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    # In the embedded JSON the name survives intact for the page's script, with < > escaped.
    names = {n["name"] for n in _data(html)["nodes"]}
    assert EVIL in names and "\\u003cimg" in html
    md = render(document, "en", "md")
    assert EVIL not in md and "&lt;img src=x onerror=alert(1)&gt;" in md
    row = next(line for line in md.splitlines() if line.startswith("| Bob"))
    # The name's "|" cannot open a table column: every row of the hubs table has the header's cell count.
    assert row.count("|") - row.count("\\|") == 7
    assert "\\*bold\\*" in row and "\\[link\\]" in row


def test_english_and_french_come_from_the_same_templates_with_local_numbers():
    g = nx.karate_club_graph()
    document = karate_document()
    density = nx.density(g)
    en, fr = render(document, "en"), render(document, "fr")
    assert '<html lang="en">' in en and '<html lang="fr">' in fr
    assert "Weak ties" in en and "Liens faibles" in fr and "Weak ties" not in fr
    assert f"{density:.3f}" in en and f"{density:.3f}".replace(".", ",") in fr
    top2 = document["summary"]["concentration"]["top2"]
    assert f"{100 * top2:.1f}%" in en
    assert f"{100 * top2:.1f}".replace(".", ",") + "\u00a0%" in fr
    assert "November 25, 2026" in en and "25 novembre 2026" in fr
    same_structure = [re.findall(r"<(section|table|svg|canvas) ", page) for page in (en, fr)]
    assert same_structure[0] == same_structure[1]


def test_every_text_of_the_templates_has_a_french_translation_with_the_same_placeholders():
    mapping = [("**.j2", "jinja2.ext:babel_extract")]
    options = {"**.j2": {"extensions": "jinja2.ext.i18n", "newstyle_gettext": "true"}}
    msgids = {m[2] for m in extract_from_dir(str(TEMPLATES), method_map=mapping, options_map=options)}
    assert len(msgids) > 100
    with (LOCALE_DIR / "fr" / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        catalog = read_po(fh, locale="fr")
    missing = [m for m in msgids if not (catalog.get(m) and catalog.get(m).string)]
    assert missing == []
    for message in catalog:
        if message.id:
            assert sorted(re.findall(r"%\(\w+\)s|%%", message.id)) == sorted(re.findall(r"%\(\w+\)s|%%", message.string)), message.id


def test_every_rule_and_reason_the_analyses_write_has_a_french_translation():
    from netnp.analysis import recommend
    from netnp.analysis.roles import RULES

    with (LOCALE_DIR / "fr" / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        catalog = read_po(fh, locale="fr")
    source = Path(recommend.__file__).read_text(encoding="utf-8")
    reasons = {f"{what} not tied to the focus" for what in ("hub", "bridge", "hub and bridge")}
    reasons |= set(re.findall(r'"(weak tie that spans two clusters|local bridge: no shared contact)"', source))
    assert len(reasons) == 5
    for text in [*RULES.values(), *reasons]:
        assert catalog.get(text) and catalog.get(text).string, text


def test_numbers_and_dates_follow_the_language():
    en, fr = Formatter("en"), Formatter("fr")
    assert en.number(12345.678) == "12,345.678" and fr.number(12345.678) == "12\u202f345,678"
    assert en.percent(0.125) == "12.5%" and fr.percent(0.125) == "12,5\u00a0%"
    assert en.number(None) == "–"
    assert en.datetime("2026-11-25T10:00:00Z").startswith("November 25, 2026")
    assert fr.datetime("2026-11-25T10:00:00Z").startswith("25 novembre 2026")


def test_lorenz_chart_marks_the_top_two_percent():
    document = document_from_graph(nx.les_miserables_graph(), tie_type="APPEARS_WITH")
    concentration = document["summary"]["concentration"]
    chart = lorenz_chart(concentration)
    assert chart["top2"]["share"] == pytest.approx(concentration["top2"])
    # The curve is convex and under the diagonal: the marked point lies below the equality line.
    assert lorenz_at(concentration["lorenz"], 0.98) <= 0.98
    assert lorenz_at([[0, 0], [0.5, 0.1], [1, 1]], 0.75) == pytest.approx(0.55)
    big = {"lorenz": [[i / 100_000, (i / 100_000) ** 3] for i in range(100_001)], "top2": None}
    assert len(lorenz_chart(big)["curve"].split()) <= 241
    assert lorenz_chart(big)["top2"]["share"] == pytest.approx(1 - 0.98**3, abs=1e-4)


def test_degree_chart_is_log_log():
    g = nx.florentine_families_graph()
    histogram = nx.degree_histogram(g)
    distribution = [[k, c] for k, c in enumerate(histogram) if c]
    chart = degree_chart(distribution)
    assert [p["degree"] for p in chart["points"]] == [k for k, c in distribution if k >= 1]
    xs = [p["x"] for p in chart["points"]]
    assert xs == sorted(xs)
    # Equal ratios of degree are equal distances on a log axis.
    pos = {p["degree"]: p["x"] for p in chart["points"]}
    assert pos[2] - pos[1] == pytest.approx(pos[6] - pos[3], abs=0.2)
    assert [t["value"] for t in chart["xticks"]] == [1, 10]
    assert degree_chart([]) is None


def test_large_graphs_show_a_backbone_and_say_what_is_hidden():
    g, groups = clustered_graph(3000, group_size=300)
    document = document_from_graph(g, communities=groups, exact=False)
    view = network_view(document, document["ties"], {}, limit=200)
    pagerank = nx.pagerank(g)
    top = {f"n:{v}" for v in sorted(g, key=lambda v: -pagerank[v])[:200]}
    assert {n["id"] for n in view["nodes"]} == top
    ids = [n["id"] for n in view["nodes"]]
    drawn = {frozenset((ids[a], ids[b])) for a, b in view["edges"]}
    expected = {frozenset((f"n:{a}", f"n:{b}")) for a, b in g.subgraph(int(i[2:]) for i in top).edges()}
    assert drawn == expected
    assert view["hidden_nodes"] == 2800 and view["hidden_ties"] == g.number_of_edges() - len(expected)
    html = render(document, "en", limit=200)
    assert f"Shown: the 200 most influential nodes of 3,000, and the {len(expected):,} ties between them." in html
    assert "Not shown: 2,800 nodes and their ties." in html
    assert len(_data(html)["nodes"]) == 200
    # Tables are cut too: 25 rows at most.
    assert len(report_view(document)["clusters"]) == 10 and len(report_view(document)["hubs"]) <= 25


def test_layout_separates_clusters():
    g, groups = clustered_graph(600, group_size=200, seed=5)
    document = document_from_graph(g, communities=groups, exact=False)
    view = report_view(document, document["ties"])["network"]
    by_cluster: dict[int, list] = {}
    for n in view["nodes"]:
        by_cluster.setdefault(n["c"], []).append((n["x"], n["y"]))
    centres = {c: (sum(x for x, _ in p) / len(p), sum(y for _, y in p) / len(p)) for c, p in by_cluster.items()}
    spread = {c: sum(((x - centres[c][0]) ** 2 + (y - centres[c][1]) ** 2) ** 0.5 for x, y in p) / len(p)
              for c, p in by_cluster.items()}
    gaps = [((centres[a][0] - centres[b][0]) ** 2 + (centres[a][1] - centres[b][1]) ** 2) ** 0.5
            for a in centres for b in centres if a < b]
    # Members sit nearer their own cluster's centre than clusters' centres are to each other.
    assert min(gaps) > max(spread.values())


def test_markdown_and_json_formats(tmp_path):
    document = florentine_document()
    md = render_report(document, tmp_path / "r.md", lang="en", fmt="md").read_text(encoding="utf-8")
    medici = max(document["nodes"], key=lambda n: n["betweenness"])
    assert medici["name"] == "Medici"  # Padgett: the Medici are the brokers
    assert md.startswith("# Network report – Strozzi") and "| Medici |" in md
    for heading in ("## Overview", "## Hubs", "## Core and concentration", "## Clusters", "## Bridging periphery",
                    "## Weak ties", "## Recommendations", "## Data provenance"):
        assert heading in md
    out = render_report(document, tmp_path / "r.json", fmt="json")
    assert json.loads(out.read_text(encoding="utf-8")) == document


def test_recommendations_without_a_focus_say_how_to_get_them():
    g = nx.karate_club_graph()
    document = document_from_graph(g)
    document["recommendations"] = None
    html = render(document, "en")
    assert "No focal organisation was chosen" in html and "--focus" in html


def test_bad_requests_fail_in_one_line_and_write_nothing(tmp_path):
    document = karate_document()
    with pytest.raises(NetnpError, match="unknown report language 'de'"):
        render_report(document, tmp_path / "r.html", lang="de")
    with pytest.raises(NetnpError, match="unknown report format 'pdf'"):
        render_report(document, tmp_path / "r.pdf", fmt="pdf")
    with pytest.raises(NetnpError, match="lacks summary"):
        render_report({k: v for k, v in document.items() if k != "summary"}, tmp_path / "r.html")
    with pytest.raises(NetnpError, match="does not exist"):
        render_report(document, tmp_path / "no" / "r.html")
    (tmp_path / "folder").mkdir()
    with pytest.raises(NetnpError, match="it is a folder"):
        render_report(document, tmp_path / "folder")
    assert list((tmp_path / "folder").iterdir()) == []
    (tmp_path / "folder").rmdir()
    assert list(tmp_path.iterdir()) == []


def test_report_file_replaces_an_old_one_whole(tmp_path):
    target = tmp_path / "report.html"
    target.write_text("old")
    path = render_report(karate_document(), target)
    assert path == target.resolve() and path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]
    assert Path(path).stat().st_mode & 0o044  # readable by others, like any file the user writes


def test_measures_that_could_not_be_computed_show_as_missing():
    document = document_from_graph(nx.florentine_families_graph())
    for key in ("concentration", "degree_distribution", "modularity", "communities", "density"):
        document["summary"][key] = None
    for node in document["nodes"]:
        node.update(pagerank=None, betweenness=None, community=None, roles=[])
    document.update(communities=[], weak_ties=[], recommendations=None)
    document["run"]["finished_at"] = None
    for fmt in ("html", "md"):
        for lang in ("en", "fr"):
            text = render(document, lang, fmt)
            assert "–" in text
    html = render(document, "en")
    assert "No Lorenz curve was computed." in html and "No degree distribution was computed." in html
    assert "No node stands out enough to be called a hub." in html and "No weak tie was found." in html
    assert len(_data(html)["nodes"]) == 15


def test_roles_show_in_the_model_order_whatever_order_the_document_lists_them_in():
    document = karate_document()
    top = max(document["nodes"], key=lambda n: n["pagerank"])
    top["roles"] = ["Mentor", *reversed(model.ROLE_LABELS)]  # a role the model does not know comes last
    shown = [*model.ROLE_LABELS, "Mentor"]
    rows = [line for line in render(document, "en", "md").splitlines() if "Mentor" in line]
    assert rows and all(line.rstrip(" |").endswith(", ".join(shown)) for line in rows)
    html = render(document, "en")
    assert next(n for n in _data(html)["nodes"] if n["id"] == top["id"])["roles"] == shown
    spans = re.findall(r'<span class="role role-(\w+)">', html)
    assert "Mentor" in spans
    listed = spans[spans.index("Mentor") - len(model.ROLE_LABELS):spans.index("Mentor") + 1]
    assert listed == shown
