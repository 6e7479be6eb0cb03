"""The kinds of jobs the demo's Guangzhou employers offer, with real 职业分类大典 2022 codes.

Guangdong's three projects for workers' training name most of them: 广东技工 (skilled trades),
粤菜师傅 (Cantonese chefs) and 南粤家政 (domestic services); e-commerce and customer service are where
the seed's 严先生 is heading. Wages are monthly, in 元, for Guangzhou in 2020–2021.
"""

from __future__ import annotations

from dataclasses import dataclass

from bangfu.matching.engine import slot_mask

WEEKDAYS_9_18 = sum(slot_mask(day, 9, 18) for day in range(5))
SIX_DAYS_9_18 = sum(slot_mask(day, 9, 18) for day in range(6))
KITCHEN = sum(slot_mask(day, 10, 14) | slot_mask(day, 17, 21) for day in range(6))
EARLY = sum(slot_mask(day, 6, 14) for day in range(6))
EVENING = sum(slot_mask(day, 14, 22) for day in range(7))
NIGHT = sum(slot_mask(day, 0, 8) | slot_mask(day, 20, 24) for day in range(7))
MORNINGS = sum(slot_mask(day, 8, 12) for day in range(6))
NO_FIXED_HOURS = 0


@dataclass(frozen=True)
class JobKind:
    title: str
    code: str  # 职业分类大典 2022
    tags: tuple[str, ...]
    description: str
    requirements: str
    wage_yuan: tuple[int, int]
    shifts: tuple[int, ...]
    accommodations: tuple[str, ...] = ()
    weight: int = 2  # how common the kind is among the demo's openings


KINDS: tuple[JobKind, ...] = (
    JobKind("电商运营专员", "4-01-06-01", ("电商", "淘宝", "店铺运营", "Excel"),
            "负责淘宝、京东店铺日常运营：商品上架、详情页维护、活动报名、销售数据整理。",
            "熟悉淘宝后台，会基本的图片处理", (4500, 7000), (WEEKDAYS_9_18, NO_FIXED_HOURS), ("flexible_hours",), 4),
    JobKind("网店运营（居家办公）", "4-01-06-01", ("电商", "淘宝", "店铺运营", "PS"),
            "在家处理网店上架、客服回复和订单跟进，按件和底薪结合计酬。",
            "有电脑和网络，会淘宝后台和 PS", (3500, 6000), (NO_FIXED_HOURS,), ("remote", "flexible_hours"), 3),
    JobKind("直播带货助理", "4-01-06-02", ("直播", "电商", "短视频"),
            "协助主播准备商品、布置直播间、回复直播间提问，整理短视频素材。",
            "普通话流利，能适应晚间直播", (4000, 8000), (EVENING,), (), 2),
    JobKind("网店客服", "4-07-02-03", ("客服", "电商", "打字", "普通话"),
            "通过千牛、微信回复顾客咨询，处理售后与退换货。", "打字每分钟 50 字以上",
            (3800, 5500), (WEEKDAYS_9_18, EVENING, NO_FIXED_HOURS), ("remote", "seated_work"), 4),
    JobKind("电话客服", "4-04-05-03", ("客服", "普通话", "粤语"),
            "接听客户来电，登记问题并跟进处理结果。", "普通话标准，会粤语优先",
            (4000, 5500), (WEEKDAYS_9_18, SIX_DAYS_9_18), ("seated_work", "quiet", "wheelchair"), 3),
    JobKind("网店美工", "2-09-06-01", ("PS", "美工", "电商", "摄影"),
            "拍摄和处理商品图片，制作店铺首页与详情页。", "熟练使用 Photoshop，有摄影基础",
            (5000, 8000), (WEEKDAYS_9_18, NO_FIXED_HOURS), ("remote", "flexible_hours", "seated_work"), 3),
    JobKind("家政服务员（南粤家政）", "4-10-01-06", ("南粤家政", "家政", "保洁", "做饭"),
            "上门提供日常保洁、做饭、衣物整理等家庭服务，工会组织岗前培训。", "身体健康，持健康证",
            (4500, 6500), (MORNINGS, WEEKDAYS_9_18, NO_FIXED_HOURS), ("flexible_hours", "part_time"), 4),
    JobKind("育婴员（南粤家政）", "4-10-01-03", ("南粤家政", "育婴", "母婴护理"),
            "照料 0–3 岁婴幼儿的饮食起居，协助早期发展活动。", "有育婴员证书优先",
            (5500, 8000), (SIX_DAYS_9_18,), (), 2),
    JobKind("养老护理员（南粤家政）", "4-10-01-05", ("南粤家政", "养老护理", "护理"),
            "在养老机构或居家照护老人起居、助餐、助浴。", "有养老护理员证书优先",
            (4500, 6500), (EARLY, SIX_DAYS_9_18), (), 3),
    JobKind("粤菜厨师（粤菜师傅）", "4-03-02-01", ("粤菜师傅", "粤菜", "厨师", "烹饪"),
            "负责粤菜热菜出品：煲仔饭、白切鸡、烧腊等。", "有中式烹调师证书，熟悉粤菜",
            (6000, 9000), (KITCHEN,), (), 3),
    JobKind("点心师（粤菜师傅）", "4-03-02-02", ("粤菜师傅", "点心", "面点"),
            "制作虾饺、烧卖、肠粉等广式早茶点心。", "会广式点心，能早班",
            (5500, 8500), (EARLY,), (), 2),
    JobKind("电工（广东技工）", "6-31-01-03", ("广东技工", "电工证", "低压电工", "维修"),
            "负责厂区、物业配电和照明线路的安装维修与日常巡检。", "持低压电工作业证",
            (6000, 8500), (SIX_DAYS_9_18,), (), 3),
    JobKind("焊工（广东技工）", "6-18-02-04", ("广东技工", "焊工证", "电焊"),
            "钢结构件的二保焊、氩弧焊作业。", "持焊工证", (6500, 9500), (SIX_DAYS_9_18,), (), 2),
    JobKind("汽车维修工（广东技工）", "4-12-01-01", ("广东技工", "汽修", "驾照"),
            "汽车保养、故障诊断与维修。", "有汽修经验，持 C1 驾照", (5500, 8500), (SIX_DAYS_9_18,), (), 2),
    JobKind("仓储管理员", "4-02-06-01", ("仓储", "叉车", "WMS", "Excel"),
            "电商仓库收发货、盘点、库位管理，使用 WMS 系统。", "会 Excel，有叉车证优先",
            (4500, 6000), (SIX_DAYS_9_18, NIGHT), (), 3),
    JobKind("理货员", "4-02-06-02", ("仓储", "理货", "超市"),
            "商超和仓库的理货、补货、陈列。", "能适应早班", (3800, 4800), (EARLY, SIX_DAYS_9_18), ("part_time",), 2),
    JobKind("快递员", "4-02-07-08", ("快递", "驾照", "电动车"), "片区快件收派与揽收。", "会骑电动车，熟悉片区道路",
            (5000, 8000), (SIX_DAYS_9_18,), (), 3),
    JobKind("网约配送员", "4-10-08-01", ("外卖", "配送", "电动车"), "外卖平台订单配送，时间自由。", "有智能手机",
            (4000, 9000), (NO_FIXED_HOURS,), ("flexible_hours", "part_time"), 2),
    JobKind("保洁员", "4-09-08-01", ("保洁", "物业"), "写字楼、小区公共区域日常保洁。", "身体健康，吃苦耐劳",
            (3000, 3800), (EARLY, MORNINGS), ("part_time", "light_duty"), 3),
    JobKind("收银员", "4-01-02-04", ("收银", "超市", "零售"), "超市收银、会员办理、商品扫码。", "会基本电脑操作",
            (3500, 4500), (EARLY, EVENING), ("seated_work",), 2),
    JobKind("保安员", "4-07-05-01", ("保安", "夜班", "巡逻"), "小区、园区门岗值守与巡逻。", "持保安员证优先",
            (3800, 5000), (NIGHT, SIX_DAYS_9_18), (), 2),
    JobKind("缝纫工", "6-05-01-03", ("缝纫", "服装", "车衣"), "服装厂平车、包缝作业，计件工资。", "会平车",
            (4500, 7000), (SIX_DAYS_9_18,), ("seated_work",), 2),
    JobKind("数据标注员", "4-04-05-05", ("数据标注", "电脑", "打字"),
            "对图片、语音、文本做标注与审核，为人工智能训练准备数据。", "会电脑操作，细心",
            (3800, 5500), (WEEKDAYS_9_18, NO_FIXED_HOURS), ("remote", "seated_work", "wheelchair", "quiet"), 2),
)

# Words employer names are made of, by the kind of business.
EMPLOYER_WORDS = (
    ("电子商务", ("电商运营专员", "网店运营（居家办公）", "直播带货助理", "网店客服", "网店美工", "仓储管理员")),
    ("家政服务", ("家政服务员（南粤家政）", "育婴员（南粤家政）", "养老护理员（南粤家政）", "保洁员")),
    ("餐饮管理", ("粤菜厨师（粤菜师傅）", "点心师（粤菜师傅）", "收银员")),
    ("机电工程", ("电工（广东技工）", "焊工（广东技工）", "汽车维修工（广东技工）")),
    ("物流", ("仓储管理员", "理货员", "快递员", "网约配送员")),
    ("物业服务", ("保洁员", "保安员", "电工（广东技工）")),
    ("信息科技", ("电话客服", "数据标注员", "网店客服")),
    ("服饰", ("缝纫工", "网店美工", "电商运营专员")),
)
BRANDS = ("粤华", "穗丰", "南粤", "羊城", "珠江", "岭南", "越秀", "花城", "白云", "流花", "荔湾", "番禺", "从容",
          "增盛")
