"""The problem statement attached to every handoff (domain.md section 6)."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from handoff.priority import Level, Priority, compute

# Slots an escalation needs (domain.md section 5); anything missing is "needs more data".
MINIMUM_INCIDENT = ("object", "actual", "when_first", "extent_count", "impact")
MINIMUM_REQUEST = ("request_what", "request_for_whom", "request_by_when")

# A slot counts as answered when any of these slots is filled.
ANSWERED_BY: dict[str, tuple[str, ...]] = {
    "impact": ("impact", "urgency", "deadline", "workaround"),
    "urgency": ("urgency", "impact", "deadline"),
    "request_what": ("request_what", "object"),
    "request_by_when": ("request_by_when", "deadline"),
}


def filled(slot: str, slots: dict[str, str]) -> bool:
    return any(slots.get(s, "").strip() for s in ANSWERED_BY.get(slot, (slot,)))


_EVERYONE = re.compile(
    r"\b(every ?one|every ?body|whole (?:company|site|office|floor|department)|all (?:users|staff)|"
    r"tout le monde|toute l'entreprise|tout le (?:site|bureau|service|étage)|tous les)\b",
    re.I,
)
_SEVERAL = re.compile(
    r"\b(my team|the team|colleagues|several|many|a few|\d{1,4} (?:people|users|persons)|"
    r"mon équipe|l'équipe|collègues|plusieurs|\d{1,4} personnes)\b",
    re.I,
)
_CRITICAL = re.compile(r"\b(payroll|paie|payflow|salaires?|pay run)\b", re.I)
_URGENT = re.compile(
    r"\b(urgent|asap|immediately|blocked|can'?t work|cannot work|stopped|today|tomorrow|"
    r"bloqu[ée]e?s?|au plus vite|impossible de travailler|aujourd'hui|demain)\b",
    re.I,
)
_WORSE = re.compile(r"\b(worse|worsening|more and more|empire|de plus en plus|pire)\b", re.I)


@dataclass
class Spec:
    """Kepner-Tregoe specification: IS / IS NOT across what, where, when, extent."""

    what: dict[str, str] = field(default_factory=dict)
    where: dict[str, str] = field(default_factory=dict)
    when: dict[str, str] = field(default_factory=dict)
    extent: dict[str, str] = field(default_factory=dict)


@dataclass
class ProblemStatement:
    title: str
    contact_type: str
    requester_verbatim: str
    language: str
    object: str
    expected: str
    actual: str
    spec: Spec
    changes: list[str]
    impact: str
    urgency: str
    priority: str
    priority_reason: str
    workaround: str
    business_need: str
    kb_trail: list[dict[str, Any]]
    missing_slots: list[str]
    corrections: list[str] = field(default_factory=list)
    request: dict[str, str] = field(default_factory=dict)  # what / for whom / by when
    wip_article_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def impact_level(slots: dict[str, str]) -> Level:
    """Site / department / critical service: high; team or several users: medium; else low."""
    extent = slots.get("extent_count", "")
    text = " ".join(slots.values())
    if _EVERYONE.search(extent) or _CRITICAL.search(text):
        return Level.HIGH
    if _SEVERAL.search(extent):
        return Level.MEDIUM
    return Level.LOW


def urgency_level(slots: dict[str, str]) -> Level:
    """Work stopped with no workaround: high; degraded or with a workaround: medium."""
    pressing = " ".join(slots.get(k, "") for k in ("urgency", "deadline", "impact"))
    if _URGENT.search(pressing) and not slots.get("workaround"):
        return Level.HIGH
    if slots.get("workaround") or pressing.strip():
        return Level.MEDIUM
    return Level.MEDIUM if slots.get("actual") else Level.LOW


def priority_for(slots: dict[str, str], requested: int | None = None) -> Priority:
    worsening = bool(_WORSE.search(slots.get("extent_trend", "")))
    return compute(
        impact_level(slots), urgency_level(slots), worsening=worsening, requested=requested
    )


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def make_title(slots: dict[str, str], verbatim: str) -> str:
    """'<object> <deviation>' when both are known, else the first sentence of the request."""
    obj, actual = slots.get("object", "").strip(), slots.get("actual", "").strip()
    if obj and actual:
        deviation = actual if obj.casefold() in actual.casefold() else f"{obj}: {actual}"
        when = slots.get("when_first", "").strip()
        if when and when.casefold() not in deviation.casefold():
            deviation = f"{deviation} ({when})"
        return _clip(deviation[0].upper() + deviation[1:], 150)
    first = re.split(r"(?<=[.!?])\s", verbatim.strip(), maxsplit=1)[0]
    return _clip(first, 150) or "Support request"


def build(
    *,
    contact_type: str,
    verbatim: str,
    language: str,
    slots: dict[str, str],
    kb_trail: list[dict[str, Any]],
    required: tuple[str, ...],
    corrections: list[str] | None = None,
    requested_priority: int | None = None,
) -> ProblemStatement:
    """Assemble the statement from the slots gathered so far."""
    priority = priority_for(slots, requested_priority)
    reason = f"impact {priority.impact.label} x urgency {priority.urgency.label}"
    if priority.grown:
        reason += ", raised one level because it is getting worse"
    if priority.overridden_from is not None:
        reason += (
            f", requester asked for P{priority.priority} (matrix said P{priority.overridden_from})"
        )
    business_need = slots.get("deadline") or slots.get("impact", "")
    return ProblemStatement(
        title=make_title(slots, verbatim),
        contact_type=contact_type,
        requester_verbatim=verbatim,
        language=language,
        object=slots.get("object", "") or slots.get("request_what", ""),
        expected=slots.get("expected", ""),
        actual=slots.get("actual", ""),
        spec=Spec(
            what={"is": slots.get("actual", ""), "is_not": slots.get("what_is_not", "")},
            where={
                "is": slots.get("where", ""),
                "is_not": slots.get("where_is_not", ""),
                "on_object": slots.get("where_on_object", ""),
            },
            when={"first": slots.get("when_first", ""), "pattern": slots.get("when_pattern", "")},
            extent={"count": slots.get("extent_count", ""), "trend": slots.get("extent_trend", "")},
        ),
        changes=[slots["changes"]] if slots.get("changes") else [],
        impact=priority.impact.label,
        urgency=priority.urgency.label,
        priority=priority.label,
        priority_reason=reason,
        workaround=slots.get("workaround", ""),
        business_need=business_need,
        kb_trail=kb_trail,
        missing_slots=[slot for slot in required if not filled(slot, slots)],
        corrections=list(corrections or []),
        request=(
            {
                "what": slots.get("request_what") or slots.get("object", ""),
                "for_whom": slots.get("request_for_whom", ""),
                "by_when": slots.get("request_by_when") or slots.get("deadline", ""),
            }
            if contact_type == "request"
            else {}
        ),
    )
