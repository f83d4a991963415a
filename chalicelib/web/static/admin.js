/* Administrators: accounts for staff, directors, sponsors and other administrators, and a person's roles.
   (Staff and admin screens are in English.) */
import { $, api, download, html, main, on, onEach, show, toast } from "./core.js";

const ROLES = [["participant", "Participant"], ["staff", "Registry staff"], ["director", "Program director"],
  ["sponsor", "Training sponsor"], ["admin", "Administrator"]];
const roleName = (r) => (ROLES.find(([v]) => v === r) || [r, r])[1];

export async function renderPeople() {
  show(html`<h1>People and roles</h1>
    <section class="card"><h2>Create an account</h2>
      <p>The person gets an email with a temporary password and chooses their own at their first sign-in.
        Participants create their own accounts.</p>
      <form id="new-account" class="grid">
        <label>Email<input name="email" type="email" required maxlength="254" autocomplete="off"></label>
        <label>Name<input name="display_name" required maxlength="200" autocomplete="off"></label>
        <label>Role<select name="role">${ROLES.filter(([v]) => v !== "participant").map(([v, label]) => html`<option value="${v}">${label}</option>`)}</select></label>
        <button type="submit">Create the account</button></form>
      <p id="new-account-status" role="status" aria-live="polite"></p></section>
    <section class="card"><h2>Change a person's roles</h2>
      <form id="find-person" class="row"><label>Email they sign in with<input name="email" type="email" required maxlength="254" autocomplete="off"></label>
        <button type="submit">Find</button></form>
      <div id="person" aria-live="polite"></div></section>`);
  on($("#new-account"), "submit", async (e) => {
    e.preventDefault();
    const f = e.target;
    const body = { email: f.email.value.trim(), display_name: f.display_name.value.trim(), role: f.role.value };
    try {
      await api("/v1/admin/users", { method: "POST", body });
      $("#new-account-status").textContent = `Account created: ${body.email} (${roleName(body.role)}). They have an email with a temporary password.`;
      f.reset();
    } catch (error) { $("#new-account-status").textContent = error.message; }
  });
  on($("#find-person"), "submit", async (e) => {
    e.preventDefault();
    await showPerson(e.target.email.value.trim());
  });
}

async function showPerson(email, note = "") {
  const box = $("#person");
  let person;
  try { person = await api("/v1/admin/people/find", { method: "POST", body: { email } }); }
  catch (error) { box.innerHTML = String(html`<p class="reason">${error.message}</p>`); return; }
  box.innerHTML = String(html`${note && html`<p class="ok-note">${note}</p>`}
    <p><strong>${person.display_name || person.email}</strong> · ${person.email}</p>
    <p>Roles: ${person.roles.length ? person.roles.map((r) => html`<span class="badge ok" data-role="${r}">${roleName(r)}</span> `) : "none"}</p>
    <ul class="role-actions">${ROLES.map(([r, label]) => html`<li>${person.roles.includes(r)
      ? html`<button class="secondary" data-take="${r}">Remove the ${label} role</button>`
      : html`<button data-give="${r}">Make them ${label.toLowerCase().startsWith("a") ? "an" : "a"} ${label.toLowerCase()}</button>`}</li>`)}</ul>
    <p><small>A changed role applies from the person's next sign-in.</small></p>`);
  const change = async (role, grant) => {
    try {
      await api("/v1/admin/people/roles", { method: "POST", body: { email, role, grant } });
      await showPerson(email, grant ? `${roleName(role)} role given.` : `${roleName(role)} role removed.`);
    } catch (error) { box.insertAdjacentHTML("afterbegin", String(html`<p class="reason" role="alert">${error.message}</p>`)); }
  };
  onEach("[data-give]", "click", (b) => change(b.dataset.give, true), main());
  onEach("[data-take]", "click", (b) => change(b.dataset.take, false), main());
}

/* Partner systems (Standard Webhooks and the event feed) and the registries whose record credentials import as
   verified. */
export async function renderPartners() {
  const [partners, trusted] = await Promise.all([api("/v1/partners"), api("/v1/admin/trusted-registries")]);
  show(html`<h1>Partner systems and trusted registries</h1>
    <section class="card" id="partners"><h2 id="partners-heading">Partner systems</h2>
      ${partners.items.length ? html`<div class="table-wrap" tabindex="0" role="region" aria-labelledby="partners-heading"><table><thead><tr><th>Name</th><th>Client id</th><th>May see</th><th>Let in</th><th><span class="sr-only">Secret</span></th></tr></thead>
      <tbody>${partners.items.map((p) => html`<tr><td>${p.name}</td><td><code>${p.client_id}</code></td><td>${p.scopes.join(", ")}</td><td>${p.created_at.slice(0, 10)}</td>
        <td>${p.previous_secret_valid_until ? html`previous secret works until ${p.previous_secret_valid_until.slice(0, 16).replace("T", " ")}`
          : html`<button class="secondary" data-rotate="${p.client_id}">New secret</button>`}</td></tr>`)}</tbody></table></div>` : html`<p>No partner system yet.</p>`}
      <form id="new-partner" class="grid"><label>Name<input name="name" required maxlength="200"></label>
        <label>May see (one per line: all, program:ID or participant:ID)<textarea name="scopes" rows="2" required></textarea></label>
        <label>Contact email (for delivery problems)<input name="email" type="email" maxlength="254"></label>
        <button type="submit">Let the partner in</button></form>
      <div id="secret" role="status" aria-live="polite"></div></section>
    <section class="card" id="trusted"><h2>Trusted registries</h2>
      <p>Record credentials signed by these registries import as verified records.</p>
      ${trusted.items.length ? html`<ul>${trusted.items.map((r) => html`<li>${r.name} · <code>${r.issuer_id}</code> · keys ${r.keys.join(", ")}</li>`)}</ul>` : html`<p>None yet.</p>`}
      <form id="trust-registry" class="grid"><label>Registry name<input name="name" required maxlength="200"></label>
        <label>Issuer address (its GET /v1/credentials/issuer shows it)<input name="issuer_id" type="url" required></label>
        <label>Its public keys (JWKS JSON)<textarea name="jwks" rows="3" required></textarea></label>
        <button type="submit">Trust this registry</button></form>
      <p id="trust-status" role="status" aria-live="polite"></p></section>`);
  const showSecret = (made) => {
    $("#secret").innerHTML = String(html`<p class="ok-note"><strong>Give these to the partner now: the secret is not shown again.</strong></p>
      <p>Client id: <code>${made.client_id}</code></p><p>Client secret: <code id="client-secret">${made.client_secret}</code></p>
      ${made.token_url && html`<p>Token endpoint: <code>${made.token_url}</code></p>`}`);
  };
  on($("#new-partner"), "submit", async (e) => {
    e.preventDefault();
    const f = e.target;
    const body = { name: f.name.value.trim(), scopes: f.scopes.value.split(/\s+/).filter(Boolean) };
    if (f.email.value.trim()) body.email = f.email.value.trim();
    try { const made = await api("/v1/partners", { method: "POST", body }); await renderPartners(); showSecret(made); }
    catch (error) { $("#secret").textContent = error.message; }
  });
  onEach("[data-rotate]", "click", async (b) => {
    try { const made = await api(`/v1/partners/${encodeURIComponent(b.dataset.rotate)}/secret`, { method: "POST" }); await renderPartners(); showSecret(made); }
    catch (error) { $("#secret").textContent = error.message; }
  });
  on($("#trust-registry"), "submit", async (e) => {
    e.preventDefault();
    const f = e.target;
    let jwks;
    try { jwks = JSON.parse(f.jwks.value); } catch (_) { $("#trust-status").textContent = "The keys are not JSON: paste the registry's JWKS as it publishes it."; return; }
    try {
      await api("/v1/admin/trusted-registries", { method: "POST", body: { name: f.name.value.trim(), issuer_id: f.issuer_id.value.trim(), jwks } });
      await renderPartners(); $("#trust-status").textContent = "Trusted.";
    } catch (error) { $("#trust-status").textContent = error.message; }
  });
}

/* The state's de-identified workforce counts (docs/workforce-dataset.md), one release a quarter. */
export async function renderWorkforce() {
  const state = localStorage.getItem("workforceState") || "CA";
  const { items } = await api(`/v1/admin/workforce-releases?state=${encodeURIComponent(state)}`);
  show(html`<h1>Workforce dataset</h1>
    <p>De-identified counts of the people on staff at the state's programs on the last day of the last quarter:
      cells under 10 people suppressed, counts rounded to multiples of 5. Every release in a quarter is the same file.</p>
    <form id="workforce-request" class="row"><label>State<input name="state" value="${state}" required minlength="2" maxlength="2"></label>
      <button type="submit">Prepare this quarter's release</button></form>
    <p id="workforce-status" role="status" aria-live="polite"></p>
    ${items.length ? html`<div class="table-wrap" tabindex="0" role="region" aria-label="Releases"><table><thead><tr><th>Release</th><th>As of</th><th>Status</th><th>People</th><th>Rows</th><th><span class="sr-only">File</span></th></tr></thead>
      <tbody>${items.map((r) => html`<tr data-release="${r.release}"><td>${r.release}</td><td>${r.as_of}</td><td>${r.status}</td><td>${r.people ?? "—"}</td><td>${r.rows ?? "—"}</td>
        <td>${r.status === "ready" && html`<button class="secondary" data-download-release="${r.release}">Download CSV</button>`}</td></tr>`)}</tbody></table></div>`
      : html`<p>No release for ${state} yet.</p>`}`);
  on($("#workforce-request"), "submit", async (e) => {
    e.preventDefault();
    const asked = e.target.elements.state.value.trim().toUpperCase();
    localStorage.setItem("workforceState", asked);
    try {
      const release = await api("/v1/admin/workforce-releases", { method: "POST", body: { state: asked } });
      await renderWorkforce();
      $("#workforce-status").textContent = release.status === "ready" ? `${release.release} is ready.`
        : `${release.release} is being prepared: it is ready within a few minutes. Reload this page then.`;
    } catch (error) { $("#workforce-status").textContent = error.message; }
  });
  onEach("[data-download-release]", "click", (b) => download(`/v1/admin/workforce-releases/${encodeURIComponent(state)}/${encodeURIComponent(b.dataset.downloadRelease)}`,
    `workforce-${state}-${b.dataset.downloadRelease}.csv`, "text/csv").catch((e) => toast(e.message)));
}
