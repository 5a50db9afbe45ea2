"""The weekly digest for support leads: this week's headline numbers against last week's, the
top three knowledge gaps, the watermelon tickets, and the weekly trend chart.

Transport-free: `build` returns plain values (lines and a PNG) that the Slack side renders;
`due_week` says when a digest is due, and its ISO week is the key that makes it once a week.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from bot import gaps
from bot.reports import charts, metrics
from bot.reports.labels import label
from bot.reports.metrics import Durations, Period, Ratio, Report
from bot.reports.text import duration, percent, thread_link

TREND_WEEKS = 8
GAPS = 3
WATERMELONS = 5
SEND_WITHIN = timedelta(days=1)  # a replica started later than this skips the week


@dataclass(frozen=True)
class Figure:
    name: str
    now: str
    change: str  # "+3.1 pp", "-2 h", "+12", or "" without last week's value


@dataclass
class Digest:
    week: str  # ISO week, e.g. "2026-W46": one digest per channel and week
    lang: str
    title: str
    period: str
    figures: list[Figure] = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)
    watermelon: list[tuple[str, str | None]] = field(default_factory=list)  # (line, link)
    chart: bytes = b""

    @property
    def text(self) -> str:
        """Plain text (notifications, and clients that cannot show blocks)."""
        lines = [f"{self.title} ({self.period})"]
        lines += [
            f"• {f.name}: {label('digest.change', self.lang, now=f.now, change=f.change)}"
            if f.change
            else f"• {f.name}: {f.now}"
            for f in self.figures
        ]
        lines.append(label("digest.gaps", self.lang) + ":")
        lines += [f"  {n}. {g}" for n, g in enumerate(self.gaps, 1)] or [
            "  " + label("digest.no_gaps", self.lang)
        ]
        lines.append(label("digest.watermelon", self.lang) + ":")
        lines += [f"  {w} {link or ''}".rstrip() for w, link in self.watermelon] or [
            "  " + label("digest.no_watermelon", self.lang)
        ]
        return "\n".join(lines)


def iso_week(at: datetime) -> str:
    year, week, _ = at.isocalendar()
    return f"{year}-W{week:02d}"


def due_week(now: datetime, weekday: int, hour: int) -> str | None:
    """The ISO week whose digest is due at `now` (from its weekday and hour, for a day)."""
    monday = (now - timedelta(days=now.weekday())).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    at = monday + timedelta(days=weekday, hours=hour)
    return iso_week(now) if at <= now < at + SEND_WITHIN else None


def _change(now: Any, before: Any, lang: str) -> str:
    if isinstance(now, Ratio) and isinstance(before, Ratio):
        if now.value is None or before.value is None:
            return ""
        points = (now.value - before.value) * 100
        text = f"{points:+.1f} pp"
        return text.replace(".", ",") if lang == "fr" else text
    if isinstance(now, Durations) and isinstance(before, Durations):
        if now.median is None or before.median is None:
            return ""
        delta = now.median - before.median
        return ("+" if delta >= 0 else "-") + duration(abs(delta), lang)
    if isinstance(now, int) and isinstance(before, int):
        return f"{now - before:+d}"
    return ""


def _figures(this: Report, last: Report, lang: str) -> list[Figure]:
    pairs: list[tuple[str, Any, Any, str]] = [
        ("contacts", this.self_service["contacts"], last.self_service["contacts"], "int"),
        (
            "self_service_success",
            this.self_service["self_service_success"],
            last.self_service["self_service_success"],
            "ratio",
        ),
        ("deflection", this.self_service["deflection"], last.self_service["deflection"], "ratio"),
        (
            "time_to_first_response",
            this.service["time_to_first_response"],
            last.service["time_to_first_response"],
            "median",
        ),
        (
            "time_to_resolve",
            this.service["time_to_resolve"],
            last.service["time_to_resolve"],
            "median",
        ),
        ("sla_breach", this.service["sla_breach"], last.service["sla_breach"], "ratio"),
        ("csat", this.voice["csat"], last.voice["csat"], "ratio"),
        ("link_rate", this.kcs["link_rate"], last.kcs["link_rate"], "ratio"),
    ]
    out = []
    for key, now, before, kind in pairs:
        if kind == "ratio":
            shown = percent(now, lang)
        elif kind == "median":
            shown = f"{duration(now.median, lang)} (n={now.n})"
        else:
            shown = str(now)
        out.append(Figure(label(key, lang), shown, _change(now, before, lang)))
    return out


def build(
    session: Session,
    now: datetime,
    encoder: gaps.TextEncoder | None,
    *,
    lang: str = "en",
    workspace_url: str = "",
    business_priorities: frozenset[str] = frozenset({"P5"}),
) -> Digest:
    """The digest of the 7 days before `now`, compared with the 7 days before those."""
    week = timedelta(days=7)
    common: dict[str, Any] = {"now": now, "business_priorities": business_priorities}
    this = metrics.build(session, Period(now - week, now, "week"), **common)
    last = metrics.build(session, Period(now - 2 * week, now - week, "week"), **common)
    trend = metrics.build(session, Period(now - TREND_WEEKS * week, now, "week"), **common)
    digest = Digest(
        week=iso_week(now),
        lang=lang,
        title=label("digest.title", lang),
        period=label(
            "period",
            lang,
            since=f"{now - week:%Y-%m-%d}",
            until=f"{now - timedelta(seconds=1):%Y-%m-%d}",
        ),
        figures=_figures(this, last, lang),
    )
    if encoder is not None:
        for cluster in gaps.report(session, encoder, now - week, now, limit=GAPS):
            digest.gaps.append(f"{cluster.draft.title} ({cluster.size})")
    watermelon = this.voice["watermelon"]
    for key in ("met_sla_rated_low", "breached_rated_high"):
        for w in watermelon[key][:WATERMELONS]:
            digest.watermelon.append(
                (
                    f"{w['ticket']} {w['priority']} {w['rating']}/5 ({label(key, lang)})",
                    thread_link(w["conversation"], workspace_url),
                )
            )
    digest.chart = charts.trends(trend, lang)
    return digest


__all__ = ["Digest", "Figure", "build", "due_week", "iso_week"]
