"""`make bench`: the app served by gunicorn, driven over HTTP, beside bare baselines (issue 10)."""
