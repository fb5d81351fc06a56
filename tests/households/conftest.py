import pytest

from households import services
from tests.factories import ProjectFactory

# Valid resident ID numbers (GB 11643 check digits).
ID_A = "11010519491231002X"
ID_B = "110102198001010017"
ID_C = "110101199003070038"


def person_id(n: int) -> str:
    """A valid ID number for the n-th test person, born on day n of January 1990."""
    from stdnum.cn import ric

    body = f"110101199001{n:02d}{n % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


@pytest.fixture
def roster(project_1):
    """Ten registered households of 江东区."""
    return [
        services.household_create(
            project=project_1, code=f"H{n:03d}", party_name=f"住户{n}", id_number=person_id(n)
        )
        for n in range(1, 11)
    ]


@pytest.fixture
def household_of(project_1):
    def make(code, number, **fields):
        return services.household_create(
            project=project_1,
            code=code,
            party_name=fields.pop("name", "张三"),
            id_number=number,
            **fields,
        )

    return make


@pytest.fixture
def project_3(district_2):
    return ProjectFactory(district=district_2, code="PG-02-002", name="江西区老城墙根片区")
