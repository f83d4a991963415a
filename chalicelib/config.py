"""Settings read once from the environment.

In AWS the template sets these variables from the stack's resources; in local
mode `registry local run` sets them from the moto stack's outputs.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from typing import Literal

AuthMode = Literal["local", "cognito"]
OcrEngineName = Literal["local", "textract"]


def _env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


# A demo value until a deployment names its own mail room (REGISTRY_HELP_DESK_POSTAL_ADDRESS, lines split by "|").
DEMO_POSTAL_ADDRESS = ("ECE Workforce Registry, Help Desk|Attn: Document Intake|1215 K Street, Suite 1000|"
                       "Sacramento, CA 95814")


@dataclass(frozen=True, slots=True)
class Settings:
    stage: str
    region: str
    table_name: str
    idempotency_table_name: str
    profile_keys_table_name: str
    uploads_bucket: str
    artifacts_bucket: str
    intake_queue_url: str
    extraction_queue_url: str
    notification_queue_url: str
    webhook_queue_url: str
    data_key_id: str
    report_signing_key_id: str
    webhook_secret_key_id: str
    storage_key_id: str
    # The KMS HMAC key the unsubscribe links of optional reminders are signed with (GenerateMac / VerifyMac).
    reminder_link_key_id: str
    sender_email: str
    auth_mode: AuthMode
    user_pool_id: str
    web_client_id: str
    # Where the web app sends people to sign in: the Cognito domain in AWS, the local stand-in on `make run`.
    auth_base_url: str
    aws_endpoint_url: str | None
    # Tables may live elsewhere than the rest of the local cloud: DynamoDB Local beside moto (issue 26).
    dynamodb_endpoint_url: str | None
    ocr_engine: OcrEngineName
    public_base_url: str
    upload_max_bytes: int
    mail_template_prefix: str
    mail_configuration_set: str
    mail_events_queue_url: str
    # Documents read at once (the extraction function's concurrency): what a participant's wait is estimated from.
    ocr_concurrency: int
    # How long what stays of a closed profile (verified records, audit trails) is kept after closing, in years:
    # 7 under California's ECE registry policy; a state sets its own (services/records/retention.py).
    retention_years: int = 7
    # The help desk (issue 25): where paper that cannot be uploaded is mailed (lines split by "|"), and the
    # address shown beside the contact form.
    help_desk_postal_address: str = ""
    help_desk_email: str = ""
    # make run's stand-in for the WAF rule's per-caller limit on public routes (security/rate_limit.py); only the
    # fuzzing stack raises it, as it sends thousands of hostile requests from one address on purpose.
    local_public_limit: int = 100
    # Webhook delivery: 1 in AWS; a local stack or a demo shrinks the retry schedule (0.01). The per-read timeout
    # and the whole attempt's deadline (a receiver dripping a byte per read cannot hold a worker past it).
    webhook_backoff_scale: float = 1.0
    webhook_timeout_seconds: float = 10.0
    webhook_deadline_seconds: float = 15.0
    # Hosts a webhook may target although they are not public (make run's own receiver on loopback); none in AWS.
    webhook_allowed_hosts: frozenset[str] = frozenset()
    # Where the PDF fonts are (the fonts layer in Lambda); unset, the machine's own font folders.
    font_dir: str | None = None

    def endpoint_for(self, service: str) -> str | None:
        return self.dynamodb_endpoint_url if service == "dynamodb" else self.aws_endpoint_url

    @property
    def is_local(self) -> bool:
        return self.auth_mode == "local"

    @classmethod
    def from_env(cls) -> Settings:
        auth_mode = _env("REGISTRY_AUTH_MODE", "cognito")
        if auth_mode not in ("local", "cognito"):
            raise ValueError(f"REGISTRY_AUTH_MODE must be 'local' or 'cognito', not {auth_mode!r}")
        engine = _env("REGISTRY_OCR_ENGINE", "textract")
        if engine not in ("local", "textract"):
            raise ValueError(f"REGISTRY_OCR_ENGINE must be 'local' or 'textract', not {engine!r}")
        return cls(
            stage=_env("REGISTRY_STAGE", "dev"),
            region=_env("AWS_REGION", _env("AWS_DEFAULT_REGION", "us-east-1")),
            table_name=_env("REGISTRY_TABLE_NAME", "ece-registry-local-registry"),
            idempotency_table_name=_env("REGISTRY_IDEMPOTENCY_TABLE_NAME", "ece-registry-local-idempotency"),
            profile_keys_table_name=_env("REGISTRY_PROFILE_KEYS_TABLE_NAME", "ece-registry-local-profile-keys"),
            uploads_bucket=_env("REGISTRY_UPLOADS_BUCKET"),
            artifacts_bucket=_env("REGISTRY_ARTIFACTS_BUCKET"),
            intake_queue_url=_env("REGISTRY_INTAKE_QUEUE_URL"),
            extraction_queue_url=_env("REGISTRY_EXTRACTION_QUEUE_URL"),
            notification_queue_url=_env("REGISTRY_NOTIFICATION_QUEUE_URL"),
            webhook_queue_url=_env("REGISTRY_WEBHOOK_QUEUE_URL"),
            data_key_id=_env("REGISTRY_DATA_KEY_ID"),
            report_signing_key_id=_env("REGISTRY_REPORT_SIGNING_KEY_ID"),
            webhook_secret_key_id=_env("REGISTRY_WEBHOOK_SECRET_KEY_ID"),
            storage_key_id=_env("REGISTRY_STORAGE_KEY_ID"),
            reminder_link_key_id=_env("REGISTRY_REMINDER_LINK_KEY_ID"),
            sender_email=_env("REGISTRY_SENDER_EMAIL", "no-reply@ece-registry.example.org"),
            auth_mode=auth_mode,  # type: ignore[arg-type]
            user_pool_id=_env("REGISTRY_USER_POOL_ID"),
            web_client_id=_env("REGISTRY_WEB_CLIENT_ID"),
            auth_base_url=_env("REGISTRY_AUTH_BASE_URL"),
            aws_endpoint_url=_env("AWS_ENDPOINT_URL") or None,
            dynamodb_endpoint_url=_env("REGISTRY_DYNAMODB_ENDPOINT_URL") or _env("AWS_ENDPOINT_URL") or None,
            ocr_engine=engine,  # type: ignore[arg-type]
            public_base_url=_env("REGISTRY_PUBLIC_BASE_URL", "http://127.0.0.1:8000"),
            upload_max_bytes=int(_env("REGISTRY_UPLOAD_MAX_BYTES", str(25 * 1024 * 1024))),
            mail_template_prefix=_env("REGISTRY_MAIL_TEMPLATE_PREFIX", "ece-registry-local"),
            mail_configuration_set=_env("REGISTRY_MAIL_CONFIGURATION_SET", "ece-registry-local-mail"),
            mail_events_queue_url=_env("REGISTRY_MAIL_EVENTS_QUEUE_URL"),
            ocr_concurrency=max(1, int(_env("REGISTRY_OCR_CONCURRENCY", "5"))),
            retention_years=max(1, int(_env("REGISTRY_RETENTION_YEARS", "7"))),
            local_public_limit=max(1, int(_env("REGISTRY_LOCAL_PUBLIC_LIMIT", "100"))),
            help_desk_postal_address=_env("REGISTRY_HELP_DESK_POSTAL_ADDRESS", DEMO_POSTAL_ADDRESS),
            help_desk_email=_env("REGISTRY_HELP_DESK_EMAIL", "help@ece-registry.example.org"),
            webhook_backoff_scale=float(_env("REGISTRY_WEBHOOK_BACKOFF_SCALE", "1")),
            webhook_timeout_seconds=float(_env("REGISTRY_WEBHOOK_TIMEOUT_SECONDS", "10")),
            webhook_deadline_seconds=float(_env("REGISTRY_WEBHOOK_DEADLINE_SECONDS", "15")),
            webhook_allowed_hosts=frozenset(h.strip().lower() for h in _env("REGISTRY_WEBHOOK_ALLOWED_HOSTS").split(",")
                                            if h.strip()),
            font_dir=_env("REGISTRY_FONT_DIR") or None,
        )


@cache
def get_settings() -> Settings:
    return Settings.from_env()
