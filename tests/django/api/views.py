import json

from django.http import HttpResponse
from rest_framework import generics
from rest_framework.response import Response
from rest_framework.views import APIView

from .serializers import MeSerializer, NoteSerializer


class MeView(APIView):
    def get(self, request):
        return Response(MeSerializer(request.user).data)


class NotesView(generics.ListCreateAPIView):
    serializer_class = NoteSerializer
    pagination_class = None

    def get_queryset(self):
        return self.request.user.notes.order_by("-created", "-id")

    def perform_create(self, serializer):
        serializer.save(user=self.request.user)


class NoteDetailView(generics.DestroyAPIView):
    """DELETE notes/<id>/: only the owner's notes are found, anyone else's is a 404."""

    serializer_class = NoteSerializer

    def get_queryset(self):
        return self.request.user.notes.all()


# Benchmark views (`npm run bench`): authenticated like `me/`, so every path pays for the
# same JWT check. The large body is built once: the benchmark measures transport, not json.dumps.
LARGE_BODY = json.dumps(
    {"items": [{"id": i, "text": "x" * 90} for i in range(9_000)]}, separators=(",", ":")
).encode()


class BenchSmallView(APIView):
    def get(self, request):
        return Response({"ok": True, "user": request.user.pk})


class BenchEchoView(APIView):
    def post(self, request):
        return Response({"received": len(request.body)})


class BenchLargeView(APIView):
    def get(self, request):
        return HttpResponse(LARGE_BODY, content_type="application/json")
