"""netnp's own local Neo4j server: configure, start, stop, inspect.

The server runs from the jars of :mod:`netnp.localserver.distribution`, with
``org.neo4j.server.CommunityEntryPoint`` as main class, in a *home* folder that
keeps its configuration, data, logs and generated password:

* ``$NETNP_HOME``, else ``$XDG_DATA_HOME/netnp/neo4j``, else ``~/.local/share/netnp/neo4j``;
* ``netnp-server.json``: ports and memory, as set by ``netnp server start`` options;
* ``password``: the generated password of user ``neo4j``, readable by the user only;
* ``conf/neo4j.conf``: written at every start from the settings above, plus the
  lines of ``neo4j-extra.conf`` if the user adds that file;
* ``data/``, ``logs/``, ``run/``.

It listens on 127.0.0.1 only, with authentication on.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import string
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from netnp.config import ConnectionSettings
from netnp.errors import ServerError
from netnp.localserver.distribution import Distribution, ensure_distribution, find_java
from netnp.runner import Runner

DEFAULT_BOLT_PORT = 7687
DEFAULT_HTTP_PORT = 7474
MAIN_CLASS = "org.neo4j.server.CommunityEntryPoint"
ADMIN_CLASS = "org.neo4j.cli.AdminTool"
USER = "neo4j"

# The JVM options of Neo4j's own neo4j.conf, which bin/neo4j would pass, but
# for the collector: Neo4j's G1 keeps pauses short on big servers, while the
# parallel collector gets more work done on a small machine such as the
# 2-core ones netnp targets (docs/performance.md).
JVM_OPTIONS = (
    "-XX:+UseParallelGC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Djdk.tls.ephemeralDHKeySize=2048",
    "-Djdk.tls.rejectClientInitiatedRenegotiation=true",
    "-Dlog4j2.disable.jmx=true",
    "-Dfile.encoding=UTF-8",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
)


def default_home() -> Path:
    if os.environ.get("NETNP_HOME"):
        return Path(os.environ["NETNP_HOME"])
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "netnp" / "neo4j"


@dataclass
class ServerSettings:
    """What ``netnp server start`` options set; kept in ``netnp-server.json``.

    The memory defaults suit a 2-core, 24 GB machine: 4 GB of heap for queries
    and GDS projections, 2 GB of page cache for the store.
    """

    bolt_port: int = DEFAULT_BOLT_PORT
    http_port: int = DEFAULT_HTTP_PORT
    heap: str = "4g"
    pagecache: str = "2g"


@dataclass
class StartReport:
    """What a start did: how long it took and whether it fetched the distribution."""

    seconds: float
    provisioned: bool
    already_running: bool = False
    pid: int | None = None


def port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        # Like the server itself: connections in TIME_WAIT do not make a port busy.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _check_memory(value: str, what: str) -> str:
    value = value.strip().lower()
    if not value[:-1].isdigit() or value[-1] not in "kmg":
        raise ServerError(f"{what} '{value}' is not a size like 512m or 4g")
    return value


def _write_private(path: Path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(text)
    os.chmod(path, 0o600)


class LocalServer:
    """The local Neo4j server living in ``home``."""

    def __init__(self, home: Path):
        self.home = Path(home)
        self._process: subprocess.Popen[bytes] | None = None

    @classmethod
    def default(cls) -> LocalServer:
        return cls(default_home())

    # -- paths and settings ---------------------------------------------------------
    @property
    def settings_file(self) -> Path:
        return self.home / "netnp-server.json"

    @property
    def password_file(self) -> Path:
        return self.home / "password"

    @property
    def pid_file(self) -> Path:
        return self.home / "run" / "netnp-neo4j.pid"

    @property
    def logs_dir(self) -> Path:
        return self.home / "logs"

    def settings(self) -> ServerSettings:
        if not self.settings_file.exists():
            return ServerSettings()
        data = json.loads(self.settings_file.read_text())
        known = ServerSettings.__dataclass_fields__
        return ServerSettings(**{k: v for k, v in data.items() if k in known})

    def configure(self, **changes: object) -> ServerSettings:
        """Change and save settings; ``None`` values are left as they are."""
        current = asdict(self.settings())
        current.update({k: v for k, v in changes.items() if v is not None})
        settings = ServerSettings(**current)  # type: ignore[arg-type]
        _check_memory(settings.heap, "heap size")
        _check_memory(settings.pagecache, "page cache size")
        for name in ("bolt_port", "http_port"):
            port = getattr(settings, name)
            if not 1 <= int(port) <= 65535:
                raise ServerError(f"{name.replace('_', ' ')} {port} is not a port number (1-65535)")
        if settings.bolt_port == settings.http_port:
            raise ServerError("the Bolt and HTTP ports must differ")
        self.home.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.settings_file.write_text(json.dumps(asdict(settings), indent=2) + "\n")
        return settings

    @property
    def bolt_uri(self) -> str:
        return f"bolt://127.0.0.1:{self.settings().bolt_port}"

    @property
    def browser_url(self) -> str:
        return f"http://127.0.0.1:{self.settings().http_port}/browser/"

    def password(self) -> str:
        try:
            return self.password_file.read_text().strip()
        except FileNotFoundError:
            raise ServerError(
                f"the local server at {self.home} has no password yet; start it once with `netnp server start`"
            ) from None

    def connection(self) -> ConnectionSettings:
        return ConnectionSettings(self.bolt_uri, USER, self.password(), None, local=True)

    # -- process --------------------------------------------------------------------
    def pid(self) -> int | None:
        """The server's process id if it is running, else ``None``."""
        if self._process is not None and self._process.poll() is not None:
            self._process = None
        try:
            pid = int(self.pid_file.read_text().strip())
        except (FileNotFoundError, ValueError):
            return None
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (FileNotFoundError, ProcessLookupError, IndexError):
            return None
        home_arg = f"--home-dir={self.home}".encode()
        if MAIN_CLASS.encode() in cmdline and home_arg in cmdline and state != "Z":
            return pid
        return None

    def is_running(self) -> bool:
        return self.pid() is not None

    def start(
        self,
        timeout: float = 180.0,
        on_download: Callable[[str], None] | None = None,
        on_phase: Callable[[str], None] | None = None,
        warm_up: bool = True,
    ) -> StartReport:
        """Start the server and wait until Bolt accepts the password.

        Returns at once when it runs already (``already_running``). ``on_phase``
        gets a line of text at each phase of the start, ``on_download`` the
        name of each file fetched. With ``warm_up``, a background process then
        plans the analysis modules and warms GDS up
        (:mod:`netnp.localserver.warmup`); ``start`` does not wait for it.
        Raises :class:`ServerError` with the tail of the log if it does not
        answer within ``timeout`` seconds.
        """
        began = time.monotonic()
        if self.is_running():
            return StartReport(0.0, provisioned=False, already_running=True, pid=self.pid())
        phase = on_phase or (lambda _text: None)
        settings = self.configure()
        for name, port in (("Bolt", settings.bolt_port), ("HTTP", settings.http_port)):
            if not port_is_free(port):
                option = "--bolt-port" if name == "Bolt" else "--http-port"
                raise ServerError(
                    f"port {port} on 127.0.0.1 (for {name}) is already in use; stop what uses it, "
                    f"or pick another port with `netnp server start {option} N`"
                )
        java = find_java()
        phase("Resolving Neo4j, APOC, GDS and the Browser")
        fetched = []
        dist = ensure_distribution(on_download=lambda name: (fetched.append(name), on_download and on_download(name)))
        for sub in ("conf", "data", "logs", "run", "import"):
            (self.home / sub).mkdir(parents=True, exist_ok=True, mode=0o700)
        self._write_conf(dist, settings)
        if not (self.home / "data" / "databases" / "system").exists():
            phase("Setting the initial password")
            self._set_initial_password(java, dist)
        phase("Starting Neo4j")
        self._spawn(java, dist, settings)
        self._wait_until_ready(timeout, began)
        if warm_up:
            from netnp.localserver.warmup import start_warm_up

            start_warm_up(self.home, self.logs_dir / "warm-up.log")
        return StartReport(time.monotonic() - began, provisioned=bool(fetched), pid=self.pid())

    def _write_conf(self, dist: Distribution, s: ServerSettings) -> None:
        h = self.home
        lines = [
            "# Written by netnp at every start: change ports and memory with `netnp server start --help`,",
            "# and add your own settings to ../neo4j-extra.conf.",
            "server.default_listen_address=127.0.0.1",
            "server.default_advertised_address=127.0.0.1",
            f"server.bolt.listen_address=127.0.0.1:{s.bolt_port}",
            f"server.bolt.advertised_address=127.0.0.1:{s.bolt_port}",
            f"server.http.listen_address=127.0.0.1:{s.http_port}",
            f"server.http.advertised_address=127.0.0.1:{s.http_port}",
            "server.https.enabled=false",
            "dbms.security.auth_enabled=true",
            f"server.directories.data={h / 'data'}",
            f"server.directories.logs={h / 'logs'}",
            f"server.directories.run={h / 'run'}",
            f"server.directories.import={h / 'import'}",
            f"server.directories.plugins={dist.plugins}",
            f"server.memory.heap.initial_size={s.heap}",
            f"server.memory.heap.max_size={s.heap}",
            f"server.memory.pagecache.size={s.pagecache}",
            "dbms.security.procedures.unrestricted=apoc.*,gds.*",
            "dbms.usage_report.enabled=false",
            "db.tx_log.rotation.retention_policy=2 files",
            "server.logs.gc.enabled=false",
        ]
        extra = h / "neo4j-extra.conf"
        if extra.exists():
            lines += ["", f"# From {extra}", *extra.read_text().splitlines()]
        (h / "conf" / "neo4j.conf").write_text("\n".join(lines) + "\n")

    def _set_initial_password(self, java: str, dist: Distribution) -> None:
        if self.password_file.exists():
            password = self.password()
        else:
            alphabet = string.ascii_letters + string.digits
            password = "".join(secrets.choice(alphabet) for _ in range(32))
            _write_private(self.password_file, password + "\n")
        # The password goes through a private @argfile, never the command line,
        # where any local user could read it.
        with tempfile.TemporaryDirectory(dir=self.home / "run") as tmp:
            argfile = Path(tmp) / "args"
            _write_private(argfile, password + "\n")
            env = dict(os.environ, NEO4J_HOME=str(self.home), NEO4J_CONF=str(self.home / "conf"))
            done = subprocess.run(
                [java, "-cp", str(dist.lib / "*"), ADMIN_CLASS, "dbms", "set-initial-password", f"@{argfile}"],
                env=env, capture_output=True, text=True, timeout=120,
            )
        if done.returncode != 0:
            detail = (done.stderr or done.stdout).strip().splitlines()
            raise ServerError(f"neo4j-admin could not set the initial password: {detail[-1] if detail else done.returncode}")

    def _spawn(self, java: str, dist: Distribution, s: ServerSettings) -> None:
        cmd = [
            java, f"-Xms{s.heap}", f"-Xmx{s.heap}", *JVM_OPTIONS,
            "-cp", dist.classpath, MAIN_CLASS,
            f"--home-dir={self.home}", f"--config-dir={self.home / 'conf'}",
        ]
        console = open(self.logs_dir / "console.log", "ab")
        try:
            self._process = subprocess.Popen(
                cmd, cwd=self.home, stdin=subprocess.DEVNULL, stdout=console,
                stderr=subprocess.STDOUT, start_new_session=True,
            )
        finally:
            console.close()
        self.pid_file.write_text(f"{self._process.pid}\n")

    def _wait_until_ready(self, timeout: float, began: float) -> None:
        settings = self.settings()
        deadline = began + timeout
        while time.monotonic() < deadline:
            if self._process is not None and self._process.poll() is not None:
                self._process = None
                self.pid_file.unlink(missing_ok=True)
                raise ServerError(f"Neo4j exited during start-up; the log ends with:\n{self._startup_tail()}")
            try:
                with socket.create_connection(("127.0.0.1", settings.bolt_port), timeout=1):
                    pass
            except OSError:
                time.sleep(0.25)
                continue
            try:
                with Runner(self.connection()) as runner:
                    runner.server_info()
            except Exception:
                time.sleep(0.25)
                continue
            # HTTP (the Browser) comes up a moment after Bolt.
            while time.monotonic() < deadline:
                try:
                    with socket.create_connection(("127.0.0.1", settings.http_port), timeout=1):
                        return
                except OSError:
                    time.sleep(0.1)
        tail = self._startup_tail()
        self.stop()
        raise ServerError(f"Neo4j did not answer on Bolt within {timeout:.0f} s; the log ends with:\n{tail}")

    def stop(self, timeout: float = 60.0) -> bool:
        """Stop the server cleanly (SIGTERM, then SIGKILL after ``timeout``).

        Returns False if it was not running.
        """
        pid = self.pid()
        if pid is None:
            self.pid_file.unlink(missing_ok=True)
            return False
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process is not None:
                try:
                    self._process.wait(timeout=0.25)
                except subprocess.TimeoutExpired:
                    continue
            if self.pid() is None:
                break
            time.sleep(0.25)
        else:
            os.killpg(pid, signal.SIGKILL)
        self._process = None
        self.pid_file.unlink(missing_ok=True)
        return True

    # -- logs -----------------------------------------------------------------------
    def log_file(self, which: str = "neo4j") -> Path:
        return self.logs_dir / f"{which}.log"

    def log_tail(self, lines: int = 50, which: str = "neo4j") -> str:
        """The last ``lines`` lines of ``logs/<which>.log``."""
        path = self.log_file(which)
        if not path.exists():
            return f"(no {path} yet)"
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])

    def _startup_tail(self) -> str:
        """What explains a failed start: Neo4j's log, and the JVM's own output."""
        return f"{self.log_tail(12)}\n--- console.log ---\n{self.log_tail(8, 'console')}"
