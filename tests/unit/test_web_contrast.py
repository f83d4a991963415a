"""The web app's text colours meet WCAG 2.1 AA contrast (4.5:1 for body text) on the backgrounds they sit on."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

CSS = (Path(__file__).resolve().parents[2] / "chalicelib" / "web" / "static" / "app.css").read_text()
VARS = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", CSS))


def _luminance(hex_colour: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(fg: str, bg: str) -> float:
    a, b = sorted((_luminance(fg), _luminance(bg)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def _colour(name_or_hex: str) -> str:
    return VARS[name_or_hex] if not name_or_hex.startswith("#") else name_or_hex


PAIRS = [("ink", "bg"), ("ink", "card"), ("muted", "card"), ("brand-2", "card"), ("brand-2", "bg"),
         ("#ffffff", "brand"), ("brand", "card"), ("bad", "card"), ("#ffffff", "bad"),
         ("ok", "#dcefe3"), ("warn", "#fbeccc"), ("bad", "#f7dcdb"), ("ink", "#e6ebf1"), ("ink", "#eef2f7"),
         ("ink", "#fff6d6"), ("#ffffff", "#1b2430")]


@pytest.mark.parametrize("fg,bg", PAIRS)
def test_text_contrast_is_at_least_aa(fg: str, bg: str) -> None:
    ratio = contrast(_colour(fg), _colour(bg))
    assert ratio >= 4.5, f"{fg} on {bg}: {ratio:.2f}:1"


def test_the_focus_ring_is_visible_on_light_and_dark_backgrounds() -> None:
    # A dark outline for light pages, a yellow halo around it for the dark header (WCAG 1.4.11: 3:1).
    assert "outline: 3px solid var(--ink)" in CSS and "var(--focus)" in CSS
    assert contrast(VARS["ink"], VARS["card"]) >= 3 and contrast(VARS["focus"], VARS["brand"]) >= 3


def test_the_palette_is_the_one_the_stylesheet_defines() -> None:
    assert {"ink", "muted", "brand", "brand-2", "bg", "card", "ok", "warn", "bad"} <= set(VARS)
