"""``netnp person export``: everything the graph holds about one person, as one JSON document (right of access).

The document (docs/privacy.md, "Access") holds, for each node the person is
(their node, and any node that keeps their id as an alias):

* ``properties``: every property of the node, its aliases, its provenance
  (``netnp_source``, ``netnp_import_id``, ``netnp_imported_at``) and its
  analysis results (``netnp_*``) included, and its ``labels``;
* ``ties``: every tie, in either direction, with all its properties (weight,
  channel, dates, dated observations, provenance, analysis results) and the
  entity at its other end;
* ``sources``: the files, crawls or samples and the imports that wrote the
  node and its ties;
* ``runs``: its entries in the results every analysis run kept: its measures
  (``node``), its roles, and the pairs it is one end of.
"""

from __future__ import annotations

import datetime as _dt
import json
import math
import os
from pathlib import Path
from typing import Any

from netnp import __version__
from netnp.errors import InputError
from netnp.lookup import unknown_id_message
from netnp.runner import Runner

#: What the ``format`` field of an export says, and its version.
FORMAT = "netnp-person"
FORMAT_VERSION = 1


def plain(value: Any) -> Any:
    """A JSON value: Neo4j dates and times become ISO text, NaN becomes null, lists and maps are walked."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if hasattr(value, "iso_format"):
        return value.iso_format()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def find_entities(runner: Runner, ref: str) -> list[dict[str, Any]]:
    """The nodes whose id or alias is ``ref``; :class:`InputError` with "did you mean" when there is none."""
    found = runner.read("person/entities", id=ref)
    if not found:
        raise InputError(unknown_id_message("ID", ref, runner))
    return found


def _sources(entity: dict[str, Any], ties: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The imports that wrote a node and its ties, earliest first: source, import_id, imported_at, node, ties."""
    found: dict[tuple[Any, Any], dict[str, Any]] = {}

    def note(props: dict[str, Any], what: str) -> None:
        source, import_id = props.get("netnp_source"), props.get("netnp_import_id")
        if source is None and import_id is None:
            return
        row = found.setdefault((source, import_id), {"source": source, "import_id": import_id,
                                                     "imported_at": props.get("netnp_imported_at"),
                                                     "node": False, "ties": 0})
        when = props.get("netnp_imported_at")
        if when is not None and (row["imported_at"] is None or when < row["imported_at"]):
            row["imported_at"] = when
        if what == "node":
            row["node"] = True
        else:
            row["ties"] += 1

    note(entity["properties"], "node")
    for tie in ties:
        note(tie["properties"], "tie")
    return sorted(found.values(), key=lambda s: (s["imported_at"] or "", str(s["source"] or "")))


def _runs(entries: list[dict[str, Any]], ids: set[str]) -> list[dict[str, Any]]:
    """The run entries of ``person/run_entries``, grouped by run: node, roles, pairs."""
    runs: dict[str, dict[str, Any]] = {}
    for entry in entries:
        run = runs.setdefault(entry["run"], {"run": entry["run"], "label": entry["label"],
                                             "started_at": entry["started_at"], "node": None, "roles": [],
                                             "pairs": []})
        values = entry["values"]
        if entry["part"] == "nodes" and values.get("id") in ids:
            run["node"] = values
        elif entry["part"] == "roles":
            run["roles"].append(entry["role"])
        elif entry["part"] == "pairs":
            run["pairs"].append(values)
    for run in runs.values():
        run["roles"].sort()
    return list(runs.values())


def person_record(runner: Runner, ref: str) -> dict[str, Any]:
    """Everything the graph holds about the entity whose id or alias is ``ref`` (module docstring)."""
    entities = find_entities(runner, ref)
    ties = runner.read("person/ties", nodes=[e["node"] for e in entities])
    out = []
    for entity in entities:
        own = [t for t in ties if t["id"] == entity["id"]]
        props = dict(sorted(plain(entity["properties"]).items()))
        ids = {entity["id"], *(props.get("aliases") or [])}
        entries = plain(runner.read("person/run_entries", ids=sorted(ids)))
        out.append({
            "id": entity["id"], "kind": entity["kind"], "name": props.get("name"),
            "aliases": props.get("aliases") or [], "labels": sorted(entity["labels"]),
            "properties": props,
            "analysis": {k: v for k, v in props.items() if k.startswith("netnp_")
                         and k not in ("netnp_source", "netnp_import_id", "netnp_imported_at")},
            "ties": [{"type": t["type"], "direction": t["direction"],
                      "other": {"id": t["other_id"], "kind": t["other_kind"], "name": t["other_name"]},
                      "properties": dict(sorted(plain(t["properties"]).items()))} for t in own],
            "sources": _sources({"properties": props}, [{"properties": plain(t["properties"])} for t in own]),
            "runs": _runs(entries, ids),
        })
    return {"format": FORMAT, "version": FORMAT_VERSION, "netnp": __version__,
            "exported_at": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
            "requested": ref, "entities": out}


def export_person(runner: Runner, ref: str, path: Path | str) -> dict[str, Any]:
    """Write :func:`person_record` of ``ref`` to ``path`` (JSON, UTF-8), whole or not at all; returns counts."""
    path = Path(path)
    if not path.parent.is_dir():
        raise InputError(f"folder {path.parent} does not exist")
    record = person_record(runner, ref)
    tmp = path.with_name(path.name + ".tmp")
    # personal data: readable by its owner only, like the pseudonym key
    with os.fdopen(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w", encoding="utf-8") as out:
        out.write(json.dumps(record, ensure_ascii=False, indent=2) + "\n")
    tmp.replace(path)
    return {"path": str(path), "entities": len(record["entities"]),
            "ties": sum(len(e["ties"]) for e in record["entities"]),
            "runs": len({r["run"] for e in record["entities"] for r in e["runs"]}),
            "bytes": path.stat().st_size}
