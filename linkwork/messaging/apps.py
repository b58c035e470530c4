from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "linkwork.messaging"
    label = "messaging"
    verbose_name = "Messaging"

    def ready(self):
        from linkwork.casework import extensions
        from linkwork.referrals.extensions import register_referral_links

        from . import erasure, handlers, message_back, notices
        from .referrer_selectors import referral_message_links

        handlers.register()
        # Staff hear at once when there is something to act on (issue 19, point 7).
        notices.register()
        # The message back to the referrer (issue 8, point 3) registers its own handlers.
        message_back.register()
        # Retention (casework/retention.py) blanks what messages said about people past their period.
        extensions.register_eraser(erasure.messages_anonymise)
        # The referrer's referral pages link each referral to its messages back (issue 20, point 1).
        register_referral_links(referral_message_links)
