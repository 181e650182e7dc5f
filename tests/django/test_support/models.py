from django.db import models


class TokenLifetimeOverride(models.Model):
    """A shorter refresh lifetime for one user's logins, so a test can outlive its token.

    Keyed by username, not a foreign key: the table exists only in test mode, and a
    foreign key would block deleting users from a database migrated in test mode.
    """

    username = models.CharField(max_length=150, unique=True)
    refresh_lifetime_s = models.PositiveIntegerField()

    def __str__(self):
        return f"{self.username}: {self.refresh_lifetime_s}s"
