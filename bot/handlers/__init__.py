"""Telegram adapter: thin handlers, one module per concern, plus render.py. No SQL, no parsing."""
