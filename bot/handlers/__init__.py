"""Telegram adapter: thin handlers, one module per concern. No SQL, no parsing, no Chinese literals.

- ``application`` builds the PTB ``Application`` (rate limiter, time zone, persistence, handlers);
- ``context`` the typed ``CallbackContext`` (``context.services``, ``context.member``);
- ``access`` the guard every update passes first; ``groups`` what in a group is meant for the bot;
- ``start`` (join, invites), ``text`` (free text), ``activity`` (cards, buttons, guided dialogs),
  ``evidence``, ``history``, ``duty``, ``help``, ``errors``;
- ``reminders``, ``settings``, ``schedule`` (reminder buttons, /settings, /deadline, /schedule);
- ``render`` Reply → text chunks + inline keyboard; ``telegram_notifier`` the ``Notifier`` port;
- ``persistence`` conversation states in the database.

Handlers reach the use cases only through ``bot.bootstrap.Services`` (never storage or SQLAlchemy).
"""
