// Jobs, newest first, with live progress: polled every 0.5 s while something changes, backing
// off by 1.5x to 8 s while nothing does, and stopped when no job is queued or running.
import { get, post, enc } from "./api.js";
import { h, errorBox } from "./dom.js";

const FIRST_DELAY = 500, MAX_DELAY = 8000;
const active = (j) => j.status === "queued" || j.status === "running";

function progressCell(job) {
  const p = job.progress || {};
  const label = `${job.id} ${p.stage || job.status}: ${p.done ?? 0} of ${p.total ?? 0}`;
  if (!p.total) return h("span", { class: "muted", "data-progress": job.id }, p.stage || "—");
  return h("span", {}, h("progress", { value: p.done, max: p.total, "aria-label": label, "data-job": job.id }), ` ${p.stage}: ${p.done}/${p.total}`);
}

export async function jobsPage(ctx) {
  const body = h("tbody", {});
  const status = h("p", { class: "muted", id: "poll-status" });
  const message = h("div", {});
  let timer = null, delay = FIRST_DELAY, last = "", stopped = false;
  ctx.onLeave(() => { stopped = true; clearTimeout(timer); });

  function row(job) {
    const request = job.request || {};
    const what = job.kind === "selection" ? `${request.method} on ${request.candidates?.pool}/${request.candidates?.feature}` : `${job.kind}`;
    return h("tr", { "data-job-row": job.id },
      h("td", {}, job.kind === "selection" && job.status === "succeeded" ? h("a", { href: `#/jobs/${enc(job.id)}/result` }, job.id) : job.id),
      h("td", {}, what), h("td", { "data-status": job.id }, job.status), h("td", {}, progressCell(job)),
      h("td", {}, job.created_at),
      h("td", {}, active(job) ? h("button", { type: "button", "data-cancel": job.id, onclick: (e) => cancel(job.id, e.target) }, "Cancel") : ""));
  }

  async function cancel(id, button) {
    button.disabled = true;
    try {
      await post(`/v1/jobs/${enc(id)}/cancel`);
      message.replaceChildren(h("p", { role: "status" }, `Cancel requested for ${id}.`));
    } catch (error) {
      message.replaceChildren(errorBox(error));
    }
    delay = FIRST_DELAY;
    schedule(0);
  }

  async function refresh() {
    if (stopped) return;
    try {
      const jobs = (await get("/v1/jobs?limit=100")).data;
      const snapshot = JSON.stringify(jobs.map((j) => [j.id, j.status, j.progress]));
      if (snapshot !== last) {
        body.replaceChildren(...jobs.map(row));
        delay = FIRST_DELAY;
        last = snapshot;
      } else {
        delay = Math.min(delay * 1.5, MAX_DELAY);
      }
      if (jobs.some(active)) {
        status.textContent = `Live: next update in ${(delay / 1000).toFixed(1)} s.`;
        schedule(delay);
      } else {
        status.textContent = "No job is running.";
      }
    } catch (error) {
      message.replaceChildren(errorBox(error));
      schedule(MAX_DELAY);
    }
  }

  function schedule(ms) {
    clearTimeout(timer);
    if (!stopped) timer = setTimeout(refresh, ms);
  }

  await refresh();
  return h("section", {}, h("h2", {}, "Jobs"), status, message,
    h("table", { id: "jobs" }, h("caption", {}, "Jobs, newest first"),
      h("thead", {}, h("tr", {}, ["job", "what", "status", "progress", "created", ""].map((c) => h("th", { scope: "col" }, c)))), body),
    h("p", {}, h("button", { type: "button", onclick: () => { delay = FIRST_DELAY; schedule(0); } }, "Refresh now")));
}
