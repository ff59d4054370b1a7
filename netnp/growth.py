"""Growth of the network between two kept analysis runs, or along a series of snapshots.

Every analysis run keeps its results as ``NetnpRunChunk`` nodes of parallel
arrays (docs/analysis-results.md, "Runs"). Growth reads the chunks of two runs
(``netnp/cypher/growth/``), never the ``netnp_`` properties, which hold only
the latest run, and compares them here: who joined and left, which ties were
added and dropped, how the network's size and shape changed, who moved
between the periphery and the core, hub turnover, ties that strengthened or
weakened, how communities continued, merged, split, were born or died, where
the new ties came in, and whether the recommendations of the first run were
followed. docs/growth.md describes the document and each figure.

* :func:`growth` compares two runs, named by id or label;
* :func:`series` compares each run of a series of snapshots with the next.

A run is read whole by :func:`netnp.analysis.rundata.read_run`; the
recommendations of run A that growth follows up are computed from its chunks
by :func:`netnp.analysis.recommend.recommend`, as the results document of A
gives them.

References
----------
Kanter, B. & Fine, A. H. (2010). The Networked Nonprofit, chapter 3. Jossey-Bass.
Jaccard, P. (1912). The distribution of the flora in the alpine zone. New
Phytologist 11(2), 37-50.
Greene, D., Doyle, D. & Cunningham, P. (2010). Tracking the evolution of
communities in dynamic social networks. ASONAM 2010, 176-183.
Onnela, J.-P. et al. (2007). Structure and tie strengths in mobile
communication networks. PNAS 104(18), 7332-7336.
"""

from __future__ import annotations

import json
import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import netnp.analysis.runs as runs
from netnp.analysis.read import concentration_of_counts
from netnp.analysis.recommend import names as entity_names
from netnp.analysis.recommend import recommend
from netnp.analysis.rundata import READ_WORKERS, RunData, read_run, run_parameters
from netnp.errors import InputError, NetnpError
from netnp.model import ROLE_LABELS
from netnp.runner import Runner

#: Least Jaccard index at which a community of one run matches a community of the other (Greene et al. 2010).
COMMUNITY_THRESHOLD = 0.3
#: Row and column of the role-transition matrix for a node in a run with no role, and for a node not in the run.
NO_ROLE = "none"
ABSENT = "absent"
TRANSITION_LABELS = (*ROLE_LABELS, NO_ROLE, ABSENT)
#: The scope parameters that two runs must share to be compared; their windows may differ.
SCOPE_KEYS = ("kinds", "types", "directed", "weight")


class NoRuns(NetnpError):
    """No analysis run is kept on this graph."""


# -- finding runs --------------------------------------------------------------------------------------------------
def _found(runner: Runner, text: str) -> dict[str, Any]:
    """The record of the complete run whose id or label is ``text`` (:func:`netnp.analysis.runs.find_run`)."""
    record = runs.find_run(runner, text)
    runs.check_complete(runner, record)
    return record


def _scope(parameters: dict[str, Any]) -> dict[str, Any]:
    """The part of a run's parameters that must match for two runs to be compared."""
    types = parameters.get("types")
    return {"kinds": sorted(parameters.get("kinds") or []), "types": sorted(types) if types else None,
            "directed": bool(parameters.get("directed")), "weight": parameters.get("weight") or "weight"}


def _name(record: dict[str, Any]) -> str:
    return record.get("label") or record["id"]


def check_same_scope(first: dict[str, Any], second: dict[str, Any]) -> None:
    """Raise :class:`InputError` when two runs analysed different scopes (kinds, types, direction or weight)."""
    a, b = _scope(run_parameters(first)), _scope(run_parameters(second))
    different = [key for key in SCOPE_KEYS if a[key] != b[key]]
    if different:
        what = "; ".join(f"{key} {a[key]!r} against {b[key]!r}" for key in different)
        raise InputError(f"runs {_name(first)!r} and {_name(second)!r} analysed different scopes ({what}); "
                         f"growth compares runs of the same scope")


# -- the figures ---------------------------------------------------------------------------------------------------
def _number(value: Any) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return value


def network(run: RunData) -> dict[str, Any]:
    """A run's network: size, density, components, communities, modularity, k_max and concentration of degree."""
    n, pairs = len(run.ids), len(run.source)
    by_type = run.record.get("by_type")
    ties = sum(json.loads(by_type).values()) if isinstance(by_type, str) else None
    held = concentration_of_counts(sorted(Counter(run.degree).items())) if run.degree is not None else None
    return {
        "nodes": n, "ties": ties, "pairs": pairs,
        "density": 2.0 * pairs / (n * (n - 1)) if n > 1 else 0.0,
        "components": run.record.get("components"), "communities": run.record.get("communities"),
        "modularity": _number(run.record.get("modularity")),
        "k_max": max(run.coreness, default=0) if run.coreness is not None else None,
        "gini": held["gini"] if held else None, "top2": held["top2"] if held else None,
    }


def _change(before: dict[str, Any], after: dict[str, Any]) -> dict[str, dict[str, Any]]:
    changes = {}
    for key, value in before.items():
        other = after[key]
        both = isinstance(value, (int, float)) and isinstance(other, (int, float))
        changes[key] = {"from": value, "to": other, "change": other - value if both else None}
    return changes


def _tie(source: str, target: str, kind: str) -> dict[str, str]:
    return {"source": source, "target": target, "type": kind}


def _ties(a: RunData, b: RunData) -> dict[str, Any]:
    """Ties added, dropped and kept, by (pair, type), and the pairs in both whose weight rose or fell."""
    before, after = a.tie_set(), b.tie_set()
    added, dropped = sorted(after - before), sorted(before - after)
    union = len(before | after)
    strengthened, weakened, weak_to_strong = [], [], []
    for pair, q in b.pair_position.items():
        p = a.pair_position.get(pair)
        if p is None:
            continue
        w_from, w_to = a.weight[p], b.weight[q]
        o_from = _number(a.overlap[p]) if a.overlap is not None else None
        o_to = _number(b.overlap[q]) if b.overlap is not None else None
        row = {"source": pair[0], "target": pair[1], "type": b.types[q], "weight_from": w_from, "weight_to": w_to,
               "overlap_from": o_from, "overlap_to": o_to,
               "overlap_change": o_to - o_from if o_from is not None and o_to is not None else None}
        if w_to > w_from:
            strengthened.append(row)
        elif w_to < w_from:
            weakened.append(row)
        if a.is_weak(p) and b.is_weak(q) is False:
            weak_to_strong.append(row)
    strengthened.sort(key=lambda r: (r["weight_from"] - r["weight_to"], r["source"], r["target"]))
    weakened.sort(key=lambda r: (r["weight_to"] - r["weight_from"], r["source"], r["target"]))
    weak_to_strong.sort(key=lambda r: (r["weight_from"] - r["weight_to"], r["source"], r["target"]))
    measured = a.local_bridge is not None and b.local_bridge is not None
    return {
        "added": len(added), "dropped": len(dropped), "kept": len(before & after),
        "jaccard": len(before & after) / union if union else 1.0,
        "added_ties": [_tie(*t) for t in added], "dropped_ties": [_tie(*t) for t in dropped],
        "strengthened": strengthened, "weakened": weakened,
        "weak_to_strong": weak_to_strong if measured else None,
    }


def _roles(a: RunData, b: RunData) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The movers (nodes in both runs whose coreness or roles changed), and the role-transition matrix."""
    roles_a, roles_b = a.node_roles(), b.node_roles()
    movers = []
    for node, q in b.position.items():
        p = a.position.get(node)
        if p is None:
            continue
        core_from = a.coreness[p] if a.coreness is not None else None
        core_to = b.coreness[q] if b.coreness is not None else None
        held_from, held_to = roles_a.get(node, ()), roles_b.get(node, ())
        if core_from != core_to or held_from != held_to:
            movers.append({"id": node, "coreness_from": core_from, "coreness_to": core_to,
                           "roles_from": list(held_from), "roles_to": list(held_to)})
    # Largest rise in coreness first: the nodes moving towards the core.
    movers.sort(key=lambda m: (-((m["coreness_to"] or 0) - (m["coreness_from"] or 0)), m["id"]))
    cells: dict[tuple[str, str], list[str]] = defaultdict(list)
    for node in sorted(a.position.keys() | b.position.keys()):
        held_from = (roles_a.get(node) or (NO_ROLE,)) if node in a.position else (ABSENT,)
        held_to = (roles_b.get(node) or (NO_ROLE,)) if node in b.position else (ABSENT,)
        for role_from in held_from:
            for role_to in held_to:
                cells[role_from, role_to].append(node)
    order = {label: i for i, label in enumerate(TRANSITION_LABELS)}
    transitions = [{"from": f, "to": t, "count": len(members), "members": members}
                   for (f, t), members in sorted(cells.items(), key=lambda c: (order[c[0][0]], order[c[0][1]]))]
    matrix = {f: {t: len(cells.get((f, t), ())) for t in TRANSITION_LABELS} for f in TRANSITION_LABELS}
    return movers, {"labels": list(TRANSITION_LABELS), "matrix": matrix, "transitions": transitions}


def _hubs(a: RunData, b: RunData) -> dict[str, Any]:
    before, after = set(a.roles.get("Hub", [])), set(b.roles.get("Hub", []))
    either = before | after
    return {"kept": sorted(before & after), "gained": sorted(after - before), "lost": sorted(before - after),
            "turnover": 1.0 - len(before & after) / len(either) if either else 0.0}


def _communities(a: RunData, b: RunData, threshold: float = COMMUNITY_THRESHOLD) -> dict[str, Any] | None:
    """Communities of A matched to those of B by Jaccard index, and the events of Greene et al. (2010)."""
    if a.community is None or b.community is None:
        return None
    size_a, size_b = Counter(a.community), Counter(b.community)
    shared: Counter = Counter()
    for node, p in a.position.items():
        q = b.position.get(node)
        if q is not None:
            shared[a.community[p], b.community[q]] += 1
    jaccard = {(ca, cb): count / (size_a[ca] + size_b[cb] - count) for (ca, cb), count in shared.items()}
    matches = sorted(((ca, cb, j) for (ca, cb), j in jaccard.items() if j >= threshold), key=lambda m: (m[0], m[1]))
    best_a: dict[int, tuple[int, float]] = {}
    best_b: dict[int, tuple[int, float]] = {}
    for (ca, cb), j in sorted(jaccard.items()):
        if j > best_a.get(ca, (None, -1.0))[1]:
            best_a[ca] = (cb, j)
        if j > best_b.get(cb, (None, -1.0))[1]:
            best_b[cb] = (ca, j)
    into: dict[int, list[int]] = defaultdict(list)
    out_of: dict[int, list[int]] = defaultdict(list)
    for ca, cb, _ in matches:
        into[cb].append(ca)
        out_of[ca].append(cb)
    continued = [{"from": ca, "to": cb, "jaccard": j} for ca, (cb, j) in sorted(best_a.items())
                 if j >= threshold and best_b[cb][0] == ca and len(out_of[ca]) == 1 and len(into[cb]) == 1]
    return {
        "threshold": threshold, "from": len(size_a), "to": len(size_b),
        "matches": [{"from": ca, "to": cb, "jaccard": j} for ca, cb, j in matches],
        "best": [{"from": ca, "to": cb, "jaccard": j} for ca, (cb, j) in sorted(best_a.items())],
        "continued": continued,
        "born": sorted(cb for cb in size_b if cb not in into),
        "died": sorted(ca for ca in size_a if ca not in out_of),
        "merged": [{"to": cb, "from": sorted(sources)} for cb, sources in sorted(into.items()) if len(sources) > 1],
        "split": [{"from": ca, "to": sorted(targets)} for ca, targets in sorted(out_of.items()) if len(targets) > 1],
    }


def _entry(a: RunData, b: RunData) -> dict[str, Any]:
    """Where the new ties came in: through the periphery of A, or through its core."""
    periphery, core = set(a.roles.get("Periphery", [])), set(a.roles.get("Core", []))
    counts = Counter()
    for pair in b.pair_position.keys() - a.pair_position.keys():
        counts["added"] += 1
        ends = [node for node in pair if node in a.position]
        if not ends:
            counts["among_newcomers"] += 1
            continue
        counts["reaching"] += 1
        via_periphery, via_core = any(e in periphery for e in ends), any(e in core for e in ends)
        counts["through_periphery"] += via_periphery
        counts["through_core"] += via_core
        if len(ends) == 1:
            counts["newcomer_ties"] += 1
            counts["newcomers_through_periphery"] += via_periphery
            counts["newcomers_through_core"] += via_core

    def share(part: str, whole: str) -> float | None:
        return counts[part] / counts[whole] if counts[whole] else None

    keys = ("added", "reaching", "through_periphery", "through_core", "among_newcomers", "newcomer_ties",
            "newcomers_through_periphery", "newcomers_through_core")
    return {**{key: counts[key] for key in keys},
            "periphery_share": share("through_periphery", "reaching"), "core_share": share("through_core", "reaching"),
            "newcomers_periphery_share": share("newcomers_through_periphery", "newcomer_ties"),
            "newcomers_core_share": share("newcomers_through_core", "newcomer_ties")}


# -- recommendations of a run --------------------------------------------------------------------------------------
def _follow_up(runner: Runner, a: RunData, b: RunData, focus: str | None) -> dict[str, Any] | None:
    """How many introductions recommended in A became ties by B, and how many ties to strengthen did."""
    if not focus:
        return None
    recommended = recommend(a, focus)
    if recommended is None:
        return None
    key = lambda x, y: (x, y) if x < y else (y, x)  # noqa: E731
    names = entity_names(runner, [focus] + [i["id"] for i in recommended["introductions"]]
                         + [i["introducer"] for i in recommended["introductions"] if i["introducer"]]
                         + [s["target"] for s in recommended["strengthen"]])
    introductions = []
    for intro in recommended["introductions"]:
        q = b.pair_position.get(key(focus, intro["id"]))
        introductions.append({"id": intro["id"], "name": names.get(intro["id"]), "roles": intro["roles"],
                              "introducer": intro["introducer"], "introducer_name": names.get(intro["introducer"]),
                              "tied": q is not None, "weight_to": b.weight[q] if q is not None else None})
    strengthen = []
    for tie in recommended["strengthen"]:
        q = b.pair_position.get(key(focus, tie["target"]))
        weak = b.is_weak(q) if q is not None else None
        strengthen.append({"source": focus, "target": tie["target"], "target_name": names.get(tie["target"]),
                           "type": tie["type"], "weight_from": tie["weight"],
                           "weight_to": b.weight[q] if q is not None else None,
                           "overlap_from": tie["overlap"],
                           "overlap_to": _number(b.overlap[q]) if q is not None and b.overlap is not None else None,
                           "strengthened": q is not None and b.weight[q] > tie["weight"],
                           "still_weak": weak, "dropped": q is None})
    return {"focus": focus, "focus_name": names.get(focus),
            "introductions": introductions, "introduced": sum(i["tied"] for i in introductions),
            "strengthen": strengthen, "strengthened": sum(s["strengthened"] for s in strengthen)}


# -- the documents -------------------------------------------------------------------------------------------------
def _about(run: RunData) -> dict[str, Any]:
    parameters = run.parameters
    return {"id": run.id, "label": run.record.get("label"), "started_at": run.record.get("started_at"),
            "since": parameters.get("since"), "until": parameters.get("until"), "focus": parameters.get("focus"),
            "analysis": parameters.get("analysis")}


def compare(runner: Runner, a: RunData, b: RunData, focus: str | None = None) -> dict[str, Any]:
    """The growth document between two runs already read (docs/growth.md).

    ``focus`` chooses whose recommendations of A to follow up; A's own focus by default.
    """
    before, after = set(a.position), set(b.position)
    movers, transitions = _roles(a, b)
    return {
        "from": _about(a), "to": _about(b),
        "nodes": {"joined": sorted(after - before), "left": sorted(before - after), "kept": len(before & after)},
        "ties": _ties(a, b),
        "network": _change(network(a), network(b)),
        "movers": movers,
        "roles": transitions,
        "hubs": _hubs(a, b),
        "communities": _communities(a, b),
        "entry": _entry(a, b),
        "recommendations": _follow_up(runner, a, b, focus or a.parameters.get("focus")),
    }


def growth(runner: Runner, first: str, second: str, focus: str | None = None) -> dict[str, Any]:
    """What changed between two kept runs, named by id or label (docs/growth.md).

    Raises
    ------
    InputError
        When a run is unknown (with the closest ids and labels), or the two runs
        analysed different scopes.
    """
    record_a, record_b = _found(runner, first), _found(runner, second)
    check_same_scope(record_a, record_b)
    with ThreadPoolExecutor(READ_WORKERS, thread_name_prefix="netnp-growth") as pool:
        a = read_run(runner, record_a, pool)
        b = read_run(runner, record_b, pool)
    return compare(runner, a, b, focus)


def _window_order(record: dict[str, Any]) -> tuple:
    parameters = run_parameters(record)
    since, until = parameters.get("since"), parameters.get("until")
    # A run without an end to its window covers the graph up to now: it comes after every dated window.
    return (until is None, until or "", since is not None, since or "", record.get("started_at") or "")


def series_members(records: Sequence[dict[str, Any]], anchor: dict[str, Any]) -> list[dict[str, Any]]:
    """The series ``anchor`` belongs to, among kept run ``records`` (newest first, as :func:`~netnp.analysis.runs.list_runs` gives them).

    Every run with the scope of ``anchor``: the latest run of each time window
    (``anchor`` itself for its own window) and every run without a window (each
    a picture of the whole graph at its date), in the order of their windows
    (end, then start, then start time).
    """
    scope = _scope(run_parameters(anchor))
    by_window: dict[tuple, dict[str, Any]] = {}
    for record in reversed(records):  # oldest first: a window analysed again keeps its latest run
        parameters = run_parameters(record)
        if _scope(parameters) != scope:
            continue
        window = (parameters.get("since"), parameters.get("until"))
        key = window if window != (None, None) else (None, None, record["id"])
        if by_window.get(key, {}).get("id") != anchor["id"]:
            by_window[key] = record
    return sorted(by_window.values(), key=_window_order)


def series_runs(runner: Runner, names: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """The records of a series, in the order of their windows (end, then start, then start time).

    With ``names`` (ids or labels), those runs; otherwise the series of the
    latest run (:func:`series_members`).
    """
    if not names:
        records = runs.list_runs(runner)
        if not records:
            raise NoRuns("no analysis run is kept on this graph; run `netnp analyze all` first")
        return series_members(records, records[0])
    chosen = [_found(runner, text) for text in names]
    for record in chosen[1:]:
        check_same_scope(chosen[0], record)
    return sorted(chosen, key=_window_order)


def series(runner: Runner, names: Sequence[str] | None = None, focus: str | None = None,
           overall: bool = False, records: Sequence[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The growth figures along a series of runs (:func:`series_runs`): each run's network, and each step's document.

    ``records``, when given, are the series' run records already found (in
    order, of one scope), instead of ``names``.

    With ``overall``, also ``overall``: the document from the first run to the
    last, compared from the runs already read (the step itself for two runs).

    Raises
    ------
    InputError
        When a run is unknown, or the runs analysed different scopes.
    """
    if records is None:
        records = series_runs(runner, names)
    data: list[RunData] = []
    with ThreadPoolExecutor(READ_WORKERS, thread_name_prefix="netnp-growth") as pool:
        for record in records:
            data.append(read_run(runner, record, pool))
    steps = [compare(runner, a, b, focus) for a, b in zip(data, data[1:], strict=False)]
    found = {"runs": [{**_about(run), "network": network(run)} for run in data], "steps": steps}
    if overall and steps:
        found["overall"] = steps[0] if len(steps) == 1 else compare(runner, data[0], data[-1], focus)
    return found


__all__ = ["COMMUNITY_THRESHOLD", "NoRuns", "RunData", "check_same_scope", "compare", "growth", "network",
           "read_run", "series", "series_members", "series_runs"]
