"""The FastAPI application factory: `uvicorn kiosk_api.main:app`."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from urllib.parse import urlsplit

from anyio import to_thread
from fastapi import FastAPI, Request
from starlette.datastructures import MutableHeaders
from starlette.middleware.gzip import GZipMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kiosk_api import errors
from kiosk_api.appointments import reminders
from kiosk_api.appointments.views import internal as appointments_internal_router
from kiosk_api.appointments.views import router as appointments_router
from kiosk_api.centre.views import router as centre_router
from kiosk_api.channels.kiosk.views import router as kiosk_router
from kiosk_api.config import get_settings
from kiosk_api.console.views import router as console_router
from kiosk_api.conversations.views import phone_links as phone_links_router
from kiosk_api.conversations.views import router as conversations_router
from kiosk_api.danger.recogniser import recogniser
from kiosk_api.deps import STAFF_COOKIE
from kiosk_api.estimates.views import router as estimates_router
from kiosk_api.flows.retention import purge_periodically
from kiosk_api.handoff.views import router as handoff_router
from kiosk_api.health.views import router as health_router
from kiosk_api.learning.views import router as learning_router
from kiosk_api.nlg.views import router as nlg_router
from kiosk_api.pages import router as shared_pages_router
from kiosk_api.programmes.views import router as programmes_router
from kiosk_api.records.views import router as records_router
from kiosk_api.staff.views import router as staff_router

# Each citizen turn holds a thread while it waits for the bot; the default 40 would cap concurrent turns too low.
THREADS = 200


@contextlib.asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Size the thread pool for waiting turns, load the danger recogniser, and run the retention job and the
    appointment jobs (reminders, waiting-list offers) beside the hub."""
    to_thread.current_default_thread_limiter().total_tokens = THREADS
    # Loaded (or, after its data changed, trained) before the first citizen writes, not while they wait.
    await to_thread.run_sync(recogniser)
    jobs = [asyncio.create_task(purge_periodically()), asyncio.create_task(reminders.run_periodically())]
    yield
    for job in jobs:
        job.cancel()


# The pages run only their own scripts and styles: no inline script, nothing from elsewhere.
PAGE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
PAGES = ("/kiosk", "/staff", "/phone")


SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def _cross_site(request: Request) -> bool:
    """A change made with the staff session cookie must come from the hub's own pages. The cookie is SameSite=Strict
    already; this second check refuses any request whose Origin (or, failing that, Referer) is another site, as
    browsers send one of them with every change and a page elsewhere cannot forge it."""
    if request.method in SAFE_METHODS or STAFF_COOKIE not in request.cookies:
        return False
    source = request.headers.get("origin") or request.headers.get("referer") or ""
    host = request.headers.get("x-forwarded-host") or request.headers.get("host")
    return urlsplit(source).netloc != host


class Security:
    """Refuse cross-site staff changes; then every answer, a refusal too, says what it is and may not be framed, and
    the pages get a strict Content-Security-Policy. Plain ASGI rather than `@app.middleware("http")`: Starlette's
    BaseHTTPMiddleware runs every request in a task of its own behind a memory stream, a cost paid by each citizen
    turn and each of Rasa's NLG calls (docs/measuring.md, issue 22)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        page = scope["path"].startswith(PAGES)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("Referrer-Policy", "no-referrer")
                if page:
                    headers["Content-Security-Policy"] = PAGE_POLICY
                    headers["X-Frame-Options"] = "DENY"
            await send(message)

        if _cross_site(Request(scope)):
            refusal = errors.json_error(403, "cross_site_request", "This change must come from the staff console.")
            await refusal(scope, receive, send_with_headers)
        else:
            await self.app(scope, receive, send_with_headers)


class Compression:
    """gzip for pages, scripts, styles and JSON (the kiosk's first screen: 60 KB → under 20 KB), never for event
    streams: Starlette's gzip keeps a streamed body in its compressor, so a live message would wait there."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.gzip = GZipMiddleware(app, minimum_size=1000, compresslevel=6)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        streams = scope["type"] == "http" and scope["path"].endswith("/events")
        await (self.app if streams else self.gzip)(scope, receive, send)


def create_app() -> FastAPI:
    """Build the hub application (in production, only with real secrets)."""
    settings = get_settings()
    if settings.production:
        settings.check_production()
    app = FastAPI(
        title="Community Centre assistant hub",
        description=(
            "Conversation hub of the Community Centre assistant: citizen conversations on every channel, the "
            "caseworker handoff queue, staff accounts, appointments and the front desk, records and indicators, the "
            "Rasa NLG endpoint and health. Errors are JSON: "
            '`{"error": {"code", "message"}}` with a stable code.'
        ),
        version="0.1.0",
        lifespan=lifespan,
    )
    errors.install(app)
    app.add_middleware(Security)
    app.add_middleware(Compression)
    app.include_router(appointments_router)
    app.include_router(appointments_internal_router)
    app.include_router(centre_router)
    app.include_router(console_router)
    app.include_router(conversations_router)
    app.include_router(phone_links_router)
    app.include_router(estimates_router)
    app.include_router(handoff_router)
    app.include_router(learning_router)
    app.include_router(health_router)
    app.include_router(shared_pages_router)
    app.include_router(kiosk_router)
    app.include_router(nlg_router)
    app.include_router(programmes_router)
    app.include_router(records_router)
    app.include_router(staff_router)
    return app


app = create_app()
