from django.urls import path
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONOpenAPIRenderer
from rest_framework.schemas import get_schema_view

from .proxy_faults import DebugErrorPageView, LeakyHeadersView, RedirectView
from .stack import StackView
from .views import (
    CountersView,
    EchoView,
    FaultsView,
    ForwardedForView,
    LiveTokensView,
    TestUsersView,
)

# The API's schema behind a sign-in, as some projects serve it (tests/e2e/scripts/codegen.spec.ts).
private_schema = get_schema_view(
    title="Bundled Django API",
    version="1.0.0",
    urlconf="api.schema_urls",
    public=True,
    permission_classes=[IsAuthenticated],
    renderer_classes=[JSONOpenAPIRenderer],
)

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
    path("live-tokens/", LiveTokensView.as_view(), name="test_live_tokens"),
    path("schema/private/", private_schema, name="test_private_schema"),
]
