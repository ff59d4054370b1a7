"""Roster surveys (``--from survey``): one row per respondent, one column per question listing the people chosen.

A roster question ("Whom do you ask for advice?") lists names; each name
becomes a tie from the respondent to the person named, of the type that
``--question COLUMN=TYPE`` gives the question, channel ``survey``. Names are
matched to the people of the graph and of the file (:class:`netnp.sources.sheets.People`).
docs/sources.md, "survey", has the whole mapping.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from netnp import model
from netnp.errors import InputError
from netnp.identities import names
from netnp.importing import csvfile
from netnp.sources import Record, SourceOptions
from netnp.sources.sheets import People, bad_row, csv_rows, file_problem, malformed

DESCRIPTION = "a roster survey CSV (one row per respondent, a column per question listing names): one tie per name chosen"

#: The columns that name the respondent, in the order they are looked for.
RESPONDENT_COLUMNS = ("email", "respondent", "id", "name")
#: The columns that give the date of the answers, in the order they are looked for.
DATE_COLUMNS = ("date", "timestamp")
_LINES_OR_SEMICOLONS = re.compile(r"[;\r\n]+")


def detect(path: Path) -> bool:
    """Never: a survey is a CSV like any other; ``--from survey`` names it."""
    return False


def split_names(cell: str) -> list[str]:
    """The names of an answer: separated by line breaks or ``;``, or by ``,`` when the cell has neither."""
    parts = _LINES_OR_SEMICOLONS.split(cell) if _LINES_OR_SEMICOLONS.search(cell) else cell.split(",")
    return [" ".join(p.split()) for p in parts if p.strip()]


def questions(settings: dict[str, Any]) -> dict[str, str]:
    """``--question COLUMN=TYPE`` options: question column (lower case) -> tie type."""
    found: dict[str, str] = {}
    for text in settings.get("questions") or ():
        column, sep, tie_type = text.rpartition("=")
        if not sep or not column.strip():
            raise InputError(f"--question {text!r}: write COLUMN=TYPE, such as 'Who do you ask for advice?=ADVISES'")
        try:
            found[column.strip().lower()] = model.parse_type(tie_type)
        except ValueError as exc:
            raise InputError(f"--question {text!r}: {exc}") from None
    if not found:
        raise InputError("--from survey needs --question COLUMN=TYPE for each question column (such as "
                         "--question 'advice=ADVISES')")
    return found


def _date(row: dict[str, str], column: str | None) -> str | None:
    """The date of a respondent's answers, from a date or timestamp column (Google Forms writes ``2026/12/05 10:02:03``)."""
    text = row.get(column, "") if column else ""
    if not text:
        return None
    try:
        return model.parse_date(text)
    except ValueError:
        head = text.split()[0].replace("/", "-")
        return model.parse_date(head, column or "date")


def read(path: Path, options: SourceOptions) -> Iterator[Record]:
    """The respondents, the people they name, and one tie per answer."""
    asked = questions(options.settings)
    header = _header(path)
    rows = list(csv_rows(path, (), "survey"))
    missing = [q for q in asked if q not in header]
    if missing:
        raise file_problem(path, 1, missing[0], f"no column {missing[0]!r} for --question (columns: {', '.join(header)})")
    respondent_column = next((c for c in RESPONDENT_COLUMNS if c in header and c not in asked), None)
    if respondent_column is None:
        raise file_problem(path, 1, None, "a survey needs a column that names the respondent: "
                           + ", ".join(RESPONDENT_COLUMNS))
    date_column = next((c for c in DATE_COLUMNS if c in header and c not in asked), None)
    people = People(options)
    # the respondents first, so that answers naming them find them whatever the order of the rows
    respondents: dict[int, str] = {}
    for line, row in rows:
        if malformed(row):
            continue
        text = row.get(respondent_column, "") or row.get("name", "")
        name = row.get("name") or None
        email = names.email_address(row.get("email", ""))
        if email:
            respondents[line] = people.by_address(options.person_id(email), name)
        elif text:
            try:
                respondents[line] = people.match(text)[0]
            except ValueError:
                continue  # reported below, with its line
            if name:
                people.add_name(respondents[line], name)
    for line, row in rows:
        if malformed(row):
            yield "edge", line, row
            continue
        respondent = respondents.get(line)
        if respondent is None:
            text = row.get(respondent_column, "") or row.get("name", "")
            reason = "missing respondent" if not text else _why(people, text)
            yield "edge", line, bad_row(respondent_column, reason, **row)
            continue
        try:
            date = _date(row, date_column)
        except ValueError as exc:
            yield "edge", line, bad_row(date_column or "date", str(exc), **row)
            continue
        for column, tie_type in asked.items():
            for text in split_names(row.get(column, "")):
                try:
                    chosen = people.match(text)[0]
                except ValueError as exc:
                    yield "edge", line, bad_row(column, str(exc), **row)
                    continue
                if chosen == respondent:
                    continue
                tie: dict[str, Any] = {"source": respondent, "target": chosen, "type": tie_type, "channel": "survey"}
                if date:
                    tie["date"] = date
                yield "edge", line, tie
    for person, name in people.new.items():
        if person != options.as_id:
            yield "node", "people", {"id": person, "kind": "Person", "name": options.person_name(name)}


def _header(path: Path) -> list[str]:
    """The columns of the survey, in lower case."""
    return [c.lower() for c in csvfile.read_layout(path, (), "survey").columns]


def _why(people: People, text: str) -> str:
    try:
        people.match(text)
    except ValueError as exc:
        return str(exc)
    return f"respondent {text!r} cannot be matched"
