"""What every response is built from: Rasa button payloads, buttons, and when staff will answer."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from kiosk_api.centre import service as centre
from kiosk_api.channel_registry import CHANNELS
from kiosk_api.config import get_settings
from kiosk_api.i18n import Translator, day_and_time, day_name
from knowledge import Centre, load_centre
from knowledge.loader import WEEKDAYS

Reply = dict[str, Any]  # {"text": str, "buttons": [{"title": str, "payload": str}]}


def payload(intent: str, **entities: str) -> str:
    """Return a Rasa button payload that sets an intent with entities."""
    return f"/{intent}{json.dumps(entities, ensure_ascii=False)}" if entities else f"/{intent}"


def button(title: str, payload: str) -> dict[str, str]:
    """A button: its title, and what pressing it sends."""
    return {"title": title, "payload": payload}


def at_a_shared_screen(arguments: dict[str, Any]) -> bool:
    """Whether the citizen writes at a screen cleared when they leave (the kiosk), from the channel the hub passed."""
    channel = CHANNELS.get(arguments.get("channel")) if isinstance(arguments.get("channel"), str) else None
    return channel is not None and channel.shared_screen


def when_staff_answer(tr: Translator, *, shared_screen: bool = False) -> str:
    """Nothing while the centre is staffed; otherwise a sentence saying when someone will answer, or, written at a
    shared screen (the kiosk, cleared when the person leaves), when someone will read the message."""
    _ = tr.gettext
    moment = centre.now()
    if centre.is_open(at=moment):
        return ""
    opening = centre.next_opening(after=moment)
    # Hours the centre has not confirmed are the usual ones: "closed now" would state a guess as a fact.
    confirmed = centre.hours_confirmed()
    if opening is None:
        sentences = {
            (True, False): _("The centre is closed now; a member of staff will answer when it opens again."),
            (False, False): _(
                "The centre is usually closed at this time; a member of staff will answer when it opens again."
            ),
            (True, True): _("The centre is closed now; staff will read your message when it opens again."),
            (False, True): _(
                "The centre is usually closed at this time; staff will read your message when it opens again."
            ),
        }
        return " " + sentences[confirmed, shared_screen]
    sentences = {
        (True, False): _("The centre is closed now; a member of staff will answer from {when}."),
        (False, False): _("The centre is usually closed at this time; a member of staff will answer from {when}."),
        (True, True): _("The centre is closed now; staff will read your message from {when}."),
        (False, True): _("The centre is usually closed at this time; staff will read your message from {when}."),
    }
    return " " + sentences[confirmed, shared_screen].format(when=_opening_words(tr, opening, moment))


def when_the_centre_opens(tr: Translator) -> str:
    """Nothing while the centre is staffed; otherwise a sentence saying that it is closed and when it opens (for
    someone who has passed nothing to staff: not that anyone "will answer")."""
    _ = tr.gettext
    moment = centre.now()
    if centre.is_open(at=moment):
        return ""
    opening = centre.next_opening(after=moment)
    if opening is None:
        return ""
    sentence = (
        _("The centre is closed now; it opens {when}.")
        if centre.hours_confirmed()
        else _("The centre is usually closed at this time; it opens {when}.")
    )
    return " " + sentence.format(when=_opening_words(tr, opening, moment))


def _opening_words(tr: Translator, opening: dt.datetime, moment: dt.datetime) -> str:
    """ "today at 08:00" and "tomorrow at 08:00" as people say them; a later day in full."""
    _ = tr.gettext
    days_ahead = (opening.astimezone(centre.ATHENS).date() - moment.astimezone(centre.ATHENS).date()).days
    time = f"{opening.astimezone(centre.ATHENS):%H:%M}"
    if days_ahead == 0:
        return _("today at {time}").format(time=time)
    if days_ahead == 1:
        return _("tomorrow at {time}").format(time=time)
    return day_and_time(opening, tr.language)


def the_centre() -> Centre:
    """The centre this hub serves (knowledge/centres/)."""
    return load_centre(get_settings().centre_id)


def opening_hours_text(tr: Translator) -> str:
    """Write the opening hours compactly, grouping consecutive days with the same hours."""
    _ = tr.gettext
    hours = the_centre().opening_hours
    groups: list[tuple[int, int, str]] = []
    for index, day in enumerate(WEEKDAYS):
        if day not in hours:
            continue
        spans = ", ".join(f"{start:%H:%M}–{end:%H:%M}" for start, end in hours[day])
        if groups and groups[-1][1] == index - 1 and groups[-1][2] == spans:
            groups[-1] = (groups[-1][0], index, spans)
        else:
            groups.append((index, index, spans))
    if not groups:
        return _("by appointment only")
    parts = []
    for first, last, spans in groups:
        days = day_name(first, tr.language)
        if last != first:
            days = f"{days}–{day_name(last, tr.language)}"
        parts.append(f"{days} {spans}")
    written = "; ".join(parts)
    # Hours the centre has not confirmed are the usual ones, and said to be.
    return written if the_centre().hours_confirmed else _("usually {hours}").format(hours=written)


def contact_line(tr: Translator) -> str:
    """The centre's phone, hours and address in one sentence, for anyone who wants to call or come."""
    _ = tr.gettext
    place = the_centre()
    return _("Phone: {phone} ({hours}). Address: {address}.").format(
        phone=place.phone, hours=opening_hours_text(tr), address=place.content[tr.language].address
    )
