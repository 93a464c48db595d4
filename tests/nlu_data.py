"""Reading the Rasa NLU training files from the tests, without Rasa (which lives in another virtualenv)."""

import re
from pathlib import Path

import yaml

_ANNOTATION = re.compile(r"\[([^\]]*)\]\([^)]*\)")


def nlu_examples(directory: Path) -> list[tuple[str, str]]:
    """Return (text, language) for every example of the Rasa NLU YAML files below a directory.

    The language is the intent block's `metadata: {language: ...}`. Entity annotations are reduced to their text.
    """
    examples = []
    for path in sorted(directory.rglob("*.yml")):
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu", []):
            language = (block.get("metadata") or {}).get("language")
            if not language or "intent" not in block:
                continue
            for line in block.get("examples", "").splitlines():
                text = _ANNOTATION.sub(r"\1", line.strip().removeprefix("- ").strip())
                if text:
                    examples.append((text, language))
    return examples
