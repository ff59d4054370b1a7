"""What identifies a person in the graph, and the keyed hashes that keep a forgotten person out of later imports.

A person's *identifiers* are the node's id and aliases and its addresses: the
values of properties such as ``email``, ``phone`` or ``handle``, and any text
that looks like an e-mail address. Their *names* are the ``name`` and
``label`` of a person's node. ``netnp person forget`` searches the whole
database for both once it has erased the person, and records the keyed hashes
of the identifiers (:func:`netnp.pseudonyms.keyed_hash`, never the identifiers
themselves), which :func:`forgotten_ids` looks up for ``netnp import``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from netnp import pseudonyms
from netnp.runner import Runner

#: Property names whose values identify a person (whole name, or its last ``_`` part: ``work_email``).
IDENTIFYING_PROPERTY = re.compile(
    r"(?:^|[_\-\s])(?:e-?mails?|mails?|courriels?|addresse?s?|phones?|tel|telephone|t[ée]l[ée]phone|mobiles?|"
    r"portable|handles?|urls?|websites?|site|twitter|mastodon|bluesky|linkedin|facebook|instagram|usernames?|"
    r"logins?|accounts?|pseudo)$",
    re.IGNORECASE,
)
#: A text that is an e-mail address, or a Message-ID (``<id@host>``), which points to a message of the person.
EMAIL = re.compile(r"^<?[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+>?$")
#: Properties that name an entity to people, searched for once it is forgotten (for people only).
NAME_PROPERTIES = ("name", "label")
#: Characters that end a term in a text: anything but letters, digits and ``_``.
_BOUND = r"[\p{L}\p{N}_]"
#: How many hashes one look-up of forgotten identifiers sends.
LOOKUP_BATCH = 10_000
#: The prefix of the keys of the records of forgotten entities (NetnpMeta nodes).
FORGOTTEN_KEY = "forgotten:"


@dataclass
class Identifiers:
    """What identifies one entity: ``ids`` (its id and aliases), ``addresses`` and, for a person, ``names``."""

    ids: list[str] = field(default_factory=list)
    addresses: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)

    def add(self, other: Identifiers) -> None:
        for mine, theirs in ((self.ids, other.ids), (self.addresses, other.addresses), (self.names, other.names)):
            mine.extend(v for v in theirs if v not in mine)

    @property
    def hashed(self) -> list[str]:
        """The identifiers whose keyed hashes keep the entity out of later imports: ids, aliases, addresses."""
        return list(dict.fromkeys(self.ids + self.addresses))

    def terms(self) -> list[str]:
        """Every identifier and name, in lower case, without repeats: what the proof searches for."""
        return list(dict.fromkeys(t.strip().lower() for t in self.ids + self.addresses + self.names if t.strip()))


def _texts(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, (list, tuple)):
        return [v for v in value if isinstance(v, str)]
    return []


def identifiers_of(entity: dict[str, Any]) -> Identifiers:
    """The identifiers of one entity, as ``person/entities`` returns it (``id``, ``kind``, ``properties``)."""
    props = entity["properties"]
    found = Identifiers(ids=[entity["id"], *_texts(props.get("aliases"))])
    for key, value in props.items():
        if key.startswith("netnp_") or key in ("id", "aliases", *NAME_PROPERTIES):
            continue
        for text in _texts(value):
            text = text.strip()
            if text and (IDENTIFYING_PROPERTY.search(key) or EMAIL.match(text)) and text not in found.addresses:
                found.addresses.append(text)
    if entity["kind"] == "Person":
        found.names = list(dict.fromkeys(t.strip() for key in NAME_PROPERTIES for t in _texts(props.get(key))
                                         if t.strip() and t.strip() not in found.ids))
    return found


def java_literal(text: str) -> str:
    """``text`` as a literal in a Java regular expression: every ASCII character but letters and digits escaped."""
    return "".join("\\" + c if c.isascii() and not c.isalnum() else c for c in text)


def term_pattern(term: str) -> dict[str, str]:
    """A search term for ``person/scan_nodes``: its text, and the Java regular expression that finds it
    between two characters that are not letters, digits or ``_`` (so ``p:1`` is not found in ``p:10``)."""
    return {"text": term, "pattern": f"(?s).*(?<!{_BOUND}){java_literal(term)}(?!{_BOUND}).*"}


def hashes(identifiers: Iterable[str], key: bytes) -> list[str]:
    """The keyed hashes of some identifiers, without repeats."""
    return list(dict.fromkeys(pseudonyms.keyed_hash(i, key) for i in identifiers if i.strip()))


def forgotten_ids(runner: Runner, ids: Iterable[str]) -> set[str]:
    """Which of ``ids`` (ids, aliases, tie ends of an import) belong to entities that ``netnp person forget`` erased.

    The graph holds only the keyed hashes of their identifiers; an import
    hashes its ids with the same key to compare. A graph where nothing was
    ever forgotten is answered without reading the key.
    """
    ids = [i for i in dict.fromkeys(ids) if isinstance(i, str) and i.strip()]
    if not ids or not runner.read("person/any_forgotten"):
        return set()
    key = pseudonyms.load_key()
    by_hash: dict[str, list[str]] = {}
    for identifier in ids:
        by_hash.setdefault(pseudonyms.keyed_hash(identifier, key), []).append(identifier)
    hashed = list(by_hash)
    found: set[str] = set()
    for start in range(0, len(hashed), LOOKUP_BATCH):
        for row in runner.read("person/forgotten_among", hashes=hashed[start:start + LOOKUP_BATCH]):
            found.update(by_hash[row["hash"]])
    return found
