"""WeCom (企业微信 / 粤政易) transport: the same bot on Guangdong's government WeCom. No routing here.

- ``crypto`` WeCom's callback envelope (signature, AES) on PyCA ``cryptography``;
- ``client`` the server API (token cache, errcodes → ``RetryLater`` / ``Unreachable``);
- ``server`` the tornado callback server (``/wecom/callback``, the upload pages); ``inbox`` the
  per-user queue that does the work after the HTTP answer; ``events`` the decrypted callbacks;
- ``transport`` a callback → the conversation core → rendered replies, exactly once (the ledger);
  ``conversation`` the core it feeds (the terminal chat's, until the one dispatcher lands);
- ``render`` Reply → text pieces and button cards; ``notifier`` sending, card updates, the
  ``Notifier`` port; ``reminders`` this process's reminder ticks (WeCom rows only);
- ``upload`` signed one-time upload links, ``pages`` their page; ``runner`` ``cdo-bot run --platform wecom``.

Reaches the use cases through ``bot.bootstrap.Services`` and ``bot.services`` only (import-linter:
no storage, no SQLAlchemy, no telegram).
"""
