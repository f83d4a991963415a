"""What every capability's views share (services/<capability>/views.py): a page of items."""

from typing import TypedDict


class Items[Item](TypedDict):
    """A list answered as `{"items": [...]}`, so a page can grow a cursor or a total without breaking callers.
    Write a concrete TypedDict for a page with more keys: a subclass of Items[X] loses X in pydantic's schema."""
    items: list[Item]
