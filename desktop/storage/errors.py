"""What storage tells the user when the outbox cannot be used, or a message cannot be changed.

Every error names the file or the message, says what happened in plain words and what to do.
Codes are stable: tests, the CLI and the UI match on them, never on the text.
"""

from __future__ import annotations

from pathlib import Path

from desktop.domain.errors import DomainError
from desktop.domain.i18n import QT_TRANSLATE_NOOP
from desktop.domain.status import Status

_STORAGE_TEMPLATES: dict[str, str] = {
    "read_only": QT_TRANSLATE_NOOP(
        "storage",
        "SMS Desk cannot write to {path} ({reason}). Make sure the folder exists and that you "
        "may change files in it, or start SMS Desk with --data-dir set to a folder you can "
        "write to.",
    ),
    "not_a_database": QT_TRANSLATE_NOOP(
        "storage",
        "{path} is not an SMS Desk database ({reason}). SMS Desk has left the file exactly "
        "as it was. Move it elsewhere, or start SMS Desk with --data-dir set to another folder.",
    ),
    "newer_schema": QT_TRANSLATE_NOOP(
        "storage",
        "{path} was written by a newer version of SMS Desk (database version {found}; this "
        "version understands up to {known}). SMS Desk has left the file untouched. Install "
        "the newer version of SMS Desk to open it.",
    ),
    "disk_full": QT_TRANSLATE_NOOP(
        "storage",
        "The disk that holds {path} is full, so the last change was not saved. Everything "
        "saved before it is still there. Free some space on that disk and try again.",
    ),
    "busy": QT_TRANSLATE_NOOP(
        "storage",
        "{path} stayed locked by another program for more than {seconds} seconds. Close "
        "any other copy of SMS Desk, or any program that has the file open, and try again.",
    ),
    "corrupt": QT_TRANSLATE_NOOP(
        "storage",
        "{path} is damaged and cannot be read safely. Keep a copy of the file as it is, and "
        "restore the outbox from a backup or ask for help before using it again.",
    ),
    "io_error": QT_TRANSLATE_NOOP(
        "storage",
        "The disk reported an error while SMS Desk was using {path}. Check that the disk or "
        "network drive is still connected, and try again.",
    ),
}


class StorageError(DomainError):
    """The outbox file cannot be used as asked. ``path`` is the database file."""

    context = "storage"

    def __init__(self, code: str, path: Path | str, **params: object) -> None:
        super().__init__(code, _STORAGE_TEMPLATES[code], path=str(path), **params)
        self.path = Path(path)


class MessageNotFound(DomainError):
    context = "storage"

    def __init__(self, message_id: int) -> None:
        super().__init__(
            "not_found",
            QT_TRANSLATE_NOOP(
                "storage", "There is no message {id} in the outbox. It may have been removed."
            ),
            id=message_id,
        )
        self.message_id = message_id


_NOT_EDITABLE_STATUS = QT_TRANSLATE_NOOP(
    "storage",
    "Message {id} cannot be changed because it is {status}. Only queued, waiting-to-retry "
    "and failed messages can be changed.",
)
_NOT_EDITABLE_ELSEWHERE = QT_TRANSLATE_NOOP(
    "storage",
    "Message {id} was sent from elsewhere, not from this desk, so SMS Desk cannot change it.",
)
_NOT_CANCELLABLE_SENDING = QT_TRANSLATE_NOOP(
    "storage",
    "Message {id} cannot be cancelled: it is being sent right now. Look again in a moment "
    "to see whether it went.",
)
_NOT_CANCELLABLE_STATUS = QT_TRANSLATE_NOOP(
    "storage",
    "Message {id} cannot be cancelled because it is {status}. Only queued, waiting-to-retry "
    "and failed messages can be cancelled.",
)
_NOT_CANCELLABLE_ELSEWHERE = QT_TRANSLATE_NOOP(
    "storage",
    "Message {id} was sent from elsewhere, not from this desk. BokaMera cannot cancel a "
    "message once it has it, so SMS Desk cannot cancel this one.",
)
_NOT_FOUND_EDIT = QT_TRANSLATE_NOOP(
    "storage", "Message {id} cannot be changed: there is no such message in the outbox."
)
_NOT_FOUND_CANCEL = QT_TRANSLATE_NOOP(
    "storage", "Message {id} cannot be cancelled: there is no such message in the outbox."
)


class NotEditable(DomainError):
    """Codes: "not_editable" (the status, or origin, forbids it), "not_found"."""

    context = "storage"

    @classmethod
    def because_status(cls, message_id: int, status: Status) -> NotEditable:
        return cls("not_editable", _NOT_EDITABLE_STATUS, id=message_id, status=status.value)

    @classmethod
    def because_elsewhere(cls, message_id: int) -> NotEditable:
        return cls("not_editable", _NOT_EDITABLE_ELSEWHERE, id=message_id)

    @classmethod
    def not_found(cls, message_id: int) -> NotEditable:
        return cls("not_found", _NOT_FOUND_EDIT, id=message_id)


class NotCancellable(DomainError):
    """Codes: "not_cancellable" (being sent, already final, or not ours), "not_found"."""

    context = "storage"

    @classmethod
    def because_status(cls, message_id: int, status: Status) -> NotCancellable:
        if status is Status.SENDING:
            return cls("not_cancellable", _NOT_CANCELLABLE_SENDING, id=message_id)
        return cls("not_cancellable", _NOT_CANCELLABLE_STATUS, id=message_id, status=status.value)

    @classmethod
    def because_elsewhere(cls, message_id: int) -> NotCancellable:
        return cls("not_cancellable", _NOT_CANCELLABLE_ELSEWHERE, id=message_id)

    @classmethod
    def not_found(cls, message_id: int) -> NotCancellable:
        return cls("not_found", _NOT_FOUND_CANCEL, id=message_id)


class ServerIdTaken(DomainError):
    """Two of this desk's messages cannot both be the same message at the server."""

    context = "storage"

    def __init__(self, message_id: int, server_id: int, other_id: int) -> None:
        super().__init__(
            "server_id_taken",
            QT_TRANSLATE_NOOP(
                "storage",
                "Message {id} cannot be marked as the server's message {server_id}: "
                "message {other_id} already is. Two identical messages may have been "
                "queued; check both in the log before sending either again.",
            ),
            id=message_id,
            server_id=server_id,
            other_id=other_id,
        )
