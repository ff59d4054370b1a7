"""Sign-up and attendance sheets (``--from attendance``): who came to which event, when.

Each row (columns ``person``, ``event``, ``date``, and optionally ``email``
and ``name``) is one attendance: an ATTENDS tie (channel ``attendance``) from
the person to the event (an Organization with category ``event``), with the
date as a dated observation, so that a monthly meeting attended ten times is
one tie with ten observations. With ``--co-attendance``, people at the same
event on the same date also get a KNOWS tie (channel ``co-attendance``), one
observation per event they shared: its weight counts the events they shared.
docs/sources.md, "attendance", has the whole mapping.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from netnp import model
from netnp.identities import names
from netnp.sources import Record, SourceOptions
from netnp.sources.sheets import People, bad_row, csv_rows, malformed, slug

DESCRIPTION = "an attendance or sign-up sheet (person, event, date): ATTENDS ties with dated observations; KNOWS between co-attendees with --co-attendance"

COLUMNS = ("person", "event", "date")


def detect(path: Path) -> bool:
    """Never: a sign-up sheet is a CSV like any other; ``--from attendance`` names it."""
    return False


def event_id(event: str) -> str:
    """The id of an event: ``event:`` and its name's words (``Fête du quartier`` is ``event:fete-du-quartier``)."""
    return "event:" + (slug(event) or "event")


def read(path: Path, options: SourceOptions) -> Iterator[Record]:
    """The events, the people, the ATTENDS ties, and with ``co_attendance`` the KNOWS ties of co-attendees."""
    co_attendance = bool(options.settings.get("co_attendance"))
    people = People(options)
    events: set[str] = set()
    #: who was at each event on each date, with the line that says so, in the order of the file
    occurrences: dict[tuple[str, str], dict[str, int]] = {}
    for line, row in csv_rows(path, COLUMNS, "attendance"):
        if malformed(row):
            yield "edge", line, row
            continue
        event = " ".join(row.get("event", "").split())
        if not event:
            yield "edge", line, bad_row("event", "missing event", **row)
            continue
        try:
            date = model.parse_date(row.get("date"))
        except ValueError as exc:
            yield "edge", line, bad_row("date", str(exc), **row)
            continue
        if date is None:
            yield "edge", line, bad_row("date", "missing date", **row)
            continue
        email = names.email_address(row.get("email", ""))
        name = row.get("name") or None
        text = row.get("person", "")
        if email:
            person = people.by_address(options.person_id(email),
                                       name or (text if text and not names.email_address(text) else None))
        elif text:
            try:
                person = people.match(text)[0]
            except ValueError as exc:
                yield "edge", line, bad_row("person", str(exc), **row)
                continue
            if name:
                people.add_name(person, name)
                if person in people.new and not people.new[person]:
                    people.new[person] = name
        else:
            yield "edge", line, bad_row("person", "missing person", **row)
            continue
        target = event_id(event)
        if target not in events:
            events.add(target)
            yield "node", line, {"id": target, "kind": "Organization", "name": event, "category": "event"}
        yield "edge", line, {"source": person, "target": target, "type": "ATTENDS", "channel": "attendance",
                             "date": date}
        if co_attendance:
            occurrences.setdefault((target, date), {}).setdefault(person, line)
    for (target, date), present in occurrences.items():
        attendees = list(present.items())
        for i, (one, _) in enumerate(attendees):
            for other, line in attendees[i + 1:]:
                source, end = sorted((one, other))
                yield "edge", line, {"source": source, "target": end, "type": "KNOWS", "channel": "co-attendance",
                                     "date": date, "observation": f"{target} {date}"}
    for person, name in people.new.items():
        if person != options.as_id:
            yield "node", "people", {"id": person, "kind": "Person", "name": options.person_name(name)}
