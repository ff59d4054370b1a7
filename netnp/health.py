"""What server netnp is talking to: versions of Neo4j and its plugins, schema state."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from netnp import schema
from netnp.runner import Runner


@dataclass
class Versions:
    neo4j: str
    edition: str
    apoc: str | None
    gds: str | None


def versions(runner: Runner) -> Versions:
    """Versions of Neo4j, APOC and GDS (``None`` for a plugin that is missing)."""
    kernel = next(r for r in runner.read("health/components") if r["name"] == "Neo4j Kernel")
    present = {row["name"] for row in runner.read("health/plugin_functions")}
    apoc = runner.read("health/apoc_version")[0]["version"] if "apoc.version" in present else None
    gds = runner.read("health/gds_version")[0]["version"] if "gds.version" in present else None
    return Versions(kernel["version"], kernel["edition"], apoc, gds)


def has_gds(runner: Runner) -> bool:
    return "gds.version" in {row["name"] for row in runner.read("health/plugin_functions")}


def check(runner: Runner) -> dict[str, Any]:
    """Everything ``netnp doctor`` reports, as one JSON-ready document.

    ``problems`` lists what needs fixing; empty means all is well.
    """
    info = runner.server_info()
    v = versions(runner)
    current, latest = schema.schema_version(runner), schema.latest_version(runner)
    problems = []
    if not v.neo4j.startswith("5.26."):
        problems.append(f"netnp is built and tested for Neo4j 5.26 LTS; this server runs {v.neo4j}")
    if v.apoc is None:
        problems.append("the APOC plugin is missing: some imports and fallbacks need it")
    if current < latest:
        problems.append(f"the schema is at version {current}, netnp's is {latest}: run `netnp db init`")
    return {
        "uri": runner.settings.uri,
        "database": runner.settings.database or "(default)",
        "local_server": runner.settings.local,
        "server": info,
        "versions": asdict(v),
        "schema": {"version": current, "latest": latest},
        "gds_fallback": v.gds is None,
        "problems": problems,
    }
