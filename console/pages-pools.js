// Pools (counts, features, checkpoints and dims) and a pool's items (paged, searchable).
import { get, enc, APIError } from "./api.js";
import { h, table, errorBox } from "./dom.js";

export async function poolsPage() {
  const pools = [];
  let cursor = null;
  do {
    const page = await get(`/v1/pools?limit=1000${cursor ? `&cursor=${enc(cursor)}` : ""}`);
    pools.push(...page.data);
    cursor = page.next_cursor;
  } while (cursor);
  const features = (p) => p.features.length === 0 ? "—" : h("ul", {}, p.features.map((f) =>
    h("li", {}, h("strong", {}, f.name), f.embedder ? ` (${f.embedder})` : "", ": ",
      f.checkpoints.map((c) => `${c.label} d=${c.dim} rows=${c.rows} weight=${c.weight}`).join("; "))));
  return h("section", { id: "pools" }, h("h2", {}, "Pools"),
    pools.length === 0 ? h("p", {}, "No pools yet.") :
      table(`${pools.length} pools`, [
        { label: "pool", cell: (p) => h("a", { href: `#/pools/${enc(p.name)}` }, p.name) },
        { label: "items", num: true, cell: (p) => p.item_count },
        { label: "features (checkpoint, dim, rows)", cell: features },
        { label: "created", cell: (p) => p.created_at },
      ], pools));
}

/** Items in index order, 100 a page; the search box takes an exact id or `key=value` on metadata. */
export async function itemsPage(pool) {
  const details = await get(`/v1/pools/${enc(pool)}`);
  const results = h("div", { id: "items" });
  const cursors = [null];
  let page = 0;
  const columns = [
    { label: "index", num: true, cell: (i) => i.index }, { label: "id", cell: (i) => i.id },
    { label: "question / text", cell: (i) => (i.question ?? i.text ?? "").slice(0, 200) },
    { label: "metadata", cell: (i) => (i.metadata ? JSON.stringify(i.metadata) : "") },
  ];
  async function show() {
    const data = await get(`/v1/pools/${enc(pool)}/items?limit=100${cursors[page] ? `&cursor=${enc(cursors[page])}` : ""}`);
    cursors[page + 1] = data.next_cursor;
    results.replaceChildren(table(`Items ${page * 100 + 1} to ${page * 100 + data.data.length} of ${details.item_count}`, columns, data.data),
      h("p", {},
        h("button", { type: "button", disabled: page === 0, onclick: () => { page--; show(); } }, "Previous page"), " ",
        h("button", { type: "button", disabled: !data.next_cursor, onclick: () => { page++; show(); } }, "Next page")));
  }
  async function search(query) {
    if (!query) return show();
    const eq = query.indexOf("=");
    if (eq < 0) {
      try {
        const item = await get(`/v1/pools/${enc(pool)}/items/${enc(query)}`);
        results.replaceChildren(table("1 item with that id", columns, [item]));
      } catch (error) {
        results.replaceChildren(error instanceof APIError && error.status === 404 ? h("p", {}, `No item with id "${query}".`) : errorBox(error));
      }
      return;
    }
    const [key, value] = [query.slice(0, eq).trim().replace(/^metadata\./, ""), query.slice(eq + 1).trim()];
    const found = [];
    let cursor = null, scanned = 0;
    do {
      const data = await get(`/v1/pools/${enc(pool)}/items?limit=1000${cursor ? `&cursor=${enc(cursor)}` : ""}`);
      scanned += data.data.length;
      found.push(...data.data.filter((i) => i.metadata && key in i.metadata && String(i.metadata[key]) === value));
      cursor = data.next_cursor;
    } while (cursor && found.length < 100 && scanned < 100000);
    results.replaceChildren(table(`${found.length} items with ${key} = ${value} (${scanned} scanned${cursor ? ", stopped early" : ""})`, columns, found.slice(0, 100)));
  }
  const input = h("input", { id: "item-search", type: "search", placeholder: "id, or key=value" });
  const form = h("form", { class: "inline", role: "search", onsubmit: (e) => { e.preventDefault(); search(input.value.trim()); } },
    h("div", {}, h("label", { for: "item-search" }, "Find by id or metadata (key=value)"), input), h("button", { type: "submit" }, "Search"));
  await show();
  return h("section", {}, h("h2", {}, `Pool ${pool}`),
    h("p", {}, `${details.item_count} items; features: ${details.features.map((f) => f.name).join(", ") || "none"}. `, h("a", { href: "#/pools" }, "All pools")),
    form, results);
}
