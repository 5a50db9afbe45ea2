"""What a reply to the appraisal questions just asked says, slot by slot.

The reply fills the slots that were asked (domain.md section 5): it is split into clauses, a
clause whose words name an asked slot goes to that slot, and a clause that names none goes to
the first asked slot still without an answer. Only then may the rules add other slots from the
remaining clauses; they add, never replace. "No idea" leaves a slot open and says so.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from handoff import slot_tagger
from handoff.extraction import (
    CANNOT,
    HOW_IT_FAILS,
    LEADING_CONJUNCTION,
    PRODUCTS,
    QUOTED,
    TOOLS,
    VAGUE_FAILURE,
    WORKS_ON,
    _cut_cleanly,
    done_then,
    extract_slots,
    merge,
    says_message,
)
from handoff.people import COUNT_WORD, ONE_OF, PEOPLE
from handoff.tried import is_verdict
from knowledge.text import dangling_end, tokens
from knowledge.text import same_length_fold as _fold

# Sentences, not commas: one answer is usually one sentence, and its commas belong to it.
# (a quoted message that ends a sentence ends it too: "…says 'Access denied.' Then it…")
_CLAUSES = re.compile(r"(?<=[.;!?\n])\s+(?=[^\s])|(?<=[.!?]['\"”»])\s+(?=[A-ZÀ-Ý])|\n+")


_COMMA = re.compile(r",\s+")
_BUT_AHEAD = re.compile(r"\s+(?=(?:but|mais)\s)", re.I)


def _cuts(pattern: re.Pattern[str], text: str) -> list[re.Match[str]]:
    """Where the pattern matches, except inside a quoted message ('Cannot start Microsoft
    Outlook. Cannot open the Outlook window.' is one thing the screen says)."""
    quoted = [m.span() for m in QUOTED.finditer(text)]
    return [m for m in pattern.finditer(text) if not any(a < m.start() < b for a, b in quoted)]


def _split(pattern: re.Pattern[str], text: str) -> list[str]:
    """Text cut where the pattern matches, never inside a quoted message."""
    out: list[str] = []
    start = 0
    for cut in _cuts(pattern, text):
        out.append(text[start : cut.start()])
        start = cut.end()
    return [*out, text[start:]]


def _unquoted(text: str) -> str:
    """The employee's own words: each quoted message stands as one word ("Teams says 'We
    can't find a camera'" says nothing the employee cannot do)."""
    return QUOTED.sub('"message"', text)


_YES_LEAD = re.compile(
    # ("no one else" keeps its "no": only a "no," that stands apart answers)
    r"^\s*(?:(?:yes|yeah|yep|yup|oui|ouais|non(?! plus\b))\b[\s,.!:;-]+|(?:no|nope|nah)[,.!:;]\s*)",
    re.I,
)


# "like I said, the design team all work in Figma": a reminder, not part of the fact.
_SAID_BEFORE = re.compile(
    r"^\s*(?:like|as) i (?:said|mentioned|wrote)(?: (?:before|earlier|above))?[\s,.:;-]+|"
    r"^\s*comme (?:je (?:l'ai |vous l'ai )?(?:dit|disais|ecrit|écrit)|dit)(?: plus haut)?[\s,.:;-]+",
    re.I,
)


def _without_yes_no(clause: str) -> str:
    """The clause less a leading yes or no that stands apart ("non, pas de contournement")."""
    return _YES_LEAD.sub("", clause).strip(" .!")


_UNKNOWN = re.compile(
    r"^\W*(?:(?:hmm+|alors la|sorry|desolee?|honestly|franchement)\W+)?(?:i )?(?:(?:really )?"
    r"(?:don'?t|do not) know|no idea|not sure|unsure|no clue|"
    r"dunno|idk|jsp|can'?t (?:say|tell)|couldn'?t (?:say|tell)|haven'?t (?:a|the faintest) clue|"
    r"(?:je )?(?:ne )?sais pas|j'en sais rien|aucune idee|pas (?:la moindre |d')idee|"
    r"pas (?:sure?|certaine?)|je ne suis pas sure?|je ne saurais (?:pas )?(?:vous )?dire|n/?a|"
    # a deferral answers nothing: "I'd have to check with HR", "voyez avec la DSI"
    r"i'?d (?:have|need) to (?:check|ask)|i'?ll (?:have to )?(?:check|ask)|i need to (?:check|ask)|"
    r"you'?d have to ask|ask (?:the|my|our|his|her) [\w -]{2,30}\W*$|[\w -]{2,30} would know\W*$|"
    r"[\w -]{2,30} le saura\W*$|il (?:faudrait|faut) (?:demander|voir)|voyez avec|"
    r"demandez (?:a|au|aux)|je (?:me renseigne|verifie|verifierai|reviens vers vous)|"
    r"je demande (?:a|au|aux) [\w -]{2,30}\W*$|je (?:ne )?connais pas)(?:\b|$)",
    re.I,
)
# "Nothing in particular", "rien de particulier": an answer that says there is nothing.
_NOTHING_SAID = (
    r"nothing (?:in particular|special|that i know of)|rien de (?:particulier|special)|"
    r"rien a signaler"
)
_NOTHING = re.compile(rf"^\W*(?:{_NOTHING_SAID})\W*$")
# A reply of one word, yes or no: it answers a yes/no question and no other.
_YES_NO_WORD = re.compile(r"yes|yeah|yep|yup|no|nope|nah|oui|ouais|non|nan")
_BARE_YES_NO = re.compile(
    r"^\W*(?:(?:yes|yeah|yep|yup|no|nope|nah|oui|ouais|non|nan|si)\W*)?"
    r"(?:not really|pas vraiment|nothing|none|rien|aucun|aucune|non plus|neither|"
    + _NOTHING_SAID
    + r"|pas que je sache|not that i know of|"
    # "non, toujours bloqué" to "does it work elsewhere?": no place, and nowhere else either
    r"(?:it'?s )?still (?:broken|stuck|blocked|the same|down)|same(?: everywhere)?|everywhere|"
    r"toujours (?:bloquee?|pareil|en panne|pas)|pareil(?: partout| ailleurs)?|partout|"
    r"ailleurs (?:aussi|pareil)|same elsewhere|elsewhere too)?\W*$",
    re.I,
)
_YES_NO_QUESTIONS = frozenset({"changes"})
# A word said to the bot, not an answer: "send", "thanks", "ok".
_NO_ANSWER = re.compile(
    r"^\W*(?:send|send it|envoyer|envoie|thanks|thank you|thx|merci|done|ok|okay)\W*$", re.I
)
# In an answer about impact, a clause with one of these is the workaround, not the impact.
_WORKAROUND_CUE = re.compile(
    # "shows dashes instead of the code" says what happens; "I print upstairs instead of
    # here" is how they cope
    r"\b(?:instead(?! of)|(?:(?:i|we|je|on|nous)(?:'m| am| are|'re)? (?!(?:get|see|receive|have|"
    r"got|only|just|recois|vois|ai|obtiens|avons|voyons)\b)|j'(?!ai\b|obtiens\b))[\w'-]+"
    r"[^,;.]{0,50}?\b(?:instead of|a la place d[eu']|a la place des)|"
    r"for now|in the meantime|meanwhile|manually|by hand|workaround|as a fallback|"
    r"i (?:can )?still (?:use|work)|we (?:can )?still (?:use|find)|i(?:'m| am) using|we(?:'re| are) using|"
    r"i use|we use|i just (?:use|start|go)|a la place(?! d)|en attendant|pour l'instant|pour le moment|"
    r"je passe par|on passe par|ca depanne|a la main|manuellement|j'utilise|on utilise|"
    r"on peut (?:envoyer|passer|utiliser)|(?:je|on) (?:peux|peut|pourrai|pourra) (?:travailler|"
    r"bosser|utiliser|passer par|continuer) (?:sur|avec|par|depuis)|(?<!comment )je (?:sonne|demande|"
    r"fais(?! (?:quoi|comment|pour|beaucoup|souvent|des|du|de|les|mes|plein|tous)\b))|on refait|je refais|"
    r"have been letting me|i'?m typing in|i have to (?:buzz|ask|use|go)|i'?ve (?:just )?moved to|"
    r"on se debrouille|on depanne|je fais avec|je dois (?:sonner|passer|demander)|"
    # "je dois attendre qu'un collègue m'ouvre", "I have to wait for someone to let me in"
    r"(?:je|on) (?:dois|doit) attendre qu|(?:i|we) (?:have|had) to wait for (?:a|an|someone|"
    r"somebody|my|our|the)|"
    # "je dois appeler l'accueil à l'interphone", "we have to key them in": coping meanwhile
    r"(?:je|on|nous) (?:dois|doit|devons) (?:appeler|utiliser|emprunter|ressaisir|tout "
    r"ressaisir|saisir|recopier|me garer|nous garer|se garer)|"
    r"(?:i|we) (?:have|had) to (?:call|ring|borrow|type|re-?enter|key|copy|park)|"
    r"plugged (?:in|into)|(?:gone|went) home to work|on bascule|je bascule|"
    r"on envoie|j'envoie|on imprime|je me connecte avec|"
    r"which works|that works|ce qui (?:marche|fonctionne)|je (?:bosse|travaille) sur|"
    r"(?:if|when) (?:i|we) (?:resend|retry|send it again)|si (?:je|on) (?:renvoie|relance|recommence)|"
    r"(?:i|we) (?:can )?walk (?:down|over|across) to|(?:i|we) borrow)\b",
    re.I,
)
# "same permissions as her", "les mêmes droits que Paul": the ask, copied from someone
_SAME_AS = re.compile(
    r"\b(?:same|identical|similar) (?:access|permissions?|rights|setup|set-up|profile|role|"
    r"licen[cs]es?|groups?|config(?:uration)?) (?:as|to)\b|\b(?:memes?|identiques?) (?:acces|"
    r"droits|permissions|profil|role|licences?|groupes?|config(?:uration)?) (?:que|qu')"
)
# "at first it was just a few of us now it's the whole floor": how many, then and now
AT_FIRST = r"(?:at first|first it was|to begin with|au debut|d'abord)"
_HOW_MANY_NOW = re.compile(rf"\b{AT_FIRST}\b.*\b(?:now|maintenant|desormais|aujourd'hui)\b")
# "(and) wait 10 min", "(et) attendre qu'il ouvre": one more step of what was just said
_NO_SUBJECT = re.compile(
    r"(?i)^(?!(?:i|i'm|im|we|they|it|its|it's|he|she|you|je|j'|on|nous|il|elle|ils|elles|c'|ça|"
    r"ca|the|my|our|le|la|les|mon|ma|mes|no|not|nothing|pas|rien|so|donc)\b)[a-zé]+\b"
    # "(and) B are fine": a subject of its own, not a step
    r"(?! (?:are|is|was|were|has|have|had|do|does|did|works?|worked|can|could|will|won't|can't|"
    r"isn't|aren't|sont|est|etait|ont|marchent?|fonctionnent?|peut|peuvent)\b)"
)
# "…, works fine", "…, ça marche bien": the clause says it works, whatever it started with
_ENDS_FINE = re.compile(
    r"\b(?:works?|worked|working|it'?s) (?:fine|ok|okay|perfectly|normally)\W*$|"
    r"\b(?:ca|ça) (?:marche|fonctionne) (?:bien|tres bien|nickel|normalement|sans souci)\W*$"
)
# "je bosse sur des plans", "I work on the budget": what they work at (not "je travaille sur
# le webmail", a tool, which is the way round)
_WORKS_AT = re.compile(
    WORKS_ON.pattern
    # ("je bosse sur le petit écran du portable": on a device, a way round)
    + r"(?! (?:le |la |l'|the |my |mon |ma )?(?:(?:petit|small|little|old|other|autre|vieux|"
    r"ancien|second|deuxieme) )?" + TOOLS + r")"
)
# "the laptop screen alone is painful", "c'est vraiment pénible": what it costs, no way round
_HOW_IT_HURTS = re.compile(
    r"(?:the |my |our |le |la |les |mon |ma |l')?[\w' -]{0,40}?\b(?:is|are|'s|est|sont|c'est) "
    r"(?:really |very |so |quite |vraiment |tres |super |hyper |assez )?(?:painful|annoying|hard|"
    r"difficult|tiring|unusable|a pain|a nightmare|penible|galere|difficile|fatigant|complique|"
    r"inutilisable|l'enfer)\b[^,;.]*$"
)
# "ou on fait des feuilles papier", "or we call them back": the other way round
_OR_ELSE = re.compile(r"(?:ou|or|ou bien|or else) (?:on|nous|we|i|je|j')\b")
# "(but) it's far", "(mais) c'est lent": what is wrong with the way round
_FALLS_SHORT = re.compile(
    r"(?:it'?s|its|it is|that'?s|c'est|c'est quand meme|ca reste|ca prend|it takes|"
    r"(?:il|elle) (?:est|reste)) "
    # "mais c'est le jour du marché" says why it matters, not what the way round lacks
    r"(?!(?:not|pas|le|la|les|l'|un|une|des|du|the|a|an|my|our|mon|ma|notre)\b)[\w' -]{1,40}$|"
    # "(but) the others don't have one", "(mais) les autres n'ont pas de câble": it is mine only
    r"(?:the others|others|not everyone|nobody else|les autres|pas tout le monde|personne "
    r"d'autre)\b[\w' -]{0,30}?(?:don'?t have|do not have|doesn'?t have|has one|have one|"
    r"n'en ont pas|n'ont pas|n'a pas|n'en a|can'?t use|ne peu\w* pas)\b[\w' -]{0,30}$|"
    # "(but) data is limited", "(mais) le forfait est limité": what the way round costs
    r"[\w' -]{1,25} (?:is|are|est|sont) (?:very |really |quite |so |tres |assez |trop |vite )?"
    r"(?:limited|capped|slow|slower|expensive|unreliable|patchy|limitee?s?|lente?s?|chere?|"
    r"couteu(?:x|se)|instable|epuisee?)$"
)
# "Without it she'll sit around on day one", "sinon on ne pourra pas louer": what happens
# without it, the impact, not a way around it.
_CONSEQUENCE = re.compile(
    r"^(?:without (?:it|them|this|that|access|logins?|accounts?|a |an |the |their |his |her )|"
    r"if (?:i|we|they|he|she) (?:can'?t|cannot|don'?t)|"
    r"sans (?:ca|cela|acces|(?:le|la|les|un|une|leur|son|sa|ses) )|faute d|"
    # "otherwise he'd sit idle", not "otherwise someone has to escort him" (a way around it)
    r"(?:otherwise|if not|else|sinon)\b.*\b(?:can'?t|cannot|won'?t|couldn'?t|not|no|idle|"
    r"sit|miss|lose|ne|n'|pas|plus|rien|impossible|bloquee?s?)\b)"
)
# The make and model of the thing: "it's a Dell Latitude 5440", "c'est un HP EliteBook 840".
_A_MODEL = re.compile(
    r"^(?:it[’']?s|it is|mine is|mine[’']?s|(?:le mien |la mienne )?c[’']est) "
    r"(?:an?|un|une) (?:[A-Z][\w-]*|[A-Z0-9]+)(?: [\w-]+)*? \w*\d\w*\b"
)
# Someone else's duty, said with no way round in it: "she needs to handle my meetings".
_MUST_DO = re.compile(
    r"^(?:she|he|they|she'?ll|he'?ll|they'?ll|elle|il|elles|ils) (?:needs? to|has to|have to|must|"
    r"will have to|doit|doivent|devra|devront)\b"
)
_COMMAS = re.compile(r",\s+|\s+(?:but|mais)\s+", re.I)
_IMPACT_BREAK = re.compile(r",\s+|\s+(?:but|mais|and|et|so|donc)\s+", re.I)
_AND = ("and", "et", "so", "donc", "And", "Et", "So", "Donc")

# Slots that state a constraint rather than an observation: said anywhere, they are theirs.
# Constraints that say only that there is none: alone, they answer no other question.
_VERDICTS = ("no_workaround", "not_urgent")
# Questions a due time alone does not answer ("the DHL pickup is at 4pm" to "what works?").
_NO_DATE_ANSWERS = frozenset(
    {"expected", "what_is_not", "where", "where_is_not", "where_on_object", "extent_count"}
)
_CONSTRAINTS = ("deadline", "no_workaround", "not_urgent", "urgency", "workaround", "tried")


@dataclass
class Reply:
    """The slots a reply fills, and the asked slots the employee could not answer."""

    slots: dict[str, str] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)
    answered: list[str] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)  # sentences no slot took, kept as said


# Words that name an asked slot in a clause (the impact question also asks for deadlines and
# workarounds, but those have slots of their own).
# A reply names the asked slot through another one: "since the Windows update" dates it.
_NAMED_BY: dict[str, tuple[str, ...]] = {
    "request_what": ("request_what", "object"),
    "when_first": ("when_first", "changes"),
    "request_by_when": ("request_by_when", "deadline"),
}
# "Elle s'appelle Léa Martin", "her name is Léa Martin": who a request is for, by name.
_NAME_INTRO = re.compile(
    r"^(?i:(?:she|he|they)(?:'s| is| are) called|(?:her|his|their) names? (?:is|are)|"
    r"(?:elle|il) s['’]appelle|(?:elle|il) se nomme|son nom (?:est|c['’]est))\s+"
    r"(?P<name>[A-ZÀ-Ý][\w'’-]+(?: (?:[A-ZÀ-Ý][\w'’-]+|de|van|von|da|le|la)){0,3})\W*$"
)


def named_person(text: str) -> str | None:
    """The person a message introduces by name ("Elle s'appelle Léa Martin, au service
    comptabilité" names Léa Martin), if any."""
    for piece in re.split(r"[,;.!?\n]\s*", text):
        match = _NAME_INTRO.match(piece.strip())
        if match:
            return match.group("name").strip(" .!")
    return None


# One full name: "Paul Girard", "Inès de la Tour".
_FULL_NAME = r"[A-ZÀ-Ý][a-zà-ÿ'’-]+ (?:(?:de|van|von|da|le|la) )?[A-ZÀ-Ý][a-zà-ÿ'’-]+"
# Names listed ("Claire Dupont, Inès Martin et Paul Girard").
_NAME_LIST = re.compile(rf"{_FULL_NAME}(?:(?:, | and | et | & ){_FULL_NAME})*")
# What may come before the names a remark gives: "pour", "it's for", "c'est pour".
_NAMES_LEAD = re.compile(
    r"^\W*(?:(?:it'?s |this is |c'est |ce sont |that's )?(?:for|pour)\s+)?"
    r"(?:(?:me|moi|myself)\s*,\s*)?$",
    re.I,
)


# Words of product names, which look like full names ("Microsoft Teams").
_NOT_NAMES = frozenset(
    {"microsoft", "google", "apple", "adobe", *(w for p in PRODUCTS for w in p.split())}
)


def named_people(text: str) -> str | None:
    """The people a remark names as whom a request is for: introduced ("Elle s'appelle Léa
    Martin"), or opening it by full name ("pour Claire Dupont, Inès Martin et Paul Girard,
    service juridique"; "Raj Patel and Ana Silva")."""
    introduced = named_person(text)
    if introduced:
        return introduced
    match = _NAME_LIST.search(text)
    lead = _NAMES_LEAD.match(text[: match.start()]) if match else None
    if match and _NOT_NAMES & set(re.findall(r"\w+", match.group(0).casefold())):
        return None  # "Microsoft Teams and Google Drive"
    if match and lead and (lead.group(0).strip(" ,") or _NAMES.match(match.group(0))):
        # one name after "pour" or "moi," ("moi, Karim Benali"); two or more alone ("Thanks
        # Paul": none)
        me = re.search(r"\b(?:me|moi|myself)\b", lead.group(0), re.I)
        return text[me.start() : match.end()] if me else match.group(0)
    return None


_NAMING_WORDS = re.compile(
    r"\b(?:it'?s|this is|c'est|ce sont|for|pour|(?:she|he|they)(?:'s| is| are) called|"
    r"(?:elle|il)s? s['’]appellen?t|(?:her|his|their) names? (?:is|are))\b",
    re.I,
)


def says_beyond(text: str, name: str | None) -> bool:
    """Whether a remark that names people says more than their names ("…, service
    juridique")."""
    if not name or name not in text:
        return False
    rest = _NAMING_WORDS.sub(" ", text.replace(name, " "))
    return len(re.findall(r"\w{2,}", rest)) >= 2


def with_named(whom: str, named: str) -> str:
    """Who a request is for, with someone named later: "notre nouvelle alternante, Léa
    Martin"; "me", then "me, Tom Becker in Finance" (the later words already hold the first)."""
    if not whom or whom.casefold() in named.casefold():
        return named
    return whom if named.casefold() in whom.casefold() else f"{whom}, {named}"


_BARE_NO = re.compile(r"\W*(?:no|nope|nah|non|nan)\W*")
# A clause that says how something fails: it does not happen ("nothing comes out", "rien ne
# sort"), or it shows something ("ça affiche hors ligne").
_FAULT_SAID = re.compile(
    r"\b(?:not|no|never|nothing|nobody|none|can'?t|cannot|won'?t|doesn'?t|don'?t|isn'?t|"
    r"aren'?t|didn'?t|rien|pas|plus|jamais|aucun|aucune|personne|impossible|says?|shows?|"
    r"displays?|error|erreur|affiche|indique|offline|hors ligne|crash\w*|plante|freez\w*|fige)\b|"
    r"n't\b"
)
# "Nothing changed that I know of", "rien n'a changé": the answer to "anything changed?".
_NO_CHANGE = re.compile(
    r"\W*(?:(?:and|et|but|mais) )?(?:nothing(?: (?:has|that i know of|i know of))? changed|no(?:thing)? (?:recent )?"
    r"changes?|not that i know|rien (?:n'a|de) change|aucun changement|pas de changement|"
    r"rien de (?:nouveau|special)|(?:non,? )?pas (?:que je sache|a ma connaissance))\b"
    r"(?: (?:that i know of|as far as i know|i think|a ma connaissance|que je sache|je crois))?"
)


def _names(slot: str, found: dict[str, str]) -> bool:
    return any(found.get(s) for s in _NAMED_BY.get(slot, (slot,)))


def names_slot(slot: str, text: str) -> bool:
    """Whether the text's own words say something of this slot ("since Monday" of when it
    started, "pour préparer…" of why), not only by being the answer to its question."""
    return _names(slot, extract_slots(text))


# An article or conjunction left at the end once a constraint is cut out ("…, la").
_DANGLING = dangling_end(r"la|le|les|l'|un|une|des|du|de|et|ou|mais|donc|the|a|an|and|or|but|so")


# "the review is friday morning", "la revue a lieu vendredi": a dated event, said after the
# date a request is needed by, is why it is needed then (not a second date to meet)
_EVENT = re.compile(
    r"^(?:the|our|my|his|her|their|la|le|les|notre|nos|ma|mon|sa|son|l['’])\s*[\w'’ -]{1,40}? "
    r"(?:is|are|starts?|begins?|happens?|takes place|est|sont|commence|demarre|a lieu)\b"
    # "I have the month-end close review with the CFO on Monday", "j'ai la revue lundi"
    r"|^(?:i|we) (?:have|'ve got|have got) (?:a|an|the|my|our)\b"
    r"|^(?:j'ai|on a|nous avons) (?:la|le|les|une|un|ma|mon|mes|notre|nos|l')"
)


# A day named outright (not "this week"): the need's date is then given, and a dated event after it is why.
# ("Before teaching week 3, the first practical is Monday 7th October": the event is the
# date, made precise.)
_NAMED_DAY = re.compile(
    r"\b(?:today|tonight|tomorrow|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"aujourd'hui|ce soir|demain|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\b|"
    r"\d{1,2}(?:st|nd|rd|th|er)? (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|janv|fev|"
    r"mars|avr|mai|juin|juil|aout|sept)|\d{1,2}/\d{1,2}"
)


def _is_event(clause: str, before: str) -> bool:
    """Whether `clause` is a dated event said after a need date with its day (`before`)."""
    folded = _fold(clause.strip())
    return bool(
        ((_EVENT.match(folded) or _PURPOSE_LEAD.match(folded)) and _DATED.search(folded))
        or _NEED_FOR.match(folded)
    ) and bool(_NAMED_DAY.search(_fold(before)))


# "(by thursday EOD,) I need to update the numbers before the board pack goes out friday":
# what the date is for
_PURPOSE_LEAD = re.compile(
    r"^(?:i need to|i have to|i've got to|i must|we need to|we have to|need to|so (?:i|we) can|"
    r"j'ai besoin de|je dois|il faut que|on doit|nous devons|pour (?:pouvoir )?\w+(?:er|ir|re)\b|"
    r"afin de)\b"
)
# "(by Friday,) I need the budget files for month-end close", "j'en ai besoin pour la
# clôture": what it is needed for, dated or not
_NEED_FOR = re.compile(
    r"^(?:(?:and|but|et|mais) )?(?:(?:i|we) need (?:it|them|this|that|these|those|the "
    r"[\w' -]{1,40}?) for|j'en ai besoin pour|on en a besoin pour|"
    r"j'ai besoin (?:des|du|de la|de l') ?[\w' -]{1,40}? pour)\b"
    # "(avant vendredi,) on organise le repas de Noël", "we're hosting the Christmas lunch"
    r"|^(?:(?:and|et|car|because) )?(?:on|nous|we|we're|we are) (?:organise|organize|organisons|"
    r"organising|organizing|prepare|preparons|preparing|lance|lancons|launching|launch|host|"
    r"hosting|fete|fetons|celebrate|celebrating)\b"
    # "(by Friday,) for the month-end close", "(avant vendredi,) pour la clôture": a purpose,
    # unless it names who it is for ("for the new intern", "pour l'équipe paie")
    rf"|^(?:(?:it'?s|that'?s|c'est) )?(?:for|pour) (?:the|a|an|our|la|le|les|l'|notre|nos) ?"
    rf"(?!(?:new|nouvel\w*|nouveau|team|equipe|service|boss|manager|director|directeur|"
    rf"directrice|chef|cheffe|person|personne|{PEOPLE}|{ONE_OF})\b)[a-z]"
)


def _by_comma(asked: Sequence[str], clauses: list[str]) -> list[str]:
    """One sentence answering two questions ("since this morning, the whole AP team, 6 of us")
    is cut at its commas when its pieces name different asked slots (or one names a person);
    otherwise kept whole."""
    out: list[str] = []
    for clause in clauses:
        if "extent_count" in asked and (head := _head_count(clause)):
            # "about 15 since 9am" to "since when? how many?": the count, then the time
            out += [head, *_by_comma(asked, [clause[len(head) :].strip(" ,")])]
            continue
        pieces = [p.strip() for p in _split(_COMMA, clause) if p.strip()]
        if len(pieces) < 2:
            # "I can't approve logins quickly but the code works": what it stops, said
            # unasked, then the answer (and "works fine but it's laggy" stays whole)
            pieces = [p.strip() for p in _split(_BUT_AHEAD, clause) if p.strip()]
            if len(pieces) == 2 and _claims_impact(pieces[0], extract_slots(pieces[0]), asked):
                out.extend(pieces)
                continue
            out.append(clause)
            continue
        found = [extract_slots(p) for p in pieces]
        at = next((k for k, f in enumerate(found) if k and any(_names(s, f) for s in asked)), 0)
        if at and _FOR_WHOM.match(_fold(pieces[0])) and "request_for_whom" not in asked:
            # "pour ma collègue Léa, elle arrive lundi": who it is for, then by when
            out += [", ".join(pieces[:at]), *_by_comma(asked, [", ".join(pieces[at:])])]
            continue
        named = {s for f in found for s in asked if _names(s, f)}
        if any(_NAME_INTRO.match(p) for p in pieces):
            named.add("request_for_whom")  # "Elle s'appelle Léa Martin, elle arrive lundi"
        # "Tout l'étage est bloqué, on ne peut plus imprimer les bons": who is hit, then what
        # they cannot do, said unasked
        said_impact = any(_claims_impact(p, f, asked) for p, f in zip(pieces, found, strict=True))
        # "I have a client call at 3pm, I'm using my phone hotspot for now" to "since when?";
        # "c'est l'accueil, les autres postes sonnent normalement" to "who is affected?"
        cut_for = [
            "deadline",
            "workaround",
            "no_workaround",
            "extent_count",
            "extent_trend",
            "tried",
        ]
        if not any(s.startswith("request_") for s in asked) and not _BARE_YES_NO.match(
            _fold(pieces[0])
        ):
            cut_for += ["what_is_not", "where", "where_is_not"]
        said_constraint = any(
            _clear_claim(p, f, asked) in cut_for for p, f in zip(pieces, found, strict=True)
        )
        # "rien de particulier, c'est une HP": the bare answer, then something else
        bare_first = bool(_NOTHING.match(_fold(pieces[0])))
        # "non, et rien n'a changé": a bare no, then the other question's answer
        bare_first = bare_first or (
            "changes" in asked and any(_NO_CHANGE.match(_fold(p)) for p in pieces[1:])
        )
        # "by thursday please, the review is friday morning": the date, then why
        event = "request_by_when" in asked and any(
            _is_event(p, pieces[k]) for k, p in enumerate(pieces[1:])
        )
        # "since 9am, about 15": the time, then how many
        counted = (
            "extent_count" in asked
            and any(_a_head_count(p) for p in pieces)
            and any(_names(s, f) for f in found for s in _WHEN if s in asked)
        )
        # "it should show my screen, my colleague's laptop works with it fine"
        should_then_works = bool(_SHOULD.match(_fold(pieces[0]))) and any(
            _works_not_expected(p, asked) for p in pieces[1:]
        )
        cut = (
            len(named) > 1
            or said_impact
            or said_constraint
            or bare_first
            or event
            or counted
            or should_then_works
        )
        if cut and _ENDS_FINE.search(_fold(pieces[-1])) and len(pieces[-1].split()) <= 4:
            # "je peux partager depuis le navigateur, ça marche bien": one fact, what works
            cut = len(pieces) > 2
        out.extend(pieces if cut else [clause])
    return out


def _claims_impact(clause: str, found: dict[str, str], asked: Sequence[str]) -> bool:
    """Whether a clause is plainly what the employee cannot do, said to another question (not
    to "what happens?", where "I can't save" is the fault itself; to "what should happen?",
    "we can't ship any parcels" is what it stops)."""
    return not {"impact", "actual"} & set(asked) and covers(
        found.get("impact", ""), clause.strip(" .!?")
    )


def covers(value: str, clause: str) -> bool:
    """Whether a slot's snippet is most of the clause: the clause is that slot's."""
    return bool(value) and len(value) >= 0.6 * len(clause)


_LEADS_INTO = r"after|since|before|with|following|depuis|après|apres|avant|avec|suite à|suite a"


def _without(text: str, snippets: Sequence[str]) -> str:
    """The clause minus constraint snippets ("due Friday", "no workaround"), if words remain."""
    out = text
    for snippet in snippets:
        if snippet and snippet in out:
            # "started monday after the windows update I think": its preposition goes with it
            lead = re.compile(rf"\b(?:{_LEADS_INTO})\s+{re.escape(snippet)}", re.I)
            rest = lead.sub(" ", out) if lead.search(out) else out.replace(snippet, " ")
            rest = _COPULA_END.sub("", rest.rstrip(" ,;:-."))  # "…, mais ce n'est [pas bloquant]"
            if len(re.findall(r"\w{2,}", rest)) >= 2:
                out = _DANGLING.sub("", rest.rstrip(" ,;:-."))
                # "…, mais on tourne" → "on tourne"
                out = LEADING_CONJUNCTION.sub("", out.strip(" ,;:-."))
                out = _ORPHAN_SUBJECT.sub("", out)  # "it[ happens on every call], on wifi"
    return " ".join(out.split()).strip(" ,;:-.")


# A subject whose verb was cut out with what it said, left before the next clause.
_ORPHAN_SUBJECT = re.compile(r"^(?:it|this|that|ça|ca|cela)\s*[,;:-]\s*", re.I)


# A subject and its verb left once what they said is cut out: "mais ce n'est", "but it's".
_COPULA_END = re.compile(
    r"[\s,;]*(?:\b(?:mais|but|and|et|so|donc)\s+)?\b(?:ce n'est|c'est|ca n'est|ça n'est|ce "
    r"n'etait|ce n'était|it'?s|it is|that'?s|that is|this is)$",
    re.I,
)


_IMPACT_PARTS = ("impact", "workaround", "business_need")


def _split_impact(parts: list[str], reply: Reply) -> list[str]:
    """An answer to the impact question also says the workaround and the deadline: each of
    its clauses goes to the one the slot tagger (or a workaround cue) says it describes."""
    tagger = slot_tagger.shared()
    kept: list[str] = []
    workaround: list[str] = []
    deadline: list[str] = []
    extent: list[str] = []
    for part in parts:
        clauses = [(a, b) for a, b in _pieces(part) if part[a:b].strip(" ,;.")]
        kinds = tagger.label_pieces(part, clauses, _IMPACT_PARTS, context="impact")
        tried = _fold(extract_slots(part).get("tried", ""))  # "redémarré, ça ne change rien"
        none_said = ""  # the clause just before that said there is no workaround
        ways_before = -1  # how many ways round were read before the previous clause
        for i, ((a, b), kind) in enumerate(zip(clauses, kinds, strict=True)):
            raw = part[a:b].strip(" ,;.")
            gap = _fold(part[clauses[i - 1][1] : a]).strip() if i else ""
            after_way = ways_before >= 0 and len(workaround) > ways_before
            ways_before = len(workaround)
            if (
                after_way
                and gap in ("and", "et")
                and _NO_SUBJECT.match(raw)
                and not says_message(raw)
            ) or (after_way and gap in ("but", "mais") and _FALLS_SHORT.match(_fold(raw))):
                # "I have to ring the guard every morning and wait 10 min": the same way round;
                # "on imprime sur celle du 1er mais c'est loin": how it falls short
                workaround[-1] = f"{workaround[-1]} {gap} {raw}"
                continue
            if workaround and _OR_ELSE.match(_fold(raw)):
                # "on envoie tout le monde au 2e comptoir, ça fait la queue, ou on fait des
                # feuilles de soins papier": another way round
                workaround[-1] = f"{workaround[-1]}; {raw}"
                continue
            clause = LEADING_CONJUNCTION.sub("", raw)
            rules = extract_slots(clause)
            if none_said and (
                # "no workaround, we can't key 120 invoices by hand": the way round ruled out
                covers(rules.get("no_workaround", ""), clause)
                or (CANNOT.match(_fold(clause)) and _WORKAROUND_CUE.search(_fold(clause)))
                or (
                    "impact" not in rules
                    and not _OURS.match(_fold(clause))
                    and (
                        _REFUSED.search(_fold(clause))
                        or (
                            kind != "impact"
                            and not set(rules) - {"object"}
                            and not _WORKAROUND_CUE.search(_fold(clause))
                        )
                    )
                )
            ):
                # "no workaround, handwritten labels aren't accepted by the carrier", "no
                # workaround, everything is scanned": why none (what it stops for us is the
                # impact: "we don't even know who contacted us")
                reply.slots["no_workaround"] = f"{none_said}, {clause}"
                none_said = ""
                continue
            none_said = clause if "no_workaround" in rules else ""
            verdict = rules.get("no_workaround") or rules.get("not_urgent") or ""
            if verdict and (kind != "impact" or covers(verdict, clause.strip(" .!"))):
                continue  # "no workaround", "no rush": the rules set them from the whole reply
            if _NO_DEADLINE.fullmatch(_fold(clause)):
                continue  # "no deadline" says no date, not that it can wait
            if covers(rules.get("tried", ""), clause) or (tried and _fold(clause) in tried):
                continue  # "on a redémarré l'imprimante": a step already tried, read as such
            if set(rules) == {"urgency"} and covers(rules["urgency"], clause.strip(" .!")):
                deadline.append(clause)  # "as soon as possible": when it is needed, no impact
                continue
            if covers(rules.get("when_first", ""), clause) and "deadline" not in rules:
                reply.slots.setdefault("when_first", clause)  # "since this morning": a start
                continue
            if "impact" not in rules and rules.get("actual") and _IT_KEEPS.match(_fold(clause)):
                # "it asks for my password again and again": how it fails, not what it stops
                _add_to(reply.slots, "actual", clause, "; ")
                continue
            if says_message(clause) and not extract_slots(_unquoted(clause)).get("impact"):
                # "It pops up 'gateway not responding' and reconnects": what happens, quoted
                _add_to(reply.slots, "actual", clause, "; ")
                continue
            if _WAITING.fullmatch(_fold(clause).strip(" .!")):
                reply.slots.setdefault("no_workaround", clause)  # "I just wait": no way round
                continue
            if _NO_ALTERNATIVE.search(_fold(clause)) and kind in ("workaround", None, "impact"):
                reply.slots.setdefault("no_workaround", clause)  # "je n'ai pas d'autre ordi"
            elif _SOMEONE_ELSE_FINE.match(clause):
                reply.slots.setdefault("what_is_not", clause)  # "Lea gets hers fine": no way round
            elif _OTHERS_FINE.search(_fold(clause)) and _clear_claim(clause, rules, ()) == (
                "what_is_not"
            ):
                reply.slots.setdefault("what_is_not", clause)  # "the office printers are ok"
            elif covers(rules.get("extent_trend", ""), clause) and "impact" not in rules:
                reply.slots.setdefault("extent_trend", clause)  # "it's getting worse"
            elif covers(rules.get("extent_count", ""), _unhedged(_ABOUT.sub("", clause))) or (
                rules.get("extent_count") and _HOW_MANY_NOW.search(_fold(clause))
            ):
                # "The whole dispatch team, 8 of us", "on est 6", "only me I think": who,
                # whatever the tagger reads in it
                extent.append(clause)
            elif (
                kind == "workaround"
                and rules.get("when_first")
                and not _WORKAROUND_CUE.search(_fold(clause))
            ):
                reply.unread.append(clause)  # "je l'ai écrasé ce matin" is what happened, when
            elif not _WORKS_AT.match(_fold(clause)) and (  # "je bosse sur des plans": context
                _WORKAROUND_CUE.search(_fold(clause))
                or (
                    kind == "workaround"
                    and not _CONSEQUENCE.match(_fold(clause))
                    and not _HOW_IT_HURTS.match(_fold(clause))
                    # "she needs to handle my meetings": what must get done, not how
                    and not _MUST_DO.match(_fold(clause))
                    # "I have to send the forecast by 5pm": what is due, no way round
                    and not covers(rules.get("deadline", ""), clause)
                )
            ):
                workaround.append(clause)
            elif covers(rules.get("where", ""), _IT_IS.sub("", clause)) and not _COUNT_LEAD.match(
                _fold(clause)
            ):
                # "c'est l'accueil du siège", "je suis au 4e étage, bâtiment B": the place
                # ("on est 2 à l'accueil" says how many, not where)
                _add_to(reply.slots, "where", _IT_IS.sub("", clause), ", ")
            elif (
                kind == "business_need"
                and not _DATED.search(_fold(clause))
                and _CALM.search(_fold(clause))
            ):
                reply.slots.setdefault("not_urgent", clause)  # "no big deal", "j'ai le temps"
            elif kind == "business_need" and done_then(clause):
                reply.unread.append(clause)  # "je l'ai écrasé ce matin vers 10h": no deadline
            elif (
                (
                    kind == "business_need"
                    and not _HOW_IT_HURTS.match(_fold(clause))
                    and not _BEARABLE.fullmatch(_fold(clause).strip(" .!"))
                )
                or ("deadline" in rules and _fold(rules["deadline"]) == _fold(clause))
            ) and not covers(rules.get("impact", ""), clause):
                # ("je ne peux pas suivre le point client de 14h", "my presentation at 11 can't
                # go ahead": what it stops, timed; the priority reads the time in it)
                deadline.append(clause)
            elif _clear_claim(clause, rules, ()) == "what_is_not":
                reply.slots.setdefault("what_is_not", clause)  # "les autres étages impriment"
            else:
                # "I can't report urgent CTs": a word inside the phrase stays in it
                constraints = [
                    rules[s] for s in _CONSTRAINTS if s in rules and _cut_cleanly(clause, rules[s])
                ]
                rest = _without(clause, constraints)
                # "Tout l'étage est bloqué pour imprimer" stays whole: "pour imprimer" is no impact
                kept.append(clause if _PREPOSITION_LEAD.match(rest) else rest)
    said_way = _fold(reply.slots.get("workaround", ""))
    if said_way and len(workaround) > 1:
        # beside the rules' way round, only a piece that says why it falls short ("they won't
        # take handwritten ones"): not a bare word ("slower"), not another fact
        workaround = [
            w
            for w in workaround
            if said_way in _fold(w)
            or (len(re.findall(r"\w+", w)) >= 3 and _NOT_FINE.search(_fold(w)))
        ]
    joined = "; ".join(workaround)
    longer = said_way in _fold(joined) != said_way
    if workaround and (not said_way or longer):
        # the rules' reading of the whole reply gives way to the same way round with how it
        # falls short ("… but it's clunky")
        reply.slots["workaround"] = joined
        reply.slots.pop("no_workaround", None)
    if extent:
        reply.slots.setdefault("extent_count", ", ".join(extent))
    if deadline:
        rule = reply.slots.get("deadline", "")
        if rule and not any(_fold(rule) in _fold(d) for d in deadline):
            deadline.insert(0, rule)
        reply.slots["deadline"] = "; ".join(deadline)
    # a bare "non" before what it stops answers nothing ("non, c'est juste le mail qui manque")
    kept = [k for k in kept if k and not _YES_NO_WORD.fullmatch(_fold(k).strip(" .!"))] or kept
    return [", ".join(k for k in kept if k)] if any(kept) else []


def _beyond(clause: str, snippet: str | None) -> str:
    """What a clause says besides a snippet of it ("" when the snippet is not in it)."""
    if not snippet or snippet not in clause:
        return ""
    return _without(clause, [snippet]).strip(" ,;.!")


# "it asks for my password again and again", "ça me redemande le mot de passe": the fault
_IT_KEEPS = re.compile(
    r"^(?:and |et )?(?:it|ca|il|elle) (?:me )?(?:just )?(?:keeps?|asks?|says?|shows?|gives?|"
    r"redemande|demande|affiche|dit|continue)\b"
)


# "it's only on the hotel wifi", "c'est que sur le wifi de l'hôtel": where it fails, and only there
_ONLY_THERE = re.compile(
    r"^(?:and |but |et |mais )?(?:it'?s|it is|that'?s|c'est|ca fait ca|ca le fait) (?:only|just|que|"
    r"seulement|uniquement) (?:on|at|in|from|with|over|sur|au|a|en|dans|avec|depuis)\b"
)


def _add_to(slots: dict[str, str], slot: str, value: str, separator: str) -> None:
    """One more piece of a fact the reply already holds (or its first)."""
    held = slots.get(slot)
    slots[slot] = f"{held}{separator}{value}" if held else value


# Other things of the same kind said to be fine: what works (IS NOT), not a way round.
_OTHERS_FINE = re.compile(
    r"^(?:the |les |our |nos |my |mes |ma |mon |le |la |l'|a |one |un |une |notre )?"
    r"(?:other|others|office|autres?|remaining|"
    r"rest of the|reste des|colleagues?|collegues?|neighbou?rs?|voisins?|voisines?|"
    r"everyone else|everybody else)\b"
)


# Words that say when something began: an answer to "since when?" without one is no time.
_TIME_CUE = re.compile(
    r"\d|\b(?:since|depuis|ago|il y a|after|apres|before|avant|when|quand|lorsque|first|"
    r"premier|premiere|always|never|jamais|toujours (?:ete|eu|fait|comme ca)|depuis toujours|"
    r"yesterday|hier|today|aujourd'hui|tonight|morning|matin|matinee|afternoon|apres-midi|"
    r"evening|soir|soiree|night|nuit|week|weeks|semaines?|weekend|week-end|months?|mois|years?|"
    r"ans?|annee|days?|jours?|monday|tuesday|wednesday|thursday|friday|saturday|sunday|lundi|"
    r"mardi|mercredi|jeudi|vendredi|samedi|dimanche|january|february|march|april|may|june|"
    r"july|august|september|october|november|december|janvier|fevrier|mars|avril|mai|juin|"
    r"juillet|aout|septembre|octobre|novembre|decembre|last|dernier|derniere|recently|"
    r"recemment|while|longtemps|start\w*|began|begun|commence\w*|debut|update\w*|upgrade\w*|"
    r"mise a jour|maj|now|maintenant|tout a l'heure|earlier|rentree|holidays?|vacances|noon|midi|"
    r"lunch|dejeuner|moment|instant|sudden\w*|soudain\w*|once|fois|ever|jour|no idea|"
    r"aucune idee|not sure|pas sur|sais pas|don'?t know|dunno|forever|old|ancien)\b"
)


# A way round said not to work: "aren't accepted", "n'est pas possible", "doesn't work either".
_REFUSED = re.compile(
    r"n't\b|\b(?:not|never|no longer|ne|n'|pas|plus|jamais|refus\w*|impossible|interdit\w*)\b"
)


_IT_IS = re.compile(
    r"^\W*(?:it'?s|it is|c'est|ca se passe|this is|je suis|i'?m|i am|on est|we'?re|"
    # ("it's only on the hotel wifi", "c'est que sur le wifi": said whole, its "only" with it)
    r"we are|nous sommes)\s+(?!(?:only|just|que|qu'|seulement|uniquement)\b)"
    r"(?:(?:au|a la|a l'|dans|sur|on|in|at|from)\s+)?",
    re.I,
)
# A sentence that says where the employee is: "I'm on the 3rd floor in Lyon, desk 3.14".
_PLACE_SAID = re.compile(
    r"^\W*(?:i'?m|i am|we'?re|we are|je suis|on est|nous sommes|j'suis) (?:on|at|in|au|a la|a l'|"
    r"dans|sur|based (?:in|at))\b"
)
# What should happen, said as such: "it should…", "normalement ça…".
_SHOULD = re.compile(
    r"^\W*(?:(?:it|they|this|that|the \w+) (?:should|is supposed to|are supposed to)|"
    r"(?:normally|usually) (?:it|they|the \w+)|(?:ca|il|elle|ils|elles) (?:devrai(?:t|ent)|"
    r"est cense|sont censes)|normalement|d'habitude|en temps normal)\b"
)
# "nope, just me", "juste moi": who is affected, whatever was asked.
_ONLY_ME = re.compile(
    r"^\W*(?:(?:yes|yeah|yep|no|nope|nah|oui|non|nan)\W+)?(?:(?:just|only) me|only myself|"
    r"juste moi|seulement moi|moi seule?|que moi|il n'y a que moi|nobody else|no one else|"
    r"no-one else|personne d'autre)\b"
)
# "as far as I know", "à ma connaissance": a hedge that adds no fact to what it follows.
_HEDGES = (
    r"(?:as far as i know|afaik|i think|i believe|i guess|that i know of|it seems|"
    r"a ma connaissance|que je sache|je crois|je pense|a priori|apparemment|il semble)"
)
_HEDGE = re.compile(rf"^\W*{_HEDGES}\W*$")
# A clause that opens with a head count: "on est 5", "we're 12", "5 of us".
_COUNT_LEAD = re.compile(
    r"^\W*(?:(?:on est|nous sommes|we'?re|we are|there are|il y a)\s+(?:about |around |roughly |"
    r"environ |une? |~)?\d+|(?:about |around |~)?\d+ (?:of us|d'entre nous))\b"
)
_OURS = re.compile(r"\W*(?:we|i|on|je|j'|nous|our|my|notre|nos|mon|ma|mes)\b")


# Waiting it out is having no workaround: "I just wait", "j'attends", "on patiente".
_WAITING = re.compile(
    r"(?:(?:so |and |donc |alors )?(?:i|we|je|j'|on|nous)\s?(?:just |only |simply |juste |"
    r"ne fais qu'|ne peux qu')?(?:wait|waiting|have to wait|attends?|attendre|patiente|"
    r"patientons|attendons)(?: (?:for it|it out|que ca (?:passe|revienne|se relance)|"
    r"que ca marche))?)"
)


_ABOUT = re.compile(r"^(?:about|around|roughly|approx\w*|maybe|environ|a peu pres|like)\s+", re.I)
_PREPOSITION_LEAD = re.compile(r"(?i)^(?:pour|to|for|de|d'|a|à|on|with|avec|sur)\b")
# The questions whose answer may be that nothing is due.
_ASKS_WHEN_NEEDED = {"impact", "deadline", "request_by_when", "urgency"}
_NO_DEADLINE = re.compile(
    r"(?:there'?s |there is |we have |on n'a |il n'y a )?(?:no |not any |without |pas d'|"
    r"pas de |aucune |sans )(?:particular |specific |real |hard |vraie )?(?:deadline|due date|"
    r"echeance|date limite)(?: particuliere| precise)?"
)


# What says when, and what says it can wait, in a clause the tagger reads as the business need.
_DATED = re.compile(
    r"\d|\b(?:today|tonight|tomorrow|morning|afternoon|evening|noon|week|month|monday|tuesday|"
    r"wednesday|thursday|friday|saturday|sunday|hour|minutes?|aujourd'hui|ce soir|demain|matin|"
    r"midi|apres-midi|semaine|mois|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|heures?)\b"
)
_CALM = re.compile(
    r"\b(?:no|not|nothing|never|fine|wait|whenever|time|pas|rien|aucune?|attendre|temps|"
    r"grave|calme|tranquille)\b"
)
# "(it's a pain but) ok", "(c'est pénible mais) ça va": bearable, no date.
_BEARABLE = re.compile(r"(?:it'?s |c'est )?(?:ok|okay|ca va|manageable|bearable|gerable|vivable)")
# "No other way", "pas d'autre ordi", "nobody else can approve": there is no workaround.
_NO_ALTERNATIVE = re.compile(
    # "it's the only label printer", "c'est la seule imprimante": nothing to fall back on
    r"\b(?:(?:it'?s|it is|this is|that'?s) the only|c'est (?:la seule|le seul))\b|"
    r"\b(?:no|not|none|nobody|no one|there'?s no|there is no|don'?t have|doesn'?t have|can'?t|"
    r"cannot|pas|aucune?|personne|rien|sans|impossible)\b(?:\W+\w+){0,3}?\W+(?:other|else|"
    r"another|alternative|backup|back-up|spare|way|workaround|fallback|plan b|autres?|secours|"
    r"rechange|moyen|solution|contournement|depannage|pret|remplacement)\b"
)
_WHEN = ("when_first", "when_pattern")
# A change said as made: "Toner replaced on monday", "nouveau toner installé lundi"
_A_CHANGE_MADE = re.compile(
    r"\b(?:(?:chang|replac|install|updat|upgrad|swapp|mov|migrat|add|remov|fitt|servic|"
    r"patch|deploy|roll)ed|reset|(?:change|remplace|installe|migre|deplace|ajoute|retire|"
    r"reinitialise|deploye)e?s?|mise? a jour)\b"
)
_DATES = ("deadline", "urgency", "not_urgent")  # what "by when?" is answered with


def _volunteered(
    clause: str, slot: str, asked: Sequence[str], reply: Reply, known: Mapping[str, str]
) -> str:
    """What the clause says beyond its question ("at the Lyon office, the whole team") goes to
    its own slot when the slot tagger is sure of it; the rest stays the answer. Words the
    statement would not take (its slot is known) stay in the answer: nothing said is lost."""
    learned = slot_tagger.learned_slots(
        clause,
        {s: "" for s in asked} | reply.slots,
        context=slot,
        threshold=_VOLUNTEERED,
    )
    for other, words in learned.items():
        if other in asked or other in _CONSTRAINTS or other == "deadline":
            continue
        if slot == "request_why" and other in _TIMES:
            continue  # "month-end close starts on the 28th": the reason keeps its own date
        if merge(dict(known), {other: words}) == dict(known):
            continue  # "il aura besoin de SAP", the ask known: SAP would be lost
        rest = _without(clause, [words])
        if len(re.findall(r"\w{2,}", rest)) >= 2:
            reply.slots[other] = words
            clause = rest
    return clause


_TIMES = ("request_by_when", "when_first", "when_pattern")
# Facts that a deadline said alone does not answer.
_NOT_A_DATE = frozenset(
    {"changes", "where", "where_is_not", "what_is_not", "expected", "extent_count",
     "extent_trend", "where_on_object", "actual", "object"}
)  # fmt: skip
_VOLUNTEERED = 0.7  # surer than for an opening: the clause already answers a question


# "again and again", "over and over": one phrase, its "and" joins no clauses
_AND_REPEATED = re.compile(r"\b(again|over|encore|on) (?:and|et) (?:again|over|encore|off)\b", re.I)


def _pieces(text: str) -> list[tuple[int, int]]:
    """(start, end) of the comma, "but" or "and" clauses of text (an "and" only between two
    clauses of three words or more: "the CODIR is at 11 and my slides are on that PC")."""
    out: list[tuple[int, int]] = []
    start = 0
    repeated = [(r.start(), r.end()) for r in _AND_REPEATED.finditer(text)]
    breaks = [
        m
        for m in _cuts(_IMPACT_BREAK, text)
        if not any(a < m.start() < b for a, b in repeated)
        and (
            m.group(0).strip(" ,") not in _AND
            or (
                len(re.findall(r"\w+", text[start : m.start()])) >= 3
                and len(re.findall(r"\w+", text[m.end() :])) >= 3
            )
        )
    ]
    for end, after in [*((m.start(), m.end()) for m in breaks), (len(text), len(text))]:
        if out and _ATTACHED.match(text[start:end]):
            # "…before 4pm at the court, with the attachments": the phrase completes its clause
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
        start = after
    return out


# A short phrase that only completes the clause before it ("…, avec les pièces jointes").
_ATTACHED = re.compile(
    r"\s*(?:with|including|along with|as well as|plus|avec|y compris|notamment|ainsi que)\s+"
    r"(?:\w+[\s'’-]*){1,5}[\s.!?]*$",
    re.I,
)


# Slots whose patterns, when they take most of a clause, say what it is whatever was asked.
_CLAIMING = ("what_is_not", "where_is_not", "changes", "when_first")
# Questions a bare time answers: when it began is only claimed when none of them was asked.
_TIMED = frozenset({"when_first", "when_pattern", "request_by_when", "impact", "extent_trend"})


# "For me, Tom Becker in Finance", "c'est pour ma collègue Léa": who a request is for.
_FOR_WHOM = re.compile(
    r"\W*(?:it'?s |this is |c'est )?(?:for|pour) (?:me|myself|moi|my |mon |ma |mes |our |"
    r"notre |nos |him|her|them|lui|elle|eux|a new|une? nouv|the new|le nouveau|la nouvelle)"
)


# "Me, Kenji, platform team", "Moi, Paul Lemoine, DSI": the asker, by name.
_ME_NAMED = re.compile(r"^\W*(?i:me|moi|myself|moi-meme)\s*[,:-]\s*[A-ZÀ-Ý][\w'’-]+")


# Two people or more by full name: who a request is for.
_NAMES = re.compile(
    r"\b[A-ZÀ-Ý][a-zà-ÿ'-]+ [A-ZÀ-Ý][a-zà-ÿ'-]+(?:, | and | et | & )"
    r"[A-ZÀ-Ý][a-zà-ÿ'-]+ [A-ZÀ-Ý][a-zà-ÿ'-]+\b"
)


def _as_said(clause: str) -> str:
    """The clause less a leading yes/no ("Oui, et elle affiche « Erreur 49.4C02 »")."""
    # (a piece cut at its comma drops its "and": "rien n'a changé, et les autres marchent")
    lead = (
        r"^\W*(?:(?:yes|yeah|yep|yup|oui|ouais|no|nope|nah|non|nan)\b\W*(?:(?:and|et|but|mais)"
        r"\s+)?|(?:and|et)\s+)"
    )
    said = _TRAILING_YES.sub("", clause.strip(" .!"))
    return re.sub(lead, "", said, flags=re.I) or said


# "wired works fine yes": the yes confirms, it is not part of the fact
_TRAILING_YES = re.compile(r"(?<=\w)[\s,]+(?:yes|yeah|yep|yup|oui|ouais)\W*$", re.I)


def _whom_as_said(clause: str) -> str:
    lead = r"^\W*(?:it'?s |this is |c['’]est )?(?:for|pour)\s+"
    return re.sub(lead, "", clause.strip(" .!"), flags=re.I)


def _with_its_tail(value: str, clause: str) -> str:
    """A snippet with the few words that end its clause ("… check mails outside" keeps "the
    hotel"): cut there, they would be lost."""
    at = clause.find(value)
    tail = clause[at + len(value) :] if at >= 0 else ""
    if tail and re.fullmatch(r"\s+[\w'-]+(?: [\w'-]+){0,2}\s*[.!]?", tail):
        return f"{value}{tail}".rstrip(" .!")
    return value


# Claims kept whole, in the employee's words: an error message with how it shows, who a
# request is for with their name and team.
_WHOLE_CLAIM: dict[str, Callable[[str], str]] = {
    "no_workaround": _without_yes_no,
    "actual": _as_said,
    "request_for_whom": _whom_as_said,
    "extent_count": _as_said,
    "where": lambda clause: _IT_IS.sub("", clause.strip(" .!")),
    "expected": lambda clause: clause.strip(" .!"),
    "what_is_not": _as_said,  # "my colleague has the same dock and it's fine", not cut at "and"
    "request_why": lambda clause: clause.strip(" .!"),
}
# Whom the person a request is for takes over from: why they need it ("Elle remplace Julie qui
# part en congé de maternité", "He's covering for Tom while he's on leave").
_REPLACES = re.compile(
    r"^(?:(?:elle|il|ils|elles|she|he|they|who|qui)(?:'s| is| are|'re| will| va| vont)? )"
    r"(?:remplacen?t?|replaces?|replacing|(?:will )?replace|reprend(?:ra)?|reprennent|takes? over|"
    r"taking over|covers? for|covering for|cover for|succede|succeeds?|remplacera)\b"
)


_BUT = re.compile(r"(?:but|mais)\b", re.I)


def _is_head_count(clause: str, count: str) -> bool:
    """Whether a clause is a head count and little else: "night shift is 12 people", "on
    est 6", "on est 5 dans l'open space à l'avoir", not "12 people on the day shift are
    fine"."""
    if not re.search(r"\d", count):
        return False
    if _COUNT_LEAD.match(_fold(clause)):
        return True
    rest = clause.replace(count, " ") if count in clause else clause
    # "about 40 pickers on the morning shift": how many, and which of them
    rest = _SHIFT_TAIL.sub("", _ABOUT.sub("", rest.strip()).strip())
    return len(re.findall(r"\w+", rest)) <= 3


_SHIFT_TAIL = re.compile(
    r"\s*\b(?:on|in|at|from|of|de|du|dans|sur|en) (?:the |our |la |le |l'|les |notre )?"
    r"(?:[\w'-]+ ){0,2}(?:shift|team|floor|site|warehouse|office|equipe|service|etage|site|"
    r"entrepot|poste|quart|brigade)s?\W*$",
    re.I,
)


# A clause that is someone doing or needing something, with no place in it, answers no
# "where?" question.
_NOT_A_PLACE = re.compile(
    r"^\W*(?:we|i|they|you|on|je|j'|nous|ils)\s?(?:really )?(?:need|have|must|want|can'?t|"
    r"cannot|lose|are losing|a besoin|avons besoin|ai besoin|dois|devons|perd|perdons|"
    # "we plan holidays with it", "on s'en sert pour les congés": what it is used for
    r"use|plan|manage|track|book|s'en sert|s'en servons|l'utilise|l'utilisons|utilise|"
    r"utilisons|planifie|planifions|gere|gerons|"
    r"ne peu\w*)\b(?!.*\b(?:in|at|from|on|au|a la|chez|dans|sur|office|home|site|floor|"
    r"building|bureau|domicile|siege|etage|vpn)\b)"
)


# What says a time is past: the start of the fault, not a time still to come.
_PAST = re.compile(
    r"\b(?:since|depuis|ago|il y a|yesterday|hier|last|dernier|derniere|this morning|ce matin|"
    r"started|began|commence|was|were|worked|marchait|fonctionnait|noticed|remarque)\b"
)


# ...and what says it is still to come: a meeting, a call, something due.
_AHEAD = re.compile(
    r"\b(?:have|got|need|must|due|deadline|before|until|avant|d'ici|doit|dois|devons|"
    r"j'ai (?:une|un)|on a (?:une|un)|meeting|call|demo|reunion|rdv|rendez-vous|presentation|"
    r"presenting|tomorrow|demain)"
    r"\b(?!-)"
)
# A day to come and its hour: "tomorrow at 10", "demain à 14h" (folded).
_DAY_AND_HOUR = re.compile(
    r"\b(?:tomorrow|demain|today|aujourd'hui|tonight|ce soir)\b[^.;!?]{0,12}?\b\d{1,2}"
    r"(?:[:h]\d{0,2}|\s?(?:am|pm))?\b"
)


def _clear_claim(clause: str, found: dict[str, str], asked: Sequence[str]) -> str | None:
    """The slot another clause clearly is, when it is not one just asked (an impact answer's
    "the web version works" is its workaround, so impact answers are left to their reader)."""
    if (
        "what_is_not" not in asked
        and not any(slot.startswith("request_") for slot in asked)
        and _SOMEONE_ELSE_FINE.match(clause.strip())
    ):
        return "what_is_not"  # "Lea next to me gets hers fine", whatever was asked
    if "impact" in asked:
        # "my colleague has the same dock and it's fine": what works, whatever was asked
        # (the impact reader would cut it at "and" into a workaround and an impact)
        fine = _OTHERS_FINE.search(_fold(clause))
        if fine and covers(found.get("where_is_not", ""), clause):
            return "where_is_not"  # "les collègues du 2e n'ont pas le souci": another floor
        return "what_is_not" if fine and covers(found.get("what_is_not", ""), clause) else None
    request = any(slot.startswith("request_") for slot in asked)
    if (
        "actual" not in asked
        and not request
        and says_message(clause)
        and not _claims_impact(clause, extract_slots(_unquoted(clause)), asked)
    ):
        return "actual"  # 'it says "You've been disconnected"' to "where are you?"
    if _claims_impact(clause, found, asked):
        return "impact"  # "We can't ship any parcels" to "does anything similar work?"
    if not {"workaround", "impact"} & set(asked) and covers(
        found.get("no_workaround", ""), _without_yes_no(clause)
    ):
        return "no_workaround"  # "non, pas de contournement" to "where are you?"
    folded = _fold(clause)
    none = _NO_ALTERNATIVE.search(folded)
    if (
        not {"workaround", "impact"} & set(asked)
        and none
        and none.start() <= 12  # what the clause is about, not its tail
        and (_OURS.match(folded) or _THERE_IS_NO.match(folded))
        and not _NOT_ASKED.search(folded)  # "je n'ai pas demandé aux autres": who, unsure
    ):
        return "no_workaround"  # "I don't have another way to prove my income" to "when?"
    if (
        set(_WHEN) & set(asked)
        and covers(found.get("deadline", ""), clause.strip(" .!?"))
        and not found.get("when_first")
        and _AHEAD.search(_fold(clause))
        and not _PAST.search(_fold(clause))
    ):
        return "deadline"  # "I have a client call at 3pm" to "when did it start?"
    if "request_why" in asked and len(asked) > 1 and _REPLACES.match(_fold(clause.strip())):
        # "Elle remplace Julie qui part en congé", to "who is it for? why?", beside who she is
        return "request_why"
    if (
        request
        and "request_by_when" not in asked
        and covers(found.get("request_by_when", ""), clause.strip(" .!?"))
    ):
        return "request_by_when"  # "dans les 2 semaines ça ira" to "what is it for?"
    if (
        request
        and "request_for_whom" not in asked
        and (_FOR_WHOM.match(_fold(clause)) or _NAMES.search(clause) or _ME_NAMED.match(clause))
    ):
        # "For me, Tom Becker in Finance", "Raj Patel, Ana Silva and Tom Wu" to "why?"
        return "request_for_whom"
    cued = bool(_WORKAROUND_CUE.search(_fold(clause))) and not found.get("what_is_not")
    if (cued or not {"what_is_not", "actual"} & set(asked)) and covers(
        found.get("workaround", ""), clause.strip(" .!?")
    ):
        # "I'm using my phone hotspot for now" to "since when?"; "je les rappelle depuis mon
        # portable en attendant" to "what works?" (where "webmail works" is both)
        return "workaround"
    if (
        "where" not in asked
        and not request
        and covers(found.get("where", ""), _IT_IS.sub("", clause))
        and not _COUNT_LEAD.match(_fold(clause))
    ):
        return "where"  # "je suis au 4e étage" to "what does it stop?"
    if (
        "where" not in asked
        and found.get("where")
        and _PLACE_SAID.match(_fold(clause))
        and len(re.findall(r"\w+", clause)) <= 12
        and not re.search(r"\b(?:and|et|but|mais|because|car|parce)\b", _fold(clause))
    ):
        # "I'm on the 3rd floor in Lyon, desk 3.14": where, said whole ("I'm in the office 4
        # days a week and get headaches…" says more than where)
        return "where"
    if "tried" not in asked and covers(found.get("tried", ""), clause.strip(" .!?")):
        return "tried"  # "même après avoir oublié le réseau" to "since when?"
    count = found.get("extent_count", "")
    alone = _ONLY_ME.match(_fold(clause))
    only_me = alone and (
        len(re.findall(r"\w+", clause)) <= 4
        or _HEDGE.match(_fold(clause)[alone.end() :].strip(" ,.!"))
    )
    if (
        not request
        and "extent_count" not in asked
        and (
            only_me
            or _is_head_count(clause.strip(" .!?"), count)
            # "at first it was just a few of us now it's the whole floor"
            or bool(count and _HOW_MANY_NOW.search(_fold(clause)))
            # "Oui c'est tout l'étage": who, said whole (to "where?", the place)
            or (
                "where" not in asked
                and covers(count, _IT_IS.sub("", _as_said(clause)).strip(" .!?"))
            )
        )
    ):
        return "extent_count"  # "night shift is 12 people" to "does anything similar work?"
    if (
        not request
        and "what_is_not" not in asked
        and found.get("what_is_not")
        and _ENDS_FINE.search(_fold(clause))
    ):
        return "what_is_not"  # "i can join from the browser and share from there, works fine"
    if (
        not request
        and not {"extent_trend", "extent_count", "impact"} & set(asked)
        and covers(found.get("extent_trend", ""), clause.strip(" .!?"))
    ):
        return "extent_trend"  # "it's getting worse" to "what works?"
    if "expected" not in asked and not request and _SHOULD.match(_fold(clause)):
        return "expected"  # "it should display my screen when I plug HDMI" to "what works?"
    if (
        "actual" not in asked
        and "object" in asked
        and not request
        and (
            covers(found.get("actual", ""), clause.split(",")[0].strip(" .!?"))
            or _FAILING_FIRST.match(_fold(clause))
        )
    ):
        return "actual"  # "impossible d'ouvrir quoi que ce soit" after the thing's name
    for slot in _CLAIMING:
        if slot == "when_first" and _TIMED & set(asked):
            continue
        if request and slot in ("what_is_not", "where_is_not"):
            continue  # a request has nothing that fails, so nothing that works instead
        if slot not in asked and covers(found.get(slot, ""), clause.strip(" .!?")):
            return slot  # "depuis ce matin vers 9h" to "what should happen?" is when it began
    return None


# "so i keep joining at the wrong time": what a clause goes on to say after the part a field took
_GOES_ON = re.compile(r"^\W*(?:so|and so|donc|du coup|alors|which means|ce qui fait que)\s+", re.I)


def _left_unsaid(clause: str, taken: Sequence[str]) -> str | None:
    """The tail of a clause that no field took, when a field took its head and the tail goes
    on to say something of its own ("…, so i keep joining at the wrong time")."""
    head = next((t for t in taken if t and clause.startswith(t) and len(t) < len(clause)), None)
    if head is None or any(clause in t for t in taken):
        return None
    tail = clause[len(head) :]
    if not _GOES_ON.match(tail):
        return None
    rest = _GOES_ON.sub("", tail).strip(" ,;:.!?")
    return rest if len(re.findall(r"\w{2,}", rest)) >= 3 else None


# "impossible d'ouvrir quoi que ce soit", "can't open anything": a clause that opens with
# the failure
_FAILING_FIRST = re.compile(
    r"\W*(?:impossible d|can'?t |cannot |unable to |(?:je|on) (?:ne )?(?:peux|peut) (?:pas|plus)|"
    r"j'arrive (?:pas|plus)|je n'arrive|on n'arrive|nothing |rien ne )"
)
# "mon pc, écran bleu au démarrage" to "which application or device?": the thing, then how it
# fails (two answers, not one name)
_NAMED_FIRST = re.compile(r"^\s*([^,.;!?]{2,40}?),\s+(?=\S)")


def _named_then_failing(text: str) -> str:
    """The answer to "what exactly is affected?" with its thing and its failure apart."""
    first = _NAMED_FIRST.match(text)
    if first is None or len(first.group(1).split()) > 4:
        return text
    if extract_slots(first.group(1)).get("actual"):
        return text
    rest = text[first.end() :]
    failing = re.split(r"[.;!?]", rest, maxsplit=1)[0]
    if not (extract_slots(failing).get("actual") or _FAILING_FIRST.match(_fold(failing))):
        return text
    return f"{first.group(1)}. {rest}"


# "There's no other way", "il n'y a pas d'autre moyen": nothing to fall back on.
_THERE_IS_NO = re.compile(r"\W*(?:there'?s|there is|il n'y a|pas d|no other|aucune? autre)\b")


def _unhedged(clause: str) -> str:
    """The clause less a trailing "I think", "je pense", "afaik", or a leading "I think
    it's", "je crois que c'est"."""
    cut = _HEDGE_TAIL.search(_fold(clause))  # same length: its place is the clause's
    clause = clause[: cut.start()].strip(" ,") if cut else clause
    lead = _HEDGE_LEAD.match(_fold(clause))
    return clause[lead.end() :] if lead and lead.end() < len(clause) else clause


# "just me so far", "que moi pour l'instant": how sure, as a trailing hedge is
_HEDGE_TAIL = re.compile(
    rf"[\s,]+(?:{_HEDGES}|so far|for now|as of now|pour l'instant|pour le moment|jusqu'ici|"
    r"jusqu'a present)\W*$"
)
_HEDGE_LEAD = re.compile(rf"^\W*{_HEDGES},?\s+(?:que |qu'|that )?(?:c'est |it'?s |it is )?")


# "but I haven't asked the others", "mais je n'ai pas demandé": how sure a head count is.
_NOT_ASKED = re.compile(
    r"\b(?:(?:haven'?t|have not|didn'?t|did not) (?:asked|checked)|n'ai pas (?:demande|verifie)|"
    r"n'avons pas (?:demande|verifie))\b"
)


# "Lea next to me gets hers fine", "my colleague's scans arrive fine", "ma voisine n'a aucun
# souci": someone else is not affected, what works (IS NOT), never a way round.
_SOMEONE_ELSE_FINE = re.compile(
    r"^(?i:but |mais |whereas |alors que |while )?(?:"
    # a first name, then maybe where they sit, then what they get: "Lea next to me gets hers
    # fine", "Julie à côté n'a aucun souci" (products "work": "Excel marche" is no one)
    r"(?!(?:It|The|This|That|My|Our|Your|Their|His|Her|No|Non|Yes|Oui|We|They|Il|Elle|On|"
    r"Nous|Le|La|Les|Ça|Ca|Ce|Cette|Mon|Ma|Mes|Notre|Tout|Everything|Nothing|Rien)\b)"
    r"[A-ZÀ-Ý][a-zà-ÿ'’-]+(?: [A-ZÀ-Ý][a-zà-ÿ'’-]+)?"
    r"(?i: (?:next to me|beside me|à côté(?: de moi)?|in my team|on my team|de mon équipe))?"
    r"(?i: (?:gets?|has|is|can|does|n['’]a|a|est|arrive|peut|re[çc]oit)\b.{0,50}?\b"
    r"(?:fine|ok|okay|no problem|no issue|aucun (?:souci|probl[eè]me)|"
    r"pas de (?:souci|probl[eè]me)|sans (?:souci|probl[eè]me)|normalement))"
    # or a colleague: "my colleague's scans arrive fine", "ma voisine n'a aucun souci"
    r"|(?i:(?:my|our|ma|mon|notre|the|le|la) (?:\w+ )?(?:colleague|coll[eè]gue|neighbou?r|"
    r"voisine?|deskmate|manager|boss|cheffe?|team ?mate)s?(?:['’]s?)?\b.{0,60}?\b"
    r"(?:fine|ok|okay|no problem|no issue|works?|working|sans (?:souci|probl[eè]me)|"
    r"aucun (?:souci|probl[eè]me)|pas de (?:souci|probl[eè]me)|marche|fonctionne|normalement|"
    # "mon collègue arrive à se connecter de chez lui", "my colleague can log in from home"
    r"can (?:connect|log ?in|sign ?in|get in|print|access)|peut se connecter|"
    r"arrive [àa] (?:se connecter|imprimer|acc[eé]der|ouvrir)))"
    r")\b"
)


def _tried_before(per_clause: Sequence[dict[str, str]], i: int) -> bool:
    """Whether a clause before the i-th said a step already tried."""
    return any(found.get("tried") for found in per_clause[:i])


# "I don't know if others have it", "je sais pas si les collègues l'ont": who else is unknown.
_OTHERS_UNKNOWN = re.compile(
    r"\b(?:(?:i )?(?:don'?t|do not) know|not sure|no idea|unsure|(?:je )?(?:ne )?sais pas|"
    r"aucune idee|pas sure?)\b[^.;!?]{0,20}?\b(?:if|whether|about|si|pour)\b[^.;!?]{0,20}?"
    r"\b(?:others|anyone else|anybody else|colleagues|other people|the rest|les autres|"
    r"d'autres|mes collegues|les collegues|le reste)\b"
)


def _without_same_as(clauses: list[str], reply: Reply) -> list[str]:
    """The clauses less their "same permissions as her" pieces, which become a note: how to
    fulfil the ask, not why or when."""
    out = []
    for clause in clauses:
        pieces = [p.strip() for p in clause.split(",") if p.strip()]
        same = [p for p in pieces if _SAME_AS.search(_fold(p))]
        if not same:
            out.append(clause)
            continue
        reply.unread.append(", ".join(same))
        rest = ", ".join(p for p in pieces if p not in same)
        if len(re.findall(r"\w+", rest)) >= 3:
            out.append(rest)
    return out


def _restates(clause: str, ask: str) -> bool:
    """Whether the clause names at least two of the words the ask was made in."""
    words = set(tokens(ask, "fr")) | set(tokens(ask, "en"))
    said = set(tokens(clause, "fr")) | set(tokens(clause, "en"))
    return len(words & said) >= 2


def says_unknown_extent(text: str) -> bool:
    """Whether the employee says they do not know if others are hit."""
    return bool(_OTHERS_UNKNOWN.search(_fold(text)))


def says_unknown(text: str) -> bool:
    """A short "no idea" / "aucune idée": the employee has nothing to add."""
    return bool(_UNKNOWN.match(_fold(text))) and len(re.findall(r"\w+", text)) <= 8


def read_reply(asked: Sequence[str], text: str, known: Mapping[str, str] | None = None) -> Reply:
    """Slot values from a free-text reply to the `asked` questions (at most two); `known` is
    what the statement already holds (a clause it would drop becomes a note instead)."""
    reply = _read_reply(asked, text, known)
    if "extent_count" in asked:
        _fault_after_who(reply, text)
    _others_fine_too(reply, text)
    for slot, value in reply.slots.items():
        # "yes, my other report from october went through fine", "non que moi": the yes or
        # no answers the question; the statement keeps what it said
        rest = _YES_LEAD.sub("", _SAID_BEFORE.sub("", value, count=1), count=1)
        if rest != value and len(re.findall(r"\w+", rest)) >= 2:
            reply.slots[slot] = rest
    if reply.slots.get("urgency") and _ONLY_URGENT.fullmatch(
        _fold(reply.slots.get("deadline", ""))
    ):
        del reply.slots["deadline"]  # "it's urgent" is the urgency, no business need
    return reply


# A clause that says only that it is urgent: "it's urgent", "c'est très urgent !".
_ONLY_URGENT = re.compile(
    r"\W*(?:(?:it'?s|it is|this is|that'?s|c'est|ca (?:devient|reste)|very|really|super|tres|"
    r"hyper|vraiment|assez) )*(?:urgent|urgente|pressing|pressant|asap)\W*"
)


# After who is affected, how it fails: "just me I think, it just closes, no error".
_FAULT_AFTER = re.compile(rf"[,.;]\s*(?:(?:and|et)\s+)?{HOW_IT_FAILS}")


def _fault_after_who(reply: Reply, text: str) -> None:
    """Who is affected, then how it fails ("que moi je crois, ça se ferme direct"): the
    failure is what happens, not part of who."""
    at = _FAULT_AFTER.search(_fold(text))
    if not at or not (_ONLY_ME.match(_fold(text)) or _COUNT_LEAD.match(_fold(text))):
        return
    head, tail = text[: at.start()].strip(" ,.;"), text[at.start() :].strip(" ,.;")
    # the slots that took the failure whole, or a word of it ("… no error": "error")
    holders = [
        slot
        for slot, value in reply.slots.items()
        if _fold(tail) in _fold(value) or (slot != "extent_count" and _fold(value) in _fold(tail))
    ]
    if len(re.findall(r"\w+", head)) > 6 or not holders:
        return  # who, where and what they do: each read where it belongs
    if set(extract_slots(tail)) - {"actual", "object"}:
        return  # "just me, it crashed since Monday": more than how it fails
    for slot in holders:
        del reply.slots[slot]
    reply.slots["extent_count"] = head
    reply.slots["actual"] = tail


# The others, said to be fine after their difference: "(only me,) the others on my row have
# the old docks and they're fine" (folded).
_OTHERS_FINE_SAID = re.compile(
    r"(?:^|[,.;]\s*|\b(?:but|mais|whereas|alors que)\s+)(" + _OTHERS_FINE.pattern[1:] + r"[^.;!?]*)"
)
_NOT_FINE = re.compile(
    r"\b(?:not|no|nothing|never|none|ne|pas|rien|jamais|aucune?|same (?:problem|issue)|"
    r"meme (?:probleme|souci))\b|n't\b|\bn'"
)


# Where the pieces of "the others are fine" are misread to go.
_FINE_MISREAD_AS = ("impact", "workaround")


def _others_fine_too(reply: Reply, text: str) -> None:
    """The others said to be fine, cut into pieces that went to what it stops or a way
    round: together they are what works (the difference is the clue), or, after "only me",
    who is not affected."""
    folded = _fold(text)
    for found in _OTHERS_FINE_SAID.finditer(folded):
        said = _fold(text[found.start(1) : found.end(1)]).strip(" ,")
        if not _SAYS_FINE.search(said) or _NOT_FINE.search(said):
            continue
        fine = text[found.start(1) : found.start(1) + len(said)]
        anchor = " ".join(said.split()[:3])
        moved = False
        for slot, value in list(reply.slots.items()):
            held = _fold(value)
            if slot not in _FINE_MISREAD_AS or (held not in said and anchor not in held):
                continue  # ("Colleagues in Paris are fine" may be where it is not)
            kept = value[: held.index(anchor)].strip(" ,;") if anchor in held else ""
            if kept:
                reply.slots[slot] = kept
            else:
                del reply.slots[slot]
            moved = True
        if not moved:
            return
        if _ONLY_ME.match(_fold(reply.slots.get("extent_count", ""))):
            # "only me, the others … are fine": who is affected and who is not, together
            _add_to(reply.slots, "extent_count", fine, ", ")
        else:
            _add_to(reply.slots, "what_is_not", fine, "; ")
        return


def _works_not_expected(clause: str, asked: Sequence[str]) -> bool:
    """Whether a clause answering "what works?" (and perhaps "what should happen?") says what
    works ("Entering hours and saving a draft works"; not "it should show my screen")."""
    folded = _fold(clause)
    return (
        "what_is_not" in asked
        and not _SHOULD.match(folded)
        and bool(_SOMEONE_ELSE_FINE.match(clause.strip()) or _WORKS_SAID.search(folded))
        and not _NOT_FINE.search(folded)
    )


# A verb that says something works ("the work mobiles" is no such verb).
_WORKS_SAID = re.compile(
    r"\b(?:marchen?t?|fonctionnen?t?|works|worked|work (?:fine|ok|too|normally|as well)|"
    r"working fine|(?:is|are|'re|'s) (?:fine|ok)|(?:still )?(?:comes?|goes|go) through|"
    # ("le technicien est passé vendredi" came by, "quand je passe le badge" swipes)
    r"(?<!est )(?<!sont )(?<!\ba )(?<!je )(?<!on )passen?t?|"
    r"(?:arriven?t?|ouvren?t?|s'ouvren?t?) (?:bien|normalement)|va bien|sans souci|no problem)\b"
)


# "en filaire ça marche, dans les autres salles aussi": after what works, the other places
# where it works too, said bare
_ELSEWHERE_TOO = re.compile(
    r",\s*(?:(?:and|et)\s+)?((?:dans|in|on|at|sur|aux|au|from|depuis) (?:les |the |all the )?"
    r"(?:autres|other) [\w'-]+(?: [\w'-]+)?(?: (?:aussi|too|as well|egalement|également))?)"
    r"\s*[.!]?$",
    re.I,
)


_SAYS_FINE = re.compile(
    r"\b(?:marchen?t?|fonctionnen?t?|works?|working|(?:is|are|'re|'s) (?:fine|ok)|passen?t?|va bien|"
    r"sans souci|no problem)\b"
)


def _elsewhere_too(reply: Reply) -> None:
    """What works, ending on the other places where it works too: those are where it is not."""
    works = reply.slots.get("what_is_not", "")
    also = _ELSEWHERE_TOO.search(works)
    said_fine = also and _SAYS_FINE.search(_fold(works[: also.start()]))
    if also and said_fine and not reply.slots.get("where_is_not"):
        reply.slots["what_is_not"] = works[: also.start()].strip(" ,")
        reply.slots["where_is_not"] = also.group(1)


# A head count said alone: "about 15", "around 40 of them", "une quarantaine" (folded).
_BARE_COUNT = re.compile(
    r"(?:(?:about|around|roughly|approx\.?|approximately|maybe|like|~|over|more than|at least|"
    r"nearly|almost|environ|a peu pres|pres de|plus de|au moins|presque|dans les|genre) ?)?"
    rf"(?:\d{{1,6}}|{COUNT_WORD})"
    r"(?: (?:of (?:us|them)|d'entre (?:nous|eux|elles)|people|persons|users|personnes|"
    rf"utilisateurs|(?:[\w-]+ )?(?:{PEOPLE})))?(?: (?:so far|for now|pour l'instant|a priori))?"
)


# A head count that leads a time: "about 15 since 9am", "une quinzaine depuis ce matin".
_COUNT_BEFORE_TIME = re.compile(
    rf"^(?:{_BARE_COUNT.pattern})(?= (?:since|from|as of|starting|depuis|a partir d)\b)"
)
# "around 3", "vers 9": a small number said alone may be a time of day, not a head count.
_CLOCK_LIKE = re.compile(
    r"(?:\D+ )?(?:[1-9]|1[0-2]|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
)


def _a_head_count(text: str) -> bool:
    """Whether the text is a head count said alone ("about 15", "une quinzaine")."""
    folded = _fold(text).strip(" .!")
    return bool(_BARE_COUNT.fullmatch(folded)) and not _CLOCK_LIKE.fullmatch(folded)


def _head_count(clause: str) -> str | None:
    """The head count that leads a clause and is followed by since when, as said."""
    match = _COUNT_BEFORE_TIME.match(_fold(clause.strip()))
    head = clause.strip()[: match.end()] if match else None
    return head if head and _a_head_count(head) else None


def _read_reply(asked: Sequence[str], text: str, known: Mapping[str, str] | None = None) -> Reply:
    known = known or {}
    reply = Reply()
    if list(asked) == ["concerns"] and text.strip():
        # "c'est surtout le badge, l'imprimante ça peut attendre": which problem comes first,
        # as said ("ça peut attendre" is about the other one, not this ticket's urgency)
        return Reply(slots={"concerns": text.strip()}, answered=["concerns"])
    if "object" in asked:
        text = _named_then_failing(text)
    clauses = [c.strip() for c in _split(_CLAUSES, text) if c and c.strip()]
    if not clauses:
        return reply
    clauses = _by_comma(asked, clauses)
    unknown = _UNKNOWN.match(_fold(text))
    if unknown and len(clauses) <= 2:
        rest = text[unknown.end() :].strip(" ,;:.-")
        timed = set(_WHEN) & set(asked) and _TIME_CUE.search(_fold(rest))
        # "aucune idée, je crois que c'est que moi. c'est un iPhone 13": one of its sentences
        rest_clauses = [c.strip() for c in _split(_CLAUSES, rest) if c.strip()] or [rest]
        if len(re.findall(r"\w{2,}", rest)) >= 2 and (
            timed
            or any(
                covers(extract_slots(c).get(slot, ""), _unhedged(c))
                for c in rest_clauses
                for slot in asked
            )
        ):
            # "idk, started today": the rest answers; "je sais pas, mes collègues sont au
            # bureau aujourd'hui" says why they cannot
            return _read_reply(asked, rest, known)
        reply.unknown = list(asked)
        return reply
    if _NO_ANSWER.match(_fold(text)):
        reply.unknown = list(asked)  # "What works (IS NOT): send" came from "send" typed early
        return reply
    if _BARE_YES_NO.match(_fold(text)) and not set(asked) <= _YES_NO_QUESTIONS:
        # "non" to "Where are you when it happens? Does it work elsewhere?" names no place:
        # the question is not asked again, and "Where: non" never reaches the statement.
        reply.unknown = list(asked)
        return reply
    if known.get("request_what"):
        clauses = _without_same_as(clauses, reply)
    per_clause = [extract_slots(clause) for clause in clauses]
    claims = [_clear_claim(c, f, asked) for c, f in zip(clauses, per_clause, strict=True)]
    owner: list[str | None] = [None] * len(clauses)
    bare: set[int] = set()  # clauses that answer their question with a bare no
    ahead: set[int] = set()  # clauses that are only a date to come, said to another question
    bare_no_change: set[int] = set()  # clauses that are a bare "nothing changed"
    # "by thursday please, the review is friday morning": the event is why, not when
    events = {
        i
        for i in range(1, len(clauses))
        if "request_by_when" in asked and _is_event(clauses[i], clauses[i - 1])
    }
    for i, found in enumerate(per_clause):
        if i in events:
            continue  # read below
        if not set(asked) & _ASKS_WHEN_NEEDED and _NO_DEADLINE.fullmatch(
            _fold(clauses[i]).strip(" .!")
        ):
            # "No deadline" to "how often?": no answer to it, a remark for the agent
            reply.unread.append(clauses[i].strip())
            owner[i] = "-"
            continue
        if claims[i] in ("request_for_whom", "what_is_not", "where_is_not") or (
            claims[i] == "actual" and "object" in asked
        ):
            # "C'est pour moi, Tom Becker": who, whatever the rules read in it; what works
            # ("ma collègue en télétravail se connecte sans souci") is not who is affected
            continue
        named = [slot for slot in asked if _names(slot, found)]
        if not named and _works_not_expected(clauses[i], asked):
            named = ["what_is_not"]  # "my colleague's laptop works with it fine"
        unchanged = _NO_CHANGE.match(_fold(clauses[i])) if "changes" in asked else None
        if unchanged:
            named = ["changes"]  # "Nothing changed that I know of" answers that question
        if unchanged and len(unchanged.group(0)) >= 0.6 * len(clauses[i].strip(" .!")):
            bare_no_change.add(i)
        elif "changes" in asked and _BARE_NO.fullmatch(_fold(clauses[i])):
            bare_no_change.add(i)  # "non. ça affiche hors ligne": no, then how it fails
        if "extent_count" in asked and _BARE_COUNT.fullmatch(_fold(clauses[i]).strip(" .!")):
            named = ["extent_count"]  # "about 15", "une quarantaine": how many, not when
        if named:
            owner[i] = named[0]
    for i in range(len(clauses)):
        if owner[i] is not None or _UNKNOWN.match(_fold(clauses[i])):
            continue
        named_person = _NAME_INTRO.match(clauses[i].strip())
        if named_person and any(s.startswith("request_") for s in asked):
            reply.slots["request_for_whom"] = named_person.group("name").strip(" .!")
            owner[i] = "-"  # volunteered: it answers none of the questions asked
            continue
        if i in events:
            # "by thursday please, the review is friday morning": why it is needed then (a
            # note when the reason is known); the date stays the one asked for
            if known.get("request_why"):
                reply.unread.append(clauses[i].strip())
                owner[i] = "-"
            elif "request_why" in asked and "request_why" not in owner:
                owner[i] = "request_why"  # the question of the turn it answers
            else:
                reply.slots.setdefault("request_why", clauses[i].strip(" .!"))
                owner[i] = "-"
            continue
        if i > 0 and claims[i - 1] == "extent_count" and _NOT_ASKED.search(_fold(clauses[i])):
            # "Personne d'autre à ma connaissance, mais je n'ai pas demandé aux autres": who
            # is affected, and how sure
            _add_to(reply.slots, "extent_count", clauses[i].strip(" .!"), ", ")
            owner[i] = "-"
            continue
        if i > 0 and _tried_before(per_clause, i) and is_verdict(_fold(clauses[i])):
            # "i reinstalled it already, same thing": how the step went, not an answer
            owner[i] = "-"
            continue
        no_change = _NO_CHANGE.match(_fold(clauses[i]))
        if (
            no_change
            and "changes" not in asked
            and len(no_change.group(0)) >= 0.5 * len(clauses[i])
        ):
            # "Nothing changed that I know of", said to another question, answers that one
            reply.slots.setdefault("changes", clauses[i].strip(" .!"))
            owner[i] = "-"
            continue
        claimed = claims[i]
        if claimed:
            # "le reste de SAP marche normalement" to "anything changed?": what works, whatever
            # was asked
            # an error message keeps the words that say how it shows ("it says … and rejoins")
            said = (
                _WHOLE_CLAIM[claimed](clauses[i])
                if claimed in _WHOLE_CLAIM
                else per_clause[i][claimed]
            )
            if claimed == "impact":
                said = _with_its_tail(said, clauses[i])
            if claimed in ("where", "impact") and i > 0 and claims[i - 1] == claimed:
                # "je suis au 4e étage, bâtiment B", "on perd des ventes, des clients partent
                # sans acheter": one fact said in pieces
                _add_to(reply.slots, claimed, said, ", ")
            elif claimed == "what_is_not":
                # "The returns drop box next to it works. The kiosk at Terminal 1 is fine."
                _add_to(reply.slots, claimed, said, "; ")
            else:
                reply.slots.setdefault(claimed, said)
            for other in _CONSTRAINTS:  # "pas pressé, dans les 2 semaines ça ira"
                if other != claimed and per_clause[i].get(other):
                    reply.slots.setdefault(other, per_clause[i][other])
            owner[i] = "-"
            continue
        open_slots = [s for s in asked if s not in owner]
        if (
            open_slots
            and open_slots[0] in _NOT_A_DATE
            and set(per_clause[i]) == {"deadline"}
            and covers(per_clause[i]["deadline"], clauses[i].strip(" .!?"))
            and _AHEAD.search(_fold(clauses[i]))
            and not _PAST.search(_fold(clauses[i]))
        ):
            ahead.add(i)  # "I'm presenting tomorrow at 10" to "what changed?": a date to come
        constraint_only = bool(per_clause[i]) and (
            all(s in _CONSTRAINTS for s in per_clause[i])
            and (
                len(re.findall(r"\w{2,}", _without(clauses[i], list(per_clause[i].values())))) < 2
                or i in ahead
            )
        )
        if not open_slots and "impact" in asked and per_clause[i] and not constraint_only:
            # "We're the energy company customer line, including the gas emergency option.
            # Customers can't reach us at all": what it stops, in two sentences
            open_slots = ["impact"] if all(s in _CONSTRAINTS for s in per_clause[i]) else []
        # "Au plus vite", "Before Saturday morning": to "by when?", the constraint is the answer
        if open_slots and (not constraint_only or open_slots[0] == "request_by_when"):
            owner[i] = open_slots[0]
            if _BARE_YES_NO.match(_fold(clauses[i])) and owner[i] not in _YES_NO_QUESTIONS:
                # "Au siège à Lyon. Non, ailleurs pareil.": its question is answered, by nothing
                bare.add(i)
        elif (
            i > 0
            and owner[i - 1] == "request_by_when"
            and "request_why" not in asked
            and not per_clause[i]
            and not _DATED.search(re.sub(r"\w+-\w+", " ", _fold(clauses[i])))
        ):
            # "By Friday. He's covering month-end close while I'm on leave": no date, a reason
            # (or, with the reason known, a note: "Un smartphone pro avec la même ligne")
            if known.get("request_why"):
                reply.unread.append(clauses[i].strip())
            else:
                reply.slots.setdefault("request_why", clauses[i].strip(" .!"))
            owner[i] = "-"
        elif (
            i > 0
            and owner[i - 1] == "request_by_when"
            and _restates(clauses[i], known.get("request_what", ""))
        ):
            # "Une file Soldes dans le SVI Genesys avec un message d'accueil dédié" after the
            # date: the ask again, in detail (a note), not when
            reply.unread.append(clauses[i].strip())
            owner[i] = "-"
        elif i > 0 and _A_MODEL.match(clauses[i]) and not set(per_clause[i]) - {"object"}:
            # "only me. it's a Dell Latitude 5440": the device, said beside the answer (a
            # note for the agent), not more of it
            reply.unread.append(clauses[i].strip())
            owner[i] = "-"
        elif i - 1 in bare_no_change and not set(per_clause[i]) - {"actual", "object"}:
            # "pas que je sache. le document part dans la file mais rien ne sort": after the
            # no, how it fails (what happens, said in more detail), else a note
            owner[i] = "-"
            fault = clauses[i].strip(" .!")
            if not _FAULT_SAID.search(_fold(fault)):
                reply.unread.append(clauses[i].strip())
                continue
            had = known.get("actual", "")
            reply.slots["actual"] = (
                f"{had}; {fault}" if had and _fold(had) not in _fold(fault) else fault
            )
            reply.answered.append("actual")
        elif (
            i > 0
            and owner[i - 1] is not None
            and i - 1 not in bare
            and (not per_clause[i] or owner[i - 1] == "impact")
        ):
            owner[i] = owner[i - 1]  # the answer goes on (an impact answer's deadline, workaround)
        elif len(asked) == 1 and not per_clause[i] and i - 1 not in bare:
            # one question, and a clause that says nothing else before the one naming it:
            # "Les camions attendent, on va payer des pénalités. Pas de contournement, on ne
            # peut pas stocker." is all the impact
            owner[i] = asked[0]
    values: dict[str, list[str]] = {}
    for i, clause in enumerate(clauses):
        # (a thing named is no fact: "Open and edit the contract drafts like before" is a note)
        said_nothing = not set(per_clause[i]) - {"object"}
        if owner[i] is None and said_nothing and len(re.findall(r"\w+", clause)) >= 3:
            reply.unread.append(clause.strip())
        if owner[i] == "-" or i in bare:
            continue
        slot = owner[i]
        found = per_clause[i]
        if slot in _WHEN or (
            slot == "changes" and _A_CHANGE_MADE.search(_fold(found.get("deadline", "")))
        ):
            # its time is the answer, or when the change was made ("Toner changé lundi")
            found = {k: v for k, v in found.items() if k != "deadline"}
        constraints = [
            found[s]
            for s in _CONSTRAINTS
            if s in found
            and s != slot
            # "on my phone's hotspot the vpn stays up fine": what works, a way round too
            and not (slot == "what_is_not" and found.get(slot) and found[s] in found[slot])
            and not (slot == "request_by_when" and s in _DATES)
            # "month-end close starts on the 28th": the reason keeps its own date
            and not (slot == "request_why" and s == "deadline")
        ]
        if slot == "request_for_whom":
            clause = _whom_as_said(clause)  # "pour moi, au service achats": "moi, …"
        way = found.get("workaround", "")
        limit = clause[clause.find(way) + len(way) :].strip(" ,") if way and way in clause else ""
        if slot not in (None, "impact", "workaround") and _BUT.match(limit):
            # "we're writing labels by hand but the carrier rejects them" to "where?": the way
            # round and why it falls short, no place
            reply.slots["workaround"] = f"{way}, {limit.strip(' .!')}"
            continue
        if slot is not None:
            if slot == "impact":  # split clause by clause below, constraints included
                values.setdefault(slot, []).append(clause)
            elif covers(found.get(slot, ""), clause.strip(" .!")) and slot == "what_is_not":
                # "en 4G avec le partage de connexion ça passe": what works, said whole (the
                # way round inside it stays in it; "au bureau, et le casque marche sur mon
                # téléphone" drops the "et" its comma cut left)
                values.setdefault(slot, []).append(LEADING_CONJUNCTION.sub("", clause).strip(" .!"))
            elif slot == "what_is_not" and _ONLY_THERE.match(
                _fold(elsewhere := _beyond(clause, found.get(slot)))
            ):
                # "on my phone's hotspot the vpn stays up fine, it's only on the hotel wifi":
                # what works as the rule read it (a way round too), and where it fails apart
                values.setdefault(slot, []).append(found[slot])
                reply.slots.setdefault("where", elsewhere)
            else:
                kept = _without(clause, constraints)
                if kept != clause:  # "the code works so (not blocking)": no dangling "so"
                    kept = _DANGLING.sub("", kept).strip(" ,;:-") or kept
                said = _volunteered(kept, slot, asked, reply, known)
                verdicts = [
                    found[s].strip(" .!?")
                    for s in (*_VERDICTS, *(("deadline",) if slot in _NO_DATE_ANSWERS else ()))
                    if s in found and slot != "request_by_when"  # "Aucune urgence" answers it
                ]
                if slot == "where" and _NOT_A_PLACE.match(_fold(said)):
                    reply.unread.append(said.strip())  # "we need those reports" is no place
                elif slot == "when_first" and not _TIME_CUE.search(_fold(said)):
                    reply.unread.append(said.strip())  # "ça coupe toujours" is no time
                elif said.strip(" .!?") not in verdicts:
                    # "…and there's no workaround" to "what works?" is no answer to it
                    values.setdefault(slot, []).append(LEADING_CONJUNCTION.sub("", said) or said)
        for other, value in found.items():
            if other in asked or other == slot:
                continue
            if slot == "what_is_not" and other == "workaround" and value in found.get(slot, "\0"):
                continue  # "en partage de connexion le VPN tient": what works, said once
            if slot is None or other in _CONSTRAINTS:
                reply.slots.setdefault(other, value)
    due, said_due = known.get("deadline", ""), reply.slots.get("deadline", "")
    if (
        due
        and said_due
        and _fold(said_due) not in _fold(due)
        and _DAY_AND_HOUR.search(_fold(said_due))
        and not _PAST.search(_fold(said_due))
    ):
        # "until Thursday" known, then "I'm presenting tomorrow at 10": both dates stand
        reply.slots["deadline"] = f"{due}; {said_due}"
        reply.answered.append("deadline")
    if "impact" in values:
        values["impact"] = _split_impact(values["impact"], reply)
    for slot, parts in values.items():
        value = "; ".join(_TRAILING_YES.sub("", p) for p in parts if p)
        claimed_why = reply.slots.get(slot, "") if slot == "request_why" else ""
        if value and claimed_why and _fold(claimed_why) not in _fold(value):
            # "Elle remplace Julie qui part en congé. Sinon elle va passer sa première
            # journée à ne rien faire": both clauses are why
            value = f"{claimed_why}; {value}"
        if value:
            reply.slots[slot] = value
            reply.answered.append(slot)
    for clause in clauses:
        left = _left_unsaid(clause, [*reply.slots.values(), *reply.unread])
        if left:
            # "i have client calls all day so i keep joining at the wrong time": the deadline
            # took its clause's first half; the rest reaches the agent in their words
            reply.unread.append(left)
    if reply.slots.get("actual") and VAGUE_FAILURE.fullmatch(_fold(known.get("actual", ""))):
        # "rien ne marche", then "mon pc, écran bleu au démarrage": what happens, now said
        reply.answered.append("actual")
    _elsewhere_too(reply)
    said_no = [owner[i] for i in bare]
    # "au bureau, 2e étage. je sais pas": the place, then no idea for the other question
    idk = _UNKNOWN.search(_fold(text)) or any(says_unknown(c) for c in clauses)
    reply.unread = [u for u in reply.unread if not says_unknown(u)]
    reply.unknown = [s for s in asked if s not in reply.answered and (s in said_no or idk)]
    return reply
