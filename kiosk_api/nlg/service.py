"""Render bot responses: catalog text, knowledge content and centre facts, in the conversation's language."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kiosk_api.channel_registry import CHANNELS
from kiosk_api.config import get_settings
from kiosk_api.i18n import Translator, join_list, month_year
from kiosk_api.nlg import booking, danger, estimate, forms, telegram
from kiosk_api.nlg.parts import (
    Reply,
    at_a_shared_screen,
    button,
    contact_line,
    opening_hours_text,
    payload,
    the_centre,
    when_staff_answer,
)
from knowledge import ASPECT_INTENTS, ASPECTS, load_programmes
from knowledge.estimator import load_rules
from knowledge.loader import load_other_benefits
from multilingual.languages import LANGUAGES, is_supported

# Said once to a citizen who writes to staff out of hours (`flows.citizen_messages`).
KEPT_FOR_STAFF = "utter_kept_for_staff"
# The button under a request for a person still waiting in the queue, which the hub answers itself
# (`flows.handoffs.back_to_the_assistant`): out of hours nobody may answer for days, and the person may only have
# wanted to ask something else.
BACK_TO_THE_ASSISTANT = "hub:handoff:back"


def _programme_buttons(tr: Translator, intent: str) -> list[dict[str, str]]:
    return [
        button(programme.content[tr.language].name, payload(intent, programme=programme.id))
        for programme in load_programmes().values()
    ]


def _staff_buttons(tr: Translator) -> list[dict[str, str]]:
    _ = tr.gettext
    return [
        button(_("Book an appointment"), payload("book_appointment")),
        button(_("Talk to a person"), payload("request_human")),
    ]


def _programmes_and_staff_buttons(tr: Translator) -> list[dict[str, str]]:
    """What the assistant can do next: the programmes, a booking, a person."""
    _ = tr.gettext
    return [button(_("Welfare programmes"), payload("ask_programme")), *_staff_buttons(tr)]


def greet(tr: Translator, arguments: dict[str, Any]) -> Reply:
    """Welcome, say what the assistant does, and offer the programmes as buttons."""
    _ = tr.gettext
    text = _(
        "Hello! I am the digital assistant of {centre}. I can tell you about welfare programmes, such as food aid, "
        "the minimum income, rent help and health care, and how to apply. I can also put you in touch with our "
        "staff. What do you need?"
    ).format(centre=the_centre().content[tr.language].name)
    return {
        "text": text,
        "buttons": [
            *_programme_buttons(tr, "ask_programme"),
            button(_("Talk to a person"), payload("request_human")),
        ],
    }


def goodbye(tr: Translator, arguments: dict[str, Any]) -> Reply:
    """Say goodbye with the centre's phone number."""
    _ = tr.gettext
    return {"text": _("Goodbye, and take care. If you need us again: {contact}").format(contact=contact_line(tr))}


def you_are_welcome(tr: Translator, arguments: dict[str, Any]) -> Reply:
    """Answer thanks."""
    _ = tr.gettext
    return {"text": _("You are welcome! Is there anything else I can help you with?")}


def how_can_i_help(tr: Translator, arguments: dict[str, Any]) -> Reply:
    """Offer the main paths again."""
    _ = tr.gettext
    return {
        "text": _(
            "What else can I help you with? You can ask me about a welfare programme, book an appointment or "
            "talk to a member of staff."
        ),
        "buttons": _programmes_and_staff_buttons(tr),
    }


def _aspect_heading(tr: Translator, aspect: str, name: str) -> str:
    _ = tr.gettext
    headings = {
        "summary": _("{programme}"),
        "eligibility": _("{programme}: who can get it"),
        "amounts": _("{programme}: how much"),
        "documents": _("{programme}: documents you need"),
        "how_to_apply": _("{programme}: how to apply"),
    }
    return headings[aspect].format(programme=name)


def _aspect_button_titles(tr: Translator) -> dict[str, str]:
    _ = tr.gettext
    return {
        "summary": _("What is it?"),
        "eligibility": _("Who can get it?"),
        "amounts": _("How much?"),
        "documents": _("Which documents?"),
        "how_to_apply": _("How do I apply?"),
    }


def programme_answer(tr: Translator, arguments: dict[str, Any]) -> Reply:
    """Answer one aspect of a programme, ending with the official link, the date checked and the offer of staff."""
    _ = tr.gettext
    programmes = load_programmes()
    programme = programmes.get(arguments.get("programme"))
    aspect = arguments.get("aspect") if arguments.get("aspect") in ASPECTS else "summary"
    if programme is None:
        return which_programme(tr, {"aspect": aspect})
    content = programme.content[tr.language]
    body = getattr(content, aspect)
    if aspect == "documents":
        body = "\n".join(f"• {document}" for document in body)
    paragraphs = [_aspect_heading(tr, aspect, content.name), body]
    if aspect in content.caveats:
        paragraphs.append(_("Please note: {caveats}").format(caveats=content.caveats[aspect]))
    if programme.is_stale():
        paragraphs.append(_("This information is due for review and may be out of date. Please check it with us."))
    if programme.review_status[tr.language] == "draft":
        paragraphs.append(
            _("This translation has not yet been checked by a native speaker. If anything is unclear, ask our staff.")
        )
    paragraphs.append(
        _("Official page: {url}\nInformation checked: {date}").format(
            url=programme.official_url, date=month_year(programme.checked, tr.language)
        )
    )
    estimable = programme.id in load_rules() and aspect in ("summary", "eligibility", "amounts")
    if estimable:
        paragraphs.append(
            _(
                "Shall I estimate what your household could get? Press “Estimate what I could get”: five short "
                "questions."
            )
        )
    paragraphs.append(_("Would you like to book an appointment with the centre, or talk to a member of staff?"))
    other_aspects = [
        button(title, payload(ASPECT_INTENTS[other], programme=programme.id))
        for other, title in _aspect_button_titles(tr).items()
        if other != aspect
    ]
    estimate_offer = [button(_("Estimate what I could get"), payload("estimate_benefits"))] if estimable else []
    return {"text": "\n\n".join(paragraphs), "buttons": [*estimate_offer, *_staff_buttons(tr), *other_aspects]}


def which_programme(tr: Translator, arguments: dict[str, Any]) -> Reply:
    """Ask which programme is meant, with a button for each, keeping the aspect asked."""
    _ = tr.gettext
    aspect = arguments.get("aspect") if arguments.get("aspect") in ASPECTS else "summary"
    # A question that told of the household ("single mum, 2 kids, what help is there?") is offered the estimate.
    estimate = (
        [button(_("Estimate what I could get"), payload("estimate_benefits"))] if arguments.get("household") else []
    )
    return {
        "text": _("Which programme do you mean?"),
        # "I need help" is asked this too: a need none of the programmes names is for a person.
        "buttons": [
            *estimate,
            *_programme_buttons(tr, ASPECT_INTENTS[aspect]),
            button(_("Talk to a person"), payload("request_human")),
        ],
    }


def no_information_on(tr: Translator, arguments: dict[str, Any]) -> Reply:
    """Say the assistant has no information on a benefit that is none of the centre's programmes (the heating
    allowance), rather than answer another programme's rules and amounts; offer a person, who can say where to ask,
    and the programmes it can answer."""
    _ = tr.gettext
    asked = arguments.get("benefit")
    known = load_other_benefits()
    # One benefit, or several asked in one message ("a pension for my sister, and the heating allowance?").
    benefits = [known[name] for name in ([asked] if isinstance(asked, str) else asked or []) if name in known]
    if not benefits:
        return which_programme(tr, {})
    return {
        "text": tr.ngettext(
            "I have no information on {benefit}: it is not one of the programmes I know. A member of staff can tell "
            "you where to ask about it. I can tell you about the programmes below.",
            "I have no information on {benefit}: they are not among the programmes I know. A member of staff can tell "
            "you where to ask about them. I can tell you about the programmes below.",
            len(benefits),
        ).format(benefit=join_list([benefit.names[tr.language] for benefit in benefits], tr.language)),
        "buttons": [*_staff_buttons(tr), *_programme_buttons(tr, "ask_programme")],
    }


def _service_names(tr: Translator) -> dict[str, str]:
    _ = tr.gettext
    return {
        "social_work": _("support from a social worker"),
        "psychological_support": _("psychological support"),
        "application_help": _("help with applications for benefits"),
        "roma_mediation": _("a Roma mediator"),
        "referral": _("referral to other services"),
    }


def centre_info(tr: Translator, arguments: dict[str, Any]) -> Reply:
    """Describe the centre: name, address, phone, opening hours, services."""
    _ = tr.gettext
    centre = the_centre()
    text = centre.content[tr.language]
    names = _service_names(tr)
    lines = [
        f"{text.name} ({text.municipality})",
        _("Address: {address}").format(address=text.address),
        _("Phone: {phone}").format(phone=", ".join(centre.phones)),
        _("Opening hours: {hours}").format(hours=opening_hours_text(tr)),
    ]
    if centre.email:
        lines.append(_("Email: {email}").format(email=centre.email))
    if centre.by_appointment:
        lines.append(_("Please book an appointment before you come."))
    lines.append(text.directions)
    services = [names[service] for service in centre.services if service in names]
    if services:
        lines.append(_("We offer: {services}.").format(services=join_list(services, tr.language)))
    if centre.website:
        lines.append(centre.website)
    return {"text": "\n".join(lines), "buttons": _staff_buttons(tr)}


def request_human(tr: Translator, arguments: dict[str, Any]) -> Reply:
    """A caseworker cannot join the chat yet: say so honestly and say how to reach a person now."""
    _ = tr.gettext
    return {
        "text": _(
            "A member of staff cannot join this chat yet. You can talk to a person by phone or at the "
            "centre. {contact}"
        ).format(contact=contact_line(tr))
    }


def language_changed(tr: Translator, arguments: dict[str, Any]) -> Reply:
    """Confirm the new language, written in it."""
    _ = tr.gettext
    return {"text": _("Okay, I will write in English from now on. How can I help you?")}


def choose_language(tr: Translator, arguments: dict[str, Any]) -> Reply:
    """Offer every language, each named in itself."""
    _ = tr.gettext
    return {
        "text": _("Which language would you like?"),
        "buttons": [
            button(language.autonym, payload("change_language", language=language.code))
            for language in LANGUAGES.values()
        ],
    }


def out_of_scope(tr: Translator, arguments: dict[str, Any]) -> Reply:
    """Decline politely and say what the assistant can do."""
    _ = tr.gettext
    return {
        "text": _(
            "Sorry, I cannot help with that. I can answer questions about welfare programmes and the Community "
            "Centre, or put you in touch with our staff."
        ),
        "buttons": _programmes_and_staff_buttons(tr),
    }


def ask_rephrase(tr: Translator, arguments: dict[str, Any]) -> Reply:
    """Ask the person to say it in other words."""
    _ = tr.gettext
    return {"text": _("Sorry, I did not understand that. Could you say it in other words?")}


def offer_human(tr: Translator, arguments: dict[str, Any]) -> Reply:
    """After a second miss, offer a person or an appointment."""
    _ = tr.gettext
    return {
        "text": _("I am sorry, I still do not understand. A member of staff can help you. {contact}").format(
            contact=contact_line(tr)
        ),
        "buttons": _staff_buttons(tr),
    }


def phone_alone(tr: Translator, arguments: dict[str, Any]) -> Reply:
    """A phone number written alone, as if to be called back: the assistant calls nobody; a person or a booking can."""
    _ = tr.gettext
    return {
        "text": _(
            "I cannot call anyone, and nobody sees a number written here unless you ask for a person. To be called by "
            "a member of staff, press “Talk to a person”; or book an appointment."
        ),
        "buttons": _staff_buttons(tr),
    }


def assistant_unavailable(tr: Translator, arguments: dict[str, Any]) -> Reply:
    """Said by the hub itself when Rasa or the action server is down or slow: the message is kept, a person offered."""
    _ = tr.gettext
    return {
        "text": _(
            "Sorry, the assistant cannot answer right now. Your message has been saved. A member of staff can help "
            "you: {contact}"
        ).format(contact=contact_line(tr)),
        "buttons": _staff_buttons(tr),
    }


def _back_to_the_assistant(tr: Translator) -> list[dict[str, str]]:
    _ = tr.gettext
    return [button(_("Ask the assistant instead"), BACK_TO_THE_ASSISTANT)]


def handoff_waiting(tr: Translator, arguments: dict[str, Any]) -> Reply:
    """The citizen's request reached the staff queue: say so, their place in it, and when outside opening hours,
    when someone will answer (then not "stay here": nobody should wait at a kiosk or a phone until the morning).
    The person may go back to the assistant while nobody has answered."""
    _ = tr.gettext
    position = arguments.get("position", 1)
    if arguments.get("urgent"):
        # Asked for after telling of danger: said as urgent, and no way back to the assistant, which would not take
        # her (helper-128's retry: "You are number 2 in the queue", and "Ask the assistant instead").
        later = when_staff_answer(tr, shared_screen=at_a_shared_screen(arguments))
        if later:
            # "Call one of these numbers now" above the numbers: a screen reached later by the menu no longer shows
            # the ones given before (helper-149's retry).
            lines = danger.helplines_text(tr, danger.kinds_named(arguments))
            return {"text": f"{lines}\n\n{danger.call_the_lines_now(tr)}{later}"}
        return {"text": danger.staff_coming_urgently(tr, position)}
    buttons = _back_to_the_assistant(tr)
    if at_a_shared_screen(arguments) and (later := when_staff_answer(tr, shared_screen=True)):
        # No place in a queue nor "everything you write reaches them": the screen is cleared long before morning.
        return {"text": _("I have passed your request to the staff.") + later, "buttons": buttons}
    later = when_staff_answer(tr)
    if later:
        return {
            "text": _(
                "I have passed your request to the staff. You are number {position} in the queue, and everything you "
                "write here reaches them too."
            ).format(position=position)
            + later,
            "buttons": buttons,
        }
    return {
        "text": _(
            "I have asked a member of staff to join this conversation. You are number {position} in the queue. "
            "Please stay here: everything you write now goes to them."
        ).format(position=position),
        "buttons": buttons,
    }


def kept_for_staff(tr: Translator, arguments: dict[str, Any]) -> Reply:
    """A message written to staff out of hours: kept, and when someone will read it, with the way back to the
    assistant unless the person may be in danger (`urgent`). Nothing while the centre is staffed (the queue's notice
    said to stay)."""
    _ = tr.gettext
    later = when_staff_answer(tr, shared_screen=at_a_shared_screen(arguments))
    if not later:
        return {"text": ""}
    return {
        "text": _("Your message is kept for the staff.") + later,
        "buttons": [] if arguments.get("urgent") else _back_to_the_assistant(tr),
    }


def assistant_again(tr: Translator, arguments: dict[str, Any]) -> Reply:
    """The person left the staff queue before anyone answered: the assistant answers again."""
    _ = tr.gettext
    return {
        "text": _(
            "You are talking to the digital assistant again, and your request for a person is withdrawn. You can ask "
            "for a person at any time. How can I help?"
        ),
        "buttons": _programmes_and_staff_buttons(tr),
    }


def staying_with_staff(tr: Translator, arguments: dict[str, Any]) -> Reply:
    """The way back to the assistant was pressed after the conversation became urgent, or was taken by a
    caseworker: it stays with the staff, and the person is told so; when staff will answer, unless a caseworker
    holds it and answers now, whatever the hour."""
    _ = tr.gettext
    later = "" if arguments.get("with_staff") else when_staff_answer(tr)
    return {"text": _("Your conversation stays with the staff, who will answer you here.") + later}


def continued_on_phone(tr: Translator, arguments: dict[str, Any]) -> Reply:
    """The conversation moved from the kiosk to the person's phone (read there, and by staff)."""
    _ = tr.gettext
    return {"text": _("This conversation now continues on your phone. Nothing of it is left on the kiosk screen.")}


def staff_joined(tr: Translator, arguments: dict[str, Any]) -> Reply:
    """A caseworker took the conversation."""
    _ = tr.gettext
    return {"text": _("A member of staff has joined the conversation and will answer you here.")}


def citizen_left(tr: Translator, arguments: dict[str, Any]) -> Reply:
    """For staff: the citizen ended a conversation they hold (and asked to erase it). A kiosk's screen clears for the
    next person after a while without a touch, so a person in danger still in the lobby, waiting, is not gone."""
    _ = tr.gettext
    if arguments.get("channel") == "kiosk" and arguments.get("out_of_hours"):
        # Written at night, read in the morning: nobody should be sent to look for them in an empty lobby.
        return {
            "text": _(
                "The kiosk screen has cleared (the person pressed Finish, or nobody touched it for a while) while the "
                "centre was closed: the person is not in the centre now. They can no longer read this conversation or "
                "your replies; it will be erased when you close it."
            )
        }
    if arguments.get("channel") == "kiosk":
        return {
            "text": _(
                "The kiosk screen has cleared (the person pressed Finish, or nobody touched it for a while). They may "
                "still be in the centre: look for them near the kiosk. They can no longer read this conversation or "
                "your replies; it will be erased when you close it."
            )
        }
    return {
        "text": _(
            "The citizen ended the conversation (or the kiosk screen started again for the next person). They can no "
            "longer read it or your replies; it will be erased when you close it."
        )
    }


def citizen_went_back(tr: Translator, arguments: dict[str, Any]) -> Reply:
    """For staff: the citizen left the queue for the assistant before anyone answered."""
    _ = tr.gettext
    return {"text": _("The citizen went back to the digital assistant before anyone answered.")}


def _channel_label(tr: Translator, code: Any) -> str:
    channel = CHANNELS.get(code) if isinstance(code, str) else None
    if channel is None:
        return "—"
    return channel.label if channel.brand else tr.gettext(channel.label)


def _count(value: Any) -> int:
    # The hub's flows pass a number; anything else reaching the NLG endpoint reads as none.
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def citizen_unreachable(tr: Translator, arguments: dict[str, Any]) -> Reply:
    """For staff: the citizen's channel no longer takes what is sent to them (they blocked it, or it keeps refusing)."""
    held = _count(arguments.get("held"))
    return {
        "text": tr.ngettext(
            "{channel}: the citizen can no longer be reached here (they may have blocked the assistant); {count} "
            "message was not delivered. Reach them another way.",
            "{channel}: the citizen can no longer be reached here (they may have blocked the assistant); {count} "
            "messages were not delivered. Reach them another way.",
            held,
        ).format(channel=_channel_label(tr, arguments.get("channel")), count=held)
    }


def citizen_reachable_again(tr: Translator, arguments: dict[str, Any]) -> Reply:
    """For staff: the citizen can be reached on their channel again; what was held back is being sent."""
    resumed = _count(arguments.get("resumed"))
    return {
        "text": tr.ngettext(
            "{channel}: the citizen can be reached again; {count} message held back is being sent now.",
            "{channel}: the citizen can be reached again; {count} messages held back are being sent now.",
            resumed,
        ).format(channel=_channel_label(tr, arguments.get("channel")), count=resumed)
    }


def staff_transferred(tr: Translator, arguments: dict[str, Any]) -> Reply:
    """The caseworker passed the conversation to a colleague."""
    _ = tr.gettext
    return {"text": _("Your conversation has been passed to a colleague, who will answer you here.")}


def back_to_assistant(tr: Translator, arguments: dict[str, Any]) -> Reply:
    """Staff closed the conversation and gave it back to the assistant."""
    _ = tr.gettext
    return {
        "text": _(
            "The caseworker has closed this conversation. You are talking to the digital assistant again. How else "
            "can I help?"
        ),
        "buttons": _programmes_and_staff_buttons(tr),
    }


def handoff_closed(tr: Translator, arguments: dict[str, Any]) -> Reply:
    """Staff closed the conversation: said, so that nobody waits for an answer that will not come."""
    _ = tr.gettext
    return {
        "text": _(
            "The caseworker has closed this conversation. If you write again, the digital assistant will answer; "
            "you can ask for a person at any time."
        ),
        "buttons": _staff_buttons(tr),
    }


RENDERERS: dict[str, Callable[[Translator, dict[str, Any]], Reply]] = {
    "utter_greet": greet,
    "utter_goodbye": goodbye,
    "utter_you_are_welcome": you_are_welcome,
    "utter_how_can_i_help": how_can_i_help,
    "utter_programme_answer": programme_answer,
    "utter_ask_which_programme": which_programme,
    "utter_no_information_on": no_information_on,
    "utter_centre_info": centre_info,
    "utter_request_human": request_human,
    "utter_language_changed": language_changed,
    "utter_choose_language": choose_language,
    "utter_out_of_scope": out_of_scope,
    "utter_ask_rephrase": ask_rephrase,
    "utter_offer_human": offer_human,
    "utter_phone_alone": phone_alone,
    "utter_assistant_unavailable": assistant_unavailable,
    "utter_handoff_waiting": handoff_waiting,
    "utter_continued_on_phone": continued_on_phone,
    KEPT_FOR_STAFF: kept_for_staff,
    "utter_staff_joined": staff_joined,
    "utter_staff_transferred": staff_transferred,
    "utter_citizen_left": citizen_left,
    "utter_citizen_went_back": citizen_went_back,
    "utter_citizen_unreachable": citizen_unreachable,
    "utter_citizen_reachable_again": citizen_reachable_again,
    "utter_back_to_assistant": back_to_assistant,
    "utter_assistant_again": assistant_again,
    "utter_staying_with_staff": staying_with_staff,
    "utter_handoff_closed": handoff_closed,
    **booking.RENDERERS,
    **danger.RENDERERS,
    **estimate.RENDERERS,
    **forms.RENDERERS,
    **telegram.RENDERERS,
}


def conversation_language(slots: dict[str, Any] | None) -> str:
    """Return the language slot of a tracker, or the configured default."""
    language = (slots or {}).get("language")
    return language if is_supported(language) else get_settings().default_language


def render(*, response: str, arguments: dict[str, Any], language: str) -> Reply:
    """Render a named response in a language; an unknown name gets the rephrase request, never an error."""
    renderer = RENDERERS.get(response, ask_rephrase)
    reply = renderer(Translator(language), arguments)
    return {"text": reply["text"], "buttons": reply.get("buttons", [])}
