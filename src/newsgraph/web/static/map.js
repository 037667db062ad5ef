// The world map: country outlines served by the app (GeoJSON) on an equirectangular projection,
// with clustered place markers. Wheel to zoom, drag to pan, click a cluster to zoom in, a place
// to open its profile. No tiles, no network beyond this app. The biggest markers are labelled with
// their most cited place where the name overlaps no other; colours match the legend (app.css).
"use strict";
(function () {
  const box = document.getElementById("map");
  if (!box) return;
  const canvas = box.querySelector("canvas"), status = box.querySelector(".map-status"), tip = box.querySelector(".map-tip");
  const ctx = canvas.getContext("2d");
  let shapes = [], places = [], clusters = [], view = {k: 1, x: 0, y: 0}, dims = null, drag = null;
  const CELL = 44;

  function size() {
    const ratio = window.devicePixelRatio || 1, w = box.clientWidth || 900, h = Math.round(w / 2);
    canvas.width = w * ratio; canvas.height = h * ratio; canvas.style.width = w + "px"; canvas.style.height = h + "px";
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    dims = {w: w, h: h};
  }
  function project(lon, lat) {
    return {x: ((lon + 180) / 360) * dims.w * view.k + view.x, y: ((90 - lat) / 180) * dims.h * view.k + view.y};
  }

  function drawBase() {
    ctx.fillStyle = "#eef4f8"; ctx.fillRect(0, 0, dims.w, dims.h);
    ctx.strokeStyle = "rgba(90,120,150,0.25)"; ctx.lineWidth = 1;
    for (let lon = -180; lon <= 180; lon += 30) { const a = project(lon, 90), b = project(lon, -90); ctx.beginPath(); ctx.moveTo(a.x, a.y); ctx.lineTo(b.x, b.y); ctx.stroke(); }
    for (let lat = -90; lat <= 90; lat += 30) { const a = project(-180, lat), b = project(180, lat); ctx.beginPath(); ctx.moveTo(a.x, a.y); ctx.lineTo(b.x, b.y); ctx.stroke(); }
    ctx.fillStyle = "#dfe5d6"; ctx.strokeStyle = "#a9b39c"; ctx.lineWidth = 0.7;
    for (const polygon of shapes) {
      ctx.beginPath();
      for (const ring of polygon) {
        ring.forEach((pt, i) => { const p = project(pt[0], pt[1]); if (i) ctx.lineTo(p.x, p.y); else ctx.moveTo(p.x, p.y); });
        ctx.closePath();
      }
      ctx.fill(); ctx.stroke();
    }
  }

  function cluster() {
    const cells = new Map();
    for (const p of places) {
      const s = project(p.lon, p.lat);
      if (s.x < -CELL || s.y < -CELL || s.x > dims.w + CELL || s.y > dims.h + CELL) continue;
      const key = Math.floor(s.x / CELL) + ":" + Math.floor(s.y / CELL);
      let c = cells.get(key);
      if (!c) { c = {members: [], x: 0, y: 0, articles: 0, events: 0}; cells.set(key, c); }
      c.members.push(p); c.x += s.x; c.y += s.y; c.articles += p.article_count; c.events += p.events || 0;
    }
    clusters = [...cells.values()].map((c) => ({...c, x: c.x / c.members.length, y: c.y / c.members.length,
      r: 5 + Math.min(22, 3 * Math.sqrt(c.articles))}));
  }

  function draw() {
    drawBase();
    cluster();
    ctx.font = "11px system-ui, sans-serif"; ctx.textAlign = "center";
    for (const c of clusters) {
      ctx.fillStyle = c.members.length > 1 ? "rgba(230,159,0,0.85)" : "rgba(0,114,178,0.8)";
      ctx.beginPath(); ctx.arc(c.x, c.y, c.r, 0, 2 * Math.PI); ctx.fill();
      if (c.events) { ctx.strokeStyle = "#D55E00"; ctx.lineWidth = 2.5; ctx.stroke(); }
      if (c.members.length > 1) { ctx.fillStyle = "#000"; ctx.fillText(String(c.members.length), c.x, c.y + 4); }
    }
    labels();
    box.dataset.markers = String(clusters.length);
  }

  // The most cited place of each marker, biggest markers first, where it overlaps no other name.
  function labels() {
    const placed = [], shown = [];
    ctx.font = "12px system-ui, sans-serif"; ctx.textAlign = "left";
    for (const c of [...clusters].sort((a, b) => b.articles - a.articles)) {
      const top = c.members.reduce((a, b) => (b.article_count > a.article_count ? b : a));
      const w = ctx.measureText(top.name).width, lb = {x: c.x + c.r + 3, y: c.y - 8, w: w, h: 14};
      if (lb.x + w > dims.w || lb.y < 0 || lb.y + lb.h > dims.h) continue;
      if (placed.some((o) => lb.x < o.x + o.w + 3 && o.x < lb.x + lb.w + 3 && lb.y < o.y + o.h && o.y < lb.y + lb.h)) continue;
      if (clusters.some((o) => o !== c && o.x + o.r > lb.x && o.x - o.r < lb.x + w && o.y + o.r > lb.y && o.y - o.r < lb.y + lb.h)) continue;
      placed.push(lb); shown.push(top.name);
      ctx.fillStyle = "rgba(255,255,255,0.75)"; ctx.fillRect(lb.x - 1, lb.y, w + 2, lb.h + 2);
      ctx.fillStyle = "#1d232a"; ctx.fillText(top.name, lb.x, c.y + 4);
    }
    ctx.textAlign = "center";
    box.dataset.labels = JSON.stringify(shown);
  }

  function clusterAt(x, y) {
    for (let i = clusters.length - 1; i >= 0; i--) { const c = clusters[i]; if ((c.x - x) ** 2 + (c.y - y) ** 2 <= (c.r + 2) ** 2) return c; }
    return null;
  }
  function local(ev) { const b = canvas.getBoundingClientRect(); return {x: ev.clientX - b.left, y: ev.clientY - b.top}; }
  function zoomAt(x, y, factor) {
    tip.hidden = true;  // the markers move: a tooltip would describe what is no longer under the mouse
    const k = Math.min(64, Math.max(1, view.k * factor)), f = k / view.k;
    view.x = x - (x - view.x) * f; view.y = y - (y - view.y) * f; view.k = k; draw();
  }

  canvas.addEventListener("wheel", (ev) => { ev.preventDefault(); const m = local(ev); zoomAt(m.x, m.y, ev.deltaY < 0 ? 1.25 : 0.8); }, {passive: false});
  canvas.addEventListener("mousedown", (ev) => { const m = local(ev); drag = {x: m.x, y: m.y, vx: view.x, vy: view.y, moved: false}; });
  window.addEventListener("mousemove", (ev) => {
    const m = local(ev);
    if (drag) {
      if (Math.abs(m.x - drag.x) + Math.abs(m.y - drag.y) > 3) drag.moved = true;
      view.x = drag.vx + m.x - drag.x; view.y = drag.vy + m.y - drag.y; tip.hidden = true; draw(); return;
    }
    const c = m.x >= 0 && m.y >= 0 && m.x <= dims.w && m.y <= dims.h ? clusterAt(m.x, m.y) : null;
    canvas.style.cursor = c ? "pointer" : "grab";
    if (!c) { tip.hidden = true; return; }
    const names = c.members.slice(0, 8).map((p) => p.name + " (" + p.article_count + ")").join(", ");
    tip.textContent = names + (c.members.length > 8 ? ", … " + (c.members.length - 8) + " more" : "") + (c.events ? " · " + c.events + " events" : "");
    tip.hidden = false; tip.style.left = Math.min(dims.w - 220, m.x + 12) + "px"; tip.style.top = (m.y + 12) + "px";
  });
  window.addEventListener("mouseup", (ev) => {
    if (!drag) return;
    const moved = drag.moved; drag = null;
    if (moved) return;
    const m = local(ev), c = clusterAt(m.x, m.y);
    if (!c) return;
    if (c.members.length === 1) window.location.href = "/entity/" + encodeURIComponent(c.members[0].id);
    else zoomAt(c.x, c.y, 2.5);
  });
  window.addEventListener("resize", () => { size(); draw(); });

  function json(url) { return fetch(url, {headers: {Accept: "application/json"}}).then((r) => r.ok ? r.json() : Promise.reject(new Error(url + " answered " + r.status))); }
  size();
  Promise.all([json("/api/countries"), json("/api/places")]).then(([geo, found]) => {
    shapes = [];
    for (const f of geo.features || []) for (const polygon of (f.geometry && f.geometry.coordinates) || []) shapes.push(polygon);
    places = found.filter((p) => typeof p.lat === "number" && typeof p.lon === "number");
    status.textContent = places.length + " places with coordinates, " + shapes.length + " country outlines";
    draw();
  }).catch((err) => { status.textContent = "Could not load the map: " + err.message; box.dataset.markers = "0"; });
})();
