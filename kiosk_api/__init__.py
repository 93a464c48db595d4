"""The conversation hub: FastAPI application serving the NLG endpoint, health and (later) channels and staff."""
