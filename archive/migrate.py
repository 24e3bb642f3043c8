"""Schema migrations: numbered SQL files per database (``migrations/<dialect>/NNN_name.sql``),
applied in order at open, each in one transaction with its row in ``schema_version``.

An archive made before versioning (no ``schema_version``) is brought up to the first version
by ``index.upgrade_unversioned`` (columns added, the index rebuilt from the stored records),
then goes on like any other. A migration never drops what an older version stored.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from archive import index

FOLDER = Path(__file__).resolve().parent / "migrations"
# the migrations after which the stored records are indexed again: 4 gives each deadline row
# the uid its record gives it, 5 each document its place in the review queue
REFILL = (4, 5)
VERSION_TABLE = (
    "CREATE TABLE IF NOT EXISTS schema_version "
    "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied REAL NOT NULL)"
)


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str


def migrations(dialect: str) -> list[Migration]:
    """The migrations of ``dialect`` ('sqlite', 'postgres'), lowest version first."""
    out = []
    for path in sorted((FOLDER / dialect).glob("*.sql")):
        number, _, name = path.stem.partition("_")
        out.append(Migration(int(number), name, path.read_text(encoding="utf-8")))
    return out


def latest(dialect: str) -> int:
    return max(m.version for m in migrations(dialect))


def sqlite(db: sqlite3.Connection) -> list[int]:
    """Bring an SQLite archive up to the latest version; the versions applied."""
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    unversioned = "documents" in tables and "schema_version" not in tables
    db.execute(VERSION_TABLE)
    db.commit()
    current = db.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0]
    applied = []
    for migration in migrations("sqlite"):
        if migration.version <= current:
            continue
        stamp = (
            "INSERT INTO schema_version VALUES "
            f"({migration.version}, '{migration.name}', {time.time()});"
        )
        # one transaction: the schema change and its version row, or neither
        db.executescript(f"BEGIN;\n{migration.sql}\n{stamp}\nCOMMIT;")
        applied.append(migration.version)
    if 1 in applied and unversioned:
        index.upgrade_unversioned(db)  # the whole index rebuilt in the latest schema
        db.commit()
    elif any(version in applied for version in REFILL):
        index.refill(db)
        db.commit()
    return applied
