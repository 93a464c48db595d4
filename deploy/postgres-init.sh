#!/bin/sh
# First start of PostgreSQL only: a second database for Rasa's trackers, beside the hub's.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -c "CREATE DATABASE \"$RASA_TRACKER_DB\" OWNER \"$POSTGRES_USER\""
