"""Appointments: services, working plans, exceptions, slots, bookings, reminders, waiting list, check-in."""
