"""Public pages for people referring themselves (no login)."""

urlpatterns = []
