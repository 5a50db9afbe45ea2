"""Words that name people by their job or role, in English and French (accents folded).

One list for the extent a message names ("the 40 pickers", "nos 12 infirmières") and for the
head count priority is judged on, so the two never disagree about who counts as people.
"""

from __future__ import annotations

_ENGLISH = (
    "people persons users colleagues coworkers co-workers employees staff workers associates "
    "agents reps representatives salespeople sellers advisers advisors consultants auditors "
    "accountants bookkeepers controllers analysts managers supervisors leads developers engineers "
    "designers testers researchers scientists technicians operators drivers pickers packers "
    "cashiers clerks tellers receptionists guards cleaners housekeepers cooks chefs waiters "
    "nurses doctors physicians radiologists pharmacists carers caregivers midwives surgeons "
    "teachers students trainees interns apprentices temps contractors freelancers volunteers "
    "lawyers paralegals recruiters buyers planners members customers clients patients "
    "callers seats heads teammates guests visitors participants attendees delegates officers "
    "handlers postdocs post-docs residents sdrs bdrs dispatchers coordinators lecturers "
    "professors tutors instructors surveyors inspectors mechanics electricians porters stewards "
    "wardens translators editors spectators passengers travellers travelers tenants holders"
)
_FRENCH = (
    "personnes gens utilisateurs utilisatrices collegues employes employees salaries salariees "
    "collaborateurs collaboratrices agents conseillers conseilleres teleconseillers commerciaux "
    "vendeurs vendeuses consultants auditeurs comptables controleurs analystes managers "
    "responsables chefs developpeurs ingenieurs graphistes techniciens operateurs chauffeurs "
    "livreurs caristes magasiniers preparateurs caissiers caissieres hotesses infirmiers "
    "infirmieres medecins soignants aides-soignants aides-soignantes pharmaciens sages-femmes "
    "enseignants formateurs etudiants stagiaires alternants apprentis interimaires saisonniers "
    "prestataires juristes avocats recruteurs acheteurs membres clients patients postes "
    "assistants assistantes pers invites visiteurs participants delegues conducteurs "
    "internes post-docs postdocs gestionnaires profs professeurs commissaires dispatcheurs "
    "regulateurs soudeurs mecaniciens electriciens gardiens surveillants moniteurs animateurs "
    "educateurs benevoles brancardiers secretaires greffiers traducteurs redacteurs spectateurs "
    "passagers voyageurs locataires usagers abonnes"
)
PEOPLE = "|".join(sorted(set(f"{_ENGLISH} {_FRENCH}".split()), key=len, reverse=True))

# The same jobs in the singular ("for any nurse", "aucun agent"), for "any / every / no <job>".
ONE_OF = "|".join(
    sorted(
        {w[:-1] for w in f"{_ENGLISH} {_FRENCH}".split() if w.endswith("s") and len(w) > 4},
        key=len,
        reverse=True,
    )
)
