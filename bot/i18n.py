"""Every user-facing string, in English and French. `t(key, lang, **values)` formats one."""

from __future__ import annotations

from typing import Final

LANGUAGES: Final = ("en", "fr")

MESSAGES: Final[dict[str, dict[str, str]]] = {
    "answer.intro": {
        "en": "This article looks like a match: *{title}*",
        "fr": "Cet article semble correspondre : *{title}*",
    },
    "answer.ask": {"en": "Did this solve it?", "fr": "Est-ce que cela a résolu le problème ?"},
    "answer.not_validated": {
        "en": "(draft article, not yet validated)",
        "fr": "(article brouillon, pas encore validé)",
    },
    "choice.yes": {"en": "Yes, solved", "fr": "Oui, c'est résolu"},
    "choice.no": {"en": "No, still broken", "fr": "Non, toujours pas"},
    "choice.human": {"en": "Talk to a human", "fr": "Parler à quelqu'un"},
    "choice.none_of_these": {"en": "None of these", "fr": "Aucun de ceux-là"},
    "choice.send": {"en": "Send to support", "fr": "Envoyer au support"},
    "choice.edit": {"en": "Correct it", "fr": "Corriger"},
    "resolved": {
        "en": "Glad it's sorted. I've noted that this article helped, so the next person finds "
        "it faster.",
        "fr": "Parfait. J'ai noté que cet article vous a aidé, pour que la prochaine personne le "
        "trouve plus vite.",
    },
    "disambiguate": {
        "en": "A few articles could fit. Which one matches your situation?",
        "fr": "Plusieurs articles pourraient correspondre. Lequel décrit votre situation ?",
    },
    "found_mid_appraisal": {
        "en": "With what you've told me, this article now fits:",
        "fr": "Avec ces précisions, cet article correspond :",
    },
    "next_candidate": {
        "en": "Sorry about that. Maybe this one instead:",
        "fr": "Désolé. Peut-être plutôt celui-ci :",
    },
    "appraise.intro": {
        "en": "I couldn't find an article that clearly fits, so a few questions to hand this to "
        "the right person:",
        "fr": "Je n'ai pas trouvé d'article qui corresponde clairement. Quelques questions pour "
        "transmettre au bon interlocuteur :",
    },
    "appraise.after_no": {
        "en": "Thanks, I've flagged that the article didn't help. A few questions so support can "
        "take it from here:",
        "fr": "Merci, j'ai signalé que l'article n'a pas aidé. Quelques questions pour que le "
        "support prenne le relais :",
    },
    "request.intro": {
        "en": "I'll pass this request on. So it can be fulfilled without a back-and-forth:",
        "fr": "Je transmets votre demande. Pour qu'elle soit traitée sans aller-retour :",
    },
    "question.no_match": {
        "en": "I don't have an article that answers this yet. I'll pass your question to the "
        "support team.",
        "fr": "Je n'ai pas encore d'article qui réponde à cette question. Je la transmets à "
        "l'équipe support.",
    },
    "statement.intro": {
        "en": "Here is what I'll send to support. Is it right?",
        "fr": "Voici ce que je vais transmettre au support. Est-ce correct ?",
    },
    "statement.edit_prompt": {
        "en": "Tell me what to correct or add, in your own words.",
        "fr": "Dites-moi ce qu'il faut corriger ou ajouter, avec vos mots.",
    },
    "handoff.done": {
        "en": "Sent to support as {ticket_id} (priority {priority}). An agent will reply in "
        "this thread; first response target: {first_response}.",
        "fr": "Transmis au support sous la référence {ticket_id} (priorité {priority}). Un "
        "agent vous répondra dans ce fil ; délai de première réponse visé : {first_response}.",
    },
    "handoff.already": {
        "en": "This is already with support as {ticket_id}. An agent will reply here.",
        "fr": "C'est déjà transmis au support ({ticket_id}). Un agent vous répondra ici.",
    },
    "handoff.claimed": {
        "en": "{name} from support is on it ({ticket_id}) and will reply in this thread.",
        "fr": "{name}, du support, s'en occupe ({ticket_id}) et vous répondra dans ce fil.",
    },
    "handoff.agent_says": {"en": "*{name}* (support): {text}", "fr": "*{name}* (support) : {text}"},
    "handoff.waiting": {
        "en": "{name} from support is waiting for your reply in this thread.",
        "fr": "{name}, du support, attend votre réponse dans ce fil.",
    },
    "handoff.reassigned": {
        "en": "{name} from support now has {ticket_id}.",
        "fr": "{name}, du support, reprend {ticket_id}.",
    },
    "authors.rejected": {
        "en": "🚩 {article_id} ({title}) was rejected {count} times in {days} days. "
        "See the flags and threads in the review queue (Relais's App Home).",
    },
    "authors.flagged": {
        "en": "🚩 {by} flagged {article_id} ({title}): {reason}",
    },
    "authors.review_due": {
        "en": "🗓️ Due for review ({count}): {articles}. Validate each one that is still right, "
        "or edit or archive it, from Relais's App Home.",
    },
    "authors.duplicate": {
        "en": "Draft {article_id} looks like a duplicate of {other} ({title}, similarity "
        "{similarity:.2f}). Authors will merge or keep it on review.",
    },
    "handoff.returned": {
        "en": "Support handed this back to me. Tell me what you still need and I'll search again.",
        "fr": "Le support me redonne la main. Dites-moi ce qu'il vous faut encore et je "
        "cherche à nouveau.",
    },
    "fix.ask": {
        "en": "{name} resolved {ticket_id}: {note}\n\nIs it fixed?",
        "fr": "{name} a résolu {ticket_id} : {note}\n\nEst-ce réglé ?",
    },
    "choice.fixed_yes": {"en": "Yes, it's fixed", "fr": "Oui, c'est réglé"},
    "choice.fixed_no": {"en": "No, still broken", "fr": "Non, toujours pas"},
    "fix.reopened": {
        "en": "Sorry about that. I've reopened {ticket_id}; support will pick it up again in "
        "this thread.",
        "fr": "Désolé. J'ai rouvert {ticket_id} ; le support reprend dans ce fil.",
    },
    "csat.ask": {
        "en": "Glad it's fixed. How would you rate the help you got? (1 = poor, 5 = great)",
        "fr": "Tant mieux. Quelle note donnez-vous à l'aide reçue ? (1 = mauvaise, 5 = excellente)",
    },
    "csat.thanks": {
        "en": "Thank you! Anything to add? Reply here (optional).",
        "fr": "Merci ! Un commentaire ? Répondez ici (facultatif).",
    },
    "csat.comment_thanks": {
        "en": "Thanks, your comment goes to the support team.",
        "fr": "Merci, votre commentaire est transmis à l'équipe support.",
    },
    "notice.reopened": {
        "en": "Requester says it is not fixed: reopened.",
        "fr": "Le demandeur dit que ce n'est pas réglé : rouvert.",
    },
    "sla.still_on_it": {
        "en": "Still on it: {ticket_id} is taking longer than we promised. Support has been "
        "reminded and will reply in this thread.",
        "fr": "Toujours en cours : {ticket_id} prend plus de temps que promis. Le support a été "
        "relancé et vous répondra dans ce fil.",
    },
    "resolved.already": {
        "en": "This conversation is closed. Write a new message to start another one.",
        "fr": "Cette conversation est close. Écrivez un nouveau message pour en commencer une "
        "autre.",
    },
    "error.empty": {
        "en": "I didn't get any text. What do you need help with?",
        "fr": "Je n'ai reçu aucun texte. De quoi avez-vous besoin ?",
    },
    "error.unreadable": {
        "en": "I can't read that message ({reason}). Could you describe the problem in words?",
        "fr": "Je ne peux pas lire ce message ({reason}). Pouvez-vous décrire le problème avec "
        "des mots ?",
    },
    "error.failed": {
        "en": "Sorry, something went wrong on my side and I couldn't answer this. Support has "
        "been told and will follow up here.",
        "fr": "Désolé, un problème de mon côté m'a empêché de répondre. Le support est prévenu "
        "et vous répondra ici.",
    },
    "error.stale_choice": {
        "en": "That choice is no longer available. Reply in words and I'll take it from there.",
        "fr": "Ce choix n'est plus disponible. Répondez avec vos mots et je continue.",
    },
    "slack.not_yours": {
        "en": "Only the person who asked can answer these buttons. To ask something yourself, "
        "send me a message.",
        "fr": "Seule la personne qui a posé la question peut utiliser ces boutons. Pour demander "
        "quelque chose, envoyez-moi un message.",
    },
    "slack.chosen": {"en": "✓ {label}", "fr": "✓ {label}"},
    "slack.unknown_thread": {
        "en": "I no longer have this conversation. Send me a new message and I'll start again.",
        "fr": "Je n'ai plus cette conversation. Envoyez-moi un nouveau message et je reprends.",
    },
    "missing": {"en": "needs more data", "fr": "à compléter"},
    "extent.me": {"en": "Only me", "fr": "Seulement moi"},
    "extent.team": {"en": "My team", "fr": "Mon équipe"},
    "extent.everyone": {"en": "Everyone", "fr": "Tout le monde"},
    "pattern.always": {"en": "Every time", "fr": "À chaque fois"},
    "pattern.sometimes": {"en": "Sometimes", "fr": "Par intermittence"},
    "trend.worse": {"en": "Getting worse", "fr": "Ça empire"},
    "trend.stable": {"en": "Stable", "fr": "Stable"},
    "contact.question": {"en": "How to do something", "fr": "Savoir comment faire"},
    "contact.request": {"en": "Request something", "fr": "Faire une demande"},
    "contact.incident": {"en": "Something stopped working", "fr": "Quelque chose ne marche plus"},
}

# The Kepner-Tregoe appraisal questions of domain.md section 5, by slot.
QUESTIONS: Final[dict[str, dict[str, str]]] = {
    "contact_type": {
        "en": "Are you asking how to do something, requesting something, or did something that "
        "used to work stop working?",
        "fr": "Souhaitez-vous savoir comment faire quelque chose, faire une demande, ou quelque "
        "chose qui fonctionnait ne fonctionne-t-il plus ?",
    },
    "concerns": {
        "en": "Is this one issue or several? Which one blocks you most?",
        "fr": "S'agit-il d'un seul problème ou de plusieurs ? Lequel vous bloque le plus ?",
    },
    "object": {
        "en": "Which exact application, device or service is affected (name, version, feature)?",
        "fr": "Quel(le) application, appareil ou service est précisément concerné(e) (nom, "
        "version, fonction) ?",
    },
    "expected": {
        "en": "What should normally happen?",
        "fr": "Que devrait-il se passer normalement ?",
    },
    "actual": {
        "en": "What happens instead? Paste the exact error message if there is one.",
        "fr": "Que se passe-t-il à la place ? Copiez le message d'erreur exact s'il y en a un.",
    },
    "what_is_not": {
        "en": "Does a similar app, feature or device work fine for you?",
        "fr": "Une application, fonction ou un appareil similaire fonctionne-t-il correctement ?",
    },
    "where": {
        "en": "Where are you when it happens (office, site, home, VPN)? Does it work elsewhere?",
        "fr": "Où êtes-vous quand cela se produit (bureau, site, domicile, VPN) ? Cela "
        "fonctionne-t-il ailleurs ?",
    },
    "where_on_object": {
        "en": "At which step or screen does it fail?",
        "fr": "À quelle étape ou sur quel écran cela échoue-t-il ?",
    },
    "when_first": {
        "en": "When did you first notice it? Did it work before?",
        "fr": "Quand l'avez-vous remarqué pour la première fois ? Cela fonctionnait-il avant ?",
    },
    "when_pattern": {
        "en": "Every time, sometimes, or at specific times?",
        "fr": "À chaque fois, par intermittence, ou à certains moments ?",
    },
    "extent_count": {
        "en": "Is it only you, or colleagues too? About how many?",
        "fr": "Êtes-vous seul(e) concerné(e) ou des collègues aussi ? Combien environ ?",
    },
    "extent_trend": {
        "en": "Getting worse, stable or better?",
        "fr": "La situation empire-t-elle, est-elle stable ou s'améliore-t-elle ?",
    },
    "changes": {
        "en": "Has anything changed recently (update, new device, password, move, permissions)?",
        "fr": "Quelque chose a-t-il changé récemment (mise à jour, nouvel appareil, mot de passe, "
        "déménagement, droits) ?",
    },
    "impact": {
        "en": "What can't you do because of this? Is there a deadline? Do you have a workaround?",
        "fr": "Qu'est-ce que cela vous empêche de faire ? Y a-t-il une échéance ? Avez-vous un "
        "contournement ?",
    },
    "request_what": {
        "en": "What exactly do you need (name of the access, software or equipment)?",
        "fr": "De quoi avez-vous besoin exactement (nom de l'accès, du logiciel ou du matériel) ?",
    },
    "request_for_whom": {
        "en": "Who is it for (you, or someone else: name and team)?",
        "fr": "Pour qui est-ce (vous, ou quelqu'un d'autre : nom et équipe) ?",
    },
    "request_by_when": {"en": "By when do you need it?", "fr": "Pour quand en avez-vous besoin ?"},
}


def t(key: str, lang: str, **values: object) -> str:
    """One message in the requested language (English when unknown), formatted."""
    entry = MESSAGES[key]
    return entry.get(lang, entry["en"]).format(**values)


def question(slot: str, lang: str) -> str:
    entry = QUESTIONS[slot]
    return entry.get(lang, entry["en"])
