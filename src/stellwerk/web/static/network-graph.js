// SPDX-License-Identifier: EUPL-1.2
// Network graph view: re-draws the server-rendered SVG from the JSON feed when a
// filter changes, and highlights an actor's neighbours on hover, focus or click.
// Plain JavaScript, no dependencies; without JavaScript the form and SVG still work.
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";
  var svg = document.getElementById("netz-graph");
  var form = document.getElementById("netz-filter");
  var status = document.getElementById("netz-status");
  if (!svg || !form) { return; }

  function el(name, attrs, text) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function germanDate(iso) {
    var p = iso.split("-");
    return p[2] + "." + p[1] + "." + p[0];
  }

  function draw(feed) {
    var byId = {};
    feed.nodes.forEach(function (n) { byId[n.id] = n; });
    var edges = svg.querySelector("g.edges");
    var nodes = svg.querySelector("g.nodes");
    edges.textContent = "";
    nodes.textContent = "";
    feed.edges.forEach(function (e) {
      var a = byId[e.source], b = byId[e.target];
      var line = el("line", {
        "class": "edge kind-" + e.kind + (e.formal ? "" : " informal"),
        "data-source": e.source, "data-target": e.target,
        x1: a.x, y1: a.y, x2: b.x, y2: b.y, "stroke-width": Math.min(1 + e.weight * 0.5, 6)
      });
      line.appendChild(el("title", {}, a.name + " – " + b.name + ": " + e.kind +
        (e.bodies.length ? "; Gremien: " + e.bodies.join(", ") : "")));
      edges.appendChild(line);
    });
    feed.nodes.forEach(function (n) {
      var r = 6 + Math.min(n.degree, 12);
      var g = el("g", {
        "class": "node sector-" + n.sector, "data-id": n.id, tabindex: "0",
        transform: "translate(" + n.x + "," + n.y + ")",
        "aria-label": n.name + " (" + (feed.sectors[n.sector] || n.sector) + "), " + n.degree + " Verbindungen"
      });
      g.appendChild(el("circle", { r: r }));
      g.appendChild(el("text", { x: r + 3, y: 4 }, n.name));
      g.appendChild(el("title", {}, n.name + " – " + (feed.sectors[n.sector] || n.sector) + ", " + n.degree + " Verbindungen"));
      nodes.appendChild(g);
    });
    var title = svg.querySelector("title");
    var text = feed.nodes.length + " Akteure, " + feed.edges.length + " Kanten am " + germanDate(feed.date) + ".";
    if (title) { title.textContent = "Netzwerkgraph: " + text; }
    if (status) { status.textContent = text; }
  }

  function focusNode(id) {
    svg.classList.toggle("focus", id !== null);
    var near = {};
    if (id !== null) { near[id] = true; }
    svg.querySelectorAll("line.edge").forEach(function (line) {
      var s = line.getAttribute("data-source"), t = line.getAttribute("data-target");
      var hit = id !== null && (s === id || t === id);
      line.classList.toggle("near", hit);
      if (hit) { near[s] = true; near[t] = true; }
    });
    svg.querySelectorAll("g.node").forEach(function (g) {
      var nid = g.getAttribute("data-id");
      g.classList.toggle("near", !!near[nid]);
      g.classList.toggle("active", nid === id);
    });
  }

  var pinned = null;
  function nodeOf(event) {
    var g = event.target.closest ? event.target.closest("g.node") : null;
    return g ? g.getAttribute("data-id") : null;
  }
  svg.addEventListener("mouseover", function (e) { if (pinned === null) { focusNode(nodeOf(e)); } });
  svg.addEventListener("mouseout", function () { if (pinned === null) { focusNode(null); } });
  svg.addEventListener("focusin", function (e) { focusNode(nodeOf(e)); });
  svg.addEventListener("focusout", function () { if (pinned === null) { focusNode(null); } });
  svg.addEventListener("click", function (e) {
    var id = nodeOf(e);
    pinned = (id === pinned) ? null : id;
    focusNode(pinned);
  });
  svg.addEventListener("keydown", function (e) {
    if (e.key === "Escape") { pinned = null; focusNode(null); }
  });

  function query() {
    var params = new URLSearchParams(new FormData(form));
    Array.from(params.keys()).forEach(function (key) {
      if (!params.getAll(key).some(Boolean)) { params.delete(key); }
    });
    return params.toString();
  }

  var pending = null;
  function refresh() {
    var qs = query();
    if (pending) { pending.abort(); }
    pending = new AbortController();
    if (status) { status.textContent = "Lade …"; }
    fetch(svg.getAttribute("data-feed") + "?" + qs, { signal: pending.signal, headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          return response.json().then(function (body) { throw new Error(body.detail || response.statusText); });
        }
        return response.json();
      })
      .then(function (feed) {
        pinned = null;
        draw(feed);
        history.replaceState(null, "", form.getAttribute("action") + (qs ? "?" + qs : ""));
      })
      .catch(function (error) {
        if (error.name !== "AbortError" && status) { status.textContent = "Fehler: " + error.message; }
      });
  }

  form.addEventListener("change", refresh);
  form.addEventListener("submit", function (e) { e.preventDefault(); refresh(); });
})();
