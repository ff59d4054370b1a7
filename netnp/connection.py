"""Which Neo4j netnp connects to: the configured server, or its own local one.

The standard variables ``NEO4J_URI``, ``NEO4J_USERNAME``, ``NEO4J_PASSWORD`` and
``NEO4J_DATABASE`` (or the matching CLI options) select any server: ``bolt://``,
``neo4j://``, or ``neo4j+s://`` for Aura and clusters. With no URI configured,
netnp uses its own local server, and starts it when it is not running:
:func:`resolve` is the one place that applies this rule.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from netnp.config import ConnectionSettings, check_uri
from netnp.errors import ConnectionFailed
from netnp.localserver.server import LocalServer, StartReport


@dataclass(frozen=True)
class Connection:
    """Where netnp connects, and how the local server got running when it is the one."""

    settings: ConnectionSettings
    #: netnp's own local server, when no URI is configured; else None.
    local_server: LocalServer | None = None
    #: What getting the local server running took (``already_running``, ``seconds``); None with a URI.
    start: StartReport | None = None


def resolve(
    uri: str | None = None,
    user: str | None = None,
    password: str | None = None,
    database: str | None = None,
    *,
    on_phase: Callable[[str], None] | None = None,
) -> Connection:
    """The configured server, or the local one, started if it is not running.

    Parameters
    ----------
    uri, user, password, database : str, optional
        The CLI options, which fall back to the ``NEO4J_*`` variables. With
        ``uri``, ``password`` is required and ``user`` defaults to ``neo4j``.
    on_phase : callable, optional
        Called with a line of text at each phase of the local server's start
        (fetching the jars, setting the password, starting Neo4j), for a
        progress display; not called when the server runs already or a URI
        is given.
    """
    if uri:
        if password is None:
            raise ConnectionFailed(f"NEO4J_URI is set to {uri} but NEO4J_PASSWORD is not; set it or pass --password")
        return Connection(ConnectionSettings(check_uri(uri), user or "neo4j", password, database or None, local=False))
    server = LocalServer.default()
    start = server.start(on_phase=on_phase)
    local = server.connection()
    settings = ConnectionSettings(local.uri, local.user, local.password, database or None, local=True)
    return Connection(settings, local_server=server, start=start)
