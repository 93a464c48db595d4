"""Learning from the centre: what the assistant understood of each message, reviewed by staff, turned into training
examples (issue 24)."""
