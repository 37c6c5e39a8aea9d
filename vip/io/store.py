"""Saved clients and their scenarios, in a database through SQLAlchemy Core.

By default a SQLite file (WAL mode, so readers never wait on a writer): `data/vip_advisor.db` in a
checkout, the user's data folder for an installed copy (`default_path`); any database URL in
`VIP_ADVISOR_DB` instead (PostgreSQL for a shared team install).

Nothing is overwritten: every save appends a version of the scenario's profile (stored as profile
YAML, the format `vip validate` reads), and deleting a client or a scenario only marks it deleted,
so it can be undone. The schema carries its version; opening a store brings an older database up to
date, one migration at a time, from the first version on.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.sql.selectable import NamedFromClause

from vip.io.rules import MAX_FILE_BYTES, checkout, dump_profile, load_profile
from vip.io.schema import (
    EDITION_MAX,
    LATEST,
    MIGRATIONS,
    NAME_MAX,
    clients,
    edition_versions,
    editions,
    scenarios,
    schema_version,
    summary,
    versions,
)
from vip.model.checks import nearest
from vip.model.edition import Edition, control_character
from vip.model.errors import StoreError
from vip.model.profile import Profile

ENV = "VIP_ADVISOR_DB"
BUSY_TIMEOUT_S = 30

# --- what the store hands out ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Client:
    id: int
    name: str
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None
    scenarios: int  # live scenarios


@dataclass(frozen=True, slots=True)
class Scenario:
    id: int
    client_id: int
    client: str
    name: str
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None
    versions: int
    partner: str | None  # of the latest version
    edition: str | None


@dataclass(frozen=True, slots=True)
class Version:
    id: int
    scenario_id: int
    version: int
    created_at: datetime
    note: str | None
    partner: str | None
    edition: str | None
    profile_yaml: str


@dataclass(frozen=True, slots=True)
class OwnEdition:
    """An edition kept in the store: its latest rules file, for one client or (client None) for everyone."""

    id: int
    edition: str
    client: str | None
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None
    versions: int
    note: str | None  # of the latest version
    rules_yaml: str


_EDITION_ID = re.compile(rf"[A-Za-z0-9_-]{{1,{EDITION_MAX}}}")
_ID_LINE = re.compile(r"^id:[ \t]*[\"']?([A-Za-z0-9_-]+)[\"']?[ \t]*(#.*)?$", re.MULTILINE)


def _latest(table: sa.Table, owner: sa.Column[Any], owner_id: sa.Column[Any]
            ) -> tuple[sa.Subquery, NamedFromClause, sa.ColumnElement[bool]]:
    """For a table of versions (scenarios', own editions'): per owner its latest version number
    (`latest`) and count (`n`), the latest version's row (`last`), and the condition joining it."""
    latest = (sa.select(owner.label("owner"), sa.func.max(table.c.version).label("latest"), sa.func.count().label("n"))
              .group_by(owner).subquery())
    last = table.alias("last")
    return latest, last, sa.and_(last.c[owner.name] == owner_id, last.c.version == latest.c.latest)


def check_edition_id(edition: str) -> None:
    """Refuse an id the store cannot keep an own edition under: 1 to 60 letters, digits, - and _."""
    if not _EDITION_ID.fullmatch(edition):
        raise StoreError(code="error.store.edition_id", params={"id": edition[:80], "max": EDITION_MAX})


def _utc(value: datetime | None) -> datetime | None:
    return None if value is None else _at(value)


def _at(value: datetime) -> datetime:
    """A timestamp read back, as an aware UTC datetime (SQLite hands them back naive)."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _new_id(result: sa.CursorResult[Any]) -> int:
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def _now() -> datetime:
    return datetime.now(UTC)


# What is wrong with a client's or a scenario's name: (empty, too long).
_NAME_ERRORS = {"client": ("error.store.empty_client_name", "error.store.long_client_name"),
                "scenario": ("error.store.empty_scenario_name", "error.store.long_scenario_name")}


def _clean_name(name: str, what: str) -> str:
    clean = " ".join(str(name).split())
    empty, long = _NAME_ERRORS[what]
    if not clean:
        raise StoreError(code=empty)
    _plain(clean, what)
    if len(clean) > NAME_MAX:
        raise StoreError(code=long, params={"max": NAME_MAX, "length": len(clean)})
    return clean


def _plain(text: str, what: str) -> None:
    """Refuse a name or note holding a control character (an escape, a bell), which no name holds."""
    if (bad := control_character(text)) is not None:
        raise StoreError(code="error.value.control_character", params={"char": bad}, where=what)


def default_path() -> Path:
    """The SQLite file used when no database is named: `data/vip_advisor.db` in a checkout (the
    folder git ignores); for an installed copy `vip-advisor/vip_advisor.db` in the user's data
    folder (`$XDG_DATA_HOME`, else `~/.local/share`; `%LOCALAPPDATA%` on Windows). Never beside
    the installed package: site-packages holds code, is often not writable, is shared by every user
    of that Python, and a `data/` folder there would belong to no package (pip would never remove it)."""
    root = checkout()
    if root is not None:
        return root / "data" / "vip_advisor.db"
    local = os.environ.get("LOCALAPPDATA") if os.name == "nt" else None
    base = local or os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "vip-advisor" / "vip_advisor.db"


def default_url() -> str:
    """`VIP_ADVISOR_DB` if set, else the SQLite file at `default_path()`."""
    return os.environ.get(ENV) or f"sqlite:///{default_path()}"


def _sqlite_setup(engine: Engine) -> None:
    """WAL, a busy timeout and foreign keys on every connection; BEGIN IMMEDIATE for writes.

    pysqlite's own transaction handling starts transactions late and never for reads; it is turned
    off so that SQLAlchemy's BEGIN is the one that counts. A write transaction takes the write lock
    at its start (IMMEDIATE), so two writers never both read `max(version)` before either inserts.
    """

    @sa.event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_S * 1000}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("vip_write") else "BEGIN")


def _detail(exc: Exception) -> str:
    """What the database said, in one line: the driver's own words, without SQLAlchemy's added
    "(Background on this error at: ...)" line."""
    said = str(getattr(exc, "orig", None) or exc)
    return " ".join(said.split("(Background on this error")[0].split())


class Store:
    """Clients and scenarios in one database; safe to use from several processes at once."""

    def __init__(self, url: str | None = None) -> None:
        self.url = url or default_url()
        try:
            sa_url = sa.engine.make_url(self.url)
        except sa.exc.ArgumentError:
            raise StoreError(code="error.store.bad_url", params={"url": self.url}, where=ENV) from None
        self.sqlite = sa_url.get_backend_name() == "sqlite"
        if self.sqlite and sa_url.database not in (None, "", ":memory:"):
            try:  # a file in the way, a read-only or forbidden folder
                Path(sa_url.database).parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(code="error.store.cannot_open", params={"detail": exc.strerror or str(exc)},
                                 file=self._shown()) from None
        try:
            kwargs: dict[str, Any] = {"connect_args": {"timeout": BUSY_TIMEOUT_S}} if self.sqlite else {}
            self.engine = sa.create_engine(sa_url, **kwargs)
        except (SQLAlchemyError, ImportError) as exc:
            raise StoreError(code="error.store.cannot_open", params={"detail": _detail(exc)},
                             file=self._shown()) from None
        if self.sqlite:
            _sqlite_setup(self.engine)
        self.migrate()

    def _shown(self) -> str:
        return sa.engine.make_url(self.url).render_as_string(hide_password=True)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # --- transactions ---------------------------------------------------------------------------

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            conn.execution_options(vip_write=True)
            with conn.begin():
                if self._pg:  # one writer at a time, as SQLite's BEGIN IMMEDIATE gives
                    conn.execute(sa.text("SELECT pg_advisory_xact_lock(8472025)"))
                yield conn

    @property
    def _pg(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    def _run(self, work: Callable[[Connection], Any], *, write: bool = True) -> Any:
        """Run `work` in one transaction; retry when a concurrent writer won a race on a unique key."""
        for attempt in range(5):
            try:
                if write:
                    with self._write() as conn:
                        return work(conn)
                with self.engine.connect() as conn, conn.begin():
                    return work(conn)
            except IntegrityError:
                if attempt == 4:
                    raise StoreError(code="error.store.name_taken") from None
                time.sleep(0.05 * (attempt + 1))
            except OperationalError as exc:
                raise StoreError(code="error.store.unavailable", params={"detail": _detail(exc)},
                                 file=self._shown()) from None
            except SQLAlchemyError as exc:
                raise StoreError(code="error.store.database", params={"detail": _detail(exc)},
                                 file=self._shown()) from None
        raise AssertionError("unreachable")

    # --- schema ---------------------------------------------------------------------------------

    def migrate(self, target: int = LATEST) -> int:
        """Bring the database up to `target`, one migration at a time; the version it ends at."""

        def work(conn: Connection) -> int:
            schema_version.create(conn, checkfirst=True)
            current = conn.execute(sa.select(sa.func.max(schema_version.c.version))).scalar() or 0
            if current > LATEST:
                raise StoreError(code="error.store.newer_schema", params={"current": current, "latest": LATEST},
                                 file=self._shown())
            for number in range(current + 1, target + 1):
                MIGRATIONS[number - 1](conn)
                conn.execute(schema_version.insert().values(version=number, applied_at=_now()))
            return max(current, target)

        result: int = self._run(work)
        return result

    def schema_version(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(sa.select(sa.func.max(schema_version.c.version))).scalar() or 0)

    # --- clients --------------------------------------------------------------------------------

    def clients(self, *, deleted: bool = False) -> list[Client]:
        """Live clients by name (or only the deleted ones), with their number of live scenarios."""
        live = (
            sa.select(sa.func.count()).where(scenarios.c.client_id == clients.c.id, scenarios.c.deleted_at.is_(None))
            .scalar_subquery()
        )
        query = sa.select(clients, live.label("n")).where(
            clients.c.deleted_at.is_not(None) if deleted else clients.c.deleted_at.is_(None)
        ).order_by(sa.func.lower(clients.c.name), clients.c.id)
        rows = self._run(lambda conn: conn.execute(query).all(), write=False)
        return [Client(r.id, r.name, _at(r.created_at), _at(r.updated_at), _utc(r.deleted_at), r.n)
                for r in rows]

    def _client_id(self, conn: Connection, name: str, *, create: bool) -> int:
        found = conn.execute(
            sa.select(clients.c.id).where(clients.c.name == name, clients.c.deleted_at.is_(None))
        ).scalar()
        if found is not None:
            return int(found)
        if not create:
            names = conn.execute(sa.select(clients.c.name).where(clients.c.deleted_at.is_(None))).scalars().all()
            raise StoreError(code="error.store.no_client", params={"name": name}, suggestion=nearest(name, names))
        now = _now()
        return _new_id(conn.execute(clients.insert().values(name=name, created_at=now, updated_at=now)))

    def add_client(self, name: str) -> int:
        name = _clean_name(name, "client")
        result: int = self._run(lambda conn: self._client_id(conn, name, create=True))
        return result

    def rename_client(self, client_id: int, new_name: str) -> None:
        new_name = _clean_name(new_name, "client")

        def work(conn: Connection) -> None:
            self._live_client(conn, client_id)
            taken = conn.execute(sa.select(clients.c.id).where(
                clients.c.name == new_name, clients.c.deleted_at.is_(None), clients.c.id != client_id)).first()
            if taken:
                raise StoreError(code="error.store.client_exists", params={"name": new_name})
            conn.execute(clients.update().where(clients.c.id == client_id).values(name=new_name, updated_at=_now()))

        self._run(work)

    def _live_client(self, conn: Connection, client_id: int) -> None:
        row = conn.execute(sa.select(clients.c.deleted_at).where(clients.c.id == client_id)).first()
        if row is None or row.deleted_at is not None:
            # ids and version numbers go in as text: names of rows, not figures to group (1,234)
            raise StoreError(code="error.store.no_client_id", params={"id": str(client_id)})

    def delete_client(self, client_id: int) -> None:
        """Mark a client deleted (its scenarios go with it, and come back with `restore_client`)."""

        def work(conn: Connection) -> None:
            self._live_client(conn, client_id)
            conn.execute(clients.update().where(clients.c.id == client_id).values(deleted_at=_now()))

        self._run(work)

    def restore_client(self, client_id: int) -> None:
        def work(conn: Connection) -> None:
            row = conn.execute(sa.select(clients.c.name, clients.c.deleted_at).where(clients.c.id == client_id)).first()
            if row is None or row.deleted_at is None:
                raise StoreError(code="error.store.no_deleted_client", params={"id": str(client_id)})
            taken = conn.execute(sa.select(clients.c.id).where(
                clients.c.name == row.name, clients.c.deleted_at.is_(None))).first()
            if taken:
                raise StoreError(code="error.store.client_back", params={"name": row.name})
            conn.execute(clients.update().where(clients.c.id == client_id).values(deleted_at=None, updated_at=_now()))

        self._run(work)

    # --- scenarios ------------------------------------------------------------------------------

    def _scenario_query(self) -> sa.Select[Any]:
        latest, last, on = _latest(versions, versions.c.scenario_id, scenarios.c.id)
        return (
            sa.select(scenarios, clients.c.name.label("client"), latest.c.n, last.c.partner, last.c.edition)
            .join(clients, clients.c.id == scenarios.c.client_id)
            .outerjoin(latest, latest.c.owner == scenarios.c.id)
            .outerjoin(last, on)
        )

    @staticmethod
    def _scenario(r: Any) -> Scenario:
        return Scenario(r.id, r.client_id, r.client, r.name, _at(r.created_at), _at(r.updated_at),
                        _utc(r.deleted_at), int(r.n or 0), r.partner, r.edition)

    def scenarios(self, client: str | None = None, *, deleted: bool = False) -> list[Scenario]:
        """Live scenarios of live clients (or of one client), newest save first; or the deleted ones."""
        query = self._scenario_query()
        if deleted:
            query = query.where(sa.or_(scenarios.c.deleted_at.is_not(None), clients.c.deleted_at.is_not(None)))
        else:
            query = query.where(scenarios.c.deleted_at.is_(None), clients.c.deleted_at.is_(None))
        if client is not None:
            query = query.where(clients.c.name == client)
        query = query.order_by(scenarios.c.updated_at.desc(), scenarios.c.id.desc())
        rows = self._run(lambda conn: conn.execute(query).all(), write=False)
        return [self._scenario(r) for r in rows]

    def latest_scenarios(self) -> list[Scenario]:
        """Each live client's scenario saved last, by client name: the portfolio's partners."""
        latest: dict[int, Scenario] = {}
        for s in self.scenarios():  # newest save first
            latest.setdefault(s.client_id, s)
        return sorted(latest.values(), key=lambda s: (s.client.casefold(), s.client))

    def scenario(self, scenario_id: int) -> Scenario:
        query = self._scenario_query().where(scenarios.c.id == scenario_id)
        row = self._run(lambda conn: conn.execute(query).first(), write=False)
        if row is None:
            raise StoreError(code="error.store.no_scenario_id", params={"id": str(scenario_id)})
        return self._scenario(row)

    def find(self, client: str, name: str) -> Scenario:
        """The live scenario `name` of the live client `client`."""
        client, name = " ".join(client.split()), " ".join(name.split())
        live = self.scenarios(client)
        for s in live:
            if s.name == name:
                return s
        if not any(c.name == client for c in self.clients()):
            raise StoreError(code="error.store.no_client", params={"name": client},
                             suggestion=nearest(client, [c.name for c in self.clients()]))
        raise StoreError(code="error.store.no_scenario", params={"name": name, "client": client},
                         suggestion=nearest(name, [s.name for s in live]))

    def save(self, client: str, name: str, profile: Profile, note: str | None = None) -> Version:
        """Append a version of scenario `name` of `client`, creating either when it is new."""
        client, name = _clean_name(client, "client"), _clean_name(name, "scenario")
        text = dump_profile(profile)

        def work(conn: Connection) -> Version:
            client_id = self._client_id(conn, client, create=True)
            found = conn.execute(sa.select(scenarios.c.id).where(
                scenarios.c.client_id == client_id, scenarios.c.name == name, scenarios.c.deleted_at.is_(None))
            ).scalar()
            if found is None:
                now = _now()
                found = _new_id(conn.execute(scenarios.insert().values(
                    client_id=client_id, name=name, created_at=now, updated_at=now)))
            return self._append(conn, int(found), text, note)

        result: Version = self._run(work)
        return result

    def save_version(self, scenario_id: int, profile: Profile, note: str | None = None) -> Version:
        """Append a version to an existing live scenario."""
        text = dump_profile(profile)

        def work(conn: Connection) -> Version:
            self._live_scenario(conn, scenario_id)
            return self._append(conn, scenario_id, text, note)

        result: Version = self._run(work)
        return result

    def _append(self, conn: Connection, scenario_id: int, text: str, note: str | None) -> Version:
        # The transaction holds the write lock (SQLite: BEGIN IMMEDIATE; PostgreSQL: the advisory
        # lock), so no other writer can take the same number; the unique key is the last guard.
        number = (conn.execute(
            sa.select(sa.func.max(versions.c.version)).where(versions.c.scenario_id == scenario_id)
        ).scalar() or 0) + 1
        now = _now()
        partner, edition = summary(text)
        if note:
            _plain(" ".join(note.split()), "note")
        note = note[:500] if note else None
        row_id = _new_id(conn.execute(versions.insert().values(
            scenario_id=scenario_id, version=number, profile=text, created_at=now, note=note,
            partner=partner, edition=edition,
        )))
        conn.execute(scenarios.update().where(scenarios.c.id == scenario_id).values(updated_at=now))
        conn.execute(clients.update().where(
            clients.c.id == sa.select(scenarios.c.client_id).where(scenarios.c.id == scenario_id).scalar_subquery()
        ).values(updated_at=now))
        return Version(int(row_id), scenario_id, number, now, note, partner, edition, text)

    def _live_scenario(self, conn: Connection, scenario_id: int) -> Any:
        row = conn.execute(
            sa.select(scenarios.c.client_id, scenarios.c.name, scenarios.c.deleted_at,
                      clients.c.deleted_at.label("client_deleted"))
            .join(clients, clients.c.id == scenarios.c.client_id).where(scenarios.c.id == scenario_id)
        ).first()
        if row is None or row.deleted_at is not None or row.client_deleted is not None:
            raise StoreError(code="error.store.no_scenario_id", params={"id": str(scenario_id)})
        return row

    def history(self, scenario_id: int) -> list[Version]:
        """Every saved version of a scenario, newest first."""
        query = sa.select(versions).where(versions.c.scenario_id == scenario_id).order_by(versions.c.version.desc())
        rows = self._run(lambda conn: conn.execute(query).all(), write=False)
        return [Version(r.id, r.scenario_id, r.version, _at(r.created_at), r.note, r.partner, r.edition,
                        r.profile) for r in rows]

    def version(self, scenario_id: int, number: int | None = None) -> Version:
        """One version of a scenario (the latest when `number` is None)."""
        history = self.history(scenario_id)
        if not history:
            raise StoreError(code="error.store.no_versions", params={"id": str(scenario_id)})
        if number is None:
            return history[0]
        for v in history:
            if v.version == number:
                return v
        raise StoreError(code="error.store.no_version",
                         params={"number": str(number), "latest": str(history[0].version)})

    def load(self, scenario_id: int, editions: dict[str, Edition], number: int | None = None
             ) -> tuple[Profile, Edition, Version]:
        """A saved profile, checked against the rules as a file would be."""
        v = self.version(scenario_id, number)
        s = self.scenario(scenario_id)
        profile, edition = load_profile(f"{s.client}/{s.name} v{v.version}", editions, text=v.profile_yaml)
        return profile, edition, v

    def rename(self, scenario_id: int, new_name: str) -> None:
        new_name = _clean_name(new_name, "scenario")

        def work(conn: Connection) -> None:
            row = self._live_scenario(conn, scenario_id)
            taken = conn.execute(sa.select(scenarios.c.id).where(
                scenarios.c.client_id == row.client_id, scenarios.c.name == new_name,
                scenarios.c.deleted_at.is_(None), scenarios.c.id != scenario_id)).first()
            if taken:
                raise StoreError(code="error.store.scenario_exists", params={"name": new_name})
            conn.execute(scenarios.update().where(scenarios.c.id == scenario_id).values(name=new_name,
                                                                                        updated_at=_now()))

        self._run(work)

    def delete(self, scenario_id: int) -> None:
        """Mark a scenario deleted; `restore` undoes it. Its versions are kept."""

        def work(conn: Connection) -> None:
            self._live_scenario(conn, scenario_id)
            conn.execute(scenarios.update().where(scenarios.c.id == scenario_id).values(deleted_at=_now()))

        self._run(work)

    def restore(self, scenario_id: int) -> None:
        """Undo a delete (refused when a live scenario of the client took the name meanwhile)."""

        def work(conn: Connection) -> None:
            row = conn.execute(sa.select(scenarios).where(scenarios.c.id == scenario_id)).first()
            if row is None or row.deleted_at is None:
                raise StoreError(code="error.store.no_deleted_scenario", params={"id": str(scenario_id)})
            taken = conn.execute(sa.select(scenarios.c.id).where(
                scenarios.c.client_id == row.client_id, scenarios.c.name == row.name,
                scenarios.c.deleted_at.is_(None))).first()
            if taken:
                raise StoreError(code="error.store.scenario_back", params={"name": row.name})
            conn.execute(scenarios.update().where(scenarios.c.id == scenario_id).values(deleted_at=None,
                                                                                        updated_at=_now()))
            owner = conn.execute(sa.select(clients).where(clients.c.id == row.client_id)).one()
            if owner.deleted_at is not None:  # bring its client back with it
                if conn.execute(sa.select(clients.c.id).where(
                        clients.c.name == owner.name, clients.c.deleted_at.is_(None))).first():
                    raise StoreError(code="error.store.client_back", params={"name": owner.name})
                conn.execute(clients.update().where(clients.c.id == row.client_id).values(deleted_at=None))

        self._run(work)

    # --- own editions ---------------------------------------------------------------------------

    def save_edition(self, edition: str, rules_yaml: str, client: str | None = None,
                     note: str | None = None) -> OwnEdition:
        """Append a version of the own edition `edition` (a rules file whose `id:` is that id), for
        `client` or for everyone; a new edition id makes a new edition. The caller has loaded the rules
        (they extend an edition the store does not know of); this checks their id and size only."""
        check_edition_id(edition)
        found = _ID_LINE.search(rules_yaml)
        if found is None or found.group(1) != edition:
            raise StoreError(code="error.store.edition_file_id",
                             params={"id": edition, "found": found.group(1) if found else ""})
        if len(rules_yaml.encode()) > MAX_FILE_BYTES:
            raise StoreError(code="error.store.edition_too_large", params={"limit": MAX_FILE_BYTES})
        client = _clean_name(client, "client") if client is not None else None
        if note:
            _plain(" ".join(note.split()), "note")
        note = note[:500] if note else None

        def work(conn: Connection) -> int:
            owner = self._client_id(conn, client, create=True) if client is not None else None
            row = conn.execute(sa.select(editions.c.id, editions.c.client_id).where(
                editions.c.edition == edition, editions.c.deleted_at.is_(None))).first()
            now = _now()
            if row is None:
                own = _new_id(conn.execute(editions.insert().values(
                    edition=edition, client_id=owner, created_at=now, updated_at=now)))
            else:
                own = int(row.id)
                conn.execute(editions.update().where(editions.c.id == own).values(client_id=owner, updated_at=now))
            number = (conn.execute(sa.select(sa.func.max(edition_versions.c.version)).where(
                edition_versions.c.edition_id == own)).scalar() or 0) + 1
            conn.execute(edition_versions.insert().values(edition_id=own, version=number, rules=rules_yaml,
                                                          note=note, created_at=now))
            return own

        own_id: int = self._run(work)
        return self.own_edition(own_id)

    def _own_query(self) -> sa.Select[Any]:
        latest, last, on = _latest(edition_versions, edition_versions.c.edition_id, editions.c.id)
        return (
            sa.select(editions, clients.c.name.label("client"), latest.c.n, last.c.rules, last.c.note)
            .outerjoin(clients, clients.c.id == editions.c.client_id)
            .join(latest, latest.c.owner == editions.c.id)
            .join(last, on)
        )

    @staticmethod
    def _own(r: Any) -> OwnEdition:
        return OwnEdition(r.id, r.edition, r.client, _at(r.created_at), _at(r.updated_at), _utc(r.deleted_at),
                          int(r.n), r.note, r.rules)

    def own_editions(self, *, deleted: bool = False) -> list[OwnEdition]:
        """The live own editions by id (or only the deleted ones), each with its latest rules."""
        query = self._own_query().where(
            editions.c.deleted_at.is_not(None) if deleted else editions.c.deleted_at.is_(None)
        ).order_by(editions.c.edition, editions.c.id)
        rows = self._run(lambda conn: conn.execute(query).all(), write=False)
        return [self._own(r) for r in rows]

    def editions_stamp(self) -> tuple[int, str]:
        """What changes whenever an own edition is saved, deleted or restored: cheap to ask on every run."""
        query = sa.select(sa.func.count(), sa.func.max(editions.c.updated_at))
        row = self._run(lambda conn: conn.execute(query).one(), write=False)
        return int(row[0]), str(row[1])

    def own_edition(self, own_id: int) -> OwnEdition:
        row = self._run(lambda conn: conn.execute(self._own_query().where(editions.c.id == own_id)).first(),
                        write=False)
        if row is None:
            raise StoreError(code="error.store.no_edition_id", params={"id": str(own_id)})
        return self._own(row)

    def edition_history(self, own_id: int) -> list[tuple[int, datetime, str | None, str]]:
        """Every saved version of an own edition, newest first: (version, saved at, note, rules)."""
        query = (sa.select(edition_versions).where(edition_versions.c.edition_id == own_id)
                 .order_by(edition_versions.c.version.desc()))
        rows = self._run(lambda conn: conn.execute(query).all(), write=False)
        return [(r.version, _at(r.created_at), r.note, r.rules) for r in rows]

    def delete_edition(self, own_id: int) -> None:
        """Mark an own edition deleted (its versions stay; `restore_edition` undoes it)."""

        def work(conn: Connection) -> None:
            now = _now()
            done = conn.execute(editions.update().where(editions.c.id == own_id, editions.c.deleted_at.is_(None))
                                .values(deleted_at=now, updated_at=now))
            if not done.rowcount:
                raise StoreError(code="error.store.no_edition_id", params={"id": str(own_id)})

        self._run(work)

    def restore_edition(self, own_id: int) -> None:
        """Undo a delete (refused when a live own edition took the id meanwhile)."""

        def work(conn: Connection) -> None:
            row = conn.execute(sa.select(editions).where(editions.c.id == own_id)).first()
            if row is None or row.deleted_at is None:
                raise StoreError(code="error.store.no_edition_id", params={"id": str(own_id)})
            if conn.execute(sa.select(editions.c.id).where(editions.c.edition == row.edition,
                                                           editions.c.deleted_at.is_(None))).first():
                raise StoreError(code="error.store.edition_back", params={"id": row.edition})
            conn.execute(editions.update().where(editions.c.id == own_id).values(deleted_at=None, updated_at=_now()))

        self._run(work)
