"""Validate the whole knowledge base and list what a reviewer must look at: `python -m knowledge.check`.

Lists every statement said to citizens as reported or unconfirmed, every link to a site's home page (nobody can check
a fact against a front page), every entry past its review date and every break of a language's glossary. Exits
non-zero when the base is invalid or a glossary is broken; the lists themselves are for people."""

from __future__ import annotations

import datetime as dt
import sys
from urllib.parse import urlsplit

from knowledge.consistency import all_problems
from knowledge.estimator import load_rules
from knowledge.loader import (
    KNOWLEDGE_DIR,
    LANGUAGES,
    KnowledgeError,
    load_centre_file,
    load_danger_examples,
    load_helplines,
    load_programmes,
    load_services,
    load_urgent_phrases,
)

# Estimate caveats whose text says a condition is reported or unconfirmed (kiosk_api/estimates/service.py).
UNCONFIRMED_CAVEAT_WORDS = ("unconfirmed", "reported")


def is_home_page(url: str) -> bool:
    """Whether a link points at a site's front page rather than at the page that states the fact."""
    parts = urlsplit(url)
    return parts.path in ("", "/") and not parts.query


def unconfirmed() -> list[str]:
    """Everything said to citizens as reported or unconfirmed, with where it is."""
    found = []
    for programme in load_programmes().values():
        for aspect, caveat in programme.content["en"].caveats.items():
            found.append(f"programmes/{programme.id}.yaml caveats.{aspect}: {caveat}")
    for path in sorted((KNOWLEDGE_DIR / "centres").glob("*.yaml")):
        if not load_centre_file(path).hours_confirmed:
            found.append(f"centres/{path.name}: opening hours (told to citizens as the usual ones)")
    for programme_id, rule in load_rules().items():
        for caveat in rule.get("caveats", []):
            code = caveat if isinstance(caveat, str) else caveat["code"]
            if any(word in code for word in UNCONFIRMED_CAVEAT_WORDS):
                found.append(f"estimates/{programme_id}.yaml caveat {code} (its words: kiosk_api/estimates/service.py)")
    return found


def home_page_links() -> list[str]:
    """Every link to a site's home page, with where it is."""
    links = []
    for programme in load_programmes().values():
        urls = [("official_url", programme.official_url)]
        urls += [(f"source {source.title!r}", source.url) for source in programme.sources]
        links += [f"programmes/{programme.id}.yaml {name}: {url}" for name, url in urls if is_home_page(url)]
    for path in sorted((KNOWLEDGE_DIR / "centres").glob("*.yaml")):
        centre = load_centre_file(path)
        links += [
            f"centres/{path.name}: {url}" for url in (centre.source_url, centre.website) if url and is_home_page(url)
        ]
    for programme_id, rule in load_rules().items():
        links += [f"estimates/{programme_id}.yaml source: {url}" for url in rule["sources"] if is_home_page(url)]
    for name, line in load_helplines().lines.items():
        if is_home_page(line.source):
            links.append(f"danger/helplines.yaml {name} ({line.number}): {line.source}")
    return links


def past_review(today: dt.date | None = None) -> list[str]:
    """Every entry past its review date."""
    today = today or dt.date.today()
    stale = [
        f"programmes/{programme.id}.yaml (review by {programme.review_by:%Y-%m})"
        for programme in load_programmes().values()
        if programme.is_stale(today)
    ]
    stale += [
        f"estimates/{programme_id}.yaml (review by {rule['review_by']:%Y-%m})"
        for programme_id, rule in load_rules().items()
        if today > rule["review_by"]
    ]
    return stale


def _section(title: str, lines: list[str]) -> None:
    print(f"\n{title} ({len(lines)}):")
    for line in lines or ["none"]:
        print(f"  {line}")


def main() -> int:
    """Print problems and the lists; exit non-zero when the base is invalid or a glossary is broken."""
    try:
        programmes = load_programmes()
        centres = [load_centre_file(path) for path in sorted((KNOWLEDGE_DIR / "centres").glob("*.yaml"))]
        urgent = load_urgent_phrases()
        danger = load_danger_examples()
        helplines = load_helplines()
        services = load_services()
        estimates = load_rules()
        glossary = all_problems()
    except KnowledgeError as error:
        print(f"invalid: {error}", file=sys.stderr)
        return 1
    print(
        f"{len(programmes)} programmes, {len(centres)} centres, {len(services)} bookable services, "
        f"{len(estimates)} estimate rules and "
        f"{sum(len(phrases) for phrases in urgent.values())} danger phrases, "
        f"{sum(len(texts) for by_kind in danger.values() for texts in by_kind.values())} danger-recogniser messages "
        f"and {len(helplines.lines)} helplines are valid."
    )
    for programme in programmes.values():
        drafts = [lang for lang in LANGUAGES if programme.review_status[lang] == "draft"]
        stale = " STALE (past review_by)" if programme.is_stale() else ""
        print(
            f"  {'programmes/' + programme.id + '.yaml':42} checked {programme.checked:%Y-%m}, "
            f"review by {programme.review_by:%Y-%m}{stale}" + (f"; draft: {', '.join(drafts)}" if drafts else "")
        )
    for programme_id, rule in estimates.items():
        print(
            f"  {'estimates/' + programme_id + '.yaml':42} checked {rule['checked']:%Y-%m}, "
            f"review by {rule['review_by']:%Y-%m}"
        )
    for centre in centres:
        print(f"  {'centres/' + centre.id + '.yaml':42} checked {centre.checked:%Y-%m}")
    _section("Reported or unconfirmed, said as such to citizens", unconfirmed())
    _section("Links to a home page (link the page that states the fact)", home_page_links())
    _section("Past review_by", past_review())
    broken = [f"{language}: {problem}" for language, problems in glossary.items() for problem in problems]
    _section("Breaks of a language's glossary (knowledge/glossary)", broken)
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
