/* Registry staff at a desk: programs and who directs them, stipend programs and their applications.
   (Staff screens are in English.) */
import { $, api, download, formBody, has, html, main, on, onEach, show, toast } from "./core.js";

export async function renderPrograms() {
  const waiting = (await api("/v1/director-requests")).items;
  show(html`<h1>Programs and directors</h1>
    <section class="card" id="director-requests"><h2 id="requests-heading">Directors waiting for access</h2>
      ${waiting.length ? html`<div class="table-wrap" tabindex="0" role="region" aria-labelledby="requests-heading"><table><thead><tr><th>Person</th><th>Registry ID</th><th>Program</th><th>License</th><th>Asked</th><th><span class="sr-only">Decision</span></th></tr></thead>
      <tbody>${waiting.map((w) => html`<tr data-request="${w.program_id}/${w.user_id}"><td>${w.name || "—"}</td><td>${w.registry_id || "—"}</td>
        <td>${w.program_name}</td><td>${w.license_number || "—"}</td><td>${w.requested_at.slice(0, 10)}</td>
        <td><button data-approve-director="${w.program_id}/${w.user_id}">Approve</button>
          <button class="secondary" data-deny-director="${w.program_id}/${w.user_id}">Deny</button></td></tr>`)}</tbody></table></div>`
      : html`<p>No director is waiting for access.</p>`}
      <p><small>Check the person against the program's license before approving: a director sees the program's staff records.</small></p></section>
    <form id="new-program" class="card"><h2>Add a program</h2><div class="grid">
      <label>Name<input name="name" required maxlength="200"></label>
      <label>License number<input name="license_number" required pattern="[0-9A-Za-z\\-]{4,20}"></label>
      <label>Type<select name="program_type"><option value="center">Child care center</option><option value="family_child_care_home">Family child care home</option></select></label>
      <label>Street<input name="line1" required maxlength="200"></label>
      <label>City<input name="city" required maxlength="100"></label>
      <label>County<input name="county" maxlength="100"></label>
      <label>State<input name="state" required minlength="2" maxlength="2" value="CA"></label>
      <label>ZIP code<input name="postal_code" required pattern="[0-9]{5}(-[0-9]{4})?"></label></div>
      <button type="submit">Add the program</button><p id="new-program-status" role="status" aria-live="polite"></p></form>`);
  on($("#new-program"), "submit", async (e) => {
    e.preventDefault();
    const f = formBody(e.target);
    const body = { name: f.name, license_number: f.license_number, program_type: f.program_type,
      address: { line1: f.line1, city: f.city, state: f.state, postal_code: f.postal_code, ...(f.county ? { county: f.county } : {}) } };
    try {
      const made = await api("/v1/programs", { method: "POST", body });
      $("#new-program-status").textContent = `Added ${made.name} (${made.program_id}).`; e.target.reset();
    } catch (error) { $("#new-program-status").textContent = error.message; }
  });
  const decide = async (key, decision) => {
    const [programId, userId] = key.split("/");
    try {
      await api(`/v1/programs/${encodeURIComponent(programId)}/director-requests/${encodeURIComponent(userId)}/decision`, { method: "POST", body: { decision } });
      await renderPrograms();
    } catch (error) { toast(error.message); }
  };
  onEach("[data-approve-director]", "click", (b) => decide(b.dataset.approveDirector, "confirm"));
  onEach("[data-deny-director]", "click", (b) => decide(b.dataset.denyDirector, "decline"));
}

export async function renderStipendAdmin() {
  const open = (await api("/v1/stipends")).items;
  show(html`<h1>Stipend programs</h1>
    <section class="card"><h2>Open programs</h2>${open.length ? html`<ul>${open.map((s) => html`<li>${s.name} · ${s.county} ·
      $${s.amount} · closes ${s.closes_on} <button class="secondary" data-applications="${s.stipend_id}">Applications</button>
      ${has("admin") && html`<button class="secondary" data-finance="${s.stipend_id}">Approved (CSV for finance)</button>`}</li>`)}</ul>` : html`<p>No stipend program is open.</p>`}
      <div id="applications"></div></section>
    <form id="new-stipend" class="card"><h2>Open a stipend program</h2><div class="grid">
      <label>Name<input name="name" required maxlength="200"></label>
      <label>County<input name="county" required maxlength="100"></label>
      <label>Amount (dollars)<input name="amount" type="number" min="1" step="0.01" required></label>
      <label>Period starts<input name="period_start" type="date" required></label>
      <label>Period ends<input name="period_end" type="date" required></label>
      <label>Applications close<input name="closes_on" type="date" required></label>
      <label>Position: at least hours a week<input name="min_hours_per_week" type="number" min="1" max="80" value="20"></label>
      <label>Position in these counties (comma separated)<input name="position_counties"></label>
      <label>ECE units earned in the period, at least<input name="min_units" type="number" min="0" step="0.5"></label>
      <label>Lives in these counties (comma separated)<input name="home_counties"></label>
      <label class="inline"><input type="checkbox" name="tax_id_required" checked> Applicants give a tax id</label></div>
      <button type="submit">Open the program</button><p id="new-stipend-status" role="status" aria-live="polite"></p></form>`);
  on($("#new-stipend"), "submit", async (e) => {
    e.preventDefault();
    const f = formBody(e.target, ["amount", "min_hours_per_week", "min_units"]);
    const list = (text) => (text || "").split(",").map((x) => x.trim()).filter(Boolean);
    const rules = [];
    if (f.min_hours_per_week) rules.push({ kind: "position", min_hours_per_week: f.min_hours_per_week, ...(list(f.position_counties).length ? { counties: list(f.position_counties) } : {}) });
    if (f.min_units !== undefined) rules.push({ kind: "units_in_period", min_units: f.min_units, ece_only: true });
    if (list(f.home_counties).length) rules.push({ kind: "home_county", counties: list(f.home_counties) });
    const body = { name: f.name, county: f.county, amount: f.amount, period_start: f.period_start, period_end: f.period_end,
      closes_on: f.closes_on, rules, tax_id_required: e.target.tax_id_required.checked };
    try {
      await api("/v1/stipends", { method: "POST", body });
      await renderStipendAdmin(); $("#new-stipend-status").textContent = `Opened ${body.name}.`;
    } catch (error) { $("#new-stipend-status").textContent = error.message; }
  });
  onEach("[data-applications]", "click", (b) => showApplications(b.dataset.applications).catch((e) => toast(e.message)));
  onEach("[data-finance]", "click", (b) => download(`/v1/stipends/${encodeURIComponent(b.dataset.finance)}/finance-export`,
    "stipend-approved.csv", "text/csv").catch((e) => toast(e.message)));
}

async function showApplications(stipendId) {
  const sid = encodeURIComponent(stipendId);
  const { stipend, items } = await api(`/v1/stipends/${sid}/applications`);
  const box = $("#applications");
  box.innerHTML = String(html`<h3 id="applications-heading">${stipend.name}: ${items.length} applications</h3>${items.length ? html`<div class="table-wrap" tabindex="0" role="region" aria-labelledby="applications-heading"><table>
    <thead><tr><th>Name</th><th>Registry ID</th><th>Status</th><th>Rules</th><th><span class="sr-only">Decision</span></th></tr></thead>
    <tbody>${items.map((a) => html`<tr data-applicant="${a.applicant_id}"><td>${a.name}</td><td>${a.registry_id}</td><td>${a.status}</td>
      <td><ul>${a.rules.map((r) => html`<li>${r.met ? "✓" : "✗"} ${r.explanation}</li>`)}</ul></td>
      <td>${a.status === "submitted" && html`<button data-approve-stipend="${a.applicant_id}">Approve</button>
        <label>Reason for a denial<input data-stipend-reason="${a.applicant_id}" maxlength="1000"></label>
        <button class="danger" data-deny-stipend="${a.applicant_id}">Deny</button>`}</td></tr>`)}</tbody></table></div>` : ""}`);
  const decide = async (applicantId, decision) => {
    const reason = main().querySelector(`[data-stipend-reason="${CSS.escape(applicantId)}"]`).value.trim();
    try {
      await api(`/v1/stipends/${sid}/applications/${encodeURIComponent(applicantId)}/decision`, { method: "POST", body: { decision, ...(reason ? { reason } : {}) } });
      await showApplications(stipendId);
    } catch (error) { toast(error.message); }
  };
  onEach("[data-approve-stipend]", "click", (b) => decide(b.dataset.approveStipend, "approve"), box);
  onEach("[data-deny-stipend]", "click", (b) => decide(b.dataset.denyStipend, "deny"), box);
}
