from django.db import models


class TokenLifetimeOverride(models.Model):
    """Shorter lifetimes for one user's login pair, so a test can outlive its refresh token or
    see its first access token expire without waiting the suite's whole access lifetime.

    Keyed by username, not a foreign key: the table exists only in test mode, and a
    foreign key would block deleting users from a database migrated in test mode.
    """

    username = models.CharField(max_length=150, unique=True)
    refresh_lifetime_s = models.PositiveIntegerField(null=True)
    access_lifetime_s = models.PositiveIntegerField(null=True)

    def __str__(self):
        return f"{self.username}: refresh {self.refresh_lifetime_s} s, access {self.access_lifetime_s} s"
