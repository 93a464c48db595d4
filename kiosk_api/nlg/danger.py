"""What a person is told when a message may signal danger: the helplines that fit the danger, first, then either
that a caseworker is coming urgently or the question whether someone is in danger right now."""

from __future__ import annotations

from typing import Any

from kiosk_api.i18n import Translator
from kiosk_api.nlg.parts import (
    Reply,
    at_a_shared_screen,
    button,
    contact_line,
    payload,
    when_staff_answer,
    when_the_centre_opens,
)
from knowledge.loader import DANGER_CATEGORIES, load_helplines

# The payloads of the danger question's buttons, which the hub answers itself (see kiosk_api/danger/service.py).
IN_DANGER = "hub:danger:yes:"
NOT_IN_DANGER = "hub:danger:no:"
# A typed "why do you ask?" under the question: the hub answers it with why, and the question again.
WHY_ASKED = "hub:danger:why"


def _line_names(tr: Translator) -> dict[str, str]:
    _ = tr.gettext
    return {
        "emergency": _("emergency number: police, ambulance, fire, in many languages"),
        "police": _("police"),
        "ambulance": _("ambulance (EKAB)"),
        "suicide_prevention": _("suicide prevention line (Klimaka)"),
        "psychosocial_support": _("psychological support line"),
        "children_sos": _("SOS line for children (The Smile of the Child)"),
        "children_europe": _("helpline for children and young people"),
        "women_sos": _("SOS line for women facing violence"),
        "social_emergency": _("social emergencies and homelessness (EKKA)"),
        "anti_trafficking": _("line for victims of trafficking and forced labour"),
    }


def _opening(tr: Translator, category: str) -> str:
    _ = tr.gettext
    return {
        "suicide": _(
            "If you or someone near you is thinking of suicide or of self-harm, please call now: someone will "
            "listen, day and night."
        ),
        "violence": _("If you are not safe at home or someone is hurting you, call now, day and night:"),
        "child": _("If a child is in danger, call now, day and night:"),
        "medical": _("If someone is seriously ill or hurt, call an ambulance now:"),
        "threat": _("If someone is threatening your life or safety, call the police now:"),
        "homeless": _("If you have nowhere safe to sleep tonight, call now, day and night:"),
        "trafficking": _(
            "If someone keeps your papers, makes you work without pay or does not let you leave, call now, day "
            "and night:"
        ),
    }[category]


def kinds_named(arguments: dict[str, Any]) -> list[str]:
    """The kinds of danger named in a response's arguments ("violence+homeless"), likeliest first; any unknown kind
    is dropped, and with none left, a medical emergency's lines (166 and 112) stand for any danger."""
    kinds = [kind for kind in str(arguments.get("categories") or arguments.get("category") or "").split("+")]
    return [kind for kind in kinds if kind in DANGER_CATEGORIES] or ["medical"]


def _lines(kinds: list[str]) -> list[str]:
    """The helplines of every kind named, the most fitting first and none twice."""
    helplines = load_helplines()
    return list(dict.fromkeys(line for kind in kinds for line in helplines.by_danger[kind]))


def _writing(tr: Translator, kinds: list[str]) -> list[str]:
    """Someone who cannot talk on the phone (the man who hurts her is beside her) can write to a line that reads
    e-mail: where, for each such line of the kinds named."""
    helplines, names = load_helplines(), _line_names(tr)
    return [
        tr.gettext("If you cannot talk on the phone, write to the {line}: {email}").format(
            line=names[line], email=helplines.lines[line].email
        )
        for line in _lines(kinds)
        if helplines.lines[line].email
    ]


def helplines_text(tr: Translator, kinds: list[str]) -> str:
    """For each kind of danger named, the likeliest first, its opening line and the helplines not given above it, one
    a line; then where to write for whoever cannot talk on the phone. (With one opening line for all, a beating and
    no bed tonight read "If you have nowhere safe to sleep tonight" above the police: an independent try.)"""
    helplines, names = load_helplines(), _line_names(tr)
    given: list[str] = []
    text = []
    for kind in kinds:
        new = [line for line in _lines([kind]) if line not in given]
        if new or not given:
            text += [_opening(tr, kind), *(f"{helplines.lines[line].number} — {names[line]}" for line in new)]
            given += new
    return "\n".join([*text, *_writing(tr, kinds)])


def urgent_help(tr: Translator, arguments: dict[str, Any]) -> Reply:
    """Someone is clearly in danger: the helplines that fit, and a caseworker on the way, urgently. While the centre
    is closed nobody is on the way: then not "stay here" but "call one of these numbers now", and when staff will
    read the message."""
    _ = tr.gettext
    helplines = helplines_text(tr, kinds_named(arguments))
    if arguments.get("with_staff"):
        return {"text": helplines}  # a caseworker holds the conversation and answers her there
    # At the kiosk, cleared when she leaves, staff will read the message, and cannot answer her there.
    later = when_staff_answer(tr, shared_screen=at_a_shared_screen(arguments))
    writing = _writing(tr, kinds_named(arguments))
    if later and arguments.get("cannot_phone"):
        # She said she cannot talk on the phone: where to write, not the same numbers to call again; where no line of
        # the kind reads writing (suicide: an independent try, a man on a bridge), to write here, and what else to do.
        if not writing:
            writing = [
                _(
                    "You can keep writing here. If you are in danger right now and cannot call, ask someone near you "
                    "to call 112 for you."
                )
            ]
        return {"text": "\n".join(writing) + "\n\n" + _("Your message is kept for the staff.") + later}
    if later:
        call_now = call_the_lines_now(tr)
        if arguments.get("asks_to_come"):
            # "Can I come tomorrow after school?" (an independent try: a 16-year-old got the same numbers again).
            come = _(
                "You can come to the centre when it is open: at the front desk, ask for a social worker and say that "
                "you wrote to us here. {contact}"
            ).format(contact=contact_line(tr))
            return {"text": f"{helplines}\n\n{call_now}{later}\n\n{come}"}
        return {"text": f"{helplines}\n\n{call_now}{later}"}
    return {"text": f"{helplines}\n\n{staff_coming_urgently(tr, arguments.get('position', 1))}"}


def call_the_lines_now(tr: Translator) -> str:
    """Out of hours, to someone who may be in danger: nobody is coming, the lines given are to be called now."""
    return tr.gettext(
        "Nobody from the centre can answer you right now: please call one of these numbers now, or 112 in an "
        "emergency. Your message is kept for the staff."
    )


def staff_coming_urgently(tr: Translator, position: int) -> str:
    """While the centre is staffed, to someone who may be in danger: a caseworker is called urgently."""
    return tr.gettext(
        "I have asked a member of staff to join this conversation urgently; you are number {position} in the queue. "
        "Please stay here: everything you write now goes to them."
    ).format(position=position)


def danger_check(tr: Translator, arguments: dict[str, Any]) -> Reply:
    """Someone may be in danger: the helplines that fit, and the question, with Yes and No."""
    return {
        "text": f"{helplines_text(tr, kinds_named(arguments))}\n\n{_the_question(tr)}",
        "buttons": _yes_and_no(tr, arguments),
    }


def danger_why(tr: Translator, arguments: dict[str, Any]) -> Reply:
    """The person asked why they were asked: why (without the helplines again, just above), and the question again."""
    _ = tr.gettext
    why = _(
        "I asked because of something you wrote: words like these sometimes mean that someone is not safe, and then "
        "I make sure a person helps at once. If I misunderstood, press No and we carry on."
    )
    return {
        "text": f"{why}\n\n{_the_question(tr)}",
        "buttons": _yes_and_no(tr, arguments),
    }


def _the_question(tr: Translator) -> str:
    return tr.gettext("Are you or someone near you in danger right now?")


def _yes_and_no(tr: Translator, arguments: dict[str, Any]) -> list[dict[str, str]]:
    _ = tr.gettext
    return [
        button(_("Yes, we need help now"), f"{IN_DANGER}{'+'.join(kinds_named(arguments))}"),
        button(_("No, nobody is in danger"), f"{NOT_IN_DANGER}{arguments.get('message_id', '')}"),
    ]


def not_in_danger(tr: Translator, arguments: dict[str, Any]) -> Reply:
    """The person said nobody is in danger: thank them, and keep the way to a person open (while the centre is closed,
    a time booked, and when staff answer); no buttons while staff are asked for already."""
    _ = tr.gettext
    closed = when_the_centre_opens(tr)
    if closed:  # nobody is at the centre now: not "here for you"
        text = (
            _(
                "Thank you for telling me. If you would like to talk to someone, you can book a time with our staff "
                "or our psychologist, and the numbers above answer day and night."
            )
            + closed
        )
    else:
        text = _(
            "Thank you for telling me. If you would like to talk to someone, our staff and our psychologist are here "
            "for you, and the numbers above answer day and night."
        )
    if arguments.get("with_staff"):
        return {"text": text}  # waiting for staff, or with them: a person is asked for already (helper-138's try)
    return {
        "text": text,
        "buttons": [
            button(_("Talk to a person"), payload("request_human")),
            button(_("Book an appointment"), payload("book_appointment")),
        ],
    }


RENDERERS = {
    "utter_urgent_help": urgent_help,
    "utter_danger_check": danger_check,
    "utter_danger_why": danger_why,
    "utter_not_in_danger": not_in_danger,
}
