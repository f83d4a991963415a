# ruff: noqa: RUF001  (Chinese text uses full-width punctuation on purpose)
"""A refusal or rejection reads in the participant's language: on the page in the language it is asked in,
in the email in the participant's preferred language. Staff's own words are shown as typed."""

from __future__ import annotations

import json
from typing import Any

import requests

from chalicelib import clock
from chalicelib.security.identity import Role
from tests.integration.conftest import bearer

STAFF = ("u-staff-sam", Role.STAFF)


def _upload(api: Any, who: tuple[str, Role], name: str, data: bytes, content_type: str) -> str:
    started = json.loads(api.http.post("/v1/documents", headers={**bearer(*who), "Content-Type": "application/json"},
                                       body=json.dumps({"doc_type": "permit", "file_name": name,
                                                        "content_type": content_type, "size": len(data)})).body)
    requests.post(started["upload"]["url"], data=started["upload"]["fields"],
                  files={"file": (name, data, content_type)}, timeout=30)
    return str(started["document_id"])


def _document(api: Any, who: tuple[str, Role], document_id: str, language: str) -> dict[str, Any]:
    return dict(json.loads(api.http.get(f"/v1/documents/{document_id}",
                                        headers={**bearer(*who), "Accept-Language": language}).body))


def test_a_refused_file_is_explained_in_spanish_on_the_page_and_in_the_email(
        api: Any, people: dict[str, str], pump: Any) -> None:
    from chalicelib.services.accounts.notifications import outbox

    ana = (people["u-participant-ana"], Role.PARTICIPANT)
    assert api.http.patch("/v1/me", headers={**bearer(*ana), "Content-Type": "application/json"},
                          body=json.dumps({"preferred_language": "es"})).status_code == 200
    document_id = _upload(api, ana, "permiso.pdf", b"<html><body>not a permit</body></html>", "application/pdf")
    pump.drain(timeout_seconds=60)
    spanish = _document(api, ana, document_id, "es")
    assert spanish["status"] == "rejected_file"
    assert spanish["reason"] == ("El archivo es una página web (HTML), no un documento. Suba un PDF o una foto "
                                 "(JPEG, PNG o HEIC) del documento.")
    assert _document(api, ana, document_id, "zh")["reason"].startswith("這個檔案是網頁（HTML）")
    assert _document(api, ana, document_id, "en")["reason"].startswith("The file is a web page (HTML)")
    [email] = outbox()
    assert email["language"] == "es" and "El archivo es una página web (HTML)" in email["body"]


def test_a_staff_template_reads_in_the_participants_language_and_typed_words_as_typed(
        api: Any, demo: None) -> None:
    from chalicelib.store.base import iso
    from chalicelib.store.documents import DocumentItem

    ben = ("u-participant-ben", Role.PARTICIPANT)
    now = iso(clock.now())
    for document_id in ("doc-blurry", "doc-typed"):
        item = DocumentItem(*DocumentItem.key(document_id), document_id=document_id, owner_id=ben[0],
                            uploaded_by=ben[0], doc_type="permit", status="needs_review",
                            upload_key=f"uploads/{document_id}", created_at=now, submitted_at=now, updated_at=now,
                            extracted={"doc_type": "permit"})
        item.index_for_status()
        item.save()
    headers = {**bearer(*STAFF), "Content-Type": "application/json"}
    api.http.post("/v1/review/doc-blurry/decision", headers=headers, body=json.dumps({
        "decision": "request_resubmission", "reason": "The photo is too blurry to read. Take it again in good light."}))
    api.http.post("/v1/review/doc-typed/decision", headers=headers, body=json.dumps({
        "decision": "reject", "reason": "The photo is too blurry; the seal is missing too."}))
    assert _document(api, ben, "doc-blurry", "es")["reason"] == (
        "La foto está demasiado borrosa para leerla. Tómela de nuevo con buena luz.")
    assert _document(api, ben, "doc-typed", "es")["reason"] == "The photo is too blurry; the seal is missing too."
