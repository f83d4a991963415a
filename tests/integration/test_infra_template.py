"""The deployable template (from `make infra`) passes cfn-lint and wires what Chalice does not."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

TEMPLATE = Path(__file__).resolve().parents[2] / "infra" / "build" / "template.yaml"


@pytest.fixture(scope="module")
def template_path() -> Path:
    from tests.integration.conftest import built_template

    return built_template()


def test_cfn_lint_reports_nothing(template_path: Path) -> None:
    """On the deployable template and on the partial one under infra/ alike."""
    for path in (template_path, TEMPLATE.parents[1] / "resources.yaml"):
        result = subprocess.run([str(Path(sys.executable).with_name("cfn-lint")), str(path)],
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
    assert sqs_events == 5  # intake, extraction, notifications, webhooks, mail events


def test_uploads_bucket_notifies_intake_queue(template_path: Path) -> None:
    template = yaml.safe_load(template_path.read_text())
    bucket = template["Resources"]["UploadsBucket"]["Properties"]
    queue_config = bucket["NotificationConfiguration"]["QueueConfigurations"][0]
    assert queue_config["Queue"] == {"Fn::GetAtt": ["IntakeQueue", "Arn"]}


def test_the_deployable_app_has_no_local_only_route(template_path: Path) -> None:
    """Demo sign-in, the outbox and the stand-in token endpoint must not reach API Gateway."""
    text = template_path.read_text()
    for path in ("/v1/local/", "/v1/partner/token", "/local/cognito"):
        assert path not in text, path
    # The app as Lambda imports it (no local auth mode) registers none of them either.
    import os

    env = {k: v for k, v in os.environ.items() if not k.startswith("REGISTRY_")}
    probe = ("import app; print('\\n'.join(sorted(app.app.routes)))")
    routes = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, env=env,
                            cwd=TEMPLATE.parents[2]).stdout.split()
    assert "/v1/documents" in routes
    assert [r for r in routes if r.startswith(("/v1/local", "/local/")) or r == "/v1/partner/token"] == []


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


# Actions AWS offers no resource-level permission for; anything else must name its resources.
NO_RESOURCE_LEVEL = {"xray:PutTelemetryRecords", "xray:PutTraceSegments", "textract:AnalyzeDocument",
                     "textract:DetectDocumentText"}


def _statements(role: dict) -> list[dict]:  # type: ignore[type-arg]
    return [st for policy in role["Properties"]["Policies"] for st in policy["PolicyDocument"]["Statement"]]


def test_each_function_has_its_own_least_privilege_role(template_path: Path) -> None:
    template = yaml.safe_load(template_path.read_text())
    resources = template["Resources"]
    functions = {k: r for k, r in resources.items() if r["Type"] == "AWS::Serverless::Function"}
    roles = [f["Properties"]["Role"]["Fn::GetAtt"][0] for f in functions.values()]
    assert len(set(roles)) == len(functions), "functions share a role"
    for name, function in functions.items():
        role = resources[function["Properties"]["Role"]["Fn::GetAtt"][0]]
        for statement in _statements(role):
            actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
            assert not any("*" in a for a in actions), (name, actions)
            if statement["Resource"] == "*":
                assert set(actions) <= NO_RESOURCE_LEVEL, (name, actions)

    def keys_used(function: str) -> set[str]:
        role = resources[functions[function]["Properties"]["Role"]["Fn::GetAtt"][0]]
        return {json.dumps(r) for st in _statements(role) if any(a.startswith(("kms:", "cognito-idp:"))
                                                                   for a in st["Action"])
                for r in st["Resource"]}

    import json

    extraction = keys_used("Extraction")
    for secret_holder in ("DataKey", "ReportSigningKey", "WebhookSecretKey", "UserPool"):
        assert not any(secret_holder in r for r in extraction), secret_holder
    assert any("DataKey" in r for r in keys_used("APIHandler"))
    assert any("ReportSigningKey" in r for r in keys_used("APIHandler"))
    assert not any("ReminderLinkKey" in r for r in extraction)

    def actions_on(function: str, key: str) -> set[str]:
        role = resources[functions[function]["Properties"]["Role"]["Fn::GetAtt"][0]]
        return {a for st in _statements(role) if any(key in json.dumps(r) for r in st["Resource"])
                for a in st["Action"]}

    # Reminder emails are signed where they are sent; the public unsubscribe route can only check a link.
    assert actions_on("Notifications", "ReminderLinkKey") == {"kms:GenerateMac"}
    assert actions_on("APIHandler", "ReminderLinkKey") == {"kms:VerifyMac"}


def test_protected_routes_sit_behind_the_user_pool_authorizer_with_scopes(template_path: Path) -> None:
    template = yaml.safe_load(template_path.read_text())
    body = template["Resources"]["RestAPI"]["Properties"]["DefinitionBody"]
    authorizer = body["securityDefinitions"]["RegistryUsers"]["x-amazon-apigateway-authorizer"]
    assert authorizer["providerARNs"] == [{"Fn::GetAtt": ["UserPool", "Arn"]}]
    public = {("/v1/health", "get"), ("/v1/public/registry-ids/{registry_id}", "get"),
              ("/v1/reports/{report_id}/verify", "get"), ("/v1/reports/{report_id}/verify", "post"),
              ("/v1/auth/config", "get"), ("/v1/document-types", "get"), ("/v1/record-kinds", "get"),
              ("/v1/code-lists", "get"),
              ("/v1/reports/signing-keys", "get"), ("/v1/credentials/issuer", "get"), ("/v1/openapi.json", "get"),
              ("/v1/credentials/status/{list_number}", "get"),
              ("/", "get"), ("/app", "get"),
              ("/app/static/{name}", "get"), ("/v1/training-calendar", "get"),
              ("/v1/training-events/{event_id}", "get"), ("/v1/sponsors/{sponsor_id}/logo", "get"),
              ("/v1/public/reminders/off", "get"), ("/v1/public/reminders/off", "post"),
              ("/v1/help-desk", "get"), ("/v1/help-desk/contact", "post")}
    protected = 0
    for path, methods in body["paths"].items():
        for method, spec in methods.items():
            if method in ("options", "x-amazon-apigateway-any-method"):
                continue
            security = spec.get("security")
            if (path, method) in public:
                assert not security, (path, method)
                continue
            protected += 1
            assert security and "RegistryUsers" in security[0], (path, method)
            assert "registry/app" in security[0]["RegistryUsers"], (path, method)
            partner_scope = "registry/partner" in security[0]["RegistryUsers"]
            assert partner_scope == path.startswith(("/v1/webhooks", "/v1/partner/", "/v1/session")), path
    assert protected > 20


def test_self_sign_up_reaches_the_post_confirmation_function_and_alarms_reach_a_person(template_path: Path) -> None:
    template = yaml.safe_load(template_path.read_text())
    resources = template["Resources"]
    assert resources["UserPool"]["Properties"]["LambdaConfig"]["PostConfirmation"] == {
        "Fn::GetAtt": ["CognitoPostConfirmation", "Arn"]}
    variables = resources["CognitoPostConfirmation"]["Properties"]["Environment"]["Variables"]
    assert "REGISTRY_USER_POOL_ID" not in variables  # the pool names the function; the event names the pool
    assert resources["AlarmEmailSubscription"]["Properties"]["Endpoint"] == {"Ref": "AlarmEmail"}
    alarms = [r for r in resources.values() if r["Type"] == "AWS::CloudWatch::Alarm"]
    assert len(alarms) >= 6
    assert all(a["Properties"]["AlarmActions"] == [{"Ref": "AlarmTopic"}] for a in alarms)
    assert resources["Extraction"]["Properties"]["ReservedConcurrentExecutions"] == {"Ref": "OcrConcurrency"}
    assert all(resources[f"{name}LogGroup"]["Properties"]["RetentionInDays"] == {"Ref": "LogRetentionDays"}
               for name, r in resources.items() if r["Type"] == "AWS::Serverless::Function")
    uploads = resources["UploadsBucket"]["Properties"]
    assert "*" not in json.dumps(uploads["CorsConfiguration"]["CorsRules"][0]["AllowedOrigins"])
    assert {r["Id"] for r in uploads["LifecycleConfiguration"]["Rules"]} >= {"refused-uploads",
                                                                             "abandoned-multipart-uploads"}
    for bucket in ("UploadsBucketPolicy", "ArtifactsBucketPolicy"):
        statement = resources[bucket]["Properties"]["PolicyDocument"]["Statement"][0]
        assert statement["Effect"] == "Deny" and statement["Condition"]["Bool"]["aws:SecureTransport"] == "false"
    settings = template["Resources"]["RestAPI"]["Properties"]["MethodSettings"]
    public_limit = next(m for m in settings if m["ResourcePath"] == "/~1v1~1public~1registry-ids~1{registry_id}")
    assert public_limit["ThrottlingRateLimit"] < settings[0]["ThrottlingRateLimit"]


def test_public_routes_have_a_per_caller_waf_limit_and_the_ocr_queue_a_maximum_concurrency(
        template_path: Path) -> None:
    from chalicelib.security.rate_limit import (
        CONTACT_REQUESTS_PER_WINDOW,
        PUBLIC_REQUESTS_PER_WINDOW,
        PUBLIC_WINDOW_SECONDS,
    )

    template = yaml.safe_load(template_path.read_text())
    resources = template["Resources"]
    rules = {r["Name"]: r for r in resources["PublicRoutesAcl"]["Properties"]["Rules"]}
    assert set(rules) == {"public-routes-per-caller", "help-desk-contact-per-caller"}
    for name, most in (("public-routes-per-caller", PUBLIC_REQUESTS_PER_WINDOW),
                       ("help-desk-contact-per-caller", CONTACT_REQUESTS_PER_WINDOW)):
        limit = rules[name]["Statement"]["RateBasedStatement"]
        assert (limit["Limit"], limit["EvaluationWindowSec"], limit["AggregateKeyType"]) == (
            most, PUBLIC_WINDOW_SECONDS, "IP")
        assert rules[name]["Action"]["Block"]["CustomResponse"]["ResponseCode"] == 429
    contact = rules["help-desk-contact-per-caller"]["Statement"]["RateBasedStatement"]["ScopeDownStatement"]
    assert contact["ByteMatchStatement"]["SearchString"] == "/v1/help-desk/contact"
    association = resources["PublicRoutesAclAssociation"]["Properties"]
    assert "/restapis/${RestAPI}/stages/api" in association["ResourceArn"]["Fn::Sub"]
    extraction = resources["Extraction"]["Properties"]
    [event] = [e for e in extraction["Events"].values() if e["Type"] == "SQS"]
    # Reserved concurrency alone lets Lambda's pollers invoke beyond it, and throttled messages end in the DLQ.
    assert event["Properties"]["ScalingConfig"]["MaximumConcurrency"] == {"Ref": "OcrConcurrency"}
    assert extraction["ReservedConcurrentExecutions"] == {"Ref": "OcrConcurrency"}
