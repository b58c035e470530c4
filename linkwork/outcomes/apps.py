from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "linkwork.outcomes"
    label = "outcomes"
    verbose_name = "Outcomes"

    def ready(self):
        # Casework cannot import outcomes (it is a layer below), so outcomes adds its reminders and
        # its history to the caseload and the case timeline through casework's extension points.
        from linkwork.casework import extensions
        from linkwork.schemes import extensions as scheme_extensions

        from . import erasure, scheme_usage, selectors

        extensions.register_next_actions(selectors.due_measures_for_cases)
        extensions.register_timeline(selectors.timeline_entries)
        extensions.register_discharge_reminders(selectors.exit_reminders)
        extensions.register_eraser(erasure.outcomes_anonymise)
        # The scheme pages offer these measures, and keep those open cases have recorded.
        scheme_extensions.register_instruments(scheme_usage.instrument_titles)
        scheme_extensions.register_usage(scheme_usage.open_case_measures)
