"""`make deploy`: what it asks for, and the upload / change-set path against moto (no AWS account here)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "infra"))

import deploy  # noqa: E402


def test_it_refuses_to_start_without_the_operator_choices() -> None:
    with pytest.raises(deploy.DeployError, match="PUBLIC_BASE_URL, ALARM_EMAIL, SENDER_EMAIL"):
        deploy.parameters({})
    with pytest.raises(deploy.DeployError, match="https"):
        deploy.parameters({"PUBLIC_BASE_URL": "http://registry.example.gov", "ALARM_EMAIL": "a@b.gov",
                           "SENDER_EMAIL": "c@b.gov"})
    chosen = deploy.parameters({"PUBLIC_BASE_URL": "https://registry.example.gov", "ALARM_EMAIL": "a@b.gov",
                                "SENDER_EMAIL": "c@b.gov", "OCR_ENGINE": "local"})
    assert chosen == {"PublicBaseUrl": "https://registry.example.gov", "AlarmEmail": "a@b.gov",
                      "SenderEmail": "c@b.gov", "OcrEngine": "local"}


def test_without_credentials_it_says_what_to_set() -> None:
    env = {"PATH": "/usr/bin:/bin", "HOME": "/nonexistent", "AWS_REGION": "us-east-1",
           "PUBLIC_BASE_URL": "https://registry.example.gov", "ALARM_EMAIL": "a@b.gov", "SENDER_EMAIL": "c@b.gov",
           "AWS_EC2_METADATA_DISABLED": "true", "AWS_CONFIG_FILE": "/nonexistent",
           "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent"}
    result = subprocess.run([sys.executable, str(ROOT / "infra" / "deploy.py")], env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 2
    assert "No AWS credentials" in result.stderr and "Traceback" not in result.stderr


def test_code_packages_and_a_template_pointing_at_them_are_uploaded() -> None:
    """moto's CloudFormation cannot run the SAM transform, so the change set itself needs AWS; everything
    before it runs here."""
    import boto3
    import yaml
    from moto import mock_aws

    from tests.integration.conftest import built_template

    built_template()
    with mock_aws():
        session = boto3.session.Session(region_name="us-east-1")
        bucket, key, _ = deploy.upload(session, "registry-test")
        assert bucket == "registry-test-deploy-123456789012-us-east-1"
        s3 = session.client("s3")
        keys = [o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]]
        assert any(k.endswith("-deployment.zip") for k in keys)
        assert any(k.endswith("-fonts-layer.zip") for k in keys)
        uploaded = yaml.safe_load(s3.get_object(Bucket=bucket, Key=key)["Body"].read())
        api = uploaded["Resources"]["APIHandler"]["Properties"]["CodeUri"]
        assert api.startswith(f"s3://{bucket}/registry-test/") and api.endswith("-deployment.zip")
        fonts = uploaded["Resources"]["FontsLayer"]["Properties"]["ContentUri"]
        assert fonts.startswith(f"s3://{bucket}/registry-test/") and fonts.endswith("-fonts-layer.zip")
        block = s3.get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"]
        assert all(block.values())


def test_the_template_points_at_uploaded_packages() -> None:
    template = {"Resources": {"F": {"Type": "AWS::Serverless::Function", "Properties": {"CodeUri": "./deployment.zip"}},
                              "L": {"Type": "AWS::Serverless::LayerVersion",
                                    "Properties": {"ContentUri": "./layer-deployment.zip"}}}}
    pointed = deploy.point_code_at(template, {"deployment.zip": "s3://b/k1", "layer-deployment.zip": "s3://b/k2"})
    assert pointed["Resources"]["F"]["Properties"]["CodeUri"] == "s3://b/k1"
    assert pointed["Resources"]["L"]["Properties"]["ContentUri"] == "s3://b/k2"
