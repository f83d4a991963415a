"""Accounts: administrators sign people up in a role and change a person's roles; people change the email they
sign in with."""

from __future__ import annotations

from chalice.app import Blueprint, Response

from chalicelib.api.routing import RequestContext, json_response, secured
from chalicelib.security.identity import Role
from chalicelib.services.accounts.views import AccountHolder, RolesChanged, SignInCodeSent, SignInEmailChanged

bp = Blueprint(__name__)
PEOPLE = [Role.PARTICIPANT, Role.STAFF, Role.DIRECTOR, Role.SPONSOR, Role.ADMIN]


def _access_token(ctx: RequestContext) -> str:
    # The caller's own access token: Cognito changes their email only on their say-so.
    return (ctx.headers.get("authorization") or "").partition(" ")[2].strip()


@secured(bp, "/v1/admin/users", methods=["POST"], roles=[Role.ADMIN])
def create_user(ctx: RequestContext) -> Response:
    from chalicelib.api.models import NewUser
    from chalicelib.services.accounts import people as accounts

    body = ctx.body(NewUser)
    return json_response(accounts.invite(email=body.email, role=body.role, display_name=body.display_name), 201)


@secured(bp, "/v1/admin/people/find", methods=["POST"], roles=[Role.ADMIN])
def find_person(ctx: RequestContext) -> AccountHolder:
    from chalicelib.api.models import PersonLookup
    from chalicelib.services.accounts import people as accounts

    return accounts.find_person(ctx.body(PersonLookup).email)


@secured(bp, "/v1/admin/people/roles", methods=["POST"], roles=[Role.ADMIN])
def change_role(ctx: RequestContext) -> RolesChanged:
    from chalicelib.api.models import RoleChange
    from chalicelib.services.accounts import people as accounts

    body = ctx.body(RoleChange)
    return accounts.change_role(ctx.user, body.email, body.role, grant=body.grant)


@secured(bp, "/v1/me/sign-in-email", methods=["POST"], roles=PEOPLE)
def change_sign_in_email(ctx: RequestContext) -> SignInCodeSent:
    from chalicelib.api.models import SignInEmailChange
    from chalicelib.services.accounts import people as accounts

    return accounts.request_sign_in_email_change(_access_token(ctx), ctx.body(SignInEmailChange).email)


@secured(bp, "/v1/me/sign-in-email/verify", methods=["POST"], roles=PEOPLE)
def verify_sign_in_email(ctx: RequestContext) -> SignInEmailChanged:
    from chalicelib.api.models import SignInEmailCode
    from chalicelib.services.accounts import people as accounts

    return accounts.confirm_sign_in_email_change(_access_token(ctx), ctx.body(SignInEmailCode).code)
