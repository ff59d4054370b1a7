/* netnp report: the interactive network view.
 * Draws the nodes and ties embedded in <script id="netnp-data"> on a canvas,
 * with positions computed by netnp (netnp/report/view.py). Pan by dragging,
 * zoom with the wheel; search by name or id; filter by kind, cluster and role;
 * click a node (or pick it in the search) to see it with its neighbours only.
 * Ties added since the previous run of the series (data.added, edge indices)
 * are drawn in their own colour while the "added" box is ticked.
 * A large view opens on its start: the most influential nodes, hubs and bridges.
 * Names are drawn only where their box collides with no other name, the most
 * influential first. Every text from the data is set with textContent, never
 * as HTML. Inlined into the report at render time; it loads nothing. */
(function () {
  "use strict";
  var source = document.getElementById("netnp-data");
  var canvas = document.getElementById("netnp-canvas");
  if (!source || !canvas) { return; }
  var data = JSON.parse(source.textContent);
  var nodes = data.nodes, edges = data.edges, L = data.labels;
  var ctx = canvas.getContext("2d");
  var fmt = new Intl.NumberFormat(data.lang, { maximumFractionDigits: 4 });
  var count = new Intl.NumberFormat(data.lang);
  var view = { scale: 1, tx: 0, ty: 0 }, fitScale = 1;
  var selected = -1;
  // What the view shows: "start" (a large view's backbone and hubs), "all", or "ego" (one node's neighbourhood).
  var mode = data.large ? "start" : "all", wholeMode = mode;
  var filters = { kind: "", cluster: "", role: "" };
  var visible = [], placed = [];
  var adjacency = nodes.map(function () { return []; });
  edges.forEach(function (e) { adjacency[e[0]].push(e[1]); adjacency[e[1]].push(e[0]); });
  var added = {}, showAdded = (data.added || []).length > 0;
  (data.added || []).forEach(function (k) { added[k] = true; });
  var clusters = {};
  (data.clusters || []).forEach(function (c) { clusters[String(c)] = true; });

  var LABEL_FONT = 12, LABEL_PAD = 2;

  function has(node, role) { return node.roles.indexOf(role) >= 0; }

  function passes(n) {
    if (filters.kind && n.kind !== filters.kind) { return false; }
    if (filters.cluster === "other" && n.c !== null && clusters[String(n.c)]) { return false; }
    if (filters.cluster && filters.cluster !== "other" && "c:" + n.c !== filters.cluster) { return false; }
    if (filters.role === "bridging") { return has(n, "Periphery") && has(n, "Bridge"); }
    if (filters.role && !has(n, filters.role)) { return false; }
    return true;
  }

  function refresh() {
    var near = {};
    if (mode === "ego" && selected >= 0) {
      near[selected] = true;
      adjacency[selected].forEach(function (j) { near[j] = true; });
    }
    visible = nodes.map(function (n, i) {
      if (mode === "ego") { return i === selected || (near[i] === true && passes(n)); }
      return (mode === "all" || n.start) && passes(n);
    });
    document.getElementById("netnp-back").hidden = mode !== "ego";
    var status = document.getElementById("netnp-status");
    var shown = visible.filter(Boolean).length;
    if (status) {
      status.textContent = mode === "ego"
        ? L.ego.replace("%(name)s", nodes[selected].name).replace("%(n)s", count.format(adjacency[selected].length))
        : L.drawn.replace("%(shown)s", count.format(shown)).replace("%(total)s", count.format(nodes.length));
    }
  }

  function size() {
    var ratio = window.devicePixelRatio || 1;
    var w = canvas.clientWidth || 800, h = canvas.clientHeight || 600;
    canvas.width = Math.round(w * ratio);
    canvas.height = Math.round(h * ratio);
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    return { w: w, h: h };
  }

  // Fit the visible nodes (all of them when none is) into the canvas.
  function fit() {
    var box = size();
    var shown = nodes.filter(function (n, i) { return visible[i]; });
    if (!shown.length) { shown = nodes; }
    if (!shown.length) { return; }
    var minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    shown.forEach(function (n) {
      minX = Math.min(minX, n.x); maxX = Math.max(maxX, n.x);
      minY = Math.min(minY, n.y); maxY = Math.max(maxY, n.y);
    });
    var pad = 40;
    view.scale = Math.min((box.w - 2 * pad) / Math.max(maxX - minX, 1), (box.h - 2 * pad) / Math.max(maxY - minY, 1));
    view.scale = Math.min(view.scale, 4);
    view.tx = (box.w - (maxX - minX) * view.scale) / 2 - minX * view.scale;
    view.ty = (box.h - (maxY - minY) * view.scale) / 2 - minY * view.scale;
    fitScale = view.scale;
  }

  function sx(n) { return n.x * view.scale + view.tx; }
  function sy(n) { return n.y * view.scale + view.ty; }
  function radius(n) { return n.r * Math.max(0.6, Math.min(2.5, Math.sqrt(view.scale * 1.6))); }

  function overlaps(a, b) {
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
  }

  // Names, most important first: the selected node, the focal organisation, then by PageRank (nodes
  // come sorted by it), as many as fit without one name's box touching another's, and within a
  // budget that grows as one zooms in (in a neighbourhood, every neighbour may be named).
  function placeLabels(w, h) {
    placed = [];
    ctx.font = LABEL_FONT + "px system-ui, sans-serif";
    var order = [];
    if (selected >= 0 && visible[selected]) { order.push(selected); }
    nodes.forEach(function (n, i) { if (n.focus && visible[i] && i !== selected) { order.push(i); } });
    nodes.forEach(function (n, i) { if (visible[i] && i !== selected && !n.focus) { order.push(i); } });
    var budget = mode === "ego" ? order.length : Math.round(25 * Math.max(1, Math.pow(view.scale / fitScale, 2)));
    for (var k = 0; k < order.length && placed.length < budget; k++) {
      var i = order[k], n = nodes[i];
      var x = sx(n), y = sy(n);
      if (x < 0 || y < 0 || x > w || y > h) { continue; }
      var text = n.name.length > 40 ? n.name.slice(0, 39) + "…" : n.name;
      var width = ctx.measureText(text).width;
      var box = { x: x - width / 2 - LABEL_PAD, y: y - radius(n) - 4 - LABEL_FONT - LABEL_PAD,
                  w: width + 2 * LABEL_PAD, h: LABEL_FONT + 2 * LABEL_PAD, text: text, index: i };
      if (box.x < 0 || box.y < 0 || box.x + box.w > w) { continue; }
      if (placed.some(function (other) { return overlaps(box, other); })) { continue; }
      placed.push(box);
    }
  }

  function draw() {
    var w = canvas.clientWidth, h = canvas.clientHeight;
    ctx.clearRect(0, 0, w, h);
    ctx.lineWidth = 0.6;
    ctx.strokeStyle = "rgba(90, 100, 110, 0.22)";
    ctx.beginPath();
    edges.forEach(function (e, k) {
      if (!visible[e[0]] || !visible[e[1]] || (showAdded && added[k])) { return; }
      var a = nodes[e[0]], b = nodes[e[1]];
      ctx.moveTo(sx(a), sy(a)); ctx.lineTo(sx(b), sy(b));
    });
    ctx.stroke();
    var drawnAdded = 0;
    if (showAdded) {
      ctx.lineWidth = 1.4;
      ctx.strokeStyle = data.added_colour || "#1a9850";
      ctx.beginPath();
      data.added.forEach(function (k) {
        var e = edges[k];
        if (!visible[e[0]] || !visible[e[1]]) { return; }
        drawnAdded += 1;
        ctx.moveTo(sx(nodes[e[0]]), sy(nodes[e[0]])); ctx.lineTo(sx(nodes[e[1]]), sy(nodes[e[1]]));
      });
      ctx.stroke();
    }
    document.body.setAttribute("data-added-drawn", String(drawnAdded));
    if (selected >= 0) {
      ctx.lineWidth = 1.6;
      ctx.strokeStyle = "rgba(208, 0, 0, 0.6)";
      ctx.beginPath();
      adjacency[selected].forEach(function (j) {
        if (!visible[j]) { return; }
        ctx.moveTo(sx(nodes[selected]), sy(nodes[selected])); ctx.lineTo(sx(nodes[j]), sy(nodes[j]));
      });
      ctx.stroke();
    }
    var drawn = 0;
    nodes.forEach(function (n, i) {
      if (!visible[i]) { return; }
      var x = sx(n), y = sy(n), r = radius(n);
      if (x < -20 || y < -20 || x > w + 20 || y > h + 20) { return; }
      drawn += 1;
      ctx.globalAlpha = has(n, "Periphery") && !has(n, "Bridge") ? 0.45 : 1;
      ctx.beginPath(); ctx.arc(x, y, r, 0, 2 * Math.PI);
      ctx.fillStyle = n.col; ctx.fill();
      ctx.globalAlpha = 1;
      if (has(n, "Hub")) { ctx.lineWidth = 2.5; ctx.strokeStyle = "#1f2328"; ctx.stroke(); }
      else { ctx.lineWidth = 0.8; ctx.strokeStyle = "#ffffff"; ctx.stroke(); }
      if (has(n, "Core")) { ctx.beginPath(); ctx.arc(x, y, Math.max(1.5, r / 3), 0, 2 * Math.PI); ctx.fillStyle = "#ffffff"; ctx.fill(); }
      if (has(n, "Bridge")) { ctx.beginPath(); ctx.arc(x, y, r + 3, 0, 2 * Math.PI); ctx.lineWidth = 1.6; ctx.strokeStyle = "#e07b00"; ctx.stroke(); }
      if (n.focus) { ctx.lineWidth = 2; ctx.strokeStyle = "#d00"; ctx.strokeRect(x - r - 5, y - r - 5, 2 * r + 10, 2 * r + 10); }
      if (i === selected) { ctx.beginPath(); ctx.arc(x, y, r + 6, 0, 2 * Math.PI); ctx.lineWidth = 2.5; ctx.strokeStyle = "#d00"; ctx.stroke(); }
    });
    placeLabels(w, h);
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    placed.forEach(function (box) {
      ctx.fillStyle = "rgba(255, 255, 255, 0.75)";
      ctx.fillRect(box.x, box.y, box.w, box.h);
      ctx.fillStyle = "#1f2328";
      ctx.fillText(box.text, box.x + box.w / 2, box.y + box.h / 2);
    });
    document.body.setAttribute("data-graph-drawn", String(drawn));
  }

  function text(tag, value, cls) {
    var el = document.createElement(tag);
    el.textContent = value;
    if (cls) { el.className = cls; }
    return el;
  }

  function number(v) { return v === null || v === undefined ? "–" : fmt.format(v); }

  function details(i) {
    var box = document.getElementById("netnp-details");
    box.textContent = "";
    if (i < 0) { box.appendChild(text("p", L.click, "note")); return; }
    var n = nodes[i];
    box.appendChild(text("h3", n.name));
    var dl = document.createElement("dl");
    function row(label, value) { dl.appendChild(text("dt", label)); dl.appendChild(text("dd", value)); }
    row(L.kind, L.kinds[n.kind] || n.kind || "–");
    row(L.id, n.id);
    row(L.cluster, n.c === null ? "–" : String(n.c));
    row(L.roles, n.roles.map(function (r) { return L.roles_map[r] || r; }).join(", ") || "–");
    row(L.degree, number(n.deg));
    row(L.pagerank, number(n.pr));
    row(L.coreness, number(n.core));
    row(L.betweenness, number(n.btw));
    row(L.reach, number(n.reach));
    if (n.focus) { row("", L.focus); }
    box.appendChild(dl);
  }

  // Selecting a node shows it with its neighbours only; -1 goes back to the whole view.
  function select(i) {
    selected = i;
    mode = i >= 0 ? "ego" : wholeMode;
    details(i);
    refresh();
    fit();
    draw();
  }

  function show(which) {
    wholeMode = which;
    select(-1);
  }

  function nodeAt(px, py) {
    var best = -1, bestDist = Infinity;
    nodes.forEach(function (n, i) {
      if (!visible[i]) { return; }
      var dx = sx(n) - px, dy = sy(n) - py, d = Math.sqrt(dx * dx + dy * dy);
      if (d <= radius(n) + 4 && d < bestDist) { best = i; bestDist = d; }
    });
    return best;
  }

  function point(event) {
    var rect = canvas.getBoundingClientRect();
    return { x: event.clientX - rect.left, y: event.clientY - rect.top };
  }

  var drag = null;
  canvas.addEventListener("mousedown", function (event) {
    drag = { start: point(event), tx: view.tx, ty: view.ty, moved: false };
    canvas.style.cursor = "grabbing";
  });
  window.addEventListener("mousemove", function (event) {
    if (!drag) { return; }
    var p = point(event), dx = p.x - drag.start.x, dy = p.y - drag.start.y;
    if (Math.abs(dx) + Math.abs(dy) > 3) { drag.moved = true; }
    view.tx = drag.tx + dx; view.ty = drag.ty + dy;
    draw();
  });
  window.addEventListener("mouseup", function (event) {
    if (!drag) { return; }
    var moved = drag.moved;
    drag = null;
    canvas.style.cursor = "grab";
    if (!moved && event.target === canvas) {
      var p = point(event), i = nodeAt(p.x, p.y);
      if (i >= 0) { select(i); }
    }
  });
  canvas.addEventListener("wheel", function (event) {
    event.preventDefault();
    var p = point(event), factor = event.deltaY < 0 ? 1.2 : 1 / 1.2;
    view.tx = p.x - (p.x - view.tx) * factor;
    view.ty = p.y - (p.y - view.ty) * factor;
    view.scale *= factor;
    draw();
  }, { passive: false });

  var search = document.getElementById("netnp-search");
  var matches = document.getElementById("netnp-matches");
  function normal(s) { return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); }
  var names = nodes.map(function (n) { return normal(n.name); });
  var ids = nodes.map(function (n) { return normal(n.id); });
  search.addEventListener("input", function () {
    matches.textContent = "";
    var q = normal(search.value.trim());
    if (!q) { return; }
    var found = [];
    for (var i = 0; i < nodes.length && found.length < 12; i++) {
      if (names[i].indexOf(q) >= 0 || ids[i].indexOf(q) >= 0) { found.push(i); }
    }
    if (!found.length) { matches.appendChild(text("li", L.none, "note")); return; }
    found.forEach(function (i) {
      var li = text("li", nodes[i].name);
      if (nodes[i].name !== nodes[i].id) { li.appendChild(text("span", " " + nodes[i].id, "note")); }
      li.tabIndex = 0;
      li.setAttribute("data-index", String(i));
      li.addEventListener("click", function () { select(i); });
      li.addEventListener("keydown", function (event) { if (event.key === "Enter") { select(i); } });
      matches.appendChild(li);
    });
  });
  search.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && matches.firstChild && matches.firstChild.hasAttribute("data-index")) {
      select(Number(matches.firstChild.getAttribute("data-index")));
    }
  });

  ["kind", "cluster", "role"].forEach(function (what) {
    var control = document.getElementById("netnp-" + what);
    control.addEventListener("change", function () {
      filters[what] = control.value;
      refresh();
      fit();
      draw();
    });
  });
  var addedBox = document.getElementById("netnp-added");
  if (addedBox) { addedBox.addEventListener("change", function () { showAdded = addedBox.checked; draw(); }); }
  var start = document.getElementById("netnp-show-start");
  if (start) { start.addEventListener("click", function () { show("start"); }); }
  document.getElementById("netnp-show-all").addEventListener("click", function () { show("all"); });
  document.getElementById("netnp-back").addEventListener("click", function () { select(-1); });

  window.addEventListener("resize", function () { size(); draw(); });
  window.netnpView = {
    select: select, show: show, nodes: nodes, edges: edges, added: data.added || [],
    mode: function () { return mode; },
    visible: function () { return visible.slice(); },
    labels: function () { return placed.map(function (b) { return { x: b.x, y: b.y, w: b.w, h: b.h, text: b.text, index: b.index }; }); }
  };
  refresh();
  fit();
  draw();
})();
