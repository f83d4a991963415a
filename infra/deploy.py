"""Deploy the registry to an AWS account: `make deploy` (needs AWS credentials in the environment).

Builds the template (`make infra`), uploads the code packages and the template to a deployment bucket, and
creates or updates the CloudFormation stack through a change set, printing what it will do before it does it.

    make deploy STACK=ece-registry PUBLIC_BASE_URL=https://registry.example.gov \
        ALARM_EMAIL=oncall@example.gov SENDER_EMAIL=no-reply@registry.example.gov \
        [AUTH_DOMAIN_PREFIX=ece-registry-sign-in] [DEPLOY_BUCKET=...] [OCR_ENGINE=textract]

The sender address must be verified in SES (and the account out of the SES sandbox) before mail reaches people.
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "infra" / "build"
CAPABILITIES = ["CAPABILITY_IAM", "CAPABILITY_AUTO_EXPAND"]
REQUIRED = {"PUBLIC_BASE_URL": "PublicBaseUrl", "ALARM_EMAIL": "AlarmEmail", "SENDER_EMAIL": "SenderEmail"}
OPTIONAL = {"AUTH_DOMAIN_PREFIX": "AuthDomainPrefix", "OCR_ENGINE": "OcrEngine", "OCR_CONCURRENCY": "OcrConcurrency",
            "LOG_RETENTION_DAYS": "LogRetentionDays", "TEXTRACT_DAILY_PAGES": "TextractDailyPages",
            "HELP_DESK_POSTAL_ADDRESS": "HelpDeskPostalAddress"}


class DeployError(Exception):
    pass


def parameters(environ: dict[str, str]) -> dict[str, str]:
    missing = [name for name in REQUIRED if not environ.get(name)]
    if missing:
        raise DeployError(f"Set {', '.join(missing)} (e.g. make deploy PUBLIC_BASE_URL=https://registry.example.gov "
                          "ALARM_EMAIL=oncall@example.gov SENDER_EMAIL=no-reply@example.gov).")
    if not environ["PUBLIC_BASE_URL"].startswith("https://"):
        raise DeployError("PUBLIC_BASE_URL must be an https:// address: reports and sign-in return there.")
    chosen = {param: environ[name] for name, param in REQUIRED.items()}
    chosen.update({param: environ[name] for name, param in OPTIONAL.items() if environ.get(name)})
    return chosen


def point_code_at(template: dict[str, Any], locations: dict[str, str]) -> dict[str, Any]:
    """Replace the local package paths Chalice writes (./deployment.zip) with their uploaded S3 locations."""
    for resource in template["Resources"].values():
        props = resource.get("Properties", {})
        for key in ("CodeUri", "ContentUri"):
            value = props.get(key)
            if isinstance(value, str) and Path(value).name in locations:
                props[key] = locations[Path(value).name]
    return template


def _upload(s3: Any, bucket: str, path: Path, prefix: str) -> str:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    key = f"{prefix}/{digest}-{path.name}"
    s3.upload_file(str(path), bucket, key)
    return key


def _deployment_bucket(session: Any, stack: str, account: str, region: str, name: str | None) -> str:
    s3 = session.client("s3")
    bucket = name or f"{stack}-deploy-{account}-{region}"
    try:
        s3.head_bucket(Bucket=bucket)
    except s3.exceptions.ClientError:
        extra = {} if region == "us-east-1" else {"CreateBucketConfiguration": {"LocationConstraint": region}}
        s3.create_bucket(Bucket=bucket, **extra)
        s3.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration={
            "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True,
            "RestrictPublicBuckets": True})
    return bucket


def upload(session: Any, stack: str, bucket_name: str | None = None) -> tuple[str, str, bytes]:
    """Put the code packages and the template pointing at them in the deployment bucket."""
    account = session.client("sts").get_caller_identity()["Account"]
    region = session.region_name
    s3 = session.client("s3")
    bucket = _deployment_bucket(session, stack, account, region, bucket_name)
    locations = {p.name: f"s3://{bucket}/{_upload(s3, bucket, p, stack)}"
                 for p in (BUILD / "deployment.zip", BUILD / "layer-deployment.zip", BUILD / "fonts-layer.zip")
                 if p.exists()}
    template = point_code_at(yaml.safe_load((BUILD / "template.yaml").read_text(encoding="utf-8")), locations)
    body = yaml.safe_dump(template, sort_keys=False).encode()
    template_key = f"{stack}/{hashlib.sha256(body).hexdigest()[:16]}-template.yaml"
    s3.put_object(Bucket=bucket, Key=template_key, Body=body)
    return bucket, template_key, body


def deploy(session: Any, stack: str, chosen: dict[str, str], bucket_name: str | None = None) -> dict[str, str]:
    region = session.region_name
    bucket, template_key, body = upload(session, stack, bucket_name)
    cfn = session.client("cloudformation")
    exists = any(s["StackStatus"] != "DELETE_COMPLETE" for s in
                 cfn.list_stacks()["StackSummaries"] if s["StackName"] == stack)
    change_set = f"{stack}-{hashlib.sha256(body).hexdigest()[:10]}"
    cfn.create_change_set(
        StackName=stack, ChangeSetName=change_set, ChangeSetType="UPDATE" if exists else "CREATE",
        TemplateURL=f"https://{bucket}.s3.{region}.amazonaws.com/{template_key}", Capabilities=CAPABILITIES,
        Parameters=[{"ParameterKey": k, "ParameterValue": v} for k, v in chosen.items()])
    cfn.get_waiter("change_set_create_complete").wait(StackName=stack, ChangeSetName=change_set)
    for change in cfn.describe_change_set(StackName=stack, ChangeSetName=change_set)["Changes"]:
        detail = change["ResourceChange"]
        print(f"  {detail['Action']:<8} {detail['ResourceType']:<40} {detail['LogicalResourceId']}")
    cfn.execute_change_set(StackName=stack, ChangeSetName=change_set)
    cfn.get_waiter("stack_update_complete" if exists else "stack_create_complete").wait(StackName=stack)
    outputs = cfn.describe_stacks(StackName=stack)["Stacks"][0].get("Outputs", [])
    return {o["OutputKey"]: o["OutputValue"] for o in outputs}


def main() -> int:
    import boto3
    from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError

    environ = dict(os.environ)
    try:
        chosen = parameters(environ)
        session = boto3.session.Session(region_name=environ.get("AWS_REGION") or environ.get("AWS_DEFAULT_REGION"))
        if not session.region_name:
            raise DeployError("Set AWS_REGION (or AWS_DEFAULT_REGION) to the region to deploy to.")
        stack = environ.get("STACK", "ece-registry")
        print(f"Deploying stack {stack} to {session.region_name} ...", flush=True)
        outputs = deploy(session, stack, chosen, environ.get("DEPLOY_BUCKET"))
    except NoCredentialsError:
        print("No AWS credentials found: set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, then run "
              "make deploy again.", file=sys.stderr)
        return 2
    except DeployError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except (BotoCoreError, ClientError) as exc:
        print(f"The deployment stopped: {exc}", file=sys.stderr)
        return 1
    for key, value in sorted(outputs.items()):
        print(f"{key}: {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
