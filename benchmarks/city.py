"""The city dataset the benchmarks run on: reused when the database holds it, loaded by
`seed_demo --scale city` (timed, with its steps) when it does not.

    python benchmarks/city.py [--reload]

Target (DESIGN.md §7): the city loads in under 5 minutes with history triggers on.
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from households.models import Household  # noqa: E402

CITY = 250_000  # households: fewer means the city dataset is not loaded


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reload", action="store_true", help="seed the city again")
    args = parser.parse_args()
    households = Household.objects.count()
    if households >= CITY and not args.reload:
        print(f"city dataset: reusing the {households:,} households in the database")
        return
    started = time.perf_counter()
    call_command("seed_demo", scale="city", reset=True, verbosity=2)
    seconds = time.perf_counter() - started
    history = Household.pgh_event_model.objects.count()
    print(
        f"seed_demo --scale city: {seconds / 60:.1f} min for {Household.objects.count():,} "
        f"households, {history:,} of their history rows (target < 5 min) — "
        f"{'meets' if seconds < 300 else 'MISSES'}"
    )


if __name__ == "__main__":
    main()
