"""Programme routes: every programme and every aspect of it, rendered exactly as the assistant answers (sourced and
dated), for menus that work with the assistant down."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from kiosk_api.deps import Language
from kiosk_api.errors import ApiError
from kiosk_api.nlg.service import render
from knowledge import ASPECTS, load_programmes

router = APIRouter(prefix="/api/programmes", tags=["programmes"])


class ProgrammeSummary(BaseModel):
    """A programme in a list."""

    id: str
    name: str


class ProgrammeDetail(ProgrammeSummary):
    """A programme's answers by aspect (summary, eligibility, amounts, documents, how_to_apply)."""

    official_url: str
    checked: str
    aspects: dict[str, str]


def _answer(programme_id: str, aspect: str, language: str) -> str:
    arguments = {"programme": programme_id, "aspect": aspect}
    return render(response="utter_programme_answer", arguments=arguments, language=language)["text"]


@router.get("", response_model=list[ProgrammeSummary], summary="The welfare programmes")
def list_programmes(language: Language = "el") -> list[ProgrammeSummary]:
    """Every programme's name in a language."""
    return [ProgrammeSummary(id=p.id, name=p.content[language].name) for p in load_programmes().values()]


@router.get("/{programme_id}", response_model=ProgrammeDetail, summary="One programme, every aspect")
def programme(programme_id: str, language: Language = "el") -> ProgrammeDetail:
    """What the assistant answers about each aspect of a programme, with the official link and the date checked."""
    found = load_programmes().get(programme_id)
    if found is None:
        raise ApiError(404, "programme_not_found", "No such programme.")
    return ProgrammeDetail(
        id=found.id,
        name=found.content[language].name,
        official_url=found.official_url,
        checked=found.checked.isoformat(),
        aspects={
            aspect: render(
                response="utter_programme_answer",
                arguments={"programme": found.id, "aspect": aspect},
                language=language,
            )["text"]
            for aspect in ASPECTS
        },
    )
