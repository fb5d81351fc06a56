"""The house's order (DESIGN.md §3): each app imports only the apps below it — checked by the
import-linter contract in pyproject.toml — and reaches no higher app by a back door an import
checker cannot see: apps.get_model, a string foreign key, a task sent by name, a module
imported by name."""

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = [
    "core",
    "accounts",
    "projects",
    "households",
    "compensation",
    "supervision",
    "reports",
    "demo",
]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint_imports(where: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"], cwd=where, capture_output=True, text=True
    )


def test_the_layers_contract_is_kept():
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "wrong_import"),
    [
        ("core/models.py", "from reports.models import Report  # noqa\n"),  # at module level
        (
            "projects/services.py",
            "\n\ndef _reach_up():\n    from households.models import Household  # noqa\n",
        ),
    ],
)
def test_the_layers_contract_fails_on_an_import_reaching_up(tmp_path, module, wrong_import):
    for name in [*LAYERS, "config"]:
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    target = tmp_path / module
    target.write_text(target.read_text() + wrong_import)
    result = _lint_imports(tmp_path)
    assert result.returncode != 0
    assert "BROKEN" in result.stdout


def _app_of(dotted: str) -> str | None:
    app = dotted.split(".", 1)[0].lower()
    return app if app in LAYERS else None


def back_doors(path: Path, app: str) -> list[str]:
    """References from `app`'s module at `path` to an app above it that no import shows."""
    rank = LAYERS.index(app)
    found = []

    def higher(value) -> bool:
        target = _app_of(value) if isinstance(value, str) else None
        return target is not None and LAYERS.index(target) > rank

    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if not isinstance(node, ast.Call):
            continue
        name = (
            node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        )
        strings = [a.value for a in node.args if isinstance(a, ast.Constant)]
        strings += [
            k.value.value
            for k in node.keywords
            if k.arg == "to" and isinstance(k.value, ast.Constant)
        ]
        if name == "get_model" and strings and higher(strings[0]):
            found.append(f"{path}:{node.lineno} apps.get_model({strings[0]!r})")
        elif (
            name in {"ForeignKey", "OneToOneField", "ManyToManyField"}
            and strings
            and higher(strings[0])
        ):
            found.append(f"{path}:{node.lineno} {name}({strings[0]!r})")
        elif name in {"send_task", "signature"} and strings and higher(strings[0]):
            found.append(f"{path}:{node.lineno} {name}({strings[0]!r})")
        elif (
            name in {"import_module", "import_string", "__import__"}
            and strings
            and higher(strings[0])
        ):
            found.append(f"{path}:{node.lineno} {name}({strings[0]!r})")
    return found


def test_no_app_reaches_up_by_a_back_door():
    found = []
    for app in LAYERS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:  # history: written when the models lived elsewhere
                found += back_doors(path, app)
    assert found == []


def test_the_back_door_check_finds_each_kind(tmp_path):
    module = tmp_path / "sample.py"
    module.write_text(
        "from django.apps import apps\n"
        "from django.db import models\n"
        "Report = apps.get_model('reports', 'Report')\n"
        "household = models.ForeignKey('households.Household', on_delete=models.CASCADE)\n"
        "plans = models.ManyToManyField(to='projects.AnnualPlan')\n"
        "app.send_task('reports.generate_report')\n"
        "import_string('supervision.services.notice_close')\n"
        "region = models.ForeignKey('core.Region', on_delete=models.CASCADE)\n"  # below: allowed
    )
    assert [line.split(" ", 1)[1] for line in back_doors(module, "accounts")] == [
        "apps.get_model('reports')",
        "ForeignKey('households.Household')",
        "ManyToManyField('projects.AnnualPlan')",
        "send_task('reports.generate_report')",
        "import_string('supervision.services.notice_close')",
    ]
