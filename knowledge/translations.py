"""One answer in several languages: articles linked by `translations` rank as one.

An English article and its French translation are the same answer. Ranked side by side they
would compete (a margin of nearly zero, so "which of these?" between two copies), and the
asker could get the copy in the other language. Search and calibration therefore rank topics:
a topic scores what its best copy scores, and shows the copy in the asker's language when it
is one the asker may see.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from typing import TypeVar

K = TypeVar("K", bound=Hashable)


def twins_of(articles: Iterable[tuple[K, str, Sequence[str]]]) -> dict[K, tuple[K, ...]]:
    """Each article's copies, itself included, from links declared on either side.

    `articles` holds (key, slug, translations). Links to unknown slugs are ignored; links
    chain (fr -> en <- de makes one topic of three).
    """
    rows = list(articles)
    by_slug = {slug: key for key, slug, _ in rows}
    parent: dict[K, K] = {key: key for key, _, _ in rows}

    def root(key: K) -> K:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for key, _, links in rows:
        for slug in links:
            other = by_slug.get(slug)
            if other is not None:
                parent[root(other)] = root(key)
    groups: dict[K, list[K]] = {}
    for key, _, _ in rows:
        groups.setdefault(root(key), []).append(key)
    return {key: tuple(group) for group in groups.values() for key in group}


def one_per_topic(
    ranked: Sequence[K],
    twins: Mapping[K, tuple[K, ...]],
    language_of: Callable[[K], str],
    language: str,
    may_show: Callable[[K], bool] = lambda _: True,
) -> list[tuple[K, K]]:
    """(shown, best) per topic, best first: `ranked` is in descending score order and holds
    only articles the asker may see; `best` is the copy that scored, `shown` its copy in
    `language` when there is one the asker may see (`may_show`), else `best`. A copy need
    not be scored to be shown: the topic's score is its best copy's."""
    seen: set[K] = set()
    out: list[tuple[K, K]] = []
    for key in ranked:
        if key in seen:
            continue
        copies = twins.get(key, (key,))
        seen.update(copies)
        shown = key
        if language_of(key) != language:
            native = [c for c in copies if language_of(c) == language and may_show(c)]
            if native:
                shown = native[0]
        out.append((shown, key))
    return out
