"""Events of households that apps above react to (this app never names them)."""

from django.dispatch import Signal

# Sent inside the transaction of households.services.household_record_progress when
# households vacate, or are moved back from "vacated" or beyond, with `households` (their
# ids) and `user`. What falls due on vacating (a reward by moving date) follows.
vacating_changed = Signal()
