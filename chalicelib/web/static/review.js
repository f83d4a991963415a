/* Registry staff at a desk: the queue, one document beside its fields, disputes, name changes, uploads. */
import {
  $, ApiError, api, contentTypeOf, formBody, html, loadDocTypes, main, on, onEach, onLeave, postWithProgress, show,
  toast,
} from "./core.js";

export async function renderQueue() {
  const params = new URLSearchParams(location.hash.split("?")[1] || "");
  const status = params.get("status") || "needs_review"; const type = params.get("type") || "";
  const [summary, queue, types] = await Promise.all([api("/v1/review/summary"),
    api(`/v1/review/queue?status=${status}${type ? `&type=${encodeURIComponent(type)}` : ""}&limit=50`), loadDocTypes()]);
  show(html`<h1>Review queue</h1>
    <div class="grid">${summary.items.map((s) => html`<div class="card"><strong>${s.doc_type}</strong><br>
      ${s.needs_review} to review · ${s.failed} failed<br><small>oldest ${s.oldest_age_hours ?? "–"} h</small></div>`)}</div>
    <form id="filters" class="row card" aria-label="Filters">
      <label>Status <select name="status"><option value="needs_review">Needs review</option><option value="failed" ${status === "failed" ? "selected" : ""}>Failed</option></select></label>
      <label>Type <select name="type"><option value="">All types</option>${types.map((d) => html`<option value="${d.name}" ${d.name === type ? "selected" : ""}>${d.display.en}</option>`)}</select></label>
      <button type="submit" class="secondary">Filter</button></form>
    <div class="table-wrap" tabindex="0" role="region" aria-label="Documents oldest first"><table><caption class="sr-only">Documents oldest first</caption>
      <thead><tr><th>Type</th><th>Age (h)</th><th>Pages</th><th>Low confidence</th><th>Disagreements</th><th>Reviewer</th><th></th></tr></thead>
      <tbody>${queue.items.length ? queue.items.map((d) => html`<tr><td>${d.doc_type}</td><td>${d.age_hours}</td><td>${d.page_count}</td>
        <td>${d.low_confidence}</td><td>${d.disagreements}</td><td>${d.claim ? d.claim.name || d.claim.by : ""}</td>
        <td><a href="#/review/${d.document_id}">Review</a></td></tr>`) : html`<tr><td colspan="7">Nothing waiting.</td></tr>`}</tbody></table></div>`);
  on($("#filters"), "submit", (e) => {
    e.preventDefault(); const f = new FormData(e.target);
    location.hash = `#/queue?status=${f.get("status")}${f.get("type") ? `&type=${f.get("type")}` : ""}`;
  });
}

const REJECT_TEMPLATES = ["The photo is too blurry to read. Take it again in good light.",
  "Part of the page is cut off. Include the whole page.", "This is not the document type you selected.",
  "The document belongs to someone else.", "The permit has expired. Upload your current permit."];

function inputFor(spec, name, value, attrs) {
  const kind = spec.kind;
  if (kind === "choice" && spec.choices.length) {
    return html`<select ${attrs}><option value=""></option>${spec.choices.map((c) => html`<option ${c === value ? "selected" : ""}>${c}</option>`)}</select>`;
  }
  const type = kind === "date" ? "date" : kind === "number" ? "number" : "text";
  return html`<input ${attrs} type="${type}" ${type === "number" ? "step=0.5" : ""} value="${value ?? ""}">`;
}

function valueOf(el, kind) {
  if (el.value === "") return null;
  return kind === "number" ? Number(el.value) : el.value;
}

/* One table per row field of the type (courses, degrees): rows can be added, removed and reordered, and rows
   already on the person's record are marked so the reviewer knows verifying adds them once. */
function rowsTable(field, rows) {
  const cols = field.columns;
  return html`<section class="rows-field" data-rows="${field.name}"><h2>${field.label.en}</h2>
    <div class="table-wrap"><table class="rows"><thead><tr>${cols.map((c) => html`<th class="col-${c.name}">${c.label.en}</th>`)}<th><span class="sr-only">Row actions</span></th></tr></thead>
    <tbody>${rows.map((row, i) => html`<tr data-row="${i}" class="${row.confidence !== undefined && row.confidence < 0.95 ? "field low" : ""}"
        ${row.on_record ? html`data-on-record="true" title="Already on the record: verifying adds it once"` : ""}>
      ${cols.map((c) => html`<td class="col-${c.name}">${inputFor(c, c.name, row[c.name],
        html`aria-label="${c.label.en} of row ${i + 1}${row.on_record ? " (already on the record)" : ""}" data-col="${c.name}"`)}</td>`)}
      <td class="row-actions"><button type="button" class="secondary" data-move="-1" aria-label="Move row ${i + 1} up">↑</button>
        <button type="button" class="secondary" data-move="1" aria-label="Move row ${i + 1} down">↓</button>
        <button type="button" class="secondary" data-remove aria-label="Remove row ${i + 1}">✕</button></td></tr>`)}</tbody></table></div>
    <button type="button" class="secondary" data-add-row="${field.name}">Add a row</button></section>`;
}

export async function renderReview(documentId) {
  // Claim first, so the version in the detail is the one a decision must name; a document someone else holds
  // can still be read, and taken over.
  let claimError = null;
  try { await api(`/v1/review/${documentId}/claim`, { method: "POST" }); } catch (error) { claimError = error; }
  onLeave(() => { api(`/v1/review/${documentId}/claim`, { method: "DELETE" }).catch(() => {}); });
  const [d, types] = await Promise.all([api(`/v1/review/${documentId}`), loadDocTypes()]);
  const type = d.doc_type || d.fields.doc_type || "other";
  // The fields staff verify come from the document type's module (GET /v1/document-types).
  const spec = types.find((x) => x.name === type) || types.find((x) => x.name === "other");
  const specs = Object.fromEntries(spec.fields.map((f) => [f.name, f]));
  const rowFields = spec.fields.filter((f) => f.kind === "rows");
  const rows = Object.fromEntries(rowFields.map((f) => [f.name, (d.fields[f.name] || []).map((r) => ({ ...r }))]));
  const disagreements = Object.fromEntries((d.disagreements || []).map((x) => [x.field, x]));
  const low = new Set(d.low_confidence || []);
  const someoneElse = d.claim && claimError;
  const field = (f) => {
    const value = d.fields[f.name] ?? ""; const conf = d.confidence[f.name];
    return html`<label class="field ${low.has(f.name) ? "low" : ""} ${disagreements[f.name] ? "disagree" : ""}">${f.label.en}
      <span class="conf">${conf !== undefined ? `confidence ${Math.round(conf * 100)}%` : "not found"}${low.has(f.name) ? " · check" : ""}</span>
      ${inputFor(f, f.name, value, html`data-field="${f.name}"`)}
      ${disagreements[f.name] && html`<span class="note">Participant typed: ${disagreements[f.name].declared}</span>`}</label>`;
  };
  const person = d.participant || {};
  main().classList.add("wide");
  show(html`<h1>Review: ${type} <small>${d.file_name || ""}</small></h1>
    ${someoneElse && html`<p class="reason" id="claimed" role="alert">${d.claim.name || d.claim.by} is reviewing this document until ${d.claim.until.slice(11, 16)} UTC.
      <button type="button" class="secondary" id="take-over">Take it over</button></p>`}
    <p class="card" id="participant">Participant: <strong>${person.names && person.names.length ? person.names.join(" · ") : "no profile name"}</strong>
      ${person.registry_id && html`(${person.registry_id})`}
      ${person.uploaded_on_behalf_by && html` · uploaded on their behalf by ${person.uploaded_on_behalf_by}: another reviewer verifies it`}</p>
    <p><small>Keys: <span class="kbd">Alt</span>+<span class="kbd">↓</span>/<span class="kbd">↑</span> next/previous field ·
      <span class="kbd">Ctrl</span>+<span class="kbd">Enter</span> verify · <span class="kbd">+</span>/<span class="kbd">-</span> zoom (outside fields).
      Focus a field to see where it was read.</small></p>
    <div class="review">
      <section aria-label="Document image">
        <div class="row"><button class="secondary" id="zoom-in">+ Zoom in</button><button class="secondary" id="zoom-out">− Zoom out</button>
          <button class="secondary" id="rotate">Rotate</button><button class="secondary" id="prev-page">Previous page</button>
          <button class="secondary" id="next-page">Next page</button><span id="page-label"></span></div>
        <div class="viewer" id="viewer" tabindex="0" role="region" aria-label="Document page: arrow keys scroll, + and - zoom"><div class="page-wrap" id="page-wrap"><img id="page" alt="Page of the uploaded document"><div id="highlights"></div></div></div>
      </section>
      <form id="decision" aria-label="Fields" data-document="${documentId}">
        <input type="hidden" value="${d.version}" id="version">
        ${d.imported_from && d.imported_from.signature_checked !== false && html`<p class="card" id="imported-from"><span class="badge ok">Verified by ${d.imported_from.issuer_name}</span>
          on ${d.imported_from.verified_at.slice(0, 10)}, for ${d.imported_from.person_name} (their Registry ID there: ${d.imported_from.registry_id}).
          The signature was checked on import; there is no file. Accept the values with Verify, or reject them.</p>`}
        ${d.imported_from && d.imported_from.signature_checked === false && html`<p class="card" id="imported-from"><span class="badge warn">Not verified: issued by ${d.imported_from.issuer_name}</span>
          on ${(d.imported_from.verified_at || "").slice(0, 10)}. No signature was checked (${d.imported_from.unverified_because === "proof_not_checked" ? "its proof cannot be checked offline" : "the issuer is not a registry this one trusts"})${d.imported_from.holder === "not_established" ? "; the credential does not name the person, so check it is theirs" : ""}.
          Confirm it with the issuer before you Verify, or reject it.</p>`}
        ${(d.attention || []).length > 0 && html`<p class="reason">Sent on by the participant despite: ${(d.attention || []).map((a) => html`${a.message} `)}</p>`}
        ${spec.fields.filter((f) => f.kind !== "rows").map(field)}
        <div id="name-confirm" class="card" ${person.name_matches || !specs.person_name ? "hidden" : ""}>
          <label>The name on the document is not ${person.names && person.names.length ? person.names[0] : "the participant's"} or an approved former name.
            If it is still their document, say why (kept in the audit):
            <textarea id="name-mismatch-reason" rows="2" maxlength="1000"></textarea></label></div>
        <div class="row"><button type="submit" id="verify">Verify</button></div>
        <h2>Reject or ask again</h2>
        <label>Reason template<select id="template"><option value="">Choose a reason…</option>${REJECT_TEMPLATES.map((r) => html`<option>${r}</option>`)}</select></label>
        <label>Reason sent to the participant<textarea id="reason" rows="2"></textarea></label>
        <div class="row"><button type="button" class="danger" id="reject">Reject</button>
          <button type="button" class="secondary" id="resubmit">Ask for resubmission</button></div>
      </form>
    </div>
    <div id="row-fields"></div>
    <details class="card" id="history"><summary>History (${(d.history || []).length} steps)</summary>
      <ol>${(d.history || []).map((h) => html`<li><time>${h.at.slice(0, 16).replace("T", " ")}</time> ${h.action} · ${h.actor_role}${h.reason ? html` · ${h.reason}` : ""}</li>`)}</ol></details>`);
  const drawRows = () => {
    $("#row-fields").innerHTML = String(html`${rowFields.map((f) => rowsTable(f, rows[f.name]))}`);
  };
  const readRows = () => {
    main().querySelectorAll("[data-rows]").forEach((section) => {
      const name = section.dataset.rows; const cols = Object.fromEntries(specs[name].columns.map((c) => [c.name, c]));
      section.querySelectorAll("tr[data-row]").forEach((tr) => {
        const row = rows[name][Number(tr.dataset.row)];
        tr.querySelectorAll("[data-col]").forEach((el) => { row[el.dataset.col] = valueOf(el, cols[el.dataset.col].kind); });
      });
    });
  };
  drawRows();
  on($("#row-fields"), "click", (e) => {
    const button = e.target.closest("button"); if (!button) return;
    readRows();
    if (button.dataset.addRow) { rows[button.dataset.addRow].push({}); drawRows(); return; }
    const tr = button.closest("tr[data-row]"); if (!tr) return;
    const list = rows[tr.closest("[data-rows]").dataset.rows]; const i = Number(tr.dataset.row);
    if (button.hasAttribute("data-remove")) list.splice(i, 1);
    else {
      const j = i + Number(button.dataset.move);
      if (j < 0 || j >= list.length) return;
      [list[i], list[j]] = [list[j], list[i]];
    }
    drawRows();
  });

  let page = 0; let zoom = 1; let rotation = 0; let boxes = [];
  const showPage = () => {
    const p = d.pages[page]; if (!p) { $("#page-label").textContent = "No page image"; return; }
    if ($("#page").getAttribute("src") !== p.url) $("#page").src = p.url;
    $("#page-label").textContent = `Page ${page + 1} of ${d.pages.length}`;
    $("#page-wrap").style.transform = `scale(${zoom}) rotate(${rotation}deg)`;
    // Built through the CSSOM: the page's CSP allows no inline style attributes.
    $("#highlights").replaceChildren(...boxes.filter((b) => b.page === page + 1).map((b) => {
      const mark = document.createElement("span"); mark.className = "hl";
      Object.assign(mark.style, { left: `${b.left * 100}%`, top: `${b.top * 100}%`, width: `${b.width * 100}%`, height: `${b.height * 100}%` });
      return mark;
    }));
  };
  // Focusing a value shows where it was read: its words are outlined, and the page turns and scrolls to them.
  const pointAt = (found) => {
    boxes = found || [];
    if (boxes.length) page = boxes[0].page - 1;
    showPage();
    const first = $("#highlights .hl");
    if (first) first.scrollIntoView({ block: "center", inline: "center", behavior: "smooth" });
  };
  showPage();
  on($("#decision"), "focusin", (e) => { if (e.target.dataset.field) pointAt((d.boxes || {})[e.target.dataset.field]); });
  on($("#row-fields"), "focusin", (e) => {
    const tr = e.target.closest("tr[data-row]"); if (!tr) return;
    const row = rows[tr.closest("[data-rows]").dataset.rows][Number(tr.dataset.row)];
    pointAt(row && row.boxes);
  });
  on($("#zoom-in"), "click", () => { zoom = Math.min(4, zoom * 1.25); showPage(); });
  on($("#zoom-out"), "click", () => { zoom = Math.max(0.5, zoom / 1.25); showPage(); });
  on($("#rotate"), "click", () => { rotation = (rotation + 90) % 360; showPage(); });
  on($("#prev-page"), "click", () => { page = Math.max(0, page - 1); showPage(); });
  on($("#next-page"), "click", () => { page = Math.min(d.pages.length - 1, page + 1); showPage(); });
  on($("#template"), "change", (e) => { if (e.target.value) $("#reason").value = e.target.value; });
  if ($("#take-over")) {
    on($("#take-over"), "click", async () => {
      try { await api(`/v1/review/${documentId}/claim?take_over=true`, { method: "POST" }); await renderReview(documentId); }
      catch (error) { toast(error.message); }
    });
  }
  const inputs = () => [...main().querySelectorAll("#decision input:not([type=hidden]), #decision select, #decision textarea, #row-fields input, #row-fields select")]
    .filter((el) => !el.closest("[hidden]"));
  // Bound to this view: the next review removes it, so Ctrl+Enter posts one decision however many documents
  // were reviewed in a row.
  on(main(), "keydown", (e) => {
    const list = inputs(); const at = list.indexOf(document.activeElement);
    if (e.altKey && (e.key === "ArrowDown" || e.key === "ArrowUp")) {
      e.preventDefault(); const next = list[(at + (e.key === "ArrowDown" ? 1 : -1) + list.length) % list.length]; next.focus();
      if (next.select) next.select();
    } else if ((e.ctrlKey || e.metaKey) && e.key === "Enter") {
      e.preventDefault(); $("#decision").requestSubmit();
    } else if (at < 0 && (e.key === "+" || e.key === "-")) {
      (e.key === "+" ? $("#zoom-in") : $("#zoom-out")).click();
    }
  });
  const decide = async (decision) => {
    const body = { decision, version: Number($("#version").value) };
    if (decision === "verify") {
      const fields = { ...d.fields };
      main().querySelectorAll("[data-field]").forEach((el) => { fields[el.dataset.field] = valueOf(el, specs[el.dataset.field].kind); });
      readRows();
      rowFields.forEach((f) => {
        fields[f.name] = rows[f.name].map((row) => Object.fromEntries(f.columns.map((c) => [c.name, row[c.name] ?? null])));
      });
      body.fields = fields;
      const why = $("#name-mismatch-reason").value.trim();
      if (why) body.name_mismatch_reason = why;
    } else {
      body.reason = $("#reason").value.trim();
      if (!body.reason) { toast("Give a reason the participant can act on."); $("#reason").focus(); return; }
    }
    try {
      await api(`/v1/review/${documentId}/decision`, { method: "POST", body });
      toast(`Decision saved: ${decision}.`);
      const next = (await api("/v1/review/queue?limit=5")).items.find((x) => !x.claim && x.document_id !== documentId);
      location.hash = next ? `#/review/${next.document_id}` : "#/queue";
    } catch (error) {
      if (error instanceof ApiError && error.problem.name_mismatch) {
        $("#name-confirm").hidden = false; $("#name-mismatch-reason").focus();
      }
      toast(error.message);
    }
  };
  on($("#decision"), "submit", (e) => { e.preventDefault(); decide("verify"); });
  on($("#reject"), "click", () => decide("reject"));
  on($("#resubmit"), "click", () => decide("request_resubmission"));
  const first = inputs()[0]; if (first) first.focus();
}

/* ---------------------------------------------------------------- disputes and appeals */

export async function renderDisputes() {
  const { items } = await api("/v1/review/disputes?limit=50");
  show(html`<h1>Disputes and appeals</h1>
    <div class="table-wrap" tabindex="0" role="region" aria-label="Open disputes, oldest first"><table><caption class="sr-only">Open disputes, oldest first</caption>
      <thead><tr><th>About</th><th>Age (h)</th><th>New file</th><th></th></tr></thead>
      <tbody>${items.length ? items.map((x) => html`<tr><td>${x.subject === "record" ? `a verified ${x.record_kind}` : "a rejected document"}</td>
        <td>${x.age_hours}</td><td>${x.has_attachment ? "yes" : ""}</td><td><a href="#/dispute/${x.dispute_id}">Open</a></td></tr>`)
      : html`<tr><td colspan="4">No open disputes.</td></tr>`}</tbody></table></div>`);
}

export async function renderDispute(disputeId) {
  const x = await api(`/v1/review/disputes/${disputeId}`);
  const data = (x.record && x.record.data) || {};
  const open = x.status === "open";
  show(html`<h1>${x.subject === "record" ? "Dispute of a verified record" : "Appeal of a rejection"}</h1>
    <section class="card"><p><strong>Participant</strong> ${x.registry_id} · opened ${x.created_at.slice(0, 16).replace("T", " ")} UTC (${x.age_hours} h)</p>
      <blockquote id="dispute-message">${x.message}</blockquote>
      ${x.attachment_document_id && html`<p>New file: <a href="#/review/${x.attachment_document_id}">${x.attachment_document_id}</a></p>`}
      ${!open && html`<p><strong>${x.status}</strong>: ${x.resolution}</p>`}</section>
    ${x.document && html`<section class="card"><h2>Document</h2><p>${x.document.doc_type} · ${x.document.status}
      ${x.document.reason && html` · reason given: ${x.document.reason}`}</p>
      <button type="button" class="secondary" id="open-original">Open the file</button></section>`}
    ${x.record && html`<form id="correction" class="card"><h2>The record (${x.record.kind})</h2><div class="grid">
      ${Object.entries(data).map(([k, v]) => html`<label>${k.replace(/_/g, " ")}<input name="${k}" value="${v ?? ""}" data-original="${v ?? ""}"></label>`)}</div></form>`}
    ${open && html`<section class="card"><h2>Answer</h2>
      <label>Reason sent to the participant (and kept in the audit)<textarea id="answer-reason" rows="3" maxlength="1000"></textarea></label>
      <div class="row">${x.subject === "record"
        ? html`<button type="button" id="answer-correct">Correct the record</button><button type="button" class="danger" id="answer-retract">Remove the record</button>`
        : html`<button type="button" id="answer-reopen">Review the document again</button>`}
        <button type="button" class="secondary" id="answer-dismiss">Change nothing</button></div></section>`}
    <h2>History of the document</h2><ul>${x.audit.map((a) => html`<li>${a.at.slice(0, 16).replace("T", " ")} · ${a.action} · ${a.actor_id}${a.reason ? ` · ${a.reason}` : ""}</li>`)}</ul>`);
  if ($("#open-original")) {
    on($("#open-original"), "click", async () => {
      try { window.open((await api(`/v1/documents/${x.document.document_id}/original`)).url, "_blank", "noopener"); }
      catch (error) { toast(error.message); }
    });
  }
  const answer = async (outcome) => {
    const reason = $("#answer-reason").value.trim();
    if (!reason) { toast("Give the participant a reason."); $("#answer-reason").focus(); return; }
    const body = { outcome, reason, version: x.version };
    if (outcome === "corrected") {
      body.data = {};
      $("#correction").querySelectorAll("input[name]").forEach((el) => {
        if (el.value !== el.dataset.original) {
          const before = data[el.name];
          body.data[el.name] = typeof before === "number" && el.value !== "" ? Number(el.value) : (el.value === "" ? null : el.value);
        }
      });
      if (!Object.keys(body.data).length) { toast("Change the values that are wrong first."); return; }
    }
    try { await api(`/v1/review/disputes/${disputeId}/answer`, { method: "POST", body }); toast("Answer sent."); location.hash = "#/disputes"; }
    catch (error) { toast(error.message); }
  };
  for (const [id, outcome] of [["answer-correct", "corrected"], ["answer-retract", "retracted"], ["answer-reopen", "reopened"], ["answer-dismiss", "dismissed"]]) {
    if ($(`#${id}`)) on($(`#${id}`), "click", () => answer(outcome));
  }
}

/* ---------------------------------------------------------------- name changes and uploads on behalf */

export async function renderNameChanges() {
  const { items } = await api("/v1/review/name-changes");
  show(html`<h1>Name changes</h1>${items.length ? items.map((x) => html`<article class="card" data-name-change="${x.registry_id}">
      <p><strong>${x.registry_id}</strong> · asked ${(x.requested_at || "").slice(0, 10)}</p>
      <p>From: ${[x.current.legal_first_name, x.current.legal_middle_name, x.current.legal_last_name].filter(Boolean).join(" ")}<br>
         To: <strong>${[x.requested.legal_first_name, x.requested.legal_middle_name, x.requested.legal_last_name].filter(Boolean).join(" ")}</strong></p>
      <p>Why: ${x.reason}</p>
      <label>Reason for your decision (kept in the audit)<input name="reason"></label>
      <div class="row"><button type="button" data-approve>Approve</button><button type="button" class="danger" data-decline>Decline</button></div></article>`)
    : html`<p>No name changes waiting.</p>`}`);
  onEach("[data-approve], [data-decline]", "click", async (b) => {
    const card = b.closest("[data-name-change]"); const reason = card.querySelector("[name=reason]").value.trim();
    if (!reason) { toast("Give the reason for the decision."); return; }
    try {
      await api(`/v1/participants/${card.dataset.nameChange}/name-change/decision`, { method: "POST", body: { approve: b.hasAttribute("data-approve"), reason } });
      toast("Saved."); await renderNameChanges();
    } catch (error) { toast(error.message); }
  });
}

export async function renderUploadFor() {
  const types = await loadDocTypes();
  show(html`<h1>Upload for a participant</h1>
    <p>For a document that reached the registry on paper or by email. Another staff member verifies it.</p>
    <form id="upload-for" class="card"><div class="grid">
      <label>Registry ID<input name="participant_registry_id" required placeholder="ECE-1234-5678-9"></label>
      <label>Document type<select name="doc_type">${types.map((d) => html`<option value="${d.name}">${d.display.en}</option>`)}</select></label>
      <label>File<input type="file" name="file" accept="image/*,application/pdf,.heic,.heif" required></label></div>
      <button type="submit">Upload</button></form>`);
  on($("#upload-for"), "submit", async (e) => {
    e.preventDefault();
    const form = e.target; const file = form.file.files[0]; const body = formBody(form);
    delete body.file;
    try {
      const started = await api("/v1/documents", { method: "POST", body: { ...body, file_name: file.name, content_type: contentTypeOf(file), size: file.size } });
      await postWithProgress(started.upload, file, () => {});
      toast("Uploaded: it joins the queue once it has been read."); form.reset();
    } catch (error) { toast(error.message); }
  });
}
