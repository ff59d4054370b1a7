"""The ``netnp`` command line: thin commands over the library.

Each area's commands (server, db, health, query, analyze, report, import and
export, crawl, the main job) sit in their own commented section. Each command
parses its options, calls one library function and prints the result (a table,
or JSON with ``--json``). Errors the user can fix print as one ``Error: …`` line
with a non-zero exit, never a traceback.
"""

from __future__ import annotations

import contextlib
import json
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from netnp import __version__, connection, database, health, schema
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
        #: Where the runner connects (:func:`netnp.connection.resolve`), once it is made.
        self.target: connection.Connection | None = None

    def runner(self, on_phase: Callable[[str], None] | None = None) -> Runner:
        """The Runner; making it starts the local server if it is the one and is not running.

        ``on_phase`` shows the phases of that start; by default, a spinner of its own does.
        """
        if self._runner is None:
            with _phase_spinner() as show:
                self.target = connection.resolve(self.uri, self.user, self.password, self.database,
                                                 on_phase=on_phase or show)
            self._runner = Runner(self.target.settings)
        return self._runner

    def close(self) -> None:
        if self._runner is not None:
            self._runner.close()


def _spinner(description: str) -> Progress:
    progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=err_console, transient=True, disable=not err_console.is_terminal)
    progress.add_task(description, total=None)
    return progress


@contextlib.contextmanager
def _phase_spinner() -> Iterator[Callable[[str], None]]:
    """A callback that shows each phase it is given in a spinner, drawn from the first phase on:
    a step that turns out to need no work shows nothing."""
    progress: Progress | None = None

    def show(text: str) -> None:
        nonlocal progress
        if progress is None:
            progress = _spinner(text)
            progress.start()
        progress.update(progress.task_ids[0], description=text)

    try:
        yield show
    finally:
        if progress is not None:
            progress.stop()


def _runner(ctx: typer.Context) -> Runner:
    return ctx.find_root().obj.runner()


@app.callback()
def root(
    ctx: typer.Context,
    uri: Annotated[str | None, typer.Option(envvar="NEO4J_URI", help="Neo4j URI: bolt://, neo4j:// or neo4j+s:// (Aura). Unset: netnp's local server.")] = None,
    user: Annotated[str | None, typer.Option("--user", envvar="NEO4J_USERNAME", help="Neo4j user name.", show_default="neo4j")] = None,
    password: Annotated[str | None, typer.Option(envvar="NEO4J_PASSWORD", help="Neo4j password (prefer the NEO4J_PASSWORD variable).", show_default=False)] = None,
    database: Annotated[str | None, typer.Option(envvar="NEO4J_DATABASE", help="Database name. Unset: the server's default.")] = None,
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
    bolt_port: Annotated[int | None, typer.Option(help="Bolt port on 127.0.0.1 (kept for later starts).", show_default="7687")] = None,
    http_port: Annotated[int | None, typer.Option(help="HTTP port for the Browser (kept for later starts).", show_default="7474")] = None,
    heap: Annotated[str | None, typer.Option(help="JVM heap size, e.g. 4g (kept for later starts).", show_default="4g")] = None,
    pagecache: Annotated[str | None, typer.Option(help="Page cache size, e.g. 2g (kept for later starts).", show_default="2g")] = None,
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
                        TextColumn("{task.completed} files"), TimeElapsedColumn(), console=err_console, transient=True, disable=not err_console.is_terminal)
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

    Imports, samples and crawls apply it too, before they write, and every
    one of them waits until the indexes are online.

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
            ("GDS", v["gds"] or "missing: analyses compute in netnp with python-igraph"),
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
    name: Annotated[str | None, typer.Argument(help="Module name, e.g. db/node_counts.")] = None,
    param: Annotated[list[str] | None, typer.Option("--param", "-p", help="A parameter as name=value; the value is read as JSON if it parses, else as text.")] = None,
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


# -- analyze (netnp/analysis: hubs, cores, clusters, bridging, weak ties) -----------
@app.command()
def analyze(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="hubs, cores, clusters, bridging, weak_ties, recommendations or all.")] = "all",
    kind: Annotated[list[str] | None, typer.Option("--kind", help="A node kind in scope (repeat): Person, Organization, WebPage. Default: all.")] = None,
    tie_type: Annotated[list[str] | None, typer.Option("--type", help="A tie type in scope (repeat), e.g. KNOWS. Default: all.")] = None,
    directed: Annotated[bool, typer.Option("--directed", help="Ties have a direction (in/out-degree, directed PageRank).")] = False,
    weight: Annotated[str, typer.Option("--weight", help="Tie property holding the weight (1.0 when missing).")] = "weight",
    since: Annotated[str | None, typer.Option("--since", help="Window start (ISO date): ties observed or active on or after it; only nodes with such a tie.")] = None,
    until: Annotated[str | None, typer.Option("--until", help="Window end (ISO date): ties observed or active on or before it; only nodes with such a tie.")] = None,
    focus: Annotated[str | None, typer.Option("--focus", help="Id of the focal organisation, for recommendations.")] = None,
    engine: Annotated[str, typer.Option("--engine", help="auto (GDS if installed, for graphs of over a million pairs; below, the client computes, which is faster), gds, or cypher (no plugin needed: the client computes).")] = "auto",
    limit: Annotated[int, typer.Option("--limit", help="Rows per table in the printed summary.")] = 10,
    label: Annotated[str | None, typer.Option("--label", help="Name the run (unique), e.g. 2024 or before-agm; `netnp runs` lists runs.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Run an analysis, keep it as a run, and write its results onto the graph (netnp_ properties, role labels).

    With --json, prints the results document (docs/analysis-results.md).
    Each analysis is a set of Cypher modules under netnp/cypher/analysis/.
    Every run is kept (`netnp runs`); --label names it, for `netnp report --run`.

    Example:

        netnp analyze all --focus org:asso --kind Person --kind Organization --since 2024-01-01 --json
        netnp analyze all --label 2024
    """
    from netnp.analysis import Scope, results, run_analysis
    from netnp.analysis.runs import check_label
    from netnp.lookup import check_id

    scope = Scope(kinds=kind or ["Person", "Organization", "WebPage"], types=tie_type or None, directed=directed,
                  weight=weight, since=since, until=until)
    check_label(label)
    runner = _runner(ctx)
    check_id(runner, "--focus", focus)
    progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(bar_width=None),
                        TimeElapsedColumn(), console=err_console, transient=True, disable=not err_console.is_terminal)
    with progress:
        task = progress.add_task(f"Analysing: {name}", total=None)
        report_ = run_analysis(runner, name, scope, engine=engine, focus=focus, label=label,
                               on_step=lambda step, done, total: progress.update(
                                   task, description=f"Analysing: {step}", completed=done, total=total))
    _say_cleaned(report_.cleaned)
    # the table shows `limit` nodes; --json gives the whole document
    document = results(runner, focus=focus, limit=None if as_json else limit, run=report_.run_id)
    if as_json:
        print_json(document)
        return
    s = document["summary"]
    named = f"{label} ({report_.run_id})" if label else report_.run_id
    print_pairs([("run", f"{named} ({report_.engine}, {report_.seconds:.1f} s)"),
                 ("nodes / ties", f"{s['nodes']} / {s['ties']}"), ("density", s["density"]),
                 ("components", s["components"]), ("communities", s["communities"]), ("modularity", s["modularity"]),
                 ("roles", s["roles"]), ("gini (degree)", (s["concentration"] or {}).get("gini"))],
                title=f"netnp analyze {name}")
    columns = ("id", "name", "degree", "pagerank", "coreness", "community", "betweenness", "roles")
    print_rows([{c: n[c] for c in columns} for n in document["nodes"][:limit]], title="Top nodes by PageRank")
    if document["recommendations"]:
        rec = document["recommendations"]
        print_rows([{"introduce to": r["name"], "roles": r["roles"], "through": " → ".join(p["name"] for p in r["path"])}
                    for r in rec["introductions"][:limit]], title=f"Introductions for {rec['focus']}")


def _say_cleaned(cleaned: list[dict[str, Any]]) -> None:
    """One line on stderr when a run deleted the results an interrupted run left behind."""
    if cleaned:
        ids = ", ".join(row["run"] for row in cleaned)
        err_console.print(f"Cleaned up the partial results of {len(cleaned)} interrupted run(s): {ids}.",
                          markup=False, highlight=False, soft_wrap=True)


@app.command("browser-style")
def browser_style_command(
    output: Annotated[str | None, typer.Option("-o", "--output", help="Write the style to this file instead of printing it.")] = None,
) -> None:
    """Print the Neo4j Browser style (GraSS) that colours Hub, Core, Bridge and Periphery nodes.

    Paste it after `:style` in Browser, or drag the saved file onto Browser.

    Example:

        netnp browser-style -o netnp.grass
    """
    from pathlib import Path

    from netnp.analysis import browser_style

    if output:
        Path(output).write_text(browser_style(), encoding="utf-8")
        console.print(f"Style written to {output}; drag it onto Neo4j Browser.", markup=False, highlight=False)
    else:
        typer.echo(browser_style(), nl=False)


# -- report (netnp/report: HTML, Markdown and JSON reports) -------------------------
@app.command()
def report(
    ctx: typer.Context,
    output: Annotated[str, typer.Option("-o", "--output", help="The file to write.")] = "report.html",
    lang: Annotated[str, typer.Option("--lang", help="Language of the report: en or fr.")] = "en",
    fmt: Annotated[str, typer.Option("--format", help="html (one self-contained file), md or json.")] = "html",
    focus: Annotated[str | None, typer.Option("--focus", help="Id of the focal organisation for the recommendations; the analysis run's focus by default.")] = None,
    max_nodes: Annotated[int, typer.Option("--max-nodes", help="The most nodes the network view draws (the top ones by PageRank).")] = 1000,
    from_document: Annotated[Path | None, typer.Option("--from", help="Render this results document (the JSON of `netnp report --format json`) instead of reading the graph; needs no server.")] = None,
    anonymise: Annotated[bool, typer.Option("--anonymise", help="Replace people's names and ids by stable pseudonyms, to share the report outside the association (docs/privacy.md).")] = False,
    run: Annotated[str | None, typer.Option("--run", help="The label or id of the run to report on (`netnp runs` lists them). Default: the last complete run.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Write a report of an analysis run, for staff: HTML (offline, one file), Markdown or JSON.

    The report reads the results the last complete `netnp analyze` run (or
    the run --run names) kept in the graph; it recomputes nothing, and refuses
    a run whose results are incomplete. The HTML file opens from disk, makes no
    network request, and holds an interactive view of the network. With
    --from, it renders a results document saved earlier, without a server.

    Example:

        netnp report -o rapport.html --lang fr --focus org:asso
        netnp report --run 2024 -o report-2024.html
        netnp report --format json -o results.json && netnp report --from results.json -o report.html

        netnp report --anonymise -o shared-report.html
    """
    from netnp.lookup import check_id
    from netnp.report import render_report, report_document
    from netnp.report.data import read_document
    from netnp.report.i18n import check_language
    from netnp.report.render import FORMATS

    check_language(lang)
    if fmt not in FORMATS:
        raise NetnpError(f"unknown report format '{fmt}'; choose one of {', '.join(FORMATS)}")
    if max_nodes < 1:
        raise NetnpError("--max-nodes must be at least 1")
    if from_document is not None and (focus is not None or run is not None):
        option = "--focus" if focus is not None else "--run"
        raise NetnpError(f"{option} chooses what is read from the graph; a document given with --from is rendered as it is")
    with _spinner("Writing the report"):
        if from_document is not None:
            document = read_document(from_document)
        else:
            runner = _runner(ctx)
            check_id(runner, "--focus", focus)
            document = report_document(runner, fmt, focus=focus, limit=max_nodes, run=run)
        if anonymise:
            from netnp.person.anonymise import anonymise_document

            document = anonymise_document(document, None if from_document is not None else _runner(ctx))
        path = render_report(document, output, lang=lang, fmt=fmt, limit=max_nodes)
    if as_json:
        print_json({"path": str(path), "format": fmt, "lang": lang, "bytes": path.stat().st_size})
    else:
        console.print(f"Report written to {path}", soft_wrap=True, highlight=False, markup=False)


# -- runs (netnp/analysis/runs: kept runs, and snapshots over time) ----------------
runs_app = typer.Typer(
    invoke_without_command=True, no_args_is_help=False, pretty_exceptions_enable=False, rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(runs_app, name="runs")


@runs_app.callback()
def runs_list(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """List the kept analysis runs, newest first (label, id, window, scope, engine, date, size), or delete one.

    Example:

        netnp runs --json
        netnp runs delete 2023-Q2 --yes
    """
    if ctx.invoked_subcommand is not None:
        return
    from netnp.analysis.runs import list_runs, summary

    rows = [summary(record) for record in list_runs(_runner(ctx))]
    if as_json:
        print_json(rows)
        return
    print_rows([{"label": r["label"] or "", "id": r["id"], "since": r["since"] or "", "until": r["until"] or "",
                 "kinds": ",".join(r["kinds"] or []), "types": ",".join(r["types"] or []) or "all",
                 "engine": r["engine"], "date": r["started_at"], "nodes": r["nodes"], "pairs": r["pairs"]}
                for r in rows], title="Analysis runs, newest first")


@runs_app.command("delete")
def runs_delete(
    ctx: typer.Context,
    run: Annotated[str, typer.Argument(help="The label or id of the run to delete.")],
    yes: Annotated[bool, typer.Option("--yes", help="Delete without asking.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Delete one kept run and its results (and what interrupted runs left behind).

    When it is the last run, reports then read the run before it.

    Example:

        netnp runs delete 2023-Q2 --yes
    """
    from netnp.analysis.runs import delete_run, describe, find_run

    runner = _runner(ctx)
    record = find_run(runner, run)
    if not yes:
        if not sys.stdin.isatty():
            raise NetnpError(f"deleting run {describe(record)} needs --yes when no one is at the terminal to confirm")
        typer.confirm(f"Delete run {describe(record)} and its results?", abort=True, err=True)
    deleted = delete_run(runner, record["id"])
    if as_json:
        print_json(deleted)
        return
    console.print(f"Deleted run {describe({'id': deleted['run'], 'label': deleted['label']})} "
                  f"({deleted['chunks']} chunks); the last run is now {deleted['last'] or 'none'}.",
                  highlight=False, markup=False, soft_wrap=True)
    _say_cleaned(deleted["debris"])


@app.command()
def snapshots(
    ctx: typer.Context,
    every: Annotated[str, typer.Option("--every", help="year, quarter or month: one run per period.")],
    start: Annotated[str, typer.Option("--from", help="First day of the series (ISO date).")],
    end: Annotated[str, typer.Option("--to", help="Last day of the series (ISO date).")],
    cumulative: Annotated[bool, typer.Option("--cumulative", help="Every window starts at --from (the network so far), instead of at its period's start.")] = False,
    label_prefix: Annotated[str, typer.Option("--label-prefix", help="Put this before each run's label (labels are 2023, 2023-Q2, 2023-05).")] = "",
    replace: Annotated[bool, typer.Option("--replace", help="Replace the runs that hold these labels already.")] = False,
    kind: Annotated[list[str] | None, typer.Option("--kind", help="A node kind in scope (repeat): Person, Organization, WebPage. Default: all.")] = None,
    tie_type: Annotated[list[str] | None, typer.Option("--type", help="A tie type in scope (repeat), e.g. KNOWS. Default: all.")] = None,
    directed: Annotated[bool, typer.Option("--directed", help="Ties have a direction (in/out-degree, directed PageRank).")] = False,
    weight: Annotated[str, typer.Option("--weight", help="Tie property holding the weight (1.0 when missing).")] = "weight",
    focus: Annotated[str | None, typer.Option("--focus", help="Id of the focal organisation, for recommendations.")] = None,
    engine: Annotated[str, typer.Option("--engine", help="auto (GDS if installed), gds, or cypher (no plugin needed).")] = "auto",
    as_json: JsonOption = False,
) -> None:
    """Analyse the network window by window (each year, quarter or month), keeping one labelled run per window.

    Each window's run is `netnp analyze all` with --since and --until set to
    the window, labelled by its period (2023, 2023-Q2, 2023-05). Labels that
    runs hold already are refused before anything is computed, unless --replace.
    A window with no tie in scope (a quiet month) keeps no run, and is named
    on stderr; the series goes on.

    Example:

        netnp snapshots --every quarter --from 2023-01-01 --to 2024-12-31 --focus org:asso
        netnp snapshots --every year --from 2021-01-01 --to 2024-12-31 --cumulative --label-prefix total-
    """
    from rich.progress import MofNCompleteColumn

    from netnp.analysis import Scope
    from netnp.analysis.runs import windows
    from netnp.analysis.snapshots import take_snapshots
    from netnp.lookup import check_id

    scope = Scope(kinds=kind or ["Person", "Organization", "WebPage"], types=tie_type or None, directed=directed,
                  weight=weight)
    runner = _runner(ctx)
    check_id(runner, "--focus", focus)
    progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(bar_width=None),
                        MofNCompleteColumn(), TextColumn("windows"), TimeElapsedColumn(), console=err_console,
                        transient=True, disable=not err_console.is_terminal)
    seen: list[str] = []

    def on_window(label: str, step: str) -> None:
        if not seen or seen[-1] != label:
            if seen:
                progress.advance(task)
            seen.append(label)
        progress.update(task, description=f"Analysing {label}: {step}")

    with progress:
        task = progress.add_task("Snapshots", total=len(windows(every, start, end, cumulative)))
        taken = take_snapshots(runner, every, start, end, cumulative=cumulative, label_prefix=label_prefix,
                               replace=replace, scope=scope, engine=engine, focus=focus, on_window=on_window)
    done, empty = [], []
    for label, window, ran in taken:
        if ran is None:
            empty.append(label)
            continue
        _say_cleaned(ran.cleaned)
        done.append({"label": label, "id": ran.run_id, "since": window.since, "until": window.until,
                     "nodes": ran.nodes, "pairs": ran.pairs, "engine": ran.engine, "seconds": round(ran.seconds, 2)})
    if empty:
        err_console.print(f"No tie in scope in {', '.join(empty)}: no run kept for {'it' if len(empty) == 1 else 'them'}.",
                          markup=False, highlight=False, soft_wrap=True)
    if as_json:
        print_json(done)
    else:
        print_rows(done, title=f"netnp snapshots --every {every}")


# -- growth (netnp/growth.py: what changed between kept runs) ---------------------
def _print_growth(document: dict[str, Any], limit: int) -> None:
    """A growth document as a few tables: summary, network change, role transitions, movers, ties, follow-up."""
    nodes, ties = document["nodes"], document["ties"]
    names = {side: document[side]["label"] or document[side]["id"] for side in ("from", "to")}
    print_pairs([("from → to", f"{names['from']} → {names['to']}"),
                 ("nodes joined / left / kept", f"{len(nodes['joined'])} / {len(nodes['left'])} / {nodes['kept']}"),
                 ("ties added / dropped / kept", f"{ties['added']} / {ties['dropped']} / {ties['kept']}"),
                 ("ties jaccard", ties["jaccard"]),
                 ("ties strengthened / weakened", f"{len(ties['strengthened'])} / {len(ties['weakened'])}"),
                 ("weak ties become strong", len(ties["weak_to_strong"]) if ties["weak_to_strong"] is not None else None),
                 ("hubs kept / gained / lost", " / ".join(str(len(document["hubs"][k])) for k in ("kept", "gained", "lost"))),
                 ("new ties through periphery / core", f"{document['entry']['periphery_share']} / {document['entry']['core_share']}")],
                title="netnp growth")
    print_rows([{"measure": k, **v} for k, v in document["network"].items()], title="The network")
    print_rows([{"from": t["from"], "to": t["to"], "nodes": t["count"]} for t in document["roles"]["transitions"]
                if t["from"] != t["to"]], title="Role transitions")
    print_rows([{k: (", ".join(v) if isinstance(v, list) else v) for k, v in m.items()}
                for m in document["movers"][:limit]], title="Movers (towards the core first)")
    if ties["weak_to_strong"]:
        print_rows([{k: t[k] for k in ("source", "target", "type", "weight_from", "weight_to", "overlap_from", "overlap_to")}
                    for t in ties["weak_to_strong"][:limit]], title="Weak ties become strong")
    communities = document["communities"]
    if communities:
        print_pairs([("continued", len(communities["continued"])), ("born", communities["born"]),
                     ("died", communities["died"]),
                     ("merged", [f"{m['from']} → {m['to']}" for m in communities["merged"]]),
                     ("split", [f"{s['from']} → {s['to']}" for s in communities["split"]])], title="Communities")
    follow = document["recommendations"]
    if follow:
        print_rows([{"introduce to": i["name"] or i["id"], "through": i["introducer_name"] or i["introducer"],
                     "tied now": i["tied"]} for i in follow["introductions"]],
                   title=f"Introductions recommended for {follow['focus']}: {follow['introduced']} made")
        print_rows([{"strengthen": s["target_name"] or s["target"], "weight_from": s["weight_from"],
                     "weight_to": s["weight_to"], "strengthened": s["strengthened"]} for s in follow["strengthen"]],
                   title=f"Ties to strengthen: {follow['strengthened']} strengthened")


@app.command()
def growth(
    ctx: typer.Context,
    runs: Annotated[list[str] | None, typer.Argument(help="Two runs, A then B, by label or id; with --series, the runs of the series (default: every run of the latest run's scope, one per window).", show_default=False)] = None,
    series: Annotated[bool, typer.Option("--series", help="Compare each run of a series of snapshots with the next, in the order of their windows.")] = False,
    focus: Annotated[str | None, typer.Option("--focus", help="Follow up the recommendations made for this id in run A (default: run A's focus).")] = None,
    limit: Annotated[int, typer.Option("--limit", help="Rows per table in the printed summary.")] = 10,
    as_json: JsonOption = False,
) -> None:
    """Measure what changed between two kept analysis runs: who joined and left, ties added, dropped and strengthened,
    movers between periphery and core, hubs, communities, and whether run A's recommendations were followed.

    Runs are named by label or id. With --json, prints the growth document (docs/growth.md); with --series, the
    figures of every run of a series of snapshots and of each step from one run to the next.

    Example:

        netnp growth run-2025-01-05T10:00:00Z-ab12 run-2026-01-05T10:00:00Z-cd34 --json

        netnp growth --series
    """
    from netnp.growth import growth as growth_between
    from netnp.growth import series as growth_series
    from netnp.lookup import check_id

    runs = runs or []
    if not series and len(runs) != 2:
        raise NetnpError("growth compares two runs: give A and B (label or id), or --series")
    runner = _runner(ctx)
    check_id(runner, "--focus", focus)
    with _spinner("Comparing runs"):
        document = growth_series(runner, runs, focus) if series else growth_between(runner, runs[0], runs[1], focus)
    if as_json:
        print_json(document)
        return
    if not series:
        _print_growth(document, limit)
        return
    measures = ("nodes", "ties", "density", "components", "modularity", "k_max", "gini", "top2")
    print_rows([{"run": r["label"] or r["id"], "since": r["since"], "until": r["until"],
                 **{m: r["network"][m] for m in measures}} for r in document["runs"]], title="The series")
    print_rows([{"from": s["from"]["label"] or s["from"]["id"], "to": s["to"]["label"] or s["to"]["id"],
                 "joined": len(s["nodes"]["joined"]), "left": len(s["nodes"]["left"]), "ties added": s["ties"]["added"],
                 "ties dropped": s["ties"]["dropped"], "jaccard": s["ties"]["jaccard"], "movers": len(s["movers"]),
                 "via periphery": s["entry"]["periphery_share"]} for s in document["steps"]], title="Each step")


# -- import, export, samples ------------------------------------------------------
class _BarProgress:
    """Draws the importer's phases as a spinner, then a bar with rows per second."""

    def __init__(self, progress: Progress):
        self.progress = progress
        self.task = progress.add_task("Starting", total=None)

    def phase(self, description: str, total: int | None = None) -> None:
        self.progress.update(self.task, description=description, total=total, completed=0)

    def advance(self, rows: int) -> None:
        self.progress.advance(self.task, rows)


def _bar() -> Progress:
    from rich.progress import MofNCompleteColumn, TimeRemainingColumn

    return Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(bar_width=None), MofNCompleteColumn(),
                    TextColumn("rows"), TimeElapsedColumn(), TimeRemainingColumn(), console=err_console, transient=True, disable=not err_console.is_terminal)


@app.command("import")
def import_(
    ctx: typer.Context,
    files: Annotated[list[Path] | None, typer.Argument(help="GraphML (.graphml), GEXF (.gexf) or node-link JSON (.json) files.", show_default=False)] = None,
    nodes: Annotated[Path | None, typer.Option("--nodes", help="CSV of nodes: id, and kind, name (or Gephi's Label) and any other columns.")] = None,
    edges: Annotated[Path | None, typer.Option("--edges", help="CSV of ties: source,target, and type, weight, since, until, channel, directed, date and observation (a dated observation) and any others; or Gephi's Source,Target,Type,Id,Label,Weight.")] = None,
    aliases: Annotated[Path | None, typer.Option("--aliases", help="CSV of aliases: alias,id (the alias is another name of node id).")] = None,
    skip_invalid: Annotated[bool, typer.Option("--skip-invalid", help="Write the valid rows and list the bad ones in the rejects file (exit code 2).")] = False,
    rejects: Annotated[Path | None, typer.Option("--rejects", help="Where to list rejected rows.", show_default="FIRST_FILE.rejects.csv")] = None,
    kind: Annotated[str, typer.Option("--kind", help="Kind of the nodes whose file gives none (no kind column or attribute, or an empty one), in every format.")] = "person",
    type_: Annotated[str, typer.Option("--type", help="Type of the ties whose file gives none (no type column or attribute, an empty one, or Gephi's Directed/Undirected), in every format.")] = "KNOWS",
    batch_size: Annotated[int, typer.Option(help="Rows per transaction.")] = 10_000,
    from_: Annotated[str | None, typer.Option("--from", help="The source the files are exported from (see docs/sources.md); detected when left out and the files make it unambiguous.", show_default=False)] = None,
    me: Annotated[str | None, typer.Option("--me", help="The address or handle of the mailbox or account owner, when the export does not say it.", show_default=False)] = None,
    as_id: Annotated[str | None, typer.Option("--as", help="Id of an existing node that the owner is (such as org:asso): the owner's ties become its ties.", show_default=False)] = None,
    pseudonymise: Annotated[bool, typer.Option("--pseudonymise", help="Replace people's addresses and handles by stable keyed hashes (docs/privacy.md).")] = False,
    names: Annotated[str, typer.Option("--names", help="With --pseudonymise: keep or drop people's names.")] = "keep",
    map_: Annotated[Path | None, typer.Option("--map", help="CRM and Network Canvas sources: CSV relationship_type,tie_type naming the tie type of each relationship type, affiliation role or edge type (docs/sources.md).", show_default=False)] = None,
    allow_forgotten: Annotated[bool, typer.Option("--allow-forgotten", help="Import the rows of people that `netnp person forget` erased, which are skipped otherwise.")] = False,
    keep_lists: Annotated[bool, typer.Option("--keep-lists", help="mbox: keep mailing-list messages (List-Id) and no-reply senders.")] = False,
    many_recipients: Annotated[int, typer.Option("--many-recipients", help="mbox: flag messages with more recipients than this in the report (they are kept).")] = 100,
    question: Annotated[list[str] | None, typer.Option("--question", help="survey: COLUMN=TYPE, the tie type of a question's answers (repeat for each question).", show_default=False)] = None,
    co_attendance: Annotated[bool, typer.Option("--co-attendance", help="attendance: also KNOWS ties between people at the same event on the same date.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Import a network from CSV, GraphML, GEXF or node-link JSON, or from a source's export; safe to run again.

    Every row is checked first: by default, a bad row (unknown kind or type,
    missing id, unknown tie endpoint, bad weight or date, missing column) means
    nothing is written, and each problem is shown with its file, line and field.

    CSV files may be UTF-8 or UTF-16, with lines ended by LF, CRLF or CR, and
    `,` `;` or tab between fields (or Excel's `sep=;` first line). Gephi's
    spreadsheet CSV is read as Gephi writes it: a node's Label is its name, an
    edge's Type (Directed or Undirected) goes to the tie's `directed` property
    and its Label, when it is a tie type such as KNOWS, is its type.

    Example:

        netnp import --nodes nodes.csv --edges edges.csv --aliases aliases.csv

        netnp import network.graphml --kind person --type KNOWS

        netnp import --nodes gephi-nodes.csv --edges gephi-edges.csv --kind organization

        netnp import Mail/Sent.mbox --from mbox --me office@asso.org --as org:asso --pseudonymise

        netnp import contacts.csv relationships.csv --from civicrm --map relationship-types.csv
    """
    from netnp.importing.importer import ImportRejected, import_files
    from netnp.sources import SourceOptions

    settings = {"keep_lists": keep_lists, "max_recipients": many_recipients, "questions": question or [],
                "co_attendance": co_attendance}
    if map_:
        settings["map"] = map_
    options = SourceOptions(me=me, as_id=as_id, pseudonymise=pseudonymise, names=names, settings=settings)
    runner = _runner(ctx)
    if as_id is not None:
        from netnp.lookup import check_id

        check_id(runner, "--as", as_id)  # the owner's node must exist: one line, not one problem per tie
    try:
        with _bar() as progress:
            report = import_files(runner, nodes=nodes, edges=edges, graphs=files or [], aliases=aliases,
                                  skip_invalid=skip_invalid, rejects=rejects, default_kind=kind, default_type=type_,
                                  batch_size=batch_size, progress=_BarProgress(progress), source=from_,
                                  source_options=options, allow_forgotten=allow_forgotten)
    except ImportRejected as exc:
        if as_json:
            print_json(exc.report.summary())
        raise
    if as_json:
        print_json(report.summary())
    else:
        rate = report.ties_written / report.seconds if report.seconds else 0
        console.print(f"Imported {report.nodes_written} nodes and {report.ties_written} ties in {report.seconds:.1f} s "
                      f"({rate:,.0f} ties/s); import id {report.import_id}.", highlight=False)
        if report.forgotten:
            console.print(f"Skipped {report.forgotten} row(s) of forgotten people (--allow-forgotten imports them).",
                          highlight=False, markup=False)
        for file, notes in report.notes.items():
            counted = "; ".join(f"{key.replace('_', ' ')}: {value}" for key, value in notes.items() if key != "flagged")
            console.print(f"{file}: {counted}", highlight=False, markup=False, soft_wrap=True)
            for line in notes.get("flagged", ()):
                console.print(f"  flagged: {line}", highlight=False, markup=False, soft_wrap=True)
    if report.rejected:
        err_console.print(f"Rejected {report.rejected} row(s); the reasons are in {report.rejects_file}", markup=False)
        raise typer.Exit(2)


@app.command("export")
def export(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="Output file; its suffix picks the format: .graphml, .gexf, .json or .csv.")],
    anonymise: Annotated[bool, typer.Option("--anonymise", help="Replace people's names, ids, aliases and addresses by stable pseudonyms (docs/privacy.md).")] = False,
    as_json: JsonOption = False,
) -> None:
    """Export the graph with its analysis results, for Gephi and other tools.

    Analysis results go out as attributes: properties prefixed netnp_ and
    netnp_roles (Hub, Core, Periphery, Bridge). FILE.csv writes two files,
    FILE.nodes.csv and FILE.edges.csv, in the format `netnp import` reads
    (one row per dated observation). With dated ties, FILE.gexf is a dynamic
    GEXF 1.3 whose spells Gephi's timeline plays.

    Example:

        netnp export network.gexf

        netnp export --anonymise shared.graphml
    """
    from netnp.exporting import export_graph

    with _spinner(f"Exporting to {file}"):
        report = export_graph(_runner(ctx), file, anonymise=anonymise)
    if as_json:
        print_json(report)
    else:
        console.print(f"Wrote {report['nodes']} nodes and {report['ties']} ties to {', '.join(report['files'])}.", highlight=False)


@app.command("sample")
def sample(
    ctx: typer.Context,
    name: Annotated[str | None, typer.Argument(help="Sample name; see --list.", show_default=False)] = None,
    size: Annotated[int | None, typer.Option(help="Number of ties of the synthetic network (up to 1,000,000).", show_default="2000")] = None,
    seed: Annotated[int, typer.Option(help="Random seed of the synthetic network: the same seed gives the same network.")] = 7,
    csv_dir: Annotated[Path | None, typer.Option("--csv", help="Write nodes.csv and edges.csv into this folder instead of loading.")] = None,
    list_samples: Annotated[bool, typer.Option("--list", help="List the samples and exit.")] = False,
    history: Annotated[bool, typer.Option("--history/--no-history", help="Give the synthetic association's ties four years of dated observations (2022-2025), or one undated row each.")] = True,
    as_json: JsonOption = False,
) -> None:
    """Load a sample network: a synthetic French association, or a classic network.

    The synthetic one ("association") has staff, volunteers, donors, partner
    organisations, journalists, bloggers and web pages, with planted hubs, a
    core, clusters and bridging periphery. Its ties are observed once a year
    from 2022 to 2025, and it grows: some members move into the core, weak
    ties strengthen, a new local group appears in 2024 and some people leave
    (`trajectory` says who). The classics come from networkx.

    Example:

        netnp sample association --size 20000 --seed 1
    """
    from netnp import samples

    if list_samples or not name:
        rows = [{"name": n, "what": d} for n, d in samples.SAMPLES.items()]
        print_json(rows) if as_json else print_rows(rows, title="Samples")
        return
    if csv_dir is not None:
        result = samples.write_sample_csv(name, csv_dir, size=size, seed=seed, history=history)
    else:
        with _bar() as progress:
            bar = _BarProgress(progress)
            bar.phase(f"Loading {name}")
            result = samples.load_sample(_runner(ctx), name, size=size, seed=seed, history=history,
                                         on_rows=bar.advance)
    if as_json:
        print_json(result)
    else:
        verb = f"Wrote sample '{name}' to {', '.join(result['files'])}" if "files" in result else f"Loaded sample '{name}'"
        console.print(f"{verb}: {result['nodes']} nodes and {result['rows']} tie rows.", highlight=False)


# -- identities (netnp/identities: one person, many traces) -----------------------
identities_app = _app(
    "Find the nodes that stand for one person or organisation, review them, and fold them into one.\n\n"
    "Example:\n\n    netnp identities suggest -o candidates.csv && netnp identities apply candidates.csv"
)
app.add_typer(identities_app, name="identities")


@identities_app.command("suggest")
def identities_suggest(
    ctx: typer.Context,
    min_score: Annotated[float | None, typer.Option("--min-score", help="Least score of a suggestion, between 0 and 1.", show_default="0.7")] = None,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write the candidates file (alias,id,score,evidence,…) here.")] = None,
    limit: Annotated[int, typer.Option("--limit", help="Rows the printed table shows (the file and --json have them all).")] = 20,
    as_json: JsonOption = False,
) -> None:
    """Propose the nodes that are probably one person or organisation, with a score and the evidence.

    Compares people with people and organisations with organisations: same
    e-mail address, phone or handle, names equal or alike (accents, case,
    word order, initials, titles and typing errors aside), an e-mail local
    part that spells the other's name, shared neighbours. Each row of the
    candidates file says that `alias` is the same entity as `id`: review it,
    delete the rows that are wrong, then fold the rest with `netnp
    identities apply`. The file is an alias file, which `netnp import
    --aliases` reads too. docs/identities.md explains the scores.

    Example:

        netnp identities suggest --min-score 0.9 -o candidates.csv

        netnp identities suggest --json > candidates.json
    """
    from netnp.identities import DEFAULT_MIN_SCORE, suggest

    runner = _runner(ctx)
    with _bar() as progress:
        report = suggest(runner, min_score=DEFAULT_MIN_SCORE if min_score is None else min_score, output=output,
                         progress=_BarProgress(progress))
    if as_json:
        print_json(report.summary())
        return
    rows = [{"alias": s.alias.id, "id": s.id.id, "score": round(s.pair.score, 3), "names": f"{s.alias.shown} ~ {s.id.shown}",
             "evidence": s.pair.evidence_text()} for s in report.suggestions[:limit]]
    if rows:
        print_rows(rows, title="Suggested identities")
    records = ", ".join(f"{n} {kind}" for kind, n in report.records.items())
    where = f"; written to {report.output}" if report.output else "; -o FILE writes them all for review"
    console.print(f"{len(report.suggestions)} suggestion(s) in {len(report.identities)} identities, from {records} "
                  f"({report.compared} pairs compared) in {report.seconds:.1f} s{where}.", highlight=False, markup=False)


@identities_app.command("apply")
def identities_apply(
    ctx: typer.Context,
    candidates: Annotated[Path, typer.Argument(help="The reviewed candidates file (columns alias,id; others are ignored).")],
    as_json: JsonOption = False,
) -> None:
    """Fold the identities of a reviewed candidates file, through the aliases of the imports.

    Every row is checked first: an alias or id that names no node, or a row
    that would fold two different kinds, is reported with its file, line and
    field, and nothing is changed. Then each identity keeps the id its rows
    point to; the other nodes are folded into it (their ids become aliases,
    their ties move over, their properties fill the gaps). Applying the same
    file again changes nothing.

    Example:

        netnp identities apply candidates.csv
    """
    from netnp.identities import apply_candidates

    with _spinner(f"Applying {candidates}"):
        report = apply_candidates(_runner(ctx), candidates)
    if as_json:
        print_json(report.summary())
    else:
        console.print(f"Folded {report.folded} node(s) into {report.identities} identities from {report.rows} row(s) "
                      f"of {candidates}.", highlight=False, markup=False)


@identities_app.command("list")
def identities_list(
    ctx: typer.Context,
    node_id: Annotated[str, typer.Argument(metavar="ID", help="A node's id, or one of its aliases.")],
    as_json: JsonOption = False,
) -> None:
    """Show every id, alias and source that a node stands for.

    The sources are the files (or crawls, or samples) and imports that wrote
    the node and its ties: ties moved over from a folded node keep theirs.

    Example:

        netnp identities list p:ana --json
    """
    from netnp.identities import identity

    found = identity(_runner(ctx), node_id)
    if as_json:
        print_json(found)
        return
    for row in found:
        pairs = [("id", row["id"]), ("kind", row["kind"]), ("name", row["name"]),
                 ("aliases", ", ".join(row["aliases"]) or "—")]
        if row["matched_alias"]:
            pairs.append(("found by", f"its alias {node_id}"))
        print_pairs(pairs, title=f"Identity of {row['id']}")
        print_rows([{"source": s["source"], "import": s["import_id"], "imported at": s["imported_at"],
                     "ties": s.get("ties")} for s in row["sources"]], title="Sources")


# -- person (netnp/person: one person's data, access and erasure) -------------------
person_app = _app(
    "One person's data: export everything the graph holds about them, or forget them everywhere.\n\n"
    "Example:\n\n    netnp person export p:ana -o ana.json && netnp person forget p:ana"
)
app.add_typer(person_app, name="person")


@person_app.command("export")
def person_export(
    ctx: typer.Context,
    node_id: Annotated[str, typer.Argument(metavar="ID", help="The person's id, or one of their aliases.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="The JSON file to write (readable by its owner only).")],
    as_json: JsonOption = False,
) -> None:
    """Write everything the graph holds about one person to a JSON file (the right of access).

    The file holds the person's node (every property, aliases, labels), every
    tie with all its properties and dated observations, the files and imports
    they came from, and the results of every analysis run about them. An
    organisation or a web page may be exported the same way. docs/privacy.md
    describes the file.

    Example:

        netnp person export p:ana -o ana.json
    """
    from netnp.person import export_person

    with _spinner(f"Exporting {node_id}"):
        report = export_person(_runner(ctx), node_id, output)
    if as_json:
        print_json(report)
    else:
        console.print(f"Wrote {report['entities']} node(s), {report['ties']} tie(s) and the results of "
                      f"{report['runs']} run(s) about {node_id} to {report['path']}.", highlight=False, markup=False)


@person_app.command("forget")
def person_forget(
    ctx: typer.Context,
    node_id: Annotated[str, typer.Argument(metavar="ID", help="The person's id, or one of their aliases.")],
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask before forgetting an organisation that people are members of.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Erase one person everywhere in the graph, prove it, and keep them out of later imports (the right to erasure).

    Deletes their node (and any node that keeps their id as an alias), their
    ties and observations, their entries in every analysis run, and their
    ids in netnp's bookkeeping; then searches every property of every node
    and relationship of the database for their ids, aliases, addresses and
    name, and fails if any is left. Only keyed hashes of their identifiers
    stay, so that `netnp import` skips them (unless --allow-forgotten).
    Forgetting an organisation that people are members of asks first.

    Example:

        netnp person forget p:ana

        netnp person forget org:old-partner --yes --json
    """
    from netnp.person import forget, plan_forget

    runner = _runner(ctx)
    plan = plan_forget(runner, node_id)
    if plan.question and not yes and not typer.confirm(plan.question, default=False, err=True):
        raise NetnpError(f"nothing was forgotten; --yes forgets {node_id} without asking")
    with _spinner(f"Forgetting {node_id}"):
        report = forget(runner, plan)
    if as_json:
        print_json(report.summary())
    else:
        print_rows([{"removed": kind.replace("_", " "), "count": count} for kind, count in report.removed.items()],
                   title=f"Forgotten: {node_id}")
        if report.already_forgotten:
            console.print(f"{node_id} was forgotten before: what was left of it is removed.", highlight=False,
                          markup=False)
        proof = report.proof
        homonyms = f"; {len(proof.homonyms)} other node(s) share the name" if proof.homonyms else ""
        console.print(f"Searched {proof.texts} texts of {proof.nodes} nodes and {proof.ties} ties for "
                      f"{proof.terms} identifier(s) and name(s): {len(proof.hits)} found{homonyms}.",
                      highlight=False, markup=False)
    report.check()


# -- crawl, colink (netnp/crawl: the hyperlink network of websites) -----------------
@app.command()
def crawl(
    ctx: typer.Context,
    seed_urls: Annotated[list[str] | None, typer.Argument(metavar="SEED_URL...", help="URLs to start from.", show_default=False)] = None,
    seeds: Annotated[Path | None, typer.Option("--seeds", help="CSV file with columns url,organization_id: more seeds, and which organisation owns each site.")] = None,
    depth: Annotated[int, typer.Option("--depth", "-d", help="Largest number of clicks from a seed.")] = 2,
    max_pages: Annotated[int | None, typer.Option("--max-pages", "-m", help="Largest number of pages this crawl fetches, over all its runs.", show_default="no limit")] = None,
    follow_external: Annotated[bool, typer.Option("--follow-external/--same-site", help="Also fetch other sites' pages (--same-site: only the seeds' sites; links to other sites are recorded).")] = False,
    entity_by: Annotated[str, typer.Option("--entity-by", help="Group pages into web entities by registered 'domain' or by 'host'.")] = "domain",
    delay: Annotated[float, typer.Option(help="Seconds between two requests to the same host (robots.txt Crawl-delay can raise it).")] = 1.0,
    per_host: Annotated[int, typer.Option("--per-host", help="Requests at once to one host.")] = 2,
    concurrency: Annotated[int, typer.Option(help="Requests at once in all.")] = 32,
    timeout: Annotated[float, typer.Option(help="Seconds allowed for one request.")] = 20.0,
    retries: Annotated[int, typer.Option(help="Further attempts after a network error, a time-out, or HTTP 429/502/503/504.")] = 2,
    max_bytes: Annotated[int, typer.Option("--max-bytes", help="Largest page read, in bytes.")] = 5 * 1024 * 1024,
    user_agent: Annotated[str | None, typer.Option("--user-agent", help="The User-Agent header, and the name robots.txt rules are matched against.", show_default="netnp/VERSION (…)")] = None,
    ignore_robots: Annotated[bool, typer.Option("--ignore-robots", help="Do not obey robots.txt (only for sites you own).")] = False,
    allow_private: Annotated[bool, typer.Option("--allow-private", help="Also fetch pages on loopback, private, link-local and other non-public addresses (refused by default, except a seed's own host).")] = False,
    as_json: JsonOption = False,
) -> None:
    """Crawl websites from seed URLs and record their hyperlink network in Neo4j.

    Pages become WebPage entities tied by LINKS_TO (weight: how many times a page
    links to another), grouped into web entities by registered domain or host.
    The crawl obeys robots.txt, waits between requests to a host, and keeps its
    state in Neo4j: run the same command again to resume an interrupted or
    budget-limited crawl; nothing is fetched twice. Ctrl-C stops cleanly.
    docs/crawl.md tells more.

    Example:

        netnp crawl https://www.example.org/ --seeds seeds.csv --max-pages 500
    """
    from netnp.crawl import CrawlOptions, FetchSettings, read_seeds
    from netnp.crawl import crawl as run_crawl

    urls = list(seed_urls or [])
    owners: dict[str, str] = {}
    origins: dict[str, str] = {}
    if seeds is not None:
        for seed in read_seeds(seeds):
            urls.append(seed.url)
            origins[seed.url] = f"{seeds}:{seed.line}"
            if seed.organization_id:
                owners[seed.url] = seed.organization_id
    if not urls:
        raise NetnpError("give at least one SEED_URL, or a seeds file with --seeds; see `netnp crawl --help`")
    for name, value in (("--per-host", per_host), ("--concurrency", concurrency), ("--max-bytes", max_bytes)):
        if value < 1:
            raise NetnpError(f"{name} must be 1 or more, not {value}")
    if delay < 0 or timeout <= 0 or retries < 0:
        raise NetnpError("--delay and --retries must be 0 or more, and --timeout more than 0")
    fetch = FetchSettings(delay=delay, per_host=per_host, concurrency=concurrency, timeout=timeout,
                          retries=retries, max_bytes=max_bytes, allow_private=allow_private)
    if user_agent:
        fetch.user_agent = user_agent
    options = CrawlOptions(seeds=urls, depth=depth, max_pages=max_pages, follow_external=follow_external,
                           entity_mode=entity_by, fetch=fetch, obey_robots=not ignore_robots, owners=owners,
                           owners_source=str(seeds) if seeds else "seeds", seed_origins=origins)
    runner = _runner(ctx)
    progress = Progress(SpinnerColumn(), TextColumn("Crawling"), TextColumn("{task.completed} pages"),
                        TextColumn("{task.fields[rate]:.1f} pages/s"), TextColumn("{task.fields[queued]} queued"),
                        TimeElapsedColumn(), console=err_console, transient=True, disable=not err_console.is_terminal)
    began = time.monotonic()
    with progress:
        task = progress.add_task("crawl", total=None, rate=0.0, queued=0)

        def on_progress(fetched: int, queued: int) -> None:
            rate = fetched / max(time.monotonic() - began, 1e-6)
            progress.update(task, completed=fetched, rate=rate, queued=queued)

        def on_warning(message: str) -> None:
            err_console.print(f"Warning: {message}", markup=False, highlight=False, soft_wrap=True)

        result = run_crawl(runner, options, on_progress=on_progress, on_warning=on_warning, handle_signals=True)
    if as_json:
        print_json(result.as_dict())
    else:
        outcomes = ", ".join(f"{k} {v}" for k, v in sorted(result.outcomes.items(), key=lambda kv: -kv[1]))
        print_pairs([
            ("job", result.job + (f" (resumed; it was {result.previous_status})" if result.resumed else "")),
            ("status", result.status),
            ("pages fetched", f"{result.pages_fetched} in {result.seconds:.1f} s ({result.pages_per_second:.1f} pages/s); "
                              f"{result.job_pages_fetched} in all runs"),
            ("outcomes", outcomes or "none"),
            ("links recorded", result.links),
            ("still queued", result.queued_left),
            ("web entities", f"{result.entities.get('entities', 0)}, with {result.entities.get('entity_links', 0)} links between them"),
            ("owners declared", result.owners),
        ], title="netnp crawl")
        for error in result.errors[:10]:
            err_console.print(f"Failed: {error['url']}: {error['error']}", markup=False, highlight=False, soft_wrap=True)
        if len(result.errors) > 10:
            err_console.print(f"… and {len(result.errors) - 10} more failures (--json lists up to 50).", markup=False)
    if result.status == "interrupted":
        err_console.print("The crawl was interrupted; run the same command again to resume it.", markup=False)
        raise typer.Exit(130)
    if result.status == "stopped":
        err_console.print("The page budget is spent; raise --max-pages and run again to go on.", markup=False)


@app.command()
def colink(
    ctx: typer.Context,
    min_seeds: Annotated[int, typer.Option("--min-seeds", "-k", help="K: keep the web entities linked by at least K seed entities.")] = 2,
    job: Annotated[str | None, typer.Option(help="The crawl job's key (netnp crawl prints it).", show_default="the latest crawl")] = None,
    as_json: JsonOption = False,
) -> None:
    """Co-link analysis: the web entities that at least K of a crawl's seeds link to.

    As in Issue Crawler: a site that several actors of an issue link to belongs
    to the issue's network. Works on the web entities (sites) of the crawl.

    Example:

        netnp colink --min-seeds 2 --json
    """
    from netnp.crawl import colink as run_colink

    result = run_colink(_runner(ctx), min_seeds=min_seeds, job=job)
    if as_json:
        print_json(result)
        return
    rows = [{"entity": r["entity"], "seeds": r["seeds"], "links": r["links"], "seed": "yes" if r["is_seed"] else "",
             "owners": ", ".join(r["owners"]), "linked by": ", ".join(r["linked_by"])} for r in result["entities"]]
    print_rows(rows, title=f"Web entities linked by at least {min_seeds} of the {len(result['seed_entities'])} "
                           f"seeds of {result['job']}")


# -- the main job -------------------------------------------------------------------
@app.command()
def quickstart(
    ctx: typer.Context,
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write the HTML report.")] = Path("netnp-report.html"),
    lang: Annotated[str, typer.Option(help="Language of the report: en or fr.")] = "en",
    size: Annotated[int | None, typer.Option(help="Ties in the synthetic association.", show_default="2000")] = None,
    seed: Annotated[int, typer.Option(help="Seed of the synthetic association.")] = 7,
) -> None:
    """Run the main job end to end: local Neo4j, sample network, analysis, HTML report.

    Starts netnp's local Neo4j (unless NEO4J_URI is set), applies the schema,
    loads the synthetic association "Terre Solidaire" with its four years of
    history, analyses it year by year (hubs, core, clusters, bridging
    periphery, weak ties, recommendations for the association; one kept run
    per year, as `netnp snapshots --every year` makes them) and writes the
    HTML report of the last year, with how the network grew, whose path it
    prints.

    Example:

        netnp quickstart --lang fr -o rapport.html
    """
    from netnp.analysis.snapshots import take_snapshots
    from netnp.report.data import report_document
    from netnp.report.i18n import check_language
    from netnp.report.render import check_target, render_report
    from netnp.samples import DEFAULT_SIZE, FOCUS_ID, HISTORY_YEARS, load_sample

    check_language(lang)  # before the long work, not after it
    check_target(output)
    conn = ctx.find_root().obj
    with _spinner("Connecting to Neo4j") as progress:
        task = progress.task_ids[0]
        runner = conn.runner(on_phase=lambda text: progress.update(task, description=text))
        target = conn.target
        if target.start is not None:
            state = "was already running" if target.start.already_running else f"started in {target.start.seconds:.1f} s"
            console.print(f"1. Local Neo4j {state}: {target.settings.uri}", highlight=False)
        v = health.versions(runner)
        report = schema.apply_schema(runner)
        console.print(f"2. Neo4j {v.neo4j} {v.edition}, APOC {v.apoc or 'missing'}, GDS {v.gds or 'missing'}; "
                      f"schema at version {report.after}", highlight=False)
        progress.update(task, description="Loading the sample association")
        loaded = load_sample(runner, "association", size=size, seed=seed)
        console.print(f"3. Sample association loaded: {loaded['nodes']} people, organisations and pages, "
                      f"{loaded['rows']} dated observations of {size or DEFAULT_SIZE} ties", highlight=False)
        progress.update(task, description="Analysing the network year by year")
        first, last = HISTORY_YEARS[0], HISTORY_YEARS[-1]
        taken = take_snapshots(runner, "year", f"{first}-01-01", f"{last}-12-31", replace=True, focus=FOCUS_ID,
                               on_window=lambda label, step: progress.update(task, description=f"Analysing {label}: {step}"))
        made = [ran for _, _, ran in taken if ran is not None]
        seconds = sum(ran.seconds for ran in made)
        console.print(f"4. The network analysed year by year, {first} to {last}: {len(made)} runs "
                      f"(`netnp runs` lists them) with the {made[-1].engine} engine in {seconds:.1f} s", highlight=False)
        progress.update(task, description="Writing the report")
        path = render_report(report_document(runner, focus=FOCUS_ID), output, lang=lang)
    console.print(f"5. Report written: {path.resolve()}", highlight=False)
    if target.local_server is not None:
        console.print(f"Browse the graph in Neo4j Browser at {target.local_server.browser_url} "
                      "(user neo4j; `netnp server env` shows the password).", highlight=False)


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
