/* Program directors: their staff, positions to confirm, and the verification reports. */
import { bindJobsSection, jobsSection } from "./careers.js";
import { $, api, download, html, on, onEach, show, toast } from "./core.js";

export async function renderRoster() {
  const programs = (await api("/v1/programs")).items;
  if (!programs.length) { show(html`<h1>My program</h1><p>No program yet: ask registry staff for access.</p>`); return; }
  const program = programs[0];
  const [{ items }, jobs, qris] = await Promise.all([api(`/v1/programs/${program.program_id}/positions`), jobsSection(program),
    api(`/v1/programs/${program.program_id}/qris`)]);
  const score = (s) => (s === null ? "not rated" : `${s} of 5`);
  show(html`<h1>${program.name}</h1>
    <section class="card"><h2>Verification reports</h2><div class="row">
      <label>Report <select id="report-kind"><option value="staff-verification">Staff Verification</option><option value="director-verification">Director Verification</option><option value="qris-staff-qualifications">QRIS staff qualifications</option></select></label>
      <label>Accreditor <select id="accreditor"><option value="naeyc">NAEYC</option><option value="nac">NAC</option><option value="nafcc">NAFCC</option></select></label>
      <button id="report-pdf">Download PDF</button><button class="secondary" id="report-xlsx">Download XLSX</button></div></section>
    <h2 id="staff-heading">Staff</h2><div class="table-wrap" tabindex="0" role="region" aria-labelledby="staff-heading"><table><thead><tr><th>Name</th><th>Registry ID</th><th>Role</th><th>Started</th><th>Position</th><th>Permits</th><th>Documents waiting</th><th></th></tr></thead>
    <tbody>${items.map((p) => html`<tr data-employment="${p.employment_id}"><td>${p.name || "—"}</td><td>${p.registry_id || "—"}</td>
      <td>${p.role}</td><td>${p.start_date}</td><td><span class="badge ${p.status === "confirmed" ? "ok" : "warn"}">${p.status}</span></td>
      <td>${(p.permits || []).length ? (p.permits || []).map((x) => html`<span class="badge ${x.status === "valid" ? "ok" : x.status === "expiring" ? "warn" : "bad"}">${x.title.replace("Child Development ", "")}: ${x.status} ${x.expires_on || ""}</span> `) : "—"}</td>
      <td>${p.documents_waiting ?? 0}</td>
      <td>${p.status === "pending" && html`<button data-confirm="${p.employment_id}">Confirm</button> <button class="secondary" data-decline="${p.employment_id}">Decline</button>`}</td></tr>`)}</tbody></table></div>
    <section class="card" id="qris"><h2 id="qris-heading">QRIS staff qualifications</h2>
      <p>Element 3 (lead teachers / family child care): <strong>${score(qris.scores.element_3)}</strong> ·
        Element 7 (director): <strong>${score(qris.scores.element_7)}</strong></p>
      <div class="table-wrap" tabindex="0" role="region" aria-labelledby="qris-heading"><table><thead><tr><th>Name</th><th>Role</th><th>Element</th><th>Points</th><th>Next level needs</th></tr></thead>
      <tbody>${qris.people.map((p) => html`<tr><td>${p.name}</td><td>${p.role}</td><td>${p.element}</td><td>${p.points}</td><td>${p.next_level_needs.join("; ") || "—"}</td></tr>`)}</tbody></table></div>
      <p><small>${qris.source}</small></p></section>
    ${jobs}`);
  bindJobsSection(program, renderRoster);
  const report = (fmt) => {
    const kind = $("#report-kind").value; const accreditor = $("#accreditor").value;
    const accept = fmt === "pdf" ? "application/pdf" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    return download(`/v1/programs/${program.program_id}/reports/${kind}?format=${fmt}&accreditor=${accreditor}`, `${kind}.${fmt}`, accept)
      .catch((e) => toast(e.message));
  };
  on($("#report-pdf"), "click", () => report("pdf"));
  on($("#report-xlsx"), "click", () => report("xlsx"));
  for (const [attr, decision] of [["confirm", "confirm"], ["decline", "decline"]]) {
    onEach(`[data-${attr}]`, "click", async (b) => {
      try { await api(`/v1/programs/${program.program_id}/positions/${b.dataset[attr]}/decision`, { method: "POST", body: { decision } }); renderRoster(); }
      catch (e) { toast(e.message); }
    });
  }
}
