"""The deployable template (from `make infra`) passes cfn-lint and wires what Chalice does not."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

TEMPLATE = Path(__file__).resolve().parents[2] / "infra" / "build" / "template.yaml"


@pytest.fixture(scope="module")
def template_path() -> Path:
    root = TEMPLATE.parents[2]
    sources = [root / "app.py", root / "infra" / "resources.yaml", root / "infra" / "build_template.py",
               root / ".chalice" / "config.json"]
    if not TEMPLATE.exists() or TEMPLATE.stat().st_mtime < max(s.stat().st_mtime for s in sources):
        subprocess.run([sys.executable, str(TEMPLATE.parents[1] / "build_template.py")], check=True)
    return TEMPLATE


def test_cfn_lint_reports_nothing(template_path: Path) -> None:
    result = subprocess.run([str(Path(sys.executable).with_name("cfn-lint")), str(template_path)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == ""


def test_functions_run_python_313_with_partial_batch_responses(template_path: Path) -> None:
    template = yaml.safe_load(template_path.read_text())
    functions = {k: v for k, v in template["Resources"].items() if v["Type"] == "AWS::Serverless::Function"}
    assert functions
    sqs_events = 0
    for function in functions.values():
        assert function["Properties"]["Runtime"] == "python3.13"
        for event in function["Properties"].get("Events", {}).values():
            if event["Type"] == "SQS":
                sqs_events += 1
                assert event["Properties"]["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
                assert "Fn::GetAtt" in event["Properties"]["Queue"]
    assert sqs_events == 4  # intake, extraction, notifications, webhooks


def test_uploads_bucket_notifies_intake_queue(template_path: Path) -> None:
    template = yaml.safe_load(template_path.read_text())
    bucket = template["Resources"]["UploadsBucket"]["Properties"]
    queue_config = bucket["NotificationConfiguration"]["QueueConfigurations"][0]
    assert queue_config["Queue"] == {"Fn::GetAtt": ["IntakeQueue", "Arn"]}


def test_the_deployable_app_has_no_local_only_route(template_path: Path) -> None:
    """Demo sign-in, the outbox and the stand-in token endpoint must not reach API Gateway."""
    text = template_path.read_text()
    for path in ("/v1/local/", "/v1/partner/token"):
        assert path not in text, path
    # The app as Lambda imports it (no local auth mode) registers none of them either.
    import os

    env = {k: v for k, v in os.environ.items() if not k.startswith("REGISTRY_")}
    probe = ("import app; print('\\n'.join(sorted(app.app.routes)))")
    routes = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, env=env,
                            cwd=TEMPLATE.parents[2]).stdout.split()
    assert "/v1/documents" in routes
    assert [r for r in routes if r.startswith("/v1/local") or r == "/v1/partner/token"] == []


def test_every_function_takes_the_public_url_and_ocr_engine_from_parameters(template_path: Path) -> None:
    """Reports link to where the registry is served, never to a developer's loopback address."""
    template = yaml.safe_load(template_path.read_text())
    assert "Default" not in template["Parameters"]["PublicBaseUrl"]
    assert template["Parameters"]["OcrEngine"]["AllowedValues"] == ["textract", "local"]
    functions = {k: r for k, r in template["Resources"].items() if r["Type"] == "AWS::Serverless::Function"}
    assert functions
    for name, resource in functions.items():
        variables = resource["Properties"]["Environment"]["Variables"]
        assert variables["REGISTRY_PUBLIC_BASE_URL"] == {"Ref": "PublicBaseUrl"}, name
        assert variables["REGISTRY_OCR_ENGINE"] == {"Ref": "OcrEngine"}, name
