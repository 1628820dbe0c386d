from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("ledger", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="meetingrecord",
            name="attendance_revision",
            field=models.PositiveIntegerField(default=1),
        ),
    ]
