"""What a first message already says, beyond the slot patterns: its sentences read whole.

The opening of an incident states its deviation even in words no pattern knows ("printer dead
again", "the heating is off"), so an incident without a recognised deviation takes its first
sentence as what happens. A clause with a workaround cue is the workaround. A request's other
sentences are its reason, a first-person request is for the requester, and a date in it is
when it is needed. So none of these is asked again (domain.md section 5: skip what was said).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from handoff.answers import _WORKAROUND_CUE, AT_FIRST, covers
from handoff.extraction import (
    _ASKS_TO_PROVIDE,
    _DANGLING,
    _IS_IT_NORMAL,
    _PRODUCT_RE,
    _REQUEST,
    _SPECIFIC,
    _WANTS,
    FR_CAR,
    MENTION,
    PATTERNS,
    QUOTED,
    WORKS_ON,
    _trim_part,
    _without,
    detect_language,
    extract_slots,
    not_the_way_round,
    says_message,
)
from handoff.people import ONE_OF, PEOPLE
from handoff.slot_tagger import claimed_slots, learned_slots, reconciled_slots
from handoff.subject import first_subject, without_lead
from knowledge.text import SHORTCODE, without_aside
from knowledge.text import same_length_fold as _fold

# Mentions that lead a message ("<!channel>", "<@U123>", "@support"): addressed, not said.
_MENTIONS = re.compile(rf"^(?:(?:{MENTION})[\s,:;-]*)+")
_SENTENCES = re.compile(r"(?<=[.!?;])\s+|\n+")
# A clause about what was just named: "ça reste en attente", "it just hangs".
_IT_DOES = re.compile(r"(?:ca|ça|it|elle|il|they|ils|elles) (?!(?:is|was|'s|est|etait)\b)\w+")
_CLAUSES = re.compile(r",\s+|\s*:\s+|\s+(?:but|mais|so|donc|du coup)\s+", re.I)
_GREETING = re.compile(
    # the longer greetings first: "bonjour" alone would leave "à tous" for the fault
    r"^\W*(?:(?:bonjour a tous|bonjour tout le monde|salut a tous|salut tout le monde|"
    r"hello (?:all|everyone|team)|hi (?:all|everyone|team)|hey (?:all|everyone|team)|"
    r"morning all|alors voila|voila|hi there|hello there|hey there|bonsoir|yo|hi|hello|hey|"
    r"morning|good morning|allo|bonjour|bjr|slt|salut|coucou|weird one|quick one|urgent|fyi)"
    r"\b[\s!,.:;-]*)+",
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
    r"je peux avoir|je pourrais avoir|"
    r"je souhaite|je souhaiterais|est-ce que je pourrais|my|mon|ma|mes|"
    # "need a new mouse pls, mine's scroll wheel is broken": the requester's own
    r"mine|le mien|la mienne|les miens|les miennes|"
    # "Je remplace Julie Morel pendant son congé": the one asking is who it is for
    r"je remplace|je reprends|je rejoins|i'?m (?:covering|replacing|taking over|joining))\b"
)
# "one", "un nouveau": what the message named before ("mon casque est cassé").
_STAND_IN = re.compile(
    r"(?:(?:an?|un|une) )?(?:(?:new|other|another|nouvel(?:le)?|nouveau|autre) ?)?(?:one|un|une)?"
)
_ACCOUNT_ASK = re.compile(
    r"\b(?:password|reset|unlock|account|login|access|mot de passe|reinitialis\w*|debloqu\w*|"
    r"compte|acces|identifiant)\b"
)
# A request said as a noun: "headset request for Jamal", "badge d'accès au labo P2 pour une
# doctorante", "parking badge for an external auditor pls".
_NAMED_ASK = re.compile(
    r"^\W*(?:(?:hi|hello|bonjour|salut)\W+)?(?P<what>[\w' -]{3,60}?)(?P<asked> request| demande)?"
    r"\s+(?:for|pour)\s",
    re.I,
)
# What people lack, said instead of asked: "none of them have MES logins or badges", "n'ont
# toujours aucun compte (Windows, DPI Cortexa)".
_LACKING = re.compile(
    r"\b(?:none of (?:them|us)|nobody|no one|they|he|she|we|i) (?:still )?(?:(?:don'?t|doesn'?t) "
    r"(?:have|has) (?:any |an? )?|(?:have|has) no |(?:have|has) )(?P<what>[^.;!?]{3,80})"
    r"|\b(?:n'ont|n'a|n'avons|n'ai) (?:toujours |encore )?(?:aucune?|pas de|pas d'|plus de|plus d')"
    r" ?(?P<quoi>[^.;!?]{3,80})",
    re.I,
)
# What was lost, said before asking for it back: "I deleted the Q4 folder by mistake",
# "j'ai supprimé par erreur un dossier sur le Teams de l'équipe RH".
_LOST_THING = re.compile(
    r"\b(?:i|we|j'ai|on a|nous avons)\s+(?:accidentally |by mistake |mistakenly |"
    r"par erreur |par megarde )?(?:deleted|removed|lost|overwrote|overwritten|supprimé|supprime|"
    r"effacé|efface|perdu|écrasé|ecrase)(?: par erreur| par mégarde| by mistake)?\s+"
    r"(?P<thing>(?:the|a|an|my|our|un|une|le|la|les|l'|mon|ma|mes|notre|nos)\s*[^,.;!?]{2,60}?)"
    r"(?=\s+(?:by mistake|par erreur|hier|yesterday|this|last|ce|cette|earlier|ce matin)\b|"
    r"\s*[,.;!?]|$)",
    re.I,
)
_BRING_BACK = re.compile(
    r"\b(?:restore|recover|undelete|retrieve|get (?:it|them|this|that) back|recuperer|restaurer)\b"
)
# An ask that only points back at it: "get it back", "le récupérer".
_IT_BACK = re.compile(
    r"(?:get |have )?(?:it|them|this|that)(?: back)?|(?:le|la|les|l') ?(?:recuperer|restaurer)"
)
_VAGUE_ASK = re.compile(
    r"(?:get )?(?:them|him|her|it|us|me)? ?(?:set ?up|sorted|sort(?:ed)? out|done|fixed|ready|"
    r"access|in|on|up|la|ca|les|leur|lui)?"
)
# A mailbox or list address, whole or begun: "tenders@", "chefs-rayon@...", "rh@acme.fr".
_ADDRESS = re.compile(r"(?<![\w.@-])[a-z0-9][\w.-]*@(?:[\w-]+\.[\w.]+)?", re.I)
# A machine's asset tag or name: "LT-4821", "HZ-PC-087", "PC-0234".
_ASSET_TAG = re.compile(r"(?<![\w-])[A-Z]{2,4}(?:-[A-Z]{2,4})?-\d{3,6}(?![\w-])")
# The device a request names ("on my laptop", "sur mon poste"): its tag goes with it.
_DEVICE = re.compile(
    r"\b(?:laptop|computer|pc|desktop|workstation|machine|mac|macbook|ordi|ordinateur|poste|"
    r"portable)\b"
)
_MONTHS_EN = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december|"
    r"jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)"
)
_MONTHS_FR = (
    r"(?:janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre)"
)
_DATE = re.compile(
    r"\b(?:(?:by|before|on|from|for|until|starting|within|in|at|next|this) )?(?:the )?"
    r"(?:today|tonight|tomorrow(?: morning| afternoon)?(?: (?:at |before )?\d{1,2}(?::\d{2})? ?(?:am|pm)"
    r"|(?: at| before) \d{1,2}:\d{2})?|eod|end of (?:the )?(?:day|week|month)|this weekend|"
    r"(?:next|this) (?:week|month|monday|tuesday|wednesday|thursday|friday)|monday|tuesday|"
    r"wednesday|thursday|friday|\d{1,2}(?:st|nd|rd|th)(?! floor)|the next (?:couple of |few )?(?:days|weeks)|"
    # "vendange starts in 10 days"
    r"(?<=in )(?:\d{1,2}|two|three|four|five|ten|a few|a couple of) (?:days|weeks)|"
    r"asap|at some point|month[- ]end|"
    r"\d{1,2}(?:st|nd|rd|th)?(?:[-–]\d{1,2}(?:st|nd|rd|th)?)? (?:of )?"
    + _MONTHS_EN
    + r"|"
    + _MONTHS_EN
    + r" \d{1,2}(?:st|nd|rd|th)?)\b"
    r"|\b(?:(?:avant|pour|d'ici|a partir d[eu]|des|le|la|ce|cette) )?(?:(?:la |le )?(?:fin (?:de la "
    r"semaine|du mois)|aujourd'hui|(?:demain|lundi|mardi|mercredi|jeudi|vendredi)(?: prochain)?(?: matin| midi| soir)?"
    r"(?: (?:a |avant )?\d{1,2} ?h(?:\d{2})?\b)?|ce soir|"
    r"semaine prochaine|mois prochain|\d{1,2}(?:er)? (?:du mois|de ce mois)|"
    r"(?<=dans )(?:\d{1,2}|deux|trois|quelques) (?:jours|semaines)|"
    r"au plus vite|des que possible))\b"
    r"|\b(?:(?:avant|pour|d'ici|a partir) )?(?:le |du |au )(?:\d{1,2}(?:er)?(?: "
    + _MONTHS_FR
    + r")?)"
    r"(?![\w:,.]*\s*(?:h\b|heures?|%|personnes|agents|ans|euros?|jours|mois))\b"
    r"|\b(?:avant|pour|d'ici) (?:la |le |l')[\w-]+ du \d{1,2}\b",
    re.I,
)


_NAMED = re.compile(
    r"\b(?:give|grant|add|invite|enrol|for|pour|à|a|de|ajouter|rajouter|inscrire|inviter|set up|"
    r"create an? \w+ for) ((?:[A-Z][a-zéèï]+) "
    r"(?:[A-Z][a-zéèï]+))\b|\(((?:[A-Z][a-zéèï]+) (?:[A-Z][a-zéèï]+))\b|"
    # "Julien Moreau quitte l'entreprise vendredi": the leaver is who the request is about
    r"\b([A-ZÀ-Ý][a-zà-ÿ'-]+ [A-ZÀ-Ý][a-zà-ÿ'-]+) (?:quitte|part|a quitté|is leaving|leaves|"
    r"has left|will leave|left)\b"
)
# A name after who a request is for, maybe after when they arrive: "our new contractor, Luis
# Ortega", "une nouvelle stagiaire qui arrive lundi, Chloé Martin, …"
_NAME_AFTER = re.compile(
    r"(?:\s+(?:qui|who)?\s*(?:arrive|arrives|starts?|starting|joins?|joining|commence|débute)"
    r"(?: [\w'’]+){0,3}?)?,\s*(?P<name>[A-ZÀ-Ý][a-zà-ÿ-]+ [A-ZÀ-Ý][a-zà-ÿ-]+)\b(?=\s*(?:[,.;!?(]|$))"
)
_WE_HAVE = re.compile(r"(?:on a|nous avons|il y a|we have|we've got|there's|there is) ")
# Who a request is for, said as the one who arrives or needs it: "une stagiaire arrive le 2",
# "Les commissaires aux comptes arrivent mardi", "Un consultant externe (cabinet Altis) doit
# avoir…", "Can we get a contractor access…" (folded text).
_NEWCOMER = re.compile(
    r"(?:^|[,.!?:;]\s*|\b(?:bonjour|hello|hi|salut|hey)\W+|\b(?:get|give|grant|donner a) |"
    r"\b(?:on a|nous avons|il y a|we have|we've got|there's|there is) )"
    r"(?P<who>(?:une?|des|les|le|la|l'|a|an|the|our|nos|notre|mon|ma|my|two|three|four|five|"
    r"deux|trois|quatre|cinq|\d+) (?:[\w'-]+ ){0,3}?(?:" + ONE_OF + "|" + PEOPLE + r"|"
    r"contractor|consultant|intern|stagiaire|freelance|temp|hire|starter|auditor|recrue)s?"
    r"(?: (?:externes?|external|freelance|temporaires?|(?:aux|de|du|des|of|from) [\w'-]+))?"
    r"(?: \([^)]{2,40}\))?) (?:qui |who )?"
    r"(?:arrive|arrives|arrivent|starts?|joins?|commencen?t?|debuten?t?|doit avoir|doivent avoir|"
    r"a besoin|ont besoin|is joining|are joining|is starting|are starting|access)\b"
)
# People by first name, where the request says it is for them: "headset request for Jamal",
# "give Tom and Aisha access", "on aurait besoin que Julien, monteur freelance, puisse…".
_FIRST_NAMES = re.compile(
    r"\b(?:(?:request|demande) (?:for|pour)|(?:give|grant)(?= [A-Z]\w+(?:(?:,| and| et| &) "
    r"[A-Z]\w+)* (?:access|an? account|rights|permission))|(?:besoin|faut|faudrait) que)"
    r" (?P<who>[A-Z][a-zéèëïîôç-]+(?:(?:,| and| et| &) [A-Z][a-zéèëïîôç-]+)*"
    r"(?:, [a-zéèëïîôç -]{3,40}(?=,))?)"
)
_ASKING_FOR = re.compile(
    "|".join(f"(?:{rx.pattern})" for rx in (_ASKS_TO_PROVIDE, _WANTS, _REQUEST)), re.I
)
_COURTESY = re.compile(
    r"^(?:no rush|thanks?|thank you|cheers|merci|pas presse|je vous remercie|whenever|"
    r"if possible|si possible|please|help|au secours|a l'aide|sos)\b",
    re.I,
)


# A duty the requester has, said whole: "I need to edit contract PDFs for the legal team".
_DUTY = re.compile(
    r"\b(?:i need to|i have to|i must|i'?ve got to|je dois|il faut que je|j'ai besoin de) "
    r"(?!get\b|have\b|avoir\b|obtenir\b)[^.;!?]+"
)


# The requester as what the ask acts on: "add me to", "invite me to", "m'ajouter au".
_ME_AS_OBJECT = re.compile(
    r"\b(?:add|invite|enrol|enroll|subscribe|include|put|grant|give) me (?:to|in|into|on|"
    r"access|the|a|an)\b|\b(?:m'ajouter|me rajouter|m'inscrire|m'abonner|m'inviter|me donner "
    r"(?:acces|l'acces|les droits))\b"
)


def _own_seat_for_a_team(slots: dict[str, str], text: str) -> dict[str, str]:
    """Something for the requester's own laptop or account, wanted to do work for a team
    ("Adobe Acrobat Pro on my laptop? I need to edit contract PDFs for the legal team"): it is
    for the requester, and the team belongs to why."""
    if not _OWN_THING.search(_fold(slots.get("request_what", ""))):
        return slots
    duty = _DUTY.search(_fold(text))
    whom = _fold(slots.get("request_for_whom", ""))
    why = slots.get("request_why", "")
    if whom and not (duty and whom in duty.group(0)) and whom in _fold(why):
        # "Visio on my laptop for drawing the network diagrams for the new office": the
        # office is part of the reason
        return {**slots, "request_for_whom": "moi" if detect_language(text) == "fr" else "me"}
    if not duty or not whom or whom not in duty.group(0):
        return slots
    out = dict(slots)
    out["request_for_whom"] = "moi" if detect_language(text) == "fr" else "me"
    out["request_why"] = text[duty.start() : duty.end()].strip(" ,")
    if _fold(out.get("extent_count", "")) in duty.group(0):
        out.pop("extent_count", None)
    return out


# The team the requester has just joined: why they ask, not who it is for or by when.
_I_JOINED = re.compile(
    r"\b(?:i(?:'ve| have)? (?:just |recently |only )?(?:joined|started (?:in|on|with)|"
    r"moved (?:from [\w-]+(?: [\w-]+)? )?(?:to|into)|transferred (?:from [\w-]+(?: [\w-]+)? )?"
    r"(?:to|into)|switched (?:from [\w-]+(?: [\w-]+)? )?to)|i'?m new (?:in|to|on)|"
    r"je viens (?:de rejoindre|d'arriver (?:dans|chez|au|a))|j'ai (?:rejoint|integre)|"
    # "je suis passée de la compta au contrôle de gestion cette semaine"
    r"je suis passee? (?:(?:de|du|des|d') ?[\w' -]{1,30} )?(?:a|au|a la|chez|dans)|"
    r"je suis (?:nouveau|nouvelle|arrivee?) (?:dans|chez|au|a))\b[^.;!?]*"
)


def _joined_a_team(slots: dict[str, str], text: str) -> dict[str, str]:
    """ "I joined the finance team this week" beside an access request: the reason, for the
    requester; the team is not who it is for and the week is not when it is needed."""
    joined = _I_JOINED.search(_fold(text))
    coming = None if joined else _I_WILL_JOIN.search(_fold(text))
    joined = joined or coming
    if not joined:
        return slots
    said = joined.group(0)
    # ("I'm moving to the design team next week": the week it is needed by)
    dropped = (
        "extent_count",
        "when_first",
        "request_for_whom",
        *(() if coming else ("request_by_when",)),
    )
    out = {k: v for k, v in slots.items() if k not in dropped or _fold(v) not in said}
    out.setdefault("request_why", text[joined.start() : joined.end()].strip(" ,"))
    return out


# The same, to come: "I'm moving to the design team next week", "je rejoins l'équipe data lundi".
_I_WILL_JOIN = re.compile(
    r"\b(?:(?:i'?m|i am|i'?ll be|i will be) (?:moving|transferring|switching) (?:over )?(?:to|into)|"
    r"(?:i'?m|i am|i'?ll be|i will be) joining|i (?:start|begin) (?:in|on|with)|"
    r"je (?:rejoins|vais rejoindre|vais integrer|commence (?:dans|chez)|change d'equipe)|"
    r"j'integre|"
    # "I'm the new designer on the web team": who the requester is, not who it is for
    r"(?:i'?m|i am) (?:the|a) new (?:[\w-]+ ){1,2}?(?:on|in|at|with|for) (?:the|our|my) "
    r"[\w-]+(?: team)?)\b[^.;!?]*"
)


# Someone new: why a request for them is made (onboarding).
_NEW_STARTER = re.compile(
    r"\b(?:new|starts?|starting|joins?|joining|arrives?|arriving|nouvel?|nouvelle|arrive|"
    r"commence|debute|embauchee?|recrutee?)\b"
)
_PARTICLE = re.compile(r"^(?:up|out|in|on|off)\s+(?=(?:a|an|the|my|our|his|her|their|some|new)\b)")
# "commander un téléphone portable", "order a new keyboard": the thing is what is requested
_ORDER_VERB = re.compile(
    r"^(?:to\s+)?(?:order|buy|purchase|get|commander|acheter|obtenir)\s+"
    r"(?=(?:a|an|un|une|des|some|new|another|two|three|deux|trois|\d+)\s)",
    re.I,
)
# "in the data team", "dans l'équipe data": where someone will work, not a reason by itself.
_TEAM_ONLY = re.compile(
    r"(?:in|into|joining|with|dans|a|au|chez|avec|rejoint|pour) (?:the |our |l'|le |la |notre )?"
    r"(?:[\w'-]+ ){0,3}(?:team|equipe|service|department|dept|squad)(?: [\w'-]+)?"
)


def _team_only_why(slots: dict[str, str]) -> dict[str, str]:
    """ "…for our new intern Sam Lee? starts on the 14th in the data team": the team someone
    joins is no reason, so why is still asked."""
    why = slots.get("request_why", "")
    if why and _TEAM_ONLY.fullmatch(_fold(why).strip(" ,.")):
        return {k: v for k, v in slots.items() if k != "request_why"}
    return slots


_FOR_YESTERDAY_LEAD = re.compile(r"^\W*(?:c['’]est |c['’][ée]tait )?pour hier(?:[^\w]|\s)*", re.I)


# Who manages or approves, said beside a request: not its reason.
_WHO_MANAGES = re.compile(
    r"(?:his|her|their|my|our|son|sa|leur|mon|ma|notre) (?:line )?(?:manager|boss|supervisor|"
    r"responsable|n\+1|cheffe?|superieure?) (?:is|est|will be|sera)\b"
)


def _clean_why(why: str, slots: dict[str, str]) -> str | None:
    """A reason without the ask, the person or the date that share its clause."""
    date = _DATE.search(_fold(why), 1)
    if date and not _FRAGMENT.search(_fold(why[: date.start()]).rstrip(" ,;:-")):
        why = why[: date.start()]  # "payroll run is today" keeps its date: it is the reason
    for other in ("request_what", "request_for_whom", "request_by_when"):
        value = slots.get(other, "")
        # (a whole word: the "me" of "home"; "de chez moi" is a place, not who it is for)
        found = (
            re.search(rf"(?<!\w)(?<!chez ){re.escape(_fold(value))}(?!\w)", _fold(why))
            if value
            else None
        )
        at = found.start() if found else -1
        if (
            at > 0
            and other == "request_by_when"
            and re.search(r"\b(?:qui|que|who|that|which)$", _fold(why[:at]).rstrip(" ,"))
        ):
            continue  # "une enquête publique qui démarre le 14": the reason keeps its date
        if at >= 0:
            why = why[:at] if at > 0 else why[len(value) :]
    need = _NEED_SAID.search(_fold(why), 1)
    if need:
        why = why[: need.start()]  # "pour la campagne des soldes on aurait besoin d'une file…"
    bare = re.sub(r"^\W*(?:(?:and|et|but|mais|for|pour|by|d'ici|avant|before)\s+)+", "", why)
    purpose = re.match(r"^\W*(?:for|pour)\s+", why)
    # "… arrivent mercredi pour l'audit": a purpose of one noun keeps its "pour"
    why = why[purpose.end() - len(purpose.group(0).lstrip(" ,;:-(")) :] if purpose else why
    if not purpose or len(re.findall(r"\w{2,}", bare)) >= 2 or not re.search(r"\w{4,}", bare):
        why = bare  # "for our" (its people cut away) is no purpose
    if not _VERB_IT.search(_fold(why).rstrip(" .!?")):  # "the free reader can't do it"
        why = _DANGLING.sub("", why)
    # "for a network diagram due (Friday)", "un schéma à rendre (vendredi)": its date cut away
    # ("the report is due" keeps its "due": the verb says it)
    why = re.sub(
        r"(?<!\bis)(?<!\bare)(?<!\bwas)(?<!\best)(?<!\bsont)\s+(?:due|à rendre|a rendre)\W*$",
        "",
        why,
        flags=re.I,
    )
    why = why.strip(" ,;:-(")
    if _WHO_MANAGES.match(_fold(why)):
        return None  # "her manager is Tom Reyes": who approves, not what it is for
    if _FRAGMENT.search(_fold(why)):
        return None  # "payroll run is", "we've got", "travailler de chez": its rest was cut away
    return why if len(re.findall(r"\w{2,}", why)) >= 2 else None


# "on aurait besoin", "we need", "il nous faut": where the ask starts after its purpose
_NEED_SAID = re.compile(
    r"\s+(?:(?:on|nous|we|i|je|j') (?:aurait |aurions |aurais |avons |ai |a |would |'d |will |"
    r"really |)(?:besoin|need|needs|require)|il (?:nous|me) (?:faut|faudrait)|j'ai besoin|"
    # "I got married over the summer and would like my name changed…": the ask begins
    r"(?:and|et) (?:(?:i|we) )?(?:would|'d) like|(?:and|et) (?:je|j'|nous|on) "
    r"(?:voudrais|voudrions|voudrait|aimerais|aimerions|souhaiterais|souhaite))\b"
)
# A verb and its object pronoun end the clause: nothing dangles in "…can't do it".
_VERB_IT = re.compile(
    r"\b(?:do|does|did|open|opens|read|reads|print|prints|handle|handles|use|support|supports|"
    r"fix|run|runs|edit|sign|save|export|import|install|need|needs|want|access|share|see|get) "
    r"(?:it|them)$"
)
# What is left of a clause once the ask, the person or the date were cut out of it: a verb
# without its object, a preposition without its noun, a verb without its subject.
_FRAGMENT = re.compile(
    r"\b(?:is|are|was|were|be|have|has|had|got|get|'s|'re|'ve|de|du|des|chez|a|au|aux|en|sur|"
    r"avec|in|on|at|to|of|with|from|into|est|sont|ont|avons|avez|avoir|obtenir|doit|doivent|"
    r"starts?|begins?|commencen?t?|demarren?t?|qui|que|qu'|who|that|which)$|"
    r"^(?:is|are|was|were|has|have|est|sont|a|ont)\b"
)


def _reasons(parts: list[str], slots: dict[str, str]) -> Iterator[str]:
    """A request's reasons: clauses that are not the ask, a date, a courtesy or a person (the
    first that says something once its date and person are cut is the reason)."""
    known = [v.casefold() for k, v in slots.items() if k not in ("request_why", "deadline") and v]
    for part in parts:
        for clause in _CLAUSES.split(part):
            clause = _THANKS_END.sub("", clause.strip(" ,;.!?")).strip(" ,;.!?")
            if _may_be_reason(clause, known):
                yield clause


def _may_be_reason(clause: str, known: list[str]) -> bool:
    folded = clause.casefold()
    if len(re.findall(r"\w{2,}", clause)) < 3 or _COURTESY.match(_fold(clause)):
        return False
    if any(folded in v or (len(v) >= 0.6 * len(folded) and v in folded) for v in known):
        return False
    # the ask itself, or a date alone, is no reason; nor is the approval ("my manager
    # approved it"), which the agent reads in the message
    return (
        (not _ASKING_FOR.search(_fold(clause)) or bool(_WHAT_HAPPENED.match(_fold(clause))))
        and not _DATE.fullmatch(_fold(clause))
        and not APPROVED.search(_fold(clause))
        and not _OWNER_AWAY.search(_fold(clause))
        and not _NAMES_IT.search(_fold(clause))
    )


_FILE_NAME = re.compile(
    r"(?<![\w/.-])[\w-]+\.(?:xlsx|xls|xlsm|docx|doc|pptx|ppt|pdf|csv|txt)\b", re.I
)
# "it was called Q4-plan.xlsx", "le fichier s'appelait Budget.xlsx": what the thing is named,
# a detail of what is asked, not why
_NAMES_IT = re.compile(r"\b(?:called|named|s'appel(?:le|lent|ait|aient)|nommee?s?|intitulee?s?)\b")


# Whose thing the request is about: "le MFA de ma collègue Julie Morel", "the mailbox of my
# manager Anna Ruiz".
_SOMEONES = re.compile(
    r"\s+(?:de|d'|du|of|for)\s*(?P<who>(?:ma|mon|notre|my|our)\s+(?:coll[eè]gue|colleague|manager|"
    r"responsable|assistante?|stagiaire|intern|alternante?|n\+1|boss|cheffe?)"
    r"(?-i:(?:\s+[A-ZÀ-Ý][\w'’-]+){0,2}))",
    re.I,
)
# "he got a new phone and is locked out", "elle a changé de téléphone": what happened to
# someone, which is why the request is made (a new phone in it is not what is asked for)
_WHAT_HAPPENED = re.compile(
    r"(?:he|she|they|i|we|il|elle|ils|elles|j'|je|on)\s*(?:'s |has |have |had |a |ont |ai |avons )?"
    r"(?:just |juste |recently )?(?:got|lost|broke|changed|dropped|replaced|recu|eu|perdu|casse|"
    r"change|remplace|is locked out|are locked out|est bloquee?|sont bloquee?s)\b"
)
# "Mark from FP&A owns it but he's on leave": why it comes to support, not why it is needed
_OWNER_AWAY = re.compile(
    r".{0,40}?\b(?:owns?|owner|in charge|manages?|proprietaire|responsable|gere)\b[^.;!?]{0,40}?\b(?:on "
    r"leave|away|off|out of (?:the )?office|on holiday|on vacation|ooo|en conge|absente?|en "
    r"vacances|pas la)\b"
)


# "my manager approved it", "validé par mon manager": the request is approved, no reason.
APPROVED = re.compile(
    # (the manager of whom the request is for: "his manager Sophie Leroy agreed")
    r"\b(?:(?:my|our|the|his|her|their) (?:manager|boss|lead|director|head|n\+1)\b[^.;!?,]{0,20}?"
    r"\b(?:approved|signed (?:it )?off|agreed|ok'?d|validated)|(?:approved|signed off|validated) by "
    r"(?:my|our|the|his|her|their) \w+|(?:mon|ma|notre|son|sa|leur) (?:manager|responsable|cheffe?|"
    r"chef|directeur|directrice|n\+1)\b"
    r"[^.;!?,]{0,20}?\b(?:a valide|a donne son (?:accord|ok)|est d'accord|a approuve)|"
    r"(?:valide|approuve)e? par (?:mon|ma|notre|son|sa|leur) \w+|"
    # "priya approved it already in email", "she already signed it off"
    r"\b(?:she|he|they|[a-z]+) (?:has |have |had )?(?:already )?(?:approved|signed off|ok'?d) "
    r"(?:it|this|that|the request|my request)|"
    r"\b(?:i|we) (?:have|got|'ve got|already have) (?:the |my |our |her |his )?(?:manager'?s? |"
    r"boss'?s? )?(?:approval|sign-?off|go-?ahead|ok)\b|"
    r"\b(?:j'ai|on a|nous avons) (?:deja )?(?:l'accord|le feu vert|la validation|le ok|l'ok|"
    r"son accord|son ok) (?:de|du|d')|\b(?:il|elle) (?:l'|m'|nous )?a (?:deja )?(?:valide|approuve|"
    r"donne son (?:accord|ok)))"
)


def approval_said(text: str) -> str | None:
    """The requester's words saying the request is approved ("my manager jen approved it
    already", "validé par mon n+1"): the clause that says it, up to its sentence's end."""
    found = APPROVED.search(_fold(text))
    if found is None:
        return None
    start = max((m.end() for m in re.finditer(r"[.;!?,(]\s*", text[: found.start()])), default=0)
    end = _APPROVAL_END.search(text[found.end() :])
    stop = found.end() + (end.start() if end else 0)
    return text[start:stop].strip(" ,;:-") or None


# Where the approval's clause ends: its sentence's end, or a comma that opens another clause
# ("my manager Sarah Lee already approved, I need it for the board pack on Thursday").
_APPROVAL_END = re.compile(
    r"[.;!?)]|$|,\s*(?:and |but |et |mais )?(?:i|i'm|i'd|we|it|it's|she|he|they|j'|je|on|il|elle|"
    r"nous|c'est|ce)\b",
    re.I,
)


# "… merci d'avance", "…, thanks!": a courtesy that ends a reason is not part of it.
_THANKS_END = re.compile(
    r"[\s,.…!-]*\b(?:merci(?: d'avance| beaucoup| bien)?|thanks?(?: a lot| in advance)?|"
    r"thank you|cheers|ta)\W*$",
    re.I,
)


# Why a request is made: a purpose ("to prepare the budget", "pour un séminaire") or a cause.
_PURPOSE_VERBS = (
    r"prepare|edit|work|run|use|do|finish|send|make|print|test|review|join|handle|process|pay|"
    r"sign|support|train|present|manage|onboard|submit|write|build|analy[sz]e|share|host|hold|"
    r"cover|record|attend|deliver|launch|update|follow|track|check|create|plan|meet|call|read"
)
_PURPOSE = re.compile(
    # "HR forgot to send the list" is what went wrong, not what it is for
    r"\b(?:(?:in order |so as )?(?<!forgot )(?<!forgotten )(?<!failed )(?<!neglected )to "
    r"(?:" + _PURPOSE_VERBS + r")\b|"
    r"(?:covering|to cover|standing in) for [\w' -]+|en remplacement d[e']|"
    r"for (?:a|an|the|our|my) (?!(?:new |whole )?(?:team|colleague|manager|starter|hire|joiner|"
    r"intern|employee|department|group|people|staff|reps?|members?|contractor|consultant|"
    r"auditor|visitor|guest|recruit|temp|trainee|apprentice|assistant|freelancer|"
    # ("a docking station for my desk": where it goes, no reason)
    r"desk|workstation|seat|laptop|pc|computer)s?\b)"
    r"(?!(?:[\w-]+ )?(?:" + PEOPLE + r"|" + ONE_OF + r")\b)[\w-]+|"
    r"pour (?:un|une|le|la|les|l'|notre|nos|mon|ma|mes)\b ?(?!\d|(?:equipe|service|collegue|nouvel?|"
    r"nouvelle|stagiaire|manager|alternante?|personnes|salaries|" + PEOPLE + r"|" + ONE_OF + r")\b)"
    r"[\w'-]+|"
    r"pour (?!(?:moi|nous|lui|eux|elle|elles|notre|votre|leur)\b)[a-z]+(?:er|ir|re)\b|afin de|"
    r"because|" + FR_CAR + r"|"
    r"parce qu|so (?:that )?(?:i|we) can)[^.;!?,()]*",
    re.I,
)
# Who needs it, when the sentence says so: "our payroll team (5 people) needs", "nos 3
# graphistes ont besoin".
_NEEDS_SUBJECT = re.compile(
    r"(?:^|[,.!?:]\s*)(?P<who>(?:l'|(?:our|my|the|his|her|nos|notre|mes|mon|ma|le|la|les) )"
    r"[^,.;!?]{2,50}?) (?:needs?|requires?|would (?:like|need)|ont besoin|a besoin|aurait besoin|"
    r"auraient besoin|aimerai(?:en)?t|voudrai(?:en)?t|souhaite(?:nt|rai(?:en)?t)?)\b",
    re.I,
)
# "the council tender portal requires a contact email": a thing's need names no person.
_THING_SUBJECT = re.compile(
    r"\b(?:portal|site|website|system|app|application|tool|form|software|server|process|"
    r"contract|procedure|policy|law|regulation|portail|systeme|logiciel|outil|formulaire|"
    r"serveur|contrat|reglement|loi)s?$"
)
# "reset my password", "mon compte est bloqué": the requester's own account is for them,
# whoever else the message names ("valider les congés de mon équipe").
_OWN_THING = re.compile(
    r"\b(?:my|mon|ma) (?:[\w-]+ )?(?:password|account|access|login|laptop|pc|phone|mailbox|"
    r"mot de passe|compte|acces|identifiant|session|poste|ordinateur|telephone|boite mail)\b"
)
_NO_DATE_NEEDED = re.compile(
    r"\b(?:no rush|no hurry|whenever|not urgent|nothing urgent|pas presse|rien d'urgent|"
    r"pas urgent|quand vous (?:pouvez|pourrez|avez le temps|aurez le temps|aurez un moment)|"
    r"sans urgence|aucune urgence|a l'occasion|can wait|peut attendre|no (?:fixed )?(?:deadline|"
    r"date)|pas d'echeance|aucune echeance|pas de date)\b[^,.;!?()]*",
    re.I,
)
_CONSTRAINT = re.compile(
    r"\b(?:not urgent|no rush|no hurry|whenever|pas urgent|pas presse|rien d'urgent|"
    r"urgent|asap|au plus vite)\b"
)
# "logins for the scanners and the WMS": what the ask is for is part of the ask.
_FOR_A_THING = (
    r"(?! (?:the |our |my |les |le |la |nos )?(?:[\w-]+ )?(?:scanners?|printers?|systems?|apps?|"
    r"portal|drive|share|server|tool|software|platform|database|wms|erp|crm|vpn|sap|intranet|"
    r"douchettes?|imprimantes?|logiciels?|serveur|portail)\b)"
)
_ASK_END = re.compile(
    r"\s+(?:for"
    + _FOR_A_THING
    + r"|pour"
    + _FOR_A_THING
    + r"|by|before|avant|d'ici|because|"
    + FR_CAR
    + r"|so that|afin|as soon|since|"
    # ("restore a file from the Marketing SharePoint": where from is part of what)
    r"from(?!(?: the| our| my)?(?: [\w-]+){0,2} (?:sharepoint|drive|folder|site|share|onedrive|"
    r"mailbox|backup|recycle bin|bin|server)\b)|"
    # ("on the 14th" is when; "edit rights on the Q4 budget sheet" is what)
    r"starting|who|qui|on the (?=\d|first\b|last\b|next\b)|le \d|within|if|si|ideally|idealement|"
    r"please|svp|merci|whenever|while|pendant|during|durant|"
    r"quand vous|when you|as soon|no rush|no hurry|(?:in order )?to (?:" + _PURPOSE_VERBS + r"))\b|"
    r"[.?!;:(]|,\s+(?=(?:i|we|she|he|they|it|its|it's|je|j'|on|nous|il|elle|ils|elles|so|"
    r"du coup|sinon|otherwise|and i|mais|the current|le|la|les|mine|my old|le mien|la mienne|"
    # "a replacement badge, lost mine on the train": what happened, not what is asked
    r"lost|broke|dropped|forgot|left|stolen|perdu|casse|oublie|vole|"
    r"their|his|her|our|leur|leurs|c'est|ce sera)\b)",
    re.I,
)
_POLITE_ASK = re.compile(_ASKS_TO_PROVIDE.pattern, re.I)
# "while I'm travelling", "pendant mon déplacement", "while mine is being repaired": what the
# request covers for, its reason
_MEANWHILE = re.compile(r",?\s*(?:while|during|pendant|durant) [^.;!?,]{3,80}", re.I)
# The verb and to whom, before what is given: "give Priya Nair (new in legal, starts jan 5)
# access to …", "grant her the same rights as …".
# A person's name as typed in Slack, capitalised or not ("Maria Lopez", "tom becker"); words
# that say what is given, or to a group, are never part of one.
_NOT_A_PERSON = (
    r"(?!(?i:everyone|everybody|all|the|my|our|your|his|her|their|me|us|him|them|read|write|"
    r"edit|admin|full|access|rights|permissions?|licen[cs]es?|new|same|some|an?|tout|tous|toutes|"
    r"les|le|la|un|une|des|acc[eè]s|droits|lecture|ecriture|écriture|nos|mes|ses)\b)"
)
_A_NAME = rf"{_NOT_A_PERSON}[A-Za-zÀ-ÿ][\w'’-]+ {_NOT_A_PERSON}[A-Za-zÀ-ÿ][\w'’-]+\b"
NAMES = rf"{_A_NAME}(?:(?:, | and | et | & |, and ){_A_NAME})*"
_GIVE_SOMEONE = re.compile(
    r"\s*(?i:give|grant|(?:donner|donne|attribuer|ouvrir|creer|créer|"
    r"fournir) (?:à|a))\s+(?:" + NAMES + r"|[A-ZÀ-Ý][\w'’-]+\b|"
    r"(?i:me|us|him|her|them|my new [\w-]+|our new [\w-]+|the new [\w-]+))\s*(?:\([^)]*\)\s*)?"
    r"(?=(?i:access|an? |the |some |rights|permissions?|licen[cs]es?|admin|read|write|edit|"
    r"same |their |his |her |l'|le |la |les |un |une |des |ses |son |sa |leurs? |acc[eè]s|droits))"
)
_PASSIVE_ASK = re.compile(
    r"\b(?:can|could) (?P<what>(?:my|our|the|his|her) [\w' -]{1,40}? be (?:changed|updated|"
    r"corrected|renamed|added|removed|reset|extended|fixed|moved))\b"
)


def _asked_for(text: str) -> str | None:
    """What a request asks for, from its verb to where the for-whom, when or why begins."""
    folded = _fold(text)
    polite = _POLITE_ASK.search(folded)
    found = [m for m in (_WANTS.search(folded), _REQUEST.search(folded)) if m]
    wants = min(found, key=lambda m: m.start()) if found else None
    passive = _PASSIVE_ASK.search(folded)
    if passive:  # "can my display name be changed from X to Y"
        rest = text[passive.start("what") :]
        end = re.search(r"[.?!;(]", rest)
        return rest[: end.start() if end else len(rest)].strip(" ,") or None
    welcoming = polite and re.match(r"nous accueillons|on accueille", polite.group(0))
    if polite and (wants is None or polite.start() <= wants.start()) and not welcoming:
        verb = re.search(
            r"(?:mettre (?:a jour|en place)|set (?:me|us|\w+) up|[\w'-]+)$", folded[: polite.end()]
        )
        start = verb.start() if verb else polite.end()
    elif wants:
        start = wants.end()
    else:
        return None
    rest = text[start:]
    if folded[:start].endswith("besoin d"):
        rest = re.sub(r"^(?:e\s+|')", "", rest)
    # "add Tom Becker (sales) to the EMEA list": the person's team aside is no end of the ask
    rest = re.sub(
        rf"^(\s*(?i:add|ajouter|rajouter|inscrire|invite|inviter|enrol|enroll)\s+{_A_NAME})"
        r"\s*\([^()]{1,40}\)",
        r"\1",
        rest,
    )
    given = _GIVE_SOMEONE.match(rest)
    if given:  # "give Priya Nair (new in legal) access to …": the thing given, not to whom
        rest = rest[given.end() :]
    end = _ASK_END.search(_fold(rest))
    phrase = rest[: end.start()] if end else rest
    phrase = re.sub(
        r"^\s*(?:(?:me|us|him|her|them|nous|lui|leur|de|to|of)\s+|[md]['’]\s*)", "", phrase
    )
    # "d'obtenir un deuxième écran", "d'avoir un nouveau casque": the thing, not the verb;
    # "I need it to also forward urgent mails": what it should do
    phrase = re.sub(
        r"^\s*(?:(?:get|have|obtain|avoir|obtenir)\s+|(?:it|this|that|them) to (?:also\s+)?)",
        "",
        phrase,
        flags=re.I,
    )
    phrase = phrase.strip(" ,'’\"")
    return phrase if 2 <= len(phrase) <= 150 and re.search(r"\w{2,}", phrase) else None


_DETERMINER = re.compile(
    r"^(?:l'|(?:the|our|my|all the|all|both|les|le|la|notre|nos|mon|ma|mes|tous les|"
    r"toutes les)\b\s*)",
    re.I,
)
_PRONOUN = re.compile(r"\b(?:i|we|you|it|they|je|j'|on|nous|vous|il|elle|ils|elles|ca|this)\b")


def _subject(parts: list[str]) -> str | None:
    """What fails, when no known name does: the words before the first sentence's deviation
    ("La clim ne marche plus", "Kyriba rejects our batch")."""
    deviation = PATTERNS["actual"]
    for part in parts[:2]:
        folded = _fold(part)
        match = next((m for m in deviation.finditer(folded) if m.start() > 0), None)
        if match is None or folded[match.start()] in "\"'«“":
            continue
        before = part[: match.start()].strip(" ,:;-")
        before = re.sub(
            r"(?:\s+(?:is|are|was|were|has|have|keeps?|just|now|shows?|displays?|gives?|says?|"
            r"throws?|returns?|gets?|est|sont|a|ont|ne|n'|affiche|indique|donne|renvoie|"
            r"a|an|the|me|us|un|une|le|la|les|des|du|being|been|so|really|very|super|again|still|"
            r"encore|toujours|vraiment|tellement|trop|de nouveau|all|both|each|tous|toutes))+$",
            "",
            before,
            flags=re.I,
        )
        before = _FILLER_START.sub("", before)
        words = re.findall(r"[\w'’-]+", before)
        if not 1 <= len(words) <= 8 or _PRONOUN.search(_fold(before)):
            continue
        return _DETERMINER.sub("", before).strip() or None
    return None


# A subject that is people ("our delivery drivers", "nos infirmières"), and the thing the
# failure names that they use ("can't log into the route planner app on their handhelds").
_PEOPLE_SUBJECT = re.compile(
    r"(?:(?<=\s)|^)(?:(?:our|the|all|my|nos|les|mes|tous|toutes)\s+)*(?:[\w-]+\s+)?"
    rf"(?:{PEOPLE})(?:\s+(?:de|du|des|in|at|from|on|of)\s+[\w'-]+)?$"
)
_WHAT_THEY_USE = re.compile(
    r"\b(?:log ?in(?:to| to| on)?|sign ?in(?:to| to| on)?|access|open|use|get into|connect to|"
    r"se connecter|acceder|ouvrir|utiliser|lancer)\s+(?:(?:a|au|aux|sur) )?(?:the |our |their |"
    r"my |l'|le |la |les |leur |leurs |notre |nos |mon |ma )?"
    r"((?:(?!on |sur |from |depuis |since |with |avec |because |car )[\w'-]+ ?){1,4}?)"
    r"(?= on | sur | from | depuis | since | with | avec |[,;.!?]|$)"
)


# Chat filler before the subject: "ok so VetLink…", "bon alors la clim…".
_FILLER_START = re.compile(
    r"^(?:(?:ok|okay|so|well|right|bon|alors|donc|bref|du coup)\b[\s,]*)+", re.I
)


# A system's own name, as people type it: "YardPlan", "ClaimsHub", "LT2", "W2-S" (capitals alone
# are as often a carrier or a team: "DHL", "HR").
_SYSTEM_NAME = re.compile(r"(?<![\w@#/.-])(?:[A-Z][a-z]+[A-Z][\w-]*|[A-Z][\w]*\d[\w-]*)(?![\w@/-])")
_NOT_A_NAME = frozenset(
    [
        "URGENT",
        "ASAP",
        "OK",
        "FYI",
        "PS",
        "HELP",
        "PLS",
        "SVP",
        "STP",
        "NB",
        "RAS",
        "TODAY",
        "NOW",
        "ASAP!!",
        "AM",
        "PM",
        "HR",
        "IT",
        "RH",
        "DSI",
        "PC",
    ]
)


# A capitalised name after "sur", "via", "dans", "with": the tool it happens in (not "in" or
# "at", which name places as often).
_USED_IN = re.compile(
    r"(?<!\best )(?<!\bsuis )(?<!\bsommes )(?<!\bes )(?<!\bbase )(?<!\bbasee )(?<!\bbases )"
    # (a title names a person: "swapped rooms with Mr Hayes")
    r"\b(?:sur|via|dans|avec|with|using|through) (?!(?:Mr|Mrs|Ms|Miss|Dr|Mme|Mlle|Madame|"
    r"Monsieur|Prof)\b)([A-Z][a-z]+[A-Za-z0-9]*)\b(?!['’])"
    r"(?! (?:[A-Z0-9]\b|\d))"  # "dans Building C" is a place
)


_SHOWN_LEADS = frozenset(
    [
        "shows",
        "show",
        "displays",
        "display",
        "says",
        "reads",
        "affiche",
        "indique",
        "error",
        "erreur",
        "code",
    ]
)
_ROOM_CODE = re.compile(r"[A-Z]\d{1,2}(?:[.-]\d+)?[A-Z]?")
_PLACE_LEADS = frozenset(
    ["in", "at", "room", "salle", "dans", "au", "en", "building", "batiment", "bâtiment"]
)


def _system_name(text: str, obj: str, where: str = "") -> str | None:
    """The first system name in the message that the object does not already say (nor the
    place, nor what works: "room B2.14", "mon casque marche bien sur Zoom" name no system
    that fails)."""

    def elsewhere(name: str) -> bool:
        return bool(re.search(rf"(?<!\w){re.escape(name.casefold())}", where.casefold()))

    used = _USED_IN.search(text)
    if (
        used
        and used.group(1).upper() not in _NOT_A_NAME
        and used.group(1).casefold() not in (obj.casefold())
        and not elsewhere(used.group(1))
    ):
        return used.group(1)  # "signer sur Yousign", "export via Concur"
    for match in _SYSTEM_NAME.finditer(text):
        name = match.group(0)
        if name.upper() in _NOT_A_NAME or len(name) < 2 or name.casefold() in obj.casefold():
            continue
        before = text[: match.start()].split()[-1:]
        if before and before[0].casefold() in _PLACE_LEADS and _ROOM_CODE.fullmatch(name):
            continue  # "the projector in B12": a room, not a system (not "in SAP4", "in O365")
        shown = text[: match.start()].rstrip(" '\"“«").split()[-1:]
        if shown and shown[0].casefold() in _SHOWN_LEADS:
            continue  # "the printer shows 'E4'": a code it shows, not a system

        if not elsewhere(name):
            return name
    return None


def sentences(text: str) -> list[str]:
    body = _FILLER.sub("", _GREETING.sub("", text.strip()))
    return [s.strip() for s in _SENTENCES.split(body) if s and s.strip()]


# A verb whose particle ends the sentence: "can't log in", "won't sign on".
_PHRASAL_END = re.compile(
    r"\b(?:log|logs|logged|logging|sign|signs|signed|signing|check|clock|plug|dial|turn|"
    r"switch|boot|start)\s+(?:in|on|up)\W*$",
    re.I,
)
# Others cannot hear or see the requester: the fault is the requester's, not theirs.
_HEARS_ME = re.compile(
    r"\b(?:ne m'|ne me )(?:entend|entendent|voit|voient|comprend|comprennent)|"
    r"(?:can'?t|cannot|could ?n'?t) (?:hear|see|understand) me\b"
)


# What is left of a deviation once its verb went elsewhere: "to the ricoh", "sur la Ricoh".
_LEFTOVER = re.compile(r"(?:to|on|in|at|from|with|sur|a|au|dans|avec|de|du)\s+(?:[\w'-]+\s*){1,4}")


def opening_slots(text: str, contact_type: str | None) -> dict[str, str]:
    """The slots of a first message: the patterns' snippets plus what its sentences say."""
    slots = extract_slots(text)
    # "@relais nobody in…" is to Relais; ":wave:" says nothing of the fault
    parts = sentences(SHORTCODE.sub(" ", _MENTIONS.sub("", text)).strip())
    if not parts:
        return slots
    for part in parts:
        for clause in _CLAUSES.split(part):
            clause = clause.strip(" ,;.!")
            if contact_type == "request" and (
                _DATE.search(_fold(clause)) or WORKS_ON.search(_fold(clause))
            ):
                continue  # "je fais la saisie demain", "je bosse sur des plans": why it is needed
            tried = slots.get("tried", "")
            if tried and (clause in tried or (tried in clause and covers(tried, clause))):
                continue  # "I've restarted it twice" was tried, it is no way around the fault
            asks = part.rstrip().endswith(
                "?"
            )  # "comment je fais pour…?" asks, it copes with nothing
            if (
                clause
                and not asks
                and not slots.get("workaround")
                and _WORKAROUND_CUE.search(_fold(clause))
            ):
                slots["workaround"] = clause
                slots.pop("no_workaround", None)
                if slots.get("actual"):
                    slots["actual"] = _without(slots["actual"], clause) or slots["actual"]
                # "je dois sonner à l'accueil tous les matins": the reception is the way round's
                slots = not_the_way_round(slots, _fold(text))
    crowd = ""  # the people a failure's sentence opens with ("our delivery drivers")
    if contact_type == "incident":
        # what fails is the subject of the failing verb: the sentence's own first noun phrase
        # (never people), else the words before the failure
        lead = first_subject(parts)
        subject = lead or _subject(parts)
        crew = _PEOPLE_SUBJECT.search(_fold(subject or ""))
        if subject and crew:
            # "our delivery drivers can't log into the route planner app": the drivers are who,
            # the app is what fails
            used = _WHAT_THEY_USE.search(_fold(slots.get("actual", "")))
            group = subject[crew.start() :].strip()
            as_said = re.search(
                rf"(?:\b(?:our|the|all|my|nos|les|mes|tous|toutes)\s+){{0,2}}{re.escape(group)}",
                text,
                re.I,
            )
            crowd = as_said.group(0) if as_said else group
            if _HEARS_ME.search(_fold(slots.get("actual", ""))):
                crowd = ""  # "les gens ne m'entendent plus": the fault is the requester's
            label = subject[: crew.start()].strip()
            named_thing = _fold(label[:-1]).strip() == _fold(slots.get("object", "\0"))
            if label.endswith(":") and not named_thing:
                # "URGENT call centre: agents": the label is where ("Teams: les gens…" names
                # what fails)
                slots.setdefault("where", without_lead(label[:-1]).strip(" ,-") or label[:-1])
            subject = slots["actual"][used.start(1) : used.end(1)] if used else None
        named = slots.get("object", "")
        people = _fold(slots.get("extent_count", "")) or "\0"
        known_name = named and _PRODUCT_RE.search(_fold(named))
        if (
            subject
            and not known_name
            and (lead or (people not in _fold(subject) and _fold(subject) not in people))
            and (
                not named
                or _fold(named) not in _fold(subject)
                or len(re.findall(r"\w+", subject)) <= (5 if lead else 4)  # "portail RH"
            )
        ):
            slots["object"] = subject
        system = _system_name(
            text,
            slots.get("object", ""),
            f"{slots.get('where', '')} {slots.get('what_is_not', '')}",
        )
        if system:
            obj = slots.get("object", "")
            if obj.endswith(")"):  # "Excel (Q3 forecast file, SharePoint)": one aside
                slots["object"] = f"{obj[:-1]}, {system})"
            else:
                slots["object"] = f"{obj} ({system})" if obj else system
    fallback_actual = contact_type == "incident" and not slots.get("actual")
    if fallback_actual:
        first = next((p for p in parts if len(re.findall(r"\w+", p)) >= 2), parts[0])
        first = _MENTIONS.sub("", first)  # "<!channel> the shared drive S" is no deviation
        others = [slots[o] for o in _SPECIFIC if slots.get(o)]
        clauses = [
            c
            for c in _CLAUSES.split(first)
            if c.strip() and not _CONSTRAINT.search(_fold(c)) and not _COURTESY.match(_fold(c))
        ]
        # "Depuis hier, plus moyen d'accéder à l'intranet": a clause that is only another
        # fact (when it began) says nothing of the fault
        clauses = [
            c for c in clauses if not any(_fold(c).strip(" ,.!") in _fold(o) for o in others)
        ] or clauses
        if clauses:
            actual = _trim_part(clauses[0], others).strip(" .!,")
            obj = slots.get("object", "")
            at = _fold(clauses[0]).find(_fold(obj)) if obj else -1
            # ("Le téléphone fixe" named "téléphone fixe de l'accueil", less its article)
            bare = re.sub(
                r"^(?:le|la|les|l'|the|my|our|mon|ma|mes|notre|nos)\s*", "", _fold(actual)
            )
            named_only = (
                _fold(actual) in _fold(obj)
                or bare in _fold(obj)
                or (_fold(actual).endswith(_fold(obj)) and len(actual) <= len(obj) + 6)
            )
            if obj and at >= 0 and named_only:
                # the clause only named what fails: the deviation is what follows its name,
                # less the other facts it holds ("on floor 3")
                rest = clauses[0][at + len(obj) :]
                for other in others:
                    rest = re.sub(
                        rf"(?:\b(?:on|in|at|from|au|du|de la|de|des|sur|a|à)\s+"
                        rf"(?:the\s+|le\s+|la\s+|l')?)?{re.escape(other)}",
                        "",
                        rest,
                        flags=re.I,
                    )
                actual = re.sub(r"\s+", " ", rest).strip(" .!,:;-") or actual
            for when in (slots.get("when_first", ""), slots.get("changes", "")):
                # "depuis ce matin impossible d'…", "depuis la mise à jour de ce matin
                # impossible d'…"
                if when and _fold(actual).startswith(_fold(when)) and len(actual) > len(when) + 8:
                    actual = actual[len(when) :].strip(" ,")
            following = clauses[1].strip(" .!,") if len(clauses) > 1 else ""
            if (
                following
                and (
                    _IT_DOES.match(_fold(following))
                    or says_message(following)
                    or QUOTED.search(following)  # "…, page 'connexion non sécurisée'"
                    # "sonne mais quand on décroche personne": when it fails
                    or re.match(r"(?:quand|lorsque|when|whenever) ", _fold(following))
                )
                and not set(extract_slots(following)) - {"actual", "object"}
            ):
                # "impossible d'imprimer sur la Ricoh, ça reste en attente dans la file": how
                # it fails
                actual = f"{actual}, {following}"
            slots["actual"] = actual
    if contact_type == "request":
        what = _asked_for(text)
        lacking = _LACKING.search(text)
        if lacking and (not what or _VAGUE_ASK.fullmatch(_fold(what))):
            # "none of them have MES logins or badges", "n'ont toujours aucun compte (…)"
            what = (lacking.group("what") or lacking.group("quoi")).strip(" ,")
        lost = _LOST_THING.search(text) if _BRING_BACK.search(_fold(text)) else None
        if lost and (not what or _IT_BACK.fullmatch(_fold(what))):
            # "I deleted the Q4 folder by mistake, can you get it back?": what to restore
            verb = "récupérer" if detect_language(text) == "fr" else "restore"
            what = f"{verb} {lost.group('thing').strip()}"
        noun_ask = _NAMED_ASK.match(text)
        if noun_ask and (not what or noun_ask.group("asked")):
            what = noun_ask.group("what").strip()  # "headset request for Jamal"
        if what and _STAND_IN.fullmatch(_fold(what)):
            what = f"{what} ({slots['object']})" if slots.get("object") else what

        if what:
            cuts = [slots.get("request_by_when", ""), slots.get("not_urgent", "")]
            date = _DATE.search(_fold(what), 1)
            what = what[: date.start()] if date else what
            what = _DANGLING.sub("", _trim_part(what, cuts)).strip(" ,;:-")
            address = _ADDRESS.search(text) or _FILE_NAME.search(text)
            if address and address.group(0) not in what:
                # "a shared mailbox ... - events@", "restore a file … it was called Q4.xlsx"
                what = f"{what} ({address.group(0)})"
            tag = _ASSET_TAG.search(text)
            if (
                tag
                and tag.group(0) not in what + slots.get("where", "")
                and _DEVICE.search(_fold(what))
            ):
                what = f"{what} ({tag.group(0)})"  # "on my laptop? my laptop is LT-4821"
            slots["request_what"] = what
    if contact_type == "request":
        slots = _joined_a_team(slots, text)
        folded = _fold(text)
        needer = _NEEDS_SUBJECT.search(_GREETING.sub("", folded))
        if (
            needer
            and not re.search(r"\b(?:i|je|j')\b", needer.group("who"))
            and not _THING_SUBJECT.search(needer.group("who"))
        ):
            offset = len(folded) - len(_GREETING.sub("", folded))
            start = offset + needer.start("who")
            slots["request_for_whom"] = text[start : offset + needer.end("who")].strip()
        arriving = ""  # "on a une nouvelle stagiaire qui arrive": why, once who is cut from it
        if not slots.get("request_for_whom"):
            person = _NAMED.search(text)
            newcomer = _NEWCOMER.search(folded) or _FIRST_NAMES.search(text)
            if person:
                slots["request_for_whom"] = person.group(1) or person.group(2) or person.group(3)
                if person.group(3):
                    # "Julia Moore is leaving on Friday": why her accounts are to be closed
                    leaving = re.match(r"[^,.;!?]+", text[person.start(3) :])
                    arriving = leaving.group(0).strip() if leaving else ""
            elif newcomer:
                slots["request_for_whom"] = text[newcomer.start("who") : newcomer.end("who")]
                said = text[newcomer.start() : newcomer.end()].strip(" ,.!?:;")
                arriving = said if _WE_HAVE.match(_fold(said)) else ""
            elif slots.get("extent_count") and not _OWN_THING.search(folded):
                slots["request_for_whom"] = slots.pop("extent_count")
            elif _ME_AS_OBJECT.search(folded):
                # "could you add me to the #finance-leads channel?": for the requester
                slots["request_for_whom"] = "moi" if detect_language(text) == "fr" else "me"
        whom = slots.get("request_for_whom", "")
        at = text.find(whom) if whom else -1
        name = _NAME_AFTER.match(text[at + len(whom) :])
        if at >= 0 and name and name.group("name") not in whom:
            # "for our new contractor, Luis Ortega", "une nouvelle stagiaire qui arrive lundi,
            # Chloé Martin": who, by name
            slots["request_for_whom"] = f"{whom}, {name.group('name')}"
        whose = _SOMEONES.search(slots.get("request_what", ""))
        if not slots.get("request_for_whom") and whose:
            # "réinitialiser le MFA de ma collègue Julie Morel": hers, not the requester's
            slots["request_for_whom"] = whose.group("who")
            slots["request_what"] = slots["request_what"][: whose.start()].rstrip(" ,")
        whom, what = slots.get("request_for_whom", ""), slots.get("request_what", "")
        if whom and whom in what:
            # "donner accès à la boîte compta@ à ma collègue Inès Garnier", "give my colleague
            # Ines Garnier access to …": who it is for has its own row
            cut = re.sub(
                rf"\s*(?:\b(?:to|for|à|a|pour)\s+)?{re.escape(whom)}", "", what, count=1
            ).strip(" ,")
            if len(re.findall(r"\w+", cut)) >= 2:
                slots["request_what"] = cut
            person = re.search(r"[A-ZÀ-Ý][\w'-]+(?: [A-ZÀ-Ý][\w'-]+)*$", whom)
            obj = slots.get("object", "")
            if person and obj.startswith(person.group(0) + " "):  # "Ines Garnier access"
                slots["object"] = obj[len(person.group(0)) :].strip()
        if not slots.get("request_for_whom") and _FIRST_PERSON.search(folded):
            slots["request_for_whom"] = "moi" if detect_language(text) == "fr" else "me"
        if not slots.get("request_by_when"):
            # the week someone joined a team is not when the request is needed
            dated = _I_JOINED.sub(lambda m: " " * len(m.group(0)), folded)
            date = _DATE.search(dated) or _NO_DATE_NEEDED.search(dated)
            if date:
                slots["request_by_when"] = text[date.start() : date.end()].strip(" ,")
        if _PURPOSE.search(_fold(slots.get("request_for_whom", ""))):
            del slots["request_for_whom"]  # "for the reportings" is why, not who
        if _MY_SEAT.fullmatch(_fold(slots.get("request_for_whom", "")).strip(" ,.")):
            # "un deuxième écran pour mon poste": for the one asking, at their desk
            slots["request_for_whom"] = "moi" if detect_language(text) == "fr" else "me"
        given = _GIVEN_TO.search(text) if not slots.get("request_for_whom") else None
        if given:  # "give the new analyst Ravi Shah the same access as…": who it is for
            slots["request_for_whom"] = given.group(1)
        if not slots.get("request_why"):
            # the first purpose that is not who it is for: "for the events team … for the
            # conference planning"
            for purpose in _PURPOSE.finditer(folded):
                why = _clean_why(text[purpose.start() : purpose.end()], slots)
                if why and _A_GROUP.search(_fold(why)):
                    # "for the events team" is who, not what for ("On est 8 dedans": how many)
                    had = slots.get("request_for_whom", "")
                    if had and _COUNT_ONLY.fullmatch(_fold(had).strip(" .!")):
                        slots["request_for_whom"] = f"{why} ({had})"
                    slots.setdefault("request_for_whom", why)
                    continue
                if why:
                    slots["request_why"] = why
                    break
        if slots.get("request_why") and not _clean_why(slots["request_why"], slots):
            del slots["request_why"]  # "c'est pour demain": a date, the reason may follow it
        # the first clause that may be one: later ones ("My manager said to ask you guys") are
        # more often the story than the reason
        reason = _clean_why(next(_reasons(parts, slots), ""), slots)
        said = _fold(slots.get("request_why", ""))
        if reason and said and said in _fold(reason) and _fold(reason) != said:
            # "je passe mes journées sur des gros fichiers Excel pour la clôture": the
            # purpose with the work it is for
            slots["request_why"], reason = reason, None
        if reason and _fold(reason) in said:
            reason = None
        if reason and slots.get("request_why") and _PURPOSE.fullmatch(_fold(slots["request_why"])):
            slots["request_why"] = f"{slots['request_why']}; {reason}"  # a purpose and a cause
        elif reason and not slots.get("request_why"):
            slots["request_why"] = reason
        if slots.get("request_why"):
            cleaned = _clean_why(slots["request_why"], slots)
            if cleaned:
                slots["request_why"] = cleaned
            else:
                del slots["request_why"]
        what = slots.get("request_what", "")
        after = text.find(what) + len(what) if what and what in text else -1
        meanwhile = _MEANWHILE.match(text, after) if after >= 0 else None
        if meanwhile and not slots.get("request_why"):
            # "… to my mobile while I'm travelling next week": why (the week is when)
            why = _without(meanwhile.group(0), slots.get("request_by_when", "")).strip(" ,")
            if len(re.findall(r"\w{2,}", why)) >= 2:
                slots["request_why"] = why
        if arriving and not slots.get("request_why"):
            slots["request_why"] = arriving  # a newcomer arriving is why (onboarding)
        duty = _DUTY.search(_fold(text))
        said = text[duty.start() : duty.end()].strip(" ,") if duty else ""
        what = _fold(slots.get("request_what", ""))
        if said and not slots.get("request_why") and not (what and what in _fold(said)):
            # "admin rights on my laptop? I need to install Python packages for a data
            # project": the work it is for (the ask said again is no reason)
            slots["request_why"] = said
        broke = _MINE_BROKE.search(_fold(text)) or _LOST_MINE.search(_fold(text))
        if broke and not slots.get("request_why"):
            # "my laptop charger died, can I get a new one?": a replacement, and why
            slots["request_why"] = text[broke.start() : broke.end()].strip(" ,")
        needs_new = _NEEDS_A_NEW_ONE.search(_fold(text))
        if broke and needs_new and not slots.get("request_what"):
            # "J'ai perdu ma clé YubiKey, il m'en faut une nouvelle"
            slots["request_what"] = needs_new.group(1)
        one = _A_NEW_ONE.match(_fold(slots.get("request_what", "")))
        if broke and one:
            # ... and "a new one" is a new laptop charger
            thing = text[broke.start(2) : broke.end(2)]
            new = {"my": "a new", "mon": "un nouveau", "ma": "une nouvelle"}[broke.group(1)]
            slots["request_what"] = f"{new} {thing}"
    if slots.get("request_for_whom"):
        slots["request_for_whom"] = re.sub(r"^(?:for|pour)\s+", "", slots["request_for_whom"])
    learned = _LEARNED[contact_type or "incident"]
    tried = slots.get("tried", "")
    ruled_actual = slots.get("actual", "")
    ruled_change = slots.get("changes")
    slots = reconciled_slots(text, slots, only=learned)
    ruled_impact = slots.get("impact")
    slots = claimed_slots(text, slots, only=learned, threshold=_CLAIM)
    claimed = slots.get("impact", "")
    if (
        contact_type == "incident"
        and claimed
        and not ruled_impact
        and _fold(claimed) in _fold(ruled_actual)
        and _ONLY_A_MESSAGE.fullmatch(_fold(slots.get("actual", "")))
    ):
        # "I can't open SAP, it says "license expired"": the failure, then what it shows; not
        # what it stops and a message
        slots["actual"] = ruled_actual
        del slots["impact"]
    if fallback_actual:  # a whole first sentence taken as the deviation gives up more freely
        slots = claimed_slots(text, slots, only=learned, threshold=0.45, taken_from=("actual",))
    slots = {**slots, **learned_slots(text, slots, only=learned)}
    if slots.get("changes") and not ruled_change and _BARE_THING.fullmatch(_fold(slots["changes"])):
        # "ça tourne dans le vide après le mot de passe": a step of the fault, not a change
        bare = _fold(slots.pop("changes"))
        if bare in _fold(ruled_actual) and bare not in _fold(slots.get("actual", "")):
            slots["actual"] = ruled_actual  # and the fault keeps it
    if (
        contact_type == "incident"
        and ruled_actual
        and not slots.get("actual")
        and slots.get("impact") == ruled_actual
    ):
        # "the whole warehouse can't print shipping labels": with nothing else said to fail,
        # what they cannot do is the deviation (and what it stops is asked)
        slots["actual"] = slots.pop("impact")
    split_verb = f"{slots.get('impact', '')} {slots.get('actual', '')}"
    if (
        contact_type == "incident"
        and slots.get("impact")
        and slots.get("actual")
        and _fold(split_verb) in _fold(ruled_actual)
    ):
        # "our team can't see the shared calendar … anymore": the tagger took the failing verb
        # for what it stops and left its object as the deviation; the rules' reading was whole
        slots["actual"] = ruled_actual
        del slots["impact"]
    if (
        contact_type == "incident"
        and ruled_actual
        and slots.get("impact")
        and _fold(slots["impact"]) in _fold(ruled_actual)
        and _LEFTOVER.fullmatch(_fold(slots.get("actual", "")))
    ):
        # "can't print double sided to the ricoh": the tagger took what they cannot do for
        # the impact and left "to the ricoh" as the deviation; the rules' reading was whole
        slots["actual"] = ruled_actual
        del slots["impact"]
    if tried:
        # the steps the rules read stay whole: the tagger knows no such slot and would take
        # "swapped the USB cable" for a workaround
        slots["tried"] = tried
        for slot in learned:
            if slots.get(slot) and _fold(slots[slot]) in _fold(tried):
                del slots[slot]
    at = text.find(slots["workaround"]) if slots.get("workaround") else -1
    said_when = _AS_CONDITION.search(_fold(text[:at])) if at > 0 else None
    if said_when:
        # "n'affiche plus rien quand je branche mon portable": when it fails, not a way round
        slots.setdefault("where_on_object", f"{said_when.group(0).strip()} {slots['workaround']}")
        del slots["workaround"]
    if slots.get("deadline") and _USED_TO_WORK.search(_fold(slots["deadline"])):
        del slots["deadline"]  # "Avant ça marchait très bien" is how it was, not a due date
    # What a request is for, and for whom, are asked otherwise: the tagger's best reading of
    # them is worth more than its usual margin (the employee sees and can correct it).
    if contact_type == "request":
        needed = [s for s in ("request_what", "request_for_whom") if not slots.get(s)]
        slots = claimed_slots(text, slots, only=needed, threshold=_REQUIRED)
        slots = {**slots, **learned_slots(text, slots, only=needed, threshold=_REQUIRED)}
    if slots.get("request_for_whom"):
        whom = re.sub(r"^(?:for|pour)\s+", "", slots["request_for_whom"])
        # "une nouvelle stagiaire qui arrive", "my colleague Paul who starts tomorrow": who,
        # not when (by when keeps its own words)
        slots["request_for_whom"] = _WHO_ARRIVES.sub("", whom).strip(" ,") or whom
        # "pour Julie qui arrive le 12", read up to the relative: "Julie"
        slots["request_for_whom"] = (
            re.sub(r"\s+(?:qui|who|that|que)$", "", slots["request_for_whom"], flags=re.I)
            or slots["request_for_whom"]
        )
        if re.match(
            r"(?:de|du|des|of)\s+(?:l['’]|la |le |les |the )?(?:[ée]quipe|service|team|department|"
            r"d[ée]partement)\b",
            slots["request_for_whom"],
            re.I,
        ):
            # "un dossier sur le Teams de l'équipe RH": whose it is, not whom it is for
            del slots["request_for_whom"]
    if slots.get("request_by_when"):
        # "qui commence le 15 janvier": the date, not the relative that led to it
        when = re.sub(r"^(?:qui|who|that|which)\s+", "", slots["request_by_when"], flags=re.I)
        slots["request_by_when"] = when or slots["request_by_when"]
    if slots.get("request_why"):
        # "c'est pour hier 😅 on lance la campagne": the haste is no part of the reason
        slots["request_why"] = _FOR_YESTERDAY_LEAD.sub("", slots["request_why"])
    if contact_type == "request" and slots.get("request_why") and not _says_why(slots):
        del slots["request_why"]
    why_at = text.find(slots.get("request_why") or "\0")
    if why_at >= 0 and _OWNER_AWAY.match(_fold(text[why_at:]).split(".")[0]):
        del slots["request_why"]  # "Mark from FP&A owns it but he's on leave"
    approval = APPROVED.search(_fold(slots.get("request_what", "")))
    if approval and approval.start() > 0:
        # "Tableau Desktop installed on my laptop, my manager approved": the ask ends before
        slots["request_what"] = slots["request_what"][: approval.start()].rstrip(" ,;-")
    if slots.get("request_what"):
        slots["request_what"] = (
            _DANGLING.sub("", slots["request_what"]).strip(" ,;:-") or (slots["request_what"])
        )
        # "could you set up a mailbox": the verb's particle is not part of what is asked
        slots["request_what"] = _PARTICLE.sub("", slots["request_what"]) or slots["request_what"]
        slots["request_what"] = _ORDER_VERB.sub("", slots["request_what"]) or slots["request_what"]
        # "a new mouse pls": the courtesy is not part of it either
        slots["request_what"] = (
            re.sub(
                r"[\s,]+(?:pls|please|plz|svp|stp|merci)\W*$", "", slots["request_what"], flags=re.I
            )
            or slots["request_what"]
        )
        slots["request_what"] = _for_which_system(slots["request_what"], slots.get("object", ""))
        model = _SAME_AS.search(text)
        if model and _fold(model.group(0)) not in _fold(slots["request_what"]):
            # "même profil que Marie Durand": the access to copy is part of what is asked
            slots["request_what"] = f"{slots['request_what']} ({model.group(0).strip()})"
    slots = {k: _closed(v, text) for k, v in slots.items()}
    if contact_type == "incident":
        _with_what_it_shows(slots, text)
        _fault_not_its_question(slots)
    if contact_type == "request":
        slots = _own_seat_for_a_team(slots, text)
        if slots.get("where") and _fold(slots["where"]) in _fold(slots.get("request_why", "")):
            del slots["where"]  # "to work from home": the reason, not where the fault is
        approved = approval_said(text)
        if approved:
            slots["request_approval"] = approved
    aside = re.search(r"\(([^)]+)\)\s*$", slots.get("request_for_whom", ""))
    if (
        contact_type == "request"
        and not slots.get("request_why")
        and aside
        and _NEW_STARTER.search(_fold(aside.group(1)))
    ):
        # "Priya Nair (new in legal, starts jan 5)": a new starter, so onboarding is why (the
        # date is by when)
        due = _fold(slots.get("request_by_when", "")) or "\0"
        clauses = [c.strip() for c in aside.group(1).split(",")]
        slots["request_why"] = ", ".join(c for c in clauses if due not in _fold(c)) or ", ".join(
            clauses
        )
    if contact_type == "request":
        slots = _team_only_why(slots)
    if _NO_ONE_NAMED.fullmatch(_fold(slots.get("extent_count", "")).strip(" ,.")):
        del slots["extent_count"]  # "for all our" (weekly syncs): a quantifier, nobody named
    if slots.get("where"):  # "on the car park gate on" once "monday" went to the start
        slots["where"] = _DANGLING.sub("", slots["where"]).strip(" ,;:-") or slots["where"]
        # "quand je suis chez moi", "suis chez moi": the place, not the clause that led to it
        slots["where"] = _BEING_AT.sub("", slots["where"]) or slots["where"]
    if slots.get("actual") and not _PHRASAL_END.search(slots["actual"]):
        # "ne répond plus sur" once "tout le CH" went to who is affected ("can't log in" keeps
        # its "in")
        slots["actual"] = _DANGLING.sub("", slots["actual"]).strip(" ,;:-") or slots["actual"]
    where = slots.get("where", "")
    numbered = (
        re.search(r"\b([^\W\d_][\w'-]*)\s+" + re.escape(where), text)
        if where[:1].isdigit()
        else None
    )
    if numbered and _fold(numbered.group(1)).casefold() in _NOT_A_PLACE_NOUN:
        numbered = None  # "the 5th floor" is whole without its article
    if numbered:  # "2 et 3 au magasin de Rennes" cut from "en caisse 2 et 3 au magasin…"
        slots["where"] = f"{numbered.group(1)} {where}"
    measured = _MEASURED.search(text) if contact_type == "incident" else None
    if (
        measured
        and slots.get("actual")
        and not any(_fold(measured.group(0)) in _fold(v) for v in slots.values())
        and _fold(slots["actual"]) not in _fold(measured.group(0))
    ):
        # "super slow, opening a 2MB excel takes like 3 minutes": how slow, as measured
        slots["actual"] = f"{slots['actual']}, {measured.group(0).strip(' ,')}"
    if contact_type == "incident":
        _failing_at(slots, text)
        _then_and_now(slots, text)
        if _asks_who(slots.get("extent_count", ""), text):
            del slots["extent_count"]  # "is jira down for everyone??": they ask, not say
        if crowd:
            slots.setdefault("extent_count", crowd)
            actual = slots.get("actual", "")
            if _fold(actual).startswith(_fold(crowd) + " "):  # "agents can't log into…"
                slots["actual"] = actual[len(crowd) :].strip()
    if slots.get("object"):
        # "yo teams": the tagger's longer reading can take the greeting along
        slots["object"] = _GREETING.sub("", slots["object"]) or slots["object"]
        obj = slots["object"]
        # "Omnicell cabinet on" once the tagger took "ward 4B" for the place
        slots["object"] = _DANGLING.sub("", _bare_object(obj)).strip(" ,;:-") or obj
        lead = without_lead(obj[: obj.find(slots["object"])]).strip(" ,;:-")
        # (an article left over, "l'appli de pointage", is no place)
        if re.search(r"\w{3,}", lead) and not slots.get("where") and len(lead.split()) <= 4:
            slots["where"] = lead  # "URGENT call centre: agents can't log in"
    for slot, value in slots.items():
        # "every time I [hit Submit]": the tagger's phrase can end on the next clause's subject
        slots[slot] = _TRAILING_SUBJECT.sub("", value) or value
    _without_orphan_determiner(slots, text)
    return slots


# The requester's own thing, broken or gone: why a replacement is asked for.
_MINE_BROKE = re.compile(
    r"\b(my|mon|ma) ((?:[\w'-]+ ){0,2}?[\w'-]+) (?:just |has |finally |completely )?(?:died|"
    r"broke|is broken|stopped working|is dead|cracked|was stolen|got stolen|est morte?|a lache|"
    r"est cassee?|ne marche plus|ne s'allume plus|a ete volee?)\b[^.;!?,]*"
)


# "I lost my YubiKey", "j'ai perdu ma clé de sécurité YubiKey": why a new one is asked for.
_LOST_MINE = re.compile(
    r"\b(?:i(?:'ve| have)? lost|j'ai perdu|on m'a vole|someone stole) (my|mon|ma) "
    r"((?:[\w'-]+ ){0,3}?[\w'-]+)(?=\s*[,.;!?]|\s+(?:and|et|so|donc|yesterday|hier)\b|$)"
)
# "il m'en faut une nouvelle", "I need a new one": a replacement, the thing named elsewhere.
_NEEDS_A_NEW_ONE = re.compile(
    r"\b(?:il m'en faut|il me faut|j'en ai besoin d'|i need|i'?ll need|can i (?:get|have)) "
    r"((?:a|an) (?:new|replacement|spare) one|another one|un nouveau|une nouvelle|un autre|une autre)\b"
)
# "a new one", "un nouveau": what is asked for is named elsewhere.
_A_NEW_ONE = re.compile(
    r"(?:(?:a|an) (?:new|replacement|spare) one|another one|(?:en )?(?:un nouveau|une nouvelle))"
    r"\b(?: \(.*\))?$"
)


def _without_orphan_determiner(slots: dict[str, str], text: str) -> None:
    """ "our booking site shows sold out": with the object taken out, what happens is "shows
    sold out", not "our shows sold out"."""
    obj, actual = slots.get("object", ""), slots.get("actual", "")
    lead = _ACTUAL_LEAD.match(actual)
    if not obj or not lead:
        return
    rest = actual[lead.end() :]
    said = rf"{re.escape(lead.group(0))}{re.escape(obj)}\s+{re.escape(rest)}"
    if rest and re.search(said, text, re.I):
        slots["actual"] = rest


_ACTUAL_LEAD = re.compile(
    r"(?:our|my|the|their|your|this|notre|nos|mon|ma|mes|le|la|les|l'|leur|ce|cette)\s+", re.I
)


_TRAILING_SUBJECT = re.compile(r"\s+(?:I|we|je|j')$", re.I)


# "is jira down for everyone??", "is it just me or…", "est-ce que … chez tout le monde ?"
_ASKING_WHO = re.compile(
    r"^\W*(?:is|are|does|do|did|has|have|anyone|anybody|is it|est-ce|y a-t-il)\b"
)


def _asks_who(extent: str, text: str) -> bool:
    """Whether who is affected was only asked about, in a question, not said."""
    at = text.find(extent) if extent else -1
    if at < 0:
        return False
    start = max((m.end() for m in re.finditer(r"[.!?]\s+|\n", text[:at])), default=0)
    end = re.search(r"[.!?]", text[at + len(extent) :])
    sentence = text[start : at + len(extent) + (end.end() if end else 0)]
    return sentence.rstrip().endswith("?") and bool(_ASKING_WHO.match(_fold(sentence)))


# "au début c'était juste moi maintenant toute l'équipe compta": who is affected now, and how
# it grew
_THEN_NOW = re.compile(
    rf"\b{AT_FIRST}\b(?P<then>[^.;!?]{{0,60}}?)"
    r"[\s,]*\b(?:now|maintenant|desormais)\b[\s,]*(?:it'?s |its |c'est |ce sont |y a |il y a )?"
    r"(?P<now>[^.;!?]+)"
)


_WHO_WORDS = re.compile(
    r"\b(?:me|moi|us|nous|few|quelques|people|personnes|pers|gens|colleagues|collegues|team|"
    r"equipe|service|floor|etage|everyone|everybody|tout le monde|tous|all of us|site|office|"
    r"bureau|department)\b"
)


def _then_and_now(slots: dict[str, str], text: str) -> None:
    """Who is affected is who is affected now; who it started with says how it grew."""
    found = _THEN_NOW.search(_fold(text))
    if found is None:
        return
    now = text[found.start("now") : found.end("now")].strip(" ,")
    if not _WHO_WORDS.search(found.group("then")) or not _WHO_WORDS.search(found.group("now")):
        return  # "once a day at first, now every 10 minutes": how often, not who
    slots["extent_count"] = now
    slots.setdefault("extent_trend", text[found.start() : found.end("then")].strip(" ,"))


# "ne marche plus", "n'ouvre pas", "doesn't work", "stopped working": a failure said whole
_STOPPED = re.compile(
    r"\b(?:ne \w+ (?:plus|pas)|n'\w+ (?:plus|pas)|doesn'?t \w+|does not \w+|won'?t \w+|"
    r"stopped \w+|no longer \w+)\b"
)


def _fault_not_its_question(slots: dict[str, str]) -> None:
    """ "je voudrais savoir si c'est normal que mon badge ne m'ouvre plus la porte ?": what
    happens is the fault, not the question around it (nor the thing's name again)."""
    actual = slots.get("actual", "")
    asked = _IS_IT_NORMAL.search(_fold(actual))
    if asked is None:
        return
    rest = actual[asked.end() :].strip(" ?")
    obj = slots.get("object", "")
    named = (
        re.match(
            rf"(?:(?:my|our|the|mon|ma|mes|notre|nos|le|la|les|l')\s*)?{re.escape(obj)}\s+",
            rest,
            re.I,
        )
        if obj
        else None
    )
    rest = rest[named.end() :] if named else rest
    if len(re.findall(r"\w+", rest)) >= 2:
        slots["actual"] = rest


# "black screen with a blinking cursor", "écran noir avec un curseur qui clignote": what the
# failure looks like, said right after it
_WITH_DETAIL = re.compile(r"\s+(?:with|avec) (?:an?|un|une|the|le|la|des|some) [^,;.!?]{2,50}")


_AND_ALSO = re.compile(r",\s+([^,;.!?]{5,60})(?=[.;!?]|$)")
# what is physically stuck and where: "paper stuck in tray 2", "feuille coincée dans le bac 2"
_STUCK_PART = re.compile(
    r"^(?:the |a |le |la |une |des )?(?:paper|sheet|page|card|badge|toner|papier|feuille|carte)s? "
    r"(?:is |are |est |sont )?(?:stuck|jammed|caught|coincee?s?|bloquee?s?)\b"
)


def _with_what_it_shows(slots: dict[str, str], text: str) -> None:
    """The deviation keeps the detail that follows it ("won't boot, black screen with a
    blinking cursor"), less the other facts said there ("since this morning")."""
    actual = slots.get("actual", "")
    at = text.find(actual) if actual else -1
    detail = _WITH_DETAIL.match(text, at + len(actual)) if at >= 0 else None
    more = _AND_ALSO.match(text, at + len(actual)) if at >= 0 and detail is None else None
    if more and _STUCK_PART.search(_fold(more.group(1))):
        # "the printer is jammed again, paper stuck in tray 2": where it is stuck, said next
        others = [v for k, v in slots.items() if k not in ("actual", "object") and v]
        part = more.group(1).strip()
        if not any(_fold(part) in _fold(o) or _fold(o) in _fold(part) for o in others):
            slots["actual"] = f"{actual}, {part}"
        return
    if detail is None:
        return
    others = [v for k, v in slots.items() if k not in ("actual", "object") and v]
    kept = _trim_part(detail.group(0).strip(), others) if others else detail.group(0).strip()
    kept = _DANGLING.sub("", kept).strip(" ,;:-")
    if len(re.findall(r"\w+", kept)) >= 3 and not any(_fold(kept) in _fold(o) for o in others):
        slots["actual"] = f"{actual} {kept}"


def _failing_at(slots: dict[str, str], text: str) -> None:
    """ "mon badge ne marche plus pour entrer au parking": in an incident, the purpose said
    right after the failure is what fails (an incident has no why to ask), less its date."""
    actual, why = slots.get("actual", ""), slots.get("request_why", "")
    at = text.find(actual) if actual and why and _STOPPED.search(_fold(actual)) else -1
    if at < 0 or not text[at + len(actual) :].lstrip().startswith(why):
        return
    when = slots.get("when_first", "")
    if when and why.endswith(when):
        why = why[: -len(when)].rstrip(" ,")
    slots["actual"] = f"{actual} {why}"
    del slots["request_why"]


# A quoted message and nothing else ('"license expired"', "« accès refusé »").
_ONLY_A_MESSAGE = re.compile(r"\s*(?:it says |ca dit |message )?[\"'“«‘][^\"”»’]{1,80}[\"'”»’]?\s*")
_BEING_AT = re.compile(
    r"^(?:(?:quand|lorsque|when|whenever|while|si|if) )?(?:je suis|j'suis|suis|on est|nous "
    r"sommes|i'm|i’m|i am|we're|we are|am)\s+(?=\S)",
    re.I,
)
_NOT_A_PLACE_NOUN = frozenset(
    [
        "the",
        "a",
        "an",
        "at",
        "on",
        "in",
        "of",
        "to",
        "from",
        "by",
        "near",
        "le",
        "la",
        "les",
        "l'",
        "au",
        "aux",
        "du",
        "de",
        "des",
        "en",
        "sur",
        "dans",
        "chez",
        "my",
        "our",
        "mon",
        "ma",
        "mes",
        "notre",
        "nos",
    ]
)
# A clause that measures the fault: "opening a 2MB excel takes like 3 minutes", "une page met
# 30 secondes à s'afficher".
_MEASURED = re.compile(
    r"(?:^|(?<=[,;.]\s))[^,;.!?]{0,60}\b(?:takes?|taking|took|prend|prennent|met|mettent)\b"
    r"[^,;.!?]{0,25}?\b\d+(?:[.,]\d+)?\s*(?:min|mins|minutes?|s|sec|secs|seconds?|secondes?|"
    r"h|hours?|heures?)\b[^,;.!?]{0,30}",
    re.I,
)
_WHO_ARRIVES = re.compile(
    # ("The external auditors arrive next Tuesday and": who, without when)
    r"\s+(?:(?:qui|who|that)\s+)?(?:arrive|arrives|arrivent|starts?|joins?|commencen?t?|debuten?t?|"
    r"rejoin\w*|is (?:starting|joining|arriving)|will (?:start|join|arrive))\b.*$",
    re.I,
)


# What introduces the condition a fault shows under: "quand je branche", "when I plug in".
_AS_CONDITION = re.compile(
    r"\b(?:quand|lorsque|des que|chaque fois que|when|whenever|every time|each time)\s+"
    r"(?:je |j'|on |nous |i |we )?$"
)


_USED_TO_WORK = re.compile(
    r"\b(?:(?:ca|cela|il|elle|tout) (?:marchait|fonctionnait|allait)|used to work|"
    r"(?:it|that|everything) (?:worked|was working|was fine)|(?:worked|was working) (?:fine|before))\b"
)


# What the requester's day is made of: in a request, the reason for it, not a way around.
def _closed(value: str, text: str) -> str:
    """ "on the 28th (end of month" closes its parenthesis as the message did."""
    if value.count("(") <= value.count(")"):
        return value
    at = text.find(value)
    if at < 0:
        return value
    after = text[at + len(value) :]
    close = after.find(")")
    if close >= 0 and close <= 60 and "(" not in after[:close]:
        # "Priya Nair (new in legal, starts jan 5)": the aside, whole
        return value + after[: close + 1]
    return value


def _for_which_system(what: str, obj: str) -> str:
    """A reset ("reset my password") names the system it is for ("Locked out of Workday …"): a name,
    capitalised as products are, not a word of the message ("compte", "need access")."""
    thing = without_aside(obj)  # "Workday (password)"
    if (
        re.search(r"[A-Z]", thing)
        and _ACCOUNT_ASK.search(_fold(what))
        and _fold(thing) not in _fold(what)
        and len(thing.split()) <= 3
    ):
        return f"{what} ({thing})"
    return what


def _bare_object(obj: str) -> str:
    """What fails, without the Slack mention or the place that led the message ("@helpdesk
    usine de Cholet: ProdTrack" is ProdTrack)."""
    bare = re.sub(r"^(?:@[\w.-]+[\s,:]*)+", "", obj)
    bare = re.sub(r"^[lL]['’](?=\w)", "", bare)  # "l'imprimante du 3e" is the printer
    # (not a drive letter: "the S: drive", "le lecteur S:")
    if ":" in bare and not re.search(r"\d:\d|https?:|(?<![\w-])[A-Za-z]:(?!\w)", bare):
        bare = bare.rsplit(":", 1)[1]
    return bare.strip(" ,;:-") or obj


# The requester's own seat or machine, said as whom a thing is for: "pour mon poste".
_MY_SEAT = re.compile(
    r"(?:pour |for )?(?:mon|ma|my) (?:poste(?: de travail)?|bureau|place|desk|workstation|pc|"
    r"ordi|ordinateur|laptop|setup|station)"
)


# "il faut", "we need": the ask's own words, not a reason.
# "give the new analyst Ravi Shah …", "donner à Julie Morel …": who receives what is asked.
_GIVEN_TO = re.compile(
    r"\b(?i:give|grant|donner a|donner à|donne a|donne à|attribuer a|attribuer à) "
    r"((?:(?i:the|our|my|a|notre|la|le|l') )?(?:(?i:new|nouvel|nouvelle|nouveau) )?"
    r"(?:[a-zà-ÿ-]+ )?[A-ZÀ-Ý][\w'’-]+ [A-ZÀ-Ý][\w'’-]+(?:(?:, | and | et | & )[A-ZÀ-Ý][\w'’-]+ "
    r"[A-ZÀ-Ý][\w'’-]+)*"
    # "give maria lopez and tom becker edit rights": names typed lowercase, before what is given
    r"|"
    + NAMES
    + r"(?= (?i:access|edit|read|write|admin|rights|permissions?|licen[cs]es?|acc[eè]s|droits)\b))"
)


# A quantifier left without its noun: "for all our", "pour tous les".
_NO_ONE_NAMED = re.compile(
    r"(?:(?:for|to|by|pour|a) )?(?:all|every|each|any|tous|toutes|chaque)"
    r"(?: (?:our|my|the|their|your|nos|mes|les|des|vos|leurs))?"
)


# Whose access, profile or setup to copy: "même profil que Marie Durand", "same access as
# Tom Becker", "mirror Sam Lee's permissions".
_NAME = r"[A-ZÀ-Ý][\w'’-]+(?: [A-ZÀ-Ý][\w'’-]+)?"
_SAME_AS = re.compile(
    r"\b(?:(?i:same|similar) (?i:profile|access|accesses|rights|permissions|role|roles|setup|"
    r"set-up|groups?|licen[cs]es?) (?i:as) "
    + _NAME
    + r"|(?i:mirror|copy|clone)(?:ing)? "
    + _NAME
    + r"['’]s (?i:access|profile|rights|permissions|setup)|(?i:m[êe]mes?) "
    r"(?i:profil|acc[èe]s|droits|habilitations|r[ôo]les?|param[èe]trages?) (?i:que) " + _NAME + r")"
)


# What asks for something and says nothing more: "faudrait", "il faudrait", "could you".
_ASKING = re.compile(
    r"(?:il )?(?:faudrait|faut|faudra)|(?:could|can|would) you|(?:pourriez|pouvez|peux)[- ]"
    r"(?:vous|tu)|(?:i|we) (?:need|would like|'d like) to|merci de|please|svp|stp"
)
_BARE_NEED = re.compile(
    r"(?:il (?:me |nous |lui )?faut|we need|i need|need|on a besoin|on (?:pourrait|peut) avoir|"
    # "j'en ai besoin", "I need it": the need again, no reason
    r"j'en ai besoin|on en a besoin|nous en avons besoin|(?:i|we) (?:really )?need (?:it|this|one)|"
    r"(?:could|can) (?:we|i) (?:have|get)|(?:they|he|she|ils|elles|il|elle) (?:start|starts|"
    r"arrive|arrives|begin|begins|join|joins|commencent|commence|arrivent|debute|debutent)|"
    r"(?:doit|doivent|must|should|needs? to) (?:avoir|have|get|obtenir))"
)


# A group of people named by what they are: who a request is for.
# How many, and nothing else: "On est 8 dedans", "8 of us", "we're 12".
_COUNT_ONLY = re.compile(
    r"(?:(?:on est|nous sommes|we are|we're|there are|il y a) )?(?:\d+|deux|trois|quatre|cinq|"
    r"six|sept|huit|neuf|dix|two|three|four|five|six|seven|eight|nine|ten)"
    r"(?: (?:of us|of them|dedans|personnes|people|members|membres|d'entre (?:nous|eux|elles)))?"
)
_A_GROUP = re.compile(
    # "les réunions Teams" is the product, not a group of people
    r"\b(?:team|(?<!reunions )(?<!reunion )(?<!appels )(?<!visios )(?<!calls )(?<!meetings )teams|"
    r"department|dept|group|crew|squad|equipe|service|pole)$|"
    # "pour le comité des fêtes", "for the social committee": a body of people
    r"^(?:the |our |my |le |la |l'|notre |mon |ma )?(?:social |sports? )?(?:comite|committee|club|"
    r"association|amicale|commission|conseil|cse|works council|board)\b"
    # ("for the board meeting" is what it is for)
    r"(?! (?:meeting|pack|room|review|paper|deck|report|game|dinner|lunch|event|party|day)s?\b)"
)


# "we're 4 people starting in january", "on est 3 à arriver lundi": who, how many and when,
# but no reason.
_HEADCOUNT_ARRIVING = re.compile(
    r"(?:we'?re|we are|there are|there'?ll be|they'?re|they are|on est|on sera|nous sommes|"
    r"nous serons|ils sont|elles sont) (?:\d+|two|three|four|five|six|seven|eight|nine|ten|"
    r"deux|trois|quatre|cinq|six|sept|huit|neuf|dix|une dizaine)(?: \w+)?"
    r"(?:,? (?:starting|arriving|joining|who start|a arriver|a commencer|qui arrivent|qui "
    r"commencent|arrivant)\b.*)?"
)


def _says_why(slots: dict[str, str]) -> bool:
    """Whether a request's reason says more than who it is for or what is asked."""
    why = _fold(slots["request_why"]).strip(" ,;:.!?")
    if (
        _BARE_NEED.fullmatch(why)
        or _HEADCOUNT_ARRIVING.fullmatch(why)
        or _COUNT_ONLY.fullmatch(why)
    ):
        return False  # ("there are 8 of us" is how many, no reason)
    for other in ("request_for_whom", "request_what"):
        value = _fold(slots.get(other, "")).strip(" ,;:.!?")
        if value and why in value:
            return False
        rest = why.replace(value, " ").strip(" ,;:.!?") if value else why
        if value and value in why and (not rest or _ASKING.fullmatch(rest)):
            return False  # "faudrait ouvrir les accès SAP": the ask again, no reason
    whom = _fold(slots.get("request_for_whom", "")).strip(" ,;:.!?")
    # "les nouvelles juristes qui arrivent": who it is for and that they arrive, no reason
    return not (whom and _WHO_ARRIVES.sub("", why).strip(" ,") in (whom, f"pour {whom}"))


# A thing named on its own, with nothing that says it changed ("le mot de passe").
_BARE_THING = re.compile(
    r"(?:the|my|our|le|la|les|l'|mon|ma|mes|notre|nos) ?"
    r"(?!.*\b(?:new|nouvel?|nouvelle|nouveaux?|maintenance|outage|coupure|intervention|reboot\w*|"
    r"restart\w*|redemarrage|power|orage|storm|update\w*|upgrade\w*|mise a jour|migr\w*|chang\w*|"
    r"install\w*|moved?|reset|patch\w*|release|rollout|deploy\w*|replac\w*|remplac\w*|"
    r"deplac\w*|demenag\w*|travaux|works)\b)[\w' -]{1,30}"
)
_CLAIM = 0.6  # surer than to add: moving a phrase takes it from the rules
_REQUIRED = 0.3


# What the slot tagger may add to a first message, by contact type (the rules' slots stay).
_LEARNED: dict[str, tuple[str, ...]] = {
    "incident": (
        "object",
        "actual",
        "where",
        "when_first",
        "extent_count",
        "workaround",
        "business_need",
        "impact",
        "what_is_not",
        "changes",
        "when_pattern",
    ),
    "request": ("request_what", "request_for_whom", "request_by_when", "request_why"),
    "question": ("business_need", "impact"),
}
