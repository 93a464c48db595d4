"""The Telegram gateway against a local fake of the Bot API, with the real model behind the hub: languages, buttons,
booking and its reminder, a caseworker's replies under injected faults, files and their captions, erasing, blocked
and unblocked chats, edits, webhook secrets, updates that Telegram sends twice, and citizen messages that no failing
Bot API call may cost."""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools
import json
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from telegram.ext import Application

from kiosk_api.appointments import reminders
from kiosk_api.appointments.models import Appointment
from kiosk_api.channels.kit.text import split
from kiosk_api.channels.telegram import gateway as gateway_module
from kiosk_api.channels.telegram import messages
from kiosk_api.channels.telegram.__main__ import main as gateway_main
from kiosk_api.channels.telegram.models import HandledUpdate, TelegramChat
from kiosk_api.conversations.models import Conversation, Delivery, DeliveryStatus, Message, Sender
from kiosk_api.database import get_engine
from kiosk_api.handoff.models import HandoffNote
from kiosk_api.i18n import Translator
from kiosk_api.nlg.booking import SERVICES
from kiosk_api.nlg.service import render
from kiosk_api.nlg.telegram import commands
from knowledge.loader import load_programmes, load_services
from tests.api.test_danger import INDEPENDENT_DANGER, helpline_numbers
from tests.citizen import CENTRE_SERVICES, delivery_note, rendered
from tests.hostile import HOSTILE, as_stored
from tests.system.test_handoff import PROGRAMME_QUESTION
from tools.fake_telegram import BOT, TOKEN, FakeTelegram, Sent
from tools.stack import Stack, free_port

USERS = itertools.count(7001)
RLM = messages.RIGHT_TO_LEFT_MARK
JSON = {"Content-Type": "application/json"}


def text_of(sent: Sent) -> str:
    return sent.text.replace(RLM, "")


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeTelegram]:
    server = FakeTelegram()
    server.start()
    yield server
    server.stop()


def gateway_environment(fake: FakeTelegram, **extra: str) -> dict[str, str]:
    return {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_URL": fake.base_url,
        "TELEGRAM_FILE_URL": fake.file_url,
        "TELEGRAM_TIMEOUT_SECONDS": "3",
        **extra,
    }


def wait_until(condition, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def handled_count(stack: Stack, update_ids: list[int]) -> int:
    with Session(get_engine(stack.database_url)) as db:
        return db.scalar(select(func.count()).where(HandledUpdate.update_id.in_(update_ids)))


def wait_handled(stack: Stack, *update_ids: int, timeout: float = 60) -> None:
    """Wait until the gateway has handled these updates to the end: it records an update once its handlers are done,
    so whatever it was going to send for them (an answer, an apology, an answer to a second tap) has gone by then.
    A check for something sent twice waits for this, not for a guessed number of seconds."""
    wait_until(lambda: handled_count(stack, list(update_ids)) == len(set(update_ids)), timeout)


def outbox(stack: Stack, conversation_id: str) -> list[DeliveryStatus]:
    """Where each message pushed to a conversation (staff replies, reminders, notices) stands, oldest first."""
    with Session(get_engine(stack.database_url)) as db:
        return list(
            db.scalars(select(Delivery.status).where(Delivery.conversation_id == conversation_id).order_by(Delivery.id))
        )


def wait_delivered(stack: Stack, conversation_id: str, timeout: float = 60) -> None:
    """Wait until every message pushed to a conversation is recorded sent: the outbox never takes a sent message
    again, so whatever it was going to send twice has gone by then."""
    wait_until(lambda: set(outbox(stack, conversation_id)) == {DeliveryStatus.sent}, timeout)


@pytest.fixture(scope="module")
def gateway(stack: Stack, fake: FakeTelegram) -> Iterator[Stack]:
    """The gateway, by long polling against the fake, beside the shared system."""
    stack.start_telegram(**gateway_environment(fake))
    wait_until(lambda: len(fake.calls_of("setMyCommands")) >= 4 and fake.calls_of("getUpdates"))
    yield stack
    stack.stop("telegram")


def chat(stack: Stack, chat_id: int) -> TelegramChat | None:
    with Session(get_engine(stack.database_url)) as db:
        return db.get(TelegramChat, chat_id)


def press(fake: FakeTelegram, user: dict, sent: Sent, contains: str) -> int:
    """Press the first button whose payload contains a text; return the update's id."""
    [data] = [row[0]["callback_data"] for row in sent.buttons if contains in row[0]["callback_data"]][:1]
    return fake.press(user, sent, data)


@pytest.mark.rasa
def test_commands_are_described_in_each_language(gateway: Stack, fake: FakeTelegram) -> None:
    described = {call.get("language_code"): call["commands"] for call in fake.calls_of("setMyCommands")}
    assert set(described) == {None, "el", "en", "ar"}
    assert {c["command"] for c in described["ar"]} == {
        "start",
        "help",
        "language",
        "human",
        "appointments",
        "privacy",
        "forget",
    }
    assert described["el"] != described["en"] != described["ar"]


@pytest.mark.rasa
def test_an_arabic_user_is_answered_in_arabic_right_to_left(gateway: Stack, fake: FakeTelegram) -> None:
    user = fake.user(next(USERS), "ar")
    fake.say(user, PROGRAMME_QUESTION["ar"])
    [answer] = fake.wait_for(user["id"], 1)
    expected = rendered("utter_programme_answer", "ar", programme="housing_allowance", aspect="documents")
    assert text_of(answer) == expected.strip()
    assert all(line.startswith(RLM) for line in answer.text.split("\n") if line)
    assert answer.buttons, "the answer's buttons become an inline keyboard"
    assert all(call.get("parse_mode") is None for call in fake.calls_of("sendMessage"))


@pytest.mark.rasa
def test_an_unknown_language_is_asked_for_with_buttons_named_in_each_language(
    gateway: Stack, fake: FakeTelegram
) -> None:
    user = fake.user(next(USERS), "de")
    fake.say(user, "/start")
    [question] = fake.wait_for(user["id"], 1)
    assert [row[0]["text"] for row in question.buttons] == ["Ελληνικά", "English", "العربية", "Romani"]
    press(fake, user, question, '"rom"')
    replies = fake.wait_for(user["id"], 2)
    assert text_of(replies[1]) == rendered("utter_language_changed", "rom")
    assert question.buttons == [], "a used keyboard is removed"
    assert fake.calls_of("answerCallbackQuery")


@pytest.mark.rasa
def test_the_commands_a_citizen_sends_read_as_typed_in_the_transcript(gateway: Stack, fake: FakeTelegram) -> None:
    # From an independent try: in the console, a Telegram conversation began with an empty bubble (/start was
    # stored as the greeting's payload, with no words); /human likewise.
    user = fake.user(next(USERS), "en")
    fake.say(user, "/start")
    fake.wait_for(user["id"], 1)
    fake.say(user, "/human")
    fake.wait_for(user["id"], 2)
    conversation_id = chat(gateway, user["id"]).conversation_id
    assert citizen_texts(gateway, conversation_id) == ["/start", "/human"]


@pytest.mark.rasa
def test_booking_by_buttons_only_then_the_reminder_arrives_once(
    gateway: Stack,
    fake: FakeTelegram,
    schedule: None,
) -> None:
    user = fake.user(next(USERS), "el")
    fake.say(user, "/start")
    sent = fake.wait_for(user["id"], 1)
    press(fake, user, sent[-1], '"teba"')
    sent = fake.wait_for(user["id"], 2)
    press(fake, user, sent[-1], "/book_appointment")
    sent = fake.wait_for(user["id"], 3)
    press(fake, user, sent[-1], '"social_work"')
    sent = fake.wait_for(user["id"], 4)
    times = sent[-1]
    assert times.buttons[0][0]["callback_data"].startswith("/book_appointment")
    fake.press(user, times, times.buttons[0][0]["callback_data"])
    sent = fake.wait_for(user["id"], 5)
    press(fake, user, sent[-1], "/deny")  # no name or phone kept
    sent = fake.wait_for(user["id"], 6)
    press(fake, user, sent[-1], "/affirm")
    sent = fake.wait_for(user["id"], 7)

    conversation_id = chat(gateway, user["id"]).conversation_id
    with Session(get_engine(gateway.database_url), expire_on_commit=False) as db:
        appointment = db.scalars(select(Appointment).where(Appointment.conversation_id == conversation_id)).one()
        assert appointment.reference in sent[-1].text and appointment.language == "el"
        appointment.created_at = reminders.reminder_moment(appointment) - dt.timedelta(days=2)
        db.commit()
        due = reminders.reminder_moment(appointment) + dt.timedelta(minutes=1)
        # Other tests' appointments of that day may be due too (on a Sunday every test books Monday's first times).
        assert reminders.send_due_reminders(db=db, now=due) >= 1
        db.refresh(appointment)
        assert appointment.reminder_sent_at is not None
        assert reminders.send_due_reminders(db=db, now=due) == 0
    sent = fake.wait_for(user["id"], 8)
    wait_delivered(gateway, conversation_id)  # a reminder sent twice would have gone by now
    reminders_received = [s for s in fake.messages_to(user["id"]) if appointment.reference in s.text]
    assert len(reminders_received) == 2  # the booking confirmation and one reminder
    assert text_of(reminders_received[-1]).startswith(
        rendered(
            "utter_appointment_reminder",
            "el",
            reference="X",
            starts_at=appointment.starts_at.isoformat(),
            service="social_work",
        )[:20]
    )

    # /appointments lists it, and its button cancels it once the cancellation is confirmed: one tap, perhaps by
    # mistake, must not give the time away (found by an independent try); No keeps it.
    fake.say(user, "/appointments")
    listing = fake.wait_for(user["id"], 9)[-1]
    assert appointment.reference in listing.text
    assert load_services()["social_work"].names["el"] in listing.text  # the service by its name, not its id
    press(fake, user, listing, f"tg:cancel:{appointment.reference}")
    confirm = fake.wait_for(user["id"], 10)[-1]
    assert text_of(confirm) == rendered("utter_telegram_cancel_confirm", "el", reference=appointment.reference)
    press(fake, user, confirm, "tg:cancel-no")
    assert text_of(fake.wait_for(user["id"], 11)[-1]) == rendered("utter_appointment_kept", "el")
    with Session(get_engine(gateway.database_url)) as db:
        assert db.get(Appointment, appointment.id).status.value == "booked"
    fake.press(user, confirm, f"tg:cancel-yes:{appointment.reference}")  # its keyboard was used: No stands
    fake.say(user, "/appointments")
    listing = fake.wait_for(user["id"], 12)[-1]
    press(fake, user, listing, f"tg:cancel:{appointment.reference}")
    confirm = fake.wait_for(user["id"], 13)[-1]
    press(fake, user, confirm, "tg:cancel-yes:")
    assert text_of(fake.wait_for(user["id"], 14)[-1]) == rendered(
        "utter_cancelled_by_citizen", "el", reference=appointment.reference
    )
    with Session(get_engine(gateway.database_url)) as db:
        assert db.get(Appointment, appointment.id).status.value == "cancelled"


@pytest.mark.rasa
def test_a_caseworker_answers_in_the_chat_exactly_once_despite_faults(
    gateway: Stack, fake: FakeTelegram, caseworker: httpx.Client
) -> None:
    user = fake.user(next(USERS), "en")
    fake.say(user, "/human")
    fake.wait_for(user["id"], 1)
    conversation_id = chat(gateway, user["id"]).conversation_id
    [handoff] = [h for h in caseworker.get("/api/handoffs").json() if h["conversation_id"] == conversation_id]
    assert handoff["channel"] == "telegram"

    fake.send_photo(user, b"\x89PNG fake image bytes")
    wait_until(
        lambda: any(m["attachments"] for m in caseworker.get(f"/api/handoffs/{handoff['id']}").json()["messages"])
    )
    assert caseworker.post(f"/api/handoffs/{handoff['id']}/claim").status_code == 200
    detail = caseworker.get(f"/api/handoffs/{handoff['id']}").json()
    [attachment] = [a for m in detail["messages"] for a in m["attachments"]]
    assert caseworker.get(f"/api/handoffs/{handoff['id']}/attachments/{attachment['id']}").content == (
        b"\x89PNG fake image bytes"
    )

    fake.fail_next("sendMessage", "429", retry_after=1, chat_id=user["id"])
    fake.fail_next("sendMessage", "500", chat_id=user["id"])
    fake.fail_next("sendMessage", "timeout", chat_id=user["id"])
    replies = ["First reply", "Second reply", "Third reply"]
    for reply in replies:
        assert caseworker.post(f"/api/handoffs/{handoff['id']}/messages", json={"text": reply}).status_code == 201
    wait_until(lambda: all(any(s.text == r for s in fake.messages_to(user["id"])) for r in replies), timeout=60)
    wait_delivered(gateway, conversation_id)
    received = [s.text for s in fake.messages_to(user["id"])]
    assert [received.count(reply) for reply in replies] == [1, 1, 1]
    assert received.count(rendered("utter_staff_joined", "en")) == 1
    assert fake.faults_met("sendMessage", user["id"]) == ["429", "500", "timeout"]


# Telegram delivered the message, and its answer never reached the gateway (a dropped connection, a proxy's timeout):
# to the gateway this looks exactly like a call that never arrived. The citizen has the message; sending it again shows
# it twice. (A known defect today: the gateway sends again after any timeout, as it must for a call that never
# arrived; the fake's "timeout" fault is that case, and the tests above count on it. Take the marks off once the
# gateway tells the two apart or settles for never sending twice.)
ANSWER_LOST_IS_SENT_TWICE = pytest.mark.xfail(
    strict=True,
    reason="defect: after a timeout the gateway sends again what Telegram had delivered (the citizen sees it twice)",
)


@pytest.mark.rasa
@ANSWER_LOST_IS_SENT_TWICE
def test_an_answer_telegram_delivered_but_whose_response_was_lost_is_seen_once(
    gateway: Stack, fake: FakeTelegram
) -> None:
    user = fake.user(next(USERS), "en")
    answer = as_sent("utter_programme_answer", "en", programme="housing_allowance", aspect="documents")
    fake.fail_next("sendMessage", "answer_lost", chat_id=user["id"])
    asked = fake.say(user, PROGRAMME_QUESTION["en"])
    wait_handled(gateway, asked)  # everything the gateway sends for the question has gone by now
    assert fake.faults_met("sendMessage", user["id"]) == ["answer_lost"]
    assert [text_of(sent) for sent in fake.messages_to(user["id"])] == answer


@pytest.mark.rasa
@ANSWER_LOST_IS_SENT_TWICE
def test_a_staff_reply_telegram_delivered_but_whose_response_was_lost_is_seen_once(
    gateway: Stack, fake: FakeTelegram, caseworker: httpx.Client
) -> None:
    user = fake.user(next(USERS), "en")
    handoff = handed_to_staff(gateway, fake, caseworker, user)
    assert caseworker.post(f"/api/handoffs/{handoff['id']}/claim").status_code == 200
    wait_delivered(gateway, handoff["conversation_id"])  # "a member of staff has joined"
    fake.fail_next("sendMessage", "answer_lost", chat_id=user["id"])
    reply = "We found your application; please come on Monday at ten."
    assert caseworker.post(f"/api/handoffs/{handoff['id']}/messages", json={"text": reply}).status_code == 201
    wait_delivered(gateway, handoff["conversation_id"])  # the outbox never takes it again after this
    assert fake.faults_met("sendMessage", user["id"]) == ["answer_lost"]
    assert [text_of(sent) for sent in fake.messages_to(user["id"])].count(reply) == 1


@pytest.mark.rasa
def test_a_blocked_chat_stops_delivery_and_staff_are_told(
    gateway: Stack, fake: FakeTelegram, caseworker: httpx.Client
) -> None:
    user = fake.user(next(USERS), "el")
    fake.say(user, "/human")
    fake.wait_for(user["id"], 1)
    conversation_id = chat(gateway, user["id"]).conversation_id
    [handoff] = [h for h in caseworker.get("/api/handoffs").json() if h["conversation_id"] == conversation_id]
    fake.blocked.add(user["id"])
    caseworker.post(f"/api/handoffs/{handoff['id']}/claim")
    wait_until(lambda: chat(gateway, user["id"]).blocked)
    with Session(get_engine(gateway.database_url)) as db:
        notes = db.scalars(select(HandoffNote).where(HandoffNote.handoff_id == handoff["id"])).all()
    assert any(delivery_note(note.text, "telegram", reachable=False) for note in notes)


@pytest.mark.rasa
def test_forget_erases_the_conversation_after_a_confirmation(gateway: Stack, fake: FakeTelegram) -> None:
    user = fake.user(next(USERS), "ar")
    fake.say(user, "مرحبا")
    fake.wait_for(user["id"], 1)
    conversation_id = chat(gateway, user["id"]).conversation_id
    fake.say(user, "/privacy")
    assert "/forget" in fake.wait_for(user["id"], 2)[-1].text
    fake.say(user, "/forget")
    confirm = fake.wait_for(user["id"], 3)[-1]
    press(fake, user, confirm, "tg:forget:yes")
    assert text_of(fake.wait_for(user["id"], 4)[-1]) == rendered("utter_forgotten", "ar")
    with Session(get_engine(gateway.database_url)) as db:
        assert db.get(Conversation, conversation_id) is None
    assert chat(gateway, user["id"]) is None


@pytest.mark.rasa
def test_forget_while_a_caseworker_holds_the_conversation_says_it_is_erased_when_they_close_it(
    gateway: Stack, fake: FakeTelegram, caseworker: httpx.Client
) -> None:
    # Found by an independent try: "Done: everything is erased", while the caseworker could still read it all.
    user = fake.user(next(USERS), "ar")
    fake.say(user, "/human")
    fake.wait_for(user["id"], 1)
    conversation_id = chat(gateway, user["id"]).conversation_id
    [handoff] = [h for h in caseworker.get("/api/handoffs").json() if h["conversation_id"] == conversation_id]
    assert caseworker.post(f"/api/handoffs/{handoff['id']}/claim").status_code == 200
    sent = len(fake.wait_for(user["id"], 2))
    fake.say(user, "/forget")
    confirm = fake.wait_for(user["id"], sent + 1)[-1]
    press(fake, user, confirm, "tg:forget:yes")
    told = text_of(fake.wait_for(user["id"], sent + 2)[-1])
    assert told == rendered("utter_forgotten", "ar", kept_for_staff=True)
    assert told != rendered("utter_forgotten", "ar")
    assert caseworker.get(f"/api/handoffs/{handoff['id']}").json()["citizen_left"] is True


@pytest.mark.rasa
def test_an_update_sent_again_after_a_restart_is_handled_once(gateway: Stack, fake: FakeTelegram) -> None:
    user = fake.user(next(USERS), "en")
    update_id = fake.say(user, "hello")
    fake.wait_for(user["id"], 1)
    gateway.stop("telegram")
    with fake.lock:
        fake.updates.append({"update_id": update_id, "message": {**fake._message(user, text="hello")}})
    gateway.start_telegram(**gateway_environment(fake))
    thanks = fake.say(user, "thank you")
    # The chat's updates are handled in order: the one sent again before the thanks.
    wait_handled(gateway, thanks)
    assert len(fake.messages_to(user["id"])) == 2


@pytest.mark.rasa
def test_the_webhook_takes_only_requests_with_the_secret(stack: Stack, fake: FakeTelegram, tmp_path) -> None:
    port = free_port()
    webhook = Stack(
        api_port=stack.api_port,
        rasa_port=stack.rasa_port,
        action_port=stack.action_port,
        log_dir=tmp_path,
        database_url=stack.database_url,
    )
    webhook.start_telegram(
        **gateway_environment(
            fake,
            TELEGRAM_MODE="webhook",
            TELEGRAM_WEBHOOK_URL="https://kentro.example/telegram",
            TELEGRAM_WEBHOOK_SECRET="s3cret-token",
            TELEGRAM_WEBHOOK_PORT=str(port),
        )
    )
    try:
        wait_until(lambda: fake.calls_of("setWebhook"))
        user = fake.user(next(USERS), "el")
        update = {
            "update_id": 900000 + user["id"],
            "message": {
                **fake._message(user, text="/privacy"),
                "entities": [{"type": "bot_command", "offset": 0, "length": 8}],
            },
        }
        url = f"http://127.0.0.1:{port}/telegram"
        wait_until(lambda: _reachable(url))
        for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "wrong"}):
            assert httpx.post(url, content=json.dumps(update), headers=headers).status_code == 403
        assert fake.messages_to(user["id"]) == []
        right = {"X-Telegram-Bot-Api-Secret-Token": "s3cret-token", "Content-Type": "application/json"}
        assert httpx.post(url, content=json.dumps(update), headers=right).status_code == 200
        assert text_of(fake.wait_for(user["id"], 1)[0]) == rendered("utter_privacy", "el")
    finally:
        webhook.stop_all()


def _reachable(url: str) -> bool:
    try:
        httpx.get(url, timeout=1)
        return True
    except httpx.HTTPError:
        return False


def test_long_answers_are_split_at_paragraphs_under_the_limit() -> None:
    paragraphs = [f"Paragraph {n}. " + "word " * 300 for n in range(6)]
    parts = split("\n\n".join(paragraphs), messages.LIMIT)
    assert all(len(part) <= messages.LIMIT for part in parts) and len(parts) > 1
    assert all(part.startswith("Paragraph") for part in parts)
    assert split("x" * 9000, messages.LIMIT) == ["x" * 4096, "x" * 4096, "x" * 808]


def test_buttons_too_long_for_telegram_are_looked_up() -> None:
    short = {"id": 5, "buttons": [{"title": "Yes", "payload": "/affirm"}]}
    long = {"id": 6, "buttons": [{"title": "T", "payload": '/book_appointment{"booking_time": "' + "x" * 60 + '"}'}]}
    assert messages.keyboard(short, "en").inline_keyboard[0][0].callback_data == "/affirm"
    assert messages.keyboard(long, "en").inline_keyboard[0][0].callback_data == "m:6:0"
    assert messages.keyboard({"id": 7, "buttons": []}, "en") is None


def test_citizen_text_is_sent_as_it_is_written() -> None:
    hostile = "<b>bold</b> *star* [link](http://evil.example) _x_"
    [(text, _)] = messages.telegram_parts({"id": 1, "text": hostile, "buttons": []}, "en")
    assert text == hostile  # plain text: Telegram formats nothing, so nothing can break out


@pytest.mark.rasa
def test_hostile_text_from_telegram_is_kept_exactly_and_staff_replies_arrive_as_plain_text(
    gateway: Stack, fake: FakeTelegram, caseworker: httpx.Client
) -> None:
    user = fake.user(next(USERS), "en")
    # Telegram itself delivers only valid text: no null bytes and no broken characters come from it.
    carried = [text for name, text in HOSTILE.items() if name not in ("null bytes", "broken character")]
    for text in carried:
        fake.say(user, text)
    fake.say(user, "/human")
    wait_until(lambda: chat(gateway, user["id"]) is not None)
    conversation_id = chat(gateway, user["id"]).conversation_id
    wait_until(lambda: len(citizen_texts(gateway, conversation_id)) == len(carried) + 1)
    assert citizen_texts(gateway, conversation_id)[: len(carried)] == carried

    # /human is stored first, then answered: the handoff opens with the answer, a moment later.
    def handoffs_of_the_chat() -> list[dict]:
        return [h for h in caseworker.get("/api/handoffs").json() if h["conversation_id"] == conversation_id]

    wait_until(handoffs_of_the_chat)
    [handoff] = handoffs_of_the_chat()
    caseworker.post(f"/api/handoffs/{handoff['id']}/claim")
    for text in HOSTILE.values():
        body = json.dumps({"text": text})
        sent = caseworker.post(f"/api/handoffs/{handoff['id']}/messages", content=body, headers=JSON)
        assert sent.status_code == 201
    expected = [as_stored(text) for text in HOSTILE.values()]
    wait_until(lambda: all(any(s.text == e for s in fake.messages_to(user["id"])) for e in expected), timeout=60)
    # Plain text: Telegram formats nothing, so no markup in a reply can change what the person sees.
    assert all(call.get("parse_mode") is None for call in fake.calls_of("sendMessage"))


def citizen_texts(stack: Stack, conversation_id: str) -> list[str]:
    with Session(get_engine(stack.database_url)) as db:
        messages = db.scalars(
            select(Message).where(Message.conversation_id == conversation_id).order_by(Message.id)
        ).all()
        return [message.text for message in messages if message.sender == Sender.citizen]


def transcript(stack: Stack, conversation_id: str) -> list[tuple[str, str]]:
    """The conversation as staff read it: who wrote, and what."""
    with Session(get_engine(stack.database_url)) as db:
        stored = db.scalars(select(Message).where(Message.conversation_id == conversation_id).order_by(Message.id))
        return [(message.sender.value, message.text) for message in stored]


def as_sent(response: str, language: str, **arguments: object) -> list[str]:
    """What the citizen reads of a response: the Telegram messages it becomes."""
    reply = {
        "id": 0,
        **render(response=response, arguments={SERVICES: CENTRE_SERVICES, **arguments}, language=language),
    }
    return [text.replace(RLM, "") for text, _ in messages.telegram_parts(reply, language)]


def set_blocked(stack: Stack, chat_id: int) -> None:
    """The chat as the gateway leaves it after a 403: marked blocked."""
    with Session(get_engine(stack.database_url)) as db:
        db.get(TelegramChat, chat_id).blocked = True
        db.commit()


def handed_to_staff(gateway: Stack, fake: FakeTelegram, caseworker: httpx.Client, user: dict) -> dict:
    """A chat whose citizen asked for a person (and has been answered): its handoff."""
    wait_handled(gateway, fake.say(user, "/human"))
    fake.wait_for(user["id"], 1)
    conversation_id = chat(gateway, user["id"]).conversation_id
    [handoff] = [h for h in caseworker.get("/api/handoffs").json() if h["conversation_id"] == conversation_id]
    return handoff


@pytest.mark.rasa
def test_a_failing_typing_indicator_never_costs_the_citizens_message(gateway: Stack, fake: FakeTelegram) -> None:
    user = fake.user(next(USERS), "en")
    answer = as_sent("utter_programme_answer", "en", programme="housing_allowance", aspect="documents")
    asked = []
    for turn, fault in enumerate(("500", "429", "timeout"), start=1):
        fake.fail_next("sendChatAction", fault, chat_id=user["id"])
        asked.append(fake.say(user, PROGRAMME_QUESTION["en"]))
        received = fake.wait_for(user["id"], turn * len(answer))
        assert [text_of(sent) for sent in received[-len(answer) :]] == answer, f"after a {fault} on sendChatAction"
    wait_handled(gateway, *asked)  # an apology would have gone by now
    assert [text_of(sent) for sent in fake.messages_to(user["id"])] == answer * 3
    conversation_id = chat(gateway, user["id"]).conversation_id
    assert citizen_texts(gateway, conversation_id) == [PROGRAMME_QUESTION["en"]] * 3


@pytest.mark.rasa
def test_button_presses_are_answered_when_acknowledging_them_fails(gateway: Stack, fake: FakeTelegram) -> None:
    user = fake.user(next(USERS), "en")
    fake.say(user, PROGRAMME_QUESTION["en"])
    answer = fake.wait_for(user["id"], 1)
    keyboard = answer[-1]
    # Handled late (after downtime), the press is "too old" to acknowledge; the second press of the same keyboard
    # finds it removed already: "message is not modified".
    fake.fail_next("answerCallbackQuery", "query_too_old")
    fake.fail_next("editMessageReplyMarkup", "not_modified", after=1)
    presses = [press(fake, user, keyboard, "/ask_eligibility"), press(fake, user, keyboard, "/ask_amount")]
    eligibility = as_sent("utter_programme_answer", "en", programme="housing_allowance", aspect="eligibility")
    amounts = as_sent("utter_programme_answer", "en", programme="housing_allowance", aspect="amounts")
    fake.wait_for(user["id"], len(answer) + len(eligibility))
    wait_handled(gateway, *presses)  # an apology, or an answer to the second tap, would have gone by now
    received = [text_of(sent) for sent in fake.messages_to(user["id"])]
    # The first press is answered; the second tap on the same keyboard is not acted on (a double tap, or a change of
    # mind before the keyboard went: starting a booking and a handoff at once helps nobody).
    assert received[len(answer) :] == eligibility
    assert not set(amounts) & set(received[len(answer) :])
    conversation_id = chat(gateway, user["id"]).conversation_id
    assert citizen_texts(gateway, conversation_id) == [PROGRAMME_QUESTION["en"], "Who can get it?"]


@pytest.mark.rasa
def test_a_keyboard_answered_by_typing_is_removed(gateway: Stack, fake: FakeTelegram) -> None:
    # Found by an independent try: after a typed answer the old buttons stayed, and a time pressed later, after the
    # appointment had been moved, started a new booking.
    user = fake.user(next(USERS), "en")
    fake.say(user, PROGRAMME_QUESTION["en"])
    answer = fake.wait_for(user["id"], 1)
    keyboard = answer[-1]
    assert keyboard.buttons
    typed = fake.say(user, "who can get it?")
    wait_handled(gateway, typed)
    wait_until(
        lambda: any(
            str(call.get("message_id")) == str(keyboard.message_id) and not call.get("reply_markup")
            for call in fake.calls_of("editMessageReplyMarkup")
        )
    )


@pytest.mark.rasa
def test_captions_are_kept_in_the_transcript_once(gateway: Stack, fake: FakeTelegram, caseworker: httpx.Client) -> None:
    # With a caseworker: the caption, then the file, as the citizen sent them.
    user = fake.user(next(USERS), "el")
    handoff = handed_to_staff(gateway, fake, caseworker, user)
    photo = fake.send_photo(user, b"\x89PNG contract", caption="Το συμβόλαιο, σελίδα 1")
    document = fake.send_document(
        user, b"%PDF-1.4 letter", "letter.pdf", "application/pdf", caption="Και το χαρτί της ΔΟΥ"
    )
    conversation_id = handoff["conversation_id"]
    wait_handled(gateway, photo, document)
    assert citizen_texts(gateway, conversation_id)[1:] == [
        "Το συμβόλαιο, σελίδα 1",
        "[photo: photo.jpg]",
        "Και το χαρτί της ΔΟΥ",
        "[document: letter.pdf]",
    ]
    detail = caseworker.get(f"/api/handoffs/{handoff['id']}").json()
    assert [a["file_name"] for m in detail["messages"] for a in m["attachments"]] == ["photo.jpg", "letter.pdf"]

    # With the assistant: the caption is a question like any other, answered; the file is not read, and it says so.
    other = fake.user(next(USERS), "en")
    captioned = fake.send_document(
        other, b"%PDF-1.4 letter", "letter.pdf", "application/pdf", caption=PROGRAMME_QUESTION["en"]
    )
    answer = as_sent("utter_programme_answer", "en", programme="housing_allowance", aspect="documents")
    notice = as_sent("utter_media_not_supported", "en")
    wait_handled(gateway, captioned)
    assert [text_of(sent) for sent in fake.messages_to(other["id"])] == answer + notice
    assert citizen_texts(gateway, chat(gateway, other["id"]).conversation_id) == [PROGRAMME_QUESTION["en"]]


@pytest.mark.rasa
def test_any_citizen_update_shows_the_chat_is_no_longer_blocked(
    gateway: Stack, fake: FakeTelegram, caseworker: httpx.Client
) -> None:
    user = fake.user(next(USERS), "el")
    handoff = handed_to_staff(gateway, fake, caseworker, user)
    for unblocking in (lambda: fake.send_photo(user, b"\x89PNG id card"), lambda: fake.say(user, "/privacy")):
        set_blocked(gateway, user["id"])
        unblocking()
        wait_until(lambda: not chat(gateway, user["id"]).blocked, timeout=10)
    assert caseworker.post(f"/api/handoffs/{handoff['id']}/claim").status_code == 200
    joined = rendered("utter_staff_joined", "el")
    wait_until(lambda: any(text_of(sent) == joined for sent in fake.messages_to(user["id"])))
    with Session(get_engine(gateway.database_url)) as db:
        notes = db.scalars(select(HandoffNote).where(HandoffNote.handoff_id == handoff["id"])).all()
    assert not any("blocked" in note.text for note in notes), "staff are not told of a block that ended"


@pytest.mark.rasa
def test_a_file_over_the_limit_is_refused_saying_the_limit(
    gateway: Stack, fake: FakeTelegram, caseworker: httpx.Client
) -> None:
    user = fake.user(next(USERS), "en")
    handoff = handed_to_staff(gateway, fake, caseworker, user)
    fake.send_document(user, b"%PDF" + bytes(15 * 1024 * 1024), "scan.pdf", "application/pdf")
    too_large = as_sent("utter_file_too_large", "en", megabytes=10)
    received = fake.wait_for(user["id"], 1 + len(too_large))
    assert "10 MB" in too_large[0]
    assert [text_of(sent) for sent in received[1:]] == too_large
    detail = caseworker.get(f"/api/handoffs/{handoff['id']}").json()
    assert not any(m["attachments"] for m in detail["messages"])


@pytest.mark.rasa
def test_an_edited_message_is_kept_for_staff_and_not_answered_again(gateway: Stack, fake: FakeTelegram) -> None:
    user = fake.user(next(USERS), "en")
    update_id = fake.say(user, PROGRAMME_QUESTION["en"])
    answered = fake.wait_for(user["id"], 1)
    conversation_id = chat(gateway, user["id"]).conversation_id
    wait_until(lambda: transcript(gateway, conversation_id)[-1][0] == "bot")
    before = transcript(gateway, conversation_id)
    corrected = "what documents do I need for the rent allowance? I rent a room"
    edit = fake.edit(user, update_id, corrected)
    wait_handled(gateway, edit)  # an answer to the edit would have gone by now
    assert transcript(gateway, conversation_id) == [*before, ("citizen", corrected)]
    with Session(get_engine(gateway.database_url)) as db:
        assert db.scalars(select(Message.edited).where(Message.text == corrected)).one()  # the console says so
    assert fake.messages_to(user["id"]) == answered


@pytest.mark.rasa
def test_an_edit_that_tells_of_danger_is_answered_with_the_helplines(gateway: Stack, fake: FakeTelegram) -> None:
    [(_, danger_text, kind, first_line)] = [case for case in INDEPENDENT_DANGER if case[0] == "en"][:1]
    user = fake.user(next(USERS), "en")
    update_id = fake.say(user, "hello")
    fake.wait_for(user["id"], 1)
    fake.edit(user, update_id, danger_text)
    alarm = fake.wait_for(user["id"], 2)[1]
    numbers = helpline_numbers(text_of(alarm))
    assert numbers[0] == first_line
    with Session(get_engine(gateway.database_url)) as db:
        edited = db.scalars(select(Message).where(Message.text == danger_text, Message.edited)).one()
        assert edited.danger is not None and edited.danger.endswith(kind)


@pytest.mark.rasa
def test_after_a_403_on_a_reply_nothing_more_is_sent_to_the_chat(gateway: Stack, fake: FakeTelegram) -> None:
    user = fake.user(next(USERS), "en")
    fake.fail_next("sendMessage", "403", chat_id=user["id"])
    hello = fake.say(user, "hello")
    wait_handled(gateway, hello)  # a "courtesy" message would have been tried by now
    assert chat(gateway, user["id"]).blocked
    tried = [call for call in fake.calls_of("sendMessage") if int(call["chat_id"]) == user["id"]]
    assert len(tried) == 1, "only the reply that met the 403"
    assert fake.messages_to(user["id"]) == []
    conversation_id = chat(gateway, user["id"]).conversation_id
    assert citizen_texts(gateway, conversation_id) == ["hello"]


@pytest.mark.rasa
def test_blocking_and_unblocking_the_bot_is_marked_at_once(gateway: Stack, fake: FakeTelegram) -> None:
    user = fake.user(next(USERS), "en")
    fake.say(user, "hello")
    fake.wait_for(user["id"], 1)
    fake.set_status(user, "kicked")
    wait_until(lambda: chat(gateway, user["id"]).blocked, timeout=10)
    fake.set_status(user, "member")
    wait_until(lambda: not chat(gateway, user["id"]).blocked, timeout=10)


@pytest.mark.rasa
def test_a_reply_held_while_the_bot_was_blocked_arrives_once_the_citizen_is_back(
    gateway: Stack, fake: FakeTelegram, caseworker: httpx.Client
) -> None:
    user = fake.user(next(USERS), "ar")
    fake.say(user, "/human")
    fake.wait_for(user["id"], 1)
    conversation_id = chat(gateway, user["id"]).conversation_id
    [handoff] = [h for h in caseworker.get("/api/handoffs").json() if h["conversation_id"] == conversation_id]
    caseworker.post(f"/api/handoffs/{handoff['id']}/claim")
    before = len(fake.wait_for(user["id"], 2))  # the "staff joined" notice
    fake.blocked.add(user["id"])
    fake.set_status(user, "kicked")
    wait_until(lambda: chat(gateway, user["id"]).blocked, timeout=10)
    held = "هل ما زلتم هنا؟ يمكنكم القدوم يوم الاثنين."
    caseworker.post(f"/api/handoffs/{handoff['id']}/messages", content=json.dumps({"text": held}), headers=JSON)
    # The outbox takes the reply and holds it back (it would have sent it first).
    wait_until(lambda: outbox(gateway, conversation_id)[-1] == DeliveryStatus.blocked, timeout=20)
    assert not any(text_of(s) == held for s in fake.messages_to(user["id"]))
    fake.blocked.discard(user["id"])
    fake.set_status(user, "member")
    # Back: what staff wrote meanwhile arrives, once, and staff are told.
    wait_delivered(gateway, conversation_id, timeout=20)
    assert [text_of(s) for s in fake.messages_to(user["id"])[before:]].count(held) == 1
    with Session(get_engine(gateway.database_url)) as db:
        notes = db.scalars(select(HandoffNote.text).where(HandoffNote.handoff_id == handoff["id"])).all()
    assert any(delivery_note(note, "telegram", reachable=True) for note in notes)


@pytest.mark.rasa
def test_a_long_message_is_stored_whole(gateway: Stack, fake: FakeTelegram) -> None:
    user = fake.user(next(USERS), "en")
    # Up to Telegram's 4,096 characters; the hub keeps it whole for staff (the assistant reads the first 2,000).
    written = " ".join(["I cannot pay the rent this month and I do not know what to do."] * 60)[:4000].strip()
    fake.say(user, written)
    fake.wait_for(user["id"], 1)
    assert citizen_texts(gateway, chat(gateway, user["id"]).conversation_id) == [written]


def conversation_count(stack: Stack) -> int:
    with Session(get_engine(stack.database_url)) as db:
        return db.scalar(select(func.count()).select_from(Conversation))


@pytest.mark.rasa
def test_a_group_is_told_once_that_the_bot_works_in_private_chats_and_left(
    gateway: Stack, fake: FakeTelegram, caseworker: httpx.Client
) -> None:
    conversations, handoffs = conversation_count(gateway), len(caseworker.get("/api/handoffs").json())
    greek = fake.user(next(USERS), "el")
    group = fake.group(-100_000 - greek["id"])
    updates = [fake.say(greek, text, chat=group) for text in ("/start", "/human", "καλησπέρα σε όλους")]
    # Added to a supergroup by someone whose Telegram is in a language the centre does not speak: English.
    stranger = fake.user(next(USERS), "de")
    supergroup = fake.group(-200_000 - stranger["id"], "supergroup")
    updates.append(fake.add_to_group(stranger, supergroup))
    updates.append(fake.say(stranger, "/human", chat=supergroup))
    expected = {
        group["id"]: rendered("utter_private_chats_only", "el", username=BOT["username"]),
        supergroup["id"]: rendered("utter_private_chats_only", "en", username=BOT["username"]),
    }
    for chat_id, text in expected.items():
        assert text_of(fake.wait_for(chat_id, 1)[0]) == text
    wait_handled(gateway, *updates)  # a second notice, or an answer, would have gone by now
    assert [len(fake.messages_to(chat_id)) for chat_id in expected] == [1, 1]
    assert sorted(int(call["chat_id"]) for call in fake.calls_of("leaveChat")) == sorted(expected)
    assert all(chat(gateway, chat_id) is None for chat_id in expected)
    assert conversation_count(gateway) == conversations
    assert len(caseworker.get("/api/handoffs").json()) == handoffs


def test_the_webhook_listens_where_it_is_told(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: dict[str, object] = {}
    monkeypatch.setattr(Application, "run_webhook", lambda self, **arguments: asked.update(arguments))
    for name, value in {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_MODE": "webhook",
        "TELEGRAM_WEBHOOK_URL": "https://kentro.example/telegram",
        "TELEGRAM_WEBHOOK_SECRET": "s3cret-token",
        "TELEGRAM_WEBHOOK_LISTEN": "10.0.0.7",
    }.items():
        monkeypatch.setenv(name, value)
    gateway_main()
    assert asked["listen"] == "10.0.0.7"
    monkeypatch.delenv("TELEGRAM_WEBHOOK_LISTEN")
    gateway_main()
    assert asked["listen"] == "127.0.0.1", "behind the reverse proxy by default, never every address"


def romani_chooser(gateway: Stack, fake: FakeTelegram, app_language: str = "de") -> dict:
    """A user whose Telegram speaks none of the centre's languages, who chose Romani (and has been answered)."""
    user = fake.user(next(USERS), app_language)
    fake.say(user, "/start")
    wait_handled(gateway, press(fake, user, fake.wait_for(user["id"], 1)[0], '"rom"'))
    return user


@pytest.mark.rasa
def test_long_button_labels_are_kept_whole(gateway: Stack, fake: FakeTelegram) -> None:
    user = romani_chooser(gateway, fake)
    before = len(fake.messages_to(user["id"]))
    fake.say(user, "/start")
    greeting = fake.wait_for(user["id"], before + 1)[-1]
    teba = load_programmes()["teba"].content["rom"].name
    assert len(teba) > 64
    assert teba in [row[0]["text"] for row in greeting.buttons], "Telegram wraps a long label; it is never cut"
    assert all(len(row[0]["callback_data"].encode()) <= 64 for row in greeting.buttons)


@pytest.mark.rasa
def test_help_in_the_middle_of_an_estimate_explains_and_the_estimate_goes_on(
    gateway: Stack, fake: FakeTelegram
) -> None:
    user = fake.user(next(USERS), "ar")
    fake.say(user, "/start")
    greeting = fake.wait_for(user["id"], 1)[-1]
    fake.press(user, greeting, "/estimate_benefits")
    question = as_sent("utter_ask_estimate_adults", "ar")
    received = fake.wait_for(user["id"], 1 + len(question))
    assert [text_of(sent) for sent in received[1:]] == question
    fake.say(user, "/help")
    help_text = as_sent("utter_telegram_help", "ar")
    received = fake.wait_for(user["id"], 1 + len(question) + len(help_text))
    assert [text_of(sent) for sent in received[1 + len(question) :]] == help_text
    fake.say(user, "2")
    after = fake.wait_for(user["id"], len(received) + 1)[len(received) :]
    assert [text_of(sent) for sent in after] == as_sent("utter_ask_estimate_children", "ar")


@pytest.mark.rasa
def test_the_gateways_own_messages_follow_the_app_language_never_greek_by_default(
    gateway: Stack, fake: FakeTelegram
) -> None:
    arabic = fake.user(next(USERS), "ar")
    fake.say(arabic, "/language")
    assert text_of(fake.wait_for(arabic["id"], 1)[0]) == rendered("utter_choose_language", "ar")
    stranger = fake.user(next(USERS), "de")
    fake.say(stranger, "/privacy")
    notice, chooser = fake.wait_for(stranger["id"], 2)
    assert text_of(notice) == rendered("utter_privacy", "en")
    assert [row[0]["text"] for row in chooser.buttons] == ["Ελληνικά", "English", "العربية", "Romani"]


def chat_menu(fake: FakeTelegram, chat_id: int) -> list[dict] | None:
    """The command menu last set for one chat, if any."""
    menus = [
        call["commands"]
        for call in fake.calls_of("setMyCommands")
        if call.get("scope") == {"type": "chat", "chat_id": chat_id}
    ]
    return menus[-1] if menus else None


@pytest.mark.rasa
def test_after_choosing_a_language_the_command_menu_is_in_it(gateway: Stack, fake: FakeTelegram) -> None:
    romani = romani_chooser(gateway, fake)
    arabic = fake.user(next(USERS), "en")
    fake.say(arabic, "/language")
    press(fake, arabic, fake.wait_for(arabic["id"], 1)[0], '"ar"')
    fake.wait_for(arabic["id"], 2)
    for user, language in ((romani, "rom"), (arabic, "ar")):
        wait_until(lambda user=user: chat_menu(fake, user["id"]) is not None, timeout=10)
        described = [{"command": name, "description": text} for name, text in commands(Translator(language))]
        assert chat_menu(fake, user["id"]) == described


@pytest.mark.rasa
def test_link_previews_are_off(gateway: Stack, fake: FakeTelegram) -> None:
    user = fake.user(next(USERS), "en")
    fake.say(user, PROGRAMME_QUESTION["en"])
    answer = fake.wait_for(user["id"], 1)
    assert any("http" in sent.text for sent in answer), "an answer with a link to an official site"
    calls = [call for call in fake.calls_of("sendMessage") if int(call["chat_id"]) == user["id"]]
    assert calls and all(call.get("link_preview_options") == {"is_disabled": True} for call in calls)


@pytest.mark.rasa
def test_the_typing_indicator_lasts_until_the_reply_goes(gateway: Stack, fake: FakeTelegram) -> None:
    user = fake.user(next(USERS), "en")

    def typing() -> int:
        return len([call for call in fake.calls_of("sendChatAction") if int(call["chat_id"]) == user["id"]])

    # The reply meets two timeouts (3 s each) before it goes: some 9 s in which the citizen should see "typing…".
    fake.fail_next("sendMessage", "timeout", times=2, chat_id=user["id"])
    hello = fake.say(user, "hello")
    fake.wait_for(user["id"], 1, timeout=30)
    wait_handled(gateway, hello)
    shown = typing()
    assert shown >= 2
    # That nothing more comes can only be seen over time: longer than the indicator is sent again.
    time.sleep(gateway_module.TYPING_SECONDS + 1)
    assert typing() == shown, "the indicator stops once the reply has gone"


@pytest.mark.rasa
def test_no_typing_is_shown_when_no_answer_is_coming(
    gateway: Stack, fake: FakeTelegram, caseworker: httpx.Client
) -> None:
    user = fake.user(next(USERS), "en")
    handed_to_staff(gateway, fake, caseworker, user)

    def typing() -> int:
        return len([call for call in fake.calls_of("sendChatAction") if int(call["chat_id"]) == user["id"]])

    shown = typing()
    # Waiting for a caseworker, the message is stored for staff: nobody types an answer now. An edit is never
    # answered either.
    update_id = fake.say(user, "is anybody there?")
    edit = fake.edit(user, update_id, "is anybody there? I need help with the rent")
    wait_handled(gateway, update_id, edit)
    assert typing() == shown


@pytest.mark.rasa
def test_a_file_that_reached_the_caseworker_is_acknowledged(
    gateway: Stack, fake: FakeTelegram, caseworker: httpx.Client
) -> None:
    user = fake.user(next(USERS), "ar")
    handed_to_staff(gateway, fake, caseworker, user)
    fake.send_photo(user, b"\x89PNG payslip")
    acknowledged = as_sent("utter_file_received", "ar")
    received = fake.wait_for(user["id"], 1 + len(acknowledged))
    assert [text_of(sent) for sent in received[1:]] == acknowledged


def handled_update(stack: Stack, update_id: int) -> HandledUpdate | None:
    with Session(get_engine(stack.database_url)) as db:
        return db.get(HandledUpdate, update_id)


@pytest.mark.rasa
def test_handled_updates_are_kept_only_as_long_as_the_duplicate_check_needs(gateway: Stack, fake: FakeTelegram) -> None:
    now = dt.datetime.now(dt.UTC)
    old, recent = 10**12 + 1, 10**12 + 2
    with Session(get_engine(gateway.database_url)) as db:
        db.add_all(
            [
                HandledUpdate(update_id=old, handled_at=now - dt.timedelta(days=8)),
                HandledUpdate(update_id=recent, handled_at=now - dt.timedelta(days=6)),
            ]
        )
        db.commit()
    gateway.stop("telegram")
    gateway.start_telegram(**gateway_environment(fake))
    wait_until(lambda: handled_update(gateway, old) is None, timeout=30)
    assert handled_update(gateway, recent) is not None, "a week's updates are kept to tell one sent again"
    user = fake.user(next(USERS), "en")
    fake.say(user, "hello")
    fake.wait_for(user["id"], 1)


@pytest.mark.rasa
def test_arabic_labels_that_begin_with_a_latin_or_greek_word_are_marked_right_to_left(
    gateway: Stack, fake: FakeTelegram
) -> None:
    user = fake.user(next(USERS), "ar")
    fake.say(user, "/start")
    labels = [row[0]["text"] for row in fake.wait_for(user["id"], 1)[-1].buttons]
    programmes = load_programmes()
    assert RLM + programmes["teba"].content["ar"].name in labels  # "ΤΕΒΑ – صندوق …"
    assert programmes["housing_allowance"].content["ar"].name in labels  # begins in Arabic: left as it is


SOAK_CHATS, SOAK_MESSAGES, STAFF_REPLIES = 20, 30, 3


@pytest.mark.rasa
def test_soak_no_citizen_message_is_lost_and_every_staff_reply_arrives_once_while_the_bot_api_fails(
    gateway: Stack, fake: FakeTelegram, caseworker: httpx.Client
) -> None:
    """20 chats × 30 messages, with 10% of the calls of every Bot API method failing at random (429, 500 and
    timeouts, seeded): half of the chats talk to the assistant, half to a caseworker, who replies three times to
    each."""
    codes = ("en", "el", "ar")
    users = [fake.user(next(USERS), codes[index % len(codes)]) for index in range(SOAK_CHATS)]
    with_staff = users[::2]
    handoffs = {user["id"]: handed_to_staff(gateway, fake, caseworker, user) for user in with_staff}
    for handoff in handoffs.values():
        assert caseworker.post(f"/api/handoffs/{handoff['id']}/claim").status_code == 200
    wait_until(lambda: all(len(fake.messages_to(user["id"])) >= 2 for user in with_staff))  # "staff joined"
    questions = ("what is the housing allowance?", "how much is it?", "which documents do I need?", "thank you")
    written = {
        user["id"]: [f"chat {c} message {n}: {questions[n % len(questions)]}" for n in range(SOAK_MESSAGES)]
        for c, user in enumerate(users)
    }
    replies = {
        user["id"]: [f"Staff reply {r} to chat {user['id']}" for r in range(STAFF_REPLIES)] for user in with_staff
    }
    fake.fail_randomly(0.1, seed=21)
    updates: list[int] = []
    try:
        for n in range(SOAK_MESSAGES):
            for user in users:
                updates.append(fake.say(user, written[user["id"]][n]))
            if n % 10 == 5:
                for user in with_staff:
                    reply = replies[user["id"]][n // 10]
                    posted = caseworker.post(
                        f"/api/handoffs/{handoffs[user['id']]['id']}/messages", json={"text": reply}
                    )
                    assert posted.status_code == 201
            time.sleep(0.2)

        def stored(user: dict) -> list[str]:
            conversation_id = chat(gateway, user["id"]).conversation_id
            return [text for text in citizen_texts(gateway, conversation_id) if text.startswith("chat ")]

        def delivered(user: dict) -> list[str]:
            return [text_of(sent) for sent in fake.messages_to(user["id"]) if text_of(sent).startswith("Staff reply")]

        wait_until(
            lambda: all(len(stored(user)) >= SOAK_MESSAGES for user in users)
            and all(len(delivered(user)) >= STAFF_REPLIES for user in with_staff),
            timeout=150,
        )
        # Anything stored or sent twice would be there by now.
        wait_handled(gateway, *updates)
        for user in with_staff:
            wait_delivered(gateway, handoffs[user["id"]]["conversation_id"])
    finally:
        fake.fail_randomly(0)
    assert {user["id"]: stored(user) for user in users} == written, "every citizen message stored once, in order"
    # Once each; not necessarily in order: a reply that met a fault waits its backoff while the next may go.
    assert {user["id"]: sorted(delivered(user)) for user in with_staff} == replies, "every staff reply delivered once"


def test_commands_in_arabic_help_keep_their_slash_in_front() -> None:
    # In a right-to-left line, a "/" between the line's mark and a Latin word would be drawn at the far end
    # ("language/"); a left-to-right mark before it keeps "/language" whole.
    help_text = render(response="utter_telegram_help", arguments={}, language="ar")
    [(text, _)] = messages.telegram_parts({"id": 1, **help_text}, "ar")
    listed = [line for line in text.split("\n") if line.lstrip(RLM).lstrip("\u200e").startswith("/")]
    assert len(listed) >= 4 and all(line.startswith(RLM + "\u200e/") for line in listed)


def test_a_failed_send_is_in_the_log(caplog: pytest.LogCaptureFixture) -> None:
    """What an operator reads when replies are slow: each failed sendMessage, not silence."""
    from telegram.error import NetworkError

    class Flaky:
        calls = 0

        async def send_message(self, **_: object) -> str:
            self.calls += 1
            if self.calls == 1:
                raise NetworkError("Bad Gateway")
            return "sent"

    # In a thread of its own: the browser tests of the same run may leave an event loop running in this one.
    with caplog.at_level("WARNING", logger="kiosk_api.channels.telegram.gateway"), ThreadPoolExecutor(1) as thread:
        assert thread.submit(asyncio.run, gateway_module.send(Flaky(), 42, "hello")).result() == "sent"
    assert any("chat 42" in record.getMessage() and "Bad Gateway" in record.getMessage() for record in caplog.records)
