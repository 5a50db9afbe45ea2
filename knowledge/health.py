"""The content-standard checklist of one article (domain.md sections 2 and 8).

Each criterion is pass, miss, or not applicable (an article that mentions no error needs no
exact error text); the score is passed / applicable, as the KCS checklist counts it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from knowledge import personal_data
from knowledge.article import ArticleContent, Confidence
from knowledge.text import tokens

CRITERIA = {
    "title": "title states the issue and the environment",
    "issue": "issue in the requester's words",
    "environment": "environment present",
    "resolution": "actionable resolution",
    "error_text": "exact error text quoted",
    "personal_data": "no personal data",
}

STEP = re.compile(r"^\s*(?:\d+[.)]|[-*•])\s+\S", re.MULTILINE)
IMPERATIVE = frozenset(
    [
        "open",
        "click",
        "go",
        "restart",
        "reboot",
        "select",
        "run",
        "type",
        "enter",
        "install",
        "uninstall",
        "reinstall",
        "update",
        "sign",
        "log",
        "reset",
        "clear",
        "check",
        "set",
        "turn",
        "enable",
        "disable",
        "connect",
        "disconnect",
        "press",
        "choose",
        "remove",
        "delete",
        "add",
        "ask",
        "request",
        "use",
        "contact",
        "call",
        "submit",
        "fill",
        "visit",
        "download",
        "upgrade",
        "wait",
        "close",
        "ouvrez",
        "ouvrir",
        "cliquez",
        "cliquer",
        "allez",
        "aller",
        "redemarrez",
        "redemarrer",
        "selectionnez",
        "selectionner",
        "lancez",
        "lancer",
        "tapez",
        "saisissez",
        "installez",
        "desinstallez",
        "reinstallez",
        "mettez",
        "connectez",
        "deconnectez",
        "appuyez",
        "choisissez",
        "supprimez",
        "ajoutez",
        "demandez",
        "utilisez",
        "contactez",
        "appelez",
        "videz",
        "verifiez",
        "activez",
        "desactivez",
        "reinitialisez",
        "attendez",
        "fermez",
        "remplissez",
    ]
)
ERROR_WORD = re.compile(
    r"\b(errors?|erreurs?|exception|fails? with|failed with|échoue avec)\b", re.I
)
QUOTED = re.compile(
    r"[\"“”«»`']\s*[^\"“”«»`']{3,}\s*[\"“”«»`']|\b0x[0-9a-f]{4,}\b|\b[A-Z]{2,5}-?\d{3,}\b"
)
TOO_VAGUE = re.compile(r"^\s*(fixed|done|resolved|solved|réglé|résolu|corrigé|ok)\W*$", re.I)


@dataclass(frozen=True)
class Check:
    key: str
    ok: bool | None  # None: the criterion does not apply to this article
    detail: str = ""

    @property
    def label(self) -> str:
        return CRITERIA[self.key]


@dataclass(frozen=True)
class Health:
    checks: tuple[Check, ...]

    @property
    def applicable(self) -> list[Check]:
        return [c for c in self.checks if c.ok is not None]

    @property
    def score(self) -> float:
        """Passed / applicable, 0..1."""
        applicable = self.applicable
        return sum(1 for c in applicable if c.ok) / len(applicable) if applicable else 1.0

    @property
    def misses(self) -> list[Check]:
        return [c for c in self.checks if c.ok is False]

    def summary(self) -> str:
        """'4/5 content standard' for a one-line display."""
        applicable = self.applicable
        passed = sum(1 for c in applicable if c.ok)
        return f"{passed}/{len(applicable)} content standard"


def _words(text: str, language: str) -> set[str]:
    return set(tokens(text, language))


def _title(content: ArticleContent) -> Check:
    words = content.title.split()
    if len(words) < 3:
        return Check("title", False, "too short to name an issue and an environment")
    if not content.environment:
        return Check("title", False, "no environment to name")
    environment = _words(" ".join(content.environment), content.language)
    if not _words(content.title, content.language) & environment:
        return Check("title", False, "names nothing from the Environment")
    return Check("title", True)


def _issue(content: ArticleContent) -> Check:
    title = content.title.casefold().strip()
    own = [line for line in content.issue if line.casefold().strip() != title]
    if not own:
        return Check("issue", False, "the Issue only repeats the title")
    if all(len(line.split()) < 2 for line in own):
        return Check("issue", False, "phrasings too short to be someone's words")
    return Check("issue", True)


def _resolution(content: ArticleContent) -> Check:
    if content.confidence is Confidence.WIP and not content.resolution.strip():
        return Check("resolution", None, "work in progress")
    text = content.resolution.strip()
    if not text or TOO_VAGUE.match(text) or len(text) < 25:
        return Check("resolution", False, "no steps or answer someone can follow")
    words = {w.strip(".,:;!?()").casefold() for w in text.split()}
    folded = {w.translate(str.maketrans("éèêàùç", "eeeauc")) for w in words}
    if STEP.search(text) or folded & IMPERATIVE or len(text) >= 120:
        return Check("resolution", True)
    return Check("resolution", False, "no steps or actions")


def _error_text(content: ArticleContent) -> Check:
    text = "\n".join((*content.issue, content.resolution, content.cause))
    if not ERROR_WORD.search(text):
        return Check("error_text", None)
    if QUOTED.search(text):
        return Check("error_text", True)
    return Check("error_text", False, "an error is mentioned but its text is not quoted")


def fields_of(content: ArticleContent) -> dict[str, str]:
    """The article's text by section name, as a checker or an error message names it."""
    return {
        "Title": content.title,
        "Issue": "\n".join(content.issue),
        "Environment": "\n".join(content.environment),
        "Resolution": content.resolution,
        "Cause": content.cause,
        "Not for": "\n".join(content.not_for),
    }


def personal_data_in(
    content: ArticleContent, names: Iterable[str] = ()
) -> list[personal_data.Finding]:
    names = list(names)
    return [
        finding
        for field, text in fields_of(content).items()
        for finding in personal_data.find(text, names=names, field=field)
    ]


def check(content: ArticleContent, names: Iterable[str] = ()) -> Health:
    """The checklist for one article; `names` are requesters' names that must not appear."""
    found = personal_data_in(content, names)
    return Health(
        (
            _title(content),
            _issue(content),
            Check("environment", bool(content.environment), "" if content.environment else "empty"),
            _resolution(content),
            _error_text(content),
            Check("personal_data", not found, personal_data.describe(found)),
        )
    )
