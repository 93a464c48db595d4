"""The estimate route: the five answers in, every programme's estimate out, written in the citizen's language.
Nothing is stored; the kiosk and any other channel show it as it comes."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from kiosk_api.deps import Language
from kiosk_api.estimates.service import (
    ProgrammeEstimate,
    answers_summary,
    describe,
    disclaimer,
    household_of,
)
from kiosk_api.i18n import Translator
from knowledge.estimator import ANSWER_LIMITS

router = APIRouter(prefix="/api/estimates", tags=["estimates"])


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


@router.post("", response_model=EstimateOut, summary="Estimate what a household could get")
def estimate(body: EstimateRequest) -> EstimateOut:
    """Minimum income, housing allowance and child benefit for the answers, with the calculation in plain words, what
    could not be checked, the documents to bring and the sources. Stores nothing."""
    household = household_of(body.model_dump())
    return EstimateOut(
        programmes=describe(household=household, language=body.language),
        disclaimer=disclaimer(Translator(body.language)),
    )
