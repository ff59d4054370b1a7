"""Mailboxes (``--from mbox``): an mbox file (RFC 4155) or a maildir folder, read as who e-mails whom.

Each e-mail address is a Person (id: the address in lower case; name: the
display name, RFC 2047 encoded words decoded). Each message gives an
``EMAILS`` tie (channel ``email``) from its sender to each of its To and Cc
recipients, with one dated observation: the date of its Date header, keyed by
its Message-ID, so that a message seen twice (in two folders, or imported
again) counts once. docs/sources.md, "mbox", has the whole mapping.

Only the headers are parsed. An mbox file is read in large blocks, and the
body of each message is skipped by searching for the next ``From `` line
after an empty line (the RFC 4155 separator), so memory stays flat whatever
the size of the file and of its attachments. Headers are split with a regular
expression and only From, To, Cc, Date, Message-ID and List-Id are decoded:
parsing every header with :mod:`email`'s ``policy.default`` costs far
more per message (docs/import-performance.md, "Mailboxes").
"""

from __future__ import annotations

import datetime as _dt
import functools
import hashlib
import re
from collections.abc import Iterator
from email import policy
from email.utils import getaddresses, parsedate_tz
from pathlib import Path
from typing import Any

from netnp import pseudonyms
from netnp.errors import InputError
from netnp.sources import Record, SourceOptions
from netnp.sources.sheets import bad_row, clean_text, decode_header_bytes

DESCRIPTION = "an mbox file or a maildir folder: EMAILS ties from each sender to each To and Cc recipient, one dated observation per message"

#: Messages with more recipients than this are kept, and flagged in the import report.
MANY_RECIPIENTS = 100
#: How many flagged messages the import report names.
FLAGGED_SHOWN = 20
#: Senders whose messages are machine-sent, left out unless ``--keep-lists``: a
#: local part (before the ``@``) with "noreply" or "do not reply" in it, or a
#: mailer daemon, a postmaster or a bounce address.
NO_REPLY = re.compile(r"no[-_.]?reply|do[-_.]?not[-_.]?reply|^mailer[-_.]?daemon$|^postmaster$|^bounces?(?:[-+._]|$)",
                      re.IGNORECASE)

_CHUNK = 1 << 20
#: A header block longer than this is cut there (no real message has one).
_MAX_HEADER = 1 << 20
_WANTED = re.compile(rb"^(from|to|cc|date|message-id|list-id)[ \t]*:[ \t]*(.*(?:\r?\n[ \t].*)*)",
                     re.IGNORECASE | re.MULTILINE)
_BLANK_LINE = re.compile(rb"\n\r?\n")
_FOLD = re.compile(rb"\r?\n(?=[ \t])")
_ENCODED_WORD = "=?"
#: One entry of an address list in a simple form, and the comma after it.
_SIMPLE_ADDRESS = re.compile(r'\s*(?:(?:"((?:[^"\\]|\\.)*)"|([^"<>,@\x00-\x1f]*?))\s*<([^<>\s@]+@[^<>\s@]+)>'
                             r'|([^\s"<>,@\x00-\x1f]+@[^\s"<>,@\x00-\x1f]+))\s*(?:,\s*|$)')
#: What only :func:`email.utils.getaddresses` reads right: comments, groups, escapes, control characters.
_UNUSUAL = re.compile(r"[()\\:;\x00-\x08\x0a-\x1f\x7f]")
_MESSAGE_ID = re.compile(r"<([^<>\s]+)>")
_MAILDIR_TIME = re.compile(r"^(\d{9,11})(?:\.|$)")


def detect(path: Path) -> bool:
    """A maildir (a folder with ``cur``, ``new`` and ``tmp``), or a file that begins
    as an mbox: a ``From `` line, then a header line."""
    if path.is_dir():
        return all((path / sub).is_dir() for sub in ("cur", "new", "tmp"))
    try:
        with path.open("rb") as fh:
            head = fh.read(4096)
    except OSError:
        return False
    if not head.startswith(b"From "):
        return False
    lines = head.split(b"\n", 2)
    return len(lines) > 2 and re.match(rb"^[!-9;-~]+[ \t]*:", lines[1]) is not None


# -- the messages of a mailbox ----------------------------------------------------------
def _blank_line_after(buf: bytes, start: int) -> tuple[int, int]:
    """Where the first empty line at or after ``start`` begins and ends in ``buf``; ``(-1, -1)`` if none."""
    match = _BLANK_LINE.search(buf, start)
    return (match.start() + 1, match.end()) if match else (-1, -1)


def mbox_messages(path: Path) -> Iterator[tuple[int, bytes, bytes]]:
    """``(line, From_ line, header block)`` of each message of an mbox file, ``line`` that of its From_ line.

    A message begins at a line that starts with ``From `` at the start of the
    file or after an empty line (RFC 4155). The file is read in blocks of
    :data:`_CHUNK` bytes, and each body is skipped unread.
    """
    with path.open("rb") as fh:
        buf = fh.read(_CHUNK)
        if not buf.startswith(b"From "):
            raise InputError(f"{path.name}: not an mbox file: it does not begin with a 'From ' line (RFC 4155)")
        eof = False
        line = 1  # the line of buf[pos]
        pos = 0  # where the current message's From_ line begins in buf
        while True:
            # the From_ line and the header block of the message at pos
            while True:
                head_end, body = _blank_line_after(buf, pos)
                if head_end >= 0 or eof or len(buf) - pos > _MAX_HEADER:
                    break
                more = fh.read(_CHUNK)
                eof = not more
                buf = buf[pos:] + more
                pos = 0
            if head_end < 0:
                head_end = body = min(len(buf), pos + _MAX_HEADER)
            first = buf.find(b"\n", pos, head_end)
            first = head_end if first < 0 else first
            yield line, buf[pos:first], buf[first + 1:head_end]
            # the next From_ line: after an empty line
            search = body
            while True:
                found = buf.find(b"\nFrom ", search)
                if found >= 0:
                    if found > 0 and (buf[found - 1] == 10 or (buf[found - 1] == 13 and found > 1 and buf[found - 2] == 10)):
                        break
                    search = found + 1
                    continue
                if eof:
                    return
                # keep the end of the block: a separator may begin there, after an empty line
                keep = max(pos, len(buf) - 8)
                line += buf.count(b"\n", pos, keep)
                more = fh.read(_CHUNK)
                eof = not more
                buf, pos = buf[keep:] + more, 0
                search = max(search - keep, 0)
            line += buf.count(b"\n", pos, found + 1)
            pos = found + 1


def maildir_messages(path: Path) -> Iterator[tuple[str, str | None, bytes]]:
    """``(name, delivery time, header block)`` of each message of a maildir and of
    its Maildir++ sub-folders (``.Sent``, ``.Archive``…), in the order of their file names.

    ``name`` is the message's file, relative to ``path``; the delivery time is
    the Unix time that begins a maildir file name, when it does.
    """
    folders = [path] + sorted(p for p in path.iterdir() if p.name.startswith(".") and (p / "cur").is_dir())
    for folder in folders:
        for sub in ("new", "cur"):
            box = folder / sub
            if not box.is_dir():
                continue
            for file in sorted(box.iterdir()):
                if not file.is_file() or file.name.startswith("."):
                    continue
                block = _read_headers(file)
                match = _MAILDIR_TIME.match(file.name)
                yield str(file.relative_to(path)), match.group(1) if match else None, block


def _read_headers(file: Path) -> bytes:
    """The header block of a message file, read up to its first empty line."""
    lines = []
    size = 0
    with file.open("rb") as fh:
        for raw in fh:
            if raw in (b"\n", b"\r\n") or size > _MAX_HEADER:
                break
            lines.append(raw)
            size += len(raw)
    return b"".join(lines)


# -- one message ---------------------------------------------------------------------------
def _headers(block: bytes) -> dict[str, list[str]]:
    """The headers netnp reads, by lower-case name, unfolded and decoded to text."""
    found: dict[str, list[str]] = {}
    for match in _WANTED.finditer(block):
        value = _FOLD.sub(b"", match.group(2)).strip()
        found.setdefault(match.group(1).decode("ascii").lower(), []).append(decode_header_bytes(value))
    return found


@functools.lru_cache(maxsize=1 << 16)
def _display_name(name: str, address: str) -> str | None:
    """A display name with RFC 2047 encoded words decoded (by :mod:`email` with ``policy.default``);
    None if it is empty or an address rather than a name."""
    if _ENCODED_WORD in name:
        name = str(policy.default.header_factory("subject", name))
    name = clean_text(name).strip("'\" ")
    if not name or "@" in name or name.lower() == address:
        return None
    return name


def _split_addresses(value: str) -> list[tuple[str, str]] | None:
    """``(display name, address)`` of each entry of an address list in the common simple forms
    (``Name <a@b>``, ``"Last, First" <a@b>``, ``a@b``), or None for anything else."""
    found = []
    at = 0
    for match in _SIMPLE_ADDRESS.finditer(value):
        if match.start() != at:
            return None
        at = match.end()
        quoted, bare, angled, alone = match.groups()
        if alone is not None:
            found.append(("", alone))
        else:
            found.append((quoted.replace('\\"', '"') if quoted is not None else bare, angled))
    return found if at == len(value) else None


def _addresses(values: list[str]) -> list[tuple[str, str | None]]:
    """``(address in lower case, display name)`` of each address in some address headers; groups and
    malformed entries without an ``@`` are left out.

    The common simple forms are split by a regular expression; any other
    (comments, groups, escapes) by :func:`email.utils.getaddresses`.
    """
    found = []
    for value in values:
        entries = _split_addresses(value) if not _UNUSUAL.search(value) else None
        if entries is None:
            entries = [(name, clean_text(address).strip("<>")) for name, address in getaddresses([value])]
        for name, address in entries:
            address = address.lower()
            if "@" not in address or " " in address:
                continue
            found.append((address, _display_name(name, address) if name else None))
    return found


def _date(value: str | None) -> str | None:
    """The calendar date of a Date header (or the date part of a From_ line), as the sender's clock gave it."""
    if not value:
        return None
    parsed = parsedate_tz(value)
    if parsed is None:
        return None
    try:
        return _dt.date(*parsed[:3]).isoformat()
    except (ValueError, TypeError):
        return None


def _from_line_date(from_line: bytes) -> str | None:
    """The date of an mbox From_ line: ``From sender Tue Dec  5 10:00:00 2023`` (asctime, after the sender)."""
    parts = from_line.decode("latin-1").split(None, 2)
    return _date(parts[2]) if len(parts) == 3 else None


def _delivery_date(delivered: bytes | str | None) -> str | None:
    """The date a message was delivered: from its mbox From_ line (bytes), or the Unix time
    that begins its maildir file name (text, in UTC)."""
    if isinstance(delivered, bytes):
        return _from_line_date(delivered)
    if delivered:
        return _dt.datetime.fromtimestamp(int(delivered), _dt.UTC).date().isoformat()
    return None


def _message_key(headers: dict[str, list[str]]) -> str:
    """The Message-ID, or for a message without one a hash of its From, To, Cc and Date headers."""
    for value in headers.get("message-id", ()):
        match = _MESSAGE_ID.search(value)
        if match:
            return f"<{clean_text(match.group(1))}>"
        if value.strip():
            return clean_text(value)
    text = "\n".join("|".join(headers.get(name, ())) for name in ("from", "to", "cc", "date"))
    return "sha1:" + hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


# -- the source ------------------------------------------------------------------------------
def read(path: Path, options: SourceOptions) -> Iterator[Record]:
    """The people and EMAILS ties of a mailbox; the counts of what was left out or flagged go to ``options.notes``."""
    keep_lists = bool(options.settings.get("keep_lists"))
    most = int(options.settings.get("max_recipients") or MANY_RECIPIENTS)
    owner = options.me.strip().lower() if options.me else None
    if path.is_dir():
        if not all((path / sub).is_dir() for sub in ("cur", "new", "tmp")):
            raise InputError(f"{path}: not a maildir: a maildir folder holds cur, new and tmp")
        messages: Iterator[tuple[Any, Any, bytes]] = maildir_messages(path)
    else:
        messages = mbox_messages(path)
    counts = dict.fromkeys(("messages", "duplicate_messages", "mailing_list_messages_left_out",
                            "no_reply_messages_left_out", "messages_without_sender", "messages_without_recipients",
                            "dates_from_delivery", "messages_from_owner", "messages_to_owner",
                            "messages_with_many_recipients"), 0)
    flagged: list[str] = []
    seen: set[str] = set()
    # a Message-ID often holds its sender's address or host: pseudonymised too
    key_of_messages = pseudonyms.load_key() if options.pseudonymise else None
    #: each address's id and name: the first display name it was given
    people: dict[str, list[Any]] = {}

    def person(address: str, name: str | None) -> str:
        known = people.get(address)
        if known is None:
            known = people[address] = [options.person_id(address), name]
        elif known[1] is None and name:
            known[1] = name
        return known[0]

    for where, delivered, block in messages:
        counts["messages"] += 1
        headers = _headers(block)
        key = _message_key(headers)
        if key in seen:
            counts["duplicate_messages"] += 1
            continue
        seen.add(key)
        senders = _addresses(headers.get("from", []))
        if not senders:
            counts["messages_without_sender"] += 1
            continue
        sender, sender_name = senders[0]
        if not keep_lists:
            if "list-id" in headers:
                counts["mailing_list_messages_left_out"] += 1
                continue
            if NO_REPLY.search(sender.split("@", 1)[0]):
                counts["no_reply_messages_left_out"] += 1
                continue
        recipients = dict(_addresses(headers.get("to", []) + headers.get("cc", [])))
        recipients.pop(sender, None)  # a message to oneself is no tie
        if not recipients:
            counts["messages_without_recipients"] += 1
            continue
        date = _date(headers.get("date", [None])[0])
        if date is None:
            date = _delivery_date(delivered)
            if date is None:
                shown = headers.get("date", [""])[0]
                reason = f"message {key}: Date header {shown!r} is not a date" if shown else \
                    f"message {key}: no Date header, and no delivery date to use instead"
                yield "edge", where, bad_row("date", reason, message=key)
                continue
            counts["dates_from_delivery"] += 1
        if len(recipients) > most:
            counts["messages_with_many_recipients"] += 1
            if len(flagged) < FLAGGED_SHOWN:
                at = f"line {where}" if isinstance(where, int) else where
                flagged.append(f"{at}, message {key}: {len(recipients)} recipients")
        if owner:
            counts["messages_from_owner"] += sender == owner
            counts["messages_to_owner"] += owner in recipients
        source = person(sender, sender_name)
        observation = pseudonyms.pseudonym(key, key_of_messages, prefix="m") if key_of_messages else key
        for address, name in recipients.items():
            yield "edge", where, {"source": source, "target": person(address, name), "type": "EMAILS",
                                  "channel": "email", "date": date, "observation": observation}
    for node_id, name in people.values():
        if node_id != options.as_id:  # the owner's ties go to an existing node, which keeps its own name
            yield "node", "people", {"id": node_id, "kind": "Person", "name": options.person_name(name)}
    notes: dict[str, Any] = {k: v for k, v in counts.items() if v or k == "messages"}
    notes["people"] = len(people)
    if counts["messages_with_many_recipients"]:
        notes["many_recipients"] = most
        notes["flagged"] = flagged
    options.notes = notes
