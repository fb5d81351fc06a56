"""The roster spreadsheet's contract (DESIGN.md §6): its columns, the names street offices
use for them, and the values accepted in them — read by the importer, written by the export."""

from households.choices import Hardship, HouseUse, Intention, LandType

# field → the header texts street offices use for it (compared after normalising).
COLUMNS = {
    "code": ["户编号"],
    "party_name": ["被征收人", "户主姓名", "产权人"],
    "id_number": ["身份证号", "证件号码", "身份证号码"],
    "phone": ["联系电话", "电话", "手机号"],
    "address": ["房屋坐落"],
    "land_type": ["土地性质"],
    "use": ["房屋用途"],
    "legal_area": ["合法建筑面积"],
    "unregistered_area": ["未登记建筑面积"],
    "roster_people": ["家庭人口"],
    "hardship_types": ["特殊困难类型"],
    "intention": ["安置意向"],
    "note": ["备注"],
}
TEMPLATE_HEADERS = [
    "户编号",
    "被征收人",
    "身份证号",
    "联系电话",
    "房屋坐落",
    "土地性质",
    "房屋用途",
    "合法建筑面积",
    "未登记建筑面积",
    "家庭人口",
    "特殊困难类型",
    "安置意向",
    "备注",
]
REQUIRED = ["code", "party_name", "id_number"]
LABELS = {name: texts[0] for name, texts in COLUMNS.items()}

LAND_TYPES = {
    "国有": LandType.STATE,
    "国有土地": LandType.STATE,
    "集体": LandType.COLLECTIVE,
    "集体土地": LandType.COLLECTIVE,
}
USES = {
    "住宅": HouseUse.RESIDENTIAL,
    "非住宅": HouseUse.NON_RESIDENTIAL,
    "商业": HouseUse.NON_RESIDENTIAL,
    "办公": HouseUse.NON_RESIDENTIAL,
    "工业": HouseUse.NON_RESIDENTIAL,
}
INTENTIONS = {
    "货币补偿": Intention.MONETARY,
    "货币安置": Intention.MONETARY,
    "产权调换": Intention.SWAP,
    "房屋安置": Intention.SWAP,
    "实物安置": Intention.SWAP,
    "未定": Intention.UNDECIDED,
    "待定": Intention.UNDECIDED,
    "": Intention.UNDECIDED,
}
HARDSHIPS = {
    "低保": Hardship.DIBAO,
    "特困": Hardship.TEKUN,
    "残疾": Hardship.DISABILITY,
    "重病": Hardship.SERIOUS_ILLNESS,
    "高龄独居": Hardship.ELDERLY_ALONE,
    "优抚": Hardship.YOUFU,
}
