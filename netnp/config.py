"""Where netnp's Neo4j is: connection settings from options, environment or the local server.

The standard variables ``NEO4J_URI``, ``NEO4J_USERNAME``, ``NEO4J_PASSWORD`` and
``NEO4J_DATABASE`` (or the matching CLI options) select any server: ``bolt://``,
``neo4j://``, or ``neo4j+s://`` for Aura and clusters. With no URI configured,
netnp uses its own local server, and starts it when needed.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from netnp.errors import ConnectionFailed

SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


@dataclass(frozen=True)
class ConnectionSettings:
    """How to reach one Neo4j database."""

    uri: str
    user: str
    password: str
    database: str | None = None
    #: True when this is netnp's own local server.
    local: bool = False

    def __repr__(self) -> str:  # never show the password in logs or tracebacks
        return f"ConnectionSettings(uri={self.uri!r}, user={self.user!r}, database={self.database!r}, local={self.local})"


def check_uri(uri: str) -> str:
    scheme = urlsplit(uri).scheme
    if scheme not in SCHEMES:
        raise ConnectionFailed(
            f"NEO4J_URI '{uri}' has an unknown scheme '{scheme}'; use one of {', '.join(s + '://' for s in SCHEMES)}"
        )
    return uri


def resolve(
    uri: str | None = None,
    user: str | None = None,
    password: str | None = None,
    database: str | None = None,
    *,
    start_local: bool = True,
) -> ConnectionSettings:
    """Settings for the configured server, or for the local one (started if needed).

    ``uri``, ``user``, ``password`` and ``database`` come from the CLI options,
    which fall back to the ``NEO4J_*`` variables.
    """
    if uri:
        if password is None:
            raise ConnectionFailed(f"NEO4J_URI is set to {uri} but NEO4J_PASSWORD is not; set it or pass --password")
        return ConnectionSettings(check_uri(uri), user or "neo4j", password, database or None, local=False)
    from netnp.localserver.server import LocalServer

    server = LocalServer.default()
    if start_local:
        server.ensure_running()
    settings = server.connection()
    return ConnectionSettings(settings.uri, settings.user, settings.password, database or None, local=True)
