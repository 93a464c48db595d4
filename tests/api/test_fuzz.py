"""Schemathesis against the hub's OpenAPI schema, in process, on a fresh database: generated requests (valid and
invalid bodies, odd strings, huge numbers) to every route must never cause a 500, and every answer the schema
describes must match it. Derandomised, so that every CI run tries the same requests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance
from sqlalchemy.orm import Session

from kiosk_api import config
from kiosk_api.database import get_engine
from kiosk_api.deps import STAFF_COOKIE as COOKIE
from kiosk_api.main import create_app
from kiosk_api.staff import service as staff
from kiosk_api.staff.models import Role
from tests.conftest import PASSWORD, fresh_database

# Event streams stay open by design; health answers 503 on purpose when the bot is down (tests/system/test_health.py).
LEFT_OUT = r"/events$|^/api/health$"
# FastAPI describes its API in OpenAPI 3.1, which Schemathesis 3 reads behind this switch.
schemathesis.experimental.OPEN_API_3_1.enable()


# The staff session cookie of an administrator, so that the staff routes are fuzzed past their login check too.
ADMIN_SESSION: dict[str, str] = {}


@pytest.fixture(scope="module")
def hub_schema(tmp_path_factory: pytest.TempPathFactory) -> Iterator[schemathesis.schemas.BaseSchema]:
    """The schema of a hub on its own fresh database, with no bot behind it and one administrator."""
    directory: Path = tmp_path_factory.mktemp("fuzz")
    database_url = fresh_database("sqlite", directory)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DATABASE_URL", database_url)
        patch.setenv("RASA_URL", "http://127.0.0.1:9")  # nothing listens: the hub answers for the bot
        patch.setenv("RASA_TIMEOUT_SECONDS", "1")
        config.get_settings.cache_clear()
        app = create_app()
        with Session(get_engine(database_url)) as db:
            staff.create_member(db=db, email="fuzz@kentro.example", name="Fuzz", role=Role.admin, password=PASSWORD)
        client = TestClient(app)
        client.post("/api/staff/login", json={"email": "fuzz@kentro.example", "password": PASSWORD})
        ADMIN_SESSION[COOKIE] = client.cookies[COOKIE]
        yield schemathesis.from_asgi("/openapi.json", app).exclude(path_regex=LEFT_OUT)
    config.get_settings.cache_clear()


schema = schemathesis.from_pytest_fixture("hub_schema")


@schema.parametrize()
@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_no_request_breaks_the_hub(case: schemathesis.Case) -> None:
    response = case.call(headers={"Origin": "http://testserver"})
    case.validate_response(response, checks=(not_a_server_error, response_schema_conformance))


@schema.parametrize()
@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_no_request_of_a_logged_in_administrator_breaks_the_hub(case: schemathesis.Case) -> None:
    response = case.call(headers={"Origin": "http://testserver"}, cookies=ADMIN_SESSION)
    case.validate_response(response, checks=(not_a_server_error, response_schema_conformance))
