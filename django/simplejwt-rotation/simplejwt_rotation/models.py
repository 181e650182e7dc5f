from django.db import models


class Rotation(models.Model):
    """One row per rotated refresh token (keyed by its jti): the lock concurrent refreshes of
    that token queue on, the successor they all receive, and the link that makes up a family."""

    jti = models.CharField(max_length=255, unique=True)
    # Empty until the token is rotated: the row of a token this app issued is written with it,
    # so that the token's family is known even after older rows are pruned.
    successor_jti = models.CharField(max_length=255, blank=True, default="")
    # Kept only for the overlap period (prune_rotations blanks them): an overlap repeat
    # answers these exact strings, so every caller holds the same pair.
    successor_refresh = models.TextField(blank=True, default="")
    successor_access = models.TextField(blank=True, default="")
    # jti of the first token of the chain (the login token).
    family_id = models.CharField(max_length=255, db_index=True)
    rotated_at = models.DateTimeField(null=True)
    # When the rotated token itself expires: after that it cannot be presented, the row can go.
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.jti} -> {self.successor_jti or '(pending)'}"


class SignOut(models.Model):
    """The last "sign out everywhere" of a user: refresh tokens authenticated before it are
    refused even if they never reached OutstandingToken (e.g. rotated by stock simplejwt 5.2)."""

    user_id = models.CharField(max_length=255, unique=True)
    signed_out_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.user_id} signed out at {self.signed_out_at}"
