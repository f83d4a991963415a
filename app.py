"""ece-registry: wires the API blueprints and the event handlers. Nothing else lives here."""

from __future__ import annotations

import os
from typing import Any

from chalice.app import Chalice, CloudWatchEvent, Rate, SQSEvent

from chalicelib.api import (
    accounts,
    careers,
    disputes,
    documents,
    health,
    help_desk,
    manager,
    openapi,
    participants,
    profile,
    programs,
    public,
    review,
    session,
    stipends,
    training,
    web,
    webhooks,
)
from chalicelib.observability import logger

app = Chalice(app_name="ece-registry")
app.log = logger  # type: ignore[assignment]
app.api.binary_types.extend([
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "image/png", "image/jpeg", "image/webp", "application/octet-stream",
])

app.register_blueprint(health.bp)
app.register_blueprint(session.bp)
app.register_blueprint(accounts.bp)
app.register_blueprint(documents.bp)
app.register_blueprint(review.bp)
app.register_blueprint(disputes.bp)
app.register_blueprint(profile.bp)
app.register_blueprint(participants.bp)
app.register_blueprint(programs.bp)
app.register_blueprint(public.bp)
app.register_blueprint(webhooks.bp)
app.register_blueprint(training.bp)
app.register_blueprint(careers.bp)
app.register_blueprint(stipends.bp)
app.register_blueprint(manager.bp)
app.register_blueprint(help_desk.bp)
app.register_blueprint(web.bp)
app.register_blueprint(openapi.bp)
# The outbox and the stand-in for Cognito's sign-in pages and token endpoint exist only on the embedded local
# stack; chalicelib/local is not even packaged for Lambda.
if os.environ.get("REGISTRY_AUTH_MODE") == "local":
    from chalicelib.api import local_demo
    from chalicelib.local import cognito as local_cognito

    app.register_blueprint(local_demo.bp)
    app.register_blueprint(local_cognito.bp)

    @app.middleware("http")
    def loopback_only(event: Any, get_response: Any) -> Any:
        from chalice.app import Response

        from chalicelib.local.hosts import REFUSAL, is_loopback_host

        headers = event.headers or {}
        if not is_loopback_host(headers.get("host")):
            return Response(body=REFUSAL, status_code=421, headers={"Content-Type": "text/plain; charset=utf-8"})
        return get_response(event)


@app.lambda_function(name="cognito_post_confirmation")
def cognito_post_confirmation(event: dict[str, Any], context: Any) -> dict[str, Any]:
    from chalicelib.events.sign_up import handle_post_confirmation

    return handle_post_confirmation(event, context)


# Queue names here are placeholders: infra/build_template.py points each event
# source at the stack's own queue (GetAtt) and turns on partial batch responses.
# Handler modules are imported on first event so the API's cold start stays small.
@app.on_sqs_message(queue="ece-registry-intake", batch_size=5, name="intake")
def intake(event: SQSEvent) -> dict[str, Any]:
    from chalicelib.events.intake import handle_intake

    return handle_intake(event.to_dict(), event.context)


@app.on_sqs_message(queue="ece-registry-extraction", batch_size=1, name="extraction")
def extraction(event: SQSEvent) -> dict[str, Any]:
    from chalicelib.events.extraction import handle_extraction

    return handle_extraction(event.to_dict(), event.context)


@app.on_sqs_message(queue="ece-registry-notifications", batch_size=10, name="notifications")
def notifications(event: SQSEvent) -> dict[str, Any]:
    from chalicelib.events.notifications import handle_notification

    return handle_notification(event.to_dict(), event.context)


@app.on_sqs_message(queue="ece-registry-webhooks", batch_size=10, name="webhooks")
def webhook_delivery(event: SQSEvent) -> dict[str, Any]:
    from chalicelib.events.webhooks import handle_webhook

    return handle_webhook(event.to_dict(), event.context)


@app.on_sqs_message(queue="ece-registry-mail-events", batch_size=10, name="mail_events")
def mail_events(event: SQSEvent) -> dict[str, Any]:
    from chalicelib.events.mail_events import handle_mail_events

    return handle_mail_events(event.to_dict(), event.context)


# Reading a state's whole workforce takes minutes: a function of its own, every five minutes, with a long timeout,
# so the minute sweep stays short.
@app.schedule(Rate(5, unit=Rate.MINUTES), name="workforce_releases")
def workforce_releases(event: CloudWatchEvent) -> dict[str, Any]:
    from chalicelib.services.careers.workforce import prepare_requested

    return {"prepared": prepare_requested()}


@app.schedule(Rate(1, unit=Rate.MINUTES), name="webhook_retries")
def webhook_retries(event: CloudWatchEvent) -> dict[str, Any]:
    from chalicelib.events.webhooks import handle_sweep

    return handle_sweep(event.to_dict(), event.context)
