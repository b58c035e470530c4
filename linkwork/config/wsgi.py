import os

from django.core.wsgi import get_wsgi_application

from linkwork.core.checks import refuse_to_serve_if_misconfigured

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "linkwork.config.settings.production")

application = get_wsgi_application()
# gunicorn runs no system checks: a web process refuses to start with a security misconfiguration.
refuse_to_serve_if_misconfigured()
