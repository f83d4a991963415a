/* Public pages behind the QR codes, no sign-in: is this report one the registry issued (and has it been
   corrected since), and is this card's holder an active member. They show only what the copy in hand shows. */
import { $, BASE, api, html, on, show, state, t } from "./core.js";

const day = (iso) => new Date(iso).toLocaleDateString(state.lang === "zh" ? "zh-TW" : state.lang,
  { year: "numeric", month: "long", day: "numeric" });

export async function renderReportCheck(reportId) {
  let report;
  try {
    report = await api(`/v1/reports/${encodeURIComponent(reportId)}/verify`);
  } catch (error) {
    show(html`<h1>${t("checkReportTitle")}</h1>
      <p class="reason" role="alert">${t("checkReportUnknown")}</p>`);
    return;
  }
  show(html`<h1>${t("checkReportTitle")}</h1>
    <section class="card" id="report-check" aria-live="polite">
      <p><strong>${t("checkIssued")}</strong> ${day(report.issued_at)}</p>
      <p>${t("checkIssuedFor")} <strong>${report.issued_for}</strong></p>
      <p><small>${t("checkReportId")} ${report.report_id}</small></p>
      ${report.newer_version_exists
        ? html`<p class="reason" id="check-verdict" data-verdict="superseded">${t("checkSuperseded")}</p>`
        : html`<p class="ok" id="check-verdict" data-verdict="current">${t("checkCurrent")}</p>`}
    </section>
    <form id="check-file" class="card">
      <h2>${t("checkFileTitle")}</h2>
      <label>${t("checkFileLabel")}<input type="file" name="file" accept="application/pdf,.xlsx,.json" required></label>
      <button type="submit">${t("checkFileButton")}</button>
      <p id="file-verdict" aria-live="polite"></p>
    </form>`);
  const form = $("#check-file");
  on(form, "submit", async (event) => {
    event.preventDefault();
    const file = form.file.files[0];
    if (!file) return;
    // The file itself is the body (the api() helper sends JSON).
    const response = await fetch(`${BASE}/v1/reports/${encodeURIComponent(reportId)}/verify`, {
      method: "POST", body: file,
      headers: { "Content-Type": file.type || "application/octet-stream", "Accept-Language": state.lang } });
    const answer = response.ok ? await response.json() : { genuine: false };
    $("#file-verdict").textContent = answer.genuine ? t("checkFileGenuine") : t("checkFileDiffers");
  });
}

export async function renderCardCheck(registryId) {
  const ask = async (lastName) => api(`/v1/public/registry-ids/${encodeURIComponent(registryId)}`
    + (lastName ? `?last_name=${encodeURIComponent(lastName)}` : ""));
  let member;
  try {
    member = await ask();
  } catch (error) {
    show(html`<h1>${t("checkCardTitle")}</h1><p class="reason" role="alert">${t("checkCardUnknown")}</p>`);
    return;
  }
  show(html`<h1>${t("checkCardTitle")}</h1>
    <section class="card" aria-live="polite">
      <p>${t("checkRegistryId")} <strong>${member.registry_id}</strong></p>
      <p id="card-verdict" data-verdict="${member.status}" class="${member.status === "active" ? "ok" : "reason"}">
        ${member.status === "active" ? t("checkCardActive") : t("checkCardClosed")}</p>
    </section>
    ${member.status === "active" && html`<form id="check-name" class="card">
      <h2>${t("checkNameTitle")}</h2>
      <label>${t("checkNameLabel")}<input name="last_name" autocomplete="off" required></label>
      <button type="submit">${t("checkNameButton")}</button>
      <p id="name-verdict" aria-live="polite"></p>
    </form>`}`);
  const form = $("#check-name");
  if (!form) return;
  on(form, "submit", async (event) => {
    event.preventDefault();
    try {
      const answer = await ask(form.last_name.value);
      $("#name-verdict").textContent = answer.last_name_matches
        ? `${t("checkNameMatches")} ${answer.name}` : t("checkNameDiffers");
    } catch (error) {
      $("#name-verdict").textContent = error.message;
    }
  });
}
