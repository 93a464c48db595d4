"""Rasa's schema checks (issue 22): the time of one check of an action server's answer and of an NLG answer, with
Rasa's own methods (the schema re-checked on every call) and with the project's (`bot/components/schema_checks.py`,
the schema checked once), in the same run, in the bot's environment."""

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
from components import schema_checks

action = RemoteAction("action_x", None)
answer = {"events": [{"event": "slot", "name": "programme", "value": "teba", "timestamp": None}],
          "responses": [{"response": "utter_programme_answer"}]}
reply = {"text": "Το επίδομα στέγασης…", "buttons": [{"title": "Ναι", "payload": "/affirm"}]}
runs = 100

def ms(call):
    call()
    return round(timeit.timeit(call, number=runs) / runs * 1000, 3)

print(json.dumps({
    "action_answer_ms": {"rasa": ms(lambda: rasas[0](action, answer)),
                          "checked_once": ms(lambda: schema_checks.validate_action_result(action, answer))},
    "nlg_answer_ms": {"rasa": ms(lambda: rasas[1](reply)),
                       "checked_once": ms(lambda: schema_checks.validate_nlg_response(reply))},
}))
"""


def measure() -> dict[str, Any]:
    """Milliseconds per check, Rasa's way and checked once."""
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
