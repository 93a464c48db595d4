"""The kiosk page and what only it needs: its strings, speech, and the QR code of a ticket. Everything is served
by the hub itself (a kiosk may have no internet): no CDN, no build step."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Annotated, Any, Literal

import segno
from fastapi import APIRouter, Query, Response
from fastapi.responses import FileResponse, HTMLResponse

from kiosk_api.appointments import calendars
from kiosk_api.appointments import service as appointments
from kiosk_api.channels.kiosk.speech import NoVoice, speech
from kiosk_api.channels.kiosk.strings import kiosk_strings
from kiosk_api.config import get_settings
from kiosk_api.deps import Db, Language
from kiosk_api.errors import ApiError
from kiosk_api.i18n import Translator
from kiosk_api.pages import static_file
from multilingual.languages import LANGUAGES

STATIC_DIR = Path(__file__).resolve().parent / "static"
router = APIRouter(tags=["kiosk"])

PAGE = """<!doctype html>
<html lang="{language}" dir="{direction}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="/static/icon.svg" type="image/svg+xml">
<title>{title}</title>
<link rel="stylesheet" href="/kiosk/static/kiosk.css">
<link rel="stylesheet" href="/kiosk/static/print.css" media="print">
<script type="module" src="/kiosk/static/kiosk.js"></script>
</head>
<body>
<main id="app" data-default-language="{language}" data-handoff-idle="{handoff_idle}" data-phone="{phone}"></main>
</body>
</html>
"""


@router.get("/kiosk", response_class=HTMLResponse, include_in_schema=False)
def kiosk_page() -> HTMLResponse:
    """The kiosk: one page, its screens drawn by kiosk.js from the API."""
    language = get_settings().default_language
    strings = kiosk_strings(Translator(language))
    return HTMLResponse(
        PAGE.format(
            language=language,
            direction=strings["direction"],
            title=strings["centre_name"],
            handoff_idle=get_settings().kiosk_handoff_idle_seconds,
            # "Continue on my phone" only where a phone can reach the hub.
            phone="yes" if get_settings().public_base_url else "",
        ),
        headers={"Cache-Control": "no-store"},
    )


PHONE_PAGE = """<!doctype html>
<html lang="{language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="/static/icon.svg" type="image/svg+xml">
<meta name="referrer" content="no-referrer">
<title>{title}</title>
<link rel="stylesheet" href="/kiosk/static/phone.css">
<script type="module" src="/kiosk/static/phone.js"></script>
</head>
<body>
<main id="app" data-default-language="{language}"></main>
</body>
</html>
"""


@router.get("/phone", response_class=HTMLResponse, include_in_schema=False)
def phone_page() -> HTMLResponse:
    """A kiosk conversation continued on the person's phone (the link's secret follows a "#")."""
    language = get_settings().default_language
    return HTMLResponse(
        PHONE_PAGE.format(language=language, title=kiosk_strings(Translator(language))["centre_name"]),
        headers={"Cache-Control": "no-store"},
    )


@router.get("/kiosk/static/{name}", include_in_schema=False)
def kiosk_asset(name: str) -> FileResponse:
    """The page's script, styles and images."""
    return static_file(STATIC_DIR, name, "public, max-age=3600")


# What the welcome screen and the language picker say in all four languages: the first screen fetches only these,
# and a language's other text once it is chosen (the first screen stays small as the kiosk's text grows).
WELCOME_KEYS = (
    "centre_name",
    "touch_to_start",
    "choose_language",
    "autonym",
    "direction",
    "back",
    "contrast",
    "larger_text",
)


@router.get("/api/kiosk/strings", summary="The kiosk's text in every language")
def strings(
    language: Language | None = None, part: Annotated[Literal["welcome"] | None, Query()] = None
) -> dict[str, Any]:
    """Every string of the kiosk page, per language, from the catalogs; `language=` one language's, or
    `part=welcome` the welcome screen's in every language."""
    languages = [language] if language else list(LANGUAGES)
    text = {code: kiosk_strings(Translator(code)) for code in languages}
    if part == "welcome":
        return {code: {key: values[key] for key in WELCOME_KEYS} for code, values in text.items()}
    return text


@router.get(
    "/api/speech",
    response_class=FileResponse,
    responses={200: {"content": {"audio/wav": {}}}},
    summary="A text read aloud",
)
def read_aloud(
    text: Annotated[str, Query(min_length=1, max_length=2000)], language: Language, voice: Language | None = None
) -> FileResponse:
    """The text as speech in the language's voice (espeak-ng, made once and cached). Romani has no voice: 404
    `no_voice`; ask again with `voice=el` to hear Romani in Greek letters with the Greek voice."""
    try:
        path = speech(text=text, voice_language=voice or language)
    except NoVoice as error:
        raise ApiError(404, "no_voice", "No voice speaks this language here.") from error
    return FileResponse(path, media_type="audio/wav", headers={"Cache-Control": "public, max-age=86400"})


@router.get(
    "/api/appointments/{reference}/qr.svg",
    response_class=Response,
    responses={200: {"content": {"image/svg+xml": {}}}},
    summary="A ticket's QR code",
)
def ticket_qr(reference: str, db: Db, key: Annotated[str, Query(max_length=64)]) -> Response:
    """A QR code a phone scans to keep the appointment: the link to its .ics at the hub's public address
    (PUBLIC_BASE_URL), or, without one, the appointment itself as text."""
    appointment = appointments.get_by_reference(db=db, reference=reference.upper())
    if appointment is None or not calendars.key_matches(appointment=appointment, key=key):
        raise ApiError(404, "unknown_reference", "No appointment with this reference and key.")
    content = calendars.ticket_qr_content(
        appointment=appointment,
        service=appointments.get_service(db=db, service_id=appointment.service_id),
        public_base_url=get_settings().public_base_url,
    )
    image = io.BytesIO()
    segno.make(content, error="m").save(image, kind="svg", scale=6, border=2, dark="#000", light="#fff")
    return Response(image.getvalue(), media_type="image/svg+xml")
