/* Program directors: their programs (one at a time), staff, positions to confirm, invitations and the
   verification reports. In the director's language: many directors work in Spanish or Chinese. */
import { bindJobsSection, jobsSection } from "./careers.js";
import { $, api, download, html, on, onEach, show, t, toast } from "./core.js";

// The program a director last looked at stays chosen across pages and visits.
const chosen = () => localStorage.getItem("directorProgram");

export async function renderRoster() {
  const programs = (await api("/v1/programs")).items;
  if (!programs.length) { show(html`<h1>${t("dirMyProgram")}</h1><p>${t("dirNoProgram")}</p>${askSection()}`); bindAsk(); return; }
  const program = programs.find((p) => p.program_id === chosen()) || programs[0];
  const pid = encodeURIComponent(program.program_id);
  const [{ items }, jobs, qris] = await Promise.all([api(`/v1/programs/${pid}/positions`), jobsSection(program),
    api(`/v1/programs/${pid}/qris`)]);
  const score = (s) => (s === null ? t("dirNotRated") : `${s} / 5`);
  show(html`<h1>${program.name}</h1>
    ${programs.length > 1 && html`<form id="program-switch" class="row"><label>${t("dirProgram")}
      <select id="program-choice">${programs.map((p) => html`<option value="${p.program_id}" ${p.program_id === program.program_id ? "selected" : ""}>${p.name}</option>`)}</select></label>
      <button type="submit" class="secondary">${t("dirSwitch")}</button></form>`}
    <section class="card"><h2>${t("dirReports")}</h2><div class="row">
      <label>${t("dirReport")} <select id="report-kind"><option value="staff-verification">${t("dirStaffVerification")}</option><option value="director-verification">${t("dirDirectorVerification")}</option><option value="qris-staff-qualifications">${t("dirQris")}</option></select></label>
      <label>${t("dirAccreditor")} <select id="accreditor"><option value="naeyc">NAEYC</option><option value="nac">NAC</option><option value="nafcc">NAFCC</option></select></label>
      <button id="report-pdf">${t("dirPdf")}</button><button class="secondary" id="report-xlsx">${t("dirXlsx")}</button></div></section>
    <section class="card" id="invite"><h2>${t("dirInvite")}</h2><p>${t("dirInviteIntro")}</p>
      <form id="invite-form" class="grid"><label>${t("email")}<input name="email" type="email" required maxlength="254" autocomplete="off"></label>
      <label>${t("dirInviteName")}<input name="name" maxlength="80" autocomplete="off"></label>
      <button type="submit">${t("dirInviteSend")}</button></form><p id="invite-status" role="status" aria-live="polite"></p></section>
    <h2 id="staff-heading">${t("dirStaff")}</h2><div class="table-wrap" tabindex="0" role="region" aria-labelledby="staff-heading"><table><thead><tr><th>${t("name")}</th><th>${t("registryId")}</th><th>${t("role")}</th><th>${t("dirStarted")}</th><th>${t("dirPosition")}</th><th>${t("dirPermits")}</th><th>${t("dirWaiting")}</th><th><span class="sr-only">${t("dirActions")}</span></th></tr></thead>
    <tbody>${items.map((p) => html`<tr data-employment="${p.employment_id}"><td>${p.name || "—"}</td><td>${p.registry_id || "—"}</td>
      <td>${p.role}</td><td>${p.start_date}</td><td><span class="badge ${p.status === "confirmed" ? "ok" : "warn"}">${t(p.status)}</span></td>
      <td>${(p.permits || []).length ? (p.permits || []).map((x) => html`<span class="badge ${x.status === "valid" ? "ok" : x.status === "expiring" ? "warn" : "bad"}">${x.title.replace("Child Development ", "")}: ${x.status} ${x.expires_on || ""}</span> `) : "—"}</td>
      <td>${p.documents_waiting ?? 0}</td>
      <td>${p.status === "pending" && html`<button data-confirm="${p.employment_id}">${t("dirConfirm")}</button> <button class="secondary" data-decline="${p.employment_id}">${t("dirDecline")}</button>`}</td></tr>`)}</tbody></table></div>
    <section class="card" id="qris"><h2 id="qris-heading">${t("dirQris")}</h2>
      <p>${t("dirElement3")}: <strong>${score(qris.scores.element_3)}</strong> ·
        ${t("dirElement7")}: <strong>${score(qris.scores.element_7)}</strong></p>
      <div class="table-wrap" tabindex="0" role="region" aria-labelledby="qris-heading"><table><thead><tr><th>${t("name")}</th><th>${t("role")}</th><th>${t("dirElement")}</th><th>${t("dirPoints")}</th><th>${t("dirNextLevel")}</th></tr></thead>
      <tbody>${qris.people.map((p) => html`<tr><td>${p.name}</td><td>${p.role}</td><td>${p.element}</td><td>${p.points}</td><td>${p.next_level_needs.join("; ") || "—"}</td></tr>`)}</tbody></table></div>
      <p><small>${qris.source}</small></p></section>
    ${jobs}
    ${askSection()}`);
  bindJobsSection(program, renderRoster);
  bindAsk();
  const form = $("#program-switch");
  if (form) {
    on(form, "submit", (e) => { e.preventDefault(); localStorage.setItem("directorProgram", $("#program-choice").value); renderRoster(); });
  }
  const report = (fmt) => {
    const kind = $("#report-kind").value; const accreditor = $("#accreditor").value;
    const accept = fmt === "pdf" ? "application/pdf" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    return download(`/v1/programs/${pid}/reports/${kind}?format=${fmt}&accreditor=${accreditor}`, `${kind}.${fmt}`, accept)
      .catch((e) => toast(e.message));
  };
  on($("#report-pdf"), "click", () => report("pdf"));
  on($("#report-xlsx"), "click", () => report("xlsx"));
  on($("#invite-form"), "submit", async (e) => {
    e.preventDefault();
    const fields = e.target.elements; // form.name is the form's own name, not its "name" field
    const body = { email: fields.email.value.trim() };
    if (fields.name.value.trim()) body.name = fields.name.value.trim();
    try {
      const sent = await api(`/v1/programs/${pid}/invitations`, { method: "POST", body });
      $("#invite-status").textContent = sent.status === "already_sent" ? t("dirInviteAgain") : `${t("dirInviteSent")} ${body.email}`;
      e.target.reset();
    } catch (error) { $("#invite-status").textContent = error.message; }
  });
  for (const [attr, decision] of [["confirm", "confirm"], ["decline", "decline"]]) {
    onEach(`[data-${attr}]`, "click", async (b) => {
      try { await api(`/v1/programs/${pid}/positions/${b.dataset[attr]}/decision`, { method: "POST", body: { decision } }); renderRoster(); }
      catch (e) { toast(e.message); }
    });
  }
}

/* A director asks to direct a program (registry staff check it against the license and decide). */
function askSection() {
  return html`<section class="card" id="ask-program"><h2>${t("dirAskTitle")}</h2><p>${t("dirAskIntro")}</p>
    <form id="ask-search" class="row"><label>${t("findEmployer")}<input name="q" type="search" minlength="2" maxlength="80" required autocomplete="off"></label>
      <button type="submit" class="secondary">${t("search")}</button></form>
    <ul id="ask-results" aria-live="polite"></ul><p id="ask-status" role="status" aria-live="polite"></p></section>`;
}

function bindAsk() {
  on($("#ask-search"), "submit", async (e) => {
    e.preventDefault();
    try {
      const found = (await api(`/v1/programs?q=${encodeURIComponent(e.target.elements.q.value.trim())}`)).items;
      $("#ask-results").innerHTML = String(found.length ? html`${found.map((p) => html`<li>${p.name}${p.license_number ? html` · ${p.license_number}` : ""}
        <button type="button" class="secondary" data-ask="${p.program_id}">${t("dirAsk")}<span class="sr-only">: ${p.name}</span></button></li>`)}` : html`<li>${t("noPrograms")}</li>`);
      onEach("[data-ask]", "click", async (b) => {
        try {
          await api(`/v1/programs/${encodeURIComponent(b.dataset.ask)}/director-requests`, { method: "POST", body: {} });
          $("#ask-status").textContent = t("dirAsked");
        } catch (error) { $("#ask-status").textContent = error.message; }
      }, $("#ask-results"));
    } catch (error) { toast(error.message); }
  });
}
