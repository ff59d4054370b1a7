"""``netnp identities apply``: fold the identities of a reviewed candidates file, through the aliases.

Every row is checked before anything changes: each ``alias`` and ``id`` must
name a node (by its id, or by an alias an earlier fold recorded), and the two
must be of one kind. Any problem is reported with the file, the line and the
field, and nothing is written.

The rows then say which nodes are one entity (the relation is transitive:
``b`` is ``a`` and ``c`` is ``b`` make one entity of three). Each entity keeps
the id of the node its rows point to (the ``id`` that is no row's
``alias``; the first one in the file if there are several), and the other nodes are folded into it by the alias mechanism of
the imports (:func:`netnp.graphwrite.write_aliases`): their ids become
aliases, their ties move over, their properties fill the gaps. The aliases
the folded nodes kept are kept too. Applying the same file again changes
nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from netnp.errors import InputError
from netnp.graphwrite import write_aliases
from netnp.importing import csvfile
from netnp.importing.problems import Problem, SourceError
from netnp.lookup import similar_entities
from netnp.runner import Runner

#: How many problems an error message lists.
SHOWN_PROBLEMS = 20
#: How many unknown ids get "did you mean" suggestions (one query each).
SUGGESTED_IDS = 10
_LOOKUP_BATCH = 10_000


@dataclass
class ApplyReport:
    file: str
    rows: int = 0
    identities: int = 0
    folded: int = 0
    aliases: dict[str, str] = field(default_factory=dict)
    counters: dict[str, int] = field(default_factory=dict)

    def summary(self) -> dict[str, Any]:
        return {"file": self.file, "rows": self.rows, "identities": self.identities, "folded": self.folded,
                "aliases": self.aliases, "counters": self.counters}


def _read(path: Path) -> tuple[list[tuple[int, str, str]], list[Problem]]:
    rows: list[tuple[int, str, str]] = []
    problems: list[Problem] = []
    name = path.name
    try:
        for line, row in csvfile.read_rows(path, ("alias", "id"), "candidates"):
            if None in row:
                problems.append(Problem(name, line, "-", "more cells than the header has columns"))
                continue
            alias, canonical = row["alias"].strip(), row["id"].strip()
            if not alias:
                problems.append(Problem(name, line, "alias", "missing alias"))
            elif not canonical:
                problems.append(Problem(name, line, "id", "missing id"))
            else:
                rows.append((line, alias, canonical))
    except SourceError as exc:
        problems.append(exc.problem)
    return rows, problems


def _entities(runner: Runner, refs: set[str]) -> dict[str, list[dict[str, Any]]]:
    """The entities each reference names: the node with that id, and the nodes that keep it as an alias."""
    found: dict[str, list[dict[str, Any]]] = {}
    ordered = sorted(refs)
    for start in range(0, len(ordered), _LOOKUP_BATCH):
        for row in runner.read("identities/entities", ids=ordered[start:start + _LOOKUP_BATCH]):
            found.setdefault(row["ref"], []).append(row)
    return found


def _unknown(runner: Runner, ref: str, suggest: bool) -> str:
    message = f"no node has the id or alias {ref!r}"
    if not suggest:
        return message
    offers = [f"{row['id']!r}" + (f" ({row['name']})" if row["name"] and row["name"] != row["id"] else "")
              for row in similar_entities(runner, ref)]
    return f"{message}; did you mean {' or '.join(offers)}?" if offers else message


def check(runner: Runner, path: Path) -> tuple[list[tuple[int, str, str]], dict[str, list[dict[str, Any]]]]:
    """The rows of a candidates file and the entities they name; raises :class:`InputError` on any problem."""
    if not path.is_file():
        raise InputError(f"candidates file {path} does not exist")
    rows, problems = _read(path)
    entities = _entities(runner, {ref for _, alias, canonical in rows for ref in (alias, canonical)})
    suggested = 0
    for line, alias, canonical in rows:
        kinds: dict[str, str] = {}
        for column, ref in (("alias", alias), ("id", canonical)):
            named = entities.get(ref)
            if not named:
                problems.append(Problem(path.name, line, column, _unknown(runner, ref, suggested < SUGGESTED_IDS)))
                suggested += 1
                continue
            for entity in named:
                kinds.setdefault(entity["kind"], entity["id"])
        if len(kinds) > 1:
            problems.append(Problem(path.name, line, "id", "would fold two kinds into one: " + ", ".join(
                f"{node!r} is a {kind}" for kind, node in kinds.items())))
    if problems:
        problems.sort(key=lambda p: p.where if isinstance(p.where, int) else 0)
        if len(problems) == 1:
            raise InputError(f"{problems[0]}; nothing was changed")
        shown = "\n".join(f"  {p}" for p in problems[:SHOWN_PROBLEMS])
        more = len(problems) - SHOWN_PROBLEMS
        tail = f"\n  … and {more} more" if more > 0 else ""
        raise InputError(f"{len(problems)} problem(s) in {path.name}, nothing was changed:\n{shown}{tail}")
    return rows, entities


def alias_map(rows: list[tuple[int, str, str]],
              entities: dict[str, list[dict[str, Any]]]) -> tuple[dict[str, str], int, int]:
    """Which id each folded node (and each alias it keeps) goes to, how many identities there
    are, and how many nodes are folded."""
    parent: dict[str, str] = {}

    def find(node: str) -> str:
        root = node
        while parent.get(root, root) != root:
            root = parent[root]
        while parent.get(node, node) != root:
            parent[node], node = root, parent[node]
        return root

    aliased = set()
    order: dict[str, int] = {}
    kept: dict[str, list[str]] = {}
    for _, alias, canonical in rows:
        named = [e["id"] for ref in (alias, canonical) for e in entities[ref]]
        for entity in (e for ref in (alias, canonical) for e in entities[ref]):
            kept[entity["id"]] = entity["aliases"]
        targets = {e["id"] for e in entities[canonical]}
        aliased.update(e["id"] for e in entities[alias] if e["id"] not in targets)
        for node in named:
            order.setdefault(node, len(order))
        first = find(named[0])
        for node in named[1:]:
            other = find(node)
            if other != first:
                parent[other] = first
    groups: dict[str, list[str]] = {}
    for node in order:
        groups.setdefault(find(node), []).append(node)
    mapping: dict[str, str] = {}
    identities = folded = 0
    for members in groups.values():
        if len(members) < 2:
            continue
        identities += 1
        folded += len(members) - 1
        # the node the rows point to that no row folds; the first such in the file
        keeper = min(members, key=lambda node: (node in aliased, order[node]))
        for node in members:
            if node != keeper:
                mapping[node] = keeper
                for alias in kept.get(node, ()):
                    if alias != keeper:
                        mapping.setdefault(alias, keeper)
    return mapping, identities, folded


def apply_candidates(runner: Runner, path: Path | str) -> ApplyReport:
    """Check every row of a candidates file, then fold each identity it describes into one node."""
    path = Path(path)
    rows, entities = check(runner, path)
    mapping, identities, folded = alias_map(rows, entities)
    report = ApplyReport(file=str(path), rows=len(rows), identities=identities, folded=folded, aliases=mapping)
    if mapping:
        report.counters = write_aliases(runner, mapping)
    return report
