"""The kept analysis runs: finding one by label or id, listing, deleting, checking that one is complete.

Every run keeps its results as ``NetnpRunChunk`` nodes and writes its
``NetnpRun`` record last (docs/analysis-results.md, "Runs"): a run with a
record is complete, and chunks without a record are the debris of a run that
stopped before it finished, which the next run and :func:`delete_run` delete.
Runs are ordered by their ``sequence`` number, newest first.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from typing import Any

from netnp.errors import InputError, NetnpError
from netnp.locks import ANALYSIS_LOCK, import_lock
from netnp.lookup import did_you_mean
from netnp.runner import Runner

#: What a label may be: a letter or digit first, then letters, digits, and ``. _ - : +``; at most 64 characters.
LABEL = re.compile(r"^[^\W_][\w.:+-]{0,63}$")
#: The parts whose entries a record counts: each node chunk entry is an analysed node, each pair chunk entry a pair.
_ENTRIES = {"nodes": "nodes", "pairs": "pairs"}


class IncompleteRun(NetnpError):
    """A run's record is there but some of its results are not (or ``analysis:last`` names no recorded run)."""


def check_label(label: str | None) -> str | None:
    """``label`` if it can name a run, else :class:`InputError` saying what a label may be."""
    if label is None:
        return None
    if not LABEL.match(label):
        raise InputError(f"--label {label!r}: a run's label is 1 to 64 letters, digits and . _ - : + "
                         "(a letter or digit first), such as 2024 or 2024-Q2")
    if label.startswith("run-"):
        raise InputError(f"--label {label!r}: labels may not start with 'run-', which run ids start with")
    return label


def list_runs(runner: Runner) -> list[dict[str, Any]]:
    """The records of every kept run (the ``NetnpRun`` nodes' properties), newest first."""
    return [row["record"] for row in runner.read("analysis/runs/list")]


def find_run(runner: Runner, text: str) -> dict[str, Any]:
    """The record of the run whose id or label is ``text``.

    Raises
    ------
    InputError
        When no run has this id or label, naming the closest ones.
    """
    rows = runner.read("analysis/runs/find", text=text)
    if rows:
        return rows[0]["record"]
    known = [name for record in list_runs(runner) for name in (record.get("label"), record.get("id")) if name]
    if not known:
        raise InputError(f"run {text!r}: no analysis run is kept in this graph; run `netnp analyze` first")
    return _unknown(text, known)


def _unknown(text: str, known: list[str]) -> dict[str, Any]:
    hint = did_you_mean(text, known) or "; `netnp runs` lists them"
    raise InputError(f"run {text!r}: no run has this label or id{hint}")


def taken_labels(runner: Runner, labels: list[str]) -> list[str]:
    """The labels among ``labels`` that kept runs hold already."""
    held = {record.get("label") for record in list_runs(runner)}
    return [label for label in labels if label in held]


def clean_debris(runner: Runner, keep: str | None = None) -> list[dict[str, Any]]:
    """Delete the chunks of interrupted runs (runs without a record), but those of run ``keep``.

    The caller holds the analysis lock, so that no run being written loses its chunks.
    Returns one ``{"run", "chunks"}`` per interrupted run.
    """
    return runner.write("analysis/runs/clean_debris", run=keep).rows


def delete_run(runner: Runner, text: str) -> dict[str, Any]:
    """Delete the run whose label or id is ``text`` and its chunks, and the debris of interrupted runs.

    When it was the last run, the results that reports read become those of
    the run before it (or none); the ``netnp_`` properties on the nodes stay
    those of the deleted run until the next analysis.

    Returns
    -------
    dict
        ``run`` (id), ``label``, ``chunks`` (deleted), ``last`` (the last run now, or None),
        ``debris`` (the interrupted runs cleaned up).
    """
    with import_lock(runner, "netnp runs delete", key=ANALYSIS_LOCK):
        record = find_run(runner, text)
        rows = runner.write("analysis/runs/delete", run=record["id"]).rows
        debris = clean_debris(runner)
    deleted = rows[0] if rows else {"chunks": 0, "last": None}
    return {"run": record["id"], "label": record.get("label"), "chunks": deleted["chunks"], "last": deleted["last"],
            "debris": debris}


def chunk_counts(record: dict[str, Any]) -> dict[str, int] | None:
    """How many chunks of each part the run wrote, as its record says (None for a run recorded without them)."""
    value = record.get("chunks")
    return json.loads(value) if isinstance(value, str) else None


def check_complete(runner: Runner, record: dict[str, Any]) -> None:
    """Raise :class:`IncompleteRun` unless every chunk the run wrote is there.

    The record lists how many chunks of each part the run wrote; a record
    without that list (an older run) must hold one node entry per analysed
    node and one pair entry per pair.
    """
    found = {row["part"]: row for row in runner.read("analysis/runs/chunk_counts", run=record["id"])}
    name = describe(record)
    expected = chunk_counts(record)
    if expected is not None:
        for part, chunks in sorted(expected.items()):
            have = found.get(part, {}).get("chunks", 0)
            if have != chunks:
                raise IncompleteRun(f"the results of run {name} are incomplete: {have} of its {chunks} {part} "
                                    f"chunks are in the graph; run `netnp analyze` again")
    for part, field in _ENTRIES.items():
        want = record.get(field) or 0
        have = found.get(part, {}).get("entries", 0)
        if have != want:
            raise IncompleteRun(f"the results of run {name} are incomplete: its chunks hold {have} of its {want} "
                                f"{part}; run `netnp analyze` again")


def describe(record: dict[str, Any]) -> str:
    """A run's name for users: ``2024-Q2 (run-…)``, or its id."""
    label = record.get("label")
    return f"{label} ({record.get('id')})" if label else str(record.get("id"))


def summary(record: dict[str, Any]) -> dict[str, Any]:
    """What ``netnp runs`` shows of a run: label, id, window, scope, engine, date and size."""
    parameters = _loads(record.get("parameters"))
    return {
        "label": record.get("label"), "id": record.get("id"), "sequence": record.get("sequence"),
        "since": parameters.get("since"), "until": parameters.get("until"),
        "kinds": parameters.get("kinds"), "types": parameters.get("types"), "directed": parameters.get("directed"),
        "analysis": parameters.get("analysis"), "focus": parameters.get("focus"),
        "engine": record.get("engine"), "started_at": record.get("started_at"),
        "finished_at": record.get("finished_at"), "nodes": record.get("nodes"), "pairs": record.get("pairs"),
    }


def _loads(value: Any) -> dict[str, Any]:
    try:
        loaded = json.loads(value) if isinstance(value, str) else {}
    except ValueError:
        return {}
    return loaded if isinstance(loaded, dict) else {}


#: The periods ``netnp snapshots --every`` cuts a time span into.
PERIODS = ("year", "quarter", "month")


def _date(option: str, text: str) -> _dt.date:
    try:
        return _dt.date.fromisoformat(text)
    except (TypeError, ValueError):
        raise InputError(f"{option} {text!r} is not an ISO date (YYYY-MM-DD)") from None


def windows(every: str, start: str, end: str, cumulative: bool = False) -> list[tuple[str, str, str]]:
    """The time windows of a series of snapshots: ``(name, since, until)`` each, ISO dates, oldest first.

    Each calendar year, quarter or month that meets [``start``, ``end``] gives
    one window, cut to that span and named after its period (``2023``,
    ``2023-Q2``, ``2023-05``); with ``cumulative``, every window starts at
    ``start``.

    Raises
    ------
    InputError
        An unknown period, a date that is not ISO, or ``start`` after ``end``.
    """
    if every not in PERIODS:
        raise InputError(f"--every {every!r}: use one of {', '.join(PERIODS)}")
    first, last = _date("--from", start), _date("--to", end)
    if first > last:
        raise InputError(f"--from {start} is after --to {end}")
    months = {"year": 12, "quarter": 3, "month": 1}[every]
    result = []
    year, month = first.year, 1 + (first.month - 1) // months * months
    while _dt.date(year, month, 1) <= last:
        following = (year + (month - 1 + months) // 12, (month - 1 + months) % 12 + 1)
        period_end = _dt.date(*following, 1) - _dt.timedelta(days=1)
        name = {"year": f"{year}", "quarter": f"{year}-Q{(month - 1) // 3 + 1}", "month": f"{year}-{month:02d}"}[every]
        since = first if cumulative else max(first, _dt.date(year, month, 1))
        result.append((name, since.isoformat(), min(last, period_end).isoformat()))
        year, month = following
    return result



__all__ = ["PERIODS", "IncompleteRun", "check_complete", "check_label", "clean_debris", "delete_run", "describe", "find_run",
           "list_runs", "summary", "taken_labels", "windows"]
