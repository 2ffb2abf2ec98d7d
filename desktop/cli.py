"""Command line: the same engine as the window, without a window.

Exit codes: 0 done, 1 failed at run time, 2 bad input or usage (nothing was stored).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from desktop import __version__
from desktop.domain.status import Status

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_BAD_INPUT = 2


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m desktop",
        description="SMS Desk: send SMS reminders through BokaMera, offline-first.",
    )
    parser.add_argument("--version", action="version", version=f"SMS Desk {__version__}")
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="self-test: start in practice mode in a temporary folder, queue one message "
        "through the window, exit 0 once it is sent",
    )
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="folder for the outbox database (default: the platform's data folder, "
        "or $SMSDESK_DATA_DIR)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    sub.add_parser("gui", help="open the window (the default when no command is given)")

    count = sub.add_parser("count", help="count the SMS parts a text needs")
    count.add_argument("text", help="the message body")
    count.add_argument("--json", action="store_true", help="print a JSON object")

    send = sub.add_parser("send", help="queue one message (run sends it)")
    send.add_argument("--to", required=True, metavar="NUMBER", help="mobile number")
    send.add_argument("--body", required=True, metavar="TEXT", help="the message")
    send.add_argument("--at", metavar='"YYYY-MM-DD HH:MM"', help="desk-local time; default now")
    send.add_argument(
        "--no-later-than",
        metavar='"YYYY-MM-DD HH:MM"',
        help="never send after this desk-local time (default: --at plus the grace period)",
    )
    send.add_argument(
        "--repeated-hour",
        choices=["first", "second"],
        help="on the autumn night the clock goes back: the first or the second 02:00-03:00",
    )
    send.add_argument("--send-anyway", action="store_true", help="send even inside quiet hours")

    imp = sub.add_parser("import", help="queue every row of a CSV file (phone, body[, at])")
    imp.add_argument("file", metavar="FILE.csv")

    lst = sub.add_parser("list", help="list messages, newest first")
    lst.add_argument("--status", choices=[s.value for s in Status])
    lst.add_argument("--json", action="store_true", help="one JSON object per line")

    cancel = sub.add_parser("cancel", help="cancel a message that has not been sent")
    cancel.add_argument("id", type=int)

    run = sub.add_parser("run", help="send due messages until interrupted")
    run.add_argument(
        "--until-idle",
        action="store_true",
        help="exit once nothing is due now or waiting on a retry",
    )

    sandbox = sub.add_parser("sandbox", help="run the practice BokaMera server in the foreground")
    sandbox.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default: free)")
    return parser


def _cmd_count(args: argparse.Namespace) -> int:
    from desktop.domain.sms_parts import count_sms

    result = count_sms(args.text)
    if args.json:
        import json  # here, not at the top: every start of the window goes through this module

        print(json.dumps(result.as_dict(), ensure_ascii=False))
    else:
        print(result.summary())
        for off in result.offending:
            hint = f" -> {off.replacement!r}" if off.replacement is not None else ""
            print(f"  position {off.index}: {off.char!r} ({off.name}) forces UCS-2{hint}")
    return EXIT_OK


def _cmd_gui(args: argparse.Namespace) -> int:
    from desktop.ui.app import run_gui

    return run_gui(data_dir=args.data_dir, smoke=args.smoke)


def _cmd_sandbox(args: argparse.Namespace) -> int:
    from desktop.sandbox.standalone import run_sandbox_command

    return run_sandbox_command(args.port, Path(args.data_dir) if args.data_dir else None)


def _with_outbox(command: str, args: argparse.Namespace) -> int:
    """Open the outbox (or say clearly why not) and run an outbox command on it."""
    from desktop import cli_outbox
    from desktop.domain.errors import DomainError
    from desktop.storage.database import open_database
    from desktop.storage.paths import DB_FILENAME, resolve_data_dir

    data_dir = resolve_data_dir(args.data_dir)
    try:
        db = open_database(data_dir / DB_FILENAME)
    except DomainError as err:
        print(f"error: {err.message}", file=sys.stderr)
        return EXIT_FAILED
    try:
        if command == "run":
            from desktop.cli_run import cmd_run

            return cmd_run(db, data_dir, args)
        verbs = {
            "send": cli_outbox.cmd_send,
            "import": cli_outbox.cmd_import,
            "list": cli_outbox.cmd_list,
            "cancel": cli_outbox.cmd_cancel,
        }
        return verbs[command](db, args)
    finally:
        db.close()


COMMANDS = {
    "count": _cmd_count,
    "gui": _cmd_gui,
    "sandbox": _cmd_sandbox,
}
OUTBOX_COMMANDS = {"send", "import", "list", "cancel", "run"}


def main(argv: Sequence[str] | None = None) -> int:
    parser = _build_parser()
    args = parser.parse_args(argv)
    command = args.command or "gui"
    if command in OUTBOX_COMMANDS:
        return _with_outbox(command, args)
    return COMMANDS[command](args)


if __name__ == "__main__":
    sys.exit(main())
