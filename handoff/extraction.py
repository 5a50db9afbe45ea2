"""What the employee already told us: contact type, appraisal slots, language, urgency.

Rule based and bilingual (English, French): compiled patterns over accent-folded text, each
slot keeping the verbatim snippet that answered it (domain.md section 5, last column).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from handoff import contact_model
from handoff.exposure import security_exposure
from handoff.people import ABOUT_COUNT, ONE_OF, PEOPLE, STILL_HAVE_IT
from handoff.places import ALL_STATIONS_EN, ALL_STATIONS_FR, WORKPLACES_EN, WORKPLACES_FR
from handoff.tried import already_tried
from handoff.urgent_words import (
    AS_SOON_AS_POSSIBLE,
    FOR_YESTERDAY,
    NOT_A_KIND,
    NOT_NEGATED,
    RIGHT_NOW,
)
from knowledge.text import SHORTCODE, dangling_end, guess_language, without_aside
from knowledge.text import same_length_fold as _fold


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
    "no_workaround",
    "not_urgent",
    "where_is_not",
    "request_what",
    "request_for_whom",
    "request_by_when",
    "request_why",
    "request_approval",
    "tried",
)


@dataclass(frozen=True)
class Extraction:
    slots: dict[str, str]
    contact_type: ContactType | None
    language: str
    wants_human: bool
    urgent: bool  # said "urgent" / "asap" / "au plus vite": skip to the statement


# "je bosse sur des plans", "I work on the budget": what the employee works at, not how
WORKS_ON = re.compile(
    r"\b(?:je (?:bosse|travaille) sur|je passe mes journees|i work on|i'?m working on|"
    r"i spend (?:my|all) day)\b"
)


# How long, in English: "2 weeks", "about a week", "the past three days".
_SPAN = (
    r"(?:(?:about|around|nearly|almost|over|more than|like|the (?:last|past)) )?(?:\d+|an?|one|two|"
    r"three|four|five|a few|a couple of|several) (?:days?|weeks?|months?|hours?|min(?:ute)?s?)"
)


# After a clock time, a verb in the past says when it happened: "at 9am outlook crashed".
_PAST_EN = (
    # (not an adjective after a determiner: "at 3pm the shared drive must be ready")
    r" (?:(?!(?:and|but|so)\b)[\w'-]+ ){0,3}?(?<!\bthe )(?<!\ba )(?<!\ban )(?<!\bour )"
    r"(?<!\bmy )(?<!\byour )(?<!\btheir )(?<!\bthis )(?:\w+ed|went|broke|froze|died|fell|began|"
    r"quit|hung|shut)\b"
)
_PAST_FR = (
    r" (?:(?!(?:et|mais|donc)\b)[\w'-]+ ){0,3}?(?:a|ont|est|sont|s'est|se sont) "
    r"\w+(?:e|es|ee|ees|i|is|it|u|us)\b"
)
_THEN_PAST = rf"(?!{_PAST_EN})"


def _rx(*alternatives: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{a})" for a in alternatives), re.I)


# French "car" (because) only before what a French clause starts with: "my badge stopped
# opening the car park barrier" names no reason.
FR_CAR = (
    r"car(?= (?:je|j'|il|ils|elle|elles|on|nous|vous|c'|ce|cela|ca|le|la|les|l'|mon|ma|mes|"
    r"notre|nos|votre|vos|leur|leurs|son|sa|ses|sinon|sans|depuis|en|y|tout|toute|tous|"
    r"personne|rien|aucun|aucune|un|une|des|du|d'|quand|si|meme|demain|aujourd'hui)\b)"
)


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
        "dossier partage", "lecteur partage", "lecteur reseau", "network drive", "mapped drive",
        "intranet", "payslip", "bulletin de paie", "fiche de paie",
        "report", "rapport", "calendar", "heating", "chauffage", "radiators", "radiateurs",
        "lift", "elevator", "ascenseur", "leak", "fuite", "gate", "barriere", "door", "porte",
        "portal", "portail", "parking", "desk", "bureau", "meeting room", "salle", "room",
        "sound", "son", "audio", "camera", "licence", "license", "access", "acces",
        "shared mailbox", "boite partagee", "distribution list", "liste de diffusion",
        "invoice", "invoices", "facture", "factures", "purchase order", "bon de commande",
        "bons de commande", "timesheet", "timesheets", "expense", "expenses", "notes de frais",
        "contract", "contrat", "avenant", "certificate", "attestation", "standard",
        "switchboard", "forms", "formulaires", "website", "site web", "export", "file",
        "fichier", "sms", "notifications", "air conditioning", "aircon", "climatisation", "clim",
        "lights",
        "lumiere", "toilets", "kitchen", "coffee machine", "machine a cafe", "admin rights",
        "droits admin", "role", "badge reader", "lecteur de badge",
        # things people work at: kiosks, tills, tablets, projectors, screens on the wall
        "kiosk", "borne", "till", "caisse", "tablet", "tablette", "ipad", "projector",
        "projecteur", "videoprojecteur", "tv", "tele", "television", "card machine",
        "card reader", "card terminal", "terminal de paiement", "tpe", "pin pad", "handheld",
        "douchette", "wallpaper", "fond d'ecran", "desktop background",
    ],
    key=len,
    reverse=True,
)
# fmt: on
# Objects that are what one does with a thing ("print"): the thing itself, said in the same
# sentence, names what fails better.
_ACTIONS = frozenset({"printing", "print", "imprimer", "impression"})
# "since I moved teams", "between two teams": a group of people, not Microsoft Teams
_NOT_THE_APP = "".join(
    rf"(?<!\b{w} )"
    for w in (
        "moved",
        "switched",
        "changed",
        "changing",
        "joined",
        "between",
        "other",
        "both",
        "two",
        "all",
        "different",
        "new",
        "several",
        "moving",
        "switching",
        "swapped",
        # "a couple of teams went to the wrong stand": groups of people
        "of",
        "three",
        "some",
        "many",
        "few",
    )
)
# "en attente dans la file": a queue, not a file
_NOT_A_QUEUE = r"(?<!\bla )(?<!\bune )(?<!\bma )(?<!\bsa )"
_OBJECT_RE = re.compile(
    r"\b("
    + "|".join(
        _NOT_THE_APP + "teams"
        if o == "teams"
        else _NOT_A_QUEUE + "file"
        if o == "file"
        else re.escape(o)
        for o in _OBJECTS
    )
    + r")s?\b"
)
_SHARED_THING = re.compile(
    r"\b(?:share|shares|sharing|partage|partager)\s+(?:my |the |mon |l'|d'|de )?$"
)
# The name of what was updated: "la mise à jour Windows", "the Teams update".
_UPDATE_BEFORE = re.compile(
    r"\b(?:mise a jour|maj|update|upgrade|migration|patch|passage)(?: (?:de|du|d'|of|to|vers|a|sous))?"
    r"(?: (?:la|le|l'|the))?\s*$"
)
_UPDATE_AFTER = re.compile(r"\s+(?:update|upgrade|patch|migration|rollout)\b")
# Printers and copiers go by their maker: "la Ricoh du 2e".
_PRINTER_MAKERS = frozenset(
    {"ricoh", "xerox", "kyocera", "konica", "konica minolta", "lexmark", "canon", "epson", "zebra"}
)
# Named products beat generic nouns: "GlobalProtect" is the object, not "VPN"; "ADP", not "payroll".
# fmt: off
_PRODUCTS = sorted(
    [
        "globalprotect", "anyconnect", "outlook", "teams", "zoom", "slack", "okta", "okta verify",
        "papercut", "followme", "payflow", "expensify", "jira", "confluence", "sharepoint",
        "onedrive", "excel", "word", "powerpoint", "visio", "chrome", "edge", "firefox",
        "bitlocker", "filevault", "intune", "company portal", "portail d'entreprise", "tableau",
        "salesforce", "sap", "workday", "adp", "coupa", "concur", "sap concur", "gong",
        "servicenow", "zendesk", "hubspot", "docusign", "acrobat", "adobe", "webex", "citrix",
        "notion", "figma", "github", "gitlab", "dropbox", "google drive", "gmail", "netsuite",
        "quickbooks", "sage", "oracle", "kronos", "bamboohr", "lucca", "payfit", "cegid", "silae",
        "swile", "webmail", "power bi", "looker", "miro", "trello", "asana", "monday.com",
        "1password", "lastpass", "authenticator", "microsoft authenticator", "google meet",
        "workplace", "yammer", "viva", "ringcentral", "aircall", "dialpad", "pipedrive", "qonto",
        "spendesk", "pennylane", "sellsy", "axonaut", "chorus pro", "sap fiori", "teamviewer",
        *_PRINTER_MAKERS,
    ],
    key=len,
    reverse=True,
)
# fmt: on
# Named products, for readers elsewhere ("Microsoft Teams" is no person's name).
PRODUCTS = frozenset(_PRODUCTS)
_PRODUCT_RE = re.compile(
    r"\b("
    + "|".join(_NOT_THE_APP + "teams" if o == "teams" else re.escape(o) for o in _PRODUCTS)
    + r")\b"
)
# Any named thing, for patterns that tell a tool from a task ("je travaille sur le webmail").
TOOLS = (
    r"(?:"
    + "|".join(re.escape(o) for o in sorted({*_OBJECTS, *_PRODUCTS}, key=len, reverse=True))
    + r")\b"
)
_DAY_WORDS = (
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "hier",
    "aujourd'hui", "matin", "soir", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", "yesterday", "today", "morning", "tonight",
)  # fmt: skip
_GIVE_VERBS = frozenset(
    ["give", "grant", "gave", "granted", "donner", "donne", "attribuer", "ouvrir"]
)
# A clock time, or its minutes, is no modifier of what follows: "since 9am Outlook crashes".
_CLOCK_WORD = re.compile(r"\d{1,2}(?:am|pm|h\d{0,2})|(?<=\d:)\d{2}|(?<=\d )(?:am|pm)")

_NP_STOP = frozenset(
    [
        # what asks for the thing, not the thing: "serait-il possible d'avoir Adobe"
        "d'avoir",
        "d'obtenir",
        "avoir",
        "obtenir",
        "possible",
        # what is done with the thing: "when i open salesforce" is about Salesforce
        "open",
        "opening",
        "launch",
        "launching",
        "using",
        "ouvre",
        "ouvrir",
        "lance",
        "lancer",
        "utilise",
        "utiliser",
        # French verbs of failure that follow the name like an adjective ("SAP plante")
        "plante",
        "plantent",
        "rame",
        "rament",
        "bug",
        "bugue",
        "beug",
        "beugue",
        "crashe",
        "freeze",
        "freez",
        "lag",
        "lague",
        "saute",
        "sautent",
        "sonne",
        "sonnent",
        "coupe",
        "coupent",
        "clignote",
        "clignotent",
        # times: "the update this weekend Teams crashes", "ce matin SAP rame" (never a
        # modifier of the name)
        "weekend",
        "week-end",
        "week",
        "semaine",
        "morning",
        "matin",
        "evening",
        "soir",
        "night",
        "nuit",
        "today",
        "yesterday",
        "hier",
        "tonight",
        "afternoon",
        "aprem",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "lundi",
        "mardi",
        "mercredi",
        "jeudi",
        "vendredi",
        # "mon deuxième écran reste noir": a verb, not an adjective of the name
        "reste",
        "restent",
        # greetings: "yo teams keeps crashing" is about Teams
        "yo",
        "hi",
        "hey",
        "hello",
        "salut",
        "coucou",
        "bonjour",
        "slt",
        "bjr",
        # asking verbs: "I need Tableau", "il me faudrait Tableau" ask for the product
        "need",
        "needs",
        "want",
        "wants",
        "get",
        "install",
        "faudrait",
        "faut",
        # steps taken: "I already updated GlobalProtect" is about GlobalProtect
        "already",
        "updated",
        "upgraded",
        "reinstalled",
        "restarted",
        "voudrais",
        "veux",
        "besoin",
        "a",
        "an",
        "the",
        "my",
        "our",
        "your",
        "their",
        "his",
        "her",
        "its",
        "this",
        "that",
        "these",
        "those",
        "some",
        "any",
        "no",
        "to",
        "into",
        "onto",
        "from",
        "in",
        "on",
        "at",
        "of",
        "for",
        "with",
        "by",
        "and",
        "or",
        "but",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "has",
        "have",
        "had",
        "do",
        "does",
        "did",
        "can",
        "can't",
        "cannot",
        "won't",
        "i",
        "we",
        "you",
        "he",
        "she",
        "they",
        "it",
        "me",
        "us",
        "them",
        "since",
        "when",
        "while",
        "if",
        "so",
        "just",
        "still",
        "not",
        "also",
        "again",
        "very",
        "really",
        "please",
        "hi",
        "hello",
        "hey",
        "morning",
        "all",
        "thanks",
        "urgent",
        "getting",
        "keeps",
        "seems",
        "le",
        "la",
        "les",
        "l",
        "un",
        "une",
        "des",
        "du",
        "de",
        "d",
        "mon",
        "ma",
        "mes",
        "ton",
        "ta",
        "notre",
        "nos",
        "votre",
        "vos",
        "leur",
        "leurs",
        "ce",
        "cet",
        "cette",
        "ces",
        "au",
        "aux",
        "a",
        "en",
        "dans",
        "sur",
        "sous",
        "par",
        "pour",
        "avec",
        "sans",
        "et",
        "ou",
        "mais",
        "je",
        "j",
        "tu",
        "il",
        "elle",
        "on",
        "nous",
        "vous",
        "ils",
        "elles",
        "est",
        "sont",
        "ne",
        "n",
        "pas",
        "plus",
        "que",
        "qu",
        "qui",
        "se",
        "s",
        "y",
        "depuis",
        "quand",
        "si",
        "bonjour",
        "salut",
        "merci",
        # what one does with the thing, not part of its name ("impossible d'ouvrir SAP"; not
        # "open", which is also an "open space")
        "access",
        "use",
        "launch",
        "reach",
        "load",
        "impossible",
        "ouvrir",
        "d'ouvrir",
        "acceder",
        "d'acceder",
        "utiliser",
        "d'utiliser",
        "lancer",
        "charger",
        "joindre",
        # "depuis la mise à jour de lundi Teams plante": a day is no modifier of the name
        *_DAY_WORDS,
    ]
)
_RIGHT_NOUNS = frozenset(
    [
        "calls",
        "call",
        "board",
        "export",
        "exports",
        "report",
        "reports",
        "app",
        "application",
        "account",
        "accounts",
        "portal",
        "page",
        "calendar",
        "calendars",
        "mailbox",
        "file",
        "files",
        "server",
        "client",
        "workspace",
        "licence",
        "licences",
        "license",
        "licenses",
        "forms",
        "form",
        "meetings",
        "meeting",
        "room",
        "rooms",
        "gate",
        "door",
        "screen",
        "screens",
        "printer",
        "invoices",
        "orders",
        "order",
        "workflow",
        "dashboard",
        "drive",
        "folder",
        "site",
        "website",
        "queue",
        "module",
        "plugin",
        "integration",
        "sync",
        "login",
        "password",
        "access",
        "space",
        "role",
        "rights",
        "connection",
        "recordings",
        "notifications",
        "run",
        "payslip",
        "printers",
        "reader",
        "lift",
        "system",
        "tool",
        "portal",
        "team",
    ]
)
_RIGHT_NOUNS = _RIGHT_NOUNS | frozenset(
    [
        "sequences",
        "email",
        "emails",
        "wiki",
        "timesheet",
        "timesheets",
        "payslips",
        "pipeline",
        "opportunities",
        "approvals",
        "expense",
        "expenses",
        "recordings",
        "campaign",
        "campaigns",
        "tickets",
        "backlog",
        "channel",
        "channels",
        "drives",
        "sharing",
        "wifi",
        "wi-fi",
    ]
)
_FR_LINKS = ("de ", "d'", "des ", "du ")


def _words(text: str) -> list[re.Match[str]]:
    return list(re.finditer(r"\w+(?:['’.-]\w+)*", text))


_FR_ADJECTIVE = re.compile(
    r"^(?:[a-z]|\w+(?:e|es|ee|ees|ique|iques|elle|elles|if|ive|aire|able|ible|al|ale|aux)|"
    # ("le portail RH", "l'outil compta": the department it belongs to)
    r"pro|perso|portable|fixe|mobile|partage|numerique|virtuel|rh|drh|dsi|compta|paie|cse)$"
)


def _object_phrase(text: str, folded: str) -> str | None:
    """The affected thing as a short noun phrase around a known name: "HP printer",
    "Payroll export (SAP)", "réunions Teams", "bons de commande"."""

    # "depuis la mise à jour Windows d'hier mon deuxième écran reste noir": what changed is
    # not what fails, when something else is named
    # ("it says 'license expired'": a word of the message shown is not the thing that fails)
    quoted = [q.span() for q in QUOTED.finditer(folded)]

    def outside(rx: re.Pattern[str]) -> re.Match[str] | None:
        return next(
            (
                m
                for m in rx.finditer(folded)
                if not _UPDATE_BEFORE.search(folded[: m.start()])
                and not _UPDATE_AFTER.match(folded[m.end() :])
                and not any(a < m.start() < b for a, b in quoted)
            ),
            None,
        )

    product, generic = outside(_PRODUCT_RE), outside(_OBJECT_RE)
    if product is None and generic is None:  # only what changed is named: it is what fails
        product, generic = _PRODUCT_RE.search(folded), _OBJECT_RE.search(folded)
        if all(any(a < m.start() < b for a, b in quoted) for m in (product, generic) if m):
            return None  # only the message shown names things: "affiche « Licence expirée »"
    if generic and generic.group(1) in _ACTIONS:
        # "je n'arrive plus à imprimer sur l'imprimante du 2e": the printer, not "imprimer"
        thing = next(
            (m for m in _OBJECT_RE.finditer(folded, generic.end()) if m.group(1) not in _ACTIONS),
            None,
        )
        sentence_end = re.search(r"[.!?\n]", folded[generic.end() :])
        if thing and (sentence_end is None or thing.start() < generic.end() + sentence_end.start()):
            generic = thing
        elif product and re.fullmatch(
            # "d'imprimer en recto-verso sur la Ricoh": how it is done may come between
            r"(?:\s+[\w'-]+){0,3}?\s+(?:sur|on|to|vers)\s+(?:(?:la|le|l'|the|our|my|ma|notre)\s*)?",
            folded[generic.end() : product.start()],
        ):
            generic = None  # "impossible d'imprimer sur la Ricoh": the Ricoh
    anchor = min((m for m in (product, generic) if m), key=lambda m: m.start(), default=None)
    if anchor is None:
        return None
    words = _words(folded)
    index = next((i for i, w in enumerate(words) if w.end() > anchor.start()), None)
    if index is None:
        return None
    last_index = next(
        (i for i in range(index, len(words)) if words[i].end() >= anchor.end()), index
    )
    start, end = index, last_index
    # "give Priya Nair access to …": the words after the verb are who receives it
    # ("ouvrir à Julie Morel l'accès": the verb, "à", then the name)
    given = any(w.group(0) in _GIVE_VERBS for w in words[max(0, start - 4) : start])
    for _ in range(0 if given else 2):  # modifiers on the left: "HP printer", "shared calendar"
        j = start - 1
        if (
            j < 0
            or words[j].group(0) in _NP_STOP
            or _CLOCK_WORD.fullmatch(folded, words[j].start(), words[j].end())
            or folded[words[j].end() : words[j + 1].start()].strip()
        ):
            break
        start = j
    french = detect_language(text) == "fr"
    while end + 1 < len(words) and end - last_index < 2:  # "Jira board", "Teams calls"
        nxt = words[end + 1].group(0)
        gap = folded[words[end].end() : words[end + 1].start()]
        if gap.strip():
            break
        adjective = french and end == last_index and nxt not in _NP_STOP
        if nxt in _RIGHT_NOUNS or (adjective and _FR_ADJECTIVE.match(nxt)):
            end += 1
            continue
        break
    rest = folded[words[end].end() :]
    link = re.match(r"\s+(de |d'|des |du )([\w'’-]+)(?: ([\w'’-]+))?", rest)
    if (
        link
        and link.group(2) not in _NP_STOP
        and not re.match(r"ne|n'", link.group(2))
        # "la Ricoh du 2e" names a floor, a place; "l'imprimante du 2e étage" is the printer
        and not (re.match(r"\d", link.group(2)) and not re.match(r"etage", link.group(3) or ""))
    ):
        third = link.group(3)
        grab = 3 if third and third not in _NP_STOP and _FR_ADJECTIVE.match(third) else 2
        end_pos = words[end].end() + link.end(grab)
        phrase = text[words[start].start() : end_pos]
    else:
        phrase = text[words[start].start() : words[end].end()]
    if product and product.start() != anchor.start() and product.group(0) not in _fold(phrase):
        named = text[product.start() : product.end()]
        phrase = f"{phrase} ({named})"
    elif product and anchor is product:  # "Concur" and what in it: "Concur (expense report)"
        sentence_end = re.search(r"[.!?]\s|,\s+(?=(?:j|i|je|on|we|nous)\b)", folded[anchor.end() :])
        limit = anchor.end() + (sentence_end.start() if sentence_end else len(folded))
        thing = next(
            (
                m
                for m in _OBJECT_RE.finditer(folded, 0, limit)
                if m.group(0) not in _fold(phrase)
                # "imprimer sur la Ricoh": a printer prints
                and not (m.group(1) in _ACTIONS and product.group(0) in _PRINTER_MAKERS)
                # "Teams crashes when I share my screen": what is done in it, not a device
                and not _SHARED_THING.search(folded[: m.start()])
                and not _PRODUCT_RE.fullmatch(m.group(0))
                # "Outlook ne reçoit plus aucun mail": what is missing, not a thing in it
                and not re.search(
                    r"\b(?:aucune?|no|any|pas de|plus de|sans)\s+$", folded[: m.start()]
                )
                and not re.match(r"[-#/_@.]", folded[m.start() - 1 : m.start()])
                and not re.match(r"[-_@]", folded[m.end() : m.end() + 1])  # "#equipe-paie-dev"
                # "Zoom keeps kicking me out, only on my home wifi": where, not a thing in it
                and not _ON_A_NETWORK.search(folded[: m.end()])
                # "Workday … ça me dit compte verrouillé": the message shown, not a thing in it
                and not re.search(
                    r"\b(?:dit|affiche|indique|marque|says|shows|reads)\s+$", folded[: m.start()]
                )
                and not any(a < m.start() < b for a, b in quoted)
            ),
            None,
        )
        if thing:
            at = _modified_from(folded, thing.start())  # "the Q3 forecast file", not "file"
            phrase = f"{phrase.strip(' .,')} ({text[at : thing.end()]})"
    phrase = re.sub(r"^[ld]['’]", "", phrase.strip(" .,'’"), flags=re.I)  # "l'imprimante"
    return phrase or None


_ON_A_NETWORK = re.compile(
    r"\b(?:on|over|via|sur|en) (?:my |the |our |a |mon |le |la |notre )?(?:[\w-]+ )?"
    r"(?:wifi|wi-fi|network|connection|reseau|connexion|4g|5g)$|"
    r"\b(?:wifi|wi-fi|reseau|connexion) (?:du |de la |de l'|des )?[\w-]+$"
)


_SINCE_DONE = re.compile(r"\b(?:ever since|since|depuis qu'|depuis que|apres qu'|apres que)\s*$")


def _modified_from(folded: str, start: int) -> int:
    """Where the words that qualify a thing begin ("open the Q3 forecast file": at "Q3"):
    up to three words back, stopping at a determiner, a pronoun, a preposition or a verb of
    use."""
    offset = max(0, start - 60)
    before, at = folded[offset:start], start - offset
    for word in list(re.finditer(r"[\w'’-]+", before))[::-1][:3]:
        if word.group(0) in _NP_STOP or _NOT_A_MODIFIER.fullmatch(word.group(0)):
            break
        if before[word.end() : at].strip():
            break  # punctuation between: another phrase
        at = word.start()
    return offset + at


_NOT_A_MODIFIER = re.compile(
    r"this|that|these|those|its?|his|her|their|i|we|you|he|she|they|from|in|on|to|of|with|for|at|"
    r"by|and|or|le|la|les|l'|un|une|des|du|de|d'|mon|ma|mes|ton|ta|tes|son|sa|ses|notre|nos|votre|"
    r"vos|leur|leurs|ce|cet|cette|ces|sur|dans|avec|pour|par|et|ou|je|j'|on|il|elle|when|whenever|"
    r"quand|lorsque|every|each|chaque|all|tous|toutes|"
    # "sur mon nouveau PC": a new one is a change, said apart from what fails
    r"new|nouveaux?|nouvel(?:le)?s?"
)
_PEOPLE = PEOPLE
_ERROR_CODE = (
    r"\b(?:0x[0-9a-f]{4,8}|err(?:or|eur)?[ _-]?\d{2,5}|code \d{3,5}|\d{3} errors?|"
    r"(?:code |error |erreur )?[a-z]{2,5}-\d{3,6}|\d{3} \d[._]\d[._]\d|"
    # "502 bad gateway", "erreur 503 service unavailable": what the browser shows
    r"[45]\d\d (?:bad gateway|gateway time-?out|service (?:temporarily )?unavailable|internal "
    r"server error|not found|forbidden|unauthori[sz]ed|bad request|too many requests))\b"
)
# (an apostrophe between letters stays inside a single-quoted message: 'We can't find a camera')
_QUOTED = r"[\"“«][^\"”»]{3,200}[\"”»]|(?<!\w)'(?:[^']|(?<=\w)'(?=\w)){3,160}'(?!\w)"
QUOTED = re.compile(_QUOTED)  # a message quoted as shown: "…", « … », '…'

_CITIES_EN = (
    r"(?:paris|lyon|london|marseille|lille|bordeaux|nantes|toulouse|berlin|madrid|dublin|"
    r"amsterdam|brussels|geneva|montreal|new york|singapore|manchester|nice|rennes|strasbourg|"
    r"grenoble)"
)

# A calendar date in words: "jan 5", "January 5th", "the end of March"; "le 5 janvier",
# "fin janvier", "début février".
_MONTH_EN = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_DATE_EN = (
    rf"(?:{_MONTH_EN}\.? \d{{1,2}}(?:st|nd|rd|th)?\b|(?:the )?(?:end|start|beginning|middle) of "
    rf"{_MONTH_EN}\b|(?:early|mid|late)[- ]{_MONTH_EN}\b|{_MONTH_EN}\b(?! \d))"
)
_MONTH_FR = (
    r"(?:janv(?:ier)?|fevr?(?:ier)?|mars|avr(?:il)?|mai|juin|juil(?:let)?|aout|sept(?:embre)?|"
    r"oct(?:obre)?|nov(?:embre)?|dec(?:embre)?)"
)
_DATE_FR = rf"(?:(?:la )?(?:fin|debut|mi)[- ]{_MONTH_FR}|{_MONTH_FR})\b"

# The rest of an event's clause, up to where a new subject starts: "depuis la migration de
# lundi | je ne reçois plus…", "since the update on friday | my calendar…".
_UNTIL_SUBJECT = (
    r"(?:(?! (?:je|j'|i|we|on (?:ne|n'|a|peut)|nous|il|elle|ils|elles|you|they|he|she|my|mon|"
    r"ma|mes|our|notre|nos|tout|everything|nothing|rien|personne|nobody|it|ca|cela|"
    # "depuis la mise à jour de ce matin impossible d'imprimer": the failure starts there
    r"impossible|unable|plus moyen|pas moyen|can'?t|cannot)\b)[^.;!?,])*"
)

# How a failure shows, said as a wait that never ends: "ça tourne dans le vide", "it just
# keeps spinning" (what happens, and how another failure shows: see _HOW_IT_FAILS).
_SPINNING = (
    r"tourne (?:dans le vide|a vide|en boucle|en rond|sans fin|indefiniment)|mouline|"
    r"keeps? spinning|(?:just )?spins (?:forever|endlessly)|loads? forever"
)

# "l'imprimante du 3e", "la photocopieuse du rdc": a floor said short, after a thing that
# sits on one ("celle du 3e marche" is which printer works, not where it happens)
_SHORT_FLOOR = (
    "(?:"
    + "|".join(
        rf"(?<=\b{thing} du )"
        for thing in (
            "imprimante",
            "imprimantes",
            "photocopieuse",
            "copieur",
            "scanner",
            "traceur",
            "borne",
            "bornes",
            "wifi",
            "reseau",
            "salle",
            "ecran",
            "ecrans",
            "badgeuse",
            "porte",
            "clim",
            "climatisation",
            "toilettes",
            "cuisine",
            # a printer named by its make: "la Ricoh du 2e"
            "ricoh",
            "canon",
            "xerox",
            "konica",
            "kyocera",
            "lexmark",
            "epson",
            "brother",
            "sharp",
            "hp",
        )
    )
    + r")(?:\d+(?:e|eme)|rdc|rez-de-chaussee)\b"
)

# What opens a contrast that says what works: "alors que mon mot de passe marche sur Outlook"
_CONTRAST_LEAD = r"(?:alors qu(?:e |')|tandis qu(?:e |')|although |even though |whereas |though )"

PATTERNS: dict[str, re.Pattern[str]] = {
    "expected": _rx(
        r"\b(?:normally|usually|it should|should be able to|is supposed to|used to)\b[^.;!?]*",
        r"\b(?:normalement|d'habitude|habituellement|devrait|est cense)\b[^.;!?]*",
    ),
    "actual": _rx(
        # "my headset mic isn't picked up in Teams", "mon micro n'est pas détecté"
        r"\b(?:is|are|was|were)(?:n't| not) picked up\b[^.;!?,]*",
        r"\b(?:n'est|ne sont|n'etait) (?:pas|plus) (?:detectee?s?|reconnue?s?)\b[^.;!?,]*",
        _QUOTED,
        _ERROR_CODE,
        # a short code shown: "shows 'E4' and stops", "affiche E4"
        r"\b(?:shows?|showing|displays?|displaying|says|reads|affiche|affichent|indique)\s+"
        r"(?:(?:an? |the |l'|le |la |une? )?(?:error|erreur|code)\s+)?"
        r"(?:[\"“«']\s?[\w-]{1,4}\s?[\"”»']|[a-z]{1,3}-?\d{1,4}\b)[^.;!?]*",
        r"\b(?:(?:can'?t|cannot|unable to|won'?t) (?!work\b|wait\b)\w+|(?<!no )(?<!without )(?<!any )"
        r"(?<!no error )error|(?<!par )erreur|crash(?:es|ed|ing)?|freez(?:es|ing)|froze|hangs?|"
        r"fails?|failed|"
        # "nothing comes out", "nothing happens when I click join"
        r"nothing (?:comes? out|happens|prints|shows up|appears|loads|opens)|"
        r"(?:keeps? )?declin(?:es|ing|ed) (?:every|all|each|my|the|our)\b|"
        r"failing|won'?t (?:open|start|connect|load|print|send|sync)|doesn'?t (?:work|open|load|"
        r"connect|print|sync|send|arrive)|does not work|not working|stopped working|"
        r"stopped (?!using\b|by\b)\w+ing\b|"
        r"can'?t (?:connect|log ?in|sign ?in|open|print|send|access|see|hear|load)|"
        r"cannot (?:connect|log ?in|sign ?in|open|print|send|access)|"
        r"keeps? (?:dropping|crashing|disconnecting|freezing|asking)|disconnects?|drops?|black|"
        r"blank|(?:is|are|looks?|shows?|comes? up) empty|stuck|jam(?:s|med|ming)?|slow|timing out|times out|takes? \d+ minutes|"
        r"takes? (?:ages|forever|an eternity)|lost (?:all )?(?:of )?(?:its|their) [\w-]+|"
        r"(?:n'|ne )(?:arrive|arrivent|marche|marchent|fonctionne|s'affiche|s'ouvre|sort) jamais|(?:has |have )?stopped(?= (?:on|in|after|since|"
        r"this|yesterday|today|for|working)\b|\s*[,.;!?]|$)|(?:keeps? )?(?:getting|gets?) (?:logged|kicked|signed|"
        r"thrown) out|logs? (?:me|us) out|locked|broken|is down|are down|"
        r"(?:is|are) (?:gone|missing)\b(?! (?:to|out|through|into|from)\b)|"
        r"(?:has|have) (?:gone missing|disappeared|vanished)|(?:just )?(?:vanish|disappear)(?:es|s|ed)?"
        r"(?= from)|"
        # "none of the label printers in the warehouse print anything"
        r"none of (?:the |our |my |them\b|us\b)[^.;!?,]{0,50}?\b(?:prints?|sends?|"
        r"shows?|loads?|opens?|works?|connects?|starts?|scans?|gets?|receives?) anything|"
        r"went down|no (?:sound|signal|audio|picture|connection|network|internet|wi-?fi|power|"
        r"electricity|heating|dial tone|phone line)|denied|rejected|rejects|"
        r"refused|expired|won'?t (?:turn on|boot|charge|let me)|keeps? (?:rebooting|restarting)|"
        r"not (?:showing|loading|syncing|printing|responding|arriving|receiving|getting any|"
        r"sending any)|receives? nothing|gets? nothing|"
        r"no longer (?:get|gets|receive|receives|see|sees|works?|loads?|prints?|syncs?|shows?|"
        r"opens?|arrives?|connects?|rings?|starts?)|"
        r"(?:isn'?t|aren'?t|is not|are not) (?:working|loading|showing|syncing|responding)|"
        r"never (?:arrives?|shows? up|comes?)|(?:nobody|no one)\b[^.;!?]{0,40}\bcan \w+|"
        r"asks? for (?:a |the |my )?(?:recovery )?(?:key|password|code)|"
        # "kiosk on C wing is dead again", "scanners KO", "gives weird weights"
        r"(?:is|are) (?:all |both )?(?:dead|ko|out of order|kaput)|(?<=\w )ko|"
        # "all went offline 10 min ago", "the screens have gone dark"
        r"(?:went|gone|goes|go|is|are|keeps? going) (?:offline|dark|black)|"
        r"(?:gives?|shows?|reads?|displays?) (?:my |the |our |his |her )?(?:wrong|weird|strange|"
        r"odd|crazy|garbage|old|stale|outdated|previous|former|yesterday'?s|last week'?s) \w+|"
        r"(?:blinks?|blinking|flashes|flashing) (?:red|orange|amber)|(?:is|are) (?:greyed|grayed) out|"
        # "Zoom keeps kicking me out of meetings"
        r"(?:keeps? )?(?:kick(?:s|ing)?|throw(?:s|ing)?|boot(?:s|ing)?) (?:me|us|them|people) out|"
        # "prints every page with a grey stripe down the middle", "pages come out streaky"
        r"(?:prints?|printing|printed|comes? out|came out|coming out)\b[^.;!?,]{0,30}?\bwith "
        r"(?:an? |the |some )?[\w -]{0,20}?(?:stripes?|streaks?|lines?|smudges?|marks?|"
        r"smears?|blotches?)\b|(?:comes?|came|coming) out (?:streaky|smudged|faded|blurry)|"
        # "sends scans to the wrong email", "calls ring on the wrong desk"
        r"(?:sends?|sent|goes|go|going|went|arrives?|arriving|prints?|printed|routes?|routed|"
        r"forwards?|forwarded|rings?|ringing|lands?|landing|ends? up)\b[^.;!?,]{0,40}?\b(?:to|on|"
        r"at|in|into) (?:the |a )?wrong \w+)\b[^.;!?]*",
        r"\b(?:plante|bloque|(?<!on )(?:est|sont|reste|restent) (?:toujours |encore |completement )?"
        r"bloquee?s?|(?:est|sont) (?:rejetee?s?|refusee?s?)|pages? blanches?|"
        # "l'imprimante du 3e sort que des pages blanches", "n'imprime que des feuilles vierges"
        r"feuilles? (?:blanches?|vierges?)|"
        # "imprime toutes les pages avec une bande grise au milieu"
        r"(?:imprime|impriment|sort|sortent|ressort|ressortent)\b[^.;!?,]{0,30}?\bavec "
        r"(?:une |un |des |de )?[\w -]{0,20}?(?:bandes?|traces?|traits?|rayures?|lignes?|"
        r"trainees?|taches?|bavures?)\b|(?:ne |n')?(?:sort|sortent|imprime|impriment|"
        r"affiche|affichent|crache|crachent) (?:plus )?(?:que|qu'|seulement|uniquement|"
        r"des (?:pages|feuilles) (?:blanches|vierges))|" + _SPINNING + r"|"
        # "ça tourne dans le vide après le mot de passe", "ça mouline", "it keeps spinning"
        # "les appels Teams figent", "l'image saccade"
        r"(?:se )?figen?t|(?<!de )(?<!le )gelen?t|saccaden?t|"
        r"(?:a|ont|avait) (?:encore )?echoue|echoue(?:nt)? (?:a|au|encore|toujours)|"
        # "l'option fond virtuel a disparu", "le lecteur S: a disparu": what went, with it
        r"(?:l'|le |la |les |mon |ma |mes |notre |nos |son |sa |ses )[\w'-]+:?(?: [\w'-]+:?){0,3} "
        r"(?:a|ont|est|sont) disparue?s?|"
        # "le vidéoprojecteur n'affiche rien", "l'imprimante ne sort plus rien"
        r"(?:n'|ne )(?:affiche|imprime|envoie|recoi[st]|recoivent|charge|sort|sortent|s'affiche|"
        r"se passe|s'ouvre|scanne|lit|detecte|trouve|voit|capte) (?:plus )?rien\b[^.;!?,]*|"
        r"rien ne (?:sort|s'affiche|se passe|s'imprime|part|arrive|s'ouvre|se lance|charge)|"
        r"ecran (?:noir|blanc|bleu)|affiche (?:une erreur|un message d'erreur)|ne (?:marche|fonctionne|s'ouvre|se connecte|demarre|charge|"
        r"s'affiche|imprime|synchronise|se lance|lance|passe|part|sonne|scanne|lit|sort|reconnait|"
        r"detecte|capte|s'enregistre|se synchronise|se met a jour|tourne)\w* (?:plus|pas)|"
        r"n'(?:imprime|affiche|envoie|ouvre|accepte|enregistre|apparai\w*|emet|ecrit|allume)\w* "
        r"(?:plus|pas)|ne repond plus|impossible de|echec|"
        # any verb no longer done: "le standard ne transfère plus les appels"
        r"(?<!qui )(?<!que )ne (?!(?:peu[tx]|veu[tx]|sai[st]|doi[st]|faut|suis|sommes|sont|est|"
        r"va|vais|vont|fait|font|travaille|bosse)\b)[a-z]{3,}(?:e|es|ent|it|ot|ait) plus\b"
        r"[^.;:!?,]*|"
        # "clignote rouge", "le bouton soumettre est grisé", "plus personne ne capte"
        r"clignoten?t? (?:en )?(?:rouge|orange)|(?:est|sont|reste|restent) grisee?s?|"
        r"plus personne ne \w+|"
        r"lente?s?|tres lente?s?|bourrage|bourre(?:nt)?|reste (?:noir|bloque|vide)|(?:est|sont) vides?|se deconnecte|(?<!\bon )(?<!\bje )(?<!\bnous )decroche(?:nt)?|(?<=\w )saute(?:nt)? (?=tout|sans|sou|regul|plusieurs|\d|a )|coupe(?:nt)?|verrouille|en panne|hs|(?:est|sont) down|"
        # "met 30 secondes à valider chaque paiement"
        r"(?:met|mettent|prend|prennent) (?:plus de |pres de |environ )?\d+ ?(?:secondes|sec|s|minutes|"
        r"min|heures?|h) (?:a|pour)|"
        r"refuse(?:nt)?|rejete|rejettent|expire|(?:pas|(?:n'a|n'ont|n'y a|n'ai|a|ai|ont) plus) de (?:son|reseau|connexion|signal|wifi|internet|image)|ne s'allume (?:plus|pas)|"
        r"redemarre en boucle|ne (?:recoi[st]|recoivent|trouve|voit|voient) (?:plus|pas)|"
        # "les gens ne m'entendent plus en réunion", "personne ne m'entend"
        r"ne (?:m'|me |nous |l'|les )(?:entend|entendent|voit|voient|recoit|recoivent)\w* "
        r"(?:plus|pas)|personne ne m'(?:entend|voit)\b|"
        r"n'arrive(?:nt)? (?:plus|pas)|ne peu(?:t|vent) (?:plus|pas) \w+|"
        r"personne\b[^.;!?]{0,40}\bne peu(?:t|vent) \w+|"
        r"demande une cle(?: de recuperation)?|"
        # "imprimante en rade", "bornes forfaits CB KO", "donne des poids bizarres"
        r"en rade|en carafe|hors service|(?<=\w )ko|(?:est|sont) morte?s?|a rendu l'ame|"
        r"(?:est|sont) introuvables?|"
        r"donne(?:nt)? des [\w-]+ (?:bizarres|faux|fausses|aberrant\w*|incoherent\w*)|"
        r"sorte?nt? (?:a|avec) 0|"
        # spoken French drops the "ne": "affiche plus le texte", "marche pas", "veut plus s'ouvrir"
        r"(?<!\bne )(?<!\bn')(?<![\w'])(?:affiche|marche|fonctionne|imprime|charge|demarre|repond|recoi[st]|"
        r"recoivent|envoie|passe|s'ouvre|s'allume|synchronise|se connecte|sonne|scanne|lit|"
        r"reconnait|veut|veulent)(?:nt)? (?:plus|pas)\b(?! (?:que|de probleme|mal)\b)|"
        # "mes scans partent chez mon ancien chef", "arrivent dans la mauvaise boîte"
        r"(?:part|partent|arrive|arrivent|va|vont|tombe|tombent|sonne|sonnent|sort|sortent)"
        r" (?:chez|sur|dans|a) (?:mon |ma |mes |l'|le |la |les |une? )?(?:ancien|ancienne|"
        r"mauvais|mauvaise|autre)\b)\b[^.;!?]*",
    ),
    "where_is_not": _rx(
        # "the 3rd floor is fine", "le 3e étage n'a pas de souci": another place, said fine
        r"(?:^|(?<=[.!?,;] )|(?<=\bbut )|(?<=\bmais ))(?:the |le |la |l')?(?:\d+(?:st|nd|rd|th|e|"
        r"eme|er)(?: (?:floor|etage))?|(?:floor|etage) \d+|[\w-]+ (?:office|site|building)|"
        r"(?:bureau|site|agence|batiment) (?:de |d')?[\w-]+)(?: (?:is|are|est))? (?:fine|ok|okay|"
        r"working fine|works fine|works|unaffected|n'a (?:pas de|aucun) (?:souci|probleme)|"
        r"marche(?: bien)?|fonctionne(?: bien)?|va bien|nickel)\b(?! (?:now|again)\b)[^.;!?]*",
        # "(le VPN coupe chez moi,) au bureau pas de souci", "in the office no problem"
        r"(?:^|(?<=[.!?,;] )|(?<=\bmais )|(?<=\bbut )|(?<=\bwhereas )|(?<=\balors qu'))"
        r"(?:au bureau|a la maison|chez moi|en teletravail|sur site|au siege|in the office|"
        r"at the office|at work|at home|from home|from the office|on site)(?: de \w+)?,? "
        r"(?:ca marche|ca fonctionne|ca passe|ca va|pas de (?:souci|probleme)|aucun (?:souci|"
        r"probleme)|no problems?|no issues?|it'?s fine|it'?s ok|it works|(?:all )?fine|c'est "
        r"(?:ok|bon|nickel)|tout va bien|tout marche|nickel|everything works|no drops?)\b[^.;!?]*",
        # "au 2e ça a l'air d'aller", "on the 2nd floor it seems fine": elsewhere, no fault
        r"\b(?:au|a la|a l'|sur le|dans le|on the|in the|at the|at|in) (?:[\w'-]+ ){0,2}?"
        r"(?:\d+(?:e|eme|er|st|nd|rd|th)?(?: (?:etage|floor))?|[\w'-]+ (?:office|site|floor|"
        r"building)|bureau de \w+|siege)\b,? (?:ca|cela|it|everything|tout|they|ils|elles) "
        r"(?:a l'air d'aller|va|vont|marche|marchent|fonctionne|fonctionnent|seems? fine|"
        r"seems? ok|is fine|are fine|works?|va bien)\b[^.;!?]*",
        r"\b(?:but |and )?(?:it |this |that |everything |which )(?:\w+ )?(?:works|worked|is fine|is ok)"
        r" (?:fine |ok |well |normally |perfectly )?(?:from|at|in|on) "
        r"(?:home|the office|(?:the )?vpn|(?:the )?\w+ (?:office|site|floor|building)|\w+ office|"
        # "it worked at my old desk": where it was before a move
        r"(?:my|the|our) (?:old|previous|former|other|usual) (?:desk|seat|workstation|office|"
        r"floor|room|site|spot|place|building))"
        r"\b[^.;!?]*",
        r"\b(?:but )?(?:(?:not|never) (?:from|at|in) (?:home|the office))\b[^.;!?]*",
        r"\b(?:mais )?(?:ca |cela |il |elle |tout )(?:\w+ )?(?:marche|fonctionne|marchait|"
        r"fonctionnait) (?:bien |tres bien |normalement |parfaitement )?"
        r"(?:de chez moi|a la maison|a domicile|en teletravail|au bureau|sur le site de \w+|"
        r"(?:a|sur|dans) (?:mon|ma|l') ?(?:ancien|ancienne|precedent|precedente|autre) (?:bureau|"
        r"poste|place|etage|salle|site)|a \w+)"
        r"\b[^.;!?]*",
        # "la salle Annapurna à côté marche bien", "the room next door works fine": the same
        # thing, in another place
        r"(?:^|(?<=[.!?,;] ))(?:la |le |l'|the |dans la |in the )?(?:salle|room|meeting room|conference room|"
        r"agence|magasin|store|shop|etage|floor|site|branch)\b[\w' -]{1,30}? (?<!ne )(?<!n')"
        r"(?:marche(?:nt)?|fonctionne(?:nt)?|va bien|works?|is fine|is ok|est ok)\b"
        r"(?! (?:pas|plus|mal|only|sometimes|parfois))[^.;!?]*",
        # "the people on the other side of the floor seem fine", "les gens du 2e n'ont pas de
        # souci": people somewhere else, unaffected
        r"(?<!\d )\b(?:the |les |those |my |mes |our |nos )?(?:people|folks|guys|users|gens|"
        r"personnes|ceux|celles|colleagues|collegues) "
        r"(?:on|in|at|by|near|over|upstairs|downstairs|du|de|de la|de l'|des|au|a la|a l'|sur|dans|"
        r"pres de|a cote de|de l'autre)\b"
        # "les collègues sur iPhone": another device, not another place
        r"(?! (?:an? |the |le |la |les |l'|un |une )?(?:iphones?|ipads?|android|macs?|windows|linux|"
        r"pcs?|laptops?|phones?|mobiles?|chrome|safari|firefox|edge|web|browser|navigateur|"
        r"version|app|appli|telephones?|portables?)\b)"
        r"[^.;!?,]{0,50}? (?:(?:seem|seems|are|look|looks|is) "
        r"(?:to be )?(?:fine|ok|okay|good|unaffected)|(?:don'?t|do not) (?:seem to )?have "
        r"(?:the|this|that|any) (?:problem|issue)|have no (?:problem|issue)s?|n'ont (?:pas|aucun) "
        r"(?:de |le |ce |d')?(?:souci|probleme)|(?:ont l'air|semblent) (?:d'aller bien|ok|epargnes)|"
        r"vont bien|sont ok)\b[^.;!?]*",
    ),
    "what_is_not": _rx(
        # "en 4G avec le partage de connexion ça passe", "on my phone's hotspot it works": the
        # same thing, another way, works
        r"(?:^|(?<=[.!?,;] ))(?:en|avec|via|par|sur|depuis|on|with|over|using|from) "
        # ("on my phone's hotspot the vpn stays up fine")
        r"(?:(?!(?:pas|plus|not|no)\b)[^.;!?,]){2,60}? (?:ca|cela|it|that|the [\w-]+|le [\w-]+|"
        r"la [\w-]+|il|elle) (?:passe|marche|fonctionne|works?|stays? (?:up|connected|stable)|"
        r"reste (?:connectee?|stable)|tient)\b(?! (?:pas|plus|not)\b)[^.;!?]*",
        r"\bbut (?:it |the |my )?(?![\w\s-]{0,40}\b(?:not|never|no longer)\b)[\w\s-]{1,40}? "
        r"(?:works?|is fine|is ok|works fine)\b[^.;!?]*",
        # "the web version works but it's really slow", "la version web marche mais elle est
        # très lente": another way of doing it works (what follows "but" is its own clause)
        r"(?:^|(?<=[.!?,;] ))(?:(?:the|my|our|la|le|l'|mon|ma) ?)?(?:[\w'-]+ ){0,2}?(?:version|"
        r"app|appli|application|client|webmail|browser|navigateur|site|portal|portail|web)"
        r"(?: [\w'-]+){0,2}? (?:still )?(?:works|marche|fonctionne)(?: (?:encore|toujours))?"
        r"(?=,? (?:but|mais)\b)",
        # "the headset works on my phone": the thing that fails, fine another way
        r"(?:^|(?<=[.!?,;] )|(?<=\band )|(?<=\bbut ))(?:the|my|our|this) [\w-]+(?: [\w-]+)? "
        r"(?:still )?works (?:fine |ok )?(?:on|from|with) (?:my|the|a|another) [\w-]+[^.;!?]*",
        # "l'entrée piétons marche avec mon badge", "le casque fonctionne sur mon téléphone"
        r"(?:^|(?<=[.!?,;] )|(?<=\bet )|(?<=\bmais ))(?:l'|le |la |les |mon |ma |mes |notre |nos )"
        r"[\w-]+(?: [\w-]+)? (?:marche|marchent|fonctionne|fonctionnent) (?:bien |encore |toujours )?"
        r"(?:avec|sur|depuis|chez) (?:(?:mon|ma|mes|le|la|les|l'|un|une|notre|nos|d'autres) ?)?"
        r"[\w-]+[^.;!?]*",
        # "it's working fine on my phone", not "he'll be working on the app redesign" (a job)
        # (not "stopped working on the car park gate": what fails, where)
        r"\b(?<!be )(?<!stopped )(?<!stop )(?<!not )(?<!n't )(?<!no longer )(?:works|working) "
        r"(?:fine )?(?:on|from|with) (?:my|the) [\w-]+[^.;!?]*",
        r"\bmais (?![\w\s'-]{0,40}\bne\b)[\w\s'-]{1,40}? (?:marche|fonctionne)\b"
        r"(?! (?:plus|pas|mal))[^.;!?]*",
        r"\b(?:marche|fonctionne) (?:bien )?(?:sur|depuis|avec) (?:mon|ma|le|la) [\w-]+[^.;!?]*",
        # "i can share fine from the browser version", "j'arrive à imprimer sans souci depuis
        # le 2e": the same thing, done another way or elsewhere
        r"\b(?:i|we) can (?:still )?\w+(?: \w+)? (?:fine|ok|okay|normally|without (?:any )?"
        r"(?:issue|problem)s?) (?:from|in|on|with|via|using|through) [^.;!?]*",
        # "We can see them in webmail though": the same thing, another way, works
        r"\b(?:i|we) can (?:still )?(?:see|open|read|access|use|get|receive|send|reach)\b"
        r"[^.;!?]{0,40}?\b(?:in|on|from|via|through|with|using) [^.;!?]*?\bthough\b|"
        # "i can join from the browser and share from there, works fine"
        r"\b(?:i|we) can (?:still )?[^.;!?]{1,60}?\b(?:works?|worked|it'?s) (?:fine|ok|okay|"
        r"perfectly|normally)\b[^.;!?]*",
        r"\b(?:j'arrive a|on arrive a|je peux|on peut) [^.;!?]{1,60}?\b(?:ca|ça) (?:marche|"
        r"fonctionne) (?:bien|tres bien|nickel|sans souci|normalement)\b[^.;!?]*",
        r"\b(?:j'arrive a|on arrive a|je peux|on peut) \w+(?: \w+)? (?:sans (?:souci|probleme)|"
        r"normalement|correctement) (?:depuis|sur|avec|dans|via|par) [^.;!?]*",
        # what still works, said on its own: "Backlog view still loads", "other docs print fine"
        # (or after "but": "mais la noir et blanc imprime bien")
        r"(?:^|(?<=[.!?,;] )|(?<=\bmais )|(?<=\bbut )|(?<=\band )|(?<=\bet ))(?:the |my |our |"
        r"other |la |le |les |l'|mon |ma |mes )?"
        # ("Teams plante mais les appels passent bien", "the printer jams and the scanner
        # works fine": what works is after the "mais", the "and")
        r"(?:(?!(?:but|mais|yet|though)\b|(?:and|et) (?:the|my|our|le|la|les|mon|ma|mes|l')\b)"
        r"[\w'-]+ ){0,5}(?!(?:but|mais)\b)[\w'-]+ "
        r"(?:still (?:works?|loads?|opens?|prints?)|"
        # "internal ones still arrive", "les mails internes arrivent toujours"
        # "desktop still gets them", "the web app still receives them"
        r"still (?:gets?|receives?) (?:them|it|mine|theirs|all of them|every \w+)\b|"
        r"still (?:arrives?|comes? in|go(?:es)? through|gets? through)(?! (?:late|slowly|with|"
        r"after|hours|but)\b)|(?<!n')arrivent? (?:encore|toujours|bien|normalement)"
        r"(?! (?:pas|plus|en retard|avec)\b)|"
        # "outlook on the web still shows it", "sur outlook web il apparaît toujours" (not
        # "it still shows the error", "ne s'affiche toujours pas")
        r"still (?:shows|displays) (?:it|them|up|fine|correctly)|still appears?|"
        r"(?:apparait|apparaissent|s'affiche|s'affichent) (?:encore|toujours)(?! (?:pas|plus)\b)|"
        r"(?:works?|loads?|opens?|prints?|charges?|connects?|syncs?|scans?|boots?) (?:fine|normally|"
        r"ok)|"
        # "the workstation in room 2 is fast for CTs too" (beside something slow)
        r"(?:is|are) (?:fast|quick|snappy)(?! (?:but|enough)\b)|"
        # "our personal mailboxes still get mail fine"
        r"(?:still )?(?:gets?|receives?|sends?) (?:[\w'-]+ ){0,2}?(?:fine|normally|ok|okay)|"
        r"(?:marche|marchent|fonctionne|fonctionnent) (?:encore|toujours|bien|normalement|par contre)|"
        # "les autres étages impriment normalement", "les autres postes se connectent sans souci"
        r"(?:imprime|impriment|s'ouvre|s'ouvrent|charge|chargent|s'affiche|s'affichent|"
        r"se connecte|se connectent|s'y connecte|s'y connectent|passe|passent|sonne|sonnent|"
        r"recoit|recoivent|envoie|"
        r"envoient) "
        # "impriment en recto-verso sans souci": how, between the verb and how well
        r"(?:(?!(?:pas|plus|jamais|rien|que|mal)\b)[\w'-]+ ){0,3}?"
        r"(?:encore |toujours )?(?:bien|normalement|sans (?:souci|probleme)))"
        r"\b[^.;!?]*",
        # "alors que mon mot de passe marche sur Outlook", "although my password works in
        # Outlook": the contrast says what works beside what fails
        r"\b"
        + _CONTRAST_LEAD
        + r"(?:(?!(?:ne|n'|pas|plus|not|never|no|no longer)\b)[\w'-]+ ){1,5}?(?:marche|marchent|"
        r"fonctionne|fonctionnent|passe|passent|works?|is fine|are fine|is ok|are ok)\b"
        r"(?! (?:pas|plus|mal|not)\b)[^.;!?]*",
        # "Le reste marche, Outlook et Teams sont ok", "everything else works"
        # "the rest of the time it's fine", "le reste du temps ça marche"
        r"\b(?:the rest of the time|le reste du temps|otherwise|sinon),? (?:it'?s|it is|it works|"
        r"ca marche|ca va|tout va bien|c'est ok)\b[^.;!?]*",
        r"\b(?:le reste|tout le reste|everything else|the rest) (?:marche|fonctionne|est ok|va bien|"
        r"works|is fine|is ok)\b[^.;!?]*",
        r"(?:^|(?<=[.!?,;] ))[\w'-]+(?: (?:et|and) [\w'-]+)? (?:sont|est|are|is) (?:ok|okay|nickel)\b",
        # "les collègues du 2e n'ont pas le souci", "my colleagues don't have the problem"
        r"\b(?:(?:les|mes|nos|the|my|our) )?(?:autres|collegues|voisins|others|colleagues|"
        r"neighbou?rs|everyone else|everybody else)\b[^.;!?,]{0,40}?(?:n'ont (?:pas|aucun) "
        r"(?:l'air d'avoir )?(?:le |ce |de |d')?(?:souci|probleme)|ne sont pas (?:touches|concernes)|"
        r"(?:don'?t|do not) (?:seem to )?have (?:the|this|that|any) (?:problem|issue)|"
        r"(?:don'?t|do not) have (?:the|this|that|any) (?:problem|issue)|(?:are|is) not affected|"
        # "mes collègues de la compta y arrivent", "my colleagues can log in fine"
        r"(?<!n')y arrivent(?! pas| plus)|(?<!n')arrivent a (?:se |s')?\w+(?! pas| plus)|"
        # "mes collègues partagent sans souci", "les autres impriment normalement"
        r"(?<!n')(?<!ne )\w{3,}ent (?:sans (?:souci|probleme|difficulte)|normalement|"
        r"correctement|tres bien)|"
        r"(?<!ne )peuvent (?:se |s')?\w+(?! pas| plus)|can (?:still )?(?:log in|sign in|connect|"
        r"print|open it|access it|see it|get in|use it|\w+ (?:fine|ok|normally))|"
        r"(?:are|seem|seem to be) (?:fine|ok|okay|unaffected)|" + STILL_HAVE_IT + r")\b"
        # "mes collègues l'ont toujours", "my colleagues still have it": not gone for them
        r"[^.;!?]*",
        # "on the web it's there", "it's fine on my phone", "sur le web ça marche", "the
        # others still see it": the same thing, another way or for others
        r"\b(?:on|in|from|sur|dans|depuis) (?:the |my |le |la |mon |ma |l')?(?:web|browser|"
        r"webmail|phone|mobile|iphone|ipad|tablet|navigateur|telephone|portable|tablette|"
        r"web version|version web|app|appli|pc|mac|ordi|ordinateur|computer|laptop|desktop)\b,? "
        r"(?:it'?s (?:there|fine|ok|okay|visible)|it (?:works|shows|appears)|everything "
        r"(?:works|is fine)|ca (?:marche|fonctionne|s'affiche|apparait)|c'est (?:bon|ok|la)|tout "
        r"(?:va bien|marche|fonctionne|est ok)|"
        # "sur mon téléphone je les vois bien", "sur le web les mails sont là", "on my phone I
        # can see them fine"
        r"(?:je|on) (?:les|le|la|l') ?(?:vois|voit|recois|recoit|ai|a)(?! pas| plus| rien)|"
        r"(?:les |mes )?(?:mails|messages|e-mails|fichiers|documents|ils|elles) (?:sont|apparaissent|"
        r"s'affichent|arrivent)(?: bien)?(?: la)?(?! pas| plus)|i (?:can )?(?:see|get|receive) "
        r"them|they(?:'re| are) (?:there|all there|fine)|they (?:show|come) (?:up|in|through))"
        r"\b[^.;!?,]*",
        r"\bit'?s (?:there|fine|ok|okay|visible|showing) (?:on|in) (?:the |my )?(?:web|browser|"
        r"webmail|phone|mobile|iphone|ipad|tablet|web version|app)\b[^.;!?,]*",
        r"\b(?:the )?others? (?:still )?(?:see|have|get|receive) (?:it|them)\b[^.;!?,]*|"
        r"\bles autres (?:le |la |les )?(?:voient|ont|recoivent) (?:encore|toujours|bien)\b"
        r"[^.;!?,]*",
        # "other laptops work", "d'autres PC marchent": the same kind of thing, elsewhere
        r"(?:^|(?<=[.!?,;] ))(?:the |my |our )?other [\w'-]+(?: [\w'-]+)? (?:work|works|are fine|"
        r"print|load|connect|are ok|are okay)\b[^.;!?]*",
        r"(?:^|(?<=[.!?,;] ))(?:les |d')autres [\w'-]+(?: [\w'-]+)? (?:marchent|fonctionnent|"
        r"impriment|se connectent|sont ok|vont bien)\b[^.;!?]*",
        # "celle du 3e marche", "the one on the 3rd floor works": the same thing, elsewhere
        r"\b(?:celle|celui|celles|ceux) (?:du|de la|de l'|d'|des|au|a la) ?[\w'-]+ "
        r"(?:marche(?:nt)?|fonctionne(?:nt)?|imprime(?:nt)?)\b(?! (?:pas|plus|mal))[^.;!?]*",
        r"\bthe (?:one|ones) (?:on|in|at|by) (?:the )?[\w'-]+(?: floor)? (?:works?|is fine|are fine|"
        r"prints?)\b[^.;!?]*",
        # "my colleague has the same dock and it's fine", "ma collègue n'a pas le souci"
        r"\b(?:my|a|one) (?:colleague|coworker|co-worker|neighbou?r|teammate)\b[^.;!?]{0,40}?"
        r"(?:(?:it'?s|it is|is|works?) (?:fine|ok|okay)|and it works\b(?! only| sometimes)|"
        r"(?:doesn'?t|does not) have (?:the|this|that|"
        r"any) (?:problem|issue))\b[^.;!?]*",
        r"\b(?:ma|mon|une|un|le|la|notre) (?:collegue|voisine?)\b[^.;!?]{0,40}?(?:(?:ca|il|elle) "
        r"(?:marche|fonctionne|va)(?: bien| tres bien| nickel)?(?! pas| plus| mal)|n'a (?:pas|aucun) "
        r"(?:le |ce |de |d')?"
        r"(?:souci|probleme))\b[^.;!?]*",
        # "teammates are fine", "les collègues sont ok": the others
        r"(?:^|(?<=[.!?,;] ))(?:teammates|colleagues|coworkers|co-workers|others|everyone else|"
        r"the others|the rest of (?:the|my) team|mes collegues|les collegues|les autres) "
        r"(?:are|is|sont|vont) (?:fine|ok|okay|good|unaffected|bien|nickel)\b",
        # "the office printers are ok", "les autres postes sont ok": things, not a time
        r"(?:^|(?<=[.!?,;] ))(?:the|my|our|other|les|mes|nos|autres) "
        r"(?!(?:[\w'-]+ ){0,2}(?:week|day|time|date|month|semaine|jour|date|mois)\b)"
        r"(?:[\w'-]+ ){0,2}[\w'-]+ (?:sont|are) (?:ok|okay|nickel|fine|working fine)\b",
        # "Uploading a PDF from the laptop works", "Le standard de Lyon fonctionne", "Emails to
        # other clients go through fine", "Teams sur mon téléphone marche très bien": something
        # named, working, said as a whole sentence (not "it works", "sometimes it works")
        # ("plugging in a cable works" is a way round; "ringing before work" no verb at all)
        # ("no, my colleague's token works": after a bare yes or no that answers the question)
        r"(?:^|(?<=[.!?;] )|(?<=^no, )|(?<=^non, )|(?<=^nope, )|(?<=^yes, )|(?<=^oui, ))"
        r"(?![\w\s'-]*\b(?:not|never|no longer|ne|n|nothing|rien|plus|nobody|"
        r"no one|personne|aucun|aucune)\b)"
        r"(?!(?:it|that|this|sometimes|ca|parfois|everything|tout|i|we|you|they|je|on|nous|il|"
        r"elle|ils|\w+ing)\b)(?:[\w'-]+ ){1,7}(?<!\bto )(?<!\bbefore )(?<!\bafter )(?<!\bat )"
        r"(?<!\bfrom )(?<!\bfor )(?<!\bof )(?<!\bat )"
        # "music while i work": a person working, not a thing that works
        r"(?<!\bi )(?<!\bwe )(?<!\byou )(?<!\bthey )(?:still )?(?:works?|marche(?:nt)?|"
        r"fonctionne(?:nt)?|"
        r"(?:goes|go|flows?|syncs?|prints?|loads?|opens?|comes?|arrives?) (?:[\w'-]+ ){0,3}?"
        r"(?:fine|normally|ok|okay|correctly)|(?:seems?|looks?) (?:fine|ok|okay|normal)|"
        r"s'affichen?t? correctement|(?:marche(?:nt)?|fonctionne(?:nt)?) (?:tres bien|"
        r"parfaitement|correctement|sur [\w'-]+(?: [\w'-]+){0,3}))(?: (?:too|aussi|as well))?"
        r"(?=\s*(?:[.!?,;]|$))",
    ),
    "where": _rx(
        r"\b(?:from home|at home|working from home|remote(?:ly)?|on (?:the )?vpn|in the office|"
        # "only on my home wifi", "on the guest network"
        r"(?:on|via|over) (?:my |the |our )?(?:home|guest|office|hotel|public|4g|5g) (?:wifi|wi-fi|"
        r"network|connection|internet|broadband)|"
        r"at the office|(?<![-\w'])(?<!out of )office(?! 365| update| laser| printers?| phones?| pcs?| computers?|"
        r" chairs?| manager| suite| supplies| admin| hours| apps?| version| licen[cs]es?)|headquarters|hq|on site|on-site|hotel|"
        # "the projector in B12", "la salle B2.14": a room's code
        r"(?:in|at|dans|en|salle|room) [a-z]\d{1,2}(?:[.-]\d+)?[a-z]?\b(?![.-]\d)|"
        r"(?:in|at|from) (?:the )?"
        + _CITIES_EN
        + r"(?: (?:office|site|hq|"
        + WORKPLACES_EN
        + r"))?|"
        # "for the Dublin team", "our Madrid office": the place is the team's
        r"(?<=\b(?:for|the|our) )" + _CITIES_EN + r"(?= (?:team|office|site|store|branch|staff))|"
        # ("meeting room 4B", not "meeting room shows 'no signal'")
        r"(?:meeting|conference) room (?!(?:shows?|is|are|was|has|had|keeps?|won'?t|doesn'?t|"
        r"can'?t|isn'?t|stopped|projector|screen|tv|printer|phone|display|and|but)\b)\w+|"
        # "in room 4.12", "in room B2.14": a numbered room
        r"(?:in|at) (?:room|office|bay) [a-z]{0,3}\d+(?:[._-]\d+)*[a-z]?(?![\w.-])|"
        r"(?:in|at) (?:the )?[a-z]+ (?:office|site|building)|floor \d+|\d+(?:st|nd|rd|th) floor"
        # "4th floor desk 12": the desk too
        r"(?:,? (?:desk|bay|room) [\w-]*\d[\w-]*)?)\b",
        r"\b(?:(?:de chez moi|depuis chez moi|chez moi|de chez nous|depuis chez nous|a la maison)"
        r"(?:,? (?:sur|via|par|en) (?:le )?vpn)?|(?:sur|via|par) le vpn|en vpn|"
        # "sur le wifi du bureau", "sur le réseau invité"
        r"(?:sur|via) (?:le |mon |notre )?(?:wifi|wi-fi|reseau|4g|5g)(?: (?:du bureau|de la maison|"
        r"de l'hotel|du client|de la gare|invites?|perso|public|de l'entreprise))|"
        r"a la maison|a domicile|en teletravail|teletravail|"
        r"au bureau|"
        r"bureau de \w+|site de \w+|sur site|au siege|\d+(?:e|eme|er) etage|etage \d+|"
        # "l'imprimante du 3e", "la photocopieuse du rdc": the floor, said short
        + _SHORT_FLOOR
        + r"|"
        r"(?:a|au bureau de|sur le site de|depuis) (?:paris|lyon|londres|marseille|lille|bordeaux|"
        r"nantes|toulouse|berlin|madrid|bruxelles|geneve|montreal|nice|rennes|strasbourg|grenoble)|"
        r"salle (?:de reunion |des |du |de la |de l'|de )?(?!(?:en|a|au|aux|pour|avec|qui|que|"
        r"est|sont|et|ou|ne|n|a|plus|marche|fonctionne|reste|affiche|"
        r"dispo\w*|libre|vide|pleine)\b)\w+)\b",
        # a Slack channel, an entrance, an open space: places inside a site
        r"(?:\b(?:in|on|dans|sur) (?:our |the |notre |le |nos )?(?:canal |channel )?(?:slack )?)?"
        r"#[a-z0-9][\w-]*(?: (?:slack )?channel)?",
        r"\b(?:at|in) the [\w-]+ (?:entrance|reception|lobby|warehouse|store|shop|plant|"
        r"factory|branch|depot|canteen|car park|open space)\b",
        # "at the Gondola base station", "at the pit", "in the reptile house": a place of work
        r"\b(?:at|in|from) the (?:[\w-]+ ){0,2}(?:station|studio|pit|quarry|mine|yard|gallery|"
        r"kitchen|theatre|theater|stadium|arena|house|barn|shed|greenhouse|hangar|workshop|"
        r"garage|gatehouse|control room|box office|ticket office|depot|port|harbour|harbor|marina|"
        r"slipway|pumping station|substation|treatment works)\b",
        # "studio B", "régie B", "C wing": a lettered part of a site
        r"\b(?:studio|regie|wing|hall|gate|berth|dock|platform|pavillon|batiment|building) "
        r"(?![ai]\b)[a-z]\b(?!')",
        # "at sample reception", "at goods-in": a desk or bay named by its work
        r"\bat (?:the )?(?:[\w-]+ )?(?:reception|front desk|goods-in|goods in|goods inwards|"
        r"dispatch|despatch|loading bay|loading dock|checkout|tills)\b",
        r"\b(?![ai]\b)[a-z] wing\b",
        # a part of a territory: "North region crews", "le secteur Est"
        r"\b(?:north|south|east|west|northern|southern|eastern|western|central)(?:[- ]\w+)? "
        r"(?:region|zone|sector|area|district|division)\b",
        r"\b(?:region|secteur|zone|district|quartier) (?:nord|sud|est|ouest|centre)(?:-\w+)?\b",
        # a hospital's wards and services: "aux urgences", "en réanimation", "en cardio"
        r"\b(?:aux urgences|en (?:reanimation|rea|cardio(?:logie)?|pediatrie|radiologie|pharmacie|"
        r"maternite|chirurgie|neurologie|oncologie|geriatrie|soins intensifs|psychiatrie))\b|"
        r"\bau (?:greffe|standard|guichet|secretariat|comptoir|quai \d+|plateau|bloc|parloir|"
        r"vestiaire|labo|poste de garde|parking|sous-sol|garage|self|restaurant d'entreprise)\b",
        r"\b(?:dans |sur |a )?l'(?:open[- ]space|entrepot|accueil|agence|usine|entree|atelier|"
        r"hopital|annexe)(?: (?:de|du|d') ?[\w-]+(?: \w+-[\w-]+)?| nord| sud| est| ouest)?",
        # a numbered or named place of work: "ward 4B", "store 212", "the materials lab"
        r"\b(?:ward|store|plant|building|hall|unit|bay|gate|terminal|dock|clinic|branch|wing|"
        r"pavillon|batiment|magasin|quai|hangar|bloc) \d[\w-]*\b",
        r"\b(?:in|at) (?:the |our )(?:[\w-]+ )?(?:lab|laboratory|clinic|ward|warehouse|hospital|"
        r"campus|library|plant|factory|depot|branch|store|call cent(?:re|er))\b",
        r"\b(?:usine|plateau(?: [\w-]+)?|entrepot|agence|magasin|hopital|clinique|campus|mairie|"
        # "magasin de Lyon Part-Dieu": a hyphenated district is part of the name
        r"depot|labo(?:ratoire)?|chu|college|lycee) (?:de |du |d')[\w-]+(?: \w+-[\w-]+)?"
        r"(?=[ ,.:;!?)]|$)",
        r"\ba la reception\b",
    ),
    "where_on_object": _rx(
        r"\b(?:(?:when|whenever|every time|each time) I (?:click|open|try to|log ?in|sign ?in|"
        r"send|print|share|join|save|upload|submit|connect|attach|start|launch|boot)|"
        r"at (?:login|sign-?in|startup|boot|the printer)|on the \w+ (?:screen|page|step)|"
        # (up to a colon: "when i open salesforce: ERROR 503" shows what happens after it)
        r"while (?:sending|printing|uploading|exporting|saving))\b[^.;:!?]*",
        r"\b(?:quand je (?:clique|lance|ouvre|partage|envoie|imprime|me connecte|valide|rejoins|"
        r"demarre)|quand j'\w+|lorsque j(?:e |')\w+|au (?:demarrage|lancement)|"
        r"a chaque demarrage|a la connexion|a l'ouverture|a l'etape \w+|"
        r"sur l'ecran \w+)\b[^.;:!?]*",
    ),
    "when_first": _rx(
        # a time said whole stops there: "since this morning the label printer…"
        r"\b(?:since|starting) (?:(?:this (?:morning|afternoon|evening|week)|yesterday(?: (?:"
        r"morning|afternoon|evening))?|last (?:night|week|\w+day)|today|(?:mon|tues|wednes|thurs|"
        r"fri|satur|sun)day(?: (?:morning|afternoon|evening))?)"
        r"(?: (?:at|around|about) \d{1,2}(?::\d{2})? ?(?:am|pm|h\d{0,2})?)?|"
        r"(?:about |around )?(?:\d{1,2}:\d{2}(?: ?(?:am|pm))?|\d{1,2} ?(?:am|pm|h\d{0,2})))\b"
        # ... whatever comes next ("since this morning Teams calls drop"), unless it says when
        r"(?= (?!(?:at|around|about|from|after|before|until|till|\d)\b)[^\s,.;:!?])",
        r"\b(?:since|starting|started|began)\b(?! i\b| we\b| my\b)(?: ~?(?!(?:and|but|with|our|my|"
        r"we|i|the (?:\w+ )?(?:team|app)|it|so|when|every|"
        # who comes next is the extent, not the time: "since 8am none of us in Madrid"
        r"none|nobody|no one|everyone|everybody|all|most|many|several|some|half|lots|"
        r"a (?:lot|few|couple)|people|users|customers|agents|colleagues)\b)[\w'’:/-]+){1,4}"
        # "since the network maintenance last night": the time it ends on goes with it
        r"(?:(?<=\blast) (?:night|week|month|year|weekend|\w+day)\b|"
        r"(?<=\bthis) (?:morning|afternoon|evening|week)\b)?",
        # ("shows yesterday's numbers", "stuck on yesterday" are no time it began)
        r"\b(?:this (?:morning|afternoon|week)|(?<!stuck on )(?<!frozen on )(?<!still on )"
        r"(?<!showing )(?<!shows )yesterday(?! ?['’]s\b)(?: (?:morning|afternoon|"
        r"evening))?|today(?! ?['’]s\b)|last (?:week|night|month|monday|tuesday|wednesday|thursday|"
        r"friday)|on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|"
        r"(?:around|at|from) \d{1,2}(?::\d{2})? ?(?:am|pm|h\d{0,2})|"
        # "about an hour ago": the hedge goes with the time
        r"(?:(?:about|around|roughly|approximately|almost|nearly|over|maybe|like) )?"
        r"(?:\d+ ?(?:days?|hours?|hrs?|weeks?|min(?:ute)?s?) ago|an? (?:hour|minute|few minutes|"
        r"couple of hours|half hour|half an hour) ago)|"
        r"after the (?:update|upgrade|reboot|migration))\b",
        r"\bil y a (?:environ |a peu pres |presque |pres d'|plus d')?"
        r"(?:\d+ ?(?:min(?:utes?)?|h|heures?|jours?)|une heure|deux heures|"
        r"quelques minutes|une demi-heure)\b",
        # a time said whole stops there: "depuis ce matin Teams plante"
        r"\bdepuis (?:ce matin|cet apres-midi|ce soir|cette nuit|hier|avant-hier|aujourd'hui|"
        r"lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|la semaine derniere|le week-?end)"
        r"(?: (?:matin|soir|apres-midi|aprem|dernier|derniere|passe))?"
        r"(?: (?:vers|a|des) ?\d{1,2} ?h(?:\d{2})?| \d{1,2} ?h(?:\d{2})?)?\b"
        r"(?= (?!(?:vers|a|des|matin|soir|apres-midi|aprem|dernier|derniere|passe|\d)\b)"
        r"[^\s,.;:!?])",
        # "depuis" is a time only before a time or an event ("depuis 9h", "depuis la mise à
        # jour"); "depuis les tablettes", "depuis l'ERP" say where from.
        r"\b(?:depuis|a partir de) (?=(?:(?:environ|presque|plus d'|pres d'|une bonne) ?)?"
        r"(?:ce |cet |cette |hier|avant-hier|aujourd'hui|\d|"
        r"(?:le |la |l')?(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|janvier|fevrier|"
        r"mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre)|"
        r"(?:la |le |l'|une |un |des |quelques |plusieurs |deux |trois )?(?:derniere |dernier |"
        r"nouvelle |nouveau )?(?:semaines?|mois|jours?|heures?|minutes?|week-?ends?|matin|soir|"
        r"midi|rentree|ete|hiver|debut|fin|mise a jour|maj|migration|passage|installation|"
        r"changement|coupure|panne|redemarrage|reboot|update|arrivee|retour|demenagement|"
        r"reinstallation|version|bascule|intervention|orage|incident|reunion|moment|"
        r"longtemps|peu|toujours)\b))"
        # up to five words, stopping where the next clause starts ("depuis ce matin impossible
        # d'ouvrir SAP", "depuis hier j'ai une erreur")
        r"(?:(?!(?:impossible|je|on|il|elle|ils|elles|nous|vous|mon|ma|mes|notre|nos|ca|cela|"
        r"personne|plus(?! d['’])|rien|ne|et|mais|quand|lorsque|aucune?)(?![\w'’])|[jn]['’])"
        r"[\w'’:/-]+ ?){1,5}",
        r"\b(?:ce matin|cet apres-midi|cet aprem|hier(?: (?:matin|soir|apres-midi|aprem))?|"
        r"la semaine derniere|le mois dernier|(?:lundi|mardi|mercredi|jeudi|vendredi) "
        r"(?:dernier|matin|apres-midi)|il y a \d+ (?:jours?|heures?|semaines?)|"
        r"(?:vers|a|des) \d{1,2} ?h(?:\d{2})?)\b",
        r"\b\d{1,2}/\d{1,2}(?:/\d{2,4})?\b",
        # "ça fait 2 semaines que ma note est bloquée", "cela fait trois jours que…"
        r"\b(?:ca|cela) fait (?:(?:presque|environ|plus de|deja) )?(?:\d+|une?|deux|trois|quatre|"
        r"cinq|quelques|plusieurs) (?:minutes?|heures?|jours?|semaines?|mois)(?= qu)",
        # "for about a week now": how long, said as such
        rf"\bfor {_SPAN} now\b",
    ),
    "when_pattern": _rx(
        r"\b(?:always|every ?time|each time|sometimes|intermittent(?:ly)?|randomly|now and then|"
        r"every (?:\d+ ?)?(?:minutes?|mins?|hours?|hrs?|morning|few minutes)(?: or so)?|all the time|"
        r"several times a day|once a day|in the mornings?)\b",
        # ("mes collègues l'ont toujours": still, not every time)
        # ("toujours rien reçu", "toujours bloqué": still, not every time)
        # ("les autres boîtes marchent toujours": still, what works)
        r"\b(?<!l'ont )(?<!les ont )(?<!voient )(?<!marche )(?<!marchent )(?<!fonctionne )"
        r"(?<!fonctionnent )(?<!arrive )(?<!arrivent )(?:toujours(?! (?:rien|pas|plus|aucune?|personne|"
        r"bloquee?s?|en panne|hs|le meme|la meme|les memes|pareil|coince\w*)\b)|"
        r"a chaque (?:fois|demarrage)|chaque fois|"
        r"parfois|de temps en temps|"
        r"par intermittence|toutes les \d* ?(?:minutes?|min|mn|heures?|h)(?: (?:environ|a peu pres))?|"
        r"tout le temps|"
        r"plusieurs fois par jour|le matin|"
        # "me déconnecte … au bout de 5 minutes environ": each time, that long in
        r"au bout de (?:\d+|quelques|deux|trois|cinq|dix) ?(?:minutes?|min|mn|secondes?|s|heures?|h)"
        r"(?: (?:environ|a peu pres))?)\b",
    ),
    "extent_count": _rx(
        # "tous ceux qui réservent la salle sont concernés", "everyone who books it is affected"
        r"\b(?:tous ceux|toutes celles|tous les gens|tout le monde|everyone|everybody|anyone|all "
        r"those|all the people)\b[^.;!?,]{0,50}? (?:sont concernee?s|est concernee?|sont touchee?s|"
        r"are affected|is affected|are hit|ont le (?:meme )?(?:probleme|souci)|have the (?:same )?"
        r"(?:problem|issue)|has the (?:same )?(?:problem|issue))\b",
        r"\b(?:nobody|no one|none of us|everyone|everybody|all of us|all users) (?:in|on|at|from) "
        r"(?:the |our |my )?[\w-]+(?: (?:team|floor|office|department|site|building|"
        + WORKPLACES_EN
        + r"))?\b",
        r"\b(?:the |all )?(?:two|three|four|five|six|ten|\d+) of us(?: in [\w-]+)?\b",
        r"\b(?:my|our|the) (?:[\w-]+ )?(?:team|department|dept)(?: of \d+(?: (?!in\b|at\b|on\b|"
        r"from\b|and\b)[\w-]+)?)?\b(?! (?:lead|leader|manager|head|drawer|channel|chat|meeting)s?\b|'s)",
        r"\b(?:the whole|the entire|all the|whole|entire) (?:[\w-]+ ){0,2}(?:team|department|dept|"
        r"floor|office|site|building|company|unit|call cent(?:re|er)|contact cent(?:re|er)|region|"
        + WORKPLACES_EN
        + r")\b",
        r"\b(?:a|one) (?:colleague|coworker|co-worker) (?:too|also|as well)\b",
        # "a colleague had the same with his laptop": one more person hit
        r"\b(?:a|one|my|another) (?:colleague|coworker|co-worker|teammate|neighbou?r)"
        r"(?: [\w-]+){0,3}? (?:had|has|got|gets|saw|sees|is having|was having) (?:the same|it "
        r"too|this too|that too)\b[^.;!?,]*",
        # "colleagues had the same issue", "others on my floor have the same problem"
        r"\b(?:(?:some|several|other|a few|two|three|\d+|my|our) )?(?:colleagues|coworkers|"
        r"co-workers|teammates|others|other people)(?: (?:on|in|at|from) (?:my|our|the) [\w-]+)?"
        r" (?:had|have|got|get|saw|see|are having|were having|reported|report) (?:the same|it too|"
        r"this too|that too)\b(?: (?:issue|problem|error|thing|bug))?",
        # "my colleague can't connect either": one more person hit
        r"\b(?:a|one|my|another) (?:colleague|coworker|co-worker|teammate|neighbou?r)"
        r"(?: [\w-]+){0,3}? (?:can'?t|cannot|couldn'?t|doesn'?t|isn'?t|is not|does not)\b"
        r"[^.;!?,]*\b(?:either|too|as well)\b",
        r"\b(?:a lot of|lots of|most of|many of|half of|some of) (?:us|(?:our|the|my) [\w-]+"
        r"(?: (?:in|at|on|from) (?:the )?[\w-]+(?: (?:team|floor|office|site|centre|center))?)?)\b",
        r"\b(?:beaucoup|la plupart|la moitie|une partie) (?:de nos|des|de mes|d'entre nous)"
        r"(?: [\w-]+)?\b",
        r"\b(?:two|three|four|five|six|seven|eight|nine|ten|dozens of|a dozen|\d+) "
        r"(?:people|users|colleagues|persons|agents|employees|of us|salespeople|accountants)\b",
        r"\b(?:only me|just me|only for me|only (?:on )?my (?:laptop|account|machine|pc|computer)|"
        r"nobody|no one|"
        # "everyone hears themselves" (an echo) says what they notice, not who is affected
        # ("we're sending everyone to till 1" is the way round)
        r"(?<!send )(?<!sending )(?<!redirect )(?<!redirecting )"
        # "shows a black screen to everyone": whom it is shown to ("happens to everyone" is who)
        r"(?:(?<!\bto )|(?<=happens to )|(?<=happened to )|(?<=happening to ))"
        r"(?:everyone|everybody)(?! (?:hears?|sees?|can (?:hear|see)|notices?|says?)\b)|"
        r"all of us|the whole (?:\w+ )?(?:team|floor|office|"
        r"company|department|site)|my (?:whole )?team|my colleagues?|several (?:people|"
        r"colleagues|users)|other people|others too|\d+ (?:people|users|colleagues|persons))\b",
        r"\bpersonne (?:au|a la|aux|a|en|dans|de|du|chez) (?:l'|le |la |les )?[\w-]+\b",
        r"\b(?:toute? (?:l'|le |la )(?:compta|rh|paie|direction|informatique|logistique)|"
        r"all of (?:finance|hr|it|sales|marketing|accounting|payroll|support|ops|legal|"
        r"procurement|logistics)|"
        r"toute? (?:l'|le |la )?(?:equipe|service|bureau|site|etage|departement|direction|"
        # "tout le service achats", not "tout l'étage est" (cut before "bloqué")
        r"agence|plateau|" + WORKPLACES_FR + r")(?: (?!de\b|du\b|des\b|d'|a\b|au\b|est\b|"
        r"sont\b|etait\b|sera\b|ont\b|ne\b|n'|se\b|s'|y\b|en\b|va\b|peut\b|doit\b|"
        r"attend\b|travaille\b|utilise\b|imprime\b)\w+)?|"
        r"l'ensemble (?:de l'equipe|du service|des \w+))\b",
        r"\b(?:nous sommes|on est) (?:\d+|deux|trois|quatre|cinq|six|dix)\b[^.;!?]*",
        r"\b(?:deux|trois|quatre|cinq|six|sept|huit|neuf|dix|une dizaine de|\d+) "
        r"(?:personnes|collegues|utilisateurs|collaborateurs|commerciaux|comptables|agents|"
        r"d'entre nous)\b",
        # "des collègues ont eu le même problème", "d'autres au 3e ont le même souci"
        r"\b(?:(?:des|mes|nos|plusieurs|deux|trois|\d+) (?:collegues|personnes|gens|voisins)|"
        r"d'autres(?: collegues| personnes)?)(?: (?:au|a la|du|de la|de l'|sur le) ?[\w-]+)? (?:ont|avaient|ont eu) (?:eu )?"
        r"le meme (?:probleme|souci|bug|message|ecran)\b",
        # "mon collègue n'arrive pas à se connecter non plus"
        r"\b(?:un|une|mon|ma) (?:autre )?(?:collegue|voisine?)(?: [\w'-]+){0,3}? (?:n'|ne )"
        r"[^.;!?,]*\bnon plus\b",
        # not whose things they are: "les congés de mon équipe dans Outlook"
        r"(?<!\bde )(?<!\bdes )(?<!\bdu )(?<!\bd')\b(?:mon|ma|notre) (?:equipe|service|collegue)"
        r"(?: (?!(?:dans|sur|a|au|aux|en|de|du|des|pour|avec|chez|qui|que|et|ou|est|sont|ne|n)\b)"
        r"\w+)?\b",
        r"\bpour (?:l'equipe|le service|les equipes) [\w-]+(?: (?:de|du|d') ?[\w-]+)?\b",
        r"\b(?:que|seulement|uniquement) (?:moi|pour moi|chez moi)\b",
        r"\b(?<!\bde )(?<!\bdes )(?<!\bdu )(?<!\bd')"
        r"(?:seulement moi|que moi|juste moi|(?:seulement|uniquement) sur mon \w+|"
        r"(?<!envoie )(?<!redirige )(?<!renvoie )(?:(?<!\ba )|(?<=arrive a )|(?<=arrivent a ))"
        r"tout le monde|toute l'equipe|mon equipe|"
        r"mes collegues|plusieurs (?:collegues|"
        r"personnes)|tout le (?:service|bureau|site|etage)|personne d'autre|"
        r"\d+ (?:personnes|collegues|utilisateurs))\b",
        r"^\s*personne\b",
        # "je suis seule à la compta aujourd'hui", "I'm the only one in accounts today"
        r"\b(?:je suis|j'suis|chuis) (?:le |la )?seule?\b(?! a (?:pouvoir|savoir|faire|valider|gerer|avoir)\b| capable\b)[^.;!?,]*",
        r"\b(?:i'?m|i am) the only one\b(?! who can\b)[^.;!?,]*",
        r"\bfor (?:all (?:our |the )?|our |the )?(?:customers|clients|users|everyone|everybody)\b",
        # "won't open for ANY nurse", "aucun agent ne peut": everyone in that job
        r"\b(?:for|to|by) (?:any|every|each|all(?: the)?|no) (?:[\w-]+ )?(?:"
        + ONE_OF
        + r"|"
        + _PEOPLE
        + r")\b",
        r"\b(?:aucune?|chaque|pour tou(?:s|tes) les) (?:" + ONE_OF + r"|" + _PEOPLE + r")\b",
        # every till or desk of a place: "all checkin desks", "plus aucun comptoir", "toutes les
        # caisses": everyone who works at them
        r"\b" + ALL_STATIONS_EN + r"\b",
        r"\b" + ALL_STATIONS_FR + r"\b",
        # a head count of people named by their job: "30 conseillers", "the 25 reps"
        r"\b(?:(?:les|the|all|our|nos|all the|tous les|toutes les) )?\d+ (?:" + _PEOPLE + r")\b",
        # "un collègue a eu la même chose avec son portable": one more person hit
        r"\b(?:un|une|mon|ma) (?:autre )?(?:collegue|voisine?)(?: [\w'-]+){0,3}? (?:a|avait|a eu) "
        r"(?:eu )?(?:la meme chose|le meme (?:probleme|souci)|pareil)\b[^.;!?,]*",
        # "so hundreds of people", "une quarantaine de spectateurs"
        r"\b(?:" + ABOUT_COUNT + r") (?:of|de|d') ?(?:[\w-]+ ){0,2}?(?:" + _PEOPLE + r")\b",
        r"\b(?:le|la|l') ?(?:service|equipe|departement|direction) [\w-]+(?= (?:\(|ne |n'|est |"
        r"sont |a |ont ))",
    ),
    "extent_trend": _rx(
        r"\b(?:getting worse|worse and worse|worse every day|more and more|more often(?! than)|"
        r"getting better|stable)\b",
        r"\b(?:de plus en plus|empire|s'aggrave|de pire en pire|s'ameliore)\b",
    ),
    "changes": _rx(
        r"\b(?:since|after) (?:the |an? |my |this )?(?:[\w':]+ ){0,2}(?:update|upgrade|migration|"
        r"reinstall|password change|move|reset|patch|release|deploy(?:ment)?|rollout|go-live|"
        r"(?:policy|config|configuration) change)\w*\b" + _UNTIL_SUBJECT,
        r"\b(?:since|after) (?:the |an? |my |this )?(?:[\w']+ )?new (?:laptop|phone|pc|computer|"
        r"dock)\b[^.;!?,]*",
        r"\b(?:since|after) I (?:got|changed|installed|updated|moved|reset|upgraded)\b[^.;!?,]*",
        # "since the new roll was loaded", "after the toner was replaced"
        r"\b(?:since|after) (?:the |a |an |my |our )?(?:[\w'-]+ ){0,3}(?:was|were|got|has been|"
        r"have been) (?:loaded|installed|replaced|changed|swapped|fitted|moved|updated|upgraded|"
        r"put in|plugged in|reset)\b[^.;!?,]*",
        r"\b(?:changed my password|was (?:updated|upgraded|migrated|reinstalled))\b[^.;!?,]*",
        r"\b(?:depuis|apres) (?:la |le |l'|mon |ma )?(?:mise a jour|migration|changement|"
        r"deploiement|mise en prod(?:uction)?|"
        # "depuis la nouvelle version de Chrome", "depuis le nouveau VPN"
        r"nouvel(?:le)?s? \w+|nouveaux? \w+|version \w+|reinstallation|demenagement)\b"
        + _UNTIL_SUBJECT,
        r"\b(?:depuis que j'ai (?:change|installe|recu|eu|mis a jour|(?:un |une )?nouv\w+)|"
        r"changement de mot de passe)[^.;!?,]*",
        # "il y a eu une coupure de courant hier soir", "there was a power cut at the weekend"
        r"\b(?:il y a eu|on a eu|nous avons eu|there was|there's been|there has been|we had) "
        r"(?:une? |a |an |des |some )?(?:coupures?|power cuts?|power outages?|outages?|orages?|"
        r"storms?|travaux|works|building works|maintenance|interventions?|demenagement|"
        r"office move)\b[^.;!?,]*",
        # "On a changé nos mots de passe Windows hier", "IT pushed an update last night"
        r"\b(?:on a|j'ai|nous avons|ils ont|la dsi a|l'informatique a|we|i|they|it team) (?:just )?"
        # "we just change it manually each time" is how they cope, not a change
        r"(?:change[ds]?(?<!we change)(?<! i change)(?<!they change)(?<!we just change)"
        r"(?<! i just change)(?<!they just change)|mis a jour|installe|"
        r"migre|reinitialise|updated|upgraded|installed|"
        r"migrated|reset|pushed|replaced|remplace)\b[^.;!?,]*",
        # "alors que je viens de changer mon mot de passe": just done
        r"\b(?:je viens|on vient|nous venons|ils viennent|la dsi vient|l'informatique vient) de "
        r"(?:changer|modifier|reinitialiser|mettre a jour|installer|migrer|remplacer|"
        r"reinstaller|passer a|passer sous|recevoir|reset)\b[^.;!?,]*",
    ),
    "impact": _rx(
        # "c'est la cata j'ai 4 rendez-vous clients", "I have 3 client calls": the work it stops
        r"\b(?:j'ai|on a|nous avons) (?:\d+|deux|trois|quatre|cinq|six|des|plusieurs|mes|nos) "
        # ("on a des appels toute la matinée" are calls coming in, not meetings it stops)
        r"(?:rendez-vous|rdv|reunions|visios|entretiens|demos|formations|cours)"
        r"(?: (?:clients?|client|avec des clients|externes))?\b[^.;!?]*",
        r"\b(?:i|we) (?:have|'ve got|have got) (?:\d+|two|three|four|five|six|several|a few|"
        r"back-to-back|my|our) (?:customer |client |external |sales )?(?:meetings|calls|demos|"
        r"interviews|sessions|appointments|classes|trainings)\b[^.;!?]*",
        r"\b(?:i|we) (?:can'?t|cannot|am unable to|are unable to) (?!connect|log ?in|sign ?in|"
        r"open|print|see|hear|load)[^.;!?]*",
        r"\b(?:blocks?|blocking|prevents?) (?:me|us|the)\b[^.;!?]*",
        # "my presentation to the board at 11 can't go ahead", "la formation ne peut pas avoir
        # lieu": an event that will not happen
        r"\b(?:my|our|the|this|ma|mon|notre|la|le) (?:[\w'-]+ ){0,5}?(?:presentation|demo|meeting|"
        r"call|training|session|workshop|interview|exam|launch|webinar|class|presentation|demo|"
        r"reunion|formation|soutenance|entretien|visio|examen|lancement|cours|webinaire)"
        r"(?: [\w'-]+){0,5}? (?:can'?t|cannot|won'?t|will not) (?:go ahead|happen|take place|start)"
        r"\b[^.;!?]*",
        r"\b(?:ma|mon|notre|la|le) (?:[\w'-]+ ){0,5}?(?:presentation|demo|reunion|formation|"
        r"soutenance|entretien|visio|examen|lancement|cours|webinaire)(?: [\w'-]+){0,5}? "
        r"(?:ne peut|ne pourra|ne va) pas (?:avoir lieu|se tenir|commencer)\b[^.;!?]*",
        r"\b(?:can'?t (?:log ?in to|access) anything|(?:totally|completely) (?:stuck|blocked)|"
        r"can'?t work|cannot work|unable to work|work (?:has )?stopped|"
        r"losing (?:money|sales|customers))\b",
        r"\b(?:(?:we'?re|we are) )?losing (?:orders|deals|leads|revenue|bookings|calls)\b[^.;!?]*",
        # "we lose card sales every minute"
        r"\b(?:we|i|they|the store|the shop) (?:lose|loses|are losing|'re losing) (?:[\w-]+ ){0,2}"
        r"(?:sales|money|customers|orders|revenue|bookings|deals|business|calls)\b[^.;!?]*",
        r"\b(?:on perd|nous perdons) (?:des|du|les) [\w-]+\b[^.;!?]*",
        # "des clients partent sans acheter", "customers walk out"
        r"\b(?:des |les |nos )?clients (?:partent|repartent|s'en vont|abandonnent)\b[^.;!?]*",
        r"\b(?:customers|clients|shoppers) (?:leave|are leaving|walk out|are walking out|give up)"
        r"\b[^.;!?]*",
        # "on rate tous les appels clients", "we're missing customer calls"
        r"\b(?:on rate|on loupe|on manque|nous ratons|nous manquons) (?:tous |toutes )?(?:les |des )?"
        r"(?:appels|commandes|ventes|livraisons|clients|rendez-vous|rdv)\b[^.;!?]*",
        r"\b(?:we|they|the team) (?:miss|are missing|'re missing|keep missing) (?:all )?(?:the |our )?"
        r"(?:[\w-]+ )?(?:calls|orders|deliveries|customers|appointments|bookings)\b[^.;!?]*",
        r"\b(?:i'?m|we'?re|je suis|on est|nous sommes) (?:totally |completely |completement )?"
        r"(?:stuck|coincee?s?|bloquee?s?)(?= (?:at|on|a|sur|devant)\b)",
        r"\b(?:risque (?:electrique|d'incendie)|prises electriques|safety (?:risk|hazard)|"
        r"fire (?:risk|hazard)|electrical (?:risk|hazard|sockets?))\b[^.;!?]*",
        # spoken French drops the "ne": "je peux pas tenir mes visios clients"
        r"\b(?:je|on) (?:peux|peut) (?:pas|plus) (?!me connecter|me co\b|ouvrir|imprimer|acceder)"
        r"\w+[^.;!?]*",
        r"\b(?:je (?:ne )?peux rien faire|on (?:ne )?peut rien faire|impossible de bosser|"
        r"je ne peux (?:pas|plus)|nous ne pouvons (?:pas|plus)|on ne peut (?:pas|plus)|"
        r"personne ne peut|impossible de travailler|"
        r"m'empeche de|nous empeche de|bloque (?:la|le|les) \w+)\b[^.;!?]*",
        # what customers notice: "customers complain they can't hear us", "les clients se
        # plaignent de ne pas nous entendre"
        r"\b(?:(?:our|the|some|les|des|nos|certains) )?(?:customers|clients|callers|patients|"
        r"guests|users|usagers|appelants) (?:complain|are complaining|keep complaining|"
        r"se plaignent|rales?nt|can'?t hear|can'?t see|can'?t reach|n'arrivent pas a|"
        r"ne nous entendent pas|ne peuvent pas nous joindre)\b[^.;!?]*",
        # customers kept waiting: "customers are on hold", "les clients attendent en ligne"
        r"\b(?:(?:our|the|some|les|des|nos|certains) )?(?:customers|clients|callers|patients|"
        r"guests|appelants) (?:are|were|'re|sont|restent) (?:left |kept |stuck )?(?:on hold|"
        r"waiting|queuing|queueing|en attente|en ligne)\b[^.;!?,]*|"
        r"\b(?:(?:les|des|nos) )?(?:clients|patients|appelants) (?:attendent|patientent|raccrochent)"
        r"\b[^.;!?,]*|"
        # "queue is building up", "la file d'attente s'allonge": people kept waiting
        r"\b(?:the |a |our )?(?:queues?|line) (?:is |are |keeps? )?(?:building up|getting longer|"
        r"growing|out the door)\b[^.;!?,]*|"
        r"\b(?:la |une )?(?:file|queue)(?: d'attente)? (?:s'allonge|grossit|deborde|"
        r"jusqu'a la porte)\b[^.;!?,]*",
        # someone else kept from their work: "elle ne peut pas accéder à son bureau sans qu'on
        # lui ouvre", "she can't get into her office"
        r"\b(?:il|elle|ils|elles) (?:ne )?(?:peut|peuvent) (?:pas|plus) (?:acceder a (?:son|sa|ses|leur)|"
        r"entrer dans|rentrer dans|travailler|bosser|venir|faire son|faire sa|faire ses|"
        # "ils ne peuvent pas commencer leur tournée": their work, stopped
        r"(?:commencer|demarrer|lancer|finir|terminer|faire|assurer|livrer|servir|encaisser|"
        r"traiter|preparer|expedier|prendre) (?:leurs?|son|sa|ses|les|la|le|l'|des|aucune?)"
        r")\b[^.;!?]*",
        r"\b(?:he|she|they) (?:can'?t|cannot|is unable to|are unable to) (?:get into|get in to|"
        r"access (?:his|her|their)|enter (?:his|her|their)|work|do (?:his|her|their)|"
        # "they can't start their rounds"
        r"(?:start|begin|finish|complete|run|make|take|serve|process|ship|deliver|pick|pack|"
        r"load|go out on|go on) (?:his|her|their|the|any))\b[^.;!?]*",
    ),
    "urgency": _rx(
        r"\b"
        + NOT_NEGATED
        + r"(?:urgent(?:ly)?|"
        + AS_SOON_AS_POSSIBLE
        + r"|"
        + FOR_YESTERDAY
        + r"|emergency|critical|"
        + RIGHT_NOW
        + r"|immediately|high priority)\b"
        + NOT_A_KIND,
        # blocked people, not blocked things ("the documents stay blocked in the queue")
        r"\b(?:i'?m|i am|we'?re|we are|everyone is|everybody is|team is|are all|the whole "
        r"(?:floor|site|office|store|shop|warehouse|depot|team|department) is) (?:totally |"
        r"completely |fully )?blocked\b",
        r"\b" + NOT_NEGATED + r"(?:urgent|"
        r"urgence|critique|"
        r"immediatement|tout de suite|prioritaire)\b" + NOT_A_KIND,
        r"\b(?:je suis|on est|nous sommes|(?:tout le monde|toute l'equipe|le service|tout l'etage|"
        r"tout le (?:site|bureau|magasin|plateau|service|quai)|tout l'(?:entrepot|atelier|open space))"
        r" est|ils sont|"
        r"elles sont|sont tous|sont toutes) (?:totalement |completement |tous |toutes )?"
        r"bloquee?s?\b",
    ),
    "deadline": _rx(
        r"\b(?:i|we) need (?:it|them|this|these) (?:by |for |before )?(?:tomorrow|today|tonight|"
        r"monday|tuesday|wednesday|thursday|friday|this (?:afternoon|evening|week))\b[^.;!?]*",
        # "i need it for a client trip tomorrow", "we need it working for the audit on friday"
        r"\b(?:i|we) need (?:it|them|this|these)(?: (?:working|back|fixed|running|up))? "
        r"(?:for|before) (?:[\w'-]+ ){1,5}?(?:tomorrow|today|tonight|(?:on )?(?:monday|tuesday|"
        r"wednesday|thursday|friday)|this (?:afternoon|evening|week))\b[^.;!?]*",
        # "we have customer demos all afternoon", "on a des démos clients tout l'après-midi"
        r"\b(?:we|i) (?:have|'ve got|have got|got) (?:a |an |some |back-to-back |\d+ )?(?:[\w-]+ ){0,2}?"
        r"(?:demos?|meetings?|presentations?|calls?|workshops?|trainings?|interviews?|webinars?|"
        r"exams?|pitch(?:es)?) (?:[\w-]+ ){0,2}?(?:all (?:afternoon|morning|day)|this (?:afternoon|"
        r"morning|evening)|today|tonight|tomorrow|in \d+ ?(?:min|mins|minutes|h|hours?))\b[^.;!?]*",
        r"\b(?:on a|j'ai|nous avons|on a encore) (?:des |une |un |\d+ )?(?:[\w-]+ ){0,2}?(?:demos?|"
        r"reunions?|rdv|visios?|presentations?|formations?|entretiens?|webinaires?|soutenances?) "
        r"(?:[\w-]+ ){0,2}?(?:tout l'apres-midi|toute la matinee|toute la journee|cet apres-midi|"
        r"ce matin|aujourd'hui|ce soir|demain|dans \d+ ?(?:min|minutes|h|heures?))\b[^.;!?]*",
        # "we have contracts to send to clients today", "I need to print the labels tonight"
        r"\b(?:we|i) (?:have|'ve got|have got|got|need) (?:some |\d+ )?(?:[\w'-]+ ){0,3}?to "
        r"(?:send|print|sign|ship|deliver|submit|finish|file|post|get out|hand in|scan) "
        r"(?:[\w'-]+ ){0,5}?(?:today|tonight|tomorrow|this (?:afternoon|morning|evening))\b"
        r"[^.;!?,]*",
        r"\b(?:on a|j'ai|nous avons|on doit|je dois|nous devons|il faut) (?:des |un |une |\d+ )?"
        r"(?:[\w'-]+ ){0,3}?(?:a )?(?:envoyer|imprimer|signer|livrer|expedier|rendre|finir|"
        r"deposer|poster|scanner) (?:[\w'-]+ ){0,5}?(?:aujourd'hui|ce soir|demain|cet apres-midi|"
        r"ce matin)\b[^.;!?,]*",
        # "I need to make a payment today", "je dois valider la paie ce soir": a task due then
        r"\b(?:i|we) (?:really )?(?:need|have|must|'ve got|have got) to (?!do\b|be\b|go\b)"
        r"[\w'-]+ (?:[\w'-]+ ){0,5}?(?:today|tonight|tomorrow|this (?:afternoon|morning|evening))"
        r"\b[^.;!?,]*",
        r"\b(?:je dois|on doit|nous devons|il faut que je) (?!etre\b|aller\b)[\w'-]+ "
        r"(?:[\w'-]+ ){0,5}?(?:aujourd'hui|ce soir|demain|cet apres-midi|ce matin)\b[^.;!?,]*",
        r"\b(?:j'en ai|on en a|nous en avons) besoin (?:pour |avant |d'ici )?(?:demain|"
        r"aujourd'hui|ce soir|lundi|mardi|mercredi|jeudi|vendredi|cet apres-midi)\b[^.;!?]*",
        r"\b(?:by|before|until|due|for) (?:tomorrow|tonight|today|end of (?:day|week|month)|eod|"
        r"monday|tuesday|wednesday|thursday|friday|\d{1,2}(?::\d{2})? ?(?:am|pm)|noon)\b[^.;!?]*",
        r"\b(?:by|before|until|due|no later than) " + _DATE_EN + r"[^.;!?]*",
        r"\b(?:\w+ ){0,3}(?:must|has to|needs to|have to) (?:run|go out|be (?:done|sent|ready)|"
        r"ship|happen|be paid)[^.;!?]*(?:tomorrow|today|tonight|friday|monday|this week)\b",
        r"\b(?:(?<!no )(?<!without )(?<!any )deadline|(?:meeting|presentation|demo|webinar|call|"
        r"workshop|training|interview|pitch|review|session|exam) at \d|(?:is )?due at \d{1,2} ?(?:am|pm)?|"
        r"at \d{1,2} ?(?:am|pm)\b" + _THEN_PAST + r")[^.;!?]*",
        r"\b(?:avant|pour|d'ici) (?:demain|ce soir|(?:lundi|mardi|mercredi|jeudi|vendredi)|"
        r"la fin de (?:la )?(?:journee|semaine|mois|matinee)|\d{1,2} ?h(?:\d{2})?|(?:ce )?midi|"
        r"cet apres-midi)\b[^.;!?,]*",
        r"\b(?:\w+ ){0,3}(?:est|sont) (?:due?s?|prevue?s?|attendue?s?) (?:demain|ce soir|"
        r"aujourd'hui|(?:lundi|mardi|mercredi|jeudi|vendredi)|a \d{1,2} ?h)\b[^.;!?]*",
        r"\b(?:\w+ ){0,3}(?:is|are) due (?:tomorrow|today|tonight|on \w+|friday|monday|"
        r"by \w+)\b[^.;!?]*",
        r"\b(?:\w+ ){0,3}(?:is|are|'re|'s) due (?:to|with|for) (?:\w+ ){1,4}?(?:tomorrow|today|"
        r"tonight|monday|tuesday|wednesday|thursday|friday)\b[^.;!?]*",
        r"\b(?:\w+ ){0,3}(?:doit|doivent) (?:partir|etre (?:faite?s?|envoyee?s?|prete?s?|rendue?s?|"
        r"livree?s?|validee?s?|cloturee?s?|payee?s?|versee?s?)|tourner)\b[^.;!?]*(?:demain|"
        r"aujourd'hui|ce soir|lundi|mardi|mercredi|jeudi|vendredi|\d{1,2} ?h)\b",
        r"\b(?:by|before|until|at) \d{1,2}(?::\d{2})? ?(?:am|pm)(?: (?:today|tomorrow))?\b"
        + _THEN_PAST,
        r"\b(?<!no )(?<!without )(?<!any )(?:cut-?off|deadline|due date|closing)\b"
        r"(?: (?:is|on|at|by))?[^.;!?,]{0,40}",
        r"\b(?:the )?(?:[\w-]+ ){0,2}(?:run|close|closing|go-live|launch|audit|demo|presentation|"
        r"meeting|board|review|release) (?:is|are) (?:on )?(?:today|tonight|tomorrow|monday|tuesday|"
        r"wednesday|thursday|friday|this \w+|next \w+)\b",
        r"\b(?<!pas d')(?<!aucune )(?<!sans )(?:echeance|date limite|cloture|la paie (?:part|doit "
        r"partir))\b[^.;!?,]{0,40}",
        r"\b(?:[\w-]+ ){0,3}(?:goes out|go out|goes live|go live|starts|is due|launches|ships) "
        r"(?:tomorrow|today|tonight|on (?:monday|tuesday|wednesday|thursday|friday))\b[^.;!?,]*",
        # a meeting at a time of day that one cannot join or must be ready for: "I can't join
        # the 2pm client call", "je ne peux pas suivre le point client de 14h" (not "since the
        # 2pm call", "pendant la réunion de 14h": when it happened)
        r"\b(?:join|attend|run|make|miss|for|before|have|'ve got|got) (?:the|my|our|a|an) "
        r"\d{1,2}(?::\d{2})? ?(?:am|pm) (?:[\w-]+ ){0,2}?(?:meeting|call|demo|presentation|"
        r"review|session|interview|webinar|class|workshop|training)\b[^.;!?,]*",
        r"\b(?:suivre|assister (?:a|au)|rejoindre|animer|participer (?:a|au)|manquer|rater|louper|"
        r"pour|avant|j'ai|on a|nous avons) (?:le |la |l'|au |a la |mon |ma |notre |un |une )?"
        r"(?:reunion|point|rdv|rendez-vous|visio|call|presentation|demo|formation|entretien|"
        r"comite|cours|soutenance|webinaire)(?: [\w-]+){0,2}? (?:de|a) \d{1,2} ?h(?:\d{2})?\b"
        r"[^.;!?,]*",
    ),
    "request_what": _rx(
        r"\b(?:i need|i'd need|i (?:would|'d) like|i want|can i (?:get|have)|could (?:i|you) "
        r"(?:get|give me|grant me|create|install|order|set up)|please (?:give me|grant me|create|"
        r"install|add|order|set up|disable|deactivate|remove|revoke|close|delete|collect|"
        r"cancel)|requesting)\b(?! (?:to (?!get|have|order)|help))[^.;!?]+",
        r"\b(?:j'ai besoin d(?:e |')|il (?:me |nous |lui )?faudrait|on a besoin d(?:e |')|"
        # "il faut désactiver ses accès et récupérer son portable"
        r"il (?:me |nous |lui )?faut (?=(?:desactiver|supprimer|fermer|recuperer|creer|ouvrir|"
        r"installer|commander|ajouter|retirer|revoquer|bloquer|couper|transferer|rediriger)\b)|"
        r"nous avons besoin d(?:e |')|je (?:voudrais|souhaiterais|souhaite|veux)|j'aimerais|"
        r"(?:pourriez|pouvez)-vous (?:me )?(?:donner|creer|installer|commander|ouvrir|ajouter))"
        r"(?!aide|l'aide)[^.;!?]+",
        r"\bdemande d'acces[^.;!?]+",
        r"\b(?:needs?|requires?) (?!to\b|help\b|it\b)[^.;!?]+",
        # "new charger needed, mine died", "second screen please"
        r"^\W*(?:(?:a|an|one) )?(?:new|spare|replacement|second|another|extra) [\w-]+(?: [\w-]+)?"
        r"(?= (?:needed|required|wanted|please|pls|plz)\b)",
    ),
    "request_for_whom": _rx(
        r"\b(?:\d+|two|three|four|five|six|ten|a|an|our|my) new (?:[\w-]+ )?(?:hires?|starters?|"
        r"joiners?|employees?|interns?|colleagues?|recruits?|executives?|developers?|engineers?|"
        r"managers?|accountants?|salespeople|reps?)\b",
        # "for me, Priya Shah, and the 3 new hires": me, by name, and the others
        r"\bfor (?:me|myself)(?:, [\w'-]+ [\w'-]+)?,? and (?:the |my |our )?(?:\d+|two|three|"
        r"four|five|six) (?:new )?[\w-]+",
        r"\bfor (?:me|myself|my (?:new )?(?:colleague|team|manager|assistant|intern|boss)|"
        r"(?:a|our|my|the) new (?:starter|hire|colleague|joiner|employee|intern|team member|"
        r"recruit|manager|developer|designer|accountant)|(?:our|my|the|a) (?:intern|temp|"
        r"contractor|trainee|apprentice|assistant|manager)|the (?:whole )?[\w-]+ team|"
        r"[a-z]+(?: [a-z]+)? (?:in|from|on) (?:the )?[\w-]+ team|(?:an?|our|the|my) (?:external |new |"
        r"outside )?(?:auditors?|consultants?|contractors?|visitors?|guests?|freelancers?|"
        r"partners?|temps?|interns?|trainees?))\b",
        r"\bfor (?:the|our|my) (?:[\w-]+ ){0,2}(?:team|department|group|office)\b",
        # "12 agency workers", "~80 external guests": a head count of people is who it is for
        # (not "4 rendez-vous clients", "3 client calls": meetings with them)
        r"(?<![\w.,-])\d{1,4} (?:(?!(?:rendez-vous|rdv|reunions?|meetings?|calls?|appels?|demos?|"
        r"visios?|entretiens?)\b)[\w-]+ ){0,2}(?:" + _PEOPLE + r")\b",
        # "pour le gardien des Glycines", "for our night porter": someone by their job
        r"\b(?:for|pour) (?:the|our|my|le|la|l'|notre|mon|ma) ?(?:[\w-]+ )?(?:" + ONE_OF + r")\b"
        r"(?: (?:des|du|de la|of the) [\w-]+)?",
        # "l'agenda de la Dre Martens", "for Dr Okafor"
        r"\b(?:for|pour|de la|du|de) (?:dr|dre|docteur|doctoresse|prof|maitre)\.? [\w-]+",
        r"\b(?:the (?:two|three|four|five|six|\d+) of us|(?:the )?whole [\w-]+(?: [\w-]+){0,2} team"
        r"(?: \(\d+ people\))?|\d+ (?:people|new (?:hires|starters|joiners|employees|colleagues|"
        r"people|staff|members|recruits|agents)|interns|contractors|seasonal workers|"
        r"temps|starters|hires))\b",
        r"\bpour (?:toute l'equipe|l'equipe|les equipes|le service|la nouvelle|le nouveau)"
        r"(?: [\w'-]+){1,3}\b",
        # "pour les nouveaux du service paie", not "pour les réunions Teams" (what it is for)
        r"\bpour les (?=(?:[\w-]+ )?(?:" + _PEOPLE + r"|nouveaux|nouvelles|\d+)\b)"
        r"[\w'-]+(?: [\w'-]+){0,2}\b",
        r"\b\d+ (?:stagiaires|saisonniers|alternants|interimaires|personnes|nouveaux \w+|"
        r"nouvelles \w+|consultants|prestataires)\b",
        r"\bpour (?:moi|moi-meme|mon (?:nouveau |nouvel )?(?:collegue|equipe|manager|"
        r"stagiaire|alternant|assistant|responsable|chef)|ma (?:nouvelle )?(?:collegue|manager|"
        r"stagiaire|alternante|assistante|responsable|equipe)|(?:un|une|notre|le|la) "
        r"(?:nouvel?(?:le)? )?(?:arrivante?|collaborat(?:eur|rice)|collegue|stagiaire|"
        r"alternante?|embauche|recrue|interimaire|prestataire)|l'equipe [\w-]+|"
        r"l'equipe [\w-]+)\b",
    ),
    "request_by_when": _rx(
        r"\b(?:by|before|for|until) (?:tomorrow|tonight|today|end of (?:day|week|month)|eod|"
        r"next (?:week|monday|month)|(?:this |next )?(?:monday|tuesday|wednesday|thursday|friday)|"
        r"the \d{1,2}(?:st|nd|rd|th)?|"
        # "for 2 weeks" is how long, not by when
        r"\d{1,2}(?:st|nd|rd|th)? (?!(?:days?|weeks?|months?|hours?|min(?:ute)?s?|years?)\b)\w+)\b",
        r"\b(?:by|before|for|until|no later than) " + _DATE_EN,
        # "for 3 months from the 14th of October": when it starts
        r"\b(?:from|starting(?: on)?|as of) (?:the \d{1,2}(?:st|nd|rd|th)?(?: of)?(?: "
        + _MONTH_EN
        + r")?|"
        + _DATE_EN
        + r")",
        r"\b(?:avant|pour|d'ici|au plus tard) (?:le )?" + _DATE_FR,
        r"\b(?:start(?:s|ing)?|arriv(?:es|ing)|join(?:s|ing)) (?:on )?(?:next |this )?"
        r"(?:monday|tuesday|wednesday|thursday|friday|tomorrow|week|month|the \d{1,2}\w*)\b"
        r"(?: (?:at |before )?\d{1,2}(?::\d{2})? ?(?:am|pm)\b| (?:at |before )\d{1,2}:\d{2})?",
        # "dans les 2 semaines ça ira", "within two weeks is fine", "d'ici 15 jours"
        r"\b(?:dans les|d'ici|sous|within(?: the next)?|in the next) (?:\d+|deux|trois|quinze|"
        r"two|three|a couple of|a few) (?:jours|semaines|days|weeks)\b(?: (?:is fine|ca ira|ca "
        r"suffit|c'est bon))?|"
        # "Sometime next week is fine", "dans le courant de la semaine prochaine"
        r"\b(?:sometime |some time |any ?time |anytime )?(?:next|this coming) (?:week|month)"
        r"(?: is fine| would be (?:fine|great|good))?|"
        r"\b(?:dans le courant de |courant )?(?:la semaine|le mois) prochaine?\b|"
        # "dans le courant du mois", "later this month"
        r"\b(?:dans le courant du|courant du|dans le) mois\b|\bce mois-ci\b|"
        r"\b(?:later |sometime )?this month\b|"
        r"\b(?:avant|pour|d'ici) (?:demain|ce soir|(?:lundi|mardi|mercredi|jeudi|vendredi)"
        r"(?: prochain)?|la semaine prochaine|la fin (?:de la semaine|du mois)|le \d{1,2}\w*"
        r"(?: \w+)?)\b",
        # ("on démarre le nouveau site" names no day)
        r"\b(?:arrive|commence|debute|demarre|arrivent|commencent) (?:(?:le |ce )?(?:lundi|"
        r"mardi|mercredi|jeudi|vendredi)|le (?:\d{1,2}|1er|premier)|demain|la semaine prochaine)"
        r"\w*(?: prochain| \d{1,2})?\b"
        r"(?: (?:a |avant )?\d{1,2} ?h(?:\d{2})?\b)?",
    ),
    "request_why": _rx(
        r"\b(?:because|since I need|so (?:that )?(?:I|we|he|she|they) (?:can|could)|"
        r"to be able to|in order to|needed for|"
        r"it'?s for(?! (?:me|myself|him|her|them|us|my|our|a new|the new|\d+)\b)|"
        r"for (?:the|a|our) (?:project|audit|"
        r"client|customer|presentation|migration|onboarding|launch|training|campaign|report))"
        r"\b[^.;!?]*",
        # "for drawing the network diagrams", "(ideally next week,) to draw the diagrams for…"
        r"\bfor (?!(?:building|morning|evening|nothing|something|anything|everything|meeting|"
        r"ring|thing|spring|king|ceiling|wedding|briefing|booking|string|during)\b)[a-z]{3,}ing "
        r"(?:the|my|our|a|an|some|new|all|these|those|them|it)\b[^.;!?]*",
        r"(?:^|(?<=[.!?,;] ))to [a-z]{3,} (?:the|my|our|a|an|some|new|all|these|those)\b[^.;!?]*",
        r"\bpour (?:me |m'|nous |se |s'|l'|le |la |les )?(?!l'equipe|(?:notre|votre|leur)\b)"
        r"[a-z]+(?:er|ir|re)\b[^.;!?]*",
        r"\b(?:sinon|otherwise|else)\b[^.;!?]*",
        # a replacement: "mine died this morning", "l'ancien a lâché"
        r"\b(?:mine|my (?:old|current) (?:one|[\w-]+)|the (?:old|current) one|le mien|la mienne|"
        r"l'ancien(?:ne)?|mon ancien(?:ne)? [\w-]+) (?:just |has |finally |completely )?"
        r"(?:died|broke|is broken|has broken|stopped working|is dead|cracked|was stolen|got stolen|"
        r"is gone|est morte?|a lache|est cassee?|a rendu l'ame|ne marche plus|ne s'allume plus|"
        r"a ete volee?)\b[^.;!?,]*",
        # ("need it for a network diagram due Friday": the subject dropped, as in chat)
        r"(?:(?:\bi need|(?:^|(?<=[.!?,;] ))need) (?:it|them|this) for|\b(?:it'?s|they'?re) for)\b"
        r"(?! (?:me|myself|him|her|them|us|my|our|a new|the new|\d+)\b)[^.;!?]*",
        r"\b(?:"
        + FR_CAR
        + r"|parce que|pour pouvoir|afin de|c'est pour(?! hier)|necessaire pour|pour (?:le|la|les|"
        r"notre) (?:projet|audit|client|presentation|migration|formation|lancement|campagne|"
        r"rapport|cloture))\b[^.;!?]*",
    ),
    "no_workaround": _rx(
        r"\b(?:no|without(?: a| any)?|don'?t have a|there'?s no|there is no) (?:(?:real|proper|"
        r"good|actual|easy|other) )?(?:workaround|other way|alternative)\b",
        r"\b(?:pas de|aucun|sans|pas d'autre|aucune autre|pas vraiment de) (?:(?:vrai|bon|"
        r"veritable|autre) )?(?:contournement|solution de "
        r"contournement|autre solution|solution|alternative|moyen)\b",
    ),
    "not_urgent": _rx(
        r"\b(?:not (?:(?:very|that|super|really|so|too) )?(?:urgent|a priority|critical|blocking)|"
        r"no (?:rush|hurry)|nothing urgent|"
        r"(?:it |this )?can wait|whenever(?! (?:i|we|they|he|she|it|my|our|the|someone|"
        r"people|anyone)\b)|when you get (?:a chance|to it|round to it)|"
        r"when(?:ever)? you (?:can|have (?:a moment|time))|when(?:ever)? possible|"
        r"at some point|just (?:curious|wondering|asking)|out of (?:pure )?curiosity|pure curiosity)"
        r"\b(?: at all\b)?",
        r"\b(?:pas (?:(?:super|tres|si|vraiment|trop|hyper|specialement) )?(?:urgent|presse|"
        r"bloquant|prioritaire|critique)|rien d'urgent|pas d'urgence|"
        r"(?:ca |cela )?peut attendre|quand vous (?:pouvez|pourrez|aurez le temps|avez le temps|"
        r"aurez un moment)|quand (?:c'est|ce sera) possible|"
        r"sans urgence|"
        r"si c'est possible un jour|a l'occasion|aucune urgence|(?:par |simple |pure )curiosite|"
        r"juste pour savoir)\b(?: du tout\b)?",
    ),
    "workaround": _rx(
        r"\b(?:for now I(?:'m| am)? (?:using|use)|in the meantime|as a workaround|"
        r"(?<!no )(?<!any )(?<!a )workaround|"
        r"I can still use|I'm using [\w ]+ (?:instead|for now)|meanwhile)\b[^.;!?]*",
        # "defaults to GBP instead of EUR" says what happens, not how they cope
        # (from the clause it is in: "a demo at 3 and I'm using my phone for now")
        r"(?<![\w'’-])(?:(?!(?:and|et|but|mais|so|donc)\b)[\w'’-]+ ){0,8}(?:en attendant|"
        r"pour l'instant|"
        r"pour le moment|a la place(?! d)|instead(?! of)|"
        r"for now|in the meantime|meanwhile|manually|by hand|as a workaround|comme contournement|"
        r"en guise de contournement)\b[^.;!?]*",
        # "j'ai contourné en partageant depuis le navigateur", "I worked around it by…"
        r"\b(?:(?:j'ai|on a|nous avons) contourne|je contourne|on contourne|(?:i|we) (?:worked|"
        r"got) around (?:it|this|that))\b[^.;!?]*",
        r"\b(?:en attendant|pour l'instant j'utilise|(?<!pas de )(?<!aucun )contournement|"
        r"je passe par|"
        # "I borrow a colleague's charger", "j'emprunte celui de ma voisine"
        r"(?:i|we) (?:borrow|am borrowing|'m borrowing|are borrowing|'re borrowing)|j'emprunte|"
        r"on emprunte|"
        r"j'utilise \w+ a la place)\b[^.;!?]*",
        # "on envoie tout le monde là-bas", "we're sending customers to till 1": where the work
        # goes meanwhile
        r"\b(?:on (?:envoie|renvoie|redirige|oriente|bascule)|nous (?:envoyons|redirigeons)|"
        r"(?:we|i) (?:send|sent|redirect|are sending|'re sending|am sending|'m sending|move|are "
        r"moving|'re moving)) (?:tout le monde|les clients|les gens|les appels|les patients|"
        r"everyone|everybody|customers|people|the customers|calls|the calls|patients)\b[^.;!?,]*",
        # "cash only rn", "on prend que les espèces": how a till keeps selling meanwhile
        r"\b(?:(?:taking|accepting|we'?re on|on) )?cash only\b[^.;!?,]*|"
        r"\b(?:on (?:prend|accepte) )?(?:que|uniquement) (?:en |les |du )?(?:especes|liquide|cash)\b"
        r"[^.;!?,]*",
        # "…prints fine so we walk down", "celle du 4e marche donc on descend": the way round
        # that what works leaves them
        r"\b(?:so|donc|du coup) (?:we|i|on|je) (?:have to |must |dois |doit )?(?:walk|go|run|"
        r"head|print|descend|monte|va|vais|imprime)\w*\b[^.;!?,]*",
        # "on se met en partage de connexion", "we're tethering", "using my phone's hotspot"
        r"\b(?:(?:on se met|je me mets|on passe|je passe|on est|je suis) en partage de connexion|"
        r"partage de connexion|(?:we'?re|i'?m|we are|i am) (?:tethering|on (?:a |my |our )?"
        r"(?:phone )?hotspots?)|(?:using|use|on) (?:my|our) (?:phones?'?s? )?hotspots?)"
        r"\b[^.;!?]*",
    ),
}

_QUESTION = _rx(
    r"^\s*(?:(?:hi|hello|hey|quick question)[,!:]?\s+)?(?:how (?:do|can|to|should|does|much|many|"
    r"long|often)|how's|where (?:do|can|is|are|should)|what(?:'s| is| are) the (?:best )?"
    r"(?:way|process|procedure|policy|rule|limit|difference)|what (?:is|are|should|do|does)|"
    r"which|when (?:is|are|do|does|can|should)|can (?:i|you|we) (?!get\b|have\b)\w+|"
    r"is (?:it|there) (?:possible|a way|any)|are there|do (?:i|we) (?:need|have to)|"
    r"should (?:i|we)|am i allowed|who (?:do|can|should|is))\b",
    r"^\s*(?:(?:bonjour|salut|hello|petite question)[,!:]?\s+)?(?:comment|ou (?:trouver|est|sont|"
    r"puis-je|se trouve)|est-ce que (?:je|on) (?:peux|peut|dois|doit)|puis-je|peut-on|dois-je|"
    r"faut-il|combien|quel(?:le)?s? (?:est|sont)|quand (?:est|sont|peut|faut)|y a-t-il|"
    r"existe-t-il|a qui|qui (?:dois|faut|contacter))\b",
    r"\b(?:how do i|how can i|how to|comment (?:faire|puis-je|je peux|on)|ou trouver)\b",
)
_REQUEST = _rx(
    r"\b(?:we need|we'd need|we would need|need (?:a|an|new|access)|i'?m requesting|"
    r"would it be possible to (?:get|have)|is it possible to (?:get|have)|"
    r"(?:please |could you |can you )(?:set ?up|create|order|provision) (?:a|an|new)|i need|"
    r"i'd need|i would like|i'd like|i want|can (?:i|we|she|he|they) (?:get|have)|"
    r"could (?:i|we|you|she|he|they) (?:get|give|grant|create|install|order)|please (?:give|grant|create|install|add|order)|"
    r"requesting|request(?:ing)? (?:access|a|an)|need (?:access|a new|an? )|"
    r"access (?:to|for)|permission(?:s)? (?:to|for)|new (?:laptop|account|phone|license|licence)"
    # "a new account manager" is a person, not an account
    r"(?! (?:manager|executive|director|holder|rep|representative|officer|lead)))\b",
    r"\b(?:il (?:me |nous |lui )?faudrait|il (?:me |nous |lui )?faut (?:un|une|des|l'acces|acces)|"
    r"on a besoin|nous avons besoin|on aurait besoin|besoin d'(?:un|une)|merci de (?:creer|"
    r"commander|installer|donner|ouvrir|ajouter)|serait-il possible d'(?:avoir|obtenir)|"
    r"est-il possible d'(?:avoir|obtenir)|(?:ce serait|c'est|est-ce) possible d'(?:avoir|obtenir)|"
    r"j'ai besoin|je voudrais|j'aimerais|je souhaite|pourriez-vous|pouvez-vous "
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
_SAYS_URGENT = _rx(
    r"\b"
    + NOT_NEGATED
    + r"(?:urgent|urgently|asap|as soon as possible|urgence|au plus vite)\b"
    + NOT_A_KIND
)
_CONCERNS = _rx(
    r"\b(?:and also|also|another (?:issue|problem)|(?:two|2|three|3|several|a couple of) "
    r"(?:issues|problems|things)|on top of that)\b",
    # "et en plus", "en plus de ça" join a second problem; "de plus en plus" (more and more)
    # and "2 licences en plus" (two more) do not
    r"\b(?:et aussi|autre (?:probleme|souci)|(?:deux|2|trois|3|plusieurs) (?:problemes|soucis|"
    r"trucs|bugs)|et en plus|en plus de (?:ca|cela)|par ailleurs)\b",
)


def detect_language(text: str) -> str:
    return guess_language(text)


# ("tills 1 and 3 work fine" is one clause: an "and" between two numbers joins them)
_THEN_IT_WORKS = re.compile(
    r"(?:ca|cela|it|that|elle|il) (?:works?|worked|marche|fonctionne|passe)\b"
)
_CLAUSE_END = re.compile(
    r"\s+(?:but|mais|so|donc)\s+|(?<!\d)\s+(?:and|et)\s+|\s+(?:and|et)\s+(?!\d)|[,;()]"
)
# Colleagues named as having it too: "Nadia and Karl in AP also don't see anything new",
# "Paul et Sophie ont le même souci".
_NAME = r"[A-ZÀ-Ý][a-zà-ÿ'-]+"
_NAMED_TOO = re.compile(
    r"(?<!asked )(?<!told )(?<!called )(?<!with )(?<!avec )(?<!demande a )(?<!demandé à )"
    rf"\b{_NAME}(?:, {_NAME})* (?:and|et|&) {_NAME}(?: (?:in|from|of|at|de|du|des|d'|chez) "
    r"(?:la |le |l')?[\w&'-]+)? (?:(?i:also|too|as well|aussi|egalement|également|both|tous les deux|toutes les "
    r"deux)\b[^.;!?]*|(?i:have|has|got|ont|a) (?i:the same|le m[eê]me)\b[^.;!?]*)"
)
# "outlook on my laptop is fine", "the desktop app is fine": a thing being fine, said on its
# own; not "that is fine", "my manager says it is fine" or "the animals are ok".
_FINE = re.compile(
    r"(?:^|(?<=[.!?,;] ))(?!(?:that|this|it|which|everything|all|nothing)\b)"
    r"((?:(?!(?:says?|said|thinks?|told|if|whether|not)\b)[\w'-]+ ){0,5}"
    # ("the printer next to it is fine": "it" names the failing one, not the fine one)
    r"(?:(?:next to|beside|near|opposite|behind) it|"
    r"(?!(?:it|that|this|which|he|she|they|all|nothing)\b)[\w'-]+)) (?:is|are) (?:fine|ok|"
    r"okay|working fine|working normally|right|correct)\b(?! (?:now|again|with me|by me|for me|"
    r"here|there|about|that|to|in|on))[^.;!?]*"
)
# What names a way of working rather than a thing that fails on its own.
_A_WAY = re.compile(
    r"\b(?:app|application|version|client|web|browser|webmail|wired|cable|wifi|wi-fi|site|"
    r"portal|desktop|mobile)\b"
)
# "from home it works but not at the office": the first place is where it is not, the second
# where it is (a pattern for where it is not alone reads "not at the office" as fine).
_A_PLACE = (
    r"(?:(?:from|at|in|on) (?:home|the office|(?:the )?vpn|the \w+ (?:office|site|floor|building)|"
    r"\w+ office|the \d+(?:st|nd|rd|th) floor)|de chez (?:moi|nous)|depuis chez (?:moi|nous)|"
    r"chez moi|depuis la maison|a la maison|a domicile|en teletravail|au bureau(?: de \w+)?|"
    r"depuis le bureau|sur site|au siege|en agence|au \d+(?:e|eme|er)(?: etage)?|"
    r"sur le site de \w+)"
)
_IT_WORKS = (
    r"(?:(?:it|this|that|everything|ca|cela|tout) )(?:\w+ )?(?:works?|is fine|is ok|marche|"
    r"fonctionne|passe|va bien)(?: fine| ok| well| normally| bien| tres bien| normalement)?"
)
_NOT_THERE = r",? (?:but |mais |and |et )?(?:not|never|pas|jamais) "
_WORKS_THERE_NOT_HERE = (
    re.compile(rf"\b(?P<fine>{_A_PLACE},? {_IT_WORKS}){_NOT_THERE}(?P<fails>{_A_PLACE})\b"),
    re.compile(rf"\b(?P<fine>{_IT_WORKS} {_A_PLACE}){_NOT_THERE}(?P<fails>{_A_PLACE})\b"),
)


# A place that something is sent to: "envoyer le reporting au siège", "submit it to HQ".
_SENT_TO = re.compile(
    r"\b(?:envoyer|envoie|envoyons|transmettre|remonter|renvoyer|expedier|livrer|send|sending|"
    r"submit|deliver|upload|hand in)\b[^.;!?,]{0,40}? "
    r"((?:au|a la|a l'|to) (?:the )?(?:siege|hq|headquarters|head office|bureau de \w+|"
    r"[\w-]+ office))\b"
)


def _works_there_not_here(folded: str, text: str) -> tuple[str, str] | None:
    """Where it works and where it fails, from one sentence that contrasts the two places."""
    for pattern in _WORKS_THERE_NOT_HERE:
        match = pattern.search(folded)
        if match:
            return (
                text[match.start("fine") : match.end("fine")],
                text[match.start("fails") : match.end("fails")],
            )
    return None


# People being fine say who is affected, not what works.
_FINE_PEOPLE = re.compile(
    r"\b(?:team|teams? (?:members|mates)|colleagues?|people|peoples?'? (?!cards)|everyone|"
    r"everybody|others|users|staff|guys|folks|rest of)\b"
)


def _fine_elsewhere(folded: str, text: str) -> str | None:
    """The same kind of thing, another way or elsewhere, said to be fine: what works."""
    for match in _FINE.finditer(folded):
        subject = match.group(1)
        if _FINE_PEOPLE.search(subject) and not _OBJECT_RE.search(subject):
            continue
        if _OBJECT_RE.search(subject) or _A_WAY.search(subject):
            return text[match.start() : match.end()].strip(" ,;:-") or None
    return None


# The second of two things that share one verb ("teams and outlook are ok").
_JOINED_SUBJECT = re.compile(
    r"[\w'-]+ (?:are|sont|were|etaient)\b|"
    # "the black and white one works", "l'imprimante noir et blanc marche": one thing
    r"(?:white|blanc|blanche)\b|[\w'-]+ ones? (?:works?|is|are|prints?|loads?|opens?)\b|"
    # "the printer and the scanner print fine": a plural verb, so both are its subject
    r"(?:the|my|our|le|la|les|mon|ma|mes|l')\s?[\w'-]+ (?:work|print|load|open|sync|marchent|"
    r"fonctionnent|impriment)\b|"
    # "février et janvier s'affichent normalement", "teams and outlook work fine"
    r"(?!(?:le|la|les|un|une|des|mon|ma|mes|the|a|an|my|our)\b)[\w'-]+ (?:s'|se |ne |n')?"
    r"(?:\w{2,}ent|work|load|open|print|show|sync|look)\b"
)
# A conjunction that opens a clause cut out of a sentence ("and the DHL pickup is at 5pm").
LEADING_CONJUNCTION = re.compile(r"^\s*(?:and|et|but|mais|so|donc)\s+", re.I)


# A clause that says when something is due.
_WHEN_CUE = re.compile(
    # a number only as a time or a date ("4pm", "16h30", "the 15th", "12/03"), not "on est 3"
    # ("le 2e", "the 2nd floor" are floors, not dates)
    r"\d ?(?:h\b|h\d|:\d|am\b|pm\b)|\b\d{1,2}(?:st|nd|rd|th|er)\b(?! (?:floor|etage))|\d/\d|"
    r"\b(?:today|tonight|tomorrow|noon|eod|end of|deadline|due|monday|tuesday|wednesday|"
    r"thursday|friday|saturday|sunday|week|month|aujourd'hui|ce soir|demain|midi|fin de|lundi|"
    r"mardi|mercredi|jeudi|vendredi|samedi|dimanche|semaine|mois|echeance)\b"
)


# "for me, Priya Shah, and the 3 new hires": one list of people, its commas included.
_WHOM_LIST = re.compile(r"^for (?:me|myself), [\w'-]+ [\w'-]+,? and ")


def _find(
    pattern: re.Pattern[str], folded: str, original: str, keep_last: bool = False
) -> str | None:
    """The verbatim snippet of the first match, cut to one clause (its first, or its last)."""
    match = next(
        (
            m
            for m in pattern.finditer(folded)
            # 'calendar "Marketing Events"' names the thing; it is not a message shown
            if not _quotes_a_name(m, folded)
        ),
        None,
    )
    if match is None:
        return None
    snippet = original[match.start() : match.end()]
    if keep_last:
        # the last clause that says when ("…, payroll must run tomorrow"), not one that
        # merely follows it ("deadline friday, webmail works")
        folded_snippet = _fold(snippet)
        starts = [0, *(m.end() for m in _CLAUSE_END.finditer(folded_snippet))]
        ends = [*(m.start() for m in _CLAUSE_END.finditer(folded_snippet)), len(snippet)]
        dated = [
            (a, b)
            for a, b in zip(starts, ends, strict=True)
            if _WHEN_CUE.search(folded_snippet[a:b])
        ]
        a, b = dated[-1] if dated else (starts[0], ends[0])
        snippet = snippet[a:b]
    elif not snippet.lstrip().startswith(('"', "“", "«")) and not _WHOM_LIST.match(_fold(snippet)):
        folded_snippet = _fold(snippet)
        cut = next(
            (
                c
                for c in _CLAUSE_END.finditer(folded_snippet, 1)
                # "teams and outlook are ok": two things with one verb, not two clauses; "une
                # collègue a essayé et ça marche pour elle": what was done, then that it works
                if (
                    not _JOINED_SUBJECT.match(folded_snippet, c.end())
                    or c.group().strip() not in ("and", "et")
                )
                and not (
                    c.group().strip() in ("and", "et")
                    and _THEN_IT_WORKS.match(folded_snippet, c.end())
                )
            ),
            None,
        )
        if cut is not None:
            snippet = snippet[: cut.start()]
    snippet = LEADING_CONJUNCTION.sub("", snippet)
    return snippet.strip(" ,;:-") or None


# A quoted name after the kind of thing it names: 'calendar "Marketing Events"', 'le dossier
# « Contrats 2025 »', 'a channel called "#ops"'.
_NAMED_AS = re.compile(
    r"\b(?:calendar|calendars|channel|folder|team|group|list|site|file|mailbox|board|project|"
    r"space|page|sheet|workbook|report|queue|called|named|titled|calendrier|canal|dossier|"
    r"equipe|groupe|liste|fichier|boite|tableau|projet|espace|rapport|file d'attente|appele|"
    r"appelee|nomme|nommee|intitule|intitulee)\s*$"
)


def _quotes_a_name(match: re.Match[str], folded: str) -> bool:
    """Whether a quoted match names the thing before it ('calendar "Marketing Events"')."""
    return match.group(0)[:1] in "\"“«'" and bool(_NAMED_AS.search(folded[: match.start()]))


# The requester insisting on a priority ("this is P1", "priorité 2"): accepted and recorded
# as an override when it is higher than the matrix gives (domain.md section 7).
_REQUESTED_PRIORITY = _rx(r"\b(?:p|priority|priorite|prio)\s*[:=]?\s*([1-5])\b")


_REQUEST_VERB = re.compile(
    r"^(?:we need|we'd need|il (?:me |nous |lui )?faudrait|il (?:me |nous |lui )?faut|"
    r"please (?=(?:disable|deactivate|remove|revoke|close|delete|collect|cancel)\b)|"
    r"on a besoin d(?:e |')|"
    r"nous avons besoin d(?:e |')|needs?|requires?|could we get|can we (?:get|have)|i need|i'd need|i (?:would|'d) like|i want|can i (?:get|have)|could (?:i|you) "
    r"(?:get|give me|grant me|create|install|order|set up)|please (?:give me|grant me|create|"
    r"install|add|order|set up)|requesting|j'ai besoin d(?:e |')|je (?:voudrais|souhaiterais|"
    r"souhaite|veux)|j'aimerais|(?:pourriez|pouvez)-vous (?:me )?(?:donner|cr[ée]er|installer|"
    r"commander|ouvrir|ajouter))\s*(?:to (?:get|have|order|request) |avoir |obtenir |commander |"
    # "I need it to also forward urgent mails to Sam": the ask is what "it" should do
    r"(?:it|this|that|them) to (?:also )?)?",
    re.I,
)


_EXACT_RE = re.compile(_QUOTED + "|" + _ERROR_CODE, re.I)
# The message shown, said without quotes: "it says wrong username or password", "ça me dit
# identifiant ou mot de passe incorrect", "I get access denied" (folded text).
_SAID_MESSAGE = re.compile(
    r"\b(?:(?:it|ca|cela|that|this|l'appli|le site|the (?:app|site|page|screen))\s)?(?:me |m')?"
    r"(?:says?|said|dit|disait|affiche|indique|tells? me|gives? me|i get|i got|j'ai)\s"
    r"(?:que |that |juste |just |un message |a message |le message |an error |une erreur )?"
    r"(?:[\w'-]+ ){0,5}?(?:incorrects?|invalid|invalides?|wrong|errone|expired|expire|denied|"
    r"refuse|unauthori[sz]ed|forbidden|not recogni[sz]ed|non reconnu|inconnu|unknown)\b"
    r"(?:\s(?:or|ou|username|password|credentials|user ?name|login|pin|code|identifiants?|"
    r"mot de passe|e-?mail|account|compte)\b)*(?<!\sor)(?<!\sou)"
)


def _without_quote_marks(text: str) -> str:
    """The folded text without quote marks."""
    return re.sub(r"[\"'“”«»‘’]", "", _fold(text)).strip()


def _actual(folded: str, original: str) -> str | None:
    """The deviation in the requester's words, plus the exact error text when both are given."""
    pattern = PATTERNS["actual"]
    snippets: list[str] = []
    for match in pattern.finditer(folded):
        if _quotes_a_name(match, folded):
            continue  # 'calendar "Marketing Events"': a name, not the text shown
        snippet = _find(pattern, folded[match.start() :], original[match.start() :])
        if snippet and not any(snippet in s or s in snippet for s in snippets):
            snippets.append(snippet)
        if len(snippets) == 2:
            break
    for rx in (_EXACT_RE,):
        for match in rx.finditer(original):
            snippet = match.group(0).strip()
            if _quotes_a_name(match, folded):
                continue  # 'calendar "Marketing Events"': a name, not the text shown
            if snippet and not any(snippet in s for s in snippets):
                snippets.append(snippet)
                break
    how = _HOW_IT_FAILS.search(folded)
    if how and snippets and not any(how.group(0) in _fold(s) for s in snippets):
        # "je n'arrive plus à me connecter à SAP, ça tourne dans le vide après le mot de
        # passe": the second says how the first shows
        shows = _find(pattern, folded[how.start() :], original[how.start() :])
        if shows:
            snippets.append(shows)
    said = _SAID_MESSAGE.search(folded)
    # ("it says 'license expired'": the quoted message is the same one, quotes aside)
    heard = _without_quote_marks(said.group(0)) if said else ""
    if said and not any(
        _without_quote_marks(s) in heard or heard in _without_quote_marks(s) for s in snippets
    ):
        snippets.append(original[said.start() : said.end()])
    snippets = [_with_contrast(s, original) for s in snippets[:3]]
    exact = [
        s
        for s in snippets
        if re.match(r"[\"“«']|\S*\d", s) or _EXACT_RE.search(s) or _SAID_MESSAGE.search(_fold(s))
    ]
    if len(snippets) == 2 and not exact and not _HOW_IT_FAILS.search(_fold(snippets[1])):
        snippets = snippets[:1]
    return "; ".join(snippets) or None


# A second deviation that says how the first shows: "ça tourne dans le vide après le mot de
# passe", "it just spins forever".
_HOW_IT_FAILS = re.compile(rf"\b(?:{_SPINNING})\b")
# "… alors qu'il n'y a rien dedans", "… even though it's the same as Windows": what makes the
# deviation strange belongs with it.
_CONTRAST = re.compile(
    r"\s*,?\s*(?:alors qu(?:e |')|even though |although |bien qu(?:e |')|whereas |tandis qu(?:e |'))"
    r"[^.;!?,]{3,80}",
    re.I,
)


def _with_contrast(snippet: str, original: str) -> str:
    """The snippet and the contrast said right after it, if any."""
    at = original.find(snippet)
    contrast = _CONTRAST.match(original, at + len(snippet)) if at >= 0 else None
    return f"{snippet} {contrast.group(0).strip(' ,')}" if contrast else snippet


_DAYS = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)"
# A time still to come: "in an hour", "dans 1h", "à 16h", "at 4pm", "tonight", "demain", "on Friday".
# A span that says how long something lasts or takes, not when it is due.
_LASTS = re.compile(
    r"\b(?:drains?|draining|dies|died|lasts|lasted|takes?|took|runs? out|empties|se vide|se decharge|"
    r"dure|tient|prend|met)\s+(?:\w+\s+)?$"
)
_UPCOMING = re.compile(
    r"\b(?:in (?:an?|one|two|\d+|half an) (?:hours?|minutes?|mins?)|within the hour|"
    # help asked for today: "can someone look at this today please?"
    r"(?:can|could|would) (?:someone|somebody|anyone|you|u|one of you) [^,.;!?]{0,40}"
    r"\btoday|(?:pouvez|pourriez|peux|pourrais)[- ](?:vous|tu)[^,.;!?]{0,40}\baujourd'hui|"
    r"dans (?:une?|deux|\d+) ?(?:h\b|heures?|minutes?|min\b)|d'ici (?:une?|\d+) ?(?:h\b|heures?)|"
    r"(?:a|at|for|avant|before|by|pour) \d{1,2}(?:[:h]\d{2}| ?h\b| ?(?:am|pm)\b)|"
    r"tonight|ce soir|tomorrow|demain|cet? (?:apres-midi|aprem)|this (?:afternoon|evening)|"
    # "le samedi" alone is every Saturday ("la file s'allonge le samedi"), not a date
    r"(?:on |this |next |ce )?(?<!\ble )" + _DAYS + r"(?: prochain| next)?|"
    r"le " + _DAYS + r"(?= \d| prochain))\b"
)
# ...unless it says when something began or happened ("since Monday", "depuis lundi").
_PAST_CUE = re.compile(
    r"\b(?:since|depuis|from|last|dernier|derniere|ago|il y a|yesterday|hier|was|were|worked|"
    r"marchait|fonctionnait|started|commence|began|a partir)\b[^,.;!?]*$"
)


def _upcoming(text: str, folded: str) -> str | None:
    """The clause of a message that names a time still to come: what the requester must
    get done by then ("camion à 16h", "I have a client meeting in an hour")."""
    for match in _UPCOMING.finditer(folded):
        start = max((m.end() for m in _CLAUSE_BREAK.finditer(folded, 0, match.start())), default=0)
        ahead = re.match(r"(?:tomorrow|demain|tonight|ce soir|next|prochain)", match.group(0))
        if _LASTS.search(folded[start : match.start()]):
            continue  # "my battery drains in an hour": how long it lasts, not when it is due
        if not ahead and (
            _PAST_CUE.search(folded[start : match.start()])
            or re.match(
                _PAST_FR if guess_language(text) == "fr" else _PAST_EN, folded[match.end() :]
            )
        ):
            continue
        end_match = _CLAUSE_BREAK.search(folded, match.end())
        end = end_match.start() if end_match else len(folded)
        clause = text[start:end].strip(" ,;:-")
        clause = LEADING_CONJUNCTION.sub("", clause)
        if len(re.findall(r"\w+", clause)) >= 2:
            return clause
    return None


# "je l'ai écrasé ce matin vers 10h", "I overwrote it at 10am": a time something was done,
# when nothing in the clause says it is needed by then
_DONE_THEN = re.compile(
    r"^(?!.*\b(?:need|needs|needed|must|have to|has to|by|before|until|due|besoin|doit|"
    r"doivent|faut|avant|d'ici|pour|jusqu'a|deadline|echeance)\b)"
    r"(?=.*\b(?:ce matin|this morning|hier|yesterday|earlier|tout a l'heure|tantot|last night|"
    r"avant-hier|cette nuit|(?:on |last )(?:monday|tuesday|wednesday|thursday|friday|saturday|"
    r"sunday|week)|(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche) dernier|"
    r"la semaine derniere)\b)"
    r".*\b(?:(?:j'ai|je l'ai|je les ai|on a|on l'a|on les a|nous avons|il a|elle a|ils ont|"
    r"elles ont) (?:\w+ )?\w+(?:e|es|ee|ees|i|is|it|u|us|t)|(?:i|we|he|she|they) (?:just )?"
    r"(?:\w+ed|overwrote|wrote|deleted|lost|broke|sent|did|made|got|saw|took|threw|hit)|"
    # "my badge stopped working on the car park gate on monday": when the fault began
    r"(?:stopped|started|broke|died|crashed|failed|went (?:down|dead|offline|dark)))\b"
)


def done_then(clause: str) -> bool:
    """Whether the clause says when something was done earlier today or before ("je l'ai
    écrasé ce matin vers 10h"): a past time, not a deadline."""
    return bool(_DONE_THEN.search(_fold(clause)))


_CLAUSE_BREAK = re.compile(r"[,;.!?()\n]|\s(?:and|but|mais|et|so|donc|where|ou)\s")


def _whole_clause(snippet: str, text: str) -> str:
    """A deadline with what must be done by then ("send marks to the exam board by friday"),
    not the date alone, when its clause is short enough to read as one fact."""
    at = text.find(snippet)
    if at < 0:
        return snippet
    start = max((m.end() for m in _CLAUSE_BREAK.finditer(text, 0, at)), default=0)
    end_match = _CLAUSE_BREAK.search(text, at + len(snippet))
    end = end_match.start() if end_match else len(text)
    clause = text[start:end].strip(" ,;:-")
    return clause if len(re.findall(r"\w+", clause)) <= 14 else snippet


# Who a message is addressed to is no fact: "@relais zoom keeps crashing" is about Zoom.
MENTION = r"<[!@#][^<>\s]*>|@[\w.-]+"
_ADDRESSED = re.compile(rf"^\W*(?:(?:{MENTION})[\s,:;-]*)+|<[!@#][^<>\s]*>")


_VERSION_DOT = re.compile(r"(?<=\d)\.(?=\d)")


def _unaddressed(text: str) -> str:
    """The text with its mentions and emoji shortcodes (":wave:") blanked (same length, so
    snippets keep their place)."""
    blank = _ADDRESSED.sub(lambda m: " " * len(m.group(0)), text)
    return SHORTCODE.sub(lambda m: " " * len(m.group(0)), blank)


# A system named by what one does with it, in capitals or with a capital: "se connecter au
# SIRH", "can't log into Talentsoft" (a name the lists of products do not know).
_USED_SYSTEM = re.compile(
    r"\b(?:connecter|connect|log ?in(?:to)?|sign ?in(?:to)?|acc[eé]der|access|ouvrir|open|"
    r"lancer|launch|utiliser|use)\s+(?:(?:a|à|au|aux|to|into|on|sur)\s+)?"
    r"(?:(?:the|le|la|les|l['’]|my|mon|ma|notre|our)\s*)?"
    r"([A-Z]{2,}[\w-]*|[A-Z][a-z]+[A-Z][\w-]*)\b"
)


def _named_system(text: str) -> str | None:
    """The system a failure names by use when no known thing is named: "le SIRH"."""
    found = _USED_SYSTEM.search(text)
    return found.group(1) if found else None


def extract_slots(text: str) -> dict[str, str]:
    """Slot id -> the verbatim snippet that fills it."""
    text = _unaddressed(text)
    # "macOS 15.2", "v6.1.3": a version's dots end no clause (snippets keep them: they are cut
    # from the text, which is the same length)
    folded = _VERSION_DOT.sub("_", _fold(text))
    slots: dict[str, str] = {}
    obj = _object_phrase(text, folded) or _named_system(text)
    if obj and not (_fold(obj) == "file" and re.search(r"\bla file\b", folded)):
        slots["object"] = obj  # (in French, "la file" is the queue, not a file)
    for slot, pattern in PATTERNS.items():
        found = (
            _actual(folded, text)
            if slot == "actual"
            else _find(pattern, folded, text, keep_last=slot == "deadline")
        )
        if found and slot == "request_what":
            found = _REQUEST_VERB.sub("", found, count=1).strip() or None
        if found:
            slots[slot] = found
    if slots.get("workaround") and _WANTS_TO_STOP.search(_fold(slots["workaround"])):
        del slots["workaround"]  # "to stop checking refreshes manually" is why, not a way round
    if slots.get("expected") and _fold(slots["expected"]) in _fold(slots.get("what_is_not", "")):
        del slots["expected"]  # "janvier s'affiche normalement" works: it is no "normally, …"
    if slots.get("workaround") and _only_for_now(slots["workaround"], slots.get("extent_count")):
        del slots["workaround"]  # "que moi pour l'instant" says who, and how sure: no way round
    if slots.get("workaround") and CANNOT.match(_fold(slots["workaround"])):
        # "we can't key 120 invoices by hand": the way round that cannot be taken, so none
        slots.setdefault("no_workaround", slots.pop("workaround"))
    change = slots.get("changes", "")
    named = without_aside(slots.get("object", ""))
    # the name and the first word of its failure ("Teams plante"): the change may stop before
    # the rest of the failure ("… dès que je partage")
    failing = f"{named} {next(iter(slots.get('actual', '').split()), '')}".strip()
    at = change.find(failing) if named and slots.get("actual") and change else -1
    if at > 0 and len(re.findall(r"\w+", change[:at])) >= 3:
        # "depuis la mise à jour de lundi Teams plante…": the change ends where the thing
        # that fails is named, with its failure
        slots["changes"] = change[:at].rstrip(" ,;:-")
    sent_to = _SENT_TO.search(folded)
    if slots.get("where") and sent_to and sent_to.group(0).endswith(_fold(slots["where"])):
        del slots["where"]  # "je dois envoyer le reporting au siège": where it goes, not where
    if contrast := _works_there_not_here(folded, text):
        slots["where_is_not"], slots["where"] = contrast
    if "what_is_not" not in slots and (fine := _fine_elsewhere(folded, text)):
        slots["what_is_not"] = fine
    lasting = _BEEN_FOR.search(folded) if "when_first" not in slots else None
    if lasting:  # "has been stuck waiting for approval for 2 weeks": since when, as how long
        slots["when_first"] = text[lasting.start(1) : lasting.end(1)]
    named_too = _NAMED_TOO.search(text) if "extent_count" not in slots else None
    if named_too:  # "Nadia and Karl in AP also don't see anything new": them too
        slots["extent_count"] = named_too.group(0).strip(" ,")
    tried = already_tried(folded, text)
    at = folded.find(_fold(tried)) if tried else -1
    if tried and not (at > 0 and _SINCE_DONE.search(folded[:at])):
        # ("since we changed the toner" is what changed before it, not a fix tried)
        slots["tried"] = tried
    for slot in ("extent_count", "request_for_whom"):
        if slots.get(slot):
            slots[slot] = _with_head_count(slots[slot], text)
    for slot in ("extent_count", "request_for_whom"):
        if slots.get(slot):  # "ma collègue Inès Garnier", "my colleague Ines Garnier"
            slots[slot] = _with_name_after(slots[slot], text)
    if slots.get("deadline") and done_then(_whole_clause(slots["deadline"], text)):
        del slots["deadline"]  # "je l'ai écrasé ce matin vers 10h": when it was done, not due
    if slots.get("deadline") and _starts_within(slots["deadline"], slots.get("when_first"), text):
        del slots["deadline"]  # "since yesterday at 3pm": when it began, not when it is due
    if slots.get("deadline"):
        slots["deadline"] = _whole_clause(slots["deadline"], text)
        if slots.get("when_first") and _fold(slots["when_first"]) in _fold(slots["deadline"]):
            del slots["when_first"]  # "the DHL pickup is at 4pm" is when it is due
    else:
        upcoming = _upcoming(text, folded)
        if upcoming and upcoming not in slots.values() and not done_then(upcoming):
            slots["deadline"] = upcoming
            if slots.get("when_first") and _fold(slots["when_first"]) in _fold(upcoming):
                del slots["when_first"]  # "camion à 16h" is when it is due, not when it began
    slots = _separate(slots)
    insisted = _REQUESTED_PRIORITY.search(folded)
    if insisted:
        slots["requested_priority"] = insisted.group(1)
    concerns = _CONCERNS.search(folded)
    if concerns and len(set(_OBJECT_RE.findall(folded))) >= 2:
        slots["concerns"] = text.strip()
    if idiom := re.search(FOR_YESTERDAY, folded):
        for slot in ("when_first", "request_why"):
            if slots.get(slot) and _fold(slots[slot]) in idiom.group(0):
                del slots[slot]  # "c'est pour hier": at once, not a start nor a reason
    slots = _not_where_it_works(_not_the_place(slots, text), text)
    return _drop_contradicted(not_the_way_round(slots, folded))


def _starts_within(value: str, span: str | None, text: str) -> bool:
    """Whether `value` begins inside `span`, both read from `text`."""
    folded, at = _fold(text), _fold(span or "")
    start = folded.find(at) if at else -1
    return start >= 0 and start <= folded.find(_fold(value), start) < start + len(at)


def _not_where_it_works(slots: dict[str, str], text: str) -> dict[str, str]:
    """ "je n'arrive plus à me connecter au VPN alors que mon mot de passe marche bien sur
    Outlook": what works is no part of what happens, and Outlook, named only there, is not
    what fails (the thing is found again in the rest of the message)."""
    fine, actual, obj = (
        slots.get("what_is_not", ""),
        slots.get("actual", ""),
        slots.get("object", ""),
    )
    if not fine or fine not in text:
        return slots
    out = dict(slots)
    if actual.endswith(fine) and re.search(r"\w", actual[: -len(fine)]):
        out["actual"] = actual[: -len(fine)].rstrip(" ,;:-")
    if lead := re.match(_CONTRAST_LEAD, fine, re.I):  # "alors que mon mot de passe marche…"
        out["what_is_not"] = fine[lead.end() :]
    bare = without_aside(obj)
    if bare and bare in fine and text.count(bare) == fine.count(bare):
        at = text.find(fine)
        blanked = text[:at] + " " * len(fine) + text[at + len(fine) :]
        other = _object_phrase(blanked, _VERSION_DOT.sub("_", _fold(blanked)))
        del out["object"]
        if other:
            out["object"] = other
    return out


def _not_the_place(slots: dict[str, str], text: str) -> dict[str, str]:
    """ "hdmi in room C2.14 not working": the room is where, the thing is named elsewhere."""
    obj, where = slots.get("object", ""), slots.get("where", "")
    at = text.find(where) if where else -1
    if not obj or at < 0 or _fold(obj) not in _fold(where):
        return slots
    blanked = text[:at] + " " * len(where) + text[at + len(where) :]
    other = _object_phrase(blanked, _VERSION_DOT.sub("_", _fold(blanked)))
    rest = {k: v for k, v in slots.items() if k != "object"}
    return {**rest, "object": other} if other else rest


def not_the_way_round(slots: dict[str, str], folded: str) -> dict[str, str]:
    """ "I can't print so for now I'm using the 3rd floor printer": the printer and the floor
    said only inside the way round are not what fails, nor where ("Outlook crashes, for now
    I'm using Outlook web" keeps Outlook: it is also said outside); a thing named where it
    works is no part of what fails."""
    obj, fine = slots.get("object", ""), _fold(slots.get("what_is_not", ""))
    aside = re.search(r" \(([^)]+)\)$", obj)
    if aside and fine and _fold(aside.group(1)) in fine:
        # "Outlook ne reçoit plus rien, par contre sur mon téléphone je les vois bien": the
        # phone is where it works, not part of what fails
        slots = {**slots, "object": obj[: aside.start()]}
    way = _fold(slots.get("workaround", ""))
    if not way:
        return slots
    for slot in ("where", "object"):
        said = _fold(slots.get(slot, ""))
        if said and said in way and folded.count(said) == way.count(said):
            slots = {k: v for k, v in slots.items() if k != slot}
    return slots


# "our new intern Sam Lee": the name said right after who the request is for
_NAME_NEXT = re.compile(r" ([A-ZÀ-Ý][a-zà-ÿ'-]+(?: [A-ZÀ-Ý][a-zà-ÿ'-]+){0,2})\b")


def _with_name_after(whom: str, text: str) -> str:
    """Who a request is for, with the person's name when it follows ("our new intern Sam
    Lee"), not a day, a month or a product ("for the new hire Monday")."""
    at = text.find(whom)
    name = _NAME_NEXT.match(text, at + len(whom)) if at >= 0 else None
    if name is None:
        return whom
    words = _fold(name.group(1)).split()
    if any(re.fullmatch(rf"{_DAYS}|{_MONTH_EN}|{_MONTH_FR}", w) for w in words) or (
        _PRODUCT_RE.search(_fold(name.group(1)))
    ):
        return whom
    return f"{whom} {name.group(1)}"


_BEEN_FOR = re.compile(rf"\bbeen\b[^.;!?]{{0,60}}?\b(for {_SPAN})\b")
_FOR_NOW = _rx(
    r"\b(?:for now|so far|as of now|pour l'instant|pour le moment|jusqu'ici|c'est|it'?s|it is)\b"
)


def _only_for_now(workaround: str, extent: str | None) -> bool:
    """Whether a way round read from "for now" / "pour l'instant" holds nothing else than who
    is affected ("only me for now", "c'est juste moi pour le moment")."""
    rest = _fold(workaround)
    if extent:
        rest = rest.replace(_fold(extent), " ")
    return not re.search(r"\w", _FOR_NOW.sub(" ", rest))


# Doing it by hand said as what the requester wants to stop: the reason for a request.
CANNOT = re.compile(
    r"^(?:(?:we|i|you|they|on|je|nous|ils|elles) )?(?:can'?t|cannot|can not|couldn'?t|"
    r"ne (?:peu[xt]|pouvons|peuvent) pas|n'arrive pas a|n'arrivons pas a)\b"
)
_WANTS_TO_STOP = _rx(
    r"\b(?:stop|avoid|no longer|not have to|don'?t have to|do not have to|no more|anymore|"
    r"instead of having to|arreter de|eviter de|ne plus|plus besoin|n'avoir plus)\b"
)


def _without(value: str, part: str) -> str:
    """value with part cut out of its middle ("lent pour toute l'équipe dev" -> "lent")."""
    at = value.casefold().find(part.casefold())
    if at < 0 or not part:
        return value
    rest = f"{value[:at]} {value[at + len(part) :]}"
    rest = re.sub(r"\s+;", ";", re.sub(r"\s{2,}", " ", rest))  # "is down ; 502 …": no gap
    return _DANGLING.sub("", rest).strip(" ,;:-")


_COUNTED = re.compile(
    r"\d|\b(?:" + _PEOPLE + r"|team|equipe|service|department|departement|of us|d'entre nous)\b"
)


def _separate(slots: dict[str, str]) -> dict[str, str]:
    """One fact, one field: a place leaves the head count, a count or rhythm leaves the deviation."""
    out = dict(slots)
    if out.get("where") and out.get("extent_count"):
        where = out["where"]
        bare = re.sub(r"^(?:in|at|on|dans|a|au|en) (?:the |l'|le |la )?", "", where, flags=re.I)
        for place in (where, bare):
            kept = _without(out["extent_count"], place)
            # "nobody in London" keeps its place: without it, "nobody" says no scope
            if kept != out["extent_count"] and _COUNTED.search(_fold(kept)):
                out["extent_count"] = kept
                break
    for part in ("extent_count", "when_pattern", "workaround", "tried"):
        value = out.get(part, "")
        for piece in dict.fromkeys((value, re.sub(r"\s*\([^)]*\)\s*$", "", value))):
            if not piece or not _cut_cleanly(out.get("actual", ""), piece):
                continue  # "crashes every time I try to share" must not become "crashes I try…"
            kept = _without(out.get("actual", ""), piece)
            if _NEGATING.search(_fold(piece)) and not _NEGATING.search(_fold(kept)):
                continue  # "none of the label printers … print anything" says the opposite
            if kept != out.get("actual") and re.search(r"\w{2,}", kept):
                out["actual"] = kept
                break
    return out


# A count that turns the deviation around: without it, the sentence says the opposite.
_NEGATING = re.compile(r"\b(?:none|nobody|no one|not one|personne|aucun\w*)\b")


def _cut_cleanly(value: str, part: str) -> bool:
    """Whether part can leave value without breaking its sentence: it starts or ends it, or
    punctuation sets it apart ("lent pour toute l'équipe", "fails, every morning, on…")."""
    at = value.casefold().find(part.casefold())
    if at < 0:
        return False
    before, after = value[:at].rstrip(), value[at + len(part) :].lstrip()
    edge = not before.strip(" ,;:-(") or not after.strip(" ,;:-.)!?")
    return edge or before[-1:] in ",;:(-–" or after[:1] in ",;:)-–"


def _with_head_count(snippet: str, text: str) -> str:
    """ "the sales team" followed by "(25 reps)" or ", like 20 people" keeps its head count."""
    at = text.find(snippet)
    after = _HEAD_COUNT_AFTER.match(text[at + len(snippet) :]) if at >= 0 else None
    return snippet + after.group(0) if after else snippet


_HEAD_COUNT_AFTER = re.compile(
    r"\s*\(\s*(?:around |about |approx\.? |~|environ |env\. )?\d+[^()]{0,25}\)|"
    r"(?:,\s*|\s+(?=~|around \d|about \d|approx|roughly \d|environ \d))"
    r"(?:(?:around|about|approx\.?|roughly|like|maybe|environ|a peu pres|à peu près|~)\s*)?"
    r"\d+\s*(?:people|persons|users|of us|staff|agents|reps|personnes|collegues|collègues|"
    r"utilisateurs|d'entre nous)\b",
    re.I,
)


# A slot whose snippet lies inside another slot's snippet that contradicts it is dropped:
# "but it works from home" is where it is NOT, not where it is; "no workaround" is no workaround.
_OVERRIDDEN_BY: dict[str, tuple[str, ...]] = {
    "where": ("where_is_not",),
    "what_is_not": ("where_is_not",),
    "workaround": ("no_workaround",),
    "urgency": ("not_urgent",),
    "when_first": ("changes",),
    # "my colleagues don't have the problem": who is fine, not who is affected
    "extent_count": ("what_is_not", "where_is_not"),
}


# Free-form slots are cut where a more specific slot's snippet starts inside them, so
# "cannot log in since 9am" is the deviation and "since 9am" only the when.
_TRIMMED = (
    "actual",
    "impact",
    "expected",
    "what_is_not",
    "workaround",
    "request_what",
    "where_on_object",
)
_SPECIFIC = (
    "when_first",
    "when_pattern",
    "where",
    "where_is_not",
    "extent_count",
    "deadline",
    "request_for_whom",
    "request_by_when",
    "request_why",
    "no_workaround",
    "changes",
    "tried",
)


_DANGLING = dangling_end(
    # ("drops when I'm" once "at home" went to where)
    r"when|whenever|while|if|and|but|so|because|since|as|i|we|it|the|a|my|to|at|in|on|by|"
    r"i'm|i’m|we're|am|suis|sommes|(?-i:est)|sont|is|are|although|though|whereas|even though|"
    r"alors que|tandis que|"
    r"bien que|"
    r"from|for|with|quand|lorsque|si|et|mais|donc|car|je|j|on|il|le|la|les|de|du|des|a|au|en|"
    r"pour|avec|sur|depuis|dans|chez|aux|of|into|qu'|qu’",
    separators=r"\s",
)


_NOBODY = re.compile(r"(?:nobody|no one|noone|none of us|personne|aucun de nous)")


def _trim_part(value: str, others: list[str]) -> str:
    folded = value.casefold()
    cuts = [(folded.find(o.casefold()), o) for o in others if o and o.casefold() in folded]
    cut, other = min(((c, o) for c, o in cuts if c > 0), default=(-1, ""))
    if cut > 0 and re.findall(r"\w+", value[:cut]):
        head = _DANGLING.sub("", value[:cut]).rstrip(" ,;:-")
        tail = value[cut + len(other) :].strip(" ,;:-")
        said_elsewhere = (
            len(re.findall(r"\w+", head)) >= 2
            and any(
                re.search(rf"(?<!\w){re.escape(head.casefold())}(?!\w)", o.casefold())
                for o in others
            )
        ) or bool(_NOBODY.fullmatch(_fold(head)))  # "nobody [in Nantes] can log into the WMS"
        if said_elsewhere and re.search(r"\w{2,}", tail):
            # "none of the label printers in the warehouse print anything": the head is
            # another fact (who), so the deviation is the head and the tail, less the place
            return f"{head} {_trim_part(tail, others)}"
        if not set(re.findall(r"\w+", _fold(head))) - _FUNCTION_WORDS and re.search(
            r"\w{2,}", tail
        ):
            return _trim_part(tail, others)  # "au magasin de Bordeaux on a des caisses qui…"
        if _EXACT_RE.search(tail):
            # "failed twice [today] with 'SFTP connection refused'": the message stays
            return f"{head} {_trim_part(tail, others)}"
        return head
    return value


def _trim(slots: dict[str, str]) -> dict[str, str]:
    out = dict(slots)
    for slot in _TRIMMED:
        value = out.get(slot)
        if not value:
            continue
        others = [out[o] for o in _SPECIFIC if o != slot and out.get(o)]
        parts = [_trim_part(part, others) for part in value.split("; ")]
        if slot == "workaround":
            # "we moved to the 4th floor room for now": where they went is the way round
            # ("for now I'm using the 3rd floor printer" is not cut to "for now I'm using")
            parts = [
                cut if len(re.findall(r"\w+", cut)) > 2 and not _DANGLING_USE.search(cut) else part
                for cut, part in zip(parts, value.split("; "), strict=True)
            ]
        if len(parts) > 1:
            # (an error shown is kept however short: "affichage « E4 »")
            parts = [
                p for p in parts if len(re.findall(r"\w+", p)) >= 2 or _EXACT_RE.search(p)
            ] or parts
        # "there will be" (cut before "two of us on nights instead of one") says nothing
        parts = [p for p in parts if set(re.findall(r"\w+", _fold(p))) - _FUNCTION_WORDS]
        if parts:
            out[slot] = "; ".join(parts)
        else:
            del out[slot]
    return out


# A way round cut before what it uses: "for now I'm using", "je passe par".
_DANGLING_USE = re.compile(
    r"\b(?:using|use|uses|borrowing|to|on|at|in|from|via|the|utilise|utilisons|emprunte|par|sur|"
    r"avec|au|a|le|la|les)\W*$",
    re.I,
)
# Words that carry no fact of their own: a snippet made only of them is no value.
_FUNCTION_WORD_LIST = (
    "there here it its this that these those will would shall should can could may might be "
    "been being is are was were am has have had do does did get got i we you they he she me "
    "us them my our your the a an of to in on at by for with from and or but so then just "
    "also still now il y a aura avait est sont sera c ce ca cela on nous vous ils elles je j "
    "me m mon ma mes notre nos le la les l un une des de du d en au aux a et ou mais donc "
    "puis encore toujours aussi deja"
)
_FUNCTION_WORDS = frozenset(_FUNCTION_WORD_LIST.split())


def _drop_contradicted(slots: dict[str, str]) -> dict[str, str]:
    fine, where = slots.get("what_is_not", ""), slots.get("where", "")
    if where and where.casefold() in fine.casefold():
        # "the other printer at dispatch is fine": where it works, not where it fails
        slots = {k: v for k, v in slots.items() if k != "where"}
    kept = _trim(slots)
    if _NO_TIME.fullmatch(_fold(kept.get("when_first", ""))):
        # "started after i updated macos yesterday": the time is the change's ("yesterday")
        day = _A_DAY.search(_fold(kept.get("changes", "")))
        if day:
            kept["when_first"] = kept["changes"][day.start() : day.end()]
        else:
            del kept["when_first"]
    for slot, rivals in _OVERRIDDEN_BY.items():
        value = kept.get(slot)
        # ("depuis la migration de lundi Teams": the change, run on into what fails)
        if value and any(
            value.casefold() in kept.get(r, "").casefold()
            or (kept.get(r) and value.casefold().startswith(kept[r].casefold()))
            for r in rivals
        ):
            day = _A_DAY.search(_fold(value))
            lead = _SINCE.match(value)
            if slot == "when_first" and day and lead:
                # "depuis la migration de lundi": what changed, and when it began ("depuis
                # lundi"); the event stays the change's
                kept[slot] = f"{lead.group(0).strip()} {value[day.start() : day.end()]}"
                continue
            if slot == "when_first" and day and day.start() == 0:
                continue  # "yesterday", out of "after i updated macos yesterday"
            del kept[slot]
    fine, fine_there = _fold(kept.get("what_is_not", "")), _fold(kept.get("where_is_not", ""))
    if fine and fine_there and set(re.findall(r"\w+", fine)) <= set(re.findall(r"\w+", fine_there)):
        del kept["what_is_not"]  # "my colleagues are fine", cut out of where it is fine
    start, change = _fold(kept.get("when_first", "")), _fold(kept.get("changes", ""))
    if start and change and change in start and not _A_DAY.search(start):
        del kept["when_first"]  # "started after the update" says what changed, not when
    return kept


# A start said without its time: "started after", "since when".
_NO_TIME = re.compile(r"(?:started|began|starting|since)(?: (?:after|before|when|about|around))?")
# A day or a time: "since the update on friday" says when, "since the update" does not.
_A_DAY = re.compile(
    # ("Windows 11", "iOS 18" are versions, not days)
    r"(?:\b(?:the|le|la|ce|cette|last|this) (?=[a-z]))?(?:(?<!windows )(?<!ios )(?<!macos )"
    r"(?<!android )(?<!version )(?<!office )(?<![\w.])\d{1,2}(?::\d{2}|h\d{0,2}| ?[ap]m)?(?!\d)|"
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|lundi|mardi|mercredi|jeudi|"
    r"vendredi|samedi|dimanche|yesterday|hier|today|aujourd'hui|morning|matin|night|nuit|evening|"
    r"soir|afternoon|apres-midi|week|semaine|weekend|week-end)\b)"
    r"(?: (?:soir|matin|apres-midi|morning|night|evening|afternoon)\b)?"
)
_SINCE = re.compile(r"^\s*(?:since|after|depuis|apres)\s+", re.I)


# A first-person need ("I need", "could I get") makes a how-question a request.
_NEEDS = _rx(
    r"\b(?:(?<!do )i need (?:a|an|the|to get|to have|access)|i'?d like (?:a|an|to get|to have)|"
    r"(?<!do )i need(?! to)|we need|i would like (?:a|an|to get|to have)|can (?:i|we) (?:get|have)|"
    r"could (?:i|we) (?:get|have))\b",
    r"\b(?:j'ai besoin|nous avons besoin|on a besoin|il (?:me|nous) faudrait|"
    r"je voudrais (?:un|une|avoir|obtenir)|j'aimerais (?:un|une|avoir|obtenir)|puis-je avoir|"
    r"pourrais-je avoir)\b",
)


# A deviation that only an incident has: something fails, an error, a change that broke it.
_STRONG_DEVIATION = ("actual", "changes", "what_is_not", "where_is_not")


# Asking someone to do or provide something: a request even when a problem led to it
# ("locked out, could you reset my password?").
_ASKS_TO_PROVIDE = _rx(
    r"\b(?:could|can|would|will) (?:you|someone|somebody|u|hr|it) (?:please )?(?:set (?:me|us|\w+) up|"
    r"add|create|book|reserve|reset|give|grant|order|install|provide|send|issue|get|arrange|"
    r"enable|remove|change|move|unlock|open|share|transfer|extend|renew|replace|forward|"
    r"redirect|divert|run|pull|generate|prepare|produce|export|extract|restore|recover)\b",
    r"\b(?:please|pls|kindly) (?:set (?:me|us) up|add|create|book|reserve|reset|give|grant|order|"
    r"install|provide|send|issue|arrange|enable|unlock|share|renew|replace|forward|redirect|"
    r"divert|restore|recover)\b",
    r"\b(?:is it possible|would it be possible|any chance|possible) (?:to|i could|we could) "
    r"(?:get|have|book|add|borrow)\b",
    # "need a password reset pls", "need unlock asap", "need AD accounts": the fix is a service
    r"\bneed (?:a |an |my |the )?(?:password |pw |pwd )?(?:reset|unlock)\b",
    r"\bneed (?:\w+ ){0,2}(?:accounts|logins|licen[cs]es|seats)\b",
    r"\b(?:besoin d'un (?:reset|deblocage|nouveau mot de passe)|"
    r"il (?:me|nous|lui|leur) en faut (?:un|une|des) (?:nouvel|nouvelle|nouveau|nouveaux|autre))\b",
    r"\b(?:can|could) (?:my|our|the|his|her) [\w' -]{1,40}? be (?:changed|updated|corrected|"
    r"renamed|added|removed|reset|extended|fixed|moved)\b",
    r"\b(?:pourriez|pouvez|pourrais|pourrait|peux|peut|pourriez-vous|pouvez-vous)(?:-vous|-tu|-on)? "
    r"(?:me |nous |lui |leur )?(?:creer|ajouter|reserver|reinitialiser|donner|accorder|commander|"
    r"corriger|modifier|renommer|mettre a jour|"
    r"installer|fournir|envoyer|transmettre|ouvrir|debloquer|activer|changer|deplacer|partager|"
    r"prolonger|renouveler|remplacer|preparer|attribuer|mettre en place|renvoyer|transferer|"
    r"rediriger|restaurer|recuperer)\b",
    r"\b(?:merci de|je vous remercie de|je me permets de vous solliciter|y a moyen d'avoir|"
    r"est-ce que je pourrais avoir|serait-il possible d'(?:avoir|obtenir|installer|ajouter|"
    r"ouvrir)|serait-il possible de (?:creer|commander|mettre en place|changer)|pourrais-je avoir|"
    r"(?:est-ce que je peux|puis-je|je peux) (?:en )?avoir|"
    r"nous accueillons|on accueille)\b",
)
# Wanting something: a request unless the words also describe a fault.
_WANTS = _rx(
    r"\b(?:we'?d|i'?d|we would|i would) (?:like|love|need)\b|\bwould like (?:a|an|to get|to have)\b",
    r"\b(?:(?<!do )i|we|they|he|she|team|people|\d+ \w+)(?:'ll| will)? (?:need|needs|require|"
    r"requires)\b"
    r"(?! to (?:be|fix|work|know|understand))",
    r"^\W*(?:need|needs|needed)\b|\b(?:requesting|request for|asking for)\b",
    r"\b(?:on voudrait|nous voudrions|on aimerait|nous aimerions|nous souhaiterions|"
    r"je souhaiterais|je souhaite|je voudrais|j'aimerais|il (?:me|nous|leur|lui) faudrait|"
    r"il (?:me|nous|leur|lui) faut|(?:j'ai|on a|nous avons|ont|a|aurait|auraient) besoin d|"
    r"^\W*besoin d|demande d')",
    # "est-ce que je pourrais avoir un deuxième écran ?", "on pourrait avoir…"
    r"\b(?:est[- ]ce que )?(?:je|on|nous) (?:pourrais|pourrait|pourrions|peux|peut|pouvons) "
    r"(?:avoir|obtenir)\b",
)
# Things one is given: access, licences, equipment, bookings, documents.
_PROVIDED = _rx(
    r"\b(?:access|licen[cs]es?|rights|role|account|laptops?|badges?|monitors?|screens?|headset|"
    r"parking space|booking|room|certificate|letter|mailbox|distribution list|permissions?|"
    r"new \w+|second \w+|bigger \w+|set up|setup|onboard\w*|joins? on)\b",
    r"\b(?:acces|licences?|droits|role|compte|laptops?|badges?|ecrans?|casque|place de parking|"
    r"reservation|salle|attestation|boite partagee|liste de diffusion|nouvel?(?:le)? \w+|"
    r"deuxieme \w+|stagiaires?|arrivee)\b",
)
_INTERROGATIVE = _rx(
    r"^\W*(?:(?:hi|hello|hey|quick (?:one|question)|question)\W+){0,3}(?:how|what|what's|where|"
    r"when (?:is|are|do|does|can|should|will)|which|who|whom|why|is there|are there|"
    r"is it (?:normal|ok|okay|true|allowed|possible)|do i|do we|does|should i|should we|am i|"
    r"can i|can we|may i|is my)\b",
    r"^\W*(?:(?:bonjour|salut|hello|petite question|question)\W+){0,3}(?:comment|c'est quoi|"
    r"qu'est-ce|quel(?:le)?s?|quand (?!je\b|j'|on\b|il\b|elle\b|nous\b)|ou (?:est|sont|"
    r"trouver|se trouve|puis-je)|combien|pourquoi|"
    r"qui|a partir de|a qui|est-ce (?:normal|que je peux|que je dois|que l'on|qu'on)|"
    r"est-il (?:normal|possible)|y a-t-il|faut-il|dois-je|puis-je|peut-on|existe-t-il)\b",
    r"\b(?:just want(?:ed)? to (?:know|understand|check)|i was wondering|je me demandais|"
    r"je voudrais savoir|pour savoir|la procedure|the process|the policy|la politique)\b",
)
_DEVIATION = _rx(
    r"\b(?:dead|broken|broke|crawling|down|off|cold|stuck|jams?|jammed|sits? in|blank|black|frozen|only see|see nothing|"
    r"asks? for|keeps? asking|hasn'?t been|haven'?t been|leak\w*|flicker\w*|cuts? out|"
    r"drops?|dropping|crash\w*|fails?|failed|failing|error|doesn'?t|don'?t|isn'?t|aren'?t|"
    r"won'?t|can'?t|cannot|stopped|no longer|not (?:working|loading|syncing|showing)|bounc\w+|"
    r"slow|locked|expired|rejected|missing|disappeared|wrong)\b",
    r"\b(?:en panne|plante|bloquee?s?|coincee?s?|reste(?:nt)? (?:bloque|coince|blanche?|noir)|"
    r"ne \w+ (?:plus|pas)|n'\w+ (?:plus|pas)|\w+ (?:plus|pas)\b(?= (?:le|la|les|mes|mon|ma|de|du))|"
    r"fuite|coupe|lent|(?<!par )erreur|impossible|refus|refuse|expire|disparu|manque|mort|hs|partent pas|"
    r"n'arrive (?:plus|pas|jamais)|n'arrivent (?:plus|pas|jamais)|nulle?|ne se met (?:plus|pas)|"
    r"se reinitialise|se deconnecte|bandes|a l'arret|lache|"
    r"marche (?:plus|pas)|fonctionne (?:plus|pas))\b",
)


def contact_scores(text: str) -> dict[ContactType, float]:
    """How strongly the words say question, request or incident (domain.md section 3)."""
    folded = _fold(text)
    slots = extract_slots(text)
    strong = sum(k in slots for k in _STRONG_DEVIATION)
    exact = bool(re.search(_ERROR_CODE + "|" + _QUOTED, folded))
    request = 3.0 * bool(_ASKS_TO_PROVIDE.search(folded)) + 2.0 * bool(_WANTS.search(folded))
    request += 1.0 * bool(_REQUEST.search(folded))
    question = 2.5 * bool(_INTERROGATIVE.search(folded)) + 1.0 * ("?" in folded)
    question += 1.0 * bool(_QUESTION.search(folded))
    incident = 2.0 * bool(_DEVIATION.search(folded)) + 1.0 * min(strong, 2) + 1.5 * exact
    incident += 0.5 * ("when_first" in slots) + 0.5 * ("changes" in slots)
    if incident == 0 and _PROVIDED.search(folded):
        request += 1.0  # "a second monitor", "VPN access": things one is given
    if _NEEDS.search(folded):
        question -= 2.0  # "how do I get... I need it" asks for something
    return {
        ContactType.REQUEST: request,
        ContactType.QUESTION: question,
        ContactType.INCIDENT: incident,
    }


# "je voudrais savoir si c'est normal que mon badge ne m'ouvre plus la porte", "is it normal
# that Teams crashes": a fault, asked as a question (what follows must say one)
_IS_IT_NORMAL = _rx(
    r"\b(?:is it normal (?:that|for)|is that normal|c'est normal (?:que|qu')|est-ce normal "
    r"(?:que|qu')|est-ce que c'est normal (?:que|qu')|est-il normal (?:que|qu'))",
)


# "can someone restore a file I deleted…?", "est-ce que quelqu'un peut restaurer…": support
# asked, first thing, to do a named thing (not to look, help or tell)
_ASKED_TO_DO = _rx(
    # (not "how can we restore it?", "on peut le récupérer comment ?": how-to questions)
    r"(?<!\bhow )\b(?:can|could|would) (?:someone|somebody|anyone|you|we|it be)(?: please)? "
    r"(?:restore|recover|undelete|retrieve|get (?:it|them|this|that) back)\b(?! how\b)",
    r"(?<!\bcomment )\b(?:quelqu'un|on|vous) (?:peut|pouvez|pourrait|pourriez)(?:-vous)? "
    r"(?:me |m'|le |la |les |l')?(?:restaurer|recuperer)\b(?! comment\b)",
)


def detect_contact_type(text: str, language: str | None = None) -> ContactType | None:
    """Question, request or incident: the learned model's reading when it is sure, else the
    rules' strongest signal; None when a message too short says nothing either way."""
    normal = _IS_IT_NORMAL.search(_fold(text))
    if normal and _DEVIATION.search(re.split(r"[?.!]", _fold(text)[normal.end() :])[0]):
        return ContactType.INCIDENT
    if _ASKED_TO_DO.search(_fold(text)):
        return ContactType.REQUEST
    if security_exposure(text):
        return ContactType.INCIDENT  # "I typed my password in that fake page, what do I do?"
    scores = contact_scores(text)
    best = max(scores, key=lambda kind: scores[kind])
    ruled = best if scores[best] > 0 else None
    if len(re.findall(r"\w{2,}", text)) < 2 or (ruled is None and _WANTS_HUMAN.search(_fold(text))):
        return ruled  # "talk to a human" says nothing of the kind of help
    reading = contact_model.read(text)
    if reading.probability >= contact_model.CONFIDENT:
        return ContactType(reading.kind)
    return ruled


def extract(text: str, language: str | None = None) -> Extraction:
    folded = _fold(text)
    slots = extract_slots(text)
    return Extraction(
        slots=slots,
        contact_type=detect_contact_type(text, language),
        language=language or detect_language(text),
        wants_human=bool(_WANTS_HUMAN.search(folded)),
        # credentials given to a lure: handed over at once, like a fault said to be urgent
        urgent=bool(_SAYS_URGENT.search(folded) or security_exposure(text)),
    )


# Slots that gather every new thing said ("restarted it", later "cleared the cache too"; "we
# lose quotes every hour", later "we don't even know who contacted us").
GATHERED = ("tried", "impact")
# How a fault behaves, said of it: "it just closes", "ça se ferme direct" (not "it's…",
# "it works…", "it happens…", "ça me le fait…").
HOW_IT_FAILS = (
    r"(?:it|ca|ça) (?:just |juste |simplement )?"
    r"(?!(?:is|was|'s|est|etait|happens|arrive|affects|touche|works|worked|marche|fonctionne|"
    r"me|m'|nous|le|la|does|did|started|commence|a)\b)\w+"
)


def merge(previous: dict[str, str], new: dict[str, str]) -> dict[str, str]:
    """Earlier answers stay; new slots are added (what was tried gathers every step said, and
    what happens gathers the exact error message said later)."""
    merged = dict(previous)
    for slot, value in new.items():
        if value and not merged.get(slot):
            merged[slot] = value
        elif (
            value
            and _fold(value) not in _fold(merged[slot])
            and _adds_to(slot, merged[slot], value)
        ):
            merged[slot] = f"{merged[slot]}; {value}"
    return merged


def _adds_to(slot: str, known: str, said: str) -> bool:
    """Whether a later value adds to a slot already filled instead of being dropped."""
    if slot in GATHERED:
        return True
    if slot == "actual":
        # the exact error message, said later; how it fails ("it just closes, no error"); the
        # symptom that makes a bare "stopped working" concrete ("no signal")
        return (
            says_message(said)
            or bool(re.match(rf"^{HOW_IT_FAILS}", _fold(said)))
            or bool(VAGUE_FAILURE.fullmatch(_fold(known)))
        )
    if slot == "where":
        # "sur le wifi du bureau", then "4e étage, bâtiment B": where in the building
        return bool(_PRECISE_PLACE.search(_fold(said))) and not _PRECISE_PLACE.search(_fold(known))
    if slot == "what_is_not":
        # "audio and video are fine", then "my colleagues can share fine": two things that
        # work, unless the second says the first again
        mine = set(re.findall(r"\w{3,}", _fold(said)))
        return len(mine - set(re.findall(r"\w{3,}", _fold(known)))) > len(mine) / 2
    if slot == "when_first":
        # "this week", then "since monday morning": the day it started
        return bool(_PRECISE_TIME.search(_fold(said))) and not _PRECISE_TIME.search(_fold(known))
    # "the whole sales team", then "about 15 of us": who, and how many
    return slot == "extent_count" and bool(_NUMBER.search(said)) and not _NUMBER.search(known)


_NUMBER = re.compile(r"\d")
# A failure that names nothing that happens: "au secours rien ne marche", "it's broken",
# "stopped working", "en panne".
VAGUE_FAILURE = re.compile(
    r"\W*(?:(?:au secours|help|urgent|hi|hello|bonjour|salut)\W+)?(?:(?:it|ca|ça|tout|everything|"
    r"il|elle)\s+)?(?:(?:is|has|just|suddenly|completely|est)\s+)*(?:rien ne (?:marche|fonctionne|va)|"
    r"nothing works|(?:ne )?(?:marche|fonctionne) (?:pas|plus)|doesn'?t work|does not work|"
    r"won'?t work|not working|isn'?t working|stopped working|broken|broke|dead|died|casse|down|"
    r"hs|en panne|mort|morte|bug(?:ue)?|plante)\W*"
)
# A date, a day or a clock time: when something started, to the day.
_PRECISE_TIME = re.compile(
    r"\d|\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|lundi|mardi|mercredi|"
    r"jeudi|vendredi|samedi|dimanche|yesterday|hier|today|aujourd'hui|avant-hier)\b"
)
# A floor, a building, a room: where inside a site.
_PRECISE_PLACE = re.compile(
    r"\b(?:\d+(?:st|nd|rd|th|e|eme|er)? (?:floor|etage)|(?:floor|etage) \d+|"
    r"(?:building|batiment|bat\.?|room|salle|wing|aile) [\w.-]+)\b"
)


# A quoted message or an error code, as shown to them: not a button or a queue's name.
_MESSAGE = re.compile(
    r"\b(?:says?|said|saying|shows?|showing|displays?|error|message|pops? up|get|getting|"
    r"stuck (?:on|at)|sits (?:on|at)|hangs on|spins (?:on|at)|spinning on|loops on|with|dit|"
    r"disait|affiche|indique|erreur|message|tourne sur|bloquee? sur|reste (?:bloquee? )?sur)\b(?:\W+\w+){0,3}?\W*(?:"
    + _QUOTED
    + ")|"
    + _ERROR_CODE,
    re.I,
)


def says_message(text: str) -> bool:
    """Whether the text quotes the message it shows, or gives an error code."""
    return bool(_MESSAGE.search(_fold(text)) or _SAID_MESSAGE.search(_fold(text)))
