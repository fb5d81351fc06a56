"""The demo users of DESIGN.md §6, one per role and one district official per district."""

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from accounts.models import User
from accounts.roles import ROLE_GROUP_NAMES, Role


def seed_users(*, city, districts, password: str) -> list[User]:
    groups = {role: Group.objects.get(name=name) for role, name in ROLE_GROUP_NAMES.items()}
    people = [
        ("admin", "系统管理员", Role.ADMIN, city, "市住建局信息中心"),
        ("city_staff", "市局工作人员", Role.CITY_STAFF, city, "市住保中心"),
        ("bureau_leader", "局领导", Role.BUREAU_LEADER, city, "市住建局"),
        ("city_leader", "市领导", Role.LEADER, city, "市人民政府"),
    ]
    people += [
        (
            f"district_{n}",
            f"{d.name}填报员",
            Role.DISTRICT_OFFICIAL,
            d,
            d.expropriation_department_name,
        )
        for n, d in enumerate(sorted(districts, key=lambda d: d.code), start=1)
    ]
    # One hash for them all: the demo password is one, and published; hashing it for each
    # account took 6 s, a fifth of the small city's seed.
    hashed = make_password(password)
    users = []
    for username, first_name, role, region, organisation in people:
        user = User(
            username=username,
            first_name=first_name,
            scope_region=region,
            organisation=organisation,
            # The administrator reaches the admin site through the role's permissions only:
            # not a superuser, so personal data stays behind the same rules as for everyone.
            is_staff=role == Role.ADMIN,
        )
        user.password = hashed
        user.save()
        user.groups.add(groups[role])
        users.append(user)
    return users
