"""cdo-bot: a chat-ops assistant for Chief Data Officers (首席数据官).

Layers (see README and GLOSSARY.md): ``bot.core`` is platform-independent; ``bot.handlers``
(Telegram), ``bot.jobs`` (scheduler), ``bot.chat`` (terminal) and ``bot.cli`` are adapters.
"""

__version__ = "0.1.0"
