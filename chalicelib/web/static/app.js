/* ECE Workforce Registry web app: participants on phones, staff at a desk, directors. ES modules, no build step. */
import { $, BASE, has, html, leaveView, main, on, show, state, t } from "./core.js";
import { renderPartners, renderPeople, renderWorkforce } from "./admin.js";
import { renderJobs, renderStipends } from "./careers.js";
import { renderCardCheck, renderReportCheck } from "./check.js";
import { renderRoster } from "./director.js";
import { renderHelp, renderHelpDesk, renderPrivacy } from "./help.js";
import { renderDashboard } from "./manager.js";
import { renderDocuments, renderEmployment, renderProfile, renderRecords } from "./participant.js";
import { renderDispute, renderDisputes, renderNameChanges, renderQueue, renderReview, renderUploadFor } from "./review.js";
import { renderPrograms, renderStipendAdmin } from "./staff.js";
import { renderSponsor, renderSponsorApplications, renderSponsorHome, renderTraining } from "./training.js";

const Auth = window.Auth;

function applyStaticText() {
  document.documentElement.lang = state.lang === "zh" ? "zh-Hant" : state.lang; // the catalogue is Traditional
  document.querySelectorAll("[data-i18n]").forEach((el) => { el.textContent = t(el.dataset.i18n); });
  $("#lang").value = state.lang;
  $("#signout").hidden = !state.token;
  const links = [];
  if (has("participant")) {
    links.push(["#/documents", "navDocuments"], ["#/records", "navRecords"], ["#/profile", "navProfile"],
      ["#/employment", "navEmployment"], ["#/jobs", "navJobs"], ["#/stipends", "navStipends"], ["#/training", "navTraining"]);
  }
  if (has("staff") || has("admin")) {
    links.push(["#/queue", "navQueue"], ["#/disputes", "navDisputes"], ["#/name-changes", "navNameChanges"], ["#/upload-for", "navUploadFor"], ["#/dashboard", "navDashboard"]);
  }
  if (has("director")) links.push(["#/roster", "navRoster"]);
  if (has("sponsor")) links.push(["#/sponsor", "navSponsor"]);
  if (has("staff") || has("admin")) links.push(["#/sponsors", "navSponsors"], ["#/programs", "navPrograms"], ["#/stipend-admin", "navStipendAdmin"]);
  if (has("admin")) links.push(["#/people", "navPeople"], ["#/partners", "navPartners"], ["#/workforce", "navWorkforce"]);
  if (has("staff") || has("admin")) links.push(["#/help-desk", "navHelpDesk"]);
  $("#nav").innerHTML = String(html`${links.map(([href, key]) =>
    html`<a href="${href}" ${location.hash.startsWith(href) ? html`aria-current="page"` : ""}>${t(key)}</a>`)}`);
}

function renderSignIn() {
  show(html`<h1>${t("signIn")}</h1>${pendingInvitation() && html`<p class="card" role="status">${t("invitedSignIn")}</p>`}<p>${t("signInIntro")}</p>
    <p><button id="signin-button">${t("signIn")}</button> <button id="signup-button" class="secondary">${t("signUp")}</button></p>
    <p><a href="#/training">${t("navTraining")}</a></p>`);
  on($("#signin-button"), "click", () => Auth.signIn(BASE));
  on($("#signup-button"), "click", () => Auth.signUp(BASE));
}

// A director's emailed invitation (/app?invite=...&program=...) is kept until the person has signed in or signed
// up, then opens their employment page with the program chosen.
const invitationParams = new URLSearchParams(location.search);
if (invitationParams.get("invite") && invitationParams.get("program")) {
  localStorage.setItem("invitation", JSON.stringify({ invite: invitationParams.get("invite").slice(0, 40),
    program: invitationParams.get("program").slice(0, 40) }));
  history.replaceState(null, "", location.pathname + location.hash);
}
const pendingInvitation = () => !!localStorage.getItem("invitation");

function home() {
  if (has("participant") && pendingInvitation()) return "#/employment";
  if (has("participant")) return "#/documents";
  if (has("staff") || has("admin")) return "#/queue";
  if (has("director")) return "#/roster";
  if (has("sponsor")) return "#/sponsor";
  return "#/signin";
}

const ROUTES = [
  ["#/documents", () => renderDocuments()],
  ["#/records", () => renderRecords()],
  ["#/profile", () => renderProfile()],
  ["#/employment", () => renderEmployment()],
  ["#/jobs", () => renderJobs()],
  ["#/stipends", () => renderStipends()],
  ["#/queue", () => renderQueue()],
  ["#/review/", (rest) => renderReview(rest)],
  ["#/disputes", () => renderDisputes()],
  ["#/dispute/", (rest) => renderDispute(rest)],
  ["#/name-changes", () => renderNameChanges()],
  ["#/upload-for", () => renderUploadFor()],
  ["#/roster", () => renderRoster()],
  ["#/people", () => renderPeople()],
  ["#/partners", () => renderPartners()],
  ["#/workforce", () => renderWorkforce()],
  ["#/programs", () => renderPrograms()],
  ["#/stipend-admin", () => renderStipendAdmin()],
  ["#/dashboard", () => renderDashboard()],
  ["#/sponsor/", (rest) => renderSponsor(decodeURIComponent(rest))],
  ["#/sponsors", () => renderSponsorApplications()],
  ["#/sponsor", () => renderSponsorHome()],
  ["#/help-desk", () => renderHelpDesk()],
];

// One view renders at a time: a page still loading when the person clicks on would otherwise finish last and
// paint over the page they asked for.
let rendering = Promise.resolve();
function render() {
  rendering = rendering.then(renderNow, renderNow);
  return rendering;
}

async function renderNow() {
  clearTimeout(state.poll);
  leaveView(); // the last view's listeners and shortcuts leave with it
  main().classList.remove("wide");
  applyStaticText();
  const hash = location.hash || "#/";
  try {
    if (await Auth.complete(BASE)) { state.token = "yes"; state.user = Auth.user(); location.hash = home(); return; }
    if (hash.startsWith("#/training/")) {
      const [event, code] = hash.slice("#/training/".length).split("/").map(decodeURIComponent);
      return await renderTraining({ event, code });
    }
    if (hash.startsWith("#/training")) return await renderTraining();
    // Behind the QR codes: public, no sign-in.
    if (hash.startsWith("#/check/report/")) return await renderReportCheck(decodeURIComponent(hash.slice(15)));
    if (hash.startsWith("#/check/card/")) return await renderCardCheck(decodeURIComponent(hash.slice(13)));
    // Help and the privacy policy: public, no sign-in (the help desk itself is staff's).
    if (hash.startsWith("#/help") && !hash.startsWith("#/help-desk")) return await renderHelp(hash.slice("#/help".length));
    if (hash.startsWith("#/privacy")) return await renderPrivacy();
    if (!state.token) return renderSignIn();
    const route = ROUTES.find(([prefix]) => hash.startsWith(prefix));
    if (route) return await route[1](hash.slice(route[0].length));
    location.hash = home();
  } catch (error) {
    show(html`<p class="reason" role="alert">${error.message}</p>`);
  } finally {
    applyStaticText();
  }
}

$("#lang").addEventListener("change", (e) => { state.lang = e.target.value; localStorage.setItem("lang", state.lang); render(); });
$("#signout").addEventListener("click", () => { state.token = null; state.user = null; Auth.signOut(BASE); });
window.addEventListener("hashchange", render);
// forget() (core.js) sends a signed-out person to #/signin; the hash change renders it.
render();
