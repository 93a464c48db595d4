"""What a household could get: minimum income, housing allowance and child benefit, estimated from the rules in
knowledge/estimates/ (amounts, caps and limits are data, reviewed like any other). Standard library only: the hub
and the bot's actions both use it. Every result carries its calculation as numbered steps, for the text of the
answer, and the conditions it could not check, as caveats."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from knowledge.loader import KNOWLEDGE_DIR, KnowledgeError

ESTIMATES_DIR = KNOWLEDGE_DIR / "estimates"
LIKELY, UNLIKELY, CANNOT_TELL = "likely", "unlikely", "cannot_tell"
# What the five questions accept, in the conversation and at the kiosk alike: wide enough for any real household,
# narrow enough to catch a slip of the finger.
ANSWER_LIMITS = {"adults": (1, 20), "children": (0, 20), "monthly_income": (0, 100_000), "rent": (0, 10_000)}
# What a caveat's `when` may test: a Household field, or a least number of children.
CAVEAT_WHEN = {"adults", "children", "single_parent", "min_children", "min_adults", "renting", "lone_parent_alone"}
_YEAR_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True)
class Household:
    """The five answers."""

    adults: int
    children: int
    monthly_income: float  # the household's average monthly income over the last 6 months
    rent: float | None  # monthly rent, None when not renting
    single_parent: bool

    @property
    def members(self) -> int:
        return self.adults + self.children

    @property
    def renting(self) -> bool:
        return bool(self.rent)

    @property
    def lone_parent_alone(self) -> bool:
        """A household made up only of a single-parent family: one adult and the children."""
        return self.single_parent and self.adults == 1 and self.children > 0


@dataclass(frozen=True)
class Estimate:
    """One programme's estimate: likely, unlikely or cannot tell without a caseworker; the monthly amount, how it was
    reached, and what could not be checked."""

    programme: str
    outcome: str
    monthly_amount: float
    steps: list[tuple[str, dict[str, float]]] = field(default_factory=list)
    caveats: list[str] = field(default_factory=list)
    checked: dt.date | None = None


def _year_month(path: Path, value: Any, name: str) -> dt.date:
    match = _YEAR_MONTH.match(str(value))
    if not match:
        raise KnowledgeError(path, name, "must be YYYY-MM")
    return dt.date(int(match.group(1)), int(match.group(2)), 1)


@cache
def load_rules(directory: Path = ESTIMATES_DIR) -> dict[str, dict[str, Any]]:
    """The estimate rules, by programme id, checked for the fields each kind of rule needs."""
    needs = {
        "top_up": ("guaranteed",),
        "per_member": ("amount", "yearly_income_limit"),
        "equivalised_categories": ("scale", "categories"),
    }
    rules = {}
    for path in sorted(directory.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or data.get("rule") not in needs:
            raise KnowledgeError(path, "rule", f"must be one of {', '.join(needs)}")
        for name in ("programme", "sources", "checked", "review_by", *needs[data["rule"]]):
            if name not in data:
                raise KnowledgeError(path, name, "is missing")
        for caveat in data.get("caveats", []):
            if isinstance(caveat, dict) and ("code" not in caveat or not set(caveat.get("when", {})) <= CAVEAT_WHEN):
                raise KnowledgeError(path, "caveats", f"a conditional caveat has a code and `when` among {CAVEAT_WHEN}")
        data["checked"] = _year_month(path, data["checked"], "checked")
        data["review_by"] = _year_month(path, data["review_by"], "review_by")
        rules[data["programme"]] = data
    return rules


def _above_limit(rule: dict[str, Any], income: float, limit: float) -> str:
    """Unlikely when the income is clearly above a limit; within the rule's margin above it, only a caseworker, who
    sees which incomes count, can tell."""
    return CANNOT_TELL if income <= limit * (1 + rule.get("cannot_tell_within", 0)) else UNLIKELY


def _top_up(rule: dict[str, Any], household: Household) -> Estimate:
    g = rule["guaranteed"]
    adults, children = household.adults, household.children
    guaranteed = g["first_adult"] + g["each_further_adult"] * (adults - 1) + g["each_child"] * children
    steps: list[tuple[str, dict[str, float]]] = [
        ("guaranteed", {"adults": adults, "children": children, **g, "amount": guaranteed})
    ]
    if household.lone_parent_alone:
        # The oldest child counts as an adult in a household made up only of a single-parent family: its child's
        # share becomes an adult's.
        guaranteed += g["single_parent_first_child"] - g["each_child"]
        steps.append(("single_parent_oldest_child", {"adult": g["single_parent_first_child"], "amount": guaranteed}))
    capped = min(guaranteed, g["cap"])
    payment = max(capped - household.monthly_income, 0)
    if guaranteed > g["cap"]:
        steps.append(("capped", {"cap": g["cap"]}))
    steps.append(("minus_income", {"income": household.monthly_income, "amount": payment}))
    outcome = LIKELY if payment > 0 else UNLIKELY
    return Estimate(rule["programme"], outcome, round(payment, 2), steps)


def _per_member(rule: dict[str, Any], household: Household) -> Estimate:
    if rule.get("requires_rent") and not household.rent:
        return Estimate(rule["programme"], UNLIKELY, 0, [("not_renting", {})])
    # A lone parent's first child counts as much as the first member, in the amount and in the limit, instead of
    # a further member's share; applied, as the minimum income's rule says, to a household of the family alone.
    lone_parent = household.lone_parent_alone
    limit_rule = rule["yearly_income_limit"]
    by_members = limit_rule["first_member"] + limit_rule["each_further_member"] * (household.members - 1)
    lone_parent_extra = limit_rule["single_parent_first_child"] - limit_rule["each_further_member"]
    usual_limit = min(by_members, limit_rule["cap"])
    limit = min(by_members + lone_parent_extra, limit_rule["cap"]) if lone_parent else usual_limit
    yearly = household.monthly_income * 12
    if yearly > limit:
        outcome = _above_limit(rule, yearly, limit)
        return Estimate(rule["programme"], outcome, 0, [("income_above_limit", {"yearly": yearly, "limit": limit})])
    a = rule["amount"]
    amount = a["first_member"] + a["each_further_member"] * (household.members - 1)
    steps: list[tuple[str, dict[str, float]]] = [
        (
            "per_member",
            {
                "members": household.members,
                "first_member": a["first_member"],
                "each_further_member": a["each_further_member"],
                "amount": amount,
            },
        )
    ]
    if lone_parent:
        amount += a["single_parent_first_child"] - a["each_further_member"]
        steps.append(("single_parent_first_child", {"first_child": a["single_parent_first_child"], "amount": amount}))
    if amount > a["cap"]:
        amount = a["cap"]
        steps.append(("capped", {"cap": a["cap"]}))
    if a.get("not_above_rent") and amount > household.rent:
        amount = household.rent
        steps.append(("rent_limit", {"rent": household.rent}))
    # Within the single-parent limit only: that limit is reported, not confirmed, and the step says so; within the
    # usual limit, that one is the limit said.
    if yearly > usual_limit:
        steps.append(("income_within_reported_limit", {"yearly": yearly, "limit": limit}))
    else:
        steps.append(("income_within_limit", {"yearly": yearly, "limit": usual_limit}))
    return Estimate(rule["programme"], LIKELY, round(amount, 2), steps)


def _equivalised_categories(rule: dict[str, Any], household: Household) -> Estimate:
    if household.children == 0:
        return Estimate(rule["programme"], UNLIKELY, 0, [("no_children", {})])
    s = rule["scale"]
    # The scale weighs the parents and the children only: a lone parent, or one adult, is one parent; otherwise two.
    parents = 1 if household.single_parent or household.adults == 1 else 2
    scale = s["first_parent"] + s["second_parent"] * (parents - 1) + s["each_child"] * household.children
    if household.single_parent:
        scale += s["single_parent_first_child"] - s["each_child"]
    yearly = household.monthly_income * 12
    equivalised = yearly / scale
    steps: list[tuple[str, dict[str, float]]] = []
    if household.adults > parents:
        steps.append(("other_adults_not_in_scale", {"others": household.adults - parents}))
    steps.append(("equivalised", {"yearly": yearly, "scale": scale, "equivalised": round(equivalised, 2)}))
    for number, category in enumerate(rule["categories"]):
        if equivalised <= category["up_to"]:
            first = min(household.children, 2)
            further = household.children - first
            amount = first * category["first_two_children"] + further * category["each_further_child"]
            steps.append(
                (
                    "per_child",
                    {
                        "category": number,
                        "up_to": category["up_to"],
                        "first_two_children": category["first_two_children"],
                        "each_further_child": category["each_further_child"],
                        "amount": amount,
                    },
                )
            )
            return Estimate(rule["programme"], LIKELY, float(amount), steps)
    limit = rule["categories"][-1]["up_to"]
    steps.append(("equivalised_above_limit", {"equivalised": round(equivalised, 2), "limit": limit}))
    return Estimate(rule["programme"], _above_limit(rule, equivalised, limit), 0, steps)


def _applies(when: dict[str, Any], household: Household) -> bool:
    least = {"min_children": household.children, "min_adults": household.adults}
    return all(
        least[name] >= value if name in least else getattr(household, name) == value for name, value in when.items()
    )


def _caveats(rule: dict[str, Any], household: Household) -> list[str]:
    """The rule's caveats that concern this household: a caveat with `when` only where its conditions hold."""
    return [
        caveat if isinstance(caveat, str) else caveat["code"]
        for caveat in rule.get("caveats", [])
        if isinstance(caveat, str) or _applies(caveat.get("when", {}), household)
    ]


RULES = {"top_up": _top_up, "per_member": _per_member, "equivalised_categories": _equivalised_categories}


def estimate(household: Household) -> list[Estimate]:
    """Every programme's estimate for a household, in the order of the rules' files."""
    if household.adults < 1 or household.children < 0 or household.monthly_income < 0:
        raise ValueError("a household has at least one adult, and no negative children or income")
    results = []
    for rule in load_rules().values():
        found = RULES[rule["rule"]](rule, household)
        results.append(
            Estimate(
                found.programme,
                found.outcome,
                found.monthly_amount,
                found.steps,
                _caveats(rule, household),
                rule["checked"],
            )
        )
    return results
