/* The training module: the public calendar, enrolment, the sponsor desk and sponsor applications. */
import {
  $, BASE, COMPETENCY_AREAS, api, download, formBody, has, html, main, on, onEach, show, state, t, toast,
} from "./core.js";

const STATUS_KEYS = { enrolled: "stEnrolled", waitlisted: "stWaitlisted", attended: "stAttended", withdrawn: "stWithdrawn", no_show: "stNoShow" };

function eventCard(e, actions) {
  const when = `${e.starts_at.slice(0, 10)} ${e.starts_at.slice(11, 16)}–${e.ends_at.slice(11, 16)} UTC`;
  return html`<article class="card event">${e.logo_url && html`<img class="logo" src="${BASE + e.logo_url}" alt="${e.sponsor}" width="64">`}<h3>${e.title}</h3>
    <p>${e.sponsor} · ${when}</p>
    <p>${e.place}, ${e.county} · ${e.hours} ${t("hoursUnit")} · ${e.competency_area} · ${e.language}</p>
    ${e.contact && html`<p class="contact">${t("questions")}: ${e.contact.name}${e.contact.email && html` · <a href="mailto:${e.contact.email}">${e.contact.email}</a>`}${e.contact.phone && html` · <a href="tel:${e.contact.phone}">${e.contact.phone}</a>`}</p>`}
    ${e.draft && html`<p><span class="badge warn">${t("draft")}</span></p>`}
    ${e.status ? html`<p><strong>${t(STATUS_KEYS[e.status] || e.status)}</strong></p>` : html`<p>${t("seatsLeft")}: ${e.seats_left}</p>`}
    ${actions}</article>`;
}

function enrolStatus(eventId) {
  return html`<p class="enrol-status" role="status" aria-live="polite" data-enrol-status="${eventId}"></p>`;
}

function said(box, eventId, message, failed = false) {
  const region = box.querySelector(`[data-enrol-status="${CSS.escape(eventId)}"]`);
  region.classList.toggle("reason", failed); region.textContent = message;
}

function saveButton(eventId, saved) {
  return html`<button type="button" class="secondary" data-save="${eventId}" aria-pressed="${saved ? "true" : "false"}">${t(saved ? "savedMark" : "saveForLater")}</button>`;
}

// Saving is a bookmark: the button says which state it is in, and the Saved list follows.
function bindSaveButtons(box, refresh) {
  onEach("[data-save]", "click", async (b) => {
    const saved = b.getAttribute("aria-pressed") === "true";
    try {
      await api(`/v1/me/saved-trainings/${encodeURIComponent(b.dataset.save)}`, { method: saved ? "DELETE" : "PUT" });
      document.querySelectorAll(`[data-save="${CSS.escape(b.dataset.save)}"]`).forEach((x) => {
        x.setAttribute("aria-pressed", saved ? "false" : "true"); x.textContent = t(saved ? "saveForLater" : "savedMark");
      });
      await refresh();
    } catch (error) { toast(error.message); }
  }, box);
}

function surveyForm(eventId) {
  const scale = (name) => html`<label>${t("q_" + name)}<select name="${name}" required><option value=""></option>${[1, 2, 3, 4, 5].map((n) =>
    html`<option>${n}</option>`)}</select></label>`;
  return html`<form class="survey" data-survey="${eventId}"><p>${t("surveyIntro")}</p><div class="grid">
    ${scale("useful")}${scale("presenter")}${scale("recommend")}</div>
    <label>${t("comment")}<textarea name="comment" rows="2" maxlength="1000"></textarea></label>
    <button type="submit" class="secondary">${t("send")}</button></form>`;
}

export async function renderTraining(invite) {
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
  const enrolStaff = (e) => directing && staff.length > 0 && html`<label>${t("staffMember")}<select data-staff-for="${e.event_id}">${staff.map((p) =>
    html`<option value="${p.user_id}">${p.name}</option>`)}</select></label>
    <button class="secondary" data-enrol-staff="${e.event_id}">${t("enrolStaff")}</button>`;
  show(html`<h1>${t("navTraining")}</h1>
    <form id="calendar-search" class="card"><div class="grid">
      <label>${t("county")}<input name="county" autocomplete="address-level2"></label>
      <label>${t("fromDate")}<input type="date" name="from"></label>
      <label>${t("keyword")}<input name="q"></label>
      <label>${t("competencyArea")}<select name="competency_area"><option value="">${t("any")}</option>${COMPETENCY_AREAS.map((a) =>
        html`<option>${a}</option>`)}</select></label>
      <label>${t("language")}<select name="language"><option value="">${t("any")}</option>
        <option value="en" lang="en">English</option><option value="es" lang="es">Español</option><option value="zh" lang="zh-Hant">中文</option></select></label>
      <label>${t("delivery")}<select name="delivery"><option value="">${t("any")}</option>
        <option value="in_person">${t("inPerson")}</option><option value="online">${t("online")}</option>
        <option value="hybrid">${t("hybrid")}</option></select></label>
    </div><button type="submit">${t("search")}</button></form>
    <div id="calendar" aria-live="polite"></div>
    ${signedIn && html`<h2>${t("savedTrainings")}</h2><div id="saved-events" aria-live="polite"></div>`}
    ${signedIn ? html`<h2>${t("myTrainingEvents")}</h2><p id="renewal"></p><div id="my-events"></div>
      <button class="secondary" id="dl-cda">${t("cdaTranscript")}</button>` : html`<p>${t("signInToEnrol")}</p>`}
    ${state.token && html`<div id="instructing"></div><form id="sponsor-apply" class="card"><h2>${t("becomeSponsor")}</h2><p id="my-sponsors"></p>
      <label>${t("agencyName")}<input name="name" required></label>
      <button type="submit" class="secondary">${t("apply")}</button></form>
    <form id="teach" class="card"><h2>${t("teachTitle")}</h2><p>${t("teachIntro")}</p>
      <label>${t("teachSponsor")}<select name="sponsor_id" id="teach-sponsor"></select></label>
      <label>${t("teachBio")}<textarea name="bio" rows="2" maxlength="1000"></textarea></label>
      <label><input type="checkbox" name="public_profile"> ${t("teachPublic")}</label>
      <button type="submit" class="secondary">${t("teachAsk")}</button><p id="teach-status" role="status" aria-live="polite"></p></form>`}`);
  if (state.token) {
    const showSponsors = async () => {
      const mine = (await api("/v1/me/sponsors")).items;
      $("#my-sponsors").innerHTML = String(html`${mine.map((m) => html`<span>${m.name}: ${t("sp_" + m.status)}</span>${m.invited_to_manage && html`
        <span data-manage-invite="${m.sponsor_id}"> · ${t("invitedToManage")} <button type="button" class="secondary" data-accept-manage="${m.sponsor_id}">${t("accept")}</button>
        <button type="button" class="secondary" data-decline-manage="${m.sponsor_id}">${t("decline")}</button></span>`} `)}`);
      const answer = async (sponsorId, reply) => {
        try { await api(`/v1/sponsors/${encodeURIComponent(sponsorId)}/managers/me`, { method: "POST", body: { answer: reply } }); toast(t(reply === "accept" ? "manageAccepted" : "saved")); await showSponsors(); }
        catch (error) { toast(error.message); }
      };
      onEach("[data-accept-manage]", "click", (b) => answer(b.dataset.acceptManage, "accept"), $("#my-sponsors"));
      onEach("[data-decline-manage]", "click", (b) => answer(b.dataset.declineManage, "decline"), $("#my-sponsors"));
    };
    on($("#sponsor-apply"), "submit", async (e) => {
      e.preventDefault();
      try { await api("/v1/sponsors", { method: "POST", body: { name: new FormData(e.target).get("name") } }); toast(t("requested")); e.target.reset(); await showSponsors(); }
      catch (error) { toast(error.message); }
    });
    await showSponsors();
    const sponsors = (await api("/v1/training-sponsors")).items;
    $("#teach-sponsor").innerHTML = String(html`${sponsors.map((sp) => html`<option value="${sp.sponsor_id}">${sp.name}</option>`)}`);
    on($("#teach"), "submit", async (e) => {
      e.preventDefault();
      const f = e.target;
      if (!f.sponsor_id.value) return;
      const body = { public_profile: f.public_profile.checked };
      if (f.bio.value.trim()) body.bio = f.bio.value.trim();
      try {
        const asked = await api(`/v1/sponsors/${encodeURIComponent(f.sponsor_id.value)}/instructors`, { method: "POST", body });
        $("#teach-status").textContent = `${f.sponsor_id.selectedOptions[0].textContent}: ${t("in_" + asked.status)}`;
      } catch (error) { $("#teach-status").textContent = error.message; }
    });
    const leading = (await api("/v1/me/instructing")).items;
    if (leading.length) $("#instructing").innerHTML = String(html`<h2>${t("eventsILead")}</h2>${leading.map((e) => eventCard(e, ""))}`);
  }
  let searches = 0;
  const search = async () => {
    const query = new URLSearchParams();
    new FormData($("#calendar-search")).forEach((v, k) => { if (v) query.set(k, v); });
    const mine = ++searches;
    const found = invite
      ? [await api(`/v1/training-events/${encodeURIComponent(invite.event)}?code=${encodeURIComponent(invite.code)}`)]
      : (await api(`/v1/training-calendar?${query}`)).items;
    // Only the newest search paints: an earlier one answering late must not replace what the person asked for
    // (and the choices they already made in it).
    if (mine !== searches) return;
    const box = $("#calendar");
    box.dataset.query = query.toString();
    // Each card says (and a screen reader announces) what became of an enrolment, beside its button.
    box.innerHTML = String(found.length ? html`${found.map((e) => eventCard(e, html`${signedIn
      && html`<button data-enrol="${e.event_id}">${t("enrol")}</button> ${saveButton(e.event_id, savedIds.has(e.event_id))}`}${enrolStaff(e)}${(signedIn || directing)
      && enrolStatus(e.event_id)}`))}`
      : html`<p>${t("noEvents")}</p>`);
    bindSaveButtons(box, showSaved);
    bindEnrol(box, invite ? { invitation_code: invite.code } : {});
    onEach("[data-enrol-staff]", "click", async (b) => {
      const id = b.dataset.enrolStaff;
      const who = box.querySelector(`[data-staff-for="${CSS.escape(id)}"]`).value;
      const body = { user_id: who, ...(invite ? { invitation_code: invite.code } : {}) };
      const name = box.querySelector(`[data-staff-for="${CSS.escape(id)}"]`).selectedOptions[0].textContent;
      try { const result = await api(`/v1/training-events/${encodeURIComponent(id)}/enrollments`, { method: "POST", body }); said(box, id, `${t(STATUS_KEYS[result.status])}: ${name}`); }
      catch (error) { said(box, id, error.message, true); }
    }, box);
  };
  // The saved list is read once per change, and the calendar's Save buttons show its state from it.
  let savedIds = new Set();
  const showSaved = async () => {
    if (!signedIn) return;
    const saved = (await api("/v1/me/saved-trainings")).items;
    savedIds = new Set(saved.map((e) => e.event_id));
    const box = $("#saved-events");
    box.innerHTML = String(saved.length ? html`${saved.map((e) => eventCard(e, html`<button data-enrol="${e.event_id}">${t("enrol")}</button> ${saveButton(e.event_id, true)}${enrolStatus(e.event_id)}`))}`
      : html`<p>${t("noSaved")}</p>`);
    bindSaveButtons(box, showSaved);
    bindEnrol(box, {});
  };
  const bindEnrol = (box, body) => onEach("[data-enrol]", "click", async (b) => {
    try {
      const result = await api(`/v1/training-events/${encodeURIComponent(b.dataset.enrol)}/enrollments`, { method: "POST", body });
      said(box, b.dataset.enrol, t(STATUS_KEYS[result.status])); await showMine();
    } catch (error) { said(box, b.dataset.enrol, error.message, true); }
  }, box);
  const showMine = async () => {
    if (!signedIn) return;
    const mine = (await api("/v1/me/training-events")).items;
    const box = $("#my-events");
    box.innerHTML = String(mine.length ? html`${mine.map((e) => eventCard(e, ["enrolled", "waitlisted"].includes(e.status)
      ? html`<button class="secondary" data-withdraw="${e.event_id}">${t("withdraw")}</button>`
      : e.status === "attended" ? surveyForm(e.event_id) : ""))}` : html`<p>${t("noEvents")}</p>`);
    onEach("form[data-survey]", "submit", async (f, ev) => {
      ev.preventDefault();
      const body = {}; new FormData(f).forEach((v, k) => { if (v !== "") body[k] = k === "comment" ? v : Number(v); });
      try { await api(`/v1/training-events/${encodeURIComponent(f.dataset.survey)}/survey`, { method: "POST", body }); toast(t("thanks")); f.remove(); }
      catch (error) { toast(error.message); }
    }, box);
    onEach("[data-withdraw]", "click", async (b) => {
      try { await api(`/v1/training-events/${encodeURIComponent(b.dataset.withdraw)}/enrollments/me`, { method: "DELETE" }); await showMine(); }
      catch (error) { toast(error.message); }
    }, box);
    const progress = await api("/v1/me/training-progress");
    $("#renewal").textContent = progress.permit
      ? `${t("renewalProgress")}: ${progress.completed_hours} / ${progress.required_hours} (${progress.permit.title}, ${progress.permit.expires_on})`
      : progress.detail;
  };
  on($("#calendar-search"), "submit", (e) => { e.preventDefault(); search().catch((error) => toast(error.message)); });
  if (signedIn) {
    on($("#dl-cda"), "click", () => download("/v1/me/reports/cda-training", "cda-training.pdf", "application/pdf").catch((e) => toast(e.message)));
  }
  await showSaved();
  await search();
  await showMine();
}

/* ---------------------------------------------------------------- training sponsors (desk) */

export async function renderSponsorHome() {
  const mine = (await api("/v1/me/sponsors")).items.filter((m) => m.manager);
  if (mine.length === 1) { location.hash = `#/sponsor/${mine[0].sponsor_id}`; return; }
  show(html`<h1>${t("navSponsor")}</h1>${mine.length ? mine.map((m) =>
    html`<p><a href="#/sponsor/${m.sponsor_id}">${m.name}</a></p>`) : html`<p>${t("noSponsor")}</p>`}`);
}

export async function renderSponsor(sponsorId) {
  const sid = encodeURIComponent(sponsorId);
  const [catalogue, events, mine, instructors] = await Promise.all([api(`/v1/sponsors/${sid}/trainings`), api(`/v1/sponsors/${sid}/events`),
    api("/v1/me/sponsors"), api(`/v1/sponsors/${sid}/instructors`)]);
  const me = mine.items.find((m) => m.sponsor_id === sponsorId) || {};
  const name = me.name || "";
  show(html`<h1>${name}</h1>
    <p><button class="secondary" id="dl-sponsor-report">${t("sponsorReport")}</button></p>
    <form id="sponsor-contact" class="card"><h2>${t("sponsorContactTitle")}</h2><p>${t("sponsorContactIntro")}</p><div class="grid">
      <label>${t("name")}<input name="name" required maxlength="200" value="${(me.contact || {}).name || ""}"></label>
      <label>${t("email")}<input name="email" type="email" maxlength="254" value="${(me.contact || {}).email || ""}"></label>
      <label>${t("phone")}<input name="phone" type="tel" maxlength="25" value="${(me.contact || {}).phone || ""}"></label></div>
      <button type="submit" class="secondary">${t("save")}</button></form>
    <section class="card" id="state-reporting"><h2>${t("dsprTitle")}</h2><p>${t("dsprIntro")}</p>
      <form id="state-codes" class="grid">
        <label>${t("dsprVendor")}<input name="vendor_number" required pattern="[0-9A-Za-z]{2,10}" value="${(me.state_reporting || {}).vendor_number || ""}"></label>
        <label>${t("dsprProgram")}<input name="program_letter" required pattern="[A-Z]" maxlength="1" value="${(me.state_reporting || {}).program_letter || ""}"></label>
        <label>${t("dsprFunding")}<select name="funding"><option value="funded" ${(me.state_reporting || {}).funding === "fee_for_service" ? "" : "selected"}>${t("dsprFunded")}</option>
          <option value="fee_for_service" ${(me.state_reporting || {}).funding === "fee_for_service" ? "selected" : ""}>${t("dsprFee")}</option></select></label>
        <button type="submit" class="secondary">${t("save")}</button></form>
      <form id="dspr" class="grid">
        <label>${t("fromDate")}<input name="from" type="date" required></label>
        <label>${t("dsprTo")}<input name="to" type="date" required></label>
        <label>${t("county")}<input name="county"></label>
        <button type="submit">${t("dsprDownload")}</button></form></section>
    <form id="invite-manager" class="card"><h2>${t("managersTitle")}</h2><p>${t("managersIntro")}</p>
      <label>${t("email")}<input name="email" type="email" required maxlength="254" autocomplete="off"></label>
      <button type="submit" class="secondary">${t("inviteManager")}</button><p id="invite-manager-status" role="status" aria-live="polite"></p></form>
    <section class="card" id="instructors"><h2>${t("instructors")}</h2>${instructors.items.length ? html`<ul>${instructors.items.map((i) =>
      html`<li data-instructor="${i.user_id}">${i.name || t("instructorNoName")} · ${t("in_" + i.status)}${i.status === "requested" && html`
        <button data-approve-instructor="${i.user_id}">${t("approve")}</button> <button class="secondary" data-deny-instructor="${i.user_id}">${t("deny")}</button>`}</li>`)}</ul>` : html`<p>${t("noInstructors")}</p>`}</section>
    <section class="card"><h2>${t("catalogue")}</h2>
      <ul>${catalogue.items.map((c) => html`<li>${c.title} · ${c.hours} ${t("hoursUnit")} · ${c.competency_area}
        <button type="button" class="link" data-edit-training="${c.training_id}">${t("edit")}<span class="sr-only">: ${c.title}</span></button></li>`)}</ul>
      <form id="add-training"><div class="grid">
        <label>${t("title")}<input name="title" required></label>
        <label>${t("hoursLabel")}<input name="hours" type="number" step="0.5" min="0.5" required></label>
        <label>${t("competencyArea")}<select name="competency_area">${COMPETENCY_AREAS.map((a) => html`<option>${a}</option>`)}</select></label>
        <label>${t("language")}<select name="language"><option value="en" lang="en">English</option><option value="es" lang="es">Español</option><option value="zh" lang="zh-Hant">中文</option></select></label>
        <label>${t("delivery")}<select name="delivery"><option value="in_person">${t("inPerson")}</option><option value="online">${t("online")}</option><option value="hybrid">${t("hybrid")}</option></select></label>
        <label>${t("cdaArea")}<select name="cda_subject_area"><option value=""></option>${[1, 2, 3, 4, 5, 6, 7, 8].map((n) => html`<option>${n}</option>`)}</select></label>
      </div><label>${t("description")}<textarea name="description" rows="2"></textarea></label>
      <input type="hidden" name="training_id" value="">
      <button type="submit">${t("addTraining")}</button> <button type="button" class="secondary" id="cancel-edit" hidden>${t("cancel")}</button></form></section>
    <form id="schedule" class="card"><h2>${t("scheduleEvent")}</h2><div class="grid">
      <label>${t("training")}<select name="training_id">${catalogue.items.map((c) => html`<option value="${c.training_id}">${c.title}</option>`)}</select></label>
      <label>${t("starts")}<input name="starts_at" type="datetime-local" required></label>
      <label>${t("ends")}<input name="ends_at" type="datetime-local" required></label>
      <label>${t("capacity")}<input name="capacity" type="number" min="1" value="20" required></label>
      <label>${t("county")}<input name="county" required></label>
      <label>${t("place")}<input name="place" required></label>
      <label>${t("funding")}<input name="funding_source"></label>
      <label>${t("withdrawHours")}<input name="withdraw_hours_before" type="number" min="0" max="720" value="24"></label>
      <label><input type="checkbox" name="invite_only"> ${t("inviteOnly")}</label>
      <label><input type="checkbox" name="draft"> ${t("saveAsDraft")}</label>
    </div><button type="submit">${t("publish")}</button></form>
    <h2>${t("events")}</h2><div id="sponsor-events">${events.items.map((e) => eventCard(e,
      html`${e.invitation_code && html`<p>${t("invitationLink")}: <code>${`${location.origin}${BASE}/app#/training/${encodeURIComponent(e.event_id)}/${encodeURIComponent(e.invitation_code)}`}</code></p>`}
       ${e.draft && html`<button data-publish="${e.event_id}">${t("publishNow")}</button>`}
       <button class="secondary" data-roster="${e.event_id}">${t("rosterAttendance")}</button><div data-roster-for="${e.event_id}"></div>`))}</div>`);
  on($("#dl-sponsor-report"), "click", () => download(`/v1/sponsors/${sid}/reports/training`, "training-report.xlsx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet").catch((e) => toast(e.message)));
  on($("#add-training"), "submit", async (e) => {
    e.preventDefault();
    const body = formBody(e.target, ["hours", "cda_subject_area"]);
    const editing = body.training_id; delete body.training_id;
    try {
      await api(editing ? `/v1/sponsors/${sid}/trainings/${encodeURIComponent(editing)}` : `/v1/sponsors/${sid}/trainings`,
        { method: editing ? "PUT" : "POST", body });
      toast(t("saved")); await renderSponsor(sponsorId);
    }
    catch (error) { toast(error.message); }
  });
  on($("#schedule"), "submit", async (e) => {
    e.preventDefault();
    const f = new FormData(e.target); const body = formBody(e.target);
    body.starts_at = new Date(body.starts_at).toISOString(); body.ends_at = new Date(body.ends_at).toISOString();
    body.capacity = Number(body.capacity); body.withdraw_hours_before = Number(body.withdraw_hours_before); body.invite_only = f.get("invite_only") === "on";
    body.draft = f.get("draft") === "on";
    try { await api(`/v1/sponsors/${sid}/events`, { method: "POST", body }); toast(t("saved")); await renderSponsor(sponsorId); }
    catch (error) { toast(error.message); }
  });
  onEach("[data-roster]", "click", (b) => showRoster(b.dataset.roster).catch((e) => toast(e.message)));
  onEach("[data-publish]", "click", async (b) => {
    try { await api(`/v1/training-events/${encodeURIComponent(b.dataset.publish)}/publish`, { method: "POST" }); toast(t("published")); await renderSponsor(sponsorId); }
    catch (error) { toast(error.message); }
  });
  // Editing fills the catalogue form with the entry; saving replaces it (events already scheduled keep theirs).
  const form = $("#add-training");
  onEach("[data-edit-training]", "click", (b) => {
    const entry = catalogue.items.find((c) => c.training_id === b.dataset.editTraining);
    for (const field of ["title", "hours", "competency_area", "language", "delivery", "cda_subject_area", "description"]) {
      if (form.elements[field]) form.elements[field].value = entry[field] ?? "";
    }
    form.elements.training_id.value = entry.training_id;
    form.querySelector("button[type=submit]").textContent = t("saveChanges");
    $("#cancel-edit").hidden = false;
    form.elements.title.focus();
  });
  on($("#cancel-edit"), "click", () => renderSponsor(sponsorId));
  on($("#state-codes"), "submit", async (e) => {
    e.preventDefault();
    try { await api(`/v1/sponsors/${sid}/state-reporting`, { method: "PUT", body: formBody(e.target) }); toast(t("saved")); }
    catch (error) { toast(error.message); }
  });
  on($("#dspr"), "submit", (e) => {
    e.preventDefault();
    const query = new URLSearchParams(formBody(e.target));
    download(`/v1/sponsors/${sid}/reports/direct-service-profile?${query}`, "direct-service-profile.xlsx",
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet").catch((error) => toast(error.message));
  });
  on($("#sponsor-contact"), "submit", async (e) => {
    e.preventDefault();
    try { await api(`/v1/sponsors/${sid}/contact`, { method: "PUT", body: formBody(e.target) }); toast(t("saved")); }
    catch (error) { toast(error.message); }
  });
  on($("#invite-manager"), "submit", async (e) => {
    e.preventDefault();
    const email = e.target.elements.email.value.trim();
    try {
      await api(`/v1/sponsors/${sid}/managers`, { method: "POST", body: { email } });
      $("#invite-manager-status").textContent = `${t("managerInvited")} ${email}`; e.target.reset();
    } catch (error) { $("#invite-manager-status").textContent = error.message; }
  });
  const decideInstructor = async (userId, decision) => {
    try { await api(`/v1/sponsors/${sid}/instructors/${encodeURIComponent(userId)}/decision`, { method: "POST", body: { decision } }); await renderSponsor(sponsorId); }
    catch (error) { toast(error.message); }
  };
  onEach("[data-approve-instructor]", "click", (b) => decideInstructor(b.dataset.approveInstructor, "approve"));
  onEach("[data-deny-instructor]", "click", (b) => decideInstructor(b.dataset.denyInstructor, "deny"));
}

async function showRoster(eventId) {
  const eid = encodeURIComponent(eventId);
  const [roster, survey] = await Promise.all([api(`/v1/training-events/${eid}/roster`), api(`/v1/training-events/${eid}/survey`)]);
  const box = main().querySelector(`[data-roster-for="${CSS.escape(eventId)}"]`);
  const open = roster.people.filter((p) => ["enrolled", "attended", "no_show"].includes(p.status));
  box.innerHTML = String(html`<table><thead><tr><th>${t("name")}</th><th>${t("registryId")}</th><th>${t("status")}</th><th>${t("attended")}</th></tr></thead><tbody>
    ${roster.people.map((p) => html`<tr><td>${p.name}</td><td>${p.registry_id}</td><td>${t(STATUS_KEYS[p.status] || p.status)}</td>
      <td>${open.includes(p) && html`<input type="checkbox" aria-label="${t("attended")}: ${p.name}" data-attend="${p.user_id}" ${p.status === "attended" ? "checked disabled" : ""}>`}</td></tr>`)}</tbody></table>
    <p><button data-save-attendance>${t("saveAttendance")}</button> <button class="secondary" data-sheet>${t("signInSheet")}</button></p>
    <p>${t("survey")}: ${survey.shown ? `${survey.responses} · ${JSON.stringify(survey.averages)}` : survey.detail}</p>`);
  on(box.querySelector("[data-sheet]"), "click", () => download(`/v1/training-events/${eid}/sign-in-sheet`, "sign-in-sheet.pdf", "application/pdf").catch((e) => toast(e.message)));
  on(box.querySelector("[data-save-attendance]"), "click", async () => {
    const marks = [...box.querySelectorAll("[data-attend]:not([disabled])")].map((c) => ({ user_id: c.dataset.attend, attended: c.checked }));
    if (!marks.length) return;
    try { await api(`/v1/training-events/${eid}/attendance`, { method: "POST", body: { marks } }); toast(t("saved")); await showRoster(eventId); }
    catch (error) { toast(error.message); }
  });
}

export async function renderSponsorApplications() {
  const pending = (await api("/v1/sponsors?status=applied")).items;
  show(html`<h1>${t("navSponsors")}</h1>${pending.length ? html`<table><thead><tr><th>${t("agencyName")}</th><th>${t("applicant")}</th><th>${t("applied")}</th><th></th></tr></thead><tbody>
    ${pending.map((a) => html`<tr><td>${a.name}</td><td>${a.applicant}</td><td>${a.applied_at.slice(0, 10)}</td>
      <td><button data-approve="${a.sponsor_id}">${t("approve")}</button>
      <input aria-label="${t("reason")}" data-reason="${a.sponsor_id}" placeholder="${t("reason")}">
      <button class="danger" data-deny="${a.sponsor_id}">${t("deny")}</button></td></tr>`)}</tbody></table>` : html`<p>${t("noApplications")}</p>`}`);
  const decide = async (id, decision) => {
    const reason = main().querySelector(`[data-reason="${CSS.escape(id)}"]`).value || undefined;
    try { await api(`/v1/sponsors/${encodeURIComponent(id)}/decision`, { method: "POST", body: { decision, reason } }); await renderSponsorApplications(); }
    catch (error) { toast(error.message); }
  };
  onEach("[data-approve]", "click", (b) => decide(b.dataset.approve, "approve"));
  onEach("[data-deny]", "click", (b) => decide(b.dataset.deny, "deny"));
}
