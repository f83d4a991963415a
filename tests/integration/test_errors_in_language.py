# ruff: noqa: RUF001  (Chinese text uses full-width punctuation on purpose)
"""Every error the API answers reads in the language the page asks in (Accept-Language), English otherwise:
the problem's title, its detail with its values, each field's problem, and refusals the domain words."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

from chalicelib.security.identity import Role
from tests.integration.conftest import bearer

ANA = ("u-participant-ana", Role.PARTICIPANT)
DANA = ("u-director-dana", Role.DIRECTOR)


def _ask(api: Any, method: str, path: str, who: tuple[str, Role], language: str | None, body: Any = None) -> Any:
    headers = {**bearer(*who), "Content-Type": "application/json",
               **({"Accept-Language": language} if language else {})}
    response = getattr(api.http, method)(path, headers=headers, **({"body": json.dumps(body)} if body is not None
                                                                   else {}))
    return response, json.loads(response.body or b"null")


def test_a_missing_document_is_not_found_in_the_readers_language(api: Any, demo: None) -> None:
    for language, title, detail in (
            (None, "Not found", "No such document. Check the link, or find it in your document list."),
            ("es-MX,es;q=0.9,en;q=0.5", "No encontrado",
             "No existe ese documento. Revise el enlace o búsquelo en su lista de documentos."),
            ("zh-TW", "找不到", "沒有這份文件。請檢查連結，或在您的文件清單中尋找。"),
            ("fr-FR, es;q=0.3", "No encontrado",
             "No existe ese documento. Revise el enlace o búsquelo en su lista de documentos.")):
        response, problem = _ask(api, "get", "/v1/documents/doc-nobody", ANA, language)
        assert response.status_code == 404
        assert (problem["title"], problem["detail"], problem["code"]) == (title, detail, "not_found")
        assert response.headers["Content-Language"] == ("en" if language is None else
                                                        "zh" if language == "zh-TW" else "es")


def test_form_errors_name_each_field_and_its_problem_in_spanish(api: Any, demo: None) -> None:
    response, problem = _ask(api, "post", "/v1/documents", ANA, "es",
                             {"doc_type": "permit", "content_type": "application/pdf", "size": 10, "colour": "red"})
    assert response.status_code == 422
    assert problem["title"] == "La solicitud tiene campos no válidos"
    assert problem["detail"] == ("Corrija estos campos y vuelva a enviar: file_name: es obligatorio. "
                                 "colour: no es un campo de esta solicitud.")
    assert problem["errors"] == [{"field": "file_name", "problem": "es obligatorio"},
                                 {"field": "colour", "problem": "no es un campo de esta solicitud"}]


def test_a_limit_from_the_model_keeps_its_number_in_chinese(api: Any, demo: None) -> None:
    response, problem = _ask(api, "post", "/v1/documents", ANA, "zh",
                             {"doc_type": "permit", "content_type": "application/pdf", "size": 10,
                              "file_name": "x" * 201})
    assert response.status_code == 422
    assert problem["errors"] == [{"field": "file_name", "problem": "最多 200 個字元"}]
    assert problem["detail"] == "請修正以下欄位後再送出：file_name：最多 200 個字元。"


def test_a_refusal_worded_by_a_model_check_reads_in_spanish(api: Any, demo: None) -> None:
    response, problem = _ask(api, "post", "/v1/documents", ANA, "es",
                             {"doc_type": "passport", "content_type": "application/pdf", "size": 10,
                              "file_name": "p.pdf"})
    assert response.status_code == 422
    [error] = problem["errors"]
    assert error["field"] == "doc_type"
    assert error["problem"].startswith("tipo de documento desconocido; use uno de: ")
    assert "transcript" in error["problem"]


def test_every_problem_with_a_job_post_is_listed_in_the_directors_language(api: Any, demo: None) -> None:
    posting = {"title": "Preschool lead teacher", "role": "chef", "county": "Sacramento", "schedule": "full_time",
               "pay_low": 30, "pay_high": 20, "pay_period": "hour", "requirements": "Teacher permit.",
               "closes_on": (date.today() + timedelta(days=30)).isoformat()}
    response, problem = _ask(api, "post", "/v1/programs/prog-sunshine/jobs", DANA, "es", posting)
    assert response.status_code == 422
    assert problem["detail"].startswith("role debe ser uno de: ")
    assert problem["detail"].endswith(" El rango de pago necesita un monto mínimo y uno máximo mayores que 0, "
                                      "el mínimo primero.")
    response, problem = _ask(api, "post", "/v1/programs/prog-sunshine/jobs", DANA, None, posting)
    assert problem["detail"].startswith("role must be one of: ")
    assert problem["detail"].endswith(" The pay range needs a lowest and a highest amount above 0, the lowest "
                                      "first.")


def test_a_value_inside_a_message_is_kept_as_typed(api: Any, demo: None) -> None:
    posting = {"title": "Cook", "role": "lead_teacher", "county": "Narnia", "schedule": "full_time",
               "pay_low": 20, "pay_high": 25, "pay_period": "hour", "requirements": "None.",
               "closes_on": (date.today() + timedelta(days=30)).isoformat()}
    _, problem = _ask(api, "post", "/v1/programs/prog-sunshine/jobs", DANA, "zh", posting)
    assert problem["detail"] == "'Narnia' 不是加州的縣：請使用縣名，例如 Sacramento。"
    assert problem["field"] == "county"
