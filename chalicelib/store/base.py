"""Shared table settings for every model of the single registry table."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from typing import Any

from pynamodb.attributes import DiscriminatorAttribute, UnicodeAttribute
from pynamodb.connection import Connection
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex, IncludeProjection, Projection
from pynamodb.models import Model
from pynamodb.transactions import TransactWrite

from chalicelib.config import get_settings


def iso(dt: datetime) -> str:
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def transaction() -> TransactWrite:
    """A DynamoDB transaction for writes that must agree (a decision and the records it creates)."""
    settings = get_settings()
    return TransactWrite(connection=_connection(settings.region, settings.dynamodb_endpoint_url))


@cache
def _connection(region: str, host: str | None) -> Connection:
    # One per process, as the models keep theirs: a new Connection builds a new botocore session and client,
    # which cost 55 ms of every enrolment and decision (bench/scale.py showed it).
    return Connection(region=region, host=host)


def table_meta(table_name: str | None = None) -> type:
    """A model's Meta, from the environment when the model module is imported (the registry table by default)."""
    settings = get_settings()
    return type("Meta", (), {"table_name": table_name or settings.table_name, "region": settings.region,
                             "host": settings.dynamodb_endpoint_url, "max_retry_attempts": 3,
                             "connect_timeout_seconds": 3, "read_timeout_seconds": 10})


def index_meta(name: str, projection: Projection | None = None) -> type:
    return type("Meta", (), {"index_name": name, "projection": projection or AllProjection()})


class Gsi1(GlobalSecondaryIndex[Any]):
    Meta = index_meta("gsi1")
    gsi1pk = UnicodeAttribute(hash_key=True)
    gsi1sk = UnicodeAttribute(range_key=True)


class Gsi2(GlobalSecondaryIndex[Any]):
    Meta = index_meta("gsi2")
    gsi2pk = UnicodeAttribute(hash_key=True)
    gsi2sk = UnicodeAttribute(range_key=True)


class Gsi2Keys(GlobalSecondaryIndex[Any]):
    """gsi2's keys and each item's type alone (PynamoDB filters every query on the type). Counting or dating what
    waits in a queue through gsi2 reads whole items: the processing dashboard read 6,000 waiting documents as
    13,800 read units and 4.3 s (bench/scale.py)."""

    Meta = index_meta("gsi2keys", IncludeProjection(["entity"]))
    gsi2pk = UnicodeAttribute(hash_key=True)
    gsi2sk = UnicodeAttribute(range_key=True)


class Gsi3(GlobalSecondaryIndex[Any]):
    Meta = index_meta("gsi3")
    gsi3pk = UnicodeAttribute(hash_key=True)
    gsi3sk = UnicodeAttribute(range_key=True)


class RegistryItem(Model):
    """Base of every item: generic keys, overloaded per entity as docs/data-model.md lists."""

    Meta = table_meta()
    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    gsi1pk = UnicodeAttribute(null=True)
    gsi1sk = UnicodeAttribute(null=True)
    gsi2pk = UnicodeAttribute(null=True)
    gsi2sk = UnicodeAttribute(null=True)
    gsi3pk = UnicodeAttribute(null=True)
    gsi3sk = UnicodeAttribute(null=True)
    # Single-table polymorphism: each entity is a subclass with its own discriminator value.
    entity = DiscriminatorAttribute()
    gsi1 = Gsi1()
    gsi2 = Gsi2()
    gsi2keys = Gsi2Keys()
    gsi3 = Gsi3()

    def to_public(self) -> dict[str, Any]:
        raise NotImplementedError
