"""Rasa's schema checks, done once (issue 22): the two methods replaced are still Rasa 3.6.21's, and the replacements
accept and refuse exactly what Rasa's own do. Run in the bot's environment, where Rasa is."""

from __future__ import annotations

import json
import subprocess

from tools.stack import BOT_DIR

CHECK = r"""
import hashlib, inspect, json
import rasa
from rasa.core.actions.action import RemoteAction
from rasa.core.nlg.callback import CallbackNaturalLanguageGenerator
from rasa.shared.exceptions import RasaException
from jsonschema import ValidationError

before = {
    "RemoteAction._validate_action_result": RemoteAction._validate_action_result,
    "CallbackNaturalLanguageGenerator.validate_response": CallbackNaturalLanguageGenerator.validate_response,
}
from components import schema_checks

assert rasa.__version__ == "3.6.21", rasa.__version__
for name, function in schema_checks.ORIGINALS.items():
    digest = hashlib.sha256(inspect.getsource(function).encode()).hexdigest()
    assert digest == schema_checks.REPLACED[name], f"Rasa's {name} changed: look again at components/schema_checks.py"
assert RemoteAction._validate_action_result is schema_checks.validate_action_result
assert CallbackNaturalLanguageGenerator.validate_response is schema_checks.validate_nlg_response

def outcome(check, *arguments):
    try:
        return ("ok", check(*arguments))
    except (ValidationError, RasaException) as error:
        return (type(error).__name__, str(getattr(error, "message", error)))

action = RemoteAction("action_x", None)
answers = [
    {"events": [{"event": "slot", "name": "programme", "value": "teba"}], "responses": [{"response": "utter_x"}]},
    {"events": [{"event": "no_such_event"}], "responses": []},
    {"events": "not a list"},
    {},
]
nlg = [None, "", {"text": "Γεια σας", "buttons": [{"title": "Ναι", "payload": "/affirm"}]}, {"text": 5},
       {"buttons": "x"}]
result = {
    "action": [
        [outcome(before["RemoteAction._validate_action_result"], action, a),
         outcome(schema_checks.validate_action_result, action, a)]
        for a in answers
    ],
    "nlg": [[outcome(before["CallbackNaturalLanguageGenerator.validate_response"], c),
             outcome(schema_checks.validate_nlg_response, c)] for c in nlg],
}
print(json.dumps(result))
"""


def test_rasas_schema_checks_are_replaced_only_while_they_are_rasa_3_6_21s_and_decide_the_same() -> None:
    ran = subprocess.run(
        [str(BOT_DIR / ".venv" / "bin" / "python"), "-c", CHECK],
        cwd=BOT_DIR,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert ran.returncode == 0, ran.stderr[-3000:]
    result = json.loads(ran.stdout.strip().splitlines()[-1])
    for old, new in result["action"] + result["nlg"]:
        assert old == new
    decisions = [old[0] for old, _ in result["action"] + result["nlg"]]
    assert "ok" in decisions and "ValidationError" in decisions and "RasaException" in decisions
