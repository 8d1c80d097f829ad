"""The words the demo company is made of: people's and companies' names.

Common Chinese surnames and given-name characters, cities and trades, so
that the generated company reads like a real one to a Chinese user.
"""

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
    "于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹"
)

GIVEN_NAME_CHARACTERS = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建国文斌宇浩凯"
    "婷雪琳晨欣怡子轩思雨佳博俊峰志海波丹宁亮飞鑫晶颖倩慧蕾嘉瑞琪悦晓阳帆航"
)

CITIES = (
    "上海",
    "杭州",
    "南京",
    "苏州",
    "宁波",
    "广州",
    "深圳",
    "东莞",
    "佛山",
    "北京",
    "天津",
    "石家庄",
    "济南",
    "青岛",
)

# The middle of a company name: an auspicious word, as Chinese firms use.
BRAND_WORDS = (
    "恒达",
    "鑫源",
    "华盛",
    "永泰",
    "宏远",
    "金桥",
    "瑞丰",
    "新亚",
    "东方",
    "嘉禾",
    "联创",
    "天成",
    "万通",
    "博远",
    "中和",
    "汇丰",
    "盛世",
    "德信",
    "锦程",
    "正泰",
)

# (trade as written in a company's name, the industry recorded for it)
TRADES = (
    ("机械", "制造业"),
    ("电子", "电子"),
    ("医疗器械", "医疗"),
    ("食品", "食品饮料"),
    ("物流", "物流"),
    ("建材", "建筑"),
    ("化工", "化工"),
    ("科技", "软件与信息服务"),
    ("汽车配件", "汽车"),
    ("纺织", "纺织服装"),
)

COMPANY_SUFFIXES = ("有限公司", "股份有限公司", "集团有限公司")

CUSTOMER_SOURCES = ("展会", "老客户介绍", "电话开发", "官网询盘", "渠道伙伴")

TASK_TITLES = (
    "提交季度客户拜访计划",
    "跟进报价单并确认交期",
    "整理重点客户档案",
    "完成产品知识在线课程",
    "回访上月成交客户",
    "准备客户年度合同续签材料",
    "催收逾期货款",
    "参加区域销售周会并汇报",
    "更新商机阶段与预计成交金额",
    "协助新同事熟悉客户",
)

REQUEST_SUBJECTS = (
    "询问发货时间",
    "要求提供报价单",
    "发票信息变更",
    "产品使用问题咨询",
    "申请样品",
    "对账单核对",
    "售后维修预约",
    "合同条款确认",
)

REQUEST_RESOLUTIONS = (
    "已电话答复，客户确认无误",
    "已发送资料，客户已收到",
    "已安排处理并回访确认",
    "已按客户要求更新信息",
)

VISIT_SUMMARIES = (
    "介绍新品，客户有意向试用",
    "了解年度采购计划",
    "沟通价格调整方案",
    "协调交货延迟问题",
    "回访使用情况，客户满意",
    "拜访采购负责人，建立联系",
    "跟进合同签署进度",
)

COMPLAINT_CATEGORIES = ("交货延迟", "服务态度", "产品质量", "报价错误", "响应太慢")

SURVEY_COMMENTS = (
    "服务及时，沟通顺畅",
    "产品质量稳定",
    "希望交期更准确",
    "价格偏高",
    "销售很专业",
    "",
)
