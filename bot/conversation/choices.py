"""Typed choices: what a button (or a numbered option, or its words) means.

A choice travels as a short string id (a Slack button value, a `--jsonl` action) and is parsed
here, and only here, into a `Pick`: a kind plus an optional value (`article:vpn-slow`,
`reply:extent_count:me`, `csat:4`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.actions import Choice


class Kind(StrEnum):
    YES = "yes"  # the article helped
    NO = "no"  # the article did not help
    HUMAN = "human"  # talk to a human now
    ARTICLE = "article"  # this one of the offered articles (value: article id)
    NONE = "none"  # none of the offered articles
    REPLY = "reply"  # a quick reply to an appraisal question (value: "slot:key")
    SEND = "send"  # send the statement to support
    EDIT = "edit"  # correct the statement
    FIELD = "field"  # correct this field of the statement (value: field name)
    DONE = "done"  # done correcting
    FIXED = "fixed"  # the agent's fix worked (value: yes | no)
    CSAT = "csat"  # a rating (value: 1-5)
    NOT_MINE = "notmine"  # a known issue was offered: not my problem (back to the normal flow)
    NOTIFY = "notify"  # a known issue was offered: tell me when it is fixed


@dataclass(frozen=True)
class Pick:
    kind: Kind
    value: str = ""

    @property
    def id(self) -> str:
        return f"{self.kind}:{self.value}" if self.value else str(self.kind)

    @classmethod
    def parse(cls, raw: str) -> Pick | None:
        """The pick a choice id names, or None for an id Relais never offers."""
        head, _, value = raw.partition(":")
        try:
            kind = Kind(head)
        except ValueError:
            return None
        return cls(kind, value)

    def offer(self, label: str) -> Choice:
        return Choice(self.id, label)


YES, NO, HUMAN, NONE = Pick(Kind.YES), Pick(Kind.NO), Pick(Kind.HUMAN), Pick(Kind.NONE)
SEND, EDIT, DONE = Pick(Kind.SEND), Pick(Kind.EDIT), Pick(Kind.DONE)
FIXED_YES, FIXED_NO = Pick(Kind.FIXED, "yes"), Pick(Kind.FIXED, "no")
NOT_MINE, NOTIFY = Pick(Kind.NOT_MINE), Pick(Kind.NOTIFY)


def article(article_id: str) -> Pick:
    return Pick(Kind.ARTICLE, article_id)


def reply(slot: str, key: str) -> Pick:
    return Pick(Kind.REPLY, f"{slot}:{key}")


def field(name: str) -> Pick:
    return Pick(Kind.FIELD, name)


def rating(stars: int) -> Pick:
    return Pick(Kind.CSAT, str(stars))
