"""Words that name a whole place of work, in English and French (accents folded).

One list for the extent a message names ("the whole ED", "tout le CH") and for the impact
priority reads from it, so the two never disagree about what counts as a whole site.
"""

from __future__ import annotations

WORKPLACES_EN = (
    "ed|ward|hospital|store|shop|plant|warehouse|branch|campus|school|clinic|depot|lab|terminal"
)
WORKPLACES_FR = (
    "ch|chu|hopital|magasin|entrepot|usine|campus|ecole|college|lycee|mairie|etablissement|"
    "clinique|boutique|depot|reseau|labo|laboratoire|terminal"
)

# Every station people work at in those places ("all checkin desks", "plus aucune caisse"):
# the whole place's work stops. One phrase for the extent patterns and the impact reading.
_STATIONS_EN = (
    "(?:desks|counters|tills|registers|checkouts|kiosks|scanners|printers|terminals|"
    "workstations|stations|pcs|computers|handsets|tablets|lines)"
)
_STATIONS_FR = (
    "(?:comptoirs?|guichets?|caisses?|postes?|bornes?|terminaux|pcs?|ordinateurs?|"
    "imprimantes?|scanners?|douchettes?|tablettes?|lignes?)"
)
ALL_STATIONS_EN = (
    r"(?:all|every|each|none of the) (?:the |our |of the )?(?:[\w-]+ ){0,2}?" + _STATIONS_EN
)
ALL_STATIONS_FR = (
    r"(?:(?:plus )?aucune?|chaque|tou(?:s|tes) (?:les|nos)) (?:[\w-]+ )?" + _STATIONS_FR
)
