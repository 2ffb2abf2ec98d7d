"""A BokaMera-compatible HTTP server for practice mode, demos and tests.

Use ``from desktop.sandbox.server import SandboxServer``. It follows BOKAMERA_API.md; where
that document says UNKNOWN the sandbox had to pick something, and the pick is a setting:

- Dates out: ISO-8601 in Swedish time with the offset, e.g. ``2026-03-02T10:00:00+01:00``,
  microseconds only when not zero (``set_wire_format(date_style=...)`` switches to
  ``iso-utc``, ``iso-local`` (no offset) or ``wcf`` ``/Date(ms+0100)/``). Dates in: ISO
  with or without offset (offset-less = Europe/Stockholm), ``/Date(ms)/``; MinValue or no
  ToSendDate means "now".
- Null properties are written as ``null``; ``set_wire_format(omit_nulls=True)`` leaves them
  out as ServiceStack.Text does by default. ``Total`` is null unless ``Include=Total``.
- The SMS message type allows 918 characters (UTF-16 code units, as .NET counts) and has an
  empty DefaultText; ``set_sms_type(max_characters=..., default_text=...)`` changes both.
- Token errors copy Keycloak: a bad password is 401 ``invalid_grant``, a dead refresh token
  400 ``invalid_grant`` (see auth.py).

No Qt, and nothing about requests is logged or printed (numbers and bodies stay private).
"""
