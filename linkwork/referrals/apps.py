from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "linkwork.referrals"
    label = "referrals"
    verbose_name = "Referrals"

    def ready(self):
        # People sit below referrals: the person's page lists their referrals through this source.
        from linkwork.people.extensions import register_person_links
        from linkwork.schemes.extensions import register_usage

        from .scheme_usage import open_referral_usage
        from .selectors import person_referral_links

        register_person_links(person_referral_links)
        # Schemes sit below referrals: a scheme change may not strand open referrals.
        register_usage(open_referral_usage)
