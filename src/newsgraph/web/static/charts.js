// Bar charts drawn as SVG from JSON blocks on the page (no library).
// A block holds [{period, count}] (one series) or [{period, type, count}] (stacked by type).
// The server chooses the period (day, month or year) and says it in the caption; the axes are
// labelled from the box's data-x-label and data-y-label.
"use strict";
(function () {
  const NS = "http://www.w3.org/2000/svg";
  // Okabe & Ito's colour-blind-safe set (yellow left out: unreadable on white), then grey for the rest.
  const PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#222222"];
  const OTHER = "#B0B0B0";
  // GDELT quad classes: cooperation in blues, conflict in orange and vermilion.
  const QUADS = {"1 verbal cooperation": "#56B4E9", "2 material cooperation": "#0072B2",
    "3 verbal conflict": "#E69F00", "4 material conflict": "#D55E00", "no quad class": OTHER};

  // Each series its own colour: quad classes by meaning, types by size (biggest first).
  function colours(types, totals) {
    if (types.every((t) => t in QUADS)) return new Map(types.map((t) => [t, QUADS[t]]));
    const ranked = types.filter((t) => t !== "other types").sort((a, b) => totals[b] - totals[a] || (a < b ? -1 : 1));
    const out = new Map(ranked.map((t, k) => [t, k < PALETTE.length ? PALETTE[k] : OTHER]));
    out.set("other types", OTHER);
    return out;
  }

  function el(name, attrs, parent) {
    const node = document.createElementNS(NS, name);
    for (const key in attrs) node.setAttribute(key, attrs[key]);
    if (parent) parent.appendChild(node);
    return node;
  }

  // Months (YYYY-MM) and days (YYYY-MM-DD) with no count still take their place on the axis,
  // so gaps show as gaps; past MAX_SLOTS the bars keep only the periods that have data.
  const MAX_SLOTS = 400;
  function continuous(periods) {
    if (periods.length < 2) return periods;
    const first = periods[0], last = periods[periods.length - 1], out = [];
    if (/^\d{4}$/.test(first) && /^\d{4}$/.test(last)) {
      for (let y = +first; y <= +last && out.length < MAX_SLOTS; y++) out.push(String(y));
      return out;
    }
    if (/^\d{4}-\d{2}$/.test(first) && /^\d{4}-\d{2}$/.test(last)) {
      let y = +first.slice(0, 4), m = +first.slice(5, 7);
      const ly = +last.slice(0, 4), lm = +last.slice(5, 7);
      if ((ly - y) * 12 + lm - m >= MAX_SLOTS) return periods;
      while (y < ly || (y === ly && m <= lm)) { out.push(y + "-" + String(m).padStart(2, "0")); m++; if (m > 12) { m = 1; y++; } }
      return out;
    }
    if (/^\d{4}-\d{2}-\d{2}$/.test(first) && /^\d{4}-\d{2}-\d{2}$/.test(last)) {
      const start = Date.parse(first + "T00:00:00Z"), end = Date.parse(last + "T00:00:00Z");
      if (!(end > start) || (end - start) / 86400000 >= MAX_SLOTS) return periods;
      for (let t = start; t <= end; t += 86400000) out.push(new Date(t).toISOString().slice(0, 10));
      return out;
    }
    return periods;
  }

  function draw(box, rows) {
    const periods = continuous([...new Set(rows.map((r) => r.period))].sort());
    const totalsByType = {};
    for (const r of rows) totalsByType[r.type || "count"] = (totalsByType[r.type || "count"] || 0) + r.count;
    const palette = colours(Object.keys(totalsByType), totalsByType);
    const types = [...palette.keys()].filter((t) => t in totalsByType);
    const stacks = new Map(periods.map((p) => [p, {}]));
    for (const r of rows) stacks.get(r.period)[r.type || "count"] = (stacks.get(r.period)[r.type || "count"] || 0) + r.count;
    const totals = periods.map((p) => Object.values(stacks.get(p)).reduce((a, b) => a + b, 0));
    const max = Math.max(1, ...totals);
    const width = Math.max(320, box.clientWidth || 600), height = 196, left = 48, bottom = 38, top = 8;
    const svg = el("svg", {width: width, height: height + (types.length > 1 ? 20 * Math.ceil(types.length / 5) : 0),
      class: "bars", role: "img"}, null);
    const plotW = width - left - 8, plotH = height - bottom - top;
    const step = plotW / Math.max(1, periods.length), barW = Math.max(1, Math.min(40, step * 0.8));
    el("line", {x1: left, y1: top + plotH, x2: width - 8, y2: top + plotH, class: "axis"}, svg);
    for (const tick of [0, Math.round(max / 2), max]) {
      const y = top + plotH - (tick / max) * plotH;
      el("text", {x: left - 4, y: y + 4, "text-anchor": "end", class: "tick"}, svg).textContent = String(tick);
    }
    periods.forEach((p, i) => {
      let y = top + plotH;
      types.forEach((t, k) => {
        const v = stacks.get(p)[t] || 0;
        if (!v) return;
        const h = (v / max) * plotH;
        y -= h;
        const rect = el("rect", {x: left + i * step + (step - barW) / 2, y: y, width: barW, height: Math.max(h, 0.5),
          fill: palette.get(t) || PALETTE[0], class: "bar", "data-series": t}, svg);
        el("title", {}, rect).textContent = p + (t === "count" ? "" : " · " + t) + ": " + v;
      });
    });
    const every = Math.ceil(periods.length / Math.max(1, Math.floor(plotW / 70)));
    periods.forEach((p, i) => {
      if (i % every) return;
      el("text", {x: left + i * step + step / 2, y: top + plotH + 14, "text-anchor": "middle", class: "tick"}, svg).textContent = p;
    });
    el("text", {x: left + plotW / 2, y: height - 4, "text-anchor": "middle", class: "axis-label"}, svg).textContent =
      box.dataset.xLabel || "period";
    el("text", {x: 12, y: top + plotH / 2, "text-anchor": "middle", class: "axis-label",
      transform: "rotate(-90 12 " + (top + plotH / 2) + ")"}, svg).textContent = box.dataset.yLabel || "count";
    if (types.length > 1) {
      types.forEach((t, k) => {
        const x = 8 + (k % 5) * Math.floor((width - 16) / 5), y = height + 14 + 20 * Math.floor(k / 5);
        el("rect", {x: x, y: y - 9, width: 10, height: 10, fill: palette.get(t), class: "legend-swatch"}, svg);
        el("text", {x: x + 14, y: y, class: "tick"}, svg).textContent = t;
      });
    }
    box.replaceChildren(svg);
    box.dataset.drawn = String(periods.length);
  }

  function init() {
    for (const box of document.querySelectorAll("[data-chart]")) {
      const source = document.getElementById(box.dataset.chart);
      let rows = [];
      try { rows = JSON.parse(source ? source.textContent : "[]") || []; } catch (err) { rows = []; }
      if (!rows.length) { box.textContent = "no data"; box.dataset.drawn = "0"; continue; }
      draw(box, rows);
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
