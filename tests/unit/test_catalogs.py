"""Every user-facing string is translated in every catalog, with its placeholders intact."""

import subprocess
import sys

import pytest
from babel.messages.pofile import read_po

from multilingual.languages import LANGUAGES
from tools.catalogs import (
    LOCALES_DIR,
    compiled_is_current,
    lost_placeholders,
    missing_translations,
    needs_review,
    read_catalog,
    template_ids,
)


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
    assert lost_placeholders(read_catalog(language)) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalog_is_current(language: str) -> None:
    assert compiled_is_current(language), "run `make catalogs`"


def test_the_check_passes_for_every_language_of_the_registry() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tools.catalogs", "check"], capture_output=True, text=True, cwd=LOCALES_DIR.parent
    )
    assert result.returncode == 0, result.stdout
    assert [line.split(":")[0] for line in result.stdout.splitlines()] == list(LANGUAGES)


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
