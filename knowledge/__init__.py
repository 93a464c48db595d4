"""Programme and centre content as validated data. See README.md for the file format."""

from knowledge.loader import (
    ASPECT_INTENTS,
    ASPECTS,
    LANGUAGES,
    Centre,
    KnowledgeError,
    Programme,
    load_centre,
    load_programmes,
)

__all__ = [
    "ASPECTS",
    "ASPECT_INTENTS",
    "LANGUAGES",
    "Centre",
    "KnowledgeError",
    "Programme",
    "load_centre",
    "load_programmes",
]
