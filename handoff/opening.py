"""What a first message already says, beyond the slot patterns: its sentences read whole.

The opening of an incident states its deviation even in words no pattern knows ("printer dead
again", "the heating is off"), so an incident without a recognised deviation takes its first
sentence as what happens. A clause with a workaround cue is the workaround. A request's other
sentences are its reason, a first-person request is for the requester, and a date in it is
when it is needed. So none of these is asked again (domain.md section 5: skip what was said).
"""

from __future__ import annotations

import re

from handoff.answers import _WORKAROUND_CUE
from handoff.extraction import (
    _ASKS_TO_PROVIDE,
    _REQUEST,
    _SPECIFIC,
    _WANTS,
    _fold,
    _trim_part,
    detect_language,
    extract_slots,
)

_SENTENCES = re.compile(r"(?<=[.!?;])\s+|\n+")
_CLAUSES = re.compile(r",\s+|\s+(?:but|mais|so|donc|du coup)\s+", re.I)
_GREETING = re.compile(
    r"^\W*(?:(?:hi there|hello there|hey there|bonsoir|yo|hi|hello|hey|morning|good morning|"
    r"bonjour|salut|coucou|hello all|hi all|"
    r"morning all|hi team|hey team|bonjour a tous|weird one|quick one|urgent|fyi)\b[\s!,.:;-]*)+",
    re.I,
)
_FILLER = re.compile(
    r"^(?:(?:hope you'?re (?:all )?well|j'espere que vous allez bien|sorry to bother|"
    r"desole de (?:vous )?deranger)\b[^.!?]*[.!?]\s*)+",
    re.I,
)
_FIRST_PERSON = re.compile(
    r"\b(?:(?<!do )i need|i'?d like|i would like|can i|could i|may i|for me|my own|give me|"
    r"get me|send me|set me up|grant me|me donner|m'ajouter|me transmettre|me creer|"
    r"j'ai besoin|je voudrais|j'aimerais|il me faut|il me faudrait|pourrais-je|puis-je|"
    r"je souhaite|je souhaiterais|est-ce que je pourrais)\b"
)
_DATE = re.compile(
    r"\b(?:(?:by|before|on|from|for|until|starting|within|in|at|next|this) )?(?:the )?"
    r"(?:today|tonight|tomorrow(?: morning| afternoon)?|eod|end of (?:the )?(?:day|week|month)|"
    r"(?:next|this) (?:week|month|monday|tuesday|wednesday|thursday|friday)|monday|tuesday|"
    r"wednesday|thursday|friday|\d{1,2}(?:st|nd|rd|th)|the next (?:couple of |few )?(?:days|weeks)|"
    r"asap|at some point)\b"
    r"|\b(?:(?:avant|pour|d'ici|a partir d[eu]|des|le|la|ce|cette) )?(?:(?:la |le )?(?:fin (?:de la "
    r"semaine|du mois)|aujourd'hui|demain(?: matin| midi| soir)?|ce soir|lundi|mardi|mercredi|"
    r"jeudi|vendredi|semaine prochaine|mois prochain|\d{1,2}(?:er)? (?:du mois|de ce mois)|"
    r"au plus vite|des que possible))\b",
    re.I,
)


_NAMED = re.compile(
    r"\b(?:give|grant|add|for|pour|à|a|de|set up|create an? \w+ for) ((?:[A-Z][a-zéèï]+) "
    r"(?:[A-Z][a-zéèï]+))\b"
)
_ASKING_FOR = re.compile(
    "|".join(f"(?:{rx.pattern})" for rx in (_ASKS_TO_PROVIDE, _WANTS, _REQUEST)), re.I
)
_COURTESY = re.compile(
    r"^(?:no rush|thanks?|thank you|cheers|merci|pas presse|je vous remercie|whenever|"
    r"if possible|si possible|please)\b",
    re.I,
)


def _reason(parts: list[str], slots: dict[str, str]) -> str | None:
    """A request's reason: a clause that is not the ask, a date, a courtesy or a person."""
    known = [v.casefold() for k, v in slots.items() if k != "request_why" and v]
    for part in parts:
        for clause in _CLAUSES.split(part):
            clause = clause.strip(" ,;.!?")
            folded = clause.casefold()
            if len(re.findall(r"\w{2,}", clause)) < 3 or _COURTESY.match(_fold(clause)):
                continue
            if any(folded in v or (len(v) >= 3 and v in folded) for v in known):
                continue
            if _ASKING_FOR.search(_fold(clause)):
                continue  # the ask itself, not its reason
            if _DATE.fullmatch(_fold(clause)):
                continue
            return clause
    return None


_CONSTRAINT = re.compile(
    r"\b(?:not urgent|no rush|no hurry|whenever|pas urgent|pas presse|rien d'urgent|"
    r"urgent|asap|au plus vite)\b"
)
_ASK_END = re.compile(
    r"\s+(?:for|pour|by|before|avant|d'ici|because|car|so that|afin|as soon|since|from|"
    r"starting|who|qui|on the|le \d|within|if|si|ideally|idealement|please|svp|merci)\b|"
    r"[.?!;:(]|,\s+(?=(?:i|we|she|he|they|it|its|it's|je|j'|on|nous|il|elle|ils|elles|so|"
    r"du coup|sinon|otherwise|and i|mais|the current|le|la|les)\b)",
    re.I,
)
_POLITE_ASK = re.compile(_ASKS_TO_PROVIDE.pattern, re.I)


def _asked_for(text: str) -> str | None:
    """What a request asks for, from its verb to where the for-whom, when or why begins."""
    folded = _fold(text)
    polite = _POLITE_ASK.search(folded)
    wants = _WANTS.search(folded) or _REQUEST.search(folded)
    if polite and (wants is None or polite.start() <= wants.start()):
        verb = re.search(r"[\w'-]+$", folded[: polite.end()])
        start = verb.start() if verb else polite.end()
    elif wants:
        start = wants.end()
    else:
        return None
    rest = text[start:]
    end = _ASK_END.search(_fold(rest))
    phrase = rest[: end.start()] if end else rest
    phrase = re.sub(r"^\s*(?:me|us|him|her|them|nous|lui|leur|m'|d'|de|to|of)\s+", "", phrase)
    phrase = phrase.strip(" ,'’\"")
    return phrase if 2 <= len(phrase) <= 150 and re.search(r"\w{2,}", phrase) else None


def sentences(text: str) -> list[str]:
    body = _FILLER.sub("", _GREETING.sub("", text.strip()))
    return [s.strip() for s in _SENTENCES.split(body) if s and s.strip()]


def opening_slots(text: str, contact_type: str | None) -> dict[str, str]:
    """The slots of a first message: the patterns' snippets plus what its sentences say."""
    slots = extract_slots(text)
    parts = sentences(text)
    if not parts:
        return slots
    for part in parts:
        for clause in _CLAUSES.split(part):
            clause = clause.strip(" ,;.!")
            if clause and not slots.get("workaround") and _WORKAROUND_CUE.search(_fold(clause)):
                slots["workaround"] = clause
                slots.pop("no_workaround", None)
    if contact_type == "incident" and not slots.get("actual"):
        first = next((p for p in parts if len(re.findall(r"\w+", p)) >= 2), parts[0])
        others = [slots[o] for o in _SPECIFIC if slots.get(o)]
        clauses = [
            c
            for c in _CLAUSES.split(first)
            if c.strip() and not _CONSTRAINT.search(_fold(c)) and not _COURTESY.match(_fold(c))
        ]
        if clauses:
            slots["actual"] = _trim_part(clauses[0], others).strip(" .!,")
    if contact_type == "request":
        what = _asked_for(text)
        if what:
            slots["request_what"] = what
    if contact_type == "request":
        folded = _fold(text)
        if not slots.get("request_for_whom"):
            named = _NAMED.search(text)
            if named:
                slots["request_for_whom"] = named.group(1)
            elif slots.get("extent_count"):
                slots["request_for_whom"] = slots.pop("extent_count")
        if not slots.get("request_for_whom") and _FIRST_PERSON.search(folded):
            slots["request_for_whom"] = "moi" if detect_language(text) == "fr" else "me"
        if not slots.get("request_by_when"):
            date = _DATE.search(folded)
            if date:
                slots["request_by_when"] = text[date.start() : date.end()]
        if not slots.get("request_why"):
            reason = _reason(parts, slots)
            if reason:
                slots["request_why"] = reason
    return slots
