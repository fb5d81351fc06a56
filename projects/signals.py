"""Events of projects that apps above react to (this app never names them)."""

from django.dispatch import Signal

# Sent inside the transaction of projects.services.project_update when a project moves to
# another district, with `project` (already moved) and `old_district_id`. Apps that carry a
# project's district on their own rows (households) bring those rows along.
project_moved = Signal()

# Sent inside the transaction that changes what decides when a household counts as started
# (DESIGN.md §5): a resettlement building's foundation work starting, a plan's start rule
# changing. `projects`: the projects whose households may start on another day now.
start_facts_changed = Signal()
