"""Articles on disk: YAML front matter then the KCS sections (design.md "Articles on disk")."""

from __future__ import annotations

import re
from typing import Any

import yaml

from knowledge.article import (
    ArticleContent,
    ArticleError,
    ArticleType,
    Audience,
    Confidence,
)

FRONT_MATTER_KEYS = ("id", "title", "type", "confidence", "audience", "language", "owner", "tags")
OPTIONAL_KEYS = ("compliance_based", "search_phrases", "translations")
SECTIONS = ("Issue", "Environment", "Resolution", "Cause", "Not for")
_BY_KEY = {name.casefold(): name for name in SECTIONS}
_HEADING_RE = re.compile(r"^##\s+(.+?)\s*$")
_BULLET_RE = re.compile(r"^\s*[-*+]\s+(.*)$")


class ArticleParseError(ValueError):
    """A file that is not a valid article; the message says why."""


def _enum(kind: type[Any], field: str, raw: Any) -> Any:
    try:
        return kind(str(raw).strip().lower())
    except ValueError:
        allowed = " | ".join(member.value for member in kind)
        raise ArticleParseError(f"unknown {field} {raw!r} (expected {allowed})") from None


def _split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    if not text.startswith("---"):
        raise ArticleParseError("no YAML front matter (the file must start with '---')")
    lines = text.split("\n")
    if lines[0].strip() != "---":
        raise ArticleParseError("malformed front matter opening line")
    closing = [i for i, line in enumerate(lines) if i > 0 and line.strip() == "---"]
    if not closing:
        raise ArticleParseError("front matter is not closed by '---'")
    end = closing[0]
    raw = "\n".join(lines[1:end])
    try:
        meta = yaml.safe_load(raw) if raw.strip() else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        raise ArticleParseError(
            f"malformed front matter{where}: {getattr(exc, 'problem', exc)}"
        ) from None
    if not isinstance(meta, dict):
        raise ArticleParseError("front matter is not a mapping of keys to values")
    return meta, "\n".join(lines[end + 1 :])


def _sections(body: str) -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    current: str | None = None
    for line in body.split("\n"):
        heading = _HEADING_RE.match(line)
        if heading:
            name = _BY_KEY.get(" ".join(heading.group(1).split()).casefold(), "")
            if not name:
                raise ArticleParseError(
                    f"unknown section '## {heading.group(1)}' (expected {', '.join(SECTIONS)})"
                )
            if name in sections:
                raise ArticleParseError(f"section '## {name}' appears twice")
            sections[name] = []
            current = name
        elif current is not None:
            sections[current].append(line)
        elif line.strip():
            raise ArticleParseError("text before the first '## Issue' section")
    return sections


def _bullets(lines: list[str]) -> tuple[str, ...]:
    items: list[str] = []
    for line in lines:
        if not line.strip():
            continue
        bullet = _BULLET_RE.match(line)
        if bullet:
            items.append(bullet.group(1).strip())
        elif items:  # a wrapped bullet continues the previous one
            items[-1] = f"{items[-1]} {line.strip()}"
        else:
            items.append(line.strip())
    return tuple(item for item in items if item)


def _block(lines: list[str]) -> str:
    return "\n".join(line.rstrip() for line in lines).strip("\n")


def _str_list(meta: dict[str, Any], key: str) -> tuple[str, ...]:
    value = meta.get(key)
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, str | int | float) for v in value):
        raise ArticleParseError(f"'{key}' must be a list of strings")
    return tuple(str(v) for v in value)


def _text(meta: dict[str, Any], key: str) -> str:
    value = meta.get(key)
    if value is None:
        return ""
    if isinstance(value, dict | list):
        raise ArticleParseError(f"'{key}' must be text")
    return str(value).strip()


def parse_article(text: str) -> ArticleContent:
    """Parse one article file's text. Raises ArticleParseError with a readable reason."""
    meta, body = _split_front_matter(text.replace("\r\n", "\n"))
    for key in ("id", "title"):
        if not _text(meta, key):
            raise ArticleParseError(f"missing '{key}' in front matter")
    sections = _sections(body)
    extra = {k: v for k, v in meta.items() if k not in FRONT_MATTER_KEYS + OPTIONAL_KEYS}
    try:
        return ArticleContent(
            id=_text(meta, "id"),
            title=_text(meta, "title"),
            type=_enum(ArticleType, "type", meta.get("type", "problem")),
            confidence=_enum(Confidence, "confidence", meta.get("confidence", "wip")),
            audience=_enum(Audience, "audience", meta.get("audience", "internal")),
            language=_text(meta, "language").lower() or "en",
            owner=_text(meta, "owner"),
            tags=_str_list(meta, "tags"),
            issue=_bullets(sections.get("Issue", [])),
            environment=_bullets(sections.get("Environment", [])),
            resolution=_block(sections.get("Resolution", [])),
            cause=_block(sections.get("Cause", [])),
            not_for=_bullets(sections.get("Not for", [])),
            compliance_based=bool(meta.get("compliance_based", False)),
            search_phrases=_str_list(meta, "search_phrases"),
            translations=_str_list(meta, "translations"),
            extra=extra,
        )
    except ArticleError as exc:
        raise ArticleParseError(str(exc)) from None


def _scalar(value: Any) -> str:
    dumped = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10_000)
    return dumped.removesuffix("\n").removesuffix("\n...").strip()


def render_article(article: ArticleContent) -> str:
    """The canonical file text of an article; parse_article(render_article(a)) == a."""
    meta: list[str] = ["---"]
    values: dict[str, Any] = {
        "id": article.id,
        "title": article.title,
        "type": article.type.value,
        "confidence": article.confidence.value,
        "audience": article.audience.value,
        "language": article.language,
        "owner": article.owner,
    }
    meta += [f"{key}: {_scalar(value)}" for key, value in values.items()]
    meta.append(f"tags: {_scalar(list(article.tags))}")
    if article.compliance_based:
        meta.append("compliance_based: true")
    if article.search_phrases:
        meta.append("search_phrases:")
        meta += [f"- {_scalar(phrase)}" for phrase in article.search_phrases]
    if article.translations:
        meta.append(f"translations: {_scalar(list(article.translations))}")
    for key, value in article.extra.items():
        meta.append(f"{key}: {_scalar(value)}")
    meta.append("---")
    body = ["## Issue", *(f"- {line}" for line in article.issue)]
    body += ["## Environment", *(f"- {line}" for line in article.environment)]
    if article.resolution:
        body += ["## Resolution", article.resolution]
    if article.cause:
        body += ["## Cause", article.cause]
    if article.not_for:
        body += ["## Not for", *(f"- {line}" for line in article.not_for)]
    return "\n".join(meta + body) + "\n"
