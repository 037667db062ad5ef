// The actor network: a small force layout drawn on a canvas (no library).
// Drag a node to move it, drag the background to pan, wheel to zoom, click a node for its profile.
// Names are placed most cited first and only where they overlap no name already placed (zooming
// in makes room for more; a hovered node always shows its name); the entity in focus is drawn
// last, ringed and labelled above its neighbours. Colours match the legend (app.css).
"use strict";
(function () {
  const COLORS = {PERSON: "#0072B2", ORG: "#E69F00", GPE: "#009E73", NORP: "#CC79A7", LOC: "#56B4E9"};
  const EVENT = "rgba(213,94,0,0.8)", NAMED_WITH = "rgba(130,130,130,0.35)";
  const box = document.getElementById("network");
  if (!box) return;
  const canvas = box.querySelector("canvas"), status = box.querySelector(".net-status");
  const ctx = canvas.getContext("2d");
  let nodes = [], edges = [], view = {k: 1, x: 0, y: 0}, heat = 0, drag = null, hover = null, touched = false;

  function size() {
    const ratio = window.devicePixelRatio || 1, w = box.clientWidth || 800;
    const h = box.classList.contains("small") ? 360 : Math.max(420, Math.round(window.innerHeight * 0.65));
    canvas.width = w * ratio; canvas.height = h * ratio;
    canvas.style.width = w + "px"; canvas.style.height = h + "px";
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    return {w: w, h: h};
  }
  let dims = size();

  function layoutTick() {
    const n = nodes.length;
    for (let i = 0; i < n; i++) {
      const a = nodes[i];
      for (let j = i + 1; j < n; j++) {
        const b = nodes[j];
        let dx = a.x - b.x, dy = a.y - b.y, d2 = dx * dx + dy * dy;
        if (d2 < 1) { dx = (i - j) * 0.1 + 0.5; dy = 0.5; d2 = 1; }
        const f = 1600 / d2, d = Math.sqrt(d2);
        a.vx += (dx / d) * f; a.vy += (dy / d) * f; b.vx -= (dx / d) * f; b.vy -= (dy / d) * f;
      }
    }
    for (const e of edges) {
      const dx = e.t.x - e.s.x, dy = e.t.y - e.s.y, d = Math.sqrt(dx * dx + dy * dy) || 1;
      const f = (d - 90) * 0.02;
      e.s.vx += (dx / d) * f; e.s.vy += (dy / d) * f; e.t.vx -= (dx / d) * f; e.t.vy -= (dy / d) * f;
    }
    for (const a of nodes) {
      a.vx -= a.x * 0.01; a.vy -= a.y * 0.01;
      if (a !== (drag && drag.node)) { a.x += Math.max(-20, Math.min(20, a.vx * heat)); a.y += Math.max(-20, Math.min(20, a.vy * heat)); }
      a.vx *= 0.6; a.vy *= 0.6;
    }
    heat *= 0.985;
  }

  // Zoom and centre so the laid-out graph fills the canvas (with room for labels).
  function fit() {
    if (!nodes.length) return;
    const xs = nodes.map((n) => n.x), ys = nodes.map((n) => n.y);
    const minX = Math.min(...xs), maxX = Math.max(...xs), minY = Math.min(...ys), maxY = Math.max(...ys);
    const k = Math.min((dims.w - 160) / Math.max(1, maxX - minX), (dims.h - 60) / Math.max(1, maxY - minY));
    view.k = Math.max(0.2, Math.min(2.5, k));
    view.x = -((minX + maxX) / 2) * view.k; view.y = -((minY + maxY) / 2) * view.k;
  }

  function toScreen(p) { return {x: dims.w / 2 + view.x + p.x * view.k, y: dims.h / 2 + view.y + p.y * view.k}; }
  function toWorld(x, y) { return {x: (x - dims.w / 2 - view.x) / view.k, y: (y - dims.h / 2 - view.y) / view.k}; }

  function draw() {
    ctx.clearRect(0, 0, dims.w, dims.h);
    for (const e of edges) {
      const s = toScreen(e.s), t = toScreen(e.t);
      ctx.strokeStyle = e.kind === "event" ? EVENT : NAMED_WITH;
      ctx.lineWidth = Math.min(6, 0.6 + Math.log2(1 + e.weight));
      ctx.beginPath(); ctx.moveTo(s.x, s.y); ctx.lineTo(t.x, t.y); ctx.stroke();
      if (e.kind === "event") {
        const ang = Math.atan2(t.y - s.y, t.x - s.x), r = e.t.r * view.k + 2;
        const hx = t.x - Math.cos(ang) * r, hy = t.y - Math.sin(ang) * r;
        ctx.fillStyle = ctx.strokeStyle; ctx.beginPath(); ctx.moveTo(hx, hy);
        ctx.lineTo(hx - 9 * Math.cos(ang - 0.4), hy - 9 * Math.sin(ang - 0.4));
        ctx.lineTo(hx - 9 * Math.cos(ang + 0.4), hy - 9 * Math.sin(ang + 0.4)); ctx.fill();
      }
    }
    const order = nodes.filter((a) => !a.focus).concat(nodes.filter((a) => a.focus));  // focus on top
    for (const a of order) {
      const p = toScreen(a), r = a.r * view.k * (a.focus ? 1.3 : 1);
      ctx.fillStyle = COLORS[a.type] || "#777"; ctx.beginPath(); ctx.arc(p.x, p.y, r, 0, 2 * Math.PI); ctx.fill();
      ctx.strokeStyle = a.focus ? "#111" : "#fff"; ctx.lineWidth = a.focus ? 3.5 : 1.5; ctx.stroke();
    }
    drawLabels();
  }

  // Labels without overlaps: the focus and the hovered node first, then by rank (most cited first).
  function drawLabels() {
    const placed = [], shown = [];
    const byRank = [...nodes].sort((a, b) => (b.focus - a.focus) || ((b === hover) - (a === hover)) || a.rank - b.rank);
    for (const a of byRank) {
      const p = toScreen(a), r = a.r * view.k * (a.focus ? 1.3 : 1);
      if (p.x < -50 || p.y < -20 || p.x > dims.w + 50 || p.y > dims.h + 20) continue;
      ctx.font = a.focus ? "bold 14px system-ui, sans-serif" : "12px system-ui, sans-serif";
      const w = ctx.measureText(a.name).width, lb = {x: p.x + r + 3, y: p.y - 8, w: w, h: 14};
      const free = !placed.some((o) => lb.x < o.x + o.w + 2 && o.x < lb.x + lb.w + 2 && lb.y < o.y + o.h && o.y < lb.y + lb.h);
      if (!free) continue;  // the focus and the hovered node come first, so they always find room
      placed.push(lb); shown.push(a.id);
      if (a.focus || a === hover) { ctx.fillStyle = "rgba(255,255,255,0.85)"; ctx.fillRect(lb.x - 2, lb.y - 1, w + 4, lb.h + 3); }
      ctx.fillStyle = a.focus ? "#000" : "#222"; ctx.fillText(a.name, lb.x, p.y + 4);
    }
    box.dataset.labels = JSON.stringify(shown);
    box.dataset.labelBoxes = JSON.stringify(placed.map((b) => [Math.round(b.x), Math.round(b.y), Math.round(b.w), b.h]));
  }

  function frame() {
    if (heat > 0.02) { layoutTick(); if (!touched) fit(); }  // keep the whole graph in view until the user takes over
    draw();
    if (heat > 0.02 || drag) window.requestAnimationFrame(frame);
  }
  function wake() { const idle = heat <= 0.02 && !drag; heat = Math.max(heat, 0.5); if (idle) window.requestAnimationFrame(frame); }

  function nodeAt(x, y) {
    for (let i = nodes.length - 1; i >= 0; i--) {
      const p = toScreen(nodes[i]), r = Math.max(6, nodes[i].r * view.k);
      if ((p.x - x) ** 2 + (p.y - y) ** 2 <= r * r) return nodes[i];
    }
    return null;
  }
  function local(ev) { const b = canvas.getBoundingClientRect(); return {x: ev.clientX - b.left, y: ev.clientY - b.top}; }

  canvas.addEventListener("mousedown", (ev) => {
    const m = local(ev), node = nodeAt(m.x, m.y);
    drag = {node: node, x: m.x, y: m.y, vx: view.x, vy: view.y, moved: false};
    touched = true;
    if (node) wake();
  });
  window.addEventListener("mousemove", (ev) => {
    const m = local(ev);
    if (!drag) {
      const h = nodeAt(m.x, m.y);
      if (h !== hover) { hover = h; canvas.style.cursor = h ? "pointer" : "grab"; draw(); }
      return;
    }
    if (Math.abs(m.x - drag.x) + Math.abs(m.y - drag.y) > 3) drag.moved = true;
    if (drag.node) { const w = toWorld(m.x, m.y); drag.node.x = w.x; drag.node.y = w.y; }
    else { view.x = drag.vx + m.x - drag.x; view.y = drag.vy + m.y - drag.y; draw(); }
  });
  window.addEventListener("mouseup", () => {
    if (drag && drag.node && !drag.moved) window.location.href = "/entity/" + encodeURIComponent(drag.node.id);
    drag = null;
  });
  canvas.addEventListener("wheel", (ev) => {
    ev.preventDefault();
    touched = true;
    const m = local(ev), before = toWorld(m.x, m.y), k = Math.min(8, Math.max(0.2, view.k * (ev.deltaY < 0 ? 1.15 : 1 / 1.15)));
    view.k = k; const after = toScreen(before); view.x += m.x - after.x; view.y += m.y - after.y; draw();
  }, {passive: false});
  window.addEventListener("resize", () => { dims = size(); draw(); });

  function load(data) {
    const byId = new Map();
    const counts = data.nodes.map((n) => n.article_count || 1);
    const top = Math.max(1, ...counts);
    const ranked = [...data.nodes].sort((a, b) => (b.article_count || 0) - (a.article_count || 0));
    nodes = data.nodes.map((n, i) => {
      const ang = i * 2.399963, rad = 30 + 8 * Math.sqrt(i);
      const node = {id: n.id, name: n.name, type: n.type, x: Math.cos(ang) * rad, y: Math.sin(ang) * rad, vx: 0, vy: 0,
        r: 4 + 12 * Math.sqrt((n.article_count || 1) / top), rank: ranked.indexOf(n),
        focus: n.id === (box.dataset.focus || data.focus)};
      byId.set(n.id, node);
      return node;
    });
    edges = data.edges.filter((e) => byId.has(e.source) && byId.has(e.target))
      .map((e) => ({s: byId.get(e.source), t: byId.get(e.target), kind: e.kind, weight: e.weight}));
    box.dataset.nodes = String(nodes.length);
    box.dataset.edges = String(edges.length);
    status.textContent = nodes.length ? nodes.length + " entities, " + edges.length + " links over " + data.articles + " articles"
      : "No links in this selection.";
    for (let i = 0; i < 200; i++) { heat = 1; layoutTick(); }
    fit();
    heat = 0.3; window.requestAnimationFrame(frame);
  }

  let src = box.dataset.src;
  if (box.dataset.forward) src += window.location.search;
  fetch(src, {headers: {Accept: "application/json"}})
    .then((r) => r.ok ? r.json() : Promise.reject(new Error("the server answered " + r.status)))
    .then(load)
    .catch((err) => { status.textContent = "Could not load the network: " + err.message; box.dataset.nodes = "0"; });
})();
