"""Staff: accounts with roles, login sessions, and the audit log of what staff read and do."""
