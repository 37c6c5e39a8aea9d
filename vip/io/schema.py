"""The store's tables, and the migrations that build them one version at a time.

Each migration takes the schema from version n - 1 to n and is never changed once released;
`vip.io.store` applies the missing ones in order when it opens a database.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
import yaml
from sqlalchemy.engine import Connection

NAME_MAX = 200
EDITION_MAX = 60  # an edition id, as a rules file gives it

# --- the schema as the current version leaves it (migrations below build it) -------------------

metadata = sa.MetaData()
schema_version = sa.Table(
    "schema_version", metadata,
    sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False),
)
clients = sa.Table(
    "clients", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(NAME_MAX), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("deleted_at", sa.DateTime(timezone=True)),
)
scenarios = sa.Table(
    "scenarios", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("client_id", sa.Integer, sa.ForeignKey("clients.id"), nullable=False),
    sa.Column("name", sa.String(NAME_MAX), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("deleted_at", sa.DateTime(timezone=True)),
)
versions = sa.Table(
    "scenario_versions", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("scenario_id", sa.Integer, sa.ForeignKey("scenarios.id"), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("profile", sa.Text, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    # version 2
    sa.Column("note", sa.String(500)),
    sa.Column("partner", sa.String(NAME_MAX)),
    sa.Column("edition", sa.String(60)),
)


editions = sa.Table(
    "own_editions", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("edition", sa.String(EDITION_MAX), nullable=False),
    sa.Column("client_id", sa.Integer, sa.ForeignKey("clients.id")),  # None: for everyone
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("deleted_at", sa.DateTime(timezone=True)),
)
edition_versions = sa.Table(
    "own_edition_versions", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("edition_id", sa.Integer, sa.ForeignKey("own_editions.id"), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("rules", sa.Text, nullable=False),
    sa.Column("note", sa.String(500)),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.UniqueConstraint("edition_id", "version", name="uq_own_edition_version"),
)


# --- migrations: each takes the schema from version n - 1 to n, never changed once released -----


def _migration_1(conn: Connection) -> None:
    """Clients, their scenarios and the scenarios' versions, with soft delete."""
    m = sa.MetaData()
    c = sa.Table(
        "clients", m,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(NAME_MAX), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True)),
    )
    s = sa.Table(
        "scenarios", m,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("client_id", sa.Integer, sa.ForeignKey("clients.id"), nullable=False),
        sa.Column("name", sa.String(NAME_MAX), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True)),
    )
    v = sa.Table(
        "scenario_versions", m,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("scenario_id", sa.Integer, sa.ForeignKey("scenarios.id"), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("profile", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("scenario_id", "version", name="uq_scenario_version"),
    )
    # Names are unique among the live rows only: a deleted scenario's name can be used again.
    sa.Index("uq_client_live_name", c.c.name, unique=True,
             sqlite_where=c.c.deleted_at.is_(None), postgresql_where=c.c.deleted_at.is_(None))
    sa.Index("uq_scenario_live_name", s.c.client_id, s.c.name, unique=True,
             sqlite_where=s.c.deleted_at.is_(None), postgresql_where=s.c.deleted_at.is_(None))
    m.create_all(conn)
    del v


def _migration_2(conn: Connection) -> None:
    """Versions get a note (what the save was for) and the partner and edition, read from the
    stored profile, so that history lists without parsing every profile."""
    for column in ("note VARCHAR(500)", f"partner VARCHAR({NAME_MAX})", "edition VARCHAR(60)"):
        conn.execute(sa.text(f"ALTER TABLE scenario_versions ADD COLUMN {column}"))
    rows = conn.execute(sa.text("SELECT id, profile FROM scenario_versions")).all()
    for row_id, text in rows:
        partner, edition = summary(text)
        conn.execute(
            sa.text("UPDATE scenario_versions SET partner = :p, edition = :e WHERE id = :i"),
            {"p": partner, "e": edition, "i": row_id},
        )


def _migration_3(conn: Connection) -> None:
    """Own editions: rules files a user imported or wrote (an edition that extends a shipped one),
    versioned as scenarios are, for one client or for everyone. An edition id is unique among the
    live ones, as the edition pickers list them by id."""
    m = sa.MetaData()
    sa.Table("clients", m, sa.Column("id", sa.Integer, primary_key=True))
    e = sa.Table(
        "own_editions", m,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("edition", sa.String(EDITION_MAX), nullable=False),
        sa.Column("client_id", sa.Integer, sa.ForeignKey("clients.id")),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True)),
    )
    sa.Table(
        "own_edition_versions", m,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("edition_id", sa.Integer, sa.ForeignKey("own_editions.id"), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("rules", sa.Text, nullable=False),
        sa.Column("note", sa.String(500)),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("edition_id", "version", name="uq_own_edition_version"),
    )
    sa.Index("uq_own_edition_live", e.c.edition, unique=True,
             sqlite_where=e.c.deleted_at.is_(None), postgresql_where=e.c.deleted_at.is_(None))
    m.create_all(conn, tables=[e, m.tables["own_edition_versions"]])


MIGRATIONS: tuple[Callable[[Connection], None], ...] = (_migration_1, _migration_2, _migration_3)
LATEST = len(MIGRATIONS)


def summary(profile_yaml: str) -> tuple[str | None, str | None]:
    try:
        data = yaml.safe_load(profile_yaml)
    except yaml.YAMLError:
        return None, None
    if not isinstance(data, dict):
        return None, None
    partner, edition = data.get("partner"), data.get("edition")
    return (str(partner)[:NAME_MAX] if partner is not None else None,
            str(edition)[:60] if edition is not None else None)
