"""The URLs `manage.py generateschema --urlconf api.schema_urls` describes: this app's API alone
(not djoser's, dj-rest-auth's or the test routes), at the paths the project serves it."""

from django.urls import include, path

from .urls import api_patterns

urlpatterns = [path("api/", include(api_patterns))]
