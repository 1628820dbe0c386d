from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("orgs", "0002_org_tree_one_head_revision"),
    ]

    operations = [
        migrations.AlterField(
            model_name="membership",
            name="role",
            field=models.CharField(
                choices=[
                    ("admin", "管理员"),
                    ("reviewer", "审核人"),
                    ("member", "成员"),
                    ("supervisor", "上级审阅（组织部）"),
                ],
                default="member",
                max_length=10,
                verbose_name="系统角色",
            ),
        ),
    ]
