import factory
from django.contrib.auth.models import Group

from accounts.models import User
from accounts.roles import ROLE_GROUP_NAMES
from core.models import Region
from projects.models import AnnualPlan, Project


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"99{n + 200:04d}")
    name = factory.Sequence(lambda n: f"测试区{n}")
    level = "district"


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    code = factory.Sequence(lambda n: f"PGT-{n:05d}")
    name = factory.Sequence(lambda n: f"测试棚改项目{n}")
    district = factory.SubFactory(RegionFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("name", locale="zh_CN")
    password = factory.django.Password("Test@2026pw")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=ROLE_GROUP_NAMES[extracted]))


def project_form_data(district, **changes) -> dict:
    """A complete project form as the page posts it."""
    data = {
        "code": "PG-X-1",
        "name": "测试项目",
        "district": district.id,
        "category": "old_residential",
        "demolition_type": "urban",
        "resettlement_mode": "mixed",
        "planned_households": 10,
        "planned_units": 5,
        "floor_area": "800",
        "planned_investment": "500",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


class PlanFactory(factory.django.DjangoModelFactory):
    """An annual plan of `target_households` households, all monetary unless told."""

    class Meta:
        model = AnnualPlan

    year = 2026
    target_households = 10
    target_households_in_kind = 0
    target_households_monetary = factory.LazyAttribute(
        lambda plan: plan.target_households - plan.target_households_in_kind
    )
    target_units = factory.SelfAttribute("target_households_in_kind")
    target_projects = 1
    target_investment = 100
