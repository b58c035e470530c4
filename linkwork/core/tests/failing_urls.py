"""A URL that always fails, to prove the 500 page renders."""

from django.urls import path

from linkwork.config.urls import handler500, urlpatterns


def boom(request):
    raise RuntimeError("deliberate failure for the 500 page test")


urlpatterns = [*urlpatterns, path("boom/", boom)]

__all__ = ["handler500", "urlpatterns"]
