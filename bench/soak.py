"""Soak test: mixed concurrent imports, analyses, reports and crawls against one server, then the same work serially.

For ``--minutes`` (30 by default), ``--workers`` users run netnp commands as a
user does (``python -m netnp …`` subprocesses), each picking its next command
from the same mix: overlapping imports of the synthetic association, the
karate sample, a crawl of a local web site, ``analyze all`` and ``report``.
Meanwhile the server's resident memory is sampled every ``--sample`` seconds.

Then the graph's user data (nodes, ties, their properties, without netnp's
provenance and results) is summed up in a checksum, the database emptied, and
each writing command run once, one after the other. Imports are idempotent,
so the two checksums must be equal.

What it reports: commands run per kind, errors seen by the user (a non-zero
exit, a traceback, or any stderr line other than the ones that say a command
waits for another; 0 expected), seconds per kind, the server's memory over
time, the clients' peak memory, and whether the checksums agree.

    python bench/soak.py --minutes 30 --workers 4 --json soak.json
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from import_helpers import overlapping_files, plain  # noqa: E402
from servers import connection  # noqa: E402
from testsite import SiteServer, random_site  # noqa: E402

from netnp import database  # noqa: E402
from netnp.config import ConnectionSettings  # noqa: E402
from netnp.output import print_json  # noqa: E402
from netnp.runner import Runner  # noqa: E402

#: Lines a command may print on stderr when it waits for another: not errors.
WAITING = ("Waiting for ", "The import lock of ")


def _env(settings: ConnectionSettings) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env.update({"NEO4J_URI": settings.uri, "NEO4J_USERNAME": settings.user, "NEO4J_PASSWORD": settings.password})
    if settings.database:
        env["NEO4J_DATABASE"] = settings.database
    return env


def _run(args: list[str], env: dict[str, str], cwd: Path) -> dict[str, Any]:
    """Run one netnp command; its exit, stderr, seconds and peak memory (from wait4)."""
    began = time.monotonic()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen([sys.executable, "-m", "netnp", *args], env=env, cwd=cwd, stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    problems = [line for line in stderr.splitlines() if line.strip() and not line.startswith(WAITING)]
    return {"args": args, "exit": process.returncode, "seconds": time.monotonic() - began,
            "peak_mb": usage.ru_maxrss / 1024, "problems": problems}


def _server_rss_mb(pid: int | None) -> float | None:
    if pid is None:
        return None
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def checksum(runner: Runner) -> tuple[str, int, int]:
    """A digest of the graph's user data, with its node and tie counts.

    netnp's own properties (``netnp_*``: provenance and analysis results) and
    role labels are left out: they record when and by which run, not what.
    """
    digest = hashlib.sha256()
    node_rows = sorted(
        json.dumps([row["id"], row.get("kind"), {k: plain(v) for k, v in sorted(row["properties"].items())
                                                 if not k.startswith("netnp_")}], default=str)
        for row in runner.read("export/nodes"))
    tie_rows = sorted(
        json.dumps([row["source"], row["type"], row["target"],
                    {k: plain(v) for k, v in sorted(row["properties"].items()) if not k.startswith("netnp_")}],
                   default=str)
        for row in runner.read("export/ties"))
    for line in node_rows + tie_rows:
        digest.update(line.encode("utf-8"))
        digest.update(b"\n")
    return digest.hexdigest(), len(node_rows), len(tie_rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=30.0)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--size", type=int, default=20_000, help="ties of the synthetic association the imports split")
    parser.add_argument("--sample", type=float, default=10.0, help="seconds between samples of the server's memory")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--json", type=Path, help="write the figures there too")
    parser.add_argument("--yes", action="store_true", help="with NEO4J_URI: confirm that its data may be deleted")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="netnp-soak-") as tmp_name, SiteServer() as site:
        tmp = Path(tmp_name)
        settings, server = connection(args, tmp)
        try:
            random_site(site, pages=60, links_per_page=4, seed=args.seed)
            files = overlapping_files(tmp, parts=4, size=args.size)
            writers = [["import", "--nodes", str(n), "--edges", str(e)] for n, e in files]
            writers += [["sample", "karate"], ["crawl", site.url("/"), "--depth", "3", "--delay", "0"]]
            readers = [["analyze", "all", "--json"], ["report", "-o", str(tmp / "report.html")]]
            mix = writers + readers * 2  # analyses and reports as often as all writes together
            env = _env(settings)
            runner = Runner(settings)
            database.reset(runner)
            # A report needs a run to show: one before the users start, as a user would have.
            primed = [_run(command, env, tmp) for command in (writers[0], readers[0])]
            if any(d["exit"] != 0 for d in primed):
                sys.exit(f"the first import and analysis failed: {primed}")

            results: list[dict[str, Any]] = []
            memory: list[tuple[float, float | None]] = []
            lock = threading.Lock()
            began = time.monotonic()
            deadline = began + args.minutes * 60
            stop = threading.Event()

            def user(number: int) -> None:
                rng = random.Random(args.seed * 100 + number)
                while time.monotonic() < deadline:
                    done = _run(rng.choice(mix), env, tmp)
                    done["at"] = time.monotonic() - began
                    with lock:
                        results.append(done)
                        count = len(results)
                    if done["exit"] != 0 or done["problems"]:
                        print(f"[{done['at']:7.0f} s] error in {' '.join(done['args'][:2])}: exit {done['exit']}: "
                              f"{(done['problems'] or [''])[-1]}", file=sys.stderr, flush=True)
                    elif count % 25 == 0:
                        print(f"[{done['at']:7.0f} s] {count} commands", file=sys.stderr, flush=True)

            def sampler() -> None:
                pid = server.pid() if server else None
                while not stop.is_set():
                    memory.append((time.monotonic() - began, _server_rss_mb(pid)))
                    stop.wait(args.sample)

            watcher = threading.Thread(target=sampler, daemon=True)
            watcher.start()
            threads = [threading.Thread(target=user, args=(k,)) for k in range(args.workers)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            stop.set()
            watcher.join()
            soak_seconds = time.monotonic() - began
            together = checksum(runner)

            # Every write once, one after the other, into an empty database.
            database.reset(runner)
            serial = [_run(command, env, tmp) for command in writers]
            alone = checksum(runner)
            runner.close()
        finally:
            if server is not None:
                server.stop()

    by_kind: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for done in results:
        by_kind[done["args"][0]].append(done)
    errors = [d for d in results if d["exit"] != 0 or d["problems"]]
    serial_errors = [d for d in serial if d["exit"] != 0 or d["problems"]]
    rss = [m for _, m in memory if m is not None]
    figures = {
        "minutes": round(soak_seconds / 60, 1), "workers": args.workers, "size": args.size,
        "commands": len(results), "by_kind": dict(Counter(d["args"][0] for d in results)),
        "seconds": {kind: {"median": round(statistics.median(d["seconds"] for d in runs), 2),
                           "max": round(max(d["seconds"] for d in runs), 2)} for kind, runs in by_kind.items()},
        "client_peak_mb": {kind: round(max(d["peak_mb"] for d in runs)) for kind, runs in by_kind.items()},
        "errors": len(errors), "error_lines": [f"{' '.join(d['args'][:2])}: exit {d['exit']}: {d['problems'][-1:]}"
                                               for d in errors[:20]],
        "serial_errors": len(serial_errors),
        "server_rss_mb": {"first": round(rss[0]) if rss else None, "max": round(max(rss)) if rss else None,
                          "last": round(rss[-1]) if rss else None,
                          "every_5_min": [round(m) for t, m in memory if m is not None and int(t) % 300 < args.sample]},
        "checksum_together": together, "checksum_serial": alone, "same_graph": together == alone,
    }
    print_json(figures)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    if errors or serial_errors or together != alone:
        sys.exit(1)


if __name__ == "__main__":
    main()
