"""The centre's daily visitor log and the monthly indicators computed from the records."""
