"""Every user-facing string, in English and French. `t(key, lang, **values)` formats one."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Final

from babel.dates import format_timedelta

from bot.reports.labels import LABELS as REPORT_LABELS

LANGUAGES: Final = ("en", "fr")

MESSAGES: Final[dict[str, dict[str, str]]] = {
    "answer.intro": {
        "en": "This article looks like a match: {title}",
        "fr": "Cet article semble correspondre : {title}",
    },
    "answer.ask": {"en": "Did this solve it?", "fr": "Est-ce que cela a résolu le problème ?"},
    "answer.ask.question": {
        "en": "Does this answer your question?",
        "fr": "Est-ce que cela répond à votre question ?",
    },
    "answer.will_try": {
        "en": "Sure, take your time. Tell me here whether it solved it.",
        "fr": "Bien sûr, prenez votre temps. Dites-moi ici si cela a résolu le problème.",
    },
    "answer.still_fits": {
        "en": "Thanks, noted. The article above still looks like the answer: did it solve it?",
        "fr": "Merci, c'est noté. L'article ci-dessus semble toujours y répondre : est-ce que "
        "cela a résolu le problème ?",
    },
    "answer.not_validated": {
        "en": "(draft article, not yet validated)",
        "fr": "(article brouillon, pas encore validé)",
    },
    "choice.yes": {"en": "Yes, solved", "fr": "Oui, c'est résolu"},
    "choice.no": {"en": "No, not solved", "fr": "Non, toujours pas"},
    "choice.yes.question": {"en": "Yes, thanks", "fr": "Oui, merci"},
    "choice.no.question": {"en": "No, not quite", "fr": "Non, pas vraiment"},
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
    "next_candidates": {"en": "Sorry about that.", "fr": "Désolé."},
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
    "appraise.after_details": {
        "en": "Thanks, that helps. A few questions so support can take it from here:",
        "fr": "Merci pour ces précisions. Quelques questions pour que le support prenne le "
        "relais :",
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
    "handoff.agent_says": {"en": "{name} (support): {text}", "fr": "{name} (support) : {text}"},
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
        "fr": "🚩 {article_id} ({title}) a été refusé {count} fois en {days} jours. "
        "Voir les signalements et les fils dans la file de revue (App Home de Relais).",
    },
    "authors.flagged": {
        "en": "🚩 {by} flagged {article_id} ({title}): {reason}",
        "fr": "🚩 {by} a signalé {article_id} ({title}) : {reason}",
    },
    "authors.review_due": {
        "en": "🗓️ Due for review ({count}): {articles}. Validate each one that is still right, "
        "or edit or archive it, from Relais's App Home.",
        "fr": "🗓️ À revoir ({count}) : {articles}. Validez chacun s'il est toujours juste, "
        "ou modifiez-le ou archivez-le, depuis l'App Home de Relais.",
    },
    "authors.duplicate": {
        "en": "Draft {article_id} looks like a duplicate of {other} ({title}, similarity "
        "{similarity:.2f}). Authors will merge or keep it on review.",
        "fr": "Le brouillon {article_id} ressemble à un doublon de {other} ({title}, similarité "
        "{similarity:.2f}). Les auteurs le fusionneront ou le garderont à la revue.",
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
    "courtesy.hello": {
        "en": "Hi! What can I help you with? Describe the problem or what you need in a "
        "sentence or two.",
        "fr": "Bonjour ! Que puis-je faire pour vous ? Décrivez le problème ou votre "
        "besoin en une ou deux phrases.",
    },
    "courtesy.thanks": {
        "en": "You're welcome! Write here whenever you need help.",
        "fr": "Avec plaisir ! Écrivez-moi ici dès que vous avez besoin d'aide.",
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
    # -- the problem statement, as an agent and the employee read it ----------------------
    "st.heading.incident": {"en": "Problem", "fr": "Problème"},
    "st.heading.request": {"en": "Request", "fr": "Demande"},
    "st.heading.question": {"en": "Question", "fr": "Question"},
    "st.contact_type": {"en": "Type", "fr": "Type"},
    "contact_type.incident": {"en": "incident", "fr": "incident"},
    "contact_type.request": {"en": "request", "fr": "demande"},
    "contact_type.question": {"en": "question", "fr": "question"},
    "field.title": {"en": "Title", "fr": "Titre"},
    "field.object": {"en": "Affected", "fr": "Concerne"},
    "field.question_object": {"en": "About", "fr": "Sujet"},  # what a how-to question is about
    "field.expected": {"en": "Expected", "fr": "Attendu"},
    "field.actual": {"en": "What happens (IS)", "fr": "Ce qui se passe (EST)"},
    "field.what_is_not": {"en": "What works (IS NOT)", "fr": "Ce qui fonctionne (N'EST PAS)"},
    "field.where": {"en": "Where (IS)", "fr": "Où (EST)"},
    "field.where_is_not": {"en": "Where not (IS NOT)", "fr": "Où pas (N'EST PAS)"},
    "field.where_on_object": {"en": "At which step", "fr": "À quelle étape"},
    "field.when_first": {"en": "Since", "fr": "Depuis"},
    "field.when_pattern": {"en": "How often", "fr": "Fréquence"},
    "field.extent_count": {"en": "Who is affected", "fr": "Qui est concerné"},
    "field.extent_trend": {"en": "Trend", "fr": "Tendance"},
    "field.changes": {"en": "Recent changes", "fr": "Changements récents"},
    "field.impact": {"en": "What it stops", "fr": "Ce que cela empêche"},
    "field.question_impact": {"en": "What depends on it", "fr": "Ce qui en dépend"},
    "field.workaround": {"en": "Workaround", "fr": "Contournement"},
    "field.deadline": {"en": "Business need", "fr": "Besoin métier"},
    "field.priority": {"en": "Priority", "fr": "Priorité"},
    "field.request_what": {"en": "Requested", "fr": "Demandé"},
    "field.request_for_whom": {"en": "For", "fr": "Pour"},
    "field.request_by_when": {"en": "Needed by", "fr": "Échéance"},
    "field.request_why": {"en": "Why", "fr": "Pourquoi"},
    "field.request_where": {"en": "Where", "fr": "Où"},
    "field.request_approval": {"en": "Approval", "fr": "Accord"},
    "field.owning_team": {"en": "Owning team", "fr": "Équipe responsable"},
    "field.fulfilment": {"en": "Fulfilment target", "fr": "Délai de traitement visé"},
    "field.question": {"en": "Asked", "fr": "Question posée"},
    "field.tried": {"en": "Already tried", "fr": "Déjà essayé"},
    "field.missing": {"en": "Still unknown", "fr": "Encore inconnu"},
    "field.corrections": {"en": "Also said by the requester", "fr": "Précisé par le demandeur"},
    "field.verbatim": {"en": "In their words", "fr": "Dans ses mots"},
    "field.separator": {"en": "{label}: {value}", "fr": "{label} : {value}"},
    "st.no_workaround": {"en": "none", "fr": "aucun"},
    "st.no_change": {"en": "none that they know of", "fr": "aucun à sa connaissance"},
    "st.not_stated": {"en": "not stated", "fr": "non précisé"},
    "st.priority_line": {
        "en": "{priority} (impact {impact}, urgency {urgency}). {why}",
        "fr": "{priority} (impact {impact}, urgence {urgency}). {why}",
    },
    "impact.high": {"en": "high", "fr": "élevé"},
    "impact.medium": {"en": "medium", "fr": "moyen"},
    "impact.low": {"en": "low", "fr": "faible"},
    "urgency.high": {"en": "high", "fr": "élevée"},
    "urgency.medium": {"en": "medium", "fr": "moyenne"},
    "urgency.low": {"en": "low", "fr": "faible"},
    "reason.organisation": {
        "en": "a whole group is affected ({evidence})",
        "fr": "tout un groupe est touché ({evidence})",
    },
    "reason.critical_service_many": {
        "en": "a critical service ({evidence}) fails for several people",
        "fr": "un service critique ({evidence}) est en panne pour plusieurs personnes",
    },
    "reason.critical_service_deadline": {
        "en": "a critical run ({evidence}) is due",
        "fr": "un traitement critique ({evidence}) est attendu",
    },
    "reason.one_booking": {
        "en": "one booking or item ({evidence})",
        "fr": "une réservation ou un équipement ({evidence})",
    },
    "reason.critical_service": {
        "en": "a critical service ({evidence})",
        "fr": "un service critique ({evidence})",
    },
    "reason.several": {
        "en": "several people ({evidence})",
        "fr": "plusieurs personnes ({evidence})",
    },
    "reason.one_user": {"en": "one person ({evidence})", "fr": "une personne ({evidence})"},
    "reason.extent_unknown": {
        "en": "one person as far as we know",
        "fr": "une personne à notre connaissance",
    },
    "reason.extent_unknown_urgent": {
        "en": "who is affected not said yet, taken as wide since it was reported as urgent",
        "fr": "personnes touchées pas encore précisées, considérées comme nombreuses car le "
        "signalement est urgent",
    },
    "reason.extent_unknown_others_work": {
        "en": "who is affected not said yet; the others work ({evidence})",
        "fr": "personnes touchées pas encore précisées ; les autres fonctionnent ({evidence})",
    },
    "reason.not_urgent": {
        "en": "the requester said it can wait",
        "fr": "le demandeur a dit que cela peut attendre",
    },
    "reason.said_urgent": {"en": "said “{evidence}”", "fr": "a dit « {evidence} »"},
    "reason.critical_role": {
        "en": "one person in a critical role ({evidence})",
        "fr": "une personne à un poste critique ({evidence})",
    },
    "reason.security_exposure": {
        "en": "an account or credentials may be in someone else's hands (“{evidence}”)",
        "fr": "un compte ou des identifiants peuvent être entre d'autres mains (« {evidence} »)",
    },
    "reason.security_exposure_now": {
        "en": "a security exposure to contain before it is used",
        "fr": "une exposition de sécurité à contenir avant qu'elle soit exploitée",
    },
    "reason.deadline_soon": {"en": "deadline {evidence}", "fr": "échéance {evidence}"},
    "reason.work_stopped": {"en": "work is stopped", "fr": "le travail est arrêté"},
    "reason.no_workaround": {"en": "no workaround", "fr": "aucun contournement"},
    "reason.workaround": {"en": "a workaround exists", "fr": "un contournement existe"},
    "reason.deadline_week": {"en": "needed {evidence}", "fr": "attendu {evidence}"},
    "reason.deadline_later": {
        "en": "needed {evidence}: there is time to answer",
        "fr": "attendu {evidence} : il y a le temps de répondre",
    },
    "reason.replaces_broken": {
        "en": "replaces something broken ({evidence})",
        "fr": "remplace un équipement hors d'usage ({evidence})",
    },
    "reason.degraded": {"en": "degraded, not stopped", "fr": "dégradé, pas arrêté"},
    "reason.not_working": {
        "en": "it does not work, no deadline given",
        "fr": "cela ne fonctionne pas, sans échéance donnée",
    },
    "reason.business_loss": {
        "en": "the business is losing money or customers ({evidence})",
        "fr": "l'entreprise perd de l'argent ou des clients ({evidence})",
    },
    "reason.losing_now": {
        "en": "losses go on while it lasts ({evidence})",
        "fr": "les pertes continuent tant que cela dure ({evidence})",
    },
    "reason.can_wait": {"en": "no deadline given", "fr": "aucune échéance donnée"},
    "reason.grown": {
        "en": "raised one level: it is getting worse",
        "fr": "relevée d'un niveau : la situation empire",
    },
    "reason.overridden": {
        "en": "the requester asked for {priority} (the matrix gave {matrix})",
        "fr": "le demandeur a demandé {priority} (la matrice donnait {matrix})",
    },
    "reason.impact": {"en": "Impact: {why}", "fr": "Impact : {why}"},
    "reason.urgency": {"en": "urgency: {why}", "fr": "urgence : {why}"},
    "trail.helped": {"en": "{article} helped", "fr": "{article} a aidé"},
    "trail.did not help": {"en": "{article} did not help", "fr": "{article} n'a pas aidé"},
    "trail.picked": {"en": "{article} chosen", "fr": "{article} choisi"},
    "trail.none of these": {
        "en": "none of {article} fitted",
        "fr": "aucun de {article} ne convenait",
    },
    "trail.nothing": {"en": "no article fitted", "fr": "aucun article ne convenait"},
    "missing.object": {
        "en": "which application or device",
        "fr": "l'application ou l'appareil concerné",
    },
    "missing.expected": {"en": "what should happen", "fr": "ce qui devrait se passer"},
    "missing.actual": {
        "en": "what happens (the exact error)",
        "fr": "ce qui se passe (l'erreur exacte)",
    },
    "missing.what_is_not": {
        "en": "what similar thing works",
        "fr": "ce qui fonctionne de similaire",
    },
    "missing.where": {"en": "where it happens", "fr": "où cela se produit"},
    "missing.where_on_object": {"en": "at which step it fails", "fr": "à quelle étape cela échoue"},
    "missing.when_first": {"en": "when it started", "fr": "depuis quand"},
    "missing.when_pattern": {"en": "how often", "fr": "à quelle fréquence"},
    "missing.extent_count": {
        "en": "how many people are affected",
        "fr": "combien de personnes sont concernées",
    },
    "missing.extent_trend": {"en": "whether it is getting worse", "fr": "si la situation empire"},
    "missing.changes": {"en": "what changed recently", "fr": "ce qui a changé récemment"},
    "missing.impact": {
        "en": "what it stops and by when",
        "fr": "ce que cela empêche et pour quand",
    },
    "missing.request_what": {"en": "what exactly is needed", "fr": "ce qui est demandé exactement"},
    "missing.request_for_whom": {"en": "who it is for", "fr": "pour qui"},
    "missing.request_by_when": {"en": "by when", "fr": "pour quand"},
    "missing.request_why": {"en": "what it is for", "fr": "à quoi cela servira"},
    "missing.contact_type": {"en": "what kind of help is needed", "fr": "le type d'aide attendu"},
    "missing.concerns": {"en": "which issue matters most", "fr": "quel problème compte le plus"},
    "answer.negative.changes": {"en": "nothing changed", "fr": "rien n'a changé"},
    # -- correcting the statement ----------------------------------------------------------
    "edit.pick_field": {
        "en": "Which part should I correct? Pick one, then type the right text.",
        "fr": "Quelle partie dois-je corriger ? Choisissez-en une, puis écrivez le bon texte.",
    },
    "edit.type_value": {
        "en": "Type the new text for “{label}” (now: {value}).",
        "fr": "Écrivez le nouveau texte pour « {label} » (actuellement : {value}).",
    },
    "edit.done": {"en": "Done, show me the statement", "fr": "Terminé, montrez-moi le résumé"},
    "edit.required": {"en": "This can't be empty.", "fr": "Ce champ ne peut pas être vide."},
    "edit.too_long": {
        "en": "At most {limit} characters here (you wrote {length}).",
        "fr": "{limit} caractères au plus ici (vous en avez écrit {length}).",
    },
    "edit.modal_title": {"en": "Correct the summary", "fr": "Corriger le résumé"},
    "edit.modal_submit": {"en": "Save", "fr": "Enregistrer"},
    "edit.modal_cancel": {"en": "Cancel", "fr": "Annuler"},
    "edit.empty_value": {"en": "(empty)", "fr": "(vide)"},
    # -- requests and questions ------------------------------------------------------------
    "request.handoff_done": {
        "en": "Sent {to_team} as {ticket_id}. Target: a first reply within {first_response}"
        "{fulfilment}. They will follow up in this thread.",
        "fr": "Transmis {to_team} sous la référence {ticket_id}. Objectif : une première réponse "
        "sous {first_response}{fulfilment}. Le suivi se fera dans ce fil.",
    },
    "request.fulfilment": {"en": ", fulfilled by {by}", "fr": ", traitée pour {by}"},
    "request.fulfilment_said": {
        "en": ", fulfilled for the date you gave (“{by}”)",
        "fr": ", traitée pour la date donnée (« {by} »)",
    },
    "request.default_team": {"en": "the service desk", "fr": "le centre de services"},
    "question.handoff_done": {
        "en": "Sent your question to support as {ticket_id}. An agent will answer in this "
        "thread within {first_response}.",
        "fr": "Votre question est transmise au support sous la référence {ticket_id}. Un agent "
        "vous répondra dans ce fil sous {first_response}.",
    },
    "handoff.terminal": {
        "en": "Support has {ticket_id}. This terminal chat is not watched by agents: they will "
        "follow up by {channel}. Type /new to start another conversation.",
        "fr": "Le support a {ticket_id}. Les agents ne suivent pas ce chat en terminal : ils "
        "reviendront vers vous par {channel}. Tapez /new pour une autre conversation.",
    },
    "handoff.terminal_channel": {"en": "Slack or email", "fr": "Slack ou e-mail"},
    "duration.business_days": {
        "en": "{count} business day|{count} business days",
        "fr": "{count} jour ouvré|{count} jours ouvrés",
    },
    "duration.business_hours": {
        "en": "{count} business hour|{count} business hours",
        "fr": "{count} heure ouvrée|{count} heures ouvrées",
    },
    "duration.business_minutes": {
        "en": "{count} business minute|{count} business minutes",
        "fr": "{count} minute ouvrée|{count} minutes ouvrées",
    },
    # -- waiting for a verdict ----------------------------------------------------------------
    "fix.ask_again": {
        "en": "I've passed that on to {ticket_id}. Is it fixed now?",
        "fr": "Je l'ai transmis pour {ticket_id}. Est-ce réglé maintenant ?",
    },
    "csat.ask_again": {
        "en": "Noted and passed on. How would you rate the help you got, from 1 (poor) to 5 "
        "(great)?",
        "fr": "C'est noté et transmis. Quelle note donnez-vous à l'aide reçue, de 1 (mauvaise) "
        "à 5 (excellente) ?",
    },
    "feedback.ask_again": {
        "en": "Before I search again: did “{title}” solve it?",
        "fr": "Avant de chercher à nouveau : « {title} » a-t-il résolu le problème ?",
    },
    "disambiguate.ask_again": {
        "en": "Which of these matches, or none of them?",
        "fr": "Lequel correspond, ou aucun ?",
    },
    "confirm.ask_again": {
        "en": "Shall I send this to support as it is, or correct it first?",
        "fr": "Je l'envoie au support tel quel, ou vous le corrigez d'abord ?",
    },
    "appraise.one_more": {"en": "Thanks. One more:", "fr": "Merci. Encore une question :"},
    # -- the terminal chat ---------------------------------------------------------------------
    "chat.welcome": {
        "en": "Relais chat. Describe your problem or question; /help lists commands (Ctrl-D quits).",
        "fr": "Chat Relais. Décrivez votre problème ou votre question ; /help liste les commandes "
        "(Ctrl-D pour quitter).",
    },
    "chat.help": {
        "en": "Commands: /new starts a fresh conversation, /help shows this, /quit leaves. Answer "
        "a choice by its number or in words.",
        "fr": "Commandes : /new commence une nouvelle conversation, /help affiche cette aide, /quit "
        "quitte. Répondez à un choix par son numéro ou avec vos mots.",
    },
    "chat.no_such_choice": {
        "en": "There is no choice {number}: type a number from 1 to {last}, or answer in words.",
        "fr": "Il n'y a pas de choix {number} : tapez un numéro de 1 à {last}, ou répondez avec "
        "vos mots.",
    },
    "chat.new": {
        "en": "New conversation. What do you need?",
        "fr": "Nouvelle conversation. De quoi avez-vous besoin ?",
    },
    "slack.truncated": {
        "en": '(truncated: press "Talk to a human" and an agent will share the full article)',
        "fr": "(tronqué : appuyez sur « Parler à quelqu'un » et un agent vous donnera l'article "
        "complet)",
    },
    "error.internal": {
        "en": "Something went wrong on my side. Support has been told; please try again in a "
        "moment.",
        "fr": "Un problème est survenu de mon côté. Le support est prévenu ; réessayez dans un "
        "instant.",
    },
    # -- agents: the triage card, the App Home, refusals -------------------------------------
    "card.requester": {"en": "Requester", "fr": "Demandeur"},
    "card.type": {"en": "Type", "fr": "Type"},
    "card.priority": {"en": "Priority", "fr": "Priorité"},
    "card.status": {"en": "Status", "fr": "Statut"},
    "card.first_response_due": {"en": "First response due", "fr": "Première réponse avant"},
    "card.resolution_due": {"en": "Resolution due", "fr": "Résolution avant"},
    "card.planned": {"en": "planned (no clock)", "fr": "planifié (sans délai)"},
    "card.open": {"en": "Open: nobody has claimed it yet", "fr": "Ouvert : personne ne l'a pris"},
    "card.taken": {"en": "{status} by {name}", "fr": "{status} par {name}"},
    "card.overridden": {
        "en": "The requester asked for it (the matrix said {matrix})",
        "fr": "Demandée par le demandeur (la matrice donnait {matrix})",
    },
    "card.statement": {"en": "Problem statement", "fr": "Énoncé du problème"},
    "card.is": {"en": "IS", "fr": "EST"},
    "card.is_not": {"en": "IS NOT", "fr": "N'EST PAS"},
    "card.dim.what": {"en": "WHAT", "fr": "QUOI"},
    "card.dim.where": {"en": "WHERE", "fr": "OÙ"},
    "card.dim.when": {"en": "WHEN", "fr": "QUAND"},
    "card.dim.extent": {"en": "EXTENT", "fr": "ÉTENDUE"},
    "card.tried": {"en": "What Relais already tried", "fr": "Ce que Relais a déjà essayé"},
    "card.tried_by_requester": {
        "en": "Already tried by the requester",
        "fr": "Déjà essayé par le demandeur",
    },
    "card.no_article": {"en": "no article", "fr": "aucun article"},
    "card.nothing_tried": {
        "en": "Nothing: it came straight to support.",
        "fr": "Rien : la demande est venue directement au support.",
    },
    "card.thread": {"en": "Open the employee's thread", "fr": "Ouvrir le fil de l'employé"},
    "card.claim": {"en": "Claim", "fr": "Prendre"},
    "card.assign": {"en": "Assign to…", "fr": "Attribuer à…"},
    "card.reassign": {"en": "Reassign to…", "fr": "Réattribuer à…"},
    "card.note": {"en": "Private note", "fr": "Note privée"},
    "card.resolve": {"en": "Resolve", "fr": "Résoudre"},
    "card.waiting": {"en": "Waiting on requester", "fr": "En attente du demandeur"},
    "card.set_priority": {"en": "Set priority", "fr": "Changer la priorité"},
    "card.hand_back": {"en": "Hand back to the bot", "fr": "Rendre la main au bot"},
    "status.open": {"en": "Open", "fr": "Ouvert"},
    "status.claimed": {"en": "Claimed", "fr": "Pris en charge"},
    "status.waiting": {"en": "Waiting", "fr": "En attente"},
    "status.resolved": {"en": "Resolved", "fr": "Résolu"},
    "status.returned": {"en": "Handed back", "fr": "Rendu au bot"},
    "home.welcome": {
        "en": "Ask me anything about IT and workplace support in the Messages tab. If no article "
        "fits, I'll pass it to a person.",
        "fr": "Posez-moi vos questions d'informatique et de services généraux dans l'onglet "
        "Messages. Si aucun article ne convient, je transmets à une personne.",
    },
    "home.next_intro": {
        "en": "Take the next ticket in the queue: no cherry-picking.",
        "fr": "Prenez le ticket suivant de la file : pas de tri à la carte.",
    },
    "home.next_button": {"en": "Next ticket", "fr": "Ticket suivant"},
    "home.your_tickets": {"en": "Your tickets", "fr": "Vos tickets"},
    "home.none_now": {"en": "None right now.", "fr": "Aucun pour l'instant."},
    "agent.only_agents": {
        "en": "Only support agents can do this.",
        "fr": "Seuls les agents du support peuvent faire cela.",
    },
    "agent.own_already": {"en": "You already own {ref}.", "fr": "Vous avez déjà {ref}."},
    "agent.claimed_by": {
        "en": "{ref} is already claimed by {owner}.",
        "fr": "{ref} est déjà pris par {owner}.",
    },
    "agent.not_agent": {
        "en": "{name} is not an agent.",
        "fr": "{name} n'est pas agent du support.",
    },
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
    "what_is_not.process": {
        "en": "Do others of the same kind go through fine (another report, an earlier month)?",
        "fr": "D'autres du même type passent-ils normalement (une autre demande, un mois "
        "précédent) ?",
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
    "extent_count.how_many": {
        "en": "About how many of them are affected?",
        "fr": "Combien sont concernés, environ ?",
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
    "question_need": {
        "en": "So that the right person answers in time: by when do you need this, and what "
        "depends on it?",
        "fr": "Pour qu'on vous réponde à temps : pour quand en avez-vous besoin, et qu'est-ce qui "
        "en dépend ?",
    },
    # The impact question, part by part: only the parts not yet said are asked.
    "impact.stops": {
        "en": "What can't you do because of this?",
        "fr": "Qu'est-ce que cela vous empêche de faire ?",
    },
    "impact.when": {"en": "Is there a deadline?", "fr": "Y a-t-il une échéance ?"},
    "impact.workaround": {
        "en": "Do you have a workaround?",
        "fr": "Avez-vous un contournement ?",
    },
    "request_what": {
        "en": "What exactly do you need (name of the access, software or equipment)?",
        "fr": "De quoi avez-vous besoin exactement (nom de l'accès, du logiciel ou du matériel) ?",
    },
    "request_for_whom": {
        "en": "Who is it for (you, or someone else: name and team)?",
        "fr": "Pour qui est-ce (vous, ou quelqu'un d'autre : nom et équipe) ?",
    },
    "request_for_whom.name": {
        "en": "What is their full name (and team, if not yours)?",
        "fr": "Quel est son nom complet (et son équipe, si ce n'est pas la vôtre) ?",
    },
    "request_by_when": {"en": "By when do you need it?", "fr": "Pour quand en avez-vous besoin ?"},
    "request_why": {
        "en": "What is it for (the business reason)?",
        "fr": "À quoi cela va-t-il servir (la raison métier) ?",
    },
}


_FRENCH_SPACE = re.compile(r" ([:;?!»])|(«) ")


def french_typography(text: str) -> str:
    """A non-breaking space before : ; ? ! and inside « », as French typesetting wants."""
    return _FRENCH_SPACE.sub(
        lambda m: f"\u00a0{m.group(1)}" if m.group(1) else f"{m.group(2)}\u00a0", text
    )


def _typeset(catalogue: dict[str, dict[str, str]]) -> None:
    for entry in catalogue.values():
        if "fr" in entry:
            entry["fr"] = french_typography(entry["fr"])


MESSAGES.update({f"report.{key}": dict(entry) for key, entry in REPORT_LABELS.items()})

# Knowledge authors' screens: the review queue, the gap report and the authoring modals.
AUTHOR_MESSAGES: Final[dict[str, dict[str, str]]] = {
    "evidence.draft": {"en": "Draft", "fr": "Brouillon"},
    "evidence.flag": {"en": "Flagged", "fr": "Signalé"},
    "evidence.rejected": {"en": "Rejected by an employee", "fr": "Refusé par un employé"},
    "evidence.followed_steps": {
        "en": "Rejected: followed the steps, still fails",
        "fr": "Refusé : étapes suivies, toujours en échec",
    },
    "evidence.often_rejected": {"en": "Often rejected", "fr": "Souvent refusé"},
    "evidence.duplicate": {"en": "Possible duplicate", "fr": "Doublon possible"},
    "evidence.due": {"en": "Due for review", "fr": "Revue à faire"},
    "author.queue": {"en": "Review queue", "fr": "File de revue"},
    "author.queue_empty": {
        "en": "Nothing to review: no drafts, flags, rejections or due reviews.",
        "fr": "Rien à revoir : aucun brouillon, signalement, refus ni revue due.",
    },
    "author.compliance": {"en": "compliance", "fr": "conformité"},
    "author.standard": {"en": "content standard {percent}%", "fr": "norme de contenu {percent} %"},
    "author.misses": {"en": "Misses: {items}", "fr": "Manque : {items}"},
    "author.thread": {"en": "thread", "fr": "fil"},
    "author.by": {"en": " by {who}", "fr": " par {who}"},
    "author.more": {"en": "…and {count} more.", "fr": "… et {count} de plus."},
    "author.validate": {"en": "Validate", "fr": "Valider"},
    "author.edit": {"en": "Edit", "fr": "Modifier"},
    "author.audience": {"en": "Audience", "fr": "Public"},
    "author.merge_into": {"en": "Merge into…", "fr": "Fusionner dans…"},
    "author.phrasings": {"en": "Phrasings", "fr": "Formulations"},
    "author.archive": {"en": "Archive", "fr": "Archiver"},
    "author.gaps": {"en": "Knowledge gaps", "fr": "Lacunes de la base"},
    "author.no_gaps": {
        "en": "No gaps in the last {days} days.",
        "fr": "Aucune lacune ces {days} derniers jours.",
    },
    "author.gap_line": {
        "en": "*{rank}. {title}*: {size} conversations, weight {weight}",
        "fr": "*{rank}. {title}* : {size} conversations, poids {weight}",
    },
    "author.draft_this": {"en": "Draft an article for this", "fr": "Rédiger un article"},
    "author.cancel": {"en": "Cancel", "fr": "Annuler"},
    "author.why": {
        "en": "Why (kept in the article's history)",
        "fr": "Pourquoi (gardé dans l'historique de l'article)",
    },
    "author.archive_text": {
        "en": "Archive *{title}*: it stays in history, out of search.",
        "fr": "Archiver *{title}* : il reste dans l'historique, hors de la recherche.",
    },
    "author.audience_employees": {
        "en": "Employees (the bot may show it)",
        "fr": "Employés (le bot peut le montrer)",
    },
    "author.audience_internal": {
        "en": "Internal (agents only)",
        "fr": "Interne (agents seulement)",
    },
    "author.who_may_see": {"en": "Who may see it", "fr": "Qui peut le voir"},
    "author.save": {"en": "Save", "fr": "Enregistrer"},
    "author.merge": {"en": "Merge", "fr": "Fusionner"},
    "author.merge_text": {
        "en": "Merge *{title}* into another article: its phrasings and links move there, and it "
        "is archived.",
        "fr": "Fusionner *{title}* dans un autre article : ses formulations et liens y sont "
        "déplacés, puis il est archivé.",
    },
    "author.keep_this": {"en": "Keep this article", "fr": "Article à garder"},
    "author.search_kb": {"en": "Search the knowledge base", "fr": "Chercher dans la base"},
    "author.edit_title": {"en": "Edit article", "fr": "Modifier l'article"},
    "author.title_label": {
        "en": "Title (issue + environment)",
        "fr": "Titre (problème + environnement)",
    },
    "author.issue_kept": {
        "en": "*Issue* (the requesters' words: kept, never rewritten)",
        "fr": "*Problème* (les mots des demandeurs : gardés, jamais réécrits)",
    },
    "author.add_issue": {
        "en": "Add Issue phrasings (one per line)",
        "fr": "Ajouter des formulations du problème (une par ligne)",
    },
    "author.environment": {
        "en": "Environment (one per line)",
        "fr": "Environnement (un par ligne)",
    },
    "author.resolution": {"en": "Resolution", "fr": "Résolution"},
    "author.cause": {"en": "Cause", "fr": "Cause"},
    "author.not_for": {
        "en": "Not for: close questions this article does not resolve (one per line)",
        "fr": "Ne couvre pas : questions proches que cet article ne résout pas (une par ligne)",
    },
    "author.no_phrasings": {
        "en": 'No confirmed phrasings yet: they come from employees\' "yes" answers.',
        "fr": "Aucune formulation confirmée pour l'instant : elles viennent des « oui » des employés.",
    },
    "author.close": {"en": "Close", "fr": "Fermer"},
    "author.not_for_button": {"en": "Not for…", "fr": "Ne couvre pas…"},
    "author.not_for_title": {"en": "Not for this article", "fr": "Hors du champ"},
    "author.not_for_now": {
        "en": "*Not for* (close questions it does not resolve: never answered with it)",
        "fr": "*Ne couvre pas* (questions proches qu'il ne résout pas : jamais répondues avec lui)",
    },
    "author.none": {"en": "none yet", "fr": "aucune pour l'instant"},
    "author.rejected_for": {
        "en": "*Employees said it did not help for:*",
        "fr": "*Les employés ont dit qu'il n'aidait pas pour :*",
    },
    "author.not_for_these": {
        "en": "Questions this article does not resolve",
        "fr": "Questions que cet article ne résout pas",
    },
    "author.not_for_save": {"en": "Add to Not for", "fr": "Ajouter"},
    "author.no_rejections": {
        "en": "No open rejections: edit the Not for lines with Edit.",
        "fr": "Aucun refus en attente : modifiez les lignes avec Modifier.",
    },
    "author.pick_questions": {
        "en": "Pick at least one question.",
        "fr": "Choisissez au moins une question.",
    },
    "author.ruled_out": {
        "en": "{count} question(s) added to what {slug} does not resolve; it will no longer "
        "answer them.",
        "fr": "{count} question(s) ajoutée(s) à ce que {slug} ne couvre pas ; il n'y répondra "
        "plus.",
    },
    "author.confirmed": {
        "en": '*Confirmed phrasings* (employees said "yes" after these)',
        "fr": "*Formulations confirmées* (les employés ont répondu « oui » après celles-ci)",
    },
    "author.remove_these": {"en": "Remove these", "fr": "Retirer celles-ci"},
    "author.remove": {"en": "Remove", "fr": "Retirer"},
    "author.draft_title": {"en": "Draft an article", "fr": "Rédiger un article"},
    "author.issue_words": {
        "en": "Issue, in the requesters' words (one per line)",
        "fr": "Problème, dans les mots des demandeurs (une ligne chacun)",
    },
    "author.resolution_wip": {
        "en": "Resolution (empty: work in progress)",
        "fr": "Résolution (vide : travail en cours)",
    },
    "author.owner": {"en": "Owning team", "fr": "Équipe responsable"},
    "author.draft": {"en": "Draft", "fr": "Rédiger"},
    "author.flag_title": {"en": "Flag article", "fr": "Signaler l'article"},
    "author.flag_text": {
        "en": "Flag *{title}* `{id}` for its owners.",
        "fr": "Signaler *{title}* `{id}` à ses responsables.",
    },
    "author.flag_reason": {"en": "What is wrong with it", "fr": "Ce qui ne va pas"},
    "author.flag": {"en": "Flag", "fr": "Signaler"},
    "author.not_saved": {
        "en": "Not saved ({slug}): {error}",
        "fr": "Non enregistré ({slug}) : {error}",
    },
    "author.validated": {"en": "Validated {slug}.", "fr": "{slug} validé."},
    "author.archived": {"en": "Archived {slug}.", "fr": "{slug} archivé."},
    "author.audience_set": {
        "en": "{slug} is now for {audience}.",
        "fr": "{slug} est maintenant destiné à : {audience}.",
    },
    "author.pick_target": {
        "en": "Pick the article to merge into.",
        "fr": "Choisissez l'article dans lequel fusionner.",
    },
    "author.merged": {"en": "Merged {slug} into {target}.", "fr": "{slug} fusionné dans {target}."},
    "author.pick_phrasings": {
        "en": "Pick the phrasings to remove.",
        "fr": "Choisissez les formulations à retirer.",
    },
    "author.removed": {
        "en": "Removed {count} phrasing(s) from {slug}.",
        "fr": "{count} formulation(s) retirée(s) de {slug}.",
    },
    "author.saved": {"en": "Saved {slug}.", "fr": "{slug} enregistré."},
    "author.not_your_team": {
        "en": "You don't author for this team.",
        "fr": "Vous n'êtes pas auteur pour cette équipe.",
    },
    "author.drafted": {"en": "Drafted {id} ({state}).", "fr": "Brouillon {id} créé ({state})."},
    "author.not_drafted": {"en": "Not drafted: {error}", "fr": "Brouillon non créé : {error}"},
    "author.flag_who": {
        "en": "Only support agents and knowledge authors can flag articles.",
        "fr": "Seuls les agents du support et les auteurs peuvent signaler un article.",
    },
    "author.flag_not_article": {
        "en": "This message is not an article answer: nothing to flag.",
        "fr": "Ce message n'est pas une réponse tirée d'un article : rien à signaler.",
    },
}
MESSAGES.update(AUTHOR_MESSAGES)

# A conversation opened from someone's message (a :ticket: reaction or "Get help with this").
MESSAGES.update(
    {
        "intake.taken": {
            "en": "{author}, I'll take this from here: {asker} asked me to help with your "
            "message. If you don't need help, press *Not needed*.",
            "fr": "{author}, je prends le relais : {asker} m'a demandé de vous aider avec "
            "votre message. Si vous n'avez pas besoin d'aide, appuyez sur *Pas besoin*.",
        },
        "intake.taken_self": {
            "en": "I'll take this from here. If you don't need help after all, press *Not needed*.",
            "fr": "Je prends le relais. Si finalement vous n'avez pas besoin d'aide, appuyez sur "
            "*Pas besoin*.",
        },
        "choice.not_needed": {"en": "Not needed", "fr": "Pas besoin"},
        "intake.not_needed_done": {
            "en": "OK, I'll leave this thread. Mention me here if you need help after all.",
            "fr": "D'accord, je laisse ce fil. Mentionnez-moi ici si vous avez besoin d'aide.",
        },
        "intake.solved": {
            "en": "Marked as solved. Thanks for letting me know!",
            "fr": "Marqué comme résolu. Merci de l'avoir signalé !",
        },
        "intake.solved_ticket": {
            "en": "Marked as solved: {ticket_id} is closed. Thanks for letting me know!",
            "fr": "Marqué comme résolu : {ticket_id} est clos. Merci de l'avoir signalé !",
        },
        "intake.not_here": {
            "en": "Relais doesn't open conversations from messages in this channel. Send me a "
            "direct message instead.",
            "fr": "Relais n'ouvre pas de conversation à partir des messages de ce canal. "
            "Écrivez-moi plutôt en message direct.",
        },
        "intake.from_bot": {
            "en": "That message comes from an app, so there is nobody to help with it.",
            "fr": "Ce message vient d'une application : il n'y a personne à aider.",
        },
        "intake.requester_solved_agents": {
            "en": "✅ {ticket_id} marked solved by the requester ({why}).",
            "fr": "✅ {ticket_id} marqué résolu par le demandeur ({why}).",
        },
    }
)
# Known issues (bot/known/, bot/conversation/known.py, bot/slack/known.py): what the
# employees who hit one hear, and what agents see in the status and triage channels.
KNOWN_MESSAGES: Final[dict[str, dict[str, str]]] = {
    "known.answer": {
        "en": "This is a known issue: {title}.{affected}\nWorkaround: {workaround}\n"
        "I'll tell you here when it is fixed.",
        "fr": "C'est un problème connu : {title}.{affected}\nContournement : {workaround}\n"
        "Je vous préviens ici dès qu'il est corrigé.",
    },
    "known.affected": {"en": "\nAffected: {affected}", "fr": "\nConcerné : {affected}"},
    "known.no_workaround": {
        "en": "none yet, support is on it",
        "fr": "aucun pour l'instant, le support s'en occupe",
    },
    "choice.not_mine": {"en": "Not my problem", "fr": "Ce n'est pas mon problème"},
    "choice.notify": {"en": "Tell me when fixed", "fr": "Prévenez-moi quand c'est corrigé"},
    "known.will_tell": {
        "en": "Noted: I'll tell you here as soon as it is fixed.",
        "fr": "C'est noté : je vous préviens ici dès que c'est corrigé.",
    },
    "known.not_mine": {
        "en": "Understood, let's look at your problem on its own.",
        "fr": "Compris, regardons votre problème à part.",
    },
    "known.still_known": {
        "en": "Support is working on this known issue ({title}); updates will come here. "
        "If yours is a different problem, press Not my problem.",
        "fr": "Le support travaille sur ce problème connu ({title}) ; les nouvelles arriveront "
        "ici. Si votre problème est différent, choisissez « Ce n'est pas mon problème ».",
    },
    "known.update": {
        "en": "Update on the known issue {title}: {text}",
        "fr": "Point sur le problème connu {title} : {text}",
    },
    "known.still_on_it": {
        "en": "Still on it: {title}. No news yet, but support is working on it; "
        "I'll tell you here.",
        "fr": "Toujours en cours : {title}. Pas encore de nouvelles, mais le support y travaille ;"
        " je vous préviens ici.",
    },
    "known.fixed": {"en": "Fixed: {title}. {resolution}", "fr": "Corrigé : {title}. {resolution}"},
    "known.fixed_ask": {
        "en": "Is it working again for you?",
        "fr": "Est-ce que cela fonctionne de nouveau pour vous ?",
    },
    "known.not_fixed": {
        "en": "Sorry it still fails for you. Let's get your case to support.",
        "fr": "Désolé que cela échoue encore. Transmettons votre cas au support.",
    },
    "known.linked": {
        "en": "Your ticket {ticket_id} is part of a known issue: {title}. "
        "I'll tell you here when it is fixed.",
        "fr": "Votre ticket {ticket_id} fait partie d'un problème connu : {title}. "
        "Je vous préviens ici dès qu'il est corrigé.",
    },
    "known.planned": {
        "en": "Heads-up: a planned change is under way ({title}, until {until}).",
        "fr": "À savoir : un changement planifié est en cours ({title}, jusqu'à {until}).",
    },
    "known.rated": {
        "en": "Thank you. Glad it works again.",
        "fr": "Merci. Content que cela fonctionne de nouveau.",
    },
    # The support team's side: the triage alert, the status message, the modals.
    "known.alert_title": {
        "en": "Trend: {count} similar contacts in {minutes} min",
        "fr": "Tendance : {count} contacts similaires en {minutes} min",
    },
    "known.alert_teams": {"en": "Teams: {teams}", "fr": "Équipes : {teams}"},
    "known.alert_sites": {"en": "Sites: {sites}", "fr": "Sites : {sites}"},
    "known.alert_threads": {"en": "Threads: {links}", "fr": "Fils : {links}"},
    "known.alert_declared": {
        "en": "Declared as known issue {ref}.",
        "fr": "Déclaré comme problème connu {ref}.",
    },
    "known.alert_dismissed": {
        "en": "Marked not related by {name}.",
        "fr": "Marqué sans rapport par {name}.",
    },
    "known.button_declare": {"en": "Declare a known issue", "fr": "Déclarer un problème connu"},
    "known.button_not_related": {"en": "Not related", "fr": "Sans rapport"},
    "known.button_outage": {"en": "This is an outage", "fr": "C'est une panne"},
    "known.button_update": {"en": "Post an update", "fr": "Publier un point"},
    "known.button_resolve": {"en": "Resolve", "fr": "Résoudre"},
    "known.status_title": {"en": "Known issue {ref}", "fr": "Problème connu {ref}"},
    "known.status_resolved": {
        "en": "Resolved known issue {ref}",
        "fr": "Problème connu {ref} résolu",
    },
    "known.field_title": {"en": "Title", "fr": "Titre"},
    "known.field_affected": {"en": "What is affected", "fr": "Ce qui est touché"},
    "known.field_workaround": {"en": "Workaround", "fr": "Contournement"},
    "known.field_next_update": {
        "en": "Next update due in (minutes)",
        "fr": "Prochain point dans (minutes)",
    },
    "known.field_update": {"en": "Update", "fr": "Point"},
    "known.field_cause": {"en": "Cause", "fr": "Cause"},
    "known.field_resolution": {"en": "Resolution", "fr": "Résolution"},
    "known.in_english": {"en": "{label} (English)", "fr": "{label} (anglais)"},
    "known.in_french": {"en": "{label} (French)", "fr": "{label} (français)"},
    "known.next_update": {"en": "Next update: {when}", "fr": "Prochain point : {when}"},
    "known.subscribers": {
        "en": "{count} conversations subscribed, {absorbed} answered automatically",
        "fr": "{count} conversations abonnées, {absorbed} répondues automatiquement",
    },
    "known.modal_declare": {"en": "Known issue", "fr": "Problème connu"},
    "known.modal_planned": {"en": "Planned change", "fr": "Changement planifié"},
    "known.status_planned": {"en": "Planned change {ref}", "fr": "Changement planifié {ref}"},
    "known.field_may_break": {"en": "What may break", "fr": "Ce qui peut casser"},
    "known.field_starts_in": {"en": "Starts in (minutes)", "fr": "Commence dans (minutes)"},
    "known.field_lasts": {"en": "Lasts (minutes)", "fr": "Dure (minutes)"},
    "known.field_article": {
        "en": "Article to point to (its id)",
        "fr": "Article à proposer (son identifiant)",
    },
    "known.window": {"en": "From {start} to {end}", "fr": "Du {start} au {end}"},
    "known.error.article": {
        "en": "No article {article}: give the id of an existing article.",
        "fr": "Pas d'article {article} : donnez l'identifiant d'un article existant.",
    },
    "known.modal_update": {"en": "Post an update", "fr": "Publier un point"},
    "known.modal_resolve": {"en": "Resolve", "fr": "Résoudre"},
    "known.card_linked": {
        "en": "Part of known issue {ref}: {title}",
        "fr": "Fait partie du problème connu {ref} : {title}",
    },
    "known.ticket_matches": {
        "en": "This ticket looks like known issue {ref} ({title}, similarity {score:.2f}).",
        "fr": "Ce ticket ressemble au problème connu {ref} ({title}, similarité {score:.2f}).",
    },
    "known.remind_owner": {
        "en": "{ref} ({title}): the update promised for {due} is overdue. "
        "Subscribers were told you're still on it; post an update.",
        "fr": "{ref} ({title}) : le point promis pour {due} est en retard. Les abonnés ont été "
        "prévenus que vous y travaillez ; publiez un point.",
    },
    "known.declared": {
        "en": "{ref} declared: {count} conversations told.",
        "fr": "{ref} déclaré : {count} conversations prévenues.",
    },
    "known.error.no_title": {
        "en": "Give the issue a title, in English or in French.",
        "fr": "Donnez un titre au problème, en anglais ou en français.",
    },
    "known.error.twice": {
        "en": "This cluster is already declared as {ref}: nothing changed.",
        "fr": "Ce groupe est déjà déclaré comme {ref} : rien n'a changé.",
    },
    "known.error.resolved": {
        "en": "{ref} is already resolved: nothing changed.",
        "fr": "{ref} est déjà résolu : rien n'a changé.",
    },
    "known.error.unknown": {
        "en": "No such known issue: nothing changed.",
        "fr": "Ce problème connu n'existe pas : rien n'a changé.",
    },
    "known.error.no_update": {
        "en": "Write the update, in English or in French.",
        "fr": "Rédigez le point, en anglais ou en français.",
    },
    "known.error.no_resolution": {
        "en": "Say what fixed it.",
        "fr": "Indiquez ce qui l'a corrigé.",
    },
    "known.error.minutes": {
        "en": "A number of minutes, 5 or more.",
        "fr": "Un nombre de minutes, 5 ou plus.",
    },
    "known.error.only_agents": {
        "en": "Only support agents can do this.",
        "fr": "Seuls les agents du support peuvent faire cela.",
    },
}
MESSAGES.update(KNOWN_MESSAGES)

_typeset(MESSAGES)
_typeset(QUESTIONS)


def t(key: str, lang: str, **values: object) -> str:
    """One message in the requested language (English when unknown), formatted."""
    entry = MESSAGES[key]
    return entry.get(lang, entry["en"]).format(**values)


def to_team(team: str, lang: str) -> str:
    """ "to the service desk", "au centre de services", "à l'équipe réseau", "à network-team"
    (French contracts "à le" and "à les")."""
    if lang != "fr":
        return f"to {team}"
    for article, contracted in (("le ", "au "), ("les ", "aux ")):
        if team.casefold().startswith(article):
            return contracted + team[len(article) :]
    return f"à {team}"


def known(key: str) -> bool:
    """Whether the catalogue has this key (codes read from stored data may be unknown)."""
    return key in MESSAGES


def word(prefix: str, code: object, lang: str, fallback: str = "", **values: object) -> str:
    """A code read from stored data (a level, a status, a slot) in words; a code the catalogue
    does not know reads as the fallback, or as itself."""
    key = f"{prefix}.{code}"
    return t(key, lang, **values) if known(key) else (fallback or str(code))


def plural(key: str, lang: str, count: int) -> str:
    """A message with singular|plural forms ("1 business day", "3 jours ouvrés")."""
    one, _, many = t(key, lang, count=count).partition("|")
    return one if count == 1 or (lang == "fr" and count == 0) or not many else many


def question(slot: str, lang: str) -> str:
    entry = QUESTIONS[slot]
    return entry.get(lang, entry["en"])


def duration(
    span: timedelta, lang: str, business_days: bool = False, business_hours: bool = False
) -> str:
    """A target as a person says it: "15 minutes", "4 heures", "1 business day", "4 business
    hours" (a target counted in opening hours only)."""
    if business_hours:
        minutes = round(span / timedelta(minutes=1))
        if minutes % 60:
            return plural("duration.business_minutes", lang, minutes)
        return plural("duration.business_hours", lang, minutes // 60)
    if business_days:
        days = max(1, round(span / timedelta(days=1)))
        return plural("duration.business_days", lang, days)
    return format_timedelta(span, threshold=1.5, locale=lang if lang in LANGUAGES else "en")
