"""What ``mingjing demo`` and ``mingjing serve`` do on the Django side."""

from __future__ import annotations

import os
import sys

import click


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mingjing_web.settings")
    import django

    django.setup()


def _database_label() -> str:
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        return f"SQLite：{db['NAME']}"
    return f"PostgreSQL：{db.get('HOST') or 'localhost'}:{db.get('PORT') or 5432}/{db['NAME']}"


def migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def print_logins(logins: list[tuple[str, str, str]], password: str) -> None:
    click.echo(f"示例账号（密码均为 {password}）：")
    for username, name, role in logins:
        click.echo(f"  {username:<14} {name}（{role}）")


def demo() -> None:
    """Migrate the database named by DATABASE_URL and load the demo organisation (idempotent)."""
    setup_django()
    from django.conf import settings

    settings.MINGJING_BACKGROUND_INDEXING = False  # a command exits at once: index before that
    click.echo(f"数据库 {_database_label()}")
    migrate()
    from mingjing_web.demo import DEMO_PASSWORD, demo_load

    result = demo_load(progress=lambda message: click.echo(f"  {message}"))
    click.echo(
        f"示例单位“{result.organisation}”已就绪：{result.created_reports} 份材料本次新审阅，{result.total_reports} 份在库。"
    )
    print_logins(result.logins, DEMO_PASSWORD)


def _unapplied_migrations() -> bool:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def serve(*, host: str, port: int, workers: int, threads: int) -> None:
    """Collect static files, make sure the schema is current, then replace this process with gunicorn."""
    setup_django()
    from django.core.management import call_command

    if _unapplied_migrations():
        click.echo("数据库尚未创建或需要升级，正在迁移……")
        migrate()
    call_command("collectstatic", interactive=False, verbosity=0)
    click.echo(f"明镜已启动：http://{host}:{port}/  （{_database_label()}；按 Ctrl+C 停止）")
    sys.stdout.flush()
    args = [
        sys.executable, "-m", "gunicorn", "mingjing_web.wsgi:application",
        "--bind", f"{host}:{port}", "--workers", str(workers),
        "--worker-class", "gthread", "--threads", str(threads),
        "--timeout", "120", "--graceful-timeout", "20",
        "--access-logfile", "-", "--error-logfile", "-",
    ]  # fmt: skip
    os.execv(sys.executable, args)
