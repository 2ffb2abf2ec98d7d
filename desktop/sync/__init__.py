"""The sync engine: APScheduler jobs that dispatch, retry, reconcile and pull history."""
