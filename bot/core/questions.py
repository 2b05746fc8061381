"""The one decision "is this line a question?", for intake and for the conversation alike.

Layer: core. Intake uses it to refuse logging a question as an activity (工作总结啥时候交 is not a
report); the dispatcher uses it to tell a question the plans do not cover (answered "not in the
plans") from chatter (answered with the usage hint). Before, the two used different word lists,
so 食堂啥时候开门 and 食堂什么时候开门 got different replies.

A bare number (``1``) is never a question: it is a choice typed where no button is shown.
"""

from __future__ import annotations

import re

QUESTION = re.compile(
    # 没什么人发言, 没啥问题: "hardly any", not a question.
    r"[?？]|(?<![没])什么|怎么|怎样|如何|为何|为什么|何时|(?:[吗呢么]|了没)[\s。.!！~]*$|"
    # 十几个人, 二十几场, 好几次 are rough counts, not questions.
    r"(?<![0-9十百千万好])几(?:次|场|个|号|点|月|天|年|回)|多少|多久|哪|谁|(?<![没])啥|是否|能否|可否|有没有|要不要|是不是|请问"
)
"""Where a line asks something; intake looks at each match to skip questions someone else asked."""


def is_question(text: str) -> bool:
    stripped = text.strip()
    if not stripped or stripped.isdigit():
        return False
    return QUESTION.search(stripped) is not None
