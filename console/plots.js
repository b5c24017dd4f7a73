// SVG plots. Every plot is a <figure> with a caption, an SVG with a <title>/<desc> and a data
// table (the numbers it draws) in a <details>, so it can be read without seeing it.
import { h, s, fmt, table } from "./dom.js";

const W = 560, H = 360, M = { l: 48, r: 12, t: 12, b: 36 };

function linear([d0, d1], [r0, r1]) {
  const span = d1 - d0 || 1;
  return (v) => r0 + ((v - d0) / span) * (r1 - r0);
}

function extent(values) {
  let lo = Infinity, hi = -Infinity;
  for (const v of values) { if (v < lo) lo = v; if (v > hi) hi = v; }
  if (lo === Infinity) return [0, 1];
  return lo === hi ? [lo - 0.5, hi + 0.5] : [lo, hi];
}

function axes(x, y, [x0, x1], [y0, y1], xLabel, yLabel) {
  const g = s("g", { class: "axis" });
  g.append(s("line", { x1: M.l, x2: W - M.r, y1: H - M.b, y2: H - M.b }), s("line", { x1: M.l, x2: M.l, y1: M.t, y2: H - M.b }));
  for (let i = 0; i <= 4; i++) {
    const xv = x0 + ((x1 - x0) * i) / 4, yv = y0 + ((y1 - y0) * i) / 4;
    g.append(s("text", { x: x(xv), y: H - M.b + 14, "text-anchor": "middle" }, fmt(xv, 2)));
    g.append(s("text", { x: M.l - 4, y: y(yv) + 3, "text-anchor": "end" }, fmt(yv, 2)));
  }
  g.append(s("text", { x: (M.l + W - M.r) / 2, y: H - 4, "text-anchor": "middle" }, xLabel));
  g.append(s("text", { x: 10, y: M.t + 8 }, yLabel));
  return g;
}

function svg(title, desc) {
  return s("svg", { viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: "img", "aria-label": title },
    s("title", {}, title), s("desc", {}, desc));
}

function figure(id, caption, plot, dataTable, extra) {
  return h("figure", { id }, h("figcaption", {}, caption), extra, plot,
    h("details", {}, h("summary", {}, "Data table"), dataTable));
}

/** Lightness grows with rank (dark = first picked): readable in greyscale. */
export function rankColour(rank, maxRank) {
  const t = maxRank > 1 ? (rank - 1) / (maxRank - 1) : 0;
  return `hsl(222, 70%, ${Math.round(18 + 57 * t)}%)`;
}

/**
 * The map: candidates (grey), selected (by rank, dark first), targets (black crosses).
 * `onHover(point | null, event)` is called as the pointer or the keyboard moves.
 */
export function scatterMap(projection, { onHover }) {
  const pts = projection.points, tgts = projection.targets;
  const [x0, x1] = extent([...pts.map((p) => p.x), ...tgts.map((t) => t.x)]);
  const [y0, y1] = extent([...pts.map((p) => p.y), ...tgts.map((t) => t.y)]);
  const x = linear([x0, x1], [M.l, W - M.r]), y = linear([y0, y1], [H - M.b, M.t]);
  const selected = pts.filter((p) => p.rank !== null).sort((a, b) => b.rank - a.rank);
  const maxRank = selected.length ? selected[0].rank : 1;
  const plot = svg("Map of the candidates and targets (PCA)",
    `${pts.length} sampled candidates of ${projection.total}, ${selected.length} of them selected, ${tgts.length} targets.`);
  plot.setAttribute("tabindex", "0");
  plot.setAttribute("id", "map");
  plot.append(axes(x, y, [x0, x1], [y0, y1], "PC 1", "PC 2"));
  const layer = s("g", { class: "points" });
  const circle = (p, i) => {
    const c = s("circle", { class: p.rank === null ? "pt" : "pt sel", cx: x(p.x).toFixed(1), cy: y(p.y).toFixed(1),
      r: p.rank === null ? 1.6 : 3, "data-i": i, "data-id": p.id });
    if (p.rank !== null) { c.setAttribute("fill", rankColour(p.rank, maxRank)); c.setAttribute("data-rank", p.rank); }
    return c;
  };
  const index = new Map(pts.map((p, i) => [p, i]));
  pts.forEach((p, i) => { if (p.rank === null) layer.append(circle(p, i)); });
  for (const p of selected) layer.append(circle(p, index.get(p)));
  for (const t of tgts) {
    const cx = x(t.x), cy = y(t.y), r = 3.5;
    layer.append(s("path", { class: "tgt", d: `M${cx - r},${cy - r}L${cx + r},${cy + r}M${cx - r},${cy + r}L${cx + r},${cy - r}`, "data-target": t.index }));
  }
  plot.append(layer);
  let hovered = null;
  const hover = (el, event) => {
    if (hovered) hovered.classList.remove("hover");
    hovered = el;
    if (el) el.classList.add("hover");
    onHover(el ? pts[Number(el.getAttribute("data-i"))] : null, event, el);
  };
  layer.addEventListener("mouseover", (e) => { if (e.target.tagName === "circle") hover(e.target, e); });
  layer.addEventListener("mouseout", (e) => { if (e.target.tagName === "circle") hover(null, e); });
  // Keyboard: arrows step through the selected points in rank order.
  const byRank = [...selected].reverse();
  let cursor = -1;
  plot.addEventListener("keydown", (e) => {
    if (!byRank.length || !["ArrowRight", "ArrowLeft", "ArrowDown", "ArrowUp", "Escape"].includes(e.key)) return;
    e.preventDefault();
    if (e.key === "Escape") { cursor = -1; hover(null, e); return; }
    cursor = e.key === "ArrowRight" || e.key === "ArrowDown" ? Math.min(cursor + 1, byRank.length - 1) : Math.max(cursor - 1, 0);
    hover(layer.querySelector(`circle[data-i="${index.get(byRank[cursor])}"]`), e);
  });
  const legend = h("p", { class: "legend" },
    h("span", {}, "○ grey: not selected"), h("span", {}, "● selected, darker = earlier rank (1 to " + maxRank + ")"),
    h("span", {}, "× target"), h("span", { class: "muted" }, "Focus the map and use the arrow keys to step through the selection."));
  const rows = [...byRank.slice(0, 500)];
  const data = table(`Selected points in the sample (first ${rows.length} of ${byRank.length} by rank)`,
    [{ label: "rank", num: true, cell: (p) => p.rank }, { label: "id", cell: (p) => p.id }, { label: "index", num: true, cell: (p) => p.index },
     { label: "x", num: true, cell: (p) => fmt(p.x) }, { label: "y", num: true, cell: (p) => fmt(p.y) }], rows);
  return figure("map-figure", `Map: ${pts.length} candidates (sample of ${projection.total}), ${tgts.length} targets`, plot, data, legend);
}

/** Score by rank, a line. */
export function scoreCurve(selected) {
  const rows = selected.filter((r) => r.score !== null);
  const plot = svg("Score by rank", `${rows.length} selected items with a score.`);
  plot.setAttribute("id", "score-curve");
  if (rows.length) {
    const [x0, x1] = extent(rows.map((r) => r.rank)), [y0, y1] = extent(rows.map((r) => r.score));
    const x = linear([x0, x1], [M.l, W - M.r]), y = linear([y0, y1], [H - M.b, M.t]);
    plot.append(axes(x, y, [x0, x1], [y0, y1], "rank", "score"));
    const step = Math.max(1, Math.floor(rows.length / 2000));
    const d = rows.filter((_, i) => i % step === 0 || i === rows.length - 1).map((r, i) => `${i ? "L" : "M"}${x(r.rank).toFixed(1)},${y(r.score).toFixed(1)}`).join("");
    plot.append(s("path", { class: "line", d }));
  } else {
    plot.append(s("text", { x: W / 2, y: H / 2, "text-anchor": "middle" }, "This method reports no scores."));
  }
  const data = table(null, [{ label: "rank", num: true, cell: (r) => r.rank }, { label: "score", num: true, cell: (r) => fmt(r.score) }], rows.slice(0, 200));
  return figure("score-figure", "Score by rank", plot, data);
}

/** Bins counts of two series side by side: `edges` (n + 1), `series` [{label, counts, cls}]. */
export function histogram(id, caption, edges, series, xLabel) {
  const n = edges.length - 1;
  const max = Math.max(1, ...series.flatMap((se) => se.counts));
  const x = linear([edges[0], edges[n]], [M.l, W - M.r]), y = linear([0, max], [H - M.b, M.t]);
  const plot = svg(caption, series.map((se) => `${se.label}: ${se.counts.reduce((a, b) => a + b, 0)} items`).join("; "));
  plot.setAttribute("id", id + "-plot");
  plot.append(axes(x, y, [edges[0], edges[n]], [0, max], xLabel, "count"));
  const bw = (W - M.l - M.r) / n / series.length;
  for (let b = 0; b < n; b++) {
    series.forEach((se, k) => {
      const c = se.counts[b];
      plot.append(s("rect", { class: se.cls, x: (x(edges[b]) + k * bw).toFixed(1), width: Math.max(bw - 1, 1).toFixed(1),
        y: y(c).toFixed(1), height: (H - M.b - y(c)).toFixed(1) }, s("title", {}, `${se.label}, ${fmt(edges[b], 3)} to ${fmt(edges[b + 1], 3)}: ${c}`)));
    });
  }
  const legend = h("p", { class: "legend" }, series.map((se) => h("span", {}, se.cls === "bar-sel" ? "■ dark: " : "□ light: ", se.label)));
  const rows = [...Array(n).keys()];
  const data = table(null, [{ label: "from", num: true, cell: (b) => fmt(edges[b], 4) }, { label: "to", num: true, cell: (b) => fmt(edges[b + 1], 4) },
    ...series.map((se) => ({ label: se.label, num: true, cell: (b) => se.counts[b] }))], rows);
  return figure(id, caption, plot, data, legend);
}

/** Equal-width bins of `values`. */
export function bins(values, count = 20) {
  const [lo, hi] = values.length ? [Math.min(...values), Math.max(...values)] : [0, 1];
  const n = hi > lo ? count : 1, w = (hi - lo) / n;
  const counts = new Array(n).fill(0);
  for (const v of values) counts[w > 0 ? Math.min(Math.floor((v - lo) / w), n - 1) : 0]++;
  return { edges: [...Array(n + 1).keys()].map((i) => (i === n ? hi : lo + i * w)), counts };
}

/** Per target, best similarity to the selection (filled) and to the pool (open), sorted by the former. */
export function coveragePlot(coverage) {
  const rows = [...coverage.per_target].sort((a, b) => (a.best_selected ?? -Infinity) - (b.best_selected ?? -Infinity) || a.index - b.index);
  const [y0, y1] = extent(rows.flatMap((r) => [r.best_pool, r.best_selected ?? r.best_pool]));
  const x = linear([0, Math.max(rows.length - 1, 1)], [M.l, W - M.r]), y = linear([y0, y1], [H - M.b, M.t]);
  const plot = svg("Per-target coverage", `${rows.length} targets; mean best similarity to the selection ${fmt(coverage.coverage)}; ${fmt(coverage.nn_recall)} of targets have their pool best selected.`);
  plot.setAttribute("id", "coverage-plot");
  plot.append(axes(x, y, [0, Math.max(rows.length - 1, 1)], [y0, y1], "targets, least covered first", "similarity"));
  rows.forEach((r, i) => {
    plot.append(s("circle", { class: "dot-pool", cx: x(i).toFixed(1), cy: y(r.best_pool).toFixed(1), r: 2.5 }));
    if (r.best_selected !== null) plot.append(s("circle", { class: "dot-sel", cx: x(i).toFixed(1), cy: y(r.best_selected).toFixed(1), r: 2 },
      s("title", {}, `target ${r.index}: selection ${fmt(r.best_selected)}, pool ${fmt(r.best_pool)}`)));
  });
  const legend = h("p", { class: "legend" }, h("span", {}, "● best similarity to the selection"), h("span", {}, "○ best similarity to the whole pool"));
  const data = table(null, [{ label: "target", num: true, cell: (r) => r.index }, { label: "best in selection", num: true, cell: (r) => fmt(r.best_selected) },
    { label: "best in pool", num: true, cell: (r) => fmt(r.best_pool) }, { label: "nearest selected", cell: (r) => r.nearest_selected_id ?? "—" }], rows.slice(0, 1000));
  return figure("coverage-figure", `Per-target coverage (mean ${fmt(coverage.coverage)}, nn recall ${fmt(coverage.nn_recall)})`, plot, data, legend);
}
