"""GET /api/health tells which parts are up."""

import httpx
import pytest

from tools.stack import Stack, free_port


@pytest.mark.rasa
def test_every_part_is_up_when_the_system_runs(stack: Stack) -> None:
    reply = httpx.get(f"{stack.api_url}/api/health", timeout=10)
    assert reply.status_code == 200
    assert reply.json() == {
        "status": "ok",
        "parts": {
            "kiosk_api": "up",
            "database": "up",
            "rasa": "up",
            "action_server": "up",
            "telegram_outbox": "clear",
            "webhook_outbox": "clear",
        },
    }


def test_a_part_that_is_down_is_reported_with_503(tmp_path) -> None:
    lonely = Stack(api_port=free_port(), rasa_port=free_port(), action_port=free_port(), log_dir=tmp_path)
    lonely.start_api()
    try:
        lonely.wait_ready(timeout=60)
        reply = httpx.get(f"{lonely.api_url}/api/health", timeout=10)
        # Alive all the same: a container's healthcheck does not take the console down with Rasa.
        assert httpx.get(f"{lonely.api_url}/api/health/live", timeout=10).json() == {"status": "alive"}
    finally:
        lonely.stop_all()
    assert reply.status_code == 503
    assert reply.json() == {
        "status": "down",
        "parts": {
            "kiosk_api": "up",
            "database": "up",
            "rasa": "down",
            "action_server": "down",
            "telegram_outbox": "clear",
            "webhook_outbox": "clear",
        },
    }
