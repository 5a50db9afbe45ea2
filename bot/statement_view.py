"""The problem statement as labelled rows in the reader's language; adapters only format it.

The stored statement (handoff.statement) holds the facts in the requester's words plus codes
(levels, reason codes, missing slots). This view words the codes from the catalogue, so no
internal name and no other language reaches a person, and carries no markup: the terminal
prints "Label: value" lines, Slack turns rows into fields.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bot.i18n import t, word

# Statement fields a requester may correct, by contact type, as the slots they come from.
EDITABLE: dict[str, tuple[str, ...]] = {
    "incident": (
        "title",
        "object",
        "actual",
        "what_is_not",
        "where",
        "when_first",
        "extent_count",
        "impact",
        "workaround",
        "tried",
        "deadline",
    ),
    "request": (
        "title",
        "request_what",
        "request_for_whom",
        "request_by_when",
        "request_why",
        "impact",
        "workaround",
    ),
    "question": ("title", "question", "object", "impact", "workaround", "tried", "deadline"),
}
REQUIRED: dict[str, tuple[str, ...]] = {
    "incident": ("title", "object", "actual"),
    "request": ("title", "request_what"),
    "question": ("title", "question"),
}
# The Kepner-Tregoe specification (IS / IS NOT on what, where, when, extent), in reading order.
SPEC_ROWS = (
    "actual",
    "what_is_not",
    "where",
    "where_is_not",
    "where_on_object",
    "when_first",
    "when_pattern",
    "extent_count",
    "extent_trend",
)
MAX_FIELD = 500  # characters per corrected field (a Slack modal input holds up to 3000)
MAX_TITLE = 150


@dataclass(frozen=True)
class Row:
    key: str  # a stable name for the row (tests, Slack block ids); never shown
    label: str
    value: str


@dataclass(frozen=True)
class StatementView:
    heading: str  # "Problem", "Demande", ...
    title: str
    rows: tuple[Row, ...]
    verbatim_label: str
    verbatim: str

    def row(self, key: str) -> Row | None:
        return next((r for r in self.rows if r.key == key), None)


def field_value(st: dict[str, Any], slot: str) -> str:
    """The current text of an editable field, read back from the statement."""
    spec = st.get("spec") or {}
    request = st.get("request") or {}
    where = spec.get("where") or {}
    return str(
        {
            "title": st.get("title", ""),
            "object": st.get("object", ""),
            "actual": st.get("actual", ""),
            "what_is_not": (spec.get("what") or {}).get("is_not", ""),
            "where": where.get("is", ""),
            "where_is_not": where.get("is_not", ""),
            "where_on_object": where.get("on_object", ""),
            "when_first": (spec.get("when") or {}).get("first", ""),
            "when_pattern": (spec.get("when") or {}).get("pattern", ""),
            "extent_count": (spec.get("extent") or {}).get("count", ""),
            "extent_trend": (spec.get("extent") or {}).get("trend", ""),
            "impact": st.get("impact_said", ""),
            "workaround": st.get("workaround", ""),
            "deadline": st.get("business_need", ""),
            "request_what": request.get("what", ""),
            "request_for_whom": request.get("for_whom", ""),
            "request_by_when": request.get("by_when", ""),
            "request_why": request.get("why", ""),
            "question": st.get("question", ""),
            "tried": st.get("tried", ""),
        }.get(slot, "")
        or ""
    )


def _list_separator(lang: str) -> str:
    return "\u00a0; " if lang == "fr" else "; "  # French sets a thin space before ";"


def _typeset(text: str, lang: str) -> str:
    """Several answers to one question are kept joined by "; "; French sets a space before it."""
    return re.sub(r"(?<=[^\s\u00a0]);(?=\s)", "\u00a0;", text) if lang == "fr" else text


def priority_reason(st: dict[str, Any], lang: str) -> str:
    """Why this priority, in words: impact and urgency with their evidence, growth, override."""
    factors = st.get("priority_factors") or {}
    impact = word(
        "reason",
        factors.get("impact") or "extent_unknown",
        lang,
        evidence=factors.get("impact_evidence", ""),
    )
    urgency = word(
        "reason",
        factors.get("urgency") or "can_wait",
        lang,
        evidence=factors.get("urgency_evidence", ""),
    )
    parts = [t("reason.impact", lang, why=impact), t("reason.urgency", lang, why=urgency)]
    if factors.get("grown"):
        parts.append(t("reason.grown", lang))
    if factors.get("overridden_from"):
        parts.append(
            t(
                "reason.overridden",
                lang,
                priority=st.get("priority", ""),
                matrix=factors["overridden_from"],
            )
        )
    return _typeset(_list_separator(lang).join(parts) + ".", lang)


def _tried(st: dict[str, Any], lang: str) -> str:
    """What was tried: the requester's own steps in their words, then each article Relais
    offered, by title (the id where an older trail has no title), with its verdict."""
    notes = [str(st["tried"])] if st.get("tried") else []
    said: list[tuple[str, str, str, dict[str, str], str]] = []
    for entry in st.get("kb_trail") or []:
        titles = entry.get("titles") or {}
        why_not = entry.get("why_not") or {}
        for note in str(entry.get("feedback") or "").split("; "):
            article, _, verdict = note.partition(": ")
            if verdict:
                why = str(why_not.get(article, "")) if verdict == "did not help" else ""
                said.append((article, verdict, note, titles, why))
    # an article picked from a list and then judged: its verdict says it all
    judged = {article for article, verdict, *_ in said if verdict != "picked"}
    for article, verdict, note, titles, why in said:
        if verdict == "picked" and article in judged:
            continue
        named = ", ".join(_quoted(titles.get(a, a), lang) for a in article.split(","))
        told = word("trail", verdict, lang, note, article=named)
        notes.append(t("field.separator", lang, label=told, value=why) if why else told)
    return _list_separator(lang).join(notes)


def _quoted(title: str, lang: str) -> str:
    return f"«\u00a0{title}\u00a0»" if lang == "fr" else f"“{title}”"


def _workaround(st: dict[str, Any], lang: str) -> str:
    """The way around it in the requester's words, or "none" when they said there is none."""
    said = str(st.get("workaround", ""))
    if said or not st.get("no_workaround"):
        return said
    why = str(st.get("why_no_workaround", ""))
    none = t("st.no_workaround", lang)
    return f"{none} ({why})" if why else none


# "nope", "non, rien", "not that I know of": a bare no to "has anything changed recently?"
_NO_CHANGE = re.compile(
    r"(?:\W*\b(?:no|nope|nah|non|nan|none|nothing|rien|aucun|aucune|not really|pas vraiment|"
    r"no changes?|pas de changements?|nothing (?:new|changed|special)|rien de (?:special|spécial|"
    r"particulier|nouveau)|not that i know(?: of)?|not that i'?m aware(?: of)?|"
    r"(?:pas |rien )?(?:a|à) ma connaissance|pas que je sache|je ne crois pas|i don'?t think so)\b)+\W*",
    re.I,
)


def _changes(st: dict[str, Any], lang: str) -> str:
    """What changed before it broke, or "none that they know of" for a bare no."""
    said = [str(c) for c in st.get("changes") or []]
    if len(said) == 1 and _NO_CHANGE.fullmatch(said[0]):
        return t("st.no_change", lang)
    return _list_separator(lang).join(said)


def view(st: dict[str, Any], lang: str | None = None) -> StatementView:
    """The rows an agent (or the employee, before sending) reads, in `lang`."""
    lang = lang or str(st.get("language") or "en")
    kind = str(st.get("contact_type") or "incident")
    rows: list[Row] = [
        Row("contact_type", t("st.contact_type", lang), word("contact_type", kind, lang))
    ]

    def add(key: str, value: str, label_key: str | None = None) -> None:
        if value and value.strip():
            rows.append(
                Row(key, t(label_key or f"field.{key}", lang), _typeset(value.strip(), lang))
            )

    if kind == "request":
        request = st.get("request") or {}
        add("request_what", str(request.get("what", "")))
        add("request_for_whom", str(request.get("for_whom", "")))
        add("request_by_when", str(request.get("by_when", "")))
        add("request_why", str(request.get("why", "")))
        add("where", str(request.get("where", "")), "field.request_where")
        add("request_approval", str(request.get("approval", "")))
        add("impact", str(st.get("impact_said", "")))
        add("workaround", _workaround(st, lang))
        add("owning_team", str(st.get("owning_team", "")))
    elif kind == "question":
        add("question", str(st.get("question") or st.get("requester_verbatim", "")))
        add("object", str(st.get("object", "")), "field.question_object")
        # the answer to "by when do you need this, and what depends on it?"
        add("impact", str(st.get("impact_said", "")), "field.question_impact")
        add("workaround", str(st.get("workaround", "")))
        add("deadline", str(st.get("business_need", "")))
    else:
        for slot in ("object", "expected", *SPEC_ROWS):
            add(
                slot,
                field_value(st, slot)
                if slot not in ("object", "expected")
                else str(st.get(slot, "")),
            )
        add("changes", _changes(st, lang))
        add("impact", str(st.get("impact_said", "")))
        add("workaround", _workaround(st, lang))
        add("deadline", str(st.get("business_need", "")))
    priority = t(
        "st.priority_line",
        lang,
        priority=st.get("priority", ""),
        impact=word("impact", st.get("impact", "low"), lang),
        urgency=word("urgency", st.get("urgency", "low"), lang),
        why=priority_reason(st, lang),
    )
    rows.append(Row("priority", t("field.priority", lang), priority))
    add("tried", _tried(st, lang))
    if st.get("corrections"):
        add("corrections", " / ".join(str(c) for c in st["corrections"]))
    missing = [word("missing", slot, lang) for slot in st.get("missing_slots") or []]
    add("missing", ", ".join(missing))
    return StatementView(
        heading=word("st.heading", kind, lang, t("st.heading.incident", lang)),
        title=str(st.get("title", "")),
        rows=tuple(rows),
        verbatim_label=t("field.verbatim", lang),
        verbatim=str(st.get("requester_verbatim", "")),
    )


def as_text(v: StatementView, lang: str, verbatim_chars: int = 500) -> str:
    """Plain text, one "Label: value" line per row (the terminal, tickets show, summaries)."""
    lines = [t("field.separator", lang, label=v.heading, value=v.title)]
    lines += [t("field.separator", lang, label=r.label, value=r.value) for r in v.rows]
    quoted = (
        f"“{v.verbatim[:verbatim_chars]}”"
        if lang != "fr"
        else f"«\u00a0{v.verbatim[:verbatim_chars]}\u00a0»"
    )
    lines.append(t("field.separator", lang, label=v.verbatim_label, value=quoted))
    return "\n".join(lines)


def render_statement(st: dict[str, Any], lang: str | None = None) -> str:
    """The statement as plain text in `lang` (default: its own language)."""
    lang = lang or str(st.get("language") or "en")
    return as_text(view(st, lang), lang)
