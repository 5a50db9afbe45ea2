"""BM25 over whole articles (bm25s): catches error codes, product names and French words."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import bm25s
import numpy as np

from knowledge.article import ArticleContent
from knowledge.text import tokens


@dataclass(frozen=True)
class LexicalDoc:
    article_pk: int
    language: str
    text: str


def article_text(article: ArticleContent) -> str:
    """The words BM25 sees; the title and phrasings count twice (they say what the issue is)."""
    parts = [
        article.title,
        article.title,
        *article.issue,
        *article.issue,
        *article.search_phrases,
        *article.environment,
        " ".join(article.tags),
        article.resolution,
    ]
    return "\n".join(parts)


class LexicalIndex:
    """Rebuilt from the article catalogue whenever it changes (milliseconds for thousands)."""

    def __init__(self, k1: float = 1.2, b: float = 0.75) -> None:
        self._k1, self._b = k1, b
        self._pks: list[int] = []
        self._bm25: bm25s.BM25 | None = None

    def build(self, docs: Sequence[LexicalDoc]) -> None:
        self._pks = [doc.article_pk for doc in docs]
        corpus = [tokens(doc.text, doc.language) or ["\u2205"] for doc in docs]
        if not corpus:
            self._bm25 = None
            return
        bm25 = bm25s.BM25(k1=self._k1, b=self._b)
        bm25.index(corpus, show_progress=False)
        self._bm25 = bm25

    def scores(self, query: str, language: str, top: int) -> dict[int, float]:
        """The `top` articles with a positive BM25 score for the query."""
        if self._bm25 is None:
            return {}
        query_tokens = tokens(query, language)
        known = [t for t in query_tokens if t in self._bm25.vocab_dict]
        if not known:
            return {}
        raw = np.asarray(self._bm25.get_scores(known), dtype=np.float32)
        best = np.argpartition(-raw, top)[:top] if top < len(raw) else np.arange(len(raw))
        return {self._pks[i]: float(raw[i]) for i in best if raw[i] > 0}
