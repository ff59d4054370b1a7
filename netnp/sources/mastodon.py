"""Mastodon account exports: the accounts the owner follows, and whom their posts mention and boost.

The export is the archive Mastodon makes under Settings → Import and export
(a zip, or the folder it unpacks to) with ``actor.json`` (the owner, an
ActivityPub Person) and ``outbox.json`` (an ActivityStreams 2.0
OrderedCollection of the owner's Create and Announce activities), and beside
them the follows list of the same page, ``following_accounts.csv`` (header
``Account address,Show boosts,Notify on new posts,Languages``).

Accounts are known by their handle, ``@user@host`` in lower case. The owner
follows each account of ``following_accounts.csv`` (FOLLOWS); each post that
mentions an account (a ``tag`` of type ``Mention``) and each boost (an
Announce, whose first ``cc`` is the boosted post's author) is a dated
observation of a MENTIONS tie, keyed by the activity's id. docs/sources.md
has the whole mapping.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from netnp.sources import Record, SourceOptions
from netnp.sources._social import Accounts, Bundle, tie

DESCRIPTION = "a Mastodon account export: actor.json, outbox.json and following_accounts.csv (zip or folder)"

#: The files that make a folder or zip a Mastodon export.
REQUIRED = ("actor.json", "outbox.json")
FOLLOWS_FILE = "following_accounts.csv"
FOLLOWS_HEADER = ("Account address", "Show boosts", "Notify on new posts", "Languages")
CHANNEL = "mastodon"
PUBLIC = "https://www.w3.org/ns/activitystreams#Public"
#: The path of an actor's URI in Mastodon (``/users/NAME``) and of its profile page (``/@NAME``).
_ACTOR_PATH = re.compile(r"^/(?:users/|@)([A-Za-z0-9_.-]+)/?$")
_USER = re.compile(r"^[A-Za-z0-9_.-]+$")


def detect(path: Path) -> bool:
    """A folder or zip holding ``actor.json`` and ``outbox.json`` at its top."""
    return Bundle.holding(path, REQUIRED)


def handle(text: str, host: str) -> str | None:
    """``@user@host`` in lower case from an account address (``user@host``, ``@user@host``,
    or ``user`` on ``host``); None when it is not one."""
    user, _, domain = text.strip().lstrip("@").partition("@")
    domain = domain or host
    if not _USER.match(user) or not domain or "@" in domain or "/" in domain:
        return None
    return f"@{user}@{domain}".lower()


def actor_handle(uri: str) -> str | None:
    """The handle of an actor URI of Mastodon's shape (``https://host/users/name``), else None."""
    parts = urlsplit(uri)
    found = _ACTOR_PATH.match(parts.path)
    if parts.scheme not in ("http", "https") or not parts.hostname or not found:
        return None
    return f"@{found.group(1)}@{parts.hostname}".lower()


def read(path: Path, options: SourceOptions) -> Iterator[Record]:
    """The owner, the accounts they follow, and their mentions and boosts."""
    with Bundle(path) as bundle:
        actor = bundle.json("actor.json")
        if not isinstance(actor, dict) or not isinstance(actor.get("preferredUsername"), str):
            raise bundle.error("actor.json", None, "not an ActivityPub actor: no preferredUsername", "preferredUsername")
        actor_uri = str(actor.get("id") or actor.get("url") or "")
        host = urlsplit(actor_uri).hostname or ""
        owner = handle(actor["preferredUsername"], host) if host else None
        if owner is None:
            raise bundle.error("actor.json", None, f"cannot make a handle of preferredUsername "
                               f"{actor['preferredUsername']!r} and id {actor_uri!r}", "id")
        accounts = Accounts(options, owner, actor.get("name") if isinstance(actor.get("name"), str) else None)
        # every row is read before any is given, so that a file that cannot be
        # read is the one problem reported, not the ties it leaves without their ends
        ties = list(_follows(bundle, accounts, host)) if bundle.has(FOLLOWS_FILE) else []
        ties += _outbox(bundle, accounts, host, actor_uri)
    yield from accounts.nodes("actor.json")
    yield from ties


def _follows(bundle: Bundle, accounts: Accounts, host: str) -> Iterator[Record]:
    rows = csv.reader(io.StringIO(bundle.text(FOLLOWS_FILE), newline=""))
    for line, row in enumerate(rows, start=1):
        if not row or not "".join(row).strip():
            continue
        if line == 1 and row[0].strip() == FOLLOWS_HEADER[0]:
            continue  # the header; exports before Mastodon 4.0 have none, and only the address
        account = handle(row[0], host)
        if account is None:
            raise bundle.error(FOLLOWS_FILE, line, f"{row[0]!r} is not an account address (user@host)",
                               FOLLOWS_HEADER[0])
        yield "edge", f"{FOLLOWS_FILE} line {line}", tie(accounts.owner_id, accounts.add(account), "FOLLOWS", CHANNEL)


def _outbox(bundle: Bundle, accounts: Accounts, host: str, actor_uri: str) -> Iterator[Record]:
    outbox = bundle.json("outbox.json")
    items = outbox.get("orderedItems") if isinstance(outbox, dict) else None
    if not isinstance(items, list):
        raise bundle.error("outbox.json", None, "not an OrderedCollection: no orderedItems list", "orderedItems")
    # a boost names its author by actor URI only: the handles of the mentions
    # say which account a URI is, where the URI is not of Mastodon's shape
    known: dict[str, str] = {}
    for item in items:
        for href, account in _mentions(item, host):
            known.setdefault(href, account)
    owner_followers = f"{actor_uri}/followers"
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            continue
        where = f"outbox.json, orderedItems[{index}]"
        key = item.get("id") if isinstance(item.get("id"), str) else None
        date = item.get("published") if isinstance(item.get("published"), str) else None
        if item.get("type") == "Create":
            targets = [account for _href, account in _mentions(item, host)]
        elif item.get("type") == "Announce":
            targets = [_boosted(item, known, owner_followers)]
        else:
            continue
        for account in dict.fromkeys(t for t in targets if t):
            target = accounts.add(account)
            if target == accounts.owner_id:
                continue  # a mention of oneself is no tie
            yield "edge", where, tie(accounts.owner_id, target, "MENTIONS", CHANNEL, date=date,
                                     observation=accounts.key(key) if key else None)


def _mentions(item: Any, host: str) -> Iterator[tuple[str, str]]:
    """``(href, handle)`` for each Mention tag of a Create activity's object."""
    note = item.get("object") if isinstance(item, dict) and item.get("type") == "Create" else None
    tags = note.get("tag") if isinstance(note, dict) else None
    for tag in tags if isinstance(tags, list) else ():
        if not isinstance(tag, dict) or tag.get("type") != "Mention":
            continue
        href = tag.get("href") if isinstance(tag.get("href"), str) else ""
        name = tag.get("name") if isinstance(tag.get("name"), str) else ""
        # a local account is named without its host (@bob): its URI has the host
        account = (handle(name, urlsplit(href).hostname or host) if name else None) or actor_handle(href)
        if account:
            yield href, account


def _boosted(item: dict[str, Any], known: dict[str, str], owner_followers: str) -> str | None:
    """The handle of the author of the post an Announce boosts.

    Mastodon puts that author's actor URI first in the activity's ``cc``; the
    URI of the post itself (``…/users/NAME/statuses/ID``) says it too.
    """
    cc = item.get("cc") if isinstance(item.get("cc"), list) else []
    for uri in cc:
        if isinstance(uri, str) and uri not in (PUBLIC, owner_followers) and not uri.endswith("/followers"):
            return known.get(uri) or actor_handle(uri)
    target = item.get("object")
    if isinstance(target, dict):
        target = target.get("id")
    if isinstance(target, str) and "/statuses/" in target:
        author = target.split("/statuses/", 1)[0]
        return known.get(author) or actor_handle(author)
    return None
