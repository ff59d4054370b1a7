"""netnp and Gephi, both ways, with the real Gephi toolkit (org.gephi:gephi-toolkit:0.10.1, classifier ``all``).

A network goes into Neo4j with netnp and is analysed and exported by the
command line; tests/gephi/GephiRoundTrip.java opens each export in Gephi as a
user does (File > Open, import settings untouched, so the edge type comes from
the file), runs Gephi's PageRank with "Use edge weight" ticked, and exports
Gephi's own GEXF and GraphML, which netnp imports back.

PageRank settings. Gephi's PageRank has a probability (the damping factor,
0.85 by default, as netnp's) and an epsilon: it stops at the first iteration
in which no score grew by epsilon of itself, 0.001 by default. netnp runs GDS
PageRank to a tolerance of 1e-10, so Gephi is given netnp's documented damping
and tolerance (``PAGERANK_DAMPING``, ``PAGERANK_TOLERANCE``); both then reach
the same fixed point as networkx's weighted PageRank, and scores agree to far
better than ``SCORE_TOLERANCE``.

The toolkit's jar comes from Maven Central, without its dependencies (they
are bundled in the ``all`` jar, and its parent pom names a repository that
is not reachable everywhere), once, into netnp's cache (``~/.cache/netnp``).
"""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
import pytest

from netnp import database
from netnp.analysis.steps import PAGERANK_DAMPING, PAGERANK_TOLERANCE
from netnp.localserver.distribution import cache_root

GEPHI_TOOLKIT = ("org.gephi", "gephi-toolkit", "0.10.1", "all")
PROGRAM = Path(__file__).with_name("gephi") / "GephiRoundTrip.java"
#: netnp's, networkx's and Gephi's PageRank, run to convergence, agree within this.
SCORE_TOLERANCE = 1e-6


def _first_error(output: str) -> str:
    errors = [line.removeprefix("[ERROR] ").strip() for line in output.splitlines()
              if line.startswith("[ERROR]") and line.strip() != "[ERROR]"]
    return errors[0] if errors else (output.strip().splitlines() or ["no output"])[-1]


@pytest.fixture(scope="session")
def gephi_toolkit() -> Path:
    """The Gephi toolkit jar, fetched from Maven Central into netnp's cache on first use."""
    group, artifact, version, classifier = GEPHI_TOOLKIT
    folder = cache_root() / "gephi"
    jar = folder / f"{artifact}-{version}-{classifier}.jar"
    if jar.is_file():
        return jar
    mvn = shutil.which("mvn")
    if mvn is None:
        pytest.fail(f"Maven (mvn) is needed to fetch {group}:{artifact}:{version}:jar:{classifier}; "
                    f"install it (apt-get install maven)")
    staging = folder / "partial"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    coordinates = f"{group}:{artifact}:{version}:jar:{classifier}"
    done = subprocess.run([mvn, "--batch-mode", "--no-transfer-progress", "dependency:copy",
                           f"-Dartifact={coordinates}", f"-DoutputDirectory={staging}", "-Dtransitive=false"],
                          capture_output=True, text=True, timeout=1800)
    fetched = staging / jar.name
    if done.returncode != 0 or not fetched.is_file():
        shutil.rmtree(staging, ignore_errors=True)
        pytest.fail(f"could not fetch {coordinates} from Maven Central with `mvn dependency:copy`: "
                    f"{_first_error(done.stdout + done.stderr)}")
    fetched.replace(jar)
    shutil.rmtree(staging, ignore_errors=True)
    return jar


@dataclass
class GephiRun:
    """What Gephi made of one file: see tests/gephi/GephiRoundTrip.java."""

    facts: dict[str, str] = field(default_factory=dict)
    issues: list[tuple[str, str]] = field(default_factory=list)
    pagerank: dict[str, float] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    edges: list[tuple[str, str, bool, float]] = field(default_factory=list)
    exported: dict[str, Path] = field(default_factory=dict)

    def flag(self, name: str) -> bool:
        return {"true": True, "false": False}[self.facts[name]]


@pytest.fixture(scope="session")
def gephi(gephi_toolkit: Path, tmp_path_factory: pytest.TempPathFactory):
    """A function that opens a file in Gephi and returns a :class:`GephiRun`."""
    classes = tmp_path_factory.mktemp("gephi-classes")
    for tool in ("javac", "java"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} (Java 17) is needed to run the Gephi toolkit")
    compiled = subprocess.run(["javac", "-cp", str(gephi_toolkit), "-d", str(classes), str(PROGRAM)],
                              capture_output=True, text=True, timeout=300)
    assert compiled.returncode == 0, compiled.stderr

    def run(path: Path, out_dir: Path) -> GephiRun:
        done = subprocess.run(
            ["java", "-Djava.awt.headless=true", "-cp", f"{gephi_toolkit}{os.pathsep}{classes}", "GephiRoundTrip",
             str(path), str(out_dir), repr(PAGERANK_DAMPING), repr(PAGERANK_TOLERANCE)],
            capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr[-3000:]
        result = GephiRun()
        for line in done.stdout.splitlines():
            what, *values = line.split("\t")
            if what == "issue":
                result.issues.append((values[0], values[1]))
            elif what == "pagerank":
                result.pagerank[values[0]] = float(values[1])
            elif what == "label":
                result.labels[values[0]] = values[1]
            elif what == "edge":
                result.edges.append((values[0], values[1], values[2] == "true", float(values[3])))
            elif what == "exported":
                exported = Path(values[0])
                result.exported[exported.suffix] = exported
            else:
                result.facts[what] = values[0]
        return result

    return run


def netnp(runner, *args: str) -> subprocess.CompletedProcess:
    """The netnp command line on the test's server, as a user runs it."""
    settings = runner.settings
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env.update(NEO4J_URI=settings.uri, NEO4J_USERNAME=settings.user, NEO4J_PASSWORD=settings.password)
    if settings.database:
        env["NEO4J_DATABASE"] = settings.database
    done = subprocess.run([sys.executable, "-m", "netnp", *args], capture_output=True, text=True, env=env, timeout=600)
    return done


def _ok(done: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def _stored_pagerank(runner) -> dict[str, float]:
    return {row["id"]: row["properties"]["netnp_pagerank"] for row in runner.read("export/nodes")}


def _stored_pairs(runner) -> dict[frozenset[str], float]:
    """Total tie weight per unordered pair of entities."""
    pairs: dict[frozenset[str], float] = {}
    for row in runner.read("export/ties"):
        pair = frozenset((row["source"], row["target"]))
        pairs[pair] = pairs.get(pair, 0.0) + row["properties"]["weight"]
    return pairs


def test_gephi_reads_netnp_exports_as_undirected_and_agrees_on_weighted_pagerank(runner, gephi, tmp_path):
    lesmis = nx.les_miserables_graph()
    oracle = {f"lesmis:{n}": score for n, score in nx.pagerank(lesmis, alpha=PAGERANK_DAMPING, weight="weight",
                                                                 tol=1e-12, max_iter=1000).items()}
    _ok(netnp(runner, "sample", "lesmis"))
    _ok(netnp(runner, "analyze", "all"))
    ours = _stored_pagerank(runner)
    assert ours.keys() == oracle.keys()
    assert max(abs(ours[n] - oracle[n]) for n in oracle) < SCORE_TOLERANCE
    pairs = _stored_pairs(runner)
    assert len(pairs) == lesmis.number_of_edges()

    gephi_files = []
    for suffix in (".gexf", ".graphml"):
        exported = tmp_path / f"lesmis{suffix}"
        _ok(netnp(runner, "export", str(exported)))
        seen = gephi(exported, tmp_path)
        # Gephi reads every tie as undirected, and so its PageRank starts undirected, as netnp's run was.
        assert (seen.flag("undirected"), seen.flag("directed"), seen.flag("mixed")) == (True, False, False), seen.facts
        assert seen.flag("pagerank_directed") is False
        assert [issue for issue in seen.issues if issue[0] != "INFO"] == [], suffix
        assert (int(seen.facts["nodes"]), int(seen.facts["edges"])) == (lesmis.number_of_nodes(), len(pairs))
        assert seen.labels == {f"lesmis:{n}": n for n in lesmis}, suffix  # names, not ids, in Gephi's views
        assert not any(directed for _, _, directed, _ in seen.edges)
        assert {frozenset((a, b)): w for a, b, _, w in seen.edges} == pairs
        assert seen.pagerank.keys() == oracle.keys()
        worst = max(abs(seen.pagerank[n] - ours[n]) for n in ours)
        assert worst < SCORE_TOLERANCE, (suffix, worst)
        assert math.isclose(sum(seen.pagerank.values()), 1.0, abs_tol=1e-9)
        assert seen.exported.keys() == {".gexf", ".graphml"}
        gephi_files += sorted(seen.exported.values())

    # Gephi's own files (netnp's attributes, Gephi's PageRank, colours and positions)
    # go back into an empty graph with nothing rejected.
    for own in gephi_files:
        database.reset(runner)
        done = netnp(runner, "import", str(own), "--json")
        assert done.returncode == 0, f"{own.name}: {done.stdout} {done.stderr}"
        report = json.loads(done.stdout)
        assert report["rejected"] == 0, own.name
        counts = database.stats(runner)
        assert (counts["nodes"]["total"], counts["ties"]["total"]) == (lesmis.number_of_nodes(), len(pairs)), own.name
        assert _stored_pairs(runner) == pairs, own.name
        assert {row["id"]: row["kind"] for row in runner.read("export/nodes")} == {n: "Person" for n in oracle}


def test_gephi_takes_each_ties_own_direction(runner, gephi, tmp_path):
    """Without an analysis run, symmetric ties (PARTNERS_WITH) go out undirected, the others
    directed, and a tie's own ``directed`` property overrides both: Gephi sees a mixed graph."""
    florentine, davis = nx.florentine_families_graph(), nx.davis_southern_women_graph()
    _ok(netnp(runner, "sample", "florentine"))
    _ok(netnp(runner, "sample", "southern-women"))
    women = sorted(n for n, d in davis.nodes(data=True) if d["bipartite"] == 0)
    edges = tmp_path / "knows.csv"
    edges.write_text("source,target,type,directed\n"
                     f"davis:{women[0]},davis:{women[1]},FOLLOWS,false\n"
                     "florentine:Medici,florentine:Strozzi,PARTNERS_WITH,true\n", encoding="utf-8")
    _ok(netnp(runner, "import", "--edges", str(edges)))
    expected = {}
    for row in runner.read("export/ties"):
        own = row["properties"].get("directed")
        directed = own in (True, "true") if own is not None else row["type"] != "PARTNERS_WITH"
        expected[(row["source"], row["target"], row["type"], row["properties"]["channel"])] = directed
    # The marriages and the FOLLOWS tie declared undirected; the Medici–Strozzi alliance is declared directed.
    assert sum(not d for d in expected.values()) == florentine.number_of_edges() + 1

    for suffix in (".gexf", ".graphml"):
        exported = tmp_path / f"mixed{suffix}"
        _ok(netnp(runner, "export", str(exported)))
        seen = gephi(exported, tmp_path)
        assert (seen.flag("mixed"), seen.flag("directed"), seen.flag("undirected")) == (True, False, False), suffix
        assert [issue for issue in seen.issues if issue[0] != "INFO"] == [], suffix
        got = {}
        for source, target, directed, _ in seen.edges:
            got[(source, target) if directed else frozenset((source, target))] = directed
        want = {}
        for (source, target, _, _), directed in expected.items():
            want[(source, target) if directed else frozenset((source, target))] = directed
        assert got == want, suffix


TIMELINE = Path(__file__).with_name("gephi") / "GephiTimeline.java"


@pytest.fixture(scope="session")
def gephi_timeline(gephi_toolkit: Path, tmp_path_factory: pytest.TempPathFactory):
    """A function that opens a dynamic file in Gephi (tests/gephi/GephiTimeline.java) and returns what its
    timeline sees: facts, each element's intervals, and the elements of each window."""
    classes = tmp_path_factory.mktemp("gephi-timeline-classes")
    compiled = subprocess.run(["javac", "-cp", str(gephi_toolkit), "-d", str(classes), str(TIMELINE)],
                              capture_output=True, text=True, timeout=300)
    assert compiled.returncode == 0, compiled.stderr

    def run(path: Path, out_dir: Path, windows: list[tuple[str | None, str | None]]) -> dict:
        done = subprocess.run(
            ["java", "-Djava.awt.headless=true", "-cp", f"{gephi_toolkit}{os.pathsep}{classes}", "GephiTimeline",
             str(path), str(out_dir), *(f"{since or ''},{until or ''}" for since, until in windows)],
            capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr[-3000:]
        seen: dict = {"issues": [], "nodes": {}, "edges": {}, "window_nodes": {}, "window_edges": {}}
        for line in done.stdout.splitlines():
            what, *values = line.split("\t")
            if what == "issue":
                seen["issues"].append((values[0], values[1]))
            elif what == "node":
                seen["nodes"][values[0]] = values[1]
            elif what == "edge":
                seen["edges"][frozenset(values[:2])] = values[2]
            elif what == "window_node":
                seen["window_nodes"].setdefault(int(values[0]), set()).add(values[1])
            elif what == "window_edge":
                seen["window_edges"].setdefault(int(values[0]), set()).add(frozenset(values[1:3]))
            elif what in ("dynamic", "timeformat", "exported"):
                seen[what] = values[0]
        return seen

    return run


def test_gephi_plays_the_dynamic_gexf_of_dated_ties_as_netnp_windows_them(runner, gephi_timeline, tmp_path):
    """Les Misérables with a history of dated observations and since/until: in each window, Gephi's
    timeline shows the ties and people that a windowed analysis of netnp takes (docs/model.md)."""
    from test_analysis_windows import WINDOWS, _history, _load, _window_graph

    graph, history = _history()
    _load(runner, graph, history)
    before = {identity: {k: props.get(k) for k in ("observed", "observed_weight", "observed_key", "since", "until",
                                                   "weight")}
              for identity, props in _tie_properties(runner).items()}
    exported = tmp_path / "history.gexf"
    _ok(netnp(runner, "export", str(exported)))
    seen = gephi_timeline(exported, tmp_path, WINDOWS)
    assert (seen["dynamic"], seen["timeformat"]) == ("true", "DATE")
    assert [issue for issue in seen["issues"] if issue[0] != "INFO"] == []
    assert len(seen["edges"]) == graph.number_of_edges()
    # a tie with since/until and no observation is there over exactly that interval
    for (a, b), item in history.items():
        if not item["observed"] and item["since"]:
            assert seen["edges"][frozenset((f"n:{a}", f"n:{b}"))] == f"{item['since']}..{item['until'] or '-'}"
            break
    always_edges = {pair for pair, spells in seen["edges"].items() if not spells}
    always_nodes = {node for node, spells in seen["nodes"].items() if not spells}
    for index, (since, until) in enumerate(WINDOWS):
        window = _window_graph(history, since, until)
        # Gephi's timeline keeps the elements without time (its filter's default), besides those of the window
        shown_edges = seen["window_edges"].get(index, set()) | always_edges
        shown_nodes = seen["window_nodes"].get(index, set()) | always_nodes
        assert shown_edges == {frozenset((f"n:{a}", f"n:{b}")) for a, b in window.edges}, (since, until)
        assert shown_nodes == {f"n:{v}" for v in window.nodes}, (since, until)

    # Gephi's own GEXF of the workspace comes back with the same dated ties
    database.reset(runner)
    _ok(netnp(runner, "import", seen["exported"]))
    after = {identity: {k: props.get(k) for k in ("observed", "observed_weight", "observed_key", "since", "until",
                                                  "weight")}
             for identity, props in _tie_properties(runner).items()}
    assert after == before


def _tie_properties(runner) -> dict:
    def plain(value):
        return value.iso_format() if hasattr(value, "iso_format") else value

    return {(row["source"], row["type"], row["target"], row["properties"].get("channel")):
            {k: plain(v) for k, v in row["properties"].items()} for row in runner.read("export/ties")}
