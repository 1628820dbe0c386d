"""A tiny database adapter: the same corpus code on SQLite (default, one file) and PostgreSQL (psycopg 3).

Differences handled here and nowhere else: placeholders (``?`` is written, PostgreSQL gets ``%s``),
column types in the DDL, id allocation, ``IN`` lists, transactions and bulk upserts (COPY on
PostgreSQL, batched ``executemany`` on SQLite).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from mingjing.errors import MingjingError

Row = tuple[Any, ...]
BATCH = 5000  # rows per executemany call and per IN list


class CorpusError(MingjingError):
    """The corpus database cannot be opened or used."""

    code = "corpus"


def is_postgres(url: str) -> bool:
    return url.startswith(("postgresql://", "postgres://"))


class Database:
    """One connection, SQLite or PostgreSQL, with the few operations the corpus needs."""

    def __init__(self, conn: Any, dialect: str, where: str) -> None:
        self.conn = conn
        self.dialect = dialect
        self.where = where
        self._depth = 0
        self._locks = 0

    @classmethod
    def open(cls, url_or_path: str | Path) -> Database:
        """Open ``postgresql://…`` with psycopg, anything else as an SQLite file (created if missing)."""
        url = str(url_or_path)
        if is_postgres(url):
            return cls._open_postgres(url)
        return cls._open_sqlite(url.removeprefix("sqlite:///").removeprefix("sqlite://"))

    @classmethod
    def _open_postgres(cls, url: str) -> Database:
        try:
            import psycopg
        except ImportError as err:  # psycopg comes with the "web" extra; the core installs without it
            raise CorpusError(
                "未安装 PostgreSQL 驱动 psycopg，无法使用 PostgreSQL 语料库。",
                hint="请安装 pip install 'mingjing[web]'，或改用 SQLite 文件。",
            ) from err

        try:
            conn = psycopg.connect(url, autocommit=True)
        except psycopg.Error as err:
            raise CorpusError(
                f"无法连接 PostgreSQL 数据库（{err}）。", hint="请检查连接地址和数据库服务是否已启动。"
            ) from err
        return cls(conn, "postgresql", url)

    @classmethod
    def _open_sqlite(cls, path: str) -> Database:
        target = Path(path)
        if target.exists() and target.is_dir():
            raise CorpusError(
                f"“{path}”是一个文件夹，不是语料库文件。", hint="请用 --db 指定一个 .sqlite 文件路径。"
            )
        if target.parent and not target.parent.exists():
            raise CorpusError(f"语料库所在的文件夹“{target.parent}”不存在。", hint="请先创建该文件夹。")
        try:
            conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            # Rows are not split across pages below the page size, so a page holds whole rows and the
            # rest is slack: 16 KiB pages hold two ~6 KB texts (28 % slack) and, at a province's
            # million reports, two or three ~4.6 KB bucket rows (19 %); 32 KiB pages leave 4-9 %
            # (64 KiB no better than 3-5 % while every bucket read copies twice as much from the OS
            # cache past the 2 GB memory map). It only takes effect on a new file.
            conn.execute("PRAGMA page_size=32768")
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA cache_size=-65536")
            conn.execute("PRAGMA busy_timeout=30000")
            conn.execute(
                "PRAGMA mmap_size=2147418112"
            )  # page reads without a syscall each: 3× faster lookups
        except sqlite3.DatabaseError as err:
            raise CorpusError(
                f"无法打开语料库文件“{path}”（{err}）。", hint="该文件可能已损坏或不是语料库。"
            ) from err
        return cls(conn, "sqlite", path)

    def sql(self, statement: str) -> str:
        return statement.replace("?", "%s") if self.dialect == "postgresql" else statement

    def execute(self, statement: str, params: Sequence[Any] = ()) -> list[Row]:
        cur = self.conn.execute(self.sql(statement), tuple(params))
        # Both drivers give tuples already (no row factory is set): no copy per row
        return list(cur.fetchall()) if cur.description else []

    def executemany(self, statement: str, rows: Sequence[Sequence[Any]]) -> None:
        if not rows:
            return
        sql = self.sql(statement)
        for start in range(0, len(rows), BATCH):
            batch = rows[start : start + BATCH]
            if self.dialect == "postgresql":
                with self.conn.cursor() as cur:
                    cur.executemany(sql, batch)
            else:
                self.conn.executemany(sql, batch)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """A write transaction (nested calls join the outer one); writers are serialised."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self._depth = 1
        try:
            if self.dialect == "postgresql":
                with self.conn.transaction():
                    # Writers rewrite whole bucket rows: one writer per corpus (schema) at a time;
                    # readers are not blocked, and corpora in other schemas write in parallel.
                    self.conn.execute("SELECT pg_advisory_xact_lock(4242004, hashtext(current_schema()))")
                    yield
            else:
                self.conn.execute("BEGIN IMMEDIATE")
                try:
                    yield
                except BaseException:
                    self.conn.execute("ROLLBACK")
                    raise
                self.conn.execute("COMMIT")
        finally:
            self._depth = 0

    @contextmanager
    def lock(self) -> Iterator[None]:
        """The corpus's write lock, across threads and processes, for a sequence of operations
        (look up, then add or replace) that must not interleave with another writer's.

        PostgreSQL: a session advisory lock named after the schema; SQLite: ``flock`` on a lock file
        beside the database. Reentrant within one :class:`Database`.
        """
        if self._locks:
            self._locks += 1
            try:
                yield
            finally:
                self._locks -= 1
            return
        release = self._acquire()
        self._locks = 1
        try:
            yield
        finally:
            self._locks = 0
            release()

    def _acquire(self) -> Callable[[], None]:
        if self.dialect == "postgresql":
            self.execute("SELECT pg_advisory_lock(4242005, hashtext(current_schema()))")

            def unlock() -> None:
                self.execute("SELECT pg_advisory_unlock(4242005, hashtext(current_schema()))")

            return unlock
        import fcntl

        # flock conflicts between separate open() calls even within one process, so this also
        # serialises threads that each opened the corpus.
        handle = Path(f"{self.where}.lock").open("w")  # noqa: SIM115 - held until release
        try:
            fcntl.flock(handle, fcntl.LOCK_EX)
        except BaseException:
            handle.close()
            raise

        def release() -> None:
            fcntl.flock(handle, fcntl.LOCK_UN)
            handle.close()

        return release

    def select_in(self, statement: str, values: Sequence[Any]) -> list[Row]:
        """Run ``statement`` (containing ``{in}`` where the list goes) for ``values``, in chunks."""
        out: list[Row] = []
        for start in range(0, len(values), BATCH):
            chunk = list(values[start : start + BATCH])
            if self.dialect == "postgresql":
                out.extend(self.execute(statement.replace("{in}", "= ANY(?)"), (chunk,)))
            else:
                marks = ",".join("?" * len(chunk))
                out.extend(self.execute(statement.replace("{in}", f"IN ({marks})"), chunk))
        return out

    def upsert(self, table: str, key: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        """Insert rows, replacing the non-key columns of rows whose ``key`` exists already."""
        if not rows:
            return
        names = ", ".join(columns)
        updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c != key)
        conflict = f"ON CONFLICT ({key}) DO UPDATE SET {updates}"
        if self.dialect == "postgresql":
            self._upsert_copy(table, names, conflict, rows)
            return
        marks = ", ".join("?" * len(columns))
        self.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks}) {conflict}", rows)

    def _upsert_copy(self, table: str, names: str, conflict: str, rows: Sequence[Sequence[Any]]) -> None:
        """PostgreSQL: COPY into a temporary table, then one INSERT … SELECT … ON CONFLICT."""
        with self.transaction(), self.conn.cursor() as cur:
            cur.execute(f"CREATE TEMP TABLE IF NOT EXISTS _mj_stage (LIKE {table}) ON COMMIT DELETE ROWS")
            cur.execute("TRUNCATE _mj_stage")
            with cur.copy(f"COPY _mj_stage ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            cur.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM _mj_stage {conflict}")
            cur.execute("DROP TABLE _mj_stage")

    def delete_in(self, table: str, column: str, values: Sequence[Any]) -> None:
        for start in range(0, len(values), BATCH):
            chunk = list(values[start : start + BATCH])
            if self.dialect == "postgresql":
                self.execute(f"DELETE FROM {table} WHERE {column} = ANY(?)", (chunk,))
            else:
                marks = ",".join("?" * len(chunk))
                self.execute(f"DELETE FROM {table} WHERE {column} IN ({marks})", chunk)

    def size_bytes(self) -> int:
        """Bytes on disk (the SQLite file with its WAL, or the PostgreSQL tables of the corpus)."""
        if self.dialect == "postgresql":
            rows = self.execute(
                "SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
                "WHERE c.relname LIKE 'mj_reuse_%' AND c.relkind = 'r'"
            )
            return int(rows[0][0])
        path = Path(self.where)
        return sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())

    def close(self) -> None:
        self.conn.close()
