"""The one place that talks to the Neo4j driver.

Everything else in netnp runs Cypher *modules* (see :mod:`netnp.modules`)
through a :class:`Runner`, which

* opens explicit read or write transactions, managed by the driver so that
  transient errors (deadlocks, leader switches) are retried;
* runs ``CALL { … } IN TRANSACTIONS`` modules in auto-commit transactions,
  the only kind Neo4j allows them in, and runs a module of concurrent
  transactions again when two of them deadlock;
* turns driver errors into one-line :class:`~netnp.errors.NetnpError` messages
  that say what to do;
* keeps the driver's own log quiet: the driver logs every transaction it
  retries, and every connection a crashed server drops, as warnings and errors
  that Python would print on stderr. A retry that succeeds is no news to a
  user, and one that fails becomes a one-line error here.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import neo4j
from neo4j import GraphDatabase
from neo4j import exceptions as neo4j_errors

from netnp.config import ConnectionSettings
from netnp.errors import ConnectionFailed, ModuleError, NetnpError
from netnp.modules import Module, ModuleLibrary, library

# The driver logs under "neo4j"; with a handler of its own and no propagation,
# nothing it logs reaches Python's last-resort handler (stderr) or an
# application's root handlers. neo4j.debug.watch() still shows it all.
_driver_log = logging.getLogger("neo4j")
_driver_log.addHandler(logging.NullHandler())
_driver_log.propagate = False

#: Runs of a ``CALL { … } IN CONCURRENT TRANSACTIONS`` module, which may
#: deadlock with itself (two transactions locking the same nodes in turn): such
#: modules only set properties and labels, so running one again is harmless.
CONCURRENT_ATTEMPTS = 3


class ServerRefused(ModuleError):
    """Neo4j refused a module's query; ``code`` is Neo4j's status code
    (``Neo.ClientError.Schema.ConstraintValidationFailed``)."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.code = code


@dataclass
class QueryResult:
    """The rows a module returned, and what it changed."""

    rows: list[dict[str, Any]]
    counters: dict[str, int] = field(default_factory=dict)


#: Lists longer than this are passed as :class:`_ShortRepr`.
_SHORT_REPR_OVER = 100


class _ShortRepr(list):
    """A list parameter whose ``repr`` is its length only.

    The driver formats every query's parameters for its debug log before it
    knows whether that log is on: for a 10,000-row import batch that is a
    long string, made under the interpreter lock while other writers wait
    (docs/import-performance.md). The list is sent unchanged (a list subclass
    packs as a list).
    :meth:`Runner.run` empties it once the query ran: the driver's objects of
    a transaction refer to each other and to its parameters, so they wait for
    the garbage collector, and would keep every row until then.
    """

    __slots__ = ()

    def __repr__(self) -> str:
        return f"<{len(self)} items>"


#: Values that ``Record.data()`` returns as they are.
_PLAIN = frozenset((type(None), bool, int, float, str, bytes))


class _NotPlain(Exception):
    """A value that ``Record.data()`` transforms (a node, a relationship, a path, a date)."""


def _plain(value: Any) -> Any:
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is list:
        if _PLAIN.issuperset(map(type, value)):
            return value
        return [_plain(item) for item in value]
    if kind is dict:
        return {key: _plain(item) for key, item in value.items()}
    raise _NotPlain


def _row(record: neo4j.Record) -> dict[str, Any]:
    """``record.data()``, without its checks against abstract types on every item of a list of numbers
    and strings (which made reading an analysis's pairs several times slower than receiving them): the
    driver's own conversion only for records that hold a node, relationship, path or temporal value."""
    try:
        return {key: _plain(value) for key, value in zip(record.keys(), record.values(), strict=True)}
    except _NotPlain:
        return record.data()


def _counters(summary: neo4j.ResultSummary) -> dict[str, int]:
    c = summary.counters
    names = (
        "nodes_created", "nodes_deleted", "relationships_created", "relationships_deleted",
        "properties_set", "labels_added", "labels_removed", "indexes_added",
        "indexes_removed", "constraints_added", "constraints_removed",
    )
    return {n: getattr(c, n) for n in names if getattr(c, n)}


class Runner:
    """Runs Cypher modules against one Neo4j database.

    Parameters
    ----------
    settings : ConnectionSettings
        Where the server is and how to log in.
    modules : ModuleLibrary, optional
        The modules to run; the ``netnp/cypher/`` folder by default.
    """

    def __init__(self, settings: ConnectionSettings, modules: ModuleLibrary | None = None):
        self.settings = settings
        self.modules = modules or library()
        self._driver: neo4j.Driver | None = None

    # -- connection -----------------------------------------------------------------
    @property
    def driver(self) -> neo4j.Driver:
        if self._driver is None:
            try:
                self._driver = GraphDatabase.driver(
                    self.settings.uri,
                    auth=(self.settings.user, self.settings.password),
                    user_agent="netnp",
                    connection_acquisition_timeout=30,
                    max_transaction_retry_time=30,
                    # Notifications ("label does not exist" on an empty graph) are
                    # not errors; the driver would log each one as a warning.
                    notifications_min_severity="OFF",
                )
                self._driver.verify_connectivity()
            except Exception as exc:
                self.close()
                raise self._translate(exc, None) from None
        return self._driver

    def close(self) -> None:
        if self._driver is not None:
            self._driver.close()
            self._driver = None

    def __enter__(self) -> Runner:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _session(self, write: bool) -> neo4j.Session:
        return self.driver.session(
            database=self.settings.database,
            default_access_mode=neo4j.WRITE_ACCESS if write else neo4j.READ_ACCESS,
        )

    # -- running modules ------------------------------------------------------------
    def module(self, name: str | Module) -> Module:
        return name if isinstance(name, Module) else self.modules.get(name)

    def read(self, name: str | Module, /, **params: Any) -> list[dict[str, Any]]:
        """Run a module in a read transaction and return its rows."""
        return self.run(name, params, write=False).rows

    def write(self, name: str | Module, /, **params: Any) -> QueryResult:
        """Run a module in a write transaction (or auto-commit for ``IN TRANSACTIONS``)."""
        return self.run(name, params, write=True)

    def run(self, name: str | Module, params: dict[str, Any], *, write: bool) -> QueryResult:
        """Run a module; ``write=False`` opens a read transaction, which the server
        refuses to write in."""
        module = self.module(name)
        module.check_params(params)
        if module.writes and not write:
            raise ModuleError(
                f"module '{module.name}' writes to the graph; run it with --write to allow that"
            )

        params = {k: _ShortRepr(v) if type(v) is list and len(v) > _SHORT_REPR_OVER else v for k, v in params.items()}
        try:
            return self._run_with_retries(module, params, write)
        finally:
            for value in params.values():
                if type(value) is _ShortRepr:
                    value.clear()

    def _run_with_retries(self, module: Module, params: dict[str, Any], write: bool) -> QueryResult:
        def work(tx: neo4j.ManagedTransaction) -> QueryResult:
            result = tx.run(module.text, params)
            rows = [_row(record) for record in result]
            return QueryResult(rows, _counters(result.consume()))

        attempt = 0
        while True:
            attempt += 1
            try:
                with self._session(write) as session:
                    if module.needs_autocommit:
                        result = session.run(module.text, params)
                        rows = [_row(record) for record in result]
                        return QueryResult(rows, _counters(result.consume()))
                    if write:
                        return session.execute_write(work)
                    return session.execute_read(work)
            except NetnpError:
                raise
            except neo4j_errors.TransientError as exc:
                # The driver retries managed transactions itself, not auto-commit ones:
                # a module whose concurrent transactions deadlocked is run again whole.
                if not module.runs_concurrently:
                    raise self._translate(exc, module) from None
                if attempt == CONCURRENT_ATTEMPTS:
                    raise self._gave_up(exc, module, attempt) from None
                time.sleep(attempt)
            except Exception as exc:
                raise self._translate(exc, module) from None

    def explain(self, name: str | Module, /, **params: Any) -> list[str]:
        """Compile a module without running it (``EXPLAIN``); returns the plan's
        operators. Checks syntax, procedures and functions against this server."""
        module = self.module(name)
        module.check_params(params)
        try:
            with self._session(module.writes) as session:
                summary = session.run("EXPLAIN " + module.text, params).consume()
        except Exception as exc:
            raise self._translate(exc, module) from None
        operators: list[str] = []
        stack = [summary.plan] if summary.plan else []
        while stack:
            plan = stack.pop()
            operators.append(plan["operatorType"] if isinstance(plan, dict) else plan.operator_type)
            stack.extend(plan.get("children", []) if isinstance(plan, dict) else plan.children)
        return operators

    def rehearse(self, name: str | Module, /, **params: Any) -> None:
        """Run a module in a transaction that is then rolled back: the server plans and runs it as it
        would for real, and nothing it wrote stays. For warming a server up; a module that commits its
        own transactions (``IN TRANSACTIONS``) cannot be rehearsed."""
        module = self.module(name)
        module.check_params(params)
        if module.needs_autocommit:
            raise ModuleError(f"module '{module.name}' commits its own transactions and cannot be rehearsed")
        try:
            with self._session(True) as session, session.begin_transaction() as tx:
                tx.run(module.text, params).consume()
                tx.rollback()
        except Exception as exc:
            raise self._translate(exc, module) from None

    def write_batches(
        self,
        name: str | Module,
        batches: Iterable[list[dict[str, Any]]],
        /,
        *,
        rows_param: str = "rows",
        on_batch: Callable[[int], None] | None = None,
        **params: Any,
    ) -> dict[str, int]:
        """Run a write module once per batch of rows (``UNWIND $rows AS row …``),
        each batch in its own managed transaction; returns the summed counters."""
        module = self.module(name)
        totals: dict[str, int] = {}
        for batch in batches:
            result = self.write(module, **{rows_param: batch}, **params)
            for key, value in result.counters.items():
                totals[key] = totals.get(key, 0) + value
            if on_batch:
                on_batch(len(batch))
        return totals

    def stream(self, name: str | Module, /, **params: Any) -> Iterator[dict[str, Any]]:
        """Rows of a read module, one at a time, for exports too large to hold."""
        module = self.module(name)
        module.check_params(params)
        try:
            with self._session(False) as session:
                with session.begin_transaction() as tx:
                    for record in tx.run(module.text, params):
                        yield _row(record)
        except NetnpError:
            raise
        except Exception as exc:
            raise self._translate(exc, module) from None

    def server_info(self) -> dict[str, Any]:
        """Address, agent and protocol of the server, from the driver."""
        try:
            info = self.driver.get_server_info()
        except NetnpError:
            raise
        except Exception as exc:
            raise self._translate(exc, None) from None
        return {"address": str(info.address), "agent": info.agent, "protocol": ".".join(map(str, info.protocol_version))}

    # -- errors ---------------------------------------------------------------------
    def _gave_up(self, exc: neo4j_errors.TransientError, module: Module, attempts: int) -> ServerRefused:
        """The error of a module of concurrent transactions that failed in each of its runs. The server's
        own message of a deadlock is a dump of its lock manager's state, of no use to a user."""
        code = exc.code or ""
        if code.endswith("Transaction.DeadlockDetected"):
            return ServerRefused(
                f"in module '{module.name}': its concurrent transactions deadlocked in each of {attempts} runs "
                f"({code}); run it again once other writes to the database are done", code)
        return ServerRefused(f"Neo4j error in module '{module.name}' in each of {attempts} runs: {code}: "
                             f"{_first_line(exc)}", code)

    def _translate(self, exc: Exception, module: Module | None) -> NetnpError:
        s = self.settings
        where = f"in module '{module.name}'" if module else f"at {s.uri}"
        if isinstance(exc, neo4j_errors.AuthError):
            return ConnectionFailed(
                f"Neo4j at {s.uri} refused the credentials of user '{s.user}': check NEO4J_USERNAME "
                "and NEO4J_PASSWORD (for netnp's local server, `netnp server env` shows them)"
            )
        if isinstance(exc, (neo4j_errors.ServiceUnavailable, neo4j_errors.SessionExpired, OSError)):
            hint = "start it with `netnp server start`" if s.local else "check NEO4J_URI and that the server is up"
            return ConnectionFailed(f"cannot reach Neo4j at {s.uri} ({_first_line(exc)}); {hint}")
        if isinstance(exc, neo4j_errors.ConfigurationError):
            return ConnectionFailed(f"bad connection settings for {s.uri}: {_first_line(exc)}")
        if isinstance(exc, neo4j_errors.Neo4jError):
            code = exc.code or ""
            if code.endswith("Statement.AccessMode") or "read access mode" in (exc.message or "").lower():
                return ModuleError(f"{where}: writing is not allowed in a read-only run; rerun with --write")
            if code.endswith("Database.DatabaseNotFound"):
                return ConnectionFailed(f"database '{s.database}' does not exist on {s.uri}; check NEO4J_DATABASE")
            if code.endswith("Procedure.ProcedureNotFound") or "Unknown function" in (exc.message or ""):
                return ModuleError(f"{where}: {_first_line(exc)} (is the APOC or GDS plugin installed?)")
            return ServerRefused(f"Neo4j error {where}: {code}: {_first_line(exc)}", code)
        return NetnpError(f"unexpected error {where}: {type(exc).__name__}: {_first_line(exc)}")


def _first_line(exc: BaseException) -> str:
    text = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    return text.strip().splitlines()[0] if text.strip() else type(exc).__name__

