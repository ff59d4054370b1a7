"""The Cypher module loader, and every module of netnp/cypher/ against a real server."""

from pathlib import Path

import pytest

from netnp.errors import ModuleError
from netnp.modules import ModuleLibrary, library, parameters_used, parse_module

GOOD = """// Counts the people of one city.
// A second line of description.
//
// Parameters:
//   $city: the city. Example: "Lyon"
//   $limit: how many rows at most. Example: 10
//
// Returns: one row: people.
// Mode: read
MATCH (p:Person {city: $city})
WITH p LIMIT $limit
RETURN count(p) AS people
"""


def test_header_is_parsed_into_summary_parameters_and_mode():
    m = parse_module("people/by_city", Path("by_city.cypher"), GOOD)
    assert m.summary == "Counts the people of one city."
    assert [(p.name, p.example) for p in m.parameters] == [("city", "Lyon"), ("limit", 10)]
    assert m.returns == "one row: people."
    assert not m.writes and not m.needs_autocommit
    assert m.text.startswith("MATCH")


@pytest.mark.parametrize(
    "mutation, message",
    [
        (lambda s: s.replace("//   $limit: how many rows at most. Example: 10\n", ""), "not documented in the header: limit"),
        (lambda s: s.replace("WITH p LIMIT $limit", "WITH p LIMIT 5"), "documented but not used by the query: limit"),
        (lambda s: s.replace("Example: 10", "Example: ten"), "is not JSON"),
        (lambda s: s.replace("// Mode: read\n", ""), "Mode: read"),
        (lambda s: s.replace("// Returns: one row: people.\n", ""), "Returns:"),
        (lambda s: s.replace("RETURN count(p) AS people", "SET p.seen = true RETURN count(p) AS people"), "writes"),
        (lambda s: s.replace("// Parameters:\n", ""), "'Parameters:'"),
        (lambda s: "MATCH (n) RETURN n", "'//' header"),
    ],
)
def test_malformed_modules_are_refused_with_file_and_line(mutation, message):
    with pytest.raises(ModuleError) as err:
        parse_module("x", Path("netnp/cypher/x.cypher"), mutation(GOOD))
    assert message in str(err.value)
    assert str(err.value).startswith("netnp/cypher/x.cypher:")


def test_parameters_in_strings_and_comments_are_not_parameters():
    text = "MATCH (n) WHERE n.url = 'https://x.org/$notparam' // $nor_this\n/* $nor_that */ RETURN n.`$quoted`, $real"
    assert parameters_used(text) == {"real"}


def test_missing_and_unknown_parameters_are_refused_before_the_server(tmp_path):
    m = parse_module("people/by_city", Path("by_city.cypher"), GOOD)
    with pytest.raises(ModuleError, match=r"needs parameter\(s\) limit; .*limit=10"):
        m.check_params({"city": "Lyon"})
    with pytest.raises(ModuleError, match=r"has no parameter\(s\) town"):
        m.check_params({"city": "Lyon", "limit": 1, "town": "x"})


def test_unknown_module_gets_a_did_you_mean():
    with pytest.raises(ModuleError, match=r"did you mean 'db/node_counts'"):
        library().get("db/node_count")


def test_every_module_in_the_repository_loads_with_a_complete_header():
    modules = list(library())
    assert len(modules) >= 10
    for m in modules:
        assert m.summary and m.returns, m.name


def test_every_module_compiles_on_the_real_server_with_its_header_examples(runner):
    """EXPLAIN plans each module with its documented examples: syntax, procedures,
    functions and parameters are checked by Neo4j itself, so a header cannot lie."""
    for m in library():
        operators = runner.explain(m, **m.examples)
        assert operators, m.name


def test_every_read_module_runs_on_an_empty_graph(runner):
    for m in library():
        if m.writes or m.name.startswith(("gds/", "health/apoc", "health/gds")):
            continue
        if any(step in m.text for step in ("gds.", "$graph_name")):
            continue  # needs a projection made by a write module first
        runner.read(m, **m.examples)


def test_a_write_in_a_read_transaction_is_refused_by_the_server(runner, tmp_path):
    """A module that slips a write past the loader (here through a procedure) is
    still stopped: read mode is a read transaction, enforced by Neo4j."""
    (tmp_path / "sneaky.cypher").write_text(
        "// Creates a node through APOC while claiming to read.\n//\n// Parameters: none\n//\n"
        "// Returns: one row: value.\n// Mode: read\n"
        "CALL apoc.cypher.doIt('CREATE (s:Sneaky) RETURN s', {}) YIELD value RETURN value\n"
    )
    sneaky = ModuleLibrary(tmp_path).get("sneaky")
    with pytest.raises(ModuleError, match="rerun with --write"):
        runner.run(sneaky, {}, write=False)
    runner.run(sneaky, {}, write=True)


def test_a_long_list_parameter_is_sent_whole_but_logged_by_its_length(runner, caplog):
    # the driver formats each query's parameters for its debug log, on or off:
    # the runner keeps that string short for import batches
    ids = [f"p:{i}" for i in range(5000)]
    runner.write("import/merge_entities", rows=[{"id": i, "kind": "Person", "name": i, "properties": {}}
                                               for i in ids[:300]],
                 provenance={"source": "t", "import_id": "t", "imported_at": "2026-12-01T00:00:00Z"})
    with caplog.at_level("DEBUG", logger="neo4j"):
        rows = runner.read("import/existing_ids", ids=ids)
    assert sorted(r["id"] for r in rows) == sorted(ids[:300])
    runs = [r.getMessage() for r in caplog.records if "C: RUN" in r.getMessage()]
    assert runs and all(len(m) < 2000 for m in runs), [len(m) for m in runs]
    assert any("<5000 items>" in m for m in runs)
