"""Settings for a developer's machine and `make run`: never for production."""

import os

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, env_bool

DEBUG = env_bool("DEBUG", True)
# A fixed key is acceptable only because local data is synthetic demo data.
SECRET_KEY = os.environ.get("SECRET_KEY") or "local-development-only-not-secret"
INSTALLED_APPS = [*INSTALLED_APPS, "linkwork.demo"]
