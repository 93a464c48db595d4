"""Rasa's costs per turn, trimmed (issue 22): what the project replaces, copies or relies on is still Rasa 3.6.21's,
the schema checks accept and refuse exactly what Rasa's own do, and an NLG request still carries what the hub's NLG
endpoint reads. Run in the bot's environment, where Rasa is."""

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
import rasa.core.nlg.callback as callback
from components import event_types, nlg_requests, schema_checks, tracker_stores

assert rasa.__version__ == "3.6.21", rasa.__version__
for shim in (schema_checks, nlg_requests, event_types, tracker_stores):
    pinned = getattr(shim, "REPLACED", None) or shim.RELIED_ON
    for name, function in shim.ORIGINALS.items():
        digest = hashlib.sha256(inspect.getsource(function).encode()).hexdigest()
        assert digest == pinned[name], f"Rasa's {name} changed: look again at {shim.__file__}"
assert callback.nlg_request_format is nlg_requests.nlg_request_format
assert RemoteAction._validate_action_result is schema_checks.validate_action_result
assert CallbackNaturalLanguageGenerator.validate_response is schema_checks.validate_nlg_response

def outcome(check, *arguments):
    try:
        return ("ok", str(check(*arguments)))
    except (ValidationError, RasaException, ValueError) as error:
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
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
domain = Domain.load("domain")
events = [UserUttered("γεια")] * 50 + [SlotSet("language", "el")]
tracker = DialogueStateTracker.from_events("someone", events, domain.slots)
old_request = nlg_requests.ORIGINALS["nlg_request_format"]("utter_x", tracker, "rest", response_id=None, count=2)
new_request = callback.nlg_request_format("utter_x", tracker, "rest", response_id=None, count=2)
result["nlg_request"] = {
    "same_slots": old_request["tracker"]["slots"] == new_request["tracker"]["slots"],
    "same_sender": old_request["tracker"]["sender_id"] == new_request["tracker"]["sender_id"] == "someone",
    "same_rest": [old_request[k] for k in ("response", "id", "arguments", "channel")]
    == [new_request[k] for k in ("response", "id", "arguments", "channel")],
    "old_events": len(old_request["tracker"]["events"]),
    "new_events": new_request["tracker"]["events"],
    "language": new_request["tracker"]["slots"].get("language"),
}
import rasa.shared.utils.common as common
from rasa.shared.core.events import Event, SlotSet
searched = event_types.ORIGINALS["Event.resolve_by_type"]
names = sorted({cls.type_name for cls in common.all_subclasses(Event)}) + ["topic", "no_such_event"]
result["event_types"] = {
    "names": len(names),
    "same": all(outcome(searched, name) == outcome(Event.resolve_by_type, name) for name in names[:-1]),
    "unknown": [str(outcome(searched, "no_such_event")), str(outcome(Event.resolve_by_type, "no_such_event"))],
    "default": Event.resolve_by_type("no_such_event", SlotSet) is SlotSet,
}
print(json.dumps(result))
"""


def test_rasas_replaced_parts_are_still_3_6_21s_and_decide_and_send_what_they_did() -> None:
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
    request = result["nlg_request"]
    assert request["same_slots"] and request["same_sender"] and request["same_rest"] and request["language"] == "el"
    assert request["old_events"] > 50 and request["new_events"] is None
    events = result["event_types"]
    assert events["names"] > 20 and events["same"] and events["default"]
    assert events["unknown"][0] == events["unknown"][1] and "Unknown event name" in events["unknown"][0]
