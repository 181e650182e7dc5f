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
