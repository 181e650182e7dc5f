"""Django answers a proxy must not pass through as they are: each view is authenticated like
any API view, so the test reaches it only through the proxy with a real access token."""

from django.http import HttpResponse, JsonResponse
from rest_framework.views import APIView


class DebugErrorPageView(APIView):
    """What DEBUG=True serves for an unhandled exception: an HTML page listing request.META,
    the bearer token included."""

    def get(self, request):
        authorization = request.META.get("HTTP_AUTHORIZATION", "")
        page = (
            "<!DOCTYPE html><html><body><h1>ValueError at /api/_test/proxy/debug-500/</h1>"
            f"<table><tr><td>HTTP_AUTHORIZATION</td><td>{authorization}</td></tr></table>"
            "<pre>Traceback (most recent call last): ...</pre></body></html>"
        )
        return HttpResponse(page, status=500, content_type="text/html; charset=utf-8")


class LeakyHeadersView(APIView):
    """A 200 with every header a proxy must drop or override."""

    def get(self, request):
        response = JsonResponse({"leaky": True})
        response["Cache-Control"] = "public, max-age=31536000"
        response["WWW-Authenticate"] = 'Basic realm="django"'
        response["Server"] = "Django-Internal/3.2"
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Allow-Credentials"] = "true"
        response["Content-Security-Policy"] = "default-src *"
        response["X-Kept"] = "kept"
        response.set_cookie("sessionid", "django-session")
        return response


class RedirectView(APIView):
    """`?to=internal` redirects inside the API root (absolute, on Django's own host);
    `?to=external` to another site."""

    def get(self, request):
        if request.query_params.get("to") == "external":
            target = "https://evil.example/phish"
        else:
            target = request.build_absolute_uri("/api/me/?from=redirect")
        response = HttpResponse(status=302)
        response["Location"] = target
        return response
