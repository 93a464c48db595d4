"""Load and validate the knowledge base. Depends only on PyYAML, so both virtualenvs import it."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from multilingual.languages import LANGUAGES as CONVERSATION_LANGUAGES

KNOWLEDGE_DIR = Path(__file__).resolve().parent
# Every conversation language (multilingual/languages.yaml lists them); the content of each complete one is required.
LANGUAGES = tuple(CONVERSATION_LANGUAGES)
# A language still being translated shows its fallback's content wherever a file does not have its own yet.
FALLBACKS = {code: language.fallback for code, language in CONVERSATION_LANGUAGES.items() if language.fallback}
COMPLETE = tuple(code for code in LANGUAGES if code not in FALLBACKS)
# What a citizen can ask about a programme; each is a text field of every language's content.
ASPECTS = ("summary", "eligibility", "amounts", "documents", "how_to_apply")
# The intent that asks for each aspect; the bot maps intents to aspects and the NLG server aspects to button payloads.
ASPECT_INTENTS = {
    "summary": "ask_programme",
    "eligibility": "ask_eligibility",
    "amounts": "ask_amount",
    "documents": "ask_documents",
    "how_to_apply": "ask_how_to_apply",
}
REVIEW_STATES = ("draft", "reviewed")
_YEAR_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class KnowledgeError(ValueError):
    """A knowledge file breaks the schema; the message names the file and the field."""

    def __init__(self, path: Path, field: str, problem: str) -> None:
        super().__init__(f"{path.name}: {field}: {problem}")
        self.path = path
        self.field = field


@dataclass(frozen=True)
class Source:
    """Where a fact comes from and when it was checked."""

    url: str
    title: str
    checked: dt.date


@dataclass(frozen=True)
class ProgrammeText:
    """A programme described in one language."""

    name: str
    aliases: tuple[str, ...]
    summary: str
    eligibility: str
    amounts: str
    documents: tuple[str, ...]
    how_to_apply: str
    # Per aspect, what is reported but unconfirmed or may differ: said with the answers it concerns, and only those.
    caveats: dict[str, str]


@dataclass(frozen=True)
class Programme:
    """A welfare programme with its sources, review dates and text in every language."""

    id: str
    official_url: str
    checked: dt.date
    review_by: dt.date
    sources: tuple[Source, ...]
    review_status: dict[str, str]
    content: dict[str, ProgrammeText]

    def is_stale(self, today: dt.date | None = None) -> bool:
        """Tell whether the entry is past its review date."""
        return (today or dt.date.today()) > self.review_by


@dataclass(frozen=True)
class CentreText:
    """The centre described in one language."""

    name: str
    municipality: str
    address: str
    directions: str


@dataclass(frozen=True)
class Centre:
    """The Community Centre a deployment serves."""

    id: str
    source_url: str
    checked: dt.date
    phones: tuple[str, ...]  # the main number first
    email: str | None
    website: str | None
    by_appointment: bool
    opening_hours: dict[str, tuple[tuple[dt.time, dt.time], ...]]
    # False while the centre has not confirmed its hours: citizens are told "usually".
    hours_confirmed: bool
    services: tuple[str, ...]
    staff: tuple[str, ...]
    content: dict[str, CentreText]

    @property
    def phone(self) -> str:
        """The main number."""
        return self.phones[0]


WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class _Reader:
    """Reads fields of one YAML mapping, raising KnowledgeError that names the file and field path."""

    def __init__(self, path: Path, data: Any, prefix: str = "") -> None:
        self.path = path
        self.prefix = prefix
        if not isinstance(data, dict):
            raise KnowledgeError(path, prefix or "(top level)", "must be a mapping")
        self.data = data

    def error(self, field: str, problem: str) -> KnowledgeError:
        return KnowledgeError(self.path, f"{self.prefix}{field}", problem)

    def only(self, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> None:
        """Reject unknown fields and missing required ones."""
        for field in self.data:
            if field not in required and field not in optional:
                raise self.error(str(field), "unknown field")
        for field in required:
            if field not in self.data:
                raise self.error(field, "missing")

    def child(self, field: str) -> _Reader:
        return _Reader(self.path, self.data.get(field), f"{self.prefix}{field}.")

    def text(self, field: str, *, optional: bool = False) -> str | None:
        value = self.data.get(field)
        if value is None and optional:
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.error(field, "must be non-empty text")
        return value.strip()

    def texts(self, field: str, *, minimum: int = 1) -> tuple[str, ...]:
        value = self.data.get(field)
        if not isinstance(value, list) or len(value) < minimum:
            raise self.error(field, f"must be a list of at least {minimum} texts")
        if not all(isinstance(item, str) and item.strip() for item in value):
            raise self.error(field, "every item must be non-empty text")
        return tuple(item.strip() for item in value)

    def url(self, field: str) -> str:
        value = self.text(field)
        if not value.startswith(("https://", "http://")):
            raise self.error(field, "must be an http(s) URL")
        return value

    def year_month(self, field: str) -> dt.date:
        value = self.data.get(field)
        match = _YEAR_MONTH.match(str(value)) if isinstance(value, str) else None
        if not match or not 1 <= int(match.group(2)) <= 12:
            raise self.error(field, 'must be a quoted year-month such as "2026-11"')
        return dt.date(int(match.group(1)), int(match.group(2)), 1)


def _load_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise KnowledgeError(path, "(file)", f"is not valid YAML: {error}") from error


def _per_language(reader: _Reader, field: str) -> dict[str, _Reader]:
    languages = reader.child(field)
    languages.only(COMPLETE, tuple(FALLBACKS))
    return {lang: languages.child(lang if lang in languages.data else FALLBACKS[lang]) for lang in LANGUAGES}


def _programme_text(reader: _Reader) -> ProgrammeText:
    reader.only(("name", "aliases", "summary", "eligibility", "amounts", "documents", "how_to_apply"), ("caveats",))
    return ProgrammeText(
        name=reader.text("name"),
        aliases=reader.texts("aliases", minimum=2),
        summary=reader.text("summary"),
        eligibility=reader.text("eligibility"),
        amounts=reader.text("amounts"),
        documents=reader.texts("documents"),
        how_to_apply=reader.text("how_to_apply"),
        caveats=_caveats(reader),
    )


def _caveats(reader: _Reader) -> dict[str, str]:
    if reader.data.get("caveats") is None:
        return {}
    caveats = reader.child("caveats")
    caveats.only((), ASPECTS)
    return {aspect: caveats.text(aspect) for aspect in ASPECTS if aspect in caveats.data}


def load_programme(path: Path) -> Programme:
    """Load and validate one programme file."""
    reader = _Reader(path, _load_yaml(path))
    reader.only(("id", "official_url", "checked", "review_by", "sources", "review_status", "content"))
    programme_id = reader.text("id")
    if programme_id != path.stem:
        raise reader.error("id", f"must equal the file name '{path.stem}'")
    sources = reader.data["sources"]
    if not isinstance(sources, list) or not sources:
        raise reader.error("sources", "must be a list of at least one source")
    parsed_sources = []
    for index, source in enumerate(sources):
        source_reader = _Reader(path, source, f"sources[{index}].")
        source_reader.only(("url", "title", "checked"))
        parsed_sources.append(
            Source(source_reader.url("url"), source_reader.text("title"), source_reader.year_month("checked"))
        )
    status = reader.child("review_status")
    status.only(COMPLETE, tuple(FALLBACKS))
    # Another language's text, shown until this one's is written, has not been reviewed for its readers.
    review_status = {lang: status.data.get(lang, "draft") for lang in LANGUAGES}
    for lang in LANGUAGES:
        if review_status[lang] not in REVIEW_STATES:
            raise status.error(lang, f"must be one of {', '.join(REVIEW_STATES)}")
    checked, review_by = reader.year_month("checked"), reader.year_month("review_by")
    if review_by <= checked:
        raise reader.error("review_by", "must come after checked")
    return Programme(
        id=programme_id,
        official_url=reader.url("official_url"),
        checked=checked,
        review_by=review_by,
        sources=tuple(parsed_sources),
        review_status=review_status,
        content={lang: _programme_text(text) for lang, text in _per_language(reader, "content").items()},
    )


def _opening_hours(reader: _Reader) -> dict[str, tuple[tuple[dt.time, dt.time], ...]]:
    reader.only((), WEEKDAYS)
    hours = {}
    for day in WEEKDAYS:
        if day not in reader.data:
            continue
        ranges = []
        for span in reader.texts(day):
            try:
                start, end = (dt.time.fromisoformat(part.strip()) for part in span.split("-"))
            except ValueError as error:
                raise reader.error(day, f'"{span}" is not a range such as "08:00-16:00"') from error
            if end <= start:
                raise reader.error(day, f'"{span}" ends before it starts')
            ranges.append((start, end))
        hours[day] = tuple(ranges)
    return hours


def load_centre_file(path: Path) -> Centre:
    """Load and validate one centre file."""
    reader = _Reader(path, _load_yaml(path))
    reader.only(
        (
            "id",
            "source",
            "phones",
            "by_appointment",
            "opening_hours",
            "hours_confirmed",
            "services",
            "staff",
            "content",
        ),
        ("email", "website"),
    )
    if reader.text("id") != path.stem:
        raise reader.error("id", f"must equal the file name '{path.stem}'")
    source = reader.child("source")
    source.only(("url", "checked"))
    for flag in ("by_appointment", "hours_confirmed"):
        if not isinstance(reader.data[flag], bool):
            raise reader.error(flag, "must be true or false")
    content = {}
    for lang, text in _per_language(reader, "content").items():
        text.only(("name", "municipality", "address", "directions"))
        content[lang] = CentreText(
            text.text("name"), text.text("municipality"), text.text("address"), text.text("directions")
        )
    return Centre(
        id=path.stem,
        source_url=source.url("url"),
        checked=source.year_month("checked"),
        phones=reader.texts("phones"),
        email=reader.text("email", optional=True),
        website=reader.url("website") if reader.data.get("website") else None,
        by_appointment=reader.data["by_appointment"],
        opening_hours=_opening_hours(reader.child("opening_hours")),
        hours_confirmed=reader.data["hours_confirmed"],
        services=reader.texts("services"),
        staff=reader.texts("staff"),
        content=content,
    )


@cache
def load_programmes(directory: Path = KNOWLEDGE_DIR / "programmes") -> dict[str, Programme]:
    """Load every programme file of a directory, keyed by programme id."""
    programmes = [load_programme(path) for path in sorted(directory.glob("*.yaml"))]
    return {programme.id: programme for programme in programmes}


@cache
def load_centre(centre_id: str, directory: Path = KNOWLEDGE_DIR / "centres") -> Centre:
    """Load the centre with this id."""
    path = directory / f"{centre_id}.yaml"
    if not path.exists():
        known = ", ".join(sorted(p.stem for p in directory.glob("*.yaml"))) or "none"
        raise KnowledgeError(path, "(file)", f"no centre '{centre_id}' (known: {known})")
    return load_centre_file(path)


@dataclass(frozen=True)
class ServiceDefinition:
    """A service offered by appointment, as first configured."""

    id: str
    duration_minutes: int
    buffer_minutes: int
    names: dict[str, str]
    # What people call it when they ask for an appointment, in any language (`multilingual.choices.named_choice`).
    asked_as: tuple[str, ...] = ()
    # The programmes it helps with: an appointment asked for about one of them is for this service.
    programmes: tuple[str, ...] = ()


@cache
def load_services(path: Path = KNOWLEDGE_DIR / "services.yaml") -> dict[str, ServiceDefinition]:
    """Load the services offered by appointment (knowledge/services.yaml)."""
    data = _load_yaml(path)
    if not isinstance(data, dict) or not data:
        raise KnowledgeError(path, "(file)", "must map service ids to their definitions")
    services = {}
    for service_id, definition in data.items():
        reader = _Reader(path, definition, prefix=f"{service_id}.")
        reader.only(("duration_minutes", "buffer_minutes", "names"), ("asked_as", "programmes"))
        duration, buffer = definition["duration_minutes"], definition["buffer_minutes"]
        if not isinstance(duration, int) or not isinstance(buffer, int) or duration <= 0 or buffer < 0:
            raise reader.error("duration_minutes", "length and pause must be whole minutes, the length above 0")
        if (duration + buffer) % 5:
            raise reader.error("buffer_minutes", "length plus pause must be a multiple of 5 minutes")
        names, phrases = _names_and_phrases(reader, definition)
        programmes = definition.get("programmes") or []
        if not isinstance(programmes, list) or not all(isinstance(programme, str) for programme in programmes):
            raise reader.error("programmes", "must list programme ids")
        services[service_id] = ServiceDefinition(service_id, duration, buffer, names, phrases, tuple(programmes))
    return services


def _names_and_phrases(reader: _Reader, definition: dict[str, Any]) -> tuple[dict[str, str], tuple[str, ...]]:
    """A definition's `names` (one per language) and `asked_as` (what people call it, in any language)."""
    names_reader = reader.child("names")
    names_reader.only(COMPLETE, tuple(FALLBACKS))
    names = {lang: names_reader.text(lang if lang in names_reader.data else FALLBACKS[lang]) for lang in LANGUAGES}
    asked_as = definition.get("asked_as") or {}
    if not isinstance(asked_as, dict) or not all(
        isinstance(phrases, list) and all(isinstance(phrase, str) for phrase in phrases)
        for phrases in asked_as.values()
    ):
        raise reader.error("asked_as", "must map languages to lists of words")
    return names, tuple(phrase for language_phrases in asked_as.values() for phrase in language_phrases)


@dataclass(frozen=True)
class OtherBenefit:
    """A benefit people ask about that is none of the centre's programmes, and on which the assistant has no
    information (knowledge/other_benefits.yaml)."""

    id: str
    names: dict[str, str]
    asked_as: tuple[str, ...]


OTHER_BENEFITS_FILE = KNOWLEDGE_DIR / "other_benefits.yaml"


@cache
def load_other_benefits(path: Path = OTHER_BENEFITS_FILE) -> dict[str, OtherBenefit]:
    """Load the benefits the assistant has no information on (knowledge/other_benefits.yaml)."""
    data = _load_yaml(path)
    if not isinstance(data, dict) or not data:
        raise KnowledgeError(path, "(file)", "must map benefit ids to their names")
    benefits = {}
    for benefit_id, definition in data.items():
        reader = _Reader(path, definition, prefix=f"{benefit_id}.")
        reader.only(("names", "asked_as"))
        names, phrases = _names_and_phrases(reader, definition)
        if not phrases:
            raise reader.error("asked_as", "must say what people call it")
        benefits[benefit_id] = OtherBenefit(benefit_id, names, phrases)
    return benefits


@cache
def load_urgent_phrases(path: Path = KNOWLEDGE_DIR / "urgent.yaml") -> dict[str, tuple[str, ...]]:
    """Load the danger phrases of every language (knowledge/urgent.yaml)."""
    reader = _Reader(path, _load_yaml(path))
    reader.only(COMPLETE, tuple(FALLBACKS))
    # A language still being translated has none of its own yet; every language's phrases are looked for anyway.
    return {lang: reader.texts(lang) if lang in reader.data else () for lang in LANGUAGES}


# Who or what is in danger; each kind leads with its own helplines (knowledge/danger/helplines.yaml).
DANGER_CATEGORIES = ("suicide", "violence", "child", "medical", "threat", "homeless", "trafficking")
HARMLESS = "none"
# Exhaustion and giving up without a means, a plan or the word: asked about, never an alarm on its own.
DISTRESS = "distress"


@cache
def load_danger_examples(directory: Path = KNOWLEDGE_DIR / "danger") -> dict[str, dict[str, tuple[str, ...]]]:
    """Load the danger recogniser's training messages (knowledge/danger/<language>.yaml): per language, the messages
    of each kind of danger, the harmless ones (under `none`) and those of distress (under `distress`)."""
    examples: dict[str, dict[str, tuple[str, ...]]] = {}
    for lang in LANGUAGES:
        path = directory / f"{lang}.yaml"
        if lang in FALLBACKS and not path.exists():
            continue  # still being translated: the recogniser reads its messages with what it learnt from the others
        reader = _Reader(path, _load_yaml(path))
        reader.only(("danger", "harmless", "distress"))
        danger = reader.child("danger")
        danger.only(DANGER_CATEGORIES)
        examples[lang] = {category: danger.texts(category, minimum=20) for category in DANGER_CATEGORIES}
        examples[lang][HARMLESS] = reader.texts("harmless", minimum=20)
        examples[lang][DISTRESS] = reader.texts("distress", minimum=20)
    return examples


@dataclass(frozen=True)
class Helpline:
    """A telephone line for people in danger, with where its number was found and when."""

    number: str
    source: str
    checked: dt.date
    email: str | None = None  # for someone who cannot talk on the phone


@dataclass(frozen=True)
class Helplines:
    """The helplines, and which of them lead for each kind of danger (most fitting first)."""

    lines: dict[str, Helpline]
    by_danger: dict[str, tuple[str, ...]]


@cache
def load_helplines(path: Path = KNOWLEDGE_DIR / "danger" / "helplines.yaml") -> Helplines:
    """Load knowledge/danger/helplines.yaml, checking that every kind of danger names known lines."""
    reader = _Reader(path, _load_yaml(path))
    reader.only(("lines", "by_danger"))
    lines_reader = reader.child("lines")
    lines = {}
    for line_id in lines_reader.data:
        line = lines_reader.child(str(line_id))
        line.only(("number", "source", "checked"), ("email",))
        lines[str(line_id)] = Helpline(
            line.text("number"), line.url("source"), line.year_month("checked"), line.text("email", optional=True)
        )
    by_danger_reader = reader.child("by_danger")
    by_danger_reader.only(DANGER_CATEGORIES)
    by_danger = {category: by_danger_reader.texts(category) for category in DANGER_CATEGORIES}
    for category, named in by_danger.items():
        for line_id in named:
            if line_id not in lines:
                raise by_danger_reader.error(category, f"names an unknown line {line_id!r}")
    return Helplines(lines, by_danger)
