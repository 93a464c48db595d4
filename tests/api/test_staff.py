"""Staff accounts: argon2 passwords, HttpOnly session cookies, rate-limited login, admin-only account management,
an audit log, and the command that creates the first admin."""

import os
import re
import subprocess
import sys
from collections.abc import Callable

import argon2
import pytest
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from kiosk_api.database import get_engine
from kiosk_api.deps import current_member, current_staff
from kiosk_api.main import create_app
from kiosk_api.staff import service
from kiosk_api.staff.models import Role
from tests.conftest import PASSWORD


@pytest.fixture
def client(hub: Callable[..., TestClient], database_url: str) -> TestClient:
    """A hub client with one admin and one caseworker."""
    client = hub()
    with Session(get_engine(database_url)) as db:
        service.create_member(db=db, email="admin@kentro.example", name="Άννα", role=Role.admin, password=PASSWORD)
        service.create_member(db=db, email="case@kentro.example", name="Νίκος", role=Role.caseworker, password=PASSWORD)
    return client


def log_in(client: TestClient, email: str, password: str = PASSWORD) -> int:
    return client.post("/api/staff/login", json={"email": email, "password": password}).status_code


def test_login_sets_an_httponly_strict_cookie_and_logout_ends_the_session(client: TestClient) -> None:
    answer = client.post("/api/staff/login", json={"email": "Admin@Kentro.example ", "password": PASSWORD})
    assert answer.status_code == 200 and answer.json()["role"] == "admin"
    cookie = answer.headers["set-cookie"].lower()
    assert "staff_session=" in cookie and "httponly" in cookie and "samesite=strict" in cookie
    assert client.get("/api/staff/me").json()["email"] == "admin@kentro.example"
    assert client.post("/api/staff/logout").status_code == 204
    assert client.get("/api/staff/me").status_code == 401


def test_passwords_are_stored_as_argon2_hashes(client: TestClient, database_url: str) -> None:
    with Session(get_engine(database_url)) as db:
        member = service.get_member_by_email(db=db, email="case@kentro.example")
        assert member.password_hash.startswith("$argon2id$") and PASSWORD not in member.password_hash


def test_a_wrong_password_is_refused_without_saying_which_part_was_wrong(client: TestClient) -> None:
    wrong_password = client.post("/api/staff/login", json={"email": "case@kentro.example", "password": "nope"})
    unknown_email = client.post("/api/staff/login", json={"email": "who@kentro.example", "password": "nope"})
    assert wrong_password.status_code == unknown_email.status_code == 401
    assert wrong_password.json() == unknown_email.json()


def test_an_unknown_address_takes_a_password_check_as_a_wrong_password_does(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Refused without checking any password, an unknown address was answered in a fraction of the time a wrong
    # password took (argon2 takes a fifth of a second): a stranger timing the two could tell staff addresses apart.
    checked: list[str] = []

    class CountingHasher(argon2.PasswordHasher):
        def verify(self, hashed: str | bytes, password: str | bytes) -> bool:
            checked.append(str(hashed))
            return super().verify(hashed, password)

    monkeypatch.setattr(service, "_hasher", CountingHasher(time_cost=1, memory_cost=1024, parallelism=1))
    for email in ("case@kentro.example", "who@kentro.example"):
        assert client.post("/api/staff/login", json={"email": email, "password": "nope"}).status_code == 401
    assert len(checked) == 2 and all(hashed.startswith("$argon2id$") for hashed in checked)


def test_login_is_rate_limited(client: TestClient) -> None:
    for _ in range(service.MAX_FAILED_LOGINS):
        assert log_in(client, "case@kentro.example", "wrong password") == 401
    assert log_in(client, "case@kentro.example") == 429  # even the right password waits now
    assert (
        client.post("/api/staff/login", json={"email": "case@kentro.example", "password": PASSWORD}).json()["error"][
            "code"
        ]
        == "too_many_attempts"
    )


def _needs(dependant: Dependant, login: Callable[..., object]) -> bool:
    return any(dependency.call is login or _needs(dependency, login) for dependency in dependant.dependencies)


def staff_routes(login: Callable[..., object] = current_member) -> list[tuple[str, str]]:
    """Every route that depends on a staff login (of any role, or of the one given), read from the app itself so
    that none is forgotten."""
    return sorted(
        (method.lower(), re.sub(r"\{[^}]+\}", "1", route.path))
        for route in create_app().routes
        if isinstance(route, APIRoute) and _needs(route.dependant, login)
        for method in route.methods
    )


def test_the_staff_routes_include_the_queue_the_desk_and_the_accounts() -> None:
    expected = {
        ("get", "/api/handoffs/events"),
        ("post", "/api/handoffs/1/transfer"),
        ("get", "/api/staff/audit"),
        ("get", "/api/desk/today"),
        ("put", "/api/services/1"),
        ("get", "/api/reports/monthly"),
    }
    assert expected <= set(staff_routes())


@pytest.mark.parametrize(("method", "path"), staff_routes())
def test_no_staff_route_answers_without_login(client: TestClient, method: str, path: str) -> None:
    answer = client.request(method, path, json={})
    assert answer.status_code == 401
    assert answer.json()["error"]["code"] == "not_logged_in"


@pytest.mark.parametrize(("method", "path"), staff_routes(current_staff))
def test_a_reviewer_reaches_no_conversation_and_no_desk(
    client: TestClient, database_url: str, method: str, path: str
) -> None:
    # A reviewer (a Roma mediator teaching the assistant) reads masked messages, nothing of the caseworkers'.
    with Session(get_engine(database_url)) as db:
        service.create_member(db=db, email="mediator@kentro.example", name="Ρ.", role=Role.reviewer, password=PASSWORD)
    assert log_in(client, "mediator@kentro.example") == 200
    answer = client.request(method, path, json={}, headers={"Origin": str(client.base_url)})
    assert answer.status_code == 403
    assert answer.json()["error"]["code"] in ("reviewers_teach_only", "admins_only")


def test_a_change_with_the_staff_cookie_must_come_from_the_hubs_own_pages(client: TestClient) -> None:
    assert log_in(client, "admin@kentro.example") == 200
    account = {"email": "new@kentro.example", "name": "Νέα", "role": "caseworker", "password": PASSWORD}
    forgeries = (
        {"Origin": "https://evil.example"},
        {"Origin": "null"},  # a sandboxed page elsewhere
        {"Origin": ""},  # nothing said at all
        {"Origin": "", "Referer": "https://evil.example/page"},
    )
    for forged in forgeries:
        refused = client.post("/api/staff/accounts", json=account, headers=forged)
        assert refused.status_code == 403 and refused.json()["error"]["code"] == "cross_site_request"
        assert refused.headers["X-Content-Type-Options"] == "nosniff"
    # Reading is not a change; and the console's own page may change things.
    assert client.get("/api/staff/accounts", headers={"Origin": "https://evil.example"}).status_code == 200
    assert (
        client.post(
            "/api/staff/accounts", json=account, headers={"Origin": "", "Referer": "http://testserver/staff"}
        ).status_code
        == 201
    )


def test_a_caseworker_cannot_act_as_an_admin(client: TestClient) -> None:
    assert log_in(client, "case@kentro.example") == 200
    for method, path in (
        ("get", "/api/staff/accounts"),
        ("get", "/api/staff/audit"),
        ("patch", "/api/staff/accounts/1"),
    ):
        answer = client.request(method, path, json={"role": "admin"})
        assert answer.status_code == 403 and answer.json()["error"]["code"] == "admins_only"
    new = {"email": "x@kentro.example", "name": "X", "role": "admin", "password": PASSWORD}
    assert client.post("/api/staff/accounts", json=new).status_code == 403


def test_an_admin_manages_accounts_and_everything_is_audited(client: TestClient) -> None:
    assert log_in(client, "admin@kentro.example") == 200
    new = {"email": "psy@kentro.example", "name": "Ελένη", "role": "caseworker", "password": PASSWORD}
    created = client.post("/api/staff/accounts", json=new)
    assert created.status_code == 201
    assert client.post("/api/staff/accounts", json=new).json()["error"]["code"] == "email_taken"
    member_id = created.json()["id"]
    assert client.patch(f"/api/staff/accounts/{member_id}", json={"active": False}).json()["active"] is False
    assert {m["email"] for m in client.get("/api/staff/accounts").json()} >= {"psy@kentro.example"}
    actions = [entry["action"] for entry in client.get("/api/staff/audit").json()]
    assert actions[:3] == ["account_changed", "account_created", "login"]
    other = TestClient(client.app, headers=client.headers)
    assert log_in(other, "psy@kentro.example") == 401  # deactivated accounts cannot log in


def test_deactivating_an_account_ends_its_sessions(client: TestClient) -> None:
    caseworker = TestClient(client.app, headers=client.headers)
    assert log_in(caseworker, "case@kentro.example") == 200
    assert log_in(client, "admin@kentro.example") == 200
    member_id = next(m["id"] for m in client.get("/api/staff/accounts").json() if m["email"] == "case@kentro.example")
    client.patch(f"/api/staff/accounts/{member_id}", json={"active": False})
    assert caseworker.get("/api/staff/me").status_code == 401


def test_weak_passwords_and_bad_emails_are_refused(client: TestClient) -> None:
    assert log_in(client, "admin@kentro.example") == 200
    for body in (
        {"email": "a@kentro.example", "name": "A", "role": "caseworker", "password": "short"},
        {"email": "not an email", "name": "A", "role": "caseworker", "password": PASSWORD},
        {"email": "a@kentro.example", "name": "A", "role": "boss", "password": PASSWORD},
    ):
        assert client.post("/api/staff/accounts", json=body).json()["error"]["code"] == "invalid_request"


def test_the_command_creates_the_first_admin(database_url: str) -> None:
    environment = {**os.environ, "DATABASE_URL": database_url, "STAFF_ADMIN_PASSWORD": PASSWORD}
    command = [sys.executable, "-m", "kiosk_api.staff.create_admin", "--email", "boss@kentro.example", "--name", "Boss"]
    first = subprocess.run(command, env=environment, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    again = subprocess.run(command, env=environment, capture_output=True, text=True)
    assert again.returncode == 1 and "exists" in again.stderr
    with Session(get_engine(database_url)) as db:
        assert service.get_member_by_email(db=db, email="boss@kentro.example").role == Role.admin


def test_a_number_too_large_for_the_database_is_refused_not_a_crash(client: TestClient) -> None:
    assert log_in(client, "admin@kentro.example") == 200
    for path in ("/api/handoffs/99999999999999999999999", "/api/staff/accounts/99999999999999999999999"):
        answer = client.request("GET" if "handoffs" in path else "PATCH", path, json={"role": "admin"})
        assert answer.status_code == 422 and answer.json()["error"]["code"] == "invalid_request"
