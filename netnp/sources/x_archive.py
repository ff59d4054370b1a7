"""X (Twitter) archives: who the owner follows and is followed by, and whom their posts mention, answer and repost.

The archive is the zip X sends on request ("Download an archive of your
data"), or the folder it unpacks to. Its ``data/`` folder holds one
JavaScript file per kind of data, each a JSON array after an assignment:
``window.YTD.<name>.part0 = [ … ]`` (a large archive splits a kind into
``<name>-part1.js``, ``<name>-part2.js`` … with ``part1``, ``part2`` …):

* ``account.js``: ``[{"account": {"accountId", "username", "accountDisplayName", …}}]``, the owner;
* ``following.js`` and ``follower.js``: ``[{"following": {"accountId", "userLink"}}]``
  (``"follower"`` in the other), the accounts the owner follows and those that follow them;
* ``tweets.js`` (``tweet.js`` in archives made before 2022): ``[{"tweet": {"id_str",
  "created_at", "full_text", "entities": {"user_mentions": [{"id_str", "screen_name",
  "name"}]}, "in_reply_to_user_id_str", "in_reply_to_screen_name", …}}]``.

Accounts are known by their number, as ``x:<number>``: the follow lists give
nothing else. A mention or a reply gives an account's screen name and display
name, which become its name. Each post is one dated observation of a MENTIONS
tie (channel ``x``) to each account it mentions or answers; a repost
(``RT @name: …``) is one to the reposted author only, since the other
mentions in its text are the author's, not the owner's. docs/sources.md has
the whole mapping.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from netnp.sources import Record, SourceOptions
from netnp.sources._social import Accounts, Bundle, tie

DESCRIPTION = "an X (Twitter) archive: data/account.js, following.js, follower.js and tweets.js (zip or folder)"

#: The files that make a folder or zip an X archive (and ``data/tweet.js`` for ``data/tweets.js`` before 2022).
REQUIRED = ("data/account.js", "data/following.js", "data/follower.js")
TWEET_FILES = ("tweets", "tweet")
CHANNEL = "x"
_ASSIGNMENT = re.compile(r"\A\s*window\.YTD\.\w+\.part\d+\s*=\s*")
_NUMBER = re.compile(r"^\d{1,20}$")
#: Twitter's date of a post: ``Sat Feb 18 12:33:11 +0000 2023``.
_CREATED_AT = "%a %b %d %H:%M:%S %z %Y"
_RETWEET = re.compile(r"^RT @(\w+):")


def detect(path: Path) -> bool:
    """A folder or zip whose ``data/`` holds account.js, following.js, follower.js and tweets.js."""
    return any(Bundle.holding(path, (*REQUIRED, f"data/{name}.js")) for name in TWEET_FILES)


def account_id(number: str) -> str:
    return f"x:{number}"


def read(path: Path, options: SourceOptions) -> Iterator[Record]:
    """The owner, the follows both ways, and the mentions, replies and reposts of the owner's posts."""
    with Bundle(path) as bundle:
        owner = _owner(bundle)
        accounts = Accounts(options, account_id(owner["accountId"]), owner.get("accountDisplayName"))
        # every row is read before any is given, so that a file that cannot be
        # read is the one problem reported, not the ties it leaves without their ends
        ties: list[Record] = []
        if owner.get("username"):
            accounts.add(account_id(owner["accountId"]), handle="@" + owner["username"])
        for name, field in (("following", "following"), ("follower", "follower")):
            for file, at, entry in _entries(bundle, name, field):
                number = entry.get("accountId")
                if not isinstance(number, str) or not _NUMBER.match(number):
                    raise bundle.error(file, at, f"accountId {number!r} is not an account number", "accountId")
                other = accounts.add(account_id(number))
                ends = (accounts.owner_id, other) if name == "following" else (other, accounts.owner_id)
                ties.append(("edge", f"{file}, {at}", tie(*ends, "FOLLOWS", CHANNEL)))
        tweets = next(name for name in TWEET_FILES if bundle.has(f"data/{name}.js"))
        for file, at, tweet in _entries(bundle, tweets, "tweet"):
            ties += _interactions(bundle, accounts, file, at, tweet)
    yield from accounts.nodes("data/account.js")
    yield from ties


def _owner(bundle: Bundle) -> dict[str, Any]:
    entries = list(_entries(bundle, "account", "account"))
    if not entries:
        raise bundle.error("data/account.js", None, "no account in the file")
    account = entries[0][2]
    number = account.get("accountId")
    if not isinstance(number, str) or not _NUMBER.match(number):
        raise bundle.error("data/account.js", "account[0]", f"accountId {number!r} is not an account number",
                           "accountId")
    return account


def _files(bundle: Bundle, name: str) -> list[str]:
    """The files of one kind of data: ``data/<name>.js`` and its further parts, in order."""
    parts = [(int(m.group(1)), n) for n in bundle.names()
             if (m := re.fullmatch(rf"data/{re.escape(name)}-part(\d+)\.js", n))]
    return [f"data/{name}.js"] + [n for _, n in sorted(parts)] if bundle.has(f"data/{name}.js") else []


def _entries(bundle: Bundle, name: str, field: str) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """``(file, position, object)`` for the object under ``field`` of each entry of every file of ``name``."""
    for file in _files(bundle, name):
        text = bundle.text(file)
        assignment = _ASSIGNMENT.match(text)
        if assignment is None:
            raise bundle.error(file, 1, f"does not start with window.YTD.{name}.part0 = [")
        # the JSON starts after the assignment, on the same first line
        entries = bundle.json(file, text[assignment.end():])
        if not isinstance(entries, list):
            raise bundle.error(file, 1, "the value assigned is not a list")
        for index, entry in enumerate(entries):
            value = entry.get(field) if isinstance(entry, dict) else None
            if not isinstance(value, dict):
                raise bundle.error(file, f"entry {index}", f"expected an object with {field!r}", field)
            yield file, f"entry {index}", value


def _interactions(bundle: Bundle, accounts: Accounts, file: str, at: str, tweet: dict[str, Any]) -> Iterator[Record]:
    """The MENTIONS observations of one post: its mentions and the account it answers, or the author it reposts."""
    post = tweet.get("id_str") or tweet.get("id")
    date = _created(bundle, file, at, tweet.get("created_at"))
    entities = tweet.get("entities") if isinstance(tweet.get("entities"), dict) else {}
    mentions = [m for m in entities.get("user_mentions") or () if isinstance(m, dict)]
    named: dict[str, tuple[str | None, str | None]] = {}  # number -> (display name, @screen name)
    for mention in mentions:
        number = str(mention.get("id_str") or mention.get("id") or "")
        if _NUMBER.match(number):
            screen = mention.get("screen_name")
            named[number] = (mention.get("name") or None, f"@{screen}" if screen else None)
    text = tweet.get("full_text") or tweet.get("text") or ""
    repost, reposted = _reposted(tweet, text, mentions)
    if repost:
        targets = [reposted] if reposted else []
    else:
        targets = list(named)
        replied = str(tweet.get("in_reply_to_user_id_str") or tweet.get("in_reply_to_user_id") or "")
        if _NUMBER.match(replied):
            screen = tweet.get("in_reply_to_screen_name")
            named.setdefault(replied, (None, f"@{screen}" if screen else None))
            targets.insert(0, replied)
    for number in dict.fromkeys(targets):
        name, handle = named.get(number, (None, None))
        target = accounts.add(account_id(number), name, handle)
        if target == accounts.owner_id:
            continue  # a thread answers the owner's own posts
        yield "edge", f"{file}, {at}", tie(accounts.owner_id, target, "MENTIONS", CHANNEL, date=date,
                                 observation=accounts.key(f"x-post:{post}") if post else None)


def _reposted(tweet: dict[str, Any], text: str, mentions: list[dict[str, Any]]) -> tuple[bool, str | None]:
    """Whether a post is a repost, and the number of the author it reposts (None when the archive does not say)."""
    status = tweet.get("retweeted_status")
    if isinstance(status, dict) and isinstance(status.get("user"), dict):
        number = str(status["user"].get("id_str") or "")
        return True, number if _NUMBER.match(number) else None
    found = _RETWEET.match(text)
    if found is None:
        return False, None
    for mention in mentions:
        if str(mention.get("screen_name", "")).lower() == found.group(1).lower():
            number = str(mention.get("id_str") or mention.get("id") or "")
            return True, number if _NUMBER.match(number) else None
    return True, None


def _created(bundle: Bundle, file: str, at: str, value: Any) -> str | None:
    """The date of a post from its ``created_at``; None when it has none."""
    if not value:
        return None
    try:
        return dt.datetime.strptime(str(value), _CREATED_AT).date().isoformat()
    except ValueError:
        raise bundle.error(file, at, f"created_at {value!r} is not a date like 'Sat Feb 18 12:33:11 +0000 2023'",
                           "created_at") from None
