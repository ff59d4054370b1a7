"""LinkedIn connections (``--from linkedin``): the ``Connections.csv`` of a LinkedIn data export.

LinkedIn writes a few note lines (``Notes:`` and a quoted paragraph) before
the header ``First Name,Last Name,URL,Email Address,Company,Position,Connected On``;
the header is found wherever it is among the first lines. The account's owner
KNOWS each connection (channel ``linkedin``, ``since`` the date of Connected
On, written like ``05 Dec 2026``), and each connection WORKS_FOR the company
given (an Organization). docs/sources.md, "linkedin", has the whole mapping.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterator
from pathlib import Path

from netnp import model
from netnp.identities import names
from netnp.sources import Record, SourceOptions
from netnp.sources.sheets import bad_row, csv_rows, file_problem, malformed, slug

DESCRIPTION = "LinkedIn's Connections.csv: the owner KNOWS each connection (since Connected On), who WORKS_FOR their company"

#: The columns of Connections.csv, in lower case, in LinkedIn's order.
COLUMNS = ("first name", "last name", "url", "email address", "company", "position", "connected on")
#: The owner's id when neither ``--me`` nor ``--as`` names them.
OWNER = "linkedin:me"
#: How many lines before the header may hold LinkedIn's notes.
_HEAD_LINES = 20
_MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                                       "dec"), start=1)}
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[ -]([A-Za-z]{3})[a-z]*[ -](\d{4})$")


def _header(path: Path) -> tuple[int, int] | None:
    """The line and byte offset of the header of Connections.csv, or None if the first lines hold none."""
    offset = 0
    try:
        with path.open("rb") as fh:
            for line_number in range(1, _HEAD_LINES + 1):
                raw = fh.readline(1 << 16)
                if not raw:
                    return None
                text = raw.decode("utf-8", "replace").lstrip("\ufeff").strip()
                cells = tuple(c.strip().strip('"').lower() for c in text.split(","))
                if cells[:len(COLUMNS)] == COLUMNS:
                    return line_number, offset
                offset += len(raw)
    except OSError:
        return None
    return None


def detect(path: Path) -> bool:
    """A CSV file whose first lines hold LinkedIn's header of connections."""
    return path.is_file() and path.suffix.lower() == ".csv" and _header(path) is not None


def parse_connected_on(text: str) -> str | None:
    """The date of a Connected On cell: ``05 Dec 2026`` (LinkedIn's English months), or ISO; None when empty."""
    text = text.strip()
    if not text:
        return None
    match = _DAY_MONTH_YEAR.match(text)
    if match and match.group(2).lower() in _MONTHS:
        try:
            return _dt.date(int(match.group(3)), _MONTHS[match.group(2).lower()], int(match.group(1))).isoformat()
        except ValueError:
            pass
    try:
        return model.parse_date(text, "Connected On")
    except ValueError:
        raise ValueError(f"Connected On {text!r} is not a date such as 05 Dec 2026") from None


def owner_id(options: SourceOptions) -> str:
    """The account owner's id: ``--as``, else ``--me`` (as any other person's), else :data:`OWNER`."""
    if options.as_id:
        return options.as_id
    return options.person_id(options.me.strip().lower() if options.me else OWNER)


def read(path: Path, options: SourceOptions) -> Iterator[Record]:
    """The owner, the connections, their companies, and the KNOWS and WORKS_FOR ties."""
    found = _header(path)
    if found is None:
        raise file_problem(path, 1, None, "not LinkedIn's Connections.csv: no line among the first "
                           f"{_HEAD_LINES} is its header ({','.join(c.title() for c in COLUMNS)})")
    header_line, offset = found
    owner = owner_id(options)
    if not options.as_id:
        yield "node", header_line, {"id": owner, "kind": "Person",
                                    "name": options.person_name(options.me) if options.me else None}
    companies: dict[str, str] = {}
    for line, row in csv_rows(path, COLUMNS, "connections", header_line=header_line, header_offset=offset):
        if malformed(row):
            yield "edge", line, row  # a malformed CSV row: the importer's check names its fault
            continue
        email = names.email_address(row.get("email address", ""))
        url = row.get("url", "")
        if email:
            identifier = email
        elif url:
            try:
                identifier = model.normalise_url(url)
            except ValueError as exc:
                yield "edge", line, bad_row("URL", f"URL {url!r}: {exc}", **row)
                continue
        else:
            yield "edge", line, bad_row("URL", "neither Email Address nor URL: nothing tells who this connection is",
                                        **row)
            continue
        try:
            since = parse_connected_on(row.get("connected on", ""))
        except ValueError as exc:
            yield "edge", line, bad_row("Connected On", str(exc), **row)
            continue
        person = options.person_id(identifier)
        name = " ".join(part for part in (row.get("first name", ""), row.get("last name", "")) if part)
        yield "node", line, {"id": person, "kind": "Person", "name": options.person_name(name or None)}
        yield "edge", line, {"source": owner, "target": person, "type": "KNOWS", "channel": "linkedin",
                             "since": since}
        company = row.get("company", "")
        if company:
            company_id = "org:" + (slug(company) or "company")
            if company_id not in companies:
                companies[company_id] = company
                yield "node", line, {"id": company_id, "kind": "Organization", "name": company}
            tie = {"source": person, "target": company_id, "type": "WORKS_FOR", "channel": "linkedin"}
            if row.get("position"):
                tie["position"] = row["position"]
            yield "edge", line, tie
