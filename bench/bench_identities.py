"""Benchmark: `netnp identities suggest` on a multi-source population of 100,000 people with known truth.

Target: 100,000 people (about 230,000 person nodes: CRM rows, e-mail
senders, social accounts, LinkedIn profiles, survey answers) in under 60 s,
reading included. The population is tests/identity_population.py's, the one
the tests measure; it is imported with `netnp import` beforehand (its time is
reported apart).

Reported:

* the time of ``suggest`` at the default threshold, by phase (reading the
  records from Neo4j, blocking, comparing, grouping), and the pairs compared;
* precision and recall (pairs of nodes joined, against the truth) at the
  default threshold, and the curve over thresholds, from the same run's
  scored pairs grouped again at each threshold;
* the baseline, in the same run: the records of ``--baseline-people`` people
  drawn at random, compared all with all (no blocking), against the blocked
  comparison of the same records: how many pairs each compares, the share of
  true pairs blocking proposes (pairs completeness), and the time per pair,
  from which the all-pairs time at full size is extrapolated.

The population replaces the content of the database: by default the bench
starts its own temporary local server on free ports.

Usage::

    .venv/bin/python bench/bench_identities.py [--people 100000] [--seed 1] [--out bench/results/identities.json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

from servers import connection

from netnp import database, schema
from netnp.identities import DEFAULT_MIN_SCORE, suggest
from netnp.identities.matching import Scorer, candidate_pairs, group
from netnp.identities.suggest import Progress, read_records, score_pairs
from netnp.importing.importer import import_files
from netnp.runner import Runner

# the population generator lives with the tests, which measure the same population
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from identity_population import evaluate, generate  # noqa: E402

TARGET_SECONDS = 60.0
THRESHOLDS = (0.1, 0.3, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99)


def cpu_seconds() -> tuple[float, float]:
    """CPU seconds of this process, and of its ended child processes (the comparing workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def curve(report, truth: dict[str, str]) -> list[dict[str, float]]:
    """Precision and recall at each threshold, from the pairs the run scored."""
    points = []
    for threshold in THRESHOLDS:
        links = []
        for scorer, kept in report.scored.values():
            identities = group([pair for pair in kept if pair.score >= threshold], scorer)
            links += [(record.id, parent.id) for identity in identities for record, parent, _ in identity.links]
        quality = evaluate(links, truth)
        points.append({"threshold": threshold, "precision": round(quality.precision, 4),
                       "recall": round(quality.recall, 4), "found_pairs": quality.found_pairs,
                       "true_pairs": quality.true_pairs})
    return points


def baseline(runner: Runner, report, truth: dict[str, str], people: int, seed: int) -> dict[str, float]:
    """All pairs against blocked pairs, on the person records of ``people`` people drawn at random."""
    scorer, _ = report.scored["Person"]
    records = read_records(runner, Progress())["Person"]
    entities = sorted({truth[record.id] for record in records if record.id in truth})
    chosen = set(random.Random(seed).sample(entities, min(people, len(entities))))
    sample = sorted((r for r in records if truth.get(r.id) in chosen), key=lambda r: r.id)
    for index, record in enumerate(sample):
        record.index = index
    sub = Scorer(sample)
    sub.freq, sub.prior, sub.identifier_bits = scorer.freq, scorer.prior, scorer.identifier_bits  # full-size weights
    began = time.perf_counter()
    blocked = candidate_pairs(sample, scorer.freq)
    blocked_seconds = time.perf_counter() - began
    every = [(i, j) for i in range(len(sample)) for j in range(i + 1, len(sample))]
    began = time.perf_counter()
    score_pairs(sample, sub, every)
    all_seconds = time.perf_counter() - began
    true_pairs = {(i, j) for i, j in every if truth[sample[i].id] == truth[sample[j].id]}
    per_pair = all_seconds / len(every)
    full = sum(report.records.values())
    return {"people": len(chosen), "records": len(sample), "all_pairs": len(every), "blocked_pairs": len(blocked),
            "reduction_ratio": round(1 - len(blocked) / len(every), 5),
            "pairs_completeness": round(len(true_pairs & blocked) / len(true_pairs), 4) if true_pairs else 1.0,
            "all_pairs_seconds": round(all_seconds, 2), "blocking_seconds": round(blocked_seconds, 3),
            "seconds_per_pair": per_pair,
            "all_pairs_seconds_at_full_size": round(per_pair * full * (full - 1) / 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--baseline-people", type=int, default=800)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results" / "identities.json")
    parser.add_argument("--yes", action="store_true", help="allow deleting all data at NEO4J_URI")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="netnp-bench-") as tmp_name:
        tmp = Path(tmp_name)
        settings, server = connection(args, tmp)
        results: dict = {"machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                                     "load_average_at_start": os.getloadavg()}, "people": args.people}
        try:
            with Runner(settings) as runner:
                database.reset(runner)
                schema.apply_schema(runner)
                began = time.perf_counter()
                population = generate(args.people, seed=args.seed)
                nodes, edges = population.write_csv(tmp / "population")
                results["generate_seconds"] = round(time.perf_counter() - began, 1)
                began = time.perf_counter()
                imported = import_files(runner, nodes=nodes, edges=edges)
                results["import"] = {"nodes": imported.nodes_written, "ties": imported.ties_written,
                                     "seconds": round(time.perf_counter() - began, 1)}
                print(f"population: {imported.nodes_written} nodes, {imported.ties_written} ties, imported in "
                      f"{results['import']['seconds']} s", flush=True)

                cpu_before = cpu_seconds()
                load_before = os.getloadavg()[0]
                report = suggest(runner, min_score=DEFAULT_MIN_SCORE, output=tmp / "candidates.csv")
                cpu_after = cpu_seconds()
                results["suggest"] = {
                    "seconds": round(report.seconds, 1), "target_seconds": TARGET_SECONDS,
                    "python_cpu_seconds": round(cpu_after[0] - cpu_before[0], 1),
                    "workers_cpu_seconds": round(cpu_after[1] - cpu_before[1], 1),
                    "load_average": [load_before, os.getloadavg()[0]],
                    "within_target": report.seconds < TARGET_SECONDS, "records": report.records,
                    "compared_pairs": report.compared, "suggestions": len(report.suggestions),
                    "phases": {k: round(v, 1) for k, v in report.phases.items()},
                    "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
                }
                quality = evaluate(((s.alias.id, s.id.id) for s in report.suggestions), population.truth)
                results["default_threshold"] = {"threshold": DEFAULT_MIN_SCORE,
                                                "precision": round(quality.precision, 4),
                                                "recall": round(quality.recall, 4)}
                print(f"suggest: {report.seconds:.1f} s (target {TARGET_SECONDS:.0f} s; Python CPU "
                      f"{results['suggest']['python_cpu_seconds']} s and {results['suggest']['workers_cpu_seconds']} s "
                      f"in the comparing workers, load average {load_before:.1f} before), phases "
                      f"{results['suggest']['phases']}, {report.compared} pairs compared; at {DEFAULT_MIN_SCORE}: "
                      f"precision {quality.precision:.4f}, recall {quality.recall:.4f}", flush=True)
                results["curve"] = curve(report, population.truth)
                print("threshold  precision  recall")
                for point in results["curve"]:
                    print(f"  {point['threshold']:<8} {point['precision']:<10} {point['recall']}")
                results["baseline"] = baseline(runner, report, population.truth, args.baseline_people, args.seed)
                b = results["baseline"]
                print(f"baseline on {b['records']} records of {b['people']} people: all pairs {b['all_pairs']} in "
                      f"{b['all_pairs_seconds']} s, blocking keeps {b['blocked_pairs']} (reduction ratio "
                      f"{b['reduction_ratio']}, pairs completeness {b['pairs_completeness']}); all pairs at full "
                      f"size would take about {b['all_pairs_seconds_at_full_size']} s, "
                      f"{b['all_pairs_seconds_at_full_size'] / report.seconds:.0f} times as long", flush=True)
                database.reset(runner)
        finally:
            if server is not None:
                server.stop()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"results written to {args.out}")


if __name__ == "__main__":
    main()
