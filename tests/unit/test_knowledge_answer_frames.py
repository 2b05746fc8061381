"""Answer frames (issue 10, blind batches 22-24): a way of asking for a kind of answer — a benefit
for doing well, whom to turn to when stuck, where the staff come from, when the roll-out reaches a
unit left out of the pilot — in chat words the plans never use, mapped to the plans' own wording
(``locale/zh_CN/jieba/answer_frames.toml``). Each probe line below fails without one alternative
of its frame's pattern (checked by removing each in turn); the near misses must stay declined.
Our own wording, none of it a batch line."""

from __future__ import annotations

import pytest

BENEFIT_SZ = "给予加分鼓励"
BENEFIT_ZH = "优先加分"
ASK = "径向市政务服务数据管理局反映"
STAFF_SZ = "引进专业人才"
STAFF_ZH = "数字广东珠海分公司负责组建"
ROLLOUT = "大力推广首席数据官制度"


@pytest.mark.parametrize(
    ("question", "city", "phrase"),
    [
        # merit (干/做/搞/表现/评 得 出色/拔尖), only with a benefit asked
        ("试点区干得出色能得到什么", "shenzhen", BENEFIT_SZ),
        ("部门做得出色有没有好处", "zhuhai", BENEFIT_ZH),
        ("我们部门搞得拔尖有什么好处", "zhuhai", BENEFIT_ZH),
        ("表现出色的区能捞到什么", "shenzhen", BENEFIT_SZ),
        ("评得拔尖的区有什么实惠", "shenzhen", BENEFIT_SZ),
        # benefit (好处, 实惠, 得到/捞到/拿到 什么/啥)
        ("部门干得出色能得到什么", "zhuhai", BENEFIT_ZH),
        ("我们区搞得好能捞到啥", "shenzhen", BENEFIT_SZ),
        ("试点成效突出的区能捞到什么", "shenzhen", BENEFIT_SZ),
        ("区里干得出色能拿到啥", "shenzhen", BENEFIT_SZ),
        ("成效突出的部门拿到啥", "shenzhen", BENEFIT_SZ),
        ("表现优秀的部门能得到什么奖励", "zhuhai", BENEFIT_ZH),
        ("区里表现拔尖的话，实际的甜头有吗", "shenzhen", BENEFIT_SZ),  # 甜头
        ("表现拔尖的区有没有实际奖励", "shenzhen", BENEFIT_SZ),  # 奖励
        ("试点区干得突出的话能得到什么", "shenzhen", BENEFIT_SZ),
        # whom to ask (遇到/遇上 … 问题/难题/困难/搞不定/拿不准/解决不了 … 找/问/向/跟 谁/哪, 反映给谁)
        ("推进中碰到难题跟谁说", "shenzhen", ASK),
        ("遇到困难向哪个部门求助", "zhuhai", ASK),
        ("遇上搞不定的事找谁", "shenzhen", ASK),
        ("有拿不准的事问谁", "zhuhai", ASK),
        ("出了问题找哪个单位反映", "shenzhen", ASK),
        ("实施中解决不了的问题反映给谁", "zhuhai", ASK),
        ("执行中有问题该找谁问", "shenzhen", ASK),
        # staffing (人员 / 招·请·找…人·专家 … 从哪/路子/渠道/途径; 谁·哪…出人)
        ("我们区缺人，数据运营谁出人", "zhuhai", STAFF_ZH),
        ("部门里搞数据的人员从哪来", "shenzhen", STAFF_SZ),
        ("想招几个数据分析的人，有什么路子", "shenzhen", STAFF_SZ),
        ("请外面的专家帮忙有哪些渠道", "shenzhen", STAFF_SZ),
        ("找懂行的人进来有什么途径", "shenzhen", STAFF_SZ),
        ("数据治理的活由谁出人", "zhuhai", STAFF_ZH),
        ("这些活哪家出人", "zhuhai", STAFF_ZH),
        # …from outside (外面/外部 招·请·聘 … 人·专家): bringing people in is the plans' 引进
        ("能不能从外部聘几个专家", "shenzhen", STAFF_SZ),
        ("可以从外面请人来做数据治理吗", "shenzhen", STAFF_SZ),
        ("局里缺人，方案允许从外面招懂技术的人来帮忙干活吗", "shenzhen", STAFF_SZ),
        # roll-out (没进/不在/未纳入/没纳入/没列入 … 试点/名单; 推开; 轮到)
        ("我们局没进首批名单，什么时候开始", "zhuhai", ROLLOUT),
        ("我们是市卫健委，不在名单上，啥时候开始", "zhuhai", ROLLOUT),
        ("我们是市教育局，未纳入试点，什么时候覆盖", "zhuhai", ROLLOUT),
        ("没纳入名单的部门什么时候搞", "zhuhai", ROLLOUT),
        ("没列入试点的区什么时候跟上", "zhuhai", ROLLOUT),
        ("这个制度什么时候推开", "zhuhai", ROLLOUT),
        ("我们单位没在第一批试点里，什么时候轮到", "zhuhai", ROLLOUT),
        ("什么时候能轮到我们部门", "zhuhai", ROLLOUT),
        ("我们局不在首批公布的那几个试点部门里，什么时候开始", "zhuhai", ROLLOUT),  # {0,10}
        ("非试点的部门要不要设首席数据官", "zhuhai", ROLLOUT),  # 非试点
        # …and the frame's own words (试点, 名单, 首批) weigh nothing of the topic
        ("我们单位是市文旅局，不在试点名单里，这个制度什么时候推到我们", "zhuhai", ROLLOUT),
        ("我们是市体育局，不在名单里，啥时候会推到我们这", "zhuhai", ROLLOUT),  # 推到
        ("我们单位是市民政局，没进试点名单，以后我们什么时候也要搞", "zhuhai", ROLLOUT),
        ("我们单位是市水务局，没进首批试点，我们什么时候要搞", "zhuhai", ROLLOUT),
    ],
)
def test_an_answer_frame_finds_the_clause_in_the_plans_wording(knowledge, question, city, phrase):
    result = knowledge.ask(question, city=city)
    assert result.confident and phrase in result.answers[0].text


@pytest.mark.parametrize(
    ("question", "city"),
    [
        ("表现好的区能拿多少奖金", "shenzhen"),  # the benefit frame, but an amount and 奖金
        ("评得好能拿多少奖金", "zhuhai"),
        ("干得好的区能加多少分", "shenzhen"),  # an amount: the plans say 加分, never how much
        ("有问题打哪个电话", "shenzhen"),  # a contact, which the plans never print
        ("有问题打哪个电话反映", "zhuhai"),
        ("电脑出问题了找谁", "shenzhen"),  # the trouble is no topic of the plans
        ("打印机出问题了找谁", "zhuhai"),
        ("食堂饭菜有问题找谁", "shenzhen"),
        ("小孩上学遇到困难找谁", "shenzhen"),
        ("数据运营团队要多少人", "zhuhai"),  # a head count
        ("2022年全市首席数据官评价一共评出了几个优秀", "zhuhai"),
        ("哪些部门表现出色", "shenzhen"),  # merit without a benefit asked: who did well, a result
        ("表现拔尖的是哪几个区", "shenzhen"),
        ("去年表现优秀的区有哪些", "zhuhai"),
        ("试点结束以后会不会在全市推开", "shenzhen"),  # Shenzhen's plan has no roll-out stage
        ("招聘数据分析师的工资多少", "shenzhen"),
        ("从外面招的人能进编制吗", "shenzhen"),  # staffing, but 编制: not in the plans
        # the heaviest topic word left besides the frame is one no plan holds
        ("股票干得好能捞到什么", "shenzhen"),
        ("停车遇到困难找谁", "shenzhen"),
        ("垃圾分类什么时候推开", "shenzhen"),
        ("网络有问题向谁反映", "shenzhen"),
        ("任了之后工资涨多少", "zhuhai"),  # the appointment frame, but pay
        ("哪些单位参加了足球比赛", "shenzhen"),  # units asked, but not the pilot's
        ("什么时候推开年终奖", "shenzhen"),
        ("从外面招人的工资谁出", "shenzhen"),
    ],
)
def test_a_near_miss_of_an_answer_frame_stays_declined(knowledge, question, city):
    assert not knowledge.ask(question, city=city).confident


def test_asking_whether_a_unit_is_in_the_pilot_is_no_roll_out_question(knowledge):
    # 在不在 holds 不在: the roll-out frame must not read a membership question as "left out".
    result = knowledge.ask("我是斗门区政数局的，我们区在不在第一批试点里面", city="zhuhai")
    shown = result.answers or result.suggestions
    assert shown and "斗门区" in shown[0].text


def test_a_frame_question_is_never_the_duty_list(knowledge):
    # 干, 出色, 好处 are duty and framing words: without the frame this was the list of duties.
    result = knowledge.ask("区里的部门干得出色能得到什么好处", city="shenzhen")
    assert result.intent == "clause" and BENEFIT_SZ in result.answers[0].text


@pytest.mark.parametrize(
    ("question", "city", "phrase"),
    [
        ("区政府的首席数据官归什么机构任免", "shenzhen", "统一任免"),  # 什么机构
        ("试点部门的首席数据官是哪个机构任免的", "shenzhen", "由本部门任免"),  # 哪个机构
        ("区里的首席数据官由哪个机构任免", "zhuhai", "由本区政府（管委会）、本部门推荐"),
        ("市首席数据官由什么机构任免", "zhuhai", "市首席数据官由市“数字政府”改革建设工作领导小组任免"),
    ],
)
def test_a_body_asked_for_is_a_question_word_not_the_plans_organisations(knowledge, question, city, phrase):
    # 哪个机构 / 什么机构 ask for a body, as 哪个部门 does (question_words.txt): 机构 is no topic, so
    # the clause on 数据运营机构建设 does not win over the one that says who appoints.
    result = knowledge.ask(question, city=city)
    assert result.confident and phrase in result.answers[0].text


SCOPE_PARTS = ("(一)市政府。", "市公安局、人力资源保障局", "福田区、南山区、宝安区、坪山区政府")


@pytest.mark.parametrize(
    "question",
    [
        "深圳CDO试点都有哪些单位，市里、部门、区列全",  # cdo, 试点, 市里 / 部门 / 区 listed
        "首席数据官试点涉及哪些单位",  # 首席数据官
        "首批纳入的是哪些单位",  # 纳入
        "哪些单位在试点里，市级、部门、区都列一下",  # 哪些单位…试点, 市级
        "咱们市这次试点覆盖了哪些单位",  # 咱们市
        "我们市试点覆盖哪些单位，市和区都列一下",  # 我们市, 市 和 区
    ],
)
def test_asking_for_all_the_pilot_units_is_the_scope_section(knowledge, question):
    result = knowledge.ask(question, city="shenzhen")
    text = "\n".join(a.text for a in result.answers)
    assert result.intent == "outline" and all(p in text for p in SCOPE_PARTS)
    assert result.question == question


def test_asking_something_of_the_pilot_units_is_no_scope_list(knowledge):
    result = knowledge.ask("试点包括哪些单位，它们的首席数据官由谁任免", city="shenzhen")
    assert result.intent == "clause" and "统一任免" in result.answers[0].text


def test_the_pilot_units_of_zhuhai_are_its_pilot_clause(knowledge):
    result = knowledge.ask("这次试点覆盖了哪些单位，区和部门都列出来", city="zhuhai")
    assert "横琴新区、香洲区、金湾区、斗门区、高新区" in result.answers[0].text


@pytest.mark.parametrize(
    ("question", "city", "phrase"),
    [
        ("部门CDO任了后报给谁", "shenzhen", "报市智慧城市和数字政府建设领导小组办公室备案"),  # 任了 … 后
        ("试点部门的首席数据官任了以后要报哪里", "shenzhen", "报市智慧城市和数字政府建设领导小组办公室备案"),
        ("部门首席数据官任了之后报哪里备案", "shenzhen", "报市智慧城市和数字政府建设领导小组办公室备案"),
        ("区里的首席数据官任了之后报给谁备案", "zhuhai", "报省政务服务数据管理局备案"),
    ],
)
def test_once_appointed_is_the_appointment_clause(knowledge, question, city, phrase):
    # 任了之后: 任 alone weighs nothing, so without the frame the clause on 实施方案…备案 won.
    result = knowledge.ask(question, city=city)
    assert result.confident and phrase in result.answers[0].text


@pytest.mark.parametrize("question", ["担任了之后要干什么", "兼任了之后要做什么"])
def test_taking_up_the_post_is_still_the_duty_list(knowledge, question):
    assert knowledge.ask(question, city="shenzhen").intent == "duties"


@pytest.mark.parametrize("question", ["首席数据官归哪个机构管", "首席数据官归什么机构管"])
def test_a_body_asked_for_is_never_the_duty_list(knowledge, question):
    # 哪个机构 / 什么机构 are not_duty words: 管 is a duty word, but the question asks for a body.
    assert knowledge.ask(question, city="shenzhen").intent != "duties"


@pytest.mark.parametrize(
    ("question", "city", "phrase"),
    [
        # batch 25 (issue 10): bringing people in is a class of verbs (_BRING_IN), of people
        # (_STAFF) and of places outside (_OUTSIDE); each line fails without one of them
        ("我们区能不能从外面找些懂数据的人来干活", "zhuhai", STAFF_ZH),  # 找 (outside)
        ("我们部门能不能从外面借几个懂技术的人过来帮忙", "shenzhen", STAFF_SZ),  # 借
        ("区里可以去高校挖几个数据专家吗", "shenzhen", STAFF_SZ),  # 高校, 挖
        ("局里想引几个懂数据的人进来，方案允许吗", "shenzhen", STAFF_SZ),  # 引 … 进来
        ("能不能从外头雇几个做数据的人", "shenzhen", STAFF_SZ),  # 外头, 雇
        ("能不能从外面请个专业团队来帮忙", "shenzhen", STAFF_SZ),  # 团队
        ("能不能从外面请一家公司来帮忙干活", "shenzhen", STAFF_SZ),  # 公司
        ("能不能借几个懂数据的人过来", "shenzhen", STAFF_SZ),  # 过来
        # handing the work out: 请/找 … 第三方·外包, 外包给 (the plans' 购买专业服务)
        ("人手不够，能不能请第三方公司来帮我们干数据的活", "shenzhen", STAFF_SZ),
        ("部门缺人，能不能外包给公司来做数据治理", "zhuhai", STAFF_ZH),
    ],
)
def test_bringing_people_in_from_outside_is_the_staffing_frame(knowledge, question, city, phrase):
    result = knowledge.ask(question, city=city)
    assert result.confident and phrase in result.answers[0].text


@pytest.mark.parametrize(
    ("question", "city"),
    [
        ("找外包公司要走什么采购流程", "shenzhen"),  # 采购流程: not in the plans
        ("能不能外包食堂", "shenzhen"),
        ("能不能从外面挖几个厨师来食堂帮忙", "shenzhen"),
        ("从外面找的人工资怎么算", "shenzhen"),
        ("借调的人能不能转编制", "shenzhen"),
        ("能不能请第三方来装修办公楼", "shenzhen"),
    ],
)
def test_bringing_in_what_the_plans_never_mention_stays_declined(knowledge, question, city):
    assert not knowledge.ask(question, city=city).confident


ONE_CDO = "各设立一名"
SERVES = "兼任"


@pytest.mark.parametrize(
    ("question", "city", "phrase"),
    [
        # batch 25 (issue 10): who holds the post and how many — a verb of holding it (_HOLD_POST)
        # and the post (_POST), asked by a whether word (_WHETHER) or by 由/让/两个人 after the post;
        # each line fails without one entry
        ("首席数据官能不能两个人一起当", "zhuhai", ONE_CDO),  # 当, 两个人, key 人
        ("首席数据官能不能两个人一起兼", "zhuhai", ONE_CDO),  # 兼
        ("首席数据官能不能两个人一起担任", "zhuhai", ONE_CDO),  # 担任
        ("首席数据官能不能两个人一起出任", "zhuhai", ONE_CDO),  # 出任
        ("CDO能不能由一把手自己来做", "shenzhen", SERVES),  # 做
        ("能不能两个人一起当CDO", "zhuhai", ONE_CDO),  # cdo, 能不能
        ("是不是得处长以上才能当数据官", "shenzhen", SERVES),  # 数据官, 是不是
        ("局里可不可以安排两个人一起当首席数据官", "zhuhai", ONE_CDO),  # 可不可以
        ("可以两个人一起当首席数据官吗", "zhuhai", ONE_CDO),  # 可以
        ("必须一个人当首席数据官吗", "zhuhai", ONE_CDO),  # 必须
        ("CDO是不是一般由我来兼", "zhuhai", SERVES),  # 由
        ("CDO可以让科长来当吗", "zhuhai", SERVES),  # 让
        ("首席数据官是不是就由我来兼", "shenzhen", SERVES),
        # how many are set up: 安排/任命 … 几·两 个·名 … the post
        ("一个区可以安排几个首席数据官", "zhuhai", ONE_CDO),  # 安排
        ("我们单位可以同时任命两名首席数据官吗", "zhuhai", ONE_CDO),  # 任命, key 任命
    ],
)
def test_who_holds_the_post_and_how_many_is_the_holder_frame(knowledge, question, city, phrase):
    result = knowledge.ask(question, city=city)
    assert result.confident and phrase in result.answers[0].text


@pytest.mark.parametrize(
    ("question", "city"),
    [
        ("首席数据官能不能同时兼任首席隐私官", "zhuhai"),  # another post
        ("首席数据官能不能由我来兼职开网约车", "shenzhen"),  # 网约车: not in the plans
        ("能不能当首席数据官的同时炒股", "shenzhen"),
        ("谁当首席数据官工资最高", "zhuhai"),
        ("王局长能当首席数据官吗", "shenzhen"),  # a person named
        ("可以当首席数据官的人要多大年纪", "shenzhen"),
        ("我能不能同时当两个单位的工会主席", "shenzhen"),
    ],
)
def test_a_near_miss_of_the_holder_frame_stays_declined(knowledge, question, city):
    assert not knowledge.ask(question, city=city).confident


@pytest.mark.parametrize(
    ("question", "city"),
    [
        ("我在南山区当首席数据官，区里重点要推广什么制度经验", "shenzhen"),
        ("新上任当CDO，到底要管哪几摊事", "shenzhen"),
    ],
)
def test_holding_the_post_without_asking_who_is_no_holder_question(knowledge, question, city):
    result = knowledge.ask(question, city=city)
    shown = result.answers or result.suggestions
    assert shown and SERVES not in shown[0].text


def test_a_compound_of_plan_words_is_on_topic_for_a_frame(knowledge):
    # 分管领导 is one jieba word no clause holds, but 分管 and 领导 are the plans' words.
    result = knowledge.ask("分管领导可以出任首席数据官吗", city="zhuhai")
    assert result.confident and SERVES in result.answers[0].text


HEARS = "定期听取我市首席数据官制度建设情况"


@pytest.mark.parametrize(
    "question",
    [
        # batch 25 (issue 10): a superior (_SUPERIOR) asked whether (会) or how (怎么) it checks on
        # the work (_CHECK_ON) is the leading group that 定期听取…建设情况; each line fails without
        # one entry
        "领导小组会不会定期过问我们的工作",  # 领导
        "市里会不会关心我们CDO制度建得怎么样",  # 市里, 关心
        "上面会不会过问首席数据官制度搞得怎么样",  # 上面
        "上级会不会过问首席数据官制度的进展",  # 上级, 会, 过问, …进展
        "领导小组怎么过问首席数据官制度建设",  # 怎么
        "领导小组会关心首席数据官制度推进得如何吗",  # 关心
        "大领导会不会问起我们首席数据官制度推进得如何",  # 问起
        "市里会检查首席数据官制度建设的进展吗",  # 检查
        "市里会不会盯着首席数据官制度推进得如何",  # 盯
    ],
)
def test_a_superior_checking_on_the_work_is_the_oversight_frame(knowledge, question):
    result = knowledge.ask(question, city="zhuhai")
    assert result.confident and HEARS in result.answers[0].text


@pytest.mark.parametrize(
    "question",
    [
        "市领导会不会过问我们食堂的伙食",
        "市领导会不会过问我们的年终奖",
        "大领导会不会关心我们的体检结果",
        "上面会不会检查我们的考勤",
        "市领导会不会关心我们的停车问题",
        "大领导什么时候来我们局视察",
    ],
)
def test_a_superior_checking_on_what_the_plans_never_mention_stays_declined(knowledge, question):
    assert not knowledge.ask(question, city="zhuhai").confident


BASIS_SZ = "粤办函〔2021〕63号"
BASIS_ZH = "中发〔2020〕9号"


@pytest.mark.parametrize(
    ("question", "city", "phrase"),
    [
        # batch 25 (issue 10): the documents the plan follows are its preamble (为贯彻落实《…》) —
        # a verb of basing on (_BASED_ON) before the documents asked for (哪/什么 … _DOCS), the
        # documents 为依据, or the basis named (政策/出台 依据·来源); each line fails without one entry
        ("这个制度是依据什么政策搞的", "zhuhai", BASIS_ZH),  # 依据, 政策, key 政策
        ("这个制度是根据什么政策搞的", "zhuhai", BASIS_ZH),  # 根据
        ("这个制度是按照什么政策搞的", "zhuhai", BASIS_ZH),  # 按照
        ("深圳方案参照了哪些上级文件", "shenzhen", BASIS_SZ),  # 参照, 文件
        ("珠海的方案遵循的是哪几份文件", "zhuhai", BASIS_ZH),  # 遵循
        ("珠海方案是照着哪几份文件写的", "zhuhai", BASIS_ZH),  # 照着
        ("珠海方案是以哪几份上级文件为依据的", "zhuhai", BASIS_ZH),  # …为依据
        ("这套方案的政策依据有哪些", "zhuhai", BASIS_ZH),  # 政策依据
        ("深圳方案的出台依据是什么", "shenzhen", BASIS_SZ),  # 出台依据
        ("这套试点方案的政策来源是啥", "shenzhen", BASIS_SZ),  # 政策来源
        # batch 26: the documents it carries out (贯彻, 落实), the provincial one's number with them
        ("这份实施方案贯彻的是上级哪个文件", "shenzhen", BASIS_SZ),  # 贯彻
        ("咱们这个方案落实的是哪个上级文件", "shenzhen", BASIS_SZ),  # 落实
    ],
)
def test_the_documents_the_plan_follows_are_its_preamble(knowledge, question, city, phrase):
    result = knowledge.ask(question, city=city)
    assert result.confident and phrase in result.answers[0].text


@pytest.mark.parametrize(
    ("question", "city"),
    [
        ("依据哪几个文件来计算个税", "shenzhen"),
        ("报销差旅费依据哪个文件", "zhuhai"),
        ("报销差旅费要落实哪个文件", "zhuhai"),
        ("请假制度是根据哪几个文件定的", "shenzhen"),
        ("公积金政策的出台依据是什么", "shenzhen"),
        ("深圳方案的文件可以在哪下载", "shenzhen"),
    ],
)
def test_the_basis_of_what_the_plans_never_mention_stays_declined(knowledge, question, city):
    assert not knowledge.ask(question, city=city).confident


@pytest.mark.parametrize(
    ("question", "phrase"),
    [
        ("数据治理的阶段性目标依据什么来定", "公共数据资源治理能力成熟度评估"),
        ("给各部门组建治理运营团队要以啥为依据", "按照首席数据官制定的数据治理建设目标和工作方案"),
    ],
)
def test_a_basis_asked_of_a_duty_is_no_document_question(knowledge, question, phrase):
    result = knowledge.ask(question, city="zhuhai")
    assert result.confident and phrase in result.answers[0].text


@pytest.mark.parametrize(
    ("question", "city", "phrase"),
    [
        # batch 26 (issue 10): the day the plan itself was issued is its cover notice's date, not
        # the preamble that names the documents it follows (frame "issued")
        ("深圳的首席数据官试点方案是哪天印发的", "shenzhen", "2021年8月3日"),
        ("珠海首席数据官制度试点方案是哪天下发的", "zhuhai", "2021年5月27日"),
    ],
)
def test_the_day_the_plan_was_issued_is_its_cover_notices(knowledge, question, city, phrase):
    result = knowledge.ask(question, city=city)
    assert result.confident and phrase in result.answers[0].text


@pytest.mark.parametrize(
    "question",
    [
        "珠海的试点方案是哪天印发的",  # 方案, 哪天, 发
        "这个通知是哪一天发的",  # 通知, 哪一天
        "深圳的方案什么时候下发",  # 什么时候
        "方案啥时候发布的",  # 啥时候
        "实施方案何时印发",  # 何时
    ],
)
def test_each_way_of_asking_when_the_plan_was_issued_is_the_issued_frame(question):
    from bot.core.knowledge.engine import _answer_frames

    assert _answer_frames()["issued"].asks.search(question)


@pytest.mark.parametrize("question", ["数据标准什么时候出台", "工作总结哪天发给市局"])
def test_a_when_question_about_something_else_is_no_issue_date(question):
    from bot.core.knowledge.engine import _answer_frames

    assert not _answer_frames()["issued"].asks.search(question)


@pytest.mark.parametrize(
    ("question", "city", "phrase"),
    [
        # batch 26 (issue 10): people assigned to help the CDO are the plans' support team
        # (frame "support"): Shenzhen's 首席数据官支撑团队, Zhuhai's 数据运营团队
        ("首席数据官事情太多，能不能给他配几个人帮忙", "shenzhen", "首席数据官工作专班"),
        ("数据官一个人顾不过来，可以配个助手吗", "zhuhai", "加强数据运营支撑"),
    ],
)
def test_people_assigned_to_help_the_cdo_are_the_support_team(knowledge, question, city, phrase):
    result = knowledge.ask(question, city=city)
    shown = result.answers or result.suggestions
    assert shown and phrase in shown[0].text


@pytest.mark.parametrize(
    "question",
    [
        "能不能配一拨人给他打下手",  # 人, 打下手
        "给数据官配个班子协助他",  # 班子, 协助
        "可以配一支队伍帮忙吗",  # 队伍, 帮忙
        "能给他配几个帮手吗",  # 帮手
        "给CDO配个助手行不行",  # 助手
    ],
)
def test_each_way_of_asking_for_helpers_is_the_support_frame(question):
    from bot.core.knowledge.engine import _answer_frames

    assert _answer_frames()["support"].asks.search(question.lower())


@pytest.mark.parametrize("question", ["配套措施有哪些", "要配合市局做什么", "配置数据资源的目录怎么编"])
def test_other_words_of_assigning_are_no_request_for_helpers(question):
    from bot.core.knowledge.engine import _answer_frames

    assert not _answer_frames()["support"].asks.search(question)


OWN_PLAN_ZH = "结合实际制定本区本部门的首席数据官实施方案"


@pytest.mark.parametrize(
    "question",
    [
        # batch 26 (issue 10): a unit's own plan for carrying the city's out (frame "own_plan")
        "本部门要制定自己的实施办法吗",
        "各部门还要另外出细则吗",
        "我们区要不要自己再定一个实施方案",
        "上面的文件下来了，我们自己还要另写一份落地方案吗",  # key 落地
    ],
)
def test_a_units_own_plan_is_zhuhais_clause_on_drawing_one_up(knowledge, question):
    result = knowledge.ask(question, city="zhuhai")
    assert result.answers and OWN_PLAN_ZH in result.answers[0].text


@pytest.mark.parametrize(
    "question",
    [
        "自己要写方案吗",  # 自己, 写, 方案
        "本单位要不要定办法",  # 本单位, 定, 办法
        "本区还要出细则吗",  # 本区, 出
        "本部门要写细则吗",  # 本部门, 细则
        "各区要定方案吗",  # 各区
        "各部门要出办法吗",  # 各部门
    ],
)
def test_each_way_of_asking_for_a_units_own_plan_is_the_own_plan_frame(question):
    from bot.core.knowledge.engine import _answer_frames

    assert _answer_frames()["own_plan"].asks.search(question)


@pytest.mark.parametrize("question", ["首席数据官要制定哪些方案", "方案是哪个部门出的"])
def test_a_plan_not_of_ones_own_is_no_own_plan(question):
    from bot.core.knowledge.engine import _answer_frames

    assert not _answer_frames()["own_plan"].asks.search(question)


@pytest.mark.parametrize("question", ["谁牵头？", "由谁来牵头呢", "谁牵头啊", "谁牵头呀"])
def test_a_bare_who_leads_is_who_leads_the_work_as_a_whole(knowledge, question):
    # batches 16, 19, 26 (issue 10): frame "lead"; not the CDO who 牵头组织 the training
    result = knowledge.ask(question, city="zhuhai")
    assert result.answers and "由市政务服务数据管理局牵头协调推进相关工作" in result.answers[0].text


def test_who_leads_something_named_keeps_its_topic(knowledge):
    result = knowledge.ask("培训谁牵头", city="zhuhai")
    assert result.answers and "数据技能与安全培训" in result.answers[0].text
