"""Events of projects that apps above react to (this app never names them)."""

from django.dispatch import Signal

# Sent inside the transaction of projects.services.project_update when a project moves to
# another district, with `project` (already moved) and `old_district_id`. Apps that carry a
# project's district on their own rows (households) bring those rows along.
project_moved = Signal()
