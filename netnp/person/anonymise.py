"""``--anonymise`` of ``netnp report`` and ``netnp export``: people's names and ids become stable pseudonyms.

A person's id and name are both replaced by the pseudonym of their id
(:func:`netnp.pseudonyms.pseudonym`, such as ``p-3f9a0c51d2e87b46``), so that
the same person gets the same pseudonym in every report and export made with
the same key, and the network keeps its shape. Their aliases, and the values
that identify them (e-mail addresses, phones, handles: see
:mod:`netnp.person.identifiers`), become pseudonyms too. Organisations, web
pages, tie types, roles and analysis results stay as they are.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from netnp import pseudonyms
from netnp.person.identifiers import EMAIL, IDENTIFYING_PROPERTY, NAME_PROPERTIES
from netnp.runner import Runner

#: Keys of a results document that hold an entity's id, and the keys of the same map that hold its name.
_ID_KEYS = {"id": ("name",), "source": ("source_name",), "target": ("target_name",)}


class Anonymiser:
    """Replaces people's ids, names and identifying values by pseudonyms under one key."""

    def __init__(self, key: bytes | None = None):
        self.key = key if key is not None else pseudonyms.load_key()
        #: The people met so far: id -> pseudonym.
        self.people: dict[str, str] = {}
        #: People's names -> the pseudonym of (one of) the people with that name.
        self.names: dict[str, str] = {}
        #: Names of other entities, which a person's name must not replace.
        self.other_names: set[str] = set()

    def pseudonym(self, value: str) -> str:
        return pseudonyms.pseudonym(value, self.key)

    def person(self, node_id: str, name: str | None = None) -> str:
        """Note a person (id and name); returns their pseudonym."""
        alias = self.people.get(node_id)
        if alias is None:
            alias = self.people[node_id] = self.pseudonym(node_id)
        if isinstance(name, str) and name:
            self.names.setdefault(name, alias)
        return alias

    def _value(self, key: str, value: Any) -> Any:
        """A property value of a person: identifying texts become pseudonyms, the others stay."""
        if isinstance(value, list):
            return [self._value(key, v) for v in value]
        if isinstance(value, str) and (IDENTIFYING_PROPERTY.search(key) or EMAIL.match(value.strip())):
            return self.pseudonym(value)
        return value

    # -- export rows ---------------------------------------------------------------------
    def node(self, node_id: str, attributes: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        """An exported node (id, attributes with ``kind``): a person's is anonymised, other nodes pass."""
        if attributes.get("kind") != "Person":
            return node_id, attributes
        alias = self.person(node_id)
        out = {}
        for key, value in attributes.items():
            if key in NAME_PROPERTIES:
                out[key] = alias if value is not None else None
            elif key == "aliases":
                out[key] = [self.pseudonym(v) for v in value] if isinstance(value, list) else \
                    self.pseudonym(value) if isinstance(value, str) else value
            elif key.startswith("netnp_"):
                out[key] = value
            else:
                out[key] = self._value(key, value)
        return alias, out

    def tie(self, source: str, target: str, attributes: dict[str, Any]) -> tuple[str, str, dict[str, Any]]:
        """An exported tie: ends that are people (met as nodes before) become pseudonyms, and so do
        identifying values (e-mail addresses, Message-IDs) when one end is a person."""
        ends = (self.people.get(source), self.people.get(target))
        if ends == (None, None):
            return source, target, attributes
        out = {k: v if k.startswith("netnp_") else self._value(k, v) for k, v in attributes.items()}
        return ends[0] or source, ends[1] or target, out

    # -- results documents ---------------------------------------------------------------
    def document(self, document: dict[str, Any]) -> dict[str, Any]:
        """A copy of a results document (docs/analysis-results.md) with the people noted replaced.

        In a map, a person's ``id`` (``source``, ``target``) and the ``name``
        (``source_name``, ``target_name``) beside it become the pseudonym;
        any other text equal to a person's id, or to a person's name that is
        no other entity's name, becomes that person's pseudonym.
        """
        return self._walk(document)

    def _text(self, value: str) -> str:
        if value in self.people:
            return self.people[value]
        if value in self.names and value not in self.other_names:
            return self.names[value]
        return value

    def _walk(self, value: Any) -> Any:
        if isinstance(value, str):
            return self._text(value)
        if isinstance(value, list):
            return [self._walk(v) for v in value]
        if not isinstance(value, dict):
            return value
        # keys are field names, kinds and community numbers, never an entity's id
        out = {k: self._walk(v) for k, v in value.items()}
        for id_key, name_keys in _ID_KEYS.items():
            person = value.get(id_key)
            if isinstance(person, str) and person in self.people:
                for name_key in name_keys:
                    if isinstance(value.get(name_key), str):
                        out[name_key] = self.people[person]
        return out


def _strings(value: Any, into: set[str]) -> None:
    if isinstance(value, str):
        into.add(value)
    elif isinstance(value, list):
        for v in value:
            _strings(v, into)
    elif isinstance(value, dict):
        for v in value.values():
            _strings(v, into)


def _named(document: dict[str, Any]) -> Iterable[tuple[str, str | None, str | None]]:
    """(id, name, kind) of every map of the document that names an entity with ``kind``."""
    stack: list[Any] = [document]
    while stack:
        value = stack.pop()
        if isinstance(value, list):
            stack.extend(value)
        elif isinstance(value, dict):
            if isinstance(value.get("id"), str) and "kind" in value:
                yield value["id"], value.get("name"), value.get("kind")
            stack.extend(value.values())


def anonymise_document(document: dict[str, Any], runner: Runner | None = None,
                       key: bytes | None = None) -> dict[str, Any]:
    """A results document with people's ids and names replaced by pseudonyms.

    The people are the document's nodes of kind ``Person`` and, with a
    ``runner``, every id in the document that is a person's in the graph (the
    ends of weak ties and introductions, which a bounded document does not
    list among its nodes).
    """
    anonymiser = Anonymiser(key)
    for node_id, name, kind in _named(document):
        if kind == "Person":
            anonymiser.person(node_id, name)
        elif isinstance(name, str):
            anonymiser.other_names.add(name)
    if runner is not None:
        texts: set[str] = set()
        _strings(document, texts)
        for row in runner.read("person/people", ids=sorted(texts)):
            anonymiser.person(row["id"], row["name"])
    return anonymiser.document(document)
