"""Hostile citizen text, as the tests send it through every channel and read it back on every screen."""

from __future__ import annotations

import re

HOSTILE = {
    "script and HTML": (
        '<script>document.body.dataset.pwned=1</script><img src=x onerror="document.body.dataset.pwned=2">'
    ),
    # U+202E turns the rest of a line around; U+2066-2069 and U+200F are the other direction controls.
    "right-to-left override": "pay \u202eedisni\u202c 100 € \u2066isolated\u2069 \u200fمرحبا",
    "SQL": "'; DROP TABLE messages; -- \" OR 1=1 /* ) UNION SELECT password FROM staff_members",
    "null bytes": "before\x00after\x00",
    "broken character": "half of a surrogate: \ud800 and \udfff",
    "emoji and combining marks": "👩🏽‍⚕️ 🇬🇷 e\u0301 Z\u0336\u0335\u0334a\u0361\u035c\u0301l\u0330g\u032eo ά ῷ",
    "markdown and Telegram markup": "*bold* _italic_ [link](http://evil.example) `code` <b>b</b> &amp;",
}
# A megabyte of text, in Greek, which the hub keeps whole (Telegram carries at most 4,096 characters a message).
MEGABYTE = ("Καλημέρα σας, έχω ένα πρόβλημα με το ενοίκιο. " * 30_000)[:1_048_576]


def as_stored(text: str) -> str:
    """What the hub keeps of a text: no null bytes, a broken character shown as �, no outer spaces."""
    return re.sub("[\ud800-\udfff]", "\ufffd", text.replace("\x00", "")).strip()
