"""The production image's build steps run: the Django commands of the Dockerfile's final
stage, with the environment it gives them, taken from the Dockerfile itself (this machine
has no container engine, so the file's own lines are what is tested)."""

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCKERFILE = ROOT / "Dockerfile"


def final_stage() -> list[str]:
    """The final stage's instructions, continuation lines joined."""
    text = re.sub(r"\\\n\s*", " ", DOCKERFILE.read_text())
    lines = [
        line.strip()
        for line in text.splitlines()
        if line.strip() and not line.strip().startswith("#")
    ]
    last_from = max(i for i, line in enumerate(lines) if line.upper().startswith("FROM "))
    return lines[last_from + 1 :]


def image_env(stage) -> dict:
    env = {}
    for line in stage:
        if line.upper().startswith("ENV "):
            for pair in shlex.split(line[4:]):
                key, _, value = pair.partition("=")
                env[key] = value
    return env


def django_steps(stage) -> list[tuple[dict, list[str]]]:
    """(inline variables, argv) of every `python manage.py …` / `python -m config.stack …` step."""
    steps = []
    for line in stage:
        if not line.upper().startswith("RUN "):
            continue
        for command in line[4:].split("&&"):
            words = shlex.split(command)
            inline = {}
            while words and re.fullmatch(r"[A-Z_]+=.*", words[0]):
                key, _, value = words.pop(0).partition("=")
                inline[key] = value
            if words[:2] == ["python", "manage.py"] or words[:3] == [
                "python",
                "-m",
                "config.stack",
            ]:
                steps.append((inline, [sys.executable, *words[1:]]))
    return steps


def test_the_dockerfile_has_django_build_steps():
    steps = django_steps(final_stage())
    assert [argv[1:3] for _env, argv in steps] == [
        ["-m", "config.stack"],
        ["manage.py", "collectstatic"],
    ]
    assert image_env(final_stage())["DJANGO_ENV"] == "production"


@pytest.mark.parametrize("step", range(2))
def test_each_django_build_step_runs_with_the_images_environment(step, tmp_path):
    stage = final_stage()
    inline, argv = django_steps(stage)[step]
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), **image_env(stage), **inline}
    # Only where the files go differs from the image: not into this checkout's var/.
    env["DJANGO_STATIC_ROOT"] = str(tmp_path / "static")
    result = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
