"""Writing validated entities and ties into Neo4j, in batches.

This is the last step of the imports (CSV, GraphML, GEXF, JSON) and of the
sample networks: the rows given here are already validated, so that nothing
is written when any row is bad. Kinds and relationship types are checked
once more here, because they end up as labels and types in Cypher. (The
crawler writes its pages and links through modules of its own,
:mod:`netnp.crawl.store`, with the same :class:`Provenance`.)

Each batch is one ``UNWIND $rows …`` in its own managed transaction, which
the driver retries on transient errors (:meth:`Runner.write`); :data:`WRITERS`
transactions write at once: the rows to update each in its own share of the
nodes or of the pairs of endpoints, the rows to create (new to the graph and
to the import) in any order (docs/model.md says how, and why no two of them
write one tie). Those shortcuts need the graph to themselves: callers hold
the import lock (:func:`netnp.locks.import_lock`) while they write. A batch
that fails stops the write with :class:`BatchFailed`, which names it.
"""

from __future__ import annotations

import collections
import datetime as _dt
import itertools
import os
import queue
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from netnp.errors import InputError, NetnpError
from netnp.locks import import_lock
from netnp.model import (
    DEFAULT_CHANNEL,
    KINDS,
    OBSERVATION_FIELDS,
    PROVENANCE_KEYS,
    TIE_TYPE,
    observation_lists,
    parse_aliases,
    parse_date,
    parse_weight,
)
from netnp.runner import QueryResult, Runner, ServerRefused

BATCH_SIZE = 10_000
#: Rows of the first batch of ties, written alone: with ``import/create_ties``
#: when the graph has no relationship (a look-up planned then would scan the
#: whole relationship store, deleted records included, for every row), else
#: with ``import/merge_ties``; so ``import/write_ties`` is always planned with
#: ties in the store.
FIRST_TIE_BATCH = 100
#: Transactions writing at once (``NETNP_IMPORT_WORKERS``, 4 by default: more
#: transactions in flight hide each one's round trip; docs/import-performance.md). The
#: rows are split between them so that no two transactions ever write the same
#: node or tie (by id, and by pair of endpoints), and Neo4j lets concurrent
#: transactions add ties to the same hub. With one, every node and tie is merged
#: (``import/merge_entities``, ``import/merge_ties``), locking both ends of a
#: tie: slower. Either way, no other netnp process writes entities or ties
#: meanwhile: imports, samples and crawls hold the import lock
#: (:mod:`netnp.locks`) while they write.
WRITERS = max(1, int(os.environ.get("NETNP_IMPORT_WORKERS", "4")))


class BatchFailed(NetnpError):
    """Neo4j refused a batch, or stopped answering, in the middle of a write.

    The batches written before it stay written (each is a transaction of its
    own); writing the same rows again completes the write, as every module
    creates or updates by identity. ``number`` counts the batches of the
    module's kind of rows (entities, ties or aliases) in the order they were
    queued, from 1; ``first`` is the batch's first row (ties name their ends
    by element id); ``cause`` is the error, which says why.
    """

    def __init__(self, module: str, number: int, rows: list[dict[str, Any]], cause: NetnpError):
        self.module, self.number, self.rows, self.first, self.cause = module, number, len(rows), rows[0], cause
        first = rows[0].get("id") or rows[0].get("alias") or rows[0].get("type")
        super().__init__(f"Neo4j did not write batch {number} of {module} ({rows_text(len(rows))}, the first "
                         f"{first!r}): {str(cause).rstrip('.')}. The batches written before it stay in the graph; "
                         "writing the same rows again completes the write")


def rows_text(count: int) -> str:
    """``1 row``, ``1,250 rows``."""
    return f"{count:,} row" + ("s" if count != 1 else "")


@dataclass
class Provenance:
    """Where a batch of rows came from; stored on every node and tie it writes
    (:data:`netnp.model.PROVENANCE_FIELDS`)."""

    source: str
    import_id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    imported_at: str = field(default_factory=lambda: _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"))

    def as_param(self) -> dict[str, str]:
        """The ``$provenance`` parameter of the modules that write."""
        return {key: getattr(self, key) for key in PROVENANCE_KEYS}


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
    since: Any = None, until: Any = None, date: Any = None, observation: str | None = None, **properties: Any,
) -> dict[str, Any]:
    """A row for ``import/merge_ties``; raises if the type is not a safe identifier,
    the weight not a number ≥ 0, or a date not a date.

    With a ``date``, the row is one dated observation of the tie, of weight
    ``weight``, told apart from the tie's other observations on that date by
    ``observation`` (docs/model.md, "Dated observations").
    """
    if not TIE_TYPE.fullmatch(type or ""):
        raise InputError(f"tie {source!r}->{target!r}: type {type!r} must match ^[A-Z][A-Z0-9_]*$")
    try:
        weight, since, until = parse_weight(weight), parse_date(since, "since"), parse_date(until, "until")
        date = parse_date(date, "date")
    except ValueError as exc:
        raise InputError(f"tie {source!r}->{target!r}: {exc}") from None
    row = {
        "source": str(source), "target": str(target), "type": type, "weight": weight,
        "channel": channel or DEFAULT_CHANNEL, "since": since, "until": until, "properties": properties,
    }
    if date:
        row["observed"] = {str(observation or "") or date: (date, weight)}
    elif observation:
        raise InputError(f"tie {source!r}->{target!r}: observation {observation!r} has no date")
    return row


def batched(rows: Iterable[dict[str, Any]], size: int = BATCH_SIZE) -> Iterator[list[dict[str, Any]]]:
    """Lists of ``size`` rows (the last may be shorter)."""
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
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


#: Element ids of entities by their id (None: no such entity in the graph).
NodeKeys = dict[str, "str | None"]


def write_graph(
    runner: Runner,
    entities: Iterable[dict[str, Any]],
    ties: Iterable[dict[str, Any]],
    provenance: Provenance,
    *,
    batch_size: int = BATCH_SIZE,
    on_rows: Callable[[int], None] | None = None,
    aliases: Mapping[str, str] | None = None,
    node_keys: NodeKeys | None = None,
    entity_count: int | None = None,
    tie_count: int | None = None,
) -> dict[str, int]:
    """Merge entities, then ties, batch by batch; returns the summed counters.

    ``aliases`` maps alias ids to canonical ids, besides the ``aliases`` of the
    entity rows. Ties naming an alias are written to the canonical node, which
    keeps its aliases in its ``aliases`` property; a node stored under an alias
    (by this import or an earlier one) is folded into the canonical node.

    The tie modules find their endpoints by element id: ``node_keys`` gets the
    element id of every entity written, and the ones that ties name and that
    it lacks are looked up in the graph (``import/existing_ids``). Pass the
    same dict to several calls whose ties name entities of the others.

    Into a graph that has no entity, an entity whose id no earlier row had is
    created by ``import/create_entities``, without the look-up and the lock of
    ``import/merge_entities`` (which writes the others), as :func:`write_ties`
    does for ties.

    ``entity_count`` and ``tie_count``, when the caller knows them, keep the
    batches small enough for each writer to get two: the last batch of a
    small import then does not run alone while the other writers wait.

    It holds the import lock (:func:`netnp.locks.import_lock`) while it
    writes, waiting for it if another process has it; a caller that must
    read the graph and write as one (the importer, which looks up tie ends
    first) takes the lock before. A batch that Neo4j does not write raises
    :class:`BatchFailed`; the batches before it stay written.
    """
    # a caller that holds the import lock goes on at once; any other waits for it
    with import_lock(runner, f"a write of {provenance.source}"):
        return _write_graph(runner, entities, ties, provenance, batch_size=batch_size, on_rows=on_rows,
                            aliases=aliases, node_keys=node_keys, entity_count=entity_count, tie_count=tie_count)


def _write_graph(runner: Runner, entities: Iterable[dict[str, Any]], ties: Iterable[dict[str, Any]],
                 provenance: Provenance, *, batch_size: int, on_rows: Callable[[int], None] | None,
                 aliases: Mapping[str, str] | None, node_keys: NodeKeys | None, entity_count: int | None,
                 tie_count: int | None) -> dict[str, int]:
    param = provenance.as_param()
    alias_map: dict[str, str] = dict(aliases or {})
    keys: NodeKeys = {} if node_keys is None else node_keys
    totals: dict[str, int] = {}
    entity_rows = _checked_entities(entities, alias_map)
    first_entity = next(entity_rows, None)
    if first_entity is not None:
        # into a graph without entities, an id no earlier row had is created without a look-up
        # (not with one writer, which merges every entity)
        first_seen = None if WRITERS == 1 or runner.read("import/has_entities")[0]["has_entities"] \
            else FirstSeen()
        with _PartitionedWriter(runner, "import/merge_entities", WRITERS, _shared(batch_size, entity_count), on_rows,
                                identity=_entity_identity, share=_entity_identity, first_seen=first_seen,
                                create_module="import/create_entities",
                                on_result=lambda row: keys.update(zip(row["ids"], row["nodes"], strict=True)),
                                provenance=param) as writer:
            writer.add_all(itertools.chain([first_entity], entity_rows))
        totals = writer.totals
    keyed = _keyed_ties(runner, _checked_ties(ties, alias_map), keys, batch_size)
    _add(totals, write_ties(runner, keyed, param, batch_size=_shared(batch_size, tie_count), writers=WRITERS,
                            on_batch=on_rows))
    if alias_map:
        _add(totals, write_aliases(runner, alias_map, batch_size=batch_size))
    return totals


def _shared(batch_size: int, rows: int | None) -> int:
    """The batch size that gives each writer at least two batches of ``rows`` rows (at most ``batch_size``)."""
    return batch_size if not rows else max(1, min(batch_size, -(-rows // (2 * WRITERS))))


def _keyed_ties(runner: Runner, rows: Iterable[dict[str, Any]], keys: NodeKeys,
                batch_size: int) -> Iterator[dict[str, Any]]:
    """The tie rows with their endpoints' element ids in place of their ids.

    Ids that ``keys`` lacks are looked up in the graph a batch at a time; a
    row naming an entity the graph does not have is left out, as the tie
    modules would skip it.
    """
    get = keys.get
    for batch in batched(rows, batch_size):
        looked_up = False
        for at, row in enumerate(batch):
            source, target = get(row["source"], _UNKNOWN), get(row["target"], _UNKNOWN)
            if (source is _UNKNOWN or target is _UNKNOWN) and not looked_up:
                # the first row naming an unknown id: look up those of the rest of the batch at once
                missing = {end for later in batch[at:] for end in (later["source"], later["target"])
                           if end not in keys}
                keys.update(dict.fromkeys(missing))
                keys.update((found["id"], found["node"])
                            for found in runner.read("import/existing_ids", ids=sorted(missing)))
                looked_up = True
                source, target = keys[row["source"]], keys[row["target"]]
            if source is not None and target is not None:
                yield {**row, "source": source, "target": target}


#: An id that :func:`_keyed_ties` has not met yet.
_UNKNOWN = object()


def _entity_identity(row: dict[str, Any]) -> str:
    return row["id"]


def _tie_identity(row: dict[str, Any]) -> tuple[str, str, str, str]:
    return row["source"], row["target"], row["type"], row["channel"]


def _tie_pair(row: dict[str, Any]) -> tuple[str, str]:
    return row["source"], row["target"]


def write_ties(runner: Runner, rows: Iterable[dict[str, Any]], provenance: dict[str, str], *,
               batch_size: int = BATCH_SIZE, writers: int | None = None,
               on_batch: Callable[[int], None] | None = None) -> dict[str, int]:
    """Create or update ties, ``writers`` transactions at a time; returns the summed counters.

    The first :data:`FIRST_TIE_BATCH` rows are written alone, through
    ``import/create_ties`` into a graph without relationships, else
    ``import/merge_ties``; with one writer, all the others go through
    ``import/merge_ties`` too. With more, the others go through
    ``import/write_ties``, split by their (source, target) pair into one queue
    per writer, so that every tie between two entities is written by the same
    writer, in the order of the rows; a batch holds one row per tie identity
    (source, target, type, channel), rows repeating an identity being folded as
    successive updates would leave the tie: the last row's values, over the
    properties of the earlier ones.

    When the graph had no relationship before the first batch, a tie whose
    identity no earlier row had (:class:`FirstSeen` says so) cannot be stored
    yet: it is created by ``import/create_ties``, without a look-up. The other
    rows wait for a batch of their own, written by ``import/write_ties`` after
    the creates submitted before them.
    """
    rows = iter(rows)
    totals: dict[str, int] = {}
    writers = writers or WRITERS
    first = list(itertools.islice(rows, FIRST_TIE_BATCH))
    first_seen: FirstSeen | None = None
    if first:
        folded: dict[Any, dict[str, Any]] = {}
        for row in first:
            _fold(folded, _tie_identity(row), row)
        if runner.read("import/has_ties")[0]["has_ties"]:
            _add(totals, _write_batch(runner, "import/merge_ties", 1, list(folded.values()),
                                      provenance=provenance).counters)
        else:  # nothing to look up; and a look-up planned now would scan the relationship store
            if writers > 1:  # one writer merges every tie (below)
                first_seen = FirstSeen()
                for identity in folded:
                    first_seen.check(identity)
            _add(totals, _write_batch(runner, "import/create_ties", 1, list(folded.values()),
                                      provenance=provenance).counters)
        if on_batch:
            on_batch(len(first))
    # one writer merges every tie, locking both ends
    module = "import/merge_ties" if writers == 1 else "import/write_ties"
    with _PartitionedWriter(runner, module, writers, batch_size, on_batch, identity=_tie_identity,
                            share=_tie_pair, first_seen=first_seen, create_module="import/create_ties",
                            first_number=2 if first else 1, provenance=provenance) as writer:
        writer.add_all(rows)
    _add(totals, writer.totals)
    return totals


class FirstSeen:
    """Whether an identity comes for the first time: a Bloom filter of fixed size (4 MiB).

    :meth:`check` answers False for every identity it was given before, and
    True for nearly all others (the share taken for repeats grows with the
    square of their number: about 0.1 % over 1M distinct identities). A wrong
    False only costs a look-up; memory does not grow with the rows.
    """

    BITS = 1 << 25

    def __init__(self) -> None:
        self.bits = bytearray(self.BITS >> 3)

    def check(self, identity: Any) -> bool:
        """True if ``identity`` was not checked before (with rare misses); records it."""
        h = hash(identity)
        i, j = h & (self.BITS - 1), (h >> 32) & (self.BITS - 1)
        bits, bi, bj = self.bits, 1 << (i & 7), 1 << (j & 7)
        new = not (bits[i >> 3] & bi and bits[j >> 3] & bj)
        bits[i >> 3] |= bi
        bits[j >> 3] |= bj
        return new


def _write_batch(runner: Runner, module: str, number: int, rows: list[dict[str, Any]], *,
                 fallback: str | None = None, **params: Any) -> QueryResult:
    """Write one batch of rows with ``module``; :class:`BatchFailed` if Neo4j does not.

    With ``fallback`` (the module that merges what ``module`` creates), a batch
    that the server refuses because some of its rows exist already, created
    meanwhile by someone else (a user in Browser, another tool), is merged
    instead.
    """
    rows = _as_parameters(rows)
    try:
        return runner.write(module, rows=rows, **params)
    except ServerRefused as exc:
        if fallback is None or not exc.code.endswith("Schema.ConstraintValidationFailed"):
            raise BatchFailed(module, number, rows, exc) from None
    except NetnpError as exc:
        raise BatchFailed(module, number, rows, exc) from None
    try:
        return runner.write(fallback, rows=rows, **params)
    except NetnpError as exc:
        raise BatchFailed(fallback, number, rows, exc) from None


class _Observations(dict):
    """The dated observations of rows folded into one (key -> (date, weight)), owned by the folded row."""


def _observations(row: dict[str, Any]) -> Any:
    """A row's observations as (key, (date, weight)) pairs, from any of its forms: one
    ``date`` (:mod:`netnp.importing.validate`), the ``observed`` map of :func:`tie_row`
    or of rows folded into one, or the parallel lists."""
    date = row.get("date")
    if date is not None:
        return ((row.get("observation") or date, (date, row["weight"])),)
    observed = row.get("observed")
    if not observed:
        return ()
    if isinstance(observed, dict):
        return observed.items()
    return zip(row.get("observed_key") or observed, zip(observed, row["observed_weight"], strict=True), strict=True)


#: The keys of a tie row that hold its observations.
_OBSERVATION_KEYS = ("date", "observation", *OBSERVATION_FIELDS)


def _fold(rows: dict[Any, dict[str, Any]], identity: Any, row: dict[str, Any]) -> None:
    """Add ``row`` to ``rows`` (by identity); a row repeating an identity replaces
    the earlier row, over its properties, as a second update would. Their dated
    observations add up (one per key, the later row's for a key both have)."""
    earlier = rows.get(identity)
    if earlier is not None:
        row = {**row, "properties": {**earlier["properties"], **row["properties"]}}
        before = earlier.get("observed")
        if before is not None or earlier.get("date") is not None:
            if type(before) is _Observations or _count(earlier) + _count(row) >= _FEW_OBSERVATIONS:
                # the folded row owns its observations, as a map: later rows add to it in place, in constant time each
                observed = before if type(before) is _Observations else _Observations(_observations(earlier))
                observed.update(_observations(row))
                for key in _OBSERVATION_KEYS:
                    row.pop(key, None)
                row["observed"] = observed
            else:
                _merge_lists(earlier, row)
    rows[identity] = row


#: Rows folded into one keep their observations as lists while they have fewer
#: than this many (a look-up in a short list is quicker than making a map), then as a map.
_FEW_OBSERVATIONS = 8


def _count(row: dict[str, Any]) -> int:
    """How many observations a row holds (before folding: some may share a key)."""
    return 1 if row.get("date") is not None else len(row.get("observed") or ())


def _merge_lists(earlier: dict[str, Any], row: dict[str, Any]) -> None:
    """Give ``row`` the observations of ``earlier`` and its own, as new parallel lists (one per key, ``row``'s
    for a key both have)."""
    found = dict(_observations(earlier))
    found.update(_observations(row))
    for key in _OBSERVATION_KEYS:
        row.pop(key, None)
    row.update(observation_lists(found))


def _as_parameters(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Tie rows as the tie modules take them: a row's observations as one ``date``
    (and ``observation``), or as the parallel lists ``observed``, ``observed_weight``
    and (unless every key is its date) ``observed_key``. Rows holding them so
    already are passed as they are; the list is changed in place."""
    for i, row in enumerate(rows):
        observed = row.get("observed")
        if observed and isinstance(observed, dict):
            rows[i] = {**row, **observation_lists(observed)}
    return rows


#: The first batch to create, and each share's first batch to update, hold
#: ``batch_size >> _RAMP`` rows; each next one twice as many.
_RAMP = 3


class _PartitionedWriter:
    """Batches of rows written by ``writers`` transactions at once, leaving what
    writing the rows one at a time would.

    ``share(row)`` splits the rows between ``writers`` shares: the batches of
    a share are written one after the other, in the order of the rows, so two
    rows with the same share key are never written at once. A batch holds one
    row per ``identity(row)``: a row repeating the identity of an earlier row
    of the batch replaces it, over the earlier row's properties, as a second
    update of the same node or tie would.

    With ``first_seen``, a row whose identity it has not met is written by
    ``create_module`` (a plain create, for a graph that had no such row
    stored). Those rows have identities that nothing written before had, so
    their batches may be written in any order: ``writers`` more threads write
    them, whichever is free, and a share's next batch waits for the batches to
    create queued before it. ``on_result`` gets each row the modules return,
    in the caller's thread.

    The first batches hold an eighth of ``batch_size`` rows, and each next one
    twice as many, up to ``batch_size``: the server gets to work while the
    rows of the first full batches are still being read. The last rows to
    create are split between the writers, so that they end together.
    """

    def __init__(self, runner: Runner, module: str, writers: int, batch_size: int,
                 on_batch: Callable[[int], None] | None, *, identity: Callable[[dict[str, Any]], Any],
                 share: Callable[[dict[str, Any]], Any], first_seen: FirstSeen | None = None,
                 create_module: str | None = None, first_number: int = 1,
                 on_result: Callable[[dict[str, Any]], None] | None = None, **params: Any):
        self.runner, self.module, self.params, self.on_result = runner, module, params, on_result
        #: The number of the next batch queued (:class:`BatchFailed` names a batch by it).
        self.next_number = first_number
        self.first_seen, self.create_module = first_seen, create_module
        self.batch_size, self.on_batch, self.identity, self.share = batch_size, on_batch, identity, share
        self.writers = writers
        # one thread per share, which writes its batches in order; and as many for the batches to create
        self.share_pools = [ThreadPoolExecutor(1, thread_name_prefix=f"netnp-write-{i}") for i in range(writers)]
        self.create_pool = ThreadPoolExecutor(writers, thread_name_prefix="netnp-create") if first_seen else None
        #: Rows to look up and update or create, by share; how many rows went in; the next batch's size.
        self.buffers: list[dict[Any, dict[str, Any]]] = [{} for _ in range(writers)]
        self.rows_in = [0] * writers
        self.limits = [max(1, batch_size >> _RAMP)] * writers
        #: Rows to create without a look-up (``first_seen``), of every share.
        self.creates: dict[Any, dict[str, Any]] = {}
        self.creates_in = 0
        self.creates_limit = max(1, batch_size >> _RAMP)
        #: The batches to create not yet known to be written.
        self.creating: list[Future] = []
        self.pending: collections.deque[tuple[Future, int]] = collections.deque()
        self.totals: dict[str, int] = {}

    def add(self, row: dict[str, Any]) -> None:
        identity = self.identity(row)
        if identity in self.creates:
            _fold(self.creates, identity, row)
            self.creates_in += 1
        elif self.first_seen is not None and self.first_seen.check(identity):
            self.creates[identity] = row
            self.creates_in += 1
        else:
            share = hash(self.share(row)) % self.writers
            _fold(self.buffers[share], identity, row)
            self.rows_in[share] += 1
            if len(self.buffers[share]) >= self.limits[share]:
                self._submit_share(share)
            return
        if len(self.creates) >= self.creates_limit:
            self._submit_creates()

    def add_all(self, rows: Iterable[dict[str, Any]]) -> None:
        """Add every row; the next rows are read (:func:`prefetch`) while batches are written."""
        for batch in prefetch(batched(rows, min(self.batch_size, 1000))):
            for row in batch:
                self.add(row)

    def _submit_creates(self, parts: int = 1) -> None:
        """Queue the rows to create, in ``parts`` batches, for the first free writers."""
        rows, rows_in = list(self.creates.values()), self.creates_in
        self.creates, self.creates_in = {}, 0
        self.creates_limit = min(self.batch_size, 2 * self.creates_limit)
        self.creating = [f for f in self.creating if not f.done()]
        size = -(-len(rows) // parts)
        assert self.create_pool is not None
        for start in range(0, len(rows), size):
            part = rows[start:start + size]
            counted = rows_in if start + size >= len(rows) else len(part)  # folded repeats count in the last
            rows_in -= counted
            self.creating.append(self._queue(self.create_pool, self.create_module, part, (), counted))

    def _submit_share(self, share: int) -> None:
        """Queue the share's rows to update, after the batches to create queued so far."""
        rows, rows_in = list(self.buffers[share].values()), self.rows_in[share]
        self.buffers[share], self.rows_in[share] = {}, 0
        self.limits[share] = min(self.batch_size, 2 * self.limits[share])
        after = [f for f in self.creating if not f.done()]
        self._queue(self.share_pools[share], self.module, rows, after, rows_in)

    def _queue(self, pool: ThreadPoolExecutor, module: str | None, rows: list[dict[str, Any]],
               after: Iterable[Future], rows_in: int) -> Future:
        while len(self.pending) >= 2 * self.writers:  # bounded memory: two batches per writer at most
            self._collect_oldest()
        future = pool.submit(self._write, module, rows, tuple(after), self.next_number)
        self.next_number += 1
        self.pending.append((future, rows_in))
        return future

    def _write(self, module: str, rows: list[dict[str, Any]], after: tuple[Future, ...], number: int) -> QueryResult:
        """One batch, in a writer's thread, once the batches it comes after are written.

        A batch to create that meets an entity created meanwhile (by another
        tool: netnp's writers take the import lock) is merged instead.
        """
        for earlier in after:
            earlier.result()
        fallback = self.module if module == self.create_module else None
        return _write_batch(self.runner, module, number, rows, fallback=fallback, **self.params)

    def _collect_oldest(self) -> None:
        future, rows_in = self.pending.popleft()
        result = future.result()
        _add(self.totals, result.counters)
        if self.on_result:
            for row in result.rows:
                self.on_result(row)
        if self.on_batch:
            self.on_batch(rows_in)

    def __enter__(self) -> _PartitionedWriter:
        return self

    def __exit__(self, exc_type: object, *exc_info: object) -> None:
        try:
            if exc_type is None:
                if self.creates:
                    self._submit_creates(parts=self.writers)
                for share, buffer in enumerate(self.buffers):
                    if buffer:
                        self._submit_share(share)
                while self.pending:
                    self._collect_oldest()
        finally:
            for pool in (*self.share_pools, self.create_pool):
                if pool is not None:
                    pool.shutdown(wait=True, cancel_futures=True)


def write_aliases(runner: Runner, aliases: Mapping[str, str], *, batch_size: int = BATCH_SIZE) -> dict[str, int]:
    """Record aliases on their canonical nodes, then fold nodes stored under an alias into them."""
    by_id: dict[str, list[str]] = {}
    for alias, canonical in aliases.items():
        if alias != canonical:
            by_id.setdefault(canonical, []).append(alias)
    rows = [{"id": canonical, "aliases": sorted(names)} for canonical, names in by_id.items()]
    totals: dict[str, int] = {}
    for number, batch in enumerate(batched(rows, batch_size), start=1):
        _add(totals, _write_batch(runner, "import/add_aliases", number, batch).counters)
    folds = [{"alias": alias, "id": canonical} for alias, canonical in aliases.items() if alias != canonical]
    for number, batch in enumerate(batched(folds, batch_size), start=1):
        _add(totals, _write_batch(runner, "import/fold_aliases", number, batch).counters)
    return totals


def _add(totals: dict[str, int], more: Mapping[str, int]) -> None:
    for key, value in more.items():
        totals[key] = totals.get(key, 0) + value
