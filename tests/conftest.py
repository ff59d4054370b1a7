"""A real Neo4j for the tests, never a mock.

The session's server is, in this order:

1. the one ``NEO4J_URI`` (with ``NEO4J_USERNAME``, ``NEO4J_PASSWORD``,
   ``NEO4J_DATABASE``) points to;
2. testcontainers' Neo4j 5.26 container with APOC and GDS, if a Docker engine answers;
3. netnp's own local server, in a temporary folder on free ports.

Each test that uses ``runner`` starts from an empty graph with the schema
applied and no GDS projection left over.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from netnp import database, schema
from netnp.config import ConnectionSettings
from netnp.localserver.server import LocalServer, free_port
from netnp.runner import Runner

NEO4J_IMAGE = "neo4j:5.26-community"


def _docker_answers() -> bool:
    try:
        import docker

        docker.from_env(timeout=3).ping()
        return True
    except Exception:
        return False


@pytest.fixture(scope="session")
def neo4j_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ConnectionSettings]:
    """Connection settings of the session's real Neo4j server."""
    uri = os.environ.get("NEO4J_URI")
    if uri:
        yield ConnectionSettings(
            uri, os.environ.get("NEO4J_USERNAME", "neo4j"), os.environ["NEO4J_PASSWORD"],
            os.environ.get("NEO4J_DATABASE") or None,
        )
        return
    if _docker_answers():
        from testcontainers.neo4j import Neo4jContainer

        container = Neo4jContainer(NEO4J_IMAGE, password="netnp-test-password")
        container.with_env("NEO4J_PLUGINS", '["apoc", "graph-data-science"]')
        container.with_env("NEO4J_dbms_security_procedures_unrestricted", "apoc.*,gds.*")
        with container:
            yield ConnectionSettings(container.get_connection_url(), "neo4j", "netnp-test-password")
        return
    server = LocalServer(tmp_path_factory.mktemp("neo4j-home"))
    server.configure(bolt_port=free_port(), http_port=free_port(), heap="2g", pagecache="512m")
    server.start()
    try:
        yield server.connection()
    finally:
        server.stop()


@pytest.fixture(scope="session")
def session_runner(neo4j_settings: ConnectionSettings) -> Iterator[Runner]:
    with Runner(neo4j_settings) as runner:
        schema.apply_schema(runner)
        yield runner


@pytest.fixture
def runner(session_runner: Runner) -> Iterator[Runner]:
    """A runner on an empty graph (schema kept); cleaned again afterwards."""
    database.reset(session_runner)
    schema.apply_schema(session_runner)
    yield session_runner
    database.reset(session_runner)


@pytest.fixture
def repo_root() -> Path:
    return Path(__file__).resolve().parent.parent
