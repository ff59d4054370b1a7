"""What the readers of sources share: rows the importer refuses with a reason, names made into ids, tolerant text decoding.

A source reports a bad record (a message without a date, an ambiguous name)
by yielding a row that carries a :class:`BadValue` under the key
:data:`~netnp.importing.xmlgraph.BAD_VALUE`: the importer's check refuses it
with the source's own field and reason, named with the file and position, as
it refuses any bad row, so nothing is written unless ``--skip-invalid`` is given.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from anyascii import anyascii

from netnp.identities import names
from netnp.importing import csvfile
from netnp.importing.problems import Problem, SourceError
from netnp.importing.xmlgraph import BAD_VALUE
from netnp.sources import SourceOptions

_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x1f\x7f]")


class BadValue:
    """A field of a record that the source cannot turn into the model, and why."""

    def __init__(self, attr: str, reason: str):
        self.attr, self.reason = attr, reason


def bad_row(field: str, reason: str, **shown: Any) -> dict[str, Any]:
    """A row the importer refuses at ``field`` with ``reason``; ``shown`` goes to the rejects file."""
    return {BAD_VALUE: BadValue(field, reason), **shown}


def slug(text: str) -> str:
    """``text`` as lower-case ASCII words joined by ``-``: ``Fête de l'été`` is ``fete-de-l-ete``."""
    return _NOT_SLUG.sub("-", anyascii(text).lower()).strip("-")


def decode_header_bytes(raw: bytes) -> str:
    """Header bytes as text: UTF-8, else Windows-1252 (what most mailers wrote before UTF-8), else Latin-1.

    Mail headers should be ASCII, but many messages carry 8-bit names in the
    sender's local encoding; this never fails and never yields lone surrogates,
    which Neo4j would refuse.
    """
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def clean_text(text: str) -> str:
    """``text`` without lone surrogates or control characters, spaces collapsed."""
    if _SURROGATE.search(text):
        # a lone surrogate stands for a byte its decoder could not read: read it as Windows-1252
        text = _SURROGATE.sub(lambda m: bytes([ord(m.group()) & 0xFF]).decode("cp1252", "replace"), text)
    return " ".join(_CONTROL.sub(" ", text).split())


def csv_rows(path: Path, required: tuple[str, ...], what: str, *, header_line: int = 1, header_offset: int = 0,
             ) -> Iterator[tuple[int, dict[str, str]]]:
    """The rows of a CSV file as ``(line, {column in lower case: cell})``, from the header at ``header_line``
    (which begins at byte ``header_offset``); the CSV reader's own checks apply (:mod:`netnp.importing.csvfile`)."""
    at = csvfile.Position(line=header_line - 1, offset=header_offset)
    for line, row in csvfile.read_rows(path, required, what, position=at):
        if None in row or BAD_VALUE in row:
            yield line, row  # refused by the importer's check, as a CSV row of the same fault is
            continue
        yield line, {str(key).strip().lower(): (value or "").strip() for key, value in row.items()}


def malformed(row: dict) -> bool:
    """Whether a row of :func:`csv_rows` is one the CSV reader found malformed (passed on as it is, for the
    importer's check to name its fault)."""
    return None in row or BAD_VALUE in row


def file_problem(path: Path, line: int | None, field: str | None, reason: str) -> SourceError:
    """The error of a file that cannot be read as its source at all."""
    return SourceError(Problem(path.name, line, field, reason))


class People:
    """Names matched to people: the people of the graph and those a file has named so far.

    A text names a person by, in this order: an exact id (or alias) of the graph
    or of the file; the same name once normalised (:func:`netnp.identities.names.parse_name`:
    case, accents, word order and titles aside), when exactly one person has it;
    else a new person, whose id is ``person:`` and the name's words
    (``person:ana-lopez``), or the address for an e-mail address. A name that
    two or more people have is ambiguous: :meth:`match` raises :class:`ValueError`.
    """

    def __init__(self, options: SourceOptions):
        self.options = options
        self.ids: dict[str, str] = {}  # an id or alias -> the id of the person it names
        self.by_name: dict[str, set[str]] = {}
        #: the people this file brings that the graph does not hold, by id: their name
        self.new: dict[str, str | None] = {}
        if options.graph is not None:
            for row in options.graph.read("sources/people"):
                self.ids[row["id"]] = row["id"]
                for alias in row["aliases"]:
                    self.ids.setdefault(alias, row["id"])
                self.add_name(row["id"], row["name"])

    def add_name(self, person: str, name: str | None) -> None:
        key = names.parse_name(name).key if name else ""
        if key:
            self.by_name.setdefault(key, set()).add(person)

    def add(self, person: str, name: str | None) -> None:
        """A person the file names by an id of its own (an address), with their name."""
        if person not in self.ids:
            self.ids[person] = person
            self.new[person] = name
        elif person in self.new and name and not self.new[person]:
            self.new[person] = name
        self.add_name(person, name)

    def by_address(self, person: str, name: str | None) -> str:
        """The person a row names by an address (already an id, ``person``) and a name: the person of that id
        when known, else the one person of that name, else a new person of that id."""
        if person in self.ids:
            return self.ids[person]
        key = names.parse_name(name).key if name else ""
        found = self.by_name.get(key, set()) if key else set()
        if len(found) == 1:
            return next(iter(found))
        self.add(person, name)
        return person

    def match(self, text: str) -> tuple[str, bool]:
        """The id of the person ``text`` names, and whether the file brings them (new to the graph)."""
        text = " ".join(text.split())
        email = names.email_address(text)
        for candidate in ((self.options.person_id(email),) if email else (text, self.options.person_id(text))):
            if candidate in self.ids:
                person = self.ids[candidate]
                return person, person in self.new
        name = names.parse_name(text)
        found = self.by_name.get(name.key, set()) if name else set()
        if len(found) > 1:
            shown = ", ".join(sorted(found)[:5])
            raise ValueError(f"{text!r} is the name of {len(found)} people ({shown}); write the id of the one meant")
        if found:
            person = next(iter(found))
            return person, person in self.new
        if email:
            person = self.options.person_id(email)
        elif name:
            person = self.options.person_id("person:" + "-".join(name.words))
        else:
            raise ValueError(f"{text!r} is neither a known id nor a name")
        self.add(person, None if email else text)
        return person, True
