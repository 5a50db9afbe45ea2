"""What gets embedded for an article: several vectors, each with a kind, packed into a FAISS id.

A vector id is `article_pk << 12 | kind << 10 | ordinal`, so the index alone tells which article
and which kind of text a hit came from, and all of an article's vectors form one id range.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import IntEnum

import numpy as np
import numpy.typing as npt

from knowledge.article import ArticleContent

KIND_BITS = 2
ORDINAL_BITS = 10
ARTICLE_SHIFT = KIND_BITS + ORDINAL_BITS
MAX_PER_KIND = 1 << ORDINAL_BITS


class VectorKind(IntEnum):
    ISSUE = 0  # the title and the requester's phrasings
    PASSAGE = 1  # a piece of the resolution
    PHRASE = 2  # a confirmed search phrase from feedback
    NOT_FOR = 3  # what the article does not resolve: scored against, never for, the article


@dataclass(frozen=True)
class Passage:
    vector_id: int
    kind: VectorKind
    text: str


def vector_id(article_pk: int, kind: VectorKind, ordinal: int) -> int:
    return (article_pk << ARTICLE_SHIFT) | (int(kind) << ORDINAL_BITS) | ordinal


def article_of(vid: int) -> int:
    return vid >> ARTICLE_SHIFT


def kind_of(vid: int) -> VectorKind:
    return VectorKind((vid >> ORDINAL_BITS) & ((1 << KIND_BITS) - 1))


def kinds_of(vids: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """kind_of for an array of vector ids."""
    return (vids >> ORDINAL_BITS) & ((1 << KIND_BITS) - 1)


PHRASING_KINDS = (int(VectorKind.ISSUE), int(VectorKind.PHRASE))


def id_range(article_pk: int) -> tuple[int, int]:
    """[start, end) of the vector ids that belong to one article."""
    return article_pk << ARTICLE_SHIFT, (article_pk + 1) << ARTICLE_SHIFT


_STEP_RE = re.compile(r"^\s*(?:\d+[.)]|[-*+])\s+")


def split_resolution(text: str, max_chars: int) -> list[str]:
    """Group resolution lines into passages of at most ~max_chars, breaking between steps."""
    lines = [_STEP_RE.sub("", line).strip() for line in text.splitlines()]
    passages: list[str] = []
    current = ""
    for line in filter(None, lines):
        while len(line) > max_chars:  # one very long line: cut at a space
            cut = line.rfind(" ", 0, max_chars)
            cut = cut if cut > max_chars // 2 else max_chars
            if current:
                passages.append(current)
                current = ""
            passages.append(line[:cut].strip())
            line = line[cut:].strip()
        if current and len(current) + len(line) + 2 > max_chars:
            passages.append(current)
            current = line
        else:
            current = f"{current}; {line}" if current else line
    if current:
        passages.append(current)
    return passages


def article_passages(
    pk: int, article: ArticleContent, passage_chars: int, *, contextual: bool = False
) -> list[Passage]:
    """Every vector to index for one article, deduplicated, capped per kind.

    With `contextual`, phrasings are embedded after the title ("title: phrasing").
    """
    out: list[Passage] = []

    def phrasing(text: str) -> str:
        return f"{article.title}: {text}" if contextual else text

    groups = {
        VectorKind.ISSUE: [article.title, *(phrasing(p) for p in article.issue)],
        VectorKind.PASSAGE: [
            f"{article.title}: {p}" for p in split_resolution(article.resolution, passage_chars)
        ],
        # the newest confirmed phrasings win when there are too many
        VectorKind.PHRASE: [phrasing(p) for p in reversed(article.search_phrases)],
        VectorKind.NOT_FOR: list(article.not_for),
    }
    seen: set[str] = set()
    for kind, texts in groups.items():
        ordinal = 0
        for text in texts:
            key = " ".join(text.casefold().split())
            if not key or key in seen or ordinal >= MAX_PER_KIND:
                continue
            seen.add(key)
            out.append(Passage(vector_id(pk, kind, ordinal), kind, text))
            ordinal += 1
    return out
