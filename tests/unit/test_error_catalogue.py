"""Every message the API can answer with, and every sentence it words for a reader, reads in English, Spanish
and Chinese.

The English template is the catalogue key (chalicelib/errors/{es,zh}.json), so this test reads the code the
way gettext's xgettext does: every template given to an error, a refusal or a Wording, every error title and
every field problem. A template written as an f-string could never be found in a catalogue, so it fails here.

    python tests/unit/test_error_catalogue.py   # prints the templates a catalogue still lacks, as JSON
"""

from __future__ import annotations

import ast
import json
import string
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
CODE = ROOT / "chalicelib"
CATALOGUES = CODE / "errors"


def _message_classes(trees: dict[Path, ast.Module]) -> set[str]:
    """The names of everything that takes a message template: errors, refusals and Wording itself."""
    from chalicelib.errors import RegistryError

    names = {"Wording", "Refusal"}
    pending = [RegistryError]
    while pending:
        cls = pending.pop()
        names.add(cls.__name__)
        pending.extend(cls.__subclasses__())
    for tree in trees.values():
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and any(
                    (isinstance(b, ast.Name) and b.id == "Refusal") or (isinstance(b, ast.Attribute) and b.attr ==
                                                                        "Refusal") for b in node.bases):
                names.add(node.name)
    return names


def _constants(tree: ast.Module) -> dict[str, str]:
    return {t.id: node.value.value for node in tree.body if isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)
            for t in node.targets if isinstance(t, ast.Name)}


def templates() -> tuple[dict[str, str], list[str]]:
    """(template -> where it is first used, and the places that build a message as an f-string)."""
    trees = {p: ast.parse(p.read_text(encoding="utf-8")) for p in sorted(CODE.rglob("*.py")) if "local" not in p.parts}
    takers = _message_classes(trees)
    found: dict[str, str] = {}
    formatted: list[str] = []
    for path, tree in trees.items():
        constants = _constants(tree)
        where = str(path.relative_to(ROOT))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else (
                node.func.attr if isinstance(node.func, ast.Attribute) else None)
            if name not in takers:
                continue
            for arg in node.args:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    found.setdefault(arg.value, f"{where}:{node.lineno}")
                    break
                if isinstance(arg, ast.Name) and arg.id in constants:
                    found.setdefault(constants[arg.id], f"{where}:{node.lineno}")
                    break
                if isinstance(arg, ast.JoinedStr | ast.BinOp):
                    formatted.append(f"{where}:{node.lineno}")
                    break
    from chalicelib.api.routing import _FIELD_PROBLEMS
    from chalicelib.domain.permit_pathway import matrix
    from chalicelib.errors import RegistryError

    for problem in _FIELD_PROBLEMS.values():
        found.setdefault(problem, "chalicelib/api/routing.py (field problems)")
    # Words that come from data rather than code: the permit matrix's core course areas.
    for area in matrix()["core_areas"].values():
        found.setdefault(area, "chalicelib/domain/data/permit_matrix.json (core_areas)")
    pending = [RegistryError]
    while pending:
        cls = pending.pop()
        found.setdefault(cls.title, f"{cls.__module__}.{cls.__name__}.title")
        pending.extend(cls.__subclasses__())
    return found, formatted


def _fields(text: str) -> list[str]:
    return sorted(name for _, name, _, _ in string.Formatter().parse(text) if name is not None)


def _words(text: str) -> str:
    """The text without its placeholders: what a translator has to translate."""
    return "".join(literal for literal, _, _, _ in string.Formatter().parse(text))


def _catalogue(language: str) -> dict[str, str]:
    loaded: dict[str, str] = json.loads((CATALOGUES / f"{language}.json").read_text(encoding="utf-8"))
    return loaded


def test_no_message_is_built_as_an_f_string() -> None:
    _, formatted = templates()
    assert formatted == [], "give these a template and values (Error(\"... {name} ...\", name=...)): " + \
        ", ".join(formatted)


def test_the_reader_finds_the_messages_it_should() -> None:
    found, _ = templates()
    assert len(found) > 200  # errors, refusals, field problems and titles across the code
    assert "No such document in the review queue." in found
    assert "Fix these fields and send again: {fields}" in found
    assert "This page link is not valid or has expired. Start again from the first page." in found


@pytest.mark.parametrize("language", ["es", "zh"])
def test_every_message_has_a_translation_with_the_same_placeholders(language: str) -> None:
    found, _ = templates()
    catalogue = _catalogue(language)
    missing = {t: w for t, w in found.items() if t not in catalogue}
    assert not missing, f"{language}.json lacks {len(missing)}: {json.dumps(missing, indent=1)[:3000]}"
    for template, translation in catalogue.items():
        assert _fields(translation) == _fields(template), (language, template)
        assert translation.strip(), template
        assert translation != template or not any(c.isalpha() for c in _words(template)), f"untranslated: {template}"
    unused = set(catalogue) - set(found)
    assert not unused, f"{language}.json has entries no code uses any more: {sorted(unused)[:20]}"


if __name__ == "__main__":
    found, _ = templates()
    language = sys.argv[1] if len(sys.argv) > 1 else "es"
    known = _catalogue(language) if (CATALOGUES / f"{language}.json").exists() else {}
    print(json.dumps({t: "" for t in found if t not in known}, ensure_ascii=False, indent=1))
