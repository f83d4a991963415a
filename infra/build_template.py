"""Build the deployable CloudFormation template: `chalice package` + infra/resources.yaml.

What this adds to Chalice's output, and why:
- the stateful resources of infra/resources.yaml (Chalice manages none of them) and the SES templates of the
  mail catalogue (chalicelib/mail, from domain/catalogues/mail);
- each SQS event source pointed at the stack's own queue (Chalice only knows a queue name) with
  ReportBatchItemFailures turned on (Chalice does not set it, so one bad message would retry its whole batch);
- API Gateway's Cognito authorizer pointed at the stack's user pool (Chalice needs an ARN when it packages),
  and the user pool's PostConfirmation trigger wired to its function;
- one IAM role per function with only the actions and resources that function uses (Chalice's single
  generated role cannot see calls made through chalicelib's adapters, and one shared role would let the
  function that parses untrusted files decrypt profiles and sign reports);
- environment variables naming those resources; a log group with retention per function; reserved
  concurrency for the OCR function; stage throttling with tighter limits on the public routes; an alarm topic
  with an email subscription that every alarm notifies.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "infra" / "build"
sys.path.insert(0, str(ROOT))

from chalicelib.api.routing import USER_POOL_ARN_PLACEHOLDER  # noqa: E402
from chalicelib.config import DEMO_POSTAL_ADDRESS  # noqa: E402
from chalicelib.local.template import load_template  # noqa: E402
from chalicelib.mail import template_resources  # noqa: E402
from chalicelib.reports.fonts import LAYER_FILES, find_font  # noqa: E402

# Lambda already has these, or they are only needed to package.
NOT_FOR_LAMBDA = {"chalice"}

QUEUE_OF_FUNCTION = {"Intake": "IntakeQueue", "Extraction": "ExtractionQueue", "Notifications": "NotificationQueue",
                     "Webhooks": "WebhookQueue", "MailEvents": "MailEventsQueue"}
POST_CONFIRMATION = "CognitoPostConfirmation"

ENVIRONMENT = {
    "REGISTRY_TABLE_NAME": {"Ref": "RegistryTable"},
    "REGISTRY_IDEMPOTENCY_TABLE_NAME": {"Ref": "IdempotencyTable"},
    "REGISTRY_PROFILE_KEYS_TABLE_NAME": {"Ref": "ProfileKeysTable"},
    "REGISTRY_UPLOADS_BUCKET": {"Ref": "UploadsBucket"},
    "REGISTRY_ARTIFACTS_BUCKET": {"Ref": "ArtifactsBucket"},
    "REGISTRY_INTAKE_QUEUE_URL": {"Ref": "IntakeQueue"},
    "REGISTRY_EXTRACTION_QUEUE_URL": {"Ref": "ExtractionQueue"},
    "REGISTRY_NOTIFICATION_QUEUE_URL": {"Ref": "NotificationQueue"},
    "REGISTRY_WEBHOOK_QUEUE_URL": {"Ref": "WebhookQueue"},
    "REGISTRY_MAIL_EVENTS_QUEUE_URL": {"Ref": "MailEventsQueue"},
    "REGISTRY_DATA_KEY_ID": {"Ref": "DataKey"},
    "REGISTRY_REPORT_SIGNING_KEY_ID": {"Ref": "ReportSigningKey"},
    "REGISTRY_WEBHOOK_SECRET_KEY_ID": {"Ref": "WebhookSecretKey"},
    "REGISTRY_STORAGE_KEY_ID": {"Ref": "StorageKey"},
    "REGISTRY_REMINDER_LINK_KEY_ID": {"Ref": "ReminderLinkKey"},
    "REGISTRY_SENDER_EMAIL": {"Ref": "SenderEmail"},
    "REGISTRY_MAIL_TEMPLATE_PREFIX": {"Ref": "AWS::StackName"},
    "REGISTRY_MAIL_CONFIGURATION_SET": {"Ref": "MailConfigurationSet"},
    "REGISTRY_PUBLIC_BASE_URL": {"Ref": "PublicBaseUrl"},
    "REGISTRY_OCR_ENGINE": {"Ref": "OcrEngine"},
    "REGISTRY_OCR_CONCURRENCY": {"Ref": "OcrConcurrency"},
    "REGISTRY_UPLOAD_MAX_BYTES": {"Ref": "UploadMaxBytes"},
    "REGISTRY_HELP_DESK_POSTAL_ADDRESS": {"Ref": "HelpDeskPostalAddress"},
    "REGISTRY_USER_POOL_ID": {"Ref": "UserPool"},
    "REGISTRY_WEB_CLIENT_ID": {"Ref": "WebClient"},
    "REGISTRY_AUTH_BASE_URL": {"Fn::Sub": "https://${AuthDomainPrefix}.auth.${AWS::Region}.amazoncognito.com"},
}
# The user pool names the post-confirmation function as its trigger, so that function cannot name the pool
# (or the client inside it) back without a circular dependency: it reads the pool id from the event.
NEEDS_USER_POOL = {"REGISTRY_USER_POOL_ID", "REGISTRY_WEB_CLIENT_ID"}
# The functions that draw PDFs get the fonts layer (a CJK font is 4 MB; the others need none of it).
DRAWS_PDFS = {"APIHandler"}
FONTS_LAYER_ZIP = "fonts-layer.zip"

# Deploy-time choices an operator makes; the local cloud sets its own values, so these live here and not in
# infra/resources.yaml. No default for the public URL or the alarm address: every QR code and "check this copy"
# link on a report points to the one, and someone must hear the alarms at the other.
DEPLOY_PARAMETERS = {
    "PublicBaseUrl": {"Type": "String", "AllowedPattern": "^https://[^\\s/]+(/[^\\s]*)?$",
                      "Description": "Where the registry is served (https://registry.example.gov or the API's "
                                     "https://{id}.execute-api.{region}.amazonaws.com/api URL); reports link here"},
    "OcrEngine": {"Type": "String", "Default": "textract", "AllowedValues": ["textract", "local"],
                  "Description": "Amazon Textract, or the embedded Tesseract engine (needs a layer that ships it)"},
    "AlarmEmail": {"Type": "String", "AllowedPattern": "^[^@\\s]+@[^@\\s]+$",
                   "Description": "Who is told when a dead-letter queue fills or Textract spend passes its limit"},
    "OcrConcurrency": {"Type": "Number", "Default": 12, "MinValue": 2, "MaxValue": 1000,
                       "Description": "Most documents read at once: the OCR function's reserved concurrency and its "
                                      "queue's MaximumConcurrency (bench/burst.py: keep Textract's TPS quota "
                                      "above about 0.6 x this)"},
    "HelpDeskPostalAddress": {"Type": "String", "Default": DEMO_POSTAL_ADDRESS, "MinLength": 5,
                              "Description": "Where participants mail paper they cannot upload (the Help page): "
                                             "lines separated by |"},
    "TextractDailyPages": {"Type": "Number", "Default": 5000, "MinValue": 1,
                           "Description": "Textract calls per day above which the spend alarm fires"},
    "UploadMaxBytes": {"Type": "Number", "Default": 26214400, "MinValue": 1048576,
                       "Description": "Largest upload accepted, in bytes (presigned POST cap, re-checked on intake)"},
    "LogRetentionDays": {"Type": "Number", "Default": 90,
                         "AllowedValues": [30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1827, 3653],
                         "Description": "How long function logs are kept"},
}

# Public routes anyone can call without signing in get their own, lower limits (requests per second, burst).
PUBLIC_ROUTE_LIMITS = {("/v1/public/registry-ids/{registry_id}", "GET"): (2, 5),
                       ("/v1/reports/{report_id}/verify", "GET"): (5, 10),
                       ("/v1/reports/{report_id}/verify", "POST"): (2, 5),
                       # Verifiers fetch a status list per credential they check; it is cacheable for 5 minutes.
                       ("/v1/credentials/status/{list_number}", "GET"): (5, 10),
                       # The Help page's facts (static, like /v1/document-types, so not counted per caller by
                       # the WAF rule); a message now and then (its own WAF rule, and 5 a day per address).
                       ("/v1/help-desk", "GET"): (5, 10),
                       ("/v1/help-desk/contact", "POST"): (1, 3)}
STAGE_LIMITS = (50, 100)


def _arn(logical_id: str) -> dict[str, Any]:
    return {"Fn::GetAtt": [logical_id, "Arn"]}


def _sub(text: str) -> dict[str, Any]:
    return {"Fn::Sub": text}


def _allow(actions: list[str], resources: list[Any] | str) -> dict[str, Any]:
    return {"Effect": "Allow", "Action": sorted(actions), "Resource": resources}


_TABLE_RW = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:Query",
             "dynamodb:BatchGetItem", "dynamodb:BatchWriteItem", "dynamodb:ConditionCheckItem",
             "dynamodb:DescribeTable"]
REGISTRY_TABLE = _allow(_TABLE_RW, [_arn("RegistryTable"), _sub("${RegistryTable.Arn}/index/*")])
IDEMPOTENCY_TABLE = _allow(["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"],
                           [_arn("IdempotencyTable")])
PROFILE_KEYS_TABLE = _allow(["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem"], [_arn("ProfileKeysTable")])
STORAGE_KEY = _allow(["kms:Decrypt", "kms:GenerateDataKey"], [_arn("StorageKey")])
PERSONAL_DATA_KEY = _allow(["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"], [_arn("DataKey")])
SIGNING_KEY = _allow(["kms:GetPublicKey", "kms:Sign", "kms:Verify"], [_arn("ReportSigningKey")])
WEBHOOK_SECRET_KEY = _allow(["kms:Decrypt", "kms:Encrypt"], [_arn("WebhookSecretKey")])
# Reminder emails are signed where they are sent; the public unsubscribe route only checks.
REMINDER_LINKS_SIGN = _allow(["kms:GenerateMac"], [_arn("ReminderLinkKey")])
REMINDER_LINKS_CHECK = _allow(["kms:VerifyMac"], [_arn("ReminderLinkKey")])
TRACING = _allow(["xray:PutTelemetryRecords", "xray:PutTraceSegments"], "*")  # X-Ray has no resource-level ARNs


def _objects(bucket: str, actions: list[str], prefix: str = "*") -> dict[str, Any]:
    return _allow(actions, [_sub(f"${{{bucket}.Arn}}/{prefix}")])


def _send(*queues: str) -> dict[str, Any]:
    return _allow(["sqs:GetQueueAttributes", "sqs:SendMessage"], [_arn(q) for q in queues])


def _consume(queue: str) -> dict[str, Any]:
    return _allow(["sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes",
                   "sqs:ReceiveMessage"], [_arn(queue)])


def _pool(actions: list[str]) -> dict[str, Any]:
    return _allow([f"cognito-idp:{a}" for a in actions], [_arn("UserPool")])


MAIL = _allow(["ses:SendEmail", "ses:SendRawEmail", "ses:SendTemplatedEmail"], [
    _sub("arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/${SenderEmail}"),
    _sub("arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:configuration-set/${MailConfigurationSet}"),
    _sub("arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:template/${AWS::StackName}-*")])

# What each function may do. The extraction function reads untrusted files: it gets the upload it reads, the
# page images it writes, and Textract; no personal-data key, no signing key, no user pool.
FUNCTION_POLICIES: dict[str, list[dict[str, Any]]] = {
    "APIHandler": [
        REGISTRY_TABLE, PROFILE_KEYS_TABLE, STORAGE_KEY,
        _allow(["kms:Encrypt"], [_arn("StorageKey")]),  # paging cursors are sealed under the storage key
        PERSONAL_DATA_KEY, SIGNING_KEY, WEBHOOK_SECRET_KEY, REMINDER_LINKS_CHECK,
        _objects("UploadsBucket", ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject"]),
        _objects("ArtifactsBucket", ["s3:GetObject", "s3:PutObject"]),
        _send("ExtractionQueue", "NotificationQueue", "WebhookQueue"),
        _pool(["AddUserPoolClientSecret", "AdminAddUserToGroup", "AdminCreateUser", "AdminDeleteUser",
               "AdminGetUser", "AdminListGroupsForUser", "AdminRemoveUserFromGroup", "CreateUserPoolClient",
               "DescribeUserPoolClient", "ListUserPoolClientSecrets", "ListUsers"]),
    ],
    "Intake": [
        REGISTRY_TABLE, IDEMPOTENCY_TABLE, STORAGE_KEY, _consume("IntakeQueue"),
        _objects("UploadsBucket", ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObjectTagging",
                                   "s3:PutObjectVersionTagging"], "uploads/*"),
        _send("ExtractionQueue", "NotificationQueue"),
    ],
    "Extraction": [
        REGISTRY_TABLE, IDEMPOTENCY_TABLE, STORAGE_KEY, _consume("ExtractionQueue"),
        _objects("UploadsBucket", ["s3:GetObject", "s3:GetObjectVersion"], "uploads/*"),
        _objects("ArtifactsBucket", ["s3:PutObject"], "pages/*"),
        _objects("ArtifactsBucket", ["s3:PutObject"], "ocr/*"),
        _send("NotificationQueue", "WebhookQueue"),
        _allow(["textract:AnalyzeDocument", "textract:DetectDocumentText"], "*"),  # Textract has no resource ARNs
    ],
    "Notifications": [
        REGISTRY_TABLE, IDEMPOTENCY_TABLE, _consume("NotificationQueue"), MAIL, _pool(["AdminGetUser"]),
        REMINDER_LINKS_SIGN,
        # Emails with a calendar file are sent raw: SES renders the template's text first.
        _allow(["ses:TestRenderTemplate"], [_sub("arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:"
                                                 "template/${AWS::StackName}-*")]),
    ],
    "Webhooks": [
        REGISTRY_TABLE, IDEMPOTENCY_TABLE, WEBHOOK_SECRET_KEY, _consume("WebhookQueue"),
        _send("WebhookQueue", "NotificationQueue"),
    ],
    "WebhookRetries": [
        # The minute sweeper also sends what the outbox still holds: extraction messages and emails.
        REGISTRY_TABLE, _send("WebhookQueue", "ExtractionQueue", "NotificationQueue"),
        _pool(["DeleteUserPoolClientSecret", "ListUserPoolClientSecrets"]),
        # The daily retention run removes what is left of uploads never finished or refused (services/retention.py).
        _allow(["s3:ListBucketVersions"], [_arn("UploadsBucket")]),
        _objects("UploadsBucket", ["s3:DeleteObject", "s3:DeleteObjectVersion"], "uploads/*"),
        _objects("ArtifactsBucket", ["s3:DeleteObject"], "pages/*"),
        _objects("ArtifactsBucket", ["s3:DeleteObject"], "ocr/*"),
    ],
    "MailEvents": [REGISTRY_TABLE, _consume("MailEventsQueue")],
    # Reads the state's staff and their records; writes only the release file.
    "WorkforceReleases": [REGISTRY_TABLE, _objects("ArtifactsBucket", ["s3:PutObject"], "workforce/*")],
    # AdminAddUserToGroup on the pool is granted by a separate policy (PostConfirmationPoolAccess): the pool
    # names this function as its trigger, so this role cannot name the pool without a cycle.
    POST_CONFIRMATION: [REGISTRY_TABLE],
}


def _role(function: str) -> dict[str, Any]:
    statements = [*FUNCTION_POLICIES[function], TRACING, _allow(
        ["logs:CreateLogStream", "logs:PutLogEvents"],
        [_sub(f"arn:${{AWS::Partition}}:logs:${{AWS::Region}}:${{AWS::AccountId}}:log-group:/aws/lambda/"
              f"${{AWS::StackName}}-{function}:*")])]
    return {"Type": "AWS::IAM::Role", "Properties": {
        "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
        "Policies": [{"PolicyName": f"{function}-least-privilege",
                      "PolicyDocument": {"Version": "2012-10-17", "Statement": statements}}]}}


def _replace(value: Any, old: str, new: Any) -> Any:
    if value == old:
        return new
    if isinstance(value, dict):
        return {k: _replace(v, old, new) for k, v in value.items()}
    if isinstance(value, list):
        return [_replace(v, old, new) for v in value]
    return value


def _method_settings() -> list[dict[str, Any]]:
    rate, burst = STAGE_LIMITS
    settings = [{"ResourcePath": "/*", "HttpMethod": "*", "ThrottlingRateLimit": rate, "ThrottlingBurstLimit": burst}]
    for (path, method), (route_rate, route_burst) in PUBLIC_ROUTE_LIMITS.items():
        settings.append({"ResourcePath": "/" + path.replace("/", "~1"), "HttpMethod": method,
                         "ThrottlingRateLimit": route_rate, "ThrottlingBurstLimit": route_burst})
    return settings


def _alarms(resources: dict[str, Any]) -> None:
    resources["AlarmTopic"] = {"Type": "AWS::SNS::Topic", "Properties": {
        "TopicName": _sub("${AWS::StackName}-alarms"), "KmsMasterKeyId": "alias/aws/sns"}}
    resources["AlarmEmailSubscription"] = {"Type": "AWS::SNS::Subscription", "Properties": {
        "TopicArn": {"Ref": "AlarmTopic"}, "Protocol": "email", "Endpoint": {"Ref": "AlarmEmail"}}}
    resources["TextractSpendAlarm"] = {"Type": "AWS::CloudWatch::Alarm", "Properties": {
        "AlarmDescription": "Textract is reading more pages a day than expected: check for a loop or abuse",
        "Namespace": "AWS/Textract", "MetricName": "SuccessfulRequestCount", "Statistic": "Sum",
        "Dimensions": [{"Name": "Operation", "Value": "DetectDocumentText"}],
        "Period": 86400, "EvaluationPeriods": 1, "Threshold": {"Ref": "TextractDailyPages"},
        "ComparisonOperator": "GreaterThanThreshold", "TreatMissingData": "notBreaching"}}
    for resource in resources.values():
        if resource["Type"] == "AWS::CloudWatch::Alarm":
            resource["Properties"]["AlarmActions"] = [{"Ref": "AlarmTopic"}]


def merge(template: dict[str, Any], resources: dict[str, Any]) -> dict[str, Any]:
    template.setdefault("Parameters", {}).update(resources.get("Parameters", {}))
    template["Parameters"].update(DEPLOY_PARAMETERS)
    template["Resources"].update(resources["Resources"])
    template["Resources"].update(template_resources())
    template.setdefault("Outputs", {}).update(resources.get("Outputs", {}))
    template["Description"] = resources.get("Description", template.get("Description", ""))
    out = template["Resources"]
    out.pop("DefaultRole", None)  # replaced by one role per function
    functions = [name for name, r in out.items() if r["Type"] == "AWS::Serverless::Function"]
    for name in functions:
        props = out[name]["Properties"]
        props["FunctionName"] = _sub(f"${{AWS::StackName}}-{name}")
        variables = props.setdefault("Environment", {}).setdefault("Variables", {})
        variables.update({k: v for k, v in ENVIRONMENT.items()
                          if name != POST_CONFIRMATION or k not in NEEDS_USER_POOL})
        for event in props.get("Events", {}).values():
            if event.get("Type") == "SQS":
                event["Properties"]["Queue"] = _arn(QUEUE_OF_FUNCTION[name])
                event["Properties"]["FunctionResponseTypes"] = ["ReportBatchItemFailures"]
        props["Tracing"] = "Active"
        out[f"{name}Role"] = _role(name)
        props["Role"] = _arn(f"{name}Role")
        out[f"{name}LogGroup"] = {"Type": "AWS::Logs::LogGroup", "DeletionPolicy": "Delete",
                                  "UpdateReplacePolicy": "Delete", "Properties": {
                                      "LogGroupName": _sub(f"/aws/lambda/${{AWS::StackName}}-{name}"),
                                      "RetentionInDays": {"Ref": "LogRetentionDays"}}}
    out["Extraction"]["Properties"]["ReservedConcurrentExecutions"] = {"Ref": "OcrConcurrency"}
    # Reserved concurrency alone throttles the invocations Lambda's pollers start beyond it, and a throttled
    # message counts as received: three throttles and a document is in the dead-letter queue (bench/burst.py
    # lost most of a stipend-day burst that way). MaximumConcurrency keeps the pollers from taking more.
    for event in out["Extraction"]["Properties"].get("Events", {}).values():
        if event.get("Type") == "SQS":
            event["Properties"]["ScalingConfig"] = {"MaximumConcurrency": {"Ref": "OcrConcurrency"}}
    out["FontsLayer"] = {"Type": "AWS::Serverless::LayerVersion", "Properties": {
        "LayerName": _sub("${AWS::StackName}-fonts"), "ContentUri": f"./{FONTS_LAYER_ZIP}",
        "Description": "DejaVu Sans and Droid Sans Fallback (CJK) for the registry's PDFs, with their licences",
        "CompatibleRuntimes": ["python3.13"], "RetentionPolicy": "Delete"}}
    for name in DRAWS_PDFS:
        props = out[name]["Properties"]
        props.setdefault("Layers", []).append({"Ref": "FontsLayer"})
        props["Environment"]["Variables"]["REGISTRY_FONT_DIR"] = "/opt/fonts"

    api = out["RestAPI"]["Properties"]
    api["DefinitionBody"] = _replace(api["DefinitionBody"], USER_POOL_ARN_PLACEHOLDER, _arn("UserPool"))
    api["MethodSettings"] = _method_settings()

    out["UserPool"]["Properties"]["LambdaConfig"] = {"PostConfirmation": _arn(POST_CONFIRMATION)}
    out["PostConfirmationInvokePermission"] = {"Type": "AWS::Lambda::Permission", "Properties": {
        "FunctionName": {"Ref": POST_CONFIRMATION}, "Action": "lambda:InvokeFunction",
        "Principal": "cognito-idp.amazonaws.com", "SourceArn": _arn("UserPool")}}
    out["PostConfirmationPoolAccess"] = {"Type": "AWS::IAM::Policy", "Properties": {
        "PolicyName": "add-participants-to-their-group", "Roles": [{"Ref": f"{POST_CONFIRMATION}Role"}],
        "PolicyDocument": {"Version": "2012-10-17", "Statement": [_pool(["AdminAddUserToGroup"])]}}}
    _alarms(out)
    _per_caller_limit(out)
    return template


def _match(text: str) -> dict[str, Any]:
    return {"ByteMatchStatement": {"SearchString": text, "FieldToMatch": {"UriPath": {}},
                                   "PositionalConstraint": "CONTAINS",
                                   "TextTransformations": [{"Priority": 0, "Type": "NONE"}]}}


def _per_caller_limit(out: dict[str, Any]) -> None:
    """A WAF rate-based rule per caller address on the public routes: the stage throttle is one bucket for all
    callers, so one caller could use it up (the same numbers bind `make run`: chalicelib/security/rate_limit.py)."""
    from chalicelib.security.rate_limit import (
        CONTACT_PATH_PREFIXES,
        CONTACT_REQUESTS_PER_WINDOW,
        PUBLIC_PATH_PREFIXES,
        PUBLIC_REQUESTS_PER_WINDOW,
        PUBLIC_WINDOW_SECONDS,
    )

    visibility = {"SampledRequestsEnabled": True, "CloudWatchMetricsEnabled": True}
    out["PublicRoutesAcl"] = {"Type": "AWS::WAFv2::WebACL", "Properties": {
        "Name": _sub("${AWS::StackName}-public-routes"), "Scope": "REGIONAL", "DefaultAction": {"Allow": {}},
        "VisibilityConfig": {**visibility, "MetricName": "PublicRoutes"},
        "Rules": [{
            "Name": "public-routes-per-caller", "Priority": 0,
            "Action": {"Block": {"CustomResponse": {"ResponseCode": 429}}},
            "VisibilityConfig": {**visibility, "MetricName": "PublicRoutesPerCaller"},
            "Statement": {"RateBasedStatement": {
                "Limit": PUBLIC_REQUESTS_PER_WINDOW, "EvaluationWindowSec": PUBLIC_WINDOW_SECONDS,
                "AggregateKeyType": "IP",
                "ScopeDownStatement": {"OrStatement": {"Statements": [_match(p) for p in PUBLIC_PATH_PREFIXES]}}}},
        }, {
            # The help desk's contact form, counted apart and tighter (rate_limit.CONTACT_PATH_PREFIXES).
            "Name": "help-desk-contact-per-caller", "Priority": 1,
            "Action": {"Block": {"CustomResponse": {"ResponseCode": 429}}},
            "VisibilityConfig": {**visibility, "MetricName": "HelpDeskContactPerCaller"},
            "Statement": {"RateBasedStatement": {
                "Limit": CONTACT_REQUESTS_PER_WINDOW, "EvaluationWindowSec": PUBLIC_WINDOW_SECONDS,
                "AggregateKeyType": "IP", "ScopeDownStatement": _match(CONTACT_PATH_PREFIXES[0])}},
        }]}}
    out["PublicRoutesAclAssociation"] = {"Type": "AWS::WAFv2::WebACLAssociation", "DependsOn": "RestAPIapiStage",
                                         "Properties": {
        "WebACLArn": _arn("PublicRoutesAcl"),
        "ResourceArn": _sub("arn:aws:apigateway:${AWS::Region}::/restapis/${RestAPI}/stages/api")}}


def _stage_source(src: Path) -> None:
    if src.exists():
        shutil.rmtree(src)
    src.mkdir(parents=True)
    shutil.copy2(ROOT / "app.py", src / "app.py")
    shutil.copytree(ROOT / ".chalice", src / ".chalice", ignore=shutil.ignore_patterns("deployed", "deployments"))
    shutil.copytree(ROOT / "chalicelib", src / "chalicelib",
                    ignore=shutil.ignore_patterns("__pycache__", "local", "*.pyc"))
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = [d for d in project["dependencies"]
                    if d.split("==")[0].split("[")[0].lower() not in NOT_FOR_LAMBDA]
    (src / "requirements.txt").write_text("\n".join(requirements) + "\n", encoding="utf-8")


def build_fonts_layer(target: Path) -> None:
    """The fonts layer: Lambda unpacks it under /opt, so the fonts are read from /opt/fonts. Written with fixed
    timestamps so an unchanged layer uploads to the same key and the change set leaves it alone."""
    import zipfile

    fonts = {name: find_font(name) for name in LAYER_FILES}
    missing = [name for name, path in fonts.items() if path is None]
    if missing:
        raise SystemExit(f"The PDF fonts {', '.join(missing)} are not installed: run `make deps` (Debian's "
                         "fonts-dejavu-core and fonts-droid-fallback), then build again.")
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, licence in sorted(LAYER_FILES.items()):
            font = fonts[name]
            assert font is not None
            for path, member in ((font, f"fonts/{name}"), (Path(licence), f"fonts/{name}.LICENSE")):
                info = zipfile.ZipInfo(member, date_time=(2026, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                archive.writestr(info, path.read_bytes())


def main() -> int:
    src = BUILD / "src"
    out = BUILD / "package"
    _stage_source(src)
    if out.exists():
        shutil.rmtree(out)
    chalice = Path(sys.executable).with_name("chalice")
    subprocess.run([str(chalice), "package", "--stage", "dev", "--pkg-format", "cloudformation",
                    "--template-format", "json", str(out)], cwd=src, check=True,
                   # A developer's local-mode variables must not leak local-only routes into the deployable app.
                   env={**{k: v for k, v in os.environ.items() if not k.startswith("REGISTRY_")},
                        "AWS_DEFAULT_REGION": os.environ.get("AWS_DEFAULT_REGION", "us-east-1")})
    template = json.loads((out / "sam.json").read_text(encoding="utf-8"))
    merged = merge(template, load_template())
    target = BUILD / "template.yaml"
    import yaml

    target.write_text(yaml.safe_dump(merged, sort_keys=False), encoding="utf-8")
    shutil.copy2(out / "deployment.zip", BUILD / "deployment.zip")
    build_fonts_layer(BUILD / FONTS_LAYER_ZIP)
    if (out / "layer-deployment.zip").exists():
        shutil.copy2(out / "layer-deployment.zip", BUILD / "layer-deployment.zip")
    print(f"wrote {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
