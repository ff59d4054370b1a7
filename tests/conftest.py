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

import pytest

from netnp import database, schema
from netnp.config import ConnectionSettings
from netnp.importing import csvfile, parallel
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
def local_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalServer | None]:
    """netnp's local server, started in a temporary home on free ports; ``None``
    when NEO4J_URI or a Docker engine provides the server instead."""
    if os.environ.get("NEO4J_URI") or _docker_answers():
        yield None
        return
    server = LocalServer(tmp_path_factory.mktemp("neo4j-home"))
    server.configure(bolt_port=free_port(), http_port=free_port(), heap="2g", pagecache="512m")
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def neo4j_settings(local_server: LocalServer | None) -> Iterator[ConnectionSettings]:
    """Connection settings of the session's real Neo4j server."""
    if local_server is not None:
        yield local_server.connection()
        return
    uri = os.environ.get("NEO4J_URI")
    if uri:
        yield ConnectionSettings(
            uri, os.environ.get("NEO4J_USERNAME", "neo4j"), os.environ["NEO4J_PASSWORD"],
            os.environ.get("NEO4J_DATABASE") or None,
        )
        return
    from testcontainers.neo4j import Neo4jContainer

    container = Neo4jContainer(NEO4J_IMAGE, password="netnp-test-password")
    container.with_env("NEO4J_PLUGINS", '["apoc", "graph-data-science"]')
    container.with_env("NEO4J_dbms_security_procedures_unrestricted", "apoc.*,gds.*")
    with container:
        yield ConnectionSettings(container.get_connection_url(), "neo4j", "netnp-test-password")


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


@pytest.fixture(scope="session")
def own_local_server(local_server: LocalServer | None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalServer]:
    """netnp's local server, for tests of netnp's own server management: the
    session's server when netnp provides it (as in CI), else a private one, so
    that these tests run whatever server the rest of the suite uses."""
    if local_server is not None:
        yield local_server
        return
    server = LocalServer(tmp_path_factory.mktemp("own-neo4j-home"))
    server.configure(bolt_port=free_port(), http_port=free_port(), heap="1g", pagecache="256m")
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def small_parts(monkeypatch: pytest.MonkeyPatch) -> tuple[list[bool], list[bool]]:
    """Cut files of ties into parts of a few kilobytes, as large files are; record whether
    the part processes were started and whether each cut fell between records."""
    monkeypatch.setattr(parallel, "MIN_PART_BYTES", 2048)
    monkeypatch.setattr(parallel, "START_BYTES", 512)
    started: list[bool] = []
    cuts: list[bool] = []
    ends_cleanly, start = csvfile.ends_cleanly, parallel.OtherParts.start.__func__

    def recording_ends_cleanly(*args, **kwargs):
        cuts.append(ends_cleanly(*args, **kwargs))
        return cuts[-1]

    def recording_start(cls, *args, **kwargs):
        others = start(cls, *args, **kwargs)
        started.append(others is not None)
        return others

    monkeypatch.setattr(csvfile, "ends_cleanly", recording_ends_cleanly)
    monkeypatch.setattr(parallel.OtherParts, "start", classmethod(recording_start))
    return started, cuts
