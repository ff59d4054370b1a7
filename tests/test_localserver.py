"""netnp's local Neo4j server: how it listens, what it serves, how it restarts."""

from __future__ import annotations

import os
import socket
import stat
import urllib.request
from pathlib import Path

import pytest

from netnp.errors import ServerError
from netnp.localserver import distribution
from netnp.localserver.server import LocalServer, free_port
from netnp.runner import Runner


def _listening_addresses(port: int) -> set[str]:
    """Local addresses with a TCP socket listening on ``port``, read from /proc."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            address, port_hex = fields[1].rsplit(":", 1)
            if int(port_hex, 16) == port and fields[3] == "0A":  # 0A = LISTEN
                found.add(address)
    return found


# 127.0.0.1 as /proc writes it, in IPv4 and as an IPv4-mapped IPv6 address.
LOOPBACK = {"0100007F", "0000000000000000FFFF00000100007F"}


def test_server_listens_on_loopback_only(own_local_server):
    s = own_local_server.settings()
    for port in (s.bolt_port, s.http_port):
        addresses = _listening_addresses(port)
        assert addresses, f"nothing listens on {port}"
        assert addresses <= LOOPBACK, f"port {port} listens on {addresses}"


def test_browser_is_served_and_points_at_this_bolt_port(own_local_server):
    s = own_local_server.settings()
    with urllib.request.urlopen(own_local_server.browser_url, timeout=10) as response:
        page = response.read().decode()
    assert response.status == 200
    assert "<title>Neo4j Browser</title>" in page
    with urllib.request.urlopen(f"http://127.0.0.1:{s.http_port}/", timeout=10) as response:
        discovery = response.read().decode()
    assert f"bolt://127.0.0.1:{s.bolt_port}" in discovery


def test_password_is_private_and_never_on_a_command_line(own_local_server):
    mode = stat.S_IMODE(own_local_server.password_file.stat().st_mode)
    assert mode == 0o600
    password = own_local_server.password()
    assert len(password) >= 24 and password != "neo4j"
    cmdline = Path(f"/proc/{own_local_server.pid()}/cmdline").read_bytes()
    assert password.encode() not in cmdline


def test_default_credentials_are_refused(own_local_server):
    from netnp.config import ConnectionSettings
    from netnp.errors import ConnectionFailed

    with Runner(ConnectionSettings(own_local_server.bolt_uri, "neo4j", "neo4j")) as runner:
        with pytest.raises(ConnectionFailed, match="refused the credentials of user 'neo4j'"):
            runner.server_info()


def test_restart_keeps_data_and_downloads_nothing(own_local_server, runner, monkeypatch):
    """(``runner`` empties the session graph before and after, when it is this server.)"""
    with Runner(own_local_server.connection()) as own:
        own.write("import/merge_entities", rows=[{"id": "kept", "kind": "Person", "name": "Kept", "properties": {}}],
                  provenance={"source": "restart-test", "import_id": "r1", "imported_at": "2026-01-01T00:00:00Z"})
        before = own.read("db/node_counts")
    runner.close()
    assert before[0]["nodes"] >= 1
    assert own_local_server.stop()
    assert not own_local_server.is_running()
    # With Maven off the PATH, a start can only succeed from the cache.
    monkeypatch.setenv("PATH", os.path.dirname(os.path.realpath(distribution.find_java())))
    report = own_local_server.start()
    assert not report.provisioned and not report.already_running
    with Runner(own_local_server.connection()) as own:
        assert own.read("db/node_counts") == before


def test_a_second_start_says_it_is_already_running(own_local_server):
    report = own_local_server.start()
    assert report.already_running and report.pid == own_local_server.pid()


def test_port_already_taken_is_a_clear_error(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        server = LocalServer(tmp_path)
        server.configure(bolt_port=taken.getsockname()[1], http_port=free_port())
        with pytest.raises(ServerError, match=r"port \d+ on 127.0.0.1 \(for Bolt\) is already in use.*--bolt-port"):
            server.start()


def test_java_missing_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("JAVA_HOME", raising=False)
    server = LocalServer(tmp_path / "home")
    server.configure(bolt_port=free_port(), http_port=free_port())
    with pytest.raises(ServerError, match="java is not installed; it is needed to run the local Neo4j"):
        server.start()


def test_maven_missing_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("NETNP_CACHE_DIR", str(tmp_path / "empty-cache"))
    monkeypatch.setenv("PATH", os.path.dirname(os.path.realpath(distribution.find_java())))
    with pytest.raises(ServerError, match="mvn is not installed"):
        distribution.ensure_distribution()


def test_maven_central_unreachable_is_a_clear_error(tmp_path, monkeypatch):
    """Maven is pointed at a closed port on 127.0.0.1, with an empty local repository."""
    home = tmp_path / "user-home"
    (home / ".m2").mkdir(parents=True)
    (home / ".m2" / "settings.xml").write_text(
        "<settings><localRepository>" + str(home / ".m2" / "repository") + "</localRepository>"
        "<mirrors><mirror><id>closed</id><mirrorOf>*</mirrorOf><url>http://127.0.0.1:9/maven2</url></mirror></mirrors></settings>"
    )
    monkeypatch.setenv("MAVEN_OPTS", f"-Duser.home={home}")
    monkeypatch.setenv("NETNP_CACHE_DIR", str(tmp_path / "empty-cache"))
    with pytest.raises(ServerError, match="cannot download Neo4j from Maven Central"):
        distribution.ensure_distribution()
    assert not any((tmp_path / "empty-cache").glob("*/netnp-distribution.complete"))


def test_bad_memory_and_port_settings_are_refused(tmp_path):
    server = LocalServer(tmp_path)
    with pytest.raises(ServerError, match="heap size '4 gigs' is not a size"):
        server.configure(heap="4 gigs")
    with pytest.raises(ServerError, match="must differ"):
        server.configure(bolt_port=7000, http_port=7000)


def test_bolt_accepts_the_websocket_upgrade_that_browser_uses(own_local_server):
    """Neo4j Browser talks Bolt over a WebSocket to the Bolt port; the handshake
    must be accepted there (the Browser page itself is checked above)."""
    import base64

    port = own_local_server.settings().bolt_port
    key = base64.b64encode(os.urandom(16)).decode()
    request = (
        f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\nOrigin: {own_local_server.browser_url}\r\n\r\n"
    )
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(request.encode())
        reply = sock.recv(4096).decode(errors="replace")
    assert reply.startswith("HTTP/1.1 101"), reply
