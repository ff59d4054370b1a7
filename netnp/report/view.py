"""What the report shows, computed from the analysis results document.

The results document (docs/analysis-results.md) holds every node of the graph,
or, read for a report, only the nodes it shows (``results(limit=...,
role_rows=...)``: the backbone and the first rows of each table), while its
summary counts every node. A report must stay small and quick on a 100 000-node
graph. This module picks what is shown: the top rows of each table, chart geometry (server-side SVG, so
no chart library is needed), and the *backbone* drawn by the network view: the
top nodes by PageRank and the ties between them, with a force-directed layout
computed here once, so that the page only draws.

References
----------
Fruchterman, T. M. J. & Reingold, E. M. (1991). Graph drawing by
force-directed placement. Software: Practice and Experience 21(11), 1129-1164.
Lorenz, M. O. (1905). Methods of measuring the concentration of wealth.
Publications of the American Statistical Association 9(70), 209-219.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable
from typing import Any

import numpy as np

from netnp.model import KINDS, ROLE_LABELS

#: Colours of the largest clusters (colour-blind-friendly, Okabe-Ito and Tableau); others are grey.
PALETTE = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948",
           "#b07aa1", "#ff9da7", "#9c755f", "#0072b2", "#d55e00", "#cc79a7")
OTHER_COLOUR = "#9aa0a6"

#: Default size of the network view's backbone, and of the tables.
BACKBONE_NODES = 1000
TABLE_ROWS = 25
MAX_TIES_SHOWN = 20_000
#: A view of more nodes than this opens on its start: the START_NODES most influential
#: nodes, every hub and bridge, and the focal organisation; search, filters and the
#: neighbourhood of a node show the rest.
LARGE_VIEW_NODES = 300
START_NODES = 150
#: The run parameters the report shows, in this order.
RUN_PARAMETERS = ("analysis", "kinds", "types", "directed", "weight", "since", "until", "focus")


def _pagerank(node: dict[str, Any]) -> float:
    return node.get("pagerank") or 0.0


def ordered_roles(roles: Iterable[str] | None) -> list[str]:
    """Roles in the model's order (:data:`netnp.model.ROLE_LABELS`), whatever order a document lists them in;
    roles the model does not know come last, as listed."""
    roles = list(roles or [])
    return [r for r in ROLE_LABELS if r in roles] + [r for r in roles if r not in ROLE_LABELS]


def _roles(node: dict[str, Any]) -> list[str]:
    return ordered_roles(node.get("roles"))


def cluster_colours(communities: list[dict[str, Any]]) -> dict[Any, str]:
    """A colour for each of the largest clusters, by size (ties broken by id)."""
    ranked = sorted(communities, key=lambda c: (-(c.get("size") or 0), str(c.get("id"))))
    return {c["id"]: PALETTE[i] for i, c in enumerate(ranked[: len(PALETTE)])}


# -- charts ---------------------------------------------------------------------------
CHART_W, CHART_H = 520, 300
MARGIN = {"left": 56, "right": 16, "top": 14, "bottom": 44}


def _plot_box() -> dict[str, float]:
    return {"x0": MARGIN["left"], "x1": CHART_W - MARGIN["right"],
            "y0": MARGIN["top"], "y1": CHART_H - MARGIN["bottom"], "w": CHART_W, "h": CHART_H}


def degree_chart(distribution: list[list[float]] | None) -> dict[str, Any] | None:
    """Geometry of the log-log degree distribution: one dot per degree k >= 1.

    Parameters
    ----------
    distribution : list of [degree, count]
        How many nodes have each degree.

    Returns
    -------
    dict or None
        ``points`` (x, y, degree, count), axis ``xticks`` and ``yticks`` at
        powers of ten; None when there is nothing to draw.
    """
    pairs = [(float(k), float(c)) for k, c in (distribution or []) if k and c and k >= 1 and c >= 1]
    if not pairs:
        return None
    box = _plot_box()
    lx = [math.log10(k) for k, _ in pairs]
    ly = [math.log10(c) for _, c in pairs]
    x_lo, x_hi = math.floor(min(lx)), max(math.ceil(max(lx)), math.floor(min(lx)) + 1)
    y_lo, y_hi = math.floor(min(ly)), max(math.ceil(max(ly)), math.floor(min(ly)) + 1)

    def sx(v: float) -> float:
        return round(box["x0"] + (v - x_lo) / (x_hi - x_lo) * (box["x1"] - box["x0"]), 1)

    def sy(v: float) -> float:
        return round(box["y1"] - (v - y_lo) / (y_hi - y_lo) * (box["y1"] - box["y0"]), 1)

    points = [{"x": sx(a), "y": sy(b), "degree": int(k), "count": int(c)}
              for (k, c), a, b in zip(pairs, lx, ly, strict=True)]
    return {
        "box": box, "points": points,
        "xticks": [{"pos": sx(e), "value": 10 ** e} for e in range(x_lo, x_hi + 1)],
        "yticks": [{"pos": sy(e), "value": 10 ** e} for e in range(y_lo, y_hi + 1)],
    }


def _downsample(points: list[list[float]], most: int) -> list[list[float]]:
    if len(points) <= most:
        return points
    step = (len(points) - 1) / (most - 1)
    return [points[round(i * step)] for i in range(most)]


def lorenz_at(points: list[list[float]], x: float) -> float:
    """The Lorenz curve's value at ``x`` (share of activity held by the bottom ``x``), by linear interpolation."""
    for (x0, y0), (x1, y1) in itertools.pairwise(points):
        if x0 <= x <= x1:
            return y0 if x1 == x0 else y0 + (y1 - y0) * (x - x0) / (x1 - x0)
    return points[-1][1] if points else 0.0


def lorenz_chart(concentration: dict[str, Any] | None) -> dict[str, Any] | None:
    """Geometry of the Lorenz curve, with the top 2 % marked.

    The curve joins (share of nodes, share of ties they hold), nodes ranked
    from the least to the most connected; the diagonal is perfect equality.
    """
    raw = (concentration or {}).get("lorenz") or []
    points = sorted([float(x), float(y)] for x, y in raw)
    if len(points) < 2:
        return None
    points = _downsample(points, 241)
    box = _plot_box()
    side = box["y1"] - box["y0"]
    box = {**box, "x1": box["x0"] + side}

    def sx(v: float) -> float:
        return round(box["x0"] + v * side, 1)

    def sy(v: float) -> float:
        return round(box["y1"] - v * side, 1)

    curve = " ".join(f"{sx(x)},{sy(y)}" for x, y in points)
    at98 = lorenz_at(points, 0.98)
    ticks = [{"pos_x": sx(t), "pos_y": sy(t), "value": t} for t in (0, 0.25, 0.5, 0.75, 1.0)]
    return {
        "box": box, "curve": curve, "area": f"{sx(0)},{sy(0)} {curve} {sx(1)},{sy(0)}",
        "diagonal": f"{sx(0)},{sy(0)} {sx(1)},{sy(1)}", "ticks": ticks,
        "top2": {"x": sx(0.98), "y": sy(at98), "y_top": sy(1.0),
                 "share": (concentration or {}).get("top2") if (concentration or {}).get("top2") is not None else 1.0 - at98},
        "measure": (concentration or {}).get("measure"),
    }


def cluster_sizes_chart(communities: list[dict[str, Any]], colours: dict[Any, str],
                        most: int = 20) -> dict[str, Any] | None:
    """Horizontal bars of the largest clusters' sizes; the rest are counted, not drawn."""
    ranked = sorted(communities, key=lambda c: (-(c.get("size") or 0), str(c.get("id"))))
    if not ranked:
        return None
    shown, rest = ranked[:most], ranked[most:]
    bar_h, gap, left, width = 16, 6, 110, CHART_W - 110 - 60
    biggest = max(c.get("size") or 0 for c in shown) or 1
    bars = [{"id": c["id"], "size": c.get("size") or 0, "y": i * (bar_h + gap) + 4,
             "w": round(max(1.0, (c.get("size") or 0) / biggest * width), 1),
             "colour": colours.get(c["id"], OTHER_COLOUR)} for i, c in enumerate(shown)]
    return {"bars": bars, "bar_h": bar_h, "left": left, "w": CHART_W,
            "h": len(shown) * (bar_h + gap) + 8,
            "rest_clusters": len(rest), "rest_nodes": sum(c.get("size") or 0 for c in rest)}


# -- growth charts --------------------------------------------------------------------
SMALL_W, SMALL_H = 300, 170
SMALL_MARGIN = {"left": 54, "right": 18, "top": 12, "bottom": 24}
#: The network figures the Growth section charts along the series, and the decimals their values show.
GROWTH_FIGURES = (("nodes", 0), ("ties", 0), ("density", 4), ("components", 0), ("modularity", 3),
                  ("k_max", 0), ("top2", None))
#: Colours of the role counts' lines, those of the role badges.
ROLE_COLOURS = {"Hub": "#1f2328", "Core": "#0b5cad", "Periphery": "#9aa0a6", "Bridge": "#e07b00"}
#: Colour of the ties added since the previous run, in the network view and its legend.
ADDED_COLOUR = "#1a9850"


def nice_ticks(lo: float, hi: float, count: int = 4, whole: bool = False) -> list[float]:
    """Round axis ticks that cover [lo, hi] in about ``count`` steps of 1, 2, 2.5 or 5 times a power of ten."""
    if hi <= lo:
        hi = lo + (abs(lo) or 1.0)
    raw = (hi - lo) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw * (1 - 1e-9))
    if whole:
        step = max(1.0, math.ceil(step))
    first, last = math.floor(lo / step + 1e-9) * step, math.ceil(hi / step - 1e-9) * step
    return [round(first + i * step, 12) for i in range(round((last - first) / step) + 1)]


def line_chart(key: str, runs: list[str], lines: list[tuple[str, list[float | None], str]],
               whole: bool = False) -> dict[str, Any] | None:
    """Geometry of a small line chart of figures along a series of runs.

    Parameters
    ----------
    key : str
        What the chart shows (its id is ``chart-growth-<key>``).
    runs : list of str
        The runs' names, in order: the x axis, evenly spaced.
    lines : list of (name, values, colour)
        One line per figure, a value per run (``None`` where unknown, left out).
    whole : bool
        The figures are counts: the y ticks are whole numbers.

    Returns
    -------
    dict or None
        ``box``, ``lines`` (each with ``points`` x, y, value, run and the
        polyline ``path``), ``xticks`` and ``yticks``; None when no value is known.
    """
    known = [v for _, values, _ in lines for v in values if v is not None]
    if not known or not runs:
        return None
    box = {"x0": SMALL_MARGIN["left"], "x1": SMALL_W - SMALL_MARGIN["right"],
           "y0": SMALL_MARGIN["top"], "y1": SMALL_H - SMALL_MARGIN["bottom"], "w": SMALL_W, "h": SMALL_H}
    yticks = nice_ticks(min(0.0, min(known)), max(known), whole=whole)
    y_lo, y_hi = yticks[0], yticks[-1]

    def sx(i: int) -> float:
        if len(runs) == 1:
            return round((box["x0"] + box["x1"]) / 2, 1)
        return round(box["x0"] + i / (len(runs) - 1) * (box["x1"] - box["x0"]), 1)

    def sy(v: float) -> float:
        return round(box["y1"] - (v - y_lo) / (y_hi - y_lo) * (box["y1"] - box["y0"]), 1)

    drawn = []
    for name, values, colour in lines:
        points = [{"x": sx(i), "y": sy(v), "value": v, "run": runs[i]} for i, v in enumerate(values) if v is not None]
        drawn.append({"name": name, "colour": colour, "points": points,
                      "path": " ".join(f"{p['x']},{p['y']}" for p in points)})
    return {"key": key, "box": box, "lines": drawn,
            "xticks": [{"pos": sx(i), "label": run} for i, run in enumerate(runs)],
            "yticks": [{"pos": sy(t), "value": int(t) if whole else t} for t in yticks]}


def growth_view(grown: dict[str, Any] | None) -> dict[str, Any] | None:
    """The Growth section's charts: each network figure along the series, and the role counts per run."""
    if not grown:
        return None
    runs = grown.get("runs") or []
    names = [str(r.get("name") or r.get("label") or r.get("id")) for r in runs]
    charts = []
    for key, digits in GROWTH_FIGURES:
        values = [(r.get("network") or {}).get(key) for r in runs]
        chart = line_chart(key, names, [(key, values, PALETTE[0])], whole=digits == 0)
        if chart:
            charts.append({**chart, "digits": digits})
    roles = line_chart("roles", names, [(role, [(r.get("roles") or {}).get(role) for r in runs], colour)
                                        for role, colour in ROLE_COLOURS.items()], whole=True)
    return {"charts": charts, "roles": roles, "runs": runs, "steps": grown.get("steps") or [],
            "overall": grown.get("overall"), "last": grown.get("last"), "added_colour": ADDED_COLOUR,
            "rows": TABLE_ROWS}


# -- network view ---------------------------------------------------------------------
def force_layout(count: int, edges: np.ndarray, groups: np.ndarray, *, iterations: int = 90,
                 seed: int = 7) -> np.ndarray:
    """Positions in [0, 1000]² for ``count`` nodes, by Fruchterman-Reingold (1991).

    Nodes start near a centre for their cluster (clusters on a spiral, larger
    ones first), so that clusters come out as visible groups; repulsion is
    computed between all pairs (O(n²) per step, fine for a backbone of a few
    thousand nodes), attraction along ties, with a weak pull to the centre so
    that unconnected pieces stay in view.

    Parameters
    ----------
    count : int
        Number of nodes.
    edges : ndarray of shape (m, 2)
        Node indices of each tie.
    groups : ndarray of shape (count,)
        A cluster number per node (0 = largest cluster); -1 for none.
    """
    if count == 0:
        return np.zeros((0, 2))
    rng = np.random.default_rng(seed)
    k = 1.0 / math.sqrt(count)
    order = np.unique(groups)
    sizes = {g: int((groups == g).sum()) for g in order}
    centres = {}
    for i, g in enumerate(sorted(order, key=lambda g: -sizes[g])):
        radius = 0.0 if i == 0 else 0.35 * math.sqrt(i / max(1, len(order) - 1))
        angle = i * 2.399963  # golden angle
        centres[g] = (radius * math.cos(angle), radius * math.sin(angle))
    pos = np.array([centres[g] for g in groups], dtype=np.float32)
    spread = np.array([0.25 * math.sqrt(sizes[g] / count) for g in groups], dtype=np.float32)
    pos += rng.normal(size=(count, 2)).astype(np.float32) * spread[:, None]
    src, dst = (edges[:, 0], edges[:, 1]) if len(edges) else (np.zeros(0, int), np.zeros(0, int))
    x, y = pos[:, 0].copy(), pos[:, 1].copy()
    dx = np.empty((count, count), dtype=np.float32)
    dy = np.empty_like(dx)
    force = np.empty_like(dx)
    diagonal = np.arange(count)
    temperature = 0.1
    for _ in range(iterations):
        # Repulsion k²/d between every pair, along the pair's direction.
        np.subtract(x[:, None], x[None, :], out=dx)
        np.subtract(y[:, None], y[None, :], out=dy)
        np.multiply(dx, dx, out=force)
        force += dy * dy
        np.maximum(force, 1e-6, out=force)
        np.divide(k * k, force, out=force)
        force[diagonal, diagonal] = 0.0
        disp_x = (dx * force).sum(1)
        disp_y = (dy * force).sum(1)
        if len(src):
            # Attraction d²/k along each tie.
            ex, ey = x[src] - x[dst], y[src] - y[dst]
            pull = np.sqrt(ex * ex + ey * ey) / k
            disp_x -= np.bincount(src, ex * pull, count) - np.bincount(dst, ex * pull, count)
            disp_y -= np.bincount(src, ey * pull, count) - np.bincount(dst, ey * pull, count)
        disp_x -= x * (2.0 * k)
        disp_y -= y * (2.0 * k)
        length = np.maximum(np.sqrt(disp_x * disp_x + disp_y * disp_y), 1e-9)
        step = np.minimum(length, temperature) / length
        x += (disp_x * step).astype(np.float32)
        y += (disp_y * step).astype(np.float32)
        temperature *= 0.95
    pos = np.stack([x, y], axis=1)
    lo, hi = pos.min(0), pos.max(0)
    scale = 1000.0 / max(float((hi - lo).max()), 1e-9)
    return (pos - lo) * scale


def network_view(document: dict[str, Any], ties: Iterable[dict[str, Any]] | None, colours: dict[Any, str],
                 limit: int = BACKBONE_NODES) -> dict[str, Any]:
    """The data of the interactive network view: the backbone and what is not shown.

    Parameters
    ----------
    document : dict
        The analysis results document.
    ties : iterable of dict or None
        Ties among the backbone (source, target, weight); None when unknown.
    colours : dict
        Colour of each cluster id (:func:`cluster_colours`).
    limit : int
        The most nodes to draw: the top ``limit`` by PageRank, plus the
        focal organisation.

    A view of more than :data:`LARGE_VIEW_NODES` nodes marks its *start*
    (``start`` on each node): the :data:`START_NODES` most influential nodes,
    every hub and bridge and the focal organisation, which the page draws
    first; its search, filters and neighbourhood view reach the others.
    """
    nodes = sorted(document.get("nodes") or [], key=lambda n: (-_pagerank(n), str(n.get("id"))))
    chosen = nodes[:limit]
    focus = (document.get("recommendations") or {}).get("focus")
    if focus and all(n["id"] != focus for n in chosen):
        chosen += [n for n in nodes[limit:] if n["id"] == focus]
    index = {n["id"]: i for i, n in enumerate(chosen)}
    pairs: dict[tuple[int, int], float] = {}
    for tie in ties or []:
        a, b = index.get(tie["source"]), index.get(tie["target"])
        if a is None or b is None or a == b:
            continue
        key = (min(a, b), max(a, b))
        pairs[key] = pairs.get(key, 0.0) + float(tie.get("weight") or 1.0)
    edges = sorted(pairs.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_TIES_SHOWN]
    # Pairs tied in this run and not in the previous run of its series (the Growth section's last step).
    added = set()
    for source, target in (document.get("growth") or {}).get("added_pairs") or []:
        a, b = index.get(source), index.get(target)
        if a is not None and b is not None:
            added.add((min(a, b), max(a, b)))
    edge_array = np.array([e for e, _ in edges], dtype=int).reshape(-1, 2)
    group_of = {cid: i for i, cid in enumerate(colours)}
    groups = np.array([group_of.get(n.get("community"), -1) for n in chosen], dtype=int)
    pos = force_layout(len(chosen), edge_array, groups)
    summary = document.get("summary") or {}
    total_nodes = summary.get("nodes") if summary.get("nodes") is not None else len(nodes)
    total_ties = summary.get("ties")
    max_pr = max((_pagerank(n) for n in chosen), default=0.0) or 1.0
    large = len(chosen) > LARGE_VIEW_NODES
    view_nodes = [{
        "id": n["id"], "name": n.get("name") or n["id"], "kind": n.get("kind"),
        "c": n.get("community"), "col": colours.get(n.get("community"), OTHER_COLOUR),
        "pr": n.get("pagerank"), "deg": n.get("degree"), "core": n.get("coreness"),
        "btw": n.get("betweenness"), "reach": n.get("reach2"), "roles": _roles(n),
        "r": round(3.0 + 13.0 * math.sqrt(_pagerank(n) / max_pr), 1),
        "x": round(float(p[0]), 1), "y": round(float(p[1]), 1), "focus": n["id"] == focus,
        "start": not large or i < START_NODES or n["id"] == focus or bool({"Hub", "Bridge"} & set(_roles(n))),
    } for i, (n, p) in enumerate(zip(chosen, pos, strict=True))]
    return {
        "nodes": view_nodes,
        "edges": [[a, b] for (a, b), _ in edges],
        "added": [k for k, (pair, _) in enumerate(edges) if pair in added],
        "shown_nodes": len(view_nodes), "shown_ties": len(edges),
        "total_nodes": total_nodes, "total_ties": total_ties,
        "hidden_nodes": max(0, (total_nodes or 0) - len(view_nodes)),
        "hidden_ties": None if total_ties is None else max(0, total_ties - len(edges)),
        "ties_known": ties is not None,
        "is_backbone": len(view_nodes) < (total_nodes or 0),
        "large": large, "start_nodes": sum(1 for n in view_nodes if n["start"]),
        "start_top": min(START_NODES, len(view_nodes)),
    }


# -- tables ---------------------------------------------------------------------------
def report_view(document: dict[str, Any], ties: Iterable[dict[str, Any]] | None = None, *,
                limit: int = BACKBONE_NODES, rows: int = TABLE_ROWS, with_network: bool = True) -> dict[str, Any]:
    """Everything the templates need besides the document: tables, charts, and (``with_network``) the network view."""
    nodes = sorted(document.get("nodes") or [], key=lambda n: (-_pagerank(n), str(n.get("id"))))
    communities = document.get("communities") or []
    colours = cluster_colours(communities)
    summary = document.get("summary") or {}

    def with_role(role: str) -> list[dict[str, Any]]:
        return [n for n in nodes if role in _roles(n)]

    hubs, core = with_role("Hub"), with_role("Core")
    bridging = [n for n in nodes if "Periphery" in _roles(n) and "Bridge" in _roles(n)]
    # The rule picks the bridging periphery by betweenness: the table lists it in that order.
    bridging.sort(key=lambda n: (-(n.get("betweenness") or 0), -(n.get("participation") or 0), str(n["id"])))
    # A bounded document (results(limit=..., role_rows=...)) lists only the first rows of each
    # table; the summary counts every node.
    role_counts = summary.get("roles") or {}
    listed_bridging = summary.get("bridging_periphery")
    names = {n["id"]: n.get("name") or n["id"] for n in nodes}
    ranked_clusters = sorted(communities, key=lambda c: (-(c.get("size") or 0), str(c.get("id"))))
    weak = document.get("weak_ties") or []
    web_weak = document.get("web_weak_ties") or []
    recs = document.get("recommendations") or {}
    by_kind = summary.get("by_kind") or {}
    run_parameters = (document.get("run") or {}).get("parameters") or {}
    return {
        "kinds": [k for k in KINDS if k in by_kind] + sorted(k for k in by_kind if k not in KINDS),
        "colours": colours, "other_colour": OTHER_COLOUR,
        "top_pagerank": nodes[:rows],
        "hubs": hubs[:rows], "hub_count": max(len(hubs), role_counts.get("Hub") or 0),
        "core": core[:rows], "core_count": max(len(core), role_counts.get("Core") or 0),
        "bridging": bridging[:rows],
        "bridging_count": max(len(bridging), len(listed_bridging) if isinstance(listed_bridging, list) else 0),
        "clusters": ranked_clusters[:rows], "cluster_count": len(communities),
        "weak_ties": weak[: rows + 5], "weak_tie_count": len(weak),
        "local_bridges": sum(1 for t in weak if t.get("local_bridge")),
        "spanning": sum(1 for t in weak if t.get("spans_clusters")),
        "web_weak_ties": web_weak[:rows], "web_weak_tie_count": len(web_weak),
        "introductions": (recs.get("introductions") or [])[:rows],
        "strengthen": (recs.get("strengthen") or [])[:rows],
        "strengthen_web": (recs.get("strengthen_web") or [])[:rows],
        "focus_name": names.get(recs.get("focus"), recs.get("focus")),
        # The analysis run's own parameters, and apart from them the options this report was made with.
        "run_parameters": [(key, run_parameters.get(key)) for key in RUN_PARAMETERS if key in run_parameters]
        + [(key, value) for key, value in run_parameters.items() if key not in RUN_PARAMETERS],
        "run_focus_name": names.get(run_parameters.get("focus"), run_parameters.get("focus")),
        "options": {"focus": recs.get("focus"), "max_nodes": limit, "rows": rows},
        "names": {n["id"]: names[n["id"]] for n in nodes[: rows * 4]},
        "degree_chart": degree_chart(summary.get("degree_distribution")),
        "lorenz_chart": lorenz_chart(summary.get("concentration")),
        "cluster_chart": cluster_sizes_chart(communities, colours),
        "network": network_view(document, ties, colours, limit) if with_network else None,
        "growth": growth_view(document.get("growth")),
        "rows": rows,
    }
