"""Bluesky repository exports: whom the owner follows, and whom their posts mention, answer and repost.

Bluesky (the AT Protocol) keeps an account's records in a repository, which
Settings → Account → "Export my data" (or ``com.atproto.sync.getRepo``)
saves as a CAR v1 file (Content Addressable aRchive): blocks of DAG-CBOR,
each known by its CID, whose root is the repository's signed commit
``{did, version, data, rev, prev, sig}``. ``data`` is the root of a Merkle
Search Tree whose nodes ``{l, e: [{p, k, v, t}]}`` map each record's path,
``<collection>/<record key>``, to the record's block. The CAR and the
DAG-CBOR are read with libipld (bindings of the Rust IPLD libraries); this
module only walks the tree.

Accounts are known by their DID (``did:plc:…``). The owner is the commit's
``did``, named by its ``app.bsky.actor.profile`` record. Each
``app.bsky.graph.follow`` is a FOLLOWS tie (channel ``bluesky``) since its
``createdAt``; each ``app.bsky.feed.post`` is one dated observation of a
MENTIONS tie to each account it mentions (a facet feature
``app.bsky.richtext.facet#mention``, whose text is the ``@handle`` that names
the account) and to the author of the post it answers; each
``app.bsky.feed.repost`` is one to the reposted author. docs/sources.md has
the whole mapping.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import libipld

from netnp.errors import InputError
from netnp.importing.problems import Problem, SourceError
from netnp.sources import Record, SourceOptions
from netnp.sources._social import Accounts, tie

DESCRIPTION = "a Bluesky repository export: the .car file of 'Export my data' (com.atproto.sync.getRepo)"

CHANNEL = "bluesky"
FOLLOW = "app.bsky.graph.follow"
POST = "app.bsky.feed.post"
REPOST = "app.bsky.feed.repost"
PROFILE = "app.bsky.actor.profile"
MENTION = "app.bsky.richtext.facet#mention"


def detect(path: Path) -> bool:
    """A file named ``*.car``."""
    return path.suffix.lower() == ".car" and path.is_file()


def read(path: Path, options: SourceOptions) -> Iterator[Record]:
    """The owner, their follows, and the mentions, replies and reposts of their posts."""
    repo = _Repository(path)
    profile = repo.records.get(f"{PROFILE}/self")
    name = profile.get("displayName") if isinstance(profile, dict) else None
    accounts = Accounts(options, repo.did, name if isinstance(name, str) else None)
    # every record is read before any row is given, so that a bad record is
    # the one problem reported, not the ties it leaves without their ends
    ties: list[Record] = []
    for key, record in repo.records.items():
        collection = key.split("/", 1)[0]
        where = f"record {key}"
        if collection == FOLLOW:
            subject = _did(repo, where, record.get("subject"), "subject")
            ties.append(("edge", where, tie(accounts.owner_id, accounts.add(subject), "FOLLOWS", CHANNEL,
                                            since=_text(record.get("createdAt")))))
        elif collection in (POST, REPOST):
            observation = accounts.key(f"at://{repo.did}/{key}")
            date = _text(record.get("createdAt"))
            for did, handle in _named(repo, where, record) if collection == POST else _reposted(repo, where, record):
                target = accounts.add(did, handle=handle)
                if target != accounts.owner_id:
                    ties.append(("edge", where, tie(accounts.owner_id, target, "MENTIONS", CHANNEL, date=date,
                                                    observation=observation)))
    yield from accounts.nodes(f"record {PROFILE}/self")
    yield from ties


class _Repository:
    """The records of a repository export, by path (``app.bsky.graph.follow/3kabc…``), and its owner's DID."""

    def __init__(self, path: Path):
        self.name = path.name
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(f"{path.name}: cannot read the file ({exc.strerror})") from None
        try:
            header, self.blocks = libipld.decode_car(data)
        except (ValueError, RecursionError) as exc:
            raise self.error(None, f"not a CAR file of DAG-CBOR blocks ({exc})") from None
        roots = header.get("roots") if isinstance(header, dict) else None
        if not roots:
            raise self.error("header", "the CAR file names no root (the repository's commit)", "roots")
        commit = self.block(roots[0], "the root commit")
        did = commit.get("did") if isinstance(commit, dict) else None
        if not isinstance(did, str) or not did.startswith("did:"):
            raise self.error("commit", f"the root is not a repository commit: did {did!r}", "did")
        self.did = did
        self.records: dict[str, dict[str, Any]] = {}
        self._walk(commit.get("data"), b"", depth=0)

    def error(self, where: str | None, reason: str, field: str | None = None) -> SourceError:
        return SourceError(Problem(self.name, where, field, reason))

    def block(self, cid: Any, what: str) -> Any:
        """The decoded block ``cid`` links to."""
        try:
            return self.blocks[cid]
        except (KeyError, TypeError):
            shown = libipld.encode_cid(cid) if isinstance(cid, bytes) else repr(cid)
            raise self.error(None, f"{what} ({shown}) is not in the file; is the export whole?") from None

    def _walk(self, cid: Any, previous: bytes, depth: int) -> bytes:
        """Collect the records of the tree node ``cid`` (in key order); the last key seen.

        A node's entries give each key as the first ``p`` bytes of the key
        before it followed by ``k``; ``l`` is the subtree before the first
        entry, and each entry's ``t`` the subtree after it.
        """
        if cid is None:
            return previous
        if depth > 128:
            raise self.error(None, "the repository's tree is deeper than 128 levels")
        node = self.block(cid, "a node of the repository's tree")
        if not isinstance(node, dict) or not isinstance(node.get("e"), list):
            raise self.error(None, "a node of the repository's tree has no entries (e)", "e")
        previous = self._walk(node.get("l"), previous, depth + 1)
        for entry in node["e"]:
            if not isinstance(entry, dict) or not isinstance(entry.get("k"), bytes) \
                    or not isinstance(entry.get("p"), int):
                raise self.error(None, "an entry of the repository's tree has no key (p, k)", "k")
            key = previous[:entry["p"]] + entry["k"]
            record = self.block(entry.get("v"), f"record {key.decode('utf-8', 'replace')}")
            if isinstance(record, dict):
                self.records[key.decode("utf-8", "replace")] = record
            previous = self._walk(entry.get("t"), key, depth + 1)
        return previous


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _did(repo: _Repository, where: str, value: Any, field: str) -> str:
    if not isinstance(value, str) or not value.startswith("did:") or len(value) > 2048:
        raise repo.error(where, f"{field} {value!r} is not a DID", field)
    return value


def _author(uri: Any) -> str | None:
    """The DID of the author of a record's ``at://DID/collection/key`` URI."""
    if isinstance(uri, str) and uri.startswith("at://did:"):
        return uri[len("at://"):].split("/", 1)[0]
    return None


def _named(repo: _Repository, where: str, post: dict[str, Any]) -> Iterator[tuple[str, str | None]]:
    """``(DID, handle)`` of the author a post answers and of each account it mentions."""
    reply = post.get("reply")
    parent = reply.get("parent") if isinstance(reply, dict) else None
    answered = _author(parent.get("uri")) if isinstance(parent, dict) else None
    if answered:
        yield answered, None
    text = post.get("text").encode("utf-8") if isinstance(post.get("text"), str) else b""
    for facet in post.get("facets") or ():
        if not isinstance(facet, dict):
            continue
        index = facet.get("index") if isinstance(facet.get("index"), dict) else {}
        start, end = index.get("byteStart"), index.get("byteEnd")
        # the facet's text is the @handle as the author wrote it, which names the account
        shown = text[start:end].decode("utf-8", "replace").strip() \
            if isinstance(start, int) and isinstance(end, int) else ""
        for feature in facet.get("features") or ():
            if isinstance(feature, dict) and feature.get("$type") == MENTION:
                did = _did(repo, where, feature.get("did"), "facets.features.did")
                yield did, shown if shown.startswith("@") else None


def _reposted(repo: _Repository, where: str, repost: dict[str, Any]) -> Iterator[tuple[str, str | None]]:
    subject = repost.get("subject")
    author = _author(subject.get("uri")) if isinstance(subject, dict) else None
    if author:
        yield author, None
