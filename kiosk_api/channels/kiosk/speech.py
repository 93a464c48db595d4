"""Speech for the kiosk's "listen" button: espeak-ng on the server (a kiosk may have no internet), each text made
once and kept on disk."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from pathlib import Path

from kiosk_api.config import REPO_DIR
from multilingual.languages import LANGUAGES

CACHE_DIR = REPO_DIR / "var" / "speech"
# espeak-ng's voices are in the language registry (multilingual/languages.yaml). Romani has none: the kiosk says so
# and offers the voice it borrows (Greek).
MAX_CHARACTERS = 2000
# Web addresses are for reading, not hearing: spelled out letter by letter they take longer than the answer.
WEB_ADDRESS = re.compile(r"(?:https?://|www\.)\S*[^\s.,;:!?)]")


class NoVoice(Exception):
    """No voice speaks this language here (Romani; or espeak-ng is not installed)."""


def speech(*, text: str, voice_language: str) -> Path:
    """A WAV file of the text read in a language's voice, made on first request and cached."""
    voice = LANGUAGES[voice_language].voice if voice_language in LANGUAGES else None
    binary = shutil.which("espeak-ng")
    if voice is None or binary is None:
        raise NoVoice(voice_language)
    text = WEB_ADDRESS.sub("", text[:MAX_CHARACTERS])
    key = hashlib.sha256(f"{voice}\n{text}".encode()).hexdigest()
    path = CACHE_DIR / f"{key}.wav"
    if not path.exists():
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".part")
        # The text goes in on stdin, never on the command line: nothing in it is ever read as an option.
        subprocess.run(
            [binary, "-v", voice, "-s", "150", "-w", str(partial), "--stdin"],
            input=text.encode(),
            check=True,
            timeout=30,
            capture_output=True,
        )
        partial.replace(path)
    return path
