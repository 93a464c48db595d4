"""The staff console: the queue, conversations, the front desk, knowledge review, reports and administration."""
