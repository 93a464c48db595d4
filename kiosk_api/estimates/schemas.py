"""What the estimate route takes and gives: the five answers of a household, and every programme's estimate. The
booking routes take the answers too (a booking may carry them for the caseworker)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from kiosk_api.deps import Language
from kiosk_api.estimates.service import ProgrammeEstimate, answers_summary, household_of
from knowledge.estimator import ANSWER_LIMITS


class HouseholdAnswers(BaseModel):
    """The five answers: adults, children under 18, the household's average monthly income over the last 6 months,
    the monthly rent (0 when not renting), and whether a single parent raises the children."""

    adults: int = Field(ge=ANSWER_LIMITS["adults"][0], le=ANSWER_LIMITS["adults"][1])
    children: int = Field(ge=ANSWER_LIMITS["children"][0], le=ANSWER_LIMITS["children"][1])
    monthly_income: float = Field(ge=ANSWER_LIMITS["monthly_income"][0], le=ANSWER_LIMITS["monthly_income"][1])
    rent: float = Field(default=0, ge=ANSWER_LIMITS["rent"][0], le=ANSWER_LIMITS["rent"][1])
    single_parent: bool = False

    def details(self) -> dict[str, Any]:
        """The answers as a booking's details carry them, for the caseworker."""
        return answers_summary(household_of(self.model_dump()))


class EstimateRequest(HouseholdAnswers):
    """The answers, and the language to write the estimate in."""

    language: Language = "el"


class EstimateOut(BaseModel):
    """Every programme's estimate, and the sentence said with every estimate."""

    programmes: list[ProgrammeEstimate]
    disclaimer: str
