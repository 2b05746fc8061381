"""Policy knowledge: the Shenzhen and Zhuhai CDO pilot plans, split into clauses and searchable.

Layer: core (pure). Imports jieba and bm25s lazily — importing this package is cheap.

Public API::

    from bot.core.knowledge import Knowledge

    knowledge = Knowledge.load()                      # once per process; index cached on disk
    result = knowledge.ask("工作总结报告什么时候交", city="zhuhai", unit=None, role=None, k=3)
    result.confident, result.intent                   # True, "clause"
    result.answers[0].text / .source / .section / .score / .clause_id
    result.suggestions                                # when intent == "weak": candidates, no answers
    knowledge.duties("shenzhen", unit="福田区")       # list[DutyItem(number, title, gist, …)]
    knowledge.focus("shenzhen", "福田区")             # the district's own focus sentence, or None
    knowledge.clause("zhuhai.c3.s2.i1")               # Clause(label, title, text, source, …)

Cities are ``"zhuhai"`` and ``"shenzhen"`` (``city_code`` also takes 珠海/深圳). Intents of an
``AskResult``: ``duties`` (我的职责有哪些 → one answer per duty item), ``clause``, ``weak``
(suggestions only), ``out_of_scope`` (no answers). How each is decided: ``engine``.

Modules: ``clauses`` (splitting a plan), ``vocabulary`` (word lists, private jieba tokenizer),
``index`` (sentences, BM25, the on-disk cache), ``engine`` (``Knowledge``), ``model`` (results).
"""

from __future__ import annotations

from bot.core.knowledge.clauses import Clause
from bot.core.knowledge.engine import Knowledge
from bot.core.knowledge.model import CITIES, Answer, AskResult, DutyItem, city_code

__all__ = ["CITIES", "Answer", "AskResult", "Clause", "DutyItem", "Knowledge", "city_code"]
