"""What fails, read as the subject of the first sentence: "Aircon on the 5th floor has been
blowing freezing air" is about the aircon, not the desks people sit at; "dans la salle Everest
le wifi marche pas" is about the wifi, not the room.

A first message usually opens with the thing that fails, after a greeting, a mention, an
"URGENT", a time ("since the weekend") or a place ("dans la salle Everest"). The subject is
the noun phrase that follows, up to its verb, a preposition or the failure itself. It is
trusted only when the sentence introduced it as a thing ("the", "le", "none of the") or it
holds a known name, so that "Rien d'urgent" or "Treasury here" are never taken for one.
"""

from __future__ import annotations

import re

from handoff.extraction import _OBJECT_RE, _PRODUCT_RE, MENTION, PATTERNS
from handoff.people import PEOPLE
from knowledge.text import same_length_fold as _fold

# A mention that addresses the message: a chat's token ("<!channel>", "<@U123>") or "@support".
# What comes before the subject and says nothing about what fails.
_LEAD = re.compile(
    r"(?:(?:" + MENTION + r"|urgent|asap|svp|stp|pls|please|help|fyi|pour info|"
    r"quick q(?:uestion)?|"
    r"(?:hi|hello|hey|hiya|yo|bonjour|salut|coucou|allo|slt|bjr|morning|good (?:morning|afternoon|evening))"
    r"(?: (?:it|team|all|facilities|support))?|"
    r"not urgent|pas urgent|weird one|quick one|so|ok|bon|alors|but|mais|hein|facilities|support|"
    r"(?:it|team|all)(?=,))(?![\w@])[\s!,.:;-]*|[^\w\s'@-]+\s*)+",
)
# A time or a place said before the subject: "since the weekend", "depuis ce matin",
# "dans la salle Everest", "in room C2.14". A place runs up to the next determiner.
_TIME = (
    r"(?:the |this |last |ce |cette |la |le |l')?(?:weekend|week-end|morning|matin|yesterday|hier|"
    r"today|aujourd'hui|night|nuit|evening|soir|afternoon|apres-midi|lunch(?:time)?|midi|"
    r"week|semaine|monday|tuesday|wednesday|thursday|friday|saturday|sunday|lundi|mardi|"
    r"mercredi|jeudi|vendredi|samedi|dimanche|\d{1,2}(?:[h:.]\d{0,2})?(?: ?(?:am|pm))?)"
    r"(?: (?:morning|matin|soir|evening|night|dernier|derniere|passe|afternoon|apres-midi))?"
)
# An event that dates it: "since the network maintenance last night", "depuis la mise à jour
# de lundi".
_EVENT = (
    r"(?:since|depuis|after|apres|following|suite a) (?:the|la|le|l'|this|our|my|cette|ce)\s?"
    r"(?:[\w'-]+ ){0,3}?(?:update|upgrade|maintenance|migration|outage|reboot|restart|move|"
    r"power cut|patch|release|mise a jour|maj|coupure|panne|redemarrage|demenagement|"
    r"intervention|bascule)s?"
    rf"(?: (?:de |d'|du |on )?(?:last \w+|{_TIME}))?"
)
_WHEN_FIRST = re.compile(
    rf"(?:{_EVENT}|(?:since|depuis|as of|from) {_TIME}|this morning|today|tonight|yesterday|"
    rf"ce matin|ce soir|aujourd'hui|hier)\b[\s,]*"
)
_WHERE_FIRST = re.compile(
    r"(?:dans|in|at|on|au|aux|sur|chez) (?:(?:the|le|la|les|l')\s*)?[^,]{1,40}?"
    r"(?=\s(?:the|le|la|les|l')\b|\s(?:l')|,)[\s,]*"
)
# "none of the desk phones", "all tills", "tous les TPE", "plus de wifi": the thing.
_QUANTITY = re.compile(
    r"(?:none of (?:the |our )?|all (?:of )?(?:the |our )?|every |half (?:of )?(?:the |our )?|"
    r"some (?:of )?(?:the |our )?|most (?:of )?(?:the |our )?|a few (?:of )?(?:the |our )?|"
    r"\d+ of (?:the |our |my )|aucun(?:e)? des |tous les |toutes les |la plupart des |"
    r"certains |certaines |plus (?:de |d'|aucun |aucune )|pas de |pas d')"
)
_DETERMINER = re.compile(
    r"(?:the|our|my|your|their|this|these|those|les|le|la|notre|nos|mon|ma|mes|"
    r"cet|cette|ces|leur|leurs)\b\s*|l'\s*"
)
# Where the subject ends: its verb, a preposition, or punctuation.
_VERB = (
    r"is|are|was|were|be|been|has|have|had|do|does|did|keeps?|kept|won'?t|wont|can'?t|cant|"
    r"cannot|can|could|may|might|must|needs?|couldn'?t|doesn'?t|doesnt|don'?t|dont|didn'?t|"
    r"didnt|isn'?t|isnt|aren'?t|arent|wasn'?t|hasn'?t|hasnt|haven'?t|will|would|should|seems?|"
    r"stopped|just|not|never|no longer|broke|died|dead|down|again|now|super|really|painfully|"
    r"crashed|crashes|froze|frozen|failed|fails|says|shows|takes|went|got|gets|started|starts|"
    r"randomly|suddenly|still|also|flickers|crackles|kicks|dies|lags|beeps|spins|loops|"
    r"reboots|restarts|goes|comes|ne|n'\w*|est|sont|a|ont|etait|etaient|marche|marchent|"
    r"plante|plantent|rame|rament|fonctionne|fonctionnent|refuse|refusent|affiche|affichent|"
    r"se|s'\w*|fait|font|va|vont|bug\w*|beug\w*|reste|restent|veut|veulent|peut|peuvent|qui|"
    r"que|qu'\w*|semble|semblent|m'\w*|me|nous|vous|y|doit|doivent|devient|deviennent|met|"
    r"mettent|prend|prennent|tourne|tournent|clignote|clignotent|coupe|coupent|saute|sautent|"
    r"encore|toujours|hs|en rade|en panne"
)
_PREPOSITION = (
    r"on|in|at|from|for|with|to|into|near|by|since|after|before|when|while|during|dans|sur|"
    r"a|au|aux|chez|pour|avec|depuis|en|pres|pendant|quand|lorsque|avant|apres|and|et|or|ou"
)
# Plural verbs that also name things ("print queue"): they end a subject, never reject one.
_PLURAL_VERB = (
    r"show|say|take|get|go|come|fail|crash|freeze|drop|hang|work|print|load|open|run|display|"
    r"return|throw|stop|keep|give|need|seem|look|flicker|beep|reboot|restart|disconnect|"
    r"resets?|reverts?|changes|disappears?|vanishes|opens|closes|logs|signs|prints|loads|"
    r"crackles|buzz(?:es)?|hums?|jams?|sticks?|lags?|drains?|overheats?"
)
_END = re.compile(
    rf"\s+(?:{_VERB}|{_PLURAL_VERB}|{_PREPOSITION})\b|\s*[,;:(!?\"«“]|\s+-\s|\.\s|\.$"
)
# ("impossible d'imprimer sur l'imprimante…", "unable to print": the failure comes first)
_STARTS_WITH_VERB = re.compile(
    rf"(?:{_VERB}|{_PREPOSITION}|no|c'\w*|sorry|desole\w*|impossible|unable|plus moyen)\b"
)
# Words ending in -ing that are nouns ("meeting room", "booking site"), not a verb.
_ING_NOUNS = frozenset(
    [
        "building",
        "meeting",
        "booking",
        "parking",
        "ceiling",
        "thing",
        "something",
        "morning",
        "evening",
        "string",
        "printing",
        "ring",
        "king",
        "housing",
        "training",
        "banking",
        "billing",
        "accounting",
        "marketing",
        "shipping",
        "scheduling",
        "recording",
        "sharing",
        "messaging",
        "ticketing",
        "routing",
        "signing",
        "landing",
        "listing",
        "packing",
        "picking",
        "heating",
        "lighting",
        "flooring",
        "clocking",
        "planning",
        "rostering",
        "staffing",
    ]
)
_NOT_A_THING = re.compile(
    rf"\b(?:i|we|us|me|moi|you|it|they|je|j'|on|nous|vous|il|elle|ils|elles|ca|this|that|"
    rf"there|here|ici|someone|anyone|anybody|somebody|everyone|everybody|nobody|quelqu'un|"
    rf"personne|tout le monde|others?|autres?|all|tous|toutes|tout|everything|nothing|rien|"
    rf"how|what|why|where|which|comment|pourquoi|ou|quel\w*|est-ce|since|depuis|after|apres|"
    rf"before|avant|when|quand|lorsque|if|si|for|pour|with|avec|without|sans|sorry|desole\w*|"
    rf"time|fois|day|jour|journee|matinee|morning|matin|week|semaine|minor|grave|urgent\w*|"
    rf"(?:{PEOPLE})|(?<![-\w])(?:team|equipe|service))\b"
)
# A place is where it fails, not what fails ("half the floor", "au magasin de Bordeaux").
_PLACE = re.compile(
    r"(?:floor|office|site|building|etage|plateau|agence|magasin|branch|campus|warehouse|"
    r"entrepot|depot|room|salle|bureau|desk|zone|aile|wing|ward|service)s?"
)
# A system's own name, as people type it: "KronoSite", "CAD", "LT2".
_SYSTEM_NAME = re.compile(r"\b(?:[A-Z][a-z]+[A-Z]\w*|[A-Z]{2,}\w*|\w*\d\w*)\b")


def lead_subject(sentence: str) -> str | None:
    """The noun phrase a sentence opens with, when it names a thing; else None."""
    folded = _fold(sentence)
    at, moved, introduced = _skip_lead(folded), True, False
    while moved:  # "Hi, since the weekend none of the desk phones…"
        moved = False
        for clean in (_LEAD, _WHEN_FIRST, _WHERE_FIRST, _QUANTITY, _DETERMINER):
            found = clean.match(folded, at)
            if found and found.end() > at:
                at, moved = found.end(), True
                introduced = clean in (_QUANTITY, _DETERMINER)
    if _STARTS_WITH_VERB.match(folded, at):
        return None  # "is the VPN down?", "cant print to…": no subject opens the sentence
    deviation = next((m.start() for m in PATTERNS["actual"].finditer(folded, at)), len(folded))
    end = _END.search(folded, at)
    stop = min(deviation, end.start() if end else len(folded))
    words = list(re.finditer(r"[\w'’@.-]+", folded[at:stop]))
    for i, word in enumerate(words):
        text = word.group(0)
        if text.endswith("ing") and text not in _ING_NOUNS:
            if i == 0:
                return None  # "Saving docs to CaseVault fails": an action, not a thing
            stop = at + word.start()  # "all tills declining cards"
            break
    phrase = sentence[at:stop].strip(" ,.-'’")
    folded_phrase = _fold(phrase)
    size = len(re.findall(r"[\w@]+", phrase))
    linked = re.search(r"\b(?:de|du|des|d')\b", folded_phrase)  # "store de la salle Everest"
    if not phrase or not 1 <= size <= (5 if linked else 4):
        return None
    if _NOT_A_THING.search(folded_phrase) or _is_place(phrase):
        return None
    named = (
        _OBJECT_RE.search(folded_phrase)
        or _PRODUCT_RE.search(folded_phrase)
        or _SYSTEM_NAME.search(phrase)
    )
    return phrase if introduced or named else None


def _is_place(phrase: str) -> bool:
    """ "floor", "meeting room", "salle Everest", "magasin de Nantes" (not "desk phones")."""
    words = _fold(phrase).split()
    if _PLACE.fullmatch(words[-1]):
        # "la lampe de mon bureau", "the lamp on my desk": a thing of the place
        linked = len(words) > 2 and words[1] in ("de", "du", "des", "of", "on", "in", "at")
        return not (linked and not _PLACE.fullmatch(words[0]))
    rest = phrase.split()[1:]
    named = all(w[:1].isupper() or w[:1].isdigit() or w in ("de", "du", "des") for w in rest)
    return bool(_PLACE.fullmatch(words[0])) and named


def without_lead(text: str) -> str:
    """The text after a leading greeting, mention, "URGENT" or label word."""
    lead = _LEAD.match(_fold(text))
    return text[lead.end() :] if lead else text


def first_subject(parts: list[str]) -> str | None:
    """The subject the first sentence opens with, or its clause after "but" ("Not sure if
    this is you or estates but the fridge alerts have stopped") or after a short aside
    ("super minor, my desktop wallpaper resets…")."""
    if not parts:
        return None
    first = parts[0]
    aside = re.match(r"[^,]{1,25},\s*(.+)", first, re.S)
    clauses = [
        first,
        *(m.group(1) for m in [_BUT.search(first)] if m),
        *(m.group(1) for m in [aside] if m and len(m.group(0).split(",")[0].split()) <= 3),
    ]
    return next((s for s in map(lead_subject, clauses) if s), None)


_BUT = re.compile(r"\b(?:but|mais)\s+(.*)", re.I | re.S)


def _skip_lead(folded: str) -> int:
    """Where the sentence proper starts: after a short label that ends with a colon or a dash
    ("URGENT call centre: agents…", "URGENT magasin Part-Dieu : les TPE…")."""
    lead = _LEAD.match(folded)
    at = lead.end() if lead else 0
    label = re.match(r"[^:]{0,40}?\s?(?::|\s-)\s+", folded[at:])
    if label and len(label.group(0).split()) <= 5:
        return at + label.end()
    return at
