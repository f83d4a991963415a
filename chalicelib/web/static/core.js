/* What every view shares: the API client, escaping templates, translations, and the view lifecycle. */

export const $ = (sel, root = document) => root.querySelector(sel);
// The API's base path: "" locally, "/api" behind an API Gateway stage.
export const BASE = location.pathname.replace(/\/app\/?$/, "");
export const main = () => $("#main");
export const state = {
  token: window.Auth.signedIn() ? "yes" : null,
  user: window.Auth.user(),
  lang: localStorage.getItem("lang") || (["es", "zh"].find((l) => (navigator.language || "en").startsWith(l)) || "en"),
  poll: null,
};

export function t(key) {
  const I18N = window.I18N;
  return (I18N[state.lang] && I18N[state.lang][key]) || I18N.en[key] || key;
}

export function esc(value) {
  return String(value ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
}

/* Escape by default: every value put into an html`` template is escaped unless it is itself an html`` result
   (or raw(), kept for the few strings built here from constants). Arrays join; null, undefined and false
   render nothing, so `${cond && html`...`}` reads naturally. */
class Html {
  constructor(text) { this.text = text; }
  toString() { return this.text; }
}
export const raw = (text) => new Html(String(text));
const piece = (value) => {
  if (value instanceof Html) return value.text;
  if (Array.isArray(value)) return value.map(piece).join("");
  if (value === null || value === undefined || value === false) return "";
  return esc(value);
};
export function html(strings, ...values) {
  let out = strings[0];
  values.forEach((value, i) => { out += piece(value) + strings[i + 1]; });
  return new Html(out);
}

export function toast(message) {
  const el = $("#toast"); el.textContent = message;
  clearTimeout(toast.timer); toast.timer = setTimeout(() => { el.textContent = ""; }, 4000);
}

/* The view lifecycle: each view's listeners are bound to the current view's signal and removed together when
   the next view renders, so shortcuts and handlers never stack up across pages (or across review after review). */
let current = new AbortController();
export function leaveView() { current.abort(); current = new AbortController(); }
export function on(target, type, handler, options = {}) {
  target.addEventListener(type, handler, { ...options, signal: current.signal });
}
// Runs when the current view is left (for example to release a document the reviewer had claimed).
export function onLeave(fn) { current.signal.addEventListener("abort", fn, { once: true }); }
export function show(markup) { main().innerHTML = String(markup); }
export function onEach(selector, type, handler, root = main()) {
  root.querySelectorAll(selector).forEach((el) => on(el, type, (event) => handler(el, event)));
}

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || `${status}`);
    this.status = status; this.problem = problem;
  }
}

export function forget() {
  sessionStorage.clear(); state.token = null; state.user = null;
  if (location.hash === "#/signin") window.dispatchEvent(new HashChangeEvent("hashchange"));
  else location.hash = "#/signin";
}

export async function api(path, { method = "GET", body, accept = "application/json", raw: rawResponse = false } = {}) {
  const headers = { Accept: accept, "Accept-Language": state.lang };
  const token = await window.Auth.token(BASE);
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(BASE + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (response.status === 401) { forget(); throw new Error(t("signInAgain")); }
  if (!response.ok) {
    let problem = {};
    try { problem = await response.json(); } catch (_) { /* not JSON */ }
    throw new ApiError(response.status, problem);
  }
  if (rawResponse) return response;
  return response.status === 204 ? null : response.json();
}

export async function download(path, filename, accept, options = {}) {
  const response = await api(path, { ...options, accept, raw: true });
  const blob = await response.blob();
  const name = (response.headers.get("Content-Disposition") || "").match(/filename="([^"]+)"/);
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = name ? name[1] : filename;
  document.body.appendChild(link); link.click(); link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10000);
}

export function has(role) { return !!state.user && state.user.roles.includes(role); }

// The document types come from the registry (GET /v1/document-types): adding a type adds it here.
let docTypes = null;
export async function loadDocTypes() {
  if (!docTypes) docTypes = (await api("/v1/document-types")).items;
  return docTypes;
}
export function typeName(name) {
  const found = (docTypes || []).find((d) => d.name === name);
  return found ? (found.display[state.lang] || found.display.en) : name;
}

// The kinds of verified record come from their registry (GET /v1/record-kinds); each record arrives with the one
// line its kind shows it in (`summary`), so a new kind needs nothing here.
let recordKinds = null;
export async function loadRecordKinds() {
  if (!recordKinds) recordKinds = (await api("/v1/record-kinds")).items;
  return recordKinds;
}
export function kindName(name) {
  const found = (recordKinds || []).find((k) => k.name === name);
  return found ? (found.label[state.lang] || found.label.en) : name;
}

export const PERMITS = ["Child Development Assistant Permit", "Child Development Associate Teacher Permit",
  "Child Development Teacher Permit", "Child Development Master Teacher Permit",
  "Child Development Site Supervisor Permit", "Child Development Program Director Permit"];
export const SETTINGS = ["Preschool", "Infant-Toddler", "Family Child Care", "Home Visitor"];
export const COMPETENCY_AREAS = ["Child Development and Learning", "Culture, Diversity and Equity",
  "Relationships, Interactions, and Guidance", "Family and Community Engagement", "Dual-Language Development",
  "Observation, Screening, Assessment, and Documentation", "Special Needs and Inclusion",
  "Learning Environments and Curriculum", "Health, Safety, and Nutrition", "Leadership in Early Childhood Education",
  "Professionalism", "Administration and Supervision"];

export function statusBadge(status) {
  const tone = { verified: "ok", needs_review: "warn", needs_attention: "bad", processing: "warn", awaiting_upload: "warn", failed: "warn",
    rejected: "bad", rejected_file: "bad", resubmission_requested: "bad" }[status] || "";
  return html`<span class="badge ${tone}" data-status="${status}">${t(`status_${status}`)}</span>`;
}

export function formBody(form, numbers = []) {
  const body = {};
  new FormData(form).forEach((v, k) => { if (v !== "") body[k] = numbers.includes(k) ? Number(v) : v; });
  return body;
}

export function contentTypeOf(file) {
  if (file.type) return file.type;
  const ext = file.name.toLowerCase().split(".").pop();
  return { heic: "image/heic", heif: "image/heif", pdf: "application/pdf", jpg: "image/jpeg", jpeg: "image/jpeg", png: "image/png" }[ext] || "application/octet-stream";
}

export function postWithProgress(upload, file, onProgress) {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    Object.entries(upload.fields).forEach(([k, v]) => form.append(k, v));
    form.append("file", file);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", upload.url);
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(e.loaded / e.total); };
    xhr.onload = () => (xhr.status >= 200 && xhr.status < 300 ? resolve() : reject(new Error(`Upload failed (${xhr.status}). Try again.`)));
    xhr.onerror = () => reject(new Error("The upload did not reach the registry. Check your connection and try again."));
    xhr.send(form);
  });
}
