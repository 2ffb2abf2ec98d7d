"""Keep phone numbers out of httpx's own log lines.

httpx logs every request at INFO with its full URL, and GET /messages/log carries the
receiver in the query string. Logs must never hold a number in full (DESIGN.md invariant 6),
so a filter on the "httpx" logger drops query strings before any handler sees them.
"""

from __future__ import annotations

import logging
import sys
import threading

_lock = threading.Lock()


class DropQueryStrings(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        # Looked up, not imported: logging is set up before anything loads httpx (start-up
        # paints the window first), and without httpx loaded no record can hold its URL.
        httpx = sys.modules.get("httpx")
        if httpx is None:
            return True
        if isinstance(record.args, tuple) and any(
            isinstance(a, httpx.URL) and a.query for a in record.args
        ):
            record.args = tuple(
                a.copy_with(query=None) if isinstance(a, httpx.URL) else a for a in record.args
            )
        return True


def install() -> None:
    """Idempotent: add the filter to the httpx logger once per process."""
    logger = logging.getLogger("httpx")
    with _lock:
        if not any(isinstance(f, DropQueryStrings) for f in logger.filters):
            logger.addFilter(DropQueryStrings())
