"""What every capability's views share (services/<capability>/views.py): a page of items."""

from typing import Any, TypedDict, cast


class Items[Item](TypedDict):
    """A list answered as `{"items": [...]}`, so a page can grow a cursor or a total without breaking callers.
    Write a concrete TypedDict for a page with more keys: a subclass of Items[X] loses X in pydantic's schema."""
    items: list[Item]


def stored_as[View](shape: type[View], stored: Any) -> View:
    """JSON the store keeps as a request model validated it or as the registry wrote it (demographics, an address,
    an imported credential's origin), read back as its view: the one place such JSON becomes a view."""
    del shape  # names the view at the call, for the reader and mypy
    return cast(View, stored)
