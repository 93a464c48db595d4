"""The retention job: delete transcripts older than RETENTION_DAYS after their last message.

The hub runs it every hour; `python -m kiosk_api.flows.retention` (`make purge`) runs it once.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging

from starlette.concurrency import run_in_threadpool

from kiosk_api.config import get_settings
from kiosk_api.database import new_session
from kiosk_api.flows import erasure

INTERVAL_SECONDS = 3600
logger = logging.getLogger(__name__)


def purge_once(*, now: dt.datetime | None = None) -> int:
    """Delete the expired transcripts now; return how many conversations went."""
    days = get_settings().retention_days
    if days <= 0:
        return 0
    cutoff = (now or dt.datetime.now(dt.UTC)) - dt.timedelta(days=days)
    with new_session() as db:
        purged = erasure.purge_expired(db=db, older_than=cutoff)
    if purged:
        logger.info("Retention: deleted %d conversations with no message since %s.", purged, cutoff.isoformat())
    return purged


async def purge_periodically() -> None:
    """Purge every hour for as long as the hub runs (every replica may; deleting twice is harmless)."""
    while True:
        try:
            await run_in_threadpool(purge_once)
        except Exception:  # a failed run must not stop the next one; it is logged with its traceback
            logger.exception("Retention run failed; trying again in an hour.")
        await asyncio.sleep(INTERVAL_SECONDS)


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    print(f"Deleted {purge_once()} conversations older than {get_settings().retention_days} days.")
