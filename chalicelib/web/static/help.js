/* Help for everyone, signed in or not (issue 25): the FAQ, the participant guide, where to mail paper, the
   contact form that reaches staff as a queue item, and the privacy policy. Staff answer from the help desk
   (English, like every staff screen). Long text comes from help-text.js, short strings from i18n.js
   (both written by chalicelib/api/web.py from the help and pages catalogues in chalicelib/domain/catalogues). */
import { $, BASE, api, download, has, html, on, onEach, show, state, t, toast } from "./core.js";
import { HELP_TEXT } from "./help-text.js";

const text = (key) => (HELP_TEXT[state.lang] && HELP_TEXT[state.lang][key]) || HELP_TEXT.en[key] || key;
const FAQ = ["Verify", "Docs", "Id", "Wrong", "Photo", "Hours", "Stipend", "Proof", "Account", "Close"];
const GUIDE = [1, 2, 3, 4, 5, 6];
const POLICY = ["Kept", "Sealed", "Who", "Security", "Long", "Export", "Contact"];
// What the form offers when the registry cannot be asked (GET /v1/help-desk answers the same).
const TOPICS = ["account", "documents", "records", "training", "stipends", "privacy", "other"];

export async function renderHelp(rest = "") {
  // Someone signed in has the form filled in with the address they sign in with and their name.
  const [info, me] = await Promise.all([api("/v1/help-desk").catch(() => null),
    state.token ? api("/v1/me/help-desk").catch(() => null) : null]);
  const topics = (info && info.topics) || TOPICS;
  const most = (info && info.max_message) || 2000;
  show(html`<h1>${t("helpTitle")}</h1><p>${t("helpIntro")}</p>
    <nav class="help-toc card" aria-label="${t("helpSections")}"><ul>
      <li><button type="button" class="link" data-jump="faq">${t("helpFaq")}</button></li>
      <li><button type="button" class="link" data-jump="guide">${t("helpGuide")}</button></li>
      <li><button type="button" class="link" data-jump="mail">${t("helpMailTitle")}</button></li>
      <li><button type="button" class="link" data-jump="contact">${t("contactTitle")}</button></li>
      <li><a href="#/privacy">${t("footPrivacy")}</a></li></ul></nav>
    <section id="faq" aria-labelledby="faq-title"><h2 id="faq-title">${t("helpFaq")}</h2>
      ${FAQ.map((k) => html`<details class="faq card" data-faq="${k}"><summary>${text(`faq${k}Q`)}</summary>
        <p>${text(`faq${k}A`)}</p></details>`)}</section>
    <section id="guide" aria-labelledby="guide-title"><h2 id="guide-title">${t("helpGuide")}</h2>
      <ol class="guide card">${GUIDE.map((n) => html`<li><strong>${text(`guide${n}T`)}</strong><br>${text(`guide${n}`)}</li>`)}</ol></section>
    <section id="mail" class="card" aria-labelledby="mail-title"><h2 id="mail-title">${t("helpMailTitle")}</h2>
      <p>${t("helpMailText")}</p>
      ${info && html`<address id="postal-address">${info.postal_address.map((line) => html`${line}<br>`)}</address>`}</section>
    <p><a href="#/privacy">${t("helpPrivacyLink")}</a></p>
    <form id="contact" class="card" aria-labelledby="contact-title">
      <h2 id="contact-title">${t("contactTitle")}</h2><p>${t("contactIntro")}</p>
      <label>${t("contactName")}<input name="name" maxlength="120" autocomplete="name" value="${(me && me.name) || ""}" required></label>
      <label>${t("contactEmail")}<input name="email" type="email" maxlength="254" autocomplete="email" value="${(me && me.email) || ""}" required></label>
      <label>${t("contactTopic")}<select name="topic">${topics.map((x) => html`<option value="${x}">${t(`topic_${x}`)}</option>`)}</select></label>
      <label>${t("contactMessage")}<span class="hint">${t("contactNoSecrets")}</span>
        <textarea name="message" rows="6" maxlength="${most}" required></textarea></label>
      <p class="hint" id="contact-left" aria-live="polite">${most} ${t("contactLeft")}</p>
      <button type="submit">${t("contactSend")}</button>
      <p id="contact-result" role="status"></p>
    </form>`);
  onEach("[data-jump]", "click", (button) => {
    const target = $(`#${button.dataset.jump}`);
    target.scrollIntoView({ block: "start" });
    (target.querySelector("input, summary, h2") || target).focus({ preventScroll: true });
  });
  const form = $("#contact");
  on(form.message, "input", () => { $("#contact-left").textContent = `${most - form.message.value.length} ${t("contactLeft")}`; });
  on(form, "submit", async (event) => {
    event.preventDefault();
    const body = { name: form.name.value, email: form.email.value, topic: form.topic.value, message: form.message.value };
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      const sent = await api(state.token ? "/v1/me/help-desk/messages" : "/v1/help-desk/contact", { method: "POST", body });
      $("#contact-result").innerHTML = String(html`<span class="ok">${t("contactSent")} <strong id="contact-reference">${sent.reference}</strong>.
        ${t("contactSentMail")} ${body.email}.</span>`);
      form.message.value = "";
      $("#contact-left").textContent = `${most} ${t("contactLeft")}`;
    } catch (error) {
      $("#contact-result").innerHTML = String(html`<span class="reason">${error.message}</span>`);
    } finally {
      button.disabled = false;
    }
  });
  if (rest.startsWith("/contact")) {
    form.scrollIntoView({ block: "start" });
    form.name.focus({ preventScroll: true });
  }
}

export async function renderPrivacy() {
  show(html`<h1>${t("privacyTitle")}</h1><p>${text("privIntro")}</p>
    ${POLICY.map((k) => html`<section class="policy" aria-labelledby="priv-${k}"><h2 id="priv-${k}">${text(`priv${k}T`)}</h2>
      <p>${text(`priv${k}`)}</p></section>`)}
    <section id="your-data" class="card" aria-labelledby="your-data-title"><h2 id="your-data-title">${t("privacyYourData")}</h2>
      ${has("participant") ? html`<p><button type="button" id="privacy-download">${t("privacyDownload")}</button></p>
        <form id="privacy-close"><label class="inline"><input type="checkbox" name="understand" required> ${t("privacyUnderstand")}</label>
          <p><button type="submit" class="danger">${t("privacyClose")}</button></p></form>`
        : html`<p>${t("privacySignIn")}</p>`}
      <p id="privacy-result" role="status"></p></section>
    <p><a href="#/help">${t("helpTitle")}</a></p>`);
  if (!has("participant")) return;
  on($("#privacy-download"), "click", async () => {
    try { await download("/v1/me/export", "registry-data.json", "application/json"); } catch (error) { toast(error.message); }
  });
  on($("#privacy-close"), "submit", async (event) => {
    event.preventDefault();
    try {
      await api("/v1/me?confirm=close-my-profile", { method: "DELETE" });
    } catch (error) {
      $("#privacy-result").textContent = error.message;
      return;
    }
    $("#your-data").innerHTML = String(html`<h2>${t("privacyYourData")}</h2><p class="ok" role="status">${t("privacyClosed")}</p>`);
    setTimeout(() => window.Auth.signOut(BASE), 4000); // the sign-in account is gone with the profile
  });
}

/* ---------------------------------------------------------------- staff: the help desk queue */

const LANGUAGE = { en: "English", es: "Spanish", zh: "Chinese (Traditional)" };
const when = (iso) => `${iso.slice(0, 16).replace("T", " ")} UTC`;

export async function renderHelpDesk() {
  const status = new URLSearchParams(location.hash.split("?")[1] || "").get("status") === "answered" ? "answered" : "open";
  const { items } = await api(`/v1/help-desk/messages?status=${status}`);
  const topic = (x) => window.I18N.en[`topic_${x}`] || x;
  show(html`<h1>Help desk</h1>
    <p class="row"><a href="#/help-desk" ${status === "open" ? html`aria-current="page"` : ""}>Open</a>
      <a href="#/help-desk?status=answered" ${status === "answered" ? html`aria-current="page"` : ""}>Answered</a></p>
    <p>${status === "open" ? "Oldest first: answer from the top. The answer is emailed to the address the person gave, with their reference number; write it in the language they wrote in."
      : "The latest answers, newest first."}</p>
    ${items.length ? items.map((x) => html`<article class="card help-item" data-request="${x.request_id}" data-status="${x.status}">
      <h2>${x.reference} · ${topic(x.topic)} <span class="badge ${x.status === "open" ? "warn" : "ok"}">${x.status}</span></h2>
      <p>From <strong>${x.name}</strong> (${x.email}) · ${x.user_id ? `signed in (user ${x.user_id})` : "not signed in"}
        · wrote in <strong>${LANGUAGE[x.language] || x.language}</strong> · ${when(x.created_at)} (${x.age_hours} h)</p>
      <blockquote>${x.message}</blockquote>
      ${x.status === "open" ? html`<form class="help-answer" data-answer="${x.request_id}" data-version="${x.version}">
          <label>Answer, in ${LANGUAGE[x.language] || x.language} (emailed, and kept sealed with the message)
            <textarea name="answer" rows="4" maxlength="4000" required></textarea></label>
          <button type="submit">Send the answer</button></form>`
        : html`<p>Answered by ${x.answered_by} · ${when(x.answered_at)}</p><blockquote>${x.answer}</blockquote>`}
    </article>`) : html`<p>${status === "open" ? "No open messages." : "No answered messages yet."}</p>`}`);
  onEach("form[data-answer]", "submit", async (form, event) => {
    event.preventDefault();
    try {
      const done = await api(`/v1/help-desk/messages/${encodeURIComponent(form.dataset.answer)}/answer`, {
        method: "POST", body: { answer: form.answer.value, version: Number(form.dataset.version) } });
      toast(`Answer to ${done.reference} sent.`);
      await renderHelpDesk();
    } catch (error) {
      toast(error.message);
    }
  });
}
