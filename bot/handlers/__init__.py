"""Telegram transport: it carries messages; what they mean is ``bot.services.dispatcher``'s.

- ``application`` builds the PTB ``Application`` (rate limiter, time zone, the one handler, jobs);
- ``dispatch`` update → ``Event``, ``Outcome`` → Bot API calls; ``addresses`` Telegram ids as
  accounts and addresses; ``groups`` what in a group is meant for the bot;
- ``context`` the typed ``CallbackContext`` (``context.app``); ``errors`` the error handler;
  ``exactly_once`` runs each update inside its processed-events ledger entry;
- ``render`` Reply → text chunks + inline keyboard; ``telegram_notifier`` the ``Notifier`` port;
  ``rate_limit`` the flood limiter.

No SQL, no parsing, no Chinese literals here; storage is reached only through the dispatcher.
"""
