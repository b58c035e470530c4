from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "linkwork.messaging"
    label = "messaging"
    verbose_name = "Messaging"

    def ready(self):
        from linkwork.casework import extensions

        from . import erasure, handlers, message_back, notices

        handlers.register()
        # Staff hear at once when there is something to act on (issue 19, point 7).
        notices.register()
        # The message back to the referrer (issue 8, point 3) registers its own handlers.
        message_back.register()
        # Retention (casework/retention.py) blanks what messages said about people past their period.
        extensions.register_eraser(erasure.messages_anonymise)
