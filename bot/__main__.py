"""``python -m bot`` is the same as the ``cdo-bot`` command."""

from bot.cli import main

raise SystemExit(main())
