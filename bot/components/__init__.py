"""The bot's custom NLU components. Importing them (Rasa does, when it loads the model) also trims Rasa's costs per
turn (issue 22): its constant JSON schemas are checked once instead of on every action and NLG answer
(`schema_checks`), NLG requests no longer carry every event of the conversation (`nlg_requests`), and an event's
class is looked up instead of searched for at each of the tracker's events on every turn (`event_types`).

`BENCH_RASA_AS_SHIPPED=1` leaves Rasa as shipped, so that a benchmark can measure both on the same machine."""

import os

# Read once here; the tracker stores (components.tracker_stores) follow it too.
AS_SHIPPED = os.environ.get("BENCH_RASA_AS_SHIPPED") == "1"

if not AS_SHIPPED:
    from components import event_types, nlg_requests, schema_checks  # noqa: F401 - imported for their effect on Rasa
