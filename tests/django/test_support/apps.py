from django.apps import AppConfig


class TestSupportConfig(AppConfig):
    """Instrumentation for the end-to-end tests; installed only when DJANGO_TEST_MODE=1."""

    name = "test_support"
    default_auto_field = "django.db.models.BigAutoField"
