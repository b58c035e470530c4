from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "linkwork.casework"
    label = "casework"
    verbose_name = "Casework"

    def ready(self):
        # People sit below casework: the person's page lists their cases through this source.
        from linkwork.people.extensions import register_person_links
        from linkwork.referrals.extensions import register_milestones
        from linkwork.schemes.extensions import register_usage

        from .scheme_usage import open_case_usage
        from .selectors.cases import person_case_links
        from .selectors.referral_story import referral_milestones

        register_person_links(person_case_links)
        # Referrals sit below casework: a referral's story goes on to "in support" and "support ended".
        register_milestones(referral_milestones)
        # Schemes sit below casework: a scheme change may not strand open cases.
        register_usage(open_case_usage)
