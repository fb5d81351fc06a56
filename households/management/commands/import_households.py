from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

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
            raise CommandError(f"没有编号为 {project} 的项目。") from None
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"找不到文件 {file}。")
        result = import_roster(
            project=target,
            content=path.read_bytes(),
            filename=path.name,
            user=None,
            dry_run=dry_run,
        )
        for error in result.errors:
            where = "，".join(
                filter(
                    None, [f"第 {error['row']} 行" if error["row"] else "", error["column"] or ""]
                )
            )
            self.stderr.write(f"{where}：{error['message']}" if where else error["message"])
        if result.errors:
            raise CommandError(f"文件有 {len(result.errors)} 处错误，未导入任何数据。")
        verb = "检查通过（试导入，未写入）" if dry_run else "导入完成"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb}：新增 {result.created} 户，更新 {result.updated} 户，"
                f"未变 {result.unchanged} 户。"
            )
        )
