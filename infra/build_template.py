"""Build the deployable CloudFormation template: `chalice package` + infra/resources.yaml.

What this adds to Chalice's output, and why:
- the stateful resources of infra/resources.yaml (Chalice manages none of them);
- each SQS event source pointed at the stack's own queue (Chalice only knows a
  queue name) with ReportBatchItemFailures turned on (Chalice does not set it, so
  one bad message would retry its whole batch);
- environment variables naming those resources, and an IAM policy scoped to them
  (Chalice's generated policy cannot see calls made through chalicelib's adapters).
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

from chalicelib.local.template import load_template  # noqa: E402

# Lambda already has these, or they are only needed to package.
NOT_FOR_LAMBDA = {"chalice"}

QUEUE_OF_FUNCTION = {"intake": "IntakeQueue", "extraction": "ExtractionQueue", "notifications": "NotificationQueue",
                     "webhooks": "WebhookQueue"}

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
    "REGISTRY_DATA_KEY_ID": {"Ref": "DataKey"},
    "REGISTRY_REPORT_SIGNING_KEY_ID": {"Ref": "ReportSigningKey"},
    "REGISTRY_SENDER_EMAIL": {"Ref": "SenderEmail"},
    "REGISTRY_PUBLIC_BASE_URL": {"Ref": "PublicBaseUrl"},
    "REGISTRY_OCR_ENGINE": {"Ref": "OcrEngine"},
}
# Deploy-time choices an operator makes; the local cloud sets its own values, so these live here and not in
# infra/resources.yaml. No default for the public URL: every QR code and "check this copy" link on a report
# points there, so a deployment must say where it is served.
DEPLOY_PARAMETERS = {
    "PublicBaseUrl": {"Type": "String", "AllowedPattern": "^https://[^\\s/]+(/[^\\s]*)?$",
                      "Description": "Where the registry is served (https://registry.example.gov or the API's "
                                     "https://{id}.execute-api.{region}.amazonaws.com/api URL); reports link here"},
    "OcrEngine": {"Type": "String", "Default": "textract", "AllowedValues": ["textract", "local"],
                  "Description": "Amazon Textract, or the embedded Tesseract engine (needs a layer that ships it)"},
}


def _arn(logical_id: str) -> dict[str, Any]:
    return {"Fn::GetAtt": [logical_id, "Arn"]}


def _policy() -> dict[str, Any]:
    buckets = ["UploadsBucket", "ArtifactsBucket"]
    queues = ["IntakeQueue", "ExtractionQueue", "NotificationQueue", "WebhookQueue",
              "IntakeDeadLetterQueue", "ExtractionDeadLetterQueue", "NotificationDeadLetterQueue",
              "WebhookDeadLetterQueue"]
    return {
        "PolicyName": "ece-registry-resources",
        "PolicyDocument": {"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:GetObjectVersion",
                                           "s3:DeleteObjectVersion", "s3:ListBucket", "s3:ListBucketVersions"],
             "Resource": [r for b in buckets for r in (_arn(b), {"Fn::Sub": f"${{{b}.Arn}}/*"})]},
            {"Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem",
                                           "dynamodb:DeleteItem", "dynamodb:Query", "dynamodb:BatchGetItem",
                                           "dynamodb:BatchWriteItem", "dynamodb:ConditionCheckItem",
                                           "dynamodb:DescribeTable"],
             "Resource": [_arn("RegistryTable"), {"Fn::Sub": "${RegistryTable.Arn}/index/*"},
                          _arn("IdempotencyTable"), _arn("ProfileKeysTable")]},
            {"Effect": "Allow", "Action": ["sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage",
                                           "sqs:GetQueueAttributes", "sqs:ChangeMessageVisibility"],
             "Resource": [_arn(q) for q in queues]},
            {"Effect": "Allow", "Action": ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey", "kms:DescribeKey"],
             "Resource": [_arn("DataKey")]},
            {"Effect": "Allow", "Action": ["kms:Sign", "kms:Verify", "kms:GetPublicKey"],
             "Resource": [_arn("ReportSigningKey")]},
            {"Effect": "Allow", "Action": ["ses:SendEmail", "ses:SendRawEmail"], "Resource": "*",
             "Condition": {"StringEquals": {"ses:FromAddress": {"Ref": "SenderEmail"}}}},
            {"Effect": "Allow", "Action": ["textract:DetectDocumentText", "textract:AnalyzeDocument"],
             "Resource": "*"},
            {"Effect": "Allow", "Action": ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
             "Resource": "arn:aws:logs:*:*:*"},
            {"Effect": "Allow", "Action": ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], "Resource": "*"},
        ]},
    }


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


def merge(template: dict[str, Any], resources: dict[str, Any]) -> dict[str, Any]:
    template.setdefault("Parameters", {}).update(resources.get("Parameters", {}))
    template["Parameters"].update(DEPLOY_PARAMETERS)
    template["Resources"].update(resources["Resources"])
    template.setdefault("Outputs", {}).update(resources.get("Outputs", {}))
    template["Description"] = resources.get("Description", template.get("Description", ""))
    for logical_id, resource in template["Resources"].items():
        if resource["Type"] == "AWS::Serverless::Function":
            props = resource["Properties"]
            variables = props.setdefault("Environment", {}).setdefault("Variables", {})
            variables.update(ENVIRONMENT)
            for event in props.get("Events", {}).values():
                if event.get("Type") == "SQS":
                    queue = QUEUE_OF_FUNCTION[logical_id.lower()]
                    event["Properties"]["Queue"] = _arn(queue)
                    event["Properties"]["FunctionResponseTypes"] = ["ReportBatchItemFailures"]
            props["Tracing"] = "Active"
        if resource["Type"] == "AWS::IAM::Role":
            resource["Properties"]["Policies"] = [_policy()]
    return template


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
    if (out / "layer-deployment.zip").exists():
        shutil.copy2(out / "layer-deployment.zip", BUILD / "layer-deployment.zip")
    print(f"wrote {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
