from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "linkwork.referrals"
    label = "referrals"
    verbose_name = "Referrals"

    def ready(self):
        # People sit below referrals: the person's page lists their referrals through this source.
        from linkwork.people.extensions import register_person_links

        from .selectors import person_referral_links

        register_person_links(person_referral_links)
