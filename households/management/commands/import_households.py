from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from households.importers import import_roster
from projects.models import Project


class Command(BaseCommand):
    help = "Import a household roster (.xlsx or .csv) into a project, all or nothing."

    def add_arguments(self, parser):
        parser.add_argument("--project", required=True, help="project code")
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="check the file, write nothing")

    def handle(self, *args, project, file, dry_run, **options):
        try:
            target = Project.objects.get(code=project)
        except Project.DoesNotExist:
            raise CommandError(_("No project has the code %(code)s.") % {"code": project}) from None
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("No file %(file)s.") % {"file": file})
        result = import_roster(
            project=target,
            content=path.read_bytes(),
            filename=path.name,
            user=None,
            dry_run=dry_run,
        )
        for error in result.errors:
            row = _("row %(row)d") % {"row": error["row"]} if error["row"] else ""
            where = "，".join(filter(None, [row, error["column"] or ""]))
            self.stderr.write(f"{where}：{error['message']}" if where else error["message"])
        if result.errors:
            raise CommandError(
                _("The file has %(count)d errors; nothing was imported.")
                % {"count": len(result.errors)}
            )
        done = _("Checked (a dry run, nothing written)") if dry_run else _("Imported")
        self.stdout.write(
            self.style.SUCCESS(
                _("%(done)s: %(created)d new, %(updated)d updated, %(unchanged)d unchanged.")
                % {"done": done, **result.as_dict()}
            )
        )
