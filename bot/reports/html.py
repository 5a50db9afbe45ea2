"""The metrics report as one self-contained HTML page: charts inline, nothing fetched.

A lead can open it from disk or attach it to an email. Besides the charts and tables, a tiny
script marks on <body> how many charts the browser decoded (`data-charts-loaded`), which the
browser test reads.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable
from datetime import timedelta
from html import escape

from bot.reports.labels import label
from bot.reports.metrics import SMALL_SAMPLE, Ratio, Report
from bot.reports.text import durations, per, percent, period_text, thread_link

STYLE = """
body { font-family: "DejaVu Sans", Arial, sans-serif; margin: 2rem auto; max-width: 1100px;
       color: #1f2328; background: #ffffff; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { margin-top: 2rem; border-bottom: 2px solid #e1e4e8; }
.sub { color: #57606a; margin-top: 0; }
table { border-collapse: collapse; margin: .5rem 0 1rem; min-width: 60%; }
td, th { border-bottom: 1px solid #e1e4e8; padding: .3rem .8rem; text-align: left; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.small { color: #9a6700; } .indent { padding-left: 2rem; color: #57606a; }
.charts { display: flex; flex-wrap: wrap; gap: 1rem; } .charts img { max-width: 100%; height: auto; }
.empty { font-size: 1.2rem; padding: 2rem; background: #f6f8fa; border-radius: 6px; }
.lead { color: #2b7bb9; } .lag { color: #d9822b; }
"""

SCRIPT = """
document.addEventListener("DOMContentLoaded", function () {
  var imgs = Array.prototype.slice.call(document.querySelectorAll("img.chart"));
  function mark() {
    var ok = imgs.filter(function (i) { return i.complete && i.naturalWidth > 0; }).length;
    document.body.setAttribute("data-charts-loaded", String(ok));
  }
  imgs.forEach(function (i) { i.addEventListener("load", mark); });
  mark();
});
"""


def _cell(ratio: Ratio, lang: str) -> str:
    text = escape(percent(ratio, lang))
    return (
        f'<td class="num small">{text}</td>'
        if ratio.small and ratio.denominator
        else f'<td class="num">{text}</td>'
    )


def _table(rows: Iterable[tuple[str, str]], header: tuple[str, ...] = ()) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = "".join(f"<tr>{name}{value}</tr>" for name, value in rows)
    return f"<table>{f'<tr>{head}</tr>' if head else ''}{body}</table>"


def _name(key: str, lang: str, indent: bool = False) -> str:
    cls = ' class="indent"' if indent else ""
    return f"<td{cls}>{escape(label(key, lang))}</td>"


def _num(value: object) -> str:
    return f'<td class="num">{escape(str(value))}</td>'


def render(
    report: Report, charts: dict[str, bytes], lang: str = "en", workspace_url: str = ""
) -> str:
    """The whole page."""
    sub = period_text(report, lang)
    if report.team:
        sub += f" ({label('team', lang, team=report.team)})"
    title = f"{label('title', lang)}: {sub}"
    parts = [
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">',
        f"<title>{escape(title)}</title><style>{STYLE}</style>",
        f"<script>{SCRIPT}</script></head><body>",
        f"<h1>{escape(label('title', lang))}</h1>",
        f'<p class="sub">{escape(sub)}; {escape(label("generated", lang))} {report.generated_at:%Y-%m-%d %H:%M} UTC</p>',
    ]
    if report.empty:
        text = label(
            "empty",
            lang,
            since=f"{report.period.since:%Y-%m-%d}",
            until=f"{report.period.until - timedelta(seconds=1):%Y-%m-%d}",
        )
        parts.append(f'<p class="empty">{escape(text)}</p></body></html>')
        return "".join(parts)
    parts.append(_charts(charts, lang))
    parts.append(_self_service(report, lang))
    parts.append(_service(report, lang))
    parts.append(_kcs(report, lang))
    parts.append(_voice(report, lang, workspace_url))
    parts.append(f'<p class="small">{escape(label("small_note", lang, n=SMALL_SAMPLE))}</p>')
    parts.append("</body></html>")
    return "".join(parts)


def _charts(charts: dict[str, bytes], lang: str) -> str:
    alt = {
        "trends": "chart.trends",
        "sla": "chart.sla",
        "csat": "chart.csat_distribution",
        "radar": "chart.radar",
    }
    imgs = []
    for name, png in charts.items():
        data = base64.b64encode(png).decode("ascii")
        text = label(alt.get(name, "title"), lang, by="")
        imgs.append(
            f'<img class="chart" id="chart-{escape(name)}" alt="{escape(text)}" '
            f'src="data:image/png;base64,{data}">'
        )
    return f'<div class="charts">{"".join(imgs)}</div>'


def _self_service(report: Report, lang: str) -> str:
    ss = report.self_service
    rows = [
        (_name("contacts", lang), _num(ss["contacts"])),
        (_name("tried_self_service_first", lang), _cell(ss["tried_self_service_first"], lang)),
        (_name("succeeded_when_tried", lang), _cell(ss["succeeded_when_tried"], lang)),
        (_name("self_service_success", lang), _cell(ss["self_service_success"], lang)),
        (_name("deflection", lang), _cell(ss["deflection"], lang)),
        (_name("recontacted_within_7_days", lang, True), _num(ss["recontacted_within_7_days"])),
        (_name("deflection_window_open", lang, True), _num(ss["deflection_window_open"])),
        (_name("abandoned", lang), _cell(ss["abandoned"], lang)),
        (_name("abandoned_after_answer", lang, True), _num(ss["abandoned_after_answer"])),
        (_name("abandoned_before_answer", lang, True), _num(ss["abandoned_before_answer"])),
        (_name("handed_off", lang), _cell(ss["handed_off"], lang)),
        (_name("answered_per_article", lang), _num(per(ss["answered_per_article"], lang))),
        (_name("absorbed_by_known_issues", lang), _num(ss["absorbed_by_known_issues"])),
    ]
    return f"<h2>{escape(label('section.self_service', lang))}</h2>{_table(rows)}"


def _service(report: Report, lang: str) -> str:
    sv = report.service
    business = ", ".join(sv["business_time_priorities"])
    note = f" ({label('business_time', lang, priorities=business)})" if business else ""
    backlog = sv["backlog"]
    rows = [
        (_name("tickets", lang), _num(sv["tickets"])),
        (_name("first_contact_resolution", lang), _cell(sv["first_contact_resolution"], lang)),
        (
            _name("first_contact_resolution_by_agents", lang),
            _cell(sv["first_contact_resolution_by_agents"], lang),
        ),
        (
            _name("time_to_first_response", lang),
            _num(durations(sv["time_to_first_response"], lang) + note),
        ),
        (_name("time_to_resolve", lang), _num(durations(sv["time_to_resolve"], lang) + note)),
        (_name("sla_breach", lang), _cell(sv["sla_breach"], lang)),
        *(
            (f'<td class="indent">{escape(p)}</td>', _cell(v["breached"], lang))
            for p, v in sv["sla_by_priority"].items()
        ),
        (
            _name("backlog", lang),
            _num(
                f"{backlog['open']} ({label('backlog_age', lang)} {durations(backlog['age'], lang)})"
            ),
        ),
        (_name("reopen_rate", lang), _cell(sv["reopen_rate"], lang)),
        (_name("repeat_incidents", lang), _cell(sv["repeat_incidents"], lang)),
        (_name("handed_back", lang), _cell(sv["handed_back"], lang)),
    ]
    return f"<h2>{escape(label('section.service', lang))}</h2>{_table(rows)}"


def _kcs(report: Report, lang: str) -> str:
    kcs = report.kcs
    part = kcs["participation"]
    detail = label(
        "participation_detail", lang, **{k: part[k] for k in ("linked", "created", "flagged")}
    )
    leading = [
        (_name("link_rate", lang), _cell(kcs["link_rate"], lang)),
        (_name("reuse", lang), _cell(kcs["reuse"], lang)),
        (_name("create", lang), _cell(kcs["create"], lang)),
        (_name("participation", lang), _cell(part["contributing"], lang)),
        (f'<td class="indent">{escape(detail)}</td>', "<td></td>"),
        (_name("flags_resolved", lang), _cell(kcs["flags"]["resolved"], lang)),
        (_name("content_standard", lang), _cell(kcs["content_standard"]["score"], lang)),
    ]
    lagging = [
        (_name("known", lang), _cell(kcs["known"], lang)),
        (_name("new", lang), _cell(kcs["new"], lang)),
        (_name("closed_unlinked", lang), _num(kcs["closed_unlinked"])),
    ]
    reused = [
        (f"<td>{escape(a['article'])}</td><td>{escape(a['title'])}</td>", _num(a["reuses"]))
        for a in kcs["top_reused"]
    ]
    rejected = [
        (
            f"<td>{escape(a['article'])}</td><td>{escape(a['title'])}</td>",
            _cell(a["rejected"], lang),
        )
        for a in kcs["most_rejected"]
    ]
    out = [
        f"<h2>{escape(label('section.kcs', lang))}</h2>",
        f'<h3 class="lead">{escape(label("leading", lang))}</h3>{_table(leading)}',
        f'<h3 class="lag">{escape(label("lagging", lang))}</h3>{_table(lagging)}',
    ]
    if reused:
        out.append(f"<h3>{escape(label('top_reused', lang))}</h3>{_table(reused)}")
    if rejected:
        out.append(f"<h3>{escape(label('most_rejected', lang))}</h3>{_table(rejected)}")
    return "".join(out)


def _voice(report: Report, lang: str, workspace_url: str) -> str:
    voice = report.voice
    rows = [
        (_name("csat", lang), _cell(voice["csat"], lang)),
        (_name("response_rate", lang), _cell(voice["response_rate"], lang)),
        *(
            (f'<td class="indent">{escape(k)}/5</td>', _num(v))
            for k, v in voice["distribution"].items()
        ),
    ]
    out = [f"<h2>{escape(label('section.voice', lang))}</h2>{_table(rows)}"]
    if voice["comments"]:
        comments = [
            (
                f"<td>{escape(c['ticket'])}</td>",
                f"<td>{c['rating']}/5</td><td>{escape(c['comment'])}</td>",
            )
            for c in voice["comments"]
        ]
        out.append(f"<h3>{escape(label('comments', lang))}</h3>{_table(comments)}")
    out.append(f"<h2>{escape(label('section.watermelon', lang))}</h2>")
    for key in ("met_sla_rated_low", "breached_rated_high"):
        found = voice["watermelon"][key]
        out.append(f"<h3>{escape(label(key, lang))} ({len(found)})</h3>")
        if not found:
            out.append(f"<p>{escape(label('none', lang))}</p>")
            continue
        rows = []
        for w in found:
            link = thread_link(w["conversation"], workspace_url)
            where = (
                f'<a href="{escape(link)}">{escape(label("thread", lang))}</a>'
                if link
                else escape(w["conversation"])
            )
            rows.append(
                (
                    f"<td>{escape(w['ticket'])}</td><td>{escape(w['priority'])}</td>",
                    f"<td>{w['rating']}/5</td><td>{escape(w['title'])}</td>"
                    f"<td>{escape(w['comment'])}</td><td>{where}</td>",
                )
            )
        out.append(_table(rows))
    return "".join(out)


__all__ = ["render"]
