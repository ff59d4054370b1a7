"""``netnp person forget``: erase one person everywhere in the graph, and prove it (right to erasure).

Forgetting an entity (docs/privacy.md, "Erasure"), while holding the import
lock so that no import or crawl writes meanwhile:

1. records the keyed hashes of its identifiers (:mod:`netnp.person.identifiers`),
   so that ``netnp import`` skips rows that would bring it back;
2. removes its entries from the results every analysis run kept (its node
   entry, its roles, the pairs it is one end of), and clears the focus of the
   runs it was the focus of;
3. removes its ids from netnp's bookkeeping (crawl jobs' seeds);
4. deletes its nodes (its node, and any node that keeps its id as an alias)
   with all their ties, and so their observations, aliases, provenance and
   analysis results.

The steps run in this order so that a forget stopped midway (the server went
down) is completed by running it again: the node goes last, and an id that
is no node's any more but was forgotten is taken up again.

Then it searches every text property of every node and relationship of the
database for the entity's ids, aliases, addresses and (for a person) names
(:func:`prove`). Another person's node with the same name is a homonym, and
reported as such; anything else found is a failure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from netnp import pseudonyms
from netnp.errors import InputError, NetnpError
from netnp.locks import import_lock
from netnp.lookup import unknown_id_message
from netnp.person.identifiers import Identifiers, hashes, identifiers_of, term_pattern
from netnp.runner import Runner

#: Tie types that make a person a member of an organisation (forgetting the organisation asks first).
MEMBERSHIP_TYPES = ("MEMBER_OF", "WORKS_FOR", "VOLUNTEERS_FOR")
#: Most places the proof lists, for nodes and for relationships each.
HITS_SHOWN = 100


class StillFound(NetnpError):
    """The proof found the forgotten entity's identifiers somewhere in the database."""


@dataclass
class Plan:
    """What forgetting ``ref`` will erase, read before anything is changed."""

    ref: str
    entities: list[dict[str, Any]]
    identifiers: Identifiers
    ties: int
    run_entries: int
    members: list[dict[str, Any]] = field(default_factory=list)
    member_people: int = 0

    @property
    def kind(self) -> str | None:
        return self.entities[0]["kind"] if self.entities else None

    @property
    def question(self) -> str | None:
        """The confirmation to ask before forgetting an organisation that people are members of, else None."""
        if not self.member_people:
            return None
        entity = self.entities[0]
        name = entity["properties"].get("name")
        shown = f"{entity['id']!r}" + (f" ({name})" if name and name != entity["id"] else "")
        by_type = ", ".join(f"{m['type']} {m['ties']}" for m in self.members)
        memberships = sum(m["ties"] for m in self.members)
        return (f"{shown} is an organisation that {self.member_people} "
                f"{'person is a member' if self.member_people == 1 else 'people are members'} of ({by_type}). "
                f"Forgetting it deletes it, its {self.ties} ties ({memberships} of them these memberships) and its "
                f"{self.run_entries} entries in the analysis runs; the people stay. Forget it?")


@dataclass
class Proof:
    """What the search of the whole database found after a forget."""

    terms: int
    nodes: int
    ties: int
    texts: int
    hits: list[dict[str, Any]]
    homonyms: list[dict[str, Any]]

    def summary(self) -> dict[str, Any]:
        return {"terms": self.terms, "nodes_searched": self.nodes, "ties_searched": self.ties,
                "texts_searched": self.texts, "found": len(self.hits), "homonyms": len(self.homonyms),
                "hits": self.hits, "homonym_nodes": self.homonyms}


@dataclass
class ForgetReport:
    """What a forget removed (counts per kind) and what its proof found."""

    ref: str
    ids: list[str]
    kind: str | None
    already_forgotten: bool
    removed: dict[str, int]
    proof: Proof

    def summary(self) -> dict[str, Any]:
        return {"requested": self.ref, "ids": self.ids, "kind": self.kind, "already_forgotten": self.already_forgotten,
                "removed": self.removed, "proof": self.proof.summary()}

    def check(self) -> None:
        """Raise :class:`StillFound` naming where the identifiers still are, if the proof found any."""
        if not self.proof.hits:
            return
        shown = "; ".join(_where(hit) for hit in self.proof.hits[:5])
        more = f" and {len(self.proof.hits) - 5} more" if len(self.proof.hits) > 5 else ""
        raise StillFound(f"{self.ref!r} was erased from its nodes, ties and runs, but the database still holds "
                         f"{len(self.proof.hits)} text(s) with its identifiers: {shown}{more}; "
                         "remove them (or the entities that hold them) and run `netnp person forget` again")


def _where(hit: dict[str, Any]) -> str:
    if "type" in hit:
        return f"tie {hit['source']} -[{hit['type']}]-> {hit['target']}, property {hit['property']}"
    labels = ":".join(hit["labels"])
    return f"node {hit['id']!r} ({labels}), property {hit['property']}"


def plan_forget(runner: Runner, ref: str) -> Plan:
    """Read what forgetting ``ref`` (an id or alias) would erase.

    An id that is no node's any more but was forgotten before gives a plan
    with no entity, which completes a forget stopped midway. Any other
    unknown id raises :class:`InputError` with "did you mean".
    """
    entities = runner.read("person/entities", id=ref)
    if not entities:
        if runner.read("person/forgotten_among", hashes=hashes([ref], pseudonyms.load_key())):
            ids = Identifiers(ids=[ref])
            return Plan(ref, [], ids, 0, len(runner.read("person/run_entries", ids=ids.ids)))
        raise InputError(unknown_id_message("ID", ref, runner))
    identifiers = Identifiers()
    for entity in entities:
        identifiers.add(identifiers_of(entity))
    nodes = [e["node"] for e in entities]
    ties = len({t["tie"] for t in runner.read("person/ties", nodes=nodes)})
    entries = len(runner.read("person/run_entries", ids=identifiers.ids))
    plan = Plan(ref, entities, identifiers, ties, entries)
    if any(e["kind"] == "Organization" for e in entities):
        plan.members = runner.read("person/members", nodes=nodes, types=list(MEMBERSHIP_TYPES))
        plan.member_people = runner.read("person/member_count", nodes=nodes, types=list(MEMBERSHIP_TYPES))[0]["people"]
    return plan


def forget(runner: Runner, plan: Plan) -> ForgetReport:
    """Erase what ``plan`` names (module docstring), then search the database for it; returns what went.

    The caller asks for confirmation first when :attr:`Plan.question` says so,
    and calls :meth:`ForgetReport.check` to fail if the proof found anything.
    """
    ids = plan.identifiers.ids
    key = pseudonyms.load_key()
    removed: dict[str, int] = {}
    # The lock's record names the command only: it must not hold the identifiers being erased.
    with import_lock(runner, "netnp person forget"):
        stored = runner.write("person/store_forgotten", hashes=hashes(plan.identifiers.hashed, key)).rows[0]
        removed["forgotten_hashes_stored"] = stored["created"]
        parts = {row["part"]: row["entries"] for row in runner.write("person/forget_run_entries", ids=ids).rows}
        for part in ("nodes", "pairs", "roles"):
            removed[f"run_{part}_entries"] = parts.get(part, 0)
        removed["run_focus"] = runner.write("person/forget_run_focus", ids=ids).rows[0]["records"]
        removed["bookkeeping"] = runner.write("person/scrub_bookkeeping", ids=ids).rows[0]["properties"]
        rows = runner.write("person/delete", nodes=[e["node"] for e in plan.entities]).rows
        gone = rows[0] if rows else {"nodes": 0, "aliases": 0, "ties": 0, "observations": 0}
        removed.update({"nodes": gone["nodes"], "aliases": gone["aliases"], "ties": gone["ties"],
                        "observations": gone["observations"]})
    proof = prove(runner, plan.identifiers)
    return ForgetReport(plan.ref, ids, plan.kind, not plan.entities, removed, proof)


def prove(runner: Runner, identifiers: Identifiers) -> Proof:
    """Search every text property of every node and relationship for ``identifiers``.

    A hit on the ``name`` of another entity that is exactly one of the
    person's names is a homonym (two people may share a name), listed apart;
    every other hit is a place that still holds the person's data.
    """
    terms = [term_pattern(t) for t in identifiers.terms()]
    if not terms:
        return Proof(0, 0, 0, 0, [], [])
    nodes = runner.read("person/scan_nodes", terms=terms, limit=HITS_SHOWN)[0]
    ties = runner.read("person/scan_ties", terms=terms, limit=HITS_SHOWN)[0]
    names = {n.strip().lower() for n in identifiers.names}
    hits, homonyms = [], []
    for hit in nodes["hits"]:
        same_name = hit["property"] == "name" and "Entity" in hit["labels"] and hit["text"].strip().lower() in names
        (homonyms if same_name else hits).append(hit)
    hits.extend(ties["hits"])
    return Proof(len(terms), nodes["nodes"], ties["ties"], nodes["texts"] + ties["texts"], hits, homonyms)
