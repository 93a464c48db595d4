"""Create the first administrator: `make admin EMAIL=... NAME=...` (asks for the password, or reads
STAFF_ADMIN_PASSWORD)."""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from sqlalchemy.orm import Session

from kiosk_api.database import get_engine, migrate
from kiosk_api.staff import service
from kiosk_api.staff.models import Role


def main() -> int:
    """Create the account, or say why not."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--email", required=True)
    parser.add_argument("--name", required=True)
    args = parser.parse_args()
    password = os.environ.get("STAFF_ADMIN_PASSWORD") or getpass.getpass("Password (at least 10 characters): ")
    migrate()
    with Session(get_engine()) as db:
        if service.get_member_by_email(db=db, email=args.email):
            print(f"An account for {args.email} exists already.", file=sys.stderr)
            return 1
        try:
            member = service.create_member(db=db, email=args.email, name=args.name, role=Role.admin, password=password)
        except ValueError as error:
            print(f"Not created: {error}.", file=sys.stderr)
            return 1
        service.audit(db=db, member=None, action="account_created", target=f"staff:{member.id}", detail="first admin")
        print(f"Administrator {member.email} created.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
