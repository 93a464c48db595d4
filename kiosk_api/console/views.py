"""The staff console page and what only it needs: its strings, canned replies, and the knowledge review list."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from fastapi import APIRouter
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse

from kiosk_api.console.strings import CONSOLE_LANGUAGES, canned_replies, console_strings
from kiosk_api.deps import Language, Staff
from kiosk_api.i18n import Translator
from kiosk_api.pages import static_file
from knowledge import load_programmes
from knowledge.loader import LANGUAGES

STATIC_DIR = Path(__file__).resolve().parent / "static"
router = APIRouter(tags=["console"])

PAGE = """<!doctype html>
<html lang="el" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="/static/icon.svg" type="image/svg+xml">
<title>{title}</title>
<link rel="stylesheet" href="/staff/static/console.css">
<script type="module" src="/staff/static/console.js"></script>
</head>
<body>
<div id="console"></div>
</body>
</html>
"""


@router.get("/staff", response_class=HTMLResponse, include_in_schema=False)
def console_page() -> HTMLResponse:
    """The console: one page, drawn by console.js from the API."""
    title = console_strings(Translator("el"))["title"]
    return HTMLResponse(PAGE.format(title=title), headers={"Cache-Control": "no-store"})


@router.get("/console", include_in_schema=False)
@router.get("/console/", include_in_schema=False)
def console_guessed() -> RedirectResponse:
    """The address staff guess for the console (it is called the console everywhere) leads to it."""
    return RedirectResponse("/staff", status_code=308)


@router.get("/staff/static/{name}", include_in_schema=False)
def console_asset(name: str) -> FileResponse:
    """The console's script and styles."""
    return static_file(STATIC_DIR, name, "no-cache")


@router.get("/api/console/strings", summary="The console's text in Greek and English")
def strings() -> dict[str, Any]:
    """Every string of the staff console, per language."""
    return {code: console_strings(Translator(code)) for code in CONSOLE_LANGUAGES}


@router.get("/api/console/canned", summary="Ready answers in a citizen's language (staff)")
def canned(member: Staff, language: Language) -> list[str]:
    """Answers a caseworker can send as they are, in the conversation's language."""
    return canned_replies(Translator(language))


@router.get("/api/knowledge/review", summary="Programmes to review (staff)")
def knowledge_review(member: Staff) -> list[dict[str, Any]]:
    """Every programme with its checked and review-by dates, whether it is past them, and the review status of each
    language."""
    today = dt.date.today()
    return [
        {
            "id": programme.id,
            "name": programme.content["el"].name,
            "checked": programme.checked.isoformat(),
            "review_by": programme.review_by.isoformat(),
            "stale": programme.is_stale(today),
            "review_status": {language: programme.review_status[language] for language in LANGUAGES},
        }
        for programme in load_programmes().values()
    ]
