"""Readers of the files associations already hold: mailboxes, social-media exports, CRM exports, surveys and sign-up sheets.

``netnp import PATH --from SOURCE`` reads one of them. Each source is a module
of this package, named in :data:`SOURCES`, with:

* ``DESCRIPTION``: one line for ``--help`` and docs/sources.md;
* ``detect(path) -> bool``: whether ``path`` (a file or a folder) is
  unambiguously of this source, for imports that leave ``--from`` out;
* ``read(path, options) -> Iterator[Record]``: the rows it holds, as the
  importer's own readers yield them: ``(kind, where, raw)`` with ``kind``
  ``"node"`` or ``"edge"``, ``where`` the position a problem is reported at (a
  line number, or text such as ``"message <id@host>"``), and ``raw`` a row of
  the model's fields (nodes: ``id``, ``kind``, ``name``, ``aliases`` and
  properties; ties: ``source``, ``target``, ``type``, ``channel``, ``weight``,
  ``since``, ``until``, ``date``, ``observation`` and properties), which the
  importer checks like any other row.

A source never writes: the importer checks every row it yields before writing
any, so the guarantees of ``netnp import`` (file:line:field errors, nothing
written on error, idempotent re-import) hold for every source. A source that
cannot read its input at all raises :class:`netnp.errors.InputError`.

People's identifiers (addresses, handles) become ids through
:meth:`SourceOptions.person_id`, and their names through
:meth:`SourceOptions.person_name`, so that ``--pseudonymise`` and
``--names drop`` apply to every source alike.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from netnp import pseudonyms
from netnp.errors import InputError
from netnp.lookup import did_you_mean

#: A row of a source, as :func:`read` yields it: ``(kind, where, raw)``.
Record = tuple[str, Any, dict[str, Any]]

#: The sources ``--from`` accepts, each the name of its module in this package.
SOURCES: dict[str, str] = {
    "mbox": "netnp.sources.mbox",
    "linkedin": "netnp.sources.linkedin",
    "survey": "netnp.sources.survey",
    "attendance": "netnp.sources.attendance",
    "civicrm": "netnp.sources.civicrm",
    "npsp": "netnp.sources.npsp",
    "network-canvas": "netnp.sources.network_canvas",
    "mastodon": "netnp.sources.mastodon",
    "x-archive": "netnp.sources.x_archive",
    "bluesky": "netnp.sources.bluesky",
}

#: What ``--names`` accepts with ``--pseudonymise``.
NAME_POLICIES = ("keep", "drop")


@dataclass
class SourceOptions:
    """How to read a source; the options of ``netnp import --from``.

    Attributes
    ----------
    me : the account or mailbox owner's own identifier (``--me``), when the
        export does not say it.
    as_id : the id of an existing node that the owner is (``--as``, such as
        ``org:asso``): the owner's ties become that node's ties.
    pseudonymise : replace people's identifiers by keyed hashes (:mod:`netnp.pseudonyms`).
    names : with ``pseudonymise``, ``"keep"`` or ``"drop"`` people's names.
    settings : options of one source only, by name (for example ``keep_lists``).
    graph : the runner of the graph being imported into, set by the importer,
        for sources that match names to the people already there; read only.
    notes : what a source counted or flagged while reading (``{what: value}``),
        set by the source at the end of a full read; the import report shows it.
    """

    me: str | None = None
    as_id: str | None = None
    pseudonymise: bool = False
    names: str = "keep"
    settings: dict[str, Any] = field(default_factory=dict)
    graph: Any = field(default=None, repr=False)
    notes: dict[str, Any] = field(default_factory=dict)
    _key: bytes | None = field(default=None, repr=False)

    def person_id(self, identifier: str) -> str:
        """The id of the person or account known by ``identifier`` (an address, a handle).

        The owner (``--me``) becomes ``--as`` when given; with ``--pseudonymise``
        every other identifier becomes its pseudonym.
        """
        if self.as_id and self.me and pseudonyms.normalised(identifier) == pseudonyms.normalised(self.me):
            return self.as_id
        if not self.pseudonymise:
            return identifier
        if self._key is None:
            self._key = pseudonyms.load_key()
        return pseudonyms.pseudonym(identifier, self._key)

    def person_name(self, name: str | None) -> str | None:
        """A person's name as the import keeps it: ``None`` with ``--pseudonymise --names drop``."""
        if self.pseudonymise and self.names == "drop":
            return None
        return name


def source_module(name: str) -> ModuleType:
    """The module of source ``name``; an unknown name gets a "did you mean"."""
    if name not in SOURCES:
        hint = did_you_mean(name, SOURCES)
        known = ", ".join(sorted(SOURCES)) or "none"
        raise InputError(f"--from {name!r}: unknown source{hint}; netnp reads {known}")
    return importlib.import_module(SOURCES[name])


def detect(path: Path) -> str | None:
    """The source that ``path`` unambiguously is, or ``None``."""
    found = [name for name in SOURCES if source_module(name).detect(path)]
    return found[0] if len(found) == 1 else None


def read(name: str, path: Path, options: SourceOptions) -> Iterator[Record]:
    """The rows of ``path`` read as source ``name``."""
    if options.names not in NAME_POLICIES:
        raise InputError(f"--names {options.names!r}: use keep or drop")
    return source_module(name).read(path, options)
