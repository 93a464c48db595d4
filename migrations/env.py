"""Alembic environment: the URL is the hub's DATABASE_URL (or the one a caller put in the config)."""

import logging

from alembic import context

from kiosk_api.appointments import models as appointment_models  # noqa: F401 - registers the tables
from kiosk_api.appointments import service as appointment_service
from kiosk_api.channels.kit import models as channel_models  # noqa: F401 - registers the tables
from kiosk_api.channels.telegram import models as telegram_models  # noqa: F401 - registers the tables
from kiosk_api.conversations import models as conversation_models  # noqa: F401 - registers the tables
from kiosk_api.database import Base, get_engine
from kiosk_api.handoff import models as handoff_models  # noqa: F401 - registers the tables
from kiosk_api.learning import models as learning_models  # noqa: F401 - registers the tables
from kiosk_api.records import models as record_models  # noqa: F401 - registers the tables
from kiosk_api.staff import models as staff_models  # noqa: F401 - registers the tables

url = context.config.get_main_option("sqlalchemy.url") or None
with get_engine(url).connect() as connection:
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        # A SQLite migration may rebuild a table (batch mode): with foreign keys on, dropping the old table would
        # delete the rows that refer to it (a handoff's notes). Said before anything is written: SQLite ignores it
        # inside a transaction.
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
    context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
    # Data, not schema, and after the migrations, so that no migration's result changes with today's files.
    appointment_service.copy_services_into_a_new_database(connection)
    connection.commit()
    if sqlite:
        # Said, not raised: the migrations are committed, and a hub that will not start helps nobody at the centre.
        broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        connection.exec_driver_sql("PRAGMA foreign_keys=ON")
        if broken:
            logging.getLogger("alembic").error("rows referring to rows that are not there: %s", broken[:5])
