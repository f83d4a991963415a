"""The Textract engine against a response in DetectDocumentText's exact schema.

There is no AWS account here to record one, so the fixture was made in Textract's
shape and botocore's Stubber checks it against the service model, as it checks
that the request is a valid DetectDocumentText call. The same parser then reads it.
"""

from __future__ import annotations

import json
from pathlib import Path

import boto3
import pytest
from botocore.stub import ANY, Stubber

from chalicelib.ocr.textract import TextractEngine
from chalicelib.reading.pipeline import extract_blocks

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "textract"


def test_textract_response_is_read_by_the_same_parser(corpus: Path) -> None:
    recorded = json.loads((FIXTURES / "permit-f2-0-phone.detect-document-text.json").read_text())
    truth = json.loads((corpus / "dev" / "permit-f2-0-phone.json").read_text())
    textract = boto3.client("textract", region_name="us-east-1")
    with Stubber(textract) as stub:
        stub.add_response("detect_document_text", recorded, {"Document": {"Bytes": ANY}})
        response = TextractEngine(textract).analyze((corpus / "dev" / "permit-f2-0-phone.jpg").read_bytes(), "jpeg")
        stub.assert_no_pending_responses()
    fields = extract_blocks(response)
    for name in ("doc_type", "person_name", "permit_title", "document_number", "issued_on", "expires_on"):
        assert fields[name] == truth[name], name


def test_each_pdf_page_is_one_textract_call_and_pages_are_numbered(corpus: Path) -> None:
    recorded = json.loads((FIXTURES / "permit-f2-0-phone.detect-document-text.json").read_text())
    textract = boto3.client("textract", region_name="us-east-1")
    pdf = (corpus / "dev" / "transcript-f1-0-scan.pdf").read_bytes()
    with Stubber(textract) as stub:
        for _ in range(2):
            stub.add_response("detect_document_text", json.loads(json.dumps(recorded)), {"Document": {"Bytes": ANY}})
        response = TextractEngine(textract).analyze(pdf, "pdf")
    assert response["DocumentMetadata"]["Pages"] == 2
    assert {b["Page"] for b in response["Blocks"]} == {1, 2}


def test_a_textract_error_surfaces_for_the_retry_path(corpus: Path) -> None:
    textract = boto3.client("textract", region_name="us-east-1")
    with Stubber(textract) as stub:
        stub.add_client_error("detect_document_text", service_error_code="ProvisionedThroughputExceededException")
        with pytest.raises(Exception, match="ProvisionedThroughputExceeded"):
            TextractEngine(textract).analyze((corpus / "dev" / "permit-f2-0-phone.jpg").read_bytes(), "jpeg")


def test_a_digital_pdf_is_read_from_its_text_layer_without_calling_textract(corpus: Path) -> None:
    textract = boto3.client("textract", region_name="us-east-1")
    with Stubber(textract):  # any call would fail: no response is queued
        response = TextractEngine(textract).analyze((corpus / "dev" / "permit-f1-0-digital.pdf").read_bytes(), "pdf")
    assert response["EngineDetail"]["source"] == "pdf-text-layer"
    assert extract_blocks(response)["document_number"] == "C7828129"
