"""What a report shows, read from the graph: the stored analysis results, the backbone's ties, the data's provenance.

:mod:`netnp.report.render` renders a results document and reads nothing; the
callers read it here first.
"""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from netnp.analysis import results
from netnp.analysis.read import run_record
from netnp.errors import InputError
from netnp.report.render import check_document
from netnp.report.view import BACKBONE_NODES, TABLE_ROWS
from netnp.runner import Runner


def report_document(runner: Runner, fmt: str = "html", focus: str | None = None,
                    limit: int = BACKBONE_NODES, run: str | None = None) -> dict[str, Any]:
    """The results document a report in ``fmt`` renders, read from the graph; nothing is recomputed.

    The results are those of run ``run`` (a label or id), or of the last
    complete run, read from the run's own chunks; a run whose results are not
    all there is refused (:class:`netnp.analysis.runs.IncompleteRun`).

    For ``json``, the whole results document (docs/analysis-results.md). For
    the other formats, only what the report shows: the ``limit`` most
    influential nodes (the network view's backbone), the first rows of each
    role table and the focal organisation, the summary's counts, distribution
    and concentration being aggregated in the database; with the ties among
    the backbone under ``ties`` and the imports that wrote the data under
    ``provenance``, which :func:`~netnp.report.render.render` draws.

    Parameters
    ----------
    runner : Runner
        A runner on a graph that ``netnp analyze`` has analysed.
    fmt : {"html", "md", "json"}
        The report's format.
    focus : str, optional
        Id of the focal organisation for the recommendations; the analysis
        run's focus by default.
    limit : int
        The most nodes the network view draws.
    run : str, optional
        The label or id of the run to report on.
    """
    if fmt == "json":
        return check_document(results(runner, focus=focus, run=run))
    # fails early, in one line, when nothing was analysed or the run is incomplete; and connects, in this thread
    record = run_record(runner, run)
    with ThreadPoolExecutor(1, thread_name_prefix="netnp-provenance") as background:
        provenance = background.submit(runner.read, "report/provenance")
        document = check_document(results(runner, focus=focus, limit=limit, role_rows=TABLE_ROWS, run=record["id"]))
        top = sorted(document["nodes"], key=lambda n: (-(n.get("pagerank") or 0.0), str(n.get("id"))))[:limit]
        ids = [n["id"] for n in top]
        focus_id = (document.get("recommendations") or {}).get("focus")
        if focus_id and focus_id not in ids:
            ids.append(focus_id)
        ties = runner.read("report/backbone_ties", ids=ids, limit=20_000) if ids else []
        return {**document, "ties": ties, "provenance": provenance.result()}


def read_document(path: str | Path) -> dict[str, Any]:
    """A results document saved as JSON (``netnp report --format json``), checked.

    A report can then be rendered on a machine with no access to the graph,
    or from a document another tool wrote to docs/analysis-results.md.
    """
    source = Path(path)
    try:
        text = source.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"{source}: no such file") from None
    except UnicodeDecodeError as exc:
        raise InputError(f"{source}: not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise InputError(f"{source}: {exc.strerror or exc}") from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{source}:{exc.lineno}:{exc.colno}: not JSON: {exc.msg}") from None
    try:
        return check_document(document)
    except InputError:
        raise
    except Exception as exc:
        raise InputError(f"{source}: {exc}") from None
