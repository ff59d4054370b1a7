"""CiviCRM's contact and relationship CSV exports: contacts become people and organisations, relationships typed ties.

The user passes the files together (``netnp import contacts.csv
relationships.csv --from civicrm``) or the folder that holds them; each file is
recognised by its header (docs/sources.md, "civicrm"):

* contacts (Search → Export contacts): ``Contact ID``, ``Contact Type``, and
  ``Display Name``, ``First Name``, ``Last Name``, ``Organization Name``,
  ``Household Name``, ``Email`` when exported;
* relationships (a SearchKit export of Relationships, the columns as the
  Relationship entity titles them): ``Contact A ID``, ``Contact B ID`` (or
  ``Contact A``, ``Contact B`` holding the ids), ``Relationship Type``, and
  ``Relationship Start Date``, ``Relationship End Date``, ``Relationship Is
  Active`` (or ``Start Date``, ``End Date``, ``Is Relationship Active``).

Every contact's id is ``civicrm:<Contact ID>`` (through
:meth:`~netnp.sources.SourceOptions.person_id`, since a relationship export
does not say which contacts are people), with its e-mail address as an alias.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from netnp.sources import Record, SourceOptions, exports

DESCRIPTION = "CiviCRM contact and relationship CSV exports (the files together, or their folder)"

#: The channel of the ties of this source.
CHANNEL = "civicrm"

CONTACT_ID, CONTACT_TYPE = "Contact ID", "Contact Type"
CONTACT_COLUMNS = (CONTACT_ID, CONTACT_TYPE, "Display Name", "First Name", "Last Name", "Organization Name",
                   "Household Name", "Email")
RELATIONSHIP_TYPE = "Relationship Type"
#: The columns of a relationship export, each with the other spellings CiviCRM's exports give it.
RELATIONSHIP_COLUMNS = {
    "a": ("Contact A ID", "Contact A"),
    "b": ("Contact B ID", "Contact B"),
    "start": ("Relationship Start Date", "Start Date"),
    "end": ("Relationship End Date", "End Date"),
    "active": ("Relationship Is Active", "Is Relationship Active", "Is Active"),
}

KINDS = (
    exports.CsvKind("contacts", frozenset({CONTACT_ID, CONTACT_TYPE}), frozenset({"Contact A ID", "Contact A"})),
    exports.CsvKind("relationships", frozenset({"Contact A ID", "Contact B ID", RELATIONSHIP_TYPE})),
    exports.CsvKind("relationships", frozenset({"Contact A", "Contact B", RELATIONSHIP_TYPE}),
                    frozenset({"Contact A ID", "Contact B ID"})),
)
_EXPECTED = "contacts (Contact ID, Contact Type) or relationships (Contact A ID, Contact B ID, Relationship Type)"

#: CiviCRM's contact types and the kind each becomes; a household is an
#: organisation of category "household".
CONTACT_KINDS = {"individual": "Person", "organization": "Organization", "household": "Organization"}

#: CiviCRM's relationship types (as labelled from contact A to contact B, or
#: from B to A) and the tie each becomes: its type, and whether it goes from B
#: to A. The label itself is kept on the tie as ``relation``.
RELATIONSHIP_TIES: dict[str, tuple[str, bool]] = {
    "employee of": ("WORKS_FOR", False),
    "employer of": ("WORKS_FOR", True),
    "volunteer for": ("VOLUNTEERS_FOR", False),
    "volunteer is": ("VOLUNTEERS_FOR", True),
    "member of": ("MEMBER_OF", False),
    "board member of": ("MEMBER_OF", False),
    "household member of": ("MEMBER_OF", False),
    "household member is": ("MEMBER_OF", True),
    "head of household for": ("MEMBER_OF", False),
    "head of household is": ("MEMBER_OF", True),
    "partner of": ("KNOWS", False),
    "spouse of": ("KNOWS", False),
    "sibling of": ("KNOWS", False),
    "child of": ("KNOWS", False),
    "parent of": ("KNOWS", False),
    "friend of": ("KNOWS", False),
    "supervised by": ("KNOWS", False),
    "supervisor": ("KNOWS", False),
}

_TRUE, _FALSE = {"1", "yes", "true", "y"}, {"0", "no", "false", "n"}


def detect(path: Path) -> bool:
    """A CSV file, or a folder of them, whose every header is one of a CiviCRM export."""
    return exports.detect_files(path, exports.CSV_SUFFIXES, lambda p: exports.kind_of(p, KINDS) is not None)


def read(path: Path, options: SourceOptions) -> Iterator[Record]:
    """Contacts and relationships of the CiviCRM export at ``path``."""
    mapped = exports.read_map(options.settings.get("map"))
    aliased: set[str] = set()
    for file, kind, layout in exports.recognised_files(path, KINDS, "CiviCRM", _EXPECTED):
        if kind.name == "contacts":
            yield from _contacts(file, path, layout, options, aliased)
        else:
            yield from _relationships(file, path, layout, options, mapped)


def _contacts(file: Path, top: Path, layout: Any, options: SourceOptions, aliased: set[str]) -> Iterator[Record]:
    keys = exports.column_keys(layout, CONTACT_COLUMNS)
    for line, row in exports.rows(file):
        def cell(name: str, row: dict[Any, Any] = row) -> str:
            return (row.get(keys.get(name, "")) or "").strip()

        raw: dict[Any, Any] = {}
        if None in row:
            raw[None] = row[None]
        contact_id = _contact_id(raw, cell(CONTACT_ID), CONTACT_ID)
        contact_type = cell(CONTACT_TYPE)
        kind = CONTACT_KINDS.get(contact_type.lower())
        if kind is None:
            exports.mark_bad(raw, CONTACT_TYPE, f"contact type {contact_type!r} is not Individual, Organization "
                                                "or Household" if contact_type else "missing contact type")
        personal = contact_type.lower() != "organization"
        if contact_type.lower() == "individual":
            name = cell("Display Name") or " ".join(filter(None, (cell("First Name"), cell("Last Name"))))
        else:
            name = cell("Display Name") or cell("Organization Name") or cell("Household Name")
        raw.update(id=options.person_id(f"civicrm:{contact_id}") if contact_id else "", kind=kind or contact_type,
                   name=options.person_name(name) if personal else name)
        if contact_type.lower() == "household":
            raw["category"] = "household"
        email = cell("Email").lower()
        # one address, one contact: a household's members often share theirs
        if email and email not in aliased:
            aliased.add(email)
            raw["aliases"] = [options.person_id(email)]
        yield "node", exports.where(file, top, line), raw


def _relationships(file: Path, top: Path, layout: Any, options: SourceOptions,
                   mapped: dict[str, str]) -> Iterator[Record]:
    spelt = {field: next((n for n in names if n in exports.column_keys(layout, names)), names[0])
             for field, names in RELATIONSHIP_COLUMNS.items()}
    keys = exports.column_keys(layout, (*spelt.values(), RELATIONSHIP_TYPE))
    for line, row in exports.rows(file):
        def cell(name: str, row: dict[Any, Any] = row) -> str:
            return (row.get(keys.get(name, "")) or "").strip()

        raw: dict[Any, Any] = {}
        if None in row:
            raw[None] = row[None]
        a = _contact_id(raw, cell(spelt["a"]), spelt["a"])
        b = _contact_id(raw, cell(spelt["b"]), spelt["b"])
        label = cell(RELATIONSHIP_TYPE)
        tie_type, reverse = _tie(raw, label, mapped)
        source, target = (b, a) if reverse else (a, b)
        raw.update(source=options.person_id(f"civicrm:{source}") if source else "",
                   target=options.person_id(f"civicrm:{target}") if target else "",
                   type=tie_type, channel=CHANNEL, relation=label,
                   since=exports.date(raw, cell(spelt["start"]), spelt["start"]),
                   until=exports.date(raw, cell(spelt["end"]), spelt["end"]))
        active = cell(spelt["active"]).lower()
        if active in _TRUE or active in _FALSE:
            raw["active"] = active in _TRUE
        elif active:
            exports.mark_bad(raw, spelt["active"], f"{spelt['active']} {active!r} is not 1 or 0 (yes or no)")
        yield "edge", exports.where(file, top, line), raw


def _contact_id(raw: dict[Any, Any], text: str, column: str) -> str:
    """A contact ID cell, checked: CiviCRM's ids are whole numbers."""
    if not text:
        exports.mark_bad(raw, column, f"missing {column}")
    elif not text.isdigit():
        exports.mark_bad(raw, column, f"{column} {text!r} is not a CiviCRM contact ID (a whole number); "
                                      "export the contacts' ids, not their names")
    return text


def _tie(raw: dict[Any, Any], label: str, mapped: dict[str, str]) -> tuple[str, bool]:
    """The tie type of a relationship type, and whether the tie goes from contact B to contact A."""
    if not label:
        exports.mark_bad(raw, RELATIONSHIP_TYPE, "missing relationship type")
        return "KNOWS", False
    key = label.casefold()
    if key in mapped:
        return mapped[key], False
    if key in RELATIONSHIP_TIES:
        return RELATIONSHIP_TIES[key]
    exports.mark_bad(raw, RELATIONSHIP_TYPE,
                     f"relationship type {label!r} has no tie type in netnp's table (docs/sources.md); give it one "
                     f"with --map FILE, a CSV of relationship_type,tie_type such as \"{label}\",KNOWS")
    return "KNOWS", False
