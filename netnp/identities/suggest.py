"""``netnp identities suggest``: read the people and organisations, match them, write the candidates file.

The records come from one streamed, bounded Cypher module
(``netnp/cypher/identities/candidates``); the matching itself
(:mod:`netnp.identities.matching`) runs in Python, one kind at a time, so a
person is never paired with an organisation. The candidates file is an alias
file, ``alias,id``, as ``netnp import --aliases`` reads it, with the columns
``score``, ``evidence``, ``alias_name``, ``id_name`` and ``kind`` for the
person who reviews it: each row says that ``alias`` is the same person or
organisation as ``id``, and why.
"""

from __future__ import annotations

import csv
import os
import re
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from netnp.errors import InputError
from netnp.graphwrite import batched, prefetch
from netnp.identities.forked import map_slices, no_cycle_collection
from netnp.identities.matching import (
    NEIGHBOUR_SCALE,
    Identity,
    Pair,
    Record,
    Scorer,
    candidate_pairs,
    group,
    make_record,
)
from netnp.runner import Runner

#: The least score of a suggestion unless ``--min-score`` says otherwise.
DEFAULT_MIN_SCORE = 0.7
#: The kinds that identity matching compares (web pages are identified by their normalised URL).
KINDS = ("Person", "Organization")
#: Names of the properties read as identifiers (e-mail addresses, phones, handles, web addresses).
IDENTIFIER_KEYS = re.compile(r"(?i).*(mail|phone|tel|mobile|handle|pseudo|twitter|mastodon|bluesky|linkedin|"
                             r"facebook|instagram|github|threads|tiktok|youtube|url|website|site|web|homepage).*")
#: Neighbours read per record.
MAX_NEIGHBOURS = 50
#: The columns of a candidates file: an alias file (alias, id) and what a reviewer needs.
COLUMNS = ("alias", "id", "score", "evidence", "alias_name", "id_name", "kind")


class Progress:
    """What suggesting tells about its progress; the CLI draws a bar from it."""

    def phase(self, description: str, total: int | None = None) -> None:
        """A new phase begins; ``total`` steps to go when known."""

    def advance(self, steps: int) -> None:
        """``steps`` more steps are done."""


@dataclass
class Suggestion:
    """One row of the candidates file: ``alias`` is the same entity as ``id``."""

    alias: Record
    id: Record
    pair: Pair

    def row(self) -> dict[str, Any]:
        return {"alias": self.alias.id, "id": self.id.id, "score": round(self.pair.score, 4),
                "evidence": self.pair.evidence_text(), "alias_name": self.alias.shown, "id_name": self.id.shown,
                "kind": self.alias.kind}

    def as_dict(self) -> dict[str, Any]:
        data = self.row()
        data["evidence"] = [{"what": e.what, "detail": e.detail, "bits": round(e.bits, 2)} for e in self.pair.evidence]
        return data


@dataclass
class SuggestReport:
    min_score: float
    records: dict[str, int] = field(default_factory=dict)
    compared: int = 0
    identities: list[Identity] = field(default_factory=list)
    suggestions: list[Suggestion] = field(default_factory=list)
    output: str | None = None
    seconds: float = 0.0
    #: Seconds spent in each phase: reading, blocking, comparing, grouping.
    phases: dict[str, float] = field(default_factory=dict)
    #: By kind, the scorer and every pair kept (any score from :data:`LEAST_KEPT_SCORE`),
    #: to group them again at another threshold.
    scored: dict[str, tuple[Scorer, list[Pair]]] = field(default_factory=dict, repr=False)

    def summary(self) -> dict[str, Any]:
        return {"min_score": self.min_score, "records": self.records, "compared": self.compared,
                "identities": len(self.identities), "suggestions": [s.as_dict() for s in self.suggestions],
                "output": self.output, "seconds": round(self.seconds, 2),
                "phases": {k: round(v, 2) for k, v in self.phases.items()}}


def read_records(runner: Runner, progress: Progress) -> dict[str, list[Record]]:
    """Every person and organisation as a :class:`Record`, by kind."""
    counts = {row["kind"]: row["nodes"] for row in runner.read("db/node_counts")}
    progress.phase("Reading people and organisations", total=sum(counts.get(k, 0) for k in KINDS))
    by_kind: dict[str, list[Record]] = defaultdict(list)
    # the names are matched here, once each, rather than on every property of every node by the server
    keys = sorted(row["key"] for row in runner.read("identities/property_keys")
                  if IDENTIFIER_KEYS.fullmatch(row["key"]) and not row["key"].startswith("netnp_"))
    rows = runner.stream("identities/candidates", kinds=list(KINDS), keys=keys,
                         max_degree=int(NEIGHBOUR_SCALE), max_neighbours=MAX_NEIGHBOURS)
    # the server computes the next rows while these become records
    for batch in prefetch(batched(rows, 2000), depth=4):
        for row in batch:
            by_kind[row["kind"]].append(make_record(row))
        progress.advance(len(batch))
    return by_kind


def match(records: list[Record], min_score: float, progress: Progress | None = None,
          phases: dict[str, float] | None = None) -> tuple[list[Identity], int, Scorer, list[Pair]]:
    """The identities among ``records`` (of one kind), how many pairs were compared, the scorer,
    and the pairs kept."""
    progress = progress or Progress()
    phases = {} if phases is None else phases
    records.sort(key=lambda r: r.id)  # the same graph gives the same file, whatever the order rows came in
    for index, record in enumerate(records):
        record.index = index
    began = time.monotonic()
    scorer = Scorer(records)
    progress.phase(f"Blocking ({records[0].kind if records else ''})", total=len(records))
    pairs = candidate_pairs(records, scorer.freq, progress.advance)
    compared = len(pairs)
    phases["blocking"] = phases.get("blocking", 0.0) + time.monotonic() - began
    began = time.monotonic()
    progress.phase("Comparing", total=compared)
    kept = score_pairs(records, scorer, pairs, progress)
    del pairs
    phases["comparing"] = phases.get("comparing", 0.0) + time.monotonic() - began
    began = time.monotonic()
    progress.phase("Grouping", total=None)
    identities = group([pair for pair in kept if pair.score >= min_score], scorer)
    for identity in identities:
        for _record, _parent, pair in identity.links:
            scorer.explain(pair)
    phases["grouping"] = phases.get("grouping", 0.0) + time.monotonic() - began
    return identities, compared, scorer, kept


def score_pairs(records: list[Record], scorer: Scorer, pairs: Iterable[tuple[int, int]],
                progress: Progress | None = None) -> list[Pair]:
    """The pairs compared and scored, but those too weak to be one entity however common duplicates are.

    The pairs are compared in forked processes (:mod:`netnp.identities.forked`)
    when there are many; the pairs kept come back without their evidence,
    which :meth:`Scorer.explain` finds again for the few that are suggested.
    """
    progress = progress or Progress()
    pairs = pairs if isinstance(pairs, list) else list(pairs)
    kept: list[Pair] = []
    for done, (left, right, bits) in map_slices(_score_slice, (records, scorer, pairs), len(pairs)):
        kept.extend(Pair(records[i], records[j], b) for i, j, b in zip(left.tolist(), right.tolist(), bits.tolist(), strict=True))
        progress.advance(done)
    scorer.estimate_prior(kept)
    return kept


def _score_slice(data: tuple[list[Record], Scorer, list[tuple[int, int]]], start: int,
                 stop: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The pairs ``start`` to ``stop`` worth keeping: their two record indexes and their weight in bits."""
    records, scorer, pairs = data
    floor = scorer.least_kept_bits
    compare = scorer.compare
    left: list[int] = []
    right: list[int] = []
    weights: list[float] = []
    for i, j in pairs[start:stop]:
        bits = compare(records[i], records[j]).bits
        if bits >= floor:
            left.append(i)
            right.append(j)
            weights.append(bits)
    return np.array(left, dtype=np.int32), np.array(right, dtype=np.int32), np.array(weights, dtype=np.float64)


def suggestions_of(identities: list[Identity]) -> list[Suggestion]:
    """One row per record of an identity but its root: the record and the one it was matched with."""
    rows = [Suggestion(record, parent, pair) for identity in identities for record, parent, pair in identity.links]
    return rows


def suggest(runner: Runner, *, min_score: float = DEFAULT_MIN_SCORE, output: Path | str | None = None,
            progress: Progress | None = None) -> SuggestReport:
    """Propose the nodes that are probably one person or organisation.

    Returns the identities found (among people, and among organisations) and
    one :class:`Suggestion` per record to fold; with ``output``, writes them
    as a candidates file (the file is written whole or not at all).
    """
    if not 0.0 <= min_score <= 1.0:
        raise InputError(f"--min-score {min_score} must be between 0 and 1")
    began = time.monotonic()
    progress = progress or Progress()
    report = SuggestReport(min_score=min_score)
    with no_cycle_collection():
        by_kind = read_records(runner, progress)
        report.phases["reading"] = time.monotonic() - began
        for kind in KINDS:
            records = by_kind.get(kind, [])
            report.records[kind] = len(records)
            identities, compared, scorer, kept = match(records, min_score, progress, report.phases)
            report.identities += identities
            report.compared += compared
            report.scored[kind] = (scorer, kept)
    report.suggestions = suggestions_of(report.identities)
    if output is not None:
        write_candidates(Path(output), report.suggestions)
        report.output = str(output)
    report.seconds = time.monotonic() - began
    return report


def write_candidates(path: Path, suggestions: list[Suggestion]) -> None:
    """The candidates file, written to a temporary file beside ``path`` and then renamed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=COLUMNS)
            writer.writeheader()
            for suggestion in suggestions:
                writer.writerow(suggestion.row())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
