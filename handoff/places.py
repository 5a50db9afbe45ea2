"""Words that name a whole place of work, in English and French (accents folded).

One list for the extent a message names ("the whole ED", "tout le CH") and for the impact
priority reads from it, so the two never disagree about what counts as a whole site.
"""

from __future__ import annotations

WORKPLACES_EN = "ed|ward|hospital|store|shop|plant|warehouse|branch|campus|school|clinic|depot"
WORKPLACES_FR = (
    "ch|chu|hopital|magasin|entrepot|usine|campus|ecole|college|lycee|mairie|etablissement|"
    "clinique|boutique|depot|reseau"
)
