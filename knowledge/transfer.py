"""`relais kb import` and `relais kb export`: a knowledge base round-trips through a folder."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session

from knowledge import repository
from knowledge.article import ArticleContent
from knowledge.markdown import ArticleParseError, parse_article, render_article
from knowledge.repository import UpsertStatus


@dataclass(frozen=True)
class ImportFailure:
    path: Path
    reason: str


@dataclass
class ImportReport:
    counts: Counter[str] = field(default_factory=Counter)
    failures: list[ImportFailure] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures


def article_files(path: Path) -> list[Path]:
    """The .md files under a folder (sorted), or the file itself."""
    if path.is_dir():
        return sorted(p for p in path.rglob("*.md") if p.is_file())
    return [path]


def read_article_file(path: Path, max_bytes: int) -> tuple[ArticleContent, str]:
    """Read and parse one file; raises ArticleParseError with the reason."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ArticleParseError(f"cannot read: {exc.strerror or exc}") from None
    if size > max_bytes:
        raise ArticleParseError(f"file is {size} bytes, over the {max_bytes}-byte limit")
    data = path.read_bytes()
    if b"\x00" in data:
        raise ArticleParseError("binary file (contains NUL bytes), not a Markdown article")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ArticleParseError(f"not UTF-8 text (invalid byte at offset {exc.start})") from None
    if not text.strip():
        raise ArticleParseError("empty file")
    return parse_article(text), text


def import_path(session: Session, path: Path, *, max_bytes: int, by: str) -> ImportReport:
    """Import every article under `path`; bad files are reported, good ones still imported."""
    report = ImportReport()
    if not path.exists():
        report.failures.append(ImportFailure(path, "no such file or folder"))
        return report
    parsed: list[tuple[Path, ArticleContent, str]] = []
    seen: dict[str, Path] = {}
    for file in article_files(path):
        try:
            content, text = read_article_file(file, max_bytes)
        except ArticleParseError as exc:
            report.failures.append(ImportFailure(file, str(exc)))
            continue
        if content.id in seen:
            reason = f"duplicate id {content.id!r} (already in {seen[content.id]})"
            report.failures.append(ImportFailure(file, reason))
            continue
        seen[content.id] = file
        parsed.append((file, content, text))
    for file, content, text in parsed:
        with session.begin_nested():
            result = repository.upsert(
                session, content, by=by, source_text=text, note=f"imported from {file.name}"
            )
        report.counts[result.status.value] += 1
    for status in UpsertStatus:
        report.counts.setdefault(status.value, 0)
    return report


def export_articles(session: Session, folder: Path) -> list[Path]:
    """Write every article as `<id>.md`; unchanged imports are written back byte for byte."""
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for row in repository.list_articles(session):
        if row.source_text is not None and row.source_content_hash == row.content_hash:
            text = row.source_text
        else:
            text = render_article(repository.content_of(row))
        target = folder / f"{row.slug}.md"
        target.write_bytes(text.encode("utf-8"))
        written.append(target)
    return written
