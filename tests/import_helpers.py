"""Helpers of the import and export tests: write input files, read the graph back."""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path
from typing import Any

import networkx as nx

from netnp import samples
from netnp.runner import Runner


def write(path: Path, text: str, *, bom: bool = False) -> Path:
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def write_networkx(g: nx.Graph, path: Path) -> Path:
    """``g`` written by networkx in the format its suffix names: .graphml, .gexf or .json (node-link)."""
    if path.suffix == ".graphml":
        nx.write_graphml(g, path)
    elif path.suffix == ".gexf":
        nx.write_gexf(g, path)
    else:
        path.write_text(json.dumps(nx.node_link_data(g, edges="edges")), encoding="utf-8")
    return path


def plain(value: Any) -> Any:
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return value


def nodes(runner: Runner) -> dict[str, dict[str, Any]]:
    """id -> {kind, roles, and the properties netnp did not add}."""
    found = {}
    for row in runner.read("export/nodes"):
        props = {k: plain(v) for k, v in row["properties"].items() if not k.startswith("netnp_") and k != "id"}
        found[row["id"]] = {"kind": row["kind"], **props}
    return found


def ties(runner: Runner) -> Counter:
    """Multiset of (source, type, target, channel, weight, since, until)."""
    return Counter(
        (row["source"], row["type"], row["target"], row["properties"].get("channel"), row["properties"].get("weight"),
         plain(row["properties"].get("since")), plain(row["properties"].get("until")))
        for row in runner.read("export/ties")
    )


def tie_properties(runner: Runner) -> dict[tuple[str, str, str, str], dict[str, Any]]:
    return {(row["source"], row["type"], row["target"], row["properties"].get("channel")):
            {k: plain(v) for k, v in row["properties"].items()} for row in runner.read("export/ties")}


def overlapping_files(folder: Path, parts: int = 4, size: int = 3000) -> list[tuple[Path, Path]]:
    """``parts`` pairs of CSV files of the synthetic association, each with three quarters of its
    ties and the nodes they need: any two share half the ties and most nodes."""
    entities, tie_rows = samples.sample_rows("association", size=size, seed=3, history=False)
    tie_rows = list(tie_rows)
    columns = list(dict.fromkeys(k for e in entities for k in e["properties"]))
    by_id = {e["id"]: e for e in entities}
    files = []
    for k in range(parts):
        mine = [t for i, t in enumerate(tie_rows) if i % parts != k]
        ids = sorted({t["source"] for t in mine} | {t["target"] for t in mine}
                     | {e["id"] for i, e in enumerate(entities) if i % parts != k})
        n, e = folder / f"nodes{k}.csv", folder / f"edges{k}.csv"
        with n.open("w", newline="", encoding="utf-8") as fh:
            out = csv.writer(fh)
            out.writerow(["id", "kind", "name", *columns])
            for node_id in ids:
                entity = by_id[node_id]
                out.writerow([node_id, entity["kind"], entity["name"],
                              *(samples._cell(entity["properties"].get(c)) for c in columns)])
        with e.open("w", newline="", encoding="utf-8") as fh:
            out = csv.writer(fh)
            out.writerow(["source", "target", "type", "weight", "since", "until", "channel"])
            for t in mine:
                out.writerow([t["source"], t["target"], t["type"], samples._cell(t["weight"]), t["since"] or "",
                              t["until"] or "", t["channel"]])
        files.append((n, e))
    return files
