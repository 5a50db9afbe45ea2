"""The KCS article as a plain value, with its states and the visibility rule."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class ArticleType(StrEnum):
    PROBLEM = "problem"
    HOW_TO = "how_to"
    INFORMATION = "information"
    DIAGNOSTIC = "diagnostic"
    ENHANCEMENT = "enhancement"


class Confidence(StrEnum):
    WIP = "wip"
    NOT_VALIDATED = "not_validated"
    VALIDATED = "validated"
    ARCHIVED = "archived"


class Audience(StrEnum):
    EMPLOYEES = "employees"
    INTERNAL = "internal"


class Viewer(StrEnum):
    """Who is searching: employees see less than agents."""

    EMPLOYEE = "employee"
    AGENT = "agent"


SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,127}$")
LANGUAGES = ("en", "fr")


class ArticleError(ValueError):
    """An article that breaks the content standard (bad state, missing field...)."""


@dataclass(frozen=True)
class ArticleContent:
    """The authored part of an article: what a file on disk holds and a revision snapshots."""

    id: str
    title: str
    type: ArticleType
    confidence: Confidence
    audience: Audience
    language: str
    owner: str
    tags: tuple[str, ...] = ()
    issue: tuple[str, ...] = ()
    environment: tuple[str, ...] = ()
    resolution: str = ""
    cause: str = ""
    compliance_based: bool = False
    search_phrases: tuple[str, ...] = ()
    # The same article in the other language(s): one answer, shown in the asker's language.
    translations: tuple[str, ...] = ()
    # What the article does not resolve though it sounds close ("a rejected report", for an
    # article on reports stuck in approval): a question nearer one of these than any Issue
    # phrasing is out of the article's scope, and the search does not answer it.
    not_for: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not SLUG_RE.match(self.id):
            raise ArticleError(
                f"id {self.id!r} is not a slug (lowercase letters, digits, '-', '.', '_')"
            )
        if not self.title.strip():
            raise ArticleError("title is empty")
        if self.language not in LANGUAGES:
            raise ArticleError(f"language {self.language!r} is not one of {', '.join(LANGUAGES)}")
        if not self.issue:
            raise ArticleError("the Issue section lists no phrasing")
        if self.confidence is not Confidence.WIP and not self.resolution.strip():
            raise ArticleError(f"a {self.confidence.value} article needs a Resolution")
        for other in self.translations:
            if other == self.id or not SLUG_RE.match(other):
                raise ArticleError(
                    f"translation {other!r} is not another article's id (a slug other than "
                    f"{self.id!r})"
                )

    def to_snapshot(self) -> dict[str, Any]:
        """A JSON-able dict, as stored in a revision.

        `translations` and `not_for` appear only when set, so the content hash of an article
        without them is what it was before the fields existed (no spurious change on the next
        import).
        """
        snapshot: dict[str, Any] = {
            "id": self.id,
            "title": self.title,
            "type": self.type.value,
            "confidence": self.confidence.value,
            "audience": self.audience.value,
            "language": self.language,
            "owner": self.owner,
            "tags": list(self.tags),
            "issue": list(self.issue),
            "environment": list(self.environment),
            "resolution": self.resolution,
            "cause": self.cause,
            "compliance_based": self.compliance_based,
            "search_phrases": list(self.search_phrases),
            "extra": dict(self.extra),
        }
        if self.translations:
            snapshot["translations"] = list(self.translations)
        if self.not_for:
            snapshot["not_for"] = list(self.not_for)
        return snapshot

    @classmethod
    def from_snapshot(cls, data: dict[str, Any]) -> ArticleContent:
        return cls(
            id=data["id"],
            title=data["title"],
            type=ArticleType(data["type"]),
            confidence=Confidence(data["confidence"]),
            audience=Audience(data["audience"]),
            language=data["language"],
            owner=data.get("owner", ""),
            tags=tuple(data.get("tags", ())),
            issue=tuple(data.get("issue", ())),
            environment=tuple(data.get("environment", ())),
            resolution=data.get("resolution", ""),
            cause=data.get("cause", ""),
            compliance_based=bool(data.get("compliance_based", False)),
            search_phrases=tuple(data.get("search_phrases", ())),
            translations=tuple(data.get("translations", ())),
            not_for=tuple(data.get("not_for", ())),
            extra=dict(data.get("extra", {})),
        )


def visible_to(viewer: Viewer, confidence: Confidence, audience: Audience) -> bool:
    """domain.md: employees see validated + employees; agents see every non-archived article."""
    if viewer is Viewer.EMPLOYEE:
        return confidence is Confidence.VALIDATED and audience is Audience.EMPLOYEES
    return confidence is not Confidence.ARCHIVED
