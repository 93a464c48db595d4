"""Rasa's costs per call (issue 22), Rasa's way and the project's, in the same run, in the bot's environment: checking
an action server's answer and an NLG answer against their schemas (`bot/components/schema_checks.py`: the schema
checked once), and building and sending an NLG request late in a long conversation (`bot/components/nlg_requests.py`:
without the conversation's events)."""

from __future__ import annotations

import json
import subprocess
from typing import Any

from tools.stack import BOT_DIR

SCRIPT = r"""
import json, timeit
from rasa.core.actions.action import RemoteAction
from rasa.core.nlg.callback import CallbackNaturalLanguageGenerator
rasas = (RemoteAction._validate_action_result, CallbackNaturalLanguageGenerator.validate_response)
import rasa.core.nlg.callback as callback
from components import nlg_requests, schema_checks
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

action = RemoteAction("action_x", None)
answer = {"events": [{"event": "slot", "name": "programme", "value": "teba", "timestamp": None}],
          "responses": [{"response": "utter_programme_answer"}]}
reply = {"text": "Το επίδομα στέγασης…", "buttons": [{"title": "Ναι", "payload": "/affirm"}]}
runs = 100

def ms(call):
    call()
    return round(timeit.timeit(call, number=runs) / runs * 1000, 3)

# Turn 200 of one session: each turn a message, a slot, an action and an answer.
turn = [UserUttered("πόσα χρήματα παίρνω;", {"name": "ask_amount"}), SlotSet("programme", "teba"),
        ActionExecuted("utter_programme_answer"), BotUttered("Το ποσό είναι…")]
tracker = DialogueStateTracker.from_events("bench", turn * 200, Domain.load("domain").slots)

def request(build):
    body = build("utter_programme_answer", tracker, "rest", response_id=None)
    return json.dumps(body), json.dumps(body)  # Rasa serialises it for its debug line, then to send it

print(json.dumps({
    "nlg_request_at_turn_200_ms": {"rasa": ms(lambda: request(nlg_requests.ORIGINALS["nlg_request_format"])),
                                    "without_events": ms(lambda: request(callback.nlg_request_format))},
    "action_answer_ms": {"rasa": ms(lambda: rasas[0](action, answer)),
                          "checked_once": ms(lambda: schema_checks.validate_action_result(action, answer))},
    "nlg_answer_ms": {"rasa": ms(lambda: rasas[1](reply)),
                       "checked_once": ms(lambda: schema_checks.validate_nlg_response(reply))},
}))
"""


def measure() -> dict[str, Any]:
    """Milliseconds per call, Rasa's way and the project's."""
    ran = subprocess.run(
        [str(BOT_DIR / ".venv" / "bin" / "python"), "-c", SCRIPT],
        cwd=BOT_DIR,
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    return json.loads(ran.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    print(json.dumps(measure(), indent=2))
