"""Appointment routes, by audience: anyone (`public`), the citizen (`citizens`), staff at the desk (`desk`),
administrators (`admin`), and the bot (`bot`, internal); what they take and give is in `schemas`."""

from fastapi import APIRouter

from kiosk_api.appointments.views import admin, bot, citizens, desk, public

router = APIRouter()
for audience in (public, citizens, desk, admin):
    router.include_router(audience.router)
internal = bot.internal
