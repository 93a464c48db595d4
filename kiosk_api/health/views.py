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
    """Report each part; answer 503 when a part the hub needs to answer is down, so a load balancer can tell; a
    channel's stalled outbox makes the status "degraded" but not 503 (the kiosk and the console still work)."""
    parts = await check_parts()
    if any(parts[part] != "up" for part in SERVING):
        response.status_code = 503
    healthy = all(state in ("up", "clear") for state in parts.values())
    return Health(status="ok" if healthy else "degraded", parts=parts)
