"""Import throughput of `netnp import` on CSV, against a row-by-row baseline in the same run.

For each size (ties of the synthetic association, ``netnp sample association``):

0. warm the new server up: import a 20k-tie sample twice, then empty the graph
   (``--warm-up 0`` measures a cold server, whose first queries are planned
   and compiled, and whose JVM has not compiled its hot paths yet);
1. write nodes.csv and edges.csv (in a child process);
2. import them into an empty graph, in a child process whose peak memory (RSS)
   is measured: relationships/s for the whole import (check + write) and for
   the write phase alone; and, apart, the peak memory of a process checking
   one part of the file of ties, as the importer's part processes do;
3. import them again (nothing changes: the idempotent update path);
   with ``--one-writer``, also import them into an empty graph with
   ``NETNP_IMPORT_WORKERS=1`` (every tie merged, one transaction at a time);
4. the baseline: the same ties merged row by row, one transaction per tie (the
   naive way), on the first ``--baseline-rows`` ties, in a graph holding the nodes;
5. with ``--dated``, the same ties as dated observations (docs/model.md, "Dated
   observations"): every row gets a ``date``, and one tie in three a second row
   with another date (and one in six of those an ``observation`` key), imported
   into an empty graph, then again (nothing new): rows/s and peak memory, to
   compare with the undated import of step 2;
6. with ``--compare-with FOLDER`` (a checkout of another branch, say main), the
   import of step 2 run with that checkout's netnp (``PYTHONPATH``), on the same
   server, so that ratios compare code and not machines.

Memory is flat when the peak RSS barely grows with the rows. The importer
keeps the ids of the nodes (to check the ties' endpoints, and their element
ids to write the ties), not the rows: so with several sizes, the largest file
of ties is also imported with its endpoints folded onto the nodes of the
smallest size (``same_nodes`` in the results: as many rows, the small
size's nodes), whose peak RSS should be the small size's.

Not a test: run it by hand. It needs a Neo4j it may empty: with no NEO4J_URI it
starts netnp's local server in a temporary folder (heap 3g, page cache 1g: the
machine is shared), else it uses NEO4J_URI and DELETES ALL DATA there (--yes required).

    python bench/bench_import.py --sizes 100000 1000000 --repeat 3
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

from servers import connection

from netnp import database, schema
from netnp.config import ConnectionSettings
from netnp.graphwrite import Provenance, tie_row
from netnp.modules import library
from netnp.runner import Runner

#: The bench's own Cypher modules (``bench/...``), loaded beside netnp's.
BENCH_MODULES = Path(__file__).resolve().parent / "cypher"


def _child_import(settings: dict, folder: str, batch_size: int) -> None:
    """Run in a child process: one import, timed by phase; prints JSON."""
    import logging

    from netnp.graphwrite import WRITERS
    from netnp.importing.importer import Progress, import_files

    marks: dict[str, float] = {}
    retries = [0]

    class CountRetries(logging.Handler):
        """The driver logs each transaction it retries (deadlocks between the writers)."""

        def emit(self, record: logging.LogRecord) -> None:
            if "will be retried" in record.getMessage():
                retries[0] += 1

    logging.getLogger("neo4j").addHandler(CountRetries(logging.WARNING))

    class Marks(Progress):
        def phase(self, description: str, total: int | None = None) -> None:
            marks[description] = time.perf_counter()

    with Runner(ConnectionSettings(**settings)) as runner:
        began = time.perf_counter()
        report = import_files(runner, nodes=Path(folder) / "nodes.csv", edges=Path(folder) / "edges.csv",
                              batch_size=batch_size, progress=Marks())
        ended = time.perf_counter()
    print(json.dumps({
        "nodes": report.nodes_written, "ties": report.ties_written, "seconds": ended - began,
        "check_seconds": marks["Writing"] - began, "write_seconds": ended - marks["Writing"],
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "writers": WRITERS, "retried_transactions": retries[0],
    }))


def _run_child(settings, folder: Path, batch_size: int, writers: int | None = None,
               code: Path | None = None) -> dict:
    """One import in a child process; with ``code``, by the netnp of that checkout."""
    payload = json.dumps({"uri": settings.uri, "user": settings.user, "password": settings.password,
                          "database": settings.database})
    env = dict(os.environ, **({"NETNP_IMPORT_WORKERS": str(writers)} if writers else {}))
    if code is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(code), str(Path(__file__).resolve().parent)])
    out = subprocess.run([sys.executable, __file__, "--child", payload, str(folder), str(batch_size)],
                         check=True, capture_output=True, text=True, env=env)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _reset(runner: Runner, tries: int = 4) -> None:
    """Empty the graph in small batches: deleting a very dense hub (here the
    association, with ~10 % of all ties) with 10,000 nodes per transaction can
    exceed the server's transaction memory pool."""
    for attempt in range(tries):
        try:
            database.reset(runner, batch_size=200)
            return
        except Exception as exc:  # noqa: BLE001 - reported if the last try fails too
            if attempt == tries - 1 or "TransientError" not in str(exc):
                raise
            time.sleep(5)


def _baseline(runner: Runner, folder: Path, rows: int) -> float:
    """Relationships/s merging ties one per transaction (the nodes are in the graph)."""
    provenance = Provenance("edges.csv").as_param()
    with (folder / "edges.csv").open(encoding="utf-8") as fh:
        ties = [tie_row(r["source"], r["target"], r["type"], weight=r["weight"] or 1, channel=r["channel"],
                        since=r["since"] or None, until=r["until"] or None)
                for r in itertools.islice(csv.DictReader(fh), rows)]
    began = time.perf_counter()
    for tie in ties:
        runner.write("bench/merge_tie_row", rows=[tie], provenance=provenance)
    return len(ties) / (time.perf_counter() - began)


def _write_sample(folder: Path, size: int, seed: int) -> Path:
    """nodes.csv and edges.csv of the synthetic association, written in a child process."""
    subprocess.run([sys.executable, "-c",
                    "import sys; from netnp.samples import write_sample_csv; "
                    "write_sample_csv('association', sys.argv[1], size=int(sys.argv[2]), seed=int(sys.argv[3]), history=False)",
                    str(folder), str(size), str(seed)], check=True)
    return folder


_PART_PEAK = """
import json, sys
{import_line}
_main(json.loads(sys.argv[1]))
with open("/proc/self/status") as fh:  # VmHWM: this process's peak since exec (ru_maxrss would include its parent's)
    print(next(int(line.split()[1]) for line in fh if line.startswith("VmHWM:")))
"""


def _part_process_peak(edges: Path, tmp: Path) -> float | None:
    """Peak RSS (MB) of a process checking the last of two parts of ``edges``, as an import's part processes do."""
    from netnp.importing import csvfile, parallel
    from netnp.importing.importer import EDGE_COLUMNS

    cuts = csvfile.split_points(edges, 2)
    if not cuts or not Path("/proc/self/status").exists():
        return None
    layout = csvfile.read_layout(edges, EDGE_COLUMNS, "edges")
    (start, line), = cuts
    task = parallel.part_task(edges, layout, start, None, line, None, str(tmp / "part.spool"), str(tmp / "part.result"))
    out = subprocess.run([sys.executable, "-c", _PART_PEAK.format(import_line=parallel.CHILD_IMPORT),
                          json.dumps(task)], check=True, capture_output=True, text=True)
    for name in ("part.spool", "part.result"):
        (tmp / name).unlink(missing_ok=True)
    return int(out.stdout.split()[-1]) / 1024


def _dated(plain: Path, folder: Path) -> int:
    """``plain``'s nodes, and its ties as dated observations (see step 5); returns the rows of ties."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(plain / "nodes.csv", folder / "nodes.csv")
    rows = 0
    with (plain / "edges.csv").open(encoding="utf-8", newline="") as src, \
            (folder / "edges.csv").open("w", encoding="utf-8", newline="") as dst:
        reader = csv.DictReader(src)
        writer = csv.DictWriter(dst, fieldnames=[*reader.fieldnames, "date", "observation"])
        writer.writeheader()
        for row in reader:
            mark = zlib.crc32(f"{row['source']}|{row['target']}|{row['type']}".encode())
            day = 1 + mark % 1400
            row["date"] = f"{2021 + day // 365}-{1 + day % 365 // 31:02d}-{1 + day % 28:02d}"
            writer.writerow(row)
            rows += 1
            if mark % 3 == 0:
                later = (day + 200) % 1400
                writer.writerow({**row, "date": f"{2021 + later // 365}-{1 + later % 365 // 31:02d}-{1 + later % 28:02d}",
                                 "observation": f"<{mark}@bench>" if mark % 6 == 0 else ""})
                rows += 1
    return rows


def _fold_onto_nodes(small: Path, large: Path, folder: Path) -> Path:
    """``small``'s nodes, and ``large``'s ties with each endpoint replaced by one
    of those nodes (the same for every occurrence of an id; never a loop)."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(small / "nodes.csv", folder / "nodes.csv")
    with (small / "nodes.csv").open(encoding="utf-8", newline="") as fh:
        ids = [row["id"] for row in csv.DictReader(fh)]
    with (large / "edges.csv").open(encoding="utf-8", newline="") as src, \
            (folder / "edges.csv").open("w", encoding="utf-8", newline="") as dst:
        reader = csv.DictReader(src)
        writer = csv.DictWriter(dst, fieldnames=reader.fieldnames)
        writer.writeheader()
        for row in reader:
            source = zlib.crc32(row["source"].encode()) % len(ids)
            target = zlib.crc32(row["target"].encode()) % len(ids)
            row["source"], row["target"] = ids[source], ids[target if target != source else (target + 1) % len(ids)]
            writer.writerow(row)
    return folder


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        _child_import(json.loads(sys.argv[2]), sys.argv[3], int(sys.argv[4]))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--baseline-rows", type=int, default=3000)
    parser.add_argument("--batch-size", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results" / "import.json")
    parser.add_argument("--warm-up", type=int, default=20_000, metavar="TIES",
                        help="first import (twice) a sample of this many ties into the new server, "
                             "then empty it; 0 to measure a cold server")
    parser.add_argument("--repeat", type=int, default=1, metavar="N",
                        help="import each size N times into the same server (emptied in between): the first "
                             "run after the server starts is its slowest, the server compiling its hot paths")
    parser.add_argument("--one-writer", action="store_true",
                        help="also import with NETNP_IMPORT_WORKERS=1 (every tie merged, one transaction at a time)")
    parser.add_argument("--dated", action="store_true",
                        help="also import the ties as dated observations (a date on every row, a second row "
                             "for one tie in three)")
    parser.add_argument("--compare-with", type=Path, metavar="FOLDER",
                        help="also import with the netnp of this checkout (e.g. /work/main), same server")
    parser.add_argument("--yes", action="store_true", help="allow deleting all data at NEO4J_URI")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="netnp-bench-") as tmp_name:
        tmp = Path(tmp_name)
        settings, server = connection(args, tmp)
        results = {"machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                               "load_average_at_start": os.getloadavg()}, "sizes": []}
        try:
            with Runner(settings, library(BENCH_MODULES)) as runner:
                if args.warm_up:
                    # a new server plans and compiles every query, and the JVM has not
                    # compiled its hot paths yet: warm it up as any long-running server is
                    began = time.perf_counter()
                    warm = _write_sample(tmp / "warm-up", args.warm_up, args.seed + 1)
                    _reset(runner)
                    schema.apply_schema(runner)
                    for _ in range(2):  # creating, then updating
                        _run_child(settings, warm, args.batch_size)
                    results["warm_up"] = {"ties": args.warm_up, "seconds": round(time.perf_counter() - began, 1)}
                for size, run in ((size, run) for size in args.sizes for run in range(1, args.repeat + 1)):
                    began = time.perf_counter()
                    folder = tmp / f"ties-{size}"
                    if run == 1:
                        _write_sample(folder, size, args.seed)
                    generated = time.perf_counter() - began
                    _reset(runner)
                    schema.apply_schema(runner)
                    first = _run_child(settings, folder, args.batch_size)
                    counts = database.stats(runner)
                    again = _run_child(settings, folder, args.batch_size)
                    assert database.stats(runner) == counts, "a second import changed the counts"
                    one_writer = None
                    if args.one_writer:
                        _reset(runner)
                        one_writer = _run_child(settings, folder, args.batch_size, writers=1)
                    other = None
                    if args.compare_with:
                        _reset(runner)
                        other = _run_child(settings, folder, args.batch_size, code=args.compare_with)
                    dated = dated_again = None
                    if args.dated:
                        dated_rows = _dated(folder, tmp / f"dated-{size}")
                        _reset(runner)
                        dated = _run_child(settings, tmp / f"dated-{size}", args.batch_size)
                        dated_counts = database.stats(runner)
                        dated_again = _run_child(settings, tmp / f"dated-{size}", args.batch_size)
                        assert database.stats(runner) == dated_counts, "a second dated import changed the counts"
                    baseline = None
                    if run == 1:  # the same server, the same rows: once is enough
                        _reset(runner)
                        from netnp.importing.importer import import_files

                        import_files(runner, nodes=folder / "nodes.csv")
                        baseline = _baseline(runner, folder, args.baseline_rows)
                    part_peak = _part_process_peak(folder / "edges.csv", tmp) if run == 1 else None
                    row = {
                        "ties": size, "run": run, "nodes": first["nodes"], "csv_seconds": round(generated, 1),
                        "import_seconds": round(first["seconds"], 1),
                        "import_rel_per_s": round(first["ties"] / first["seconds"]),
                        "write_phase_rel_per_s": round(first["ties"] / first["write_seconds"]),
                        "check_seconds": round(first["check_seconds"], 1),
                        "reimport_rel_per_s": round(again["ties"] / again["seconds"]),
                        **({"baseline_row_by_row_rel_per_s": round(baseline),
                            "speedup_vs_row_by_row": round(first["ties"] / first["seconds"] / baseline, 1)}
                           if baseline else {}),
                        "peak_rss_mb": round(first["peak_rss_mb"]), "reimport_peak_rss_mb": round(again["peak_rss_mb"]),
                        **({"part_process_peak_rss_mb": round(part_peak, 1)} if part_peak is not None else {}),
                        "writers": first["writers"],
                        "retried_transactions": first["retried_transactions"] + again["retried_transactions"],
                        "load_average": os.getloadavg()[0],
                        **({"one_writer_rel_per_s": round(one_writer["ties"] / one_writer["seconds"]),
                            "speedup_vs_one_writer": round(one_writer["seconds"] / first["seconds"], 2)}
                           if one_writer else {}),
                        **({"compared_rel_per_s": round(other["ties"] / other["seconds"]),
                            "speed_ratio_vs_compared": round(other["seconds"] / first["seconds"], 3),
                            "compared_peak_rss_mb": round(other["peak_rss_mb"])} if other else {}),
                        **({"dated_rows": dated_rows, "dated_ties": dated["ties"],
                            "dated_rows_per_s": round(dated_rows / dated["seconds"]),
                            "dated_reimport_rows_per_s": round(dated_rows / dated_again["seconds"]),
                            "dated_ratio_to_undated": round(dated_rows / dated["seconds"]
                                                            / (first["ties"] / first["seconds"]), 3),
                            "dated_peak_rss_mb": round(dated["peak_rss_mb"]),
                            "dated_reimport_peak_rss_mb": round(dated_again["peak_rss_mb"])} if dated else {}),
                    }
                    results["sizes"].append(row)
                    print(json.dumps(row), flush=True)
                if len(args.sizes) > 1:
                    small, large = min(args.sizes), max(args.sizes)
                    folded = _fold_onto_nodes(tmp / f"ties-{small}", tmp / f"ties-{large}", tmp / "same-nodes")
                    _reset(runner)
                    schema.apply_schema(runner)
                    same = _run_child(settings, folded, args.batch_size)
                    results["same_nodes"] = {
                        "rows": large, "nodes": same["nodes"], "ties": same["ties"],
                        "rows_per_s": round(same["ties"] / same["seconds"]),
                        "peak_rss_mb": round(same["peak_rss_mb"]),
                        "rss_ratio_to_smallest": round(same["peak_rss_mb"] / next(
                            row["peak_rss_mb"] for row in results["sizes"] if row["ties"] == small), 2)}
                    print(json.dumps({"same_nodes": results["same_nodes"]}), flush=True)
                _reset(runner)
        finally:
            if server is not None:
                server.stop()
    sizes = [row for row in results["sizes"] if row["run"] == 1]
    if len(sizes) > 1:
        results["rss_growth_ratio"] = round(sizes[-1]["peak_rss_mb"] / sizes[0]["peak_rss_mb"], 2)
        results["ties_ratio"] = sizes[-1]["ties"] / sizes[0]["ties"]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"results in {args.out}")


if __name__ == "__main__":
    main()
