"""Rasa checks each answer of the action server and of the NLG endpoint against a JSON schema, with
`jsonschema.validate`, which first checks the schema itself against the draft 2020-12 meta-schema, on every call.
The schemas are constants of Rasa's code, so here each is checked once and answers are validated with a ready
validator: the same checks, the same errors.

Measured (issue 22): a py-spy profile of Rasa gave 55% of its CPU per turn to these checks; one call took 18.9 ms
for an action server's answer and 2.2 ms for an NLG answer, and 0.29 ms and 0.03 ms with a ready validator
(`bench/rasa_calls.py`). The project does not fork Rasa: this module replaces two of its methods when the custom
components are imported, and `tests/unit/test_rasa_schema_checks.py` fails loudly if those methods change (pinned to
Rasa 3.6.21 by the hash of their source)."""

from __future__ import annotations

from functools import cache
from typing import Any

from jsonschema import ValidationError, validators
from rasa.core.actions.action import DOCS_BASE_URL, RemoteAction
from rasa.core.nlg.callback import CallbackNaturalLanguageGenerator, nlg_response_format_spec
from rasa.shared.exceptions import RasaException

# The source of the methods replaced, as Rasa 3.6.21 ships them (sha256 of `inspect.getsource`).
REPLACED = {
    "RemoteAction._validate_action_result": "f8cdb4be6812396167ced74161b2ccd65c5ea676ad86d7d359d8c322d9d8dc42",
    "CallbackNaturalLanguageGenerator.validate_response": (
        "031526bb7d8d418fbdbffa620c8cb6b5509debd45424323584180a127f094aa9"
    ),
}
ORIGINALS = {
    "RemoteAction._validate_action_result": RemoteAction._validate_action_result,
    "CallbackNaturalLanguageGenerator.validate_response": CallbackNaturalLanguageGenerator.validate_response,
}


@cache
def _action_validator() -> Any:
    schema = RemoteAction.action_response_format_spec()
    cls = validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


@cache
def _nlg_validator() -> Any:
    schema = nlg_response_format_spec()
    cls = validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    """Rasa's `RemoteAction._validate_action_result`, with the schema checked once."""
    try:
        _action_validator().validate(result)
        return True
    except ValidationError as e:
        e.message += (
            f". Failed to validate Action server response from API, "
            f"make sure your response from the Action endpoint is valid. "
            f"For more information about the format visit "
            f"{DOCS_BASE_URL}/custom-actions"
        )
        raise e


def validate_nlg_response(content: dict[str, Any] | None) -> bool:
    """Rasa's `CallbackNaturalLanguageGenerator.validate_response`, with the schema checked once."""
    try:
        if content is None or content == "":
            return True  # the endpoint did not want to respond with anything
        _nlg_validator().validate(content)
        return True
    except ValidationError as e:
        raise RasaException(
            f"{e.message}. Failed to validate NLG response from API, make sure "
            f"your response from the NLG endpoint is valid. "
            f"For more information about the format please consult the "
            f"`nlg_response_format_spec` function from this same module: "
            f"https://github.com/RasaHQ/rasa/blob/main/rasa/core/nlg/callback.py"
        ) from e


RemoteAction._validate_action_result = validate_action_result
CallbackNaturalLanguageGenerator.validate_response = staticmethod(validate_nlg_response)
