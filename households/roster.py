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
    "优抚对象": Hardship.YOUFU,  # how the pages and the export name it
}

# The template's example row: recognised, and refused, if it is imported as it stands.
EXAMPLE_ROW = [
    "001",
    "张三",
    "11010519491231002X",
    "13800000000",
    "解放路12号",
    "国有",
    "住宅",
    68.5,
    0,
    3,
    "低保",
    "货币补偿",
    "示例行，导入前请删除",
]
# How household codes are written, told on the import page and in the template.
CODE_RULE = (
    "户编号在本项目内唯一，可用数字或字母加数字（如 001、A-017），不超过 32 个字；"
    "重复导入时按户编号更新已登记的户，不会重复登记。"
)
# The template's second sheet: how each column is filled in (the first sheet is the roster).
TEMPLATE_GUIDE = [
    ["列", "填写要求"],
    ["户编号", CODE_RULE],
    ["被征收人", "产权人或公房承租人姓名；已登记的单位填单位全称。"],
    [
        "身份证号",
        "18 位居民身份证号，该列须为“文本”格式（Excel 只保留 15 位有效数字）。"
        "单位留空：导入只更新已在系统中登记的单位，新的单位（被征收人为单位、填统一社会信用代码）"
        "请在“新建被征收户”页逐户登记。",
    ],
    ["土地性质", "国有 / 国有土地 / 集体 / 集体土地"],
    ["房屋用途", "住宅 / 非住宅（商业、办公、工业按非住宅）"],
    ["面积", "平方米，0 到 100000；表头可带单位，如“合法建筑面积(㎡)”。"],
    ["家庭人口", "1 到 99 的整数，按台账申报的人数保存；家庭成员可在户的页面逐一登记。"],
    ["特殊困难类型", "低保、特困、残疾、重病、高龄独居、优抚（优抚对象），多个用顿号或逗号隔开。"],
    ["安置意向", "货币补偿 / 产权调换 / 未定，可留空。"],
    ["示例行", "第一张表的第 2 行是示例，导入前请删除；原样导入会被拒绝。"],
]
