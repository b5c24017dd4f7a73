// The console's shell: the API key prompt and a hash router (#/pools, #/pools/{pool},
// #/jobs, #/jobs/{id}/result, #/playground). Each page renders into <main id="view">.
import { get, apiKey, setAPIKey, whenUnauthorized, APIError } from "./api.js";
import { h, errorBox } from "./dom.js";
import { poolsPage, itemsPage } from "./pages-pools.js";
import { jobsPage } from "./pages-jobs.js";
import { resultPage } from "./page-result.js";
import { playgroundPage } from "./page-playground.js";

const view = document.getElementById("view");
const keyForm = document.getElementById("key-form");
const keyInput = document.getElementById("key-input");
const forget = document.getElementById("forget-key");
let leave = null;

function askForKey(message) {
  view.replaceChildren();
  keyForm.hidden = false;
  document.getElementById("key-error").textContent = message || "";
  keyInput.focus();
}

keyForm.addEventListener("submit", async (e) => {
  e.preventDefault();
  setAPIKey(keyInput.value.trim());
  keyInput.value = "";
  route();
});
forget.addEventListener("click", () => { setAPIKey(null); route(); });
whenUnauthorized(() => { if (apiKey()) setAPIKey(null); });

const routes = [
  [/^#\/pools\/([^/]+)$/, (m, ctx) => itemsPage(decodeURIComponent(m[1]), ctx)],
  [/^#\/pools$/, (m, ctx) => poolsPage(ctx)],
  [/^#\/jobs\/([^/]+)\/result$/, (m, ctx) => resultPage(decodeURIComponent(m[1]), ctx)],
  [/^#\/jobs$/, (m, ctx) => jobsPage(ctx)],
  [/^#\/playground$/, (m, ctx) => playgroundPage(ctx)],
];

async function route() {
  if (leave) { leave(); leave = null; }
  const hash = location.hash || "#/pools";
  view.replaceChildren(h("p", { class: "muted" }, "Loading…"));
  // The key is checked first: without it no page is drawn at all.
  try {
    await get("/v1/pools?limit=1");
  } catch (error) {
    if (error instanceof APIError && error.status === 401) {
      askForKey(apiKey() === null && !keyForm.dataset.tried ? "" : "That key was not accepted.");
      keyForm.dataset.tried = "1";
      return;
    }
    view.replaceChildren(errorBox(error));
    return;
  }
  keyForm.hidden = true;
  forget.hidden = apiKey() === null;
  for (const a of document.querySelectorAll("nav a")) {
    if (hash.startsWith(a.getAttribute("href"))) a.setAttribute("aria-current", "page"); else a.removeAttribute("aria-current");
  }
  const ctx = { onLeave: (f) => { leave = f; } };
  const match = routes.map(([re, page]) => [hash.match(re), page]).find(([m]) => m);
  try {
    const content = match ? await match[1](match[0], ctx) : h("p", {}, "No such page. ", h("a", { href: "#/pools" }, "Pools"));
    view.replaceChildren(content);
    document.title = `${view.querySelector("h2")?.textContent || "Shortlist"} — Shortlist console`;
  } catch (error) {
    view.replaceChildren(errorBox(error));
  }
}

window.addEventListener("hashchange", route);
route();
