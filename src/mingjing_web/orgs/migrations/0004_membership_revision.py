from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("orgs", "0003_role_supervisor"),
    ]

    operations = [
        migrations.AddField(
            model_name="membership",
            name="revision",
            field=models.PositiveIntegerField(default=1, editable=False),
        ),
    ]
