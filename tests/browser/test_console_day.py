"""A caseworker's working day at the console, as the caseworker's independent try found it (issue 20): closing the
centre on a day with bookings, a session that ends mid-reply, who holds which conversation, closing a conversation,
the walk-in queue, moving an appointment, and what the month's report counts."""

from __future__ import annotations

import contextlib
import datetime as dt
import re

import httpx
from playwright.sync_api import Browser, Locator, Page, Route, expect
from playwright.sync_api import Error as PlaywrightError
from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk_api.appointments import desk
from kiosk_api.appointments import service as appointments
from kiosk_api.appointments.models import Appointment, AppointmentStatus, WorkingHours
from kiosk_api.appointments.slots import free_slots
from kiosk_api.centre import service as centre
from kiosk_api.centre.service import ATHENS
from kiosk_api.conversations import service as conversations
from kiosk_api.conversations.models import Conversation, Message, Sender
from kiosk_api.database import get_engine
from kiosk_api.flows import deliveries, erasure
from kiosk_api.handoff import service as handoffs
from kiosk_api.nlg.service import render
from kiosk_api.records import service as records
from kiosk_api.staff import service as staff
from kiosk_api.staff.models import Role
from knowledge.loader import load_services
from tests.browser.test_console import HURT, _citizen, _citizen_who_said, _strings, _waiting_conversation
from tests.browser.test_kiosk import Console, hub_only  # noqa: F401 - hub_only is a fixture
from tests.citizen import delivery_note
from tests.conftest import PASSWORD
from tools.stack import Stack

ENGLISH = _strings("en")


def _chief(stack: Stack) -> None:
    with Session(get_engine(stack.database_url)) as db:
        staff.create_member(db=db, email="chief@kentro.example", name="Chief", role=Role.admin, password=PASSWORD)


def _booked_from_a_conversation(stack: Stack, service_id: str = "social_work") -> tuple[str, str, dt.date]:
    """An appointment booked in a Greek conversation at the first free time: its reference, conversation, day."""
    with Session(get_engine(stack.database_url)) as db:
        conversation, _ = conversations.create(db=db, channel="telegram", language="el")
        service = appointments.get_service(db=db, service_id=service_id)
        [slot] = appointments.next_slots(db=db, service=service, limit=1)
        booked = appointments.book(
            db=db,
            service_id=service_id,
            staff_id=slot.staff_id,
            starts_at=slot.starts_at,
            language="el",
            channel="telegram",
            conversation_id=conversation.id,
        )
        return booked.reference, conversation.id, booked.starts_at.astimezone(ATHENS).date()


def _colleague(db: Session) -> None:
    staff.create_member(db=db, email="maria2@kentro.example", name="Maria K.", role=Role.caseworker, password=PASSWORD)


def _claim_first(page: Page, *, settled: bool = False) -> None:
    """Open the first conversation in the queue and claim it; return once the reply box is there, and with `settled`
    once the screen has settled: the conversation, once drawn, listens for news and then reads itself once more. A
    session the test ends before that read would be found ended by the read, not by what the caseworker presses next
    (the login screen would come before the press, and "Send" would no longer be there to press)."""
    page.locator(".queue .entry").first.click()
    if not settled:
        page.get_by_role("button", name="Claim").click()
        page.wait_for_selector("#reply")
        return
    page.get_by_role("button", name="Claim").wait_for()
    # The stream of news never finishes: it counts from its answer; a read counts once it has finished.
    heard: list[str] = []
    page.on("response", lambda response: heard.append(response.url))
    page.on("requestfinished", lambda request: heard.append(request.url))
    page.get_by_role("button", name="Claim").click()
    page.wait_for_selector("#reply")
    # Then quiet for a quarter of a second: the claim's own news may draw the conversation once more.
    quiet_since = len(heard)
    for _ in range(200):
        page.wait_for_timeout(250)
        listening = [i for i, url in enumerate(heard) if url.endswith("/api/handoffs/events")]
        settled = listening and any(re.search(r"/api/handoffs/\d+$", url) for url in heard[listening[-1] + 1 :])
        if settled and len(heard) == quiet_since:
            return
        quiet_since = len(heard)
    raise AssertionError(f"the conversation never read itself again after it began listening: {heard}")


def _log_in(page: Page, stack: Stack, email: str = "solo@kentro.example") -> Console:
    page.context.add_init_script("localStorage.setItem('console-language', 'en')")
    console = Console(page, stack.api_url)
    console.log_in(email)
    return console


def _a_slot_today(db: Session) -> tuple[int, dt.datetime]:
    """A free social-work slot today, whatever the hour or the weekday the suite runs at: the caseworker is given
    the whole of today as working hours (CI once ran these tests at 19:18, when the next slot, 20:00, was past the
    working day)."""
    service = appointments.get_service(db=db, service_id="social_work")
    staff_id = appointments.providers(db=db, service=service)[0]
    today = dt.datetime.now(ATHENS).replace(hour=0, minute=0, second=0, microsecond=0)
    db.add(WorkingHours(staff_id=staff_id, weekday=today.weekday(), start=dt.time(0, 0), end=dt.time(23, 59)))
    db.flush()
    tomorrow = today + dt.timedelta(days=1)
    slots = free_slots(db=db, service=service, start=today, end=tomorrow, staff_id=staff_id)
    first = next(slot for slot in slots if slot.starts_at.astimezone(ATHENS).date() == today.date())
    return staff_id, first.starts_at.astimezone(ATHENS)


def test_closing_the_centre_on_a_day_with_bookings_warns_first_and_tells_the_citizens(
    hub_only: Stack,  # noqa: F811 - the fixture
    page: Page,
) -> None:
    _chief(hub_only)
    reference, conversation_id, day = _booked_from_a_conversation(hub_only)
    _log_in(page, hub_only, "chief@kentro.example")
    page.get_by_role("button", name="Administration").click()
    page.select_option("#leave-who", "")
    page.fill("#leave-from", day.isoformat())
    page.fill("#leave-to", day.isoformat())
    page.get_by_role("button", name=ENGLISH["add_leave"]).click()
    # Nothing is recorded yet: the administrator is first shown whom the closure would leave without a caseworker.
    warning = page.locator(".affected")
    expect(warning).to_contain_text(reference)
    expect(warning).to_contain_text(ENGLISH["affected_bookings"].replace("{count}", "1"))
    with Session(get_engine(hub_only.database_url)) as db:
        assert appointments.list_time_off(db=db, after=dt.datetime.now(dt.UTC)) == []
    page.get_by_role("button", name=ENGLISH["cancel_and_tell"]).click()
    expect(page.locator("#view > p[role=status]")).to_contain_text(ENGLISH["saved"])
    with Session(get_engine(hub_only.database_url)) as db:
        booked = appointments.get_by_reference(db=db, reference=reference)
        assert booked.status == AppointmentStatus.cancelled
        assert len(appointments.list_time_off(db=db, after=dt.datetime.now(dt.UTC))) == 1
        told = db.scalars(
            select(Message.text).where(Message.conversation_id == conversation_id, Message.sender == Sender.system)
        ).all()
    assert any(reference in text for text in told), told


def test_a_closure_over_bookings_is_refused_by_the_hub_until_the_administrator_chooses(
    hub_only: Stack,  # noqa: F811 - the fixture
) -> None:
    _chief(hub_only)
    reference, _, day = _booked_from_a_conversation(hub_only)
    admin = httpx.Client(base_url=hub_only.api_url, headers={"Origin": hub_only.api_url})
    admin.post("/api/staff/login", json={"email": "chief@kentro.example", "password": PASSWORD})
    start = dt.datetime.combine(day, dt.time(), tzinfo=ATHENS)
    body = {"starts_at": start.isoformat(), "ends_at": (start + dt.timedelta(days=1)).isoformat()}
    refused = admin.post("/api/time-off", json=body)
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "bookings_in_the_way"
    affected = admin.get("/api/time-off/bookings", params=body).json()
    assert [a["reference"] for a in affected] == [reference]
    kept = admin.post("/api/time-off", json={**body, "bookings": "keep"})
    assert kept.status_code == 201
    with Session(get_engine(hub_only.database_url)) as db:
        assert appointments.get_by_reference(db=db, reference=reference).status == AppointmentStatus.booked


def test_a_half_typed_reply_survives_the_end_of_the_session_and_the_conversation_has_an_address(
    hub_only: Stack,  # noqa: F811 - the fixture
    page: Page,
) -> None:
    _waiting_conversation(hub_only, "el", "kiosk")
    _log_in(page, hub_only)
    _claim_first(page, settled=True)
    address = page.url
    assert "#conversation/" in address
    page.fill("#reply", "Καλημέρα, θα σας βοηθήσω με")
    page.fill("#note", "μισή σημείωση")
    page.context.clear_cookies()  # the session ends (expired, or logged out elsewhere)
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("alert")).to_have_text(ENGLISH["session_expired"])
    page.fill("#email", "solo@kentro.example")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    # Back where they were, with what they had typed.
    expect(page.locator("#reply")).to_have_value("Καλημέρα, θα σας βοηθήσω με")
    expect(page.locator("#note")).to_have_value("μισή σημείωση")
    assert page.url == address
    # The address opens the conversation in another tab too.
    other = page.context.new_page()
    other.goto(address)
    expect(other.locator("#reply")).to_be_visible()


def test_the_queue_says_who_holds_each_conversation(
    hub_only: Stack,  # noqa: F811 - the fixture
    page: Page,
) -> None:
    _waiting_conversation(hub_only, "en", "kiosk")
    with Session(get_engine(hub_only.database_url)) as db:
        staff.create_member(
            db=db, email="maria2@kentro.example", name="Maria K.", role=Role.caseworker, password=PASSWORD
        )
    colleague = httpx.Client(base_url=hub_only.api_url, headers={"Origin": hub_only.api_url})
    colleague.post("/api/staff/login", json={"email": "maria2@kentro.example", "password": PASSWORD})
    [handoff] = colleague.get("/api/handoffs").json()
    assert colleague.post(f"/api/handoffs/{handoff['id']}/claim").status_code == 200
    _log_in(page, hub_only)
    row = page.locator(".queue tbody tr").first
    expect(row).to_contain_text("Maria K.")


def test_a_claim_lost_to_a_colleague_names_the_colleague(
    hub_only: Stack,  # noqa: F811 - the fixture
    page: Page,
) -> None:
    _waiting_conversation(hub_only, "en", "kiosk")
    with Session(get_engine(hub_only.database_url)) as db:
        staff.create_member(
            db=db, email="maria2@kentro.example", name="Maria K.", role=Role.caseworker, password=PASSWORD
        )
    # The colleague's claim also reaches this screen by its live stream, which can take the Claim button away before
    # the press (a fresh-clone run met that race): held here, so the press meets the hub's refusal. The stream's own
    # way is test_an_open_conversation_follows_a_colleagues_claim.
    page.route("**/api/handoffs/events", lambda route: None)
    _log_in(page, hub_only)
    page.locator(".queue .entry").first.click()
    colleague = httpx.Client(base_url=hub_only.api_url, headers={"Origin": hub_only.api_url})
    colleague.post("/api/staff/login", json={"email": "maria2@kentro.example", "password": PASSWORD})
    [handoff] = colleague.get("/api/handoffs").json()
    colleague.post(f"/api/handoffs/{handoff['id']}/claim")
    page.get_by_role("button", name="Claim").click()
    expect(page.get_by_role("alert")).to_have_text(ENGLISH["problem_claimed_by"].replace("{name}", "Maria K."))
    expect(page.locator(".queue tbody tr").first).to_contain_text("Maria K.")


def test_a_note_names_its_author(
    hub_only: Stack,  # noqa: F811 - the fixture
    page: Page,
) -> None:
    _waiting_conversation(hub_only, "en", "kiosk")
    _log_in(page, hub_only)
    _claim_first(page)
    page.fill("#note", "asked about rent")
    page.get_by_role("button", name=ENGLISH["add_note"]).click()
    expect(page.locator(".notes li")).to_contain_text("asked about rent")
    with Session(get_engine(hub_only.database_url)) as db:
        name = staff.get_member_by_email(db=db, email="solo@kentro.example").name
    expect(page.locator(".notes li")).to_contain_text(name)


def _the_channel_cannot_reach(stack: Stack, conversation_id: str) -> None:
    """The citizen's channel stops delivering (they blocked the bot, say): the system writes a note for staff."""
    with Session(get_engine(stack.database_url)) as db:
        deliveries.unreachable(db=db, conversation_id=conversation_id, channel="webhook", reason="gone")


def test_a_note_from_the_system_shows_at_once_and_says_it_is_automatic(
    hub_only: Stack,  # noqa: F811 - the fixture
    page: Page,
) -> None:
    # Found in an independent try: the note that the citizen blocked the channel appeared only once the caseworker
    # opened the conversation again, in English, signed "—".
    _, conversation_id, _ = _waiting_conversation(hub_only, "en", "webhook")
    _log_in(page, hub_only)
    _claim_first(page)
    _the_channel_cannot_reach(hub_only, conversation_id)
    shown = page.locator(".notes li")
    expect(shown).to_have_count(1)
    # In the console's language (an independent try: a Greek note in the English console).
    assert delivery_note(shown.locator("p").inner_text(), "webhook", reachable=False, language="en")
    expect(shown.locator(".meta")).to_contain_text(ENGLISH["automatic_note"])
    # Every later one too, not only the first (an independent try: "can be reached again" did not show until the
    # page was opened again).
    with Session(get_engine(hub_only.database_url)) as db:
        deliveries.reachable_again(db=db, conversation_id=conversation_id, channel="webhook")
    expect(shown).to_have_count(2)
    assert delivery_note(shown.nth(1).locator("p").inner_text(), "webhook", reachable=True, language="en")


def test_a_note_written_while_the_conversation_opens_still_shows(
    hub_only: Stack,  # noqa: F811 - the fixture
    page: Page,
) -> None:
    # A CI run under load: the note was written after the conversation was read but before its live events were
    # listened to, and never showed. Here the events are held back until the note is written.
    _, conversation_id, _ = _waiting_conversation(hub_only, "en", "webhook")
    _log_in(page, hub_only)
    held: list[Route] = []
    page.route("**/api/handoffs/events", lambda route: held.append(route))
    _claim_first(page)
    _the_channel_cannot_reach(hub_only, conversation_id)
    page.unroute("**/api/handoffs/events")
    for route in held:
        with contextlib.suppress(PlaywrightError):  # the queue's stream, closed when the conversation opened
            route.continue_()
    expect(page.locator(".notes li")).to_have_count(1)


def test_closing_a_conversation_says_what_the_citizen_is_told_and_asks_first(
    hub_only: Stack,  # noqa: F811 - the fixture
    page: Page,
) -> None:
    _, conversation_id, _ = _waiting_conversation(hub_only, "en", "kiosk")
    _log_in(page, hub_only)
    _claim_first(page)
    page.get_by_role("button", name=ENGLISH["resolve"], exact=True).click()
    confirm = page.locator(".confirm")
    expect(confirm).to_contain_text(ENGLISH["resolve_explained"])
    page.get_by_role("button", name=ENGLISH["keep_open"]).click()
    expect(confirm).to_have_count(0)
    expect(page.locator("#reply")).to_be_visible()  # still open: a slip closed nothing
    page.get_by_role("button", name=ENGLISH["return_to_bot"], exact=True).click()
    expect(page.locator(".confirm")).to_contain_text(ENGLISH["return_explained"])
    page.locator(".confirm").get_by_role("button", name=ENGLISH["return_to_bot"]).click()
    page.wait_for_selector(".queue")
    with Session(get_engine(hub_only.database_url)) as db:
        told = db.scalars(
            select(Message.text).where(Message.conversation_id == conversation_id, Message.sender == Sender.system)
        ).all()
    # Told once, and only after the caseworker confirmed.
    back = render(response="utter_back_to_assistant", arguments={}, language="en")["text"]
    assert told[-1] == back and told.count(back) == 1


def test_calling_walk_ins_shows_who_called_when_and_says_when_nobody_waits(
    hub_only: Stack,  # noqa: F811 - the fixture
    page: Page,
) -> None:
    with Session(get_engine(hub_only.database_url)) as db:
        desk.take_ticket(db=db, reason="information", language="ar", channel="kiosk")
        name = staff.get_member_by_email(db=db, email="solo@kentro.example").name
    _log_in(page, hub_only)
    page.get_by_role("button", name="Today", exact=True).click()
    call = page.get_by_role("button", name=ENGLISH["call_next"])
    call.click()
    ticket = page.locator(".walk-ins li").first
    expect(ticket).to_contain_text(name)
    expect(ticket).to_contain_text(ENGLISH["walk_in_called"].split("{")[0].strip())
    page.get_by_role("button", name=ENGLISH["call_next"]).click()
    nobody = page.locator(".walk-ins-status")
    expect(nobody).to_have_text(ENGLISH["nobody_waiting"])
    expect(nobody).to_be_in_viewport()
    # The person called did not come: marked so, and not counted as a visit.
    page.get_by_role("button", name=ENGLISH["walk_in_not_here"]).click()
    expect(page.locator(".walk-ins li").first).to_contain_text(ENGLISH["words"]["walk_in"]["left"])


def test_with_no_walk_in_waiting_today_says_so_before_anyone_presses_call(
    hub_only: Stack,  # noqa: F811 - the fixture
    page: Page,
) -> None:
    # Found by an independent try: the staff guide says "Nobody is waiting." appears when there is no one; it appeared
    # only after pressing "Call the next person".
    with Session(get_engine(hub_only.database_url)) as db:  # numbers other tests took today are no longer waiting
        solo = staff.get_member_by_email(db=db, email="solo@kentro.example")
        while desk.call_next(db=db, staff_id=solo.id) is not None:
            pass
    _log_in(page, hub_only)
    page.get_by_role("button", name="Today", exact=True).click()
    expect(page.locator(".walk-ins-status")).to_have_text(ENGLISH["nobody_waiting"])


def test_the_report_counts_people_served_not_tickets_taken(
    hub_only: Stack,  # noqa: F811 - the fixture
) -> None:
    month = dt.datetime.now(ATHENS).strftime("%Y-%m")
    desk_client = httpx.Client(base_url=hub_only.api_url, headers={"Origin": hub_only.api_url})
    desk_client.post("/api/staff/login", json={"email": "solo@kentro.example", "password": PASSWORD})

    def walk_ins() -> int:
        with Session(get_engine(hub_only.database_url)) as db:
            first, last = records.month_bounds(month)
            return records.visit_figures(db=db, first=first, last=last)["by_kind"].get("walk_in", 0)

    def appointment_visits() -> int:
        with Session(get_engine(hub_only.database_url)) as db:
            first, last = records.month_bounds(month)
            return records.visit_figures(db=db, first=first, last=last)["by_kind"].get("appointment", 0)

    with Session(get_engine(hub_only.database_url)) as db:
        desk.take_ticket(db=db, reason="information", language="el", channel="kiosk")
        desk.take_ticket(db=db, reason="information", language="el", channel="kiosk")
    assert walk_ins() == 0, "a ticket taken is not yet a person served"
    assert desk_client.post("/api/desk/walk-ins/next").status_code == 200
    assert walk_ins() == 1
    called = desk_client.post("/api/desk/walk-ins/next").json()
    assert walk_ins() == 2
    gone = desk_client.post(f"/api/desk/walk-ins/{called['number']}/left")
    assert gone.status_code == 200 and gone.json()["status"] == "left"
    assert walk_ins() == 1, "the person called had gone"

    # An appointment the caseworker marks as arrived at the desk is a visit, as a check-in at the kiosk is.
    with Session(get_engine(hub_only.database_url)) as db:
        staff_id, starts_at = _a_slot_today(db)
        booked = appointments.book(
            db=db,
            service_id="social_work",
            staff_id=staff_id,
            starts_at=starts_at,
            language="el",
            channel="desk",
            now=starts_at - dt.timedelta(days=1),
        )
        reference = booked.reference
    before = appointment_visits()
    assert desk_client.post(f"/api/desk/appointments/{reference}/arrived").status_code == 200
    assert appointment_visits() == before + 1
    desk_client.post(f"/api/desk/appointments/{reference}/arrived")
    assert appointment_visits() == before + 1, "marked twice, counted once"
    with Session(get_engine(hub_only.database_url)) as db:
        assert db.scalars(select(Appointment).where(Appointment.reference == reference)).one()


def _the_last_day_with_free_times(stack: Stack) -> dt.date:
    """The furthest day on which social work has free times: not the next days, which are shown without a choice."""
    with Session(get_engine(stack.database_url)) as db:
        service = appointments.get_service(db=db, service_id="social_work")
        later = appointments.next_slots(db=db, service=service, limit=2000)
    return max(later, key=lambda slot: slot.starts_at).starts_at.astimezone(ATHENS).date()


def test_an_appointment_can_be_moved_to_any_day_and_caseworker(
    hub_only: Stack,  # noqa: F811 - the fixture
    page: Page,
) -> None:
    reference, _, day = _booked_from_a_conversation(hub_only)
    far_day = _the_last_day_with_free_times(hub_only)
    _log_in(page, hub_only)
    page.get_by_role("button", name="Today", exact=True).click()
    page.fill("#calendar-day", day.isoformat())
    page.locator("#calendar-day").dispatch_event("change")
    page.locator(".day li", has_text=reference).get_by_role("button", name=ENGLISH["move"]).click()
    page.fill("#move-day", far_day.isoformat())
    page.locator("#move-day").dispatch_event("change")
    page.locator(".time").first.click()
    expect(page.locator("#view > p[role=status]")).to_contain_text(reference)
    with Session(get_engine(hub_only.database_url)) as db:
        moved = appointments.get_by_reference(db=db, reference=reference)
        assert moved.starts_at.astimezone(ATHENS).date() == far_day


def test_moving_an_appointment_cancelled_meanwhile_says_so(
    hub_only: Stack,  # noqa: F811 - the fixture
    page: Page,
) -> None:
    # Named by an independent try: a colleague cancelled the appointment while its new time was being chosen, and
    # pressing a time said only "Something went wrong".
    reference, _, day = _booked_from_a_conversation(hub_only)
    _log_in(page, hub_only)
    page.get_by_role("button", name="Today", exact=True).click()
    page.fill("#calendar-day", day.isoformat())
    page.locator("#calendar-day").dispatch_event("change")
    page.locator(".day li", has_text=reference).get_by_role("button", name=ENGLISH["move"]).click()
    expect(page.locator(".time").first).to_be_visible()
    with Session(get_engine(hub_only.database_url)) as db:
        appointments.cancel(db=db, appointment=appointments.get_by_reference(db=db, reference=reference), by_staff=True)
    page.locator(".time").first.click()
    alert = page.get_by_role("alert")
    expect(alert).to_have_text(ENGLISH["problem_not_booked"])
    expect(alert).to_be_in_viewport()
    expect(page.get_by_text(ENGLISH["error"])).to_have_count(0)


def test_a_desk_booking_can_be_for_the_day_the_citizen_asks_for(
    hub_only: Stack,  # noqa: F811 - the fixture
    page: Page,
) -> None:
    # Found by an independent try: the booking form offered only the next twelve times, whatever day Fatima wanted;
    # to give her Thursday, the receptionist had to book Monday and then move it.
    wanted = _the_last_day_with_free_times(hub_only)
    _log_in(page, hub_only)
    page.get_by_role("button", name="Today", exact=True).click()
    page.select_option("#book-service", "social_work")
    page.fill("#book-day", wanted.isoformat())
    page.get_by_role("button", name=ENGLISH["free_times"]).click()
    page.locator(".booking .time").first.click()
    status = page.locator("#view > p[role=status]")
    expect(status).to_contain_text(re.compile(r"[A-Z0-9]{6}"))
    reference = re.search(r"[A-Z0-9]{6}", status.inner_text()).group(0)
    with Session(get_engine(hub_only.database_url)) as db:
        booked = appointments.get_by_reference(db=db, reference=reference)
        assert booked.starts_at.astimezone(ATHENS).date() == wanted


def test_moving_an_appointment_whose_citizen_cannot_be_told_says_to_phone_them(
    hub_only: Stack,  # noqa: F811 - the fixture
    page: Page,
) -> None:
    # Found by an independent try: a kiosk booking whose screen had cleared was moved "with a single click", and the
    # console said only "The citizen is told if they booked in a conversation": she would have come on the old day.
    reference, conversation_id, day = _booked_from_a_conversation(hub_only)
    with Session(get_engine(hub_only.database_url)) as db:
        booked = appointments.get_by_reference(db=db, reference=reference)
        booked.phone = "6912345678"
        erasure.leave(db=db, conversation=db.get(Conversation, conversation_id))
        db.commit()
    _log_in(page, hub_only)
    page.get_by_role("button", name="Today", exact=True).click()
    page.fill("#calendar-day", day.isoformat())
    page.locator("#calendar-day").dispatch_event("change")
    page.locator(".day li", has_text=reference).get_by_role("button", name=ENGLISH["move"]).click()
    page.locator(".time").first.click()
    status = page.locator("#view > p[role=status]")
    expect(status).to_contain_text(reference)
    expect(status).to_contain_text(ENGLISH["moved_cannot_be_told"].replace("{phone}", "6912345678"))


def test_a_day_chosen_while_the_first_times_load_keeps_its_own_times(
    hub_only: Stack,  # noqa: F811 - the fixture
    page: Page,
) -> None:
    """The move screen first loads the next free times. A caseworker who picks a day before they arrive must see
    that day's times: the slower first answer replaced them with "no free times" (a CI run under load failed the
    test above on it)."""
    reference, _, day = _booked_from_a_conversation(hub_only)
    with Session(get_engine(hub_only.database_url)) as db:
        service = appointments.get_service(db=db, service_id="social_work")
        far = max(appointments.next_slots(db=db, service=service, limit=2000), key=lambda slot: slot.starts_at)
    far_day = far.starts_at.astimezone(ATHENS).date()
    _log_in(page, hub_only)
    page.get_by_role("button", name="Today", exact=True).click()
    page.fill("#calendar-day", day.isoformat())
    page.locator("#calendar-day").dispatch_event("change")
    held: list[Route] = []

    def hold_the_first_times(route: Route) -> None:
        # The first list (no day asked) is held back until the chosen day's has been shown.
        if "after=" in route.request.url or held:
            route.continue_()
        else:
            held.append(route)

    page.route("**/api/slots?*", hold_the_first_times)
    page.locator(".day li", has_text=reference).get_by_role("button", name=ENGLISH["move"]).click()
    page.fill("#move-day", far_day.isoformat())
    page.locator("#move-day").dispatch_event("change")
    expect(page.locator(".time").first).to_be_visible()
    shown = page.locator(".time").all_inner_texts()
    with page.expect_response(lambda response: "/api/slots?" in response.url and "after=" not in response.url):
        held[0].continue_()
    # What a late answer would do it does at once: the next task after its arrival.
    page.evaluate("() => new Promise((resolve) => setTimeout(resolve, 200))")
    assert page.locator(".time").all_inner_texts() == shown
    expect(page.get_by_text(ENGLISH["no_free_times"])).to_have_count(0)


def test_every_time_the_hub_sends_says_its_offset(hub) -> None:
    """A time without an offset is read by a browser as its own zone's: the console showed 06:15 for 08:15."""
    client = hub()
    created = client.post("/api/conversations", json={"channel": "kiosk", "language": "en"}).json()
    auth = {"Authorization": f"Bearer {created['token']}"}
    client.post(f"/api/conversations/{created['id']}/messages", json={"text": "hello"}, headers=auth)
    client.post(f"/api/conversations/{created['id']}/handoff", headers=auth)
    messages = client.get(f"/api/conversations/{created['id']}/messages", headers=auth).json()["messages"]
    stamps = [message["created_at"] for message in messages]
    assert stamps and all(re.search(r"(Z|[+-]\d\d:\d\d)$", stamp) for stamp in stamps), stamps


def test_a_reply_names_the_caseworker_who_wrote_it_and_an_edit_is_marked(
    hub_only: Stack,  # noqa: F811 - the fixture
    page: Page,
) -> None:
    citizen, conversation_id, auth = _waiting_conversation(hub_only, "en", "telegram")
    with Session(get_engine(hub_only.database_url)) as db:
        _colleague(db)
    colleague = httpx.Client(base_url=hub_only.api_url, headers={"Origin": hub_only.api_url})
    colleague.post("/api/staff/login", json={"email": "maria2@kentro.example", "password": PASSWORD})
    [handoff] = colleague.get("/api/handoffs").json()
    colleague.post(f"/api/handoffs/{handoff['id']}/claim")
    colleague.post(f"/api/handoffs/{handoff['id']}/messages", json={"text": "I am looking at it"})
    sent = {"text": "sorry, I meant the rent allowance", "edit": True}
    assert citizen.post(f"/api/conversations/{conversation_id}/messages", json=sent, headers=auth).status_code == 200
    with Session(get_engine(hub_only.database_url)) as db:
        solo = staff.get_member_by_email(db=db, email="solo@kentro.example")
        [handoff_row] = handoffs.list_handoffs(db=db, status=None)
        handoffs.transfer(db=db, handoff=handoff_row, to=solo)  # Maria passes it on: Solo reads who answered
    _log_in(page, hub_only)
    page.locator(".queue .entry").first.click()
    expect(page.locator(".transcript .from-staff .meta")).to_contain_text("Maria K.")
    expect(page.locator(".transcript .from-citizen", has_text="rent allowance").locator(".meta")).to_contain_text(
        ENGLISH["edited"]
    )


def test_a_conversation_passed_to_a_caseworker_is_said_on_their_screen(
    hub_only: Stack,  # noqa: F811 - the fixture
    page: Page,
) -> None:
    _waiting_conversation(hub_only, "en", "kiosk")
    with Session(get_engine(hub_only.database_url)) as db:
        _colleague(db)
        solo_id = staff.get_member_by_email(db=db, email="solo@kentro.example").id
    _log_in(page, hub_only)
    colleague = httpx.Client(base_url=hub_only.api_url, headers={"Origin": hub_only.api_url})
    colleague.post("/api/staff/login", json={"email": "maria2@kentro.example", "password": PASSWORD})
    [handoff] = colleague.get("/api/handoffs").json()
    colleague.post(f"/api/handoffs/{handoff['id']}/claim")
    colleague.post(f"/api/handoffs/{handoff['id']}/transfer", json={"staff_id": solo_id})
    expect(page.locator(".passed")).to_have_text(ENGLISH["passed_to_you"].replace("{id}", str(handoff["id"])))
    expect(page.locator(".queue tbody tr").first).to_contain_text(ENGLISH["you"])


def test_reading_the_same_conversation_again_is_logged_once_in_ten_minutes(
    hub_only: Stack,  # noqa: F811 - the fixture
    monkeypatch,
) -> None:
    """The console reads a conversation again at each new message: the log keeps one read, not one per message."""
    _waiting_conversation(hub_only, "en", "kiosk")
    desk_client = httpx.Client(base_url=hub_only.api_url, headers={"Origin": hub_only.api_url})
    desk_client.post("/api/staff/login", json={"email": "solo@kentro.example", "password": PASSWORD})
    [handoff] = desk_client.get("/api/handoffs").json()
    for _ in range(3):
        assert desk_client.get(f"/api/handoffs/{handoff['id']}").status_code == 200
    with Session(get_engine(hub_only.database_url)) as db:
        reads = staff.audit_log(db=db, action="conversation_read")
        assert len(reads) == 1
        reads[0].at = reads[0].at - dt.timedelta(minutes=11)
        db.commit()
    desk_client.get(f"/api/handoffs/{handoff['id']}")
    with Session(get_engine(hub_only.database_url)) as db:
        assert len(staff.audit_log(db=db, action="conversation_read")) == 2


# From the second caseworker's try.


def test_the_desk_books_with_whoever_is_free_and_says_with_whom_or_that_nobody_is(
    hub_only: Stack,  # noqa: F811 - the fixture
    page: Page,
) -> None:
    with Session(get_engine(hub_only.database_url)) as db:
        _colleague(db)  # no working hours, provides nothing
    _log_in(page, hub_only)
    page.get_by_role("button", name="Today", exact=True).click()
    page.wait_for_selector("#book-staff")
    expect(page.locator("#book-staff")).to_have_value("")  # anyone, not the calendar's caseworker
    page.get_by_role("button", name=ENGLISH["free_times"]).click()
    expect(page.locator(".booking .time").first).to_contain_text("Solo")
    page.select_option("#book-staff", label="Maria K.")
    page.get_by_role("button", name=ENGLISH["free_times"]).click()
    expect(page.locator(".booking")).to_contain_text(ENGLISH["no_free_times"])


def _an_arabic_message_open_in_the_console(stack: Stack, page: Page, text: str) -> None:
    """A bot message in Arabic in a conversation waiting for staff, opened in the console."""
    with Session(get_engine(stack.database_url)) as db:
        conversation, _ = conversations.create(db=db, channel="kiosk", language="ar")
        conversations.add_message(db=db, conversation=conversation, sender=Sender.bot, text=text, language="ar")
        handoffs.open_handoff(db=db, conversation=conversation, reason="requested", topic=None)
    _log_in(page, stack)
    page.locator(".queue .entry").first.click()


def test_a_web_address_in_an_arabic_message_keeps_its_order_in_the_console(
    hub_only: Stack,  # noqa: F811 - the fixture
    page: Page,
) -> None:
    address = "https://opeka.gr/oikogeneies/epidoma-paidiou-a21/"
    _an_arabic_message_open_in_the_console(hub_only, page, f"الصفحة الرسمية: {address}")
    expect(page.locator(".transcript bdi[dir=ltr]")).to_have_text(address)


def test_an_e_mail_address_in_an_arabic_message_keeps_its_order(
    hub_only: Stack,  # noqa: F811 - the fixture
    page: Page,
) -> None:
    # Found by helper-101's try: the SOS line's address, the only way to reach it without a phone call, showed as
    # "isotita.gr@sos15900" in Arabic, on the kiosk and in the console (they share the isolation).
    _an_arabic_message_open_in_the_console(
        hub_only, page, "إذا لم تستطيعوا التحدث على الهاتف، اكتبوا إلى خط SOS: sos15900@isotita.gr"
    )
    expect(page.locator(".transcript bdi[dir=ltr]", has_text="@")).to_have_text("sos15900@isotita.gr")


def test_a_reference_in_an_arabic_message_keeps_its_order(
    hub_only: Stack,  # noqa: F811 - the fixture
    page: Page,
) -> None:
    # From an independent try: the example reference K7P3QD, its letters and digits isolated in two pieces, showed as
    # "3QDK7P" in Arabic (the kiosk and the console share the isolation).
    _an_arabic_message_open_in_the_console(hub_only, page, "ما رمز موعدكم؟ مثل K7P3QD.")
    expect(page.locator(".transcript bdi[dir=ltr]")).to_have_text("K7P3QD")


def test_a_phone_number_the_desk_cannot_keep_is_said_so(
    hub_only: Stack,  # noqa: F811 - the fixture
    page: Page,
) -> None:
    _log_in(page, hub_only)
    page.get_by_role("button", name="Today", exact=True).click()
    page.fill("#book-phone", "+44 7700 900123")
    page.check("#book-consent")
    page.get_by_role("button", name=ENGLISH["free_times"]).click()
    page.locator(".booking .time").first.click()
    expect(page.get_by_role("alert")).to_have_text(ENGLISH["problem_invalid_phone"])


def test_a_transfer_says_to_whom_and_the_colleagues_open_screen_follows(
    hub_only: Stack,  # noqa: F811 - the fixture
    page: Page,
) -> None:
    _waiting_conversation(hub_only, "en", "kiosk")
    with Session(get_engine(hub_only.database_url)) as db:
        _colleague(db)
    _log_in(page, hub_only)
    _claim_first(page)
    page.select_option("#transfer", label="Maria K.")
    page.get_by_role("button", name=ENGLISH["transfer"], exact=True).click()
    expect(page.locator("#view > .notice")).to_contain_text("Maria K.")
    # Waiting stopped when Solo took it: the queue says how long it was, not a clock still running.
    expect(page.locator(".queue tbody tr").first).to_contain_text(ENGLISH["waited_until_claimed"].split("{")[0].strip())


def test_an_open_conversation_follows_a_colleagues_claim(
    hub_only: Stack,  # noqa: F811 - the fixture
    page: Page,
) -> None:
    _waiting_conversation(hub_only, "en", "kiosk")
    with Session(get_engine(hub_only.database_url)) as db:
        _colleague(db)
    _log_in(page, hub_only)
    page.locator(".queue .entry").first.click()
    page.wait_for_selector(".transcript")
    colleague = httpx.Client(base_url=hub_only.api_url, headers={"Origin": hub_only.api_url})
    colleague.post("/api/staff/login", json={"email": "maria2@kentro.example", "password": PASSWORD})
    [handoff] = colleague.get("/api/handoffs").json()
    colleague.post(f"/api/handoffs/{handoff['id']}/claim")
    expect(page.get_by_role("alert")).to_have_text(
        ENGLISH["problem_claimed_by"].replace("{name}", "Maria K."), timeout=10000
    )
    expect(page.get_by_role("button", name="Claim")).to_have_count(0)


def test_todays_list_names_the_citizen_and_caseworker_and_says_when_there_is_none(
    hub_only: Stack,  # noqa: F811 - the fixture
    page: Page,
) -> None:
    _log_in(page, hub_only)
    page.get_by_role("button", name="Today", exact=True).click()
    expect(page.locator("#view")).to_contain_text(ENGLISH["no_arrivals"])
    with Session(get_engine(hub_only.database_url)) as db:
        staff_id, starts_at = _a_slot_today(db)
        appointments.book(
            db=db,
            service_id="social_work",
            staff_id=staff_id,
            starts_at=starts_at,
            language="ar",
            channel="desk",
            name="أمينة",
            phone="+306912345678",
            consent=True,
            now=starts_at - dt.timedelta(days=1),
        )
    page.get_by_role("button", name="Today", exact=True).click()
    row = page.locator("#view table").first.locator("tr").first
    for shown in ("أمينة", "+306912345678", "Solo"):
        expect(row).to_contain_text(shown)
    # Beside an Arabic name the phone keeps its order (an independent try saw "306977000001+ · رهف حسن").
    expect(row.locator("bdi[dir=ltr]", has_text="+306912345678")).to_have_count(1)


def test_back_after_a_session_ended_the_unsent_reply_is_in_view_and_said_unsent(
    hub_only: Stack,  # noqa: F811 - the fixture
    page: Page,
) -> None:
    _waiting_conversation(hub_only, "el", "kiosk")
    page.set_viewport_size({"width": 1280, "height": 600})
    _log_in(page, hub_only)
    _claim_first(page, settled=True)
    page.fill("#reply", "Καλημέρα")
    page.context.clear_cookies()
    page.get_by_role("button", name="Send").click()
    page.fill("#email", "solo@kentro.example")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    expect(page.locator("#reply")).to_have_value("Καλημέρα")
    expect(page.locator(".actions .notice")).to_have_text(ENGLISH["draft_not_sent"])
    expect(page.locator("#reply")).to_be_in_viewport()


def test_the_login_screen_switches_language_and_a_new_account_is_confirmed(
    hub_only: Stack,  # noqa: F811 - the fixture
    page: Page,
) -> None:
    _chief(hub_only)
    page.goto(f"{hub_only.api_url}/staff")
    page.wait_for_selector("#email")
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("button", name=ENGLISH["log_in"])).to_be_visible()
    page.fill("#email", "chief@kentro.example")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.get_by_role("button", name="Administration").click()
    page.fill("#new-email", "sofia@kentro.example")
    page.fill("#new-name", "Sofia")
    page.fill("#new-password", "a-long-enough-password")
    page.get_by_role("button", name=ENGLISH["create_account"]).last.click()
    expect(page.locator(".sticky-status")).to_have_text(ENGLISH["account_created"])


def test_a_closed_conversation_says_it_is_closed(
    hub_only: Stack,  # noqa: F811 - the fixture
    page: Page,
) -> None:
    _waiting_conversation(hub_only, "en", "kiosk")
    desk_client = httpx.Client(base_url=hub_only.api_url, headers={"Origin": hub_only.api_url})
    desk_client.post("/api/staff/login", json={"email": "solo@kentro.example", "password": PASSWORD})
    [handoff] = desk_client.get("/api/handoffs").json()
    desk_client.post(f"/api/handoffs/{handoff['id']}/claim")
    desk_client.post(f"/api/handoffs/{handoff['id']}/resolve", json={"return_to_bot": False})
    _log_in(page, hub_only)
    page.goto(f"{hub_only.api_url}/staff#conversation/{handoff['id']}")
    expect(page.locator(".facts")).to_contain_text(ENGLISH["closed_state"])
    expect(page.locator("#reply")).to_have_count(0)


def test_someone_who_lost_the_code_is_found_by_name_or_phone(
    hub_only: Stack,  # noqa: F811 - the fixture
    page: Page,
) -> None:
    # The assistant tells someone without their code that staff find the appointment by name and phone; the console
    # could only page through the calendar, day by day and caseworker by caseworker.
    with Session(get_engine(hub_only.database_url)) as db:
        conversation, _ = conversations.create(db=db, channel="web", language="ar")
        service = appointments.get_service(db=db, service_id="social_work")
        [slot] = appointments.next_slots(db=db, service=service, limit=1)
        reference = appointments.book(
            db=db,
            service_id="social_work",
            staff_id=slot.staff_id,
            starts_at=slot.starts_at,
            language="ar",
            channel="web",
            conversation_id=conversation.id,
            name="Fatima Haddad",
            phone="6912345670",
            consent=True,
        ).reference
    console = _log_in(page, hub_only)
    page.get_by_role("button", name="Today", exact=True).click()
    page.fill("#find-appointment", "fatima")
    page.keyboard.press("Enter")
    found = page.locator(".found li", has_text=reference)
    # Who it is, first and on a line of its own (a hit was one long line: an independent try).
    expect(found.locator(".who")).to_contain_text("Fatima Haddad")
    assert found.locator(".who").bounding_box()["y"] < found.locator(".when").bounding_box()["y"]
    # The day with its name, as people say it: "Mon 7 Dec, 10:00", not "07/12/2026" (an independent try).
    expect(found.locator(".when")).to_contain_text(re.compile(r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} [A-Z][a-z]{2}"))
    console.check("desk-search-found")
    expect(found.get_by_role("button", name=ENGLISH["move"])).to_be_in_viewport()
    page.fill("#find-appointment", "691 234 5670")
    page.keyboard.press("Enter")
    expect(page.locator(".found li")).to_have_count(1)
    expect(page.locator(".found li")).to_contain_text(reference)
    page.fill("#find-appointment", "nobody at all")
    page.keyboard.press("Enter")
    expect(page.locator(".found")).to_have_text(ENGLISH["no_appointment_found"])


def test_a_kiosk_screen_that_cleared_says_the_person_may_still_be_in_the_centre(
    hub_only: Stack,  # noqa: F811 - the fixture
    page: Page,
) -> None:
    # Found in an independent try: a person in danger waited at the kiosk, nobody took the conversation, the screen
    # cleared for the next person after five minutes without a touch, and the queue said "the citizen has left".
    citizen, conversation_id, auth = _waiting_conversation(hub_only, "en", "kiosk")
    # The hub runs on the real clock: while the centre is closed, the person is not to be looked for in the lobby (an
    # independent try on a Sunday night); the test process reads the same centre and clock.
    closed = not centre.is_open(at=centre.now())
    cleared = "kiosk_cleared_closed" if closed else "kiosk_cleared"
    citizen.post(f"/api/conversations/{conversation_id}/leave", headers=auth)
    _log_in(page, hub_only)
    row = page.locator(".queue tbody tr").first
    expect(row).to_contain_text(ENGLISH[f"{cleared}_short"])
    expect(row).not_to_contain_text(ENGLISH["citizen_left_short"])
    page.locator(".queue .entry").first.click()
    expect(page.locator(".citizen-left")).to_have_text(ENGLISH[cleared])
    # The system's note, in the console's language, says the same.
    arguments = {"channel": "kiosk", "out_of_hours": closed}
    expect(page.locator(".notes li p")).to_have_text(
        render(response="utter_citizen_left", arguments=arguments, language="en")["text"]
    )


def _asked_about_danger(stack: Stack) -> tuple[httpx.Client, str, dict[str, str], dict]:
    """A citizen at the kiosk who wrote of being tired of everything and was asked "are you in danger?": their client,
    conversation id, token header and the question."""
    citizen, conversation_id, auth = _citizen(stack)
    url = f"/api/conversations/{conversation_id}/messages"
    [question] = citizen.post(url, json={"text": "I am so tired of everything"}, headers=auth).json()["messages"]
    return citizen, conversation_id, auth, question


def test_a_citizens_yes_to_the_danger_question_is_marked_in_the_transcript(
    hub_only: Stack,  # noqa: F811 - the fixture
    page: Page,
) -> None:
    # Found by an independent try: after "Yes, we need help now", the queue said "Danger" but the conversation showed
    # only "Possible danger" on her first message, and her Yes like any other message.
    citizen, conversation_id, auth, question = _asked_about_danger(hub_only)
    url = f"/api/conversations/{conversation_id}/messages"
    [yes] = [b for b in question["buttons"] if b["payload"].startswith("hub:danger:yes:")]
    citizen.post(url, json={"text": yes["title"], "payload": yes["payload"]}, headers=auth)
    _log_in(page, hub_only)
    page.locator(".queue .entry").first.click()
    answer = page.locator(".transcript li.from-citizen", has_text=yes["title"])
    expect(answer.locator(".badge")).to_have_text(ENGLISH["danger_answer_yes"])
    # A second try: the link at the top still said "Go to the message: Possible danger" after her Yes.
    kind = ENGLISH["danger_suicide"]
    expect(page.locator(".top-actions a").first).to_have_text(
        ENGLISH["go_to_danger"].replace("{danger}", ENGLISH["danger_clear"].replace("{kind}", kind))
    )


def test_switching_the_consoles_language_stays_on_the_page(
    hub_only: Stack,  # noqa: F811 - the fixture
    page: Page,
) -> None:
    # From an independent try: switching to Greek on the day's calendar, or in a conversation, went back to the queue.
    greek = _strings("el")
    _waiting_conversation(hub_only, "en", "kiosk")
    _log_in(page, hub_only)
    page.get_by_role("button", name=ENGLISH["nav_today"]).click()
    page.wait_for_selector(".calendar")
    # helper-138's try: a name typed to find an appointment was gone, and what was found with it.
    page.fill("#find-appointment", "nobody at all")
    page.keyboard.press("Enter")
    expect(page.locator(".found")).to_have_text(ENGLISH["no_appointment_found"])
    page.get_by_role("button", name="Ελληνικά").click()
    expect(page.locator("h1")).to_have_text(greek["nav_today"])
    expect(page.locator(".calendar")).to_be_visible()
    expect(page.locator("#find-appointment")).to_have_value("nobody at all")
    expect(page.locator(".found")).to_have_text(greek["no_appointment_found"])
    page.get_by_role("button", name=greek["nav_queue"]).click()
    page.locator(".queue .entry").first.click()
    expect(page.locator(".transcript")).to_be_visible()
    opened = page.url
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("button", name="Ελληνικά")).to_be_visible()
    assert page.url == opened
    expect(page.locator(".transcript")).to_be_visible()
    # helper-138's try: a month chosen in Reports went back to this month.
    page.get_by_role("button", name=ENGLISH["nav_reports"]).click()
    page.fill("#report-month", "2026-01")
    page.locator("#report-month").dispatch_event("change")
    expect(page.locator("#report-month")).to_have_value("2026-01")
    page.get_by_role("button", name="Ελληνικά").click()
    expect(page.locator("h1")).to_have_text(greek["nav_reports"])
    expect(page.locator("#report-month")).to_have_value("2026-01")


def test_an_urgent_row_says_that_the_citizen_then_answered_nobody_is_in_danger(
    hub_only: Stack,  # noqa: F811 - the fixture
    page: Page,
) -> None:
    # From helper-133's try (2026-12-07): a person who had written of being tired of everything asked for a person,
    # which is urgent, then answered No to the danger question while waiting; the row stayed "Possible danger" and
    # did not say No.
    citizen, conversation_id, auth, question = _asked_about_danger(hub_only)
    url = f"/api/conversations/{conversation_id}/messages"
    citizen.post(f"/api/conversations/{conversation_id}/handoff", headers=auth)
    [no] = [b for b in question["buttons"] if b["payload"].startswith("hub:danger:no:")]
    citizen.post(url, json={"text": no["title"], "payload": no["payload"]}, headers=auth)
    _log_in(page, hub_only)
    row = page.locator(".queue tbody tr").first
    expect(row).to_have_class("urgent")
    urgency = row.locator("td").first
    expect(urgency.locator(".badge")).to_have_text(
        ENGLISH["danger_possible"].replace("{kind}", ENGLISH["danger_suicide"])
    )
    expect(urgency.locator(".answer")).to_have_text(ENGLISH["danger_answer_no"])
    expect(urgency.locator(".answer")).to_be_in_viewport()


def test_a_worrying_message_written_while_waiting_shows_in_the_queue(
    hub_only: Stack,  # noqa: F811 - the fixture
    page: Page,
) -> None:
    # From helper-139's retry (2026-12-07): "i cant take it anymore", written while waiting for a person, was marked
    # as possible danger on the conversation's page, but its row in the queue said only "Asked for a person".
    citizen, conversation_id, auth = _waiting_conversation(hub_only, "en", "kiosk")
    citizen.post(
        f"/api/conversations/{conversation_id}/messages", json={"text": "I am so tired of everything"}, headers=auth
    )
    _log_in(page, hub_only)
    row = page.locator(".queue tbody tr").first
    expect(row.locator("td").first.locator(".badge")).to_have_text(
        ENGLISH["danger_possible"].replace("{kind}", ENGLISH["danger_suicide"])
    )


def test_possible_danger_looks_unlike_clear_danger_in_the_queue(
    hub_only: Stack,  # noqa: F811 - the fixture
    page: Page,
) -> None:
    # Found by an independent try: "Danger: …" and "Possible danger: …" were the same red badge, told apart by a word.
    _citizen_who_said(hub_only, HURT)
    tired, tired_id, tired_auth = _citizen_who_said(hub_only, "I am so tired of everything")
    tired.post(f"/api/conversations/{tired_id}/leave", headers=tired_auth)
    _log_in(page, hub_only)
    badges = page.locator(".queue tbody .badge")
    expect(badges).to_have_count(2)
    colour = "badge => getComputedStyle(badge).backgroundColor"
    assert badges.nth(0).evaluate(colour) != badges.nth(1).evaluate(colour)


def test_the_reason_a_conversation_came_to_staff_names_the_danger(
    hub_only: Stack,  # noqa: F811 - the fixture
    page: Page,
) -> None:
    # Found by an independent try: the page of a conversation of possible danger said only "Reason: Urgent", as it
    # would for danger told outright.
    tired, tired_id, tired_auth = _citizen_who_said(hub_only, "I am so tired of everything")
    tired.post(f"/api/conversations/{tired_id}/leave", headers=tired_auth)
    _log_in(page, hub_only)
    page.locator(".queue .entry").first.click()
    reason = page.locator(".facts dt", has_text=ENGLISH["reason"]).locator("xpath=following-sibling::dd[1]")
    expect(reason).to_have_text(ENGLISH["danger_possible"].replace("{kind}", ENGLISH["danger_suicide"]))


def test_a_telegram_citizen_who_erased_the_conversation_has_left(
    hub_only: Stack,  # noqa: F811 - the fixture
    page: Page,
) -> None:
    citizen, conversation_id, auth = _waiting_conversation(hub_only, "en", "telegram")
    citizen.delete(f"/api/conversations/{conversation_id}", headers=auth)
    _log_in(page, hub_only)
    expect(page.locator(".queue tbody tr").first).to_contain_text(ENGLISH["citizen_left_short"])


def test_closing_a_conversation_that_told_of_danger_warns_first(
    hub_only: Stack,  # noqa: F811 - the fixture
    page: Page,
) -> None:
    # Found by an independent try: "tonight i finish it" had just been written, and Resolve asked only the usual
    # "Close this conversation?".
    citizen, conversation_id, auth = _waiting_conversation(hub_only, "en", "kiosk")
    citizen.post(
        f"/api/conversations/{conversation_id}/messages",
        json={"text": "doesnt matter now, tonight i finish it, i have the pills ready"},
        headers=auth,
    )
    _log_in(page, hub_only)
    _claim_first(page)
    page.get_by_role("button", name=ENGLISH["resolve"]).first.click()
    expect(page.locator(".closing .confirm")).to_contain_text(ENGLISH["close_danger_warning"])
    page.get_by_role("button", name=ENGLISH["keep_open"]).click()
    page.get_by_role("button", name=ENGLISH["return_to_bot"]).first.click()
    expect(page.locator(".closing .confirm")).to_contain_text(ENGLISH["close_danger_warning"])


def test_closing_an_ordinary_conversation_does_not_warn_of_danger(
    hub_only: Stack,  # noqa: F811 - the fixture
    page: Page,
) -> None:
    _waiting_conversation(hub_only, "en", "kiosk")
    _log_in(page, hub_only)
    _claim_first(page)
    page.get_by_role("button", name=ENGLISH["resolve"]).first.click()
    expect(page.locator(".closing .confirm")).to_contain_text(ENGLISH["resolve_explained"])
    expect(page.locator(".closing .confirm")).not_to_contain_text(ENGLISH["close_danger_warning"])


def _closing_what_a_citizen_left(
    page: Page, stack: Stack, citizen: httpx.Client, conversation_id: str, auth: dict[str, str]
) -> Locator:
    """The citizen leaves the kiosk; a caseworker opens the conversation, takes it and presses Resolve: what the
    console asks before it closes."""
    citizen.post(f"/api/conversations/{conversation_id}/leave", headers=auth)
    _log_in(page, stack)
    page.locator(".queue .entry").first.click()
    page.get_by_role("button", name=ENGLISH["claim"]).click()
    page.get_by_role("button", name=ENGLISH["resolve"]).first.click()
    return page.locator(".closing .confirm")


def test_closing_the_conversation_of_a_citizen_who_left_says_it_is_erased_and_nobody_is_told(
    hub_only: Stack,  # noqa: F811 - the fixture
    page: Page,
) -> None:
    confirm = _closing_what_a_citizen_left(page, hub_only, *_waiting_conversation(hub_only, "ar", "kiosk"))
    expect(confirm).to_contain_text(ENGLISH["close_left_explained"])
    expect(confirm).not_to_contain_text(ENGLISH["resolve_explained"])
    # Taking it told nobody that a member of staff had joined: she has gone.
    joined = render(response="utter_staff_joined", arguments={}, language="ar")["text"]
    expect(page.locator(".transcript")).not_to_contain_text(joined)
    page.get_by_role("button", name=ENGLISH["resolve"]).last.click()
    expect(page.get_by_role("status")).to_contain_text(ENGLISH["closed_and_erased"].split("{id}")[1])


def test_closing_a_danger_conversation_the_citizen_left_does_not_ask_for_a_note_it_erases(
    hub_only: Stack,  # noqa: F811 - the fixture
    page: Page,
) -> None:
    # Found by an independent try: the red warning asked to "write in a note what was done", and the same box said the
    # notes are erased on closing: nothing kept that the urgent case was handled.
    confirm = _closing_what_a_citizen_left(page, hub_only, *_citizen_who_said(hub_only, HURT))
    expect(confirm).to_contain_text(ENGLISH["close_danger_warning_left"])
    expect(confirm).not_to_contain_text(ENGLISH["close_danger_warning"])
    expect(confirm).to_contain_text(ENGLISH["close_left_explained"])


def test_a_coming_appointment_reads_in_order_and_offers_no_no_show(
    hub_only: Stack,  # noqa: F811 - the fixture
    page: Page,
) -> None:
    # Found by an independent try: the calendar showed "رهف الحسن 306945123456+" (the phone's plus on the wrong side,
    # beside an Arabic name), and "No-show" on an appointment days ahead.
    with Session(get_engine(hub_only.database_url)) as db:
        service = appointments.get_service(db=db, service_id="social_work")
        slot = [s for s in appointments.next_slots(db=db, service=service, limit=200)][-1]
        booked = appointments.book(
            db=db,
            service_id="social_work",
            staff_id=slot.staff_id,
            starts_at=slot.starts_at,
            language="ar",
            channel="desk",
            name="رهف الحسن",
            phone="+306945123456",
            consent=True,
        )
        day = booked.starts_at.astimezone(ATHENS).date()
    _log_in(page, hub_only)
    page.get_by_role("button", name="Today", exact=True).click()
    page.fill("#calendar-day", day.isoformat())
    page.locator("#calendar-day").dispatch_event("change")
    row = page.locator(".day li", has_text=booked.reference)
    expect(row.locator("bdi[dir=ltr]", has_text="+306945123456")).to_have_count(1)
    expect(row.get_by_role("button", name=ENGLISH["move"])).to_be_visible()
    expect(row.get_by_role("button", name=ENGLISH["mark_no_show"])).to_have_count(0)


def _desk_books(
    stack: Stack, starts_at: dt.datetime, staff_id: int | None = None, now: dt.datetime | None = None
) -> str:
    """Social work booked at the desk at a time, with a caseworker (the only one unless said), as at a moment (now
    unless said), without the console (another desk, or a booking the test needs); its reference."""
    with Session(get_engine(stack.database_url)) as db:
        [only] = appointments.providers(db=db, service=appointments.get_service(db=db, service_id="social_work"))
        return appointments.book(
            db=db,
            service_id="social_work",
            staff_id=staff_id or only,
            starts_at=starts_at,
            language="el",
            channel="desk",
            now=now,
        ).reference


def _console_as_on(browser: Browser, stack: Stack, time_zone: str, now: dt.datetime) -> Page:
    """The console in a browser set to a time zone, its clock at a moment."""
    page = browser.new_context(timezone_id=time_zone).new_page()
    page.clock.set_fixed_time(now)
    _log_in(page, stack)
    page.get_by_role("button", name="Today", exact=True).click()
    return page


def _shown_day(page: Page) -> Locator:
    """The day (or a week's first day) the calendar says it shows."""
    return page.locator(".calendar .row span").first


def _day_of(page: Page, reference: str) -> Locator:
    """The heading of the calendar's day that lists an appointment."""
    return page.locator(".day", has=page.locator("li", has_text=reference)).locator("h3")


def test_the_calendar_turns_its_pages_by_the_centres_days_across_a_change_of_the_clocks(
    hub_only: Stack,  # noqa: F811 - the fixture
    browser: Browser,
) -> None:
    # Days were a browser's midnight plus 24 hours: after the clocks went forward (28 March 2027), "Next week" opened
    # a week of days starting at 01:00, and no appointment of that week was shown in it.
    reference = _desk_books(
        hub_only, dt.datetime(2027, 3, 30, 10, tzinfo=ATHENS), now=dt.datetime(2027, 3, 24, 9, tzinfo=ATHENS)
    )
    page = _console_as_on(browser, hub_only, "Europe/Athens", dt.datetime(2027, 3, 24, 9, tzinfo=ATHENS))
    page.get_by_role("button", name=ENGLISH["week"], exact=True).click()
    page.get_by_role("button", name=ENGLISH["next_week"], exact=True).click()
    expect(_day_of(page, reference)).to_have_text(re.compile(r"Tuesday,? 30 Mar"))
    page.get_by_role("button", name=ENGLISH["day"], exact=True).click()
    page.fill("#calendar-day", "2027-03-27")
    page.locator("#calendar-day").dispatch_event("change")
    for day in ("Sunday,? 28 March", "Monday,? 29 March", "Tuesday,? 30 March"):  # the clocks change on the 28th
        page.get_by_role("button", name=ENGLISH["next_day"], exact=True).click()
        expect(_shown_day(page)).to_have_text(re.compile(day))
    expect(_day_of(page, reference)).to_have_text(re.compile(r"Tuesday,? 30 Mar"))


def test_the_calendar_keeps_the_centres_days_in_a_browser_set_to_another_time_zone(
    hub_only: Stack,  # noqa: F811 - the fixture
    browser: Browser,
) -> None:
    # A laptop left on Tokyo time: 18:00 in Athens is 01:00 of the next day there, and the centre's Monday evening
    # is Tokyo's Tuesday morning.
    reference = _desk_books(
        hub_only, dt.datetime(2027, 1, 12, 18, tzinfo=ATHENS), now=dt.datetime(2027, 1, 11, 9, tzinfo=ATHENS)
    )
    page = _console_as_on(browser, hub_only, "Asia/Tokyo", dt.datetime(2027, 1, 11, 23, 30, tzinfo=ATHENS))
    expect(_shown_day(page)).to_have_text(re.compile(r"Monday,? 11 January 2027"))
    page.get_by_role("button", name=ENGLISH["next_day"], exact=True).click()
    expect(_day_of(page, reference)).to_have_text(re.compile(r"Tuesday,? 12 Jan"))
    page.fill("#calendar-day", "2027-01-12")
    page.locator("#calendar-day").dispatch_event("change")
    expect(_day_of(page, reference)).to_have_text(re.compile(r"Tuesday,? 12 Jan"))


def _free_times_at_the_desk(page: Page, stack: Stack, service: str | None = None) -> Locator:
    """Log in, open Today and list the booking form's free times (of a service, if given); the first time."""
    _log_in(page, stack)
    page.get_by_role("button", name="Today", exact=True).click()
    if service:
        page.select_option("#book-service", service)
    page.get_by_role("button", name=ENGLISH["free_times"]).click()
    first = page.locator(".booking .time").first
    first.wait_for()
    return first


# The words a booking's notice begins with ("Booked: reference").
BOOKED = ENGLISH["booked_reference"].split("{")[0].strip()


def test_a_desk_bookings_notice_names_the_service(
    hub_only: Stack,  # noqa: F811 - the fixture
    page: Page,
) -> None:
    # Named by an independent try: "Booked: reference …, with Maria" did not say for what; a receptionist who had
    # changed the service could not tell from it which one was booked.
    _free_times_at_the_desk(page, hub_only, "application_help").click()
    notice = page.locator("#view > p[role=status]")
    expect(notice).to_contain_text(BOOKED)
    expect(notice).to_contain_text(load_services()["application_help"].names["en"])


def test_pressing_a_free_time_books_it_and_asks_for_no_other_times(
    hub_only: Stack,  # noqa: F811 - the fixture
    page: Page,
) -> None:
    # Found by an independent try: a time pressed in the booking form also sent the form, whose request for free
    # times could come back after the booking and fill the emptied form with today's times for nobody (4 of 22
    # bookings): one more press booked a stranger's appointment.
    first = _free_times_at_the_desk(page, hub_only)
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url) if "/api/slots" in request.url else None)
    first.click()
    expect(page.locator("#view > p[role=status]")).to_contain_text(BOOKED)
    page.wait_for_timeout(500)
    assert asked == [], "pressing a time asked for free times again"
    expect(page.locator(".booking .time")).to_have_count(0)


def test_the_calendar_left_open_overnight_shows_the_new_day(
    hub_only: Stack,  # noqa: F811 - the fixture
    browser: Browser,
) -> None:
    # Found by an independent try: a console left open past midnight opened Today on the day before.
    page = _console_as_on(browser, hub_only, "Europe/Athens", dt.datetime(2027, 3, 28, 23, 58, tzinfo=ATHENS))
    expect(_shown_day(page)).to_have_text(re.compile(r"Sunday,? 28 March 2027"))
    page.clock.set_fixed_time(dt.datetime(2027, 3, 29, 0, 1, tzinfo=ATHENS))
    page.get_by_role("button", name="Queue", exact=True).click()
    page.get_by_role("button", name="Today", exact=True).click()
    expect(_shown_day(page)).to_have_text(re.compile(r"Monday,? 29 March 2027"))
    # And a day chosen first thing the next morning is the day shown (an independent try got "today" instead).
    page.clock.set_fixed_time(dt.datetime(2027, 3, 30, 8, 30, tzinfo=ATHENS))
    page.fill("#calendar-day", "2027-04-02")
    page.locator("#calendar-day").dispatch_event("change")
    expect(_shown_day(page)).to_have_text(re.compile(r"Friday,? 2 April 2027"))


def test_a_time_a_colleague_just_booked_is_said_so_and_the_times_are_shown_again(
    hub_only: Stack,  # noqa: F811 - the fixture
    page: Page,
) -> None:
    # Found by an independent try: two desks offered the same time; the second to press it was told only "Something
    # went wrong. Please try again." at the top of the page, and moving, the taken time stayed on offer.
    first = _free_times_at_the_desk(page, hub_only, "social_work")
    offered = first.inner_text()
    with Session(get_engine(hub_only.database_url)) as db:
        [slot] = appointments.next_slots(
            db=db, service=appointments.get_service(db=db, service_id="social_work"), limit=1
        )
    _desk_books(hub_only, slot.starts_at)  # the other desk, a moment before
    first.click()
    expect(page.locator(".booking [role=alert]")).to_have_text(ENGLISH["problem_slot_taken"])
    expect(first).not_to_have_text(offered)
    expect(page.locator("#view > .problem")).to_have_count(0)

    reference, _, day = _booked_from_a_conversation(hub_only)
    page.fill("#calendar-day", day.isoformat())
    page.locator("#calendar-day").dispatch_event("change")
    page.locator(".day li", has_text=reference).get_by_role("button", name=ENGLISH["move"]).click()
    first = page.locator(".time").first
    first.wait_for()
    offered = first.inner_text()
    with Session(get_engine(hub_only.database_url)) as db:
        moving = appointments.get_by_reference(db=db, reference=reference)
        service = appointments.get_service(db=db, service_id="social_work")
        taken = next(
            slot
            for slot in appointments.next_slots(db=db, service=service, limit=20)
            if slot.staff_id == moving.staff_id and slot.starts_at != moving.starts_at
        )
    _desk_books(hub_only, taken.starts_at, staff_id=taken.staff_id)
    first.click()
    expect(page.locator("#view [role=alert]")).to_have_text(ENGLISH["problem_slot_taken"])
    expect(first).not_to_have_text(offered)


def test_the_week_marks_today_and_moving_says_whose_appointment_it_is(
    hub_only: Stack,  # noqa: F811 - the fixture
    browser: Browser,
) -> None:
    # Found by an independent try: a week named only its Monday and did not mark today; "Choose the new time" said
    # the code, the service and the time, but not whose appointment was being moved.
    with Session(get_engine(hub_only.database_url)) as db:
        [staff_id] = appointments.providers(db=db, service=appointments.get_service(db=db, service_id="social_work"))
        reference = appointments.book(
            db=db,
            service_id="social_work",
            staff_id=staff_id,
            starts_at=dt.datetime(2027, 3, 26, 15, tzinfo=ATHENS),
            language="ar",
            channel="desk",
            name="رهف الحسن",
            phone="+306945123456",
            consent=True,
            now=dt.datetime(2027, 3, 24, 9, tzinfo=ATHENS),
        ).reference
    page = _console_as_on(browser, hub_only, "Asia/Tokyo", dt.datetime(2027, 3, 24, 23, 30, tzinfo=ATHENS))
    page.get_by_role("button", name=ENGLISH["week"], exact=True).click()
    today = page.locator(".day[aria-current=date]")
    expect(today).to_have_count(1)
    expect(today.locator("h3")).to_have_text(re.compile(r"Wednesday,? 24 Mar"))
    page.locator(".day li", has_text=reference).get_by_role("button", name=ENGLISH["move"]).click()
    expect(page.locator("#view > p").first).to_contain_text("رهف الحسن")
    expect(page.locator("#view > p").first).to_contain_text(reference)


def test_times_listed_for_another_service_or_caseworker_are_taken_away(
    hub_only: Stack,  # noqa: F811 - the fixture
    page: Page,
) -> None:
    # Found by an independent try: times listed for help with an application stayed after the service was changed to the
    # social worker, and pressing one booked the social worker at that service's time.
    _free_times_at_the_desk(page, hub_only, "application_help")
    page.select_option("#book-service", "social_work")
    expect(page.locator(".booking .time")).to_have_count(0)


def test_a_refused_booking_leaves_no_code_of_the_citizen_before_on_screen(
    hub_only: Stack,  # noqa: F811 - the fixture
    page: Page,
) -> None:
    # Found by an independent try: after a booking, "Booked: reference … Give the citizen the reference." stayed at
    # the top while the next citizen's booking was refused below; a receptionist glancing up could give that code.
    _free_times_at_the_desk(page, hub_only).click()
    booked = page.locator("#view > p[role=status]")
    expect(booked).to_contain_text(BOOKED)
    page.fill("#book-name", "Layla")
    page.get_by_role("button", name=ENGLISH["free_times"]).click()
    page.locator(".booking .time").first.click()
    expect(page.locator(".booking [role=alert]")).to_have_text(ENGLISH["consent_needed"])
    expect(booked).to_have_count(0)
    page.fill("#book-name", "")
    page.locator(".booking .time").first.click()
    expect(booked).to_contain_text(BOOKED)
    page.fill("#book-phone", "12")  # not a phone number
    page.check("#book-consent")
    page.get_by_role("button", name=ENGLISH["free_times"]).click()
    page.locator(".booking .time").first.click()
    expect(page.locator("#view > .problem")).to_have_text(ENGLISH["problem_invalid_phone"])
    expect(booked).to_have_count(0)


def test_a_message_of_two_dangers_names_both_in_the_transcript(
    hub_only: Stack,  # noqa: F811 - the fixture
    page: Page,
) -> None:
    # Violence and nowhere to sleep tonight, in one message: staff see both kinds on it, not the first alone (a message
    # kept one kind, and the numbers said again as the person left were the first kind's only).
    _citizen_who_said(hub_only, "he beat me again and threw me and the kids out, we are on the street tonight")
    _log_in(page, hub_only)
    page.locator(".queue .entry").first.click()
    badge = page.locator(".transcript li.from-citizen .badge.danger").first
    expect(badge).to_contain_text(ENGLISH["danger_violence"])
    expect(badge).to_contain_text(ENGLISH["danger_homeless"])
