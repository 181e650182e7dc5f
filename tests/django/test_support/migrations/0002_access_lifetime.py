from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("test_support", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="tokenlifetimeoverride",
            name="refresh_lifetime_s",
            field=models.PositiveIntegerField(null=True),
        ),
        migrations.AddField(
            model_name="tokenlifetimeoverride",
            name="access_lifetime_s",
            field=models.PositiveIntegerField(null=True),
        ),
    ]
