"""ITIL priority from impact x urgency (domain.md section 7), growth, overrides and SLA targets."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta
from enum import IntEnum

from handoff.calendar import Calendars, Clock
from handoff.exposure import security_exposure
from handoff.people import ABOUT_COUNT, COUNT_WORD, COUNT_WORDS, PEOPLE, STILL_HAVE_IT
from handoff.places import ALL_STATIONS_EN, ALL_STATIONS_FR, WORKPLACES_EN, WORKPLACES_FR
from handoff.urgent_words import (
    AS_SOON_AS_POSSIBLE,
    FOR_YESTERDAY,
    NEEDED_NOW,
    NOT_A_KIND,
    NOT_NEGATED,
    RIGHT_NOW,
)
from knowledge.text import fold_lower as _fold
from knowledge.text import same_length_fold  # its offsets map back to the text


class Level(IntEnum):
    """Impact and urgency levels; higher is more serious."""

    LOW = 1
    MEDIUM = 2
    HIGH = 3

    @property
    def label(self) -> str:
        return self.name.lower()


# rows: impact, columns: urgency (domain.md section 7)
MATRIX: dict[tuple[Level, Level], int] = {
    (Level.HIGH, Level.HIGH): 1,
    (Level.HIGH, Level.MEDIUM): 2,
    (Level.HIGH, Level.LOW): 3,
    (Level.MEDIUM, Level.HIGH): 2,
    (Level.MEDIUM, Level.MEDIUM): 3,
    (Level.MEDIUM, Level.LOW): 4,
    (Level.LOW, Level.HIGH): 3,
    (Level.LOW, Level.MEDIUM): 4,
    (Level.LOW, Level.LOW): 5,
}


@dataclass(frozen=True)
class SlaTarget:
    """Configurable defaults (not a standard): first response and resolution targets."""

    first_response: timedelta
    resolution: timedelta | None  # None: planned work, no resolution clock
    business_days: bool = False
    # Count only the calendar's opening hours (handoff/calendar.py); the calendar is the
    # owning team's, else the default one.
    business_hours: bool = False
    calendars: Calendars = field(default_factory=Calendars, compare=False)

    @property
    def clock(self) -> Clock:
        if self.business_hours:
            return "business_hours"
        return "business_days" if self.business_days else "wall"


SLA: dict[int, SlaTarget] = {
    1: SlaTarget(timedelta(minutes=15), timedelta(hours=4)),
    2: SlaTarget(timedelta(hours=1), timedelta(hours=8)),
    3: SlaTarget(timedelta(hours=4), timedelta(hours=24)),
    4: SlaTarget(timedelta(hours=8), timedelta(hours=72)),
    5: SlaTarget(timedelta(days=1), None, business_days=True),
}


@dataclass(frozen=True)
class Reason:
    """Why a level was chosen: a code the catalogue words (`reason.<code>`) and the evidence."""

    code: str
    evidence: str = ""


@dataclass(frozen=True)
class Priority:
    """The computed priority with the reasons an agent needs to trust it."""

    impact: Level
    urgency: Level
    priority: int
    grown: bool = False  # a worsening trend raised urgency one level
    overridden_from: int | None = None  # the requester insisted on a higher priority
    impact_reason: Reason = Reason("")
    urgency_reason: Reason = Reason("")

    @property
    def label(self) -> str:
        return f"P{self.priority}"


def compute(
    impact: Level,
    urgency: Level,
    *,
    worsening: bool = False,
    requested: int | None = None,
    impact_reason: Reason = Reason(""),
    urgency_reason: Reason = Reason(""),
) -> Priority:
    """Priority from the matrix; growth raises urgency; a higher requested priority wins."""
    grown = worsening and urgency < Level.HIGH
    effective = Level(urgency + 1) if grown else urgency
    priority = MATRIX[(impact, effective)]
    if requested is not None and 1 <= requested < priority:
        return Priority(
            impact, effective, requested, grown, priority, impact_reason, urgency_reason
        )
    return Priority(impact, effective, priority, grown, None, impact_reason, urgency_reason)


def _rx(*alternatives: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{a})" for a in alternatives), re.I)


# Extent, read from what the employee said of who is affected (domain.md section 7).
_ORGANISATION = _rx(
    r"\b(?:every ?one|every ?body|all (?:users|staff|employees|of us)|(?:whole|entire) "
    r"(?:[\w-]+ ){0,2}?(?:company|business|site|office|floor|building|department|dept|division|"
    + WORKPLACES_EN
    + r")|"
    r"(?:nobody|no one|none of us)(?: (?:in|on|at|from)| can)|the (?:\w+ )?(?:department|floor|site|"
    r"building|office)\b|all (?:the )?\w+ (?:team|department)|\d{2,} (?:people|users|"
    r"colleagues|of us|employees))\b",
    r"\b(?:tout le monde|toute l'entreprise|tou(?:t|te) (?:le |la |l')?(?:site|bureau|service|"
    r"etage|plateau|departement|direction|agence|societe|activite|boite|"
    # "toute la compta", "toute la DSI": a whole department named by its short name
    r"compta|comptabilite|paie|rh|drh|dsi|finance|tresorerie|logistique|production|qualite|"
    r"informatique|communication|juridique|" + WORKPLACES_FR + r")|"
    r"tous les (?!matins|jours|soirs)\w+|"
    r"l'ensemble (?:du|de la|des)|personne (?:au|a la|aux|en|dans|du|de la|ne peut|n'arrive)|"
    r"pour personne|plus personne|"
    r"\d{2,} (?:personnes|collegues|utilisateurs|collaborateurs))\b",
)
# "a 6 month contract", "pour 6 mois": a duration, not six people.
_TIME_UNITS = (
    r"(?:seconds?|min\w*|hours?|days?|weeks?|months?|years?|h\b|heures?|jours?|semaines?|mois|"
    r"ans?\b|annees?|fois|times|%)"
)
# "just me and Paul from finance", "que moi et ma voisine": two people, not one.
_AND_SOMEONE = r"(?! ?(?:and|&|\+|plus|et|avec) (?!my (?:laptop|pc|computer|phone)\b)\w)"
# Whoever the answer names first: "only me in the team, the other two analysts are fine".
_ONE_USER_FIRST = _rx(
    r"^(?:it'?s |that'?s )?(?:only|just) (?:me|myself|my (?:laptop|pc|computer|account|phone))\b"
    + _AND_SOMEONE,
    # "Me, no idea about others": the one person it is known to hit
    r"^(?:me|myself|moi)\b(?:[,.;:]? (?:no idea|not sure|(?:i )?don'?t know|unsure|aucune idee|"
    r"je (?:ne )?sais pas|pas sure?)\b| (?:alone|only|seule?|uniquement)\b|[.!]?$)",
    r"^(?:c'est |il n'y a )?(?:que moi|juste moi|seulement moi|uniquement moi|moi seule?ment)\b"
    + _AND_SOMEONE,
    # "Me, Kenji, platform team", "moi, Paul Lemoine, DSI": the asker by name, and their team
    r"^(?:me|myself|moi)\s*[,:-]\s*(?!(?:my|our|and|the|plus|with|mon|ma|mes|notre|nos|et|"
    r"avec|les|la|le)\b)[a-z][\w'-]+(?!.*\b(?:and|et|&|avec|with)\b)",
)
# "My colleagues' badges work on the same reader", "les autres n'ont pas le problème": the
# others are named only to say they are fine, so it is one person.
_OTHERS_FINE = _rx(
    r"\b(?:colleagues?|co-?workers?|others|everyone else|everybody else|the rest of (?:the|my|"
    r"our) team|the other \w+)(?:'s?|')?(?: [\w'-]+){0,4} (?:works?|worked|are fine|is fine|"
    r"are ok|is ok|are okay|don'?t have|do not have|have no|aren'?t affected|are not affected|"
    r"can (?:log|get|open|print|use|connect|see)|open|opens|" + STILL_HAVE_IT + r")\b",
    r"\b(?:collegues?|autres|reste de l'equipe)(?: [\w'-]+){0,4} (?:marchent|marche|"
    r"fonctionnent|fonctionne|n'ont (?:pas|rien|aucun)|vont bien|ne sont pas concernee?s|"
    r"peuvent|passent|y arrivent|arrivent a|" + STILL_HAVE_IT + r")\b",
)


def says_others_fine(said: str) -> bool:
    """Whether `said` puts the requester's colleagues on the side where all is well
    ("mes collègues de la compta y arrivent"): who is affected is then the requester."""
    folded = _fold(said)
    return bool(folded and _OTHERS_FINE.search(folded) and _COLLEAGUES.search(folded))


# People, not things: "the other scanners are ok" says nothing about who is affected.
_COLLEAGUES = re.compile(
    r"\b(?:colleagues?|co-?workers?|teammates|everyone else|everybody else|the rest of (?:the|my|"
    r"our) team|collegues?|le reste de l'equipe|tout le monde)\b"
)


# "All 38 shops", "every customer paying by card", "none of the pickers": all of some group.
_ALL_OF = _rx(
    r"^(?:(?:for|to|by) )?(?:(?:about|around|roughly|like) )?(?:all|every|each|any|"
    r"none of the|nobody|no one)\b",
    r"^(?:(?:pour|a) )?(?:(?:environ|a peu pres) )?(?:tous|toutes|chaque|aucun|aucune|"
    r"personne)\b",
)
# Any count of what is affected ("about 120 pickups today", "environ 8 000 auditeurs").
_ANY_COUNT = re.compile(
    r"(?<![\d.,])(\d{1,3}(?:[ ,.\u202f\u00a0]\d{3})+|\d{2,6})(?![\d.,:])"
    r"(?! ?" + _TIME_UNITS + r")"
)
_SEVERAL = _rx(
    # a team, a crew or a shift, but not its lead ("our team lead, Sam" is one person)
    r"\b(?:(?<!\bon )(?<!\bin )(?:[\w-]+ )(?:team|crew|shift|squad)s?(?! (?:leads?|leaders?|managers?|members?|"
    r"captains?|supervisors?)\b)|(?:whole|entire) (?:[\w-]+ ){0,3}team|"
    r"colleagues|several|many|a few|others|"
    r"a lot of (?:us|our \w+|people|users)|most of (?:us|our \w+|the \w+)|lots of \w+|"
    r"other people|(?:two|three|four|five|six|seven|eight|nine|\d) (?:people|users|colleagues|"
    r"of us|persons|employees|(?!" + _TIME_UNITS + r")\w+)|team of \d+|a colleague|"
    r"(?:me|myself) (?:and|&|plus) (?!my (?:laptop|pc|computer|phone)\b)\w+)\b",
    r"\b(?:mon equipe|notre equipe|(?<!chef d')(?<!cheffe d')(?<!responsable d')l'equipe|"
    r"(?:la|une|cette|votre) (?:nouvelle |petite )?equipe|brigade|"
    r"(?:des |mes |nos |d'autres )collegues|plusieurs|"
    r"(?:deux|trois|quatre|cinq|six|sept|huit|neuf|\d) (?:personnes|collegues|utilisateurs|"
    r"d'entre nous|(?!" + _TIME_UNITS + r")\w+)|nous sommes|on est \d|un collegue|une collegue|"
    r"moi (?:et|avec) \w+|"
    r"la moitie (?:des|de l'equipe))\b",
    # "anyone presenting there is stuck", "tous ceux qui présentent": whoever uses it
    r"\b(?:anyone|anybody|everyone|everybody) (?:presenting|using|who (?:uses|presents|works)|"
    r"working|trying)\b|\b(?:tous ceux|toutes celles|tout le monde) qui\b",
    # "my colleague Paul has the same issue", "ma collègue Inès l'a aussi": the requester and one
    r"\b(?:my|one|another|mon|ma|une autre|un autre) (?:colleague|coworker|co-worker|teammate|"
    r"neighbou?r|collegue|voisine?)\b[^.;!?]{0,40}?\b(?:same|too|also|as well|meme|aussi|"
    r"egalement)\b",
)
# Two people by name: "Tom Barker and Aisha Rahman", "Léa et Hugo".
_TWO_NAMED = re.compile(r"\b[A-ZÀ-Ý][\w'-]+(?: [A-ZÀ-Ý][\w'-]+)? (?:and|et) [A-ZÀ-Ý][\w'-]+")
# A request for a group named by its members' job ("for the seasonal temps", "pour les
# saisonniers"), or for several accounts ("15 WMS logins", "25 comptes"): that many people.
_PEOPLE_PLURAL = re.compile(r"\b(?:" + PEOPLE + r")\b")
# People of one job, said as a group ("our delivery drivers", "nos infirmières"): several.
_A_CREW = re.compile(
    r"\b(?:our|the|all|all our|all the|my|nos|les|mes|tous (?:les|nos)|toutes (?:les|nos)) "
    r"(?:[\w-]+ )?(?:" + PEOPLE + r")(?: (?:de|du|des|in|at|from|on|of) [\w'-]+)?$"
)
_NOT_STAFF = re.compile(r"\b(?:customers|clients|patients|callers|seats|heads|postes|members)\b")
_ITEMS_FOR_PEOPLE = re.compile(
    r"\b(\d{1,4}) (?:[\w-]+ ){0,2}?(?:logins?|accounts?|comptes?|badges?|licen[cs]es?|"
    r"laptops?|pcs?|ordinateurs?|acces|access(?:es)?|mailboxes|boites? mail|phones?|telephones?|"
    r"headsets?|casques?|tablets?|tablettes?|profiles?|profils?|identifiants?|users?)\b"
)
# "all tills", "aucun comptoir": every station of the place named in where.
_ALL_STATIONS = _rx("^" + ALL_STATIONS_EN + r"\b", "^" + ALL_STATIONS_FR + r"\b")
_WHOLE_PLACE = _rx(
    r"\b(?:site|store|office|building|branch|terminal|" + WORKPLACES_EN + r")\b",
    r"\b(?:site|agence|bureau|batiment|" + WORKPLACES_FR + r")\b",
)
_EVERYONE = _rx(
    r"^(?:nobody|no one|none of us|every ?one|every ?body|all of us)$",
    r"^(?:personne|tout le monde|aucun d'entre nous|nous tous)$",
)
_ONE_USER = _rx(
    r"\b(?:only me|just me|only for me|only my|just my|nobody else|no one else)\b" + _AND_SOMEONE,
    r"\b(?:que moi|seulement moi|juste moi|personne d'autre|uniquement moi|uniquement (?:sur )?mon)\b"
    + _AND_SOMEONE,
)
# What is one person's own, named after the bank: "bank account", "bank holiday" (not
# "payment card terminals", which are the payments service).
_PERSONAL_THING = r"(?<=bank )(?:account|accounts|details|card|cards|holiday|holidays|statement)\b"
# Services whose failure stops the business (configurable in [handoff] critical_services).
CRITICAL_SERVICES: tuple[str, ...] = (
    "payroll",
    "paie",
    "payflow",
    "salaires",
    "erp",
    "payment",
    "payments",
    "paiement",
    "paiements",
    "virements",
    "bank",
    "banque",
    "treasury",
    "tresorerie",
    "invoices",
    "factures",
    "facturer",
    "call centre",
    "contact centre",
    "standard",
    "billing",
    "facturation",
    "invoicing",
    "checkout",
    "production",
)
_STOPPED = _rx(
    r"\b(?:can'?t work|cannot work|unable to work|locked out|can'?t log ?in to (?:my|windows)|can'?t do (?:my|our) (?:job|work)|"
    r"(?:work|everything) (?:has )?stopped|completely blocked|"
    + NOT_NEGATED
    + r"(?:blocked|blocking)|stuck|down for|"
    r"(?:is|are) down|nothing works|can'?t do anything|losing (?:money|sales|customers|clients)|"
    r"customers? (?:can'?t|cannot|are waiting)|clients? (?:can'?t|cannot|are waiting)|"
    # people with nothing to do but wait: the work has stopped
    r"(?:is|are) (?:stood|sat|sitting|standing) (?:waiting|idle|around)|(?:are|is) (?:all )?idle|"
    r"(?:line|production)(?: \w+)? (?:is |has )?(?:stopped|down)|calls? (?:are )?queu(?:e|ing)\w*|"
    # the fleet stays put: "VANS CAN'T GO", "trucks can't leave the yard"
    r"(?:vans?|trucks?|lorries|lorry|drivers|buses|trains|flights|planes|ships|vessels|boats) "
    r"(?:can'?t|cannot|won'?t|are unable to) (?:go|leave|move|depart|sail|run|go out|get out)|"
    # the day's work cannot begin: "they can't start their rounds"
    r"(?:can'?t|cannot|are unable to|is unable to) (?:start|begin|do|finish|go out on) "
    r"(?:their|our|my|his|her|the) (?:rounds?|shifts?|work|jobs?|deliveries|routes?|tours?|"
    r"day|picking|visits?))\b",
    r"\b(?:(?:sont|est|suis|sommes) (?:tous |toutes )?bloquee?s?|a l'arret|ne (?:peut|peuvent) "
    r"(?:plus )?(?:travailler|entrer|rien faire)|impossible de (?:travailler|bosser)|"
    r"je (?:ne )?peux rien faire|je ne peux (?:plus|pas) "
    r"(?:travailler|ouvrir ma session|me connecter|rien faire)|"
    r"(?:je suis|on est|nous sommes) (?:completement |totalement |entierement )?"
    r"(?:bloquee?s?|coincee?s?)|" + NOT_NEGATED + r"bloquant|"
    r"plus rien ne (?:marche|fonctionne)|a l'arret|on perd (?:des|de l')|"
    r"les clients (?:ne peuvent|attendent)|appels en (?:file|attente)|(?:la )?ligne (?:est )?"
    r"(?:a l'arret|arretee)|(?:les )?(?:camions|camionnettes|chauffeurs|bus|trains|vols|navires|"
    r"bateaux|livreurs) (?:ne (?:peuvent|partent|sortent|roulent) (?:pas|plus)|restent a quai|"
    r"sont bloques)|"
    # "ils ne peuvent pas commencer leur tournée"
    r"(?:peut|peuvent|pouvons|peux) (?:pas|plus) (?:commencer|demarrer|faire|assurer|finir) "
    r"(?:leurs?|notre|nos|ma|mes|son|sa|ses|la|les) (?:tournees?|travail|service|garde|postes?|"
    r"journee|livraisons|visites|preparations?))\b",
)
_SAYS_URGENT = _rx(
    r"\b"
    + NOT_NEGATED
    + r"(?:urgent|urgently|"
    + AS_SOON_AS_POSSIBLE
    + r"|"
    + FOR_YESTERDAY
    + r"|emergency|critical|"
    r"urgence|critique|immediately|" + RIGHT_NOW + r"|tout de suite|"
    r"immediatement)\b" + NOT_A_KIND
)
# "ma présentation au comité de 11h ne peut pas avoir lieu": a meeting at a clock time
_MEETING_AT = (
    r"(?:reunion|comite|point|presentation|formation|call|visio|rdv|rendez-vous|demo|soutenance|"
    r"entretien|cours|webinaire)(?: [\w'-]+){0,3}? de \d{1,2} ?h(?:\d{2})?|"
    # "I need it for the 2pm meeting", "the 10:30 call"
    r"(?:the|my|our|a) \d{1,2}(?::\d{2})? ?(?:am|pm)? (?:[\w-]+ ){0,2}?(?:meeting|call|demo|"
    r"presentation|review|session|interview|webinar|class|workshop|training|board)"
)
# A clock time said of another day: "a client webinar on Thursday at 10am", "jeudi à 10h",
# "le 12 à 14h" (the time is within that day, not within hours of now).
_ANOTHER_DAY_AT = re.compile(
    r"\b((?:on |next |this )?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)(?: prochain)?|"
    r"the \d{1,2}(?:st|nd|rd|th)|le \d{1,2}(?:er)?(?: (?:janvier|fevrier|mars|avril|mai|juin|"
    r"juillet|aout|septembre|octobre|novembre|decembre))?)"
    r"(?: (?:morning|afternoon|evening|matin|apres-midi|soir))?)"
    r",? (?:at|a|vers|around|from|des|before|avant|by|pour|de) \d{1,2}(?:[:h]\d{2})? ?(?:am|pm|h)?"
    r"(?!\w)"
)


def _without_day_times(when: str) -> str:
    """The folded `when` with a clock time said of another day cut to the day: "thursday at
    10am" is a day this week, "tomorrow at 10am" stays tomorrow."""
    return _ANOTHER_DAY_AT.sub(lambda m: m.group(1), when)


# "would be good to have it back by 2pm", "idéalement avant 14h": a wish, not a hard date
_WISH = re.compile(
    r"\b(?:would be (?:good|great|nice|ideal)|ideally|if possible|hopefully|ce serait bien|"
    r"idealement|si possible|j'aimerais bien)\b"
)
_SOON = _rx(
    r"\b(?:today|tonight|tomorrow|(?:this|all) (?:morning|afternoon|evening)|"
    r"in (?:an|one|two|\d) hours?|"
    r"(?:by|before|at) \d{1,2}(?::\d{2})? ?(?:am|pm)?|by noon|end of (?:the )?day|eod|"
    r"right away|" + NEEDED_NOW + r")\b",
    r"\b(?:in (?:an|one|half an) hour|in \d+ ?min\w*|within the hour|before lunch|"
    r"dans (?:une|\d+) ?(?:heures?|min\w*)|d'ici (?:ce soir|midi|demain)|avant midi|"
    r"aujourd'hui|ce soir|demain|ce matin|cet apres-midi|dans (?:une|deux|\d) heures?|"
    r"tout l'apres-midi|toute la matinee|"
    r"(?:avant|pour|a|d'ici) \d{1,2} ?h(?:\d{2})?|avant midi|en fin de journee|tout de suite|"
    + _MEETING_AT
    + r")\b",
)
_THIS_WEEK = _rx(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|this week|next week|end of (?:the )?(?:week|"
    r"month)|month[- ]end|in (?:two|three|a few|ten|\d{1,2}) days|the \d{1,2}(?:st|nd|rd|th)|"
    # a date two weeks out is still one to meet: "heading out to camp in 2 weeks"
    r"in (?:two|2) weeks|"
    r"(?:a |the next )?couple of weeks|before payday|"
    # "No deadline, it's for visitors" says there is none
    r"(?<!no )(?<!without )(?<!any )(?<!no real )(?<!no particular )(?<!no hard )deadline)\b",
    r"\b(?:lundi|mardi|mercredi|jeudi|vendredi|cette semaine|la semaine prochaine|"
    r"fin de (?:la )?semaine|fin du mois|dans (?:deux|trois|quelques|dix|\d{1,2}) jours|le \d{1,2}|"
    r"dans (?:deux|2) semaines|"
    r"quinzaine|avant la paie|"
    r"(?<!pas d')(?<!aucune )(?<!sans )(?<!pas de vraie )(?:echeance|(?<!pas de )date limite))\b",
)
# Needed within hours: a clock time, "in an hour", "dans 1h", "avant midi".
_WITHIN_HOURS = _rx(
    r"\b(?:in (?:an|one|half an|\d+) ?(?:hours?|h|min\w*)|within the hour|before lunch|by noon|"
    r"(?:by|before|at) \d{1,2}(?::\d{2})? ?(?:am|pm)|(?:by|before|at) \d{1,2}:\d{2}|"
    r"(?:by|before|at) (?:[1-9]|1[0-2])(?![\w:.,]*\s*\w)|right away|immediately)\b",
    r"\b(?:dans (?:une|\d+) ?(?:heures?|h|min\w*)|d'ici midi|avant midi|"
    r"(?:avant|pour|a|d'ici|vers) \d{1,2} ?h(?:\d{2})?|tout de suite|immediatement|"
    + _MEETING_AT
    + r")\b",
)
# Needed before the day is out, or first thing tomorrow: no working day left to answer in.
_TONIGHT = _rx(
    r"\b(?:tonight|this evening|before i leave|ce soir|avant (?:de partir|mon depart))\b"
)
_FIRST_THING_TOMORROW = _rx(
    r"\b(?:tomorrow (?:morning|at \d|by \d|noon|first thing|9)|first thing tomorrow|"
    r"demain (?:matin|a \d|\d{1,2} ?h|midi|a la premiere heure))\b"
)
# Needed next week or later: time to plan.
_LATER = _rx(
    r"\b(?:next (?:week|month|monday|tuesday|wednesday|thursday|friday)|in (?:three|a few|"
    r"[3-9]|\d{2,}) weeks|in (?:two|three|a few|\d+) months|"
    r"(?:in|for|by) (?:january|february|march|april|may|june|july|august|"
    r"september|october|november|december)|plenty of time)\b",
    r"\b(?:la semaine prochaine|le mois prochain|(?:lundi|mardi|mercredi|jeudi|vendredi) "
    r"prochain|dans (?:trois|quelques|[3-9]|\d{2,}) semaines|dans (?:deux|trois|quelques|\d+) mois|"
    r"(?:en|pour|d'ici) (?:janvier|"
    r"fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre)|"
    r"rien ne presse)\b",
)
# A request wanted "this month", "dans le courant du mois": some weeks off (read on the
# request's date only: "my payslip shows two tax codes this month" is no deadline).
_THIS_MONTH = _rx(r"\bthis month\b|\b(?:courant du|dans le) mois\b|\bce mois-ci\b")
_DEGRADED = _rx(
    r"\b(?:slow|slower|sometimes|intermittent|now and then|occasionally|lag|laggy|flicker)",
    r"\b(?:lent|lente|ralenti|parfois|par intermittence|de temps en temps|aleatoire)",
)
_WORSE = _rx(
    r"\b(?:worse|worsening|more and more|more often|empire|de plus en plus|pire|s'aggrave)\b"
)


# "started once a day, now every 10 min": more often than it was is getting worse.
_GETTING_FREQUENT = _rx(
    r"\b(?:started|began|was|at first|used to be|first)\b[^.;!?]{0,40}\bnow\b",
    r"\b(?:au debut|avant c'etait|c'etait|ca a commence)\b[^.;!?]{0,40}\b(?:maintenant|"
    r"desormais|now)\b",
    r"\b(?:more and more (?:often|frequent)|de plus en plus (?:souvent|frequent))",
    # a backlog or a spread that grows while it lasts
    r"\b(?:spreading|keeps? growing|growing (?:by|every) (?:the )?(?:hour|minute)|"
    r"(?:ca|la pile|la file|le retard) (?:augmente|grossit|grimpe|s'allonge)|"
    r"(?:ca|le probleme) s'etend|grimpe chaque heure)\b",
)
_HOW_OFTEN = ("when_pattern", "actual", "extent_trend", "impact")
_HEADCOUNT = re.compile(
    r"\b(\d{1,4}|" + COUNT_WORD + r")"
    r"\s*(?:d'|de |of )?(?:(?:of us|d'entre nous|new \w+|nouveaux \w+|nouvelles \w+)\b|"
    # "120 agents", "40 warehouse pickers", "12 infirmières de nuit": a job, maybe qualified
    r"(?:[\w-]+ ){0,2}?(?:" + PEOPLE + r")\b)"
)
# "on est une dizaine", "we're 12": the people speaking, counted.
_WE_ARE = re.compile(
    r"\b(?:on est|nous sommes|we'?re|we are) (?:about |around |roughly |environ |a peu pres |~)?"
    r"(\d{1,4}|" + COUNT_WORD + r")\b"
)
# "une quarantaine de camions", "hundreds of parcels": approximately that many of anything;
# alone after who they are ("les étudiants de L2, une quarantaine"), that many of them.
_ABOUT_COUNT = re.compile(r"\b(" + ABOUT_COUNT + r")(?: (?:of|de|d')\b|\s*(?:[,.;!]|$))")
_BOOKING = re.compile(
    # ("desk phone" is a line, not a desk)
    r"\b(?:book|booking|reserve|reservation|room|salle|desk(?! ?phones?)|bureau|parking|screen|ecran|"
    r"monitor|chair|chaise|catering|petit-dejeuner)\b"
)


# Money or customers lost while it lasts: the business is hit now, whoever reports it.
_BUSINESS_LOSS = _rx(
    r"\b(?:losing|lose|lost) (?:orders|sales|deals|leads|revenue|money|customers|bookings|"
    r"payments)\b",
    r"\b(?:on perd|nous perdons|perte de) (?:des |du |les |de )?(?:commandes|ventes|clients|"
    r"leads|chiffre d'affaires|argent|demandes de devis|paiements|reservations)\b",
    r"\b(?:customers|clients) (?:can'?t|cannot|peuvent (?:plus|pas)) (?:order|pay|buy|commander|"
    r"payer|acheter)\b",
    # a shop floor losing its customers while it lasts
    r"\b(?:queues? (?:out the door|to the door|down the street)|turning (?:people|customers) away|"
    r"(?:customers|people) (?:are )?(?:leaving|walking out|abandoning)|"
    r"(?:les )?clients (?:repartent|partent|s'en vont|abandonnent)|file d'attente jusqu'(?:a|au)|"
    r"on refuse des clients)\b",
)


def _facts(slots: dict[str, str], *keys: str) -> str:
    """These facts folded for reading, kept apart so that one fact's last word and the next
    one's first never read as a phrase ("URGENT" + "emailing us…" is not "urgent emails")."""
    return _fold(" ; ".join(slots.get(k, "") for k in keys))


def headcount(text: str) -> int | None:
    """The number of people a phrase names ("the three of us", "12 people", "on est une
    dizaine"), if any."""
    match = _HEADCOUNT.search(_fold(text)) or _WE_ARE.search(_fold(text))
    if match is None:
        return None
    word = match.group(1)
    return int(word) if word.isdigit() else COUNT_WORDS.get(word)


def _impact(
    contact_type: str, slots: dict[str, str], critical: tuple[str, ...], verbatim: str = ""
) -> tuple[Level, Reason]:
    who = slots.get("extent_count", "")
    if contact_type == "request":
        who = slots.get("request_for_whom", "") or who
    folded_who = _fold(who)
    if _ALL_STATIONS.match(folded_who) and _WHOLE_PLACE.search(_fold(slots.get("where", ""))):
        return Level.HIGH, Reason("organisation", f"{who} ({slots['where']})")
    if _EVERYONE.match(folded_who) and slots.get("where"):
        # the statement keeps "none of us" and "in the Madrid office" apart; scope needs both
        folded_who = f"{folded_who} {_fold(slots['where'])}"
    said = _facts(slots, "object", "actual", "impact", "request_what")
    # a whole word: "#equipe-paie-dev" is a channel's name, not the payroll service (nor is
    # "my old bank account" the bank)
    service = next(
        (
            name
            for name in critical
            if re.search(
                rf"(?<![-#\w])(?<!compte en ){re.escape(name)}(?![-\w])(?! {_PERSONAL_THING})", said
            )
        ),
        "",
    )
    if contact_type == "request" and _BOOKING.search(_fold(slots.get("request_what", ""))):
        return Level.LOW, Reason("one_booking", slots.get("request_what", ""))
    fine = _OTHERS_FINE.search(folded_who)
    others_fine = fine is not None and headcount(folded_who[: fine.start()]) is None
    if not who and contact_type == "incident":
        # "mes collègues de la compta y arrivent", said as what works: only the requester
        said_fine = slots.get("what_is_not", "") or slots.get("where_is_not", "")
        others_fine = says_others_fine(said_fine)
        who = said_fine if others_fine else who
    # an account or credentials in someone else's hands reach past the one person
    exposed = security_exposure(verbatim) if contact_type == "incident" else None
    # one person in a critical role ("the CEO's laptop", "le PC du DG") is Medium
    top = (
        _TOP_ROLE.search(f"{_fold(verbatim)} ; {_facts(slots, 'extent_count', 'object')}")
        if contact_type == "incident"
        else None
    )
    if _ONE_USER_FIRST.search(folded_who) or others_fine:
        if service and contact_type == "incident":
            return Level.MEDIUM, Reason("critical_service", service)
        if exposed:
            return Level.MEDIUM, Reason("security_exposure", exposed)
        if top:
            return Level.MEDIUM, Reason("critical_role", top.group(1))
        return Level.LOW, Reason("one_user", who)
    # each head count said, with the words that said it (the evidence when `who` is silent)
    counted = [
        (c, said)
        for said in (who, slots.get("extent_count", ""), slots.get("request_for_whom", ""))
        if (c := headcount(said)) is not None
    ]
    if contact_type == "request":
        items = _ITEMS_FOR_PEOPLE.search(_fold(slots.get("request_what", "")))
        counted += [(int(items.group(1)), slots["request_what"])] if items else []
    if contact_type == "question" and not counted:
        # a how-to asked for a group ("my 25 security officers don't have company phones"):
        # that many wait for the answer
        for said in (slots.get("impact", ""), slots.get("deadline", ""), verbatim):
            waiting = _HEADCOUNT.search(_fold(said))
            if waiting is not None and (c := headcount(waiting.group(0))) is not None:
                counted.append((c, waiting.group(0)))
                break
    count, evidence = max(counted, key=lambda pair: pair[0], default=(None, ""))
    who = who or evidence
    if count is None and contact_type == "incident":
        # "about 120 pickups today", "All 38 shops": whatever is counted, that many are hit
        numbers = [int(re.sub(r"\D", "", m.group(1))) for m in _ANY_COUNT.finditer(folded_who)]
        numbers += [COUNT_WORDS[m.group(1)] for m in _ABOUT_COUNT.finditer(folded_who)]
        count = max(numbers, default=None)
    if count is not None and count >= 20:
        return Level.HIGH, Reason("organisation", who)
    if count is not None and count >= 2 and not service:
        return Level.MEDIUM, Reason("several", who)
    if _ORGANISATION.search(folded_who):
        return Level.HIGH, Reason("organisation", who)
    group = (_PEOPLE_PLURAL if contact_type == "request" else _A_CREW).search(folded_who)
    several = bool(
        _SEVERAL.search(folded_who)
        or _TWO_NAMED.search(who)
        or _ALL_OF.search(folded_who)
        or (group and not _NOT_STAFF.search(group.group(0)))
    ) and not (_ONE_USER.search(folded_who))
    due = slots.get("deadline") or _SOON.search(_fold(slots.get("impact", "")))
    loss = _BUSINESS_LOSS.search(_facts(slots, "impact", "actual"))
    if loss and contact_type == "incident":
        return Level.HIGH, Reason("business_loss", loss.group(0))
    if service and contact_type == "incident" and due:
        # A critical run with a date ("payroll must go out tomorrow") puts everyone's pay at risk.
        return Level.HIGH, Reason("critical_service_deadline", service)
    if service and contact_type == "incident":
        return (
            (Level.HIGH, Reason("critical_service_many", service))
            if several
            else (
                Level.MEDIUM,
                Reason("critical_service", service),
            )
        )
    if several:
        return Level.MEDIUM, Reason("several", who)
    if exposed:
        return Level.MEDIUM, Reason("security_exposure", exposed)
    if top:
        return Level.MEDIUM, Reason("critical_role", top.group(1))
    if who:
        return Level.LOW, Reason("one_user", who)
    urgent = _SAYS_URGENT.search(_facts(slots, "urgency") or _fold(verbatim))
    works = slots.get("what_is_not", "")
    if contact_type == "incident" and urgent and _others_work(_fold(works), _fold(verbatim)):
        # "URGENT la caisse 3 refuse les cartes", "les autres caisses marchent": one of
        # several down, not the whole service
        return Level.MEDIUM, Reason("extent_unknown_others_work", works)
    if contact_type == "incident" and urgent:
        # "URGENT CAD frozen on call entry": sent at once, so nobody asked who is hit; an
        # analyst does not read a fault reported as urgent as one person's (9 of 12 such
        # statements in the sets read were rated High by their analysts)
        return Level.HIGH, Reason("extent_unknown_urgent", urgent.group(0))
    return Level.LOW, Reason("extent_unknown")


# An executive whose own device or access fails: one person in a critical role (folded).
_TOP_ROLE = re.compile(
    r"\b(?:(?:the|our|le|la|notre|du|de la) )?(ceo|cfo|coo|cto|cio|ciso|chief \w+ officer|"
    r"managing director|president|chairman|chairwoman|pdg|dg|directeur general|directrice "
    r"generale|presidente?|vice[- ]president)\b(?!(?:'s)? (?:office|assistant|team|meeting|"
    r"board|bureau|assistante?|equipe|reunion)s?\b)"
)


def _others_work(works: str, verbatim: str) -> bool:
    """Whether what works is the others of the thing at fault: "the other tills work", or a
    numbered sibling ("checkout 1 works fine" when checkout 2 fails)."""
    if _OTHER_ONES_WORK.match(works):
        return True
    sibling = _SIBLING_WORKS.match(works)
    return bool(
        sibling
        and re.search(rf"\b{re.escape(sibling.group(1))} (?!{sibling.group(2)}\b)\d+\b", verbatim)
    )


# "checkout 1 works fine", "la caisse 1 fonctionne": one numbered thing that works.
_SIBLING_WORKS = re.compile(
    r"^\W*(?:the |la |le |l')?([a-z]+) (\d+) (?:still )?(?:works|is fine|is ok|marche|fonctionne)\b"
)
# "the other tills work", "les 4 autres caisses marchent normalement" (folded)
_OTHER_ONES_WORK = re.compile(
    r"^\W*(?:(?:the|all the|les|toutes les|tous les) )?(?:\d+ )?(?:other|others|autres?)\b"
    r"(?![^.;]*\b(?:not|n't|ne|n'|pas|plus|aucun|same|meme)\b)[^.;]*?\b"
    r"(?:work|works|working|fine|ok|marchent|fonctionnent|passent)\b"
)


def _urgency(contact_type: str, slots: dict[str, str], verbatim: str) -> tuple[Level, Reason]:
    """The urgency the facts give, then what the requester said of it: a stated "no
    workaround" raises it one level, "not urgent" lowers it one level."""
    level, reason = _base_urgency(contact_type, slots, verbatim)
    if slots.get("no_workaround") and not slots.get("not_urgent") and level < Level.HIGH:
        return Level(level + 1), Reason("no_workaround", slots["no_workaround"])
    if slots.get("not_urgent") and not _SAYS_URGENT.search(_fold(slots.get("urgency", ""))):
        return Level(max(Level.LOW, level - 1)), Reason("not_urgent", slots["not_urgent"])
    return level, reason


def _base_urgency(contact_type: str, slots: dict[str, str], verbatim: str) -> tuple[Level, Reason]:
    def said(*keys: str) -> str:
        return _facts(slots, *keys)

    when = said("deadline", "request_by_when", "urgency", "impact")
    if contact_type == "request":
        # the date it is needed by comes first in the reason ("needed Friday", not the
        # month-end its reason mentions)
        when = said("request_by_when", "deadline", "urgency", "impact")
    if contact_type in ("request", "question"):
        # "mine died this morning": when it broke is no deadline; "the 4th floor" no date
        heard, why, where = _fold(verbatim), said("request_why"), said("where")
        if why and _BROKEN.search(why):
            heard = heard.replace(why, " ")
        if where and _FLOOR.search(where):
            heard = heard.replace(where, " ")
        when = f"{when} {heard}"
    when = _without_day_times(when)
    loss = _BUSINESS_LOSS.search(said("impact", "actual"))
    if loss and contact_type == "incident":
        return Level.HIGH, Reason("losing_now", loss.group(0))
    urgent = _SAYS_URGENT.search(said("urgency", "impact", "deadline", "actual"))
    if urgent:
        return Level.HIGH, Reason("said_urgent", urgent.group(0))
    if contact_type == "incident" and security_exposure(verbatim):
        return Level.HIGH, Reason("security_exposure_now")
    if contact_type == "question":
        return _question_urgency(when, slots)
    soon = _SOON.search(when)
    wished = _WISH.search(said("deadline")) and contact_type == "incident"
    if soon and (contact_type == "request" or wished) and slots.get("workaround"):
        # "would be good to have it back before the 2pm meeting", with a way round meanwhile:
        # a wish, not a deadline that stops work
        return Level.MEDIUM, Reason("workaround", slots["workaround"])
    if soon:
        return Level.HIGH, Reason("deadline_soon", soon.group(0))
    # the opening too: "HANDHELDS WON'T LOG IN. WHOLE DEPOT. VANS CAN'T GO." is one message
    stopped = _STOPPED.search(f"{said('impact', 'actual', 'urgency')} ; {_fold(verbatim)}")
    if contact_type == "incident" and stopped and not slots.get("workaround"):
        return Level.HIGH, Reason("work_stopped", stopped.group(0))
    locked = _LOCKED_OUT.search(f"{said('request_why', 'actual')} ; {_fold(verbatim)}")
    if contact_type == "request" and locked and not slots.get("workaround"):
        # "reset the MFA for Tom, he is locked out": a request that gives back a way in is
        # made while someone cannot work
        return Level.HIGH, Reason("work_stopped", locked.group(0))
    if slots.get("workaround"):
        return Level.MEDIUM, Reason("workaround", slots["workaround"])
    broken = _BROKEN.search(said("request_why")) if contact_type == "request" else None
    if broken:
        # "a second monitor, mine died this morning": work goes on, worse, until it comes
        return Level.MEDIUM, Reason("replaces_broken", slots["request_why"])
    # A request for a day later this week ("starting Monday") is Medium: it can be planned,
    # and two analysts reading 320 conversations apart called it so twice as often as High.
    week = _THIS_WEEK.search(when)
    if week:
        return Level.MEDIUM, Reason("deadline_week", week.group(0))
    if contact_type == "incident":
        degraded = _DEGRADED.search(said("actual", "when_pattern"))
        if degraded:
            return Level.MEDIUM, Reason("degraded", degraded.group(0))
        if slots.get("actual") or slots.get("impact"):
            return Level.MEDIUM, Reason("not_working")
    by_when = slots.get("request_by_when", "")
    if contact_type == "request" and (
        re.search(r"\d", by_when) or _LATER.search(_fold(by_when)) or _THIS_MONTH.search(by_when)
    ):
        # "à partir du 4 janvier", "this month": a date further than this week, not "no
        # deadline given"
        return Level.LOW, Reason("deadline_later", by_when)
    return Level.LOW, Reason("can_wait")


# What a request replaces has broken: "mine died this morning", "le mien a lâché".
_BROKEN = re.compile(
    r"\b(?:died|broke|broken|stopped working|is dead|cracked|stolen|est morte?|a lache|"
    r"cassee?|a rendu l'ame|ne marche plus|ne s'allume plus|volee?)\b"
)
_FLOOR = re.compile(r"\b\d+(?:st|nd|rd|th|e|eme|er) (?:floor|etage)\b")
_LOCKED_OUT = _rx(
    r"\b(?:(?:is|am|are|'m|'s|'re|got|been) locked out|can'?t (?:log ?in|sign ?in|get in)|"
    r"cannot (?:log ?in|sign ?in)|unable to (?:log ?in|sign ?in))\b",
    r"\b(?:ne (?:peut|peux|peuvent) (?:plus|pas) se connecter|(?:n'arrive|n'arrivent) (?:plus|pas) a "
    r"se connecter|(?:est|suis|sont) bloquee?s? (?:hors de|dehors)|impossible de (?:me|se) "
    r"connecter)\b",
)
_EVERY_WEEK = re.compile(
    r"\b(?:(?:every|each) (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|"
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)s|"
    r"(?:le|les|chaque|tous les) (?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)s?)\b"
    r"(?! (?:\d|prochain|dernier|matin|soir|apres-midi|morning|afternoon|evening|next|this))"
)


def says_when_needed(text: str) -> bool:
    """Whether a message already says by when something is needed (or that it can wait)."""
    # "peut-on télétravailler le vendredi ?", "every friday": a day that comes back each week
    # is what the question is about, not when the answer is needed
    folded = _EVERY_WEEK.sub(" ", _fold(text))
    patterns = (_SAYS_URGENT, _WITHIN_HOURS, _SOON, _THIS_WEEK, _LATER)
    return any(p.search(folded) for p in patterns)


def _question_urgency(when: str, slots: dict[str, str]) -> tuple[Level, Reason]:
    """A how-to question blocks nothing that used to work: it is urgent only when the answer
    is needed within hours, tonight or first thing tomorrow (no working day left to answer
    in); today, tomorrow or a day this week is medium, and so is a way around it meanwhile
    (degraded, not stopped); next week or later leaves time (low)."""
    tomorrow = re.search(r"\b(?:tomorrow|demain)\b", when)
    hours = _WITHIN_HOURS.search(when) or _TONIGHT.search(when)
    if hours and not tomorrow:
        return Level.HIGH, Reason("deadline_soon", hours.group(0))
    first_thing = _FIRST_THING_TOMORROW.search(when)
    if first_thing:  # "before the hearing tomorrow morning": nobody will be there to answer
        return Level.HIGH, Reason("deadline_soon", first_thing.group(0))
    soon = _SOON.search(when)
    if soon:
        return Level.MEDIUM, Reason("deadline_week", soon.group(0))
    later = _LATER.search(when)
    if later:
        return Level.LOW, Reason("deadline_later", later.group(0))
    week = _THIS_WEEK.search(when)
    if week:
        return Level.MEDIUM, Reason("deadline_week", week.group(0))
    if slots.get("workaround"):
        # a way around it meanwhile: degraded, not stopped (the matrix's medium)
        return Level.MEDIUM, Reason("workaround", slots["workaround"])
    return Level.LOW, Reason("can_wait")


def _as_said(reason: Reason, said: str) -> Reason:
    """The evidence in the requester's own spelling ("à 15h", not the folded "a 15h")."""
    if not reason.evidence:
        return reason
    at = same_length_fold(said).find(same_length_fold(reason.evidence))
    if at < 0:
        return reason
    return Reason(reason.code, said[at : at + len(reason.evidence)])


def assess(
    contact_type: str,
    slots: dict[str, str],
    requested: int | None = None,
    critical: tuple[str, ...] = CRITICAL_SERVICES,
    verbatim: str = "",
) -> Priority:
    """Impact from extent and the service's criticality, urgency from deadlines, blocking and
    workaround, growth from the trend; a requester's higher priority is an override."""
    impact, impact_reason = _impact(contact_type, slots, critical, verbatim)
    if contact_type == "question" and impact is Level.HIGH:
        impact = Level.MEDIUM  # a how-to's answer helps them; nothing they had has stopped
    urgency, urgency_reason = _urgency(contact_type, slots, verbatim)
    said = " ".join([*slots.values(), verbatim])
    impact_reason = _as_said(impact_reason, said)
    urgency_reason = _as_said(urgency_reason, said)
    worsening = bool(_WORSE.search(_fold(slots.get("extent_trend", "")))) or bool(
        _GETTING_FREQUENT.search(f"{_fold(verbatim)} ; {_facts(slots, *_HOW_OFTEN)}")
    )
    return compute(
        impact,
        urgency,
        # a how-to or a request does not get worse: "refresh more often than once a day" asks
        worsening=worsening
        and urgency_reason.code != "not_urgent"
        and contact_type not in ("question", "request"),
        requested=requested,
        impact_reason=impact_reason,
        urgency_reason=urgency_reason,
    )
