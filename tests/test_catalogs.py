"""Every user-facing string is translated in every catalog, with its placeholders intact."""

import re
import subprocess
import sys

import pytest
from babel.messages.pofile import read_po

from tools.catalogs import LOCALES_DIR, TEMPLATE, missing_translations, needs_review, read_catalog

LANGUAGES = ("el", "en", "ar", "rom")
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def template_ids() -> set[str]:
    with TEMPLATE.open("rb") as file:
        return {message.id for message in read_po(file) if message.id}


def test_the_template_is_up_to_date_with_the_code(tmp_path) -> None:
    fresh = tmp_path / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            str(LOCALES_DIR / "babel.cfg"),
            "--no-location",
            "-o",
            str(fresh),
            ".",
        ],
        cwd=LOCALES_DIR.parent,
        check=True,
        capture_output=True,
    )
    with fresh.open("rb") as file:
        extracted = {message.id for message in read_po(file) if message.id}
    assert extracted == template_ids(), "run `make catalogs-update` and translate the new strings"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_is_translated(language: str) -> None:
    catalog = read_catalog(language)
    assert {message.id for message in catalog if message.id} >= template_ids()
    assert missing_translations(catalog) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_their_placeholders(language: str) -> None:
    for message in read_catalog(language):
        if not message.id:
            continue
        # A plural entry has a form per plural category; every form keeps the placeholders of the source.
        source = message.id[0] if isinstance(message.id, tuple) else message.id
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        for form in forms:
            assert sorted(PLACEHOLDER.findall(form)) == sorted(PLACEHOLDER.findall(source)), source


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalog_is_current(language: str) -> None:
    po = LOCALES_DIR / language / "LC_MESSAGES" / "messages.po"
    mo = po.with_suffix(".mo")
    assert mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime, "run `make catalogs`"


def test_arabic_and_romani_are_listed_for_review() -> None:
    assert needs_review(read_catalog("ar"))
    assert needs_review(read_catalog("rom"))
    result = subprocess.run(
        [sys.executable, "-m", "tools.catalogs", "review"],
        capture_output=True,
        text=True,
        check=True,
        cwd=LOCALES_DIR.parent,
    )
    assert "ar:" in result.stdout and "rom:" in result.stdout
