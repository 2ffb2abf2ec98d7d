"""Command line: the same engine as the window, without a window.

Exit codes: 0 done, 1 failed at run time, 2 bad input or usage (nothing was stored).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from desktop import __version__

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
    return parser


def _cmd_count(args: argparse.Namespace) -> int:
    from desktop.domain.sms_parts import count_sms

    result = count_sms(args.text)
    if args.json:
        print(json.dumps(result.as_dict(), ensure_ascii=False))
    else:
        print(result.summary())
        for off in result.offending:
            hint = f" -> {off.replacement!r}" if off.replacement is not None else ""
            print(f"  position {off.index}: {off.char!r} ({off.name}) forces UCS-2{hint}")
    return EXIT_OK


def _cmd_gui(args: argparse.Namespace) -> int:
    from desktop.ui.app import run_gui

    return run_gui(data_dir=args.data_dir)


COMMANDS = {
    "count": _cmd_count,
    "gui": _cmd_gui,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = _build_parser()
    args = parser.parse_args(argv)
    command = args.command or "gui"
    return COMMANDS[command](args)


if __name__ == "__main__":
    sys.exit(main())
