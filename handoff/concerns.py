"""One opening, several problems: which part of it is the problem the employee puts first.

"two things: my headset isn't detected in teams since this morning, and outlook keeps asking
for my password", then "the headset": the statement is about the headset, with the headset's
failure; the other problem goes to the agent as a remark, not mixed into this one's fields.
"""

from __future__ import annotations

import re

from knowledge.text import same_length_fold as fold

# Where a second problem starts: a new sentence, or a joining word after a comma.
_JOINS = re.compile(
    r"(?<=[.!?;])\s+|\s*[,;]?\s*\b(?:and also|and then|also|on top of that|another "
    r"(?:issue|problem|thing) is|et aussi|et en plus|en plus de (?:ca|ça|cela),?|par ailleurs|"
    r"autre (?:probleme|problème|souci) ?:?)\s+|,\s+(?:and|et)\s+",
    re.I,
)
# "two things:", "deux soucis :": the announcement is no problem of its own
_ANNOUNCE = re.compile(
    r"^\W*(?:(?:hi|hello|hey|bonjour|salut)\W+)?(?:i have |j'ai |there are |il y a )?(?:two|2|three|3|"
    r"several|a couple of|deux|trois|plusieurs) (?:things|issues|problems|problemes|problèmes|"
    r"soucis|trucs|bugs)\s*:?\s*",
    re.I,
)
# Words that name no problem ("c'est surtout le…", "the worst is…")
_LITTLE = re.compile(
    r"the|an?|my|our|is|its?|in|on|at|to|of|and|for|with|this|that|le|la|les|l|une?|mon|ma|mes|"
    r"de|du|des|et|sur|dans|pour|avec|ce|cette|c|est|ca|first|most|more|surtout|plus|d|abord|"
    r"priority|priorite|urgent|one|which|worst|pire"
)


def problems(opening: str) -> list[str]:
    """The opening cut where each problem starts ("…, and outlook keeps asking…")."""
    text = _ANNOUNCE.sub("", opening.strip())
    parts = [p.strip(" ,;.") for p in _JOINS.split(text)]
    return [p for p in parts if len(re.findall(r"\w+", p)) >= 2]


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"\w{2,}", fold(text)) if not _LITTLE.fullmatch(w)}


def chosen(opening: str, answer: str) -> tuple[str, list[str]] | None:
    """The part of the opening the answer names first as the problem to handle ("c'est
    surtout le badge, l'imprimante ça peut attendre"), and the others; None when it names none
    (or the opening holds one part only)."""
    parts = problems(opening)
    if len(parts) < 2:
        return None
    first: list[int] = []
    for part in parts:
        words = _words(part)
        named = [
            m.start()
            for m in re.finditer(r"\w{2,}", fold(answer))
            if m.group(0) in words and not _NOT_THIS.search(fold(answer)[: m.start()])
        ]
        first.append(min(named, default=len(answer) + 1))
    best = min(first)
    if best > len(answer) or first.count(best) > 1:
        return None
    at = first.index(best)
    return parts[at], [p for i, p in enumerate(parts) if i != at]


# "not the headset, the outlook one", "pas le badge": a part named to be put aside
_NOT_THIS = re.compile(
    r"\b(?:not|pas|non|rather than|plutot que)(?: (?:the|my|le|la|les|mon|ma))?\s*$"
)
