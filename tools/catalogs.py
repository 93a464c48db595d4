"""Catalog chores Babel's command line does not do for us: `update` (merge the template into every language,
Romani included, which `pybabel update` refuses as it has no CLDR locale) and `review` (list what needs review)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from multilingual.languages import LANGUAGES

LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
TEMPLATE = LOCALES_DIR / "messages.pot"
REVIEW_COMMENT = "needs review"
SUPPLEMENTS = LOCALES_DIR / "supplement"


def plural_forms(language: str) -> str | None:
    """The plural rule of a language CLDR does not know, from its supplement (Babel writes only CLDR's)."""
    path = SUPPLEMENTS / f"{language}.json"
    return json.loads(path.read_text(encoding="utf-8")).get("plural_forms") if path.exists() else None


def catalog_path(language: str) -> Path:
    """Return the .po file of a language."""
    return LOCALES_DIR / language / "LC_MESSAGES" / "messages.po"


def read_catalog(language: str) -> Catalog:
    """Read a language's catalog."""
    with catalog_path(language).open("rb") as file:
        return read_po(file, locale=language)


def missing_translations(catalog: Catalog) -> list[str]:
    """Return the message ids with no translation, or only a fuzzy one (which gettext does not use)."""
    missing = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings) or message.fuzzy:
            missing.append(message.id if isinstance(message.id, str) else message.id[0])
    return missing


def needs_review(catalog: Catalog) -> list[str]:
    """Return the message ids marked as needing review, or untranslated."""
    marked = [
        message.id if isinstance(message.id, str) else message.id[0]
        for message in catalog
        if message.id and (REVIEW_COMMENT in message.user_comments or "fuzzy" in message.flags)
    ]
    return marked + [msgid for msgid in missing_translations(catalog) if msgid not in marked]


def update() -> None:
    """Merge the template into every language's catalog, creating missing catalogs."""
    with TEMPLATE.open("rb") as file:
        template = read_po(file)
    for language in LANGUAGES:
        path = catalog_path(language)
        if path.exists():
            catalog = read_catalog(language)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            catalog = Catalog(locale=language, domain="messages", fuzzy=False)
        # A guessed (fuzzy) translation of a similar string would be silently wrong: new strings start empty.
        catalog.update(template, no_fuzzy_matching=True, update_header_comment=True)
        catalog.obsolete.clear()
        with path.open("wb") as file:
            write_po(file, catalog, width=110, ignore_obsolete=True)
        if rule := plural_forms(language):
            text = path.read_text(encoding="utf-8")
            if "Plural-Forms:" not in text:
                line = f'"Language: {language}\\n"\n'
                path.write_text(text.replace(line, f'{line}"Plural-Forms: {rule}\\n"\n', 1))
        print(f"{language}: {len(catalog)} strings, {len(missing_translations(catalog))} untranslated")


def review() -> int:
    """Print, per language, the strings that still need review."""
    for language in LANGUAGES:
        pending = needs_review(read_catalog(language))
        print(f"{language}: {len(pending)} string(s) need review")
        for msgid in pending:
            print(f"    {msgid[:100]!r}")
    return 0


def main() -> int:
    """Run a chore."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("chore", choices=["update", "review"])
    if parser.parse_args().chore == "update":
        update()
        return 0
    return review()


if __name__ == "__main__":
    sys.exit(main())
