"""``syncdesk``: the window by default, headless commands otherwise (see ``syncdesk.cli``)."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    from syncdesk.cli import build_parser, run
    from syncdesk.errors import SyncDeskError

    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        args = build_parser().parse_args(args_list)
    except SyncDeskError as exc:
        sys.stderr.write(f"syncdesk: {exc}\n")
        return exc.exit_code
    if args.command is None:
        # before Qt is loaded: without a display it would abort the process (exit 134)
        from syncdesk.ui.display import display_problem

        problem = display_problem()
        if problem is not None:
            sys.stderr.write(f"syncdesk: {problem}\n")
            return 2
        from syncdesk.ui.app import run_window

        return run_window(workspace=args.workspace, demo=args.demo)
    return run(args_list)


if __name__ == "__main__":
    sys.exit(main())
