"""The report's pictures, drawn with matplotlib (no display needed): PNG bytes per chart.

- trends: contacts, self-service success, median time to resolve and CSAT per bucket;
- sla: breach rate per priority;
- csat: the distribution of ratings;
- radar: leading indicators (activities) beside lagging ones (results), never one score.
"""

from __future__ import annotations

import io
import math
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator

from bot.reports.labels import label
from bot.reports.metrics import PRIORITIES, Ratio, Report

LEADING = "#2b7bb9"
LAGGING = "#d9822b"
GOOD = "#3a9d5d"
BAD = "#c8553d"
GREY = "#8a8f98"
DPI = 100


def _png(fig: Figure) -> bytes:
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=DPI, bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    return out.getvalue()


def _pct(ratio: Ratio) -> float:
    value = ratio.value
    return math.nan if value is None else value * 100


def trends(report: Report, lang: str = "en") -> bytes:
    """Four small multiples over the report's buckets."""
    labels = [t.label for t in report.trends]
    x = list(range(len(labels)))
    fig, axes = plt.subplots(2, 2, figsize=(10, 6), sharex=True)
    series: list[tuple[Any, str, list[float], str, str]] = [
        (axes[0][0], "chart.contacts", [float(t.contacts) for t in report.trends], LEADING, ""),
        (
            axes[0][1],
            "chart.self_service",
            [_pct(t.self_service) for t in report.trends],
            GOOD,
            "%",
        ),
        (
            axes[1][0],
            "chart.mttr",
            [math.nan if t.mttr.median is None else t.mttr.median / 3600 for t in report.trends],
            LAGGING,
            "",
        ),
        (axes[1][1], "chart.csat", [_pct(t.csat) for t in report.trends], GOOD, "%"),
    ]
    for ax, key, values, colour, unit in series:
        ax.plot(x, values, marker="o", color=colour, linewidth=2)
        ax.set_title(label(key, lang), fontsize=11)
        ax.grid(alpha=0.3)
        if unit == "%":
            ax.set_ylim(0, 105)
        else:
            ax.set_ylim(bottom=0)
    for ax in axes[1]:
        ax.set_xticks(x)
        ax.set_xticklabels(labels, rotation=45, ha="right", fontsize=8)
    by = label("by." + report.period.by, lang)
    fig.suptitle(label("chart.trends", lang, by=by), fontsize=13)
    fig.tight_layout()
    return _png(fig)


def sla(report: Report, lang: str = "en") -> bytes:
    """Breach rate per priority, with n above each bar."""
    by_priority = report.service["sla_by_priority"]
    shown = [p for p in PRIORITIES if p in by_priority]
    ratios = [by_priority[p]["breached"] for p in shown]
    fig, ax = plt.subplots(figsize=(6, 3.5))
    bars = ax.bar(
        shown,
        [_pct(r) for r in ratios],
        color=[BAD if (r.value or 0) > 0.2 else GOOD for r in ratios],
    )
    for bar, ratio in zip(bars, ratios, strict=True):
        ax.annotate(
            f"{ratio.numerator}/{ratio.denominator}",
            (bar.get_x() + bar.get_width() / 2, bar.get_height()),
            ha="center",
            va="bottom",
            fontsize=9,
        )
    if not shown:
        ax.text(0.5, 0.5, label("chart.no_data", lang), ha="center", va="center", color=GREY)
    ax.set_ylim(0, 105)
    ax.set_ylabel("%")
    ax.set_title(label("chart.sla", lang))
    ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    return _png(fig)


def csat(report: Report, lang: str = "en") -> bytes:
    """How many ratings of each value, 1 to 5."""
    dist = report.voice["distribution"]
    keys = ["1", "2", "3", "4", "5"]
    colours = [BAD, BAD, GREY, GOOD, GOOD]
    fig, ax = plt.subplots(figsize=(6, 3.5))
    ax.bar(keys, [dist[k] for k in keys], color=colours)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title(label("chart.csat_distribution", lang))
    ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    return _png(fig)


def radar_axes(report: Report) -> list[tuple[str, Ratio, bool]]:
    """(label key, value, leading?) for the radar: activities first, then results."""
    ss, sv, kcs, voice = report.self_service, report.service, report.kcs, report.voice
    breach = sv["sla_breach"]
    return [
        ("radar.tried", ss["tried_self_service_first"], True),
        ("radar.link_rate", kcs["link_rate"], True),
        ("radar.reuse", kcs["reuse"], True),
        ("radar.flags", kcs["flags"]["resolved"], True),
        ("radar.participation", kcs["participation"]["contributing"], True),
        ("radar.self_service", ss["self_service_success"], False),
        ("radar.fcr", sv["first_contact_resolution"], False),
        ("radar.sla_met", Ratio(breach.denominator - breach.numerator, breach.denominator), False),
        ("radar.csat", voice["csat"], False),
    ]


def radar(report: Report, lang: str = "en") -> bytes:
    """Leading and lagging indicators side by side on one polar chart (0 to 100 %)."""
    axes_ = radar_axes(report)
    n = len(axes_)
    angles = [2 * math.pi * i / n for i in range(n)]
    values = [0.0 if r.value is None else r.value * 100 for _, r, _ in axes_]
    fig = plt.figure(figsize=(6.5, 6.5))
    ax = fig.add_subplot(projection="polar")
    ax.plot([*angles, angles[0]], [*values, values[0]], color=GREY, linewidth=1)
    ax.fill([*angles, angles[0]], [*values, values[0]], color=GREY, alpha=0.12)
    for angle, value, (_, _, leading) in zip(angles, values, axes_, strict=True):
        ax.plot([angle], [value], "o", color=LEADING if leading else LAGGING, markersize=8)
    ax.set_xticks(angles)
    ax.set_xticklabels([label(key, lang) for key, _, _ in axes_], fontsize=9)
    for tick, (_, _, leading) in zip(ax.get_xticklabels(), axes_, strict=True):
        tick.set_color(LEADING if leading else LAGGING)
    ax.set_ylim(0, 100)
    ax.set_yticks([25, 50, 75, 100])
    ax.set_yticklabels(["25", "50", "75", "100 %"], fontsize=7, color=GREY)
    ax.set_title(label("chart.radar", lang), pad=24)
    handles = [
        Line2D([], [], marker="o", linestyle="", color=LEADING, label=label("leading", lang)),
        Line2D([], [], marker="o", linestyle="", color=LAGGING, label=label("lagging", lang)),
    ]
    ax.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, -0.16), ncol=2)
    fig.tight_layout()
    return _png(fig)


CHARTS = {"trends": trends, "sla": sla, "csat": csat, "radar": radar}


def draw_all(report: Report, lang: str = "en") -> dict[str, bytes]:
    """Every chart as PNG bytes, by name."""
    return {name: draw(report, lang) for name, draw in CHARTS.items()}


__all__ = ["CHARTS", "csat", "draw_all", "radar", "radar_axes", "sla", "trends"]
