// Talks to the service: the API key (typed once, kept in this tab's sessionStorage) goes out as
// the bearer token; a 401 asks for it again. Nothing is fetched from anywhere else.
const KEY = "shortlist.apiKey";

export class APIError extends Error {
  constructor(status, body) {
    const e = body && body.error;
    super(e ? `${status} ${e.type}${e.param ? ` (${e.param})` : ""}: ${e.message}` : `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

export function apiKey() { return sessionStorage.getItem(KEY); }
export function setAPIKey(key) { key ? sessionStorage.setItem(KEY, key) : sessionStorage.removeItem(KEY); }

let onUnauthorized = () => {};
export function whenUnauthorized(handler) { onUnauthorized = handler; }

function headers(extra = {}) {
  const key = apiKey();
  return key ? { ...extra, Authorization: `Bearer ${key}` } : extra;
}

async function send(method, path, body) {
  const init = { method, headers: headers(body === undefined ? {} : { "Content-Type": "application/json" }) };
  if (body !== undefined) init.body = JSON.stringify(body);
  const response = await fetch(path, init);
  if (response.status === 401) onUnauthorized();
  return response;
}

export async function api(method, path, body) {
  const response = await send(method, path, body);
  const text = await response.text();
  const parsed = text ? JSON.parse(text) : null;
  if (!response.ok) throw new APIError(response.status, parsed);
  return parsed;
}

export const get = (path) => api("GET", path);
export const post = (path, body) => api("POST", path, body);

/** Saves an export (CSV, JSONL) fetched with the key: a plain link could not send it. */
export async function download(path, filename) {
  const response = await send("GET", path);
  if (!response.ok) throw new APIError(response.status, await response.json().catch(() => null));
  const url = URL.createObjectURL(await response.blob());
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export const enc = encodeURIComponent;
