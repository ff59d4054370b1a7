"""Whole-database chores: what is in the graph, and emptying it."""

from __future__ import annotations

from typing import Any

from netnp.health import has_gds
from netnp.runner import Runner


def stats(runner: Runner) -> dict[str, Any]:
    """Node counts by kind and tie counts by type."""
    nodes = {row["kind"]: row["nodes"] for row in runner.read("db/node_counts")}
    ties = {row["type"]: row["ties"] for row in runner.read("db/tie_counts")}
    total = nodes.pop("all")
    return {"nodes": {"total": total, "by_kind": nodes}, "ties": {"total": sum(ties.values()), "by_type": ties}}


def drop_projections(runner: Runner) -> list[str]:
    """Drop every in-memory GDS projection (none when GDS is absent)."""
    if not has_gds(runner):
        return []
    names = [row["name"] for row in runner.read("gds/list_graphs")]
    for name in names:
        runner.write("gds/drop_graph", name=name)
    return names


def reset(runner: Runner, batch_size: int = 10_000) -> dict[str, Any]:
    """Delete all nodes and ties, and GDS projections; keep the schema."""
    before = stats(runner)
    runner.write("db/delete_all_ties", batch_size=batch_size)
    runner.write("db/delete_all_data", batch_size=batch_size)
    dropped = drop_projections(runner)
    return {"deleted_nodes": before["nodes"]["total"], "deleted_ties": before["ties"]["total"], "dropped_projections": dropped}
