"""Saying "urgent" in words that do not mean it: one guard for every pattern that reads it."""

from __future__ import annotations

# "urgent", but not "not urgent", "pas super urgent" or "the urgent ones" (payments said urgent).
NOT_NEGATED = "".join(
    f"(?<!{words})" if words.endswith("'") else f"(?<!{words} )"
    for words in (
        "not",
        "n't",
        "non",
        "nothing",
        "pas",
        "rien d'",
        "sans",
        "no",
        "pas d'",
        "aucune",
        "not very",
        "not that",
        "not super",
        "not really",
        "not so",
        "not too",
        "pas super",
        "pas tres",
        "pas si",
        "pas vraiment",
        "pas trop",
        "pas hyper",
        "pas specialement",
        # which of two problems comes first, not a call for haste: "le partage d'écran c'est
        # le plus urgent"
        "le plus",
        "la plus",
        "the most",
        "less",
        "moins",
        # a service or a thing named after emergencies: "le service d'urgence", "sortie d'urgence"
        "service d'",
        "services d'",
        "cellule d'",
        "sortie d'",
        "numero d'",
        "numeros d'",
        "plan d'",
        "eclairage d'",
        "telephone d'",
        "poste d'",
        "medecin d'",
    )
)
# (one word may come between: "urgent client emails", "les demandes clients urgentes" aside)
NOT_A_KIND = r"(?! (?:(?!(?:the|a|an|le|la|les|please|svp|pls|i|we|it|my|is|est)\b)[\w-]+ )?(?:ones?|payments?|orders?|cases?|items?|requests?|calls?|tickets?|patients?|"
NOT_A_KIND += r"mails?|emails?|files?|jobs?|commandes?|dossiers?|paiements?|demandes?|appels?|"
# a team, a place or a kit named after emergencies: "the emergency duty team", "critical care"
NOT_A_KIND += r"duty|teams?|department|dept|services?|rooms?|contacts?|exits?|doors?|lighting|"
NOT_A_KIND += r"phones?|numbers?|rota|care|units?|wards?|vehicles?|plans?|procedures?|kits?|"
NOT_A_KIND += r"stops?|buttons?|generators?|showers?)\b)"
# "right now" said of the moment ("right now they ring the surface") is how things are, not when.
_OF_THE_MOMENT = r"(?! (?:they|we|i|he|she|you|people|everyone|everybody|it|it's|we're)\b)"
RIGHT_NOW = r"right now" + _OF_THE_MOMENT
# A bare "now" is a deadline only when something is needed by then ("I need it now"), not in
# "the battery barely lasts half a day now".
NEEDED_NOW = (
    r"(?:need|needs|needed|want|wants|have to|has to|must|asap)\b[^.;!?,]{0,30}\bnow"
    + _OF_THE_MOMENT
)
# Wanted at once, in words that name no date ("le plus vite possible", "asap").
AS_SOON_AS_POSSIBLE = (
    r"asap|as soon as possible|au plus vite|des que possible|"
    r"le plus (?:vite|rapidement|tot) possible|au plus tot"
)
# "c'est pour hier", "needed it yesterday": the idiom for "at once"
# ("une réunion prévue pour hier" is a past date, not haste)
FOR_YESTERDAY = r"c'(?:est|etait) pour hier|(?:needed (?:it |this )?|due )yesterday"
