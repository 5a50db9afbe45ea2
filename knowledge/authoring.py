"""What knowledge authors do to an article; each action is a revision with who, when and why.

Authorization is here too: any author may curate, but only the owning team's authors may touch a
compliance-based article (domain.md section 2, "only owners may edit").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from knowledge import feedback, health, personal_data, repository
from knowledge.article import ArticleContent, ArticleError, Audience, Confidence
from knowledge.repository import MAX_PHRASES, content_of
from knowledge.tables import ArticleRow, FlagRow, LinkRow


class AuthoringError(ValueError):
    """An action the author may not take, or that does not apply (the message says why)."""


@dataclass(frozen=True)
class Author:
    """Someone acting on articles, and the owning teams they author for."""

    user: str
    teams: frozenset[str]

    @property
    def is_author(self) -> bool:
        return bool(self.teams)


def authorize(row: ArticleRow, author: Author) -> None:
    if not author.is_author:
        raise AuthoringError("Only knowledge authors can change articles.")
    if row.compliance_based and row.owner not in author.teams:
        raise AuthoringError(
            f"{row.slug} is compliance-based: only {row.owner} authors can change it."
        )


def reason(why: str) -> str:
    cleaned = " ".join(why.split())
    if not cleaned:
        raise AuthoringError("Say why: every change is kept with its reason.")
    return cleaned[:400]


def _revise(
    session: Session, row: ArticleRow, content: ArticleContent, author: Author, note: str
) -> ArticleRow:
    repository.upsert(session, content, by=author.user, note=note, force=True)
    return row


def _resolve_flags(row: ArticleRow, by: str, now: datetime) -> int:
    open_flags = [f for f in row.flags if f.status == "open"]
    for flag in open_flags:
        flag.status, flag.resolved_by, flag.resolved_at = "resolved", by, now
    return len(open_flags)


def check_personal_data(content: ArticleContent) -> None:
    found = health.personal_data_in(content)
    if found:
        raise AuthoringError(
            f"Personal data can't go into an article: {personal_data.describe(found)}."
        )


def validate(session: Session, slug: str, author: Author, why: str, now: datetime) -> ArticleRow:
    """Publish (or confirm on review): validated, reviewed now, its open flags resolved."""
    row = repository.require(session, slug)
    authorize(row, author)
    note = reason(why)
    content = content_of(row)
    if not content.resolution.strip():
        raise AuthoringError(f"{slug} has no Resolution yet: edit it before validating.")
    check_personal_data(content)
    verb = "validated" if content.confidence is not Confidence.VALIDATED else "reviewed"
    _revise(
        session, row, replace(content, confidence=Confidence.VALIDATED), author, f"{verb}: {note}"
    )
    row.reviewed_at, row.review_reminded_at, row.duplicate_of = now, None, None
    _resolve_flags(row, author.user, now)
    return row


def edit(
    session: Session,
    slug: str,
    author: Author,
    why: str,
    now: datetime,
    *,
    title: str | None = None,
    environment: list[str] | None = None,
    resolution: str | None = None,
    cause: str | None = None,
    add_issue: list[str] | None = None,
    not_for: list[str] | None = None,
) -> ArticleRow:
    """Change the KCS sections. Issue phrasings are only ever added, never rewritten; the
    "Not for" lines (what the article does not resolve) are replaced as given."""
    row = repository.require(session, slug)
    authorize(row, author)
    note = reason(why)
    content = content_of(row)
    known = {p.casefold() for p in content.issue}
    added = [
        " ".join(p.split()) for p in add_issue or [] if p.strip() and p.casefold() not in known
    ]
    try:
        changed = replace(
            content,
            title=" ".join((title if title is not None else content.title).split()),
            environment=tuple(e.strip() for e in environment if e.strip())
            if environment is not None
            else content.environment,
            resolution=(resolution if resolution is not None else content.resolution).strip(),
            cause=(cause if cause is not None else content.cause).strip(),
            issue=(*content.issue, *added),
            not_for=tuple(" ".join(n.split()) for n in not_for if n.strip())
            if not_for is not None
            else content.not_for,
        )
    except ArticleError as exc:
        raise AuthoringError(str(exc)) from None
    check_personal_data(changed)
    _revise(session, row, changed, author, f"edited: {note}")
    _resolve_flags(row, author.user, now)
    return row


def set_audience(
    session: Session, slug: str, author: Author, audience: Audience, why: str
) -> ArticleRow:
    row = repository.require(session, slug)
    authorize(row, author)
    note = reason(why)
    content = content_of(row)
    if content.audience is audience:
        raise AuthoringError(f"{slug} is already for {audience.value}.")
    _revise(
        session,
        row,
        replace(content, audience=audience),
        author,
        f"audience {audience.value}: {note}",
    )
    return row


def archive(session: Session, slug: str, author: Author, why: str, now: datetime) -> ArticleRow:
    """No longer of value: kept with its history, out of every search."""
    row = repository.require(session, slug)
    authorize(row, author)
    note = reason(why)
    content = content_of(row)
    if content.confidence is Confidence.ARCHIVED:
        raise AuthoringError(f"{slug} is archived already.")
    _revise(
        session, row, replace(content, confidence=Confidence.ARCHIVED), author, f"archived: {note}"
    )
    _resolve_flags(row, author.user, now)
    return row


def merge(
    session: Session, source: str, target: str, author: Author, why: str, now: datetime
) -> ArticleRow:
    """Fold a duplicate into another article: its phrasings and links move, it is archived.

    The source's Issue phrasings and confirmed phrases become the target's search phrases
    (the target's own Issue is never rewritten); lookups of the source then redirect.
    """
    if source == target:
        raise AuthoringError("An article cannot be merged into itself.")
    src, dst = repository.require(session, source), repository.require(session, target)
    authorize(src, author)
    authorize(dst, author)
    note = reason(why)
    if dst.confidence == Confidence.ARCHIVED.value:
        raise AuthoringError(f"{target} is archived: merge into a live article.")
    src_content, dst_content = content_of(src), content_of(dst)
    known = {p.casefold() for p in (*dst_content.issue, *dst_content.search_phrases)}
    moved = [
        p
        for p in dict.fromkeys((*src_content.issue, *src_content.search_phrases))
        if p.casefold() not in known
    ]
    phrases = (*dst_content.search_phrases, *moved)[-MAX_PHRASES:]
    _revise(
        session,
        dst,
        replace(dst_content, search_phrases=phrases),
        author,
        f"merged {source} in ({len(moved)} phrasings): {note}",
    )
    linked = set(session.scalars(select(LinkRow.ticket_ref).where(LinkRow.article_pk == dst.pk)))
    for link in list(src.links):
        if link.ticket_ref not in linked:
            session.add(
                LinkRow(article_pk=dst.pk, ticket_ref=link.ticket_ref, linked_at=link.linked_at)
            )
    dst.reuse_count += src.reuse_count
    for flag in [f for f in src.flags if f.status == "open"]:
        flag.article_pk = dst.pk
    _revise(
        session,
        src,
        replace(src_content, confidence=Confidence.ARCHIVED),
        author,
        f"merged into {target}: {note}",
    )
    src.merged_into = target
    src.duplicate_of = None
    return dst


def rule_out(
    session: Session,
    slug: str,
    author: Author,
    why: str,
    now: datetime,
    flag_ids: Sequence[int],
) -> int:
    """The questions of these "did not help" flags are outside the article: they become
    "Not for" lines (knowledge.search then neither answers nor offers the article for them)
    and their flags are resolved. Returns how many lines were added."""
    row = repository.require(session, slug)
    authorize(row, author)
    note = reason(why)
    open_ones = dict(feedback.open_rejections(row))
    picked = [i for i in flag_ids if i in open_ones]
    if not picked:
        raise AuthoringError("none of these rejections is still open")
    content = content_of(row)
    known = {n.casefold() for n in content.not_for}
    added: list[str] = []
    for flag_id in picked:
        line = " ".join(open_ones[flag_id].split())
        if line.casefold() not in known:
            known.add(line.casefold())
            added.append(line)
    if added:
        changed = replace(content, not_for=(*content.not_for, *added))
        check_personal_data(changed)
        _revise(session, row, changed, author, f"ruled out: {note}")
    for flag in row.flags:
        if flag.id in picked:
            flag.status, flag.resolved_by, flag.resolved_at = "resolved", author.user, now
    return len(added)


def remove_phrase(session: Session, slug: str, phrase: str, author: Author, why: str) -> ArticleRow:
    """Drop a confirmed phrasing that leads the wrong people here (Issue lines stay)."""
    row = repository.require(session, slug)
    authorize(row, author)
    note = reason(why)
    content = content_of(row)
    kept = tuple(p for p in content.search_phrases if p != phrase)
    if len(kept) == len(content.search_phrases):
        raise AuthoringError(f"{slug} has no confirmed phrasing {phrase!r}.")
    _revise(
        session,
        row,
        replace(content, search_phrases=kept),
        author,
        f"removed phrasing {phrase!r}: {note}",
    )
    return row


def flag(
    session: Session,
    slug: str,
    by: str,
    reason: str,
    now: datetime,
    conversation_key: str | None = None,
) -> FlagRow:
    """'Flag it': an agent or author reports that an article needs work, with a reason."""
    row = repository.require(session, slug)
    text = " ".join(reason.split())
    if not text:
        raise AuthoringError("Say what is wrong with the article.")
    found = FlagRow(
        article_pk=row.pk,
        by=by,
        reason=text[:1000],
        at=now,
        status="open",
        kind="flag",
        conversation_key=conversation_key,
    )
    session.add(found)
    session.flush()
    return found


def current(session: Session, slug: str) -> ArticleRow:
    """The article `slug` names, following merges to the one that lives on."""
    row = repository.require(session, slug)
    seen = {row.slug}
    while row.merged_into and row.merged_into not in seen:
        nxt = repository.get(session, row.merged_into)
        if nxt is None:
            break
        seen.add(nxt.slug)
        row = nxt
    return row
