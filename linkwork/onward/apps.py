from django.apps import AppConfig


class OnwardConfig(AppConfig):
    name = "linkwork.onward"
    label = "onward"
    verbose_name = "Onward referrals"

    def ready(self):
        # Casework is a layer below: onward referrals reach its caseload and timeline by registering.
        from linkwork.casework import extensions

        from . import erasure, selectors

        extensions.register_next_actions(selectors.overdue_for_cases)
        extensions.register_timeline(selectors.timeline_entries)
        extensions.register_eraser(erasure.onward_anonymise)
