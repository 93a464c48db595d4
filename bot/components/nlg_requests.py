"""Rasa sends the whole tracker, every event of the session, with each request to the NLG endpoint, and serialises
it twice (once for a debug log line it builds even when debug is off). The hub's NLG endpoint reads only the slots
and the sender (`kiosk_api/nlg/views.py`, `NlgTracker`), so here the request carries the tracker's state without its
events: the same answer, at a cost that no longer grows with the conversation (issue 22).

Pinned to Rasa 3.6.21 by `tests/unit/test_rasa_schema_checks.py` (the hash of the replaced function's source, and of
`CallbackNaturalLanguageGenerator.generate`, which calls it by its module name)."""

from __future__ import annotations

from typing import Any

import rasa.core.nlg.callback as callback
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity

REPLACED = {
    "nlg_request_format": "97710670dc2f052350e16d5e756bf24af9a6d383d989b4df0c11512b1aef49a8",
    "CallbackNaturalLanguageGenerator.generate": "7ad000406175c9afab92b2bc2abd657a388a5999b0ace14e223460aebaf22a66",
}
ORIGINALS = {
    "nlg_request_format": callback.nlg_request_format,
    "CallbackNaturalLanguageGenerator.generate": callback.CallbackNaturalLanguageGenerator.generate,
}


def nlg_request_format(
    utter_action: str, tracker: DialogueStateTracker, output_channel: str, **kwargs: Any
) -> dict[str, Any]:
    """Rasa's NLG request, with the tracker's state but not its events."""
    response_id = kwargs.pop("response_id", None)
    return {
        "response": utter_action,
        "id": response_id,
        "arguments": kwargs,
        "tracker": tracker.current_state(EventVerbosity.NONE),
        "channel": {"name": output_channel},
    }


callback.nlg_request_format = nlg_request_format
