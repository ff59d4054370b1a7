"""Finding the entity someone meant when an id option names none: "did you mean" on ids and names.

Every command option that takes an entity's id (``--focus`` of ``netnp analyze``
and ``netnp report``) checks it with :func:`check_id`, which fails in one line
that offers the closest ids, each with its name::

    --focus 'Jon Snow': no node has this id; did you mean 'Jon-Snow' (Jon Snow)?

Candidates come from one bounded query, ``netnp/cypher/lookup/similar_entities``
(ids or names equal up to case and separators, or sharing words with the text);
:mod:`difflib` ranks them by how close their id or name is to the text.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from typing import Any

from netnp.errors import InputError
from netnp.runner import Runner

#: Characters that separate words in ids and names ("Jon-Snow", "org:asso", "p_12").
SEPARATORS = (" ", "-", "_", ":", ".", "/", "'", ",")
#: How many candidates the query returns for difflib to rank, and how many suggestions a message offers.
CANDIDATES = 200
SUGGESTIONS = 3
#: The least difflib ratio of a suggestion (0.6 is difflib's own default cut-off).
CUTOFF = 0.6


def _key(text: str) -> str:
    return "".join(c for c in text.lower() if c.isalnum())


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"[\W_]+", text.lower()) if len(w) >= 2]


def _tokens(text: str) -> list[str]:
    words = _words(text)
    return sorted(set(words) | {w[:3] for w in words if len(w) > 3})


def did_you_mean(text: str, names: Iterable[str]) -> str:
    """``"; did you mean 'x'?"`` naming the known names closest to ``text``, or ``""`` when none is close."""
    close = difflib.get_close_matches(text, list(names), n=SUGGESTIONS, cutoff=CUTOFF)
    return f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""


def similar_entities(runner: Runner, text: str, most: int = SUGGESTIONS) -> list[dict[str, Any]]:
    """The entities whose id or name is closest to ``text``, closest first: ``{"id", "name"}`` each.

    An id or name equal to ``text`` up to case and separators comes first;
    then those in which every word of ``text`` begins a word; then the
    others whose id or name is closest by :class:`difflib.SequenceMatcher`
    ratio, at least :data:`CUTOFF`.
    """
    key = _key(text)
    if not key:
        return []
    rows = runner.read("lookup/similar_entities", key=key, tokens=_tokens(text), separators=list(SEPARATORS),
                       limit=CANDIDATES)
    wanted, words = text.lower(), _words(text)

    def closeness(row: dict[str, Any]) -> float:
        return max(difflib.SequenceMatcher(None, wanted, (value or "").lower()).ratio()
                   for value in (row["id"], row["name"]))

    def covers(row: dict[str, Any]) -> bool:
        # Every word typed begins a word of the id or name: "Tyrion" for "Tyrion Lannister".
        theirs = _words(row["id"]) + _words(row["name"] or "")
        return bool(words) and all(any(w.startswith(mine) for w in theirs) for mine in words)

    scored = [(row["same"], covers(row), closeness(row), row) for row in rows]
    scored = [s for s in scored if s[0] or s[1] or s[2] >= CUTOFF]
    scored.sort(key=lambda s: (not s[0], not s[1], -s[2], s[3]["id"]))
    return [{"id": row["id"], "name": row["name"]} for *_, row in scored[:most]]


def unknown_id_message(option: str, value: str, runner: Runner) -> str:
    """``<option> '<value>': no node has this id``, with the closest ids and their names when there are some."""
    message = f"{option} {value!r}: no node has this id"
    found = similar_entities(runner, value)
    if not found:
        return message
    offers = [f"{row['id']!r}" + (f" ({row['name']})" if row["name"] and row["name"] != row["id"] else "")
              for row in found]
    return f"{message}; did you mean {' or '.join(offers)}?"


def check_id(runner: Runner, option: str, value: str | None) -> None:
    """Raise :class:`InputError` with suggestions when ``value`` (given with ``option``) is no entity's id."""
    if value is None:
        return
    if not runner.read("analysis/results/focus_exists", focus=value):
        raise InputError(unknown_id_message(option, value, runner))
