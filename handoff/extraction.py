"""What the employee already told us: contact type, appraisal slots, language, urgency.

Rule based and bilingual (English, French): compiled patterns over accent-folded text, each
slot keeping the verbatim snippet that answered it (domain.md section 5, last column).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from knowledge.text import guess_language


class ContactType(StrEnum):
    QUESTION = "question"
    REQUEST = "request"
    INCIDENT = "incident"


SLOTS: tuple[str, ...] = (
    "concerns",
    "object",
    "expected",
    "actual",
    "what_is_not",
    "where",
    "where_on_object",
    "when_first",
    "when_pattern",
    "extent_count",
    "extent_trend",
    "changes",
    "impact",
    "urgency",
    "deadline",
    "workaround",
)


@dataclass(frozen=True)
class Extraction:
    slots: dict[str, str]
    contact_type: ContactType | None
    language: str
    wants_human: bool
    urgent: bool  # said "urgent" / "asap" / "au plus vite": skip to the statement


def _fold(text: str) -> str:
    """Lowercase, accents stripped, same length as the input (so spans map back)."""
    out = []
    for ch in text:
        base = unicodedata.normalize("NFKD", ch)
        kept = "".join(c for c in base if not unicodedata.combining(c)).lower()
        out.append(kept[:1] if len(kept) >= 1 else " ")
    return "".join(out).replace("\u2019", "'")


def _rx(*alternatives: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{a})" for a in alternatives), re.I)


# Known services and devices (PA1). Longest names first so "payroll export" wins over "payroll".
# fmt: off
_OBJECTS = sorted(
    [
        "globalprotect", "anyconnect", "vpn", "outlook", "teams", "zoom", "slack", "okta",
        "okta verify", "mfa", "authenticator", "wi-fi", "wifi", "corp-wifi", "corp-guest",
        "printer", "imprimante", "scanner", "papercut", "followme", "printing", "print",
        "imprimer", "impression", "laptop", "ordinateur", "pc", "macbook", "mac", "windows",
        "keyboard", "clavier", "mouse", "souris", "monitor", "screen", "ecran", "dock",
        "docking station", "station d'accueil", "headset", "casque", "webcam", "camera",
        "micro", "microphone", "phone", "telephone", "iphone", "android", "payflow", "payroll",
        "paie", "payroll export", "export de paie", "expensify", "expense report",
        "note de frais", "jira", "confluence", "sharepoint", "onedrive", "excel", "word",
        "powerpoint", "visio", "chrome", "edge", "firefox", "browser", "navigateur", "bitlocker",
        "filevault", "intune", "company portal", "portail d'entreprise", "email", "e-mail",
        "mail", "mailbox", "boite mail", "messagerie", "calendar", "calendrier", "tableau",
        "salesforce", "sap", "workday", "badge", "password", "mot de passe", "account",
        "compte", "network", "reseau", "internet", "shared drive", "file share",
        "dossier partage", "intranet",
    ],
    key=len,
    reverse=True,
)
# fmt: on
_OBJECT_RE = re.compile(r"\b(" + "|".join(re.escape(o) for o in _OBJECTS) + r")s?\b")

_ERROR_CODE = r"\b(?:0x[0-9a-f]{4,8}|err(?:or)?[ _-]?\d{2,5}|code \d{3,5}|\d{3} error)\b"
_QUOTED = r"[\"“«][^\"”»]{3,200}[\"”»]"

PATTERNS: dict[str, re.Pattern[str]] = {
    "expected": _rx(
        r"\b(?:normally|usually|it should|should be able to|is supposed to|used to)\b[^.;!?]*",
        r"\b(?:normalement|d'habitude|habituellement|devrait|est cense)\b[^.;!?]*",
    ),
    "actual": _rx(
        _QUOTED,
        _ERROR_CODE,
        r"\b(?:error|erreur|crash(?:es|ed|ing)?|freez(?:es|ing)|froze|hangs?|fails?|failed|"
        r"failing|won'?t (?:open|start|connect|load|print|send|sync)|doesn'?t (?:work|open|load|"
        r"connect|print|sync|send|arrive)|does not work|not working|stopped working|"
        r"can'?t (?:connect|log ?in|sign ?in|open|print|send|access|see|hear|load)|"
        r"cannot (?:connect|log ?in|sign ?in|open|print|send|access)|"
        r"keeps? (?:dropping|crashing|disconnecting|freezing|asking)|disconnects?|drops?|black|"
        r"blank|stuck|slow|timing out|times out|takes? \d+ minutes|locked|"
        r"never (?:arrives?|shows? up|comes?)|(?:nobody|no one)\b[^.;!?]{0,40}\bcan \w+|"
        r"asks? for (?:a |the |my )?(?:recovery )?(?:key|password|code))\b[^.;!?]*",
        r"\b(?:plante|bloque|ne (?:marche|fonctionne|s'ouvre|se connecte|demarre|charge|"
        r"s'affiche|imprime|synchronise)\w* (?:plus|pas)|ne repond plus|impossible de|echec|"
        r"lent|tres lent|reste (?:noir|bloque)|se deconnecte|coupe|verrouille|"
        r"n'arrive (?:plus|pas)|ne peu(?:t|vent) (?:plus|pas) \w+|"
        r"personne\b[^.;!?]{0,40}\bne peu(?:t|vent) \w+|"
        r"demande une cle(?: de recuperation)?)\b[^.;!?]*",
    ),
    "what_is_not": _rx(
        r"\bbut (?:it |the |my )?[\w\s-]{1,40}? (?:works?|is fine|is ok|works fine)\b[^.;!?]*",
        r"\b(?:works|working) (?:fine )?(?:on|from|with) (?:my|the) [\w-]+[^.;!?]*",
        r"\bmais [\w\s'-]{1,40}? (?:marche|fonctionne)\b[^.;!?]*",
        r"\b(?:marche|fonctionne) (?:bien )?(?:sur|depuis|avec) (?:mon|ma|le|la) [\w-]+[^.;!?]*",
    ),
    "where": _rx(
        r"\b(?:from home|at home|working from home|remote(?:ly)?|on (?:the )?vpn|in the office|"
        r"at the office|(?<![-\w])office|headquarters|hq|on site|on-site|hotel|"
        r"(?:meeting|conference) room \w+|"
        r"(?:in|at) (?:the )?[a-z]+ (?:office|site|building)|floor \d+|\d+(?:st|nd|rd|th) floor)\b",
        r"\b(?:de chez moi|a la maison|a domicile|en teletravail|teletravail|au bureau|"
        r"bureau de \w+|site de \w+|sur site|au siege|\d+e etage|etage \d+|"
        r"salle (?:de reunion )?\w+)\b",
    ),
    "where_on_object": _rx(
        r"\b(?:(?:when|whenever|every time|each time) I (?:click|open|try to|log ?in|sign ?in|"
        r"send|print|share|join|save|upload|submit|connect|attach|start|launch|boot)|"
        r"at (?:login|sign-?in|startup|boot|the printer)|on the \w+ (?:screen|page|step)|"
        r"while (?:sending|printing|uploading|exporting|saving))\b[^.;!?]*",
        r"\b(?:quand je (?:clique|lance|ouvre|partage|envoie|imprime|me connecte|valide|rejoins|"
        r"demarre)|quand j'\w+|lorsque j(?:e |')\w+|au (?:demarrage|lancement)|"
        r"a chaque demarrage|a la connexion|a l'ouverture|a l'etape \w+|"
        r"sur l'ecran \w+)\b[^.;!?]*",
    ),
    "when_first": _rx(
        r"\b(?:since|starting|started|began)\b[^.;!?,]*",
        r"\b(?:this morning|yesterday|today|last (?:week|night|monday|tuesday|wednesday|thursday|"
        r"friday)|on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|"
        r"\d+ (?:days?|hours?|weeks?) ago|after the (?:update|upgrade|reboot|migration))\b",
        r"\b(?:depuis|a partir de)\b[^.;!?,]*",
        r"\b(?:ce matin|hier|la semaine derniere|(?:lundi|mardi|mercredi|jeudi|vendredi) "
        r"(?:dernier|matin)|il y a \d+ (?:jours?|heures?|semaines?))\b",
        r"\b\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?\b",
    ),
    "when_pattern": _rx(
        r"\b(?:always|every ?time|each time|sometimes|intermittent(?:ly)?|randomly|now and then|"
        r"every (?:\d+ )?(?:minutes?|hours?|morning|few minutes)|all the time|"
        r"several times a day|once a day|in the mornings?)\b",
        r"\b(?:toujours|a chaque (?:fois|demarrage)|chaque fois|parfois|de temps en temps|"
        r"par intermittence|toutes les \d* ?(?:minutes?|heures?)|tout le temps|"
        r"plusieurs fois par jour|le matin)\b",
    ),
    "extent_count": _rx(
        r"\b(?:only me|just me|only for me|only (?:on )?my (?:laptop|account|machine|pc|computer)|"
        r"nobody|no one|everyone|everybody|all of us|the whole (?:\w+ )?(?:team|floor|office|"
        r"company|department|site)|my (?:whole )?team|my colleagues?|several (?:people|"
        r"colleagues|users)|other people|others too|\d+ (?:people|users|colleagues|persons))\b",
        r"\b(?:seulement moi|que moi|juste moi|(?:seulement|uniquement) sur mon \w+|"
        r"tout le monde|toute l'equipe|mon equipe|mes collegues|plusieurs (?:collegues|"
        r"personnes)|tout le (?:service|bureau|site|etage)|personne d'autre|"
        r"\d+ (?:personnes|collegues|utilisateurs))\b",
        r"^\s*personne\b",
    ),
    "extent_trend": _rx(
        r"\b(?:getting worse|worse and worse|worse every day|more and more|more often|"
        r"getting better|stable)\b",
        r"\b(?:de plus en plus|empire|s'aggrave|de pire en pire|s'ameliore)\b",
    ),
    "changes": _rx(
        r"\b(?:since|after) (?:the |an? |my |this )?(?:[\w']+ ){0,2}(?:update|upgrade|migration|"
        r"reinstall|password change|move|reset|patch)\w*\b[^.;!?,]*",
        r"\b(?:since|after) (?:the |an? |my |this )?(?:[\w']+ )?new (?:laptop|phone|pc|computer|"
        r"dock)\b[^.;!?,]*",
        r"\b(?:since|after) I (?:got|changed|installed|updated|moved|reset|upgraded)\b[^.;!?,]*",
        r"\b(?:changed my password|was (?:updated|upgraded|migrated|reinstalled))\b[^.;!?,]*",
        r"\b(?:depuis|apres) (?:la |le |l'|mon |ma )?(?:mise a jour|migration|changement|"
        r"nouvel? \w+|reinstallation|demenagement)\b[^.;!?,]*",
        r"\b(?:depuis que j'ai (?:change|installe|recu|eu|mis a jour|(?:un |une )?nouv\w+)|"
        r"changement de mot de passe)[^.;!?,]*",
    ),
    "impact": _rx(
        r"\b(?:i|we) (?:can'?t|cannot|am unable to|are unable to) (?!connect|log ?in|sign ?in|"
        r"open|print|see|hear|load)[^.;!?]*",
        r"\b(?:blocks?|blocking|prevents?) (?:me|us|the)\b[^.;!?]*",
        r"\b(?:can'?t work|cannot work|unable to work|work (?:has )?stopped|"
        r"losing (?:money|sales|customers))\b",
        r"\b(?:je ne peux (?:pas|plus)|nous ne pouvons (?:pas|plus)|impossible de travailler|"
        r"m'empeche de|nous empeche de|bloque (?:la|le|les) \w+)\b[^.;!?]*",
    ),
    "urgency": _rx(
        r"\b(?:urgent(?:ly)?|asap|as soon as possible|emergency|critical|blocked|"
        r"right now|immediately|high priority)\b",
        r"\b(?:urgent|urgence|au plus vite|des que possible|critique|bloquee?s?|bloque|"
        r"immediatement|tout de suite|prioritaire)\b",
    ),
    "deadline": _rx(
        r"\b(?:by|before|until|due|for) (?:tomorrow|tonight|today|end of (?:day|week|month)|eod|"
        r"monday|tuesday|wednesday|thursday|friday|\d{1,2}(?::\d{2})? ?(?:am|pm)|noon)\b[^.;!?]*",
        r"\b(?:\w+ ){0,3}(?:must|has to|needs to|have to) (?:run|go out|be (?:done|sent|ready)|"
        r"ship|happen|be paid)[^.;!?]*(?:tomorrow|today|tonight|friday|monday|this week)\b",
        r"\b(?:deadline|(?:meeting|presentation|demo) at \d|(?:is )?due at \d{1,2} ?(?:am|pm)?|"
        r"at \d{1,2} ?(?:am|pm))\b[^.;!?]*",
        r"\b(?:avant|pour|d'ici) (?:demain|ce soir|vendredi|lundi|la fin de (?:la )?(?:journee|"
        r"semaine|mois)|\d{1,2} ?h)\b[^.;!?]*",
        r"\b(?:\w+ ){0,3}(?:doit|doivent) (?:partir|etre (?:faite?s?|envoyee?s?|prete?s?)|"
        r"tourner)\b[^.;!?]*(?:demain|aujourd'hui|ce soir|vendredi)\b",
    ),
    "request_for_whom": _rx(
        r"\bfor (?:me|myself|my (?:new )?(?:colleague|team|manager|assistant|intern)|"
        r"a new (?:starter|hire|colleague|joiner)|our new \w+)\b",
        r"\bpour (?:moi|moi-meme|mon (?:collegue|equipe|manager|stagiaire)|ma (?:collegue|"
        r"manager|stagiaire)|un nouvel? (?:arrivant|collaborateur|collegue))\b",
    ),
    "workaround": _rx(
        r"\b(?:for now I(?:'m| am)? (?:using|use)|in the meantime|as a workaround|workaround|"
        r"I can still use|I'm using [\w ]+ (?:instead|for now)|meanwhile)\b[^.;!?]*",
        r"\b(?:en attendant|pour l'instant j'utilise|contournement|je passe par|"
        r"j'utilise \w+ a la place)\b[^.;!?]*",
    ),
}

_QUESTION = _rx(
    r"^\s*(?:how (?:do|can|to|should)|how's|where (?:do|can|is|are)|what(?:'s| is) the (?:best )?"
    r"way|can (?:i|you) (?:get|find|set|change|add|book|claim)|is (?:it|there) (?:possible|a way)|"
    r"what (?:is|are)|who (?:do|can|should))\b",
    r"^\s*(?:comment|ou (?:trouver|est|sont|puis-je)|est-ce que je peux|puis-je|peut-on|"
    r"quelle? est la (?:procedure|marche)|a qui)\b",
    r"\b(?:how do i|how can i|how to|comment (?:faire|puis-je|je peux|on)|ou trouver)\b",
)
_REQUEST = _rx(
    r"\b(?:i need|i'd need|i would like|i'd like|i want|can i (?:get|have)|could (?:i|you) "
    r"(?:get|give|grant|create|install|order)|please (?:give|grant|create|install|add|order)|"
    r"requesting|request(?:ing)? (?:access|a|an)|need (?:access|a new|an? )|"
    r"access (?:to|for)|permission(?:s)? (?:to|for)|new (?:laptop|account|phone|license|licence))\b",
    r"\b(?:j'ai besoin|je voudrais|j'aimerais|je souhaite|pourriez-vous|pouvez-vous "
    r"(?:me donner|m'ajouter|installer|creer|commander)|demande d'acces|acces (?:a|au|aux)|"
    r"droits? (?:sur|d'acces)|nouvel? (?:ordinateur|compte|telephone|licence))\b",
)
_WANTS_HUMAN = _rx(
    r"\b(?:talk|speak|chat) (?:to|with) (?:a |an )?(?:human|person|agent|someone|somebody|"
    r"real person|technician)\b",
    r"\b(?:just escalate|escalate (?:this|it|please)|human please|need a human|get me a human|"
    r"open a ticket|create a ticket)\b",
    r"\b(?:parler (?:a|avec) (?:un |une |quelqu'un|un humain|une personne|un agent|un technicien)|"
    r"un humain|escaladez|transmettez|ouvrir un ticket|creer un ticket)\b",
)
# Saying "urgent" sends the conversation straight to the problem statement (issue 3).
_SAYS_URGENT = _rx(r"\b(?:urgent|urgently|asap|as soon as possible|urgence|au plus vite)\b")
_CONCERNS = _rx(
    r"\b(?:and also|also|another (?:issue|problem)|two (?:issues|problems)|"
    r"several (?:issues|problems)|on top of that)\b",
    r"\b(?:et aussi|autre probleme|deux problemes|plusieurs problemes|en plus|par ailleurs)\b",
)


def detect_language(text: str) -> str:
    return guess_language(text)


_CLAUSE_END = re.compile(r"\s+(?:and|but|mais|et|so|donc)\s+|[,;()]")


def _find(
    pattern: re.Pattern[str], folded: str, original: str, keep_last: bool = False
) -> str | None:
    """The verbatim snippet of the first match, cut to one clause (its first, or its last)."""
    match = pattern.search(folded)
    if match is None:
        return None
    snippet = original[match.start() : match.end()]
    if keep_last:
        bounds = list(_CLAUSE_END.finditer(_fold(snippet)))
        if bounds:
            snippet = snippet[bounds[-1].end() :]
    elif not snippet.lstrip().startswith(('"', "“", "«")):
        cut = _CLAUSE_END.search(_fold(snippet), 1)
        if cut is not None:
            snippet = snippet[: cut.start()]
    snippet = re.sub(r"^\s*(?:and|but|so|et|mais|donc)\s+", "", snippet, flags=re.I)
    return snippet.strip(" ,;:-") or None


# The requester insisting on a priority ("this is P1", "priorité 2"): accepted and recorded
# as an override when it is higher than the matrix gives (domain.md section 7).
_REQUESTED_PRIORITY = _rx(r"\b(?:p|priority|priorite|prio)\s*[:=]?\s*([1-5])\b")


def extract_slots(text: str) -> dict[str, str]:
    """Slot id -> the verbatim snippet that fills it."""
    folded = _fold(text)
    slots: dict[str, str] = {}
    obj = _OBJECT_RE.search(folded)
    if obj:
        slots["object"] = text[obj.start() : obj.end()].strip()
    for slot, pattern in PATTERNS.items():
        found = _find(pattern, folded, text, keep_last=slot == "deadline")
        if found:
            slots[slot] = found
    insisted = _REQUESTED_PRIORITY.search(folded)
    if insisted:
        slots["requested_priority"] = insisted.group(1)
    concerns = _CONCERNS.search(folded)
    if concerns and len(set(_OBJECT_RE.findall(folded))) >= 2:
        slots["concerns"] = text.strip()
    return slots


def detect_contact_type(text: str, language: str | None = None) -> ContactType | None:
    folded = _fold(text)
    slots = extract_slots(text)
    deviation = any(k in slots for k in ("actual", "changes", "when_first", "what_is_not"))
    if _REQUEST.search(folded) and not deviation:
        return ContactType.REQUEST
    if _QUESTION.search(folded) and not (deviation and "actual" in slots):
        return ContactType.QUESTION
    if deviation:
        return ContactType.INCIDENT
    if _REQUEST.search(folded):
        return ContactType.REQUEST
    return None


def extract(text: str, language: str | None = None) -> Extraction:
    folded = _fold(text)
    slots = extract_slots(text)
    return Extraction(
        slots=slots,
        contact_type=detect_contact_type(text, language),
        language=language or detect_language(text),
        wants_human=bool(_WANTS_HUMAN.search(folded)),
        urgent=bool(_SAYS_URGENT.search(folded)),
    )


def merge(previous: dict[str, str], new: dict[str, str]) -> dict[str, str]:
    """Earlier answers stay; new slots are added."""
    merged = dict(previous)
    for slot, value in new.items():
        if value and not merged.get(slot):
            merged[slot] = value
    return merged
