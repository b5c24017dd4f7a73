// A selection's result: the map (PCA of a seeded sample, from the engine), the score curve and
// histograms, per-target coverage, and the table of selected items with exports.
import { get, download, enc, APIError } from "./api.js";
import { h, fmt, table, errorBox } from "./dom.js";
import { scatterMap, scoreCurve, histogram, bins, coveragePlot } from "./plots.js";

const TABLE_PAGE = 50;

function markFirstPlot() {
  if (document.body.dataset.firstPlotMs) return;
  requestAnimationFrame(() => {
    document.body.dataset.firstPlotMs = String(Math.round(performance.now()));
    performance.mark("shortlist:first-plot");
  });
}

async function fill(slot, work) {
  try {
    slot.replaceChildren(await work());
  } catch (error) {
    slot.replaceChildren(errorBox(error));
  }
}

export async function resultPage(jobID) {
  delete document.body.dataset.firstPlotMs;
  const job = await get(`/v1/jobs/${enc(jobID)}`);
  if (job.kind !== "selection" || job.status !== "succeeded") {
    return h("section", {}, h("h2", {}, `Job ${jobID}`), h("p", {}, `This ${job.kind} job is ${job.status}; only a succeeded selection has a result. `, h("a", { href: "#/jobs" }, "Jobs")));
  }
  const { pool, feature } = job.request.candidates;
  const slots = { curve: h("div", {}, "Loading scores…"), map: h("div", {}, "Loading the map…"), coverage: h("div", {}, "Loading coverage…"), table: h("div", {}, "Loading items…") };
  const resultPath = `/v1/jobs/${enc(jobID)}/result`;
  const result = get(`${resultPath}?limit=100000`);
  fill(slots.curve, async () => {
    const r = await result;
    // Methods that score every candidate send the exact histogram of all their scores, selected
    // vs not; the others score only what they pick, so only those scores can be drawn.
    const all = r.diagnostics?.score_histogram;
    let plot;
    if (all) {
      const total = [...all.selected, ...all.not_selected].reduce((a, b) => a + b, 0);
      plot = histogram("score-histogram", `Scores of all ${total} candidates, selected vs not`, all.edges,
        [{ label: "selected", counts: all.selected, cls: "bar-sel" }, { label: "not selected", counts: all.not_selected, cls: "bar-other" }], "score");
    } else {
      const scores = r.selected.map((x) => x.score).filter((x) => x !== null);
      const hist = bins(scores);
      plot = histogram("score-histogram", `Scores of the ${scores.length} selected items (${r.method} scores only the items it selects)`, hist.edges,
        [{ label: "selected", counts: hist.counts, cls: "bar-sel" }], "score");
    }
    const figure = h("div", { class: "grid" }, scoreCurve(r.selected), plot);
    markFirstPlot();
    return figure;
  });
  fill(slots.map, async () => {
    const details = await get(`/v1/pools/${enc(pool)}`);
    const checkpoints = (details.features.find((f) => f.name === feature) || { checkpoints: [] }).checkpoints;
    const checkpoint = checkpoints.length > 1 ? `&checkpoint=${enc(checkpoints[0].label)}` : "";
    const projection = await get(`/v1/pools/${enc(pool)}/features/${enc(feature)}/projection?targets_job=${enc(jobID)}${checkpoint}`);
    const r = await result;
    const inSample = projection.points.filter((p) => p.rank !== null).length;
    const tooltip = document.getElementById("tooltip");
    const questions = new Map();
    const onHover = async (point, event, el) => {
      if (!point) { tooltip.hidden = true; return; }
      const box = el.getBoundingClientRect();
      tooltip.style.left = `${Math.round(box.right + 8)}px`;
      tooltip.style.top = `${Math.round(box.top - 8)}px`;
      tooltip.hidden = false;
      const head = `${point.id}${point.rank !== null ? ` — rank ${point.rank}` : ""}`;
      tooltip.replaceChildren(h("strong", { "data-hover-id": point.id }, head));
      if (!questions.has(point.id)) {
        questions.set(point.id, get(`/v1/pools/${enc(pool)}/items/${enc(point.id)}`).then((i) => i.question ?? i.text ?? "", () => ""));
      }
      const q = await questions.get(point.id);
      if (!tooltip.hidden && tooltip.querySelector("[data-hover-id]")?.getAttribute("data-hover-id") === point.id && q) tooltip.append(h("div", {}, q.slice(0, 300)));
    };
    return h("div", {}, scatterMap(projection, { onHover }),
      h("p", { class: "muted" }, `${inSample} of the ${r.total} selected items are in this sample of ${projection.sample} (seed ${projection.seed}); PC variances ${fmt(projection.variances[0])}, ${fmt(projection.variances[1])} of ${fmt(projection.total_variance)}.`));
  });
  fill(slots.coverage, async () => {
    let coverage;
    try {
      coverage = await get(`/v1/jobs/${enc(jobID)}/coverage?least=20`);
    } catch (error) {
      if (error instanceof APIError && error.status === 409) return h("p", {}, `No coverage: ${error.body?.error?.message ?? error.message}`);
      throw error;
    }
    const cb = coverage.candidate_best;
    const least = coverage.least_covered.map((i) => coverage.per_target[i]);
    return h("div", {}, h("div", { class: "grid" }, coveragePlot(coverage),
      histogram("relevance-histogram", "Best similarity to any target, selected vs not", cb.edges,
        [{ label: "selected", counts: cb.selected, cls: "bar-sel" }, { label: "not selected", counts: cb.not_selected, cls: "bar-other" }], "best similarity to a target")),
      table(`The ${least.length} least-covered targets`, [{ label: "target", num: true, cell: (t) => t.index },
        { label: "best in selection", num: true, cell: (t) => fmt(t.best_selected) }, { label: "best in pool", num: true, cell: (t) => fmt(t.best_pool) },
        { label: "nearest selected", cell: (t) => t.nearest_selected_id ?? "—" }], least));
  });
  let offset = 0;
  const showTable = async () => {
    const page = await get(`${resultPath}?include=items&limit=${TABLE_PAGE}&offset=${offset}`);
    const rows = table(`Selected items ${offset + 1} to ${offset + page.selected.length} of ${page.total}`, [
      { label: "rank", num: true, cell: (r) => r.rank }, { label: "id", cell: (r) => r.id }, { label: "score", num: true, cell: (r) => fmt(r.score) },
      { label: "question", cell: (r) => (r.question ?? r.text ?? "").slice(0, 200) }], page.selected);
    return h("div", { id: "selected-table" }, rows, h("p", {},
      h("button", { type: "button", disabled: offset === 0, onclick: () => { offset = Math.max(0, offset - TABLE_PAGE); fill(slots.table, showTable); } }, "Previous"), " ",
      h("button", { type: "button", disabled: offset + TABLE_PAGE >= page.total, onclick: () => { offset += TABLE_PAGE; fill(slots.table, showTable); } }, "Next")));
  };
  fill(slots.table, showTable);
  const exportLink = (query, label, filename) => h("a", { href: `${resultPath}?${query}`, "data-export": query,
    onclick: (e) => { e.preventDefault(); download(`${resultPath}?${query}`, filename).catch((error) => slots.table.prepend(errorBox(error))); } }, label);
  return h("section", { id: "result" }, h("h2", {}, `Selection ${jobID}`),
    h("p", {}, `${job.request.method} on ${pool}/${feature}, finished ${job.finished_at}. `, h("a", { href: "#/jobs" }, "All jobs")),
    h("h3", {}, "Scores"), slots.curve, h("h3", {}, "Map"), slots.map, h("h3", {}, "Coverage of the targets"), slots.coverage,
    h("h3", {}, "Selected items"), h("p", {}, "Download: ", exportLink("format=csv", "CSV", `${jobID}.csv`), " · ", exportLink("format=jsonl&include=items", "JSONL (with items)", `${jobID}.jsonl`)), slots.table);
}
