"""The wheel: built from the project's sources, installed apart from the checkout, it carries the
shipped rules, sample partners, words and templates, and `vip` runs from it anywhere."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from factories import ROOT
from vip.io.rules import RULES_ENV, SAMPLES_ENV, checkout, rules_dir, samples_dir
from vip.io.store import default_path

pytestmark = pytest.mark.packaging

# What the build reads. It runs on a copy, so that the checkout gets no build/ folder, and no file
# left in one by an earlier build can slip into the wheel.
BUILD_INPUTS = ("pyproject.toml", "README.md", "vip", "rules", "sample_data")
DATA_OF_VIP = ("present/templates", "present/locale", "present/method")


def files(folder: Path, pattern: str = "*") -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob(pattern) if p.is_file() and "__pycache__" not in p.parts}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel, built without build isolation and installed with `pip install --target`."""
    tmp = tmp_path_factory.mktemp("wheel")
    source = tmp / "source"
    source.mkdir()
    for name in BUILD_INPUTS:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(ROOT / name, source / name)
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--no-input"]
    subprocess.run([*pip, "wheel", "--no-deps", "--no-build-isolation", ".", "-w", str(tmp)],
                   cwd=source, check=True, capture_output=True, timeout=120)
    (wheel,) = tmp.glob("vip_advisor-*.whl")
    subprocess.run([*pip, "install", "--no-deps", "--target", str(tmp / "site"), str(wheel)],
                   check=True, capture_output=True, timeout=120)
    return tmp / "site"


def installed(site: Path, *command: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """A command run with only the installed copy importable, from a folder outside the checkout."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("VIP_", "PYTHON"))}
    return subprocess.run(command, capture_output=True, text=True, cwd=cwd, timeout=60,
                          env={**clean, "PYTHONPATH": str(site), **env})


def test_a_checkout_reads_its_top_level_folders_unless_the_environment_names_others(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(RULES_ENV, raising=False)
    monkeypatch.delenv(SAMPLES_ENV, raising=False)
    assert checkout() == ROOT
    assert (rules_dir(), samples_dir()) == (ROOT / "rules", ROOT / "sample_data")
    assert default_path() == ROOT / "data" / "vip_advisor.db"
    monkeypatch.setenv(RULES_ENV, str(tmp_path))
    assert rules_dir() == tmp_path


def test_the_wheel_holds_every_module_the_shipped_rules_samples_words_and_templates(site: Path) -> None:
    package = site / "vip"
    assert files(ROOT / "vip", "*.py") <= files(package, "*.py")
    for folder in DATA_OF_VIP:
        assert files(ROOT / "vip" / folder) == files(package / folder), folder
    assert files(package / "data" / "rules") == files(ROOT / "rules", "*.yaml")
    assert files(package / "data" / "sample_data") == files(ROOT / "sample_data")


def test_the_installed_vip_assesses_a_shipped_sample_from_anywhere_with_the_shipped_rules(
        site: Path, tmp_path: Path) -> None:
    where = installed(site, sys.executable, "-c", "import vip; print(vip.__file__)", cwd=tmp_path)
    assert Path(where.stdout.strip()).is_relative_to(site), where.stdout + where.stderr
    sample = site / "vip" / "data" / "sample_data" / "voorbeeld_netwerken.yaml"
    done = installed(site, str(site / "bin" / "vip"), "assess", str(sample), cwd=tmp_path)
    assert (done.returncode, done.stderr) == (0, "")
    assert "Estimated rebate now:  USD\xa01,260" in done.stdout


def test_the_installed_copy_keeps_its_database_in_the_users_data_folder(site: Path, tmp_path: Path) -> None:
    shown = installed(site, sys.executable, "-c", "from vip.io.store import default_path; print(default_path())",
                      cwd=tmp_path, XDG_DATA_HOME=str(tmp_path / "share"))
    assert shown.stdout.strip() == str(tmp_path / "share" / "vip-advisor" / "vip_advisor.db"), shown.stderr
