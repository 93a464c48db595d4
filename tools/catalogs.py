"""Catalog chores Babel's command line does not do for us: `update` (merge the template into every language,
Romani included, which `pybabel update` refuses as it has no CLDR locale), `review` (list what needs review) and
`check` (every language of the registry, multilingual/languages.yaml, has a complete, compiled catalog)."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from multilingual.languages import LANGUAGES

# The hub reads the same directory (LOCALES_DIR, kiosk_api/config.py).
LOCALES_DIR = Path(os.environ.get("LOCALES_DIR") or Path(__file__).resolve().parent.parent / "locales")
TEMPLATE = LOCALES_DIR / "messages.pot"
REVIEW_COMMENT = "needs review"
SUPPLEMENTS = LOCALES_DIR / "supplement"
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


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


def template_ids() -> set[str]:
    """The message ids of the template (what the code asks to be translated)."""
    with TEMPLATE.open("rb") as file:
        return {message.id for message in read_po(file) if message.id}


def lost_placeholders(catalog: Catalog) -> list[str]:
    """The message ids whose translation lost or added a placeholder ("{amount}"): it would show wrong or crash.
    A plural entry has a form per plural category; every form keeps the placeholders of the source."""
    lost = []
    for message in catalog:
        if not message.id:
            continue
        source = message.id[0] if isinstance(message.id, tuple) else message.id
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        # An empty form is untranslated (the source is shown), not a changed placeholder.
        if any(form and sorted(PLACEHOLDER.findall(form)) != sorted(PLACEHOLDER.findall(source)) for form in forms):
            lost.append(source)
    return lost


def compiled_is_current(language: str) -> bool:
    """Whether the compiled catalog (what the hub reads) is at least as new as the .po."""
    po = catalog_path(language)
    mo = po.with_suffix(".mo")
    return mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime


def problems(language: str) -> list[str]:
    """What stops a language's catalog from serving every screen; empty when none."""
    if not catalog_path(language).exists():
        return [f"no catalog at {catalog_path(language)}: run `make catalogs-update` and translate it"]
    catalog = read_catalog(language)
    found = []
    if absent := template_ids() - {message.id for message in catalog if message.id}:
        found.append(f"{len(absent)} string(s) of the template are not in it: run `make catalogs-update`")
    # A language still being translated (it has a fallback in the registry) shows the English of what is missing.
    if (untranslated := missing_translations(catalog)) and LANGUAGES[language].fallback is None:
        found.append(f"{len(untranslated)} string(s) untranslated, e.g. {untranslated[0][:60]!r}")
    if lost := lost_placeholders(catalog):
        found.append(f"placeholders changed in {len(lost)} string(s), e.g. {lost[0][:60]!r}")
    if not compiled_is_current(language):
        found.append("not compiled since its last change: run `make catalogs`")
    return found


def check() -> int:
    """Print each language's state; 1 if any catalog cannot serve every screen."""
    failed = False
    for language in LANGUAGES:
        found = problems(language)
        untranslated = len(missing_translations(read_catalog(language))) if catalog_path(language).exists() else 0
        state = f"{untranslated} string(s) still in English, being translated" if untranslated else "complete"
        print(f"{language}: " + ("; ".join(found) if found else state))
        failed = failed or bool(found)
    return 1 if failed else 0


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
    parser.add_argument("chore", choices=["update", "review", "check"])
    chore = parser.parse_args().chore
    if chore == "update":
        update()
        return 0
    return check() if chore == "check" else review()


if __name__ == "__main__":
    sys.exit(main())
