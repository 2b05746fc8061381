"""The longest allowed lines built to hit each intake scanner's worst case (repeated date words,
counts, kind words, digits). Shared by the property test (which checks the result is well formed)
and bench/bench_parse.py (which times them against an ordinary line, in one run)."""

WORST_LINES = [
    "培训" + "一" * 4094,
    "在" * 4096,
    "1." * 2048,
    "参加人数" * 1024,
    "周" * 4096,
    "下午" + "9点" * 2000,
    "组织了培训" + "于会" * 2000,
    "十" * 4096 + "人",
    "5" + " " * 4000 + "人",
    "吗" + " " * 4000 + "x",
    "培训" + "11月" * 1300,
    "培训" + "周一" * 2000,
    "培训" + "5人" * 2000,
    "培训" + "，培训" * 1300,
    "培训上周" + "周一" * 2000,
    "培训" + "本州四" * 1300,
    "交流会纪要" + "昨天下午3点才印发，纪要" * 300,
    "交流会" + "人很多 大概七八十 " * 400,
]
