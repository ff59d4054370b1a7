"""Cold and warm start of netnp's local Neo4j server.

cold: empty Maven repository and empty netnp cache, so every jar is fetched
      from Maven Central (network-bound);
warm: everything cached, so nothing is downloaded and Maven is not even run;
      this is every start after the first.

    python bench/bench_server_start.py [--runs 3]

Prints one JSON document; the warm/cold ratio is the figure to quote.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

from netnp.localserver.server import LocalServer, free_port


def timed_start(home: Path) -> tuple[float, bool]:
    server = LocalServer(home)
    began = time.monotonic()
    report = server.start()
    elapsed = time.monotonic() - began
    server.stop()
    return elapsed, report.provisioned


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="warm starts to time")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        os.environ["NETNP_CACHE_DIR"] = str(tmp / "cache")
        os.environ["MAVEN_OPTS"] = f"-Dmaven.repo.local={tmp / 'm2'}"
        home = tmp / "home"
        LocalServer(home).configure(bolt_port=free_port(), http_port=free_port(), heap="1g", pagecache="256m")
        cold, downloaded = timed_start(home)
        warm = [timed_start(home)[0] for _ in range(args.runs)]
        m2_size = sum(f.stat().st_size for f in (tmp / "m2").rglob("*") if f.is_file())
    result = {
        "cold_start_s": round(cold, 1),
        "cold_downloaded": downloaded,
        "downloaded_mb": round(m2_size / 2**20),
        "warm_start_s": [round(w, 1) for w in warm],
        "warm_start_median_s": round(statistics.median(warm), 1),
        "warm_over_cold": round(statistics.median(warm) / cold, 2),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
