/* Participant views, phone first: documents, verified records and disputes, profile, employment. */
import {
  $, BASE, PERMITS, SETTINGS, api, contentTypeOf, download, formBody, html, kindName, loadDocTypes, loadRecordKinds, main,
  on, onEach, postWithProgress, show, state, statusBadge, t, toast, typeName,
} from "./core.js";
import { bindRecordCredential, recordCredentialSection } from "./careers.js";

function declaredFields(type) {
  if (type === "permit") {
    return html`<div class="grid">
      <label>${t("permitTitle")}<select name="permit_title"><option value=""></option>${PERMITS.map((p) => html`<option>${p}</option>`)}</select></label>
      <label>${t("documentNumber")}<input name="document_number" autocomplete="off"></label>
      <label>${t("issuedOn")}<input type="date" name="issued_on"></label>
      <label>${t("expiresOn")}<input type="date" name="expires_on"></label></div>`;
  }
  if (type === "cda_credential") {
    return html`<div class="grid">
      <label>${t("credentialId")}<input name="credential_id" autocomplete="off"></label>
      <label>${t("setting")}<select name="setting"><option value=""></option>${SETTINGS.map((s) => html`<option>${s}</option>`)}</select></label>
      <label>${t("issuedOn")}<input type="date" name="issued_on"></label>
      <label>${t("expiresOn")}<input type="date" name="expires_on"></label></div>`;
  }
  return "";
}

export async function renderDocuments(preselect) {
  const types = await loadDocTypes();
  show(html`<h1>${t("navDocuments")}</h1>
    <form id="upload" class="card" novalidate>
      <h2>${t("uploadTitle")}</h2>
      <label>${t("docType")}<select name="doc_type" id="doc-type">${types.map((d) =>
        html`<option value="${d.name}" ${d.name === preselect ? "selected" : ""}>${typeName(d.name)}</option>`)}</select></label>
      <div id="declared"></div>
      <label>${t("chooseFile")}<span class="hint">${t("chooseFileHint")}</span>
        <input type="file" name="file" id="file" accept="image/*,application/pdf,.heic,.heif" capture="environment" required></label>
      <progress id="progress" max="1" value="0" hidden aria-label="${t("uploading")}"></progress>
      <button type="submit" id="upload-button">${t("upload")}</button>
      <p id="upload-status" role="status" aria-live="polite"></p>
    </form>
    <h2>${t("myDocuments")}</h2><div id="documents"></div>`);
  shownStatus = null;
  const typeSelect = $("#doc-type");
  const showDeclared = () => { $("#declared").innerHTML = String(declaredFields(typeSelect.value)); };
  on(typeSelect, "change", showDeclared); showDeclared();
  on($("#upload"), "submit", async (event) => {
    event.preventDefault();
    const form = event.target; const file = form.file.files[0];
    if (!file) { toast(t("chooseFileHint")); form.file.focus(); return; }
    const declared = {};
    form.querySelectorAll("#declared [name]").forEach((el) => { if (el.value) declared[el.name] = el.value; });
    const button = $("#upload-button"); const progress = $("#progress"); const status = $("#upload-status");
    button.disabled = true; button.textContent = t("uploading"); progress.hidden = false; progress.value = 0;
    status.classList.remove("reason"); status.textContent = t("uploading");
    try {
      const started = await api("/v1/documents", { method: "POST", body: {
        doc_type: typeSelect.value, file_name: file.name, content_type: contentTypeOf(file), size: file.size, declared } });
      await postWithProgress(started.upload, file, (p) => { progress.value = p; });
      if (shownStatus) shownStatus.set(started.document_id, "awaiting_upload"); // its reading is announced
      progress.value = 1; status.textContent = `${file.name}: ${t("uploaded")}`; form.reset(); showDeclared();
    } catch (error) { status.classList.add("reason"); status.textContent = error.message; }
    finally { button.disabled = false; button.textContent = t("upload"); setTimeout(() => { progress.hidden = true; }, 800); }
    await refreshDocuments();
  });
  await refreshDocuments();
}

const APPEALABLE = ["rejected", "resubmission_requested"];
// Each document's status as the list last showed it: a document read while the person waits (processing to
// needs_attention, needs_review, failed...) is announced in the upload form's status region, once.
let shownStatus = null;
const OPENABLE = ["processing", "needs_attention", "needs_review", "failed", "verified", "rejected", "resubmission_requested"];

// A dispute or an appeal can point to another of the participant's documents that shows what is right.
function disputeForm(attr, id, documents = []) {
  const others = documents.filter((d) => d.document_id !== id && !["deleted", "rejected_file", "awaiting_upload"].includes(d.status));
  return html`<form class="dispute" data-${attr}-form="${id}" hidden>
    <label>${t("disputeHint")}<textarea name="message" rows="3" maxlength="2000" required></textarea></label>
    ${others.length > 0 && html`<label>${t("attachDocument")}<select name="attachment_document_id"><option value="">${t("noAttachment")}</option>
      ${others.map((d) => html`<option value="${d.document_id}">${typeName(d.doc_type)} · ${d.file_name} · ${(d.created_at || "").slice(0, 10)}</option>`)}</select></label>`}
    <button type="submit">${t("send")}</button></form>`;
}

function disputeBody(form, target) {
  const body = { ...target, message: form.message.value };
  if (form.attachment_document_id && form.attachment_document_id.value) body.attachment_document_id = form.attachment_document_id.value;
  return body;
}

async function refreshDocuments() {
  const box = $("#documents"); if (!box) return;
  const { items } = await api("/v1/documents?limit=50");
  const changed = shownStatus ? items.filter((d) => shownStatus.has(d.document_id) && shownStatus.get(d.document_id) !== d.status) : [];
  shownStatus = new Map(items.map((d) => [d.document_id, d.status]));
  if (changed.length && $("#upload-status")) {
    $("#upload-status").classList.remove("reason");
    $("#upload-status").textContent = changed.map((d) => `${d.file_name}: ${t(`status_${d.status}`)}`).join(" · ");
  }
  box.innerHTML = String(items.length ? items.map((d) => html`<article class="card doc" data-document="${d.document_id}">
      <div class="row"><strong>${typeName(d.doc_type)}</strong> ${statusBadge(d.status)}</div>
      <div><small>${d.file_name} · ${(d.created_at || "").slice(0, 10)}</small></div>
      ${d.reason && d.status !== "deleted" && html`<p class="reason">${d.reason}</p>`}
      ${d.reading && html`<p class="reading">${t("readingWait")
        .replace("{minutes}", d.reading.expected_minutes).replace("{ahead}", d.reading.ahead)}</p>`}
      ${d.status === "needs_attention" && html`<ul class="attention" role="alert">${(d.attention || []).map((a) =>
        html`<li data-problem="${a.problem}">${a.message}</li>`)}</ul>
        <div class="row"><button data-replace="${d.document_id}" data-type="${d.doc_type}">${t("replaceFile")}</button>
        <button class="secondary" data-anyway="${d.document_id}">${t("sendAnyway")}</button></div>`}
      <div class="row">
        ${OPENABLE.includes(d.status) && html`<button class="secondary" data-open="${d.document_id}">${t("openFile")}</button>`}
        ${["rejected", "rejected_file", "resubmission_requested"].includes(d.status) && html`<button class="secondary" data-again="${d.doc_type}">${t("uploadAgain")}</button>`}
        ${APPEALABLE.includes(d.status) && html`<button class="secondary" data-appeal="${d.document_id}">${t("appeal")}</button>`}
        ${!["verified", "deleted"].includes(d.status) && html`<button class="secondary" data-delete="${d.document_id}">${t("delete")}</button>`}
      </div>${APPEALABLE.includes(d.status) && disputeForm("appeal", d.document_id, items)}</article>`) : html`<p>${t("noDocuments")}</p>`);
  onEach("[data-delete]", "click", async (b) => {
    if (!confirm(t("confirmDelete"))) return;
    try { await api(`/v1/documents/${b.dataset.delete}`, { method: "DELETE" }); } catch (e) { toast(e.message); }
    refreshDocuments();
  }, box);
  onEach("[data-anyway]", "click", async (b) => {
    try { await api(`/v1/documents/${b.dataset.anyway}/send-anyway`, { method: "POST" }); toast(t("sentAnyway")); }
    catch (e) { toast(e.message); }
    refreshDocuments();
  }, box);
  onEach("[data-replace]", "click", async (b) => {
    // Replacing removes the unusable copy (it keeps its audit trail) and opens the file picker for the new one.
    try { await api(`/v1/documents/${b.dataset.replace}`, { method: "DELETE" }); } catch (e) { toast(e.message); return; }
    $("#doc-type").value = b.dataset.type; $("#doc-type").dispatchEvent(new Event("change"));
    await refreshDocuments(); $("#file").focus(); $("#file").click();
  }, box);
  onEach("[data-again]", "click", (b) => {
    $("#doc-type").value = b.dataset.again; $("#doc-type").dispatchEvent(new Event("change"));
    $("#file").focus(); $("#file").click();
  }, box);
  onEach("[data-open]", "click", async (b) => {
    try { const link = await api(`/v1/documents/${b.dataset.open}/original`); window.open(link.url, "_blank", "noopener"); }
    catch (e) { toast(e.message); }
  }, box);
  onEach("[data-appeal]", "click", (b) => {
    const form = box.querySelector(`[data-appeal-form="${CSS.escape(b.dataset.appeal)}"]`);
    form.hidden = false; form.message.focus();
  }, box);
  onEach("form[data-appeal-form]", "submit", async (form, event) => {
    event.preventDefault();
    try {
      await api("/v1/me/disputes", { method: "POST", body: disputeBody(form, { document_id: form.dataset.appealForm }) });
      toast(t("disputeSent")); form.hidden = true;
    } catch (e) { toast(e.message); }
  }, box);
  clearTimeout(state.poll);
  if (items.some((d) => ["awaiting_upload", "processing"].includes(d.status)) && location.hash.startsWith("#/documents")) {
    state.poll = setTimeout(refreshDocuments, 2000);
  }
}

/* ---------------------------------------------------------------- verified records and disputes */

export async function renderRecords() {
  const [records, disputes, documents, pathway] = await Promise.all([api("/v1/me/records"), api("/v1/me/disputes"),
    api("/v1/documents?limit=50"), api("/v1/me/permit-pathway"), loadDocTypes(), loadRecordKinds()]);
  const open = new Set(disputes.items.filter((x) => x.status === "open").map((x) => x.record_id));
  show(html`<h1>${t("recordsTitle")}</h1>
    <p>${t("recordsIntro")}</p>
    <section class="card" id="pathway"><h2>${t("pathwayTitle")}</h2>
      <p>${pathway.qualifies_for ? html`${t("qualifiesFor")} <strong>${pathway.qualifies_for}</strong>` : t("noLevelYet")}</p>
      ${pathway.next && html`<p>${t("nextLevel")} <strong>${pathway.next.title}</strong>:</p>
        <ul class="missing">${pathway.next.missing.map((m) => html`<li>${m}</li>`)}</ul>`}
      <p><small>${pathway.note} ${pathway.source}</small></p></section>
    <section class="card"><h2>${t("units")}</h2>
      <p>ECE/CD: <strong>${records.summary.units.ece_units}</strong> · ${t("generalEd")}: <strong>${records.summary.units.general_units}</strong></p></section>
    ${records.items.length ? html`<ul class="records">${records.items.map((r) => html`<li class="card" data-record="${r.record_id}">
      <span class="badge">${kindName(r.kind)}</span> ${r.summary}
      ${r.counts === false && html` <small>(${t("notCounted")})</small>`}
      <div class="row">${open.has(r.record_id) ? html`<small>${t("ds_open")}</small>`
        : html`<button class="secondary" data-dispute="${r.record_id}">${t("dispute")}</button>`}</div>
      ${disputeForm("dispute", r.record_id, documents.items)}</li>`)}</ul>` : html`<p>${t("noRecords")}</p>`}
    <h2>${t("myDisputes")}</h2>
    ${disputes.items.length ? disputes.items.map((x) => html`<article class="card" data-dispute-id="${x.dispute_id}">
      <strong>${t(`ds_${x.status}`)}</strong> <small>${x.created_at.slice(0, 10)}</small>
      <p>${x.message}</p>${x.resolution && html`<p><em>${x.resolution}</em></p>`}</article>`) : html`<p>${t("noDisputes")}</p>`}
    ${recordCredentialSection()}`);
  bindRecordCredential();
  onEach("[data-dispute]", "click", (b) => {
    const form = main().querySelector(`[data-dispute-form="${CSS.escape(b.dataset.dispute)}"]`);
    form.hidden = false; form.message.focus();
  });
  onEach("form[data-dispute-form]", "submit", async (form, event) => {
    event.preventDefault();
    try {
      await api("/v1/me/disputes", { method: "POST", body: disputeBody(form, { record_id: form.dataset.disputeForm }) });
      toast(t("disputeSent")); await renderRecords();
    } catch (e) { toast(e.message); }
  });
}

/* ---------------------------------------------------------------- profile and employment */

function codeSelect(name, codes, value, multiple = false) {
  if (multiple) {
    const chosen = new Set(value || []);
    return html`<fieldset class="choices"><legend>${t(`dm_${name}`)}</legend>${codes.map((c) =>
      html`<label class="inline"><input type="checkbox" name="${name}" value="${c.code}" ${chosen.has(c.code) ? "checked" : ""}> ${c.label}</label>`)}</fieldset>`;
  }
  return html`<label>${t(`dm_${name}`)}<select name="${name}"><option value=""></option>${codes.map((c) =>
    html`<option value="${c.code}" ${c.code === value ? "selected" : ""}>${c.label}</option>`)}</select></label>`;
}

function educationRow(lists, row = {}) {
  return html`<div class="grid education-row">
    ${codeSelect("education_level", lists.education_level, row.level)}
    <label>${t("fieldOfStudy")}<input name="field_of_study" value="${row.field_of_study}"></label>
    <label>${t("institution")}<input name="institution" value="${row.institution}"></label>
    <label>${t("year")}<input type="number" name="year" min="1940" max="2100" value="${row.year}"></label></div>`;
}

export async function renderProfile() {
  let me;
  try { me = await api("/v1/me"); } catch (error) { return renderEnroll(); }
  const lists = await api("/v1/code-lists");
  const reminders = await api("/v1/me/reminders").catch(() => null);
  const dm = me.demographics || {};
  show(html`<h1>${t("profileTitle")}</h1>
    <section class="card"><p>${t("registryId")}: <strong id="registry-id">${me.registry_id}</strong></p>
      <p>${t("legalName")}: ${[me.legal_first_name, me.legal_middle_name, me.legal_last_name].filter(Boolean).join(" ")}</p></section>
    <form id="profile" class="card"><div class="grid">
      <label>${t("preferredName")}<input name="preferred_name" value="${me.preferred_name}"></label>
      <label>${t("email")}<input type="email" name="email" value="${me.email}" autocomplete="email"></label>
      <label>${t("phone")}<input type="tel" name="phone" value="${me.phone}" autocomplete="tel"></label>
      <label>${t("preferredLanguage")}<select name="preferred_language">${["en", "es", "zh", "vi", "tl", "ko", "other"].map((l) =>
        html`<option ${me.preferred_language === l ? "selected" : ""}>${l}</option>`)}</select></label>
      <label>${t("homeCounty")}<input name="home_county" value="${me.home_county}"></label>
      <label>${t("beganYear")}<input type="number" name="began_ece_year" min="1950" max="2100" value="${me.began_ece_year}"></label>
    </div><button type="submit">${t("save")}</button></form>
    <form id="education" class="card"><h2>${t("selfEducation")}</h2><p>${t("selfEducationHint")}</p>
      <div id="education-rows">${(me.self_reported_education || [{}]).map((row) => educationRow(lists, row))}</div>
      <div class="row"><button type="button" class="secondary" id="add-education">${t("addSchool")}</button>
      <button type="submit">${t("save")}</button></div></form>
    <form id="demographics" class="card"><h2>${t("demographics")}</h2><p>${t("demographicsHint")}</p><div class="grid">
      ${codeSelect("gender", lists.gender, dm.gender)}
      ${codeSelect("hispanic_latino", lists.hispanic_latino, dm.hispanic_latino === true ? "yes" : dm.hispanic_latino === false ? "no" : dm.hispanic_latino)}
      ${codeSelect("primary_language", lists.primary_language, dm.primary_language)}
      ${codeSelect("birth_year_range", lists.birth_year_range, dm.birth_year_range)}</div>
      ${codeSelect("race_ethnicity", lists.race_ethnicity, dm.race_ethnicity, true)}
      <button type="submit">${t("save")}</button></form>
    ${reminders ? html`<form id="reminders" class="card"><h2>${t("reminders")}</h2>
      <fieldset class="choices"><legend>${t("remindersHint")}</legend>${Object.entries(reminders.optional).map(([kind, on]) =>
        html`<label class="inline"><input type="checkbox" name="${kind}" ${on ? "checked" : ""}> ${t(`reminder_${kind}`)}</label>`)}</fieldset>
      <button type="submit">${t("save")}</button></form>` : ""}
    <section class="card"><h2>${t("downloads")}</h2><div class="row">
      <button class="secondary" id="dl-et">${t("etReport")}</button>
      <button class="secondary" id="dl-card">${t("idCard")}</button></div>
      <label>${t("summary")}<textarea id="resume-summary" rows="2"></textarea></label>
      <button class="secondary" id="dl-resume">${t("resume")}</button></section>
    <form id="name-change" class="card"><h2>${t("nameChange")}</h2><p>${t("nameChangeHint")}</p><div class="grid">
      <label>${t("firstName")}<input name="legal_first_name" required></label>
      <label>${t("middleName")}<input name="legal_middle_name"></label>
      <label>${t("lastName")}<input name="legal_last_name" required></label>
      <label>${t("reason")}<input name="reason" required></label></div>
      <button type="submit" class="secondary">${t("send")}</button></form>
    <form id="sign-in-email" class="card"><h2>${t("signInEmail")}</h2><p>${t("signInEmailHint")}</p>
      <label>${t("newEmail")}<input type="email" name="email" required autocomplete="email"></label>
      <button type="submit" class="secondary">${t("sendCode")}</button></form>
    <form id="sign-in-email-code" class="card" hidden>
      <label>${t("emailCode")}<input name="code" inputmode="numeric" pattern="[0-9]{6}" required autocomplete="one-time-code"></label>
      <button type="submit" class="secondary">${t("confirm")}</button></form>
    <section class="card" id="my-data"><h2>${t("myDataTitle")}</h2><p>${t("myDataIntro")}</p>
      <p><button class="secondary" id="dl-export">${t("myDataDownload")}</button></p>
      <form id="close-profile"><h3>${t("closeTitle")}</h3><p>${t("closeIntro")}</p>
        <label>${t("closeConfirmLabel")}<input name="confirm" autocomplete="off" required></label>
        <button type="submit" class="danger">${t("closeButton")}</button><p id="close-status" role="status" aria-live="polite"></p></form></section>`);
  on($("#dl-export"), "click", () => download("/v1/me/export", "registry-data.json", "application/json").catch((e) => toast(e.message)));
  on($("#close-profile"), "submit", async (e) => {
    e.preventDefault();
    // The person types the word shown, in their language: a slip of the finger does not close a profile.
    if (e.target.confirm.value.trim().toLowerCase() !== t("closeWord").toLowerCase()) { $("#close-status").textContent = t("closeMistyped"); return; }
    try {
      await api("/v1/me?confirm=close-my-profile", { method: "DELETE" });
      $("#close-status").textContent = t("closed");
      setTimeout(() => window.Auth.signOut(BASE), 4000);
    } catch (error) { $("#close-status").textContent = error.message; }
  });
  on($("#sign-in-email"), "submit", async (e) => {
    e.preventDefault();
    try {
      await api("/v1/me/sign-in-email", { method: "POST", body: { email: new FormData(e.target).get("email") } });
      toast(t("codeSent")); $("#sign-in-email-code").hidden = false;
    } catch (error) { toast(error.message); }
  });
  on($("#sign-in-email-code"), "submit", async (e) => {
    e.preventDefault();
    try {
      await api("/v1/me/sign-in-email/verify", { method: "POST", body: { code: new FormData(e.target).get("code") } });
      toast(t("emailChanged")); e.target.hidden = true;
    } catch (error) { toast(error.message); }
  });
  on($("#profile"), "submit", async (e) => {
    e.preventDefault();
    try { await api("/v1/me", { method: "PATCH", body: formBody(e.target, ["began_ece_year"]) }); toast(t("saved")); }
    catch (error) { toast(error.message); }
  });
  if (reminders) {
    on($("#reminders"), "submit", async (e) => {
      e.preventDefault();
      const body = Object.fromEntries(Object.keys(reminders.optional).map((kind) => [kind, e.target[kind].checked]));
      try { await api("/v1/me/reminders", { method: "PATCH", body }); toast(t("saved")); }
      catch (error) { toast(error.message); }
    });
  }
  on($("#add-education"), "click", () => { $("#education-rows").insertAdjacentHTML("beforeend", String(educationRow(lists))); });
  on($("#education"), "submit", async (e) => {
    e.preventDefault();
    const rows = [...e.target.querySelectorAll(".education-row")].map((row) => {
      const out = {};
      row.querySelectorAll("[name]").forEach((el) => {
        const name = el.name === "education_level" ? "level" : el.name;
        if (el.value !== "") out[name] = name === "year" ? Number(el.value) : el.value;
      });
      return out;
    }).filter((row) => row.level);
    try { await api("/v1/me", { method: "PATCH", body: { self_reported_education: rows } }); toast(t("saved")); }
    catch (error) { toast(error.message); }
  });
  on($("#demographics"), "submit", async (e) => {
    e.preventDefault();
    const form = e.target; const body = {};
    for (const name of ["gender", "hispanic_latino", "primary_language", "birth_year_range"]) {
      if (form[name].value) body[name] = form[name].value;
    }
    const races = [...form.querySelectorAll("[name=race_ethnicity]:checked")].map((el) => el.value);
    if (races.length) body.race_ethnicity = races;
    try { await api("/v1/me", { method: "PATCH", body: { demographics: body } }); toast(t("saved")); }
    catch (error) { toast(error.message); }
  });
  on($("#name-change"), "submit", async (e) => {
    e.preventDefault();
    try { await api("/v1/me/name-change", { method: "POST", body: formBody(e.target) }); toast(t("requested")); e.target.reset(); }
    catch (error) { toast(error.message); }
  });
  on($("#dl-et"), "click", () => download("/v1/me/reports/education-training", "education-training.pdf", "application/pdf").catch((e) => toast(e.message)));
  on($("#dl-card"), "click", () => download("/v1/me/id-card", "registry-card.pdf", "application/pdf").catch((e) => toast(e.message)));
  on($("#dl-resume"), "click", () => download("/v1/me/resume", "resume.docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    { method: "POST", body: { summary: $("#resume-summary").value } }).catch((e) => toast(e.message)));
}

function renderEnroll() {
  show(html`<h1>${t("enrollTitle")}</h1><form id="enroll" class="card"><div class="grid">
    <label>${t("firstName")}<input name="legal_first_name" required></label>
    <label>${t("middleName")}<input name="legal_middle_name"></label>
    <label>${t("lastName")}<input name="legal_last_name" required></label>
    <label>${t("email")}<input type="email" name="email"></label></div>
    <button type="submit">${t("enroll")}</button></form>`);
  on($("#enroll"), "submit", async (e) => {
    e.preventDefault();
    try { await api("/v1/me", { method: "POST", body: formBody(e.target) }); renderProfile(); } catch (error) { toast(error.message); }
  });
}

export async function renderEmployment() {
  // A director's emailed invitation names its program: the person lands here with it chosen.
  const invitation = JSON.parse(localStorage.getItem("invitation") || "null");
  const [{ items }, programs, invited] = await Promise.all([api("/v1/me/employment"), api("/v1/programs"),
    invitation ? api(`/v1/programs?id=${encodeURIComponent(invitation.program)}`) : { items: [] }]);
  const invitedProgram = invited.items[0];
  const choices = (list) => html`${list.map((p) => html`<option value="${p.program_id}" ${invitedProgram && p.program_id === invitedProgram.program_id ? "selected" : ""}>${p.name}</option>`)}
    <option value="">${t("otherEmployer")}</option>`;
  const first = invitedProgram ? [invitedProgram, ...programs.items.filter((p) => p.program_id !== invitedProgram.program_id)] : programs.items;
  show(html`<h1>${t("employmentTitle")}</h1>
    ${invitedProgram && html`<p class="card" id="invitation-note" role="status">${t("invitedTo")} <strong>${invitedProgram.name}</strong>. ${t("invitedAdd")}</p>`}
    ${items.map((p) => html`<article class="card" data-position="${p.employment_id}"><strong>${p.role}</strong>, ${p.program_name}
      <div><small>${p.start_date} – ${p.end_date || ""}</small></div>
      <span class="badge ${p.status === "confirmed" ? "ok" : p.status === "declined" ? "bad" : "warn"}">${t(p.status)}</span>
      <form class="row" data-end="${p.employment_id}"><label>${t("endDate")}<input type="date" name="end_date" value="${p.end_date}"
        ${p.end_date ? html`max="${p.end_date}"` : ""}></label><button type="submit" class="secondary">${t("save")}</button></form></article>`)}
    <form id="position" class="card"><h2>${t("addPosition")}</h2><div class="grid">
      <label>${t("findEmployer")}<input type="search" id="program-search" maxlength="80" autocomplete="off"></label>
      <label>${t("program")}<select name="program_id" id="position-program">${choices(first)}</select></label>
      <label id="employer-label" hidden>${t("employerName")}<input name="employer_name"></label>
      <label>${t("endDate")}<input type="date" name="end_date"></label>
      <label>${t("role")}<input name="role" required></label>
      <label>${t("start")}<input type="date" name="start_date" required></label>
      <label>${t("hours")}<input type="number" name="hours_per_week" min="1" max="80"></label>
      <label>${t("hourlyWage")}<input type="number" name="hourly_wage" min="1" max="500" step="0.01"></label></div>
      <button type="submit">${t("addPosition")}</button></form>`);
  // The state has thousands of programs: the list shows the ones whose name starts with what the person types.
  let searching;
  on($("#program-search"), "input", (e) => {
    clearTimeout(searching);
    const words = e.target.value.trim();
    searching = setTimeout(async () => {
      try {
        const found = await api(`/v1/programs${words.length >= 2 ? `?q=${encodeURIComponent(words)}` : ""}`);
        $("#position-program").innerHTML = String(choices(found.items));
        $("#employer-label").hidden = $("#position-program").value !== "";
      } catch (error) { toast(error.message); }
    }, 250);
  });
  on($("#position-program"), "change", (e) => { $("#employer-label").hidden = e.target.value !== ""; });
  on($("#position"), "submit", async (e) => {
    e.preventDefault();
    try {
      await api("/v1/me/employment", { method: "POST", body: formBody(e.target, ["hours_per_week", "hourly_wage"]) });
      localStorage.removeItem("invitation"); renderEmployment();
    }
    catch (error) { toast(error.message); }
  });
  onEach("form[data-end]", "submit", async (form, e) => {
    e.preventDefault();
    try {
      await api(`/v1/me/employment/${form.dataset.end}`, { method: "PATCH", body: { end_date: form.end_date.value || null } });
      toast(t("saved")); renderEmployment();
    } catch (error) { toast(error.message); }
  });
}
