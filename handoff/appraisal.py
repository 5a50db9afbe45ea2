"""Which Kepner-Tregoe questions to ask next (domain.md section 5): few, relevant, never twice."""

from __future__ import annotations

import re
from dataclasses import dataclass

from handoff.people import COUNT_WORD, PEOPLE
from handoff.statement import MINIMUM_INCIDENT, MINIMUM_REQUEST, filled
from knowledge.text import same_length_fold

MAX_PER_TURN = 2
# The impact question asks three things; "which of your problems blocks you most?" sets what
# the rest is about: each goes alone.
ALONE = frozenset({"impact", "concerns"})

# The order a good agent asks in: the minimum set first, then what sharpens IS / IS NOT.
INCIDENT_ORDER = (
    "concerns",
    "object",
    "actual",
    "when_first",
    "extent_count",
    "impact",
    "expected",
    "where",
    "what_is_not",
    "changes",
    "when_pattern",
    "where_on_object",
    "extent_trend",
)
# After the minimum, what best separates IS from IS NOT (domain.md section 4).
SHARPEN = ("where", "what_is_not", "changes", "expected")
REQUEST_ORDER = ("request_what", "request_for_whom", "request_by_when", "request_why")

# The impact question asks three things; each part is skipped once a slot below holds it, so
# "the web version works" is not asked for again as a workaround, nor "customers are queuing"
# as what it stops, while the deadline that sets the urgency still is.
IMPACT_PARTS: dict[str, tuple[str, ...]] = {
    "stops": ("impact",),
    "when": ("deadline", "urgency", "not_urgent"),
    "workaround": ("workaround", "no_workaround"),
}
# The employee rated it themselves: the rest of the impact question would not change it.
_RATED = ("urgency", "not_urgent")


@dataclass(frozen=True)
class Option:
    """A quick reply: its key in the choice id, its meaning, and its label's catalogue key."""

    key: str
    value: str
    label: str


# Questions with discrete answers get quick-reply choices.
QUICK_REPLIES: dict[str, tuple[Option, ...]] = {
    "extent_count": (
        Option("me", "only me", "extent.me"),
        Option("team", "my team", "extent.team"),
        Option("everyone", "everyone", "extent.everyone"),
    ),
    "when_pattern": (
        Option("always", "every time", "pattern.always"),
        Option("sometimes", "sometimes", "pattern.sometimes"),
    ),
    "extent_trend": (
        Option("worse", "getting worse", "trend.worse"),
        Option("stable", "stable", "trend.stable"),
    ),
    "contact_type": (
        Option("question", "question", "contact.question"),
        Option("request", "request", "contact.request"),
        Option("incident", "incident", "contact.incident"),
    ),
}


def impact_parts(slots: dict[str, str]) -> tuple[str, ...]:
    """The parts of the impact question still open for an incident, in asking order."""
    if any(slots.get(s, "").strip() for s in _RATED):
        return ()
    return tuple(
        part
        for part, names in IMPACT_PARTS.items()
        if not any(slots.get(name, "").strip() for name in names)
        and not (part == "workaround" and _ALTERNATIVE_WORKS.search(slots.get("what_is_not", "")))
    )


# "the web version works", "le webmail marche", "les autres caisses vont bien": something
# that works was said, so "do you have a workaround?" would ask it again.
_ALTERNATIVE_WORKS = re.compile(
    r"(?i)\b(?:works?|working|fine|ok|okay|marche|marchent|fonctionnent?|vont bien|va bien|"
    r"passe|passent|can (?:still )?(?:see|use|open|print|log in))\b"
)


# "ne reçoit plus les notifs", "stopped syncing", "has failed twice": what should happen is
# what it no longer does.
_NO_LONGER = re.compile(
    r"(?i)\b(?:ne (?:[\w'’]+ ){1,2}plus|n'\w+ plus|no longer|stopped|won'?t|doesn'?t|does not|"
    r"can'?t|cannot|unable to|impossible d(?:e|')|(?:plus|pas) moyen d(?:e|')|n'arrive(?:nt)? (?:plus|pas)|"
    r"(?:isn|aren|wasn|weren)'?t (?:detected|recogni[sz]ed|found|seen|working|loading|syncing|"
    r"showing|printing)|"
    r"ne (?:[\w'’]+ ){1,2}pas|not (?:detected|recogni[sz]ed|found|seen|working|loading|syncing|"
    r"printing|receiving|showing|arriving)|fail(?:s|ed|ing)?|refused|denied|crash(?:es|ed)?|"
    r"[ée]chou\w*|plante|vanish\w*|disappear\w*|gone|missing|disparu\w*|introuvables?|"
    r"n'\w+ rien|ne \w+ rien|nothing|"
    # what keeps going wrong: staying up is what should happen
    r"keeps? (?:dropping|crashing|disconnecting|freezing|rebooting|restarting|logging me out|"
    r"asking|prompting|signing me out)|redemande\w*|"
    r"drops?|disconnects?|crashes|freezes|se d[ée]connecte\w*|coupe\w*|d[ée]croche\w*|"
    r"redemarre en boucle|"
    # a printer's spoilt output: clean pages are what should happen
    r"with (?:an? |the |some )?[\w -]{0,20}?(?:stripes?|streaks?|smudges?|smears?)|streaky|"
    r"smudged|avec (?:une |un |des )?[\w -]{0,20}?(?:bandes?|traces?|traits?|rayures?|"
    r"tra[iî]n[ée]es?|bavures?)|jam(?:s|med|ming)?|bourr\w*)\b"
)


# "webmail works for now", "le webmail marche en attendant": a workaround that says what works
# ("on passe par l'accueil" says how they get by, "par clé USB, ça marche" that the workaround
# itself works: neither says what else works)
_WORKS = re.compile(
    r"(?i)(?<!\bit )(?<!\bthat )(?<!\bthis )(?<!\bça )(?<!\bca )(?<!\bcela )"
    r"\b(?:works|working|marche|marchent|fonctionnent?)\b"
)
# "nothing works", "rien ne marche": no alternative that works was named
_NONE_WORKS = re.compile(r"(?i)\b(?:nothing|rien|no|not|pas|aucune?|none|n'|neither|ni)\b")


def _implied(slot: str, slots: dict[str, str]) -> bool:
    """What should happen, when what happens says it no longer does, and what works, when the
    workaround names it ("webmail works for now"): not worth a question."""
    if slot == "what_is_not":
        workaround = slots.get("workaround", "")
        return bool(_WORKS.search(workaround)) and not _NONE_WORKS.search(workaround)
    if slot == "where":
        return placeless(slots)
    return slot == "expected" and bool(_NO_LONGER.search(slots.get("actual", "")))


def placeless(slots: dict[str, str]) -> bool:
    """Whether what fails is a document or a step of a business process (an expense report, a
    payslip): it fails the same from any desk, and what works is another of its kind."""
    return bool(_PLACELESS.search(slots.get("object", "")))


# A document or a step of a business process fails the same from any desk: "where are you
# when it happens?" is no question for an expense report stuck waiting for approval.
_PLACELESS = re.compile(
    r"(?i)\b(?:expense (?:report|claim)s?|expenses|notes? de frais|reimbursements?|"
    r"remboursements?|payslips?|pay ?slips?|fiches? de paie|bulletins? de (?:paie|salaire)|"
    r"invoices?|factures?|purchase orders?|bons? de commande|timesheets?|feuilles? de temps|"
    r"leave requests?|demandes? de cong[ée]s?|cong[ée]s|approvals?|validations?|contracts?|"
    r"contrats?|mileage claims?|indemnit[ée]s? kilom[ée]triques?|salary|salaire|paie|payroll)\b"
)


def unnamed_newcomer(whom: str) -> bool:
    """Whether a request is for one newcomer not named yet ("un nouvel alternant", "our new
    intern"): an account or a laptop is made out to a name, so the name is asked."""
    return bool(_UNNAMED_NEWCOMER.fullmatch(whom.strip(" .,!")))


_UNNAMED_NEWCOMER = re.compile(
    r"(?i)(?:(?:a|an|our|my|the|un|une|notre|mon|ma|le|la|l')\s*)?(?:new|nouvel|nouvelle|nouveau)\s+"
    r"(?:intern|hire|starter|joiner|employee|colleague|contractor|temp|apprentice|team member|"
    r"stagiaire|alternante?|recrue|collaborat(?:eur|rice)|salariée?|arrivante?|intérimaire|"
    r"collègue|cdd|cdi|technicien(?:ne)?|commercial(?:e)?|assistante?)"
    r"(?:\s+(?:in|on|for|au|à|a|du|de|dans|chez)\s+[^,;]{1,40})?"
)


def uncounted_crowd(who: str) -> bool:
    """Whether who is affected is a group named by its job and nothing more ("our delivery
    drivers", "les étudiants de L2"): how many of them is still to ask, it sets the impact."""
    folded = same_length_fold(who).casefold()
    return bool(_CROWD.search(folded)) and not _COUNTED.search(folded)


_CROWD = re.compile(rf"\b(?:{PEOPLE})\b")
_COUNTED = re.compile(
    rf"(?<![\w.])\d+(?![\w.])|\b(?:{COUNT_WORD}|half|most|all|every\w*|whole|moitie|tous|"
    r"toutes|tout le|la plupart|only|just|seule?s?|que|only me|moi|me|i|je|several|plusieurs|"
    r"a few|quelques|many|beaucoup)\b"
)


def _known(slot: str, slots: dict[str, str], asked: list[str]) -> bool:
    """Filled; for the impact question, anything that bears on the urgency was said (what it
    stops alone leaves the deadline and the workaround to ask) or it was asked."""
    if slot == "request_for_whom" and slot not in asked:
        return filled(slot, slots) and not unnamed_newcomer(slots.get(slot, ""))
    if slot == "extent_count" and slot not in asked:
        return filled(slot, slots) and not uncounted_crowd(slots.get(slot, ""))
    if slot == "impact" and slot not in asked:
        return filled(slot, slots) and impact_parts(slots) != ("when", "workaround")
    if slot == "concerns":
        # the opening holding several problems is why it is asked, not its answer
        return slot in asked
    return filled(slot, slots)


@dataclass(frozen=True)
class Plan:
    """The next questions, or none when it is time for the problem statement."""

    questions: tuple[str, ...]
    done: bool


def next_questions(
    contact_type: str,
    slots: dict[str, str],
    asked: list[str],
    turns: int,
    max_turns: int,
    multiple_concerns: bool = False,
    budget: int = 0,
) -> Plan:
    """Up to two unasked, unfilled slots; done once the minimum is there (and, for an incident,
    `budget` questions sharpened the IS / IS NOT) or turns run out."""
    if contact_type == "question":
        # A how-to question never gets IS / IS NOT questions; one question on what depends on
        # the answer (deadline, impact, workaround) sets its priority, unless it was said.
        ask = turns < max_turns and "impact" not in asked and not filled("impact", slots)
        return Plan(("impact",), False) if ask else Plan((), True)
    order = REQUEST_ORDER if contact_type == "request" else INCIDENT_ORDER
    minimum = MINIMUM_REQUEST if contact_type == "request" else MINIMUM_INCIDENT
    if turns >= max_turns:
        return Plan((), True)
    if all(_known(slot, slots, asked) for slot in minimum):
        room = max(0, budget - len(asked)) if contact_type == "incident" else 0
        sharpen = [
            s for s in SHARPEN if s not in asked and not filled(s, slots) and not _implied(s, slots)
        ][: min(room, 2)]
        return Plan(tuple(sharpen), not sharpen)
    todo = [
        slot
        for slot in order
        if slot not in asked
        and not _known(slot, slots, asked)
        and not _implied(slot, slots)
        and (slot != "concerns" or multiple_concerns)
    ]
    if not todo:
        return Plan((), True)
    # The impact question already asks three things (what it stops, deadline, workaround):
    # it goes alone, so its answer is never mistaken for the answer to another question.
    if todo[0] in ALONE:
        return Plan((todo[0],), False)
    pair = [slot for slot in todo[:MAX_PER_TURN] if slot not in ALONE]
    return Plan(tuple(pair), False)
