"""Partner API: webhook endpoints, deliveries, replay, the catch-up event feed; partner clients for admins."""

from __future__ import annotations

from typing import cast

from chalice.app import Blueprint, Response

from chalicelib.api.routing import RequestContext, json_response, secured
from chalicelib.security.identity import Role
from chalicelib.services.partners.views import (
    Delivery,
    Endpoint,
    EndpointChanges,
    Feed,
    PartnerClient,
    RotatedEndpoint,
    RotatedPartnerSecret,
)
from chalicelib.services.views import Items

bp = Blueprint(__name__)
PARTNER = [Role.PARTNER]


@secured(bp, "/v1/webhooks/endpoints", methods=["POST"], roles=PARTNER)
def create_endpoint(ctx: RequestContext) -> Response:
    from chalicelib.api.models import NewEndpoint
    from chalicelib.services.partners import webhooks

    body = ctx.body(NewEndpoint)
    return json_response(webhooks.create_endpoint(ctx.user, url=body.url, event_types=body.event_types,
                                                  description=body.description), 201)


@secured(bp, "/v1/webhooks/endpoints", roles=PARTNER)
def list_endpoints(ctx: RequestContext) -> Items[Endpoint]:
    from chalicelib.services.partners import webhooks

    return webhooks.list_endpoints(ctx.user)


@secured(bp, "/v1/webhooks/endpoints/{endpoint_id}", roles=PARTNER)
def get_endpoint(ctx: RequestContext, endpoint_id: str) -> Endpoint:
    from chalicelib.services.partners import webhooks

    return webhooks.get_endpoint_view(ctx.user, endpoint_id)


@secured(bp, "/v1/webhooks/endpoints/{endpoint_id}", methods=["PATCH"], roles=PARTNER)
def patch_endpoint(ctx: RequestContext, endpoint_id: str) -> Endpoint:
    from chalicelib.api.models import EndpointPatch
    from chalicelib.services.partners import webhooks

    changes = cast(EndpointChanges, ctx.body(EndpointPatch).model_dump(exclude_unset=True))  # the model's fields
    return webhooks.update_endpoint(ctx.user, endpoint_id, changes)


@secured(bp, "/v1/webhooks/endpoints/{endpoint_id}", methods=["DELETE"], roles=PARTNER)
def delete_endpoint(ctx: RequestContext, endpoint_id: str) -> Response:
    from chalicelib.services.partners import webhooks

    webhooks.delete_endpoint(ctx.user, endpoint_id)
    return Response(body="", status_code=204)


@secured(bp, "/v1/webhooks/endpoints/{endpoint_id}/secret", methods=["POST"], roles=PARTNER)
def rotate_secret(ctx: RequestContext, endpoint_id: str) -> RotatedEndpoint:
    from chalicelib.services.partners import webhooks

    return webhooks.rotate_secret(ctx.user, endpoint_id)


@secured(bp, "/v1/webhooks/endpoints/{endpoint_id}/deliveries", roles=PARTNER)
def list_deliveries(ctx: RequestContext, endpoint_id: str) -> Items[Delivery]:
    from chalicelib.services.partners import webhooks

    return webhooks.deliveries(ctx.user, endpoint_id)


@secured(bp, "/v1/webhooks/deliveries/{delivery_id}/replay", methods=["POST"], roles=PARTNER)
def replay_delivery(ctx: RequestContext, delivery_id: str) -> Response:
    from chalicelib.services.partners import webhooks

    return json_response(webhooks.replay(ctx.user, delivery_id), 202)


@secured(bp, "/v1/partner/events", roles=PARTNER)
def partner_events(ctx: RequestContext) -> Feed:
    from chalicelib.services.partners import webhooks

    limit = ctx.query_int("limit", 100, low=1, high=500)
    return webhooks.events_after(ctx.user, ctx.query("after"), limit=limit)


@secured(bp, "/v1/partners", methods=["POST"], roles=[Role.ADMIN])
def create_partner(ctx: RequestContext) -> Response:
    from chalicelib.api.models import NewPartner
    from chalicelib.services.partners import clients as partners

    body = ctx.body(NewPartner)
    return json_response(partners.create(ctx.user, name=body.name, scopes=body.scopes, email=body.email), 201)


@secured(bp, "/v1/partners", roles=[Role.ADMIN])
def list_partners(ctx: RequestContext) -> Items[PartnerClient]:
    from chalicelib.services.partners import clients as partners

    return partners.listed()


@secured(bp, "/v1/partners/{client_id}/secret", methods=["POST"], roles=[Role.ADMIN])
def rotate_partner_secret(ctx: RequestContext, client_id: str) -> RotatedPartnerSecret:
    from chalicelib.services.partners import clients as partners

    return partners.rotate(ctx.user, client_id)
