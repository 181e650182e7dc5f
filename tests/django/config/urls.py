from django.conf import settings
from django.urls import include, path

urlpatterns = [
    path("api/", include("api.urls")),
]

if settings.TEST_MODE:
    urlpatterns.append(path("api/_test/", include("test_support.urls")))
