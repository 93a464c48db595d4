"""What caseworkers do beyond claiming: transfer, take over, see who is active; what the citizen is told about it,
also outside opening hours; consent; and the retention job. No Rasa is needed: staff hold these conversations."""

import datetime as dt
from collections.abc import Callable
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from kiosk_api.appointments.models import Appointment, AppointmentStatus, Service
from kiosk_api.centre import service as centre
from kiosk_api.config import get_settings
from kiosk_api.conversations.models import Consent, Conversation, Message
from kiosk_api.database import get_engine
from kiosk_api.flows import deliveries, retention
from kiosk_api.flows import handoffs as closing
from kiosk_api.handoff import service as handoffs
from kiosk_api.i18n import Translator, day_and_time
from kiosk_api.nlg.service import render
from kiosk_api.staff import service as staff
from kiosk_api.staff.models import AuditEntry, Role
from knowledge import load_centre
from tests.api.test_danger import DANGER, possible_danger  # noqa: F401 - possible_danger is a fixture
from tests.conftest import PASSWORD

ATHENS = ZoneInfo("Europe/Athens")
# The urgent answer while staff are in (kiosk_api/nlg/danger.py).
URGENT_STAY_HERE = (
    "I have asked a member of staff to join this conversation urgently; you are number {position} in the queue. "
    "Please stay here: everything you write now goes to them."
)
TUESDAY_MORNING = dt.datetime(2026, 11, 24, 10, 0, tzinfo=ATHENS)
SATURDAY = dt.datetime(2026, 11, 28, 10, 0, tzinfo=ATHENS)
# When someone will answer, out of hours (kiosk_api/nlg/parts.py), the centre's hours confirmed or not: on a phone,
# and at a screen cleared when one leaves.
STAFF_WILL_ANSWER = (
    "The centre is closed now; a member of staff will answer from {when}.",
    "The centre is usually closed at this time; a member of staff will answer from {when}.",
)
STAFF_WILL_READ = (
    "The centre is closed now; staff will read your message from {when}.",
    "The centre is usually closed at this time; staff will read your message from {when}.",
)
CHRISTMAS_EVE_EVENING = dt.datetime(2026, 12, 24, 17, 0, tzinfo=ATHENS)


@pytest.fixture
def team(hub: Callable[..., TestClient], database_url: str) -> dict[str, TestClient]:
    """Logged-in clients of two caseworkers and an admin; and a citizen client under "citizen"."""
    clients = {"citizen": hub()}
    with Session(get_engine(database_url)) as db:
        for name, role in (("maria", Role.caseworker), ("nikos", Role.caseworker), ("anna", Role.admin)):
            staff.create_member(db=db, email=f"{name}@kentro.example", name=name, role=role, password=PASSWORD)
    for name in ("maria", "nikos", "anna"):
        clients[name] = hub()
        login = clients[name].post("/api/staff/login", json={"email": f"{name}@kentro.example", "password": PASSWORD})
        assert login.status_code == 200
    return clients


def start(client: TestClient, language: str) -> tuple[str, dict[str, str]]:
    created = client.post("/api/conversations", json={"channel": "kiosk", "language": language}).json()
    return created["id"], {"Authorization": f"Bearer {created['token']}"}


def staff_id(client: TestClient) -> int:
    return client.get("/api/staff/me").json()["id"]


@pytest.mark.parametrize("language", ["el", "ar"])
def test_a_caseworker_transfers_a_conversation_and_only_the_colleague_answers_from_then_on(
    team: dict[str, TestClient], database_url: str, language: str
) -> None:
    citizen, maria, nikos = team["citizen"], team["maria"], team["nikos"]
    conversation_id, auth = start(citizen, language)
    citizen.post(f"/api/conversations/{conversation_id}/messages", json={"text": DANGER[language]}, headers=auth)
    [handoff] = maria.get("/api/handoffs", params={"status": "waiting"}).json()
    assert nikos.post(f"/api/handoffs/{handoff['id']}/transfer", json={"staff_id": staff_id(nikos)}).status_code == 409
    assert maria.post(f"/api/handoffs/{handoff['id']}/claim").status_code == 200

    moved = maria.post(f"/api/handoffs/{handoff['id']}/transfer", json={"staff_id": staff_id(nikos)})
    assert moved.status_code == 200 and moved.json()["assigned_to"] == staff_id(nikos)
    assert maria.post(f"/api/handoffs/{handoff['id']}/messages", json={"text": "still me?"}).status_code == 403
    assert nikos.post(f"/api/handoffs/{handoff['id']}/messages", json={"text": "Γεια σας"}).status_code == 201

    transcript = citizen.get(f"/api/conversations/{conversation_id}/messages", headers=auth).json()["messages"]
    texts = [m["text"] for m in transcript]
    assert render(response="utter_staff_joined", arguments={}, language=language)["text"] in texts
    assert render(response="utter_staff_transferred", arguments={}, language=language)["text"] in texts
    assert texts[-1] == "Γεια σας" and "still me?" not in texts
    with Session(get_engine(database_url)) as db:
        assert db.query(AuditEntry).filter_by(action="handoff_transferred").count() == 1


def test_a_transfer_goes_only_to_an_active_colleague(team: dict[str, TestClient], database_url: str) -> None:
    citizen, maria = team["citizen"], team["maria"]
    conversation_id, auth = start(citizen, "en")
    citizen.post(f"/api/conversations/{conversation_id}/messages", json={"text": DANGER["en"]}, headers=auth)
    [handoff] = maria.get("/api/handoffs").json()
    maria.post(f"/api/handoffs/{handoff['id']}/claim")
    with Session(get_engine(database_url)) as db:
        nikos = staff.get_member_by_email(db=db, email="nikos@kentro.example")
        staff.update_member(db=db, member=nikos, active=False)
        absent_id = nikos.id
    for target, code in ((absent_id, "colleague_not_found"), (99999, "colleague_not_found")):
        answer = maria.post(f"/api/handoffs/{handoff['id']}/transfer", json={"staff_id": target})
        assert answer.status_code == 404 and answer.json()["error"]["code"] == code
    same = maria.post(f"/api/handoffs/{handoff['id']}/transfer", json={"staff_id": staff_id(maria)})
    assert same.json()["error"]["code"] == "already_theirs"


def test_a_caseworker_takes_over_a_conversation_from_the_bot(team: dict[str, TestClient]) -> None:
    citizen, maria, nikos = team["citizen"], team["maria"], team["nikos"]
    conversation_id, auth = start(citizen, "rom")
    # Rasa is not running: the message is kept and answered with the notice, and the conversation is active.
    citizen.post(f"/api/conversations/{conversation_id}/messages", json={"text": "sastipe"}, headers=auth)
    live = maria.get("/api/handoffs/live").json()
    assert [(c["id"], c["language"], c["state"]) for c in live] == [(conversation_id, "rom", "bot")]
    assert "sastipe" not in str(live)  # reading the text means taking it over, which is audited

    taken = maria.post("/api/handoffs", json={"conversation_id": conversation_id})
    assert taken.status_code == 201
    assert taken.json()["reason"] == "staff" and taken.json()["assigned_to"] == staff_id(maria)
    second = nikos.post("/api/handoffs", json={"conversation_id": conversation_id})
    assert second.status_code == 409 and second.json()["error"]["code"] == "already_claimed"
    assert maria.post("/api/handoffs", json={"conversation_id": "no-such-conversation"}).status_code == 404

    turn = citizen.post(f"/api/conversations/{conversation_id}/messages", json={"text": "kaj san?"}, headers=auth)
    assert turn.json()["state"] == "assigned" and turn.json()["messages"] == []
    detail = maria.get(f"/api/handoffs/{taken.json()['id']}").json()
    assert [m["text"] for m in detail["messages"] if m["sender"] == "citizen"] == ["sastipe", "kaj san?"]


@pytest.mark.parametrize("language", ["el", "en", "ar", "rom"])
def test_outside_opening_hours_the_citizen_is_told_when_someone_will_answer(
    hub: Callable[..., TestClient], monkeypatch: pytest.MonkeyPatch, language: str
) -> None:
    client = hub()
    monkeypatch.setattr(centre, "now", lambda: SATURDAY)
    conversation_id, auth = start(client, language)
    turn = client.post(f"/api/conversations/{conversation_id}/messages", json={"text": DANGER[language]}, headers=auth)
    [notice] = turn.json()["messages"]
    arguments = {"position": 1, "category": "violence", "channel": "kiosk"}
    monday = render(response="utter_urgent_help", arguments=arguments, language=language)["text"]
    assert notice["text"] == monday
    # Found by helper-96's try: at the kiosk, whose screen is cleared when the person leaves, she was promised that a
    # member of staff would answer her; staff will read the message, and cannot answer her there.
    tr = Translator(language)
    assert not any(tr.gettext(sentence).split("{")[0] in monday for sentence in STAFF_WILL_ANSWER)
    assert any(tr.gettext(sentence).split("{")[0] in monday for sentence in STAFF_WILL_READ)
    monkeypatch.setattr(centre, "now", lambda: TUESDAY_MORNING)
    during_hours = render(response="utter_urgent_help", arguments=arguments, language=language)["text"]
    # The same helplines first; then, with nobody at the centre, not "stay here" but "call now", and when staff read.
    assert monday.split("\n\n")[0] == during_hours.split("\n\n")[0] and monday != during_hours
    assert {"el": "Δευτέρα 30", "en": "Monday, November 30", "ar": "الاثنين", "rom": "Luja 30"}[language] in monday
    stay_here = Translator(language).gettext(URGENT_STAY_HERE).format(position=1)
    assert stay_here in during_hours and stay_here not in monday
    assert turn.json()["urgent"] is True


def test_the_centre_is_closed_at_weekends_evenings_and_greek_public_holidays() -> None:
    assert centre.is_open(at=TUESDAY_MORNING)
    assert not centre.is_open(at=SATURDAY)
    assert centre.next_opening(after=SATURDAY) == dt.datetime(2026, 11, 30, 8, 0, tzinfo=ATHENS)
    # Christmas Day (Friday) is a holiday: after Thursday evening, the next staffed moment is Monday the 28th.
    assert centre.next_opening(after=CHRISTMAS_EVE_EVENING) == dt.datetime(2026, 12, 28, 8, 0, tzinfo=ATHENS)
    # Orthodox Easter Monday 2027 (3 May) comes from the holidays package, not from a list typed in here.
    assert centre.is_public_holiday(dt.date(2027, 5, 3)) and not centre.is_public_holiday(dt.date(2027, 3, 29))


def test_clear_danger_comes_before_possible_danger_left_unanswered_in_the_queue(
    team: dict[str, TestClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Named by a review: both are urgent, and were listed by waiting time; a caseworker with one free minute goes to
    # the person who said a man is hitting her before the one who left "so tired of everything" unanswered.
    monkeypatch.setattr(centre, "is_open", lambda at: True)
    citizen = team["citizen"]
    tired_id, tired_auth = start(citizen, "en")
    citizen.post(
        f"/api/conversations/{tired_id}/messages", json={"text": "I am so tired of everything"}, headers=tired_auth
    )
    assert citizen.post(f"/api/conversations/{tired_id}/leave", headers=tired_auth).status_code == 204
    hit_id, hit_auth = start(citizen, "en")
    citizen.post(f"/api/conversations/{hit_id}/messages", json={"text": DANGER["en"]}, headers=hit_auth)
    queue = team["maria"].get("/api/handoffs").json()
    assert [(h["conversation_id"], h["danger"].split(":")[0]) for h in queue] == [
        (hit_id, "clear"),
        (tired_id, "possible"),
    ]


def test_a_medical_emergency_comes_first_among_clear_danger_in_the_queue(
    team: dict[str, TestClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Named by helper-147's try: red rows of every kind were listed by waiting time alone, so a man not breathing, or
    # pills swallowed minutes ago, waited below a beating told earlier. Minutes count for the first: it comes first.
    monkeypatch.setattr(centre, "is_open", lambda at: True)
    citizen = team["citizen"]
    said = {}
    for text in [DANGER["en"], "my son swallowed a whole box of pills 10 minutes ago and wont wake up"]:
        conversation_id, auth = start(citizen, "en")
        citizen.post(f"/api/conversations/{conversation_id}/messages", json={"text": text}, headers=auth)
        said[conversation_id] = text
    queue = team["maria"].get("/api/handoffs").json()
    assert [said[h["conversation_id"]] for h in queue] == list(reversed(said.values()))
    assert "medical" in queue[0]["danger"]


@pytest.mark.parametrize(("typed", "marked"), [("ναι", "yes"), ("δεν ξερω", "unclear")])
def test_an_answer_to_the_danger_question_that_is_not_a_yes_is_not_marked_yes(
    team: dict[str, TestClient], monkeypatch: pytest.MonkeyPatch, typed: str, marked: str
) -> None:
    # Found by an independent try: «δεν ξερω» ("I don't know"), typed to "are you in danger?", was taken as danger
    # (rightly: it is safer) and marked "answered: yes, in danger", which she did not say.
    monkeypatch.setattr(centre, "is_open", lambda at: True)
    citizen = team["citizen"]
    conversation_id, auth = start(citizen, "el")
    url = f"/api/conversations/{conversation_id}/messages"
    citizen.post(url, json={"text": "δεν αντεχω αλλο, τα εχω βαρεθει ολα"}, headers=auth)
    citizen.post(url, json={"text": typed}, headers=auth)
    [handoff] = team["maria"].get("/api/handoffs").json()
    messages = team["maria"].get(f"/api/handoffs/{handoff['id']}").json()["messages"]
    [answer] = [m for m in messages if m["sender"] == "citizen" and m["text"] == typed]
    assert answer["danger_answer"] == marked
    # The queue's row and the list of possible danger say the same (helper-138's try: the queue said "answered: yes"
    # beside the conversation's "answered unclearly").
    assert handoff["danger_answer"] == marked
    [live] = team["maria"].get("/api/handoffs/live").json()
    assert live["danger_answer"] == marked


def test_an_erased_handoffs_number_is_never_given_to_another(hub: Callable[..., TestClient], database_url: str) -> None:
    # SQLite gave a new row the number of the newest erased one: the audit log's "read handoff:7" and the queue's
    # events of an erased person's handoff would then tell of someone else's.
    citizen = hub()
    erased_id, erased_auth = start(citizen, "en")
    citizen.post(f"/api/conversations/{erased_id}/handoff", headers=erased_auth)
    with Session(get_engine(database_url)) as db:
        first = handoffs.open_for_conversation(db=db, conversation=db.get(Conversation, erased_id))
        erased = first.id
        closing.resolve(db=db, handoff=first, return_to_bot=True)
    assert citizen.delete(f"/api/conversations/{erased_id}", headers=erased_auth).status_code == 204
    conversation_id, auth = start(citizen, "en")
    citizen.post(f"/api/conversations/{conversation_id}/handoff", headers=auth)
    with Session(get_engine(database_url)) as db:
        second = handoffs.open_for_conversation(db=db, conversation=db.get(Conversation, conversation_id))
        assert second.id > erased


def test_consent_is_recorded_shown_to_staff_and_erased_with_the_conversation(
    team: dict[str, TestClient], database_url: str
) -> None:
    citizen, maria = team["citizen"], team["maria"]
    conversation_id, auth = start(citizen, "ar")
    answer = citizen.post(
        f"/api/conversations/{conversation_id}/consent",
        json={"purpose": "personal_data", "granted": True},
        headers=auth,
    )
    assert answer.status_code == 201 and answer.json()["language"] == "ar" and answer.json()["granted"] is True
    refused = citizen.post(
        f"/api/conversations/{conversation_id}/consent", json={"purpose": "marketing", "granted": True}, headers=auth
    )
    assert refused.status_code == 422
    assert (
        citizen.post(
            f"/api/conversations/{conversation_id}/consent", json={"purpose": "personal_data", "granted": True}
        ).status_code
        == 404
    )

    citizen.post(f"/api/conversations/{conversation_id}/messages", json={"text": DANGER["ar"]}, headers=auth)
    [handoff] = maria.get("/api/handoffs").json()
    detail = maria.get(f"/api/handoffs/{handoff['id']}").json()
    assert [(c["purpose"], c["granted"]) for c in detail["consents"]] == [("personal_data", True)]

    # Staff still hold it (the person is in danger): erasure waits until the caseworker closes it, and the answer
    # says so, so that the citizen is not told "everything is erased" (an independent try on Telegram).
    kept = citizen.delete(f"/api/conversations/{conversation_id}", headers=auth)
    assert (kept.status_code, kept.json()) == (202, {"kept_for_staff": True})
    assert maria.get(f"/api/handoffs/{handoff['id']}").json()["citizen_left"] is True
    assert maria.post(f"/api/handoffs/{handoff['id']}/claim").status_code == 200
    assert maria.post(f"/api/handoffs/{handoff['id']}/resolve", json={"return_to_bot": False}).status_code == 200
    with Session(get_engine(database_url)) as db:
        assert db.query(Consent).count() == 0 and db.query(Message).count() == 0
    assert maria.get(f"/api/handoffs/{handoff['id']}").status_code == 404


def test_the_retention_job_deletes_old_transcripts_and_keeps_recent_and_open_ones(
    hub: Callable[..., TestClient], database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = hub()
    monkeypatch.setenv("RETENTION_DAYS", "30")
    retention.get_settings.cache_clear()
    old, old_auth = start(client, "el")
    recent, recent_auth = start(client, "en")
    held, held_auth = start(client, "ar")
    for conversation_id, auth, text in ((old, old_auth, "παλιό"), (recent, recent_auth, "new"), (held, held_auth, "")):
        client.post(f"/api/conversations/{conversation_id}/messages", json={"text": text or DANGER["ar"]}, headers=auth)
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=45)
    with Session(get_engine(database_url)) as db:
        db.execute(update(Message).where(Message.conversation_id.in_([old, held])).values(created_at=long_ago))
        db.execute(update(Conversation).values(created_at=long_ago))
        db.commit()

    assert retention.purge_once() == 1
    assert client.get(f"/api/conversations/{old}/messages", headers=old_auth).status_code == 404
    assert client.get(f"/api/conversations/{recent}/messages", headers=recent_auth).status_code == 200
    # A conversation staff still hold stays, however old, until they resolve it.
    assert client.get(f"/api/conversations/{held}/messages", headers=held_auth).status_code == 200
    with Session(get_engine(database_url)) as db:
        handoff = handoffs.open_for_conversation(db=db, conversation=db.get(Conversation, held))
        closing.resolve(db=db, handoff=handoff, return_to_bot=False)
        db.execute(update(Message).where(Message.conversation_id == held).values(created_at=long_ago))
        db.commit()
    assert retention.purge_once() == 1
    assert client.get(f"/api/conversations/{held}/messages", headers=held_auth).status_code == 404


def test_bookings_that_outlive_their_conversation_keep_their_people_until_the_retention_period_ends(
    hub: Callable[..., TestClient], database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A kiosk visitor who leaves (or a booking made at the desk) leaves appointments that no conversation holds: their
    # name and phone are kept for staff, then forgotten once both the booking and the appointment are older than
    # RETENTION_DAYS.
    hub()
    monkeypatch.setenv("RETENTION_DAYS", "30")
    retention.get_settings.cache_clear()
    now = dt.datetime.now(dt.UTC)
    with Session(get_engine(database_url)) as db:
        member = staff.create_member(db=db, email="k@kentro.example", name="K", role=Role.caseworker, password=PASSWORD)
        service_id = db.scalar(select(Service.id))

        def booked(reference: str, made: dt.datetime, starts: dt.datetime) -> Appointment:
            return Appointment(
                reference=reference, access_key="k", service_id=service_id, staff_id=member.id, starts_at=starts,
                ends_at=starts + dt.timedelta(minutes=45), status=AppointmentStatus.booked, name="Eleni",
                phone="+306912345678", language="el", channel="kiosk", conversation_id=None, created_at=made,
                details={"adults": 1},
            )  # fmt: skip

        db.add_all(
            [
                booked("OLDOLD", now - dt.timedelta(days=60), now - dt.timedelta(days=40)),
                # Booked long ago for a time still to come (or only just past): the caseworker still needs them.
                booked("FUTURE", now - dt.timedelta(days=60), now + dt.timedelta(days=3)),
                booked("RECENT", now - dt.timedelta(days=5), now - dt.timedelta(days=2)),
            ]
        )
        db.commit()
    retention.purge_once()
    with Session(get_engine(database_url)) as db:
        people = {a.reference: (a.name, a.phone, a.details) for a in db.scalars(select(Appointment))}
    assert people["OLDOLD"] == (None, None, {})
    assert people["FUTURE"] == people["RECENT"] == ("Eleni", "+306912345678", {"adults": 1})


def test_while_the_centres_hours_are_unconfirmed_it_is_said_to_be_usually_closed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The municipality publishes no hours: "the centre is closed" would state a guess as a fact.
    monkeypatch.setattr(centre, "now", lambda: SATURDAY)
    arguments = {"position": 1, "category": "violence"}
    text = render(response="utter_urgent_help", arguments=arguments, language="en")["text"]
    assert "The centre is usually closed at this time" in text and "The centre is closed now" not in text


def test_out_of_hours_a_person_is_not_told_to_stay_and_the_kiosk_can_offer_a_booking(
    hub: Callable[..., TestClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(centre, "now", lambda: SATURDAY)
    text = render(response="utter_handoff_waiting", arguments={"position": 2}, language="en")["text"]
    # Saturday morning at a kiosk or on a phone: "stay here" would keep someone waiting until Monday.
    assert "stay here" not in text.lower() and "number 2" in text and "Monday" in text
    closed = hub().get("/api/centre/status").json()
    assert closed["open"] is False and closed["staff_answer_from"].startswith("2026-11-30T")
    monkeypatch.setattr(centre, "now", lambda: TUESDAY_MORNING)
    assert "stay here" in render(response="utter_handoff_waiting", arguments={"position": 1}, language="en")["text"]
    assert hub().get("/api/centre/status").json() == {"open": True, "staff_answer_from": None}


@pytest.mark.parametrize("language", ["en", "el"])
def test_out_of_hours_a_message_waiting_for_staff_is_answered_once_that_it_is_kept_and_when_they_read_it(
    team: dict[str, TestClient], database_url: str, monkeypatch: pytest.MonkeyPatch, language: str
) -> None:
    # Found by an independent try: written to on a Saturday while waiting for a person, the assistant said nothing
    # at all, and a person cannot tell a kept message from a lost one.
    monkeypatch.setattr(centre, "now", lambda: SATURDAY)
    citizen = team["citizen"]
    conversation_id, auth = start(citizen, language)
    with Session(get_engine(database_url)) as db:
        handoffs.open_handoff(db=db, conversation=db.get(Conversation, conversation_id), reason="citizen_request")
    url = f"/api/conversations/{conversation_id}/messages"
    said = citizen.post(url, json={"text": "is anyone there? my electricity was cut"}, headers=auth)
    [told] = said.json()["messages"]
    kept = Translator(language).gettext("Your message is kept for the staff.")
    kiosk = {"channel": "kiosk"}
    assert told["text"] == render(response="utter_kept_for_staff", arguments=kiosk, language=language)["text"]
    monday = day_and_time(dt.datetime(2026, 11, 30, 8, 0, tzinfo=ATHENS), language)
    assert told["text"].startswith(kept) and told["text"].endswith(f"{monday}.")
    # Said once: the next message is kept without another notice.
    assert citizen.post(url, json={"text": "hello??"}, headers=auth).json()["messages"] == []
    transcript = [m["text"] for m in citizen.get(url, headers=auth).json()["messages"]]
    assert transcript.count("hello??") == 1 and transcript.count(told["text"]) == 1

    # While the centre is open, staff are there and the queue's notice said so: nothing more.
    monkeypatch.setattr(centre, "now", lambda: TUESDAY_MORNING)
    open_id, open_auth = start(citizen, language)
    with Session(get_engine(database_url)) as db:
        handoffs.open_handoff(db=db, conversation=db.get(Conversation, open_id), reason="citizen_request")
    reply = citizen.post(f"/api/conversations/{open_id}/messages", json={"text": "hello"}, headers=open_auth)
    assert reply.json()["messages"] == []


@pytest.mark.parametrize("language", ["en", "el"])
def test_out_of_hours_the_kiosk_promises_no_answer_on_its_screen(
    team: dict[str, TestClient], monkeypatch: pytest.MonkeyPatch, language: str
) -> None:
    # Found by helper-85's try: at the kiosk on a Saturday, "You are number 5 in the queue ... a member of staff will
    # answer from Monday" stood above the kiosk's own notice that the screen clears and the answer will not find the
    # person there. At a kiosk, staff will read the message; on Telegram they will answer it.
    monkeypatch.setattr(centre, "now", lambda: SATURDAY)
    citizen, _ = team["citizen"], Translator(language).gettext
    monday = day_and_time(dt.datetime(2026, 11, 30, 8, 0, tzinfo=ATHENS), language)
    conversation_id, auth = start(citizen, language)
    [waiting] = citizen.post(f"/api/conversations/{conversation_id}/handoff", headers=auth).json()["messages"]
    read = _("The centre is usually closed at this time; staff will read your message from {when}.")
    assert waiting["text"] == _("I have passed your request to the staff.") + " " + read.format(when=monday)
    url = f"/api/conversations/{conversation_id}/messages"
    [kept] = citizen.post(url, json={"text": "my electricity was cut"}, headers=auth).json()["messages"]
    assert kept["text"] == _("Your message is kept for the staff.") + " " + read.format(when=monday)

    # Asked of the assistant ("I want a person"), the bot's action renders the same notice with the channel the hub
    # gives it.
    monkeypatch.setenv("HUB_INTERNAL_TOKEN", "t" * 40)
    get_settings.cache_clear()
    internal = {"X-Hub-Token": "t" * 40}
    asked, _auth = start(citizen, language)
    handing_over = {"conversation_id": asked, "reason": "requested"}
    opened = citizen.post("/api/internal/handoffs", json=handing_over, headers=internal)
    assert opened.json()["channel"] == "kiosk", opened.text
    rendered = render(response="utter_handoff_waiting", arguments=opened.json(), language=language)["text"]
    assert rendered == waiting["text"]

    created = citizen.post("/api/conversations", json={"channel": "telegram", "language": language}).json()
    telegram = {"Authorization": f"Bearer {created['token']}"}
    [told] = citizen.post(f"/api/conversations/{created['id']}/handoff", headers=telegram).json()["messages"]
    answer = _("The centre is usually closed at this time; a member of staff will answer from {when}.")
    assert told["text"].endswith(answer.format(when=monday))


@pytest.mark.parametrize("language", ["el", "en", "ar", "rom"])
def test_before_opening_the_citizen_is_told_today_and_the_evening_before_tomorrow(
    monkeypatch: pytest.MonkeyPatch, language: str
) -> None:
    tr = Translator(language)
    night = dt.datetime(2026, 11, 26, 3, 0, tzinfo=ATHENS)  # a Thursday, before 08:00
    monkeypatch.setattr(centre, "now", lambda: night)
    text = render(response="utter_handoff_waiting", arguments={"position": 1}, language=language)["text"]
    assert tr.gettext("today at {time}").format(time="08:00") in text
    monkeypatch.setattr(centre, "now", lambda: night.replace(hour=21))
    text = render(response="utter_handoff_waiting", arguments={"position": 1}, language=language)["text"]
    assert tr.gettext("tomorrow at {time}").format(time="08:00") in text


def test_a_citizen_the_channel_cannot_reach_is_said_so_to_staff_in_the_centres_language(
    team: dict[str, TestClient], database_url: str
) -> None:
    # Found in an independent try: the note was in English ("the citizen has blocked the bot") in a Greek centre.
    conversation_id, auth = start(team["citizen"], "ar")
    team["citizen"].post(f"/api/conversations/{conversation_id}/handoff", headers=auth)
    with Session(get_engine(database_url)) as db:
        deliveries.unreachable(db=db, conversation_id=conversation_id, channel="webhook", reason="gone")
        deliveries.reachable_again(db=db, conversation_id=conversation_id, channel="telegram")
        handoff = handoffs.open_for_conversation(db=db, conversation=db.get(Conversation, conversation_id))
        unreachable, reachable = (note.text for note in handoffs.notes(db=db, handoff=handoff))
    assert unreachable.startswith("Εφαρμογή του δήμου:") and "δεν" in unreachable, unreachable
    assert reachable.startswith("Telegram:"), reachable
    for note in (unreachable, reachable):
        assert not any(word in note for word in ("citizen", "message", "bot")), note


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_citizen_waiting_for_staff_can_go_back_to_the_assistant(
    team: dict[str, TestClient], database_url: str, monkeypatch: pytest.MonkeyPatch, language: str
) -> None:
    # Found by helper-89's try: on a Saturday at the kiosk, after "Talk to a person", the assistant was gone for
    # good: a second message got no answer at all and nothing led back to the assistant until Monday.
    monkeypatch.setattr(centre, "now", lambda: SATURDAY)
    citizen, maria, _ = team["citizen"], team["maria"], Translator(language).gettext
    conversation_id, auth = start(citizen, language)
    url = f"/api/conversations/{conversation_id}/messages"
    [waiting] = citizen.post(f"/api/conversations/{conversation_id}/handoff", headers=auth).json()["messages"]
    [kept] = citizen.post(url, json={"text": "my electricity was cut"}, headers=auth).json()["messages"]
    back = _("Ask the assistant instead")
    for notice in (waiting, kept):
        assert [b["title"] for b in notice["buttons"]] == [back], notice

    [pressed] = [b for b in kept["buttons"] if b["title"] == back]
    turn = citizen.post(url, json={"text": pressed["title"], "payload": pressed["payload"]}, headers=auth).json()
    assert turn["state"] == "bot"
    # The message kept for staff goes to the assistant with the person (here none runs: its notice that it cannot
    # answer proves the route).
    [again, answered] = turn["messages"]
    unavailable = render(response="utter_assistant_unavailable", arguments={}, language=language)
    assert answered["text"] == unavailable["text"]
    assert again["text"] == render(response="utter_assistant_again", arguments={}, language=language)["text"]
    assert again["text"].startswith(
        {"en": "You are talking to the digital assistant again,", "ar": "أنتم تتحدثون"}[language]
    )
    # Staff see that the person went back, with what they wrote; the request is no longer in the queue.
    assert maria.get("/api/handoffs", params={"status": "waiting"}).json() == []
    # The next message fails too: twice in a row, the assistant cannot help, and a person is asked for again.
    again_failed = citizen.post(url, json={"text": "how do I apply for KEA?"}, headers=auth).json()
    assert again_failed["state"] == "waiting"
    [handoff] = team["anna"].get("/api/handoffs", params={"status": "resolved"}).json()
    detail = team["anna"].get(f"/api/handoffs/{handoff['id']}").json()
    assert "my electricity was cut" in [m["text"] for m in detail["messages"]]
    went_back = render(response="utter_citizen_went_back", arguments={}, language=get_settings().default_language)
    assert [note["text"] for note in detail["notes"]] == [went_back["text"]]


def test_a_person_in_danger_is_not_offered_to_leave_the_staff_queue(
    team: dict[str, TestClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(centre, "now", lambda: SATURDAY)
    citizen = team["citizen"]
    conversation_id, auth = start(citizen, "en")
    url = f"/api/conversations/{conversation_id}/messages"
    [waiting] = citizen.post(f"/api/conversations/{conversation_id}/handoff", headers=auth).json()["messages"]
    [urgent] = citizen.post(url, json={"text": DANGER["en"]}, headers=auth).json()["messages"]
    assert urgent["buttons"] == []
    [kept] = citizen.post(url, json={"text": "please hurry"}, headers=auth).json()["messages"]
    assert kept["buttons"] == []
    # The button shown before the danger, pressed now, leaves the conversation with staff, and says so.
    [back] = waiting["buttons"]
    turn = citizen.post(url, json={"text": back["title"], "payload": back["payload"]}, headers=auth).json()
    assert turn["state"] == "waiting" and turn["urgent"] is True
    [told] = turn["messages"]
    assert "staff" in told["text"] and told["buttons"] == []
    assert [h["urgent"] for h in team["maria"].get("/api/handoffs", params={"status": "waiting"}).json()] == [True]


def test_the_way_back_pressed_while_a_caseworker_answers_does_not_say_staff_answer_tomorrow(
    team: dict[str, TestClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Found by an independent try: on a Sunday a caseworker had joined and replied; the queue notice's "Ask the
    # assistant instead", still there, answered that staff would reply "from tomorrow at 08:00".
    monkeypatch.setattr(centre, "now", lambda: SATURDAY)
    citizen, maria = team["citizen"], team["maria"]
    conversation_id, auth = start(citizen, "en")
    url = f"/api/conversations/{conversation_id}/messages"
    [waiting] = citizen.post(f"/api/conversations/{conversation_id}/handoff", headers=auth).json()["messages"]
    [handoff] = maria.get("/api/handoffs", params={"status": "waiting"}).json()
    assert maria.post(f"/api/handoffs/{handoff['id']}/claim").status_code == 200
    [back] = waiting["buttons"]
    turn = citizen.post(url, json={"text": back["title"], "payload": back["payload"]}, headers=auth).json()
    assert turn["state"] == "assigned"
    [told] = turn["messages"]
    assert (
        told["text"]
        == render(response="utter_staying_with_staff", arguments={"with_staff": True}, language="en")["text"]
    )
    assert "tomorrow" not in told["text"] and "from" not in told["text"], told["text"]


def test_going_back_to_the_assistant_answers_the_question_typed_while_waiting(
    team: dict[str, TestClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Found by helper-92's try: "never mind, I'll ask you here: what papers for the rent allowance?" typed while
    # waiting was kept for staff; after "Ask the assistant instead" it had to be typed again, and the closed request
    # meant no one at the centre would read it.
    monkeypatch.setattr(centre, "now", lambda: SATURDAY)
    citizen = team["citizen"]
    conversation_id, auth = start(citizen, "el")
    url = f"/api/conversations/{conversation_id}/messages"
    [waiting] = citizen.post(f"/api/conversations/{conversation_id}/handoff", headers=auth).json()["messages"]
    question = "ase to kalitera, na sas rotiso edo. ti xartia thelei gia to enikio?"
    [kept] = citizen.post(url, json={"text": question}, headers=auth).json()["messages"]
    [back] = kept["buttons"]
    turn = citizen.post(url, json={"text": back["title"], "payload": back["payload"]}, headers=auth).json()
    # The assistant's notice, then its answer to the question (here none runs: its notice that it cannot answer).
    assert [m["text"] for m in turn["messages"]] == [
        render(response="utter_assistant_again", arguments={}, language="el")["text"],
        render(response="utter_assistant_unavailable", arguments={}, language="el")["text"],
    ]
    # Said as it is: the request to staff is withdrawn, not "kept".
    assert "κρατ" not in turn["messages"][0]["text"]


def test_out_of_hours_every_message_of_a_person_in_danger_gets_the_helplines_again(
    team: dict[str, TestClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Found by helper-93's try: after the alert, "I called 197, nobody answers" and every later message got no reply
    # at all (the notice that messages are kept was said once), and on the kiosk the helplines had scrolled away.
    monkeypatch.setattr(centre, "now", lambda: SATURDAY)
    citizen = team["citizen"]
    conversation_id, auth = start(citizen, "ar")
    url = f"/api/conversations/{conversation_id}/messages"
    [alert] = citizen.post(url, json={"text": DANGER["ar"]}, headers=auth).json()["messages"]
    for later in ("اتصلت ب 197 محد يرد", "وين نروح؟"):
        [again] = citizen.post(url, json={"text": later}, headers=auth).json()["messages"]
        assert again["text"].split("\n\n")[0] == alert["text"].split("\n\n")[0], again["text"]
        assert "112" in again["text"] and again["buttons"] == []


@pytest.mark.parametrize(
    ("language", "cannot_phone"),
    [
        ("rom", "na shaj vakerav ko telefono"),
        ("el", "δεν μπορω να μιλησω στο τηλεφωνο, ειναι διπλα μου"),
        ("en", "i cant call, he will hear me"),
        # Read as possible danger while the conversation waited for staff, this one was met with silence.
        ("ar", "ما بقدر احكي عالتلفون، هو جنبي"),
    ],
)
def test_someone_in_danger_who_says_they_cannot_phone_is_told_where_to_write_not_to_call_again(
    hub: Callable[..., TestClient], monkeypatch: pytest.MonkeyPatch, language: str, cannot_phone: str
) -> None:
    # Found by helper-101's try: out of hours, "na shaj vakerav ko telefono" (I cannot talk on the phone) after the
    # helplines was answered with the same "call now" block, word for word.
    client = hub()
    monkeypatch.setattr(centre, "now", lambda: SATURDAY)
    conversation_id, auth = start(client, language)
    client.post(f"/api/conversations/{conversation_id}/messages", json={"text": DANGER[language]}, headers=auth)
    turn = client.post(f"/api/conversations/{conversation_id}/messages", json={"text": cannot_phone}, headers=auth)
    [notice] = turn.json()["messages"]
    tr = Translator(language)
    write = tr.gettext("If you cannot talk on the phone, write to the {line}: {email}").split("{")[0]
    assert notice["text"].startswith(write), notice["text"]
    assert "sos15900@isotita.gr" in notice["text"]
    assert "15900 —" not in notice["text"]  # the numbers to call are not listed again
    assert any(tr.gettext(sentence).split("{")[0] in notice["text"] for sentence in STAFF_WILL_READ)


@pytest.mark.parametrize("asks", ["thelw na milisw me anthrwpo", "mporo na milisw me kapoion?"])
def test_in_danger_out_of_hours_asking_in_greeklish_to_talk_to_someone_gets_the_numbers_again(
    hub: Callable[..., TestClient], monkeypatch: pytest.MonkeyPatch, asks: str
) -> None:
    # Found by helper-154's try: the Greeklish «να» ("I want to talk", "can I talk") was read as the Romani "na", not,
    # so "I want to talk to a person" became "I cannot talk on the phone": where to write, and not one number.
    client = hub()
    monkeypatch.setattr(centre, "now", lambda: SATURDAY)
    conversation_id, auth = start(client, "el")
    client.post(f"/api/conversations/{conversation_id}/messages", json={"text": DANGER["el"]}, headers=auth)
    turn = client.post(f"/api/conversations/{conversation_id}/messages", json={"text": asks}, headers=auth)
    said = "\n\n".join(message["text"] for message in turn.json()["messages"])
    assert "15900 —" in said and "112 —" in said, said


@pytest.mark.parametrize(
    ("language", "harm", "asks_to_come"),
    [
        ("en", "im 16 and my stepdad hits me when hes drunk", "can i come tomorrow after school?"),
        ("el", "ειμαι 15 και ο πατερας μου με χτυπαει", "μπορω να ερθω αυριο μετα το σχολειο;"),
        ("ar", "عمري 15 وابوي بيضربني كل يوم", "ممكن اجي لعندكم بكرا بعد المدرسة؟"),
        ("rom", "si man 15 bersh thaj mo dad marel man", "shaj te avav tehara palo shkola?"),
        # Asking when the centre opens is the same question (a second independent try).
        ("en", "im 16 and my stepdad hits me when hes drunk", "what time do you open tomorrow?"),
        ("el", "ειμαι 15 και ο πατερας μου με χτυπαει", "se ti wra kleinete avrio? sxolaw stis 2"),
    ],
)
def test_out_of_hours_a_child_in_danger_who_asks_to_come_is_told_where_and_when_the_centre_is_open(
    hub: Callable[..., TestClient], monkeypatch: pytest.MonkeyPatch, language: str, harm: str, asks_to_come: str
) -> None:
    # Found by an independent try on Telegram: a 16-year-old who had told of abuse at home asked "can I come tomorrow
    # after school?" and was sent the same helplines again; nothing answered her question.
    client = hub()
    monkeypatch.setattr(centre, "now", lambda: SATURDAY)
    conversation_id, auth = start(client, language)
    url = f"/api/conversations/{conversation_id}/messages"
    [alert] = client.post(url, json={"text": harm}, headers=auth).json()["messages"]
    assert "1056" in alert["text"]
    [told] = client.post(url, json={"text": asks_to_come}, headers=auth).json()["messages"]
    assert "1056" in told["text"]  # the child lines, still first
    place = load_centre(get_settings().centre_id)
    assert place.content[language].address in told["text"], told["text"]
    assert "08:00–16:00" in told["text"]
    assert place.phone in told["text"]


def test_out_of_hours_danger_told_with_the_question_of_coming_is_answered_with_when_and_where(
    hub: Callable[..., TestClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    # From an independent try: "im 15. can I come to the centre tomorrow after school?" written after the helplines
    # was a new sign of danger (a child), answered with the child lines alone.
    client = hub()
    monkeypatch.setattr(centre, "now", lambda: SATURDAY)
    conversation_id, auth = start(client, "el")
    url = f"/api/conversations/{conversation_id}/messages"
    client.post(url, json={"text": "o patrios mou me xtypaei otan pinei"}, headers=auth)
    asked = "eimai 15 xronwn. mporw na erthw sto kentro avrio meta to sxoleio?"
    [told] = client.post(url, json={"text": asked}, headers=auth).json()["messages"]
    assert "1056" in told["text"]
    place = load_centre(get_settings().centre_id)
    assert place.content["el"].address in told["text"] and "08:00–16:00" in told["text"], told["text"]


@pytest.mark.parametrize("centre_open", [True, False])
def test_danger_written_to_a_caseworker_who_holds_the_conversation_does_not_say_nobody_is_there(
    team: dict[str, TestClient], monkeypatch: pytest.MonkeyPatch, centre_open: bool
) -> None:
    # Found by helper-101's try: with a caseworker holding the conversation and answering, her next message of danger
    # was told "nobody from the centre can answer you right now" (out of hours) or "you are number 1 in the queue".
    monkeypatch.setattr(centre, "now", lambda: TUESDAY_MORNING if centre_open else SATURDAY)
    citizen, maria = team["citizen"], team["maria"]
    conversation_id, auth = start(citizen, "en")
    citizen.post(f"/api/conversations/{conversation_id}/messages", json={"text": DANGER["en"]}, headers=auth)
    [handoff] = maria.get("/api/handoffs", params={"status": "waiting"}).json()
    assert maria.post(f"/api/handoffs/{handoff['id']}/claim").status_code == 200
    maria.post(f"/api/handoffs/{handoff['id']}/reply", json={"text": "I am here with you. Are you safe now?"})
    turn = citizen.post(
        f"/api/conversations/{conversation_id}/messages", json={"text": DANGER["en"]}, headers=auth
    ).json()
    [notice] = turn["messages"]
    assert "15900" in notice["text"]  # the helplines, still
    assert "number 1 in the queue" not in notice["text"]
    assert "Nobody from the centre can answer you" not in notice["text"]


def _a_minute_ago(database_url: str, conversation_id: str) -> None:
    """Date a conversation's messages a minute earlier."""
    with Session(get_engine(database_url)) as db:
        for message in db.query(Message).filter(Message.conversation_id == conversation_id):
            message.created_at -= dt.timedelta(minutes=1)
        db.commit()


@pytest.mark.usefixtures("possible_danger")
def test_possible_danger_a_caseworker_has_handled_is_no_longer_shown_as_unanswered(
    team: dict[str, TestClient], database_url: str
) -> None:
    # Found by an independent try: conversations a caseworker had taken and closed were listed again under "Possible
    # danger, still with the assistant", "not answered yet", as if nobody had seen them.
    citizen, maria = team["citizen"], team["maria"]
    conversation_id, auth = start(citizen, "en")
    citizen.post(f"/api/conversations/{conversation_id}/messages", json={"text": "so tired of it all"}, headers=auth)
    [live] = maria.get("/api/handoffs/live").json()
    assert (live["danger"], live["seen_by_staff"]) == ("possible:suicide", False)
    _a_minute_ago(database_url, conversation_id)  # the caseworker takes it a minute later
    taken = maria.post("/api/handoffs", json={"conversation_id": conversation_id}).json()
    assert maria.post(f"/api/handoffs/{taken['id']}/resolve", json={"return_to_bot": True}).status_code == 200
    [live] = maria.get("/api/handoffs/live").json()
    assert (live["state"], live["seen_by_staff"]) == ("bot", True)
    # A new sign of danger after the caseworker let it go is new to staff.
    citizen.post(f"/api/conversations/{conversation_id}/messages", json={"text": "still tired"}, headers=auth)
    [live] = maria.get("/api/handoffs/live").json()
    assert live["seen_by_staff"] is False


@pytest.mark.usefixtures("possible_danger")
def test_asking_why_under_the_danger_question_leaves_it_unanswered_for_staff(team: dict[str, TestClient]) -> None:
    # From helper-138's try (2026-12-07): once a citizen had asked "why do you ask?", the console's list of possible
    # danger failed ("Something went wrong") for every caseworker: the why was read as a third answer.
    citizen, maria = team["citizen"], team["maria"]
    conversation_id, auth = start(citizen, "en")
    url = f"/api/conversations/{conversation_id}/messages"
    citizen.post(url, json={"text": "so tired of it all"}, headers=auth)
    citizen.post(url, json={"text": "why do you ask?"}, headers=auth)
    live = maria.get("/api/handoffs/live")
    assert live.status_code == 200, live.text
    [entry] = live.json()
    assert (entry["danger"], entry["danger_answer"]) == ("possible:suicide", None)


def test_someone_in_danger_of_suicide_who_cannot_phone_is_not_sent_the_same_numbers_again(
    hub: Callable[..., TestClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Found by an independent try on Telegram: a man on a bridge wrote "i don't want to talk on the phone, can someone
    # write to me here?" and got the same list of numbers to call, word for word; no suicide line reads e-mail.
    client = hub()
    monkeypatch.setattr(centre, "now", lambda: SATURDAY)
    conversation_id, auth = start(client, "en")
    url = f"/api/conversations/{conversation_id}/messages"
    [alert] = client.post(url, json={"text": "im on the bridge, its over, i will jump tonight"}, headers=auth).json()[
        "messages"
    ]
    assert "1018" in alert["text"]
    notice = client.post(url, json={"text": "i cant talk on the phone. can someone write to me here?"}, headers=auth)
    assert notice.status_code == 200
    [told] = notice.json()["messages"]
    assert told["text"].split("\n\n")[0] != alert["text"].split("\n\n")[0], told["text"]
    assert "1018 —" not in told["text"]
    tr = Translator("en")
    assert any(tr.gettext(sentence).split("{")[0] in told["text"] for sentence in STAFF_WILL_READ), told["text"]


def test_a_note_the_system_writes_is_offered_in_each_language_of_the_console(
    team: dict[str, TestClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    # From an independent try: in the English console, "the citizen has left" came as a Greek note (system notes were
    # written once, in the centre's language).
    monkeypatch.setattr(centre, "is_open", lambda at: True)  # the note of opening hours, whatever the clock
    citizen, maria = team["citizen"], team["maria"]
    conversation_id, auth = start(citizen, "en")
    citizen.post(f"/api/conversations/{conversation_id}/handoff", headers=auth)
    [handoff] = maria.get("/api/handoffs", params={"status": "waiting"}).json()
    assert maria.post(f"/api/handoffs/{handoff['id']}/claim").status_code == 200
    assert citizen.delete(f"/api/conversations/{conversation_id}", headers=auth).status_code == 202
    [note] = maria.get(f"/api/handoffs/{handoff['id']}").json()["notes"]
    arguments = {"channel": "kiosk", "out_of_hours": False}
    assert note["staff_id"] is None
    assert note["texts"] == {
        language: render(response="utter_citizen_left", arguments=arguments, language=language)["text"]
        for language in ("el", "en")
    }
    assert note["text"] == note["texts"]["el"]  # the centre's language, for any other reader of the API


def test_a_conversation_the_assistant_fails_twice_in_a_row_goes_to_a_person(team: dict[str, TestClient]) -> None:
    # Found by an independent try: a conversation the bot could no longer answer (Rasa's circuit breaker) got "the
    # assistant cannot answer right now" for every message, "Talk to a person" too, and nobody at the centre knew.
    citizen, maria = team["citizen"], team["maria"]  # no Rasa runs: every turn fails
    conversation_id, auth = start(citizen, "en")
    url = f"/api/conversations/{conversation_id}/messages"
    unavailable = render(response="utter_assistant_unavailable", arguments={}, language="en")["text"]
    first = citizen.post(url, json={"text": "what time is my appointment tomorrow"}, headers=auth).json()
    assert (first["state"], [m["text"] for m in first["messages"]]) == ("bot", [unavailable])
    second = citizen.post(url, json={"text": "hello?"}, headers=auth).json()
    assert second["state"] == "waiting"
    [handoff] = maria.get("/api/handoffs", params={"status": "waiting"}).json()
    assert handoff["conversation_id"] == conversation_id
    # At once, when what failed was the button for a person.
    other_id, other_auth = start(citizen, "en")
    pressed = {"text": "Talk to a person", "payload": "/request_human"}
    turn = citizen.post(f"/api/conversations/{other_id}/messages", json=pressed, headers=other_auth).json()
    assert turn["state"] == "waiting"
    transcript = citizen.get(f"/api/conversations/{other_id}/messages", headers=other_auth).json()["messages"]
    assert unavailable not in [message["text"] for message in transcript]  # the request went through: said once


def test_the_notes_of_an_earlier_request_of_the_same_conversation_are_shown(team: dict[str, TestClient]) -> None:
    # From an independent try: a caseworker's note on a 15-year-old ("asked that the mother is not told") stayed on
    # the closed request; the colleague who took the teenager's next request saw no notes at all.
    citizen, maria, nikos = team["citizen"], team["maria"], team["nikos"]
    conversation_id, auth = start(citizen, "el")
    citizen.post(f"/api/conversations/{conversation_id}/handoff", headers=auth)
    [first] = maria.get("/api/handoffs", params={"status": "waiting"}).json()
    maria.post(f"/api/handoffs/{first['id']}/claim")
    maria.post(f"/api/handoffs/{first['id']}/notes", json={"text": "15 y.o.; asked that the mother is not told"})
    maria.post(f"/api/handoffs/{first['id']}/resolve", json={"return_to_bot": True})
    citizen.post(f"/api/conversations/{conversation_id}/handoff", headers=auth)
    [second] = nikos.get("/api/handoffs", params={"status": "waiting"}).json()
    assert second["id"] != first["id"]
    nikos.post(f"/api/handoffs/{second['id']}/claim")
    notes = nikos.get(f"/api/handoffs/{second['id']}").json()["notes"]
    assert [note["text"] for note in notes] == ["15 y.o.; asked that the mother is not told"]
