"""The problem statement attached to every handoff (domain.md section 6)."""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from handoff.priority import Priority, assess, says_others_fine
from handoff.subject import without_lead
from knowledge.text import fold_lower as _fold

# Slots an escalation needs (domain.md section 5); anything missing is "needs more data".
MINIMUM_INCIDENT = ("object", "actual", "when_first", "extent_count", "impact")
MINIMUM_REQUEST = ("request_what", "request_for_whom", "request_by_when", "request_why")

# A slot counts as answered when any of these slots is filled.
ANSWERED_BY: dict[str, tuple[str, ...]] = {
    "impact": ("impact", "urgency", "deadline", "workaround", "no_workaround", "not_urgent"),
    "urgency": ("urgency", "impact", "deadline"),
    "request_what": ("request_what", "object"),
    "request_by_when": ("request_by_when", "deadline"),
    "where": ("where", "where_is_not"),
    # "la salle à côté marche bien" already says that the same thing works elsewhere
    "what_is_not": ("what_is_not", "where_is_not"),
    "when_first": ("when_first", "changes"),
}


def filled(slot: str, slots: dict[str, str]) -> bool:
    if slot == "extent_count" and not slots.get("extent_count", "").strip():
        # "my colleagues can log in fine" already says who is affected: the requester
        return says_others_fine(slots.get("what_is_not", "") or slots.get("where_is_not", ""))
    return any(slots.get(s, "").strip() for s in ANSWERED_BY.get(slot, (slot,)))


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
    impact: str  # level: high | medium | low (the view words it)
    urgency: str
    priority: str
    priority_reason: str  # in the statement's language, filled by the conversation
    workaround: str
    business_need: str
    kb_trail: list[dict[str, Any]]
    missing_slots: list[str]
    corrections: list[str] = field(default_factory=list)
    request: dict[str, str] = field(default_factory=dict)  # what / for_whom / by_when / why
    wip_article_id: str | None = None
    impact_said: str = ""  # what the requester cannot do, in their words
    no_workaround: bool = False
    why_no_workaround: str = ""  # "handwritten labels aren't accepted by the carrier"
    priority_factors: dict[str, str] = field(default_factory=dict)  # reason codes, evidence
    owning_team: str = ""  # requests: the team that fulfils them
    question: str = ""  # questions: what the requester asked
    tried: str = ""  # what the requester already tried themselves, in their words

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# "No workaround", "pas de contournement": what says there is none, before why.
_NONE_LEAD = re.compile(
    r"^\W*(?:(?:there'?s |there is |we have |i have |il n'y a |on n'a |je n'ai )?"
    r"(?:no|not|pas|aucun\w*|pas de|pas d'|nothing|rien)\b[^,;:]*?"
    r"(?:workaround|way round|way around|alternative|contournement|solution|moyen)\w*"
    r"(?: (?:de|d') ?(?:contournement|secours|rechange|faire autrement))?)\W*",
    re.I,
)


def why_none(said: str) -> str:
    """Why there is no workaround, when the requester said ("no workaround, handwritten labels
    aren't accepted by the carrier"); "" for a bare "no workaround"."""
    lead = _NONE_LEAD.match(said)
    if lead:
        return said[lead.end() :].strip(" ,;:.")
    # "I don't have another way to prove my income", "je n'ai pas d'autre ordi": said whole
    return said.strip(" ,;:.") if len(re.findall(r"\w+", said)) >= 4 else ""


def priority_for(
    slots: dict[str, str],
    requested: int | None = None,
    contact_type: str = "incident",
    verbatim: str = "",
) -> Priority:
    """The ITIL priority an analyst would give, with its reasons (handoff.priority.assess)."""
    return assess(contact_type, slots, requested, verbatim=verbatim)


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


_ACRONYMS = frozenset(
    ["vpn", "mfa", "pc", "sap", "adp", "erp", "crm", "sms", "hr", "it", "sso", "api", "pdf"]
)


def make_title(slots: dict[str, str], verbatim: str, request: bool = False) -> str:
    """'<object> <deviation>' when both are known, else the first sentence of the request
    (a request's title is what it asks for: "Adobe Acrobat Pro installed")."""
    if slots.get("title", "").strip():
        return _clip(slots["title"], 150)  # the requester's own correction
    obj, actual = slots.get("object", "").strip(), slots.get("actual", "").strip()
    actual = actual.split("; ")[0]  # the deviation as first said, not the message added later
    what = slots.get("request_what", "").strip()
    if what and (not actual or request):
        return _clip(_capitalised(what), 150)
    if obj.casefold() in _ACRONYMS:
        obj = obj.upper()  # "vpn is down" is about the VPN
    if obj and actual:
        deviation = actual if obj.casefold() in actual.casefold() else f"{obj} – {actual}"
        if deviation is actual and _VERB_FIRST.match(actual):
            # "has no internet": the whole clause it came from reads "the whole Lyon office
            # has no internet"
            deviation = _with_its_subject(actual, verbatim) or deviation
        when = slots.get("when_first", "").strip()
        if when and when.casefold() not in deviation.casefold():
            deviation = f"{deviation} ({when})"
        return _clip(_capitalised(deviation), 150)
    sentences = [p for p in re.split(r"(?<=[.!?])\s", verbatim.strip()) if p.strip()]
    said = [p for p in sentences if not _GREETING_ONLY.fullmatch(p.strip())] or sentences
    first = _GREETING_LEAD.sub("", with_follow_ups(said)) if said else ""
    lead = _QUESTION_LEAD.match(first)
    first = _capitalised(first[lead.end() :]) if lead else _capitalised(first) if first else ""
    return _clip(first, 150) or "Support request"


def _capitalised(text: str) -> str:
    """A capital first letter, except on a name typed in mixed case ("iManage", "eBay")."""
    first = text.split(" ", 1)[0]
    if any(c.isupper() for c in first[1:]):
        return text
    return text[0].upper() + text[1:]


_VERB_FIRST = re.compile(
    r"(?:has|have|is|are|was|were|keeps?|won'?t|can'?t|cannot|doesn'?t|don'?t|isn'?t|aren'?t|"
    r"n'|ne |est |sont |a plus|ont plus|plus de)",
    re.I,
)


def _with_its_subject(actual: str, verbatim: str) -> str | None:
    """The clause of the message that ends with `actual`, from its start (less a leading
    URGENT, greeting or mention), when it is short."""
    at = verbatim.find(actual)
    if at <= 0:
        return None
    start = max((m.end() for m in re.finditer(r"[.!?;:,\n]", verbatim[:at])), default=0)
    clause = without_lead(verbatim[start : at + len(actual)].strip())
    clause = re.sub(r"^(?:the|le|la|les|l')\s*", "", clause, flags=re.I)
    words = len(clause.split())
    return clause if len(actual.split()) < words <= 12 else None


_ASKING = re.compile(
    r"^\W*(?:(?:hi|hello|hey|bonjour|salut)\b[\s,!:]*)?"
    r"(?:(?:quick|small|short|dumb|silly) (?:question|q)\b[\s,:-]*|"
    r"(?:petite |une )?question(?: b[eê]te| rapide)?\b[\s,:-]*)?"
    r"(?:how (?:do|can|should|does) (?:i|we|you|one)|how (?:many|much|long)|"
    r"(?:are|am|is) (?:we|i|they|staff|employees|people) (?:allowed|permitted|supposed) to|"
    r"what(?:'s| is| are) the (?:process|procedure|policy|rule|rules) (?:for|on|to)|"
    r"where (?:do|can|should) (?:i|we)(?: find)?|is (?:it|there) (?:possible|a way) to|"
    r"can (?:i|we)|do (?:i|we) need to|comment (?:puis-je|faire pour|(?:je|on) (?:fais|fait|dois "
    r"faire|doit faire|peux faire|peut faire) pour|je peux|on peut|fait-on|on|je|est-ce qu'on|"
    r"est-ce que je)|"
    r"comment|o[uù] (?:trouver|puis-je trouver|se trouve)|quel(?:le)?s? (?:est|sont)|"
    r"combien de|est-ce (?:que (?:je|on)|qu'on|qu’on) (?:peux|peut|dois|doit)|puis-je|peut-on|"
    r"dois-je)\s+",
    re.I,
)


# A field that says something general, and the specific fields that take a phrase from it:
# "ward 4B" said in the deviation and as the place is the place.
_SPECIFIC_OF: dict[str, tuple[str, ...]] = {
    "actual": (
        "where", "where_is_not", "where_on_object", "when_first", "when_pattern",
        "extent_count", "changes", "workaround", "what_is_not", "tried",
    ),
    "impact": ("workaround", "deadline", "extent_count", "where", "tried"),
    "request_why": ("request_what", "request_for_whom", "request_by_when"),
}  # fmt: skip
_LITTLE = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "and",
        "or",
        "my",
        "our",
        "i",
        "we",
        "it",
        "is",
        "de",
        "du",
        "des",
        "la",
        "le",
        "les",
        "l",
        "un",
        "une",
        "et",
        "ou",
        "mon",
        "ma",
        "mes",
        "notre",
        "nos",
        "je",
        "on",
        "il",
        "au",
        "aux",
        "en",
        "dans",
        "pour",
        "sur",
    ]
)


def one_fact_one_field(slots: dict[str, str]) -> dict[str, str]:
    """A phrase of two words or more that ends a clause of a general field and is also in a
    specific one stays only in the specific one, while the general one keeps two words."""
    out = dict(slots)
    for general, specifics in _SPECIFIC_OF.items():
        value = out.get(general, "")
        for specific in specifics:
            other = out.get(specific, "")
            if not value or not other:
                continue
            # What works shares its terms with what fails by design ("n'imprime plus en
            # couleur" / "celle du 2e imprime en couleur"): only what works said again whole
            # ("fails but webmail works") leaves the deviation.
            shortest = 2 if specific != "what_is_not" else max(2, math.ceil(0.6 * _count(other)))
            value = _without_shared(value, other, shortest)
        if value and value != out.get(general):
            out[general] = value
    return out


# A word of a field, as one fact, one field compares them ("claims@", "B2.14", "l'app").
_WORD = re.compile(r"[\w'’#@/.-]+")


def _count(text: str) -> int:
    return len(_WORD.findall(text))


def _without_shared(value: str, other: str, shortest: int) -> str:
    """value without the clause-ending phrases (of `shortest` words or more) other also has."""
    words = list(_WORD.finditer(value))
    theirs = [w.casefold() for w in _WORD.findall(other)]
    keep = [True] * len(words)
    mine = [w.group(0).casefold() for w in words]
    for size in range(min(len(mine), len(theirs)), shortest - 1, -1):
        for i in range(len(mine) - size + 1):
            piece = mine[i : i + size]
            if not all(keep[i : i + size]) or all(w in _LITTLE for w in piece):
                continue
            if size == 1 and len(piece[0]) < 4:
                continue
            if any(theirs[j : j + size] == piece for j in range(len(theirs) - size + 1)):
                start, end = i, i + size
                while start > 0 and mine[start - 1] in _LITTLE and keep[start - 1]:
                    start -= 1  # "…in ward 4B": the preposition goes with the place
                # Only a phrase that ends its clause is cut ("…losing wifi in zone C"), so
                # what stays still reads as a sentence.
                after = value[words[end - 1].end() :].lstrip()
                if after and after[0] not in ",;:.)!?":
                    continue
                for k in range(start, end):
                    keep[k] = False
    left = [w for w, k in zip(words, keep, strict=True) if k]
    if len([w for w in left if w.group(0).casefold() not in _LITTLE]) < 2 or all(keep):
        return value
    out, last = [], 0
    for w, k in zip(words, keep, strict=True):
        if not k:
            out.append(value[last : w.start()])
            last = w.end()
    out.append(value[last:])
    text = re.sub(r"\s{2,}", " ", "".join(out))
    text = re.sub(r"\s+([,;.])", r"\1", text)
    return re.sub(r"(?:\s+(?:" + "|".join(sorted(_LITTLE)) + r"))+\s*$", "", text).strip(" ,;:-")


def _business_need(slots: dict[str, str], request: bool, asked: str = "") -> str:
    """What must get done by when, or that it can wait (a request says it in "by when"; a
    question's own sentence, "how do I book a spot for next tuesday", is not said twice)."""
    need = "" if request else slots.get("deadline") or slots.get("not_urgent", "")
    sentence = _fold(re.split(r"(?<=[?.!])\s", asked.strip(), maxsplit=1)[0]) if asked else ""
    said = _fold(need).strip(" ?.!")
    if said and said == _fold(slots.get("impact", "")).strip(" ?.!"):
        return ""  # "I can't join the 2pm client call": what it stops, timed, is said once
    return "" if said and said in sentence and len(said) >= 0.6 * len(sentence) else need


def _with_concerns(notes: list[str], concerns: str, verbatim: str) -> list[str]:
    """The notes, led by the answer to "one issue or several? which blocks you most?" (the
    opening that holds several problems is already the verbatim)."""
    said = concerns.strip()
    if not said or _fold(said) in _fold(verbatim) or said in notes:
        return notes
    return [said, *notes]


# "et pour le mettre aussi sur Teams ?", "and on my phone?", "what about Teams?": a message
# that leans on the question before it (not "et sinon, …": a new subject)
FOLLOW_UP = re.compile(
    r"^\W*(?:(?:and|et)\b(?! (?:sinon|autre chose|another|one more|une autre|un autre|also "
    r"another)\b)|what about|how about|same (?:for|with|on)|pareil (?:pour|avec|sur)|idem "
    r"(?:pour|avec|sur)|(?:also|aussi) (?:for|on|with|pour|sur|avec)\b)",
    re.I,
)


def with_follow_ups(sentences: list[str]) -> str:
    """The first sentence, with the sentences after it that lean on it ("…dans Outlook ? et
    pour le mettre aussi sur Teams ?")."""
    out = sentences[0]
    for sentence in sentences[1:]:
        if not FOLLOW_UP.match(sentence):
            break
        out = f"{out} {sentence}"
    return out


def question_subject(text: str) -> str:
    """What a question is about: its first sentence without the asking words."""
    sentences = [s for s in re.split(r"(?<=[?.!])\s", text.strip()) if s.strip()]
    # "Salut ! Comment on ajoute…": a greeting alone is not what it is about
    asked = [s for s in sentences if not _GREETING_ONLY.fullmatch(s.strip())]
    first = _GREETING_LEAD.sub("", with_follow_ups(asked or sentences or [""]))
    first = _ALLOWED_FR.sub("", _ASKING.sub("", _QUESTION_LEAD.sub("", first)))
    return _clip(first.rstrip(" ?."), 150)


# "quick q -", "question bête :": the question announced, not what it is about
_QUESTION_LEAD = re.compile(
    r"^\W*(?:(?:hi|hello|hey|bonjour|salut)\b[\s,!:]*)?(?:(?:quick|small|short|dumb|silly) "
    r"(?:question|q)\b|(?:petite |une )?question(?: b[eê]te| rapide)?\b)"
    r"(?: (?:about|on|regarding|sur|concernant))?[\s,:-]*",
    re.I,
)
# "est-ce qu'on a le droit d'utiliser…": whether it is allowed, then what
_ALLOWED_FR = re.compile(
    r"^(?:est-ce qu'on a|est-ce que j'ai|a-t-on|avons-nous|ai-je|on a) le droit d(?:e\s+|['’])",
    re.I,
)


# "hi!", "Bonjour,": a greeting is no title ("Question: hi!") and no subject
_GREETING_ONLY = re.compile(
    r"\W*(?:hi|hello|hey|hi there|hello there|bonjour|salut|coucou|bonsoir|yo|morning|"
    r"good (?:morning|afternoon|evening)|hiya|hi all|hello all|hi team|hey team|"
    r"bonjour à tous|bonjour a tous)\W*",
    re.I,
)
# "Bonjour, est-ce qu'on a le droit…": the greeting before the question in one sentence
_GREETING_LEAD = re.compile(
    r"^\W*(?:hi|hello|hey|bonjour|bonsoir|salut|coucou|good (?:morning|afternoon|evening))"
    r"(?: (?:all|team|everyone|there|tout le monde|à tous|a tous))?(?:\s*[,!:.-]+\s*|\s+)",
    re.I,
)


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
    owning_team: str = "",
) -> ProblemStatement:
    """Assemble the statement from the slots gathered so far."""
    priority = priority_for(slots, requested_priority, contact_type, verbatim)
    slots = one_fact_one_field(slots)
    factors = {
        "impact": priority.impact_reason.code,
        "impact_evidence": priority.impact_reason.evidence.strip(" ,;:"),
        "urgency": priority.urgency_reason.code,
        "urgency_evidence": priority.urgency_reason.evidence.strip(" ,;:"),
        "grown": "yes" if priority.grown else "",
        "overridden_from": f"P{priority.overridden_from}" if priority.overridden_from else "",
    }
    request = contact_type == "request"
    what = slots.get("request_what") or slots.get("object", "")
    question_asked = (slots.get("question") or verbatim) if contact_type == "question" else ""
    greeting = _GREETING_LEAD.match(question_asked)
    if greeting and greeting.end() < len(question_asked):
        # "salut, comment je fais pour…": the question, as the agent reads it
        question_asked = _capitalised(question_asked[greeting.end() :])
    if contact_type == "question":  # what it is about, in its own words: "P60 in Workday"
        subject = question_subject(question_asked)
        slots = {**slots, "object": subject or slots.get("object", "")}
    return ProblemStatement(
        title=make_title(slots, verbatim, request),
        contact_type=contact_type,
        requester_verbatim=verbatim,
        language=language,
        object=slots.get("object", "") or (what if request else ""),
        expected=slots.get("expected", ""),
        actual=slots.get("actual", "") if contact_type == "incident" else "",
        spec=Spec(
            what={"is": slots.get("actual", ""), "is_not": slots.get("what_is_not", "")},
            where={
                "is": slots.get("where", ""),
                "is_not": slots.get("where_is_not", ""),
                "on_object": slots.get("where_on_object", ""),
            },
            when={"first": slots.get("when_first", ""), "pattern": slots.get("when_pattern", "")},
            extent={"count": slots.get("extent_count", ""), "trend": slots.get("extent_trend", "")},
        )
        if contact_type == "incident"
        else Spec(),
        changes=[slots["changes"]] if slots.get("changes") and contact_type == "incident" else [],
        impact=priority.impact.label,
        urgency=priority.urgency.label,
        priority=priority.label,
        priority_reason="",
        workaround=slots.get("workaround", ""),
        business_need=_business_need(slots, request, question_asked),
        kb_trail=kb_trail,
        missing_slots=[slot for slot in required if not filled(slot, slots)],
        corrections=_with_concerns(list(corrections or []), slots.get("concerns", ""), verbatim),
        request=(
            {
                "what": what,
                "for_whom": slots.get("request_for_whom", ""),
                "by_when": slots.get("request_by_when") or slots.get("deadline", ""),
                "why": slots.get("request_why", ""),
                "where": slots.get("where", ""),  # "à l'entrepôt de Mâcon": where to deliver
                "approval": slots.get("request_approval", ""),  # "my manager approved it"
            }
            if request
            else {}
        ),
        impact_said=slots.get("impact", ""),
        no_workaround=bool(slots.get("no_workaround")),
        why_no_workaround=why_none(slots.get("no_workaround", "")),
        priority_factors=factors,
        owning_team=owning_team if request else "",
        question=question_asked,
        tried=slots.get("tried", ""),
    )
