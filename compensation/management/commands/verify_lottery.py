from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from compensation.lottery import ListFileError, draw_order, list_hash, read_list


class Command(BaseCommand):
    help = (
        "Recompute a selection order from the published list file and the seed alone (no "
        "database; without --seed, a signing order: the list's own order); with --lottery, "
        "compare it with the stored order (exit 0 only on a match)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--list", required=True, dest="list_file", help="the published list")
        parser.add_argument("--seed", help="the seed drawn in public (a lottery)")
        parser.add_argument("--lottery", type=int, help="id of the stored order to compare")

    def handle(self, *args, list_file, seed, lottery, **options):
        try:
            content = Path(list_file).read_bytes()
        except OSError as exc:
            raise CommandError(
                _("Cannot read %(file)s: %(error)s") % {"file": list_file, "error": exc.strerror}
            ) from None
        try:
            households = dict(read_list(content))
        except ListFileError as exc:
            raise CommandError(str(exc)) from None
        order = list(households) if seed is None else draw_order(list(households), seed)
        self.stdout.write(f"SHA-256 {list_hash(content)}")
        for place, code in enumerate(order, start=1):
            self.stdout.write(f"{place}\t{code}\t{households[code]}")
        if lottery is not None:
            self._compare(lottery, content, seed, order)

    def _compare(self, lottery_id, content, seed, order):
        from compensation.models import Lottery  # the database only when asked to compare

        stored = Lottery.objects.filter(pk=lottery_id).first()
        if stored is None:
            raise CommandError(_("No lottery %(id)d.") % {"id": lottery_id})
        if stored.list_hash != list_hash(content):
            raise CommandError(_("The file is not the list this lottery published."))
        if (stored.seed or None) != seed or list(stored.order) != order:
            raise CommandError(_("The stored order differs from the one recomputed."))
        self.stdout.write(self.style.SUCCESS(_("The stored order matches.")))
