"""GET /api/health."""

from __future__ import annotations

from fastapi import APIRouter, Response
from pydantic import BaseModel

from kiosk_api.health.service import SERVING, check_parts

router = APIRouter(tags=["health"])


class Health(BaseModel):
    """Overall status and the status of each part."""

    status: str
    parts: dict[str, str]


@router.get("/api/health", response_model=Health, summary="Whether each part of the system is up")
async def health(response: Response) -> Health:
    """Report each part. "down" with 503 when a part the hub needs to answer a citizen is down, so a load balancer
    can tell; "degraded" with 200 when only a channel's outbox is stalled (the kiosk and the console still work);
    "ok" otherwise."""
    parts = await check_parts()
    if any(parts[part] != "up" for part in SERVING):
        response.status_code = 503
        return Health(status="down", parts=parts)
    return Health(status="ok" if all(state in ("up", "clear") for state in parts.values()) else "degraded", parts=parts)


class Alive(BaseModel):
    """The hub's process answers."""

    status: str = "alive"


@router.get("/api/health/live", response_model=Alive, summary="Whether the hub's process answers (nothing else)")
def alive() -> Alive:
    """For a container's healthcheck: 200 whenever the hub answers, Rasa loading or not (the staff console and the
    kiosk's programme pages work without it); `/api/health` says which part is down."""
    return Alive()
