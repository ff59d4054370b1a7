"""What a report shows, read from the graph: the stored analysis results, the backbone's ties, the data's provenance,
and the growth of the network along the series of runs the reported run belongs to.

:mod:`netnp.report.render` renders a results document and reads nothing; the
callers read it here first.
"""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from netnp import growth as growth_figures
from netnp.analysis import results
from netnp.analysis.read import run_record
from netnp.analysis.runs import list_runs
from netnp.errors import InputError
from netnp.model import ROLE_LABELS
from netnp.report.render import check_document
from netnp.report.view import BACKBONE_NODES, MAX_TIES_SHOWN, TABLE_ROWS
from netnp.runner import Runner

#: The most runs the Growth section follows: the latest of the series, up to the reported run.
GROWTH_RUNS = 24


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
        document = check_document(results(runner, focus=focus, run=run))
        grown = growth_part(runner, run_record(runner, document["run"]["id"]), focus)
        return {**document, "growth": grown} if grown else document
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
        grown = growth_part(runner, record, focus, shown=set(ids))
        return {**document, "ties": ties, "provenance": provenance.result(), **({"growth": grown} if grown else {})}


def series_of(runner: Runner, record: dict[str, Any], most: int = GROWTH_RUNS) -> list[dict[str, Any]]:
    """The series of runs that ``record`` ends: its run and the runs before it in the series of its scope.

    The series is that of :func:`netnp.growth.series_runs`, taken with the
    scope of the reported run rather than of the latest: every kept run with
    the same node kinds, tie types, direction and weight, the latest run of
    each time window (the reported run for its own window) and every run
    without a window, in the order of their windows. It stops at the
    reported run, and keeps at most the ``most`` last runs.
    """
    ordered = growth_figures.series_members(list_runs(runner), record)
    ids = [other["id"] for other in ordered]
    return ordered[: ids.index(record["id"]) + 1][-most:]


def _run_name(about: dict[str, Any]) -> str:
    return about.get("label") or about["id"]


def _role_counts(document: dict[str, Any], side: str) -> dict[str, int]:
    """How many nodes held each role in the run on ``side`` ("from" or "to") of a growth document."""
    members: dict[str, set[str]] = {role: set() for role in ROLE_LABELS}
    for cell in document["roles"]["transitions"]:
        if cell[side] in members:
            members[cell[side]].update(cell["members"])
    return {role: len(held) for role, held in members.items()}


def _named(runner: Runner, ids: set[str]) -> dict[str, str]:
    wanted = sorted(i for i in ids if i)
    rows = runner.read("analysis/runs/entities", ids=wanted) if wanted else []
    return {row["id"]: row["name"] or row["id"] for row in rows}


def _follow_up(recommendations: dict[str, Any] | None) -> dict[str, Any] | None:
    """A step's follow-up of recommendations: the counts, and the introductions made and ties strengthened."""
    if not recommendations:
        return None
    return {
        "focus": recommendations["focus"], "focus_name": recommendations.get("focus_name"),
        "introductions": len(recommendations["introductions"]), "introduced": recommendations["introduced"],
        "strengthen": len(recommendations["strengthen"]), "strengthened": recommendations["strengthened"],
        "made": [{key: intro.get(key) for key in ("id", "name", "roles", "introducer", "introducer_name", "weight_to")}
                 for intro in recommendations["introductions"] if intro["tied"]],
        "strengthened_ties": [{key: tie.get(key) for key in ("source", "target", "target_name", "type", "weight_from",
                                                             "weight_to", "still_weak")}
                              for tie in recommendations["strengthen"] if tie["strengthened"]],
    }


def _step(document: dict[str, Any]) -> dict[str, Any]:
    """The figures of one step of the series that the report charts and tabulates."""
    ties, communities, entry, hubs = document["ties"], document["communities"], document["entry"], document["hubs"]
    rising = [m for m in document["movers"] if (m["coreness_to"] or 0) > (m["coreness_from"] or 0)]
    return {
        "from": _run_name(document["from"]), "to": _run_name(document["to"]),
        "joined": len(document["nodes"]["joined"]), "left": len(document["nodes"]["left"]),
        "kept": document["nodes"]["kept"],
        "ties_added": ties["added"], "ties_dropped": ties["dropped"], "jaccard": ties["jaccard"],
        "strengthened": len(ties["strengthened"]), "weakened": len(ties["weakened"]),
        "weak_to_strong": None if ties["weak_to_strong"] is None else len(ties["weak_to_strong"]),
        "movers": len(document["movers"]), "towards_core": len(rising),
        "hubs_gained": len(hubs["gained"]), "hubs_lost": len(hubs["lost"]), "hub_turnover": hubs["turnover"],
        "communities_born": None if communities is None else len(communities["born"]),
        "communities_died": None if communities is None else len(communities["died"]),
        "periphery_share": entry["periphery_share"], "core_share": entry["core_share"],
        "recommendations": _follow_up(document["recommendations"]),
    }


def _change(runner: Runner, document: dict[str, Any], rows: int) -> dict[str, Any]:
    """What changed between two runs, as the report details it: the role transitions, the first movers
    towards the core and the first weak ties that became strong, named."""
    rising = [m for m in document["movers"] if (m["coreness_to"] or 0) > (m["coreness_from"] or 0)]
    weak_to_strong = document["ties"]["weak_to_strong"]
    shown_ties = (weak_to_strong or [])[:rows]
    names = _named(runner, {m["id"] for m in rising[:rows]} | {t["source"] for t in shown_ties}
                   | {t["target"] for t in shown_ties})
    return {
        "from": _run_name(document["from"]), "to": _run_name(document["to"]),
        "labels": document["roles"]["labels"], "matrix": document["roles"]["matrix"],
        "transitions": [{"from": cell["from"], "to": cell["to"], "count": cell["count"]}
                        for cell in document["roles"]["transitions"]],
        "movers": len(document["movers"]), "towards_core_count": len(rising),
        "towards_core": [{**mover, "name": names.get(mover["id"], mover["id"])} for mover in rising[:rows]],
        "weak_to_strong_count": None if weak_to_strong is None else len(weak_to_strong),
        "weak_to_strong": [{**tie, "source_name": names.get(tie["source"], tie["source"]),
                            "target_name": names.get(tie["target"], tie["target"])} for tie in shown_ties],
        "strengthened_count": len(document["ties"]["strengthened"]),
    }


def growth_part(runner: Runner, record: dict[str, Any], focus: str | None = None, *, shown: set[str] | None = None,
                rows: int = TABLE_ROWS) -> dict[str, Any] | None:
    """The report's ``growth`` part: the growth figures along the series the reported run ends.

    ``None`` when the reported run is the only one of its series. Otherwise
    (docs/report.md, "Growth"): ``runs``, each run of the series with its
    network figures (:func:`netnp.growth.network`) and role counts; ``steps``,
    the figures of each run and the next (counts, and the follow-up of the
    recommendations of the first, for ``focus`` or its own focus);
    ``overall``, from the first run to the reported one, and ``last``, from
    the run before it: the role transitions, the first ``rows`` movers towards
    the core and weak ties that became strong, named; and ``added_pairs``, the
    pairs of nodes tied in the reported run and not in the one before, among
    ``shown`` (the nodes the network view draws), at most
    :data:`~netnp.report.view.MAX_TIES_SHOWN`.
    """
    records = series_of(runner, record)
    if len(records) < 2:
        return None
    found = growth_figures.series(runner, records=records, focus=focus, overall=True)
    steps = found["steps"]
    runs = [{key: about.get(key) for key in ("id", "label", "since", "until", "started_at", "network")}
            | {"name": _run_name(about),
               "roles": _role_counts(steps[i], "from") if i < len(steps) else _role_counts(steps[-1], "to")}
            for i, about in enumerate(found["runs"])]
    last = steps[-1]
    overall = found["overall"]  # first run to last, from the runs the series read already
    added = sorted({(tie["source"], tie["target"]) for tie in last["ties"]["added_ties"]
                    if shown is None or (tie["source"] in shown and tie["target"] in shown)})
    return {
        "runs": runs, "steps": [_step(step) for step in steps],
        "overall": _change(runner, overall, rows), "last": _change(runner, last, rows),
        "added_pairs": [list(pair) for pair in added[:MAX_TIES_SHOWN]],
    }


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
