"""What a household could get, written out for the citizen: per programme the outcome, the monthly amount, the
calculation in plain words, what could not be checked, the documents to bring and where the rule comes from. The
numbers come from knowledge/estimator.py; only the words are here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kiosk_api.i18n import Translator, money, month_year, number
from knowledge import load_programmes
from knowledge.estimator import ANSWER_LIMITS, CANNOT_TELL, LIKELY, UNLIKELY, Estimate, Household, estimate, load_rules


@dataclass(frozen=True)
class ProgrammeEstimate:
    """One programme's estimate in words."""

    programme: str
    name: str
    outcome: str
    monthly_amount: float
    heading: str
    calculation: list[str]
    caveats: list[str]
    documents: list[str]
    sources: list[str]
    checked: str


def household_of(answers: dict[str, Any]) -> Household | None:
    """The household the five answers describe, or None when one is missing or out of range."""
    try:
        adults, children = int(answers["adults"]), int(answers.get("children") or 0)
        income, rent = float(answers["monthly_income"]), float(answers.get("rent") or 0)
    except (KeyError, TypeError, ValueError):
        return None
    values = {"adults": adults, "children": children, "monthly_income": income, "rent": rent}
    if any(not low <= values[name] <= high for name, (low, high) in ANSWER_LIMITS.items()):
        return None
    return Household(
        adults=adults,
        children=children,
        monthly_income=income,
        rent=rent or None,
        single_parent=bool(answers.get("single_parent")) and children > 0,
    )


def _household_words(tr: Translator, household: Household) -> str:
    adults = tr.ngettext("{count} adult", "{count} adults", household.adults).format(count=household.adults)
    children = tr.ngettext("{count} child", "{count} children", household.children).format(count=household.children)
    return tr.gettext("{adults} and {children}").format(adults=adults, children=children)


def _members_words(tr: Translator, members: int) -> str:
    return tr.ngettext("{count} person", "{count} people", members).format(count=members)


def _step_texts(tr: Translator, household: Household) -> dict[str, Callable[[dict[str, float]], str]]:
    """How each step of a calculation is said; amounts in euros as the language writes them."""
    _ = tr.gettext

    def eur(value: float) -> str:
        return money(value, tr.language)

    # Child benefit's income categories, lettered as each language writes them (Greek Α, Β, Γ).
    categories = [_("category A"), _("category B"), _("category C")]

    return {
        "guaranteed": lambda n: _(
            "The guaranteed income for {household} is {amount} a month: {first} for the first adult, {further} for "
            "each further adult and {child} for each child."
        ).format(
            household=_household_words(tr, household),
            amount=eur(n["amount"]),
            first=eur(n["first_adult"]),
            further=eur(n["each_further_adult"]),
            child=eur(n["each_child"]),
        ),
        "capped": lambda n: _("It is never more than {cap} a month.").format(cap=eur(n["cap"])),
        "minus_income": lambda n: _(
            "Your household's income, {income} a month, is taken off. That leaves {amount} a month."
        ).format(income=eur(n["income"]), amount=eur(n["amount"])),
        "not_renting": lambda n: _("It is only for households that rent their home, and you said you do not rent."),
        "per_member": lambda n: _(
            "For {members}: {first} for the first person and {further} for each further person, {amount} a month."
        ).format(
            members=_members_words(tr, int(n["members"])),
            first=eur(n["first_member"]),
            further=eur(n["each_further_member"]),
            amount=eur(n["amount"]),
        ),
        "single_parent_oldest_child": lambda n: _(
            "In a single-parent family the oldest child counts as an adult, {adult}: {amount} a month."
        ).format(adult=eur(n["adult"]), amount=eur(n["amount"])),
        "single_parent_first_child": lambda n: _(
            "In a single-parent family the first child counts {first_child} instead: {amount} a month."
        ).format(first_child=eur(n["first_child"]), amount=eur(n["amount"])),
        "rent_limit": lambda n: _("It is never more than the rent, {rent} a month.").format(rent=eur(n["rent"])),
        "income_within_limit": lambda n: _(
            "Your household's income, about {yearly} a year, is within the limit of {limit} for your household."
        ).format(yearly=eur(n["yearly"]), limit=eur(n["limit"])),
        "income_within_reported_limit": lambda n: _(
            "Your household's income, about {yearly} a year, is within the limit reported for single-parent "
            "families, {limit} (reported, not confirmed)."
        ).format(yearly=eur(n["yearly"]), limit=eur(n["limit"])),
        "income_above_limit": lambda n: _(
            "Your household's income, about {yearly} a year, is above the limit of {limit} for your household."
        ).format(yearly=eur(n["yearly"]), limit=eur(n["limit"])),
        "no_children": lambda n: _(
            "It is only for families with children: under 18, up to 19 in secondary school, up to 24 in higher "
            "education, or of any age with a disability of at least 67%."
        ),
        "equivalised": lambda n: _(
            "The family's income, about {yearly} a year, is divided by {scale}, a weight for the members of your "
            "household. That gives {equivalised}."
        ).format(yearly=eur(n["yearly"]), scale=number(n["scale"], tr.language), equivalised=eur(n["equivalised"])),
        "per_child": lambda n: _(
            "That is {category}, up to {up_to}: {first} a month for each of the first two children and {further} "
            "for each further child, {amount} a month in all."
        ).format(
            category=categories[int(n["category"])],
            up_to=eur(n["up_to"]),
            first=eur(n["first_two_children"]),
            further=eur(n["each_further_child"]),
            amount=eur(n["amount"]),
        ),
        "other_adults_not_in_scale": lambda n: _(
            "Only parents and children are in the weight, and only their income counts. The estimate used the whole "
            "household's income, so if other adults earn part of it, a caseworker can work out a higher amount."
        ),
        "equivalised_above_limit": lambda n: _("That is above the highest limit, {limit}.").format(
            limit=eur(n["limit"])
        ),
    }


def caveat_texts(tr: Translator) -> dict[str, str]:
    """What each caveat code of the rules (knowledge/estimates) says: a condition the estimate could not check."""
    _ = tr.gettext
    return {
        "legal_residence": _(
            "Every member must live in Greece legally and permanently; adults from abroad need a valid residence "
            "permit, or proof that its renewal was filed."
        ),
        "assets_unconfirmed": _("There are reported, but unconfirmed, limits on property, vehicles and savings."),
        "student_alone": _("Students up to the age of 25 cannot apply as a household of one."),
        "electronic_lease": _("The lease must be declared electronically and valid for the whole period."),
        "electricity_contract": _("The electricity contract must be in the name of a member of the household."),
        "residence_unconfirmed": _("It is reported, but not confirmed, that 5 years of legal residence are needed."),
        "property_unconfirmed": _("It is reported, but not confirmed, that there is a limit on property."),
        "unprotected_children": _(
            "If the first child is an orphan, it counts as much as in a single-parent family; a caseworker can check."
        ),
        "single_parent_limit_reported": _(
            "The higher income limit for single-parent families is reported, but not confirmed; a caseworker can "
            "check."
        ),
        "yearly_income": _(
            "The limits count last year's declared income, without some benefits; the estimate used what you said "
            "about the last 6 months."
        ),
        "school_attendance": _("The children must attend compulsory school."),
        "child_ages": _(
            "Children up to 19 in secondary school, up to 24 in higher education, or of any age with a disability of "
            "at least 67%, count too; if one lives with you, a caseworker can add them."
        ),
        "single_parent_with_other_adults": _(
            "You are raising the children alone, but another adult lives with you, so the single-parent amounts are "
            "not counted here; a caseworker can check whether they apply to you."
        ),
        "residence_five_years": _(
            "You must have lived in Greece legally and permanently for the 5 years before the year you apply."
        ),
    }


def residence_condition(tr: Translator, code: str) -> str | None:
    """The residence a programme asks for, which the five questions do not: said in the heading of a likely
    programme, not only among what is not checked (a refugee mother read "likely, about €280" for child benefit, and
    five years of legal residence far below it)."""
    _ = tr.gettext
    return {
        "residence_five_years": _("if you have lived in Greece legally and permanently for the last 5 years"),
        "legal_residence": _("if everyone in the household lives in Greece legally"),
    }.get(code)


def _heading(tr: Translator, name: str, found: Estimate) -> str:
    _ = tr.gettext
    if found.outcome == LIKELY:
        amount = money(found.monthly_amount, tr.language)
        condition = next(filter(None, (residence_condition(tr, code) for code in found.caveats)), None)
        if condition:
            return _("{programme}: you are likely to be eligible, for about {amount} a month, {condition}.").format(
                programme=name, amount=amount, condition=condition
            )
        return _("{programme}: you are likely to be eligible, for about {amount} a month.").format(
            programme=name, amount=amount
        )
    if found.outcome == CANNOT_TELL:
        return _("{programme}: a caseworker needs to look at this. Your answers are close to the limit.").format(
            programme=name
        )
    return _("{programme}: from your answers, you are not likely to be eligible.").format(programme=name)


def describe(*, household: Household, language: str) -> list[ProgrammeEstimate]:
    """Every programme's estimate for a household, written out in a language."""
    tr = Translator(language)
    steps, caveats = _step_texts(tr, household), caveat_texts(tr)
    programmes, rules = load_programmes(), load_rules()
    described = []
    for found in estimate(household):
        content = programmes[found.programme].content[language]
        described.append(
            ProgrammeEstimate(
                programme=found.programme,
                name=content.name,
                outcome=found.outcome,
                monthly_amount=found.monthly_amount,
                heading=_heading(tr, content.name, found),
                calculation=[steps[name](numbers) for name, numbers in found.steps],
                caveats=[caveats[code] for code in found.caveats],
                documents=list(content.documents) if found.outcome != UNLIKELY else [],
                sources=list(rules[found.programme]["sources"]),
                checked=month_year(found.checked, language),
            )
        )
    return described


def disclaimer(tr: Translator) -> str:
    """Said with every estimate."""
    return tr.gettext(
        "This is an estimate, not a decision. Only the authority that pays the benefit decides, after you apply."
    )


def answers_summary(household: Household) -> dict[str, Any]:
    """The answers as they go into a booking's details, for the caseworker."""
    return {
        "adults": household.adults,
        "children": household.children,
        "monthly_income": household.monthly_income,
        "rent": household.rent or 0,
        "single_parent": household.single_parent,
    }
