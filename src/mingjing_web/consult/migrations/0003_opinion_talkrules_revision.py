from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("consult", "0002_copy_legacy_opinions"),
    ]

    operations = [
        migrations.AddField(
            model_name="opinion",
            name="revision",
            field=models.PositiveIntegerField(default=1),
        ),
        migrations.AddField(
            model_name="talkrules",
            name="revision",
            field=models.PositiveIntegerField(default=1),
        ),
    ]
