"""The channel kit's pieces that need no hub."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from kiosk_api.channels.kit.hub import CLIENT_ID_LENGTH, client_id
from kiosk_api.channels.kit.turns import OneAtATime


def test_a_client_id_fits_the_hub_however_long_the_platforms_id() -> None:
    # Found in the independent try of the app channel: an app's 62-character message id became a 65-character client
    # id, which the hub refused, and the channel asked the app to send it again, for ever.
    assert client_id("wh", "msg-1") == "wh:msg-1"
    long_ids = ["x" * 62, "x" * 63, "firebase/" + "a" * 200, "firebase/" + "a" * 199 + "b"]
    made = [client_id("wh", long_id) for long_id in long_ids]
    assert all(len(made_id) <= CLIENT_ID_LENGTH and made_id.startswith("wh:") for made_id in made)
    assert len(set(made)) == len(long_ids), "different messages keep different ids"
    assert made == [client_id("wh", long_id) for long_id in long_ids], "the same message, the same id, every time"


def test_one_keys_work_is_done_in_order_and_other_keys_alongside() -> None:
    done: list[str] = []

    async def work(locks: OneAtATime, key: str, name: str, pause: float) -> None:
        async with locks.hold(key):
            await asyncio.sleep(pause)
            done.append(name)

    async def scenario() -> None:
        locks = OneAtATime()
        await asyncio.gather(
            work(locks, "maria", "maria-1", 0.05),
            work(locks, "maria", "maria-2", 0),
            work(locks, "maria", "maria-3", 0),
            work(locks, "ahmad", "ahmad-1", 0),
        )
        assert not locks._locks, "nothing is kept once the work is done"

    # In a thread of its own: the browser tests' Playwright keeps an event loop running in this one.
    with ThreadPoolExecutor(1) as thread:
        thread.submit(asyncio.run, scenario()).result()
    assert [name for name in done if name.startswith("maria")] == ["maria-1", "maria-2", "maria-3"]
    assert done.index("ahmad-1") < done.index("maria-1"), "another citizen does not wait"


def test_only_lines_with_right_to_left_words_are_marked_right_to_left() -> None:
    # From an independent try on Telegram: a caseworker's Greek reply in an Arabic chat was laid out right to left,
    # its full stop at the start of the line.
    from kiosk_api.channels.kit.text import RIGHT_TO_LEFT_MARK, for_language

    arabic = "112 — رقم الطوارئ"
    greek = "Καλημέρα σας. Θα σας καλέσουμε αύριο."
    marked = for_language(f"{arabic}\n\n{greek}", "ar").split("\n")
    assert marked == [RIGHT_TO_LEFT_MARK + arabic, "", greek]
    assert for_language(greek, "el") == greek
