"""Speed and memory of `netnp import --from mbox` on a large mailbox, against Python's own mailbox reading in the same run.

For each size (megabytes of mbox):

1. write an mbox file (RFC 4155: ``From `` lines, blank line between
   messages, ``>From `` escapes in bodies) of synthetic messages: a few
   thousand people, 1 to 6 To/Cc recipients, one message in 500 with 150,
   display names in RFC 2047 encoded words and in raw Latin-1 bytes, 3 % of
   mailing-list messages, 1 % of duplicates, bodies of 0.5 to 12 KB;
2. read it with the source alone (``netnp.sources.mbox.read``), in a child
   process whose peak memory (RSS) is measured: messages per second;
3. import it (``import_files(..., source="mbox")``) into an emptied graph, in
   a child process whose peak memory is measured: messages per second for the
   check (the source, the importer's checks and its spool) and for the whole
   import;
4. the baseline: the first ``--baseline-messages`` messages read as Python's
   documentation shows, ``mailbox.mbox`` with ``email.policy.default``
   headers (its table of contents, then each message parsed): messages per second.

Memory is flat when the peak RSS barely grows with the size: with two sizes,
compare them.

Not a test: run it by hand. It needs a Neo4j it may empty: with no NEO4J_URI it
starts netnp's local server in a temporary folder, else it uses NEO4J_URI and
DELETES ALL DATA there (--yes required).

    python bench/bench_sources.py --sizes 100 1000
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from servers import connection

PEOPLE = 4000
FIRST = ["Ana", "Bruno", "Chloé", "Denis", "Élodie", "François", "Gaëlle", "Hugo", "Inès", "Jérôme", "Kévin", "Léa"]
LAST = ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Lefèvre", "Moreau", "Müller"]
WORDS = ("association réunion bénévoles budget assemblée générale projet quartier jardin partage atelier "
         "compte rendu subvention mairie festival adhésion cotisation planning semaine prochaine merci").split()


def _encoded(name: str) -> bytes:
    """``name`` as one RFC 2047 Q-encoded word (UTF-8)."""
    out = []
    for byte in name.encode("utf-8"):
        char = chr(byte)
        out.append("_" if char == " " else char if char.isalnum() and byte < 128 else f"={byte:02X}")
    return f"=?utf-8?q?{''.join(out)}?=".encode("ascii")


def write_mbox(path: Path, megabytes: int, seed: int = 7) -> int:
    """An mbox of about ``megabytes`` MB; returns the number of messages written."""
    rng = random.Random(seed)
    people = []
    for i in range(PEOPLE):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        address = f"{first.lower()}.{last.lower()}{i}@example{i % 40}.org".encode("ascii", "ignore")
        style = i % 4
        if style == 0:
            shown = _encoded(f"{first} {last}") + b" <" + address + b">"
        elif style == 1:
            shown = f"{first} {last} <".encode("latin-1", "replace") + address + b">"  # raw 8-bit bytes
        elif style == 2:
            shown = b'"' + f"{last}, {first}".encode("ascii", "ignore") + b'" <' + address.upper() + b">"
        else:
            shown = address
        people.append(shown)
    paragraphs = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 14))).encode("utf-8") for _ in range(200)]
    target = megabytes * 1_000_000
    written = 0
    count = 0
    last_id = b""
    with path.open("wb", buffering=1 << 20) as fh:
        while written < target:
            count += 1
            if count % 100 == 0 and last_id:  # a duplicate: the same message again
                message_id = last_id
            else:
                message_id = f"<{count}.{rng.getrandbits(40):x}@example.org>".encode("ascii")
            last_id = message_id
            day = 1 + count % 28
            sender = rng.choice(people)
            many = count % 500 == 0
            to = rng.sample(people, 150 if many else rng.randint(1, 4))
            cc = [] if many else rng.sample(people, rng.choice((0, 0, 1, 2)))
            header = [
                b"From sender@example.org Mon Mar %2d 10:00:00 2025" % day,
                b"Return-Path: <sender@example.org>",
                b"Received: from mail.example.org (mail.example.org [192.0.2.1]) by mx.example.net; "
                b"Mon, %d Mar 2025 10:00:01 +0100" % day,
                b"From: " + sender,
                b"To: " + b",\n\t".join(to),
            ]
            if cc:
                header.append(b"Cc: " + b", ".join(cc))
            header += [b"Subject: =?utf-8?q?R=C3=A9union_" + str(count).encode() + b"?=",
                       b"Date: Mon, %d Mar 2025 10:00:00 +0100" % day,
                       b"Message-ID: " + message_id,
                       b"MIME-Version: 1.0",
                       b"Content-Type: text/plain; charset=utf-8",
                       b"Content-Transfer-Encoding: 8bit"]
            if count % 33 == 0:
                header.append(b"List-Id: <news.example.org>")
            body = []
            size = int(rng.lognormvariate(8.2, 0.8))
            got = 0
            while got < size:
                line = rng.choice(paragraphs)
                if rng.random() < 0.01:
                    line = b">From the minutes of the last meeting"
                body.append(line)
                got += len(line) + 1
            data = b"\n".join(header) + b"\n\n" + b"\n".join(body) + b"\n\n"
            fh.write(data)
            written += len(data)
    return count


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_read(path: str) -> None:
    """Run in a child process: the source alone, every record consumed."""
    from netnp.sources import SourceOptions
    from netnp.sources.mbox import read

    options = SourceOptions()
    began = time.perf_counter()
    records = sum(1 for _ in read(Path(path), options))
    seconds = time.perf_counter() - began
    print(json.dumps({"seconds": seconds, "records": records, "notes": {k: v for k, v in options.notes.items()
                                                                        if k != "flagged"},
                      "peak_rss_mb": _peak_rss_mb()}))


def child_import(settings: dict, path: str) -> None:
    """Run in a child process: one import, timed by phase."""
    from netnp.config import ConnectionSettings
    from netnp.importing.importer import Progress, import_files
    from netnp.runner import Runner
    from netnp.sources import SourceOptions

    marks: dict[str, float] = {}

    class Phases(Progress):
        def phase(self, description: str, total: int | None = None) -> None:
            marks[description] = time.perf_counter()

    with Runner(ConnectionSettings(**settings)) as runner:
        began = time.perf_counter()
        report = import_files(runner, graphs=[path], source="mbox", source_options=SourceOptions(),
                              progress=Phases())
        ended = time.perf_counter()
    print(json.dumps({"seconds": ended - began, "check_seconds": marks["Writing"] - marks["Checking the files"],
                      "write_seconds": ended - marks["Writing"], "nodes": report.nodes_written,
                      "ties": report.ties_written, "ties_read": report.ties_read,
                      "messages": report.notes[Path(path).name]["messages"], "peak_rss_mb": _peak_rss_mb()}))


def baseline(path: Path, messages: int) -> dict:
    """Python's documented way: ``mailbox.mbox`` (which first builds a table of contents of the whole
    file), each of the first ``messages`` messages' headers parsed with ``policy.default``."""
    import email.parser
    import mailbox
    from email import policy

    began = time.perf_counter()
    box = mailbox.mbox(path, factory=None, create=False)
    keys = box.keys()
    toc = time.perf_counter() - began
    began = time.perf_counter()
    parser = email.parser.BytesHeaderParser(policy=policy.default)
    for key in keys[:messages]:
        message = parser.parsebytes(box.get_bytes(key))
        for name in ("From", "To", "Cc"):
            header = message[name]
            if header is not None:
                _ = [(a.display_name, a.addr_spec.lower()) for a in header.addresses]
        _ = message["Date"] and message["Date"].datetime
    parse = time.perf_counter() - began
    return {"messages": min(messages, len(keys)), "toc_seconds": toc, "parse_seconds": parse,
            "messages_per_second": min(messages, len(keys)) / parse}


def _run_child(args: list[str]) -> dict:
    done = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(done.stderr)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000], help="mbox sizes in MB")
    parser.add_argument("--baseline-messages", type=int, default=5000)
    parser.add_argument("--no-import", action="store_true", help="measure the reading only (no server)")
    parser.add_argument("--yes", action="store_true", help="with NEO4J_URI: confirm that all data there may be deleted")
    parser.add_argument("--keep", type=Path, help="write the mbox files into this folder and keep them")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="netnp-bench-sources-") as tmp_name:
        tmp = Path(tmp_name)
        folder = args.keep or tmp
        folder.mkdir(parents=True, exist_ok=True)
        settings = server = None
        if not args.no_import:
            settings, server = connection(args, tmp)
        results = []
        try:
            for megabytes in args.sizes:
                path = folder / f"bench-{megabytes}mb.mbox"
                began = time.perf_counter()
                if not path.exists():
                    write_mbox(path, megabytes)
                result = {"mb": round(path.stat().st_size / 1e6), "write_seconds": time.perf_counter() - began}
                read = _run_child(["--child-read", str(path)])
                messages = read["notes"]["messages"]
                result.update(messages=messages, read_seconds=read["seconds"], read_peak_rss_mb=read["peak_rss_mb"],
                              read_messages_per_second=messages / read["seconds"], notes=read["notes"])
                if settings is not None:
                    from netnp import database, schema
                    from netnp.runner import Runner

                    with Runner(settings) as runner:
                        database.reset(runner)
                        schema.apply_schema(runner)
                    done = _run_child(["--child-import", json.dumps(vars(settings)), str(path)])
                    result.update(import_seconds=done["seconds"], check_seconds=done["check_seconds"],
                                  write_seconds_import=done["write_seconds"],
                                  check_messages_per_second=messages / done["check_seconds"],
                                  import_messages_per_second=messages / done["seconds"],
                                  nodes=done["nodes"], ties_read=done["ties_read"], ties=done["ties"],
                                  import_peak_rss_mb=done["peak_rss_mb"])
                base = baseline(path, args.baseline_messages)
                result["baseline"] = base
                result["read_vs_baseline"] = result["read_messages_per_second"] / base["messages_per_second"]
                results.append(result)
                print(json.dumps(result), flush=True)
                if args.keep is None:
                    path.unlink()
        finally:
            if server is not None:
                server.stop()
    print(json.dumps({"python": sys.version.split()[0], "cpus": os.cpu_count(), "results": results}, indent=1))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child-read":
        child_read(sys.argv[2])
    elif len(sys.argv) > 1 and sys.argv[1] == "--child-import":
        child_import(json.loads(sys.argv[2]), sys.argv[3])
    else:
        main()
