"""The architecture contracts in pyproject.toml hold, and would catch an import pointing the wrong way."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(tree: Path) -> subprocess.CompletedProcess:
    """Check the contracts of `tree`'s pyproject.toml against the lie_review package inside `tree`."""
    env = {**os.environ, "PYTHONPATH": str(tree), "COLUMNS": "250"}  # no wrapped lines
    return subprocess.run([str(LINT_IMPORTS), "--no-cache", "--config", str(tree / "pyproject.toml")],
                          cwd=tree, env=env, capture_output=True, text=True, timeout=120)


def copy_of_project(tmp_path: Path) -> Path:
    tree = tmp_path / "project"
    shutil.copytree(ROOT / "lie_review", tree / "lie_review", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tree / "pyproject.toml")
    return tree


def add_import(module: Path, line: str) -> None:
    text = module.read_text()
    marker = "from __future__ import annotations\n"
    module.write_text(text.replace(marker, marker + "\n" + line + "\n", 1))


def test_import_contracts_are_kept():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 kept, 0 broken" in result.stdout


def test_domain_contract_breaks_when_an_earlier_stage_imports_a_later_one(tmp_path):
    tree = copy_of_project(tmp_path)
    add_import(tree / "lie_review" / "case_studies" / "queries.py", "from ..editorial.models import Decision")
    result = lint_imports(tree)
    assert result.returncode != 0
    assert "Domains: auth <- case_studies <- reviews <- editorial <- exports BROKEN" in result.stdout
    assert "lie_review.case_studies.queries -> lie_review.editorial.models" in result.stdout


def test_editorial_contract_breaks_when_a_workflow_imports_a_later_one(tmp_path):
    tree = copy_of_project(tmp_path)
    add_import(tree / "lie_review" / "editorial" / "queue" / "operations.py", "from ..decisions import queries")
    result = lint_imports(tree)
    assert result.returncode != 0
    assert "BROKEN" in result.stdout and "lie_review.editorial.queue.operations -> " \
        "lie_review.editorial.decisions.queries" in result.stdout


def test_independent_workflows_may_not_import_each_other(tmp_path):
    tree = copy_of_project(tmp_path)
    add_import(tree / "lie_review" / "editorial" / "dashboard" / "queries.py", "from ..assignments import plan")
    result = lint_imports(tree)
    assert result.returncode != 0
    assert "lie_review.editorial.dashboard.queries -> lie_review.editorial.assignments.plan" in result.stdout


def test_home_contract_breaks_when_a_domain_imports_the_home(tmp_path):
    tree = copy_of_project(tmp_path)
    add_import(tree / "lie_review" / "reviews" / "queries.py", "from ..home import editor")
    result = lint_imports(tree)
    assert result.returncode != 0
    assert "lie_review.reviews.queries -> lie_review.home.editor" in result.stdout
