"""Writing validated entities and ties into Neo4j, in batches.

This is the last step of every import path (CSV, GraphML, GEXF, JSON, sample
networks, the crawler): the rows given here are already validated, so that
nothing is written when any row is bad. Kinds and relationship types are
checked once more here, because they end up as labels and types in Cypher.
"""

from __future__ import annotations

import datetime as _dt
import re
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from netnp.errors import InputError
from netnp.runner import Runner

KINDS = ("Person", "Organization", "WebPage")
TIE_TYPE = re.compile(r"^[A-Z][A-Z0-9_]*$")
DEFAULT_CHANNEL = "unspecified"
BATCH_SIZE = 5_000


@dataclass
class Provenance:
    """Where a batch of rows came from; stored on every node and tie it writes."""

    source: str
    import_id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    imported_at: str = field(default_factory=lambda: _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"))

    def as_param(self) -> dict[str, str]:
        return {"source": self.source, "import_id": self.import_id, "imported_at": self.imported_at}


def entity_row(id: str, kind: str, name: str | None = None, **properties: Any) -> dict[str, Any]:
    """A row for ``import/merge_entities``; raises if the kind is not a known label."""
    if kind not in KINDS:
        raise InputError(f"entity {id!r}: unknown kind {kind!r}; use one of {', '.join(KINDS)}")
    return {"id": str(id), "kind": kind, "name": str(name if name is not None else id), "properties": properties}


def tie_row(
    source: str, target: str, type: str, *, weight: float = 1.0, channel: str | None = None,
    since: str | None = None, until: str | None = None, **properties: Any,
) -> dict[str, Any]:
    """A row for ``import/merge_ties``; raises if the type is not a safe identifier."""
    if not TIE_TYPE.match(type or ""):
        raise InputError(f"tie {source!r}->{target!r}: type {type!r} must match ^[A-Z][A-Z0-9_]*$")
    return {
        "source": str(source), "target": str(target), "type": type, "weight": float(weight),
        "channel": channel or DEFAULT_CHANNEL, "since": since, "until": until, "properties": properties,
    }


def batched(rows: Iterable[dict[str, Any]], size: int = BATCH_SIZE) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _checked_entities(rows: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for row in rows:
        if row["kind"] not in KINDS:
            raise InputError(f"entity {row['id']!r}: unknown kind {row['kind']!r}")
        yield row


def _checked_ties(rows: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for row in rows:
        if not TIE_TYPE.match(row["type"]):
            raise InputError(f"tie {row['source']!r}->{row['target']!r}: unsafe type {row['type']!r}")
        yield row


def write_graph(
    runner: Runner,
    entities: Iterable[dict[str, Any]],
    ties: Iterable[dict[str, Any]],
    provenance: Provenance,
    *,
    batch_size: int = BATCH_SIZE,
    on_rows: Callable[[int], None] | None = None,
) -> dict[str, int]:
    """Merge entities, then ties, batch by batch; returns the summed counters."""
    param = provenance.as_param()
    totals = runner.write_batches("import/merge_entities", batched(_checked_entities(entities), batch_size),
                                  on_batch=on_rows, provenance=param)
    tie_totals = runner.write_batches("import/merge_ties", batched(_checked_ties(ties), batch_size),
                                      on_batch=on_rows, provenance=param)
    for key, value in tie_totals.items():
        totals[key] = totals.get(key, 0) + value
    return totals
