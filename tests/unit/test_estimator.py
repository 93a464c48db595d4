"""The estimator's core against worked household cases (tests/data/estimator_cases.csv), each checked by hand
against the published rules: caps, zero income, income above the limits, single parents and large families."""

import csv
from pathlib import Path

import pytest

from knowledge.estimator import CANNOT_TELL, LIKELY, UNLIKELY, Household, estimate, load_rules

CASES = Path(__file__).resolve().parents[1] / "data" / "estimator_cases.csv"
COLUMNS = {"minimum_income": "mi", "housing_allowance": "ha", "child_benefit": "cb"}


def cases() -> list:
    with CASES.open(encoding="utf-8") as file:
        return [pytest.param(row, id=row["case"]) for row in csv.DictReader(file)]


def test_there_are_at_least_thirty_worked_cases_with_every_outcome() -> None:
    assert len(cases()) >= 30
    outcomes = {case.values[0][f"{prefix}_outcome"] for case in cases() for prefix in COLUMNS.values()}
    assert outcomes == {LIKELY, UNLIKELY, CANNOT_TELL}


@pytest.mark.parametrize("case", cases())
def test_a_worked_case(case: dict[str, str]) -> None:
    household = Household(
        adults=int(case["adults"]),
        children=int(case["children"]),
        monthly_income=float(case["monthly_income"]),
        rent=float(case["rent"]) or None,
        single_parent=case["single_parent"] == "1",
    )
    results = {result.programme: result for result in estimate(household)}
    for programme, prefix in COLUMNS.items():
        result = results[programme]
        assert (result.outcome, result.monthly_amount) == (
            case[f"{prefix}_outcome"],
            float(case[f"{prefix}_amount"]),
        ), programme
        assert result.steps, "every estimate shows its calculation"
        assert result.outcome != LIKELY or result.monthly_amount > 0


def test_the_rules_are_data_with_sources_and_review_dates() -> None:
    rules = load_rules()
    assert set(rules) == set(COLUMNS)
    for rule in rules.values():
        assert rule["sources"] and rule["review_by"] > rule["checked"]
        # What the estimate cannot check is said, never assumed.
        assert rule["caveats"]


def test_a_household_needs_an_adult() -> None:
    with pytest.raises(ValueError):
        estimate(Household(adults=0, children=2, monthly_income=0, rent=None, single_parent=False))


def test_a_caveat_is_said_only_to_the_households_it_concerns() -> None:
    def caveats(**household: object) -> dict[str, list[str]]:
        answers = {"adults": 1, "children": 0, "monthly_income": 0, "rent": 300.0, "single_parent": False}
        return {found.programme: found.caveats for found in estimate(Household(**{**answers, **household}))}

    alone, family = caveats(), caveats(adults=2, children=2)
    assert "student_alone" in alone["minimum_income"] and "student_alone" not in family["minimum_income"]
    assert "unprotected_children" in family["housing_allowance"]
    assert "unprotected_children" not in alone["housing_allowance"]
    # What holds for everyone is said to everyone.
    assert "legal_residence" in alone["minimum_income"] and "legal_residence" in family["minimum_income"]


def test_what_an_independent_try_found_unsaid_is_said() -> None:
    def found(**household: object) -> dict[str, object]:
        answers = {"adults": 1, "children": 1, "monthly_income": 0, "rent": 400.0, "single_parent": True}
        return {result.programme: result for result in estimate(Household(**{**answers, **household}))}

    # A lone father living with his mother: the single-parent amounts are set aside, and he is told so.
    with_grandmother = found(adults=2, monthly_income=300)
    assert "single_parent_with_other_adults" in with_grandmother["minimum_income"].caveats
    assert "single_parent_with_other_adults" in with_grandmother["housing_allowance"].caveats
    assert "single_parent_limit_reported" not in with_grandmother["housing_allowance"].caveats
    # A lone mother eligible only under the reported single-parent limit: the step itself says it is reported.
    steps = [name for name, _ in found(monthly_income=1000)["housing_allowance"].steps]
    assert "income_within_reported_limit" in steps and "income_within_limit" not in steps
    # The category is named (B for an equivalised 7,200).
    grandmother = found(adults=3, children=2, monthly_income=1200, rent=None, single_parent=False)["child_benefit"]
    assert dict(grandmother.steps)["per_child"]["category"] == 1
    # A household that does not rent hears nothing about leases and electricity contracts.
    assert grandmother and found(rent=None)["housing_allowance"].caveats == []
