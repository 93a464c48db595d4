"""Every response the bot can utter has a renderer in the hub's NLG endpoint."""

import re
from pathlib import Path

import yaml

from kiosk_api.nlg.service import RENDERERS

BOT_DIR = Path(__file__).resolve().parents[2] / "bot"


def test_every_response_the_bot_utters_is_rendered() -> None:
    domain_responses = set()
    for path in (BOT_DIR / "domain").glob("*.yml"):
        domain_responses |= set((yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("responses") or {})
    uttered_by_actions = set()
    for path in (BOT_DIR / "actions").glob("*.py"):
        uttered_by_actions |= set(re.findall(r'response="(utter_\w+)"', path.read_text(encoding="utf-8")))
    assert uttered_by_actions, "the actions utter responses by name"
    assert domain_responses | uttered_by_actions <= set(RENDERERS)
