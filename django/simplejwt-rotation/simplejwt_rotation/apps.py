from django.apps import AppConfig


class SimpleJWTRotationConfig(AppConfig):
    name = "simplejwt_rotation"
    verbose_name = "SimpleJWT rotation"
    default_auto_field = "django.db.models.BigAutoField"
