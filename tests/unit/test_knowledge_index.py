"""The on-disk index cache: built once, reused, and rebuilt when a source file changes."""

from __future__ import annotations

import shutil

import pytest

from bot.core import paths
from bot.core.knowledge import index as index_module
from bot.core.knowledge.vocabulary import FILES, Segmenter, Vocabulary


@pytest.fixture(scope="module")
def segmenter() -> Segmenter:
    return Segmenter(Vocabulary.load())


def test_index_is_cached_and_reused(tmp_path, monkeypatch, segmenter):
    monkeypatch.setenv("CDO_CACHE_DIR", str(tmp_path))
    vocabulary = Vocabulary.load()
    first = index_module.load(segmenter, vocabulary)
    cached = list(tmp_path.glob("policy-index-*.pickle"))
    assert len(cached) == 1

    calls = []
    monkeypatch.setattr(index_module, "build", lambda *a, **k: calls.append(a))
    second = index_module.load(segmenter, vocabulary)
    assert calls == []  # read from the pickle, not rebuilt
    assert [c.clause_id for c in second.clauses] == [c.clause_id for c in first.clauses]


def test_a_changed_word_list_changes_the_cache_key(tmp_path, monkeypatch):
    words = tmp_path / "jieba"
    words.mkdir()
    for name in FILES:
        shutil.copy(paths.jieba_dir() / name, words / name)
    before = index_module.source_digest(Vocabulary.load(words))
    with (words / "synonyms.txt").open("a", encoding="utf-8") as fh:
        fh.write("章程 => 方案\n")
    after = index_module.source_digest(Vocabulary.load(words))
    assert before != after


def test_a_corrupt_cache_file_is_rebuilt_not_fatal(tmp_path, monkeypatch, segmenter):
    monkeypatch.setenv("CDO_CACHE_DIR", str(tmp_path))
    vocabulary = Vocabulary.load()
    target = tmp_path / f"policy-index-{index_module.source_digest(vocabulary)}.pickle"
    target.write_bytes(b"not a pickle")
    rebuilt = index_module.load(segmenter, vocabulary)
    assert len(rebuilt.clauses) == 37
    assert target.read_bytes() != b"not a pickle"


def test_every_sentence_carries_its_headings(segmenter):
    built = index_module.build(segmenter, Vocabulary.load())
    scope_item = next(n for n, c in enumerate(built.clauses) if c.clause_id == "shenzhen.c3.s2")
    sentences = [
        toks for toks, owner in zip(built.corpus, built.sentence_clause, strict=True) if owner == scope_item
    ]
    assert all("范围" in toks for toks in sentences)  # from the chapter heading 三、试点范围
    assert all(toks.count(index_module.DEPARTMENT) >= 2 for toks in sentences)


def test_dates_and_counts_are_marked_for_question_words(segmenter):
    vocabulary = Vocabulary.load()
    districts = frozenset()
    assert index_module.TIME in index_module.sentence_tokens(
        "于每年5月31日前形成报告。", segmenter, districts
    )
    assert index_module.FREQUENCY in index_module.sentence_tokens(
        "组织培训场次每年不低于2场。", segmenter, districts
    )
    plain = index_module.sentence_tokens("推进数据共享开放。", segmenter, districts, vocabulary.stopwords)
    assert index_module.TIME not in plain and index_module.FREQUENCY not in plain


def test_writing_a_new_index_removes_stale_ones(tmp_path, monkeypatch, segmenter):
    monkeypatch.setenv("CDO_CACHE_DIR", str(tmp_path))
    stale = tmp_path / "policy-index-0000.pickle"
    stale.write_bytes(b"old")
    index_module.load(segmenter, Vocabulary.load())
    assert not stale.exists()
    assert len(list(tmp_path.glob("policy-index-*.pickle"))) == 1


def test_place_names_are_cities_and_provinces_not_words_jieba_tags_as_places():
    from bot.core.knowledge.index import place_names

    names = place_names()
    assert {"上海", "北京市", "广州", "湖南省", "杭州"} <= names
    assert not {"东西", "城市", "英雄", "全市"} & names
