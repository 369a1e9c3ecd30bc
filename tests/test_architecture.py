"""The layer contract of pyproject.toml ([tool.importlinter]) holds, and it does catch a breach.

The rooms of the package depend one way (cli -> crawling -> dataset -> parsing -> the contract
modules), a room's modules are private to it, and no package has an import cycle.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint_imports(cwd: Path, package_parent: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(package_parent)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_package_keeps_every_import_contract() -> None:
    result = _lint_imports(ROOT, ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "bad_import", "contract"),
    [
        ("parsing/_urls.py", "from ..crawling import Crawler", "Rooms depend one way"),
        (
            "crawling/_sitemap.py",
            "from ..parsing._urls import normalise_url",
            "private to their room",
        ),
        ("parsing/vocabulary/_html.py", "from .._cleaning import clean_text", "Inside parsing"),
        ("crawling/_retry.py", "from ._crawl import Crawler", "No import cycle"),
    ],
)
def test_a_breach_of_the_layers_is_caught(
    tmp_path: Path, module: str, bad_import: str, contract: str
) -> None:
    shutil.copytree(ROOT / "extractor", tmp_path / "extractor")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    target = tmp_path / "extractor" / module
    target.write_text(target.read_text() + f"\n{bad_import}  # noqa\n")
    result = _lint_imports(tmp_path, tmp_path)
    assert result.returncode != 0, result.stdout
    broken = [line for line in result.stdout.splitlines() if line.endswith("BROKEN")]
    assert any(contract in line for line in broken), result.stdout
