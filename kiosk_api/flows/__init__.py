"""What changes several domains at once: a citizen's message (danger, the bot, staff, the waiting list), a freed
appointment offered to the waiting list, a conversation erased with the people booked from it, a handoff closed.

The domains (`conversations`, `appointments`, `handoff`, `danger`, …) never import this package; routes, jobs and
channels call it where they would otherwise have chained several services (`make lint` checks the direction).
"""
