"""The domain word lists load cleanly and the plans' key terms segment whole (PITFALLS 12)."""

from __future__ import annotations

import pytest

from bot.core import paths
from bot.core.knowledge.vocabulary import FILES, Segmenter, Vocabulary

DOMAIN_TERMS = [
    "首席数据官",
    "一票否决权",
    "政务服务数据管理局",
    "管运分离",
    "一网通办",
    "数据专员",
    "佐证材料",
    "沟通交流会",
    "业务交流会",
    "工作总结报告",
    "工作专班",
    "数字广东珠海分公司",
    "横琴新区",
    "福田区",
]


@pytest.fixture(scope="module")
def vocabulary() -> Vocabulary:
    return Vocabulary.load()


@pytest.fixture(scope="module")
def segmenter(vocabulary) -> Segmenter:
    return Segmenter(vocabulary)


@pytest.mark.parametrize("name", FILES)
def test_word_list_is_utf8_without_bom_or_carriage_returns(name):
    raw = (paths.jieba_dir() / name).read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert b"\r" not in raw
    raw.decode("utf-8")


def test_every_user_dictionary_line_has_a_word_and_a_frequency():
    for line in (paths.jieba_dir() / "userdict.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            parts = line.split()
            assert len(parts) in (2, 3), line
            assert int(parts[1]) > 0, line


@pytest.mark.parametrize("term", DOMAIN_TERMS)
def test_domain_term_segments_whole_alone(segmenter, term):
    assert segmenter.words(term) == [term]


@pytest.mark.parametrize(
    ("sentence", "term"),
    [
        ("市政务服务数据管理局每半年组织一次首席数据官沟通交流会", "沟通交流会"),
        ("各区首席数据官形成工作总结报告并报送", "工作总结报告"),
        ("在数字政府管运分离建设模式下", "管运分离"),
        ("推进政务服务一网通办", "一网通办"),
        ("涉及工作成效、存在问题、佐证材料等内容", "佐证材料"),
        ("首席数据官要做哪些工作", "首席数据官"),
        ("拥有一票否决权", "一票否决权"),
    ],
)
def test_domain_term_segments_whole_in_context(segmenter, sentence, term):
    assert term in segmenter.words(sentence)


def test_the_user_dictionary_does_not_split_ordinary_words(segmenter):
    # A user frequency replaces jieba's own; ordinary words around ours must stay whole.
    for word in ("会议室", "天气", "培训", "信息化"):
        assert segmenter.words(word) == [word]


def test_splits_take_effect(segmenter):
    assert segmenter.words("交流会要开几次")[:3] == ["交流会", "要", "开"]


def test_the_global_jieba_tokenizer_is_left_alone(segmenter):
    import jieba

    assert "首席数据官" not in jieba.lcut("首席数据官")


def test_synonyms_are_symmetric_in_groups_and_one_way_with_arrows(vocabulary):
    assert "沟通交流会" in vocabulary.synonyms["交流会"]
    assert "交流会" in vocabulary.synonyms["沟通交流会"]
    assert "首席数据官" in vocabulary.synonyms["cdo"]
    assert "cdo" not in vocabulary.synonyms.get("首席数据官", ())
    assert {"报送", "提交"} <= set(vocabulary.synonyms["交"])


def test_question_words_and_stopwords_do_not_overlap(vocabulary):
    assert not set(vocabulary.question_words) & vocabulary.stopwords


def test_a_bom_in_a_word_list_is_refused(tmp_path):
    for name in FILES:
        (tmp_path / name).write_bytes((paths.jieba_dir() / name).read_bytes())
    (tmp_path / "stopwords.txt").write_bytes(b"\xef\xbb\xbf" + (tmp_path / "stopwords.txt").read_bytes())
    with pytest.raises(ValueError, match="BOM"):
        Vocabulary.load(tmp_path)
