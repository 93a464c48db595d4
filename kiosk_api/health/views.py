"""GET /api/health."""

from __future__ import annotations

from fastapi import APIRouter, Response
from pydantic import BaseModel

from kiosk_api.health.service import check_parts

router = APIRouter(tags=["health"])


class Health(BaseModel):
    """Overall status and the status of each part."""

    status: str
    parts: dict[str, str]


@router.get("/api/health", response_model=Health, summary="Whether each part of the system is up")
async def health(response: Response) -> Health:
    """Report each part; answer 503 when any part is down, so a load balancer can tell."""
    parts = await check_parts()
    healthy = all(state == "up" for state in parts.values())
    if not healthy:
        response.status_code = 503
    return Health(status="ok" if healthy else "degraded", parts=parts)
