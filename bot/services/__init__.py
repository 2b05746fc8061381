"""Use cases (one module per concern: access, activity, duty, meeting, report, reminder).

Services take primitives, open one unit of work (``storage.uow``) per use case, and return
``Reply`` objects or dataclasses that adapters render. They may import ``bot.core`` and
``storage``; they never import telegram or apscheduler. Domain errors (``NotAuthorized``,
``UnknownUnit`` …) are raised here and mapped to catalog messages by the adapters.

Why not under ``bot.core``: the core stays free of SQLAlchemy (import-linter checks it), and
the services need the unit of work; this keeps the pure parts testable without a database.
"""
