"""The aliases kept in the graph, which a later import honours.

Once ``netnp identities apply`` or ``netnp import --aliases`` folded a node
``X`` into a node ``K`` (``X`` is in ``K.aliases``), a file that still names
``X`` (as a node, or as a tie's end) must write to ``K``: the node ``X`` does
not come back, its ties land on ``K``. Each kept alias has a lookup node
``(:NetnpAlias {alias, id})`` with a uniqueness constraint on ``alias``
(schema 8), written where aliases are recorded (``import/add_aliases``,
``import/fold_aliases``) and erased by ``netnp person forget``.

The importer asks :func:`kept_aliases` once per import: a graph without
aliases costs one count; otherwise the ids of the files are looked up through
the constraint's index, or, when the graph keeps fewer aliases than the files
name ids, the aliases are all read.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from netnp.runner import Runner

_LOOKUP_BATCH = 10_000


def kept_aliases(runner: Runner, ids: Collection[str]) -> dict[str, str]:
    """The ids among ``ids`` that an entity of the graph keeps as an alias, each with that entity's id."""
    count = runner.read("import/kept_alias_count")[0]["aliases"]
    if not count or not ids:
        return {}
    if count <= len(ids):
        wanted = ids if isinstance(ids, (set, frozenset, dict)) else set(ids)
        return {row["alias"]: row["id"] for row in runner.stream("import/all_kept_aliases")
                if row["alias"] in wanted}
    ordered = sorted(ids)
    found: dict[str, str] = {}
    for start in range(0, len(ordered), _LOOKUP_BATCH):
        found.update((row["alias"], row["id"])
                     for row in runner.read("import/kept_aliases", ids=ordered[start:start + _LOOKUP_BATCH]))
    return found


def honour(declared: dict[str, str], kept: Mapping[str, str]) -> dict[str, str]:
    """The kept aliases to add to those an import declares (``alias -> id``; changed in place, and returned).

    What the import's own files declare wins: a kept alias that they declare
    for another node, or that would close a circle of aliases, is left out.
    """
    added = {}
    for alias, canonical in kept.items():
        if alias in declared or alias == canonical:
            continue
        target, hops = canonical, 0
        while target in declared and target != alias and hops < len(declared):
            target, hops = declared[target], hops + 1
        if target == alias:
            continue
        declared[alias] = added[alias] = canonical
    return added
