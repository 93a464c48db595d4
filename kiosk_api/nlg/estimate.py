"""The estimate form in the conversation: its five questions, what is said when an answer is not a number in range,
and the result, one message per programme and a closing one with the disclaimer and the offer of help with an
application."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kiosk_api.estimates.service import describe, disclaimer, household_of
from kiosk_api.i18n import Translator, join_list, money
from kiosk_api.nlg.parts import Reply, button, payload
from knowledge.estimator import ANSWER_LIMITS, LIKELY, UNLIKELY

APPLICATION_HELP = "application_help"


def ask_adults(tr: Translator, arguments: dict[str, Any]) -> Reply:
    """The first question, after saying what the estimate is and that the answers stay in the conversation."""
    _ = tr.gettext
    return {
        "text": _(
            "I can estimate what your household could get from the minimum income, the housing allowance and child "
            "benefit. It takes five short questions; your answers stay only in this conversation.\n\nHow many "
            "adults (18 or older) live in your household, you included?"
        ),
        "buttons": [button(str(count), str(count)) for count in range(1, 5)],
    }


def ask_children(tr: Translator, arguments: dict[str, Any]) -> Reply:
    """Children under 18."""
    _ = tr.gettext
    return {
        "text": _("How many children under 18 live with you?"),
        "buttons": [button(str(count), str(count)) for count in range(0, 5)],
    }


def ask_income(tr: Translator, arguments: dict[str, Any]) -> Reply:
    """The household's monthly income."""
    _ = tr.gettext
    return {
        "text": _(
            "How much money did your household have per month, on average over the last 6 months, in euros? Count "
            "wages, pensions and benefits of everyone. If there was none, say 0."
        ),
        "buttons": [button(_("No income"), "0")],
    }


def ask_rent(tr: Translator, arguments: dict[str, Any]) -> Reply:
    """The monthly rent, or none."""
    _ = tr.gettext
    return {
        "text": _("Do you rent your home? If so, how much is the rent per month, in euros?"),
        "buttons": [button(_("I do not pay rent"), "0")],
    }


def ask_single_parent(tr: Translator, arguments: dict[str, Any]) -> Reply:
    """Asked only of households with children."""
    _ = tr.gettext
    return {
        "text": _("Are you raising the children on your own, as a single parent?"),
        "buttons": [button(_("Yes"), payload("affirm")), button(_("No"), payload("deny"))],
    }


def invalid_number(tr: Translator, arguments: dict[str, Any]) -> Reply:
    """An answer that is not one number in range: say what is expected, in the person's language."""
    _ = tr.gettext
    counts = {
        "adults": _("Please write the number of adults, from {low} to {high}, yourself included. For example: 2."),
        "children": _("Please write the number of children, from {low} to {high}. For example: 0 or 3."),
    }
    question = arguments.get("question")
    if question in counts:
        low, high = ANSWER_LIMITS[question]
        return {"text": counts[question].format(low=low, high=high)}
    return {"text": _("Please write one amount in euros, for example 350, or 0 if there is none.")}


def programme_estimate(tr: Translator, arguments: dict[str, Any]) -> Reply:
    """One programme's estimate: the outcome, the calculation, what could not be checked, the documents and the
    source with the date checked."""
    _ = tr.gettext
    household = household_of(arguments)
    described = describe(household=household, language=tr.language) if household else []
    found = next((item for item in described if item.programme == arguments.get("programme")), None)
    if found is None:
        return {"text": _("Sorry, I could not work out the estimate. A member of staff can help you.")}
    paragraphs = [found.heading, " ".join(found.calculation)]
    if found.caveats:
        paragraphs.append(_("Not checked here:") + "\n" + "\n".join(f"• {caveat}" for caveat in found.caveats))
    if found.documents:
        paragraphs.append(_("Documents to bring:") + "\n" + "\n".join(f"• {doc}" for doc in found.documents))
    paragraphs.append(
        _("Source: {sources}\nRules checked: {date}").format(sources=" ".join(found.sources), date=found.checked)
    )
    return {"text": "\n\n".join(paragraphs)}


def closing(tr: Translator, arguments: dict[str, Any]) -> Reply:
    """The disclaimer, the total, and the offer of help with an application, which carries the answers."""
    _ = tr.gettext
    household = household_of(arguments)
    described = describe(household=household, language=tr.language) if household else []
    worth = [item for item in described if item.outcome != UNLIKELY]
    total = sum(item.monthly_amount for item in worth if item.outcome == LIKELY)
    paragraphs = [disclaimer(tr)]
    if worth:
        paragraphs.append(
            _("Worth applying for: {programmes}.").format(
                programmes=join_list([item.name for item in worth], tr.language)
            )
        )
    if total:
        # Each programme's heading says the residence it asks for, which the five questions do not.
        paragraphs.append(
            _("Together, about {amount} a month, if the conditions above are met.").format(
                amount=money(total, tr.language)
            )
        )
    if not worth:
        paragraphs.append(
            _(
                "From your answers, none of these three looks likely. A caseworker can still look at your situation: "
                "other help, such as food aid, may fit."
            )
        )
    paragraphs.append(
        _(
            "Would you like an appointment for help with an application? Your answers go with it, so the caseworker "
            "sees them."
        )
    )
    return {
        "text": "\n\n".join(paragraphs),
        "buttons": [
            button(_("Book help with an application"), payload("book_appointment", service=APPLICATION_HELP)),
            button(_("Talk to a person"), payload("request_human")),
        ],
    }


RENDERERS: dict[str, Callable[[Translator, dict[str, Any]], Reply]] = {
    "utter_ask_estimate_adults": ask_adults,
    "utter_ask_estimate_children": ask_children,
    "utter_ask_estimate_income": ask_income,
    "utter_ask_estimate_rent": ask_rent,
    "utter_ask_estimate_single_parent": ask_single_parent,
    "utter_invalid_estimate_number": invalid_number,
    "utter_estimate_programme": programme_estimate,
    "utter_estimate_closing": closing,
}
