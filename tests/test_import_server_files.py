"""Batches of ties handed to netnp's local server as CSV files (netnp/serverfiles.py).

On netnp's own server the importer writes each batch of ties to a file in the
server's import directory and ``LOAD CSV`` reads it; any other server gets the
rows as query parameters. Both must build exactly the same graph, whatever the
values hold: quotes, backslashes before quotes, newlines, delimiters, accents,
numbers, booleans, lists, and ties repeated across batches.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import random

import pytest

from netnp import database, schema, serverfiles
from netnp.errors import ModuleError
from netnp.importing import import_files
from netnp.runner import Runner
from import_helpers import tie_properties

PROVENANCE = ("netnp_import_id", "netnp_imported_at", "netnp_source")
HOSTILE = ['a "quoted" word', 'ends with a backslash \\', 'backslash then quote \\"', "line one\nline two",
           "semi;colon, comma", "Élodie « guillemets » ✓", '{"looks": "like json"}', "  spaces kept  ", "'; DROP"]


def _document(seed: int) -> dict:
    """A node-link graph of 60 people and 700 ties (some repeated with new values), with typed properties."""
    rng = random.Random(seed)
    nodes = [{"id": f"p:{i}", "kind": "person", "name": rng.choice(HOSTILE)} for i in range(60)]
    links = []
    for _ in range(600):
        a, b = rng.sample(range(60), 2)
        links.append({"source": f"p:{a}", "target": f"p:{b}", "type": rng.choice(["KNOWS", "FOLLOWS"]),
                      "channel": rng.choice(["email", "twitter", "a\\\"b"]), "weight": rng.choice([1, 2.5, 7]),
                      "since": rng.choice([None, "2021-09-01"]), "note": rng.choice(HOSTILE + [None]),
                      "count": rng.randint(-5, 10**12), "ratio": rng.random(), "active": rng.random() < 0.5,
                      "tags": rng.sample(["a", "b,c", 'd"e'], 2)})
    for _ in range(100):
        again = dict(rng.choice(links))
        again.update(weight=rng.randint(1, 9), note=rng.choice(HOSTILE + [None]))
        links.insert(rng.randrange(len(links)), again)
    return {"nodes": nodes, "links": links}


def _ties(runner: Runner) -> dict:
    return {key: {k: v for k, v in props.items() if k not in PROVENANCE}
            for key, props in tie_properties(runner).items()}


def _parameter_runner(runner: Runner) -> Runner:
    return Runner(dataclasses.replace(runner.settings, import_dir=None), runner.modules)


def test_files_and_parameters_build_the_same_graph(runner, tmp_path, monkeypatch):
    assert serverfiles.import_folder(runner) is not None, "the suite's local server must take files"
    path = tmp_path / "graph.json"
    path.write_text(json.dumps(_document(seed=5), ensure_ascii=False), encoding="utf-8")
    written = []
    original = serverfiles.ImportFolder.ties_file

    def recording(self, rows):
        written.append(len(rows))
        return original(self, rows)

    monkeypatch.setattr(serverfiles.ImportFolder, "ties_file", recording)
    graphs = []
    for make_runner in (lambda r: r, _parameter_runner):
        database.reset(runner)
        schema.apply_schema(runner)
        with_files = make_runner(runner)
        report = import_files(with_files, graphs=[path], batch_size=50)
        assert report.ties_written == 700
        graphs.append(_ties(with_files))
        # importing again, every tie is looked up and updated in place
        import_files(with_files, graphs=[path], batch_size=50)
        assert _ties(with_files) == graphs[-1]
    assert sum(written) > 1000, "the file path wrote the batches after the first (twice 600 rows at least)"
    assert graphs[0] == graphs[1]
    values = {v for props in graphs[0].values() for v in props.values() if isinstance(v, str)}
    assert {'backslash then quote \\"', "line one\nline two", "  spaces kept  "} <= values
    assert any(isinstance(p.get("count"), int) and p["count"] > 2**31 for p in graphs[0].values())
    assert any(p.get("active") is True for p in graphs[0].values())
    assert any(p.get("tags") and 'd"e' in p["tags"] for p in graphs[0].values())
    assert not list(serverfiles.import_folder(runner).path.glob("netnp-ties-*.csv")), "files are deleted"


def test_a_server_reading_another_folder_gets_parameters(runner, tmp_path):
    elsewhere = Runner(dataclasses.replace(runner.settings, import_dir=str(tmp_path)), runner.modules)
    assert serverfiles.import_folder(elsewhere) is None
    assert serverfiles.import_folder(_parameter_runner(runner)) is None


def test_a_failed_batch_leaves_no_file_behind(runner, tmp_path, monkeypatch):
    nodes = tmp_path / "nodes.csv"
    nodes.write_text("id,kind\n" + "".join(f"p:{i},person\n" for i in range(100)), encoding="utf-8")
    edges = tmp_path / "edges.csv"
    edges.write_text("source,target,type\n" + "".join(f"p:{i},p:{(i * 7 + 1) % 100},KNOWS\n" for i in range(100))
                     + "".join(f"p:{i},p:{(i * 3 + 2) % 100},FOLLOWS\n" for i in range(100)), encoding="utf-8")
    folder = serverfiles.import_folder(runner).path
    calls = []
    original = serverfiles.ImportFolder.ties_file

    def failing(self, rows):
        calls.append(len(rows))
        with original(self, rows) as url:
            assert list(folder.glob("netnp-ties-*.csv"))  # the batch is on disk while it is read
            raise ModuleError("the server went away")
            yield url  # pragma: no cover

    monkeypatch.setattr(serverfiles.ImportFolder, "ties_file", contextlib.contextmanager(failing))
    with pytest.raises(ModuleError, match="went away"):
        import_files(runner, nodes=nodes, edges=edges, batch_size=10)
    assert calls
    assert not list(folder.glob("netnp-ties-*.csv"))
