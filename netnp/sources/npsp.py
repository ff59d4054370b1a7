"""Salesforce Nonprofit Success Pack (NPSP) CSV exports: contacts, accounts, relationships and affiliations.

The user passes the files together (``netnp import Contact.csv Account.csv
npe4__Relationship__c.csv npe5__Affiliation__c.csv --from npsp``) or the folder
of a Salesforce data export; each file is recognised by its header, the API
names of the object's fields (docs/sources.md, "npsp"):

* Contact: ``Id``, ``FirstName``, ``LastName``, ``AccountId`` (and ``Email``);
* Account: ``Id``, ``Name``, ``Type`` (and no ``AccountId``, ``StageName`` or
  ``IsActive``, which opportunities and campaigns have);
* Relationship (``npe4__Relationship__c``): ``Id``, ``npe4__Contact__c``,
  ``npe4__RelatedContact__c``, ``npe4__Type__c`` (and ``npe4__Status__c``,
  ``npe4__ReciprocalRelationship__c``);
* Affiliation (``npe5__Affiliation__c``): ``Id``, ``npe5__Contact__c``,
  ``npe5__Organization__c`` (and ``npe5__Role__c``, ``npe5__Status__c``,
  ``npe5__StartDate__c``, ``npe5__EndDate__c``).

A contact's id is ``npsp:<Id>`` (through
:meth:`~netnp.sources.SourceOptions.person_id`), with its e-mail address as
an alias; an account's is ``npsp:<Id>``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from netnp.sources import Record, SourceOptions, exports

DESCRIPTION = "Salesforce NPSP CSV exports: Contact, Account, npe4 Relationship, npe5 Affiliation (together, or their folder)"

#: The channel of the ties of this source.
CHANNEL = "npsp"
PREFIX = "npsp:"

REL_CONTACT, REL_RELATED, REL_TYPE, REL_STATUS, REL_RECIPROCAL = (
    "npe4__Contact__c", "npe4__RelatedContact__c", "npe4__Type__c", "npe4__Status__c",
    "npe4__ReciprocalRelationship__c")
AFF_CONTACT, AFF_ORG, AFF_ROLE, AFF_STATUS, AFF_START, AFF_END = (
    "npe5__Contact__c", "npe5__Organization__c", "npe5__Role__c", "npe5__Status__c", "npe5__StartDate__c",
    "npe5__EndDate__c")
ACCOUNT_KIND_FIELD = "npe01__SYSTEM_AccountType__c"

KINDS = (
    exports.CsvKind("contacts", frozenset({"Id", "FirstName", "LastName", "AccountId"})),
    exports.CsvKind("accounts", frozenset({"Id", "Name", "Type"}),
                    frozenset({"AccountId", "StageName", "IsActive", "LastName"})),
    exports.CsvKind("relationships", frozenset({"Id", REL_CONTACT, REL_RELATED, REL_TYPE})),
    exports.CsvKind("affiliations", frozenset({"Id", AFF_CONTACT, AFF_ORG})),
)
_EXPECTED = ("Contact (Id, FirstName, LastName, AccountId), Account (Id, Name, Type), npe4__Relationship__c "
             "(Id, npe4__Contact__c, npe4__RelatedContact__c, npe4__Type__c) or npe5__Affiliation__c "
             "(Id, npe5__Contact__c, npe5__Organization__c)")
_COLUMNS = ("Id", "IsDeleted", "FirstName", "LastName", "Name", "Email", "AccountId", "Type", ACCOUNT_KIND_FIELD,
            REL_CONTACT, REL_RELATED, REL_TYPE, REL_STATUS, REL_RECIPROCAL,
            AFF_CONTACT, AFF_ORG, AFF_ROLE, AFF_STATUS, AFF_START, AFF_END)

#: The tie a contact has with its account (``AccountId``): in NPSP's household
#: model the account is the contact's household, else the organisation it belongs to.
ACCOUNT_TIE = "MEMBER_OF"
#: Affiliation roles (``npe5__Role__c``, in any case) and the tie each becomes;
#: any other role, or none, makes a MEMBER_OF tie.
ROLE_TIES = {
    "employee": "WORKS_FOR", "staff": "WORKS_FOR", "volunteer": "VOLUNTEERS_FOR", "member": "MEMBER_OF",
    "board member": "MEMBER_OF", "trustee": "MEMBER_OF", "donor": "DONATES_TO",
}
AFFILIATION_TIE = "MEMBER_OF"
#: The tie of a relationship (``npe4__Type__c``) between two contacts, whatever its type.
RELATIONSHIP_TIE = "KNOWS"


def detect(path: Path) -> bool:
    """A CSV file, or a folder of them, whose every header is one of an NPSP object's export."""
    return exports.detect_files(path, exports.CSV_SUFFIXES, lambda p: exports.kind_of(p, KINDS) is not None)


def read(path: Path, options: SourceOptions) -> Iterator[Record]:
    """Contacts, accounts, relationships and affiliations of the NPSP export at ``path``."""
    mapped = exports.read_map(options.settings.get("map"))
    aliased: set[str] = set()
    for file, kind, layout in exports.recognised_files(path, KINDS, "Salesforce NPSP", _EXPECTED):
        keys = exports.column_keys(layout, _COLUMNS)
        reader = {"contacts": _contacts, "accounts": _accounts, "relationships": _relationships,
                  "affiliations": _affiliations}[kind.name]
        for line, raw in reader(file, keys, options, mapped, aliased):
            yield raw.pop("_kind"), exports.where(file, path, line), raw


def _records(file: Path, keys: dict[str, str]) -> Iterator[tuple[int, Any, dict[Any, Any]]]:
    """``(line, cell, raw)`` for each row that is not in the recycle bin (``IsDeleted`` true)."""
    for line, row in exports.rows(file):
        def cell(name: str, row: dict[Any, Any] = row) -> str:
            return (row.get(keys.get(name, "")) or "").strip()

        if cell("IsDeleted").lower() in ("true", "1"):
            continue
        raw: dict[Any, Any] = {}
        if None in row:
            raw[None] = row[None]
        yield line, cell, raw


def _required(raw: dict[Any, Any], cell: Any, column: str) -> str:
    value = cell(column)
    if not value:
        exports.mark_bad(raw, column, f"missing {column}")
    return value


def _contacts(file: Path, keys: dict[str, str], options: SourceOptions, mapped: dict[str, str],
              aliased: set[str]) -> Iterator[tuple[int, dict[Any, Any]]]:
    for line, cell, raw in _records(file, keys):
        contact = _required(raw, cell, "Id")
        name = cell("Name") or " ".join(filter(None, (cell("FirstName"), cell("LastName"))))
        node = dict(raw, _kind="node", id=options.person_id(PREFIX + contact) if contact else "", kind="Person",
                    name=options.person_name(name))
        email = cell("Email").lower()
        if email and email not in aliased:  # one address, one contact: household members may share one
            aliased.add(email)
            node["aliases"] = [options.person_id(email)]
        yield line, node
        account = cell("AccountId")
        if contact and account:
            yield line, dict(raw, _kind="edge", source=options.person_id(PREFIX + contact), target=PREFIX + account,
                             type=ACCOUNT_TIE, channel=CHANNEL)


def _accounts(file: Path, keys: dict[str, str], options: SourceOptions, mapped: dict[str, str],
              aliased: set[str]) -> Iterator[tuple[int, dict[Any, Any]]]:
    for line, cell, raw in _records(file, keys):
        account = _required(raw, cell, "Id")
        household = cell("Type").lower() == "household" or cell(ACCOUNT_KIND_FIELD).lower() == "household account"
        name = cell("Name")
        yield line, dict(raw, _kind="node", id=PREFIX + account if account else "", kind="Organization",
                         name=options.person_name(name) if household else name,
                         category="household" if household else (cell("Type").lower() or None))


def _relationships(file: Path, keys: dict[str, str], options: SourceOptions, mapped: dict[str, str],
                   aliased: set[str]) -> Iterator[tuple[int, dict[Any, Any]]]:
    # NPSP keeps each relationship twice, once from each contact (Father, and
    # its reciprocal Son): the row whose reciprocal is in the file too and
    # comes first in Id order stands for both
    ids = {cell("Id") for _line, cell, _raw in _records(file, keys)}
    for line, cell, raw in _records(file, keys):
        own, reciprocal = cell("Id"), cell(REL_RECIPROCAL)
        if reciprocal and reciprocal in ids and reciprocal < own:
            continue
        contact, related = _required(raw, cell, REL_CONTACT), _required(raw, cell, REL_RELATED)
        relation = cell(REL_TYPE)
        yield line, dict(raw, _kind="edge", source=options.person_id(PREFIX + contact) if contact else "",
                         target=options.person_id(PREFIX + related) if related else "",
                         type=mapped.get(relation.casefold(), RELATIONSHIP_TIE), channel=CHANNEL,
                         relation=relation or None, status=cell(REL_STATUS) or None)


def _affiliations(file: Path, keys: dict[str, str], options: SourceOptions, mapped: dict[str, str],
                  aliased: set[str]) -> Iterator[tuple[int, dict[Any, Any]]]:
    for line, cell, raw in _records(file, keys):
        contact, organization = _required(raw, cell, AFF_CONTACT), _required(raw, cell, AFF_ORG)
        role = cell(AFF_ROLE)
        tie_type = mapped.get(role.casefold()) or ROLE_TIES.get(role.casefold(), AFFILIATION_TIE)
        yield line, dict(raw, _kind="edge", source=options.person_id(PREFIX + contact) if contact else "",
                         target=PREFIX + organization if organization else "", type=tie_type, channel=CHANNEL,
                         since=exports.date(raw, cell(AFF_START), AFF_START),
                         until=exports.date(raw, cell(AFF_END), AFF_END),
                         role=role or None, status=cell(AFF_STATUS) or None)
