"""Requests no page sends, from outside: each gets the 4xx it deserves, never a 500 (found by a hostile-input sweep
of the running hub)."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable

import pytest
import yaml
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from kiosk_api import database
from kiosk_api.appointments import service as appointments
from kiosk_api.staff import service as staff
from kiosk_api.staff.models import Role
from kiosk_api.staff.service import MAX_FAILED_LOGINS
from tests.conftest import PASSWORD
from tools.stack import REPO_DIR

NON_ASCII = "κλειδί-🔑".encode()


def test_an_internal_route_with_a_non_ascii_token_is_forbidden(
    hub: Callable[..., TestClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HUB_INTERNAL_TOKEN", "x" * 40)
    client = hub()
    answer = client.post("/api/internal/handoffs", headers={"X-Hub-Token": NON_ASCII}, json={})
    assert answer.status_code == 403
    assert answer.json()["error"]["code"] == "forbidden"


def test_an_appointment_link_with_a_non_ascii_key_is_not_found(
    hub: Callable[..., TestClient], database_url: str
) -> None:
    client = hub()
    with Session(database.get_engine(database_url)) as db:
        member = staff.create_member(
            db=db, email="eleni@kentro.example", name="Ελένη", role=Role.caseworker, password=PASSWORD
        )
        appointments.set_working_plan(
            db=db, staff_id=member.id, hours=[(day, dt.time(8), dt.time(20)) for day in range(7)], breaks=[]
        )
        service = appointments.list_services(db=db)[0]
        appointments.set_providers(db=db, service=service, staff_ids=[member.id])
        now = dt.datetime.now(dt.UTC)
        starts = (now + dt.timedelta(days=2)).replace(hour=9, minute=0, second=0, microsecond=0)
        reference = appointments.book(
            db=db, service_id=service.id, staff_id=member.id, starts_at=starts, language="el", channel="kiosk", now=now
        ).reference
    for path in ("calendar.ics", "qr.svg"):
        answer = client.get(f"/api/appointments/{reference}/{path}", params={"key": "κλειδί"})
        assert answer.status_code == 404, path


@pytest.mark.parametrize(
    "path", ["/kiosk/static/kiosk.js%00.png", "/staff/static/console.js%00.css", "/static/dom.js%00.css"]
)
def test_a_static_file_name_with_a_nul_is_not_found(hub: Callable[..., TestClient], path: str) -> None:
    answer = hub().get(path)
    assert answer.status_code == 404


def _production_trusted_proxies() -> str:
    """The addresses the production hub believes X-Forwarded-For from: the uvicorn flag in the Dockerfile or
    docker-compose.yml if one is given, else uvicorn's FORWARDED_ALLOW_IPS from the hub's environment."""
    compose = yaml.safe_load((REPO_DIR / "docker-compose.yml").read_text())
    dockerfile = (REPO_DIR / "Dockerfile").read_text().replace("\\\n", " ")
    commands = [json.loads(line.removeprefix("CMD ")) for line in dockerfile.splitlines() if line.startswith("CMD [")]
    commands.append(compose["services"]["kiosk_api"].get("command") or [])
    for command in commands:
        if "--forwarded-allow-ips" in command:
            return command[command.index("--forwarded-allow-ips") + 1]
    return compose["services"]["kiosk_api"]["environment"]["FORWARDED_ALLOW_IPS"]


def test_a_forged_forwarded_for_does_not_escape_the_login_limit(hub: Callable[..., TestClient]) -> None:
    # nginx sends the hub the address it saw, replacing whatever the client wrote (not appending to it).
    nginx = (REPO_DIR / "deploy" / "nginx.conf").read_text()
    assert re.search(r"proxy_set_header\s+X-Forwarded-For\s+\$remote_addr;", nginx)
    # The hub, as production runs it: it believes the header only from the proxy. Here the caller is not the proxy.
    trusted = _production_trusted_proxies()
    assert trusted != "*"
    client = TestClient(
        ProxyHeadersMiddleware(hub().app, trusted_hosts=trusted), headers={"Origin": "http://testserver"}
    )
    answers = [
        client.post(
            "/api/staff/login",
            json={"email": f"guess{attempt}@kentro.example", "password": "wrong password"},
            headers={"X-Forwarded-For": f"203.0.113.{attempt}"},
        ).status_code
        for attempt in range(MAX_FAILED_LOGINS + 1)
    ]
    assert answers[-1] == 429, answers
