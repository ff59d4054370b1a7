"""Versioned schema: the numbered modules under ``netnp/cypher/schema/``.

Each file ``netnp/cypher/schema/NNNN_what.cypher`` holds one idempotent statement
(``CREATE … IF NOT EXISTS``). :func:`apply_schema` runs, in order, the files
numbered above the version recorded in the graph, then records the newest
number, so ``netnp db init`` can run any number of times.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from netnp import __version__
from netnp.errors import ModuleError
from netnp.modules import Module
from netnp.runner import Runner, ServerRefused

_SCHEMA_NAME = re.compile(r"^schema/(\d{4})_[a-z0-9_]+$")


@dataclass
class SchemaReport:
    before: int
    after: int
    applied: list[str]


def schema_modules(runner: Runner) -> list[tuple[int, Module]]:
    """The schema modules, ordered by their number."""
    found = []
    for name in runner.modules.names("schema/"):
        match = _SCHEMA_NAME.match(name)
        if not match:
            raise ModuleError(f"schema module '{name}' must be named schema/NNNN_what (four digits, lower case)")
        found.append((int(match.group(1)), runner.modules.get(name)))
    found.sort(key=lambda item: item[0])
    numbers = [n for n, _ in found]
    if len(set(numbers)) != len(numbers):
        raise ModuleError("two schema modules share a number")
    return found


def schema_version(runner: Runner) -> int:
    """The schema version recorded in the graph, 0 if none."""
    rows = runner.read("db/schema_version")
    return int(rows[0]["version"]) if rows else 0


def latest_version(runner: Runner) -> int:
    modules = schema_modules(runner)
    return modules[-1][0] if modules else 0


#: How long :func:`apply_schema` waits for new indexes to be populated.
INDEX_WAIT_SECONDS = 600


def apply_schema(runner: Runner) -> SchemaReport:
    """Apply the schema modules not applied yet, and wait until their indexes are online; idempotent.

    Every path that writes the graph (imports, samples, the crawler) calls it
    first, so that no query is planned before the indexes it needs exist:
    without the index on ``Entity.id``, every row of an import would scan
    every entity.
    """
    before = schema_version(runner)
    applied = []
    for number, module in schema_modules(runner):
        if number > before:
            try:
                runner.write(module)
            except ServerRefused as exc:
                # another process applying the schema at the same time created it first
                if not exc.code.endswith("Schema.EquivalentSchemaRuleAlreadyExists"):
                    raise
            applied.append(module.name)
    after = max(before, latest_version(runner))
    if applied:
        runner.read("db/await_indexes", seconds=INDEX_WAIT_SECONDS)
    if after != before:
        runner.write("db/record_schema_version", version=after, netnp=__version__)
    return SchemaReport(before, after, applied)
