"""How to reach one Neo4j database: the settings a :class:`~netnp.runner.Runner` connects with.

Which server those settings name (the configured one, or netnp's own local
server) is decided in :mod:`netnp.connection`.
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
    """``uri``, once checked that the driver knows its scheme; raises :class:`ConnectionFailed` otherwise."""
    scheme = urlsplit(uri).scheme
    if scheme not in SCHEMES:
        raise ConnectionFailed(
            f"NEO4J_URI '{uri}' has an unknown scheme '{scheme}'; use one of {', '.join(s + '://' for s in SCHEMES)}"
        )
    return uri
