"""Rasa rebuilds its tracker from stored events at every turn, and finds each event's class by walking every
subclass of `Event` (`Event.resolve_by_type`, through `all_subclasses`): 27% of Rasa's CPU on turns 170–200 of one
conversation, in a py-spy profile (issue 22), and a cost that grows with the conversation. The classes do not change
while Rasa runs, so here the walk is done once and each name looked up: the same class for every name, the same
answers for "topic", a default and an unknown name.

Pinned to Rasa 3.6.21 by `tests/unit/test_rasa_schema_checks.py` (the hash of the replaced method's source)."""

from __future__ import annotations

from rasa.shared.core.events import Event
from rasa.shared.utils.common import all_subclasses

REPLACED = {"Event.resolve_by_type": "b5cf570fa7f286c7059ec73d8880528d03a78b28cf4e80285a46079c0fa65968"}
ORIGINALS = {"Event.resolve_by_type": Event.resolve_by_type}
_by_name: dict[str, type[Event]] = {}


def resolve_by_type(type_name: str, default: type[Event] | None = None) -> type[Event] | None:
    """Rasa's `Event.resolve_by_type`, looked up instead of searched."""
    found = _by_name.get(type_name)
    if found is None:
        # Built on the first miss (and again on a name not seen, in case a class was defined since): the first
        # subclass with a name wins, as in Rasa's search.
        _by_name.clear()
        for cls in reversed(all_subclasses(Event)):
            _by_name[cls.type_name] = cls
        found = _by_name.get(type_name)
    if found is not None:
        return found
    if type_name == "topic":
        return None  # backwards compatibility to support old TopicSet evts
    if default is not None:
        return default
    raise ValueError(f"Unknown event name '{type_name}'.")


Event.resolve_by_type = staticmethod(resolve_by_type)
