"""The server a benchmark runs on: the one NEO4J_URI names (after confirmation, since
benchmarks delete all data), or a new local server in a temporary home."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from netnp.config import ConnectionSettings
from netnp.localserver.server import LocalServer, free_port


def connection(args: argparse.Namespace, tmp: Path) -> tuple[ConnectionSettings, LocalServer | None]:
    """Settings of the benchmark's server, and the local server to stop afterwards (None with NEO4J_URI)."""
    if os.environ.get("NEO4J_URI"):
        if not args.yes:
            sys.exit("NEO4J_URI is set: this benchmark deletes all data there; add --yes to confirm")
        return ConnectionSettings(os.environ["NEO4J_URI"], os.environ.get("NEO4J_USERNAME", "neo4j"),
                                  os.environ["NEO4J_PASSWORD"], os.environ.get("NEO4J_DATABASE") or None), None
    server = LocalServer(tmp / "neo4j-home")
    server.configure(bolt_port=free_port(), http_port=free_port(), heap="3g", pagecache="1g")
    server.start()
    return server.connection(), server
