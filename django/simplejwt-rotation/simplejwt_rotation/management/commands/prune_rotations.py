from django.core.management.base import BaseCommand
from django.utils import timezone

from simplejwt_rotation.models import Rotation
from simplejwt_rotation.settings import rotation_settings


class Command(BaseCommand):
    help = (
        "Delete rotation rows of expired tokens and blank the stored successor tokens once "
        "their overlap period is over (run it from cron, like simplejwt's flushexpiredtokens)."
    )

    def handle(self, *args, **options) -> None:
        now = timezone.now()
        deleted, _ = Rotation.objects.filter(expires_at__lt=now).delete()
        blanked = (
            Rotation.objects.filter(rotated_at__lt=now - rotation_settings().overlap)
            .exclude(successor_refresh="")
            .update(successor_refresh="", successor_access="")
        )
        self.stdout.write(f"Deleted {deleted} expired rotations, blanked {blanked} successor pairs")
