"""One register and one spelling per language: every text a citizen reads (the programmes, the centre, the bookable
services and the catalogs) is checked against the language's glossary, `knowledge/glossary/<language>.yaml`.

A glossary holds `terms`, each the one form to use for a thing and the forms not to use (`not`), and `not_together`,
pairs of patterns that must not meet in one text: Romani's two spelling systems, Arabic's singular and plural
address. Patterns are regular expressions, matched without regard to case; write `\\b` for a word's edge."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from knowledge.loader import KNOWLEDGE_DIR, LANGUAGES, KnowledgeError, load_centre_file, load_programmes, load_services

GLOSSARY_DIR = KNOWLEDGE_DIR / "glossary"


@dataclass(frozen=True)
class Term:
    use: str
    avoid: tuple[re.Pattern[str], ...]


@dataclass(frozen=True)
class NotTogether:
    name: str
    one: tuple[re.Pattern[str], ...]
    other: tuple[re.Pattern[str], ...]


@dataclass(frozen=True)
class Glossary:
    language: str
    terms: tuple[Term, ...]
    not_together: tuple[NotTogether, ...]


def _patterns(path: Path, field: str, value: object) -> tuple[re.Pattern[str], ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) and item for item in value):
        raise KnowledgeError(path, field, "must be a list of patterns")
    try:
        return tuple(re.compile(item, re.IGNORECASE) for item in value)
    except re.error as error:
        raise KnowledgeError(path, field, f"is not a valid pattern: {error}") from error


@cache
def load_glossary(language: str, directory: Path = GLOSSARY_DIR) -> Glossary:
    """A language's glossary; a language without one has nothing to check."""
    path = directory / f"{language}.yaml"
    if not path.exists():
        return Glossary(language, (), ())
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict) or not set(data) <= {"terms", "not_together"}:
        raise KnowledgeError(path, "(top level)", "holds only `terms` and `not_together`")
    terms = tuple(
        Term(str(term.get("use")), _patterns(path, f"terms[{index}].not", term.get("not")))
        for index, term in enumerate(data.get("terms") or [])
    )
    pairs = tuple(
        NotTogether(
            str(pair.get("name")),
            _patterns(path, f"not_together[{index}].one", pair.get("one")),
            _patterns(path, f"not_together[{index}].other", pair.get("other")),
        )
        for index, pair in enumerate(data.get("not_together") or [])
    )
    return Glossary(language, terms, pairs)


def _catalog_texts(language: str) -> Iterator[tuple[str, str]]:
    # The catalog chores' reader (Babel, in the hub's virtualenv; the bot's never runs this check).
    from tools.catalogs import read_catalog

    for message in read_catalog(language):
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        for string in strings:
            if string:
                yield f"locales/{language}: {msgid[:60]!r}", string


def citizen_texts(language: str) -> Iterator[tuple[str, str]]:
    """Every text a citizen reads in a language, with where it comes from. Aliases are left out: they are the
    everyday names people type, misspellings and old names included, and are matched, never shown."""
    for programme in load_programmes().values():
        content = programme.content[language]
        where = f"programmes/{programme.id}.yaml {language}"
        yield f"{where} name", content.name
        for field in ("summary", "eligibility", "amounts", "how_to_apply"):
            yield f"{where} {field}", getattr(content, field)
        for index, document in enumerate(content.documents):
            yield f"{where} documents[{index}]", document
        for aspect, caveat in content.caveats.items():
            yield f"{where} caveats.{aspect}", caveat
    for path in sorted((KNOWLEDGE_DIR / "centres").glob("*.yaml")):
        text = load_centre_file(path).content[language]
        for field in ("name", "municipality", "address", "directions"):
            yield f"centres/{path.name} {language} {field}", getattr(text, field)
    for service_id, service in load_services().items():
        yield f"services.yaml {service_id} {language}", service.names[language]
    yield from _catalog_texts(language)


def problems(language: str, texts: list[tuple[str, str]] | None = None) -> list[str]:
    """What breaks the language's glossary: a form not to use, or two patterns that must not meet, in one text."""
    glossary = load_glossary(language)
    found = []
    for where, text in citizen_texts(language) if texts is None else texts:
        for term in glossary.terms:
            for pattern in term.avoid:
                if match := pattern.search(text):
                    found.append(f"{where}: {match.group(0)!r}, write {term.use!r}")
        for pair in glossary.not_together:
            one = next((m.group(0) for p in pair.one if (m := p.search(text))), None)
            other = next((m.group(0) for p in pair.other if (m := p.search(text))), None)
            if one and other:
                found.append(f"{where}: {pair.name} mixed ({one!r} with {other!r})")
    return found


def all_problems() -> dict[str, list[str]]:
    """Every language's problems."""
    return {language: problems(language) for language in LANGUAGES}
