/* Careers: the job board for participants and directors, and the record credential that travels. */
import { $, api, formBody, html, loadDocTypes, main, on, onEach, show, t, toast, typeName } from "./core.js";

// Role and schedule codes in the reader's language (the API's labels are English, for partners).
const roleName = (code) => t(`jobRole_${code}`);
const scheduleName = (code) => t(`jobSchedule_${code}`);
const money = (n) => `$${Number(n).toLocaleString("en-US", { maximumFractionDigits: 2 })}`;

function jobCard(job, documents) {
  return html`<article class="card" data-job="${job.job_id}">
    <h3>${job.title}</h3>
    <p><strong>${job.program.name}</strong>
      ${job.program.licensed && html`<span class="badge ok">${t("licensedProgram")}</span>`}
      · ${job.county} · ${scheduleName(job.schedule)} · ${roleName(job.role)}</p>
    <p>${money(job.pay.low)}–${money(job.pay.high)} ${job.pay.period === "hour" ? t("perHour") : t("perYear")}
      · ${t("closesOn")} ${job.closes_on}</p>
    ${job.requirements && html`<p>${job.requirements}</p>`}
    <button class="secondary" data-apply="${job.job_id}">${t("applyToJob")}</button>
    <form data-apply-form="${job.job_id}" hidden>
      <label>${t("applicationMessage")}<textarea name="message" rows="3" maxlength="2000" required></textarea></label>
      ${documents.length > 0 && html`<fieldset class="choices"><legend>${t("attachDocuments")}</legend>
        ${documents.map((d) => html`<label class="inline"><input type="checkbox" name="document_ids" value="${d.document_id}"> ${d.label}</label>`)}</fieldset>`}
      <label class="inline"><input type="checkbox" name="attach_education_report" checked> ${t("attachReport")}</label>
      <button type="submit">${t("sendApplication")}</button>
    </form></article>`;
}

// Only the newest search paints: the page's first search answering late must not replace the person's own.
let latestSearch = 0;

export async function renderJobs(query = {}) {
  const search = ++latestSearch;
  const [found, mine, docs] = await Promise.all([
    api(`/v1/jobs?${new URLSearchParams(query)}`), api("/v1/me/job-applications"), api("/v1/documents?limit=50"),
    loadDocTypes()]);
  const verified = docs.items.filter((d) => d.status === "verified")
    .map((d) => ({ document_id: d.document_id, label: `${typeName(d.doc_type)} (${(d.verified_at || "").slice(0, 10)})` }));
  if (search !== latestSearch) return;
  show(html`<h1>${t("navJobs")}</h1><p>${t("jobsIntro")}</p>
    <form id="job-search" class="card row">
      <label>${t("county")}<input name="county" value="${query.county || ""}" autocomplete="address-level2"></label>
      <label>${t("jobRole")}<select name="role"><option value="">${t("any")}</option>${Object.keys(found.roles).map((code) =>
        html`<option value="${code}" ${code === query.role ? "selected" : ""}>${roleName(code)}</option>`)}</select></label>
      <label>${t("jobSchedule")}<select name="schedule"><option value="">${t("any")}</option>${Object.keys(found.schedules).map((code) =>
        html`<option value="${code}" ${code === query.schedule ? "selected" : ""}>${scheduleName(code)}</option>`)}</select></label>
      <label>${t("minHourlyPay")}<input name="min_hourly_pay" type="number" min="0" step="0.5" value="${query.min_hourly_pay || ""}"></label>
      <button type="submit">${t("search")}</button></form>
    <section id="jobs" data-query="${new URLSearchParams(query)}">${found.items.length ? found.items.map((j) => jobCard(j, verified)) : html`<p>${t("noJobs")}</p>`}</section>
    <h2>${t("myApplications")}</h2>
    <ul id="my-applications">${mine.items.map((a) => html`<li>${a.title} · ${a.program} · ${a.sent_at.slice(0, 10)}</li>`)}</ul>`);
  // A refused search (a county that is not one) is said where the person looks; the last list stays.
  on($("#job-search"), "submit", (event) => {
    event.preventDefault();
    renderJobs(formBody(event.target)).catch((e) => toast(e.message));
  });
  onEach("[data-apply]", "click", (button) => {
    const form = main().querySelector(`[data-apply-form="${CSS.escape(button.dataset.apply)}"]`);
    form.hidden = false; form.message.focus();
  });
  onEach("form[data-apply-form]", "submit", async (form, event) => {
    event.preventDefault();
    const body = {
      message: form.message.value,
      document_ids: [...form.querySelectorAll("[name=document_ids]:checked")].map((c) => c.value),
      attach_education_report: form.attach_education_report.checked,
    };
    try {
      await api(`/v1/jobs/${form.dataset.applyForm}/applications`, { method: "POST", body });
      toast(t("applicationSent")); await renderJobs(query);
    } catch (e) { toast(e.message); }
  });
}

/* On My records: the verified record as a signed credential to keep or take to another registry, and the
   import of one that another registry issued. */
export function recordCredentialSection() {
  return html`<section class="card" id="record-credential"><h2>${t("takeRecordTitle")}</h2>
    <p>${t("takeRecordIntro")}</p>
    <p><button class="secondary" id="export-record">${t("downloadRecord")}</button></p>
    <form id="import-record"><label>${t("importRecord")}<input type="file" name="file" accept=".jwt,text/plain"></label>
      <button type="submit">${t("importButton")}</button></form></section>`;
}

export function bindRecordCredential() {
  on($("#export-record"), "click", async () => {
    try {
      const issued = await api("/v1/me/record-credential");
      const link = document.createElement("a");
      link.href = URL.createObjectURL(new Blob([issued.credential], { type: issued.media_type }));
      link.download = issued.file_name;
      document.body.appendChild(link); link.click(); link.remove();
    } catch (e) { toast(e.message); }
  });
  on($("#import-record"), "submit", async (event) => {
    event.preventDefault();
    const file = event.target.file.files[0];
    if (!file) { toast(t("chooseRecordFile")); return; }
    try {
      const done = await api("/v1/me/record-imports", { method: "POST", body: { credential: (await file.text()).trim() } });
      toast(`${t(done.signature_checked ? "recordImported" : "recordImportedUnverified")} ${done.issuer.name}`);
    } catch (e) { toast(e.message); }
  });
}

/* Directors: post an opening, see their posts and read applications. */
export async function jobsSection(program) {
  const { items } = await api(`/v1/programs/${program.program_id}/jobs`);
  return html`<section class="card" id="program-jobs"><h2>${t("jobOpenings")}</h2>
    <form id="post-job" class="grid">
      <label>${t("title")}<input name="title" required maxlength="200"></label>
      <label>${t("jobRole")}<select name="role">${["assistant", "associate_teacher", "teacher", "lead_teacher", "site_supervisor", "director", "family_child_care_assistant", "substitute", "other"].map((r) => html`<option value="${r}">${roleName(r)}</option>`)}</select></label>
      <label>${t("county")}<input name="county" required></label>
      <label>${t("jobSchedule")}<select name="schedule">${["full_time", "part_time", "substitute", "seasonal"].map((c) => html`<option value="${c}">${scheduleName(c)}</option>`)}</select></label>
      <label>${t("payFrom")}<input name="pay_low" type="number" step="0.01" min="0" required></label>
      <label>${t("payTo")}<input name="pay_high" type="number" step="0.01" min="0" required></label>
      <label>${t("payPer")}<select name="pay_period"><option value="hour">${t("perHour")}</option><option value="year">${t("perYear")}</option></select></label>
      <label>${t("closesOn")}<input name="closes_on" type="date" required></label>
      <label>${t("requirements")}<textarea name="requirements" rows="2" maxlength="2000"></textarea></label>
      <button type="submit">${t("postOpening")}</button></form>
    <ul>${items.map((j) => html`<li data-program-job="${j.job_id}">${j.title} · <span class="badge ${j.status === "open" ? "ok" : "warn"}">${t("job_" + j.status)}</span>
      · ${j.applications} ${t("applicationsCount")} ${j.status_reason ? html`· ${j.status_reason}` : ""}
      <button class="secondary" data-applications="${j.job_id}">${t("applicationsButton")}<span class="sr-only">: ${j.title}</span></button>
      ${j.status === "open" && html`<button class="secondary" data-close-job="${j.job_id}">${t("closeJob")}<span class="sr-only">: ${j.title}</span></button>`}</li>`)}</ul>
    <div id="applications"></div></section>`;
}

export function bindJobsSection(program, rerender) {
  on($("#post-job"), "submit", async (event) => {
    event.preventDefault();
    try {
      await api(`/v1/programs/${program.program_id}/jobs`, { method: "POST", body: formBody(event.target, ["pay_low", "pay_high"]) });
      toast(t("openingPosted")); await rerender();
    } catch (e) { toast(e.message); }
  });
  onEach("[data-close-job]", "click", async (b) => {
    try { await api(`/v1/jobs/${b.dataset.closeJob}/close`, { method: "POST", body: {} }); await rerender(); } catch (e) { toast(e.message); }
  });
  onEach("[data-applications]", "click", async (b) => {
    try {
      const { items } = await api(`/v1/jobs/${b.dataset.applications}/applications`);
      $("#applications").innerHTML = String(items.length ? html`${items.map((a) => html`<article class="card">
        <strong>${a.name}</strong> (${a.registry_id}) · ${a.email || ""} · ${a.sent_at.slice(0, 10)}<p>${a.message}</p>
        <p>${a.attachments.map((x) => html`<a href="${x.url}" target="_blank" rel="noopener">${x.kind === "report" ? x.title : x.doc_type}</a> `)}</p></article>`)}`
        : html`<p>${t("noJobApplications")}</p>`);
    } catch (e) { toast(e.message); }
  });
}

/* Stipends: what a county offers, whether the participant qualifies (rule by rule), and the application. */
export async function renderStipends() {
  const [{ items }, mine] = await Promise.all([api("/v1/stipends"), api("/v1/me/stipend-applications")]);
  show(html`<h1>${t("navStipends")}</h1><p>${t("stipendsIntro")}</p>
    ${items.length ? items.map((s) => html`<article class="card" data-stipend="${s.stipend_id}">
      <h2>${s.name}</h2><p>${money(s.amount)} · ${s.county} · ${t("closesOn")} ${s.closes_on}</p>
      <button class="secondary" data-check="${s.stipend_id}">${t("checkEligibility")}</button>
      <div data-eligibility="${s.stipend_id}"></div></article>`) : html`<p>${t("noStipends")}</p>`}
    <h2>${t("myApplications")}</h2>
    <ul id="my-stipends">${mine.items.map((a) => html`<li>${a.name} · ${t(`stipend_${a.status}`)}${a.reason ? html` · ${a.reason}` : ""}</li>`)}</ul>`);
  onEach("[data-check]", "click", async (button) => {
    const id = button.dataset.check;
    const box = main().querySelector(`[data-eligibility="${CSS.escape(id)}"]`);
    try {
      const found = await api(`/v1/stipends/${id}/eligibility`);
      box.innerHTML = String(html`<p><strong>${found.eligible ? t("eligible") : t("notEligible")}</strong></p>
        <ul class="rules">${found.rules.map((r) => html`<li class="${r.met ? "met" : "unmet"}"><span aria-hidden="true">${r.met ? "✓" : "✗"}</span> ${r.explanation}</li>`)}</ul>
        ${found.application ? html`<p>${t(`stipend_${found.application.status}`)}</p>` : found.eligible && html`<form data-stipend-form="${id}">
          <label>${t("taxId")}${found.stipend.tax_id_required ? "" : html` (${t("optional")})`}
            <input name="tax_id" inputmode="numeric" autocomplete="off" ${found.stipend.tax_id_required ? "required" : ""} pattern="\\d{3}-?\\d{2}-?\\d{4}"></label>
          <p><small>${t("taxIdHint")}</small></p>
          <button type="submit">${t("applyStipend")}</button></form>`}`);
      const form = box.querySelector("form");
      if (form) {
        on(form, "submit", async (event) => {
          event.preventDefault();
          try {
            await api(`/v1/stipends/${id}/applications`, { method: "POST", body: form.tax_id.value ? { tax_id: form.tax_id.value } : {} });
            toast(t("stipendApplied")); await renderStipends();
          } catch (e) { toast(e.message); }
        });
      }
    } catch (e) { toast(e.message); }
  });
}
