from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "linkwork.outcomes"
    label = "outcomes"
    verbose_name = "Outcomes"

    def ready(self):
        # Casework cannot import outcomes (it is a layer below), so outcomes adds its reminders and
        # its history to the caseload and the case timeline through casework's extension points.
        from linkwork.casework import extensions

        from . import erasure, selectors

        extensions.register_next_actions(selectors.due_measures_for_cases)
        extensions.register_timeline(selectors.timeline_entries)
        extensions.register_discharge_reminders(selectors.exit_reminders)
        extensions.register_eraser(erasure.outcomes_anonymise)
