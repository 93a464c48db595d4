"""A message that signals danger goes to the top of the staff queue, and the citizen gets the helplines at once."""

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from kiosk_api.conversations.models import Conversation
from kiosk_api.database import get_engine
from kiosk_api.handoff import service as handoffs
from kiosk_api.handoff.models import HandoffStatus
from kiosk_api.handoff.urgent import signals_danger
from kiosk_api.nlg.service import render
from knowledge.loader import LANGUAGES, load_urgent_phrases

DANGER = {
    "el": "Ο άντρας μου με δέρνει κάθε βράδυ, φοβάμαι",
    "en": "my husband beats me and i am scared",
    "ar": "جوزي بيضربني كل يوم وما بعرف شو اعمل",
    "rom": "o rom marel man sako dives, so te kerav",
}


def test_every_language_has_danger_phrases() -> None:
    phrases = load_urgent_phrases()
    assert set(phrases) == set(LANGUAGES) and all(len(phrases[lang]) >= 10 for lang in LANGUAGES)


@pytest.mark.parametrize(
    "text", ["θέλω να αυτοκτονήσω", "thelw na pethanw", "I want to kill myself", "بدي موت", "καμάβ τε μεράβ"]
)
def test_self_harm_is_recognised_in_any_language_and_script(text: str) -> None:
    assert signals_danger(text)


@pytest.mark.parametrize(
    "text", ["πόσα λεφτά παίρνω;", "I need help with the rent", "شو الأوراق المطلوبة؟", "mangav rantevou"]
)
def test_ordinary_questions_are_not_alarms(text: str) -> None:
    assert not signals_danger(text)


@pytest.mark.parametrize("language", ["el", "en", "ar", "rom"])
def test_danger_puts_the_conversation_first_in_the_queue_and_gives_the_helplines(
    hub: Callable[..., TestClient], database_url: str, language: str
) -> None:
    client = hub()  # no Rasa behind it: the alarm must not depend on the bot
    calm = client.post("/api/conversations", json={"channel": "web", "language": language}).json()
    with Session(get_engine(database_url)) as db:
        handoffs.open_handoff(db=db, conversation=db.get(Conversation, calm["id"]), reason="requested")
    created = client.post("/api/conversations", json={"channel": "kiosk", "language": language}).json()
    auth = {"Authorization": f"Bearer {created['token']}"}
    turn = client.post(f"/api/conversations/{created['id']}/messages", json={"text": DANGER[language]}, headers=auth)
    assert turn.status_code == 200
    expected = render(response="utter_urgent_help", arguments={"position": 1}, language=language)["text"]
    assert [m["text"] for m in turn.json()["messages"]] == [expected]
    assert "112" in expected and "15900" in expected
    with Session(get_engine(database_url)) as db:
        queue = handoffs.list_handoffs(db=db, status=HandoffStatus.waiting)
        assert [h.conversation_id for h in queue][:1] == [created["id"]]
        assert queue[0].urgent and queue[0].reason == "urgent"
    transcript = client.get(f"/api/conversations/{created['id']}/messages", headers=auth).json()["messages"]
    assert [m["sender"] for m in transcript] == ["citizen", "system"]
