/* Administrators: accounts for staff, directors, sponsors and other administrators, and a person's roles.
   (Staff and admin screens are in English.) */
import { $, api, html, main, on, onEach, show } from "./core.js";

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
