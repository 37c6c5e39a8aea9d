"""The scenario store: versions instead of overwrites, undoable deletes, migrations from the first
schema on, concurrent writers in several processes, and a writer killed in the middle of a save."""

from __future__ import annotations

import multiprocessing
import os
import re
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from factories import ROOT, SAMPLES, editions, profile
from vip.cli import main
from vip.io.rules import dump_profile, load_profile
from vip.io.schema import LATEST, MIGRATIONS, metadata
from vip.io.store import ENV, Store, default_url
from vip.model.errors import StoreError
from vip.present.explain import error_line


def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'store.db'}"


@pytest.fixture
def store(tmp_path: Path):
    with Store(url(tmp_path)) as s:
        yield s


# --- saving and history ------------------------------------------------------------------------


def test_saving_again_appends_a_version_and_keeps_the_old_one(store: Store) -> None:
    first = store.save("Voorbeeld", "baseline", profile(csat_responses=8), note="before the meeting")
    second = store.save("Voorbeeld", "baseline", profile(csat_responses=10))
    assert (first.version, second.version) == (1, 2)
    history = store.history(second.scenario_id)
    assert [(v.version, v.note) for v in history] == [(2, None), (1, "before the meeting")]
    old, _, _ = store.load(second.scenario_id, editions(), 1)
    new, _, _ = store.load(second.scenario_id, editions())
    assert (old.csat_responses, new.csat_responses) == (8, 10)


def test_a_saved_profile_loads_back_equal(store: Store) -> None:
    original, _ = load_profile(SAMPLES / "rheinland_gold.yaml", editions())
    saved = store.save("Rheinland", "all tracks", original)
    loaded, edition, version = store.load(saved.scenario_id, editions())
    assert loaded == original and edition.id == "VIP25"
    assert (version.partner, version.edition) == ("Rheinland Systemhaus GmbH", "VIP25")
    assert version.created_at.tzinfo is UTC


def test_clients_and_scenarios_list_with_counts_newest_first(store: Store) -> None:
    store.save("B client", "one", profile())
    store.save("A client", "two", profile())
    store.save("A client", "three", profile())
    store.save("A client", "two", profile())
    assert [(c.name, c.scenarios) for c in store.clients()] == [("A client", 2), ("B client", 1)]
    assert [(s.client, s.name, s.versions) for s in store.scenarios()] == [
        ("A client", "two", 2), ("A client", "three", 1), ("B client", "one", 1)]
    assert [s.name for s in store.scenarios("B client")] == ["one"]


def test_names_are_tidied_and_must_not_be_empty(store: Store) -> None:
    saved = store.save("  Voorbeeld   BV ", " base ", profile())
    assert store.scenario(saved.scenario_id).client == "Voorbeeld BV"
    assert store.find("Voorbeeld BV", "base").id == saved.scenario_id
    with pytest.raises(StoreError) as caught:
        store.save("Voorbeeld BV", "   ", profile())
    assert error_line(caught.value) == "expected a scenario name, got an empty one"
    assert error_line(caught.value, "nl") == "verwacht een naam voor het scenario, maar die is leeg"


def test_rename_refuses_a_name_in_use(store: Store) -> None:
    a = store.save("C", "a", profile()).scenario_id
    store.save("C", "b", profile())
    with pytest.raises(StoreError) as caught:
        store.rename(a, "b")
    assert error_line(caught.value) == "a scenario named 'b' already exists"
    store.rename(a, "a2")
    assert store.scenario(a).name == "a2"
    assert store.find("C", "a2").versions == 1


def test_delete_is_undone_by_restore(store: Store) -> None:
    sid = store.save("C", "plan", profile()).scenario_id
    store.delete(sid)
    assert store.scenarios() == []
    assert [s.name for s in store.scenarios(deleted=True)] == ["plan"]
    with pytest.raises(StoreError) as caught:
        store.save_version(sid, profile())
    assert error_line(caught.value) == f"no scenario with id {sid}"
    store.restore(sid)
    assert [s.name for s in store.scenarios()] == ["plan"]
    assert store.scenario(sid).versions == 1


def test_restore_is_refused_when_the_name_was_taken_meanwhile(store: Store) -> None:
    sid = store.save("C", "plan", profile()).scenario_id
    store.delete(sid)
    store.save("C", "plan", profile())  # a new scenario of the same name
    with pytest.raises(StoreError) as caught:
        store.restore(sid)
    assert error_line(caught.value) == "a scenario named 'plan' exists again; rename it first"


def test_deleting_a_client_hides_its_scenarios_until_restored(store: Store) -> None:
    store.save("C", "plan", profile())
    client = store.clients()[0]
    store.delete_client(client.id)
    assert store.clients() == [] and store.scenarios() == []
    assert [c.name for c in store.clients(deleted=True)] == ["C"]
    store.restore_client(client.id)
    assert [s.name for s in store.scenarios()] == ["plan"]


def test_unknown_names_get_a_suggestion(store: Store) -> None:
    store.save("Voorbeeld", "baseline", profile())
    with pytest.raises(StoreError) as caught:
        store.find("Voorbeeld", "basline")
    assert error_line(caught.value) == "no scenario 'basline' for Voorbeeld (did you mean 'baseline'?)"
    assert error_line(caught.value, "nl") == "geen scenario 'basline' voor Voorbeeld (bedoel je 'baseline'?)"
    with pytest.raises(StoreError) as caught:
        store.find("Vorbeeld", "baseline")
    assert error_line(caught.value) == "no client 'Vorbeeld' (did you mean 'Voorbeeld'?)"
    assert error_line(caught.value, "nl") == "geen klant 'Vorbeeld' (bedoel je 'Voorbeeld'?)"
    with pytest.raises(StoreError) as caught:
        store.version(store.find("Voorbeeld", "baseline").id, 7)
    assert error_line(caught.value) == "no version 7; versions 1 to 1"
    assert error_line(caught.value, "nl") == "geen versie 7; er zijn versies 1 tot en met 1"


# --- the database ------------------------------------------------------------------------------


def test_default_database_is_the_data_folder_unless_the_environment_says_otherwise(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(ENV, raising=False)
    assert default_url() == f"sqlite:///{ROOT / 'data' / 'vip_advisor.db'}"
    monkeypatch.setenv(ENV, url(tmp_path))
    with Store() as s:
        assert s.url == url(tmp_path)
    assert (tmp_path / "store.db").exists()


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(store: Store) -> None:
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30_000
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_a_bad_url_is_one_clear_error() -> None:
    with pytest.raises(StoreError) as caught:
        Store("no such thing")
    assert error_line(caught.value) == f"{ENV}: not a database URL: 'no such thing'"


def _v1_database(path: Path) -> None:
    """A database as the first schema left it, with one saved version."""
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at DATETIME NOT NULL)")
        MIGRATIONS[0](conn)
        conn.exec_driver_sql("INSERT INTO schema_version VALUES (1, '2015-04-24 10:00:00')")
        conn.exec_driver_sql("INSERT INTO clients VALUES (1, 'Voorbeeld', '2015-04-24', '2015-04-24', NULL)")
        conn.exec_driver_sql("INSERT INTO scenarios VALUES (1, 1, 'baseline', '2015-04-24', '2015-04-24', NULL)")
        conn.execute(sa.text("INSERT INTO scenario_versions VALUES (1, 1, 1, :p, '2015-04-24 10:00:00')"),
                     {"p": (SAMPLES / "voorbeeld_netwerken.yaml").read_text(encoding="utf-8")})
    engine.dispose()


def test_a_version_1_database_is_migrated_and_keeps_its_data(tmp_path: Path) -> None:
    _v1_database(tmp_path / "store.db")
    with Store(url(tmp_path)) as s:
        assert s.schema_version() == LATEST == 3
        [scenario] = s.scenarios()
        assert (scenario.name, scenario.partner, scenario.edition) == ("baseline", "Voorbeeld Netwerken BV", "VIP25")
        old = s.version(scenario.id)
        assert old.created_at == datetime(2015, 4, 24, 10, tzinfo=UTC) and old.note is None
        assert s.save("Voorbeeld", "baseline", profile()).version == 2
        inspector = sa.inspect(s.engine)
        for table in metadata.sorted_tables:
            assert {c["name"] for c in inspector.get_columns(table.name)} == set(table.columns.keys())


def test_migrating_again_changes_nothing(tmp_path: Path) -> None:
    with Store(url(tmp_path)) as s:
        s.save("C", "plan", profile())
    with Store(url(tmp_path)) as s:
        assert s.schema_version() == 3 and s.migrate() == 3
        assert len(s.scenarios()) == 1
        with s.engine.connect() as conn:
            applied = conn.exec_driver_sql("SELECT version FROM schema_version ORDER BY version").scalars().all()
            assert applied == [1, 2, 3]


def test_a_database_newer_than_the_program_is_refused(tmp_path: Path) -> None:
    with Store(url(tmp_path)) as s, s.engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO schema_version VALUES (4, '2030-01-01')")
    with pytest.raises(StoreError) as caught:
        Store(url(tmp_path))
    assert f"schema version 4, newer than this program knows ({LATEST}); upgrade the program" in (
        error_line(caught.value))


# --- own editions --------------------------------------------------------------------------------

OWN = "id: MYVIP25\nextends: VIP25\nname: My VIP 25\n"


def test_own_editions_are_versioned_per_id_and_undoably_deleted(db: str) -> None:
    with Store(db) as store:
        _own_editions_round(store)


def _own_editions_round(store: Store) -> None:
    first = store.save_edition("MYVIP25", OWN, note="SKU list of 1 March")
    second = store.save_edition("MYVIP25", OWN.replace("My VIP 25", "My VIP 25, April"), client="Voorbeeld")
    assert first.id == second.id and (first.versions, second.versions) == (1, 2)
    assert (first.client, second.client) == (None, "Voorbeeld") and "April" in second.rules_yaml
    assert [(v, note) for v, _, note, _ in store.edition_history(first.id)] == [(2, None), (1, "SKU list of 1 March")]
    other = store.save_edition("OTHER", OWN.replace("MYVIP25", "OTHER"))
    assert [e.edition for e in store.own_editions()] == ["MYVIP25", "OTHER"]
    store.delete_edition(other.id)
    assert [e.edition for e in store.own_editions()] == ["MYVIP25"]
    assert [e.edition for e in store.own_editions(deleted=True)] == ["OTHER"]
    again = store.save_edition("OTHER", OWN.replace("MYVIP25", "OTHER"))  # the id is free again
    assert again.id != other.id and again.versions == 1
    with pytest.raises(StoreError) as caught:
        store.restore_edition(other.id)
    assert "already has the id OTHER" in error_line(caught.value)
    store.delete_edition(again.id)
    store.restore_edition(other.id)
    assert [(e.edition, e.versions) for e in store.own_editions()] == [("MYVIP25", 2), ("OTHER", 1)]


@pytest.mark.parametrize(("edition", "text", "says"), [
    ("MY VIP", OWN, "An edition id is 1 to 60 letters, digits"),
    ("X" * 61, OWN, "An edition id is 1 to 60 letters, digits"),
    ("OTHER", OWN, "must say “OTHER”; it says “MYVIP25”"),
    ("MYVIP25", "extends: VIP25\n", "must say “MYVIP25”; it says “”"),
    ("MYVIP25", OWN + "#" * 10_000_001, "may be at most 10,000,000 bytes"),
])
def test_an_own_edition_the_store_cannot_keep_is_one_line(store: Store, edition: str, text: str, says: str) -> None:
    with pytest.raises(StoreError) as caught:
        store.save_edition(edition, text)
    line = error_line(caught.value)
    assert says in line and "\n" not in line
    assert store.own_editions() == []


# --- both databases: SQLite, and PostgreSQL where one is at hand ----------------------------------

# e.g. postgresql+psycopg://vip@127.0.0.1:5432/postgres; .ci/run starts a throw-away one
PG_SERVER = os.environ.get("VIP_ADVISOR_TEST_PG")


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh database on the PostgreSQL server in VIP_ADVISOR_TEST_PG, dropped afterwards."""
    if not PG_SERVER:
        pytest.skip("VIP_ADVISOR_TEST_PG names no PostgreSQL server")
    server = sa.create_engine(PG_SERVER, isolation_level="AUTOCOMMIT")
    name = f"vip_test_{os.getpid()}_{time.time_ns() % 10**9}"
    with server.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE {name}")
    yield sa.engine.make_url(PG_SERVER).set(database=name).render_as_string(hide_password=False)
    with server.connect() as conn:
        conn.exec_driver_sql(f"DROP DATABASE {name} WITH (FORCE)")
    server.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty store's URL: a SQLite file, then a database on the PostgreSQL server (skipped without one)."""
    return url(tmp_path) if request.param == "sqlite" else str(request.getfixturevalue("pg_url"))


def test_postgresql_store_keeps_history_and_undo(pg_url: str) -> None:
    with Store(pg_url) as s:
        assert s.schema_version() == LATEST
        sid = s.save("PG BV", "plan", profile()).scenario_id
        s.delete(sid)
        s.save("PG BV", "plan", profile())
        with pytest.raises(StoreError) as caught:
            s.restore(sid)
        assert error_line(caught.value) == "a scenario named 'plan' exists again; rename it first"
        assert [v.version for v in s.history(s.find("PG BV", "plan").id)] == [1]
        assert s.history(sid)[0].created_at.tzinfo is UTC


# --- several processes at once -----------------------------------------------------------------


def _save_many(db: str, writer: int, count: int) -> None:
    partner = profile(csat_responses=writer)
    with Store(db) as s:
        for i in range(count):
            s.save("Concurrent BV", "shared", partner, note=f"{writer}:{i}")
            s.save("Concurrent BV", f"own {writer}", partner, note=f"{writer}:{i}")


def test_concurrent_writers_in_several_processes_lose_nothing(db: str) -> None:
    writers, count = 4, 25
    ctx = multiprocessing.get_context("spawn")
    started = time.perf_counter()
    procs = [ctx.Process(target=_save_many, args=(db, w, count)) for w in range(writers)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
    elapsed = time.perf_counter() - started
    assert [p.exitcode for p in procs] == [0] * writers
    with Store(db) as s:
        assert [c.name for c in s.clients()] == ["Concurrent BV"]
        shared = s.history(s.find("Concurrent BV", "shared").id)
        assert sorted(v.version for v in shared) == list(range(1, writers * count + 1))
        assert {v.note for v in shared} == {f"{w}:{i}" for w in range(writers) for i in range(count)}
        for w in range(writers):
            own = s.history(s.find("Concurrent BV", f"own {w}").id)
            assert [v.version for v in own] == list(range(count, 0, -1))
    print(f"{writers} processes x {2 * count} saves: {elapsed:.1f} s")


# --- a writer killed in the middle of a save ---------------------------------------------------

WRITER = """
import sys, time
import sqlalchemy as sa
sys.path.insert(0, {tests!r})
from factories import profile
from vip.io.store import Store

store = Store({db!r})
for i in range(3):
    store.save("Killed BV", "plan", profile(csat_responses=i), note=f"committed {{i}}")
    print(f"saved {{i + 1}}", flush=True)
mode = {mode!r}
if mode == "in-commit":
    @sa.event.listens_for(store.engine, "commit")
    def hang(conn):  # the new version is written but not yet committed
        print("committing", flush=True)
        time.sleep(60)
    store.save("Killed BV", "plan", profile(csat_responses=9), note="never committed")
else:
    n = 3
    while True:
        store.save("Killed BV", "plan", profile(csat_responses=n % 50), note=f"committed {{n}}")
        n += 1
        print(f"saved {{n}}", flush=True)
"""


def _writer(db: str, mode: str) -> subprocess.Popen[str]:
    script = WRITER.format(tests=str(ROOT / "tests"), db=db, mode=mode)
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(script)], stdout=subprocess.PIPE, text=True,
                            cwd=ROOT, env={**os.environ, "PYTHONUNBUFFERED": "1"})


def _check_readable(db: str) -> list[int]:
    if db.startswith("sqlite"):
        raw = sqlite3.connect(sa.engine.make_url(db).database or "")
        assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        raw.close()
    with Store(db) as s:
        scenario = s.find("Killed BV", "plan")
        history = s.history(scenario.id)
        loaded, _, latest = s.load(scenario.id, editions())
        assert latest.version == history[0].version
        assert loaded.csat_responses is not None
        return [v.version for v in history]


def test_a_writer_killed_while_committing_leaves_the_last_committed_version(db: str) -> None:
    with _writer(db, "in-commit") as proc:
        assert proc.stdout is not None
        seen = [proc.stdout.readline().strip() for _ in range(4)]
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
    assert seen == ["saved 1", "saved 2", "saved 3", "committing"]
    assert proc.returncode == -signal.SIGKILL
    assert _check_readable(db) == [3, 2, 1]
    with Store(db) as s:
        assert s.version(s.find("Killed BV", "plan").id).note == "committed 2"
        assert s.save("Killed BV", "plan", profile()).version == 4  # and writing goes on


@pytest.mark.parametrize("delay", [0.05, 0.2, 0.45])
def test_a_writer_killed_at_any_moment_leaves_a_readable_database(db: str, delay: float) -> None:
    with _writer(db, "loop") as proc:  # closes the pipe whatever happens
        assert proc.stdout is not None
        for _ in range(3):
            proc.stdout.readline()
        time.sleep(delay)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
        # the kill may cut the last line short: only a whole line reports a save as done
        printed = [int(n) for n in re.findall(r"^saved (\d+)\n", proc.stdout.read(), re.MULTILINE)]
    versions = _check_readable(db)
    assert versions == list(range(len(versions), 0, -1))  # no gap, nothing half-written
    assert len(versions) >= max([3, *printed])  # every save reported done is there


# --- the command line: YAML out and in, exactly --------------------------------------------------


def test_export_then_import_round_trips_exactly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = ["--db", url(tmp_path)]
    for sample in sorted(SAMPLES.glob("*.yaml")):
        assert main(["scenarios", "import", str(sample), "--client", "Round trip", *db]) == 0
        first = tmp_path / f"{sample.stem}.1.yaml"
        assert main(["scenarios", "export", "Round trip", sample.stem, "-o", str(first), *db]) == 0
        assert main(["scenarios", "import", str(first), "--client", "Round trip", "--scenario", sample.stem, *db]) == 0
        second = tmp_path / f"{sample.stem}.2.yaml"
        assert main(["scenarios", "export", "Round trip", sample.stem, "-o", str(second), *db]) == 0
        assert first.read_text(encoding="utf-8") == second.read_text(encoding="utf-8")
        original, _ = load_profile(sample, editions())
        again, _ = load_profile(second, editions())
        assert again == original
        assert first.read_text(encoding="utf-8") == dump_profile(original)
    capsys.readouterr()
    assert main(["scenarios", "list", "--format", "json", *db]) == 0
    listed = capsys.readouterr().out
    assert listed.count('"versions": 2') == len(list(SAMPLES.glob("*.yaml")))


def test_scenarios_show_prints_history_and_profile(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = ["--db", url(tmp_path)]
    sample = str(SAMPLES / "thames_short_csat.yaml")
    main(["scenarios", "import", sample, "--client", "Thames", "--scenario", "csat", "--note", "first look", *db])
    main(["scenarios", "import", sample, "--client", "Thames", "--scenario", "csat", *db])
    capsys.readouterr()
    assert main(["scenarios", "show", "Thames", "csat", "--version", "1", *db]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Thames / csat: version 1 of 2")
    assert "first look" in out and "imported from thames_short_csat.yaml" in out
    assert "partner: Thames Collaboration Ltd" in out


def test_scenarios_errors_are_one_line_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scenarios", "export", "Nobody", "x", "--db", url(tmp_path)]) == 2
    assert capsys.readouterr().err == "vip: no client 'Nobody'\n"
    bad = tmp_path / "bad.yaml"
    bad.write_text("partner: X\n", encoding="utf-8")
    assert main(["scenarios", "import", str(bad), "--client", "C", "--db", url(tmp_path)]) == 2
    assert capsys.readouterr().err.startswith(f"vip: {bad}")
