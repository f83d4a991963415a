/* Registry managers: how long verification takes, what waits, and how much of licensed child care is here. */
import { $, api, has, html, on, show, toast } from "./core.js";

const pct = (x) => (x === null || x === undefined ? "—" : `${(x * 100).toFixed(1)}%`);

export async function renderDashboard() {
  const [processing, participation] = await Promise.all([api("/v1/manager/processing?months=6"), api("/v1/manager/participation")]);
  show(html`<h1>Processing and participation</h1>
    <section class="card" id="turnaround"><h2 id="turnaround-heading">Time from upload to decision</h2>
      <div class="table-wrap" tabindex="0" role="region" aria-labelledby="turnaround-heading"><table><thead><tr><th>Month</th><th>Document type</th><th>Decisions</th><th>p50 (hours)</th><th>p90 (hours)</th></tr></thead>
      <tbody>${processing.turnaround.length ? processing.turnaround.map((r) => html`<tr><td>${r.month}</td><td>${r.doc_type}</td><td>${r.decisions}</td><td>${r.p50_hours}</td><td>${r.p90_hours}</td></tr>`)
        : html`<tr><td colspan="5">No decisions in these months.</td></tr>`}</tbody></table></div>
      <p><small>${processing.note} This month counted at <time datetime="${processing.backlog_as_of}">${new Date(processing.backlog_as_of).toLocaleTimeString()}</time>.</small></p></section>
    <section class="card" id="backlog"><h2>Waiting for staff: ${processing.waiting}</h2>
      <ul>${processing.backlog.map((b) => html`<li>${b.age}: <strong>${b.documents}</strong></li>`)}</ul>
      <p><small>Counted at <time datetime="${processing.backlog_as_of}">${new Date(processing.backlog_as_of).toLocaleTimeString()}</time>.</small></p></section>
    <section class="card" id="participation"><h2>Licensed facilities in the registry</h2>
      <p><strong>${participation.in_registry}</strong> of ${participation.facilities} (${pct(participation.share)}) ·
        staff at those facilities: ${participation.staff.in_registry} of ${participation.staff.listed_at_facilities_in_registry} (${pct(participation.staff.share)})</p>
      <div class="table-wrap" tabindex="0" role="region" aria-label="Facilities by county"><table><thead><tr><th>County</th><th>Facilities</th><th>In the registry</th><th>Share</th></tr></thead>
      <tbody>${participation.by_county.length ? participation.by_county.map((c) => html`<tr><td>${c.county}</td><td>${c.facilities}</td><td>${c.in_registry}</td><td>${pct(c.share)}</td></tr>`)
        : html`<tr><td colspan="4">No licensed-facility list imported yet.</td></tr>`}</tbody></table></div>
      ${has("admin") && html`<form id="facilities-import"><label>The state's licensed-facility list (CSV: facility_number, name, facility_type, county, staff)
        <input type="file" name="file" accept=".csv,text/csv"></label><button type="submit">Import</button></form>`}
      <p><small>${participation.note}</small></p></section>`);
  const form = $("#facilities-import");
  if (form) {
    on(form, "submit", async (event) => {
      event.preventDefault();
      const file = form.file.files[0];
      if (!file) { toast("Choose the CSV file first."); return; }
      try {
        const done = await api("/v1/manager/licensed-facilities", { method: "POST", body: { csv: await file.text() } });
        toast(`Imported ${done.imported} facilities.`); await renderDashboard();
      } catch (e) { toast(e.message); }
    });
  }
}
