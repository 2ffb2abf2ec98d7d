"""Reading an SQLite file's 100-byte header without letting SQLite near the file.

open_database looks here first, so a file that is not ours (a spreadsheet, another program's
database) or one from a newer SMS Desk is refused before anything could write to it: SQLite
itself would happily create tables in a foreign database, or a WAL file beside it.
See https://www.sqlite.org/fileformat.html#the_database_header.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

SQLITE_MAGIC = b"SQLite format 3\x00"
HEADER_SIZE = 100
_USER_VERSION_OFFSET = 60
_APPLICATION_ID_OFFSET = 68
# Page 1 holds the schema table (sqlite_master) as a b-tree right after the file header:
# its page type, then at +3 a 2-byte count of cells (one per table, index, view, trigger).
_SCHEMA_PAGE_TYPE = HEADER_SIZE
_SCHEMA_CELL_COUNT = HEADER_SIZE + 3
_LEAF_TABLE_PAGE = 0x0D
_READ_SIZE = HEADER_SIZE + 8


@dataclass(frozen=True)
class Header:
    user_version: int
    application_id: int
    schema_is_empty: bool  # no tables, indexes, views or triggers at all


class NotSQLite(Exception):
    """The file has content, but not an SQLite header."""


def read_header(path: Path) -> Header | None:
    """The header of an existing SQLite file; None when the file is empty (SQLite treats an
    empty file as a new database). Raises NotSQLite for anything else."""
    with path.open("rb") as handle:
        head = handle.read(_READ_SIZE)
    if not head:
        return None
    if len(head) < _READ_SIZE or not head.startswith(SQLITE_MAGIC):
        raise NotSQLite(str(path))
    cells = int.from_bytes(head[_SCHEMA_CELL_COUNT : _SCHEMA_CELL_COUNT + 2], "big")
    return Header(
        schema_is_empty=head[_SCHEMA_PAGE_TYPE] == _LEAF_TABLE_PAGE and cells == 0,
        user_version=int.from_bytes(
            head[_USER_VERSION_OFFSET : _USER_VERSION_OFFSET + 4], "big", signed=True
        ),
        application_id=int.from_bytes(
            head[_APPLICATION_ID_OFFSET : _APPLICATION_ID_OFFSET + 4], "big", signed=True
        ),
    )
