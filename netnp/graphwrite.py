"""Writing validated entities and ties into Neo4j, in batches.

This is the last step of every import path (CSV, GraphML, GEXF, JSON, sample
networks, the crawler): the rows given here are already validated, so that
nothing is written when any row is bad. Kinds and relationship types are
checked once more here, because they end up as labels and types in Cypher.

Each batch is one ``UNWIND $rows … MERGE`` in its own managed transaction,
which the driver retries on transient errors (:meth:`Runner.write_batches`).
"""

from __future__ import annotations

import datetime as _dt
import itertools
import os
import queue
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any

from netnp.errors import InputError
from netnp.model import DEFAULT_CHANNEL, KINDS, TIE_TYPE, parse_aliases, parse_date, parse_weight
from netnp.runner import Runner

__all__ = ["KINDS", "TIE_TYPE", "DEFAULT_CHANNEL", "BATCH_SIZE", "Provenance", "entity_row", "tie_row",
           "batched", "write_graph"]

BATCH_SIZE = 10_000
#: Rows of the first batch of ties: ``import/merge_ties`` is planned again for
#: every batch, and the plan made while the graph has no relationships scans
#: them all for each row; a small first batch keeps that scan cheap.
FIRST_TIE_BATCH = 100
#: Transactions writing ties at once (``NETNP_IMPORT_WORKERS``). One by default:
#: on two cores, two writers lock the same hubs, deadlock and wait for the
#: driver's retries, and were slower (bench/bench_import.py).
TIE_WORKERS = int(os.environ.get("NETNP_IMPORT_WORKERS", "1"))


@dataclass
class Provenance:
    """Where a batch of rows came from; stored on every node and tie it writes."""

    source: str
    import_id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    imported_at: str = field(default_factory=lambda: _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"))

    def as_param(self) -> dict[str, str]:
        return {"source": self.source, "import_id": self.import_id, "imported_at": self.imported_at}


def entity_row(id: str, kind: str, name: str | None = None, *, aliases: Iterable[str] | str | None = None,
               **properties: Any) -> dict[str, Any]:
    """A row for ``import/merge_entities``; raises if the kind is not a known label.

    ``aliases`` are other ids of the same entity (handles, e-mail addresses):
    :func:`write_graph` keeps them in the node's ``aliases`` list, resolves ties
    that name them, and folds any node already stored under an alias into it.
    """
    if kind not in KINDS:
        raise InputError(f"entity {id!r}: unknown kind {kind!r}; use one of {', '.join(KINDS)}")
    row = {"id": str(id), "kind": kind, "name": str(name if name is not None else id), "properties": properties}
    if aliases:
        row["aliases"] = [a for a in parse_aliases(aliases) if a != row["id"]]
    return row


def tie_row(
    source: str, target: str, type: str, *, weight: float = 1.0, channel: str | None = None,
    since: Any = None, until: Any = None, **properties: Any,
) -> dict[str, Any]:
    """A row for ``import/merge_ties``; raises if the type is not a safe identifier,
    the weight not a number ≥ 0, or a date not a date."""
    if not TIE_TYPE.fullmatch(type or ""):
        raise InputError(f"tie {source!r}->{target!r}: type {type!r} must match ^[A-Z][A-Z0-9_]*$")
    try:
        weight, since, until = parse_weight(weight), parse_date(since, "since"), parse_date(until, "until")
    except ValueError as exc:
        raise InputError(f"tie {source!r}->{target!r}: {exc}") from None
    return {
        "source": str(source), "target": str(target), "type": type, "weight": weight,
        "channel": channel or DEFAULT_CHANNEL, "since": since, "until": until, "properties": properties,
    }


def batched(rows: Iterable[dict[str, Any]], size: int = BATCH_SIZE, *,
            first: int | None = None) -> Iterator[list[dict[str, Any]]]:
    """Lists of ``size`` rows (the last may be shorter); the first holds at most ``first`` rows."""
    batch: list[dict[str, Any]] = []
    limit = min(size, first) if first else size
    for row in rows:
        batch.append(row)
        if len(batch) >= limit:
            yield batch
            batch, limit = [], size
    if batch:
        yield batch


class _Failed:
    def __init__(self, exc: BaseException):
        self.exc = exc


def prefetch(items: Iterable[Any], depth: int = 2) -> Iterator[Any]:
    """The items of ``items``, produced in a background thread ``depth`` ahead.

    Reading and checking the next batch of rows (Python) then overlaps with the
    server writing the current one; an error in the producer is raised here.
    """
    buffer: queue.Queue[Any] = queue.Queue(maxsize=depth)
    done, stop = object(), threading.Event()

    def put(item: Any) -> bool:
        while not stop.is_set():
            try:
                buffer.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            for item in items:
                if not put(item):
                    return
            put(done)
        except BaseException as exc:  # handed to the consumer
            put(_Failed(exc))

    thread = threading.Thread(target=produce, name="netnp-prefetch", daemon=True)
    thread.start()
    try:
        while True:
            item = buffer.get()
            if item is done:
                return
            if isinstance(item, _Failed):
                raise item.exc
            yield item
    finally:
        stop.set()
        thread.join(timeout=5)


def _checked_entities(rows: Iterable[dict[str, Any]], aliases: dict[str, str]) -> Iterator[dict[str, Any]]:
    for row in rows:
        if row["kind"] not in KINDS:
            raise InputError(f"entity {row['id']!r}: unknown kind {row['kind']!r}")
        for alias in row.get("aliases") or ():
            aliases.setdefault(alias, row["id"])
        yield row


def _checked_ties(rows: Iterable[dict[str, Any]], aliases: Mapping[str, str]) -> Iterator[dict[str, Any]]:
    for row in rows:
        if not TIE_TYPE.fullmatch(row["type"]):
            raise InputError(f"tie {row['source']!r}->{row['target']!r}: unsafe type {row['type']!r}")
        if aliases and (row["source"] in aliases or row["target"] in aliases):
            row = {**row, "source": aliases.get(row["source"], row["source"]),
                   "target": aliases.get(row["target"], row["target"])}
        yield row


def write_graph(
    runner: Runner,
    entities: Iterable[dict[str, Any]],
    ties: Iterable[dict[str, Any]],
    provenance: Provenance,
    *,
    batch_size: int = BATCH_SIZE,
    on_rows: Callable[[int], None] | None = None,
    aliases: Mapping[str, str] | None = None,
) -> dict[str, int]:
    """Merge entities, then ties, batch by batch; returns the summed counters.

    ``aliases`` maps alias ids to canonical ids, besides the ``aliases`` of the
    entity rows. Ties naming an alias are written to the canonical node, which
    keeps its aliases in its ``aliases`` property; a node stored under an alias
    (by this import or an earlier one) is folded into the canonical node.
    """
    param = provenance.as_param()
    alias_map: dict[str, str] = dict(aliases or {})
    totals = runner.write_batches("import/merge_entities",
                                  prefetch(batched(_checked_entities(entities, alias_map), batch_size)),
                                  on_batch=on_rows, provenance=param)
    tie_totals = _write_concurrently(runner, "import/merge_ties",
                                     prefetch(batched(_checked_ties(ties, alias_map), batch_size,
                                                      first=FIRST_TIE_BATCH)),
                                     workers=TIE_WORKERS, on_batch=on_rows, provenance=param)
    _add(totals, tie_totals)
    if alias_map:
        _add(totals, write_aliases(runner, alias_map, batch_size=batch_size))
    return totals


def _write_concurrently(runner: Runner, module: str, batches: Iterable[list[dict[str, Any]]], *, workers: int,
                        on_batch: Callable[[int], None] | None, **params: Any) -> dict[str, int]:
    """Like :meth:`Runner.write_batches`, with up to ``workers`` transactions at once.

    The first batch is written alone, so that the next ones are planned with
    relationships in the store (see ``import/merge_ties``)."""
    if workers <= 1:
        return runner.write_batches(module, batches, on_batch=on_batch, **params)
    batches = iter(batches)
    totals: dict[str, int] = {}
    for batch in itertools.islice(batches, 1):
        _add(totals, runner.write(module, rows=batch, **params).counters)
        if on_batch:
            on_batch(len(batch))
    sizes: dict[Future, int] = {}

    def collect(done: Iterable[Future]) -> None:
        for future in done:
            _add(totals, future.result().counters)
            if on_batch:
                on_batch(sizes.pop(future))

    with ThreadPoolExecutor(workers, thread_name_prefix="netnp-write") as pool:
        pending: set[Future] = set()
        for batch in batches:
            if len(pending) >= workers:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                collect(done)
            future = pool.submit(runner.write, module, rows=batch, **params)
            sizes[future] = len(batch)
            pending.add(future)
        collect(wait(pending).done)
    return totals


def write_aliases(runner: Runner, aliases: Mapping[str, str], *, batch_size: int = BATCH_SIZE) -> dict[str, int]:
    """Record aliases on their canonical nodes, then fold nodes stored under an alias into them."""
    by_id: dict[str, list[str]] = {}
    for alias, canonical in aliases.items():
        if alias != canonical:
            by_id.setdefault(canonical, []).append(alias)
    rows = [{"id": canonical, "aliases": sorted(names)} for canonical, names in by_id.items()]
    totals = runner.write_batches("import/add_aliases", batched(rows, batch_size))
    folds = [{"alias": alias, "id": canonical} for alias, canonical in aliases.items() if alias != canonical]
    _add(totals, runner.write_batches("import/fold_aliases", batched(folds, batch_size)))
    return totals


def _add(totals: dict[str, int], more: Mapping[str, int]) -> None:
    for key, value in more.items():
        totals[key] = totals.get(key, 0) + value
