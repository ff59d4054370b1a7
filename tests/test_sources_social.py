"""netnp import --from mastodon, x-archive and bluesky: exports written to their published formats,
imported by the command line into the real Neo4j, and the graph compared with what the export says.

The tests of the dated observations a tie keeps (``observed``, ``observed_key``, ``observed_weight``)
are the ``test_*_observations`` ones, at the end.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from import_helpers import nodes, tie_properties, ties
from social_exports import CarWriter, write_bluesky, write_mastodon, write_x_archive
from test_cli import netnp, server_env

from netnp import sources
from netnp.graphwrite import Provenance, entity_row, write_graph


def run_import(runner, path: Path, *args: str, key_file: Path | None = None):
    env = server_env(runner.settings)
    if key_file is not None:
        env["NETNP_KEY_FILE"] = str(key_file)
    return netnp("import", str(path), *args, "--json", env=env)


def imported(runner, path: Path, *args: str, key_file: Path | None = None) -> dict:
    result = run_import(runner, path, *args, key_file=key_file)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def assert_rejected(runner, result, *fragments: str) -> None:
    """The import failed with the problem named, without a traceback, and wrote nothing."""
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert result.stderr.startswith("Error: "), result.stderr
    for fragment in fragments:
        assert fragment in result.stderr, result.stderr
    assert nodes(runner) == {}


def graph_ties(runner, tie_type: str, channel: str) -> set[tuple[str, str]]:
    found = Counter((s, t) for (s, ty, t, ch, *_rest) in ties(runner).elements() if ty == tie_type and ch == channel)
    assert all(n == 1 for n in found.values()), "one tie per pair, type and channel"
    return set(found)


def assert_graph(runner, expected, channel: str) -> None:
    """The ties and the accounts of the graph are those the export says, no more."""
    assert graph_ties(runner, "FOLLOWS", channel) == expected.follows
    assert graph_ties(runner, "MENTIONS", channel) == set(expected.mentions)
    found = nodes(runner)
    named = {a for pair in expected.follows | set(expected.mentions) for a in pair}
    assert set(found) == named
    assert all(found[a]["kind"] == "Person" for a in named)
    for account, name in expected.names.items():
        assert found[account]["name"] == name


# -- Mastodon ---------------------------------------------------------------------------------------------
def test_mastodon_export_brings_follows_mentions_and_boosts(runner, tmp_path):
    archive, expected = write_mastodon(tmp_path / "archive-20240501-9f86d081884c7d65")
    assert sources.detect(archive) == "mastodon"
    report = imported(runner, archive, "--from", "mastodon")
    assert_graph(runner, expected, "mastodon")
    assert report["ties_written"] == len(expected.follows) + sum(expected.mentions.values())
    # a local account mentioned as @member1 and followed as member1@host is one account
    assert ("@member0@mrhi.example", "@member1@mrhi.example") in expected.follows & set(expected.mentions)
    # boosted authors are there whether the owner follows them or not
    boosted = {t for (_s, t) in expected.mentions if t.endswith("@officer.example")}
    assert boosted - {t for (_s, t) in expected.follows}
    # again, from the unpacked folder and detected: nothing new
    folder = tmp_path / "unpacked"
    with zipfile.ZipFile(archive) as z:
        z.extractall(folder)
    again = imported(runner, folder)
    assert_graph(runner, expected, "mastodon")
    assert again["nodes_read"] == report["nodes_read"]


def test_mastodon_as_makes_the_owner_ties_the_organisations(runner, tmp_path):
    archive, expected = write_mastodon(tmp_path / "export")
    write_graph(runner, [entity_row("org:karate", "Organization", "Zachary's karate club")], [], Provenance("test"))
    imported(runner, archive, "--from", "mastodon", "--as", "org:karate")
    swap = {expected.owner: "org:karate"}
    assert graph_ties(runner, "FOLLOWS", "mastodon") == {(swap.get(s, s), t) for s, t in expected.follows}
    assert graph_ties(runner, "MENTIONS", "mastodon") == {(swap.get(s, s), t) for s, t in expected.mentions}
    found = nodes(runner)
    assert expected.owner not in found
    assert found["org:karate"] == {"kind": "Organization", "name": "Zachary's karate club"}


def test_mastodon_pseudonymised_leaves_no_handle_in_the_graph(runner, tmp_path):
    archive, expected = write_mastodon(tmp_path / "export")
    key_file = tmp_path / "key" / "pseudonym.key"
    imported(runner, archive, "--from", "mastodon", "--pseudonymise", "--names", "drop", key_file=key_file)
    found = nodes(runner)
    stored = json.dumps([found, sorted(map(str, tie_properties(runner).items()))]).lower()
    assert stored.count("p-") >= len(found)
    for text in expected.identifying:
        assert text not in stored, text
    # the same accounts, the same ties, under stable pseudonyms
    assert len(found) == len({a for pair in expected.follows | set(expected.mentions) for a in pair})
    assert len(graph_ties(runner, "MENTIONS", "mastodon")) == len(expected.mentions)
    before = set(found)
    imported(runner, archive, "--from", "mastodon", "--pseudonymise", key_file=key_file)
    assert set(nodes(runner)) == before


def test_mastodon_bad_address_names_file_line_and_field_and_writes_nothing(runner, tmp_path):
    folder, _ = write_mastodon(tmp_path / "export", as_zip=False)
    follows = folder / "following_accounts.csv"
    lines = follows.read_text().splitlines()
    lines[3] = "not an address," + lines[3].split(",", 1)[1]
    follows.write_text("\n".join(lines) + "\n")
    assert_rejected(runner, run_import(runner, folder, "--from", "mastodon"),
                    "following_accounts.csv line 4, field Account address", "'not an address' is not an account address")


def test_mastodon_broken_outbox_is_one_line_error(runner, tmp_path):
    folder, _ = write_mastodon(tmp_path / "export", as_zip=False)
    (folder / "outbox.json").write_text('{"orderedItems": [\n{"id": 1,}\n]}')
    assert_rejected(runner, run_import(runner, folder, "--from", "mastodon"), "outbox.json line 2: not JSON")


# -- detection --------------------------------------------------------------------------------------------
def test_detection_is_strict(tmp_path):
    mastodon, _ = write_mastodon(tmp_path / "m", as_zip=False)
    x, _ = write_x_archive(tmp_path / "x", as_zip=False)
    car, _ = write_bluesky(tmp_path / "repo.car")
    assert [sources.detect(p) for p in (mastodon, x, car)] == ["mastodon", "x-archive", "bluesky"]
    (mastodon / "outbox.json").unlink()
    (x / "data" / "follower.js").unlink()
    shutil.copy(car, tmp_path / "repo.bin")
    assert [sources.detect(p) for p in (mastodon, x, tmp_path / "repo.bin")] == [None, None, None]
    # the files must be at the top of the export, not anywhere in it
    nested = tmp_path / "nested"
    write_mastodon(nested / "inner", as_zip=False)
    assert sources.detect(nested) is None


# -- X ----------------------------------------------------------------------------------------------------
def test_x_archive_brings_follows_both_ways_mentions_replies_and_reposts(runner, tmp_path):
    archive, expected = write_x_archive(tmp_path / "twitter-2023-02-28-9f86d0818")
    assert sources.detect(archive) == "x-archive"
    report = imported(runner, archive, "--from", "x-archive")
    assert_graph(runner, expected, "x")
    found = nodes(runner)
    # accounts known only by number are named where a post names them
    assert all(not found[a]["name"].startswith("x:") for _s, a in expected.mentions)
    assert all(found[a]["name"] == a for (a, _o) in expected.follows if a not in expected.names
               and a != expected.owner and all(t != a for _s, t in expected.mentions))
    assert found[expected.owner]["handle"] == "@Valjean"
    # the other accounts a repost names are the reposted author's, not the owner's
    assert expected.not_linked and not expected.not_linked & set(found)
    assert report["ties_written"] == len(expected.follows) + sum(expected.mentions.values())


def test_x_archive_bad_date_names_the_post(runner, tmp_path):
    folder, _ = write_x_archive(tmp_path / "archive", as_zip=False)
    path = folder / "data" / "tweets.js"
    text = path.read_text()
    path.write_text(text.replace("Sat Feb 01 12:33:11 +0000 2023", "yesterday", 1))
    assert_rejected(runner, run_import(runner, folder, "--from", "x-archive"),
                    "data/tweets.js, entry 0, field created_at: created_at 'yesterday' is not a date")


def test_x_archive_without_its_assignment_is_one_line_error(runner, tmp_path):
    folder, _ = write_x_archive(tmp_path / "archive", as_zip=False)
    path = folder / "data" / "follower.js"
    path.write_text(path.read_text().split("=", 1)[1])
    assert_rejected(runner, run_import(runner, folder, "--from", "x-archive"),
                    "data/follower.js line 1: does not start with window.YTD.follower.part0")


# -- Bluesky ----------------------------------------------------------------------------------------------
def test_bluesky_repository_brings_follows_and_mentions(runner, tmp_path):
    car, expected = write_bluesky(tmp_path / "repo.car")
    imported(runner, car)  # detected
    assert_graph(runner, expected, "bluesky")
    props = tie_properties(runner)
    # a follow is a tie since the day it was made
    assert sorted(props[(s, "FOLLOWS", t, "bluesky")]["since"] for s, t in expected.follows) == \
        [f"2024-01-{i:02d}" for i in range(1, len(expected.follows) + 1)]
    assert nodes(runner)[expected.owner]["name"] == "Casa Medici"


def test_bluesky_pseudonymised_keeps_no_handle(runner, tmp_path):
    car, expected = write_bluesky(tmp_path / "repo.car")
    imported(runner, car, "--from", "bluesky", "--pseudonymise", key_file=tmp_path / "pseudonym.key")
    stored = json.dumps([nodes(runner), sorted(map(str, tie_properties(runner).items()))]).lower()
    for text in expected.identifying | {"did:plc"}:
        assert text not in stored, text
    assert len(graph_ties(runner, "MENTIONS", "bluesky")) == len(expected.mentions)


def test_bluesky_incomplete_car_is_one_line_error(runner, tmp_path):
    car = CarWriter()
    commit = car.put({"did": "did:plc:abc", "version": 3, "data": car.put({"l": None, "e": []}), "rev": "1",
                      "prev": None, "sig": b"x"})
    del car.blocks[next(iter(car.blocks))]  # the tree's root
    assert_rejected(runner, run_import(runner, car.write(tmp_path / "cut.car", commit), "--from", "bluesky"),
                    "cut.car: a node of the repository's tree (bafy", "is not in the file")
    (tmp_path / "noise.car").write_bytes(b"\x05hello world")
    assert_rejected(runner, run_import(runner, tmp_path / "noise.car"), "noise.car: not a CAR file")


# -- dated observations -----------------------------------------------------------------------------------
def assert_observations(runner, expected, channel: str) -> None:
    props = tie_properties(runner)
    for (source, target), count in expected.mentions.items():
        tie = props[(source, "MENTIONS", target, channel)]
        assert sorted(tie["observed"]) == sorted(expected.dates[(source, target)])
        assert set(tie["observed_key"]) == expected.keys[(source, target)]
        assert tie["weight"] == pytest.approx(count)


def test_mastodon_observations(runner, tmp_path):
    archive, expected = write_mastodon(tmp_path / "export")
    imported(runner, archive, "--from", "mastodon")
    imported(runner, archive, "--from", "mastodon")
    assert_observations(runner, expected, "mastodon")


def test_x_archive_observations(runner, tmp_path):
    archive, expected = write_x_archive(tmp_path / "export")
    imported(runner, archive, "--from", "x-archive")
    imported(runner, archive, "--from", "x-archive")
    assert_observations(runner, expected, "x")


def test_bluesky_observations(runner, tmp_path):
    car, expected = write_bluesky(tmp_path / "repo.car")
    imported(runner, car, "--from", "bluesky")
    imported(runner, car, "--from", "bluesky")
    assert_observations(runner, expected, "bluesky")
