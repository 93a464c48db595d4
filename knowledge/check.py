"""Validate the whole knowledge base and list stale entries: `python -m knowledge.check`."""

import sys

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


def main() -> int:
    """Print problems and stale or draft entries; exit non-zero when the base is invalid."""
    try:
        programmes = load_programmes()
        centres = [load_centre_file(path) for path in sorted((KNOWLEDGE_DIR / "centres").glob("*.yaml"))]
        urgent = load_urgent_phrases()
        danger = load_danger_examples()
        helplines = load_helplines()
        services = load_services()
        estimates = load_rules()
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
            f"  {programme.id:28} checked {programme.checked:%Y-%m}, review by {programme.review_by:%Y-%m}{stale}"
            + (f"; draft: {', '.join(drafts)}" if drafts else "")
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
