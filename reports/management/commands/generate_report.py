from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from reports import services
from reports.models import ReportKind


class Command(BaseCommand):
    help = "Generate a new version of a report by hand: the same code the Celery task runs."

    def add_arguments(self, parser):
        kinds = parser.add_subparsers(dest="kind", required=True)
        daily = kinds.add_parser(ReportKind.DAILY_RESUMPTION.value, help="复工日报")
        daily.add_argument("--date", dest="period", help="YYYY-MM-DD (default: today)")

    def handle(self, *args, kind, period=None, **options):
        period = period or services.default_period(kind)
        with translation.override(settings.LANGUAGE_CODE):
            try:
                report = services.report_generate(kind=kind, period=period)
            except ValidationError as exc:
                raise CommandError("；".join(exc.messages)) from None
            self.stdout.write(
                self.style.SUCCESS(
                    f"{report.get_kind_display()} {report.period} 第 {report.version} 版已生成"
                    + (
                        "（当前版本）"
                        if report.is_current
                        else "（已印发版本仍为当前版本，新版本待印发）"
                    )
                    + f"：{report.file.name}"
                )
            )
