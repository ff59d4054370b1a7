"""What the readers of social-media exports share: an export held as a folder or a zip, and the accounts' ids.

An account export (Mastodon's, X's) comes as a zip file or as the folder it
unpacks to; :class:`Bundle` reads the files of either by their path inside the
export. :class:`Accounts` turns the accounts an export names into node rows
and ids: the owner of the export becomes ``--as`` when given, every other
account goes through :meth:`SourceOptions.person_id` (so ``--pseudonymise``
applies), and names that are only handles are kept only without
``--pseudonymise``, since a handle is as identifying as an address.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from netnp import pseudonyms
from netnp.errors import InputError
from netnp.importing.problems import Problem, SourceError
from netnp.sources import SourceOptions


class Bundle:
    """The files of an export, from a folder or a zip file, by their path inside it (``data/tweets.js``)."""

    def __init__(self, path: Path):
        self.path = path
        self._zip: zipfile.ZipFile | None = None
        if path.is_dir():
            self._names = {p.relative_to(path).as_posix() for p in path.rglob("*") if p.is_file()}
        else:
            try:
                self._zip = zipfile.ZipFile(path)
            except (zipfile.BadZipFile, OSError) as exc:
                raise InputError(f"{path.name}: not a zip file nor a folder ({exc})") from None
            self._names = {info.filename for info in self._zip.infolist() if not info.is_dir()}

    @classmethod
    def holding(cls, path: Path, required: tuple[str, ...]) -> bool:
        """Whether ``path`` is a folder or a zip file that holds every file of ``required``."""
        try:
            if path.is_dir():
                return all((path / name).is_file() for name in required)
            if not path.is_file() or not zipfile.is_zipfile(path):
                return False
            with zipfile.ZipFile(path) as archive:
                names = set(archive.namelist())
        except (OSError, zipfile.BadZipFile):
            return False
        return all(name in names for name in required)

    def __enter__(self) -> Bundle:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._zip is not None:
            self._zip.close()

    def names(self) -> set[str]:
        return set(self._names)

    def has(self, name: str) -> bool:
        return name in self._names

    def read_bytes(self, name: str) -> bytes:
        """The bytes of file ``name``; a missing one is an error naming it."""
        if name not in self._names:
            raise InputError(f"{self.path.name}: {name} is missing; is this a whole export?")
        try:
            if self._zip is not None:
                return self._zip.read(name)
            return (self.path / name).read_bytes()
        except (OSError, zipfile.BadZipFile, EOFError) as exc:
            raise InputError(f"{self.path.name}: cannot read {name} ({exc})") from None

    def text(self, name: str) -> str:
        """The text of file ``name`` (UTF-8, a byte-order mark allowed)."""
        data = self.read_bytes(name)
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise self.error(name, None, f"not UTF-8 text (byte {exc.start + 1})") from None

    def json(self, name: str, text: str | None = None) -> Any:
        """The JSON document of file ``name`` (or ``text``, the file's text after a prefix)."""
        try:
            return json.loads(self.text(name) if text is None else text)
        except json.JSONDecodeError as exc:
            raise self.error(name, exc.lineno, f"not JSON: {exc.msg} (column {exc.colno})") from None

    def error(self, name: str, where: int | str | None, reason: str, field: str | None = None) -> SourceError:
        """An error in file ``name`` of the export, at a line (a number) or another position."""
        at = f"{name} line {where}" if isinstance(where, int) else (f"{name}, {where}" if where else name)
        return SourceError(Problem(self.path.name, at, field, reason))


class Accounts:
    """The accounts of one export, as node rows and ids.

    ``owner`` is the identifier the export gives its owner (a handle, a DID,
    an account number); ``owner_name`` the owner's display name.
    """

    def __init__(self, options: SourceOptions, owner: str, owner_name: str | None = None):
        self.options = options
        self.owner = pseudonyms.normalised(owner)
        self.owner_id = options.as_id or options.person_id(owner)
        #: Node rows by id, filled as accounts are named; the owner's is left out
        #: with ``--as``, since that node is already in the graph.
        self.rows: dict[str, dict[str, Any]] = {}
        if not options.as_id:
            self.rows[self.owner_id] = {"id": self.owner_id, "name": options.person_name(owner_name)}
        self._key: bytes | None = None

    def id(self, identifier: str) -> str:
        """The id of the account known by ``identifier``; the owner's is the owner's id."""
        if pseudonyms.normalised(identifier) == self.owner:
            return self.owner_id
        return self.options.person_id(identifier)

    def add(self, identifier: str, name: str | None = None, handle: str | None = None) -> str:
        """Name the account ``identifier`` (with its display name and its handle, when known); its id.

        A display name goes through ``--names``; a handle, which identifies the
        account, is kept (as ``handle``, and as the name when there is no
        other) only without ``--pseudonymise``.
        """
        account_id = self.id(identifier)
        row = self.rows.get(account_id)
        if row is None:
            if account_id == self.owner_id and self.options.as_id:
                return account_id
            row = self.rows[account_id] = {"id": account_id, "name": None}
        if name and not row["name"]:
            row["name"] = self.options.person_name(name)
        if handle and not self.options.pseudonymise:
            row.setdefault("handle", handle)
            if not row["name"]:
                row["name"] = handle
        return account_id

    def key(self, text: str) -> str:
        """The observation key of an interaction (a status URL, a post's URI); a keyed hash with
        ``--pseudonymise``, since such URLs hold the author's handle."""
        if not self.options.pseudonymise:
            return text
        if self._key is None:
            self._key = pseudonyms.load_key()
        return pseudonyms.pseudonym(text, self._key, prefix="o")

    def nodes(self, where: str) -> Iterator[tuple[str, str, dict[str, Any]]]:
        """The node rows of every account named so far."""
        for row in self.rows.values():
            yield "node", where, {k: v for k, v in row.items() if v is not None}


def tie(source: str, target: str, tie_type: str, channel: str, *, date: str | None = None,
        observation: str | None = None, since: str | None = None) -> dict[str, Any]:
    """A tie row of a source, with its fields that are set."""
    row = {"source": source, "target": target, "type": tie_type, "channel": channel,
           "date": date, "observation": observation, "since": since}
    return {k: v for k, v in row.items() if v is not None}
