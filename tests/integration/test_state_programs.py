"""What the registry gives back on moto: a county stipend explained rule by rule, the QRIS staff-qualifications
summary of a program, and a participant's documents in their language."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest

from chalicelib import clock
from chalicelib.security.identity import Role
from tests.integration.conftest import bearer

pytestmark = pytest.mark.storage  # also run on DynamoDB Local (make test's second pass)

ANA = ("u-participant-ana", Role.PARTICIPANT)
BEN = ("u-participant-ben", Role.PARTICIPANT)
SAM = ("u-staff-sam", Role.STAFF)
ALEX = ("u-admin-alex", Role.ADMIN)
DANA = ("u-director-dana", Role.DIRECTOR)
STIPEND = "stipend-sacramento-2026"
CORE = [("ECE 1", "Child Growth and Development"), ("ECE 2", "Child, Family and Community"),
        ("ECE 3", "Introduction to Curriculum"), ("ECE 4", "Infant and Toddler Care"),
        ("ECE 5", "Preschool Guidance"), ("ECE 6", "Health, Safety and Nutrition for Children"),
        ("ECE 7", "Observation of Young Children"), ("ECE 8", "Children with Special Needs")]


def _call(api: Any, method: str, path: str, who: tuple[str, Role], body: Any = None,
          accept: str = "application/json") -> Any:
    headers = {**bearer(*who), "Content-Type": "application/json", "Accept": accept}
    return getattr(api.http, method)(path, headers=headers, **({"body": json.dumps(body)} if body is not None else {}))


def _json(response: Any) -> Any:
    return json.loads(response.body)


def _verified_transcript(api: Any, owner: str, term: str) -> None:
    """A transcript staff verified through the review API (as in production, with its records)."""
    from chalicelib.store.base import iso
    from chalicelib.store.documents import DocumentItem

    now = iso(clock.now())
    document_id = f"doc-transcript-{owner}"
    courses = [{"term": term, "code": code, "title": title, "units": 3.0, "grade": "A"} for code, title in CORE]
    fields = {"person_name": "Ana Reyes", "institution": "Sacramento City College", "courses": courses,
              "degrees": []}
    item = DocumentItem(*DocumentItem.key(document_id), document_id=document_id, owner_id=owner, uploaded_by=owner,
                        doc_type="transcript", status="needs_review", upload_key=f"uploads/{document_id}",
                        created_at=now, submitted_at=now, updated_at=now, extracted={"doc_type": "transcript",
                                                                                     **fields})
    item.index_for_status()
    item.save()
    decided = _call(api, "post", f"/v1/review/{document_id}/decision", SAM, {"decision": "verify", "fields": fields})
    assert decided.status_code == 200, decided.body


def test_a_participant_is_told_rule_by_rule_why_she_is_not_eligible_then_applies_once_she_is(
        api: Any, demo: None) -> None:
    [offered] = _json(_call(api, "get", "/v1/stipends", ANA))["items"]
    assert offered["stipend_id"] == STIPEND and offered["tax_id_required"]
    found = _json(_call(api, "get", f"/v1/stipends/{STIPEND}/eligibility", ANA))
    assert not found["eligible"]
    position, units = found["rules"]
    assert position["met"] and "(Teacher)" in position["explanation"]
    assert not units["met"] and "your verified records show 0" in units["explanation"]
    refused = _call(api, "post", f"/v1/stipends/{STIPEND}/applications", ANA, {"tax_id": "536-22-8841"})
    assert refused.status_code == 409 and "not eligible yet" in _json(refused)["detail"]
    # The same rules read in the page's language, the refusal too.
    chinese = _json(api.http.get(f"/v1/stipends/{STIPEND}/eligibility",
                                 headers={**bearer(*ANA), "Accept-Language": "zh-TW"}))["rules"][1]["explanation"]
    assert chinese.startswith("需要在 2026-01-01 至 2026-12-31 之間的學期修畢 3 個幼兒教育學分")
    refused_es = api.http.post(f"/v1/stipends/{STIPEND}/applications", body=json.dumps({"tax_id": "536-22-8841"}),
                               headers={**bearer(*ANA), "Content-Type": "application/json", "Accept-Language": "es"})
    assert json.loads(refused_es.body)["detail"].startswith("Todavía no es elegible: Se necesitan 3 unidades de "
                                                            "educación infantil")

    _verified_transcript(api, ANA[0], "Spring 2026")
    found = _json(_call(api, "get", f"/v1/stipends/{STIPEND}/eligibility", ANA))
    assert found["eligible"] and "your verified records show 24" in found["rules"][1]["explanation"]
    missing = _call(api, "post", f"/v1/stipends/{STIPEND}/applications", ANA, {})
    assert missing.status_code == 422 and "SSN or ITIN" in _json(missing)["detail"]
    applied = _call(api, "post", f"/v1/stipends/{STIPEND}/applications", ANA, {"tax_id": "536-22-8841"})
    assert applied.status_code == 201 and _json(applied)["tax_id"] == "***-**-8841"
    again = _call(api, "post", f"/v1/stipends/{STIPEND}/applications", ANA, {"tax_id": "536-22-8841"})
    assert again.status_code == 409

    assert _call(api, "get", f"/v1/stipends/{STIPEND}/applications", ANA).status_code == 403
    [application] = _json(_call(api, "get", f"/v1/stipends/{STIPEND}/applications", SAM))["items"]
    assert application["name"] == "Ana Reyes" and application["tax_id"] == "***-**-8841"
    assert "536-22-8841" not in json.dumps(application)
    denied_without_reason = _call(api, "post", f"/v1/stipends/{STIPEND}/applications/{ANA[0]}/decision", SAM,
                                  {"decision": "deny"})
    assert denied_without_reason.status_code == 422
    approved = _call(api, "post", f"/v1/stipends/{STIPEND}/applications/{ANA[0]}/decision", SAM,
                     {"decision": "approve"})
    assert _json(approved)["status"] == "approved"
    assert _json(_call(api, "get", "/v1/me/stipend-applications", ANA))["items"][0]["status"] == "approved"
    # Each answer above was checked against the route's described view (conftest.DescribedAnswers).
    assert {"GET /v1/stipends", "GET /v1/stipends/{stipend_id}/eligibility",
            "GET /v1/stipends/{stipend_id}/applications", "GET /v1/me/stipend-applications",
            "POST /v1/stipends/{stipend_id}/applications/{applicant_id}/decision"} <= set(api.http.checked)

    assert _call(api, "get", f"/v1/stipends/{STIPEND}/finance-export", SAM, accept="text/csv").status_code == 403
    export = _call(api, "get", f"/v1/stipends/{STIPEND}/finance-export", ALEX, accept="text/csv")
    rows = list(csv.DictReader(io.StringIO(export.body.decode())))
    assert [(r["legal_name"], r["amount"], r["tax_id"]) for r in rows] == [("Ana Reyes", "1500.00", "536228841")]


def test_the_qris_summary_rates_lead_teachers_and_directors_from_verified_records(api: Any, demo: None) -> None:
    from chalicelib.reports.signature import check_offline

    before = _json(_call(api, "get", "/v1/programs/prog-sunshine/qris", DANA))
    assert before["scores"] == {"element_3": 0, "element_7": 0}
    _verified_transcript(api, ANA[0], "Fall 2024")
    summary = _json(_call(api, "get", "/v1/programs/prog-sunshine/qris", DANA))
    # Ana is the only lead teacher (Ben and Chloe are assistant and associate teachers); Dana directs with no
    # verified record in the registry, which scores nothing rather than a guess.
    assert [(p["name"], p["element"], p["points"]) for p in summary["people"]] == [
        ("Ana Reyes", "3", 2), ("Dana Director", "7", 0)]
    assert summary["scores"] == {"element_3": 2, "element_7": 0}
    ana = summary["people"][0]
    assert ana["next_level_needs"] == ["16 general-education units",
                                       "21 hours of verified training in the last 12 months"]
    assert "CA-QRIS" in summary["source"]

    keys = _json(api.http.get("/v1/reports/signing-keys"))
    report = _call(api, "get", "/v1/programs/prog-sunshine/reports/qris-staff-qualifications?format=json", DANA)
    assert report.status_code == 200
    assert check_offline(report.body, keys)
    body = json.loads(report.body)
    assert body["scores"] == {"element_3": 2, "element_7": 0}
    for fmt, magic in (("pdf", b"%PDF"), ("xlsx", b"PK")):
        issued = _call(api, "get", f"/v1/programs/prog-sunshine/reports/qris-staff-qualifications?format={fmt}",
                       DANA, accept="*/*")
        assert issued.status_code == 200 and issued.body.startswith(magic) and check_offline(issued.body, keys)
    assert _call(api, "get", "/v1/programs/prog-maple/qris", DANA).status_code == 403


def test_a_spanish_speaker_gets_her_education_and_training_report_card_and_resume_in_spanish(
        api: Any, demo: None) -> None:
    from docx import Document
    from pypdf import PdfReader

    _verified_transcript(api, ANA[0], "Fall 2024")
    assert _call(api, "patch", "/v1/me", ANA, {"preferred_language": "es"}).status_code == 200
    report = _call(api, "get", "/v1/me/reports/education-training", ANA, accept="application/pdf")
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(report.body)).pages).split())
    assert "Informe de Educación y Capacitación" in text and "Cursos universitarios" in text
    assert "Educación infantil" in text and "Education & Training" not in text
    card = _call(api, "get", "/v1/me/id-card", ANA, accept="application/pdf")
    assert "Miembro activo" in " ".join(p.extract_text() for p in PdfReader(io.BytesIO(card.body)).pages)
    resume = _call(api, "post", "/v1/me/resume", ANA, {"summary": "Maestra de preescolar."},
                   accept="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    headings = [p.text for p in Document(io.BytesIO(resume.body)).paragraphs if p.style.name.startswith("Heading")]
    assert headings == ["Resumen", "Experiencia", "Educación", "Permisos y credenciales", "Desarrollo profesional"]
    # Someone who reads English gets English.
    assert _call(api, "patch", "/v1/me", ANA, {"preferred_language": "en"}).status_code == 200
    report = _call(api, "get", "/v1/me/reports/education-training", ANA, accept="application/pdf")
    assert "Education & Training Report" in PdfReader(io.BytesIO(report.body)).pages[0].extract_text()
