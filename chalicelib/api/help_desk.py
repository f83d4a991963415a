"""The help desk: anyone writes to registry staff (signed in or not); staff answer from their queue."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice.app import Blueprint, Response

from chalicelib.api.routing import PUBLIC, RequestContext, json_response, secured
from chalicelib.errors import PayloadTooLarge
from chalicelib.security.identity import Role
from chalicelib.services.accounts.views import HelpDeskInformation, HelpMessageView, HelpQueue, HelpSender

if TYPE_CHECKING:
    from chalicelib.api.models import HelpMessageBody

bp = Blueprint(__name__)
STAFF = [Role.STAFF, Role.ADMIN]
# Everyone who signs in to the web app (partners are systems and write to their own contacts).
SIGNED_IN = [Role.PARTICIPANT, Role.STAFF, Role.DIRECTOR, Role.SPONSOR, Role.ADMIN]
MAX_BODY_BYTES = 16_384  # a 2,000-character message in Chinese is 6 KB of UTF-8; a body past this is not one


def _bounded(ctx: RequestContext) -> None:
    from chalicelib.services.accounts.help_desk import MAX_MESSAGE

    if len(ctx.request.raw_body or b"") > MAX_BODY_BYTES:
        raise PayloadTooLarge("A help-desk message takes at most {most} characters.", most=MAX_MESSAGE)


def _send(ctx: RequestContext, body: HelpMessageBody) -> Response:
    from chalicelib.services.accounts import help_desk

    sent = help_desk.write_to_staff(ctx.caller, name=body.name, email=body.email, topic=body.topic,
                                    message=body.message, language=ctx.language)
    return json_response(sent, status_code=201)


@secured(bp, "/v1/help-desk", roles=PUBLIC)
def help_desk_information(ctx: RequestContext) -> HelpDeskInformation:
    """The topics a message may be about, its limits, and where to mail paper that cannot be uploaded: static
    settings, like /v1/document-types, so outside the per-caller count of the public data routes (the stage
    throttles it). Sending a message is counted per caller: /v1/help-desk/contact."""
    from chalicelib.services.accounts import help_desk

    return help_desk.public_information()


@secured(bp, "/v1/help-desk/contact", methods=["POST"], roles=PUBLIC)
def send_public_message(ctx: RequestContext) -> Response:
    """From someone signed out: no account is needed to ask for help. Its own per-caller limit (WAF in AWS, the
    app on make run: security/rate_limit.py), beside five messages a day per answer address."""
    from chalicelib.api.models import HelpMessageBody

    _bounded(ctx)
    return _send(ctx, ctx.body(HelpMessageBody))


@secured(bp, "/v1/me/help-desk", roles=SIGNED_IN)
def my_help_desk_defaults(ctx: RequestContext) -> HelpSender:
    """The address and name the contact form fills in for someone signed in (they may change both)."""
    from chalicelib.services.accounts import help_desk

    return help_desk.sender_defaults(ctx.user)


@secured(bp, "/v1/me/help-desk/messages", methods=["POST"], roles=SIGNED_IN)
def send_my_message(ctx: RequestContext) -> Response:
    """From someone signed in: their user id goes with the message, so staff know whose account it is about."""
    from chalicelib.api.models import HelpMessageBody

    _bounded(ctx)
    return _send(ctx, ctx.body(HelpMessageBody))


@secured(bp, "/v1/help-desk/messages", roles=STAFF)
def help_desk_queue(ctx: RequestContext) -> HelpQueue:
    from chalicelib.services.accounts import help_desk

    return help_desk.queue(ctx.query("status") or "open")


@secured(bp, "/v1/help-desk/messages/{request_id}/answer", methods=["POST"], roles=STAFF)
def answer_help_message(ctx: RequestContext, request_id: str) -> HelpMessageView:
    from chalicelib.api.models import HelpAnswerBody
    from chalicelib.services.accounts import help_desk

    body = ctx.body(HelpAnswerBody)
    return help_desk.answer(ctx.user, request_id, text=body.answer, expected_version=body.version)
