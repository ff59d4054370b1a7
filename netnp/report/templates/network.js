/* netnp report: the interactive network view.
 * Draws the nodes and ties embedded in <script id="netnp-data"> on a canvas,
 * with positions computed by netnp (netnp/report/view.py). Pan by dragging,
 * zoom with the wheel, click a node for its details, search by name.
 * Every text from the data is set with textContent, never as HTML.
 * Inlined into the report at render time; it loads nothing. */
(function () {
  "use strict";
  var source = document.getElementById("netnp-data");
  var canvas = document.getElementById("netnp-canvas");
  if (!source || !canvas) { return; }
  var data = JSON.parse(source.textContent);
  var nodes = data.nodes, edges = data.edges, L = data.labels;
  var ctx = canvas.getContext("2d");
  var fmt = new Intl.NumberFormat(data.lang, { maximumFractionDigits: 4 });
  var view = { scale: 1, tx: 0, ty: 0 }, fitScale = 1;
  var selected = -1, neighbours = {};
  var adjacency = nodes.map(function () { return []; });
  edges.forEach(function (e) { adjacency[e[0]].push(e[1]); adjacency[e[1]].push(e[0]); });

  function has(node, role) { return node.roles.indexOf(role) >= 0; }

  function size() {
    var ratio = window.devicePixelRatio || 1;
    var w = canvas.clientWidth || 800, h = canvas.clientHeight || 600;
    canvas.width = Math.round(w * ratio);
    canvas.height = Math.round(h * ratio);
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    return { w: w, h: h };
  }

  function fit() {
    var box = size();
    if (!nodes.length) { return; }
    var minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    nodes.forEach(function (n) {
      minX = Math.min(minX, n.x); maxX = Math.max(maxX, n.x);
      minY = Math.min(minY, n.y); maxY = Math.max(maxY, n.y);
    });
    var pad = 30;
    view.scale = Math.min((box.w - 2 * pad) / Math.max(maxX - minX, 1), (box.h - 2 * pad) / Math.max(maxY - minY, 1));
    view.tx = (box.w - (maxX - minX) * view.scale) / 2 - minX * view.scale;
    view.ty = (box.h - (maxY - minY) * view.scale) / 2 - minY * view.scale;
    fitScale = view.scale;
  }

  function sx(n) { return n.x * view.scale + view.tx; }
  function sy(n) { return n.y * view.scale + view.ty; }
  function radius(n) { return n.r * Math.max(0.6, Math.min(2.5, Math.sqrt(view.scale * 1.6))); }

  function draw() {
    var w = canvas.clientWidth, h = canvas.clientHeight;
    ctx.clearRect(0, 0, w, h);
    ctx.lineWidth = 0.6;
    ctx.strokeStyle = "rgba(90, 100, 110, 0.22)";
    ctx.beginPath();
    edges.forEach(function (e) {
      var a = nodes[e[0]], b = nodes[e[1]];
      ctx.moveTo(sx(a), sy(a)); ctx.lineTo(sx(b), sy(b));
    });
    ctx.stroke();
    if (selected >= 0) {
      ctx.lineWidth = 1.6;
      ctx.strokeStyle = "rgba(208, 0, 0, 0.7)";
      ctx.beginPath();
      adjacency[selected].forEach(function (j) {
        ctx.moveTo(sx(nodes[selected]), sy(nodes[selected])); ctx.lineTo(sx(nodes[j]), sy(nodes[j]));
      });
      ctx.stroke();
    }
    var drawn = 0;
    nodes.forEach(function (n, i) {
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
    ctx.font = "12px system-ui, sans-serif";
    ctx.fillStyle = "#1f2328";
    ctx.textAlign = "center";
    // Names of the most influential hubs (nodes come sorted by PageRank), more as one zooms in.
    var named = Math.round(15 * Math.max(1, Math.pow(view.scale / fitScale, 2)));
    nodes.forEach(function (n, i) {
      if (!((has(n, "Hub") && i < named) || n.focus || i === selected || neighbours[i])) { return; }
      var label = n.name.length > 40 ? n.name.slice(0, 39) + "…" : n.name;
      ctx.fillText(label, sx(n), sy(n) - radius(n) - 4);
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
    if (i < 0) { return; }
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

  function select(i, centre) {
    selected = i;
    neighbours = {};
    if (i >= 0) {
      adjacency[i].forEach(function (j) { neighbours[j] = true; });
      if (centre) {
        var w = canvas.clientWidth, h = canvas.clientHeight;
        view.tx = w / 2 - nodes[i].x * view.scale;
        view.ty = h / 2 - nodes[i].y * view.scale;
      }
    }
    details(i);
    draw();
  }

  function nodeAt(px, py) {
    var best = -1, bestDist = Infinity;
    nodes.forEach(function (n, i) {
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
    if (!moved && event.target === canvas) { var p = point(event); select(nodeAt(p.x, p.y), false); }
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
  search.addEventListener("input", function () {
    matches.textContent = "";
    var q = normal(search.value.trim());
    if (!q) { return; }
    var found = [];
    for (var i = 0; i < nodes.length && found.length < 12; i++) { if (names[i].indexOf(q) >= 0) { found.push(i); } }
    if (!found.length) { matches.appendChild(text("li", L.none, "note")); return; }
    found.forEach(function (i) {
      var li = text("li", nodes[i].name);
      li.tabIndex = 0;
      li.setAttribute("data-index", String(i));
      li.addEventListener("click", function () { select(i, true); });
      li.addEventListener("keydown", function (event) { if (event.key === "Enter") { select(i, true); } });
      matches.appendChild(li);
    });
  });
  search.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && matches.firstChild && matches.firstChild.hasAttribute("data-index")) {
      select(Number(matches.firstChild.getAttribute("data-index")), true);
    }
  });

  window.addEventListener("resize", function () { size(); draw(); });
  window.netnpView = { select: select, nodes: nodes, edges: edges };
  fit();
  draw();
})();
