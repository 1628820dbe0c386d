"""What ``mingjing demo`` and ``mingjing serve`` do on the Django side."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click


def setup_django() -> None:
    """Load the settings and apps; a bad setting is one Chinese sentence, not a traceback."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mingjing_web.settings")
    import django
    from django.core.exceptions import ImproperlyConfigured

    from mingjing.facade import MingjingError

    try:
        django.setup()
    except ImproperlyConfigured as err:
        raise MingjingError(
            f"网页服务的配置有误：{err}", hint="请按 .env.example 和 docs/operations.md 修改环境变量。"
        ) from err


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
    """Collect static files, make sure the schema is current, then replace this process with gunicorn.

    The server's control socket, pid file and temporary files go to its own runtime folder
    (:func:`runtime_dir`), so two servers on one machine never touch each other's files.
    """
    from mingjing_web.runtime import runtime_prepare

    setup_django()
    from django.conf import settings
    from django.core.management import call_command

    runtime = runtime_prepare(data_dir=Path(settings.DATA_DIR), host=host, port=port)
    if _unapplied_migrations():
        click.echo("数据库尚未创建或需要升级，正在迁移……")
        migrate()
    call_command("collectstatic", interactive=False, verbosity=0)
    click.echo(f"明镜已启动：http://{host}:{port}/  （{_database_label()}；按 Ctrl+C 停止）")
    sys.stdout.flush()
    os.environ.update(
        {
            "MINGJING_RUNTIME_DIR": str(runtime.folder),
            "TMPDIR": str(runtime.tmp),
            "MINGJING_GUARD_EXIT": "1",
        }
    )
    args = [
        sys.executable, "-m", "gunicorn", "mingjing_web.wsgi:application",
        "--config", "python:mingjing_web.gunicorn_conf",
        "--bind", f"{host}:{port}", "--workers", str(workers),
        "--worker-class", "gthread", "--threads", str(threads),
        # The arbiter's own watch (a worker whose main loop stalls); requests have their own
        # bound (mingjing_web.request_guard). Workers are replaced now and then so memory stays flat.
        "--timeout", "60", "--graceful-timeout", "20",
        "--max-requests", "2000", "--max-requests-jitter", "200",
        "--pid", str(runtime.pid_file), "--control-socket", str(runtime.control_socket),
        "--worker-tmp-dir", str(runtime.folder),
        "--access-logfile", "-", "--error-logfile", "-",
        # No access line, address or time for the anonymous opinion pages (mingjing_web.consult.anonymity).
        "--logger-class", "mingjing_web.consult.anonymity.AnonymityLogger",
    ]  # fmt: skip
    os.execv(sys.executable, args)


def stop(*, host: str, port: int) -> None:
    """Stop the server started by ``mingjing serve`` on HOST:PORT (graceful: running requests finish)."""
    from mingjing_web.runtime import runtime_stop

    setup_django()
    from django.conf import settings

    pid = runtime_stop(data_dir=Path(settings.DATA_DIR), host=host, port=port)
    click.echo(f"已通知 {host}:{port} 上的明镜服务（进程 {pid}）停止。")


def backup(*, path: Path) -> None:
    """``mingjing backup``: the whole database (and MEDIA_ROOT) into one archive."""
    setup_django()
    from mingjing_web.backup import backup_write

    result = backup_write(path=path)
    click.echo(f"已备份 {_database_label()} 到 {result.path}（{result.size / 1048576:.1f} MB）。")


def restore(*, path: Path) -> None:
    """``mingjing restore``: replace the database with an archive, then migrate it to this version."""
    setup_django()
    from mingjing_web.backup import backup_restore

    manifest = backup_restore(path=path)
    migrate()
    click.echo(f"已从 {path} 恢复 {_database_label()}（备份时间 {manifest.get('created', '未知')}）。")
