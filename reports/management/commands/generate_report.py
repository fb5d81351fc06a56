from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from reports import services
from reports.models import ReportKind


class Command(BaseCommand):
    help = "Generate a new version of a report by hand: the same code the Celery task runs."

    def add_arguments(self, parser):
        kinds = parser.add_subparsers(dest="kind", required=True)
        daily = kinds.add_parser(
            ReportKind.DAILY_RESUMPTION.value, help=str(ReportKind.DAILY_RESUMPTION.label)
        )
        daily.add_argument("--date", dest="period", help="YYYY-MM-DD (default: today)")
        weekly = kinds.add_parser(
            ReportKind.WEEKLY_SUPERVISION.value, help=str(ReportKind.WEEKLY_SUPERVISION.label)
        )
        weekly.add_argument("--week", dest="period", help="YYYY-Www (default: last week)")
        annual = kinds.add_parser(
            ReportKind.ANNUAL_SUMMARY.value, help=str(ReportKind.ANNUAL_SUMMARY.label)
        )
        annual.add_argument("--year", dest="period", help="YYYY (default: this year)")

    def handle(self, *args, kind, period=None, **options):
        period = period or services.default_period(kind)
        with translation.override(settings.LANGUAGE_CODE):
            try:
                report = services.report_generate(kind=kind, period=period)
            except ValidationError as exc:
                raise CommandError("；".join(exc.messages)) from None
            state = (
                _("the current version")
                if report.is_current
                else _("the published version stays current until this one is published")
            )
            self.stdout.write(
                self.style.SUCCESS(
                    _("%(report)s generated (%(state)s): %(file)s")
                    % {"report": report, "state": state, "file": report.file.name}
                )
            )
