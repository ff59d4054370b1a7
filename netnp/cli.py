"""The ``netnp`` command line: thin commands over the library.

Each command parses its options, calls one library function and prints the
result (a table, or JSON with ``--json``). Errors the user can fix print as one
``Error: …`` line with a non-zero exit, never a traceback.
"""

from __future__ import annotations

import json
import time
from typing import Annotated, Any, Optional

import sys

import typer
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from netnp import __version__, config, database, health, schema
from netnp.errors import ModuleError, NetnpError
from netnp.localserver.distribution import versions as pinned_versions
from netnp.localserver.server import LocalServer
from netnp.output import console, err_console, print_json, print_pairs, print_rows
from netnp.runner import Runner


def _app(help_text: str) -> typer.Typer:
    return typer.Typer(
        help=help_text, no_args_is_help=True,
        pretty_exceptions_enable=False, rich_markup_mode=None,
        context_settings={"help_option_names": ["-h", "--help"]},
    )


app = _app(
    "netnp: map and analyse the social network of an association or NGO, in Neo4j.\n\n"
    "With no NEO4J_URI configured, netnp runs its own local Neo4j server and starts it when needed.\n\n"
    "Example:\n\n    netnp quickstart"
)
server_app = _app("Run netnp's local Neo4j server (Neo4j 5.26 with APOC, GDS and the Browser).\n\nExample:\n\n    netnp server start")
db_app = _app("Set up, inspect and empty the graph database.\n\nExample:\n\n    netnp db stats --json")
app.add_typer(server_app, name="server")
app.add_typer(db_app, name="db")

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for other tools instead of a table.")]


class _Connection:
    """The connection options of the root command; a Runner is made on demand."""

    def __init__(self, uri: str | None, user: str | None, password: str | None, database: str | None):
        self.uri, self.user, self.password, self.database = uri, user, password, database
        self._runner: Runner | None = None

    def runner(self) -> Runner:
        if self._runner is None:
            local = LocalServer.default()
            if not self.uri and not local.is_running():
                with _spinner("Starting netnp's local Neo4j server") as progress:
                    local.start(on_phase=lambda text: progress.update(progress.task_ids[0], description=text))
            self._runner = Runner(config.resolve(self.uri, self.user, self.password, self.database))
        return self._runner

    def close(self) -> None:
        if self._runner is not None:
            self._runner.close()


def _spinner(description: str) -> Progress:
    progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=err_console, transient=True)
    progress.add_task(description, total=None)
    return progress


def _runner(ctx: typer.Context) -> Runner:
    return ctx.find_root().obj.runner()


@app.callback()
def root(
    ctx: typer.Context,
    uri: Annotated[Optional[str], typer.Option(envvar="NEO4J_URI", help="Neo4j URI: bolt://, neo4j:// or neo4j+s:// (Aura). Unset: netnp's local server.")] = None,
    user: Annotated[Optional[str], typer.Option("--user", envvar="NEO4J_USERNAME", help="Neo4j user name.", show_default="neo4j")] = None,
    password: Annotated[Optional[str], typer.Option(envvar="NEO4J_PASSWORD", help="Neo4j password (prefer the NEO4J_PASSWORD variable).", show_default=False)] = None,
    database: Annotated[Optional[str], typer.Option(envvar="NEO4J_DATABASE", help="Database name. Unset: the server's default.")] = None,
) -> None:
    ctx.obj = _Connection(uri, user, password, database)
    ctx.call_on_close(ctx.obj.close)


@app.command()
def version() -> None:
    """Print netnp's version and the versions of Neo4j, APOC and GDS it pins.

    Example:

        netnp version
    """
    v = pinned_versions()
    console.print(f"netnp {__version__} (local server: Neo4j {v['neo4j']}, APOC {v['apoc']}, GDS {v['gds']}, Browser {v['browser']})")


# -- server -------------------------------------------------------------------------
@server_app.command("start")
def server_start(
    bolt_port: Annotated[Optional[int], typer.Option(help="Bolt port on 127.0.0.1 (kept for later starts).", show_default="7687")] = None,
    http_port: Annotated[Optional[int], typer.Option(help="HTTP port for the Browser (kept for later starts).", show_default="7474")] = None,
    heap: Annotated[Optional[str], typer.Option(help="JVM heap size, e.g. 4g (kept for later starts).", show_default="4g")] = None,
    pagecache: Annotated[Optional[str], typer.Option(help="Page cache size, e.g. 2g (kept for later starts).", show_default="2g")] = None,
    timeout: Annotated[float, typer.Option(help="Seconds to wait for Bolt to answer.")] = 180.0,
    as_json: JsonOption = False,
) -> None:
    """Start the local Neo4j server and wait until it answers.

    The first start fetches Neo4j, APOC, GDS and the Browser from Maven Central
    (about 150 MB, cached); later starts download nothing. The server listens on
    127.0.0.1 only, with a generated password (see `netnp server env`).

    Example:

        netnp server start --bolt-port 7688 --http-port 7475 --heap 8g
    """
    server = LocalServer.default()
    if server.is_running() and any(v is not None for v in (bolt_port, http_port, heap, pagecache)):
        raise NetnpError("the local server is running; stop it first (`netnp server stop`) to change its settings")
    server.configure(bolt_port=bolt_port, http_port=http_port, heap=heap, pagecache=pagecache)
    progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(bar_width=None),
                        TextColumn("{task.completed} files"), TimeElapsedColumn(), console=err_console, transient=True)
    with progress:
        task = progress.add_task("Starting", total=None)
        report = server.start(
            timeout=timeout,
            on_phase=lambda text: progress.update(task, description=text),
            on_download=lambda name: progress.update(task, advance=1, description=f"Downloading {name}"),
        )
    result = {"running": True, "already_running": report.already_running, "pid": report.pid,
              "seconds": round(report.seconds, 2), "downloaded": report.provisioned,
              "bolt": server.bolt_uri, "browser": server.browser_url, "home": str(server.home)}
    if as_json:
        print_json(result)
    elif report.already_running:
        console.print(f"The local server is already running (pid {report.pid}): {server.bolt_uri}")
    else:
        console.print(f"Neo4j is up in {report.seconds:.1f} s: {server.bolt_uri}, Browser at {server.browser_url}")


@server_app.command("stop")
def server_stop() -> None:
    """Stop the local Neo4j server cleanly.

    Example:

        netnp server stop
    """
    server = LocalServer.default()
    began = time.monotonic()
    if server.stop():
        console.print(f"Stopped the local server in {time.monotonic() - began:.1f} s.")
    else:
        console.print("The local server was not running.")


@server_app.command("status")
def server_status(as_json: JsonOption = False) -> None:
    """Say whether the local server runs, with its versions and Browser URL.

    Exits with code 3 when the server is not running.

    Example:

        netnp server status --json
    """
    server = LocalServer.default()
    status: dict[str, Any] = {"running": server.is_running(), "pid": server.pid(), "home": str(server.home),
                              "bolt": server.bolt_uri, "browser": server.browser_url}
    if status["running"]:
        with Runner(server.connection()) as runner:
            status["versions"] = vars(health.versions(runner))
    if as_json:
        print_json(status)
    else:
        pairs = [("running", "yes" if status["running"] else "no"), ("pid", status["pid"]), ("bolt", status["bolt"]),
                 ("browser", status["browser"]), ("home", status["home"])]
        pairs += [(k, v) for k, v in status.get("versions", {}).items()]
        print_pairs(pairs, title="netnp local Neo4j server")
    if not status["running"]:
        raise typer.Exit(3)


@server_app.command("logs")
def server_logs(
    lines: Annotated[int, typer.Option("-n", "--lines", help="How many lines from the end.")] = 50,
    log: Annotated[str, typer.Option(help="Which log: neo4j, debug, query, security, http or console (the JVM's output).")] = "neo4j",
    follow: Annotated[bool, typer.Option("--follow", "-f", help="Keep printing new lines, until Ctrl-C.")] = False,
) -> None:
    """Print the end of the local server's log.

    Example:

        netnp server logs -n 100 --log debug
    """
    allowed = ("neo4j", "debug", "query", "security", "http", "console")
    if log not in allowed:
        raise NetnpError(f"unknown log '{log}'; choose one of {', '.join(allowed)}")
    server = LocalServer.default()
    console.out(server.log_tail(lines, log), highlight=False)
    path = server.log_file(log)
    if follow and path.exists():
        with path.open(errors="replace") as fh:
            fh.seek(0, 2)
            try:
                while True:
                    line = fh.readline()
                    if line:
                        console.out(line.rstrip("\n"), highlight=False)
                    else:
                        time.sleep(0.5)
            except KeyboardInterrupt:
                pass


@server_app.command("env")
def server_env() -> None:
    """Print the local server's connection settings as shell exports.

    This is the one command that shows the password. Other tools can then use
    the same server.

    Example:

        eval "$(netnp server env)"
    """
    import shlex

    conn = LocalServer.default().connection()
    for name, value in (("NEO4J_URI", conn.uri), ("NEO4J_USERNAME", conn.user), ("NEO4J_PASSWORD", conn.password)):
        typer.echo(f"export {name}={shlex.quote(value)}")


# -- db -----------------------------------------------------------------------------
@db_app.command("init")
def db_init(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Apply the versioned schema (constraints, indexes); safe to run again.

    Example:

        netnp db init
    """
    report = schema.apply_schema(_runner(ctx))
    if as_json:
        print_json(vars(report))
    elif report.applied:
        console.print(f"Schema upgraded from version {report.before} to {report.after}: {', '.join(report.applied)}")
    else:
        console.print(f"Schema is up to date (version {report.after}).")


@db_app.command("stats")
def db_stats(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Count nodes by kind and ties by type.

    Example:

        netnp db stats --json
    """
    result = database.stats(_runner(ctx))
    if as_json:
        print_json(result)
        return
    rows = [{"kind": k, "nodes": v} for k, v in result["nodes"]["by_kind"].items()]
    print_rows(rows + [{"kind": "all nodes", "nodes": result["nodes"]["total"]}], title="Nodes")
    rows = [{"type": k, "ties": v} for k, v in result["ties"]["by_type"].items()]
    print_rows(rows + [{"type": "all ties", "ties": result["ties"]["total"]}], title="Ties")


@db_app.command("reset")
def db_reset(
    ctx: typer.Context,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete all nodes and ties (and GDS projections), keeping the schema.

    Example:

        netnp db reset --yes
    """
    runner = _runner(ctx)
    if not yes:
        where = runner.settings.uri + (f" (database {runner.settings.database})" if runner.settings.database else "")
        typer.confirm(f"Delete every node and tie in {where}?", abort=True, err=True)
    result = database.reset(runner)
    console.print(f"Deleted {result['deleted_nodes']} nodes and {result['deleted_ties']} ties; the schema is kept.")


# -- health -------------------------------------------------------------------------
@app.command()
def doctor(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Check the connection, versions, plugins and schema; exit 1 on problems.

    Example:

        NEO4J_URI=neo4j+s://xxxx.databases.neo4j.io NEO4J_PASSWORD=… netnp doctor
    """
    report = health.check(_runner(ctx))
    if as_json:
        print_json(report)
    else:
        v = report["versions"]
        print_pairs([
            ("server", f"{report['uri']} ({report['server']['agent']})"),
            ("database", report["database"]),
            ("Neo4j", f"{v['neo4j']} {v['edition']}"),
            ("APOC", v["apoc"] or "missing"),
            ("GDS", v["gds"] or "missing: analyses use the pure-Cypher fallback"),
            ("schema", f"version {report['schema']['version']} of {report['schema']['latest']}"),
        ], title="netnp doctor")
        for problem in report["problems"]:
            err_console.print(f"Problem: {problem}", markup=False)
    if report["problems"]:
        raise typer.Exit(1)


# -- query --------------------------------------------------------------------------
def _parse_param(text: str) -> tuple[str, Any]:
    if "=" not in text:
        raise ModuleError(f"--param '{text}' must read name=value, for example --param limit=10")
    key, raw = text.split("=", 1)
    try:
        value = json.loads(raw)
    except json.JSONDecodeError:
        value = raw
    return key.strip().lstrip("$"), value


@app.command()
def query(
    ctx: typer.Context,
    name: Annotated[Optional[str], typer.Argument(help="Module name, e.g. db/node_counts.")] = None,
    param: Annotated[Optional[list[str]], typer.Option("--param", "-p", help="A parameter as name=value; the value is read as JSON if it parses, else as text.")] = None,
    write: Annotated[bool, typer.Option("--write", help="Allow the module to write (a write transaction).")] = False,
    list_modules: Annotated[bool, typer.Option("--list", help="List the modules and exit.")] = False,
    show: Annotated[bool, typer.Option("--show", help="Print the module's Cypher and exit.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Run a Cypher module by name; read-only unless --write is given.

    Example:

        netnp query db/node_counts --json
    """
    from netnp.modules import library

    modules = library()
    if list_modules or not name:
        rows = [{"name": m.name, "mode": "write" if m.writes else "read", "computes": m.summary} for m in modules]
        print_json(rows) if as_json else print_rows(rows, title="Cypher modules")
        return
    module = modules.get(name)
    if show:
        console.out(module.path.read_text(encoding="utf-8"), highlight=False)
        return
    params = dict(_parse_param(p) for p in param or [])
    module.check_params(params)
    result = _runner(ctx).run(module, params, write=write)
    if as_json:
        print_json(result.rows)
    else:
        print_rows(result.rows, title=module.name)
        if result.counters:
            err_console.print(", ".join(f"{k.replace('_', ' ')}: {v}" for k, v in result.counters.items()), markup=False)


# -- the main job -------------------------------------------------------------------
@app.command()
def quickstart(ctx: typer.Context) -> None:
    """Run the main job end to end: start the local Neo4j, set up the schema, show status.

    Example:

        netnp quickstart
    """
    conn = ctx.find_root().obj
    server = LocalServer.default()
    if not conn.uri:
        with _spinner("Starting netnp's local Neo4j server") as progress:
            report = server.ensure_running(on_phase=lambda text: progress.update(progress.task_ids[0], description=text))
        state = "was already running" if report.already_running else f"started in {report.seconds:.1f} s"
        console.print(f"1. Local Neo4j {state}: {server.bolt_uri}")
    runner = _runner(ctx)
    report = schema.apply_schema(runner)
    console.print(f"2. Schema at version {report.after}" + (f" (applied {len(report.applied)} files)" if report.applied else ""))
    v = health.versions(runner)
    console.print(f"3. Neo4j {v.neo4j} {v.edition}, APOC {v.apoc or 'missing'}, GDS {v.gds or 'missing'}")
    if not conn.uri:
        console.print(f"Open Neo4j Browser at {server.browser_url} (user neo4j; `netnp server env` shows the password).")


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI; a :class:`NetnpError` becomes one ``Error: …`` line."""
    try:
        app(args=argv, prog_name="netnp")
    except NetnpError as exc:
        err_console.print(f"Error: {exc}", markup=False, highlight=False, soft_wrap=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        err_console.print("Error: interrupted", markup=False)
        sys.exit(130)


__all__ = ["app", "main"]
