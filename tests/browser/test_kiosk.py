"""The lobby kiosk in real Chromium: a session in each language (browse, ask, book by touch to the ticket), right to
left for Arabic, accessibility checked by axe-core on every screen, the idle reset that forgets everything, a
caseworker's live reply, and browsing and booking with the assistant stopped. Screenshots of every screen go to
reports/screenshots/."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import httpx
import pytest
import segno
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Locator, Page, Route, expect
from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk_api.appointments import calendars
from kiosk_api.appointments import service as appointments
from kiosk_api.appointments.slots import Slot
from kiosk_api.appointments.views.schemas import SlotOut
from kiosk_api.channels.kiosk.strings import kiosk_strings
from kiosk_api.config import get_settings
from kiosk_api.console.strings import console_strings
from kiosk_api.conversations import service as conversations
from kiosk_api.conversations.models import Conversation, Message
from kiosk_api.database import get_engine
from kiosk_api.estimates.service import disclaimer
from kiosk_api.i18n import Translator, day_and_time, money
from kiosk_api.staff import service as staff
from kiosk_api.staff.models import Role
from knowledge import load_centre, load_programmes
from tests.citizen import rendered
from tests.conftest import PASSWORD, fresh_database
from tests.hostile import HOSTILE, MEGABYTE, as_stored
from tests.hub_forks import start_forked_hub
from tools.stack import REPO_DIR, Stack, free_port

SCREENSHOTS = REPO_DIR / "reports" / "screenshots"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# A short question typed on each language's keyboard, and words of the assistant's answer to it: the food aid
# programme's name, and in Arabic (a greeting) the centre's name as the greeting gives it.
QUESTION = {"el": "τεβα", "en": "teba", "ar": "مرحبا", "rom": "teba"}


def teba(language: str) -> str:
    return load_programmes()["teba"].content[language].name


def answer_to_question(language: str) -> str:
    """Words the assistant's answer to QUESTION holds (never the hub's notice that the assistant is unavailable)."""
    return teba(language) if language != "ar" else load_centre(get_settings().centre_id).content["ar"].name


def assistant_unavailable(language: str) -> str:
    """The first sentence of what the hub says when the assistant cannot answer (Rasa down or slow)."""
    return rendered("utter_assistant_unavailable", language).split(". ")[0]


def expect_the_assistants_answer(answer: Locator, containing: str | None = None) -> None:
    """An answer in the chat is the assistant's, and says what it should: the hub's notice that the assistant is
    unavailable is a message too, and would satisfy any wait for "an answer"."""
    for language in ("el", "en", "ar", "rom"):
        expect(answer).not_to_contain_text(assistant_unavailable(language))
    if containing is not None:
        expect(answer).to_contain_text(containing)


class Kiosk:
    """A person at the kiosk, touching it; each screen photographed and checked by axe-core."""

    def __init__(self, page: Page, base_url: str, name: str) -> None:
        self.page, self.base_url, self.name, self.shots = page, base_url, name, 0
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def open(self, query: str = "") -> None:
        self.page.goto(f"{self.base_url}/kiosk{query}")
        self.page.wait_for_selector(".attract")

    def check(self, screen: str) -> None:
        """Photograph the screen, assert axe-core finds no WCAG 2.2 AA violation on it, and that every button is
        at least 48 by 48 pixels."""
        self.shots += 1
        self.page.screenshot(path=str(SCREENSHOTS / f"kiosk-{self.name}-{self.shots:02d}-{screen}.png"))
        results = Axe().run(self.page, options={"runOnly": {"type": "tag", "values": WCAG_AA}})
        assert results.violations_count == 0, f"{screen}: {results.generate_report()}"
        small = self.page.evaluate(
            """() => [...document.querySelectorAll("button")]
                .map((b) => [b.textContent, b.getBoundingClientRect()])
                .filter(([, r]) => r.width > 0 && (r.width < 48 || r.height < 48))
                .map(([text, r]) => `${text} ${Math.round(r.width)}x${Math.round(r.height)}`)"""
        )
        assert small == [], f"{screen}: touch targets under 48 px: {small}"

    def on(self, screen: str) -> None:
        """Wait for a screen, then photograph and check it."""
        self.page.wait_for_selector(f'section[data-screen="{screen}"]')
        self.check(screen)

    def touch(self, selector: str) -> None:
        self.page.locator(selector).first.click()

    def tap(self, selector: str) -> None:
        """A finger on the screen: touch events only, no mouse."""
        self.page.locator(selector).first.tap()

    def _key(self, character: str) -> Locator:
        # A space is the Space key: looked for by its text, " " matched the first key of the keyboard ("1").
        return self.page.locator(".key.space" if character == " " else ".key", has_text=character.strip()).first

    def tap_keys(self, text: str) -> None:
        for character in text:
            self._key(character).tap()

    def type(self, text: str) -> None:
        for character in text:
            self._key(character).click()

    def start(self, language: str) -> None:
        self.touch(".attract")
        self.touch(f".language[lang={language}]")
        self.page.wait_for_selector(".tiles")


@pytest.mark.rasa
@pytest.mark.parametrize("language", ["el", "en", "ar", "rom"])
def test_a_kiosk_session_browse_ask_and_book_by_touch_to_the_ticket(
    stack: Stack,
    schedule: None,
    page: Page,
    language: str,
) -> None:
    kiosk = Kiosk(page, stack.api_url, language)
    kiosk.open()
    kiosk.check("welcome")
    kiosk.touch(".attract")
    kiosk.check("languages")
    kiosk.touch(f".language[lang={language}]")
    page.wait_for_selector(".tiles")
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    assert page.locator("html").get_attribute("lang") == language
    kiosk.check("home")

    kiosk.touch(".tile[data-tile=programmes]")
    kiosk.on("programmes")
    kiosk.touch(".choice")
    page.wait_for_selector(".answer")
    summary = page.inner_text(".answer")
    kiosk.touch(".tab >> nth=3")  # documents
    expect(page.locator(".answer")).not_to_have_text(summary)
    kiosk.check("programme")

    page.goto(f"{stack.api_url}/kiosk")  # a fresh start: the kiosk keeps nothing
    kiosk.start(language)
    kiosk.touch(".tile[data-tile=ask]")  # ask a question
    page.wait_for_selector(".keyboard")
    assert page.locator("input.field").get_attribute("inputmode") == "none"
    kiosk.type(QUESTION[language])
    kiosk.touch(".key.primary")
    page.wait_for_selector(".message.theirs", timeout=30000)
    # What the answer says: test_a_programme_named_in_one_word_is_answered_with_the_programme.
    expect_the_assistants_answer(page.locator(".message.theirs").last)
    kiosk.check("chat")

    kiosk.touch(".nav")  # back home
    page.wait_for_selector('section[data-screen="home"]')
    kiosk.touch(".tile[data-tile=book]")  # book
    kiosk.on("services")
    service_name = page.locator(".choice").first.inner_text()
    kiosk.touch(".choice")
    kiosk.on("days")
    kiosk.touch(".choice")
    kiosk.on("times")
    kiosk.touch(".times .choice")
    kiosk.on("consent")
    kiosk.touch(".actions .primary")  # yes: name and phone
    kiosk.on("name")
    kiosk.type({"el": "ελενη", "en": "john", "ar": "فاطمة", "rom": "marika"}[language])
    kiosk.check("name")
    kiosk.touch(".key.primary")
    kiosk.on("phone")
    kiosk.type("6912345678")
    kiosk.touch(".key.primary")
    kiosk.on("confirm")
    kiosk.touch(".content > .primary")
    page.wait_for_selector(".ticket .reference", timeout=15000)
    reference = page.inner_text(".reference")
    assert len(reference) == 6
    expect(page.locator("img.qr")).to_have_js_property("complete", True)
    assert page.locator("img.qr").evaluate("image => image.naturalWidth") > 0
    expect(page.locator(".ticket .service")).to_have_text(service_name)
    kiosk.check("ticket")
    with Session(get_engine(stack.database_url)) as db:
        booked = appointments.get_by_reference(db=db, reference=reference)
        assert booked.language == language and booked.channel == "kiosk" and booked.phone == "+306912345678"
        service = appointments.get_service(db=db, service_id=booked.service_id)
        carried = calendars.ticket_qr_content(appointment=booked, service=service, public_base_url=None)
    # With no public address set, the QR code carries the appointment itself, never the hub's own address.
    assert service_name in carried and reference in carried and "http" not in carried
    qr = httpx.get(f"{stack.api_url}/api/appointments/{reference}/qr.svg", params={"key": booked.access_key})
    expected = io.BytesIO()
    segno.make(carried, error="m").save(expected, kind="svg", scale=6, border=2, dark="#000", light="#fff")
    assert qr.content == expected.getvalue()


@pytest.mark.rasa
@pytest.mark.parametrize(
    "language",
    ["el", "en", "ar", "rom"],
)
def test_a_programme_named_in_one_word_is_answered_with_the_programme(stack: Stack, page: Page, language: str) -> None:
    """The kiosk's question in each language is answered by the assistant: the food aid programme, or (Arabic, a
    greeting) the greeting that names the centre."""
    kiosk = Kiosk(page, stack.api_url, f"one-word-{language}")
    kiosk.open()
    kiosk.start(language)
    kiosk.tap(".tile[data-tile=ask]")
    _ask(kiosk, QUESTION[language], answer_to_question(language))


@pytest.mark.rasa
def test_a_keyboard_plugged_into_the_kiosk_types_into_its_field_and_enter_sends(stack: Stack, page: Page) -> None:
    # Named by helper-147's try: a lobby kiosk may have a keyboard (for someone who cannot use the touch keys, or a
    # caseworker helping), and the field took none of it. Typed keys, a mistake erased, Enter sends what it shows.
    kiosk = Kiosk(page, stack.api_url, "physical-keyboard")
    kiosk.open()
    kiosk.start("en")
    kiosk.tap(".tile[data-tile=ask]")
    field = page.locator("input.field")
    # Typed on arrival, without touching the field first (helper-154's try: nothing was taken until then).
    page.keyboard.type("tebx")
    page.keyboard.press("Backspace")
    expect(field).to_have_value("teb")
    # A key on the screen, then the keyboard again: Enter sends, and does not press the screen's key again (it pressed
    # "Delete" again and again: helper-154's try).
    kiosk.tap_keys("x")
    page.locator(".key.wide", has_text="Delete").click()
    expect(field).to_have_value("teb")
    page.keyboard.type("a")
    expect(field).to_have_value("teba")
    page.keyboard.press("Enter")
    expect(page.locator(".message.mine").last).to_have_text("teba")
    expect(field).to_have_value("")
    expect(page.locator(".message.theirs").last).to_contain_text(teba("en"), timeout=20000)


def test_text_from_an_input_method_reaches_the_field_and_is_sent(hub_only: Stack, page: Page) -> None:
    # Named by helper-160's try: Greek typed into the kiosk as text inserted by an input method (as a tablet's own
    # keyboard, dictation or a program gives it, not key by key) was dropped, and the read-only field refused to be
    # filled at all. The field takes inserted text as it takes keys, on arrival and after a key on the screen.
    kiosk = Kiosk(page, hub_only.api_url, "inserted-text")
    # The assistant said to be up (its tile is greyed when it is down): what matters is the citizen's message.
    up = {"status": "ok", "parts": {"rasa": "up", "action_server": "up"}}
    page.route("**/api/health", lambda route: route.fulfill(json=up))
    kiosk.open()
    kiosk.start("el")
    kiosk.tap(".tile[data-tile=ask]")
    field = page.locator("input.field")
    expect(field).to_be_focused()
    page.keyboard.insert_text("θέλω ραντεβού")
    expect(field).to_have_value("θέλω ραντεβού")
    kiosk.tap_keys(" ")  # a key on the screen keeps the field's place for what is inserted next
    page.keyboard.insert_text("αύριο")
    expect(field).to_have_value("θέλω ραντεβού αύριο")
    kiosk.tap(".key.send")
    expect(page.locator(".message.mine").last).to_have_text("θέλω ραντεβού αύριο")
    expect(field).to_have_value("")
    field.fill("ευχαριστώ")
    expect(field).to_have_value("ευχαριστώ")


def test_an_amount_field_keeps_only_what_its_keys_show_however_it_comes(hub_only: Stack, page: Page) -> None:
    # A field of an amount takes only digits, as its keys show, also from text inserted or filled in.
    kiosk = Kiosk(page, hub_only.api_url, "inserted-amount")
    kiosk.open()
    kiosk.start("en")
    kiosk.tap(".tile[data-tile=estimate]")
    kiosk.tap(".content > .primary")  # one adult
    kiosk.tap(".content > .primary")  # no children
    page.wait_for_selector('section[data-screen="estimate-monthly_income"]')
    field = page.locator("input.field")
    page.keyboard.insert_text("4o0 euro")
    expect(field).to_have_value("40")
    field.fill("€650")
    expect(field).to_have_value("650")


def test_with_a_public_address_the_ticket_qr_code_links_to_the_calendar_file_there() -> None:
    appointment = SimpleNamespace(reference="K7P2QX", access_key="secret")
    assert (
        calendars.ticket_qr_content(appointment=appointment, service=None, public_base_url="https://kentro.example.gr/")
        == "https://kentro.example.gr/api/appointments/K7P2QX/calendar.ics?key=secret"
    )


@pytest.mark.rasa
def test_the_estimator_by_touch_only_in_arabic_then_help_with_the_application(
    stack: Stack, schedule: None, page: Page
) -> None:
    kiosk = Kiosk(page, stack.api_url, "ar-estimate")
    kiosk.open()
    tap = kiosk.tap
    tap(".attract")
    tap(".language[lang=ar]")
    tap(".tile[data-tile=estimate]")
    kiosk.on("estimate-adults")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.inner_text("output.count") == "1"
    tap(".step >> nth=1")  # one more: 2 adults
    tap(".content > .primary")
    kiosk.on("estimate-children")
    for _ in range(4):
        tap(".step >> nth=1")
    tap(".step >> nth=0")  # one less: 3 children
    assert page.inner_text("output.count") == "3"
    tap(".content > .primary")
    kiosk.on("estimate-monthly_income")
    kiosk.tap_keys("400")
    tap(".key.primary")
    kiosk.on("estimate-renting")
    tap(".actions .primary")  # renting
    kiosk.on("estimate-rent")
    kiosk.tap_keys("600")
    tap(".key.primary")
    kiosk.on("estimate-single-parent")
    tap(".actions .secondary")  # not a single parent
    kiosk.on("estimate-result")

    # Worked by hand (tests/data/estimator_cases.csv, "couple three children housing cap"), written the Arabic way.
    cards = page.locator("article.estimate")
    assert cards.count() == 3
    text = page.inner_text(".content")
    for amount in (86, 210, 280):
        assert money(amount, "ar") in text
    assert disclaimer(Translator("ar")) in page.inner_text(".disclaimer")

    tap(".actions .primary")  # book help with an application
    kiosk.on("days")
    tap(".choice")
    kiosk.on("times")
    tap(".times .choice")
    kiosk.on("consent")
    assert page.inner_text(".question") == kiosk_strings(Translator("ar"))["consent_question_estimate"]
    tap(".actions .primary")
    kiosk.on("name")
    kiosk.tap_keys("امل")
    tap(".key.primary")
    kiosk.on("phone")
    kiosk.tap_keys("6912345611")
    tap(".key.primary")
    kiosk.on("confirm")
    tap(".content > .primary")
    page.wait_for_selector(".ticket .reference", timeout=15000)
    # The ticket says what to bring: the documents of the programmes the estimate found likely or could not tell.
    household = {"adults": 2, "children": 3, "monthly_income": 400, "rent": 600, "single_parent": False}
    estimate = httpx.post(f"{stack.api_url}/api/estimates", json={**household, "language": "ar"}).json()
    expected = list(
        dict.fromkeys(d for p in estimate["programmes"] if p["outcome"] != "unlikely" for d in p["documents"])
    )
    assert expected and page.locator(".ticket .documents li").all_inner_texts() == expected
    kiosk.check("ticket-documents")
    with Session(get_engine(stack.database_url)) as db:
        booked = appointments.get_by_reference(db=db, reference=page.inner_text(".reference"))
        assert booked.service_id == "application_help"
        assert booked.details == {
            "estimate": {"adults": 2, "children": 3, "monthly_income": 400, "rent": 600, "single_parent": False}
        }


@pytest.mark.rasa
def test_after_a_while_untouched_the_kiosk_forgets_everything(stack: Stack, page: Page) -> None:
    kiosk = Kiosk(page, stack.api_url, "idle")
    kiosk.open("?idle=3&prompt=3")
    kiosk.start("en")
    kiosk.touch(".tile[data-tile=ask]")
    page.wait_for_selector(".keyboard")
    kiosk.type("zebra")
    kiosk.touch(".key.primary")
    page.wait_for_selector(".message.theirs", timeout=30000)
    expect_the_assistants_answer(page.locator(".message.theirs").last)
    # Its own conversation, not a count: the other worker's tests start conversations meanwhile (a fresh-clone run).
    with Session(get_engine(stack.database_url)) as db:
        mine = db.scalars(
            select(Message.conversation_id).where(Message.text == "zebra").order_by(Message.id.desc())
        ).first()
    page.wait_for_selector(".idle", timeout=10000)
    # The screen is cleared first and the hub told after: under load (a fresh-clone run) the conversation was still
    # there when the welcome screen showed, so the hub's answer is awaited before the database is looked at.
    with page.expect_response(lambda response: response.url.endswith("/leave"), timeout=30000) as leaving:
        kiosk.check("still-there")
        page.wait_for_selector(".attract", timeout=10000)
    assert leaving.value.ok
    assert "zebra" not in page.content()
    assert page.evaluate("sessionStorage.length + localStorage.length") == 0
    assert page.evaluate("history.length") >= 1 and page.url.endswith("/kiosk?idle=3&prompt=3")
    with Session(get_engine(stack.database_url)) as db:
        assert mine is not None and db.get(Conversation, mine) is None


@pytest.mark.rasa
def test_a_caseworker_answers_the_kiosk_live_and_the_reply_is_only_text(
    stack: Stack, page: Page, caseworker: httpx.Client
) -> None:
    kiosk = Kiosk(page, stack.api_url, "person")
    kiosk.open()
    kiosk.start("ar")
    kiosk.touch(".tile[data-tile=person]")  # talk to a person
    page.wait_for_selector(".message.theirs")
    kiosk.check("waiting")
    queue = caseworker.get("/api/handoffs", params={"status": "waiting"}).json()
    handoff = max((h for h in queue if h["channel"] == "kiosk"), key=lambda h: h["id"])
    caseworker.post(f"/api/handoffs/{handoff['id']}/claim")
    for hostile in HOSTILE.values():
        sent = caseworker.post(
            f"/api/handoffs/{handoff['id']}/messages",
            content=json.dumps({"text": hostile}),
            headers={"Content-Type": "application/json"},
        )
        assert sent.status_code == 201
        expect(page.locator(".message.theirs p").last).to_have_text(as_stored(hostile), timeout=15000)
    assert page.evaluate("document.body.dataset.pwned") is None
    assert page.locator(".message img, .message script").count() == 0
    kiosk.check("reply")


def _hub_alone(tmp_path: Path, api_port: int | None = None, **environment: str) -> Iterator[Stack]:
    """The hub alone: no Rasa, no action server; a caseworker with a schedule."""
    running = Stack(
        api_port=api_port or free_port(),
        rasa_port=free_port(),
        action_port=free_port(),
        log_dir=tmp_path,
        database_url=fresh_database("sqlite", tmp_path),
    )
    with Session(get_engine(running.database_url)) as db:
        member = staff.create_member(
            db=db, email="solo@kentro.example", name="Solo", role=Role.caseworker, password=PASSWORD
        )
        appointments.set_working_plan(
            db=db, staff_id=member.id, hours=[(day, dt.time(8), dt.time(20)) for day in range(7)], breaks=[]
        )
        for service in appointments.list_services(db=db):
            appointments.set_providers(db=db, service=service, staff_ids=[member.id])
    start_forked_hub(running, **environment)
    running.wait_ready()
    yield running
    running.stop_all()


@pytest.fixture
def hub_only(tmp_path: Path) -> Iterator[Stack]:
    """The hub alone: no Rasa, no action server; a caseworker with a schedule."""
    yield from _hub_alone(tmp_path)


@pytest.fixture
def public_hub(tmp_path: Path) -> Iterator[Stack]:
    """The hub alone, knowing the address phones reach it at (here its own)."""
    port = free_port()
    yield from _hub_alone(tmp_path, api_port=port, PUBLIC_BASE_URL=f"http://127.0.0.1:{port}")


@pytest.mark.rasa
def test_with_the_assistant_stopped_browsing_and_booking_still_work(hub_only: Stack, page: Page) -> None:
    _centre(page, OPEN)  # walk-in numbers are given only while staff are in
    kiosk = Kiosk(page, hub_only.api_url, "resting")
    kiosk.open()
    kiosk.start("el")
    ask = page.locator(".tile[data-tile=ask]")
    expect(ask).to_be_disabled()
    kiosk.check("home-resting")
    kiosk.touch(".tile[data-tile=programmes]")
    page.wait_for_selector('section[data-screen="programmes"]')
    kiosk.touch(".choice")
    page.wait_for_selector(".answer")
    kiosk.touch(".nav")
    page.wait_for_selector('section[data-screen="programmes"]')
    kiosk.touch(".nav")
    page.wait_for_selector('section[data-screen="home"]')
    kiosk.touch(".tile[data-tile=book]")
    for screen, selector in (("services", ".choice"), ("days", ".choice"), ("times", ".times .choice")):
        page.wait_for_selector(f'section[data-screen="{screen}"]')
        kiosk.touch(selector)
    page.wait_for_selector('section[data-screen="consent"]')
    kiosk.touch(".actions .secondary")  # no name or phone
    page.wait_for_selector('section[data-screen="confirm"]')
    kiosk.touch(".content > .primary")
    page.wait_for_selector(".ticket .reference", timeout=15000)

    # Checking in with a wrong code, then taking a walk-in number instead.
    kiosk.touch(".bar .nav")
    page.wait_for_selector('section[data-screen="home"]')
    kiosk.touch(".tile[data-tile=checkin]")
    kiosk.on("checkin")
    kiosk.type("ZZZZZZ")
    kiosk.touch(".key.primary")
    page.wait_for_selector("section[data-screen=checkin] .error")
    kiosk.touch(".content > .primary")
    kiosk.on("reasons")
    kiosk.touch(".choice")
    kiosk.on("number")
    assert page.inner_text(".number").isdigit()


def _queue_row(page: Page, channel: str) -> Locator:
    """The newest row of the console's queue from a channel, by the channel's name in either console language."""
    names = {console_strings(Translator(language))["words"]["channel"][channel] for language in ("el", "en")}
    return page.locator(".queue tbody tr").filter(has_text=re.compile("|".join(map(re.escape, names)))).last


LANDMARK_RULES = ["landmark-one-main", "landmark-no-duplicate-main", "landmark-main-is-top-level", "landmark-unique"]


class Console:
    """A caseworker at the staff console."""

    def __init__(self, page: Page, base_url: str, name: str = "") -> None:
        self.page, self.base_url, self.shots = page, base_url, 0
        self.prefix = f"console-{name}-" if name else "console-"

    def check(self, screen: str) -> None:
        self.shots += 1
        self.page.screenshot(path=str(SCREENSHOTS / f"{self.prefix}{self.shots:02d}-{screen}.png"), full_page=True)
        results = Axe().run(self.page, options={"runOnly": {"type": "tag", "values": WCAG_AA}})
        assert results.violations_count == 0, f"{screen}: {results.generate_report()}"
        # One main region, not inside another: what a screen reader's "jump to main" relies on.
        landmarks = Axe().run(self.page, options={"runOnly": {"type": "rule", "values": LANDMARK_RULES}})
        assert landmarks.violations_count == 0, f"{screen}: {landmarks.generate_report()}"

    def log_in(self, email: str) -> None:
        self.page.goto(f"{self.base_url}/staff")
        self.page.wait_for_selector("#email")
        self.check("login")
        self.page.fill("#email", email)
        self.page.fill("#password", PASSWORD)
        self.page.click("button[type=submit]")
        self.page.wait_for_selector(".queue")


@pytest.mark.rasa
def test_a_caseworker_claims_a_kiosk_handoff_in_the_console_and_the_kiosk_shows_the_reply(
    stack: Stack, browser: Browser, caseworker: httpx.Client
) -> None:
    kiosk_context = browser.new_context(viewport={"width": 1280, "height": 1024}, has_touch=True)
    staff_context = browser.new_context(viewport={"width": 1280, "height": 900})
    staff_context.add_init_script("localStorage.setItem('console-language', 'en')")
    kiosk = Kiosk(kiosk_context.new_page(), stack.api_url, "console")
    console = Console(staff_context.new_page(), stack.api_url)
    try:
        kiosk.open()
        kiosk.start("en")
        kiosk.touch(".tile[data-tile=person]")
        kiosk.page.wait_for_selector(".message.theirs")
        console.log_in("maria@kentro.example")
        console.check("queue")
        _queue_row(console.page, "kiosk").locator(".entry").click()
        console.page.wait_for_selector(".transcript")
        console.page.click("button.primary")  # claim
        console.page.wait_for_selector("#reply")
        console.check("conversation")
        console.page.locator(".chip").first.click()
        reply = console.page.input_value("#reply")
        assert reply.strip(), "the ready answer put nothing in the reply box"
        console.page.click(".actions > button.primary")  # send
        # The caseworker's own words, once: the notice that staff joined is on the kiosk already, and is no reply.
        expect(kiosk.page.locator(".message.theirs").filter(has_text=reply)).to_have_count(1, timeout=15000)
        expect(kiosk.page.locator(".message.theirs").last).to_contain_text(reply)
        # The queue's "Ask the assistant instead" is of the past once a caseworker has joined (an independent try
        # pressed it and was told staff would answer the next morning).
        back = kiosk.page.get_by_role("button", name=Translator("en").gettext("Ask the assistant instead"))
        expect(back).to_be_disabled()
        for view in ("Today", "Knowledge review", "Reports"):
            console.page.get_by_role("button", name=view, exact=True).click()
            console.page.wait_for_selector(f"h1:text-is('{view}')")
            console.check(view.lower().replace(" ", "-"))
    finally:
        kiosk_context.close()
        staff_context.close()


# The console's answer for one conversation arrives late (a slow hub), and the page notes when it has.
SLOW_CONVERSATION = """
const realFetch = window.fetch;
window.fetch = async (...args) => {
  const response = await realFetch(...args);
  if (/\\/api\\/handoffs\\/\\d+$/.test(String(args[0]))) {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    setTimeout(() => { document.documentElement.dataset.lateAnswer = "arrived"; }, 300);
  }
  return response;
};
"""


@pytest.mark.rasa
def test_a_late_answer_does_not_pull_the_caseworker_back_to_the_screen_they_left(
    stack: Stack, page: Page, caseworker: httpx.Client
) -> None:
    page.context.add_init_script("localStorage.setItem('console-language', 'en')")
    page.context.add_init_script(SLOW_CONVERSATION)
    citizen = httpx.Client(base_url=stack.api_url, timeout=60)
    created = citizen.post("/api/conversations", json={"channel": "web", "language": "en"}).json()
    auth = {"Authorization": f"Bearer {created['token']}"}
    citizen.post(f"/api/conversations/{created['id']}/handoff", headers=auth)
    Console(page, stack.api_url).log_in("maria@kentro.example")
    _queue_row(page, "web").locator(".entry").click()
    page.get_by_role("button", name="Today", exact=True).click()  # before the conversation has come
    page.wait_for_selector("html[data-late-answer=arrived]", state="attached")
    expect(page.locator("h1")).to_have_text("Today")
    expect(page.locator(".transcript")).to_have_count(0)


@pytest.mark.rasa
def test_hostile_citizen_text_is_shown_in_the_console_exactly_and_harmlessly(
    stack: Stack, page: Page, caseworker: httpx.Client
) -> None:
    page.context.add_init_script("localStorage.setItem('console-language', 'en')")
    citizen = httpx.Client(base_url=stack.api_url, timeout=60)
    created = citizen.post("/api/conversations", json={"channel": "web", "language": "en"}).json()
    auth = {"Authorization": f"Bearer {created['token']}", "Content-Type": "application/json"}
    citizen.post(f"/api/conversations/{created['id']}/handoff", headers=auth)
    texts = [*HOSTILE.values(), MEGABYTE]
    for text in texts:
        sent = citizen.post(
            f"/api/conversations/{created['id']}/messages", content=json.dumps({"text": text}), headers=auth
        )
        assert sent.status_code == 200
    [handoff] = [h for h in caseworker.get("/api/handoffs").json() if h["conversation_id"] == created["id"]]
    console = Console(page, stack.api_url)
    console.log_in("maria@kentro.example")
    page.goto(f"{stack.api_url}/staff")
    page.wait_for_selector(".queue")
    _queue_row(page, "web").locator(".entry").click()
    page.wait_for_selector(".transcript")
    shown = page.locator(".transcript .from-citizen p")
    expect(shown).to_have_count(len(texts))
    assert shown.evaluate_all("nodes => nodes.map((node) => node.textContent)") == [as_stored(t) for t in texts]
    assert page.evaluate("document.body.dataset.pwned") is None
    assert page.locator(".transcript img, .transcript script").count() == 0
    # Each message keeps its direction controls to itself: the line after it reads left to right as usual.
    assert shown.evaluate_all("nodes => nodes.map((node) => node.dir)") == ["auto"] * len(texts)
    assert page.locator(".transcript .meta").last.evaluate("node => getComputedStyle(node).direction") == "ltr"
    assert handoff["channel"] == "web"


@pytest.mark.rasa
def test_the_administration_page_lists_accounts_and_services(stack: Stack, page: Page) -> None:
    with Session(get_engine(stack.database_url)) as db:
        if staff.get_member_by_email(db=db, email="admin@kentro.example") is None:
            staff.create_member(db=db, email="admin@kentro.example", name="Άννα", role=Role.admin, password=PASSWORD)
    page.context.add_init_script("localStorage.setItem('console-language', 'en')")
    console = Console(page, stack.api_url)
    console.log_in("admin@kentro.example")
    page.get_by_role("button", name="Administration").click()
    page.wait_for_selector("h1:text-is('Administration')")
    expect(page.locator("table").first).to_contain_text("admin@kentro.example")
    console.check("administration")


@pytest.mark.rasa
def test_the_desk_calendar_books_moves_and_cancels(
    stack: Stack, schedule: None, page: Page, caseworker: httpx.Client
) -> None:
    page.context.add_init_script("localStorage.setItem('console-language', 'en')")
    console = Console(page, stack.api_url)
    console.log_in("maria@kentro.example")
    page.get_by_role("button", name="Today", exact=True).click()
    page.wait_for_selector(".calendar")
    page.select_option("#calendar-staff", label="Σοφία")
    page.wait_for_selector(".calendar")
    page.get_by_role("button", name="Week").click()
    page.wait_for_selector(".days-7")
    # She is looking at last week when the citizen comes to the desk: the calendar then shows the week booked (on a
    # Sunday, or from Friday evening, the first free time is next week).
    page.get_by_role("button", name="Previous week").click()
    page.select_option("#book-service", "application_help")
    page.select_option("#book-language", "ar")
    page.check("#book-consent")
    page.fill("#book-name", "Layla")
    page.fill("#book-phone", "6912345699")
    page.get_by_role("button", name="Free times").click()
    page.locator(".booking .time").first.click()
    booked = page.locator(".days-7 li.status-booked", has_text="Layla").first
    expect(booked).to_be_visible()
    console.check("calendar")
    reference = booked.inner_text().split(" · ")[1]
    with Session(get_engine(stack.database_url)) as db:
        appointment = appointments.get_by_reference(db=db, reference=reference)
        assert appointment.language == "ar" and appointment.name == "Layla" and appointment.channel == "desk"
        first_start = appointment.starts_at
    booked.get_by_role("button", name="Move").click()
    page.wait_for_selector(".time")
    page.locator(".time").nth(1).click()
    page.wait_for_selector(".calendar")
    with Session(get_engine(stack.database_url)) as db:
        assert appointments.get_by_reference(db=db, reference=reference).starts_at != first_start
    row = page.locator(".days-7 li.status-booked", has_text=reference)
    row.get_by_role("button", name="Cancel").click()
    # One press gives nothing away: asked once more (an independent try cancelled with one click, next to Move).
    row.get_by_role("button", name="No, keep it").click()
    expect(row.get_by_role("button", name="Yes, cancel it")).to_have_count(0)
    row.get_by_role("button", name="Cancel").click()
    row.get_by_role("button", name="Yes, cancel it").click()
    page.wait_for_selector(f".days-7 li.status-cancelled:has-text('{reference}')")
    expect(page.locator("#view > p[role=status]")).to_contain_text(f"Cancelled: {reference}.")


@pytest.mark.rasa
def test_an_admin_creates_an_account_and_sets_its_working_plan(stack: Stack, page: Page) -> None:
    with Session(get_engine(stack.database_url)) as db:
        if staff.get_member_by_email(db=db, email="admin@kentro.example") is None:
            staff.create_member(db=db, email="admin@kentro.example", name="Άννα", role=Role.admin, password=PASSWORD)
    page.context.add_init_script("localStorage.setItem('console-language', 'en')")
    console = Console(page, stack.api_url)
    console.log_in("admin@kentro.example")
    page.get_by_role("button", name="Administration").click()
    page.fill("#new-email", "nikos@kentro.example")
    page.fill("#new-name", "Νίκος")
    page.fill("#new-password", "a long enough password")
    page.get_by_role("button", name="Create account").last.click()
    row = page.locator("tr", has_text="nikos@kentro.example")
    row.get_by_role("button", name="Working plan").click()
    page.wait_for_selector("#start-0")
    console.check("working-plan")
    page.fill("#start-0", "09:00")
    page.fill("#end-0", "13:00")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_have_text("Saved.")
    with Session(get_engine(stack.database_url)) as db:
        member = staff.get_member_by_email(db=db, email="nikos@kentro.example")
        hours, _ = appointments.working_plan(db=db, staff_id=member.id)
    assert [(h.weekday, h.start, h.end) for h in hours] == [(0, dt.time(9), dt.time(13))]


def _talk_to_a_person(page: Page, base_url: str, name: str, language: str, query: str = "") -> Kiosk:
    """A person at the kiosk who has asked for a person, with the first answer on screen."""
    kiosk = Kiosk(page, base_url, name)
    kiosk.open(query)
    kiosk.start(language)
    kiosk.touch(".tile[data-tile=person]")
    page.wait_for_selector(".message.theirs")
    return kiosk


def _hub_answers(page: Page, text: str, language: str, buttons: list[dict] | None = None, urgent: bool = False) -> None:
    """The hub answers every message the kiosk sends with one reply, the conversation waiting for staff (what the
    screen does with an answer, whatever the model or the hub's clock would say)."""
    reply = {
        "sender": "system",
        "text": text,
        "buttons": buttons or [],
        "language": language,
        "created_at": "2026-12-06T21:00:00Z",
        "attachments": [],
    }
    ids = iter(range(10**6, 2 * 10**6))

    def answer(route: Route) -> None:
        if route.request.method != "POST":
            route.fallback()
            return
        # Each answer a message of its own, as the hub's are (one id again would be taken for one already shown).
        messages = [{**reply, "id": next(ids)}]
        route.fulfill(json={"messages": messages, "state": "waiting", "language": language, "urgent": urgent})

    page.route("**/messages", answer)


def _kiosk_handoff(caseworker: httpx.Client) -> dict:
    """The newest kiosk handoff in the queue, waiting or held."""
    queue = caseworker.get("/api/handoffs").json()
    return max((h for h in queue if h["channel"] == "kiosk"), key=lambda h: h["id"])


@pytest.mark.rasa
def test_a_citizen_waiting_for_a_caseworker_stays_while_staff_write_and_sees_each_message_once(
    stack: Stack, page: Page, caseworker: httpx.Client
) -> None:
    # Idle after 3 s, 3 s to answer: a caseworker writing every 2 s for 14 s spans more than two idle periods.
    kiosk = _talk_to_a_person(page, stack.api_url, "staff-writes", "en", "?idle=3&prompt=3&handoff_idle=3")
    kiosk.type("hello")
    kiosk.touch(".key.primary")
    handoff = _kiosk_handoff(caseworker)
    caseworker.post(f"/api/handoffs/{handoff['id']}/claim")
    for number in range(7):
        sent = caseworker.post(f"/api/handoffs/{handoff['id']}/messages", json={"text": f"reply number {number}"})
        assert sent.status_code == 201
        page.wait_for_timeout(2000)
    expect(page.locator(".message.theirs", has_text="reply number 6")).to_have_count(1, timeout=10000)
    assert page.locator(".attract").count() == 0, "the screen was reset while a caseworker was writing"
    assert caseworker.get(f"/api/handoffs/{handoff['id']}").status_code == 200
    assert page.locator(".message.mine", has_text="hello").count() == 1
    for number in range(7):
        assert page.locator(".message.theirs", has_text=f"reply number {number}").count() == 1


@pytest.mark.rasa
def test_when_the_caseworker_closes_the_conversation_the_kiosk_says_so(
    stack: Stack, page: Page, caseworker: httpx.Client
) -> None:
    kiosk = _talk_to_a_person(page, stack.api_url, "closed", "en", "?idle=4&prompt=30&handoff_idle=60")
    handoff = _kiosk_handoff(caseworker)
    caseworker.post(f"/api/handoffs/{handoff['id']}/claim")
    caseworker.post(f"/api/handoffs/{handoff['id']}/messages", json={"text": "All done, take care."})
    expect(page.locator(".message.theirs", has_text="All done")).to_have_count(1, timeout=15000)
    # The console's "Resolve": the conversation does not go back to the assistant.
    assert caseworker.post(f"/api/handoffs/{handoff['id']}/resolve", json={"return_to_bot": False}).status_code == 200
    expect(page.locator(".message.theirs").last).to_contain_text("closed this conversation", timeout=15000)
    kiosk.check("handoff-closed")
    # Nobody is on the conversation any more: the usual wait, and the usual question, not "with our staff".
    page.wait_for_selector(".idle", timeout=10000)
    expect(page.locator(".idle")).not_to_contain_text("staff")


@pytest.mark.rasa
def test_a_kiosk_reset_during_a_handoff_leaves_the_transcript_to_staff(
    stack: Stack, page: Page, caseworker: httpx.Client
) -> None:
    kiosk = _talk_to_a_person(page, stack.api_url, "walked-away", "en", "?idle=5&prompt=2&handoff_idle=3")
    kiosk.type("rentproblem")
    kiosk.touch(".key.primary")
    expect(page.locator(".message.mine", has_text="rentproblem")).to_have_count(1)
    handoff = _kiosk_handoff(caseworker)
    page.wait_for_selector(".attract", timeout=20000)  # the person walked away: the screen clears
    kept = caseworker.get(f"/api/handoffs/{handoff['id']}")
    assert kept.status_code == 200, "the caseworker lost the conversation"
    assert "rentproblem" in json.dumps(kept.json(), ensure_ascii=False)
    assert "left" in json.dumps(kept.json(), ensure_ascii=False)
    caseworker.post(f"/api/handoffs/{handoff['id']}/claim")
    assert caseworker.post(f"/api/handoffs/{handoff['id']}/resolve", json={"return_to_bot": False}).status_code == 200


# What a slip of the program shows on screen.
STRAY = re.compile(r"\[object |\bnull\b|\bundefined\b")


@pytest.mark.rasa
@pytest.mark.parametrize("language", ["rom", "en"])
def test_no_stray_program_text_or_missing_glyph_on_the_happy_path(stack: Stack, page: Page, language: str) -> None:
    kiosk = Kiosk(page, stack.api_url, f"stray-{language}")
    kiosk.open()
    kiosk.start(language)
    kiosk.touch(".tile[data-tile=checkin]")
    page.wait_for_selector('section[data-screen="checkin"]')
    expect(page.locator("#app")).not_to_have_text(STRAY)
    kiosk.touch(".nav")
    kiosk.touch(".tile[data-tile=programmes]")
    page.wait_for_selector('section[data-screen="programmes"]')
    kiosk.touch(".choice")
    page.wait_for_selector(".answer")
    expect(page.locator("#app")).not_to_have_text(STRAY)
    # No emoji: Debian has no emoji font, so one shows as an empty box; the page draws its own icons.
    assert not re.search(r"[\U0001F300-\U0001FAFF\u2600-\u27BF]", page.locator("#app").inner_text())
    kiosk.check("programme-answer-icons")


@pytest.mark.rasa
def test_a_message_to_a_caseworker_appears_once(stack: Stack, page: Page, caseworker: httpx.Client) -> None:
    kiosk = _talk_to_a_person(page, stack.api_url, "once", "el")
    kiosk.type("καλημερα")
    kiosk.touch(".key.primary")
    handoff = _kiosk_handoff(caseworker)
    caseworker.post(f"/api/handoffs/{handoff['id']}/claim")
    caseworker.post(f"/api/handoffs/{handoff['id']}/messages", json={"text": "Καλημέρα σας"})
    expect(page.locator(".message.theirs", has_text="Καλημέρα σας")).to_have_count(1, timeout=15000)
    expect(page.locator(".message.mine", has_text="καλημερα")).to_have_count(1)


# A 1080 × 1920 touch screen standing upright, as in most lobbies.
PORTRAIT = {"width": 1080, "height": 1920}


@pytest.fixture
def portrait(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=PORTRAIT, has_touch=True)
    yield context.new_page()
    context.close()


def _ask(kiosk: Kiosk, text: str, answer: str | None = None) -> None:
    """Type a question on the on-screen keyboard, send it, and wait for the assistant's answer (which holds `answer`,
    when given)."""
    answers = kiosk.page.locator(".message.theirs").count()
    kiosk.tap_keys(text)
    kiosk.tap(".key.send")
    expect(kiosk.page.locator(".message.theirs")).not_to_have_count(answers, timeout=20000)
    kiosk.page.wait_for_function("!document.querySelector('.log').lastElementChild.classList.contains('mine')")
    expect_the_assistants_answer(kiosk.page.locator(".message.theirs").last, answer)


def _inside(box: dict | None, viewport: dict) -> bool:
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"] + 1


# Lobby screens on their side that are smaller than full HD: 16:10 and the common 1366 × 768.
SMALLER_SCREENS = ({"width": 1280, "height": 800}, {"width": 1366, "height": 768})


# Each word of the tiles' titles on one line: a word broken across two ("Προγράμματ / α") is hard to read.
_BROKEN_WORDS = """() => [...document.querySelectorAll('.tile-title')].flatMap((title) => {
  const text = title.firstChild; const broken = []; let at = 0;
  for (const word of text.textContent.split(' ')) {
    const range = document.createRange(); range.setStart(text, at); range.setEnd(text, at + word.length);
    const lines = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)));
    if (lines.size > 1) broken.push(word);
    at += word.length + 1;
  }
  return broken;
})"""


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 1024}, {"width": 1920, "height": 1080}])
def test_with_larger_text_on_a_screen_on_its_side_every_tile_is_whole_and_no_word_broken(
    hub_only: Stack, browser: Browser, viewport: dict
) -> None:
    # Found by helper-92's try at 1280 × 1024 with larger text: "Talk to a person" and checking in were below the
    # screen, and the first tile's title broke mid-word ("Προγράμματ / α").
    context = browser.new_context(viewport=viewport, has_touch=True)
    page = context.new_page()
    kiosk = Kiosk(page, hub_only.api_url, f"larger-home-{viewport['width']}")
    kiosk.open()
    kiosk.start("el")
    kiosk.tap(".tools .large")
    seen = {"height": page.locator(".tools").bounding_box()["y"]}
    for tile in page.locator(".tile").all():
        assert _inside(tile.bounding_box(), seen), f"{tile.inner_text()!r} is off the screen"
        assert tile.evaluate("t => t.scrollHeight <= t.clientHeight + 1"), f"{tile.inner_text()!r} is cut"
    assert page.evaluate(_BROKEN_WORDS) == []
    kiosk.check("home-larger-text")
    context.close()


@pytest.mark.rasa
@pytest.mark.parametrize("larger_text", [False, True])
def test_on_a_5_4_screen_the_answer_has_most_of_the_height_beside_the_keyboard(
    stack: Stack, page: Page, larger_text: bool
) -> None:
    # Found by helper-92's try at 1280 × 1024: the keyboard under the messages left the answer a strip of 248 px
    # (103 px with larger text), a line or two of a sourced answer, its buttons far below.
    kiosk = Kiosk(page, stack.api_url, f"five-four{'-larger' if larger_text else ''}")
    kiosk.open()
    kiosk.start("el")
    if larger_text:
        kiosk.tap(".tools .large")
    kiosk.tap(".tile[data-tile=ask]")
    page.wait_for_selector(".keyboard")
    page.eval_on_selector("input.field", "(field, text) => { field.value = text; }", "pws kanw aitisi gia to KEA?")
    kiosk.tap(".key.send")
    expect(page.locator(".message.theirs").last).to_contain_text("Ελάχιστο Εγγυημένο Εισόδημα", timeout=20000)
    log = page.locator(".log").bounding_box()
    # The messages' strip and, under it when the answer runs on, its own "More below": the answer's part of the screen.
    more = page.locator(".more-below")
    below = more.bounding_box() if more.is_visible() else None
    answer_height = (below["y"] + below["height"] - log["y"]) if below else log["height"]
    assert log is not None and answer_height >= 0.6 * 1024, (log, below)
    seen = {"height": page.locator(".tools").bounding_box()["y"]}
    assert _inside(page.locator(".key.send").bounding_box(), seen)
    kiosk.check("answer-beside-keyboard")


def test_with_larger_text_a_long_answer_says_there_is_more_below_and_shows_it(
    hub_only: Stack, browser: Browser
) -> None:
    # Found by an independent try at 800 × 1280 with larger text: the helplines filled the messages' strip and the
    # question "are you in danger right now?" and its Yes and No were below it, with nothing to say there was more.
    context = browser.new_context(viewport={"width": 800, "height": 1280}, has_touch=True)
    page = context.new_page()
    kiosk = _talk_to_a_person(page, hub_only.api_url, "more-below", "en")
    kiosk.tap(".tools .large")
    lines = "\n".join(f"{1000 + n} — a helpline that listens day and night" for n in range(12))

    text = f"If you or someone near you is thinking of suicide, please call now:\n{lines}\n\nAre you in danger now?"
    _hub_answers(page, text, "en", buttons=[{"title": "Yes, we need help now", "payload": "hub:danger:yes:1"}])
    kiosk.tap_keys("tired")
    kiosk.tap(".key.send")
    yes = page.get_by_role("button", name="Yes, we need help now")
    expect(yes).to_have_count(1)
    expect(yes).not_to_be_in_viewport()  # the premise: the answer is read from its start, the question below
    more = page.locator(".more-below")
    expect(more).to_be_in_viewport(ratio=1)
    expect(more).to_contain_text(_strings("en")["more_below"])
    # Under the messages, never over them: laid over them it hid the numbers, then the Yes and No (a second try).
    strip, pill = page.locator(".log").bounding_box(), more.bounding_box()
    assert pill["y"] >= strip["y"] + strip["height"] - 1, (strip, pill)
    kiosk.check("more-below")
    for _ in range(20):  # tapped until the end of the conversation is in view
        if more.is_hidden():
            break
        more.tap()
        page.wait_for_timeout(100)
    expect(more).to_be_hidden()  # the end reached: nothing more below
    strip, button = page.locator(".log").bounding_box(), yes.bounding_box()
    assert strip["y"] <= button["y"] and button["y"] + button["height"] <= strip["y"] + strip["height"] + 1
    context.close()


def test_a_long_answer_is_read_from_its_start_under_the_words_it_answers(hub_only: Stack, portrait: Page) -> None:
    # Named by helper-160's try: the answer was scrolled to the top of the strip and the person's own message went out
    # of view above it, so what was answered was no longer on the screen. The question stays in view over the start
    # of its answer, in a conversation already under way too (and out of hours, when a booking is offered above).
    page = portrait
    kiosk = _talk_to_a_person(page, hub_only.api_url, "question-in-view", "en")
    lines = "\n".join(f"{1000 + n} — a helpline that listens day and night" for n in range(40))
    _hub_answers(page, f"Please call now:\n{lines}\n\nAre you in danger now?", "en")
    strip = page.locator(".log")
    for question in ("tired", "so tired"):
        kiosk.tap_keys(question)
        kiosk.tap(".key.send")
        expect(page.locator(".message.theirs").last).to_contain_text("Please call now")
        page.wait_for_timeout(300)  # scrolled as the answer arrived
        box = strip.bounding_box()
        mine, answer = page.locator(".message.mine").last, page.locator(".message.theirs").last
        expect(mine).to_have_text(question)
        for what, element in (("the question", mine), ("the answer's first line", answer.locator("p").first)):
            top = element.bounding_box()["y"]
            assert box["y"] - 1 <= top <= box["y"] + box["height"] * 0.5, (what, top, box)
    kiosk.check("question-over-its-answer")


@pytest.mark.rasa
def test_on_a_smaller_screen_on_its_side_every_key_is_on_screen_and_in_its_row(stack: Stack, browser: Browser) -> None:
    """An independent try at 1280 × 800: the keyboard's rows wrapped (eight keys, then two), the last rows and Send
    fell below the screen, and nobody could send a message. Each row now fits its half of the screen."""
    for viewport in SMALLER_SCREENS:
        for language in ("rom", "ar", "el"):
            context = browser.new_context(viewport=viewport, has_touch=True)
            page = context.new_page()
            kiosk = Kiosk(page, stack.api_url, f"small-{viewport['width']}-{language}")
            kiosk.open()
            kiosk.start(language)
            where = f"{language} at {viewport['width']} × {viewport['height']}"
            # Every choice of the first screen is whole on it: "Talk to a person" was below the bottom bar.
            seen = {"height": page.locator(".tools").bounding_box()["y"]}
            for tile in page.locator(".tile").all():
                assert _inside(tile.bounding_box(), seen), f"{where}: {tile.inner_text()!r} is off the screen"
                assert tile.evaluate(
                    "t => t.scrollHeight <= t.clientHeight + 1"
                ), f"{where}: {tile.inner_text()!r} is cut"
            kiosk.check("home")
            kiosk.tap(".tile[data-tile=ask]")
            page.wait_for_selector(".keyboard")
            for row in page.locator(".keyboard .keys").all():
                tops = {round(key.bounding_box()["y"]) for key in row.locator(".key").all()}
                assert len(tops) == 1, f"{where}: a row of the keyboard wrapped ({row.inner_text()!r})"
            # Seen means above the tools' bar at the bottom, which the conversation's part of the screen ends at.
            for key in page.locator(".keyboard .key").all():
                box = key.bounding_box()
                assert _inside(box, seen), f"{where}: {key.inner_text()!r} is off the screen"
                assert key.evaluate("k => k.scrollWidth <= k.clientWidth"), f"{where}: {key.inner_text()!r} is cut off"
                assert (
                    box["width"] >= 44 and box["height"] >= 44
                ), f"{where}: {key.inner_text()!r} is too small to touch"
            assert page.evaluate("document.scrollingElement.scrollWidth") <= viewport["width"], where
            kiosk.check("chat")
            context.close()


@pytest.mark.rasa
def test_after_ten_turns_the_keyboard_stays_on_screen_and_the_newest_answer_is_in_view(
    stack: Stack, portrait: Page
) -> None:
    kiosk = Kiosk(portrait, stack.api_url, "ten-turns")
    kiosk.open()
    kiosk.start("en")
    kiosk.tap(".tile[data-tile=ask]")
    portrait.wait_for_selector(".keyboard")
    for _ in range(10):
        _ask(kiosk, "teba", teba("en"))
    assert _inside(portrait.locator(".keyboard").bounding_box(), PORTRAIT), "the keyboard left the screen"
    assert _inside(portrait.locator(".field").bounding_box(), PORTRAIT), "the text field left the screen"
    # Only the messages scroll, and the newest one is where the person looks.
    log = portrait.locator(".log").bounding_box()
    newest = portrait.locator(".log > .message").last.bounding_box()
    assert newest is not None and log is not None
    assert newest["y"] < log["y"] + log["height"] and newest["y"] + newest["height"] <= log["y"] + log["height"] + 1
    assert portrait.evaluate("document.scrollingElement.scrollHeight") <= PORTRAIT["height"]
    kiosk.check("chat-after-ten-turns")


@pytest.mark.rasa
def test_only_the_newest_answer_buttons_can_be_pressed(stack: Stack, page: Page) -> None:
    kiosk = Kiosk(page, stack.api_url, "old-buttons")
    kiosk.open()
    kiosk.start("en")
    kiosk.touch(".tile[data-tile=ask]")
    _ask(kiosk, "teba", teba("en"))
    _ask(kiosk, "teba", teba("en"))
    answers = page.locator(".message.theirs").filter(has=page.locator(".buttons button"))
    assert answers.count() >= 2
    for index in range(answers.count() - 1):
        for button in answers.nth(index).locator(".buttons button").all():
            expect(button).to_be_disabled()
    for button in answers.last.locator(".buttons button").all():
        expect(button).to_be_enabled()


def _told_of_tiredness(kiosk: Kiosk) -> None:
    """Open the kiosk in English and type, as a question to the assistant, what it asks "are you in danger?" about."""
    kiosk.open()
    kiosk.start("en")
    kiosk.touch(".tile[data-tile=ask]")
    kiosk.page.wait_for_selector(".keyboard")
    kiosk.type("I am so tired of everything")
    kiosk.touch(".key.primary")


def test_the_danger_question_stays_open_to_a_typed_message_that_does_not_answer_it(hub_only: Stack, page: Page) -> None:
    # Found by independent tries (2026-12-06, 2026-12-07): after the question "are you in danger right now?", a typed
    # message the hub could not read as an answer ("mish 3arfa", before it was taught) greyed its Yes and No, and the
    # person could no longer say she needs help now.
    kiosk = Kiosk(page, hub_only.api_url, "danger-question-open")
    # The assistant said to be up: the danger question is the hub's own, and "hmm" is answered "the assistant cannot
    # answer right now", a reply all the same.
    up = {"status": "ok", "parts": {"rasa": "up", "action_server": "up"}}
    page.route("**/api/health", lambda route: route.fulfill(json=up))
    _told_of_tiredness(kiosk)
    yes = page.get_by_role("button", name=Translator("en").gettext("Yes, we need help now"))
    expect(yes).to_be_enabled(timeout=30000)
    kiosk.type("hmm")
    kiosk.touch(".key.primary")
    expect(page.locator(".message.theirs")).to_have_count(2, timeout=30000)  # the hub's answer to "hmm" arrived
    expect(yes).to_be_enabled()
    yes.click()
    expect(page.locator(".message.theirs").last).to_contain_text("1018", timeout=30000)
    expect(yes).to_be_disabled()  # answered: its buttons are of the past


# Characters a person needs that a bare layout lacks: Greek accents and diaeresis, the Greek question mark (;),
# Arabic ذ and the hamza forms, ة and ى, and the Arabic question mark and comma and digits.
# With "/" and ":" a date and a time are typed as people write them ("7/12", "10:30"): an independent try could not.
# Romani in Latin letters writes "čhavo", "šukar", "ažutisar" (found by an independent try: no key had them).
NEEDED_KEYS = {"el": "άέήίόύώϊϋ.,;!/:", "ar": "ذأإآءؤئةى؟،٠١٢٣٤٥٦٧٨٩/:", "rom": "čćšžǯ.,?!/:"}


@pytest.mark.rasa
@pytest.mark.parametrize("language", ["el", "ar", "rom"])
def test_every_key_types_the_character_on_its_face(stack: Stack, page: Page, language: str) -> None:
    kiosk = Kiosk(page, stack.api_url, f"keys-{language}")
    kiosk.open()
    kiosk.start(language)
    kiosk.touch(".tile[data-tile=ask]")
    field = page.locator(".field")
    faces = page.locator(".keyboard .key.character")
    for shifted in (False, True):
        if shifted and page.locator(".key.shift").count() == 0:
            break  # Arabic has no capitals
        if shifted:
            kiosk.tap(".key.shift")
        for index in range(faces.count()):
            face = faces.nth(index).inner_text()
            before = field.input_value()
            faces.nth(index).tap()
            assert field.input_value() == before + face, f"the key {face!r} typed {field.input_value()[len(before):]!r}"
            if shifted and faces.nth(index).inner_text() != face:
                kiosk.tap(".key.shift")  # one capital, then back to small letters, as on a phone
    on_faces = "".join(page.locator(".keyboard .key.character").all_inner_texts())
    assert [c for c in NEEDED_KEYS[language] if c not in on_faces] == []
    expect(page.locator(".key.send")).to_have_text(kiosk_strings(Translator(language))["send"])
    kiosk.check(f"keyboard-{language}")


@pytest.mark.rasa
def test_greek_capitals_come_from_the_shift_key(stack: Stack, page: Page) -> None:
    kiosk = Kiosk(page, stack.api_url, "capitals")
    kiosk.open()
    kiosk.start("el")
    kiosk.touch(".tile[data-tile=ask]")
    kiosk.tap(".key.shift")
    kiosk.tap_keys("Μ")
    kiosk.tap_keys("αρία")
    assert page.locator(".field").input_value() == "Μαρία"


@pytest.mark.rasa
def test_larger_text_enlarges_the_answer_at_least_14_times_and_it_still_fits(stack: Stack, portrait: Page) -> None:
    kiosk = Kiosk(portrait, stack.api_url, "larger-text")
    kiosk.open()
    kiosk.start("el")
    kiosk.tap(".tile[data-tile=programmes]")
    kiosk.tap(".choice")
    answer = portrait.locator(".answer")
    size = "(element) => parseFloat(getComputedStyle(element).fontSize)"
    normal = answer.evaluate(size)
    kiosk.tap(".tool >> nth=1")
    assert answer.evaluate(size) >= 1.4 * normal
    for selector in (".bar h1", ".tab", ".tool"):
        element = portrait.locator(selector).first
        assert element.evaluate(size) >= 1.4 * 20 * 0.99, f"{selector} did not grow"
    assert portrait.evaluate("document.scrollingElement.scrollWidth") <= PORTRAIT["width"], "wider than the screen"
    kiosk.check("larger-text")


@pytest.mark.rasa
def test_in_arabic_a_phone_number_and_an_address_read_left_to_right(
    stack: Stack, page: Page, caseworker: httpx.Client
) -> None:
    kiosk = _talk_to_a_person(page, stack.api_url, "bidi", "ar")
    handoff = _kiosk_handoff(caseworker)
    caseworker.post(f"/api/handoffs/{handoff['id']}/claim")
    caseworker.post(
        f"/api/handoffs/{handoff['id']}/messages",
        json={"text": "اتصل على +30 2310 123456 أو www.gov.gr، العنوان: شارع 22 (Ι. Θεολόγου 22, Ζωγράφου)"},
    )
    expect(page.locator(".message.theirs", has_text="اتصل")).to_have_count(1, timeout=15000)
    # Where the first and the last character of a piece of text land on the screen.
    edges = """(needle) => {
        const message = [...document.querySelectorAll('.message.theirs')].pop();
        const walk = document.createTreeWalker(message, NodeFilter.SHOW_TEXT);
        for (let node = walk.nextNode(); node; node = walk.nextNode()) {
            const at = node.data.indexOf(needle);
            if (at < 0) continue;
            const x = (offset) => { const r = document.createRange(); r.setStart(node, at + offset);
                r.setEnd(node, at + offset + 1); return r.getBoundingClientRect().left; };
            return [x(0), x(needle.length - 1)];
        }
        return null;
    }"""
    plus, last_digit = page.evaluate(edges, "+30 2310 123456")
    assert plus < last_digit, "the phone number is shown backwards"
    first, last = page.evaluate(edges, "www.gov.gr")
    assert first < last
    # Greek in brackets inside Arabic keeps its brackets around it and its words in order.
    opening, closing = page.evaluate(edges, "(Ι. Θεολόγου 22, Ζωγράφου)")
    assert opening < closing, "the Greek address in brackets is broken up"
    kiosk.check("bidi-phone")


def test_the_kiosk_is_sent_compressed_and_its_first_screen_is_small(stack: Stack, page: Page) -> None:
    for path in ("/kiosk/static/kiosk.js", "/kiosk/static/kiosk.css", "/api/kiosk/strings"):
        response = httpx.get(f"{stack.api_url}{path}", headers={"Accept-Encoding": "gzip"})
        assert response.headers.get("content-encoding") == "gzip", path
    page.goto(f"{stack.api_url}/kiosk")
    page.wait_for_selector(".attract")
    sent = page.evaluate(
        "performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))"
        ".reduce((sum, entry) => sum + entry.transferSize, 0)"
    )
    # The issue asks for at most 35 KB; the welcome screen carries only its own words in four languages (a chosen
    # language's text comes when it is chosen), so it stays well under as the kiosk grows (25,490 bytes on
    # 2026-12-07, 25,583 once the danger question stayed open to a typed word: the guard moved from 25 to 26 KB;
    # 26,772 on 2026-12-08 once the field took an input method's text and the question stayed over its answer: 27 KB).
    assert sent <= 27 * 1024, f"the first screen transferred {sent} bytes"


def test_times_are_written_on_the_24_hour_clock_in_every_language() -> None:
    moment = dt.datetime(2026, 11, 24, 15, 30, tzinfo=dt.UTC)
    for language in ("el", "en", "ar", "rom"):
        written = day_and_time(moment, language)
        assert "15:30" in written, written
        assert not re.search(r"π\\.μ|μ\\.μ|AM|PM|ص|م$", written), written


@pytest.mark.rasa
@pytest.mark.parametrize("language", ["el", "ar"])
def test_the_button_a_programme_answer_says_to_press_is_on_its_screen(stack: Stack, page: Page, language: str) -> None:
    kiosk = Kiosk(page, stack.api_url, f"estimate-button-{language}")
    kiosk.open()
    kiosk.start(language)
    kiosk.touch(".tile[data-tile=programmes]")
    kiosk.touch(".choice")
    label = kiosk_strings(Translator(language))["estimate_button"]
    expect(page.locator(".answer")).to_contain_text(label)
    kiosk.tap(f"button:text-is('{label}')")
    kiosk.on("estimate-adults")


def test_before_a_language_is_chosen_text_can_be_enlarged_and_the_person_can_go_back(stack: Stack, page: Page) -> None:
    kiosk = Kiosk(page, stack.api_url, "language-picker")
    kiosk.open()
    kiosk.tap(".attract")
    page.wait_for_selector(".languages")
    kiosk.tap(".tool.large")
    assert page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)") >= 1.4 * 20
    kiosk.tap(".tool.contrast")
    kiosk.check("language-picker-large-contrast")
    kiosk.tap(".nav.back")
    page.wait_for_selector(".attract")


@pytest.mark.rasa
def test_listening_can_be_stopped_and_stops_when_the_person_leaves(stack: Stack, page: Page) -> None:
    kiosk = Kiosk(page, stack.api_url, "listen-stop")
    kiosk.open()
    kiosk.start("en")
    kiosk.touch(".tile[data-tile=programmes]")
    kiosk.touch(".choice")
    listen = page.locator(".listen button")
    expect(listen).to_have_count(1)
    listen.tap()
    stop = kiosk_strings(Translator("en"))["stop_listening"]
    expect(listen).to_have_text(stop)
    assert page.evaluate("document.querySelector('audio.speech').src").startswith(f"{stack.api_url}/api/speech")
    listen.tap()
    expect(listen).to_have_text(kiosk_strings(Translator("en"))["listen"])
    assert page.evaluate("document.querySelector('audio.speech').paused")
    listen.tap()
    expect(listen).to_have_text(stop)
    kiosk.tap(".nav >> nth=0")  # back to the list: the reading stops with the screen
    page.wait_for_selector('section[data-screen="programmes"]')
    assert page.evaluate("document.querySelector('audio.speech').paused")


def test_the_days_offered_say_today_and_tomorrow() -> None:
    now = dt.datetime(2026, 12, 2, 9, 0, tzinfo=dt.UTC)  # a Wednesday, 11:00 in Athens

    def label(days_ahead: int, language: str) -> str:
        slot = Slot(starts_at=now + dt.timedelta(days=days_ahead, hours=3), staff_id=1)
        return SlotOut.of(slot, language, now=now).day_label or ""

    assert label(0, "el") == "Σήμερα, Τετάρτη 2 Δεκεμβρίου 2026"
    assert label(1, "en") == "Tomorrow, Thursday, December 3, 2026"
    assert label(1, "ar").startswith(Translator("ar").gettext("Tomorrow, {date}").split("{date}")[0])
    assert label(2, "el") == "Παρασκευή 4 Δεκεμβρίου 2026"


@pytest.mark.parametrize("language", ["el", "ar"])
def test_each_tile_has_a_pictogram_and_the_tiles_use_the_height_of_the_screen(
    stack: Stack, portrait: Page, language: str
) -> None:
    kiosk = Kiosk(portrait, stack.api_url, f"tiles-{language}")
    kiosk.open()
    kiosk.start(language)
    tiles = portrait.locator(".tile")
    assert tiles.count() == 6
    for tile in tiles.all():
        picture = tile.locator("svg.pictogram").bounding_box()
        assert picture is not None and picture["height"] >= 48, tile.inner_text()
    content = portrait.locator(".content").bounding_box()
    last = tiles.last.bounding_box()
    assert content is not None and last is not None
    assert last["y"] + last["height"] >= content["y"] + 0.85 * content["height"], "half the screen is left empty"
    kiosk.check("home-portrait")


@pytest.mark.rasa
def test_an_estimate_shows_the_short_answer_first_and_the_details_on_request(stack: Stack, portrait: Page) -> None:
    kiosk = Kiosk(portrait, stack.api_url, "estimate-short")
    kiosk.open()
    kiosk.start("en")
    kiosk.tap(".tile[data-tile=estimate]")
    kiosk.tap(".content > .primary")  # 1 adult
    for _ in range(2):
        kiosk.tap(".step >> nth=1")
    kiosk.tap(".content > .primary")  # 2 children
    kiosk.tap_keys("400")
    kiosk.tap(".key.primary")
    kiosk.tap(".actions .primary")  # renting
    kiosk.tap_keys("300")
    kiosk.tap(".key.primary")
    kiosk.tap(".actions .primary")  # a lone parent
    kiosk.on("estimate-result")
    cards = portrait.locator("article.estimate")
    assert cards.count() == 3
    # What shows first is each programme's verdict and amount: a few lines, not a wall of 3,600 characters.
    assert len(portrait.inner_text(".content")) <= 1200
    for card in cards.all():
        expect(card.locator("h2")).to_be_visible()
        expect(card.locator("details").first).not_to_have_attribute("open", "")
    documents = cards.first.locator("details", has_text=kiosk_strings(Translator("en"))["aspect_documents"])
    expect(documents.locator("li").first).to_be_hidden()
    documents.locator("summary").tap()
    expect(documents.locator("li").first).to_be_visible()
    kiosk.check("estimate-result-sections")


@pytest.mark.rasa
def test_out_of_hours_the_kiosk_keeps_the_request_and_offers_a_booking(stack: Stack, page: Page) -> None:
    # Saturday at the kiosk (the hub's clock cannot be moved from here; the page asks the hub whether staff are in).
    closed = {"open": False, "staff_answer_from": "2026-11-30T08:00:00+02:00"}
    page.route("**/api/centre/status", lambda route: route.fulfill(json=closed))
    kiosk = _talk_to_a_person(page, stack.api_url, "after-hours", "el")
    offer = page.locator(".after-hours")
    # Why, said once in the conversation; the booking above the keyboard.
    expect(page.locator(".log .after-hours-why")).to_have_text(kiosk_strings(Translator("el"))["after_hours_offer"])
    kiosk.check("after-hours")
    offer.locator("button").tap()
    kiosk.on("services")


def test_out_of_hours_a_request_for_a_person_in_danger_is_offered_no_booking(hub_only: Stack, page: Page) -> None:
    # Found reading the code after helper-128's retry: a person who had told of danger and pressed "Talk to a person"
    # out of hours was shown the booking offer, as the kiosk did not read the request's `urgent`.
    closed = {"open": False, "staff_answer_from": "2026-11-30T08:00:00+02:00"}
    page.route("**/api/centre/status", lambda route: route.fulfill(json=closed))
    reply = {
        "sender": "system",
        "text": "I have urgently asked a member of staff to join this conversation.",
        "buttons": [],
        "language": "en",
        "created_at": "2026-12-06T21:00:00Z",
        "attachments": [],
    }
    turn = {"messages": [reply], "state": "waiting", "language": "en", "urgent": True}
    page.route("**/handoff", lambda route: route.fulfill(json=turn))
    _talk_to_a_person(page, hub_only.api_url, "after-hours-urgent", "en")
    expect(page.locator(".message.theirs").last).to_contain_text("urgently")
    expect(page.locator(".after-hours")).to_be_hidden()
    expect(page.locator(".log .after-hours-why")).to_have_count(0)


@pytest.mark.rasa
def test_out_of_hours_with_larger_text_the_answer_to_a_request_for_a_person_is_read_from_its_start(
    stack: Stack, browser: Browser
) -> None:
    # Found by an independent try at 1920 × 1080 with larger text: asked for a person after a few messages, the
    # after-hours offer appeared above the conversation and the answer was cut off below, its start out of sight.
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, has_touch=True)
    page = context.new_page()
    closed = {"open": False, "staff_answer_from": "2026-11-30T08:00:00+02:00"}
    page.route("**/api/centre/status", lambda route: route.fulfill(json=closed))
    kiosk = Kiosk(page, stack.api_url, "after-hours-larger")
    kiosk.open()
    kiosk.start("el")
    kiosk.tap(".tools .large")
    kiosk.tap(".tile[data-tile=ask]")
    for typed in ("ti einai to teba", "thelw na milisw me kapoion apo to grafeio"):
        answers = page.locator(".message.theirs").count()
        page.eval_on_selector("input.field", "(field, text) => { field.value = text; }", typed)
        kiosk.tap(".key.send")
        expect(page.locator(".message.theirs")).not_to_have_count(answers, timeout=20000)
    expect(page.locator(".after-hours")).to_be_visible()
    page.wait_for_timeout(500)
    log = page.locator(".log").bounding_box()
    newest = page.locator(".message.theirs").last.bounding_box()
    # Its first line at the top of the conversation, where reading starts, as for any answer.
    assert log["y"] - 1 <= newest["y"] <= log["y"] + log["height"] / 3, (log, newest)
    kiosk.check("after-hours-larger-text")
    context.close()


@pytest.mark.rasa
@pytest.mark.parametrize("viewport", SMALLER_SCREENS)
def test_out_of_hours_on_a_smaller_screen_on_its_side_the_keyboard_stays_whole(
    stack: Stack, browser: Browser, viewport: dict
) -> None:
    # Found by helper-96's try at 1280 × 800: the after-hours offer, beside the keyboard, pushed its last row and Send
    # below the screen, and no other message could be typed.
    context = browser.new_context(viewport=viewport, has_touch=True)
    page = context.new_page()
    closed = {"open": False, "staff_answer_from": "2026-11-30T08:00:00+02:00"}
    page.route("**/api/centre/status", lambda route: route.fulfill(json=closed))
    kiosk = _talk_to_a_person(page, stack.api_url, f"after-hours-{viewport['width']}", "en")
    expect(page.locator(".after-hours")).to_be_visible()
    seen = {"height": page.locator(".tools").bounding_box()["y"]}
    assert _inside(page.locator(".key.send").bounding_box(), seen), "Send is below the screen"
    assert _inside(page.locator(".after-hours button").bounding_box(), seen), "the booking is below the screen"
    kiosk.check("after-hours-smaller-screen")
    context.close()


@pytest.mark.rasa
def test_a_person_waiting_for_staff_goes_back_to_the_assistant_and_it_answers(stack: Stack, page: Page) -> None:
    # Found by helper-89's try: on a Saturday, after "Talk to a person", the assistant was gone and a second message
    # got no answer. The way back is under the queue's notice, in and out of hours.
    closed = {"open": False, "staff_answer_from": "2026-11-30T08:00:00+02:00"}
    page.route("**/api/centre/status", lambda route: route.fulfill(json=closed))
    kiosk = _talk_to_a_person(page, stack.api_url, "back-to-assistant", "en")
    _ = Translator("en").gettext
    back = page.locator(".message.theirs .buttons button", has_text=_("Ask the assistant instead"))
    expect(back).to_be_in_viewport()
    kiosk.check("waiting-with-way-back")
    back.tap()
    again = page.locator(".message.theirs").last
    expect(again).to_contain_text("You are talking to the digital assistant again")
    # The screen says whom the person talks to now, and no longer offers a booking for want of staff.
    expect(page.locator("h1")).to_have_text(kiosk_strings(Translator("en"))["tile_ask"])
    expect(page.locator(".after-hours")).to_be_hidden()
    kiosk.check("back-with-the-assistant")
    # The words as the on-screen keyboard would have typed them (its keys are tested elsewhere).
    page.eval_on_selector("input.field", "(field, text) => { field.value = text; }", "how do I apply for KEA?")
    kiosk.tap(".key.send")
    expect(page.locator(".message.theirs").last).to_contain_text("Minimum Guaranteed Income", timeout=20000)


def test_a_person_waiting_for_a_caseworker_continues_on_their_phone(public_hub: Stack, browser: Browser) -> None:
    kiosk_context = browser.new_context(viewport=PORTRAIT, has_touch=True)
    page = kiosk_context.new_page()
    kiosk = _talk_to_a_person(page, public_hub.api_url, "to-phone", "ar", "?idle=60&prompt=60&handoff_idle=2")
    kiosk.tap_keys("مرحبا")
    kiosk.tap(".key.send")
    page.wait_for_selector(".idle")  # "Are you still there?" offers the phone
    with page.expect_response("**/phone-link") as made:
        kiosk.tap(".idle .phone")
    url = made.value.json()["url"]
    expect(page.locator(".idle img.qr")).to_be_visible()
    kiosk.check("continue-on-phone")

    phone_context = browser.new_context(
        viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True, locale="ar-SY"
    )
    phone = phone_context.new_page()
    phone.goto(url)
    expect(phone.locator(".message.mine", has_text="مرحبا")).to_have_count(1)
    assert "#" not in phone.url, "the link's secret stayed in the address bar"
    assert phone.locator("html").get_attribute("dir") == "rtl"
    # The kiosk lets go of the conversation and clears for the next person.
    page.wait_for_selector(".attract", timeout=15000)

    caseworker = httpx.Client(base_url=public_hub.api_url, headers={"Origin": public_hub.api_url})
    caseworker.post("/api/staff/login", json={"email": "solo@kentro.example", "password": PASSWORD})
    handoff = _kiosk_handoff(caseworker)
    caseworker.post(f"/api/handoffs/{handoff['id']}/claim")
    caseworker.post(f"/api/handoffs/{handoff['id']}/messages", json={"text": "أهلاً، كيف أساعدك؟"})
    expect(phone.locator(".message.theirs", has_text="كيف أساعدك")).to_have_count(1, timeout=15000)
    phone.locator("input.field").fill("عندي سؤال عن الإيجار")
    # The phone shows the words as they are sent; the caseworker has them once the hub has answered.
    with phone.expect_response("**/messages") as sent:
        phone.locator("button.send").tap()
    assert sent.value.ok
    expect(phone.locator(".message.mine", has_text="الإيجار")).to_have_count(1)
    transcript = json.dumps(caseworker.get(f"/api/handoffs/{handoff['id']}").json(), ensure_ascii=False)
    assert "عندي سؤال عن الإيجار" in transcript
    Kiosk(phone, public_hub.api_url, "phone-ar").check("conversation")
    # The link works once: opened again (a photo of the screen, say), it says so.
    second = phone_context.new_page()
    second.goto(url)
    # In the phone's language first (then in the others: the page cannot know which the person reads).
    expect(second.locator(".error p").first).to_have_text(kiosk_strings(Translator("ar"))["phone_link_expired"])
    kiosk_context.close()
    phone_context.close()


LANDSCAPE = {"width": 1920, "height": 1080}


@pytest.mark.rasa
@pytest.mark.parametrize("orientation", ["portrait", "landscape"])
@pytest.mark.parametrize("language", ["el", "en", "ar", "rom"])
def test_every_screen_in_every_language_upright_and_on_its_side(
    stack: Stack, schedule: None, browser: Browser, language: str, orientation: str
) -> None:
    """Each screen a citizen meets, photographed to reports/screenshots/ and checked by axe-core, with nothing off
    the screen's sides and no stray program text."""
    viewport = PORTRAIT if orientation == "portrait" else LANDSCAPE
    context = browser.new_context(viewport=viewport, has_touch=True)
    page = context.new_page()
    _centre(page, OPEN)  # walk-in numbers are given only while staff are in
    kiosk = Kiosk(page, stack.api_url, f"all-{language}-{orientation}")

    def seen(screen: str) -> None:
        if screen not in ("welcome", "languages"):
            page.wait_for_selector(f'section[data-screen="{screen}"]')
        kiosk.check(screen)
        expect(page.locator("body")).not_to_have_text(STRAY)
        assert page.evaluate("document.scrollingElement.scrollWidth") <= viewport["width"], f"{screen} is too wide"

    kiosk.open()
    seen("welcome")
    kiosk.tap(".attract")
    seen("languages")
    kiosk.tap(f".language[lang={language}]")
    seen("home")
    kiosk.tap(".tile[data-tile=programmes]")
    seen("programmes")
    kiosk.tap(".choice")
    seen("programme")
    kiosk.tap(".nav >> nth=0")
    # Back twice, one screen at a time: tapped before the list is drawn, the second Back was the programme's own
    # again, and the home screen never came (failed twice in fresh-clone CI runs on a busy machine).
    page.wait_for_selector('section[data-screen="programmes"]')
    kiosk.tap(".nav >> nth=0")
    page.wait_for_selector('section[data-screen="home"]')
    kiosk.tap(".tile[data-tile=estimate]")
    seen("estimate-adults")
    kiosk.tap(".content > .primary")
    kiosk.tap(".step >> nth=1")
    seen("estimate-children")
    kiosk.tap(".content > .primary")
    kiosk.tap_keys("500")
    seen("estimate-monthly_income")
    kiosk.tap(".key.send")
    seen("estimate-renting")
    kiosk.tap(".actions .primary")
    kiosk.tap_keys("350")
    seen("estimate-rent")
    kiosk.tap(".key.send")
    seen("estimate-single-parent")
    kiosk.tap(".actions .primary")
    seen("estimate-result")
    kiosk.tap(".actions .primary")  # help with the application: a day
    seen("days")
    kiosk.tap(".choice")
    seen("times")
    kiosk.tap(".times .choice")
    seen("consent")
    kiosk.tap(".actions .primary")
    seen("name")
    kiosk.tap_keys({"el": "ελ", "ar": "سم"}.get(language, "ab"))
    kiosk.tap(".key.send")
    seen("phone")
    kiosk.tap_keys("6912345678")
    kiosk.tap(".key.send")
    seen("confirm")
    kiosk.tap(".content > .primary")
    seen("ticket")
    kiosk.tap(".nav >> nth=0")
    kiosk.tap(".tile[data-tile=checkin]")
    seen("checkin")
    kiosk.tap(".content > .primary")
    seen("reasons")
    kiosk.tap(".choice")
    seen("number")
    kiosk.tap(".nav >> nth=0")
    kiosk.tap(".tile[data-tile=ask]")
    _ask(kiosk, QUESTION[language])
    seen("chat")
    kiosk.tap(".nav >> nth=0")
    kiosk.tap(".tile[data-tile=person]")
    page.wait_for_selector(".message.theirs")
    seen("person")
    context.close()


def test_once_a_phone_takes_the_conversation_the_kiosk_hears_nothing_more(public_hub: Stack) -> None:
    api = httpx.Client(base_url=public_hub.api_url, timeout=30, headers={"Origin": public_hub.api_url})
    created = api.post("/api/conversations", json={"channel": "kiosk", "language": "en"}).json()
    conversation, kiosk = created["id"], {"Authorization": f"Bearer {created['token']}"}
    api.post(f"/api/conversations/{conversation}/handoff", headers=kiosk)
    heard: list[str] = []
    opened = threading.Event()

    def listen() -> None:  # the kiosk's live stream, opened before the phone took over
        events = f"{public_hub.api_url}/api/conversations/{conversation}/events"
        with httpx.stream("GET", events, headers=kiosk, timeout=None) as stream:
            for line in stream.iter_lines():
                opened.set()  # a stream opened without a cursor streams from then on
                if line.startswith("data: "):
                    heard.append(line)

    threading.Thread(target=listen, daemon=True).start()
    assert opened.wait(15), "the kiosk's stream did not open"
    api.post(f"/api/conversations/{conversation}/messages", json={"text": "before the phone"}, headers=kiosk)
    deadline = time.monotonic() + 10
    while not any("before the phone" in line for line in heard) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert any("before the phone" in line for line in heard), "the kiosk's stream heard nothing at all"
    secret = api.post(f"/api/conversations/{conversation}/phone-link", headers=kiosk).json()["url"].split("#")[1]
    assert api.post(f"/api/phone-links/{secret}").status_code == 200
    api.post("/api/staff/login", json={"email": "solo@kentro.example", "password": PASSWORD})
    handoff = _kiosk_handoff(api)
    api.post(f"/api/handoffs/{handoff['id']}/claim")
    assert api.post(f"/api/handoffs/{handoff['id']}/messages", json={"text": "for the phone only"}).status_code == 201
    time.sleep(3)  # the stream reads the database twice a second
    assert not any("for the phone only" in line for line in heard), "the kiosk still heard the conversation"


# What the independent try of the kiosk found (a citizen's eyes, not ours).

OPEN = {"open": True, "staff_answer_from": None}
CLOSED = {"open": False, "staff_answer_from": "2026-11-30T08:00:00+02:00"}


def _centre(page: Page, status: dict) -> None:
    """Whether staff are in, as the page asks the hub (the hub's clock cannot be moved from here)."""
    page.route("**/api/centre/status", lambda route: route.fulfill(json=status))


def _strings(language: str) -> dict:
    return kiosk_strings(Translator(language))


@pytest.mark.rasa
@pytest.mark.parametrize("language", ["el", "en", "ar"])
def test_a_plus_sign_can_be_typed_in_a_chat(stack: Stack, page: Page, language: str) -> None:
    kiosk = Kiosk(page, stack.api_url, f"plus-{language}")
    kiosk.open()
    kiosk.start(language)
    kiosk.tap(".tile[data-tile=ask]")
    kiosk.tap('.key.character[data-character="+"]')
    assert page.locator(".field").input_value() == "+"


@pytest.mark.rasa
def test_going_back_to_a_person_shows_the_conversation_and_asks_only_once(
    stack: Stack, page: Page, caseworker: httpx.Client
) -> None:
    handoffs: list[str] = []
    page.on("request", lambda request: handoffs.append(request.url) if request.url.endswith("/handoff") else None)
    kiosk = _talk_to_a_person(page, stack.api_url, "back-to-person", "el")
    kiosk.tap_keys("ενοικιο")
    kiosk.tap(".key.send")
    expect(page.locator(".message.mine", has_text="ενοικιο")).to_have_count(1)
    kiosk.tap(".nav >> nth=0")
    page.wait_for_selector(".tiles")
    kiosk.tap(".tile[data-tile=person]")
    expect(page.locator(".message.mine", has_text="ενοικιο")).to_have_count(1)
    expect(page.locator(".message.theirs").first).to_be_visible()
    assert len(handoffs) == 1, "the request for a person was made twice"
    kiosk.check("person-again")


@pytest.mark.rasa
def test_once_a_caseworker_answers_the_after_hours_offer_goes(
    stack: Stack, page: Page, caseworker: httpx.Client
) -> None:
    _centre(page, CLOSED)
    _talk_to_a_person(page, stack.api_url, "after-hours-answered", "el")
    expect(page.locator(".after-hours")).to_be_visible()
    handoff = _kiosk_handoff(caseworker)
    caseworker.post(f"/api/handoffs/{handoff['id']}/claim")
    caseworker.post(f"/api/handoffs/{handoff['id']}/messages", json={"text": "Είμαι εδώ ακόμη"})
    expect(page.locator(".message.theirs", has_text="Είμαι εδώ ακόμη")).to_have_count(1, timeout=15000)
    expect(page.locator(".after-hours")).to_be_hidden()


@pytest.mark.rasa
@pytest.mark.parametrize("language", ["el", "ar"])
def test_a_caseworkers_message_says_it_comes_from_the_staff(
    stack: Stack, page: Page, caseworker: httpx.Client, language: str
) -> None:
    kiosk = _talk_to_a_person(page, stack.api_url, f"from-staff-{language}", language)
    handoff = _kiosk_handoff(caseworker)
    caseworker.post(f"/api/handoffs/{handoff['id']}/claim")
    caseworker.post(f"/api/handoffs/{handoff['id']}/messages", json={"text": "Μαρία εδώ"})
    staff_message = page.locator(".message", has_text="Μαρία εδώ")
    expect(staff_message).to_contain_text(_strings(language)["from_staff"], timeout=15000)
    bot_message = page.locator(".message.theirs").first
    expect(bot_message).not_to_contain_text(_strings(language)["from_staff"])
    kiosk.check("from-staff")


@pytest.mark.rasa
def test_the_chat_says_what_can_be_asked(stack: Stack, page: Page) -> None:
    kiosk = Kiosk(page, stack.api_url, "chat-hint")
    kiosk.open()
    kiosk.start("en")
    kiosk.tap(".tile[data-tile=ask]")
    expect(page.locator('section[data-screen="chat"]')).to_contain_text(_strings("en")["chat_hint"])


def _estimate_income(kiosk: Kiosk, language: str) -> None:
    kiosk.open()
    kiosk.start(language)
    kiosk.tap(".tile[data-tile=estimate]")
    kiosk.tap(".content > .primary")
    kiosk.tap(".content > .primary")
    kiosk.page.wait_for_selector('section[data-screen="estimate-monthly_income"]')


def test_an_amount_left_empty_is_asked_for_again_and_euros_sit_by_the_field(hub_only: Stack, page: Page) -> None:
    kiosk = Kiosk(page, hub_only.api_url, "amount-empty")
    _estimate_income(kiosk, "en")
    euros = page.locator(".content p", has_text=_strings("en")["euros"]).bounding_box()
    keyboard = page.locator(".keyboard").bounding_box()
    assert euros is not None and keyboard is not None and euros["y"] < keyboard["y"], "'euros' is below the keyboard"
    kiosk.tap(".key.send")
    expect(page.locator(".error")).to_have_text(_strings("en")["amount_needed"])
    expect(page.locator('section[data-screen="estimate-monthly_income"]')).to_be_visible()


@pytest.mark.parametrize("language", ["el", "en", "ar", "rom"])
def test_tile_words_stay_inside_their_tiles_upright_with_larger_text(
    hub_only: Stack, portrait: Page, language: str
) -> None:
    kiosk = Kiosk(portrait, hub_only.api_url, f"tiles-large-{language}")
    kiosk.open()
    kiosk.start(language)
    kiosk.tap(".tool.large")
    spilled = portrait.evaluate(
        """() => [...document.querySelectorAll(".tile")].filter((tile) => {
            const box = tile.getBoundingClientRect();
            return [...tile.querySelectorAll(".tile-title, .tile-hint")].some((words) => {
                const r = words.getBoundingClientRect();
                return r.left < box.left - 1 || r.right > box.right + 1 || r.bottom > box.bottom + 1
                    || words.scrollWidth > words.clientWidth + 1;
            });
        }).map((tile) => tile.dataset.tile)"""
    )
    assert spilled == [], f"words spill out of {spilled}"
    kiosk.check("tiles-larger-text")


def _top_of_newest_answer_in_view(page: Page) -> bool:
    return page.evaluate(
        """() => {
            const log = document.querySelector(".log").getBoundingClientRect();
            const answers = document.querySelectorAll(".log > .message.theirs");
            const top = answers[answers.length - 1].getBoundingClientRect().top;
            return top >= log.top - 1 && top < log.bottom - 40;
        }"""
    )


@pytest.mark.rasa
def test_a_long_answer_is_shown_from_its_beginning_also_after_larger_text(stack: Stack, portrait: Page) -> None:
    kiosk = Kiosk(portrait, stack.api_url, "long-answer")
    kiosk.open()
    kiosk.start("en")
    kiosk.tap(".tool.large")
    kiosk.tap(".tile[data-tile=ask]")
    _ask(
        kiosk,
        "what documents do i need for the minimum guaranteed income",
        load_programmes()["minimum_income"].content["en"].name,
    )
    assert _top_of_newest_answer_in_view(portrait), "the answer's beginning is scrolled away"
    kiosk.tap(".tool.large")
    kiosk.tap(".tool.large")
    assert _top_of_newest_answer_in_view(portrait), "larger text moved the answer out of view"


def test_codes_and_phone_numbers_are_typed_left_to_right_in_arabic(hub_only: Stack, page: Page) -> None:
    kiosk = Kiosk(page, hub_only.api_url, "ltr-fields")
    kiosk.open()
    kiosk.start("ar")
    kiosk.tap(".tile[data-tile=checkin]")
    field = page.locator(".field")
    assert field.evaluate("(input) => getComputedStyle(input).direction") == "ltr"
    kiosk.tap_keys("a21")
    assert field.input_value() == "a21"


def test_a_code_of_letters_and_digits_keeps_its_order_in_arabic(hub_only: Stack, page: Page) -> None:
    page.goto(f"{hub_only.api_url}/kiosk")
    isolated = page.evaluate(
        """async () => {
            const { isolated } = await import("/static/dom.js");
            return isolated("املأوا النموذج Α21 ثم اتصلوا").filter((part) => typeof part !== "string")
                .map((part) => part.textContent);
        }"""
    )
    assert isolated == ["Α21"]


def _closed_walk_in(kiosk: Kiosk) -> None:
    kiosk.open()
    kiosk.start("ar")
    kiosk.tap(".tile[data-tile=checkin]")
    kiosk.tap(".content > .primary")


def test_no_walk_in_number_is_given_while_the_centre_is_closed(hub_only: Stack, page: Page) -> None:
    _centre(page, CLOSED)
    kiosk = Kiosk(page, hub_only.api_url, "walk-in-closed")
    _closed_walk_in(kiosk)
    kiosk.on("walk-in-closed")
    expect(page.locator(".content")).to_contain_text(_strings("ar")["walk_in_closed"])
    assert page.locator(".number").count() == 0
    page.locator(".content .primary").tap()  # the booking it offers instead
    kiosk.on("services")


def test_checking_in_on_another_day_says_the_appointment_is_not_today(hub_only: Stack, page: Page) -> None:
    _centre(page, OPEN)
    page.route(
        "**/api/check-in",
        lambda route: route.fulfill(status=409, json={"error": {"code": "not_today", "message": "not today"}}),
    )
    kiosk = Kiosk(page, hub_only.api_url, "checkin-not-today")
    kiosk.open()
    kiosk.start("en")
    kiosk.tap(".tile[data-tile=checkin]")
    kiosk.tap_keys("abc123")
    kiosk.tap(".key.send")
    expect(page.locator(".error")).to_have_text(_strings("en")["checkin_not_today"])


def test_someone_who_lost_the_code_is_told_how_to_check_in_without_it(hub_only: Stack, page: Page) -> None:
    # Found in an independent try: the check-in screen asked only for the code, and offered only a number.
    _centre(page, OPEN)
    kiosk = Kiosk(page, hub_only.api_url, "checkin-lost-code")
    kiosk.open()
    kiosk.start("en")
    kiosk.tap(".tile[data-tile=checkin]")
    kiosk.check("checkin")
    page.get_by_role("button", name=_strings("en")["checkin_lost"]).click()
    expect(page.locator(".content .notice")).to_have_text(_strings("en")["checkin_lost_help"])
    kiosk.check("checkin-lost-code")


def test_the_ticket_names_the_day_as_the_day_buttons_did(hub_only: Stack, page: Page) -> None:
    kiosk = Kiosk(page, hub_only.api_url, "ticket-day")
    kiosk.open()
    kiosk.start("en")
    kiosk.tap(".tile[data-tile=book]")
    kiosk.tap(".choice")
    page.wait_for_selector('section[data-screen="days"] .choice')
    day = page.locator(".choice").first.inner_text()
    kiosk.tap(".choice")
    kiosk.tap(".times .choice")
    kiosk.tap(".actions .secondary")  # no name or phone
    kiosk.tap(".content > .primary")
    kiosk.on("ticket")
    expect(page.locator(".ticket")).to_contain_text(day)


@pytest.mark.rasa
def test_romani_says_once_per_screen_that_the_greek_voice_reads(stack: Stack, page: Page) -> None:
    kiosk = Kiosk(page, stack.api_url, "romani-voice")
    kiosk.open()
    kiosk.start("rom")
    kiosk.tap(".tile[data-tile=ask]")
    _ask(kiosk, "teba", teba("rom"))
    _ask(kiosk, "teba", teba("rom"))
    expect(page.locator(".listen p", has_text=_strings("rom")["no_romani_voice"])).to_have_count(1)
    assert page.locator(".message.theirs .listen button").count() == page.locator(".message.theirs").count()


@pytest.mark.rasa
def test_start_again_asks_first_when_a_conversation_would_be_lost(stack: Stack, page: Page) -> None:
    kiosk = _talk_to_a_person(page, stack.api_url, "start-again", "en")
    kiosk.tap(".bar .nav >> nth=1")
    page.wait_for_selector(".confirm .panel")
    kiosk.check("start-again-confirm")
    kiosk.tap(".confirm .secondary")  # no, go on
    expect(page.locator('section[data-screen="person"]')).to_be_visible()
    kiosk.tap(".bar .nav >> nth=1")
    kiosk.tap(".confirm .primary")  # yes
    page.wait_for_selector(".attract")
    # With nothing to lose (the home screen, nothing typed), it does not ask.
    kiosk.start("en")
    kiosk.tap(".bar .nav >> nth=1")
    page.wait_for_selector(".attract")


def test_finish_with_the_danger_question_unanswered_says_staff_will_read_what_was_written(
    stack: Stack, page: Page
) -> None:
    # Found by an independent try: after "I am so tired of everything" and the question "are you in danger?", Finish
    # said what was written would be cleared, while it is kept for staff, urgently (flows/erasure.py). A person who may
    # be in danger is told the truth: someone will read it.
    kiosk = Kiosk(page, stack.api_url, "finish-in-danger")
    _told_of_tiredness(kiosk)
    expect(page.locator(".message.theirs").last).to_contain_text("in danger right now?", timeout=30000)
    # What the hub says of leaving (kept for staff), as in opening hours whatever the clock: staff are in to look.
    page.route("**/leaving", lambda route: route.fulfill(json={**route.fetch().json(), "staff_read": ""}))
    kiosk.tap(".bar .nav >> nth=1")
    dialog = page.locator(".confirm .panel")
    expect(dialog).to_contain_text(_strings("en")["start_again_body_danger"])
    expect(dialog).not_to_contain_text(_strings("en")["start_again_body"])
    expect(dialog.locator(".helplines")).to_contain_text("1018")
    kiosk.check("start-again-danger")
    kiosk.tap(".confirm .secondary")  # no, go back: the same out of hours
    staff_read = "The centre is closed now; staff will read your message from tomorrow at 08:00."
    page.unroute("**/leaving")
    page.route("**/leaving", lambda route: route.fulfill(json={**route.fetch().json(), "staff_read": staff_read}))
    kiosk.tap(".bar .nav >> nth=1")
    # Found by an independent try at night: "to make sure you are safe" promised what nobody can do before morning.
    expect(dialog).to_contain_text(_strings("en")["start_again_body_kept"])
    expect(dialog).not_to_contain_text(_strings("en")["start_again_body_danger"])
    expect(dialog).to_contain_text(staff_read)
    kiosk.tap(".confirm .primary")
    page.wait_for_selector(".attract")


def test_finish_out_of_hours_while_waiting_says_when_staff_will_read_and_shows_the_numbers_again(
    hub_only: Stack, page: Page
) -> None:
    # Found by an independent try at night: after "Yes, we need help now", Finish said "Your conversation with our
    # staff ends on this screen" (nobody had joined), not when anyone would read it, and not the numbers to call.
    _centre(page, CLOSED)
    kiosk = _talk_to_a_person(page, hub_only.api_url, "finish-at-night", "en")
    staff_read = "The centre is closed now; staff will read your message from tomorrow at 08:00."
    helplines = "If you or someone near you is thinking of suicide, please call now:\n1018 — Suicide Help Line"
    leaving = {"kept_for_staff": True, "staff_read": staff_read, "helplines": helplines}
    page.route("**/leaving", lambda route: route.fulfill(json=leaving))
    kiosk.tap(".bar .nav >> nth=1")
    dialog = page.locator(".confirm .panel")
    expect(dialog).to_contain_text(_strings("en")["start_again_body_waiting"])
    expect(dialog).not_to_contain_text(_strings("en")["start_again_body_staff"])
    expect(dialog).to_contain_text(staff_read)
    expect(dialog.locator(".helplines")).to_contain_text("1018 — Suicide Help Line")
    expect(dialog.locator(".primary")).to_be_in_viewport(ratio=1)
    kiosk.check("finish-at-night")
    kiosk.tap(".confirm .primary")
    page.wait_for_selector(".attract")


def test_the_phone_code_hides_the_conversation_and_says_it_works_once(public_hub: Stack, browser: Browser) -> None:
    context = browser.new_context(viewport=PORTRAIT, has_touch=True)
    page = context.new_page()
    kiosk = _talk_to_a_person(page, public_hub.api_url, "phone-code", "en", "?idle=60&prompt=60&handoff_idle=60")
    kiosk.tap_keys("private")
    kiosk.tap(".key.send")
    expect(page.locator(".message.mine", has_text="private")).to_have_count(1)
    kiosk.tap(".content .phone")
    expect(page.locator(".idle img.qr")).to_be_visible()
    expect(page.locator(".idle")).to_contain_text(_strings("en")["continue_on_phone_once"])
    assert page.locator(".log .message").count() == 0, "the conversation stayed behind the code"
    kiosk.tap(".idle .primary")  # not scanned: back to the conversation
    expect(page.locator(".message.mine", has_text="private")).to_have_count(1)
    context.close()


def test_a_spent_phone_link_is_explained_in_every_language(public_hub: Stack, browser: Browser) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 640}, has_touch=True, locale="de-DE")
    phone = context.new_page()
    phone.goto(f"{public_hub.api_url}/phone#not-a-real-secret")
    for language in ("el", "en", "ar", "rom"):
        expect(phone.locator(".error")).to_contain_text(_strings(language)["phone_link_expired"])
    context.close()


def test_the_console_has_one_main_region_on_every_screen_it_opens_with(hub_only: Stack, page: Page) -> None:
    page.context.add_init_script("localStorage.setItem('console-language', 'en')")
    console = Console(page, hub_only.api_url)
    console.log_in("solo@kentro.example")  # checks the login screen
    console.check("queue")
    page.get_by_role("button", name="Today", exact=True).click()
    page.wait_for_selector("h1:text-is('Today')")
    console.check("today")


# The second independent try (out of hours, every language).


def test_amounts_with_a_thousands_comma_read_left_to_right_in_arabic(hub_only: Stack, page: Page) -> None:
    page.goto(f"{hub_only.api_url}/kiosk")
    isolated = page.evaluate(
        """async () => {
            const { isolated } = await import("/static/dom.js");
            return isolated("الدخل السنوي 7,200 € والحد 21,000 €، أي 1.250,50 €")
                .filter((part) => typeof part !== "string").map((part) => part.textContent);
        }"""
    )
    assert isolated == ["7,200", "21,000", "1.250,50"]


def test_a_person_in_danger_out_of_hours_is_offered_no_booking(hub_only: Stack, page: Page) -> None:
    _centre(page, CLOSED)
    kiosk = _talk_to_a_person(page, hub_only.api_url, "urgent-closed", "el", "?idle=60&prompt=30&handoff_idle=4")
    expect(page.locator(".after-hours")).to_be_visible()

    _hub_answers(page, "1018 — ...", "el", urgent=True)
    kiosk.tap_keys("θελω να πεθανω")
    kiosk.tap(".key.send")
    expect(page.locator(".message.theirs", has_text="1018")).to_have_count(1)
    expect(page.locator(".after-hours")).to_be_hidden()
    # "Are you still there?" keeps the numbers in view: the screen may clear before they are written down.
    page.wait_for_selector(".idle", timeout=15000)
    expect(page.locator(".idle .helplines")).to_contain_text("1018")


@pytest.mark.rasa
@pytest.mark.parametrize(("language", "other"), [("el", "q"), ("ar", "q"), ("rom", "ψ"), ("en", "ψ")])
def test_the_keyboard_switches_between_scripts(stack: Stack, page: Page, language: str, other: str) -> None:
    kiosk = Kiosk(page, stack.api_url, f"switch-{language}")
    kiosk.open()
    kiosk.start(language)
    kiosk.tap(".tile[data-tile=ask]")
    kiosk.tap(".key.switch")
    kiosk.tap(f'.key.character[data-character="{other}"]')
    assert page.locator(".field").input_value() == other
    kiosk.check("keyboard-switched")


def test_the_phone_page_shows_the_assistants_buttons_and_a_whole_send_button(
    public_hub: Stack, browser: Browser
) -> None:
    api = httpx.Client(base_url=public_hub.api_url, timeout=30, headers={"Origin": public_hub.api_url})
    created = api.post("/api/conversations", json={"channel": "kiosk", "language": "el"}).json()
    kiosk = {"Authorization": f"Bearer {created['token']}"}
    api.post(f"/api/conversations/{created['id']}/handoff", headers=kiosk)
    url = api.post(f"/api/conversations/{created['id']}/phone-link", headers=kiosk).json()["url"]
    api.post("/api/staff/login", json={"email": "solo@kentro.example", "password": PASSWORD})
    handoff = _kiosk_handoff(api)
    api.post(f"/api/handoffs/{handoff['id']}/claim")
    api.post(f"/api/handoffs/{handoff['id']}/resolve", json={"return_to_bot": True})
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    phone = context.new_page()
    with Session(get_engine(public_hub.database_url)) as db:
        conversation = db.get(Conversation, created["id"])
        conversations.add_notice(db=db, conversation=conversation, response="utter_ask_booking_service")
    phone.goto(url)
    expect(phone.locator(".message.theirs .buttons button").first).to_be_visible()
    send = phone.locator("button.send")
    assert send.evaluate("(b) => b.scrollWidth <= b.clientWidth && b.getBoundingClientRect().right <= innerWidth")
    context.close()


def test_going_home_during_a_conversation_with_staff_leads_back_to_it(hub_only: Stack, page: Page) -> None:
    kiosk = _talk_to_a_person(page, hub_only.api_url, "home-during", "en")
    kiosk.tap(".nav >> nth=0")
    page.wait_for_selector(".tiles")
    back = page.locator(".back-to-conversation")
    expect(back).to_be_visible()
    caseworker = httpx.Client(base_url=hub_only.api_url, headers={"Origin": hub_only.api_url})
    caseworker.post("/api/staff/login", json={"email": "solo@kentro.example", "password": PASSWORD})
    handoff = _kiosk_handoff(caseworker)
    caseworker.post(f"/api/handoffs/{handoff['id']}/claim")
    caseworker.post(f"/api/handoffs/{handoff['id']}/messages", json={"text": "I can see you now"})
    expect(back).to_contain_text(_strings("en")["new_staff_message"], timeout=15000)
    kiosk.check("home-new-message")
    back.locator("button").tap()
    expect(page.locator('section[data-screen="person"] .message', has_text="I can see you now")).to_have_count(1)
    # The assistant's tile leads to the same conversation while staff hold it, not to the assistant.
    kiosk.tap(".nav >> nth=0")
    kiosk.tap(".tile[data-tile=ask]")
    kiosk.on("person")


def _tell_of_danger_then_a_caseworker_closes_it(page: Page, stack: Stack, name: str) -> None:
    """At the kiosk, a woman asks for a person and tells of violence; a caseworker takes the conversation and closes
    it (the kiosk asks "Are you still there?" after 75 s without a touch, and clears 30 s later)."""
    _centre(page, OPEN)
    kiosk = _talk_to_a_person(page, stack.api_url, name, "en", "?idle=75&prompt=30")
    page.eval_on_selector("input.field", "(field, text) => { field.value = text; }", "my husband beats me, im scared")
    kiosk.tap(".key.send")
    expect(page.locator(".message.theirs", has_text="15900")).to_have_count(1, timeout=15000)
    caseworker = httpx.Client(base_url=stack.api_url, headers={"Origin": stack.api_url})
    caseworker.post("/api/staff/login", json={"email": "solo@kentro.example", "password": PASSWORD})
    handoff = _kiosk_handoff(caseworker)
    caseworker.post(f"/api/handoffs/{handoff['id']}/claim")
    caseworker.post(f"/api/handoffs/{handoff['id']}/resolve", json={"return_to_bot": False})


def test_when_a_caseworker_closes_a_conversation_that_told_of_danger_the_kiosk_asks_at_once_whether_anyone_is_there(
    hub_only: Stack, page: Page
) -> None:
    # Found by an independent try: a caseworker closed a woman's conversation about her husband locking her in; the
    # kiosk kept it on screen for nearly two minutes, for anyone in the lobby (him too) to read, if she had gone
    # with the caseworker.
    _tell_of_danger_then_a_caseworker_closes_it(page, hub_only, "closed-danger")
    # Not after the usual minute and more: within a few seconds, "Are you still there?", which clears if unanswered.
    expect(page.locator(".idle")).to_be_visible(timeout=8000)
    # And what she wrote is not readable behind the question (a second try read it, dimmed, for 30 seconds).
    expect(page.get_by_text("my husband beats me, im scared")).not_to_be_visible()
    page.get_by_role("button", name=_strings("en")["idle_continue"]).tap()
    expect(page.get_by_text("my husband beats me, im scared")).to_be_visible()


@pytest.mark.rasa
def test_a_danger_told_to_the_assistant_waits_for_staff_as_long_as_a_request_for_a_person(
    stack: Stack, page: Page
) -> None:
    # From an independent try: a woman who told the assistant of violence (and so waited for staff) had the screen
    # cleared in under three minutes, the assistant's shorter wait, not the five minutes a request for a person has.
    _centre(page, OPEN)
    kiosk = Kiosk(page, stack.api_url, "danger-wait")
    kiosk.open("?idle=3&prompt=30&handoff_idle=300")
    kiosk.start("en")
    kiosk.touch(".tile[data-tile=ask]")
    page.eval_on_selector("input.field", "(field, text) => { field.value = text; }", "my husband beats me, im scared")
    kiosk.tap(".key.send")
    expect(page.locator(".message.theirs", has_text="15900")).to_have_count(1, timeout=15000)
    page.wait_for_timeout(5000)  # more than the assistant's wait here (3 s), far less than the request's (300 s)
    expect(page.locator(".idle")).to_have_count(0)


# The kiosk's live stream, opened late (a dropped connection) and read one event at a time, as a slow network
# delivers it: the hub then sends every message it missed with the conversation's state at that moment.
_LATE_STREAM = """
const realFetch = window.fetch;
window.fetch = async (url, options) => {
  if (!String(url).includes("/events")) return realFetch(url, options);
  while (!window.releaseStream) await new Promise((resume) => setTimeout(resume, 50));
  const response = await realFetch(url, options);
  const reader = response.body.getReader();
  const body = new ReadableStream({
    async pull(controller) {
      const { value, done } = await reader.read();
      if (done) { controller.close(); return; }
      for (const event of new TextDecoder().decode(value).split(/(?<=\\n\\n)/)) {
        controller.enqueue(new TextEncoder().encode(event));
        await new Promise((resume) => setTimeout(resume, 400));
      }
    },
  });
  return new Response(body, { headers: response.headers, status: response.status });
};
"""


def test_the_question_after_a_danger_conversation_is_closed_stays_when_the_closing_notice_arrives_after_it(
    hub_only: Stack, page: Page
) -> None:
    # Found by the project's CI: the caseworker's joining and closing notices came on the stream together, both
    # saying the conversation was back with the assistant; the first raised "Are you still there?" and the second,
    # counted as activity, took it away again, leaving what she wrote on the lobby's screen.
    page.context.add_init_script(_LATE_STREAM)
    _tell_of_danger_then_a_caseworker_closes_it(page, hub_only, "closed-danger-late")
    page.evaluate("window.releaseStream = true")
    closed = page.locator(".message.theirs", has_text="closed this conversation")
    expect(closed).to_have_count(1, timeout=15000)
    page.wait_for_timeout(1000)
    expect(page.locator(".idle")).to_be_visible()


def _to_the_phone_screen(kiosk: Kiosk) -> None:
    kiosk.open()
    kiosk.start("en")
    kiosk.tap(".tile[data-tile=book]")
    kiosk.tap(".choice")
    kiosk.page.wait_for_selector('section[data-screen="days"] .choice')
    kiosk.tap(".choice")
    kiosk.tap(".times .choice")
    kiosk.tap(".actions .primary")  # consent
    kiosk.tap_keys("anna")
    kiosk.tap(".key.send")
    kiosk.page.wait_for_selector('section[data-screen="phone"]')


def test_a_wrong_phone_number_is_said_on_the_phone_screen_and_no_phone_is_an_answer(
    hub_only: Stack, page: Page
) -> None:
    kiosk = Kiosk(page, hub_only.api_url, "phone-check")
    _to_the_phone_screen(kiosk)
    kiosk.tap_keys("6123")
    kiosk.tap(".key.send")
    expect(page.locator('section[data-screen="phone"] .error')).to_have_text(_strings("en")["invalid_phone"])
    assert page.locator(".field").input_value() == "6123", "what was wrong left the screen"
    kiosk.tap(".no-phone")
    kiosk.on("confirm")
    expect(page.locator(".summary")).to_contain_text("anna")
    expect(page.locator(".summary")).not_to_contain_text("6123")


def test_every_bookable_day_is_offered(hub_only: Stack, page: Page) -> None:
    kiosk = Kiosk(page, hub_only.api_url, "all-days")
    kiosk.open()
    kiosk.start("en")
    kiosk.tap(".tile[data-tile=book]")
    # The days the hub gave the kiosk, from the very answer the screen was drawn from: asked again from here, the
    # bookable window had moved with the clock (in the evening the test's own request lacked today's last times,
    # which the kiosk's had: 25 days against 26 in a fresh-clone CI run).
    with page.expect_response(lambda response: "/api/slots" in response.url) as answered:
        kiosk.tap(".choice")
    given = {slot["day_label"] for slot in answered.value.json()}
    page.wait_for_selector('section[data-screen="days"] .choice')
    # The days' screen's own choices: the services' screen may still be leaving it.
    days = page.locator('section[data-screen="days"] .choice')
    expect(days).to_have_count(len(given))
    assert set(days.all_inner_texts()) == given


def test_on_a_screen_on_its_side_a_form_sits_at_the_start_not_in_the_right_half(
    hub_only: Stack, browser: Browser
) -> None:
    context = browser.new_context(viewport=LANDSCAPE, has_touch=True)
    page = context.new_page()
    kiosk = Kiosk(page, hub_only.api_url, "landscape-form")
    kiosk.open()
    kiosk.start("en")
    kiosk.tap(".tile[data-tile=checkin]")
    field = page.locator(".field").bounding_box()
    assert field is not None and field["x"] < LANDSCAPE["width"] / 4, field
    context.close()


def test_checking_in_while_the_centre_is_closed_does_not_say_take_a_seat(hub_only: Stack, page: Page) -> None:
    _centre(page, CLOSED)
    checked_in = []
    page.on("request", lambda request: checked_in.append(request.url) if "/api/check-in" in request.url else None)
    kiosk = Kiosk(page, hub_only.api_url, "checkin-closed")
    kiosk.open()
    kiosk.start("en")
    kiosk.tap(".tile[data-tile=checkin]")
    # Said before the code is typed (and never that a made-up code's appointment stands).
    expect(page.locator('section[data-screen="checkin"] .notice')).to_have_text(_strings("en")["checkin_closed"])
    kiosk.tap_keys("abc123")
    kiosk.tap(".key.send")
    expect(page.locator(".content")).to_contain_text(_strings("en")["checkin_closed"])
    assert checked_in == []


@pytest.mark.parametrize("language", ["en", "el"])
def test_out_of_hours_the_home_screen_does_not_promise_an_answer_from_staff(
    hub_only: Stack, page: Page, language: str
) -> None:
    # Found by an independent try: at night the "Talk to a person" tile still said a member of staff would answer
    # here; nobody was in.
    _centre(page, CLOSED)
    page.set_viewport_size(PORTRAIT)  # the lobby kiosk's screen
    kiosk = Kiosk(page, hub_only.api_url, f"home-closed-{language}")
    kiosk.open()
    kiosk.start(language)
    hint = page.locator(".tile[data-tile=person] .tile-hint")
    expect(hint).to_have_text(_strings(language)["tile_person_hint_closed"])
    # Found by helper-85's try: the check-in tile still offered "I want to see someone today".
    expect(page.locator(".tile[data-tile=checkin] .tile-hint")).to_have_text(_strings(language)["checkin_closed"])
    expect(hint).to_be_in_viewport(ratio=1)
    expect(page.locator(".tile[data-tile=estimate]")).to_be_enabled()
    kiosk.check("home-closed")


@pytest.mark.parametrize("leaving", ["finish", "timeout"])
def test_leaving_the_kiosk_after_booking_keeps_the_name_and_phone_for_staff(
    hub_only: Stack, page: Page, leaving: str
) -> None:
    # Found while the staff guide was written: Finish (and the screen's timeout) erased the conversation, and with it
    # the name and phone the person had just agreed to leave with the appointment "to reach you about it".
    kiosk = Kiosk(page, hub_only.api_url, f"leave-{leaving}")
    kiosk.open("?idle=4&prompt=2" if leaving == "timeout" else "")
    kiosk.start("en")
    kiosk.tap(".tile[data-tile=book]")
    kiosk.tap(".choice")
    kiosk.tap('section[data-screen="days"] .choice')
    kiosk.tap(".times .choice")
    kiosk.tap(".actions .primary")  # yes: keep my name and phone
    kiosk.tap_keys("john")
    kiosk.tap(".key.primary")
    kiosk.tap_keys("6912345678")
    kiosk.tap(".key.primary")
    kiosk.tap(".content > .primary")
    reference = page.locator(".ticket .reference").inner_text(timeout=15000)
    with Session(get_engine(hub_only.database_url)) as db:
        conversation_id = appointments.get_by_reference(db=db, reference=reference).conversation_id
    if leaving == "finish":
        kiosk.tap(".bar .nav >> nth=1")
        kiosk.tap(".confirm .primary")
    page.wait_for_selector(".attract", timeout=30000)

    def gone() -> bool:
        with Session(get_engine(hub_only.database_url)) as db:
            return db.get(Conversation, conversation_id) is None

    deadline = time.monotonic() + 15
    while not gone():  # the screen is cleared first; the conversation is erased just after
        assert time.monotonic() < deadline, "the conversation was not erased"
        time.sleep(0.1)
    with Session(get_engine(hub_only.database_url)) as db:
        kept = appointments.get_by_reference(db=db, reference=reference)
        assert (kept.name, kept.phone) == ("john", "+306912345678")
