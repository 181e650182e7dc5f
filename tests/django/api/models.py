from django.conf import settings
from django.db import models


class Note(models.Model):
    """A line of text owned by one user: enough to show an authenticated read and write."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notes")
    text = models.CharField(max_length=500)
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.text[:50]
