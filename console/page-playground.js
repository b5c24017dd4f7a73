// Exemplar playground: one question, several re-rankers side by side, each with its exemplars
// and the final prompt.
import { get, post, enc } from "./api.js";
import { h, fmt, table, errorBox } from "./dom.js";

const METHODS = ["lore", "knn", "mmr", "gaussian", "mgs", "random"];

export async function playgroundPage() {
  const pools = (await get("/v1/pools?limit=1000")).data.filter((p) => p.features.length > 0);
  const out = h("div", { class: "grid", id: "playground-results" });
  const poolSelect = h("select", { id: "pg-pool" }, pools.map((p) => h("option", { value: p.name }, p.name)));
  const question = h("textarea", { id: "pg-question", rows: 3, cols: 60, required: true });
  const k = h("input", { id: "pg-k", type: "number", min: 1, max: 64, value: 4 });
  const boxes = METHODS.map((m, i) => h("label", {}, h("input", { type: "checkbox", name: "method", value: m, checked: i < 3 }), ` ${m}`));
  async function run(e) {
    e.preventDefault();
    const methods = boxes.map((b) => b.querySelector("input")).filter((c) => c.checked).map((c) => c.value);
    out.replaceChildren(...methods.map((m) => h("section", { "data-method": m }, h("h3", {}, m), h("p", { class: "muted" }, "Running…"))));
    await Promise.all(methods.map(async (method, i) => {
      const column = out.children[i];
      try {
        const r = await post("/v1/exemplars", { pool: poolSelect.value, question: question.value, k: Number(k.value), method, include_prompt: true });
        column.replaceChildren(h("h3", {}, method), h("p", { class: "muted" }, `k = ${r.k}; ${fmt(r.timings_ms.total, 1)} ms`),
          r.warnings.length ? h("ul", {}, r.warnings.map((w) => h("li", {}, w))) : null,
          table(`Exemplars (${method})`, [{ label: "rank", num: true, cell: (x) => x.rank }, { label: "id", cell: (x) => x.id },
            { label: "score", num: true, cell: (x) => fmt(x.score) }, { label: "question", cell: (x) => (x.question ?? "").slice(0, 160) }], r.exemplars),
          h("details", {}, h("summary", {}, "Prompt"), h("pre", {}, typeof r.prompt === "string" ? r.prompt : JSON.stringify(r.prompt ?? r.messages ?? null, null, 2))));
      } catch (error) {
        column.replaceChildren(h("h3", {}, method), errorBox(error));
      }
    }));
  }
  return h("section", {}, h("h2", {}, "Exemplar playground"),
    pools.length === 0 ? h("p", {}, "No pool has a feature yet.") :
      h("form", { id: "playground", onsubmit: run },
        h("label", { for: "pg-pool" }, "Pool"), poolSelect,
        h("label", { for: "pg-question" }, "Question"), question,
        h("label", { for: "pg-k" }, "k"), k,
        h("fieldset", {}, h("legend", {}, "Methods, side by side"), boxes),
        h("button", { type: "submit" }, "Find exemplars")),
    out);
}
