"""Is a chat line an activity log, and of which kind?

Three kinds are recorded (training, exchange_meeting, report). A line is *not* an activity when it
asks something (什么/怎么/几次/啥/？ — but not a question it only reports: 领导问今年办了几场),
requests something (提醒我/帮我查/请… — unless it asks us to log: 补登一下), says it did not
happen (decided per clause, by the scope of the negation over the activity's verb: see
:mod:`bot.core.intake.clauses`), or says the work is still under way (总结还在写, 场地还没落实).
Plans ("下周二开交流会") are activities; ``activity`` flags those whose clause says they are
intended (要开, 准备, 打算) as ``planned``. When several kind words occur in the first clause that has any,
the rightmost wins: Chinese compounds put the head noun last (培训工作交流会 is a meeting, 培训总结 a
report).
"""

from __future__ import annotations

import re

from bot.core.intake.clauses import (
    HAND_IN,
    HANDING_IN,
    HEARSAY,
    HOLDING,
    MOVED_TO,
    NEGATIVE,
    OWN_VERB,
    POSITIVE,
    Clause,
    clause_at,
    done_in,
    outcome,
    restates_held,
    said_at_meeting,
    split,
)
from bot.core.intake.dates import has_clock_time, is_future
from bot.core.intake.fields import ROOM_NOUNS, find_attendees
from bot.core.intake.model import Kind
from bot.core.intake.typos import correct, literal_words
from bot.core.questions import QUESTION as _QUESTION

_TRAINING = (
    # Not any "X课": that pattern read 我不想上课, 这门课太难了 and 给孩子报了个钢琴课 as trainings
    # (the dispatcher fuzz confirmed a card made from random text); only the named class kinds.
    r"培训班|培训会|培训活动|培训|宣贯会|宣贯活动|宣贯|宣讲会|宣讲活动|宣讲|讲座|报告会|演练|授课|专题课|专题辅导|轮训|研修班|实训|公开课|训练营|"
    # Study sessions are trainings; bare 学习 ("学习了文件") is not, only its session nouns.
    r"专题学习会|专题学习|集中学习|学习会|学习班"
    # English words (training, CDO meeting) are glossed into Chinese first: bot.core.intake.english.
)
_EXCHANGE = (
    r"沟通交流会|业务交流会|工作交流会|交流会|座谈会|交流座谈会|交流座谈|交流研讨会|交流研讨|座谈|沟通会|研讨会|对接会|"
    # Bare 交流 is also a verb ("和他交流了一下"); only its event compounds count.
    r"交流活动|恳谈会|分享会|沙龙|经验交流(?:会|活动)?|学习交流(?:会|活动)?|业务交流(?:活动)?|工作交流(?:活动)?|交流学习|"
    # 数据治理kick-off会, CDO会 @区政务中心: an English name glued to 会 ending its phrase names a
    # meeting (as kick-off meeting is glossed 交流会) — not Tom会参加, where 会 is "will"
    r"(?<=[A-Za-z])会(?![\u4e00-\u9fff])"
)
_REPORT = (
    r"总结报告|工作总结|工作报告|总结|小结|年报|季报|月报|报告(?!厅|会)|"
    # 提交了数据共享工作汇报: bare 汇报 is a verb (各部门汇报了进展), its compounds an account handed in
    r"工作汇报|情况汇报|"
    # 把三季度数据共享工作情况报给市局了: an account (情况) handed in is a report without the word
    r"情况(?=\s*(?:报给|报送|上报|提交|交给|发给|呈报))"
)
KEYWORDS = re.compile(rf"(?P<exchange_meeting>{_EXCHANGE})|(?P<training>{_TRAINING})|(?P<report>{_REPORT})")
KIND_WORDS = literal_words(f"{_EXCHANGE}|{_TRAINING}|{_REPORT}|学习|报告")
"""The plain kind words, for matching typos by pinyin (:mod:`bot.core.intake.typos`)."""
# 提叫了数据运营季度报告: a report's hand-in verbs are misspelt by pinyin too (a report needs one).
HAND_IN_WORDS = literal_words(HAND_IN.pattern)
_CJK_NEXT = re.compile(r"[\u4e00-\u9fff]")
# A kind word that modifies a following thing is about that thing, not an event: 培训课件, 交流会材料,
# 培训要求, 培训次数 are asked for or talked about, never held. Checked after the match (not as a
# lookahead inside KEYWORDS, which would just back off from 培训班通知 to 培训).
_ARTEFACT = re.compile(
    r"的?(?:课件|材料|资料|通知|方案|计划|要求|次数|记录|台账|名单|签到|经费|费用|模板|PPT|ppt|视频|照片|链接|内容|安排|"
    r"时间|地点|效果|场地|议程|流程)"
)

# 报送了数字政府建设年度评估材料: materials handed in are a report (but not 报名材料, 报销材料).
_HANDED_MATERIAL = re.compile(
    rf"(?:{HAND_IN.pattern})了?[^,，。;；!！?？]{{0,16}}?(?<!报名|申请|报销)(?P<kw>材料)"
)

# 市政数局, 区政数办, 市数据中心: a body that receives what is handed in, named by its level (市, 区,
# 省) and its ending (局, 办, 中心).
_RECEIVING_BODY = r"[市区省][^\s,，。;；!！?？]{0,6}?(?:局|办|中心)"
# 11月9日报送市政数局, 昨天上报区政数办了: handed in to a receiving body that ends the clause, the
# thing handed in left out — a report, when the clause is done or dated.
_HANDED_TO_BODY = re.compile(
    rf"(?:报送|上报|提交)(?:了|给|至)?{_RECEIVING_BODY}了?(?=\s*(?:[,，。;；!！]|$))"
)


def _handed_in_later(clauses: list[Clause], c: Clause) -> bool:
    """我们需要年底前报送履职评价材料…今天上午9点已经通过OA正式报送市局了: materials named as what is
    to be handed in (a duty, a plan: the clause says nothing done) are what a later clause hands in
    with its object left out — the line's verdict is that hand-in."""
    if c.polarity != 0 or outcome(clauses) != POSITIVE:
        return False
    return any(
        later.start > c.start and later.polarity == POSITIVE and later.verb == HANDING_IN for later in clauses
    )


# A report needs a hand-in verb somewhere, unless the noun itself says 总结 (工作总结已报送).
# (年度 report 昨天发过去了, 总结发出去了: sent off in a direction is handed in)
_REPORT_VERB = re.compile(
    r"报送|提交|交了|上交|递交|呈报|上报|报(?:了|的|上去|给|过去)|交(?!流|换|通|付|叉)|完成了|写了|写完|发送|发了|发给|已经?发|"
    r"发(?:过去|出去|上去)|"
    # 11月9日报市政数局数据普查报告: a bare 报 before the body that receives it (市…局, 区…办, 市数据
    # 中心) hands in — not 通报 (telling them)
    rf"(?<!通)报(?={_RECEIVING_BODY})"
)

# 消防演练, 急救知识讲座, 防空警报演练: a training or meeting on workplace safety drills is held, but
# it is not the data work the log is for — unless its subject names data or information (消防数据
# 共享座谈会 is a meeting with the fire brigade about data).
_NOT_WORK_TOPIC = re.compile(r"消防|急救|防空|疏散")
_DATA_TOPIC = re.compile(r"数据|信息")
_TOPIC_SPAN = 8
"""How far before a kind word its subject is looked at (消防安全知识 → 培训)."""

_DENIED = re.compile(r"(?:不是|并非|而非)\s*$")
# 领导问我们今年培训办了几场: a question someone else asked, reported inside a log, is not ours.
# (想问一下…怎么: our own question, as 请问 is)
_REPORTED = re.compile(r"(?<![请想])问")
_REQUEST = re.compile(
    r"^\s*请|提醒|帮我(?!记|登记|录)|帮忙(?!记|登记|录)|麻烦|告诉我|通知我|能不能|可不可以|可以帮|记得|别忘|"
    r"发我|发给我|传给我|给我(?!们)|发一下|看一下|查一下|找一下|统计一下|想问|想了解|"
    # 查询/咨询 are also subject words (数据查询系统培训): a request only when someone asks to do it.
    r"(?:^\s*|我|想|要)(?:查询|查看|查查|查下|查一查)|咨询一下|咨询下|想咨询|请教"
)
# Changing or deleting an earlier record is another conversation, even when it says 记录.
_EDIT = re.compile(r"删除|删掉|删了|修改|撤回|撤销|更正|改成|改为|改到|改一下")
# …but "改成昨天线上开了" moved the activity itself: an edit word in a line that says the activity
# happened edits a record only when a record is named.
_RECORD_NOUN = re.compile(r"记录|登记|那条|这条|上一条|刚才")
# "请帮我记录…" asks us to record an activity: that is a log, not a request for something else.
_RECORD_INTENT = re.compile(
    r"登记|补登|补录|录入|录(?:一下|一条|下|上)|登(?:一下|下)|备案|记(?:录|下|上|一下|一笔|一条)|登上"
)
# 帮我查一下上个月登记了几次交流会: a record word that a query verb governs names what is looked up,
# not something to log.
_LOOKED_UP = re.compile(r"查|统计|数一下|算一下|看看")


_CLAUSE_END = re.compile(r"[,，。;；:：!！?？\n]")


def _asks_to_log(text: str, start: int, end: int) -> bool:
    """Does ``text[start:end]`` ask us to log (a record word not governed by a query verb of its own
    clause: 我查了一下，那场培训还没登记，麻烦补一下 asks to log what was looked up)?"""
    m = _RECORD_INTENT.search(text, start, end)
    if m is None:
        return False
    ends = [e.end() for e in _CLAUSE_END.finditer(text, start, m.start())]
    return _LOOKED_UP.search(text, ends[-1] if ends else start, m.start()) is None


# "先记上午的：数据资产管理培训，35人", "帮忙登记一下：…": the log is what follows the colon.
_RECORD_COLON = re.compile(r"(?:登记|补登|补录|录入|记(?:录|下|上|一下|一笔)?)[^,，。;；:：]{0,6}[:：]")


def log_start(text: str, clauses: list[Clause]) -> int:
    """Where the log starts: at the clause of a record colon (周五要交材料。先把今天的记一下：…)."""
    colon = _RECORD_COLON.search(text)
    c = clause_at(clauses, colon.start()) if colon else None
    return c.start if c is not None else 0


# Venting about trainings ("培训太多了，忙不过来") names a kind but logs nothing; a line that also
# says what was done ("昨天组织了培训，累死了") is still a log.
_COMPLAINT = re.compile(r"太多|太累|好累|累死|烦死|好烦|忙不过来|受不了|头疼|头大|郁闷|无语|崩溃|吐槽")
# Work still under way or not yet settled ("总结还在写", "场地还没落实", "尚未完成") logs nothing either,
# unless the line also says what was done ("昨天组织了培训，照片还没传").
_UNFINISHED = re.compile(
    r"还在|还没|还未|尚未|待定|未定|没定|在写(?!字)|正在(?:起草|撰写|整理|修改|准备|筹备)"
)


def _unfinished(text: str) -> bool:
    """Work still under way (总结还在写) — but not a record still to make (培训还没登记，麻烦补一下:
    the activity was held, only its record is missing)."""
    return any(_RECORD_INTENT.match(text, m.end()) is None for m in _UNFINISHED.finditer(text))


_ACTION = re.compile(r"组织|举办|开展|召开|举行|参加|出席|办了|搞了|开了|报送|提交|交了|上报|上交|递交")

# 数据安全法学习，9个人 / 内容：公共数据共享交流；人数：14 — bare 学习/交流 are verbs ("学习了文件",
# "和他交流一下") unless they close a noun phrase, in a line that counts people or gives a time.
_BARE_HEAD = re.compile(
    r"(?<=[\u4e00-\u9fffA-Za-z])(?:(?P<training>学习)|(?P<exchange_meeting>交流))(?=\s*(?:[,，。;；!！]|$))"
)


# 通过视频会议和珠海市政数局交流数据运营经验，我方参加人员共9人: exchanging with another body (a
# name ending in an organisation's word), in a line with a head count or a clock time, is a meeting
# with it; 和他交流了一下 (a person) stays a verb.
_EXCHANGED_WITH = re.compile(
    r"(?:和|与|同|跟)[^,，。;；!！?？和与同跟]{1,16}?(?:局|委|办|厅|中心|公司)(?P<kw>交流[^,，。;；!！?？]{0,16})"
)


# 组织局机关学习《数据安全法》, 开展了分类分级学习, 学习了《个人信息保护法》: 学习 is a study
# session (a training) when an organising verb governs it within its clause, or its object is a
# document title; bare 学习 ("学习了文件", "主要学习相关政策") stays a verb.
_STUDY = re.compile(
    r"(?:组织|开展|举办|参加|安排)[^,，。;；!！?？:：]{0,12}?(?P<kw>学习)(?!交流|会|班)|(?P<book>学习)(?=了?\s*《)"
)

# 局机关组织 Excel 数据分析实操课, 给各科室上了一课: a class is a training when an organising verb
# governs it within its clause, or someone is taught it (给…上了一课) — not any X课 (我不想上课,
# 给孩子报了个钢琴课), nor 课件/课题/课表/课时.
_CLASS = re.compile(
    r"(?:组织|举办|开展)[^,，。;；!！?？:：]{0,16}?(?P<kw>课)(?![件题表时])|"
    r"(?:给|为)[^,，。;；!！?？:：]{1,12}?上了[^,，。;；!！?？:：]{0,20}?(?P<lesson>课)|"
    # 给各科室讲了金融数据安全, 讲社保就业数据治理和共享应用 (in a line that counts the audience, see
    # _taught_a_session): a topic taught to someone, or opening its clause — not 讲了一下, 讲话
    # …or by someone invited to teach it (请了省里专家讲数据出境安全, 请来高校老师讲数据资产入表)
    r"(?:(?:给|为)[^,，。;；!！?？:：]{1,14}?|请(?:了|来)[^,，。;；!！?？:：]{1,10}?(?:专家|老师|教授)|"
    r"(?:^|(?<=[,，。;；:：]))\s*)"
    r"讲(?!了?(?:一下|话))了?(?P<taught>[\u4e00-\u9fffA-Za-z《》]{4,24})"
)
# 10月27日正式开班，共63人参训: a class opened on a day of its own, in a line that counts its audience
# and names no other kind word (see _opened_a_class).
_OPENED = re.compile(r"开(?:课|班|讲)")

# 搞一次行业数据专家人才库建设的研讨, 组织了一场研讨, 开了个研讨: bare 研讨 is a meeting (a noun) after a
# measure word and its 的-phrase, or as the object of a holding verb; 主要研讨入库标准, 研讨了一下 stay verbs.
_SEMINAR = re.compile(
    r"(?:(?:一次|一场|个)[^,，。;；!！?？:：]{0,24}?的|(?:组织|举办|开|搞)了?(?:一次|一场|个)?)"
    r"(?P<kw>研讨)(?![\u4e00-\u9fff])"
)

# The object of a meeting verb that ends in 会议/会 and has a name of two characters or more (up to 16:
# a unit, a programme and a topic, 本局首席数据官工作推进会).
_HELD_MEETING = re.compile(
    # (a name may start with 一 — 一网统管推进会 — but not with a measure word, and may hold the
    # single spaces of chat: 开了 CDO 例会)
    r"(?:召开|开(?![放发展])|举行|举办|参加|出席|拉(?=了?个))(?:了|过|的)?\s?(?:一个|一次|一场|个)?"
    r"(?P<kw>(?![了过个\s]|一[个次场下])(?:[\u4e00-\u9fffA-Za-z]|\s(?=[\u4e00-\u9fffA-Za-z])){2,16}?(?<![机社学工])(?<!委员)(?:会议|会))(?![\u4e00-\u9fff])"
)
# A meeting's name written before its verb: two characters or more (no 的 inside: 昨天的专题会 is
# named 专题会) ending in 会议/会, not 机会, 社会, 学会, 工会, 委员会, nor
# the 与会 or 参会 of whoever attended (我们局派我与会，会上交流了…; 我代表本局参会).
_MEETING_NAME = r"[\u4e00-\u7683\u7685-\u9fffA-Za-z]{2,16}?(?<![机社学工与参])(?<!委员)(?:会议|会)"
# 昨天的专题会开完了, 周例会已经开过了: the meeting named first, then its verb marked done.
_MEETING_THEN_HELD = re.compile(
    # (no 的 inside the name: 昨天的专题会 is named 专题会)
    # (not a room: 在局机关会议室举办 names no meeting)
    rf"(?P<kw>{_MEETING_NAME})(?![议室])"
    # (推进会不是上周开的, 推进会11月9日开的: a gap between the name and its verb, for a meeting whose
    # clause is dated, see _held_meeting)
    # (照常开了, 如期举行了, 顺利召开了, 还是开了: an adverb of holding as planned is no gap — the meeting
    # met, whatever an earlier clause said: 领导没来，但协调会照常开了)
    r"(?:已经?|也|都|总算|终于|照常|如期|顺利|还是|(?P<gap>[^,，。;；!！?？\s]{1,20}?))?"
    # (推进会11月9号下午三点召开，各部门都来了: a dated clause may end in the bare verb, see _held_meeting)
    # (例会完成了, 推进会结束了: a meeting done or over met)
    r"(?:(?:召开|开|举行|举办)(?:了|完|过|的)|(?:完成|结束)了|(?P<bare>召开|举行|举办)(?=\s*(?:[,，。;；!！]|$)))"
)
# 原定11月16日的数据治理推进会改到了11月19日召开，已开完: the meeting named, moved to another day and
# its holding verb — held when a clause from there on says it was done (a bare move, 改到下周三召开,
# logs nothing).
_MEETING_MOVED = re.compile(
    rf"(?P<kw>{_MEETING_NAME})"
    rf"(?:[从由][^,，。;；!！?？]{{1,12}}?)?{MOVED_TO}了?[^,，。;；!！?？]{{1,12}}?(?:{OWN_VERB['exchange_meeting'].pattern})"
)
# 本来定在上周一的数据共享推进会，后来挪到了上周三，已经顺利开完: the meeting named alone at the end of
# its clause (after 的, or opening it; not 这个会), and a later clause, naming no activity of its
# own, says it was held.
_NAMED_ALONE = re.compile(
    rf"(?:^|(?<=[的\s,，。;；:：、]))(?P<kw>(?![这那]){_MEETING_NAME})"
    r"(?:(?=\s*(?:[,，。;；!！]|$))|(?=(?P<self>我)))"
)
# 11/17 上午8:45 会议室 数据运营团队工作例会 12人 / …，首席数据官工作专班例会，参会8人: a note-style log
# names the meeting alone, between clause ends or spaces, with no verb.
_NOTE_MEETING = re.compile(
    # (a Latin name may stand before the Chinese one with a space, as typed: 斗门 CDO 例会 11.12 —
    # but John 开会, TEAM 聚会 name no meeting)
    r"(?:^|(?<=[\s,，。;；:：、]))(?P<kw>(?:[A-Za-z]+\s(?=[\u4e00-\u9fff])[\u4e00-\u9fffA-Za-z]{1,16}?(?<![开聚])|[\u4e00-\u9fffA-Za-z]{2,16}?)"
    r"(?<![机社学工])(?<!委员)(?:会议|会))(?=[\s,，。;；!！]|$)"
)
# 昨天晚上加班开的会：…，算一次数据共享协调会吧: a meeting the line says was held, unnamed (开的会, 开了个
# 会), then classed by name in a later clause (算一次…会, 算是…会, 就当…会): that name is the held meeting.
_CLASSED_AS = re.compile(
    rf"(?:算是?|就算|当作|当成|就当)(?:一次|一场|一个|个|是)?(?P<kw>{_MEETING_NAME})(?![议室])"
)
# 关于推进会，昨天开了个会讨论: a clause holding a meeting of its own, unnamed, is not the named one's.
_A_MEETING = re.compile(r"个会|开会")
# 开的会, 开了个会, 开完会: a meeting held, unnamed — _A_MEETING's forms, or 开 with its aspect and measure word.
_UNNAMED_HELD = re.compile(rf"开(?:了|的|完了?)?(?:个|一个|一次)?会(?![议谈场])|{_A_MEETING.pattern}")
# 家长会, 党组会, 党风廉政建设大会, 联欢会: meetings of family, school, party or leisure life are held
# too, but they are not the CDO work the log is for; nor is a class given to one's child (给孩子上了一堂
# 数学课, 为儿子讲了物理题).
_NOT_WORK_MEETING = re.compile(
    r"党|家长|班会|年会|运动会|演唱会|音乐会|联欢|晚会|同学|校友|庙会|生日|婚|孩子|女儿|儿子"
)
# 昨天召开数据共享专题会: a past day word says it was held even without a done verb.
_PAST_DAY = re.compile(r"昨|前天|上周|上个?星期|上个?礼拜|上个?月|去年")
# 昨天说下周召开调度会: a day ahead in the same clause says what was announced, not held.
_AHEAD_DAY = re.compile(r"明天|明日|后天|下周|下个?星期|下个?礼拜|下个?月|明年|要|将|准备|打算|计划")


# 11月18日 南山区召开一网统管推进会, 本周三下午开工作例会: a day written in the meeting's clause dates
# it as a log or a fixed schedule (both recorded), as a past day word (昨天召开…) does.
_DAY_WRITTEN = re.compile(
    r"[0-9一二三四五六七八九十]{1,2}月[0-9一二三四五六七八九十]{1,3}[日号]|(?<![0-9])[0-9]{1,2}[/.][0-9]{1,2}(?![0-9])|"
    r"(?:周|星期|礼拜)[一二三四五六日天]"
)


# 明天上午十点召开数据工作调度会, 25号召开部署会: a day of its own, even one ahead, fixes a schedule
# (a vague 下周, 月底 does not); whether it is still only intended is the plan flag's to say.
# (25号 is a day of the month, 3号会议室 a room)
_DAY_NUMBER = rf"(?<![0-9])[0-9]{{1,2}}[日号](?![0-9楼室厅馆]|{ROOM_NOUNS})"
_FIXED_DAY = re.compile(rf"{_DAY_WRITTEN.pattern}|今天|明天|后天|{_DAY_NUMBER}")


def _past_or_written(text: str, start: int = 0, end: int | None = None) -> bool:
    """Does ``text[start:end]`` name a past day (昨天, 上周) or write a day (11月18日, 周三)?"""
    end = len(text) if end is None else end
    return bool(_PAST_DAY.search(text, start, end) or _DAY_WRITTEN.search(text, start, end))


def _dated(text: str, c: Clause) -> bool:
    """昨天上午召开专题会, 11月18日召开推进会: the meeting's own clause names a past day or writes a
    day, and says nothing of a day ahead or an intent."""
    return _past_or_written(text, c.start, c.end) and not _AHEAD_DAY.search(text, c.start, c.end)


def _held_meeting(
    text: str, clauses: list[Clause], skip: list[Clause | None] | None = None, notes: bool = False
) -> tuple[int, int] | None:
    """The keyword span of a named work meeting that the line says was held (开了数据工作推进会;
    召开工作例会…会议开了一个小时): its clause is marked done, or says nothing and the line's
    verdict is done. A meeting in one of the ``skip`` clauses (which hold a kind word of their own:
    举行数据安全法宣贯培训会) is left to that word."""
    # (a note-style name only in a line with no kind word: 线上用的腾讯会议 is a channel)
    # …or in a request to log a past day (帮忙登记一下 上个月28号 首席数据官工作例会: the spaces are its
    # clause breaks, and the request says the note is a log)
    noted = (
        notes
        and (_reads_as_event(text) or (_asks_to_log(text, 0, len(text)) and _past_or_written(text)))
        and not _AHEAD_DAY.search(text)
    )
    # …the note-style names last: the rightmost is the head (钉钉视频会 一网协同推进会 is the latter)
    named = reversed(list(_NOTE_MEETING.finditer(text))) if noted else ()
    matches = [
        *_HELD_MEETING.finditer(text),
        *_MEETING_THEN_HELD.finditer(text),
        *_MEETING_MOVED.finditer(text),
        *_NAMED_ALONE.finditer(text),
        *_CLASSED_AS.finditer(text),
    ]
    for held in [*matches, *named]:
        if _NOT_WORK_MEETING.search(held["kw"]):
            continue
        c = clause_at(clauses, held.start("kw"))
        if (
            held.re is _MEETING_THEN_HELD
            and (held["gap"] or held["bare"])
            and (c is None or not _dated(text, c))
        ):
            continue
        if held.re is _MEETING_MOVED:
            if (
                c is not None
                and c not in (skip or ())
                and any(later.start >= c.start and later.polarity == POSITIVE for later in clauses)
            ):
                return held.start("kw"), held.end("kw")
            continue
        if held.re is _CLASSED_AS:
            if (
                c is not None
                and c not in (skip or ())
                and c.polarity != NEGATIVE
                and any(
                    earlier.end <= c.start
                    and earlier.polarity == POSITIVE
                    and _UNNAMED_HELD.search(text, earlier.start, earlier.end)
                    for earlier in clauses
                )
            ):
                return held.start("kw"), held.end("kw")
            continue
        if held.re is _NAMED_ALONE:
            # (推进会我没空去，派了科员小陈参加: the speaker's own absence, then someone sent, who took
            # part for the unit — a later clause holding it, see _held_later)
            if (
                c is not None
                and (c.polarity == 0 or (held["self"] and c.polarity == NEGATIVE))
                and c not in (skip or ())
                and (_held_later(text, clauses, c) or _logged_on_a_day(text, c))
            ):
                return held.start("kw"), held.end("kw")
            continue
        if (
            c is not None
            and c not in (skip or ())
            and (
                c.polarity == POSITIVE
                # 11月20日下午3点…开数据共享协调推进会，到会28人: a clock time or a head count says it met
                or (c.polarity == 0 and (outcome(clauses) == POSITIVE or _dated(text, c) or noted))
                # 明天上午十点召开数据工作调度会: a meeting convened on a day of its own, ahead or not, is
                # a fixed schedule, as a listed kind word's is (开数据共享座谈会)
                or (
                    c.polarity == 0
                    and held.re is _HELD_MEETING
                    and _FIXED_DAY.search(text, c.start, c.end) is not None
                )
            )
        ):
            return held.start("kw"), held.end("kw")
    return None


def _logged_on_a_day(text: str, c: Clause) -> bool:
    """请帮忙登记本周四下午3点的一网统管工作推进会: the meeting named alone in a request to log that
    fixes its day and clock time in the meeting's own clause is a fixed schedule, the record asked
    for (帮忙登记一下 下周三 首席数据官工作例会, a day ahead with no clock, is not yet fixed)."""

    return (
        c.polarity == 0
        and _asks_to_log(text, 0, len(text))
        and _FIXED_DAY.search(text, c.start, c.end) is not None
        and has_clock_time(text[c.start : c.end])
    )


def _held_later(text: str, clauses: list[Clause], c: Clause) -> bool:
    """Does a clause after ``c``, holding no unnamed meeting of its own (开了个会), say one was held
    (已经顺利开完), in a line whose verdict is that it was? (A named one of its own is found first.)"""
    return outcome(clauses) == POSITIVE and any(
        later.start > c.start
        and later.polarity == POSITIVE
        and later.verb == HOLDING
        and not _A_MEETING.search(text, later.start, later.end)
        for later in clauses
    )


def _taught_a_session(text: str, clauses: list[Clause], c: Clause | None) -> bool:
    """给各科室讲了金融数据安全，实到41人: a topic taught is a training in a line that counts its
    audience and says it was held (a done verb or a day gone by); 给领导讲了讲数据安全 is not."""

    if c is None or find_attendees(text)[0] is None:
        return False
    # (10月20日报名截止，10月27日正式开课，讲数据目录编制: a clause opening the class on a day of its
    # own says when it was held, once that day is gone by — which the parsed date tells)
    if any(o is not c and restates_held(text[o.start : o.end]) for o in clauses):
        return True
    # (11月11日请了专家讲…: a day written in its own clause, with no intent there, dates it as held
    # or fixed — a later 明年还打算继续办 plans the next one, not this)
    return (
        c.polarity == POSITIVE
        or outcome(clauses) == POSITIVE
        or bool(_PAST_DAY.search(text))
        or _dated(text, c)
    )


def _opened_a_class(text: str, c: Clause | None) -> bool:
    """上周一开班，数据安全，40人参训: a class opened (开班, 开课, 开讲) is a training when its clause
    dates it (a past day, or a day written with no intent) and the line counts its audience — not a
    child's class (孩子上周六开课了) nor a class opening still to come (下周一开班)."""

    return (
        c is not None
        and (_dated(text, c) or bool(_PAST_DAY.search(text, c.start, c.end)))
        and not _AHEAD_DAY.search(text, c.start, c.end)
        and not _NOT_WORK_MEETING.search(text)
        and find_attendees(text)[0] is not None
    )


def names_event(text: str, start: int, end: int) -> bool:
    """Does ``text[start:end]`` name an activity of its own (a kind word, or 开了个党组会)?"""
    return bool(KEYWORDS.search(text, start, end) or _HELD_MEETING.search(text, start, end))


def _reads_as_event(text: str) -> bool:

    return find_attendees(text)[0] is not None or has_clock_time(text)


_PAST_WORD = re.compile(r"了|过|已|昨|前天|上周|上个?月|刚")
# Keyword choice stops at a clause end, and at reported content (会上通知说…要提交总结: the
# meeting is the log, the report only what was said there).
_CLAUSE_BREAK = re.compile(r"[,，。;；!！?？、\n]|说|要求|通知")


def _reported(text: str, clause: Clause | None, index: int, memo: dict[int, int] | None = None) -> bool:
    """Is ``index`` after a 问 in its clause (someone else's question, reported)?"""
    if clause is None:
        return False
    memo = {} if memo is None else memo
    if clause.start not in memo:
        m = _REPORTED.search(text, clause.start, clause.end)
        memo[clause.start] = m.start() if m else clause.end + 1
    return memo[clause.start] < index


# 讨论…总结报告怎么写, 研究下一步怎么办, 议题是数据怎么开放共享: a question word after a discussion
# verb or a topic label is what was discussed.
# (主要聊数据需求清单怎么对接, 谈了谈分类分级怎么落地, 交流了接口如何打通: talk verbs discuss too —
# but not inside a meeting's name: 座谈会怎么报名？, 交流会是每半年一次吗)
_DISCUSSED = re.compile(r"讨论|研究|商量|探讨|研讨|议题|主题|围绕|聊|(?<![座恳])谈|交流(?=了)")
# 没几个人, 人没来多少: a quantity word under 没 is "hardly any", not a question.
_HARDLY = re.compile(r"没有?[来到]?\s*$")
# 具体哪天记不清了, 谁去的不记得了: a question word in a clause saying the speaker does not recall is
# a detail left open, not a question.
_UNSURE = re.compile(r"记不清|不记得|忘了|不确定|不清楚")
# A line marked as a question: a question mark, or a closing particle.
_MARKED = re.compile(r"[?？]|(?:[吗呢么]|了没)[\s。.!！~]*$")


def _rough_count(text: str, clauses: list[Clause], c: Clause | None, index: int) -> bool:
    """和区里几个部门开了研讨会, 拖了几天，最后上周五才交上去的: in a line that logs something done and
    is not marked as a question, 几 is "a few" — unless it follows its own clause's done verb
    (今年办了几次培训 asks how many)."""
    if c is None or _MARKED.search(text) or outcome(clauses) != POSITIVE:
        return False
    return not done_in(text, c.start, index)


# 下次什么时候开还没定, 下一期要不要扩大范围再商量: the next occurrence, named before the question word
_NEXT_TIME = re.compile(r"下次|下一次|下一期|下一场|以后|今后")


def _of_next_time(text: str, clauses: list[Clause], c: Clause, index: int) -> bool:
    """上周三开了座谈会，30人，下次什么时候开还没定: a question word in a clause about the next
    occurrence, after a clause saying this one was done, in a line not marked as a question, is
    what is still open about the next one — the line logs the one held."""
    return (
        _NEXT_TIME.search(text, c.start, index) is not None
        and not _MARKED.search(text)
        and any(o.start < c.start and o.polarity == POSITIVE for o in clauses)
    )


# 市里关注各区是否落实了分类分级, 首席数据官对项目是否符合要求有一票否决权: the formal yes-no words
# sit inside a clause as the object of what someone watches or decides.
_EMBEDDED = re.compile(r"是否|能否|可否")


def _embedded(text: str, clauses: list[Clause], c: Clause | None, index: int) -> bool:
    """Is the yes-no word at ``index`` an embedded question: governed by words before it in its
    clause, in a line not marked as a question, a later clause of which says something was done
    (…是否符合要求有一票否决权，所以我们上了一堂专题课)? 培训是否需要签到 and 昨天开了交流会，是否还要
    写总结 still ask."""
    if c is None or not text[c.start : index].strip() or _MARKED.search(text):
        return False
    return any(later.start > c.start and later.polarity == POSITIVE for later in clauses)


# 交流会开完了要登记吗, 培训需要录入吗: a modal of need right before the record word asks whether to
# log, not to log.
_WHETHER = re.compile(r"(?:要|需|该|用)\s*$")


def _asks_whether_to_log(text: str, c: Clause) -> bool:
    m = _RECORD_INTENT.search(text, c.start, c.end)
    return m is not None and _WHETHER.search(text, c.start, m.start()) is not None


def _asks(text: str, clauses: list[Clause]) -> bool:
    """A question of ours: not one reported (领导问…几场), nor a request to log phrased as one
    (能帮我把昨天的培训记上吗), nor what a meeting discussed, nor a rough count (几个部门)."""
    memo: dict[int, int] = {}
    for m in _QUESTION.finditer(text):
        c = clause_at(clauses, m.start())
        if _reported(text, c, m.start(), memo):
            continue
        if c is not None and _DISCUSSED.search(text, c.start, m.start()):
            continue
        if m[0].startswith("几") and _rough_count(text, clauses, c, m.start()):
            continue
        if c is not None and _of_next_time(text, clauses, c, m.start()):
            continue
        if _EMBEDDED.fullmatch(m[0]) and _embedded(text, clauses, c, m.start()):
            continue
        if c is not None and (
            # (…你们区交了没？: a question mark or a closing particle after 没 is still a question)
            (_HARDLY.search(text, c.start, m.start()) and not _MARKED.match(m[0]))
            or (_UNSURE.search(text, c.start, c.end) and not _MARKED.search(text))
        ):
            continue
        if (
            c is not None
            and _asks_to_log(text, c.start, c.end)
            and not _asks_whether_to_log(text, c)
            and (_PAST_WORD.search(text, c.start, c.end) or outcome(clauses) == POSITIVE)
        ):
            # 能帮我把昨天的培训记上吗, 能帮我登记下吗？昨天开了交流会 ask us to log what was held;
            # …but 培训要登记吗 asks whether to log, about no activity held
            continue
        return True
    return False


# 如果有问题还要修改: an edit in a supposition changes nothing now.
_SUPPOSED = re.compile(r"如果|假如|万一|要是|若")


# 经过两轮修改, 后续有修改意见, 修改稿: a document's drafting, not a change asked of a record.
_DRAFTING = re.compile(r"(?:经过|轮|次)\s*修改|修改(?:意见|稿|后)")


def _edits(text: str, clauses: list[Clause]) -> bool:
    """Does the line ask to change a record: an edit word not inside a supposition (如果…要修改)
    nor a step of drafting a document (经过两轮修改)?"""
    drafting = [d.span() for d in _DRAFTING.finditer(text)]
    for m in _EDIT.finditer(text):
        if any(s <= m.start() < e for s, e in drafting):
            continue
        c = clause_at(clauses, m.start())
        if c is None or not _SUPPOSED.search(text, c.start, m.start()):
            return True
    return False


# 下周三组织数据标准培训，请各科室报名: a line ahead that addresses others announces a plan…
TO_OTHERS = re.compile(r"请(?!假)|大家|各位|各单位|各科室|各部门")
# …but 明天14:00 腾讯会议 一网统管 seminar，大家准时哈 / 后天下午3点开座谈会，请准时参会: asking others only
# to come on time is about a schedule already fixed (that activity, with its date), not a call to
# sign up or prepare.
_ON_TIME = re.compile(
    r"准时|按时|别迟到|"
    # …and 各科室都要派人, 务必派人参会: demanding that others attend, or send someone, presumes the day
    # is fixed (a call to sign up, 请各科室报名 / 报送名单, still gathers who comes)
    r"(?:都要|务必|必须)(?:派人|参加|参会|出席)"
)
# 请帮忙登记：…, 请登记下周三…: a 请 that asks us to log what follows addresses the bot, not others.
_LOG_PLEASE = re.compile(r"请(?:帮忙|帮我|帮|你|您)?(?=登记|补登|补录|录入|记录|记一下|记下)")


# …and 本周三上午十点召开部署会，材料请在24号前准备好: asking them, in a clause of its own, to have
# something ready by a day before it counts back from a day already fixed — but a call to sign up or
# send someone by a day (请各科室周五前报名) is still gathering who comes, and a clause that names the
# activity itself (各区请于11月30日前报送工作总结) is the call to do it.
_BY_DAY = re.compile(rf"(?:{_DAY_WRITTEN.pattern}|{_DAY_NUMBER})\s*前")
# (报送参会名单 names who comes: a sign-up too)
_SIGN_UP = re.compile(r"报名|派|名单")


def _fixed_by_deadline(text: str, c: Clause) -> bool:
    return bool(
        _BY_DAY.search(text, c.start, c.end)
        and not _SIGN_UP.search(text, c.start, c.end)
        and not names_event(text, c.start, c.end)
    )


def announces_plan(text: str, clauses: list[Clause]) -> bool:
    """Does a line ahead address others with more than a reminder to be on time or a deadline for
    what they bring (请各科室报名, 大家准备一下: still being arranged)?"""
    return any(
        any(not _LOG_PLEASE.match(text, m.start()) for m in TO_OTHERS.finditer(text, c.start, c.end))
        and not _ON_TIME.search(text, c.start, c.end)
        and not _fixed_by_deadline(text, c)
        for c in clauses
    )


# 各区请于11月30日前报送工作总结, 要求各区报3名学员参加…培训班, 想参加的同事尽快报名: a clause that
# asks others (an addressee and a request marker) to sign up or hand in is a notice, not a log.
_ADDRESSEE = re.compile(r"大家|各位|各单位|各科室|各部门|各区|同事")
# (市局通知各区报3名学员: a notice sent to the addressees asks as 要求 does)
_DIRECTIVE = re.compile(r"请(?!假)|要求|尽快|抓紧|通知(?=\s*(?:大家|各))")


def _directs_others(text: str, clauses: list[Clause]) -> bool:
    """Does a clause ask others to sign up or hand something in (各区请…报送, 大家抓紧报名) — other
    than what they bring, by a day, to an activity another clause fixes on a day of its own (本周五下午
    召开调度会，各科室请于周四前提交进展材料: the line is that schedule)?"""
    return any(
        _ADDRESSEE.search(text, c.start, c.end)
        and _DIRECTIVE.search(text, c.start, c.end)
        # (通知各单位选派2名骨干参加: sending people is signing them up)
        and (HAND_IN.search(text, c.start, c.end) or _SIGN_UP.search(text, c.start, c.end))
        and not (_fixed_by_deadline(text, c) and _fixed_elsewhere(text, clauses, c))
        for c in clauses
    )


def _fixed_elsewhere(text: str, clauses: list[Clause], c: Clause) -> bool:
    """Does a clause other than ``c`` name an activity on a day of its own?"""
    return any(
        o is not c and names_event(text, o.start, o.end) and _FIXED_DAY.search(text, o.start, o.end)
        for o in clauses
    )


# 市政数局通知：各区于11月30日前报送…, 收到市里的会议通知，11月27日开交流会: a notice quoted or
# received; 大家报名一下, 培训班开始报名了, 名额有限, 感兴趣的接龙: a call to sign up. What they announce
# is someone's call to act, not a log — unless a clause of the line says something was done.
_CALL = re.compile(
    r"通知\s*[:：]|(?:收到|接到)[^,，。;；!！?？]{0,12}?通知|"
    r"报名(?:一下|啦|开始|截止)|开始报名|截止报名|接龙|名额有限|欢迎报名"
)


def _notice(text: str, clauses: list[Clause]) -> list[Clause] | None:
    """The clauses after the notice's (or call's) own, for a line that is a notice or a call to
    sign up with no clause saying something was done and no later clause naming a past day (收到
    通知，上周五那场培训的课件要补发，培训当天38人参加 is about a training gone by); else ``None``."""
    m = _CALL.search(text)
    if m is None or any(c.polarity == POSITIVE for c in clauses):
        return None
    own = clause_at(clauses, m.start())
    later = [c for c in clauses if c is not own and c.start >= m.start()]
    if any(_PAST_DAY.search(text, c.start, c.end) for c in later):
        return None
    return later


def notice_then_held(text: str, clauses: list[Clause]) -> bool:
    """Is the line a notice followed by a clause stating the day the activity is held on (11月2日
    收到培训通知，11月9日下午2点在区委党校正式开班)? Such a line logs that activity once its day has
    gone by, and is the notice of it (nothing to log) while the day is ahead — which only the
    parsed date tells (see :func:`bot.core.intake.activity.parse_activity`)."""
    later = _notice(text, clauses)
    return later is not None and any(restates_held(text[c.start : c.end]) for c in later)


def _calls_on_others(text: str, clauses: list[Clause]) -> bool:
    """Is the line a notice or a call to sign up, with no clause saying something was done, nor
    one stating the day the activity is held on (see :func:`notice_then_held`), nor a request to log
    (报名截止是11月10日，课是11月14号上的，今天补登一下: the call is long past, the line is a log)?"""
    return (
        _notice(text, clauses) is not None
        and not notice_then_held(text, clauses)
        and not _asks_to_log(text, 0, len(text))
    )


def _hearsay(text: str, clauses: list[Clause]) -> bool:
    """听说昨天开了个推进会: every activity the line names is in a clause of what others say, and no
    clause says we did anything."""
    if any(c.polarity == POSITIVE for c in clauses):
        return False
    named = [c for c in clauses if names_event(text, c.start, c.end)]
    return bool(named) and all(HEARSAY.search(text, c.start, c.end) for c in named)


def not_an_activity(text: str, clauses: list[Clause] | None = None) -> bool:
    clauses = split(text) if clauses is None else clauses
    verdict = outcome(clauses)
    if verdict == NEGATIVE or _asks(text, clauses) or _calls_on_others(text, clauses):
        return True
    if _hearsay(text, clauses):
        return True
    # …unless the line also says something was done (昨天组织了培训，请各科室把心得报上来), or announces
    # an activity of ours ahead to others (下周三组织数据标准培训，请各科室报名: a plan, see activity)
    if (
        _directs_others(text, clauses)
        and not any(c.polarity == POSITIVE for c in clauses)
        and not (is_future(text) and TO_OTHERS.search(text))
    ):
        return True
    if _edits(text, clauses) and (verdict != POSITIVE or _RECORD_NOUN.search(text)):
        return True
    if (_COMPLAINT.search(text) or _unfinished(text)) and not (
        _ACTION.search(text)
        or verdict == POSITIVE
        # 昨天的研讨会好累…十几个人…: venting about a past day's event that had a head count or a
        # clock time is about something held
        or (_COMPLAINT.search(text) and _PAST_DAY.search(text) and _reads_as_event(text))
    ):
        return True
    return _REQUEST.search(text) is not None and not _asks_to_log(text, 0, len(text))


# 11月12日那期培训之后，…上周二又加了一场实操培训: a kind word followed by 之后/以前 is the point in
# time another fact is told from, not the activity logged (while another kind word is there).
_REFERENCE_POINT = re.compile(r"\s*(?:之后|以后|过后|之前|以前|结束后|结束以后|后(?=\s*[,，。;；]))")


def find_kind(text: str, clauses: list[Clause] | None = None) -> tuple[Kind, int, int] | None:
    """The kind and the span of its keyword (for the title), or ``None`` for non-activities.

    The keyword is looked for where the log is: after a "记一下：" colon if there is one, else
    in clauses that neither report someone's question nor say the activity did not happen
    (❌上周五的培训取消 ✅改成昨天线上开了 keeps its only keyword, though).
    """
    clauses = split(text) if clauses is None else clauses
    if not_an_activity(text, clauses):
        return None
    has_report_verb = _REPORT_VERB.search(text) is not None
    colon = _RECORD_COLON.search(text)

    def placed(at: int) -> int:
        """A candidate's first rank: 0 after a 记一下： colon, where the log is; else 1."""
        return 0 if colon and at >= colon.end() else 1

    candidates: list[tuple[int, Kind, int, int, Clause | None]] = []
    memo: dict[int, int] = {}
    for m in KEYWORDS.finditer(text):
        kind: Kind = m.lastgroup  # type: ignore[assignment]
        if kind == "report" and not (has_report_verb or "总结" in m[0]):
            continue
        c = clause_at(clauses, m.start())
        if kind != "report":
            head = text[max(c.start if c else 0, m.start() - _TOPIC_SPAN) : m.start()]
            if _NOT_WORK_TOPIC.search(head) and not _DATA_TOPIC.search(head):
                continue
        # 培训效果, 培训的照片 are talked about — unless the clause says the training was held
        # (前天组织的数据安全培训效果不错).
        if kind != "report" and _ARTEFACT.match(text, m.end()) and (c is None or c.polarity != POSITIVE):
            continue
        if c is not None and said_at_meeting(text, c.start, c.end):
            continue  # 开了联席会议，会上讲了要报送总结: the meeting is the log
        rank = placed(m.start())
        if c is not None and (c.polarity == NEGATIVE or _reported(text, c, m.start(), memo)):
            rank = 2
        if _DENIED.search(text[max(0, m.start() - 4) : m.start()]):
            rank = 2  # 不是培训，是…交流会: the kind word denied is what the activity was not
        if _REFERENCE_POINT.match(text, m.end()):
            rank = 2
        candidates.append((rank, kind, m.start(), m.end(), c))
    taken = [(start, end) for _r, _k, start, end, _c in candidates]
    for m in [*_STUDY.finditer(text), *_CLASS.finditer(text), *_SEMINAR.finditer(text)]:
        start, end = m.span(m.lastgroup or "kw")
        found: Kind = "exchange_meeting" if m.re is _SEMINAR else "training"
        if any(s <= start < e for s, e in taken):
            continue  # already a study keyword (集中学习, 专题学习)
        c = clause_at(clauses, start)
        if m.re is _CLASS and _NOT_WORK_MEETING.search(m[0]):
            continue
        # (the topic taught is the keyword's span, so that it is the title: 金融数据安全)
        if m.lastgroup == "taught" and not _taught_a_session(text, clauses, c):
            continue
        rank = placed(start)
        if c is not None and (c.polarity == NEGATIVE or _reported(text, c, start, memo)):
            rank = 2
        candidates.append((rank, found, start, end, c))
    if not candidates:
        opened = next(
            (m for m in _OPENED.finditer(text) if _opened_a_class(text, clause_at(clauses, m.start()))), None
        )
        if opened is not None:
            c = clause_at(clauses, opened.start())
            candidates.append((placed(opened.start()), "training", *opened.span(), c))
    if not candidates:
        for m in _HANDED_MATERIAL.finditer(text):
            c = clause_at(clauses, m.start("kw"))
            if c is not None and (c.polarity == POSITIVE or _handed_in_later(clauses, c)):
                candidates.append((placed(m.start()), "report", *m.span("kw"), c))
    # (…总节报送给市政数局了: a line whose kind word is only misspelt is left to the typo pass)
    if not candidates and _HANDED_TO_BODY.search(text) and correct(text, KIND_WORDS) == text:
        for m in _HANDED_TO_BODY.finditer(text):
            c = clause_at(clauses, m.start())
            if c is not None and (c.polarity == POSITIVE or (c.polarity == 0 and _dated(text, c))):
                candidates.append((placed(m.start()), "report", *m.span(), c))
    candidates.sort(key=lambda cand: cand[2])
    # 开了首席数据官联席会议, 召开数据工作推进会: a named meeting that was held, of no listed kind; it
    # is the log too when the kind words elsewhere are only what was said there (开了周例会，会上定了
    # 下周交报告).
    if (
        not any(rank == 0 or (c is not None and c.polarity == POSITIVE) for rank, *_, c in candidates)
        and (held := _held_meeting(text, clauses, [cand[4] for cand in candidates], not candidates))
        is not None
    ):
        return "exchange_meeting", *held
    if not candidates and (swap := _EXCHANGED_WITH.search(text)) is not None and _reads_as_event(text):
        return "exchange_meeting", *swap.span("kw")
    if not candidates:
        bare = _BARE_HEAD.search(text)
        if bare is None or not _reads_as_event(text):
            return None
        return bare.lastgroup, bare.start(), bare.end()  # type: ignore[return-value]
    top = min(r for r, *_ in candidates)
    tops = [cand for cand in candidates if cand[0] == top]
    # 明天交报告，昨天已经组织了培训 / 不是培训，是上周四开了个交流会: when the line names activities in
    # several clauses, the one whose own clause says it was done is the log (the first such).
    done = [cand for cand in tops if cand[4] is not None and cand[4].polarity == POSITIVE]
    if done and len({cand[4].start if cand[4] else -1 for cand in tops}) > 1:
        tops = [cand for cand in tops if cand[2] >= done[0][2]]
    best: tuple[Kind, int, int] | None = None
    for _rank, kind, start, end, _c in tops:
        if best is not None and _CLAUSE_BREAK.search(text, best[2], start):
            break  # a later clause: keep the first clause's head noun
        best = (kind, start, end)
    return best


# 南山区本周三下午开一官两员制度交流汇, 明天下午组织数据安全陪训: a fixed schedule (a day, then a
# holding verb in the same clause) is recorded as a log is.
_SCHEDULE = re.compile(
    # (召开, 开展 end or start in 开)
    rf"(?:{_DAY_WRITTEN.pattern}|今天|明天|后天)[^,，。;；!！?？]{{0,12}}?(?:组织|举办|举行|开)"
)


def _scheduled(text: str, clauses: list[Clause]) -> str | None:
    """The line with a kind word's typo corrected in the object of a fixed schedule's verb, when the
    corrected word ends that object (…开一官两员制度交流汇 → 交流会); not 明天开车去陪训练的孩子, whose
    sound-alike runs on into another word."""
    for m in _SCHEDULE.finditer(text):
        c = clause_at(clauses, m.start())
        if c is None:
            continue
        fixed = correct(text, KIND_WORDS, m.end(), c.end)
        if fixed == text:
            continue
        again = KEYWORDS.search(fixed, m.end(), c.end)
        if again is not None and again[0] != text[again.start() : again.end()] and again.end() == c.end:
            return fixed
    return None


def spelled_out(text: str, clauses: list[Clause], found: tuple[Kind, int, int] | None) -> str | None:
    """The line with homophone typos of kind words corrected (培讯 → 培训), when that finds a kind
    word the line lacks or completes one it cut short (座谈汇 → 座谈会); else ``None``.

    Only for a line that reads as a log: something marked done, a past day word, or a head count or
    clock time (11月16日开展数据安全讲坐，70人: it met) with no day ahead; or for a fixed schedule,
    in the object that ends its verb's clause (本周三下午开…交流汇). Never for a question or a request.
    """
    if found is None:
        if not_an_activity(text, clauses):
            return None
        if not (
            outcome(clauses) == POSITIVE
            or _PAST_WORD.search(text)
            or (_reads_as_event(text) and not _AHEAD_DAY.search(text))
        ):
            return _scheduled(text, clauses)
        fixed = correct(text, KIND_WORDS + HAND_IN_WORDS)
    elif not _CJK_NEXT.match(text, found[2]):
        return None
    else:
        fixed = correct(text, KIND_WORDS, found[1], found[2] + 3)
    return fixed if fixed != text else None


def mentions(text: str, kind: Kind) -> list[tuple[int, int]]:
    """Every span where the line names an activity of ``kind`` (for the best-described title)."""
    return [(m.start(), m.end()) for m in KEYWORDS.finditer(text) if m.lastgroup == kind]
