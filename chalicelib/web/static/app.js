/* ECE Workforce Registry web app: participants on phones, staff at a desk, directors. No build step. */
"use strict";

const $ = (sel, root = document) => root.querySelector(sel);
// The API's base path: "" locally, "/api" behind an API Gateway stage.
const BASE = location.pathname.replace(/\/app\/?$/, "");
const main = () => $("#main");
const state = {
  token: Auth.signedIn() ? "yes" : null,
  user: Auth.user(),
  lang: localStorage.getItem("lang") || ((navigator.language || "en").startsWith("es") ? "es" : "en"),
  poll: null,
};

function t(key) { return (I18N[state.lang] && I18N[state.lang][key]) || I18N.en[key] || key; }
function esc(value) {
  return String(value ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
}
function toast(message) {
  const el = $("#toast"); el.textContent = message;
  clearTimeout(toast.timer); toast.timer = setTimeout(() => { el.textContent = ""; }, 4000);
}

async function api(path, { method = "GET", body, accept = "application/json", raw = false } = {}) {
  const headers = { Accept: accept, "Accept-Language": state.lang };
  const token = await Auth.token(BASE);
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(BASE + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (response.status === 401) { forget(); throw new Error("Please sign in again."); }
  if (!response.ok) {
    let detail = `${response.status}`;
    try { detail = (await response.json()).detail || detail; } catch (_) { /* not JSON */ }
    throw new Error(detail);
  }
  if (raw) return response;
  return response.status === 204 ? null : response.json();
}

async function download(path, filename, accept, options = {}) {
  const response = await api(path, { ...options, accept, raw: true });
  const blob = await response.blob();
  const name = (response.headers.get("Content-Disposition") || "").match(/filename="([^"]+)"/);
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = name ? name[1] : filename;
  document.body.appendChild(link); link.click(); link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10000);
}

function has(role) { return !!state.user && state.user.roles.includes(role); }

function forget() {
  sessionStorage.clear(); state.token = null; state.user = null; location.hash = "#/signin"; render();
}

function signOut() { state.token = null; state.user = null; Auth.signOut(BASE); }

function applyStaticText() {
  document.documentElement.lang = state.lang;
  document.querySelectorAll("[data-i18n]").forEach((el) => { el.textContent = t(el.dataset.i18n); });
  $("#lang").value = state.lang;
  $("#signout").hidden = !state.token;
  const links = [];
  if (has("participant")) links.push(["#/documents", "navDocuments"], ["#/profile", "navProfile"], ["#/employment", "navEmployment"], ["#/training", "navTraining"]);
  if (has("staff") || has("admin")) links.push(["#/queue", "navQueue"]);
  if (has("director")) links.push(["#/roster", "navRoster"]);
  if (has("sponsor")) links.push(["#/sponsor", "navSponsor"]);
  if (has("staff") || has("admin")) links.push(["#/sponsors", "navSponsors"]);
  $("#nav").innerHTML = links.map(([href, key]) =>
    `<a href="${href}" ${location.hash.startsWith(href) ? 'aria-current="page"' : ""}>${esc(t(key))}</a>`).join("");
}

/* ---------------------------------------------------------------- sign-in */

async function renderSignIn() {
  main().innerHTML = `<h1>${esc(t("signIn"))}</h1><p>${esc(t("signInIntro"))}</p>
    <p><button id="signin-button">${esc(t("signIn"))}</button> <button id="signup-button" class="secondary">${esc(t("signUp"))}</button></p>
    <p><a href="#/training">${esc(t("navTraining"))}</a></p>`;
  $("#signin-button").addEventListener("click", () => Auth.signIn(BASE));
  $("#signup-button").addEventListener("click", () => Auth.signUp(BASE));
}

function home() {
  if (has("participant")) return "#/documents";
  if (has("staff") || has("admin")) return "#/queue";
  if (has("director")) return "#/roster";
  return "#/signin";
}

/* ---------------------------------------------------------------- participant: documents */

// The document types come from the registry (GET /v1/document-types): adding a type adds it here.
let docTypes = null;
async function loadDocTypes() {
  if (!docTypes) docTypes = (await api("/v1/document-types")).items;
  return docTypes;
}
function typeName(name) {
  const found = (docTypes || []).find((d) => d.name === name);
  return found ? (found.display[state.lang] || found.display.en) : name;
}
const PERMITS = ["Child Development Assistant Permit", "Child Development Associate Teacher Permit",
  "Child Development Teacher Permit", "Child Development Master Teacher Permit",
  "Child Development Site Supervisor Permit", "Child Development Program Director Permit"];
const SETTINGS = ["Preschool", "Infant-Toddler", "Family Child Care", "Home Visitor"];

function statusBadge(status) {
  const tone = { verified: "ok", needs_review: "warn", needs_attention: "bad", processing: "warn", awaiting_upload: "warn", failed: "warn",
    rejected: "bad", rejected_file: "bad", resubmission_requested: "bad" }[status] || "";
  return `<span class="badge ${tone}" data-status="${esc(status)}">${esc(t(`status_${status}`))}</span>`;
}

function declaredFields(type) {
  if (type === "permit") {
    return `<div class="grid">
      <label>${esc(t("permitTitle"))}<select name="permit_title"><option value=""></option>${PERMITS.map((p) => `<option>${esc(p)}</option>`).join("")}</select></label>
      <label>${esc(t("documentNumber"))}<input name="document_number" autocomplete="off"></label>
      <label>${esc(t("issuedOn"))}<input type="date" name="issued_on"></label>
      <label>${esc(t("expiresOn"))}<input type="date" name="expires_on"></label></div>`;
  }
  if (type === "cda_credential") {
    return `<div class="grid">
      <label>${esc(t("credentialId"))}<input name="credential_id" autocomplete="off"></label>
      <label>${esc(t("setting"))}<select name="setting"><option value=""></option>${SETTINGS.map((s) => `<option>${esc(s)}</option>`).join("")}</select></label>
      <label>${esc(t("issuedOn"))}<input type="date" name="issued_on"></label>
      <label>${esc(t("expiresOn"))}<input type="date" name="expires_on"></label></div>`;
  }
  return "";
}

function contentTypeOf(file) {
  if (file.type) return file.type;
  const ext = file.name.toLowerCase().split(".").pop();
  return { heic: "image/heic", heif: "image/heif", pdf: "application/pdf", jpg: "image/jpeg", jpeg: "image/jpeg", png: "image/png" }[ext] || "application/octet-stream";
}

function postWithProgress(upload, file, onProgress) {
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

async function renderDocuments(preselect) {
  const types = await loadDocTypes();
  main().innerHTML = `<h1>${esc(t("navDocuments"))}</h1>
    <form id="upload" class="card" novalidate>
      <h2>${esc(t("uploadTitle"))}</h2>
      <label>${esc(t("docType"))}<select name="doc_type" id="doc-type">${types.map((d) =>
        `<option value="${esc(d.name)}" ${d.name === preselect ? "selected" : ""}>${esc(typeName(d.name))}</option>`).join("")}</select></label>
      <div id="declared"></div>
      <label>${esc(t("chooseFile"))}<span class="hint">${esc(t("chooseFileHint"))}</span>
        <input type="file" name="file" id="file" accept="image/*,application/pdf,.heic,.heif" capture="environment" required></label>
      <progress id="progress" max="1" value="0" hidden aria-label="${esc(t("uploading"))}"></progress>
      <button type="submit" id="upload-button">${esc(t("upload"))}</button>
    </form>
    <h2>${esc(t("myDocuments"))}</h2><div id="documents" aria-live="polite"></div>`;
  const typeSelect = $("#doc-type");
  const showDeclared = () => { $("#declared").innerHTML = declaredFields(typeSelect.value); };
  typeSelect.addEventListener("change", showDeclared); showDeclared();
  $("#upload").addEventListener("submit", async (event) => {
    event.preventDefault();
    const form = event.target; const file = form.file.files[0];
    if (!file) { toast(t("chooseFileHint")); form.file.focus(); return; }
    const declared = {};
    form.querySelectorAll("#declared [name]").forEach((el) => { if (el.value) declared[el.name] = el.value; });
    const button = $("#upload-button"); const progress = $("#progress");
    button.disabled = true; button.textContent = t("uploading"); progress.hidden = false; progress.value = 0;
    try {
      const started = await api("/v1/documents", { method: "POST", body: {
        doc_type: typeSelect.value, file_name: file.name, content_type: contentTypeOf(file), size: file.size, declared } });
      await postWithProgress(started.upload, file, (p) => { progress.value = p; });
      progress.value = 1; toast(t("uploaded")); form.reset(); showDeclared();
    } catch (error) { toast(error.message); }
    finally { button.disabled = false; button.textContent = t("upload"); setTimeout(() => { progress.hidden = true; }, 800); }
    await refreshDocuments();
  });
  await refreshDocuments();
}

async function refreshDocuments() {
  const box = $("#documents"); if (!box) return;
  const { items } = await api("/v1/documents?limit=50");
  box.innerHTML = items.length ? items.map((d) => `<article class="card doc" data-document="${esc(d.document_id)}">
      <div class="row"><strong>${esc(typeName(d.doc_type))}</strong> ${statusBadge(d.status)}</div>
      <div><small>${esc(d.file_name)} · ${esc((d.created_at || "").slice(0, 10))}</small></div>
      ${d.reason && d.status !== "deleted" ? `<p class="reason">${esc(d.reason)}</p>` : ""}
      ${d.status === "needs_attention" ? `<ul class="attention" role="alert">${(d.attention || []).map((a) =>
        `<li data-problem="${esc(a.problem)}">${esc(a.message)}</li>`).join("")}</ul>
        <div class="row"><button data-replace="${esc(d.document_id)}" data-type="${esc(d.doc_type)}">${esc(t("replaceFile"))}</button>
        <button class="secondary" data-anyway="${esc(d.document_id)}">${esc(t("sendAnyway"))}</button></div>` : ""}
      <div class="row">
        ${["rejected", "rejected_file", "resubmission_requested"].includes(d.status) ? `<button class="secondary" data-again="${esc(d.doc_type)}">${esc(t("uploadAgain"))}</button>` : ""}
        ${!["verified", "deleted"].includes(d.status) ? `<button class="secondary" data-delete="${esc(d.document_id)}">${esc(t("delete"))}</button>` : ""}
      </div></article>`).join("") : `<p>${esc(t("noDocuments"))}</p>`;
  box.querySelectorAll("[data-delete]").forEach((b) => b.addEventListener("click", async () => {
    if (!confirm(t("confirmDelete"))) return;
    try { await api(`/v1/documents/${b.dataset.delete}`, { method: "DELETE" }); } catch (e) { toast(e.message); }
    refreshDocuments();
  }));
  box.querySelectorAll("[data-anyway]").forEach((b) => b.addEventListener("click", async () => {
    try { await api(`/v1/documents/${b.dataset.anyway}/send-anyway`, { method: "POST" }); toast(t("sentAnyway")); }
    catch (e) { toast(e.message); }
    refreshDocuments();
  }));
  box.querySelectorAll("[data-replace]").forEach((b) => b.addEventListener("click", async () => {
    // Replacing removes the unusable copy (it keeps its audit trail) and opens the file picker for the new one.
    try { await api(`/v1/documents/${b.dataset.replace}`, { method: "DELETE" }); } catch (e) { toast(e.message); return; }
    $("#doc-type").value = b.dataset.type; $("#doc-type").dispatchEvent(new Event("change"));
    await refreshDocuments(); $("#file").focus(); $("#file").click();
  }));
  box.querySelectorAll("[data-again]").forEach((b) => b.addEventListener("click", () => {
    $("#doc-type").value = b.dataset.again; $("#doc-type").dispatchEvent(new Event("change"));
    $("#file").focus(); $("#file").click();
  }));
  clearTimeout(state.poll);
  if (items.some((d) => ["awaiting_upload", "processing"].includes(d.status)) && location.hash.startsWith("#/documents")) {
    state.poll = setTimeout(refreshDocuments, 2000);
  }
}

/* ---------------------------------------------------------------- participant: profile and employment */

async function renderProfile() {
  let me;
  try { me = await api("/v1/me"); } catch (error) { return renderEnroll(); }
  main().innerHTML = `<h1>${esc(t("profileTitle"))}</h1>
    <section class="card"><p>${esc(t("registryId"))}: <strong id="registry-id">${esc(me.registry_id)}</strong></p>
      <p>${esc(t("legalName"))}: ${esc([me.legal_first_name, me.legal_middle_name, me.legal_last_name].filter(Boolean).join(" "))}</p></section>
    <form id="profile" class="card"><div class="grid">
      <label>${esc(t("preferredName"))}<input name="preferred_name" value="${esc(me.preferred_name)}"></label>
      <label>${esc(t("email"))}<input type="email" name="email" value="${esc(me.email)}" autocomplete="email"></label>
      <label>${esc(t("phone"))}<input type="tel" name="phone" value="${esc(me.phone)}" autocomplete="tel"></label>
      <label>${esc(t("preferredLanguage"))}<select name="preferred_language">${["en", "es", "zh", "vi", "tl", "ko", "other"].map((l) =>
        `<option ${me.preferred_language === l ? "selected" : ""}>${l}</option>`).join("")}</select></label>
      <label>${esc(t("homeCounty"))}<input name="home_county" value="${esc(me.home_county)}"></label>
      <label>${esc(t("beganYear"))}<input type="number" name="began_ece_year" min="1950" max="2100" value="${esc(me.began_ece_year)}"></label>
    </div><button type="submit">${esc(t("save"))}</button></form>
    <section class="card"><h2>${esc(t("downloads"))}</h2><div class="row">
      <button class="secondary" id="dl-et">${esc(t("etReport"))}</button>
      <button class="secondary" id="dl-card">${esc(t("idCard"))}</button></div>
      <label>${esc(t("summary"))}<textarea id="resume-summary" rows="2"></textarea></label>
      <button class="secondary" id="dl-resume">${esc(t("resume"))}</button></section>
    <form id="name-change" class="card"><h2>${esc(t("nameChange"))}</h2><p>${esc(t("nameChangeHint"))}</p><div class="grid">
      <label>${esc(t("firstName"))}<input name="legal_first_name" required></label>
      <label>${esc(t("middleName"))}<input name="legal_middle_name"></label>
      <label>${esc(t("lastName"))}<input name="legal_last_name" required></label>
      <label>${esc(t("reason"))}<input name="reason" required></label></div>
      <button type="submit" class="secondary">${esc(t("send"))}</button></form>
    <form id="sign-in-email" class="card"><h2>${esc(t("signInEmail"))}</h2><p>${esc(t("signInEmailHint"))}</p>
      <label>${esc(t("newEmail"))}<input type="email" name="email" required autocomplete="email"></label>
      <button type="submit" class="secondary">${esc(t("sendCode"))}</button></form>
    <form id="sign-in-email-code" class="card" hidden>
      <label>${esc(t("emailCode"))}<input name="code" inputmode="numeric" pattern="[0-9]{6}" required autocomplete="one-time-code"></label>
      <button type="submit" class="secondary">${esc(t("confirm"))}</button></form>`;
  $("#sign-in-email").addEventListener("submit", async (e) => {
    e.preventDefault();
    try {
      await api("/v1/me/sign-in-email", { method: "POST", body: { email: new FormData(e.target).get("email") } });
      toast(t("codeSent")); $("#sign-in-email-code").hidden = false;
    } catch (error) { toast(error.message); }
  });
  $("#sign-in-email-code").addEventListener("submit", async (e) => {
    e.preventDefault();
    try {
      await api("/v1/me/sign-in-email/verify", { method: "POST", body: { code: new FormData(e.target).get("code") } });
      toast(t("emailChanged")); e.target.hidden = true;
    } catch (error) { toast(error.message); }
  });
  $("#profile").addEventListener("submit", async (e) => {
    e.preventDefault();
    const body = {}; new FormData(e.target).forEach((v, k) => { if (v !== "") body[k] = k === "began_ece_year" ? Number(v) : v; });
    try { await api("/v1/me", { method: "PATCH", body }); toast(t("saved")); } catch (error) { toast(error.message); }
  });
  $("#name-change").addEventListener("submit", async (e) => {
    e.preventDefault();
    const body = {}; new FormData(e.target).forEach((v, k) => { if (v !== "") body[k] = v; });
    try { await api("/v1/me/name-change", { method: "POST", body }); toast(t("requested")); e.target.reset(); } catch (error) { toast(error.message); }
  });
  $("#dl-et").addEventListener("click", () => download("/v1/me/reports/education-training", "education-training.pdf", "application/pdf").catch((e) => toast(e.message)));
  $("#dl-card").addEventListener("click", () => download("/v1/me/id-card", "registry-card.pdf", "application/pdf").catch((e) => toast(e.message)));
  $("#dl-resume").addEventListener("click", () => download("/v1/me/resume", "resume.docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    { method: "POST", body: { summary: $("#resume-summary").value } }).catch((e) => toast(e.message)));
}

function renderEnroll() {
  main().innerHTML = `<h1>${esc(t("enrollTitle"))}</h1><form id="enroll" class="card"><div class="grid">
    <label>${esc(t("firstName"))}<input name="legal_first_name" required></label>
    <label>${esc(t("middleName"))}<input name="legal_middle_name"></label>
    <label>${esc(t("lastName"))}<input name="legal_last_name" required></label>
    <label>${esc(t("email"))}<input type="email" name="email"></label></div>
    <button type="submit">${esc(t("enroll"))}</button></form>`;
  $("#enroll").addEventListener("submit", async (e) => {
    e.preventDefault();
    const body = {}; new FormData(e.target).forEach((v, k) => { if (v !== "") body[k] = v; });
    try { await api("/v1/me", { method: "POST", body }); renderProfile(); } catch (error) { toast(error.message); }
  });
}

async function renderEmployment() {
  const [{ items }, programs] = await Promise.all([api("/v1/me/employment"), api("/v1/programs")]);
  main().innerHTML = `<h1>${esc(t("employmentTitle"))}</h1>
    ${items.map((p) => `<article class="card"><strong>${esc(p.role)}</strong>, ${esc(p.program_name)}
      <div><small>${esc(p.start_date)} – ${esc(p.end_date || "")}</small></div>
      <span class="badge ${p.status === "confirmed" ? "ok" : p.status === "declined" ? "bad" : "warn"}">${esc(t(p.status))}</span></article>`).join("")}
    <form id="position" class="card"><h2>${esc(t("addPosition"))}</h2><div class="grid">
      <label>${esc(t("program"))}<select name="program_id" required>${programs.items.map((p) => `<option value="${esc(p.program_id)}">${esc(p.name)}</option>`).join("")}</select></label>
      <label>${esc(t("role"))}<input name="role" required></label>
      <label>${esc(t("start"))}<input type="date" name="start_date" required></label>
      <label>${esc(t("hours"))}<input type="number" name="hours_per_week" min="1" max="80"></label></div>
      <button type="submit">${esc(t("addPosition"))}</button></form>`;
  $("#position").addEventListener("submit", async (e) => {
    e.preventDefault();
    const body = {}; new FormData(e.target).forEach((v, k) => { if (v !== "") body[k] = k === "hours_per_week" ? Number(v) : v; });
    try { await api("/v1/me/employment", { method: "POST", body }); renderEmployment(); } catch (error) { toast(error.message); }
  });
}

/* ---------------------------------------------------------------- staff: queue and review */

async function renderQueue() {
  const params = new URLSearchParams(location.hash.split("?")[1] || "");
  const status = params.get("status") || "needs_review"; const type = params.get("type") || "";
  const [summary, queue, types] = await Promise.all([api("/v1/review/summary"),
    api(`/v1/review/queue?status=${status}${type ? `&type=${encodeURIComponent(type)}` : ""}&limit=50`), loadDocTypes()]);
  main().innerHTML = `<h1>Review queue</h1>
    <div class="grid">${summary.items.map((s) => `<div class="card"><strong>${esc(s.doc_type)}</strong><br>
      ${s.needs_review} to review · ${s.failed} failed<br><small>oldest ${s.oldest_age_hours ?? "–"} h</small></div>`).join("")}</div>
    <form id="filters" class="row card" aria-label="Filters">
      <label>Status <select name="status"><option value="needs_review">Needs review</option><option value="failed" ${status === "failed" ? "selected" : ""}>Failed</option></select></label>
      <label>Type <select name="type"><option value="">All types</option>${types.map((d) => `<option value="${esc(d.name)}" ${d.name === type ? "selected" : ""}>${esc(d.display.en)}</option>`).join("")}</select></label>
      <button type="submit" class="secondary">Filter</button></form>
    <div class="table-wrap"><table><caption class="sr-only">Documents oldest first</caption>
      <thead><tr><th>Type</th><th>Age (h)</th><th>Pages</th><th>Low confidence</th><th>Disagreements</th><th></th></tr></thead>
      <tbody>${queue.items.map((d) => `<tr><td>${esc(d.doc_type)}</td><td>${esc(d.age_hours)}</td><td>${esc(d.page_count)}</td>
        <td>${esc(d.low_confidence)}</td><td>${esc(d.disagreements)}</td>
        <td><a href="#/review/${esc(d.document_id)}">Review</a></td></tr>`).join("") || '<tr><td colspan="6">Nothing waiting.</td></tr>'}</tbody></table></div>`;
  $("#filters").addEventListener("submit", (e) => {
    e.preventDefault(); const f = new FormData(e.target);
    location.hash = `#/queue?status=${f.get("status")}${f.get("type") ? `&type=${f.get("type")}` : ""}`;
  });
}

const REJECT_TEMPLATES = ["The photo is too blurry to read. Take it again in good light.",
  "Part of the page is cut off. Include the whole page.", "This is not the document type you selected.",
  "The document belongs to someone else.", "The permit has expired. Upload your current permit."];
async function renderReview(documentId) {
  const [d, types] = await Promise.all([api(`/v1/review/${documentId}`), loadDocTypes()]);
  const type = d.doc_type || d.fields.doc_type || "other";
  // The fields staff verify come from the document type's module (GET /v1/document-types).
  const spec = types.find((x) => x.name === type) || types.find((x) => x.name === "other");
  const kinds = Object.fromEntries(spec.fields.map((f) => [f.name, f.kind]));
  const scalarFields = spec.fields.filter((f) => f.kind !== "rows").map((f) => f.name);
  const disagreements = Object.fromEntries((d.disagreements || []).map((x) => [x.field, x]));
  const low = new Set(d.low_confidence || []);
  const field = (name) => {
    const value = d.fields[name] ?? ""; const conf = d.confidence[name];
    const note = disagreements[name] ? `<span class="note">Participant typed: ${esc(disagreements[name].declared)}</span>` : "";
    const inputType = kinds[name] === "date" ? "date" : kinds[name] === "number" ? "number" : "text";
    return `<label class="field ${low.has(name) ? "low" : ""} ${disagreements[name] ? "disagree" : ""}">${esc(name.replace(/_/g, " "))}
      <span class="conf">${conf !== undefined ? `confidence ${Math.round(conf * 100)}%` : "not found"}${low.has(name) ? " · check" : ""}</span>
      <input data-field="${esc(name)}" type="${inputType}" ${inputType === "number" ? 'step="0.5"' : ""} value="${esc(value)}">${note}</label>`;
  };
  const courses = (d.fields.courses || []);
  main().innerHTML = `<h1>Review: ${esc(type)} <small>${esc(d.file_name || "")}</small></h1>
    <p><small>Keys: <span class="kbd">Alt</span>+<span class="kbd">↓</span>/<span class="kbd">↑</span> next/previous field ·
      <span class="kbd">Ctrl</span>+<span class="kbd">Enter</span> verify · <span class="kbd">+</span>/<span class="kbd">-</span> zoom (outside fields)</small></p>
    <div class="review">
      <section aria-label="Document image">
        <div class="row"><button class="secondary" id="zoom-in" aria-label="Zoom in">+</button><button class="secondary" id="zoom-out" aria-label="Zoom out">−</button>
          <button class="secondary" id="rotate">Rotate</button><button class="secondary" id="prev-page">Previous page</button>
          <button class="secondary" id="next-page">Next page</button><span id="page-label"></span></div>
        <div class="viewer"><img id="page" alt="Page of the uploaded document"></div>
      </section>
      <form id="decision" aria-label="Fields">
        <input type="hidden" value="${esc(d.version)}" id="version">
        ${(d.attention || []).length ? `<p class="reason">Sent on by the participant despite: ${(d.attention || []).map((a) => esc(a.message)).join(" ")}</p>` : ""}
        ${scalarFields.map(field).join("")}
        ${type === "transcript" ? `<h2>Courses</h2><div class="table-wrap"><table class="courses"><thead><tr><th>Term</th><th>Code</th><th>Title</th><th>Units</th><th>Grade</th></tr></thead><tbody>
          ${courses.map((c, i) => `<tr class="${c.confidence < 0.95 ? "field low" : ""}" ${c.on_record ? 'data-on-record="true" title="Already on the record: verifying adds it once"' : ""}>${["term", "code", "title", "units", "grade"].map((k) =>
            `<td><input aria-label="${k} of course ${i + 1}${c.on_record ? " (already on the record)" : ""}" data-course="${i}" data-key="${k}" value="${esc(c[k])}"></td>`).join("")}</tr>`).join("")}
          </tbody></table></div>` : ""}
        <div class="row"><button type="submit" id="verify">Verify</button></div>
        <h2>Reject or ask again</h2>
        <label>Reason template<select id="template"><option value="">Choose a reason…</option>${REJECT_TEMPLATES.map((r) => `<option>${esc(r)}</option>`).join("")}</select></label>
        <label>Reason sent to the participant<textarea id="reason" rows="2"></textarea></label>
        <div class="row"><button type="button" class="danger" id="reject">Reject</button>
          <button type="button" class="secondary" id="resubmit">Ask for resubmission</button></div>
      </form>
    </div>`;
  let page = 0; let zoom = 1; let rotation = 0;
  const showPage = () => {
    const p = d.pages[page]; if (!p) { $("#page-label").textContent = "No page image"; return; }
    $("#page").src = p.url; $("#page-label").textContent = `Page ${page + 1} of ${d.pages.length}`;
    $("#page").style.transform = `scale(${zoom}) rotate(${rotation}deg)`;
  };
  showPage();
  $("#zoom-in").onclick = () => { zoom = Math.min(4, zoom * 1.25); showPage(); };
  $("#zoom-out").onclick = () => { zoom = Math.max(0.5, zoom / 1.25); showPage(); };
  $("#rotate").onclick = () => { rotation = (rotation + 90) % 360; showPage(); };
  $("#prev-page").onclick = () => { page = Math.max(0, page - 1); showPage(); };
  $("#next-page").onclick = () => { page = Math.min(d.pages.length - 1, page + 1); showPage(); };
  $("#template").onchange = (e) => { if (e.target.value) $("#reason").value = e.target.value; };
  const inputs = () => [...main().querySelectorAll("#decision input:not([type=hidden]), #decision select, #decision textarea")];
  // A property, not addEventListener: the next review replaces this handler instead of stacking another, so
  // Ctrl+Enter posts one decision however many documents were reviewed in a row.
  main().onkeydown = (e) => {
    const list = inputs(); const at = list.indexOf(document.activeElement);
    if (e.altKey && (e.key === "ArrowDown" || e.key === "ArrowUp")) {
      e.preventDefault(); const next = list[(at + (e.key === "ArrowDown" ? 1 : -1) + list.length) % list.length]; next.focus();
      if (next.select) next.select();
    } else if ((e.ctrlKey || e.metaKey) && e.key === "Enter") {
      e.preventDefault(); $("#decision").requestSubmit();
    } else if (at < 0 && (e.key === "+" || e.key === "-")) {
      (e.key === "+" ? $("#zoom-in") : $("#zoom-out")).click();
    }
  };
  const decide = async (decision) => {
    const body = { decision, version: Number($("#version").value) };
    if (decision === "verify") {
      const fields = { ...d.fields };
      main().querySelectorAll("[data-field]").forEach((el) => {
        fields[el.dataset.field] = el.value === "" ? null : kinds[el.dataset.field] === "number" ? Number(el.value) : el.value;
      });
      if (type === "transcript") {
        fields.courses = courses.map((c, i) => {
          const row = { ...c };
          main().querySelectorAll(`[data-course="${i}"]`).forEach((el) => { row[el.dataset.key] = el.dataset.key === "units" ? Number(el.value) : el.value; });
          delete row.confidence; return row;
        });
      }
      body.fields = fields;
    } else {
      body.reason = $("#reason").value.trim();
      if (!body.reason) { toast("Give a reason the participant can act on."); $("#reason").focus(); return; }
    }
    try {
      await api(`/v1/review/${documentId}/decision`, { method: "POST", body });
      toast(`Decision saved: ${decision}.`);
      const next = (await api("/v1/review/queue?limit=1")).items[0];
      location.hash = next ? `#/review/${next.document_id}` : "#/queue";
    } catch (error) { toast(error.message); }
  };
  $("#decision").addEventListener("submit", (e) => { e.preventDefault(); decide("verify"); });
  $("#reject").onclick = () => decide("reject");
  $("#resubmit").onclick = () => decide("request_resubmission");
  const first = inputs()[0]; if (first) first.focus();
}

/* ---------------------------------------------------------------- director */

async function renderRoster() {
  const programs = (await api("/v1/programs")).items;
  if (!programs.length) { main().innerHTML = "<h1>My program</h1><p>No program yet: ask registry staff for access.</p>"; return; }
  const program = programs[0];
  const { items } = await api(`/v1/programs/${program.program_id}/positions`);
  main().innerHTML = `<h1>${esc(program.name)}</h1>
    <section class="card"><h2>Verification reports</h2><div class="row">
      <label>Report <select id="report-kind"><option value="staff-verification">Staff Verification</option><option value="director-verification">Director Verification</option></select></label>
      <label>Accreditor <select id="accreditor"><option value="naeyc">NAEYC</option><option value="nac">NAC</option><option value="nafcc">NAFCC</option></select></label>
      <button id="report-pdf">Download PDF</button><button class="secondary" id="report-xlsx">Download XLSX</button></div></section>
    <h2>Staff</h2><div class="table-wrap"><table><thead><tr><th>Name</th><th>Registry ID</th><th>Role</th><th>Started</th><th>Position</th><th>Permits</th><th>Documents waiting</th><th></th></tr></thead>
    <tbody>${items.map((p) => `<tr data-employment="${esc(p.employment_id)}"><td>${esc(p.name || "—")}</td><td>${esc(p.registry_id || "—")}</td>
      <td>${esc(p.role)}</td><td>${esc(p.start_date)}</td><td><span class="badge ${p.status === "confirmed" ? "ok" : "warn"}">${esc(p.status)}</span></td>
      <td>${(p.permits || []).map((x) => `<span class="badge ${x.status === "valid" ? "ok" : x.status === "expiring" ? "warn" : "bad"}">${esc(x.title.replace("Child Development ", ""))}: ${esc(x.status)} ${esc(x.expires_on || "")}</span>`).join(" ") || "—"}</td>
      <td>${esc(p.documents_waiting ?? 0)}</td>
      <td>${p.status === "pending" ? `<button data-confirm="${esc(p.employment_id)}">Confirm</button> <button class="secondary" data-decline="${esc(p.employment_id)}">Decline</button>` : ""}</td></tr>`).join("")}</tbody></table></div>`;
  const report = (fmt) => {
    const kind = $("#report-kind").value; const accreditor = $("#accreditor").value;
    const accept = fmt === "pdf" ? "application/pdf" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    return download(`/v1/programs/${program.program_id}/reports/${kind}?format=${fmt}&accreditor=${accreditor}`, `${kind}.${fmt}`, accept)
      .catch((e) => toast(e.message));
  };
  $("#report-pdf").onclick = () => report("pdf");
  $("#report-xlsx").onclick = () => report("xlsx");
  const decideBtn = (attr, decision) => main().querySelectorAll(`[${attr}]`).forEach((b) => b.addEventListener("click", async () => {
    try { await api(`/v1/programs/${program.program_id}/positions/${b.getAttribute(attr)}/decision`, { method: "POST", body: { decision } }); renderRoster(); }
    catch (e) { toast(e.message); }
  }));
  decideBtn("data-confirm", "confirm"); decideBtn("data-decline", "decline");
}

/* ---------------------------------------------------------------- training calendar */

const STATUS_KEYS = { enrolled: "stEnrolled", waitlisted: "stWaitlisted", attended: "stAttended", withdrawn: "stWithdrawn", no_show: "stNoShow" };

function eventCard(e, actions) {
  const when = `${e.starts_at.slice(0, 10)} ${e.starts_at.slice(11, 16)}–${e.ends_at.slice(11, 16)} UTC`;
  const logo = e.logo_url ? `<img class="logo" src="${esc(BASE + e.logo_url)}" alt="${esc(e.sponsor)}" width="64">` : "";
  return `<article class="card event">${logo}<h3>${esc(e.title)}</h3>
    <p>${esc(e.sponsor)} · ${esc(when)}</p>
    <p>${esc(e.place)}, ${esc(e.county)} · ${esc(e.hours)} ${esc(t("hoursUnit"))} · ${esc(e.competency_area)} · ${esc(e.language)}</p>
    ${e.status ? `<p><strong>${esc(t(STATUS_KEYS[e.status] || e.status))}</strong></p>` : `<p>${esc(t("seatsLeft"))}: ${esc(e.seats_left)}</p>`}
    ${actions}</article>`;
}

function surveyForm(eventId) {
  const scale = (name) => `<label>${esc(t("q_" + name))}<select name="${name}" required><option value=""></option>${[1, 2, 3, 4, 5].map((n) =>
    `<option>${n}</option>`).join("")}</select></label>`;
  return `<form class="survey" data-survey="${esc(eventId)}"><p>${esc(t("surveyIntro"))}</p><div class="grid">
    ${scale("useful")}${scale("presenter")}${scale("recommend")}</div>
    <label>${esc(t("comment"))}<textarea name="comment" rows="2" maxlength="1000"></textarea></label>
    <button type="submit" class="secondary">${esc(t("send"))}</button></form>`;
}

async function renderTraining(invite) {
  const signedIn = !!state.token && has("participant");
  const directing = !!state.token && has("director");
  let staff = [];
  if (directing) {
    const programs = (await api("/v1/programs")).items;
    for (const program of programs) {
      staff = staff.concat((await api(`/v1/programs/${encodeURIComponent(program.program_id)}/positions`)).items
        .filter((p) => p.status === "confirmed" && !p.end_date && p.name));
    }
  }
  const enrolStaff = (e) => directing && staff.length ? `<label>${esc(t("staffMember"))}<select data-staff-for="${esc(e.event_id)}">${staff.map((p) =>
    `<option value="${esc(p.user_id)}">${esc(p.name)}</option>`).join("")}</select></label>
    <button class="secondary" data-enrol-staff="${esc(e.event_id)}">${esc(t("enrolStaff"))}</button>` : "";
  const areas = ["Child Development and Learning", "Culture, Diversity and Equity", "Relationships, Interactions, and Guidance",
    "Family and Community Engagement", "Dual-Language Development", "Observation, Screening, Assessment, and Documentation",
    "Special Needs and Inclusion", "Learning Environments and Curriculum", "Health, Safety, and Nutrition",
    "Leadership in Early Childhood Education", "Professionalism", "Administration and Supervision"];
  main().innerHTML = `<h1>${esc(t("navTraining"))}</h1>
    <form id="calendar-search" class="card"><div class="grid">
      <label>${esc(t("county"))}<input name="county" autocomplete="address-level2"></label>
      <label>${esc(t("fromDate"))}<input type="date" name="from"></label>
      <label>${esc(t("keyword"))}<input name="q"></label>
      <label>${esc(t("competencyArea"))}<select name="competency_area"><option value="">${esc(t("any"))}</option>${areas.map((a) =>
        `<option>${esc(a)}</option>`).join("")}</select></label>
      <label>${esc(t("language"))}<select name="language"><option value="">${esc(t("any"))}</option>
        <option value="en">English</option><option value="es">Español</option><option value="zh">中文</option></select></label>
      <label>${esc(t("delivery"))}<select name="delivery"><option value="">${esc(t("any"))}</option>
        <option value="in_person">${esc(t("inPerson"))}</option><option value="online">${esc(t("online"))}</option>
        <option value="hybrid">${esc(t("hybrid"))}</option></select></label>
    </div><button type="submit">${esc(t("search"))}</button></form>
    <div id="calendar" aria-live="polite"></div>
    ${signedIn ? `<h2>${esc(t("myTrainingEvents"))}</h2><p id="renewal"></p><div id="my-events"></div>
      <button class="secondary" id="dl-cda">${esc(t("cdaTranscript"))}</button>` : `<p>${esc(t("signInToEnrol"))}</p>`}
    ${state.token ? `<div id="instructing"></div><form id="sponsor-apply" class="card"><h2>${esc(t("becomeSponsor"))}</h2><p id="my-sponsors"></p>
      <label>${esc(t("agencyName"))}<input name="name" required></label>
      <button type="submit" class="secondary">${esc(t("apply"))}</button></form>` : ""}`;
  if (state.token) {
    const showSponsors = async () => {
      const mine = (await api("/v1/me/sponsors")).items;
      $("#my-sponsors").textContent = mine.map((m) => `${m.name}: ${t("sp_" + m.status)}`).join(" · ");
    };
    $("#sponsor-apply").addEventListener("submit", async (e) => {
      e.preventDefault();
      try { await api("/v1/sponsors", { method: "POST", body: { name: new FormData(e.target).get("name") } }); toast(t("requested")); e.target.reset(); await showSponsors(); }
      catch (error) { toast(error.message); }
    });
    await showSponsors();
    const leading = (await api("/v1/me/instructing")).items;
    if (leading.length) $("#instructing").innerHTML = `<h2>${esc(t("eventsILead"))}</h2>${leading.map((e) => eventCard(e, "")).join("")}`;
  }
  const search = async () => {
    const query = new URLSearchParams();
    new FormData($("#calendar-search")).forEach((v, k) => { if (v) query.set(k, v); });
    const found = invite
      ? [await api(`/v1/training-events/${encodeURIComponent(invite.event)}?code=${encodeURIComponent(invite.code)}`)]
      : (await api(`/v1/training-calendar?${query}`)).items;
    $("#calendar").innerHTML = found.length ? found.map((e) => eventCard(e, (signedIn
      ? `<button data-enrol="${esc(e.event_id)}">${esc(t("enrol"))}</button>` : "") + enrolStaff(e))).join("") : `<p>${esc(t("noEvents"))}</p>`;
    $("#calendar").querySelectorAll("[data-enrol]").forEach((b) => b.addEventListener("click", async () => {
      try {
        const body = invite ? { invitation_code: invite.code } : {};
        const result = await api(`/v1/training-events/${encodeURIComponent(b.dataset.enrol)}/enrollments`, { method: "POST", body });
        toast(t(STATUS_KEYS[result.status])); await showMine();
      } catch (error) { toast(error.message); }
    }));
    $("#calendar").querySelectorAll("[data-enrol-staff]").forEach((b) => b.addEventListener("click", async () => {
      const id = b.dataset.enrolStaff;
      const who = $("#calendar").querySelector(`[data-staff-for="${CSS.escape(id)}"]`).value;
      const body = { user_id: who, ...(invite ? { invitation_code: invite.code } : {}) };
      try { const result = await api(`/v1/training-events/${encodeURIComponent(id)}/enrollments`, { method: "POST", body }); toast(t(STATUS_KEYS[result.status])); }
      catch (error) { toast(error.message); }
    }));
  };
  const showMine = async () => {
    if (!signedIn) return;
    const mine = (await api("/v1/me/training-events")).items;
    $("#my-events").innerHTML = mine.length ? mine.map((e) => eventCard(e, ["enrolled", "waitlisted"].includes(e.status)
      ? `<button class="secondary" data-withdraw="${esc(e.event_id)}">${esc(t("withdraw"))}</button>`
      : e.status === "attended" ? surveyForm(e.event_id) : "")).join("")
      : `<p>${esc(t("noEvents"))}</p>`;
    $("#my-events").querySelectorAll("form[data-survey]").forEach((f) => f.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      const body = {}; new FormData(f).forEach((v, k) => { if (v !== "") body[k] = k === "comment" ? v : Number(v); });
      try { await api(`/v1/training-events/${encodeURIComponent(f.dataset.survey)}/survey`, { method: "POST", body }); toast(t("thanks")); f.remove(); }
      catch (error) { toast(error.message); }
    }));
    $("#my-events").querySelectorAll("[data-withdraw]").forEach((b) => b.addEventListener("click", async () => {
      try { await api(`/v1/training-events/${encodeURIComponent(b.dataset.withdraw)}/enrollments/me`, { method: "DELETE" }); await showMine(); }
      catch (error) { toast(error.message); }
    }));
    const progress = await api("/v1/me/training-progress");
    $("#renewal").textContent = progress.permit
      ? `${t("renewalProgress")}: ${progress.completed_hours} / ${progress.required_hours} (${progress.permit.title}, ${progress.permit.expires_on})`
      : progress.detail;
  };
  $("#calendar-search").addEventListener("submit", (e) => { e.preventDefault(); search().catch((error) => toast(error.message)); });
  if (signedIn) {
    $("#dl-cda").addEventListener("click", () => download("/v1/me/reports/cda-training", "cda-training.pdf", "application/pdf").catch((e) => toast(e.message)));
  }
  await search();
  await showMine();
}

/* ---------------------------------------------------------------- training sponsors (desk) */

async function renderSponsorHome() {
  const mine = (await api("/v1/me/sponsors")).items.filter((m) => m.manager);
  if (mine.length === 1) { location.hash = `#/sponsor/${mine[0].sponsor_id}`; return; }
  main().innerHTML = `<h1>${esc(t("navSponsor"))}</h1>${mine.map((m) =>
    `<p><a href="#/sponsor/${esc(m.sponsor_id)}">${esc(m.name)}</a></p>`).join("") || `<p>${esc(t("noSponsor"))}</p>`}`;
}

async function renderSponsor(sponsorId) {
  const sid = encodeURIComponent(sponsorId);
  const [catalogue, events, mine] = await Promise.all([api(`/v1/sponsors/${sid}/trainings`), api(`/v1/sponsors/${sid}/events`), api("/v1/me/sponsors")]);
  const name = (mine.items.find((m) => m.sponsor_id === sponsorId) || {}).name || "";
  const areas = ["Child Development and Learning", "Culture, Diversity and Equity", "Relationships, Interactions, and Guidance",
    "Family and Community Engagement", "Dual-Language Development", "Observation, Screening, Assessment, and Documentation",
    "Special Needs and Inclusion", "Learning Environments and Curriculum", "Health, Safety, and Nutrition",
    "Leadership in Early Childhood Education", "Professionalism", "Administration and Supervision"];
  main().innerHTML = `<h1>${esc(name)}</h1>
    <p><button class="secondary" id="dl-sponsor-report">${esc(t("sponsorReport"))}</button></p>
    <section class="card"><h2>${esc(t("catalogue"))}</h2>
      <ul>${catalogue.items.map((c) => `<li>${esc(c.title)} · ${esc(c.hours)} ${esc(t("hoursUnit"))} · ${esc(c.competency_area)}</li>`).join("")}</ul>
      <form id="add-training"><div class="grid">
        <label>${esc(t("title"))}<input name="title" required></label>
        <label>${esc(t("hoursLabel"))}<input name="hours" type="number" step="0.5" min="0.5" required></label>
        <label>${esc(t("competencyArea"))}<select name="competency_area">${areas.map((a) => `<option>${esc(a)}</option>`).join("")}</select></label>
        <label>${esc(t("language"))}<select name="language"><option value="en">English</option><option value="es">Español</option><option value="zh">中文</option></select></label>
        <label>${esc(t("delivery"))}<select name="delivery"><option value="in_person">${esc(t("inPerson"))}</option><option value="online">${esc(t("online"))}</option><option value="hybrid">${esc(t("hybrid"))}</option></select></label>
        <label>${esc(t("cdaArea"))}<select name="cda_subject_area"><option value=""></option>${[1, 2, 3, 4, 5, 6, 7, 8].map((n) => `<option>${n}</option>`).join("")}</select></label>
      </div><label>${esc(t("description"))}<textarea name="description" rows="2"></textarea></label>
      <button type="submit">${esc(t("addTraining"))}</button></form></section>
    <form id="schedule" class="card"><h2>${esc(t("scheduleEvent"))}</h2><div class="grid">
      <label>${esc(t("training"))}<select name="training_id">${catalogue.items.map((c) => `<option value="${esc(c.training_id)}">${esc(c.title)}</option>`).join("")}</select></label>
      <label>${esc(t("starts"))}<input name="starts_at" type="datetime-local" required></label>
      <label>${esc(t("ends"))}<input name="ends_at" type="datetime-local" required></label>
      <label>${esc(t("capacity"))}<input name="capacity" type="number" min="1" value="20" required></label>
      <label>${esc(t("county"))}<input name="county" required></label>
      <label>${esc(t("place"))}<input name="place" required></label>
      <label>${esc(t("funding"))}<input name="funding_source"></label>
      <label>${esc(t("withdrawHours"))}<input name="withdraw_hours_before" type="number" min="0" max="720" value="24"></label>
      <label><input type="checkbox" name="invite_only"> ${esc(t("inviteOnly"))}</label>
    </div><button type="submit">${esc(t("publish"))}</button></form>
    <h2>${esc(t("events"))}</h2><div id="sponsor-events">${events.items.map((e) => eventCard(e,
      `${e.invitation_code ? `<p>${esc(t("invitationLink"))}: <code>${esc(`${location.origin}${BASE}/app#/training/${encodeURIComponent(e.event_id)}/${encodeURIComponent(e.invitation_code)}`)}</code></p>` : ""}
       <button class="secondary" data-roster="${esc(e.event_id)}">${esc(t("rosterAttendance"))}</button><div data-roster-for="${esc(e.event_id)}"></div>`)).join("")}</div>`;
  $("#dl-sponsor-report").addEventListener("click", () => download(`/v1/sponsors/${sid}/reports/training`, "training-report.xlsx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet").catch((e) => toast(e.message)));
  $("#add-training").addEventListener("submit", async (e) => {
    e.preventDefault();
    const body = {}; new FormData(e.target).forEach((v, k) => { if (v !== "") body[k] = ["hours", "cda_subject_area"].includes(k) ? Number(v) : v; });
    try { await api(`/v1/sponsors/${sid}/trainings`, { method: "POST", body }); toast(t("saved")); await renderSponsor(sponsorId); }
    catch (error) { toast(error.message); }
  });
  $("#schedule").addEventListener("submit", async (e) => {
    e.preventDefault();
    const f = new FormData(e.target); const body = {};
    f.forEach((v, k) => { if (v !== "") body[k] = v; });
    body.starts_at = new Date(body.starts_at).toISOString(); body.ends_at = new Date(body.ends_at).toISOString();
    body.capacity = Number(body.capacity); body.withdraw_hours_before = Number(body.withdraw_hours_before); body.invite_only = f.get("invite_only") === "on";
    try { await api(`/v1/sponsors/${sid}/events`, { method: "POST", body }); toast(t("saved")); await renderSponsor(sponsorId); }
    catch (error) { toast(error.message); }
  });
  main().querySelectorAll("[data-roster]").forEach((b) => b.addEventListener("click", () => showRoster(b.dataset.roster).catch((e) => toast(e.message))));
}

async function showRoster(eventId) {
  const eid = encodeURIComponent(eventId);
  const [roster, survey] = await Promise.all([api(`/v1/training-events/${eid}/roster`), api(`/v1/training-events/${eid}/survey`)]);
  const box = main().querySelector(`[data-roster-for="${CSS.escape(eventId)}"]`);
  const open = roster.people.filter((p) => ["enrolled", "attended", "no_show"].includes(p.status));
  box.innerHTML = `<table><thead><tr><th>${esc(t("name"))}</th><th>${esc(t("registryId"))}</th><th>${esc(t("status"))}</th><th>${esc(t("attended"))}</th></tr></thead><tbody>
    ${roster.people.map((p) => `<tr><td>${esc(p.name)}</td><td>${esc(p.registry_id)}</td><td>${esc(t(STATUS_KEYS[p.status] || p.status))}</td>
      <td>${open.includes(p) ? `<input type="checkbox" aria-label="${esc(t("attended"))}: ${esc(p.name)}" data-attend="${esc(p.user_id)}" ${p.status === "attended" ? "checked disabled" : ""}>` : ""}</td></tr>`).join("")}</tbody></table>
    <p><button data-save-attendance>${esc(t("saveAttendance"))}</button> <button class="secondary" data-sheet>${esc(t("signInSheet"))}</button></p>
    <p>${esc(t("survey"))}: ${survey.shown ? esc(`${survey.responses} · ${JSON.stringify(survey.averages)}`) : esc(survey.detail)}</p>`;
  box.querySelector("[data-sheet]").addEventListener("click", () => download(`/v1/training-events/${eid}/sign-in-sheet`, "sign-in-sheet.pdf", "application/pdf").catch((e) => toast(e.message)));
  box.querySelector("[data-save-attendance]").addEventListener("click", async () => {
    const marks = [...box.querySelectorAll("[data-attend]:not([disabled])")].map((c) => ({ user_id: c.dataset.attend, attended: c.checked }));
    if (!marks.length) return;
    try { await api(`/v1/training-events/${eid}/attendance`, { method: "POST", body: { marks } }); toast(t("saved")); await showRoster(eventId); }
    catch (error) { toast(error.message); }
  });
}

async function renderSponsorApplications() {
  const pending = (await api("/v1/sponsors?status=applied")).items;
  main().innerHTML = `<h1>${esc(t("navSponsors"))}</h1>${pending.length ? `<table><thead><tr><th>${esc(t("agencyName"))}</th><th>${esc(t("applicant"))}</th><th>${esc(t("applied"))}</th><th></th></tr></thead><tbody>
    ${pending.map((a) => `<tr><td>${esc(a.name)}</td><td>${esc(a.applicant)}</td><td>${esc(a.applied_at.slice(0, 10))}</td>
      <td><button data-approve="${esc(a.sponsor_id)}">${esc(t("approve"))}</button>
      <input aria-label="${esc(t("reason"))}" data-reason="${esc(a.sponsor_id)}" placeholder="${esc(t("reason"))}">
      <button class="danger" data-deny="${esc(a.sponsor_id)}">${esc(t("deny"))}</button></td></tr>`).join("")}</tbody></table>` : `<p>${esc(t("noApplications"))}</p>`}`;
  const decide = async (id, decision) => {
    const reason = main().querySelector(`[data-reason="${CSS.escape(id)}"]`).value || undefined;
    try { await api(`/v1/sponsors/${encodeURIComponent(id)}/decision`, { method: "POST", body: { decision, reason } }); await renderSponsorApplications(); }
    catch (error) { toast(error.message); }
  };
  main().querySelectorAll("[data-approve]").forEach((b) => b.addEventListener("click", () => decide(b.dataset.approve, "approve")));
  main().querySelectorAll("[data-deny]").forEach((b) => b.addEventListener("click", () => decide(b.dataset.deny, "deny")));
}

/* ---------------------------------------------------------------- router */

// One view renders at a time: a page still loading when the person clicks on would otherwise finish last and
// paint over the page they asked for.
let rendering = Promise.resolve();
function render() {
  rendering = rendering.then(renderNow, renderNow);
  return rendering;
}

async function renderNow() {
  clearTimeout(state.poll);
  main().onkeydown = null; // a view's keyboard shortcuts leave with it
  applyStaticText();
  const hash = location.hash || "#/";
  try {
    if (await Auth.complete(BASE)) { state.token = "yes"; state.user = Auth.user(); location.hash = home(); return; }
    if (hash.startsWith("#/training/")) {
      const [event, code] = hash.slice("#/training/".length).split("/").map(decodeURIComponent);
      return await renderTraining({ event, code });
    }
    if (hash.startsWith("#/training")) return await renderTraining();
    if (!state.token) return await renderSignIn();
    if (hash.startsWith("#/documents")) return await renderDocuments();
    if (hash.startsWith("#/profile")) return await renderProfile();
    if (hash.startsWith("#/employment")) return await renderEmployment();
    if (hash.startsWith("#/queue")) return await renderQueue();
    if (hash.startsWith("#/review/")) return await renderReview(hash.slice("#/review/".length));
    if (hash.startsWith("#/roster")) return await renderRoster();
    if (hash.startsWith("#/sponsor/")) return await renderSponsor(decodeURIComponent(hash.slice("#/sponsor/".length)));
    if (hash.startsWith("#/sponsors")) return await renderSponsorApplications();
    if (hash.startsWith("#/sponsor")) return await renderSponsorHome();
    location.hash = home();
  } catch (error) {
    main().innerHTML = `<p class="reason" role="alert">${esc(error.message)}</p>`;
  } finally {
    applyStaticText();
  }
}

$("#lang").addEventListener("change", (e) => { state.lang = e.target.value; localStorage.setItem("lang", state.lang); render(); });
$("#signout").addEventListener("click", signOut);
window.addEventListener("hashchange", render);
render();
