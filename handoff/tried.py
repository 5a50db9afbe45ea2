"""What the requester already tried themselves: "I restarted it and cleared the cache".

An agent's first question is "have you tried restarting it?"; the statement answers it. A step
the requester took that did not fix it is neither a workaround (a way to keep working meanwhile)
nor a change (something that happened to the system before it broke): "on a redémarré
l'imprimante" said to the impact question used to be read as a workaround and lowered the
urgency. A step that keeps them going ("rebooting gets it going", "je dois relancer à chaque
fois") stays a workaround: only steps said as done, or said not to help, are read here.

Patterns run on folded text (accents off, lower case, same length as the original).
"""

from __future__ import annotations

import re

# "tried from home", "tried 4 times", "j'ai essayé depuis chez moi": where and how often, said
# with the same verb; those belong to their own fields.
_NOT_A_STEP = (
    r"(?! (?:\d|once|twice|several|a few|many|again|every|from|at|on|in|it (?:from|at|on|in|"
    r"again|once|twice)|de chez|depuis|a la maison|au bureau|sur (?:mon|un|une|l'autre|les)|"
    r"plusieurs|deux|trois|encore|a nouveau|une fois|de nouveau|"
    # "I tried to log in" is what fails; "I tried to restart it" is a step
    r"to (?!restart|reboot|reinstall|re-install|clear|reset|unplug|replug|update|turn|switch|"
    r"power|log ?out|sign ?out|uninstall|empty|delete|remove)\w+|"
    r"d(?:e |')(?!redemarr|reinstall|vider|relancer|rebranch|debranch|reinitialis|eteindre|"
    r"changer|mettre a jour|desinstall|effacer|supprimer)\w+)\b)"
)
_ATTEMPT_EN = (
    r"(?:tried"
    + _NOT_A_STEP
    + r"|restarted|rebooted|reinstalled|re-installed|uninstalled and reinstalled|"
    r"re-?enrolled|re-?registered|re-?activated|re-?scanned the qr|re-?added (?:the|my) account|"
    r"cleared|emptied|unplugged|replugged|re-?plugged|power[- ]cycled|re-?paired|re-?synced|"
    # "I typed the new one like 5 times": the new password, entered where it is asked
    r"(?:typed|entered|keyed)(?: in)? (?:the|my) new (?:one|password|passcode|pin|code)|"
    r"re-?(?:typed|entered|keyed)(?: in)? (?:the|my) (?:new )?(?:one|password|passcode|pin|code)|"
    r"(?:switched|turned) (?:it |them |everything )?off and (?:back )?on(?: again)?|"
    r"logged (?:out|off) and (?:back )?(?:in|on)|signed (?:out|off) and (?:back )?(?:in|on)|"
    r"(?:swapped|changed|replaced|tried (?:another|a different|a new)) (?:the |my |its )?"
    r"(?:usb |network |power |hdmi |ethernet |lan |charging )?(?:cables?|ports?|leads?|"
    r"batter(?:y|ies)|toner|cartridges?|plugs?|sockets?|browsers?|chargers?|docks?|"
    r"usb (?:sticks?|keys?))|checked (?:the )?(?:cables?|plugs?|connections?))"
)
_ATTEMPT_FR = (
    r"(?:(?:essaye|tente)"
    + _NOT_A_STEP
    + r"|redemarre|relance|reinstalle|desinstalle et reinstalle|vide|efface|reenrole|"
    r"re-enrole|reactive|rescanne le qr|"
    r"rebranche|debranche(?: et rebranche)?|reinitialise|eteint (?:et|puis) rallume|"
    r"(?:retape|ressaisi|resaisi) (?:le |mon )?(?:nouveau )?(?:mot de passe|code|pin)|"
    r"(?:tape|saisi|entre) (?:le |mon )nouveau (?:mot de passe|code|pin)|"
    r"deconnecte (?:et|puis) reconnecte|ferme (?:et|puis) rouvert|"
    r"change (?:le |les |de )?(?:cables?|ports?|navigateur|piles?|batterie|toner|prises?|"
    r"cartouches?|chargeur|dock)(?: usb| reseau| hdmi| d'alimentation)?|"
    r"verifie (?:le |les )?(?:cables?|branchements?|prises?)|"
    r"fait (?:un |une )?(?:redemarrage|reboot|reinitialisation))"
)
_DID = re.compile(
    r"\b(?:"
    # "I've already restarted it twice", "we tried clearing the cache"
    r"(?:i|we)(?:'ve|ve| have|'d| had)?(?: (?:already|also|even|just|both))? "
    + _ATTEMPT_EN
    # "I already updated GlobalProtect" (without "already", updating is a change)
    + r"|(?:i|we)(?:'ve| have)? already (?:updated|upgraded|reset|installed|changed)"
    r"|(?:j'ai|on a|nous avons) deja (?:mis a jour|installe|change)"
    r"|(?:already|also) tried|tried (?:restarting|rebooting|reinstalling|re-installing|"
    r"clearing|deleting|removing|re-?adding|resetting|unplugging|replugging|switching|turning|"
    r"logging|signing|updating|another|a different|other|different|incognito|private|"
    r"everything|all the)"
    # "Tried restarting, no luck", "Rebooted twice already", at the start of a clause
    r"|(?:^|(?<=[.;!?,:] ))(?:already )?(?:restarted|rebooted|reinstalled|power[- ]cycled) "
    r"(?:(?:it|the \w+|my \w+|twice|three times|already)\b ?)+"
    # "j'ai déjà redémarré", "on a rebranché le câble"
    r"|(?:j'ai|on a|nous avons|j'avais|on avait|je l'ai|on l'a|nous l'avons)"
    r"(?: (?:deja|aussi|bien|meme|meme deja|deja bien))? "
    + _ATTEMPT_FR
    + r"|deja (?:essaye|tente|redemarre|reinstalle|vide)"
    # "even after a restart", "même après un redémarrage"
    r"|even after (?:\w+ ){0,2}?(?:restart|reboot|reinstall|clear|reset|forg[eo]t|remov|delet|"
    r"re-?add|updat)\w*"
    r"|meme apres (?:\w+ ){0,2}?(?:redemarr|reboot|reinstall|vid|relanc|reinitialis|oubli|"
    r"supprim|retir|rajout)\w*"
    # "restarting doesn't help", "redémarrer ne change rien", "le redémarrage n'a rien changé"
    r"|(?:restarting|rebooting|reinstalling|a restart|a reboot|redemarrer|relancer|reinstaller|"
    r"le redemarrage|un redemarrage|le reboot) (?:\w+ ){0,3}?(?:doesn'?t|didn'?t|does not|"
    r"did not|hasn'?t|won'?t|ne|n'a|n'y) (?:help|change|fix|work|do|a rien|change rien|"
    r"fait rien|rien|sert a rien|marche pas|fonctionne pas)"
    r")\b[^.;!?,]*"
)
# "…, cleared the cache and tried Edge": further steps that follow the first one.
_MORE = re.compile(
    r"(?:,\s*|\s+(?:and|et|puis|then|and then|et puis|ensuite)\s+|,\s*(?:and|et|puis|then)\s+)"
    r"(?:(?:i|we|j'ai|on a|nous avons)(?:'ve| have)? )?(?:(?:also|aussi|deja|even) )?"
    r"(?:" + _ATTEMPT_EN + "|" + _ATTEMPT_FR + r")\b[^.;!?,]*"
)
# Where a step's clause ends: a new clause ("but it still fails") is what happened next.
_ENDS = re.compile(
    r"\s+(?:but|mais|so|donc|and still|and (?:it|that|nothing|same)|et (?:ca|il|elle|rien|"
    r"pareil|toujours))\b|[(]"
)


# "…, no luck", "…, ça ne change rien": what the step did, said right after it.
_VERDICT = re.compile(
    r"\s*(?:[,;:]|\s-|\s–)?\s*(?:(?:but|mais|and|et) )?(?:it |that |ca |cela )?"
    r"(?:no luck|no joy|no change|no difference|nothing|still (?:nothing|the same|broken|stuck|"
    r"dead|down|not working|failing)|same(?: thing| problem| result| issue| error)?|"
    r"(?:didn'?t|did not|doesn'?t|does not) (?:help|work|change anything|fix it|do anything|"
    r"make a difference)|did nothing|without success|to no avail|"
    r"(?:ne |n')?(?:change|fait|sert a|a) (?:rien|rien change|rien fait)|"
    r"n'a rien (?:change|fait|donne)|(?:toujours )?rien|toujours (?:pareil|rien|pas|en panne|"
    r"bloquee?s?|le meme \w+)|pareil|meme (?:chose|probleme|resultat|erreur)|"
    r"sans (?:succes|resultat|effet)|aucun (?:effet|changement|resultat)|"
    r"(?:ne )?(?:marche|fonctionne) (?:toujours )?pas)(?=\s*(?:[.;!?,)]|$))"
)


def is_verdict(folded: str) -> bool:
    """Whether a clause only says how a step went ("same thing", "toujours pareil")."""
    return bool(_VERDICT.fullmatch(folded.strip(" .!")))


def already_tried(folded: str, original: str) -> str | None:
    """The steps the requester took themselves, in their words, or None."""
    found: list[str] = []
    for match in _DID.finditer(folded):
        end = match.end()
        while more := _MORE.match(folded, end):
            end = more.end()
        stop = _ENDS.search(folded, match.start(), end)
        if stop:
            end = stop.start()
        verdict = _VERDICT.match(folded, end)
        if verdict:
            end = verdict.end()
        said = original[match.start() : end].strip(" ,;:-")
        if len(re.findall(r"\w+", said)) >= 2 and not any(said in f for f in found):
            found.append(said)
    return "; ".join(found) or None
