"""Production settings pass `check --deploy` at warning level with no check silenced."""

import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def test_check_deploy_is_clean_under_production_settings():
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_ENV": "production",
        "DJANGO_SECRET_KEY": "x7#Kq2!vN9@pL4$wR8^zT1&yU6*mB3(cE5)hJ0-gF_aD+sQ=oI~",
        "DJANGO_ALLOWED_HOSTS": "penggai.example.gov.cn",
        "ID_ENCRYPTION_KEYS": "Q2hhbmdlLW1lLWluLXByb2R1Y3Rpb24tMzItYnl0ZXM=",
        "ID_HASH_KEY": "another-secret-for-the-id-search-hash",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "silenced" in result.stdout and "0 silenced" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SECRET_KEY"}
    env.update({"DJANGO_ENV": "production", "DJANGO_ALLOWED_HOSTS": "penggai.example.gov.cn"})
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_to_run_without_the_id_number_keys():
    env = {k: v for k, v in os.environ.items() if k not in ("ID_ENCRYPTION_KEYS", "ID_HASH_KEY")}
    env.update(
        {
            "DJANGO_ENV": "production",
            "DJANGO_SECRET_KEY": "k" * 50,
            "DJANGO_ALLOWED_HOSTS": "penggai.example.gov.cn",
        }
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "households.E001" in result.stderr


def test_a_web_worker_keeps_what_it_loaded_out_of_the_garbage_collector():
    """config.wsgi freezes what is loaded: a roster import's many objects no longer make the
    collector walk the whole application (8% of an import)."""
    result = subprocess.run(
        [sys.executable, "-c", "import gc, config.wsgi; print(gc.get_freeze_count())"],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    assert int(result.stdout) > 10_000
