"""`netnp import --from mbox`: mailboxes written by Python's `mailbox` and `email` packages (RFC 4155 mbox,
maildir, RFC 5322 messages with RFC 2047 encoded words), imported by the command line into the real server.

The tests at the end, "dated observations", assert what is stored on each tie
per message (``observed``, ``observed_weight``, ``observed_key``).
"""

from __future__ import annotations

import email.utils
import json
import mailbox
import os
import subprocess
import sys
from collections import Counter
from email.headerregistry import Address
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from import_helpers import nodes, tie_properties

from netnp import database, schema

#: The mailbox of the tests: sender, To, Cc, date, Message-ID, and headers of its own.
ANN = ("Ann Lee", "ann@asso.org")
RENEE = ("Renée Dupré", "Renee.Dupre@Example.ORG")
JORG = ("Jörg Müller", "jorg@example.de")
BOB = ("Bob, the treasurer", "bob@example.org")
ZOE = ("Zoë Ζωή", "zoe@example.gr")
MESSAGES = [
    {"from": ANN, "to": [RENEE, JORG], "cc": [BOB], "date": (2026, 3, 2), "id": "<a1@asso.org>"},
    {"from": RENEE, "to": [ANN], "cc": [], "date": (2026, 3, 3), "id": "<r1@example.org>"},
    {"from": ("", "renee.dupre@example.org"), "to": [ANN, ZOE], "cc": [], "date": (2026, 3, 9), "id": "<r2@example.org>"},
    {"from": ANN, "to": [RENEE], "cc": [JORG, ZOE], "date": (2026, 3, 9), "id": "<a2@asso.org>"},
    {"from": BOB, "to": [ANN], "cc": [], "date": (2026, 4, 1), "id": "<b1@example.org>"},
    # seen twice: in two folders, or delivered twice
    {"from": ANN, "to": [RENEE], "cc": [], "date": (2026, 3, 2), "id": "<a1@asso.org>"},
    # a mailing list, and a machine
    {"from": BOB, "to": [("Members", "members@lists.asso.org")], "cc": [], "date": (2026, 4, 2), "id": "<l1@lists>",
     "headers": {"List-Id": "Members <members.lists.asso.org>"}},
    {"from": ("Asso site", "no-reply@asso.org"), "to": [ANN], "cc": [], "date": (2026, 4, 3), "id": "<n1@asso.org>"},
]


def message(spec: dict[str, Any]) -> EmailMessage:
    """An RFC 5322 message; `email` encodes non-ASCII display names as RFC 2047 encoded words."""
    msg = EmailMessage()
    msg["From"] = Address(spec["from"][0], addr_spec=spec["from"][1])
    msg["To"] = [Address(name, addr_spec=address) for name, address in spec["to"]]
    if spec["cc"]:
        msg["Cc"] = [Address(name, addr_spec=address) for name, address in spec["cc"]]
    if spec.get("date"):
        import datetime as dt

        msg["Date"] = email.utils.format_datetime(dt.datetime(*spec["date"], 10, 30, tzinfo=dt.timezone(dt.timedelta(hours=1))))
    msg["Message-ID"] = spec["id"]
    msg["Subject"] = "Réunion du bureau"
    for name, value in spec.get("headers", {}).items():
        msg[name] = value
    msg.set_content("Bonjour,\nFrom the minutes of the last meeting:\n\nFrom now on, we meet on Mondays.\n")
    return msg


def write_mbox(path: Path, specs: list[dict[str, Any]]) -> Path:
    box = mailbox.mbox(path)
    for spec in specs:
        box.add(message(spec))
    box.flush()
    box.close()
    return path


def write_maildir(path: Path, specs: list[dict[str, Any]]) -> Path:
    box = mailbox.Maildir(path)
    for spec in specs:
        box.add(message(spec))
    return path


def expected_ties(specs: list[dict[str, Any]], keep_lists: bool = False) -> set[tuple[str, str]]:
    """(sender, recipient) of each EMAILS tie the messages make, by the rules of docs/sources.md."""
    ties = set()
    for spec in specs:
        sender = spec["from"][1].lower()
        if not keep_lists and ("List-Id" in spec.get("headers", {}) or sender.startswith("no-reply@")):
            continue
        for _, address in spec["to"] + spec["cc"]:
            if address.lower() != sender:
                ties.add((sender, address.lower()))
    return ties


def netnp(runner, *args: str, key_file: Path | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    settings = runner.settings
    env.update(NEO4J_URI=settings.uri, NEO4J_USERNAME=settings.user, NEO4J_PASSWORD=settings.password)
    if settings.database:
        env["NEO4J_DATABASE"] = settings.database
    if key_file is not None:
        env["NETNP_KEY_FILE"] = str(key_file)
    return subprocess.run([sys.executable, "-m", "netnp", *args], capture_output=True, text=True, env=env, timeout=300)


def imported(runner, *args: str, key_file: Path | None = None) -> dict[str, Any]:
    """Run `netnp import ... --json`; the report, after checking it worked."""
    done = netnp(runner, "import", *args, "--json", key_file=key_file)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def emails(runner) -> set[tuple[str, str]]:
    return {(s, t) for (s, kind, t, channel) in tie_properties(runner) if kind == "EMAILS" and channel == "email"}


# -- people and ties ------------------------------------------------------------------------------
def test_each_address_is_a_person_and_each_message_a_tie_from_sender_to_recipients(runner, tmp_path):
    path = write_mbox(tmp_path / "Inbox", MESSAGES)
    report = imported(runner, str(path), "--from", "mbox")
    assert emails(runner) == expected_ties(MESSAGES)
    people = nodes(runner)
    addresses = {a.lower() for spec in MESSAGES[:5] for _, a in [spec["from"]] + spec["to"] + spec["cc"]}
    assert set(people) == addresses
    assert all(node["kind"] == "Person" for node in people.values())
    # display names, RFC 2047 decoded; an address given once without a name keeps the name given elsewhere
    for name, address in (ANN, RENEE, JORG, BOB, ZOE):
        assert people[address.lower()]["name"] == name
    notes = report["notes"]["Inbox"]
    assert notes["messages"] == len(MESSAGES)
    assert notes["duplicate_messages"] == 1
    assert notes["mailing_list_messages_left_out"] == 1
    assert notes["no_reply_messages_left_out"] == 1
    assert "members@lists.asso.org" not in people and "no-reply@asso.org" not in people


def test_keep_lists_keeps_mailing_lists_and_no_reply_senders(runner, tmp_path):
    path = write_mbox(tmp_path / "Inbox.mbox", MESSAGES)
    imported(runner, str(path), "--from", "mbox", "--keep-lists")
    assert emails(runner) == expected_ties(MESSAGES, keep_lists=True)
    assert ("bob@example.org", "members@lists.asso.org") in emails(runner)


def test_a_maildir_gives_the_graph_of_the_same_messages_in_an_mbox(runner, tmp_path):
    box = write_mbox(tmp_path / "mail.mbox", MESSAGES)
    imported(runner, str(box))  # detected: no --from
    from_mbox = (emails(runner), nodes(runner))
    database.reset(runner)
    schema.apply_schema(runner)
    folder = write_maildir(tmp_path / "Maildir", MESSAGES)
    assert {p.name for p in folder.iterdir()} >= {"cur", "new", "tmp"}
    imported(runner, str(folder))
    assert (emails(runner), nodes(runner)) == from_mbox


def test_importing_again_adds_nothing(runner, tmp_path):
    path = write_mbox(tmp_path / "Inbox", MESSAGES)
    imported(runner, str(path), "--from", "mbox")
    before = (nodes(runner), Counter((k, v.get("weight")) for k, v in tie_properties(runner).items()))
    imported(runner, str(path), "--from", "mbox")
    after = (nodes(runner), Counter((k, v.get("weight")) for k, v in tie_properties(runner).items()))
    assert after == before


def test_a_message_to_more_than_many_recipients_is_kept_and_flagged(runner, tmp_path):
    crowd = [(f"Member {i}", f"member{i}@example.org") for i in range(150)]
    specs = MESSAGES[:2] + [{"from": ANN, "to": crowd, "cc": [], "date": (2026, 5, 1), "id": "<crowd@asso.org>"}]
    path = write_mbox(tmp_path / "Sent", specs)
    report = imported(runner, str(path), "--from", "mbox")
    assert emails(runner) == expected_ties(specs)
    notes = report["notes"]["Sent"]
    assert notes["messages_with_many_recipients"] == 1 and notes["many_recipients"] == 100
    assert len(notes["flagged"]) == 1 and "<crowd@asso.org>" in notes["flagged"][0] and "150" in notes["flagged"][0]
    more = imported(runner, str(path), "--from", "mbox", "--many-recipients", "200")
    assert "flagged" not in more["notes"]["Sent"]
    text = netnp(runner, "import", str(path), "--from", "mbox")
    assert text.returncode == 0 and "flagged" in text.stdout and "<crowd@asso.org>" in text.stdout


def test_broken_encodings_come_in_as_clean_text(runner, tmp_path):
    raw = (b"From: Ren\xe9e Dupr\xe9 <renee@example.org>\n"  # Latin-1 bytes where ASCII should be
           b"To: =?x-unknown?q?Jean?= <jean@example.org>, =?utf-8?B?w6k===?= <e@example.org>,\n"
           b" =?utf-8?q?Caf=C3=A9_=FF?= <cafe@example.org>, \"Quoted =?utf-8?q?Jos=C3=A9?=\" <jose@example.org>\n"
           b"Cc: Undisclosed recipients:;\n"
           b"Date: Thu, 05 Mar 2026 09:00:00 +0000\nMessage-ID: <broken@example.org>\nSubject: x\n\nbody\n")
    box = mailbox.mbox(tmp_path / "broken.mbox")
    box.add(mailbox.mboxMessage(raw))
    box.flush()
    imported(runner, str(tmp_path / "broken.mbox"), "--from", "mbox")
    people = nodes(runner)
    assert set(people) == {"renee@example.org", "jean@example.org", "e@example.org", "cafe@example.org",
                           "jose@example.org"}
    assert people["renee@example.org"]["name"] == "Renée Dupré"
    for node in people.values():
        assert not any("\udc80" <= c <= "\udcff" or c < " " for c in node["name"])
    assert people["cafe@example.org"]["name"].startswith("Café")


def test_a_message_without_any_date_is_an_error_naming_it_and_nothing_is_written(runner, tmp_path):
    folder = write_maildir(tmp_path / "Maildir", [{**MESSAGES[0], "date": None}, MESSAGES[1]])
    # a maildir file name begins with its delivery time; this one does not
    (file,) = [f for f in (folder / "new").iterdir() if b"a1@asso.org" in f.read_bytes()]
    file.rename(folder / "new" / "hand-made-message")
    done = netnp(runner, "import", str(folder), "--from", "mbox")
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert "new/hand-made-message" in done.stderr and "<a1@asso.org>" in done.stderr and "Date" in done.stderr
    assert nodes(runner) == {}


def test_pseudonymise_leaves_no_address_and_gives_the_same_id_to_the_same_address(runner, tmp_path):
    key = tmp_path / "keys" / "pseudonym.key"
    first = write_mbox(tmp_path / "2026-03", MESSAGES[:3])
    second = write_mbox(tmp_path / "2026-04", MESSAGES[3:5])
    imported(runner, str(first), "--from", "mbox", "--pseudonymise", "--names", "drop", key_file=key)
    ids_first = set(nodes(runner))
    imported(runner, str(second), "--from", "mbox", "--pseudonymise", "--names", "drop", key_file=key)
    people = nodes(runner)
    assert all(node_id.startswith("p-") for node_id in people)
    addresses = {a.lower() for spec in MESSAGES for _, a in [spec["from"]] + spec["to"] + spec["cc"]}
    # both mailboxes hold Ann, Renée, Jörg and Zoë: one node each
    assert len(people) == len({a.lower() for spec in MESSAGES[:5] for _, a in [spec["from"]] + spec["to"] + spec["cc"]})
    assert ids_first <= set(people)
    values = [str(v).lower() for node_id, node in people.items() for v in [node_id, *node.values()]]
    values += [str(v).lower() for key, props in tie_properties(runner).items() for v in [*key, *props.values()]]
    for text in addresses | {a.split("@")[0] for a in addresses} | {"ann lee", "renée", "dupré"}:
        assert not any(text in value for value in values), text
    # the pseudonyms are those of the key: a third import with another key gives other ids
    imported(runner, str(first), "--from", "mbox", "--pseudonymise", key_file=tmp_path / "other.key")
    assert len(nodes(runner)) > len(people)


def test_the_owner_given_with_me_and_as_is_the_organisations_node(runner, tmp_path):
    office = ("Asso office", "Office@Asso.org")
    specs = [{"from": office, "to": [RENEE], "cc": [JORG], "date": (2026, 3, 2), "id": "<o1@asso.org>"},
             {"from": JORG, "to": [office], "cc": [], "date": (2026, 3, 4), "id": "<j1@example.de>"}]
    (tmp_path / "org.csv").write_text("id,kind,name\norg:asso,organization,Association du quartier\n")
    assert netnp(runner, "import", "--nodes", str(tmp_path / "org.csv")).returncode == 0
    path = write_mbox(tmp_path / "Sent", specs)
    report = imported(runner, str(path), "--from", "mbox", "--me", "office@asso.org", "--as", "org:asso")
    assert emails(runner) == {("org:asso", "renee.dupre@example.org"), ("org:asso", "jorg@example.de"),
                              ("jorg@example.de", "org:asso")}
    people = nodes(runner)
    assert people["org:asso"] == {"kind": "Organization", "name": "Association du quartier"}
    assert "office@asso.org" not in people
    assert report["notes"]["Sent"]["messages_from_owner"] == 1 and report["notes"]["Sent"]["messages_to_owner"] == 1


def test_detection_takes_mbox_files_and_maildirs_only(tmp_path):
    from netnp.sources import detect

    assert detect(write_mbox(tmp_path / "a.mbox", MESSAGES[:1])) == "mbox"
    assert detect(write_maildir(tmp_path / "Maildir", MESSAGES[:1])) == "mbox"
    (tmp_path / "notes.txt").write_text("From the desk of the president:\nhello\n")
    assert detect(tmp_path / "notes.txt") is None
    (tmp_path / "folder").mkdir()
    assert detect(tmp_path / "folder") is None


def test_a_large_mbox_is_read_in_blocks_with_separators_across_them(tmp_path, monkeypatch):
    """Blocks far smaller than messages: every separator, header and body falls across block ends somewhere."""
    from netnp.sources import SourceOptions, mbox

    specs = [{"from": ANN, "to": [(f"P {i}", f"p{i}@example.org")], "cc": [], "date": (2026, 1, 1 + i % 28),
              "id": f"<m{i}@asso.org>"} for i in range(60)]
    path = write_mbox(tmp_path / "big", specs)
    whole = list(mbox.read(path, SourceOptions()))
    python_lines = [i + 1 for i, line in enumerate(path.read_bytes().split(b"\n")) if line.startswith(b"From ")]
    for size in (7, 64, 1000):
        monkeypatch.setattr(mbox, "_CHUNK", size)
        assert list(mbox.read(path, SourceOptions())) == whole
        assert [line for line, _, _ in mbox.mbox_messages(path)] == python_lines
    assert {(r["target"], r["observation"]) for kind, _, r in whole if kind == "edge"} == \
        {(f"p{i}@example.org", f"<m{i}@asso.org>") for i in range(60)}


# -- dated observations (stored by the importer as docs/model.md, "Dated observations", says) ---------
def observed(runner) -> dict[tuple[str, str], list[tuple[str, str, float]]]:
    """(sender, recipient) -> sorted (date, key, weight) of each observation of the EMAILS tie."""
    found = {}
    for (source, kind, target, _), props in tie_properties(runner).items():
        if kind == "EMAILS":
            found[(source, target)] = sorted(zip(props["observed"], props["observed_key"], props["observed_weight"],
                                                 strict=True))
    return found


def expected_observations(specs: list[dict[str, Any]]) -> dict[tuple[str, str], list[tuple[str, str, float]]]:
    found: dict[tuple[str, str], set] = {}
    for spec in specs:
        sender = spec["from"][1].lower()
        if "List-Id" in spec.get("headers", {}) or sender.startswith("no-reply@"):
            continue
        day = "{:04d}-{:02d}-{:02d}".format(*spec["date"])
        for _, address in spec["to"] + spec["cc"]:
            found.setdefault((sender, address.lower()), set()).add((day, spec["id"], 1.0))
    return {pair: sorted(seen) for pair, seen in found.items()}


def test_observations_each_message_is_one_dated_observation_of_its_ties(runner, tmp_path):
    path = write_mbox(tmp_path / "Inbox", MESSAGES)
    imported(runner, str(path), "--from", "mbox")
    want = expected_observations(MESSAGES[:5])  # the duplicate of a1 counts once
    assert observed(runner) == want
    weights = {(s, t): p["weight"] for (s, kind, t, _), p in tie_properties(runner).items() if kind == "EMAILS"}
    assert weights == {pair: float(len(seen)) for pair, seen in want.items()}
    imported(runner, str(path), "--from", "mbox")
    assert observed(runner) == want


def test_observations_without_a_date_header_take_the_delivery_date(runner, tmp_path):
    box = mailbox.mbox(tmp_path / "Inbox")
    msg = mailbox.mboxMessage(message({**MESSAGES[1], "date": None}))
    msg.set_from("MAILER-DAEMON", (2026, 2, 14, 8, 0, 0, 5, 45, 0))
    box.add(msg)
    box.flush()
    folder = write_maildir(tmp_path / "Maildir", [{**MESSAGES[4], "date": None}])
    (file,) = (folder / "new").iterdir()
    file.rename(folder / "new" / ("1767225600." + file.name.split(".", 1)[1]))  # 2026-01-01 00:00 UTC
    report = imported(runner, str(tmp_path / "Inbox"), "--from", "mbox")
    assert report["notes"]["Inbox"]["dates_from_delivery"] == 1
    imported(runner, str(folder), "--from", "mbox")
    assert observed(runner) == {("renee.dupre@example.org", "ann@asso.org"): [("2026-02-14", "<r1@example.org>", 1.0)],
                                ("bob@example.org", "ann@asso.org"): [("2026-01-01", "<b1@example.org>", 1.0)]}


def test_observations_pseudonymised_keys_hold_no_message_id(runner, tmp_path):
    path = write_mbox(tmp_path / "Inbox", MESSAGES)
    imported(runner, str(path), "--from", "mbox", "--pseudonymise", key_file=tmp_path / "k.key")
    keys = [key for props in tie_properties(runner).values() for key in props["observed_key"]]
    assert keys and all(key.startswith("m-") for key in keys)
    assert len(set(keys)) == len({spec["id"] for spec in MESSAGES[:5]})


@pytest.fixture(autouse=True)
def _no_key_left_in_home(monkeypatch, tmp_path):
    """Pseudonym keys go to the test's folder, never to the user's home."""
    monkeypatch.setenv("NETNP_KEY_FILE", str(tmp_path / "default.key"))
