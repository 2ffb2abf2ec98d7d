"""SMS Desk: an offline-first desktop outbox for BokaMera SMS reminders."""

__version__ = "0.1.0"
