"""Tracker stores whose turn costs do not grow with the conversation (issue 22).

Rasa rebuilds the whole tracker of a conversation session at every turn, featurises all of it for its policies,
sends all of it to the action server and writes all of it back: a turn late in a long Telegram chat cost six times
one early on. Nothing here needs the distant past: the rules match the last few turns of a conversation, the
memoization policy has no stories to remember, and the actions look back one or two messages, plus the programme
being discussed and the form set aside, which the slots and the last form carry.

So these stores hand Rasa a *view* of the session: the state where the view begins (every slot that has been set,
as `SlotSet` events, and the last form the conversation was in, activated and left, as the actions look for it)
followed by the last `KEEP_TURNS` to `CUT_AFTER` turns. Every event is still stored, and `retrieve_full_tracker`
(behind the HTTP API's `GET /conversations/{id}/tracker`) still returns all of them. After a save leaves more than
`CUT_AFTER` turns in the view, it moves the view's start forward to the `action_listen` before the last `KEEP_TURNS`
turns, but only at a point where no form is running, nothing is paused and no follow-up action is due, so the rewinds
and loops of Rasa's `applied_events` never reach past it.

`BoundedInMemoryTrackerStore` is the development and test stack's store (bot/endpoints.yml);
`BoundedSQLTrackerStore` is production's (bot/endpoints.production.yml), keeping where each view begins in a table
of its own beside Rasa's events. A tracker that did not come from a view (a new conversation, or events replaced
through the HTTP API) is stored the way Rasa stores it, and its view starts afresh.

That a conversation goes the same with and without the view is tested in `tests/system/test_tracker_views.py`: the same
long conversation (programme questions and follow-ups, forms set aside and resumed, misunderstandings in a row,
four languages) through Rasa's own store and through these, every answer compared. `bench/long_session.py` measures
the turn costs."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import InMemoryTrackerStore, SQLTrackerStore
from rasa.shared.core.constants import ACTION_LISTEN_NAME, ACTION_SESSION_START_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, ActiveLoop, Event, SlotSet, UserUttered, deserialise_events
from rasa.shared.core.trackers import DialogueStateTracker, get_trackers_for_conversation_sessions

from components import AS_SHIPPED

logger = logging.getLogger(__name__)

# Rasa 3.6.21's code that the views copy (how the stores read and write a session) or whose reach they are safe
# within (how far back Rasa's rewinds, loops and states look): tests/unit/test_rasa_schema_checks.py fails if any
# changes.
RELIED_ON = {
    "SQLTrackerStore._event_query": "cd44f7901b860bfd598a813bde17d0d5b0d7bab129feaf76bb2dca87d628625b",
    "SQLTrackerStore._retrieve": "c8adbf6f4b61ddd1124690944ebdf2ebc82d0723bd07c6704caab0b80120a0ef",
    "SQLTrackerStore.save": "57165e46eab3de0866e77f03df0bf7fd5eac2c1de617ed431b934c9a4edfeef6",
    "InMemoryTrackerStore._retrieve": "1013b39d45f762fe3087be6cd91ae583fd70b0555368ad48591ada92296f4d8b",
    "get_trackers_for_conversation_sessions": "95313db4e1291bcb0de549d16e4498c2c66fb1f442ec0a576fc67f4b241a8819",
    "DialogueStateTracker.applied_events": "764d5065ea9997d613c1984d9357370f9ae32d31ca21346086f16c54f0487aae",
    "DialogueStateTracker._first_loop_execution_or_unhappy_path": (
        "b67fe33e30d9b68cfde38e3de0027a26a599eb5bba14e4109830301285a06ce2"
    ),
    "Domain.states_for_tracker_history": "035111ce73ac90ba50e143abf556f924af07d9f452893f5a96a62895d44df8b7",
}
ORIGINALS = {
    "SQLTrackerStore._event_query": SQLTrackerStore._event_query,
    "SQLTrackerStore._retrieve": SQLTrackerStore._retrieve,
    "SQLTrackerStore.save": SQLTrackerStore.save,
    "InMemoryTrackerStore._retrieve": InMemoryTrackerStore._retrieve,
    "get_trackers_for_conversation_sessions": get_trackers_for_conversation_sessions,
    "DialogueStateTracker.applied_events": DialogueStateTracker.applied_events,
    "DialogueStateTracker._first_loop_execution_or_unhappy_path": (
        DialogueStateTracker._first_loop_execution_or_unhappy_path
    ),
    "Domain.states_for_tracker_history": Domain.states_for_tracker_history,
}

# Turns (user messages) a view keeps when its start moves, and how many it may hold before it moves: a turn costs
# what one with 8 to 16 turns of history costs, about what the first twenty turns of a conversation cost.
KEEP_TURNS = 8
CUT_AFTER = 16
# Rasa splits a conversation into sessions at this action (`get_trackers_for_conversation_sessions`) and hands out
# the latest; a view never begins before it.
SESSION = ACTION_SESSION_START_NAME


@dataclass(frozen=True)
class ViewStart:
    """The state of the conversation where a view begins: the slots that have been set, and the last form the
    conversation was in (`actions.forms.form_set_aside` looks for it)."""

    slots: dict[str, Any] = field(default_factory=dict)
    form: str | None = None

    def events(self, timestamp: float | None) -> list[Event]:
        """The events that recreate this state at the head of a view."""
        events: list[Event] = [SlotSet(name, value, timestamp=timestamp) for name, value in self.slots.items()]
        if self.form:
            events += [ActiveLoop(self.form, timestamp=timestamp), ActiveLoop(None, timestamp=timestamp)]
        return events

    def to_json(self) -> str:
        return json.dumps({"slots": self.slots, "form": self.form})

    @classmethod
    def from_json(cls, text: str | None) -> ViewStart:
        stored = json.loads(text) if text else {}
        return cls(slots=stored.get("slots", {}), form=stored.get("form"))


@dataclass(frozen=True)
class Cut:
    """Where a view's start moves to: the index, in the tracker's events, of the `action_listen` the new view begins
    with, and the state there."""

    index: int
    start: ViewStart


def view_tracker(
    sender_id: str, start: ViewStart | None, events: list[dict[str, Any]], domain: Domain
) -> DialogueStateTracker:
    """A tracker of the view: the state at its start, then its events. It remembers how many events it was built
    with (`view_events`), so that saving it stores only what was added."""
    stored = deserialise_events(events)
    head = start.events(stored[0].timestamp if stored else None) if start else []
    tracker = DialogueStateTracker.from_events(sender_id, head + stored, domain.slots)
    tracker.view_head = len(head)
    tracker.view_events = len(head) + len(stored)
    return tracker


def added_events(tracker: DialogueStateTracker) -> list[Event] | None:
    """The events added to a view since it was built; None for a tracker that is not a view."""
    built = getattr(tracker, "view_events", None)
    if built is None:
        return None
    return list(tracker.events)[built:]


def cut(tracker: DialogueStateTracker) -> Cut | None:
    """Where the start of a view just saved should move to, if it holds more than CUT_AFTER turns and a safe point
    is found; never across a session's start (Rasa hands out the latest session only)."""
    events = list(tracker.events)
    head = getattr(tracker, "view_head", 0)
    users = [index for index in range(head, len(events)) if isinstance(events[index], UserUttered)]
    if len(users) <= CUT_AFTER:
        return None
    session_start = max((index for index in range(head, len(events)) if _is_action(events[index], SESSION)), default=0)
    index = users[-KEEP_TURNS]
    while index > head and not _is_action(events[index], ACTION_LISTEN_NAME):
        index -= 1
    if index <= max(head, session_start):
        return None
    before = DialogueStateTracker.from_events(tracker.sender_id, events[:index], tracker.slots.values())
    if before.active_loop_name or before.is_paused() or before.followup_action:
        return None  # inside a form or a handoff: a later save tries again
    # The view's head holds the last form before it, so this finds it even when it is older than the view.
    forms = (event.name for event in reversed(events[:index]) if isinstance(event, ActiveLoop) and event.name)
    form = next(forms, None)
    slots = {name: slot.value for name, slot in before.slots.items() if slot.has_been_set}
    return Cut(index=index, start=ViewStart(slots=slots, form=form))


def log_views(store: object) -> None:
    # Rasa falls back to its in-memory store, with only a warning, when a configured store cannot be loaded: this
    # line says that this one was (tests/system/test_tracker_views.py looks for it).
    logger.info(
        "%s: conversations are handed to Rasa as views of their last %d to %d turns",
        type(store).__name__,
        KEEP_TURNS,
        CUT_AFTER,
    )


def _is_action(event: Event, name: str) -> bool:
    return isinstance(event, ActionExecuted) and event.action_name == name


def _is_session_start(event: dict[str, Any]) -> bool:
    """Whether a serialised event begins a session."""
    return event.get("event") == ActionExecuted.type_name and event.get("name") == SESSION


@dataclass
class _Conversation:
    """What the in-memory store holds of one conversation: every event (serialised, as Rasa's in-memory store
    keeps them), where the latest session and the view begin, and the state where the view begins."""

    events: list[str] = field(default_factory=list)
    session_from: int = 0
    view_from: int = 0
    start: ViewStart | None = None

    def view(self) -> tuple[int, ViewStart | None]:
        """Where the view handed out begins, and its state there (none if a session began since)."""
        if self.session_from > self.view_from:
            return self.session_from, None
        return self.view_from, self.start


class BoundedInMemoryTrackerStore(InMemoryTrackerStore):
    """Rasa's in-memory store, handing out views (see the module's docstring)."""

    def __init__(self, domain: Domain, event_broker: Any = None, **kwargs: Any) -> None:
        super().__init__(domain, event_broker, **kwargs)
        self.conversations: dict[str, _Conversation] = {}
        log_views(self)

    async def save(self, tracker: DialogueStateTracker) -> None:
        await self.stream_events(tracker)
        conversation = self.conversations.get(tracker.sender_id)
        added = added_events(tracker)
        replaced = conversation is None or added is None
        if replaced:
            # A new conversation, or its events replaced: stored whole, the way Rasa's store does.
            conversation = _Conversation()
            self.conversations[tracker.sender_id] = conversation
            added = list(tracker.events)
        began, _ = conversation.view()
        for event in added:
            serialised = event.as_dict()
            if _is_session_start(serialised):
                conversation.session_from = len(conversation.events)
            conversation.events.append(json.dumps(serialised))
        moved = None if replaced else cut(tracker)
        if moved is not None:
            conversation.view_from = began + moved.index - tracker.view_head
            conversation.start = moved.start

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        conversation = self.conversations.get(sender_id)
        if conversation is None:
            return None
        began, start = conversation.view()
        events = [json.loads(text) for text in conversation.events[began:]]
        return view_tracker(sender_id, start, events, self.domain)

    async def retrieve_full_tracker(self, sender_id: str) -> DialogueStateTracker | None:
        conversation = self.conversations.get(sender_id)
        if conversation is None:
            return None
        events = [json.loads(text) for text in conversation.events]
        return DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)

    async def keys(self) -> list[str]:
        return list(self.conversations)


class SQLTrackerView(SQLTrackerStore.Base):
    """Where a conversation's view begins in Rasa's `events` table (rows with a greater id are in it), and the
    state there. Created with Rasa's own table."""

    __tablename__ = "tracker_views"

    sender_id = sa.Column(sa.String(255), primary_key=True)
    after_event_id = sa.Column(sa.Integer, nullable=False)
    start = sa.Column(sa.Text, nullable=False)


class BoundedSQLTrackerStore(SQLTrackerStore):
    """Rasa's SQL store, handing out views (see the module's docstring). Every event is stored as Rasa stores it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        log_views(self)

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        with self.session_scope() as session:
            view = session.get(SQLTrackerView, sender_id)
            query = self._event_query(session, sender_id, fetch_events_from_all_sessions=False)
            if view is not None:
                query = query.filter(self.SQLEvent.id > view.after_event_id)
            rows = query.all()
            if not rows:
                return None
            events = [json.loads(row.data) for row in rows]
            # A session begun since the view's start is all there is.
            fresh = view is None or any(_is_session_start(event) for event in events)
            tracker = view_tracker(sender_id, None if fresh else ViewStart.from_json(view.start), events, self.domain)
            tracker.view_row_ids = [row.id for row in rows]
            return tracker

    async def save(self, tracker: DialogueStateTracker) -> None:
        added = added_events(tracker)
        if added is None:
            await super().save(tracker)
            with self.session_scope() as session:
                session.query(SQLTrackerView).filter(SQLTrackerView.sender_id == tracker.sender_id).delete()
                session.commit()
            return
        await self.stream_events(tracker)
        with self.session_scope() as session:
            rows = [self._row(tracker.sender_id, event) for event in added]
            session.add_all(rows)
            session.flush()
            moved = cut(tracker)
            if moved is not None:
                row_ids = tracker.view_row_ids + [row.id for row in rows]
                after = row_ids[moved.index - tracker.view_head] - 1
                session.merge(
                    SQLTrackerView(sender_id=tracker.sender_id, after_event_id=after, start=moved.start.to_json())
                )
            session.commit()

    def _row(self, sender_id: str, event: Event) -> Any:
        """An event as Rasa's SQL store writes it."""
        data = event.as_dict()
        return self.SQLEvent(
            sender_id=sender_id,
            type_name=event.type_name,
            timestamp=data.get("timestamp"),
            intent_name=data.get("parse_data", {}).get("intent", {}).get("name"),
            action_name=data.get("name"),
            data=json.dumps(data),
        )


if AS_SHIPPED:
    # Rasa's own stores, for a benchmark of Rasa as shipped (see components/__init__.py).
    BoundedInMemoryTrackerStore = InMemoryTrackerStore  # type: ignore[misc]
    BoundedSQLTrackerStore = SQLTrackerStore  # type: ignore[misc]
