"""netnp's GraSS style in the real Neo4j Browser that netnp's local server serves.

A headless Debian Chromium, driven by Playwright, opens the Browser at
``LocalServer.browser_url``, connects over Bolt, applies the output of
``netnp browser-style`` (typed after ``:style`` in the editor, pasted from the
clipboard, or dropped as a ``.grass`` file), and runs queries on an analysed
graph. The tests read what Browser drew: the fill of each node's circle and the
type of each relationship (the data D3 binds to the SVG elements), and compare
them with the roles in the results document.

The synthetic association sample is used because it holds the three node kinds,
with and without roles, so that both the role colours and the kind colours show.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from netnp import analysis, database, samples, schema
from netnp.analysis.style import KIND_COLOURS, NODE_RULES, ROLE_COLOURS, browser_style
from netnp.localserver.server import LocalServer
from netnp.model import ENTITY_LABEL, KINDS, ROLE_LABELS
from netnp.runner import Runner

# This machine's network is closed: nothing may try to reach Google's services.
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]

#: The documented precedence of the roles, strongest first (docs/analysis.md).
ROLE_PRECEDENCE = ("Hub", "Bridge", "Core", "Periphery")

#: What Browser drew in the newest result frame: each node's labels, id and fill,
#: and each relationship's type, fill and caption, from the SVG groups and the
#: data D3 binds to them.
DRAWN = """() => {
  const frame = document.querySelector('[data-testid=frame]');
  return {
    nodes: [...frame.querySelectorAll('g.node')].map(g => ({
      labels: g.__data__.labels, id: g.__data__.propertyMap.id,
      fill: g.querySelector('circle.b-outline').getAttribute('fill')})),
    relationships: [...frame.querySelectorAll('g.relationship')].map(g => ({
      type: g.__data__.type, fill: g.querySelector('path.b-outline').getAttribute('fill'),
      caption: g.textContent})),
  };
}"""

FRAMES = "document.querySelectorAll('[data-testid=frame]').length"
# Browser's banner when its view throws, in place of every frame.
CRASH = "Something went wrong"

HUB_QUERY = "MATCH (n:Hub) RETURN n LIMIT 5"
MIXED_QUERY = "MATCH (n:NetnpAnalysed) RETURN n"
# Nodes joined by KNOWS ties: Browser's "Connect result nodes" adds the ties between them.
NEIGHBOURS_QUERY = "MATCH (a:Person)-[:KNOWS]-(b:Person) RETURN a, b LIMIT 40"


def documented_query(title: str) -> str:
    """The Cypher that docs/analysis.md gives under the comment ``// <title>``."""
    text = (Path(__file__).resolve().parent.parent / "docs" / "analysis.md").read_text(encoding="utf-8")
    match = re.search(rf"^// {re.escape(title)}\n(.+?)\n\n", text, flags=re.M | re.S)
    assert match, f"docs/analysis.md has no query titled {title!r}"
    return " ".join(match.group(1).split())


def expected_fill(node: dict) -> str:
    """The colour a node of the results document must show: its strongest role's, else its kind's."""
    for role in ROLE_PRECEDENCE:
        if role in node["roles"]:
            return ROLE_COLOURS[role]
    return KIND_COLOURS[node["kind"]]


# -- the grammar Browser accepts (grassUtils.parseGrassCSS, GraphStyleModel) --------
# One rule a line; a value holds no ";" or ":" (Browser splits on them), and braces
# only inside a quoted caption.
RULE_LINE = re.compile(r'^(node|relationship)\.([A-Za-z_][A-Za-z0-9_]*) '
                       r'\{((?: [a-z-]+: (?:[^;:{}"\s]+|"[^;:"]*");)+) \}$')


def test_style_is_in_the_grammar_that_browser_parses():
    text = browser_style()
    assert ":style" not in text and "/*" not in text and "//" not in text
    assert text.endswith("\n")
    lines = text.splitlines()
    parsed = [RULE_LINE.match(line) for line in lines]
    assert all(parsed), [line for line, m in zip(lines, parsed, strict=True) if not m]
    assert text.count("{") - text.count('"{') == len(lines) and text.count("}") - text.count('}"') == len(lines)
    node_rules = [m.group(2) for m in parsed if m.group(1) == "node"]
    relationship_rules = [m.group(2) for m in parsed if m.group(1) == "relationship"]
    assert len(set(node_rules)) == len(node_rules)
    assert {ENTITY_LABEL, "NetnpAnalysed", "NetnpMeta", *KINDS, *ROLE_LABELS} <= set(node_rules)
    # The analysis adds no relationship: the user's ties keep Browser's own styling.
    assert relationship_rules == []
    # Browser has no specificity: the later rule wins, so every kind precedes every
    # role, and the roles come in the documented order, Hub last.
    roles_in_order = [label for label in node_rules if label in ROLE_LABELS]
    assert roles_in_order == list(reversed(ROLE_PRECEDENCE))
    assert max(node_rules.index(k) for k in (ENTITY_LABEL, "NetnpAnalysed", *KINDS)) < node_rules.index("Periphery")
    # A label without its own colour and caption gets one appended by Browser, after the roles.
    for match in parsed:
        if match.group(1) == "node":
            assert " color: #" in match.group(3) and ' caption: "{' in match.group(3), match.group(0)
    assert len(set(ROLE_COLOURS.values()) | set(KIND_COLOURS.values())) == len(ROLE_LABELS) + len(KINDS)
    assert [label for label, _ in NODE_RULES] == node_rules


def test_cli_writes_and_prints_the_same_style(tmp_path):
    out = tmp_path / "netnp.grass"
    written = subprocess.run([sys.executable, "-m", "netnp", "browser-style", "-o", str(out)],
                             capture_output=True, text=True, timeout=120)
    printed = subprocess.run([sys.executable, "-m", "netnp", "browser-style"], capture_output=True, text=True,
                             timeout=120)
    assert written.returncode == 0 and printed.returncode == 0, written.stderr + printed.stderr
    assert out.read_text(encoding="utf-8") == printed.stdout == browser_style()


# -- the real Browser ----------------------------------------------------------------
@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    executable = shutil.which("chromium")
    assert executable, "Debian's chromium package is missing: apt-get install -y chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="module")
def analysed(own_local_server: LocalServer) -> Iterator[tuple[LocalServer, dict]]:
    """The local server that serves the Browser (the session's when netnp provides
    it), holding the analysed association sample; and the results document."""
    with Runner(own_local_server.connection()) as runner:
        database.reset(runner)
        schema.apply_schema(runner)
        samples.load_sample(runner, "association", size=300)
        analysis.run_analysis(runner, "all")
        try:
            yield own_local_server, analysis.results(runner)
        finally:
            database.reset(runner)


class BrowserPage:
    """One fresh Browser session (its own local storage) in a page of the shared Chromium."""

    def __init__(self, chromium: Browser, server: LocalServer):
        self.context = chromium.new_context(viewport={"width": 1400, "height": 1000})
        self.context.grant_permissions(["clipboard-read", "clipboard-write"])
        self.page: Page = self.context.new_page()
        self.page.set_default_timeout(60_000)
        self.errors: list[str] = []
        self.page.on("pageerror", lambda error: self.errors.append(f"{error}"))
        self.page.on("console", self._console)
        # Browser asks Google for its fonts; the request is refused at once rather than left to time out.
        self.page.route(lambda url: not url.startswith("http://127.0.0.1:"), lambda route: route.abort())
        self.page.goto(server.browser_url)
        self.page.get_by_test_id("bolt-scheme-select").select_option("bolt://")
        self.page.get_by_test_id("boltaddress").fill(server.bolt_uri.removeprefix("bolt://"))
        self.page.get_by_test_id("username").fill("neo4j")
        self.page.get_by_test_id("password").fill(server.password())
        self.page.get_by_test_id("connect").click()
        self.page.get_by_text("You are connected as user neo4j").wait_for()

    def _console(self, message) -> None:
        if message.type == "error" and "Failed to load resource" not in message.text:
            self.errors.append(message.text)

    def run(self, command: str, how: str = "type") -> None:
        """Enter a command in the editor (typed as one input and run with the Run button, or
        pasted and run with Ctrl+Enter), and wait for its frame."""
        frames = self.page.evaluate(FRAMES)
        self.page.get_by_test_id("activeEditor").click()
        self.page.keyboard.press("Control+A")
        self.page.keyboard.press("Delete")
        if how == "paste":
            head, _, tail = command.partition(" ")
            self.page.keyboard.type(head + " ")
            self.page.evaluate("text => navigator.clipboard.writeText(text)", tail)
            self.page.keyboard.press("Control+V")
            self.page.keyboard.press("Control+Enter")
        else:
            self.page.keyboard.insert_text(command)
            self.page.get_by_test_id("editor-Run").click()
        self.page.wait_for_function(f"n => {FRAMES} > n || document.body.innerText.includes('{CRASH}')", arg=frames)
        self.assert_not_crashed()

    def graph(self, query: str) -> dict:
        """Run a query and read the graph Browser drew for it."""
        self.run(query)
        self.page.wait_for_function(f"""() => document.querySelector('[data-testid=frame]')?.querySelector('g.node')
            || document.body.innerText.includes('{CRASH}')""")
        self.assert_not_crashed()
        return self.page.evaluate(DRAWN)

    def drop_file(self, path: Path) -> None:
        """Drop a file onto Browser as a user drags it from the desktop."""
        frames = self.page.evaluate(FRAMES)
        transfer = self.page.evaluate_handle(
            "([name, text]) => { const t = new DataTransfer(); t.items.add(new File([text], name)); return t; }",
            [path.name, path.read_text(encoding="utf-8")])
        self.page.dispatch_event(".filedrop", "dragenter", {"dataTransfer": transfer})
        self.page.dispatch_event(".filedrop", "drop", {"dataTransfer": transfer})
        self.page.wait_for_function(f"n => {FRAMES} > n || document.body.innerText.includes('{CRASH}')", arg=frames)
        self.assert_not_crashed()

    def newest_frame_text(self) -> str:
        return self.page.get_by_test_id("frame").first.inner_text()

    def assert_not_crashed(self) -> None:
        assert CRASH not in self.page.inner_text("body"), self.errors

    def assert_healthy(self) -> None:
        self.assert_not_crashed()
        assert self.errors == []

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def browser_page(chromium, analysed) -> Iterator[BrowserPage]:
    session = BrowserPage(chromium, analysed[0])
    try:
        yield session
    finally:
        session.close()


def assert_roles_coloured(drawn: dict, document: dict) -> None:
    nodes = {node["id"]: node for node in document["nodes"]}
    assert drawn["nodes"]
    wrong = [(n["id"], n["labels"], n["fill"], expected_fill(nodes[n["id"]]))
             for n in drawn["nodes"] if n["fill"] != expected_fill(nodes[n["id"]])]
    assert wrong == []


@pytest.mark.neo4j
@pytest.mark.parametrize("how", ["type", "paste"])
def test_style_entered_after_colon_style_colours_the_roles(browser_page, analysed, how):
    _, document = analysed
    browser_page.run(":style " + browser_style(), how=how)
    style_frame = browser_page.newest_frame_text()
    assert "InvalidGrassError" not in style_frame and "node.Hub" in style_frame

    hubs = browser_page.graph(HUB_QUERY)
    hub_ids = sorted(node["id"] for node in document["nodes"] if "Hub" in node["roles"])
    drawn_hubs = {node["id"] for node in hubs["nodes"]}
    assert hub_ids and drawn_hubs <= set(hub_ids) and len(drawn_hubs) == min(5, len(hub_ids))
    assert {node["fill"] for node in hubs["nodes"]} == {ROLE_COLOURS["Hub"]}

    mixed = browser_page.graph(MIXED_QUERY)
    assert len(mixed["nodes"]) == len(document["nodes"])
    assert_roles_coloured(mixed, document)
    shown = {fill for fill in (node["fill"] for node in mixed["nodes"])}
    assert shown == {expected_fill(node) for node in document["nodes"]}
    browser_page.assert_healthy()


@pytest.mark.neo4j
def test_browser_draws_only_the_users_ties_after_an_analysis(browser_page, analysed):
    browser_page.run(":style " + browser_style())
    # Browser's default draws every relationship between the result nodes: the analysis added none.
    neighbours = browser_page.graph(NEIGHBOURS_QUERY)
    types = {t["type"] for t in neighbours["relationships"]}
    assert "KNOWS" in types and not {t for t in types if t.startswith("NETNP_")}
    hubs_and_ties = browser_page.graph(documented_query("the hubs and their ties"))
    types = {t["type"] for t in hubs_and_ties["relationships"]}
    assert types and not {t for t in types if t.startswith("NETNP_")}
    assert_roles_coloured(hubs_and_ties, analysed[1])
    browser_page.assert_healthy()


@pytest.mark.neo4j
def test_grass_file_dropped_onto_browser_colours_the_roles(browser_page, analysed, tmp_path):
    grass = tmp_path / "netnp.grass"
    done = subprocess.run([sys.executable, "-m", "netnp", "browser-style", "-o", str(grass)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    browser_page.drop_file(grass)
    style_frame = browser_page.newest_frame_text()
    assert "node.Hub" in style_frame and ROLE_COLOURS["Hub"] in style_frame

    assert_roles_coloured(browser_page.graph(MIXED_QUERY), analysed[1])
    browser_page.assert_healthy()
