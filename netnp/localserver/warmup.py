"""Warming a newly started local server up, in the background, so that the first analysis does not pay for it.

A new Neo4j plans every query the first time it sees it, and GDS loads and
compiles its algorithms on their first call: together, seconds that the first
``netnp analyze`` after ``netnp server start`` would wait for. :func:`warm_up`
runs the modules that write a run's results in transactions that are rolled
back (:data:`REHEARSED`: ``EXPLAIN`` alone leaves their first real run slow),
plans the other analysis modules (``EXPLAIN``: nothing runs, nothing is read), runs
the scope's reading module with no kind (it reads nothing), and runs the GDS
module of the analysis on a small ring of numbers (``analysis/gds/compute``
projects integers, not nodes: it reads and writes nothing of the database),
so that those queries' plans are cached and GDS's algorithms loaded. :meth:`LocalServer.start <netnp.localserver.server.LocalServer.start>` runs this module in a detached process, so that it
never delays ``start``; a command run meanwhile only shares the processors
with it, and any error of the warm-up is ignored (it changes nothing).
"""

from __future__ import annotations

import sys
import uuid
from pathlib import Path

from netnp.config import ConnectionSettings
from netnp.localserver.server import LocalServer
from netnp.runner import Runner

#: The modules planned at warm-up: those a run and the results document use.
WARM_PREFIXES = ("analysis/", "gds/", "health/")
#: The write modules run at warm-up in a transaction that is rolled back, with their header's examples:
#: those a run calls with its results. The others either touch every analysed node (clearing stale
#: results, keeping the roles), commit their own transactions, or change GDS's catalog, which no
#: rollback undoes; they are only planned.
REHEARSED = ("analysis/run/write_nodes", "analysis/run/write_pairs", "analysis/run/store_chunks",
             "analysis/common/record_run")


def warm_up(settings: ConnectionSettings) -> None:
    """Plan the analysis modules and warm GDS up, on the server of ``settings``."""
    with Runner(settings) as runner:
        has_gds = "gds.version" in {row["name"] for row in runner.read("health/plugin_functions")}
        try:
            runner.read("analysis/scope/pairs", kinds=[], types=None, weight="weight", since=None, until=None,
                        tie_results=True)
        except Exception:
            pass  # warming up is an optimisation: a failure leaves the server as it was
        for name in runner.modules.names():
            if not name.startswith(WARM_PREFIXES) or (name.startswith("gds/") and not has_gds):
                continue
            module = runner.modules.get(name)
            try:
                if name in REHEARSED:
                    runner.rehearse(module, **module.examples)
                else:
                    runner.explain(module, **module.examples)
            except Exception:
                pass
        # Last: `--engine auto` computes graphs of up to CLIENT_MAX_PAIRS pairs in the client, so the
        # modules every run uses come first, and GDS only then.
        if has_gds:
            try:
                _warm_up_gds(runner)
            except Exception:
                pass


def _warm_up_gds(runner: Runner) -> None:
    """Run the analysis's GDS query (which reads its results back and drops its projection) on a ring of
    64 numbers with chords (every step on), with the parameter types of a real run."""
    import netnp.analysis.steps as steps

    n = 64
    source = list(range(n)) + list(range(n))
    target = [(i + 1) % n for i in range(n)] + [(i + 7) % n for i in range(n)]
    graph = f"netnp-warm-up-{uuid.uuid4().hex[:6]}"
    try:
        runner.write("analysis/gds/compute", graph=graph, nodes=n, source=source, target=target,
                     weight=[1.0] * len(source), arc_source=[], arc_target=[], arc_weight=[], directed=False,
                     steps=dict.fromkeys(steps.GDS_STEPS, True), damping=steps.PAGERANK_DAMPING,
                     max_iterations=steps.PAGERANK_MAX_ITERATIONS, tolerance=steps.PAGERANK_TOLERANCE,
                     seed=steps.COMMUNITY_SEED, concurrency=steps.gds_concurrency(runner),
                     properties=steps.gds_properties(dict.fromkeys(steps.GDS_STEPS, True)))
    except BaseException:
        runner.write("gds/drop_graph", name=graph)
        raise


if __name__ == "__main__":  # started by LocalServer.start, detached, with the server's home
    warm_up(LocalServer(Path(sys.argv[1])).connection())
