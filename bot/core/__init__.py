"""The platform-independent core.

May import: the standard library, jieba, bm25s, dateparser, cn2an, chinese_calendar, babel.
Must not import: telegram, apscheduler, sqlalchemy, storage, or any adapter (import-linter checks).
"""
