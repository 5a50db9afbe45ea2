"""The metrics report as plain text lines (the terminal), and the formats every view shares."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from bot.reports.labels import label
from bot.reports.metrics import SMALL_SAMPLE, Durations, Ratio, Report


def percent(ratio: Ratio, lang: str = "en") -> str:
    """'62.5% (5/8)', with '*' for a small sample; 'n/a (0/0)' without a denominator."""
    value = ratio.value
    shown = label("no_value", lang) if value is None else f"{value * 100:.1f}%"
    if lang == "fr" and value is not None:
        shown = shown.replace(".", ",").replace("%", " %")
    star = "*" if ratio.small and ratio.denominator else ""
    return f"{shown} ({ratio.numerator}/{ratio.denominator}){star}"


def per(ratio: Ratio, lang: str = "en") -> str:
    """A plain quotient: '1.7 (5/3)'."""
    value = ratio.value
    shown = label("no_value", lang) if value is None else f"{value:.1f}"
    if lang == "fr":
        shown = shown.replace(".", ",")
    return f"{shown} ({ratio.numerator}/{ratio.denominator})"


def duration(seconds: int | None, lang: str = "en") -> str:
    """'45 min', '3 h 20 min', '2 d 4 h' ('2 j 4 h' in French)."""
    if seconds is None:
        return label("no_value", lang)
    span = timedelta(seconds=seconds)
    days, rest = span.days, span.seconds
    hours, minutes = rest // 3600, rest % 3600 // 60
    d = "j" if lang == "fr" else "d"
    if days:
        return f"{days} {d} {hours} h" if hours else f"{days} {d}"
    if hours:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    return f"{minutes} min" if minutes else f"{seconds % 60} s"


def durations(value: Durations, lang: str = "en") -> str:
    star = "*" if value.small and value.n else ""
    return (
        label(
            "median_p90",
            lang,
            median=duration(value.median, lang),
            p90=duration(value.p90, lang),
            n=value.n,
        )
        + star
    )


def thread_link(conversation: str, workspace_url: str) -> str | None:
    """A link to the employee's Slack thread (keys are slack:<channel>:<ts>), else None."""
    parts = conversation.split(":")
    if len(parts) != 3 or parts[0] != "slack" or not workspace_url:
        return None
    _, channel, ts = parts
    return f"{workspace_url.rstrip('/')}/archives/{channel}/p{ts.replace('.', '')}"


def period_text(report: Report, lang: str = "en") -> str:
    last = report.period.until - timedelta(seconds=1)
    return label("period", lang, since=f"{report.period.since:%Y-%m-%d}", until=f"{last:%Y-%m-%d}")


def headline(report: Report, lang: str = "en") -> list[tuple[str, str]]:
    """The few numbers a lead looks at first (the digest and the App Home show these)."""
    ss, sv, voice = report.self_service, report.service, report.voice
    return [
        (label("contacts", lang), str(ss["contacts"])),
        (label("self_service_success", lang), percent(ss["self_service_success"], lang)),
        (label("deflection", lang), percent(ss["deflection"], lang)),
        (label("time_to_resolve", lang), durations(sv["time_to_resolve"], lang)),
        (label("sla_breach", lang), percent(sv["sla_breach"], lang)),
        (label("csat", lang), percent(voice["csat"], lang)),
        (label("link_rate", lang), percent(report.kcs["link_rate"], lang)),
    ]


def render(report: Report, lang: str = "en", workspace_url: str = "") -> list[str]:
    """Every section of the report as lines of text."""
    ss, sv, kcs, voice = report.self_service, report.service, report.kcs, report.voice
    head = f"{label('title', lang)}: {period_text(report, lang)}"
    if report.team:
        head += f" ({label('team', lang, team=report.team)})"
    lines = [head]

    def row(key: str, value: str, indent: int = 2) -> None:
        lines.append(f"{' ' * indent}{label(key, lang)}: {value}")

    lines.append(f"\n{label('section.self_service', lang)}")
    row("contacts", str(ss["contacts"]))
    row("tried_self_service_first", percent(ss["tried_self_service_first"], lang))
    row("succeeded_when_tried", percent(ss["succeeded_when_tried"], lang))
    row("self_service_success", percent(ss["self_service_success"], lang))
    row("deflection", percent(ss["deflection"], lang))
    row("recontacted_within_7_days", str(ss["recontacted_within_7_days"]), 4)
    row("deflection_window_open", str(ss["deflection_window_open"]), 4)
    row("abandoned", percent(ss["abandoned"], lang))
    row("abandoned_after_answer", str(ss["abandoned_after_answer"]), 4)
    row("abandoned_before_answer", str(ss["abandoned_before_answer"]), 4)
    row("handed_off", percent(ss["handed_off"], lang))
    row("answered_per_article", per(ss["answered_per_article"], lang))
    row("absorbed_by_known_issues", str(ss["absorbed_by_known_issues"]))

    lines.append(f"\n{label('section.service', lang)}")
    row("tickets", str(sv["tickets"]))
    row("first_contact_resolution", percent(sv["first_contact_resolution"], lang))
    row(
        "first_contact_resolution_by_agents",
        percent(sv["first_contact_resolution_by_agents"], lang),
    )
    business = ", ".join(sv["business_time_priorities"])
    note = f" [{label('business_time', lang, priorities=business)}]" if business else ""
    row("time_to_first_response", durations(sv["time_to_first_response"], lang) + note)
    row("time_to_resolve", durations(sv["time_to_resolve"], lang) + note)
    row("sla_breach", percent(sv["sla_breach"], lang))
    for priority, sla in sv["sla_by_priority"].items():
        lines.append(f"    {priority}: {percent(sla['breached'], lang)}")
    backlog = sv["backlog"]
    age = durations(backlog["age"], lang)
    row("backlog", f"{backlog['open']} ({label('backlog_age', lang)} {age})")
    row("reopen_rate", percent(sv["reopen_rate"], lang))
    row("repeat_incidents", percent(sv["repeat_incidents"], lang))
    row("handed_back", percent(sv["handed_back"], lang))

    lines.append(f"\n{label('section.kcs', lang)}")
    row("link_rate", percent(kcs["link_rate"], lang))
    row("reuse", percent(kcs["reuse"], lang))
    row("create", percent(kcs["create"], lang))
    row("known", percent(kcs["known"], lang))
    row("new", percent(kcs["new"], lang))
    row("closed_unlinked", str(kcs["closed_unlinked"]))
    row("content_standard", percent(kcs["content_standard"]["score"], lang))
    part = kcs["participation"]
    detail = label(
        "participation_detail", lang, **{k: part[k] for k in ("linked", "created", "flagged")}
    )
    row("participation", f"{percent(part['contributing'], lang)}; {detail}")
    row("flags_resolved", percent(kcs["flags"]["resolved"], lang))
    _articles(lines, label("top_reused", lang), kcs["top_reused"], lambda a: str(a["reuses"]))
    _articles(
        lines,
        label("most_rejected", lang),
        kcs["most_rejected"],
        lambda a: percent(a["rejected"], lang),
    )

    lines.append(f"\n{label('section.voice', lang)}")
    row("csat", percent(voice["csat"], lang))
    row("response_rate", percent(voice["response_rate"], lang))
    dist = "  ".join(f"{k}: {v}" for k, v in voice["distribution"].items())
    row("distribution", dist)
    if voice["comments"]:
        lines.append(f"  {label('comments', lang)}:")
        for c in voice["comments"][:10]:
            lines.append(f"    {c['ticket']} ({c['rating']}/5): “{_one_line(c['comment'], 120)}”")
    lines.append(f"\n{label('section.watermelon', lang)}")
    for key in ("met_sla_rated_low", "breached_rated_high"):
        found = voice["watermelon"][key]
        lines.append(f"  {label(key, lang)}: {len(found)}")
        for w in found[:10]:
            link = thread_link(w["conversation"], workspace_url) or w["conversation"]
            said = f" “{_one_line(w['comment'], 80)}”" if w["comment"] else ""
            lines.append(f"    {w['ticket']} {w['priority']} {w['rating']}/5{said} {link}")

    lines.append(f"\n{label('section.trends', lang)} ({label('by.' + report.period.by, lang)})")
    for t in report.trends:
        lines.append(
            f"  {t.label}  {label('contacts', lang)} {t.contacts:>5}  "
            f"{label('chart.self_service', lang)} {percent(t.self_service, lang):>18}  "
            f"{label('chart.csat', lang)} {percent(t.csat, lang):>16}  "
            f"MTTR {duration(t.mttr.median, lang)}"
        )
    lines.append("\n" + label("small_note", lang, n=SMALL_SAMPLE))
    return lines


def _articles(lines: list[str], title: str, items: list[dict[str, Any]], value: Any) -> None:
    if not items:
        return
    lines.append(f"  {title}:")
    for a in items:
        lines.append(f"    {a['article']}: {value(a)}")


def _one_line(text: str, limit: int) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


__all__ = ["duration", "durations", "headline", "per", "percent", "render", "thread_link"]
