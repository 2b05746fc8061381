"""Labelled activity lines for the intake tests and bench (same field names as the dev set).

Reference times: A = Monday 2026-11-23 10:00 (the dev set's), B = Monday 2026-03-02 (just after a
non-leap February), C = Monday 2026-01-05 (上个月/上周 across a year end), D = Monday 2026-12-28
(plans that cross into next year). Omitted fields are not checked; ``"time": None`` is.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

_TZ = ZoneInfo("Asia/Shanghai")
NOW_A = datetime(2026, 11, 23, 10, 0, tzinfo=_TZ)
NOW_B = datetime(2026, 3, 2, 10, 0, tzinfo=_TZ)
NOW_C = datetime(2026, 1, 5, 10, 0, tzinfo=_TZ)
NOW_D = datetime(2026, 12, 28, 10, 0, tzinfo=_TZ)

_A: list[dict] = [
    # relative day words, with periods and clock times
    {"text": "今天上午9点半在市民中心组织了数据安全培训，共50余人参加", "kind": "training", "date": "2026-11-23",
     "time": "09:30", "attendees": 50, "title": "数据安全培训", "location": "市民中心"},
    {"text": "昨晚7点参加了数据要素沟通交流会", "kind": "exchange_meeting", "date": "2026-11-22", "time": "19:00",
     "title": "数据要素沟通交流会"},
    {"text": "今早组织数据标准宣贯，来了25个人", "kind": "training", "date": "2026-11-23", "attendees": 25,
     "title": "数据标准宣贯"},
    {"text": "大前天举办数据治理讲座，约200人", "kind": "training", "date": "2026-11-20", "attendees": 200},
    {"text": "大后天下午两点半组织数据安全演练培训", "kind": "training", "date": "2026-11-26", "time": "14:30",
     "title": "数据安全演练培训"},
    {"text": "明天上午十点一刻开业务交流会", "kind": "exchange_meeting", "date": "2026-11-24", "time": "10:15",
     "title": "业务交流会"},
    {"text": "前天晚上八点参加了交流会", "kind": "exchange_meeting", "date": "2026-11-21", "time": "20:00"},
    {"text": "今天中午12点组织了培训，40人", "kind": "training", "date": "2026-11-23", "time": "12:00",
     "attendees": 40, "title": "培训"},
    {"text": "今天10:30组织了数据治理培训", "kind": "training", "date": "2026-11-23", "time": "10:30"},
    {"text": "今晚组织数据治理讲座", "kind": "training", "date": "2026-11-23", "time": None},
    {"text": "昨天下午3点在区政务服务中心组织了数据安全培训，参加人数：90", "kind": "training",
     "date": "2026-11-22", "time": "15:00", "attendees": 90, "location": "区政务服务中心", "title": "数据安全培训"},
    {"text": "昨天参加了数据安全培训", "kind": "training", "date": "2026-11-22", "attendees": None},
    # weeks (Monday first) and bare weekdays by tense
    {"text": "上周五报送了三季度工作总结", "kind": "report", "date": "2026-11-20", "title": "三季度工作总结"},
    {"text": "本周四组织公共数据培训", "kind": "training", "date": "2026-11-26"},
    {"text": "这周三要开座谈会", "kind": "exchange_meeting", "date": "2026-11-25", "title": "座谈会"},
    {"text": "下周三举办数据安全培训班", "kind": "training", "date": "2026-12-02", "title": "数据安全培训班"},
    {"text": "下下周一组织数据安全培训", "kind": "training", "date": "2026-12-07"},
    {"text": "上上周三参加了数据交流会", "kind": "exchange_meeting", "date": "2026-11-11"},
    {"text": "周日组织了数据开放培训，三百人参加", "kind": "training", "date": "2026-11-22", "attendees": 300},
    {"text": "星期天参加了首席数据官座谈会", "kind": "exchange_meeting", "date": "2026-11-22",
     "title": "首席数据官座谈会"},
    {"text": "礼拜二开展了数据标准宣贯，二十六位同志参加", "kind": "training", "date": "2026-11-17",
     "attendees": 26},
    {"text": "周五要组织数据治理培训", "kind": "training", "date": "2026-11-27"},
    {"text": "周一组织了数据标准培训", "kind": "training", "date": "2026-11-23"},
    {"text": "上周三下午4点在线上组织了数据安全培训", "kind": "training", "date": "2026-11-18", "time": "16:00",
     "location": "线上"},
    # months
    {"text": "本月5号组织了数据安全培训", "kind": "training", "date": "2026-11-05"},
    {"text": "上个月20日参加了数据要素交流会", "kind": "exchange_meeting", "date": "2026-10-20"},
    {"text": "上月9号提交了工作总结报告", "kind": "report", "date": "2026-10-09", "title": "工作总结报告"},
    {"text": "下个月3号组织数据共享培训", "kind": "training", "date": "2026-12-03"},
    {"text": "5号组织了数据安全培训", "kind": "training", "date": "2026-11-05"},
    {"text": "25号组织了数据安全培训", "kind": "training", "date": "2026-10-25"},
    # offsets
    {"text": "3天前开展数据分类分级培训，参训人员八十人", "kind": "training", "date": "2026-11-20",
     "attendees": 80, "title": "数据分类分级培训"},
    {"text": "两天后组织数据安全培训", "kind": "training", "date": "2026-11-25"},
    {"text": "三天后召开首席数据官交流会", "kind": "exchange_meeting", "date": "2026-11-26"},
    {"text": "一周前组织了数据安全培训", "kind": "training", "date": "2026-11-16"},
    # absolute dates
    {"text": "十月二十日组织了数据治理培训", "kind": "training", "date": "2026-10-20"},
    {"text": "2026年9月8日举办数据安全讲座", "kind": "training", "date": "2026-09-08", "title": "数据安全讲座"},
    {"text": "2026年十一月十六日组织了培训", "kind": "training", "date": "2026-11-16"},
    {"text": "2026.10.7 组织数据标准培训 40人", "kind": "training", "date": "2026-10-07", "attendees": 40},
    {"text": "10/15 参加CDO业务交流会", "kind": "exchange_meeting", "date": "2026-10-15", "title": "CDO业务交流会"},
    {"text": "2026/11/9 组织数据共享培训，参会人数44人", "kind": "training", "date": "2026-11-09",
     "attendees": 44},
    {"text": "11.19组织数据开放培训，一百余名干部参加", "kind": "training", "date": "2026-11-19",
     "attendees": 100},
    {"text": "2026-11-09 报送了年度工作总结", "kind": "report", "date": "2026-11-09", "title": "年度工作总结"},
    {"text": "11月20日于市政务服务数据管理局三楼会议室召开数据要素座谈会", "kind": "exchange_meeting",
     "date": "2026-11-20", "location": "市政务服务数据管理局三楼会议室", "title": "数据要素座谈会"},
    {"text": "去年11月16日组织了数据安全培训", "kind": "training", "date": "2025-11-16"},
    # no date, clock time only, noise numbers that are not attendees
    {"text": "组织了数据安全培训，30人参加", "kind": "training", "date": "2026-11-23", "date_assumed": True,
     "attendees": 30},
    {"text": "数据标准培训 参加人数 75", "kind": "training", "date": "2026-11-23", "date_assumed": True,
     "attendees": 75, "title": "数据标准培训"},
    {"text": "9点半组织了数据安全培训", "kind": "training", "date": "2026-11-23", "time": "09:30",
     "date_assumed": True},
    {"text": "昨天组织了第2场数据安全培训，时长2小时", "kind": "training", "date": "2026-11-22",
     "attendees": None, "time": None},
    {"text": "报送了2026年工作总结", "kind": "report", "date": "2026-11-23", "date_assumed": True},
    {"text": "昨天组织了培训，参加人数 999999", "kind": "training", "date": "2026-11-22", "attendees": None},
    {"text": "昨天组织数据安全培训，约1.5万人在线参加", "kind": "training", "date": "2026-11-22",
     "attendees": 15000},
    {"text": "前天组织了数据安全培训，共计一百二十人参加", "kind": "training", "date": "2026-11-21",
     "attendees": 120},
    # impossible dates are errors, not guesses
    {"text": "2月30日组织了数据安全培训", "kind": "training", "date": None, "error": "impossible_date"},
    {"text": "13月5日参加了交流会", "kind": "exchange_meeting", "date": None, "error": "impossible_date"},
    {"text": "4月31日报送了工作总结", "kind": "report", "date": None, "error": "impossible_date"},
    {"text": "今天下午25点组织了培训", "kind": "training", "date": None, "error": "impossible_time"},
    # not activity logs
    {"text": "帮我查一下我的职责", "kind": None},
    {"text": "明天天气怎么样", "kind": None},
    {"text": "一票否决权是什么", "kind": None},
    {"text": "培训要组织几次", "kind": None},
    {"text": "你好", "kind": None},
    {"text": "谢谢！", "kind": None},
    {"text": "提醒我明天交报告", "kind": None},
    {"text": "今天有培训吗", "kind": None},
    {"text": "昨天的交流会取消了", "kind": None},
    {"text": "这个月还没有组织培训", "kind": None},
    {"text": "请于11月30日前报送工作总结", "kind": None},
    {"text": "👍👍", "kind": None},
    # free phrasing seen in pilot chats
    {"text": "今天举办了首席数据官培训班，共有45名学员参加", "kind": "training", "date": "2026-11-23", "attendees": 45,
     "title": "首席数据官培训班"},
    {"text": "上周二在市委党校举办数据治理专题培训，约150人参训", "kind": "training", "date": "2026-11-17",
     "attendees": 150, "location": "市委党校", "title": "数据治理专题培训"},
    {"text": "参加了市里组织的首席数据官交流会", "kind": "exchange_meeting", "date": "2026-11-23",
     "date_assumed": True, "title": "首席数据官交流会"},
    {"text": "11月10日上午9:00组织数据安全意识宣贯，50人", "kind": "training", "date": "2026-11-10",
     "time": "09:00", "attendees": 50},
    {"text": "本周一已报送上半年工作总结", "kind": "report", "date": "2026-11-23", "date_assumed": False},
    {"text": "前天的数据安全培训来了60多人", "kind": "training", "date": "2026-11-21", "attendees": 60},
    {"text": "昨天办了个数据治理培训，20来人", "kind": "training", "date": "2026-11-22", "attendees": 20,
     "title": "数据治理培训"},
    {"text": "上周六参加了数据交流座谈会", "kind": "exchange_meeting", "date": "2026-11-21", "title": "数据交流座谈会"},
    {"text": "十一月十号交了工作总结", "kind": "report", "date": "2026-11-10"},
    {"text": "2026年11月20日下午3:30在市民中心召开数据要素座谈会，与会人员28人", "kind": "exchange_meeting",
     "date": "2026-11-20", "time": "15:30", "attendees": 28, "location": "市民中心"},
    {"text": "今天下午2点组织了数据治理培训，参训人员约100人，地点：市政务服务数据管理局5楼会议室",
     "kind": "training", "date": "2026-11-23", "time": "14:00", "attendees": 100,
     "location": "市政务服务数据管理局5楼会议室"},
    {"text": "昨天组织了2场培训，共100人", "kind": "training", "date": "2026-11-22", "attendees": 100,
     "title": "培训"},
    {"text": "周三组织了重要数据识别培训，两位领导和30名学员参加", "kind": "training", "date": "2026-11-18",
     "attendees": 30, "title": "重要数据识别培训"},
    {"text": "我市昨天组织了共享数据培训", "kind": "training", "date": "2026-11-22", "title": "共享数据培训"},
    {"text": "组织了个人信息保护培训", "kind": "training", "title": "个人信息保护培训"},
    {"text": "参加了培训工作交流会", "kind": "exchange_meeting"},
    {"text": "提交了数据安全培训总结", "kind": "report", "title": "数据安全培训总结"},
    {"text": "帮我记一下，今天组织了数据安全培训，30人", "kind": "training", "date": "2026-11-23", "attendees": 30},
    {"text": "明天组织培训，预计50人参加", "kind": "training", "date": "2026-11-24", "attendees": 50},
    {"text": "首席数据官是什么", "kind": None},
    {"text": "我的职责有哪些？", "kind": None},
    {"text": "明天几点开会", "kind": None},
    {"text": "怎么报送工作总结", "kind": None},
    {"text": "早上好", "kind": None},
    {"text": "/start", "kind": None},
    {"text": "昨天组织了培训，近百人参加", "kind": "training", "date": "2026-11-22", "attendees": 100},
    {"text": "组织开展了“数据安全”专题培训", "kind": "training", "title": "数据安全专题培训"},
    {"text": "开展《数据安全法》宣贯培训", "kind": "training", "title": "数据安全法宣贯培训"},
    {"text": "请帮我记录今天的数据安全培训，30人", "kind": "training", "date": "2026-11-23", "attendees": 30},
    {"text": "下周一的数据安全培训", "kind": "training", "date": "2026-11-30", "title": "数据安全培训"},
    {"text": "三点四十五组织了培训", "kind": "training", "time": "15:45", "date_assumed": True},
    {"text": "下周的培训在哪", "kind": None},
    {"text": "培训的PPT发我一下", "kind": None},
    {"text": "把昨天的培训记录人数改成30人", "kind": None},
    {"text": "今天和各区CDO开了个座谈会", "kind": "exchange_meeting", "date": "2026-11-23", "title": "座谈会"},
    {"text": "时间：11月20日下午3点；内容：数据治理培训；人数：80人", "kind": "training", "date": "2026-11-20",
     "time": "15:00", "attendees": 80, "title": "数据治理培训"},
    {"text": "12月5日要交年度工作总结", "kind": "report", "date": "2026-12-05"},
    {"text": "下周三上午9点在区政府三楼会议室组织数据安全培训，预计80人参加", "kind": "training",
     "date": "2026-12-02", "time": "09:00", "attendees": 80, "location": "区政府三楼会议室"},
]

_B: list[dict] = [
    {"text": "上个月20日组织了数据安全培训", "kind": "training", "date": "2026-02-20"},
    {"text": "2月29日组织了数据安全培训", "kind": "training", "date": None, "error": "impossible_date"},
    {"text": "2月28日组织了培训", "kind": "training", "date": "2026-02-28"},
    {"text": "上周五参加了交流会", "kind": "exchange_meeting", "date": "2026-02-27"},
    {"text": "12月20日组织了数据安全培训", "kind": "training", "date": "2025-12-20"},
    {"text": "昨天组织了培训", "kind": "training", "date": "2026-03-01"},
    {"text": "3天前组织培训", "kind": "training", "date": "2026-02-27"},
    {"text": "本月1号报送了工作总结", "kind": "report", "date": "2026-03-01"},
    {"text": "下个月3号组织培训", "kind": "training", "date": "2026-04-03"},
    {"text": "上个月30日组织了培训", "kind": "training", "date": None, "error": "impossible_date"},
]

_C: list[dict] = [
    {"text": "上个月20日组织了数据安全培训", "kind": "training", "date": "2025-12-20"},
    {"text": "上周三参加了首席数据官交流会", "kind": "exchange_meeting", "date": "2025-12-31"},
    {"text": "上周五组织数据治理培训", "kind": "training", "date": "2026-01-02"},
    {"text": "前天举办数据安全讲座", "kind": "training", "date": "2026-01-03"},
    {"text": "12月28日报送了工作总结", "kind": "report", "date": "2025-12-28"},
    {"text": "10天前组织了培训", "kind": "training", "date": "2025-12-26"},
    {"text": "周日组织了培训", "kind": "training", "date": "2026-01-04"},
    {"text": "2月3日要组织数据安全培训", "kind": "training", "date": "2026-02-03"},
    {"text": "12/30 组织数据共享培训", "kind": "training", "date": "2025-12-30"},
]

_D: list[dict] = [
    {"text": "1月5日要召开首席数据官交流会", "kind": "exchange_meeting", "date": "2027-01-05"},
    {"text": "下个月3号组织培训", "kind": "training", "date": "2027-01-03"},
    {"text": "下周一组织培训", "kind": "training", "date": "2027-01-04"},
]

CASES: list[tuple[datetime, dict]] = [
    *((NOW_A, c) for c in _A),
    *((NOW_B, c) for c in _B),
    *((NOW_C, c) for c in _C),
    *((NOW_D, c) for c in _D),
]
