"""The first `analyze all` after the local server starts, with each way of warming it up.

For each variant, on a new server home: start the server without its own
warm-up, load the 2 000-tie bench graph (bench_analysis's clusters) while the
variant's warm-up runs in a thread beside it, as ``netnp server start``'s
detached process would, wait ``--settle`` seconds from the start (or until the
warm-up ends, if later with ``--wait``), then time the first run with
``--engine auto`` and the one after with ``--engine gds``.

Variants: ``none`` (no warm-up), ``explain`` (every module planned with
EXPLAIN, GDS run on a ring), ``rehearse`` (as netnp does: the result-writing
modules run in rolled-back transactions, the others planned, GDS last).

    .venv/bin/python bench/bench_first_analysis.py --variants none explain rehearse --settle 20
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_engine_steps import CallTimer, load, one_run  # noqa: E402


def one(variant: str, settle: float, wait: bool) -> dict:
    from bench_analysis import BENCH_MODULES

    from netnp.localserver import warmup
    from netnp.localserver.server import LocalServer, free_port
    from netnp.modules import library
    from netnp.runner import Runner

    with tempfile.TemporaryDirectory(prefix="netnp-first-") as home:
        server = LocalServer(Path(home))
        server.configure(bolt_port=free_port(), http_port=free_port(), heap="2g", pagecache="1g")
        server.start(warm_up=False)
        began = time.perf_counter()
        try:
            thread = None
            rehearsed = warmup.REHEARSED
            if variant != "none":
                if variant == "explain":
                    warmup.REHEARSED = ()
                thread = threading.Thread(target=warmup.warm_up, args=(server.connection(),))
                thread.start()
            with Runner(server.connection(), library(BENCH_MODULES)) as runner:
                load(runner, 2000, hub=False)
                loaded = time.perf_counter() - began
                time.sleep(max(0.0, settle - (time.perf_counter() - began)))
                if thread is not None and wait:
                    thread.join()
                warm_up_done = thread is None or not thread.is_alive()
                warmup.REHEARSED = rehearsed
                timer = CallTimer(runner)
                result = {"variant": variant, "load_seconds": loaded, "warm_up_done": warm_up_done,
                          "after_start": time.perf_counter() - began, "loadavg": os.getloadavg()[0]}
                for engine in ("auto", "gds", "auto"):
                    result.setdefault(engine, []).append(one_run(runner, timer, engine))
            if thread is not None:
                thread.join()
        finally:
            server.stop()
    return result


def main() -> None:
    import igraph  # noqa: F401  (imported before the first variant, so that none pays for it)

    import netnp.analysis  # noqa: F401

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variants", nargs="+", default=["none", "explain", "rehearse"])
    parser.add_argument("--settle", type=float, default=20.0)
    parser.add_argument("--wait", action="store_true", help="wait for the warm-up to end before the first run")
    args = parser.parse_args()
    for variant in args.variants:
        print(json.dumps(one(variant, args.settle, args.wait)), flush=True)


if __name__ == "__main__":
    main()
