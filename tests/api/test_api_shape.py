"""The API as documented: every route in the OpenAPI schema with a summary, streams declared as event streams, and
the database schema the migrations build matching the models."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from fastapi.testclient import TestClient

from kiosk_api.database import Base, get_engine
from kiosk_api.main import create_app

REQUIRED = {
    ("post", "/api/conversations"),
    ("post", "/api/conversations/{conversation_id}/messages"),
    ("get", "/api/conversations/{conversation_id}/messages"),
    ("get", "/api/conversations/{conversation_id}/events"),
    ("post", "/api/conversations/{conversation_id}/consent"),
    ("delete", "/api/conversations/{conversation_id}"),
    ("post", "/api/staff/login"),
    ("post", "/api/staff/logout"),
    ("get", "/api/handoffs"),
    ("post", "/api/handoffs"),
    ("get", "/api/handoffs/live"),
    ("get", "/api/handoffs/events"),
    ("get", "/api/handoffs/{handoff_id}"),
    ("post", "/api/handoffs/{handoff_id}/claim"),
    ("post", "/api/handoffs/{handoff_id}/messages"),
    ("post", "/api/handoffs/{handoff_id}/notes"),
    ("post", "/api/handoffs/{handoff_id}/transfer"),
    ("post", "/api/handoffs/{handoff_id}/resolve"),
}


@pytest.fixture(scope="module")
def schema() -> dict:
    return TestClient(create_app()).get("/openapi.json").json()


def test_every_required_route_is_in_the_schema_with_a_summary_and_a_description(schema: dict) -> None:
    documented = {
        (method, path): operation for path, item in schema["paths"].items() for method, operation in item.items()
    }
    assert set(documented) >= REQUIRED
    for route, operation in documented.items():
        assert operation.get("summary") and operation.get("description"), route


def test_live_routes_are_declared_as_event_streams(schema: dict) -> None:
    for path in ("/api/handoffs/events", "/api/conversations/{conversation_id}/events"):
        assert "text/event-stream" in schema["paths"][path]["get"]["responses"]["200"]["content"]


def test_a_message_is_kept_whole_up_to_a_megabyte(schema: dict) -> None:
    message = schema["components"]["schemas"]["CitizenMessage"]["properties"]["text"]
    assert message["anyOf"][0]["maxLength"] == 1_048_576


def test_the_internal_route_is_not_published(schema: dict) -> None:
    assert not [path for path in schema["paths"] if "internal" in path]


def test_the_migrations_build_exactly_the_tables_of_the_models(database_url: str) -> None:
    with get_engine(database_url).connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []
