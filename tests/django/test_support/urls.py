from django.urls import path

from .proxy_faults import DebugErrorPageView, LeakyHeadersView, RedirectView
from .stack import StackView
from .views import CountersView, EchoView, FaultsView, ForwardedForView, TestUsersView

urlpatterns = [
    path("users/", TestUsersView.as_view(), name="test_users"),
    path("counters/", CountersView.as_view(), name="test_counters"),
    path("faults/", FaultsView.as_view(), name="test_faults"),
    path("echo/", EchoView.as_view(), name="test_echo"),
    path("proxy/debug-500/", DebugErrorPageView.as_view(), name="test_proxy_debug_500"),
    path("proxy/leaky-headers/", LeakyHeadersView.as_view(), name="test_proxy_leaky_headers"),
    path("proxy/redirect/", RedirectView.as_view(), name="test_proxy_redirect"),
    path("forwarded/", ForwardedForView.as_view(), name="test_forwarded"),
    path("stack/", StackView.as_view(), name="test_stack"),
]
