"""generator.tfidf is scikit-learn's TfidfVectorizer without the import: same terms, same weights."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS as SKLEARN_STOP_WORDS
from sklearn.feature_extraction.text import TfidfVectorizer

from generator.enrich.related import document_frequency_limits
from generator.enrich.site import paper_text
from generator.enrich.stopwords import ABSTRACT_STOP_WORDS, ENGLISH_STOP_WORDS
from generator.enrich.tfidf import TOKEN, strip_accents, tfidf


def sklearn_tfidf(texts: list[str]):
    min_df, max_df = document_frequency_limits(len(texts))
    vec = TfidfVectorizer(
        ngram_range=(1, 2), sublinear_tf=True, stop_words=ABSTRACT_STOP_WORDS, strip_accents="unicode",
        lowercase=True, min_df=min_df, max_df=max_df, dtype=np.float32, token_pattern=TOKEN.pattern,
    )
    matrix = vec.fit_transform(texts).tocsr()
    matrix.sort_indices()
    return matrix, list(vec.get_feature_names_out())


def assert_same(texts: list[str]) -> None:
    expected, terms = sklearn_tfidf(texts)
    min_df, max_df = document_frequency_limits(len(texts))
    ours = tfidf(texts, ABSTRACT_STOP_WORDS, min_df=min_df, max_df=max_df)
    assert ours is not None
    assert list(ours.terms) == terms
    assert ours.matrix.shape == expected.shape
    assert np.array_equal(ours.matrix.indptr, expected.indptr)
    assert np.array_equal(ours.matrix.indices, expected.indices)
    # Same float32 operations, summed in another order: equal to the last bit or two.
    np.testing.assert_allclose(ours.matrix.data, expected.data, rtol=0, atol=1e-6)


def test_the_stop_words_are_scikit_learns():
    assert ENGLISH_STOP_WORDS == SKLEARN_STOP_WORDS


def test_same_matrix_as_scikit_learn_on_the_seed_corpus(seed_corpus):
    papers, _ = seed_corpus
    assert_same([paper_text(p) for p in sorted(papers, key=lambda p: p.slug)])


def test_same_matrix_on_a_few_papers_with_accents_and_other_scripts(seed_corpus):
    papers, _ = seed_corpus
    texts = [paper_text(p) for p in sorted(papers, key=lambda p: p.slug)[:12]]
    texts += [
        "Café crème: naïve Bayes über Résumé-Parsing für façade détection.",
        "Модель transformer для 機械翻訳 and ﬁne-tuning (ligature) with Ångström units",
        "",
        "e\u0301 combining accents: re\u0301sume\u0301 parsing and cafe\u0301 models",
    ]
    assert len(texts) < 50  # the small-corpus limits: every term counts
    assert_same(texts)


def test_strip_accents_matches_scikit_learn():
    from sklearn.feature_extraction.text import strip_accents_unicode

    for text in ["plain", "Ågård naïve", "e\u0301", "ﬁ ½ ①", "日本語 — “quotes”", "\u0308only a mark"]:
        assert strip_accents(text) == strip_accents_unicode(text)


def test_no_terms_left_is_none_where_scikit_learn_raises():
    texts = ["the and of", "a an it"]
    with pytest.raises(ValueError):
        sklearn_tfidf(texts)
    assert tfidf(texts, ABSTRACT_STOP_WORDS) is None
