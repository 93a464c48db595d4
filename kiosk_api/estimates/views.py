"""The estimate route: the five answers in, every programme's estimate out, written in the citizen's language.
Nothing is stored; the kiosk and any other channel show it as it comes."""

from __future__ import annotations

from fastapi import APIRouter

from kiosk_api.estimates.schemas import EstimateOut, EstimateRequest
from kiosk_api.estimates.service import (
    describe,
    disclaimer,
    household_of,
)
from kiosk_api.i18n import Translator

router = APIRouter(prefix="/api/estimates", tags=["estimates"])


@router.post("", response_model=EstimateOut, summary="Estimate what a household could get")
def estimate(body: EstimateRequest) -> EstimateOut:
    """Minimum income, housing allowance and child benefit for the answers, with the calculation in plain words, what
    could not be checked, the documents to bring and the sources. Stores nothing."""
    household = household_of(body.model_dump())
    return EstimateOut(
        programmes=describe(household=household, language=body.language),
        disclaimer=disclaimer(Translator(body.language)),
    )
