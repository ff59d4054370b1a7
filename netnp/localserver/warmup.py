"""Warming a newly started local server up, in the background, so that the first analysis does not pay for it.

A new Neo4j plans every query the first time it sees it, and GDS loads and
compiles its algorithms on their first call: together, seconds that the first
``netnp analyze`` after ``netnp server start`` would wait for. :func:`warm_up`
plans the analysis modules (``EXPLAIN``: nothing runs, nothing is read) and runs
the analysis's GDS algorithms on a small ring of numbers
(``netnp/cypher/localserver/warm_up_gds``), which reads and writes nothing of
the database. :func:`start_warm_up` runs it in a detached process, so that it
never delays ``start``; a command run meanwhile only shares the processors
with it, and any error of the warm-up is ignored (it changes nothing).
"""

from __future__ import annotations

import subprocess
import sys
import uuid
from pathlib import Path

from netnp.config import ConnectionSettings

#: The modules planned at warm-up: those a run and the results document use.
WARM_PREFIXES = ("analysis/", "gds/", "health/")


def warm_up(settings: ConnectionSettings) -> None:
    """Plan the analysis modules and warm GDS up, on the server of ``settings``."""
    from netnp.runner import Runner

    with Runner(settings) as runner:
        has_gds = "gds.version" in {row["name"] for row in runner.read("health/plugin_functions")}
        if has_gds:
            try:
                runner.write("localserver/warm_up_gds", graph=f"netnp-warm-up-{uuid.uuid4().hex[:6]}")
            except Exception:
                pass  # warming up is an optimisation: a failure leaves the server as it was
        for name in runner.modules.names():
            if not name.startswith(WARM_PREFIXES) or (name.startswith("gds/") and not has_gds):
                continue
            module = runner.modules.get(name)
            try:
                runner.explain(module, **module.examples)
            except Exception:
                pass


def start_warm_up(home: Path, log: Path) -> subprocess.Popen:
    """Start :func:`warm_up` in a detached process, its output in ``log``; return at once."""
    with open(log, "ab") as out:
        return subprocess.Popen([sys.executable, "-m", "netnp.localserver.warmup", str(home)],
                                stdin=subprocess.DEVNULL, stdout=out, stderr=out, start_new_session=True)


if __name__ == "__main__":
    from netnp.localserver.server import LocalServer

    warm_up(LocalServer(Path(sys.argv[1])).connection())
