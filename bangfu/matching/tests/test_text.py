"""Tokens and the BM25 text part."""

from __future__ import annotations

import math

import pytest

from bangfu.matching.text import Bm25Params, TextCorpus, token_set, tokenize


def test_occupation_names_stay_whole_and_yield_their_inner_words() -> None:
    assert tokenize("超市收银员") == ("超市", "收银", "银员", "收银员")
    assert {"淘宝", "客服", "淘宝客服"} <= token_set("三年淘宝客服经验")


def test_punctuation_numbers_single_characters_and_stopwords_are_dropped() -> None:
    assert tokenize("我 有 3 年，经验！Excel 2024 熟练") == ("excel",)
    assert tokenize("") == ()
    assert tokenize("   ") == ()


def test_idf_follows_the_lucene_formula() -> None:
    corpus = TextCorpus(["叉车 仓库", "叉车 司机", "收银 超市"])
    assert corpus.documents == 3
    assert corpus.idf("叉车") == pytest.approx(math.log(1 + (3 - 2 + 0.5) / (2 + 0.5)))
    assert corpus.idf("收银") == pytest.approx(math.log(1 + (3 - 1 + 0.5) / (1 + 0.5)))
    assert corpus.idf("没见过") == pytest.approx(math.log(1 + 3.5 / 0.5))


def test_term_weight_saturates_with_k1_and_normalises_length_with_b() -> None:
    corpus = TextCorpus(["叉车 仓库", "叉车 司机 仓库 物流"], Bm25Params(k1=1.2, b=0.75))
    assert corpus.mean_length == 3
    idf = corpus.idf("叉车")
    expected = idf * (2 * 2.2) / (2 + 1.2 * (1 - 0.75 + 0.75 * 4 / 3))
    assert corpus.term_weight("叉车", 2, 4) == pytest.approx(expected)


def test_coverage_is_the_share_of_the_documents_own_score() -> None:
    corpus = TextCorpus(["叉车 仓库 物流", "收银 超市"])
    weights = corpus.document_weights("叉车 仓库 物流")
    value, shared = corpus.coverage("会开叉车，懂物流", "叉车 仓库 物流")
    assert value == pytest.approx((weights["叉车"] + weights["物流"]) / sum(weights.values()))
    assert set(shared) == {"叉车", "物流"}
    assert corpus.coverage("叉车 仓库 物流", "叉车 仓库 物流")[0] == pytest.approx(1.0)
    assert corpus.coverage("收银", "叉车 仓库 物流") == (0.0, [])
    assert corpus.coverage("叉车", "") == (0.0, [])


def test_the_rust_tokenizer_cuts_as_python_jieba_does() -> None:
    """rjieba (jieba-rs) replaced the Python jieba for speed; both must cut the same tokens."""
    import jieba

    from bangfu.matching.occupations import userdict_path
    from bangfu.matching.text import _jieba

    reference = jieba.Tokenizer()
    reference.load_userdict(str(userdict_path()))
    texts = [
        "熟悉淘宝客服，有两年电商经验，会用Excel做表格",
        "超市收银员，能上夜班，住在天河区附近",
        "3年叉车司机经验，持证上岗，中西医结合骨伤科医师",
        "家禽饲养员，木工，招标采购专业人员，病案信息技师",
        "Python 数据录入 统计，office办公软件熟练",
    ]
    for text in texts:
        assert _jieba().cut_for_search(text) == reference.lcut_for_search(text), text
