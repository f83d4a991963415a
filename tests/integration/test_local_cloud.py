"""The local cloud is built from infra/resources.yaml: the same queues, tables, bucket wiring."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import unquote_plus

import boto3
import pytest

from chalicelib.local.template import load_template

pytestmark = pytest.mark.storage  # also run on DynamoDB Local (make test's second pass)


def tables() -> Any:
    """The app's own DynamoDB client: moto's, or DynamoDB Local's on the --tables=dynamodb-local pass."""
    from chalicelib.aws.clients import client

    return client("dynamodb")


def test_every_queue_has_a_dead_letter_queue_and_a_visibility_margin(aws: dict[str, str]) -> None:
    sqs = boto3.client("sqs")
    for name in ("Intake", "Extraction", "Notification", "Webhook"):
        attrs = sqs.get_queue_attributes(QueueUrl=aws[f"{name}QueueUrl"], AttributeNames=["All"])["Attributes"]
        redrive = json.loads(attrs["RedrivePolicy"])
        dlq_arn = sqs.get_queue_attributes(QueueUrl=aws[f"{name}DeadLetterQueueUrl"],
                                           AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        assert redrive["deadLetterTargetArn"] == dlq_arn
        assert int(attrs["VisibilityTimeout"]) >= 6 * 30


def test_registry_table_has_the_indexes_the_data_model_needs(aws: dict[str, str]) -> None:
    table = tables().describe_table(TableName=aws["RegistryTableName"])["Table"]
    assert {i["IndexName"] for i in table["GlobalSecondaryIndexes"]} == {"gsi1", "gsi2", "gsi2keys", "gsi3"}
    assert {k["AttributeName"] for k in table["KeySchema"]} == {"pk", "sk"}


def test_a_kept_table_from_before_an_index_gets_it_on_the_next_start(aws: dict[str, str]) -> None:
    """make run keeps its tables across restarts (moto's pickle or DynamoDB Local's files); when the template
    gains an index, the next start adds it, filled from the items already there."""
    from chalicelib.domain.documents import DocStatus
    from chalicelib.local.cloud import create_in_process_stack
    from chalicelib.services.documents import dashboard
    from chalicelib.store.documents import DocumentItem, waiting_since

    name = aws["RegistryTableName"]
    table = tables().describe_table(TableName=name)["Table"]
    if table.get("DeletionProtectionEnabled"):
        tables().update_table(TableName=name, DeletionProtectionEnabled=False)
    tables().delete_table(TableName=name)
    tables().get_waiter("table_not_exists").wait(TableName=name, WaiterConfig={"Delay": 0.1})
    tables().create_table(  # the table as an older template made it
        TableName=name, BillingMode="PAY_PER_REQUEST", KeySchema=table["KeySchema"],
        AttributeDefinitions=table["AttributeDefinitions"],
        GlobalSecondaryIndexes=[{k: i[k] for k in ("IndexName", "KeySchema", "Projection")}
                                for i in table["GlobalSecondaryIndexes"] if i["IndexName"] != "gsi2keys"])
    waiting = DocumentItem(*DocumentItem.key("doc-kept"), document_id="doc-kept", owner_id="u-kept",
                           upload_key="uploads/doc-kept", uploaded_by="u-kept",
                           status=DocStatus.NEEDS_REVIEW.value, doc_type="permit",
                           created_at="2026-01-05T09:00:00.000000Z", submitted_at="2026-01-05T09:00:00.000000Z",
                           updated_at="2026-01-05T09:00:00.000000Z")
    waiting.index_for_status()
    waiting.save()

    create_in_process_stack(fresh_tables=False)  # the next start, on the same tables

    assert list(waiting_since(DocStatus.NEEDS_REVIEW)) == ["2026-01-05T09:00:00.000000Z"]
    assert dashboard.processing(1)["waiting"] == 1


def test_uploads_notify_the_intake_queue(aws: dict[str, str]) -> None:
    s3, sqs = boto3.client("s3"), boto3.client("sqs")
    config = s3.get_bucket_notification_configuration(Bucket=aws["UploadsBucketName"])
    assert config["QueueConfigurations"][0]["Events"] == ["s3:ObjectCreated:*"]
    s3.put_object(Bucket=aws["UploadsBucketName"], Key="uploads/some-id", Body=b"%PDF-1.4")
    bodies = []
    for _ in range(3):
        for m in sqs.receive_message(QueueUrl=aws["IntakeQueueUrl"], MaxNumberOfMessages=10).get("Messages", []):
            bodies.append(json.loads(m["Body"]))
    keys = [unquote_plus(r["s3"]["object"]["key"]) for b in bodies for r in b.get("Records", [])]
    assert "uploads/some-id" in keys


def test_template_resources_and_local_stack_agree(aws: dict[str, str]) -> None:
    template = load_template()
    assert set(template["Outputs"]) <= set(aws)
    assert aws["RegistryTableName"].endswith("-registry")


def test_alarms_watch_every_dead_letter_queue(aws: dict[str, str]) -> None:
    alarms = boto3.client("cloudwatch").describe_alarms()["MetricAlarms"]
    watched = {d["Value"] for a in alarms for d in a["Dimensions"]}
    for name in ("Intake", "Extraction", "Notification", "Webhook"):
        assert aws[f"{name}DeadLetterQueueUrl"].rsplit("/", 1)[-1] in watched


def test_a_key_added_to_the_template_after_a_kept_stack_was_created_is_made_on_the_next_start(
        aws: dict[str, str]) -> None:
    """`make run` on kept data finds the stack created by an earlier version: a signing key the template gained
    since (the reminder links' HMAC key) is created then, and its output resolves, instead of a KeyError."""
    from chalicelib.local.cloud import LocalSession, create_local_stack

    class KeptStack:
        """The moto session, its stack as an earlier version of the template left it (no ReminderLinkKey)."""

        def __init__(self) -> None:
            self._session = LocalSession()

        def __getattr__(self, name: str) -> Any:
            return getattr(self._session, name)

        def client(self, service: str) -> Any:
            real = self._session.client(service)
            if service != "cloudformation":
                return real

            class Cfn:
                def __getattr__(self, name: str) -> Any:
                    return getattr(real, name)

                def describe_stack_resources(self, **kwargs: Any) -> Any:
                    answer = real.describe_stack_resources(**kwargs)
                    answer["StackResources"] = [r for r in answer["StackResources"]
                                                if r.get("LogicalResourceId") != "ReminderLinkKey"]
                    return answer

                def describe_stacks(self, **kwargs: Any) -> Any:
                    answer = real.describe_stacks(**kwargs)
                    for stack in answer["Stacks"]:
                        stack["Outputs"] = [o for o in stack.get("Outputs", [])
                                            if o["OutputKey"] != "ReminderLinkKeyId"]
                    return answer

            return Cfn()

    outputs = create_local_stack(KeptStack(), parameters={"PublicBaseUrl": "http://127.0.0.1:8000"})
    key_id = outputs["ReminderLinkKeyId"]
    mac = boto3.client("kms").generate_mac(KeyId=key_id, MacAlgorithm="HMAC_SHA_256", Message=b"x")["Mac"]
    assert len(mac) == 32
