"""Social-media exports written to their published formats, from networkx's classic graphs.

Each writer makes the export of one account, the ego of a classic graph, and
returns what the export says as plain sets and counters (the oracle the tests
compare the graph with): who the owner follows and is followed by, and how
many posts link the owner to each account.

* Mastodon: the archive of Settings → Import and export (``actor.json`` as
  ActivityPub::ActorSerializer writes it, ``outbox.json`` as BackupService
  writes it: an OrderedCollection of Create and Announce activities without
  their ``@context``), with the ``following_accounts.csv`` of the same page
  (Export#to_following_accounts_csv).
* X: the archive's ``data/*.js`` files, ``window.YTD.<name>.part0 = [...]``.
* Bluesky: a repository as ``com.atproto.sync.getRepo`` exports it, a CAR v1
  file (header ``{version: 1, roots: [commit]}`` then blocks, each
  ``varint(len) CID bytes``) of DAG-CBOR blocks: the commit
  ``{did, version: 3, data, rev, prev, sig}``, a Merkle Search Tree and the records.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import libipld
import networkx as nx

PUBLIC = "https://www.w3.org/ns/activitystreams#Public"


@dataclass
class Expected:
    """What an export says, by the ids netnp gives accounts."""

    owner: str
    follows: set[tuple[str, str]] = field(default_factory=set)
    #: (source, target) -> number of posts (observations) that link them
    mentions: Counter = field(default_factory=Counter)
    #: (source, target) -> observation keys
    keys: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    #: (source, target) -> dates of the observations (one per post)
    dates: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    #: texts that identify an account (handles, hosts), which --pseudonymise must leave out
    identifying: set[str] = field(default_factory=set)
    #: accounts named only in text that is not the owner's (the other mentions of a repost)
    not_linked: set[str] = field(default_factory=set)

    def observe(self, source: str, target: str, key: str, date: str) -> None:
        self.mentions[(source, target)] += 1
        self.keys.setdefault((source, target), set()).add(key)
        self.dates.setdefault((source, target), []).append(date)


def _zip(folder: Path, target: Path) -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(folder).as_posix())
    return target


# -- Mastodon ---------------------------------------------------------------------------
def _karate_account(node: int, g: nx.Graph) -> tuple[str, str]:
    """(user, host) of a karate club member: each club on its own server."""
    host = "mrhi.example" if g.nodes[node]["club"] == "Mr. Hi" else "officer.example"
    return f"Member{node}", host


def write_mastodon(folder: Path, *, as_zip: bool = True) -> tuple[Path, Expected]:
    """The export of karate club member 0: follows its neighbours, mentions them in posts, boosts the officers."""
    g = nx.karate_club_graph()
    owner_user, host = _karate_account(0, g)
    actor_uri = f"https://{host}/users/{owner_user}"
    owner = f"@{owner_user}@{host}".lower()
    expected = Expected(owner=owner, names={owner: "Mr. Hi"}, identifying={owner_user.lower(), host, "officer.example"})
    folder.mkdir(parents=True)

    def uri(node: int) -> str:
        user, server = _karate_account(node, g)
        return f"https://{server}/users/{user}"

    def handle(node: int) -> str:
        user, server = _karate_account(node, g)
        return f"@{user}@{server}".lower()

    actor = {
        "@context": ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"],
        "id": actor_uri, "type": "Person", "following": f"{actor_uri}/following",
        "followers": f"{actor_uri}/followers", "inbox": f"{actor_uri}/inbox", "outbox": "outbox.json",
        "featured": f"{actor_uri}/collections/featured", "preferredUsername": owner_user, "name": "Mr. Hi",
        "summary": "<p>Karate instructor</p>", "url": f"https://{host}/@{owner_user}",
        "manuallyApprovesFollowers": False, "discoverable": True, "published": "2022-11-05T00:00:00Z",
        "publicKey": {"id": f"{actor_uri}#main-key", "owner": actor_uri,
                      "publicKeyPem": "-----BEGIN PUBLIC KEY-----\nMIIBIjANBg\n-----END PUBLIC KEY-----\n"},
        "tag": [], "attachment": [], "endpoints": {"sharedInbox": f"https://{host}/inbox"},
        "icon": {"type": "Image", "mediaType": "image/png", "url": "avatar.png"},
        "likes": "likes.json", "bookmarks": "bookmarks.json",
    }
    (folder / "actor.json").write_text(json.dumps(actor), encoding="utf-8")

    follows = io.StringIO()
    writer = csv.writer(follows, lineterminator="\n")
    writer.writerow(["Account address", "Show boosts", "Notify on new posts", "Languages"])
    for v in sorted(g[0]):
        user, server = _karate_account(v, g)
        writer.writerow([f"{user}@{server}", "true", "false", "en, fr" if v % 2 else ""])
        expected.follows.add((owner, handle(v)))
    (folder / "following_accounts.csv").write_text(follows.getvalue(), encoding="utf-8")

    items: list[dict[str, Any]] = []
    status = 110_000_000_000_000_000

    def create(mentioned: list[int], day: int) -> None:
        nonlocal status
        status += 1
        published = f"2024-03-{day:02d}T09:30:00Z"
        status_uri = f"{actor_uri}/statuses/{status}"
        tags = []
        for v in mentioned:
            user, server = _karate_account(v, g)
            # Mastodon names a local account without its host
            tags.append({"type": "Mention", "href": uri(v), "name": f"@{user}" if server == host else f"@{user}@{server}"})
        note = {
            "id": status_uri, "type": "Note", "summary": None, "inReplyTo": None, "published": published,
            "url": f"https://{host}/@{owner_user}/{status}", "attributedTo": actor_uri, "to": [PUBLIC],
            "cc": [f"{actor_uri}/followers", *(uri(v) for v in mentioned)], "sensitive": False,
            "atomUri": status_uri, "inReplyToAtomUri": None,
            "conversation": f"tag:{host},2024-03-{day:02d}:objectId={status}:objectType=Conversation",
            "content": "<p>" + " ".join(f'<span class="h-card"><a href="{uri(v)}" class="u-url mention">@<span>'
                                         f"{_karate_account(v, g)[0]}</span></a></span>" for v in mentioned) + " training tonight</p>",
            "contentMap": {"en": "<p>training tonight</p>"}, "attachment": [], "tag": tags,
            "replies": {"id": f"{status_uri}/replies", "type": "Collection",
                        "first": {"type": "CollectionPage", "next": f"{status_uri}/replies?only_other_accounts=true&page=true",
                                  "partOf": f"{status_uri}/replies", "items": []}},
        }
        activity_id = f"{status_uri}/activity"
        items.append({"id": activity_id, "type": "Create", "actor": actor_uri, "published": published,
                      "to": [PUBLIC], "cc": note["cc"], "object": note})
        for v in mentioned:
            expected.observe(owner, handle(v), activity_id, published[:10])

    def announce(v: int, day: int) -> None:
        nonlocal status
        status += 1
        published = f"2024-04-{day:02d}T18:00:00Z"
        activity_id = f"{actor_uri}/statuses/{status}/activity"
        items.append({"id": activity_id, "type": "Announce", "actor": actor_uri, "published": published,
                      "to": [PUBLIC], "cc": [uri(v), f"{actor_uri}/followers"],
                      "object": f"{uri(v)}/statuses/{900 + v}"})
        expected.observe(owner, handle(v), activity_id, published[:10])

    # one post per triangle through the owner, mentioning both other members
    day = 0
    for v, w in sorted(g.subgraph(g[0]).edges()):
        day = day % 28 + 1
        create(sorted((v, w)), day)
    # a post for each neighbour that has no triangle with the owner
    for v in sorted(g[0]):
        if not any(w in g[0] for w in g[v]):
            create([v], 1)
    # a post that mentions its author is no tie
    items.append({"id": f"{actor_uri}/statuses/1/activity", "type": "Create", "actor": actor_uri,
                  "published": "2024-05-01T08:00:00Z", "to": [PUBLIC], "cc": [],
                  "object": {"id": f"{actor_uri}/statuses/1", "type": "Note", "content": "<p>me</p>",
                             "tag": [{"type": "Mention", "href": actor_uri, "name": f"@{owner_user}"},
                                     {"type": "Hashtag", "href": f"https://{host}/tags/karate", "name": "#karate"}]}})
    # boosts of posts of the members of the other club, followed or not
    for v in sorted(n for n in g if g.nodes[n]["club"] == "Officer" and n % 3 == 0):
        announce(v, v % 28 + 1)
    outbox = {"@context": "https://www.w3.org/ns/activitystreams", "id": "outbox.json",
              "type": "OrderedCollection", "totalItems": len(items), "orderedItems": items}
    (folder / "outbox.json").write_text(json.dumps(outbox), encoding="utf-8")
    empty = {"@context": "https://www.w3.org/ns/activitystreams", "type": "OrderedCollection",
             "totalItems": 0, "orderedItems": []}
    (folder / "likes.json").write_text(json.dumps({"id": "likes.json", **empty}), encoding="utf-8")
    (folder / "bookmarks.json").write_text(json.dumps({"id": "bookmarks.json", **empty}), encoding="utf-8")
    (folder / "avatar.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    for v in g:
        if v:
            expected.identifying.add(_karate_account(v, g)[0].lower())
    if as_zip:
        return _zip(folder, folder.with_suffix(".zip")), expected
    return folder, expected


# -- X ----------------------------------------------------------------------------------
def _screen_name(name: str) -> str:
    return "".join(c for c in name if c.isalnum())[:15] or "x"


def _ytd(path: Path, name: str, entries: list[dict[str, Any]], part: int = 0) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"window.YTD.{name}.part{part} = " + json.dumps(entries, indent=2, ensure_ascii=False),
                    encoding="utf-8")


def write_x_archive(folder: Path, *, as_zip: bool = True) -> tuple[Path, Expected]:
    """The archive of Valjean of Les Misérables: follows and is followed by his neighbours, mentions,
    answers and reposts them in proportion to the weight of their ties."""
    g = nx.les_miserables_graph()
    number = {name: str(1_000_000 + i) for i, name in enumerate(sorted(g))}
    owner_name = "Valjean"
    owner = f"x:{number[owner_name]}"
    expected = Expected(owner=owner, names={owner: owner_name})
    _ytd(folder / "data/account.js", "account", [{"account": {
        "email": "valjean@example.org", "createdVia": "web", "username": _screen_name(owner_name),
        "accountId": number[owner_name], "createdAt": "2011-06-23T13:04:14.000Z",
        "accountDisplayName": owner_name}}])
    neighbours = sorted(g[owner_name])
    following = [v for v in neighbours if g[owner_name][v]["weight"] >= 2]
    followers = [v for v in neighbours if g[owner_name][v]["weight"] % 2 == 1]
    _ytd(folder / "data/following.js", "following", [{"following": {
        "accountId": number[v], "userLink": f"https://twitter.com/intent/user?user_id={number[v]}"}} for v in following])
    _ytd(folder / "data/follower.js", "follower", [{"follower": {
        "accountId": number[v], "userLink": f"https://twitter.com/intent/user?user_id={number[v]}"}} for v in followers])
    expected.follows |= {(owner, f"x:{number[v]}") for v in following}
    expected.follows |= {(f"x:{number[v]}", owner) for v in followers}

    def mention(v: str, at: int) -> dict[str, Any]:
        screen = _screen_name(v)
        return {"name": v, "screen_name": screen, "indices": [str(at), str(at + len(screen) + 1)],
                "id_str": number[v], "id": number[v]}

    tweets: list[dict[str, Any]] = []
    post = 1_626_922_779_105_759_235

    def tweet(text: str, mentions: list[dict[str, Any]], day: int, **more: Any) -> str:
        nonlocal post
        post += 1
        tweets.append({"tweet": {
            "edit_info": {"initial": {"editTweetIds": [str(post)], "editableUntil": "2023-02-18T13:03:11.000Z",
                                      "editsRemaining": "5", "isEditEligible": False}},
            "retweeted": False, "source": '<a href="https://mobile.twitter.com" rel="nofollow">Twitter Web App</a>',
            "entities": {"hashtags": [], "symbols": [], "user_mentions": mentions, "urls": []},
            "display_text_range": ["0", str(len(text))], "favorite_count": "1", "id_str": str(post),
            "truncated": False, "retweet_count": "0", "id": str(post),
            "created_at": f"Sat Feb {day:02d} 12:33:11 +0000 2023", "favorited": False,
            "full_text": text, "lang": "en", **more}})
        return str(post)

    day = 0
    for v in neighbours:
        for _ in range(min(g[owner_name][v]["weight"], 3)):
            day = day % 28 + 1
            key = tweet(f"@{_screen_name(v)} bonjour", [mention(v, 0)], day)
            expected.observe(owner, f"x:{number[v]}", f"x-post:{key}", f"2023-02-{day:02d}")
        if g[owner_name][v]["weight"] > 5:
            # an answer names its addressee twice (reply and mention): one observation
            key = tweet(f"@{_screen_name(v)} merci", [mention(v, 0)], 28, in_reply_to_status_id_str="1",
                        in_reply_to_user_id_str=number[v], in_reply_to_user_id=number[v],
                        in_reply_to_screen_name=_screen_name(v), in_reply_to_status_id="1")
            expected.observe(owner, f"x:{number[v]}", f"x-post:{key}", "2023-02-28")
        expected.names[f"x:{number[v]}"] = v
    # reposts of the posts of the neighbours' neighbours: a tie to the author only
    for v in neighbours[:6]:
        others = sorted(w for w in g[v] if w != owner_name and w not in g[owner_name])
        if not others:
            continue
        author, named = others[0], (others[1:2] or [None])[0]
        mentions = [mention(author, 3)] + ([mention(named, 10 + len(author))] if named else [])
        text = f"RT @{_screen_name(author)}: voici" + (f" @{_screen_name(named)}" if named else "")
        key = tweet(text, mentions, 14)
        expected.observe(owner, f"x:{number[author]}", f"x-post:{key}", "2023-02-14")
        expected.names[f"x:{number[author]}"] = author
        if named and named not in g[owner_name]:
            expected.not_linked.add(f"x:{number[named]}")
    # a thread: an answer to one's own post is no tie
    tweet("suite", [], 3, in_reply_to_user_id_str=number[owner_name], in_reply_to_screen_name=_screen_name(owner_name))
    half = len(tweets) // 2
    _ytd(folder / "data/tweets.js", "tweets", tweets[:half])
    _ytd(folder / "data/tweets-part1.js", "tweets", tweets[half:], part=1)
    (folder / "Your archive.html").write_text("<html></html>", encoding="utf-8")
    expected.not_linked -= {t for _s, t in expected.mentions}
    if as_zip:
        return _zip(folder, folder.with_suffix(".zip")), expected
    return folder, expected


# -- Bluesky ----------------------------------------------------------------------------
def _varint(n: int) -> bytes:
    """An unsigned LEB128 varint, as CAR frames its header and blocks."""
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def _cid(block: bytes) -> bytes:
    """The CIDv1 (DAG-CBOR, SHA-256) of a block, as bytes."""
    return bytes([0x01, 0x71, 0x12, 0x20]) + hashlib.sha256(block).digest()


class CarWriter:
    """Blocks of DAG-CBOR encoded by libipld, framed as a CAR v1 file."""

    def __init__(self) -> None:
        self.blocks: dict[bytes, bytes] = {}

    def put(self, value: Any) -> bytes:
        block = libipld.encode_dag_cbor(value)
        cid = _cid(block)
        self.blocks[cid] = block
        return cid

    def mst(self, records: dict[str, bytes]) -> bytes:
        """The Merkle Search Tree of ``records`` (path -> record CID), as the atproto repository
        spec builds it: a key's layer is the number of leading pairs of zero bits of its SHA-256;
        a node holds the keys of its layer in order, each after the first ``p`` bytes it shares
        with the key before, with the keys of lower layers in subtrees between them."""

        def layer(key: str) -> int:
            bits = "".join(f"{byte:08b}" for byte in hashlib.sha256(key.encode()).digest())
            return (len(bits) - len(bits.lstrip("0"))) // 2

        def node(keys: list[str], level: int) -> bytes | None:
            if not keys:
                return None
            if level < 0:
                raise AssertionError("keys below layer 0")
            tops = [i for i, k in enumerate(keys) if layer(k) == level]
            bounds = [-1, *tops, len(keys)]
            subtrees = [node(keys[a + 1:b], level - 1) for a, b in zip(bounds, bounds[1:], strict=False)]
            entries, previous = [], b""
            for i, subtree in zip(tops, subtrees[1:], strict=True):
                k = keys[i].encode()
                shared = 0
                while shared < min(len(k), len(previous)) and k[shared] == previous[shared]:
                    shared += 1
                entries.append({"p": shared, "k": k[shared:], "v": records[keys[i]], "t": subtree})
                previous = k
            return self.put({"l": subtrees[0], "e": entries})

        keys = sorted(records)
        root = node(keys, max(layer(k) for k in keys))
        assert root is not None
        return root

    def write(self, path: Path, root: bytes) -> Path:
        header = libipld.encode_dag_cbor({"version": 1, "roots": [root]})
        with path.open("wb") as fh:
            fh.write(_varint(len(header)) + header)
            for cid, block in self.blocks.items():
                fh.write(_varint(len(cid) + len(block)) + cid + block)
        return path


def _did(name: str) -> str:
    return "did:plc:" + hashlib.sha256(name.encode()).hexdigest()[:24]


def write_bluesky(path: Path) -> tuple[Path, Expected]:
    """The repository of the Medici of the Florentine families: follows their marriage ties,
    mentions the families two steps away, answers and reposts their neighbours."""
    g = nx.florentine_families_graph()
    owner_name = "Medici"
    owner = _did(owner_name)
    expected = Expected(owner=owner, names={owner: "Casa Medici"})
    car = CarWriter()
    records: dict[str, bytes] = {}
    tid = 0

    def rkey() -> str:
        nonlocal tid
        tid += 1
        return f"3kq{tid:010d}"

    records["app.bsky.actor.profile/self"] = car.put({"$type": "app.bsky.actor.profile", "displayName": "Casa Medici",
                                                      "description": "Firenze"})
    for i, v in enumerate(sorted(g[owner_name])):
        created = f"2024-01-{i + 1:02d}T10:00:00.000Z"
        records[f"app.bsky.graph.follow/{rkey()}"] = car.put(
            {"$type": "app.bsky.graph.follow", "subject": _did(v), "createdAt": created})
        expected.follows.add((owner, _did(v)))
    second = sorted({w for v in g[owner_name] for w in g[v]} - set(g[owner_name]) - {owner_name})
    for i, w in enumerate(second):
        handle = f"@{w.lower()}.bsky.social"
        text = f"Ciao {handle} e {handle}!"  # the same account twice in one post: one observation
        starts = (len(b"Ciao "), len(f"Ciao {handle} e ".encode()))
        facets = [{"index": {"byteStart": start, "byteEnd": start + len(handle.encode())},
                   "features": [{"$type": "app.bsky.richtext.facet#mention", "did": _did(w)}]} for start in starts]
        facets += [{"index": {"byteStart": 0, "byteEnd": 4},
                   "features": [{"$type": "app.bsky.richtext.facet#tag", "tag": "ciao"}]}]
        key = f"app.bsky.feed.post/{rkey()}"
        created = f"2024-02-{i + 1:02d}T08:00:00.000Z"
        records[key] = car.put({"$type": "app.bsky.feed.post", "text": text, "facets": facets,
                                "langs": ["it"], "createdAt": created})
        expected.observe(owner, _did(w), f"at://{owner}/{key}", created[:10])
        expected.names[_did(w)] = handle
        expected.identifying.add(w.lower())
    for i, v in enumerate(sorted(g[owner_name])):
        parent = f"at://{_did(v)}/app.bsky.feed.post/3kparent{i}"
        ref = {"uri": parent, "cid": libipld.encode_cid(_cid(b"parent" + v.encode()))}
        key = f"app.bsky.feed.post/{rkey()}"
        created = f"2024-03-{i + 1:02d}T08:00:00.000Z"
        records[key] = car.put({"$type": "app.bsky.feed.post", "text": "Grazie", "reply": {"root": ref, "parent": ref},
                                "createdAt": created})
        expected.observe(owner, _did(v), f"at://{owner}/{key}", created[:10])
        if i % 2 == 0:
            key = f"app.bsky.feed.repost/{rkey()}"
            created = f"2024-04-{i + 1:02d}T08:00:00.000Z"
            records[key] = car.put({"$type": "app.bsky.feed.repost", "subject": ref, "createdAt": created})
            expected.observe(owner, _did(v), f"at://{owner}/{key}", created[:10])
    data = car.mst(records)
    commit = car.put({"did": owner, "version": 3, "data": data, "rev": "3kq0000000000", "prev": None,
                      "sig": hashlib.sha512(b"not a real signature").digest()})
    expected.identifying.add("bsky.social")
    return car.write(path, commit), expected
