from django.urls import path

from .views import CountersView, EchoView, FaultsView, ForwardedForView, TestUsersView

urlpatterns = [
    path("users/", TestUsersView.as_view(), name="test_users"),
    path("counters/", CountersView.as_view(), name="test_counters"),
    path("faults/", FaultsView.as_view(), name="test_faults"),
    path("echo/", EchoView.as_view(), name="test_echo"),
    path("forwarded/", ForwardedForView.as_view(), name="test_forwarded"),
]
