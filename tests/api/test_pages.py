"""What the kiosk and the console pages rely on, without a browser: a strict Content-Security-Policy, every string
from the catalogs, speech in the languages that have a voice, and programmes to browse with the assistant down."""

from fastapi.testclient import TestClient

from kiosk_api.main import create_app
from kiosk_api.nlg.service import render

client = TestClient(create_app())


def test_the_pages_run_no_inline_script_and_cannot_be_framed() -> None:
    for path in ("/kiosk", "/staff"):
        page = client.get(path)
        policy = page.headers["content-security-policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy and "frame-ancestors 'none'" in policy
        assert "<script>" not in page.text and "onclick" not in page.text and "http" not in page.text.split("<body>")[1]


def test_the_console_is_found_at_the_address_staff_would_guess() -> None:
    # An independent try (helper-158) was told the console is at /console: 404. Staff will guess it too.
    for path in ("/console", "/console/"):
        guessed = client.get(path, follow_redirects=False)
        assert guessed.status_code == 308 and guessed.headers["location"] == "/staff", path


def test_the_kiosk_has_its_text_in_every_language_and_the_console_in_greek_and_english() -> None:
    kiosk = client.get("/api/kiosk/strings").json()
    assert set(kiosk) == {"el", "en", "ar", "rom"}
    assert kiosk["ar"]["direction"] == "rtl" and kiosk["el"]["autonym"] == "Ελληνικά"
    assert len({kiosk[code]["touch_to_start"] for code in kiosk}) == 4
    console = client.get("/api/console/strings").json()
    assert set(console) == {"el", "en"} and console["el"]["claim"] != console["en"]["claim"]


def test_answers_are_read_aloud_and_romani_is_offered_the_greek_voice() -> None:
    for language, text in (("el", "Καλημέρα σας"), ("en", "Good morning"), ("ar", "صباح الخير")):
        speech = client.get("/api/speech", params={"language": language, "text": text})
        assert speech.status_code == 200 and speech.headers["content-type"] == "audio/wav"
        assert speech.content[:4] == b"RIFF"
    romani = client.get("/api/speech", params={"language": "rom", "text": "Σαστίπε"})
    assert romani.status_code == 404 and romani.json()["error"]["code"] == "no_voice"
    greek_voice = client.get("/api/speech", params={"language": "rom", "voice": "el", "text": "Σαστίπε"})
    assert greek_voice.status_code == 200
    # Text that looks like an option is read, never obeyed.
    assert client.get("/api/speech", params={"language": "en", "text": "--help -w /etc/passwd"}).status_code == 200


def test_web_addresses_are_not_read_aloud() -> None:
    with_address = client.get(
        "/api/speech", params={"language": "en", "text": "Official page: https://opeka.gr/oikogeneies/ or www.gov.gr."}
    )
    without = client.get("/api/speech", params={"language": "en", "text": "Official page:  or ."})
    assert with_address.status_code == 200 and with_address.content == without.content


def test_programmes_read_as_the_assistant_answers_them() -> None:
    listed = client.get("/api/programmes", params={"language": "ar"}).json()
    assert {programme["id"] for programme in listed} >= {"teba", "minimum_income", "housing_allowance"}
    detail = client.get("/api/programmes/teba", params={"language": "ar"}).json()
    expected = render(
        response="utter_programme_answer", arguments={"programme": "teba", "aspect": "amounts"}, language="ar"
    )
    assert detail["aspects"]["amounts"] == expected["text"]
    assert client.get("/api/programmes/nothing").status_code == 404


def test_every_page_has_an_icon_the_hub_serves() -> None:
    # From an independent try: the console's browser asked for /favicon.ico and got 404 on every page load, an error
    # in the log of every caseworker's browser, and a blank tab among the day's tabs.
    for path in ("/kiosk", "/staff", "/phone"):
        page = client.get(path)
        assert page.status_code == 200, path
        assert '<link rel="icon" href="/static/icon.svg"' in page.text, path
    icon = client.get("/static/icon.svg")
    assert icon.status_code == 200 and icon.headers["content-type"].startswith("image/svg+xml")
    assert "<svg" in icon.text
    # Browsers and tools that ask for the old name get the same picture.
    old_name = client.get("/favicon.ico")
    assert old_name.status_code == 200 and old_name.content == icon.content
