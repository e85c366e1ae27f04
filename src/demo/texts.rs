//! What the departments of the demo city decide: templates of penalties,
//! permits, pledges, list entries and government integrity records, with the
//! laws they cite.
//!
//! Texts may hold placeholders filled per row by the generator:
//! `{d}` a date before the decision (2024年3月5日), `{y}` the decision year,
//! `{yy}` the year before, `{n}` a number from the template's `n` range,
//! `{m}` the template's base amount (yuan, or square metres), `{c}` the
//! confiscated amount, `{x}` one of the template's items, `{z}` one of its
//! extra items, `{addr}` an address, `{town}` a town or village, `{road}` a
//! road, `{plate}` a licence plate, `{brand}` a trade name, `{dist}` a
//! district, `{company}` an enterprise name, `{subj}` the subject's name,
//! `{dept}` a department's name.

use super::names::{
    Sectors, AGRI, ANY, BUILD, CHEM, ENERGY, ESTATE, FOOD, INDUSTRIAL, MANUF, MEDICAL, METAL, MINING, RETAIL, SERVICE,
    TECH, TRANSPORT,
};
use super::{CZ, FG, FY, HB, JT, JW, JWJ, RS, SJ, SW, TJ, WJ, YJ, ZJ, ZR};

/// Subject classes a template applies to (bit flags).
pub type Who = u8;
pub const ORG: Who = 1;
pub const COOP: Who = 2;
pub const BIZ: Who = 4;
pub const PERSON: Who = 8;
pub const FIRMS: Who = ORG | COOP | BIZ;

/// How a fine is set.
#[derive(Clone, Copy)]
pub enum Fine {
    /// Yuan, rounded to the hundred.
    Range(u64, u64),
    /// Per mille of the base amount `{m}` (tax evaded, contract price, area…).
    PerMille(u64, u64),
}

pub struct Penalty {
    pub dept: usize,
    pub weight: u32,
    pub who: Who,
    pub sectors: Sectors,
    pub violation: &'static str,
    pub facts: &'static str,
    pub basis: &'static str,
    /// Category choices (national codes, comma-separated when several).
    pub cats: &'static [&'static str],
    pub fine: Fine,
    /// Range of `{m}`.
    pub m: (u64, u64),
    /// Range of the confiscated amount (yuan) for categories 03 and 09.
    pub conf: (u64, u64),
    pub n: (u32, u32),
    pub items: &'static [&'static str],
    /// What category 04, 07 or 09 orders (责令…, 没收…).
    pub other: &'static str,
    /// The licence revoked or suspended (categories 05 and 11).
    pub licence: &'static str,
    /// Safety production, special equipment: publicity at least one year.
    pub safety: bool,
    /// Letter of the document number (嘉市监**罚**〔2024〕12号).
    pub letter: &'static str,
}

const P: Penalty = Penalty {
    dept: SJ,
    weight: 1,
    who: ORG,
    sectors: ANY,
    violation: "",
    facts: "",
    basis: "",
    cats: &["02"],
    fine: Fine::Range(1_000, 10_000),
    m: (1_000, 20_000),
    conf: (100, 5_000),
    n: (2, 30),
    items: &[""],
    other: "",
    licence: "",
    safety: false,
    letter: "罚",
};

pub const PENALTIES: &[Penalty] = &[
    // 市场监督管理局
    Penalty {
        weight: 8,
        who: ORG | BIZ,
        sectors: FOOD | RETAIL,
        violation: "经营超过保质期的食品",
        facts: "{d}，执法人员对当事人经营场所进行监督检查，发现当事人货架上摆放的{x}共{n}件已超过标签标示的保质期，货值金额{m}元。当事人的行为违反了《中华人民共和国食品安全法》第三十四条第（十）项的规定。",
        basis: "《中华人民共和国食品安全法》第一百二十四条第一款第（五）项、《中华人民共和国行政处罚法》第三十二条第（一）项",
        cats: &["02,03,09", "02,09", "01,02"],
        fine: Fine::Range(2_000, 50_000),
        m: (60, 3_000),
        conf: (30, 2_000),
        items: &["预包装饮料", "方便面", "火腿肠", "酸奶", "速冻水饺", "袋装糕点", "酱油", "食用植物油"],
        other: "没收超过保质期的食品",
        letter: "罚",
        ..P
    },
    Penalty {
        weight: 5,
        who: ORG | BIZ | PERSON,
        sectors: FOOD,
        violation: "未取得食品经营许可从事食品经营活动",
        facts: "{d}，执法人员检查发现，当事人在未取得食品经营许可证的情况下，于{addr}从事{x}经营活动，至案发时经营额{m}元，违法所得{c}元。",
        basis: "《中华人民共和国食品安全法》第一百二十二条第一款",
        cats: &["02,03,09", "02,03"],
        fine: Fine::Range(10_000, 50_000),
        m: (2_000, 30_000),
        conf: (200, 5_000),
        items: &["热食类食品制售", "冷食类食品制售", "预包装食品销售", "散装食品销售", "自制饮品制售"],
        other: "没收用于违法经营的工具、设备、原料",
        ..P
    },
    Penalty {
        weight: 5,
        who: ORG | BIZ,
        sectors: FOOD | RETAIL,
        violation: "未按规定查验并记录食品进货信息",
        facts: "{d}，执法人员对当事人进行检查，发现当事人采购的{x}等食品未按规定查验供货者的许可证和食品出厂检验合格证，亦未建立食品进货查验记录。",
        basis: "《中华人民共和国食品安全法》第一百二十六条第一款第（三）项",
        cats: &["01", "01,02", "02"],
        fine: Fine::Range(5_000, 20_000),
        items: &["冷冻肉制品", "散装白酒", "食用植物油", "豆制品", "牛奶及乳制品", "鲜冻禽肉"],
        ..P
    },
    Penalty {
        weight: 1,
        who: ORG | BIZ,
        sectors: FOOD,
        violation: "经营未按规定进行检疫的肉类",
        facts: "{d}，执法人员检查发现，当事人冷库内存放的{x}{n}千克无动物检疫合格证明，货值金额{m}元，当事人已将部分产品用于加工销售。",
        basis: "《中华人民共和国食品安全法》第一百二十三条第一款第（四）项",
        cats: &["02,03,05,09"],
        fine: Fine::Range(100_000, 150_000),
        m: (3_000, 9_000),
        conf: (500, 3_000),
        n: (50, 400),
        items: &["冷冻牛肉", "冷冻羊肉", "鲜猪肉"],
        other: "没收未经检疫的肉类",
        licence: "食品经营许可证",
        ..P
    },
    Penalty {
        weight: 4,
        who: ORG | BIZ,
        sectors: RETAIL | FOOD | SERVICE,
        violation: "不按规定明码标价",
        facts: "{d}，执法人员检查发现，当事人经营场所内销售的{x}等{n}种商品（服务）未按规定明码标价。",
        basis: "《中华人民共和国价格法》第四十二条、《明码标价和禁止价格欺诈规定》第二十一条",
        cats: &["01", "01,02"],
        fine: Fine::Range(500, 5_000),
        items: &["五金工具", "服装鞋帽", "日用百货", "菜品", "手机配件", "洗浴服务", "汽车配件"],
        ..P
    },
    Penalty {
        weight: 3,
        who: ORG | BIZ,
        sectors: RETAIL | MANUF | AGRI,
        violation: "销售不合格产品",
        facts: "经抽样检验，当事人于{d}销售的{x}不符合国家标准要求，检验结论为不合格，货值金额{m}元，违法所得{c}元。",
        basis: "《中华人民共和国产品质量法》第四十九条",
        cats: &["02,03", "02,03,09"],
        fine: Fine::Range(3_000, 30_000),
        m: (1_000, 15_000),
        conf: (100, 3_000),
        items: &["电线电缆", "塑料管材", "电动自行车头盔", "儿童玩具", "复合肥料", "热轧带肋钢筋"],
        other: "没收不合格产品",
        ..P
    },
    Penalty {
        weight: 2,
        who: ORG,
        sectors: RETAIL | MEDICAL | FOOD | SERVICE,
        violation: "对商品作虚假或者引人误解的商业宣传",
        facts: "当事人在其微信公众号及经营场所宣传资料中，对其销售的{x}作“{n}天见效”“全市销量第一”等宣传，当事人无法提供相关证明材料，上述宣传内容与实际情况不符。",
        basis: "《中华人民共和国反不正当竞争法》第二十条第一款",
        cats: &["02"],
        fine: Fine::Range(100_000, 200_000),
        n: (3, 30),
        items: &["保健食品", "净水器", "乳胶床垫", "中老年奶粉", "祛斑化妆品"],
        ..P
    },
    Penalty {
        weight: 3,
        who: ORG,
        sectors: SERVICE | MANUF | METAL | ESTATE | RETAIL,
        violation: "特种设备未经定期检验继续使用",
        facts: "{d}，执法人员检查发现，当事人使用的{n}台{x}超过定期检验有效期，未按规定申报定期检验，仍在继续使用。",
        basis: "《中华人民共和国特种设备安全法》第八十四条第（一）项",
        cats: &["02"],
        fine: Fine::Range(30_000, 100_000),
        n: (1, 6),
        items: &["乘客电梯", "叉车", "桥式起重机", "压力容器", "承压蒸汽锅炉"],
        safety: true,
        ..P
    },
    Penalty {
        weight: 3,
        who: PERSON,
        sectors: ANY,
        violation: "未依法取得营业执照从事经营活动",
        facts: "{d}，执法人员检查发现，当事人未依法取得营业执照，擅自在{addr}从事{x}经营活动。",
        basis: "《无证无照经营查处办法》第十三条",
        cats: &["01", "02", "01,02"],
        fine: Fine::Range(1_000, 10_000),
        items: &["日用百货销售", "服装销售", "餐饮服务", "美容美发服务", "二手手机回收"],
        ..P
    },
    Penalty {
        weight: 2,
        who: ORG | BIZ,
        sectors: FOOD | RETAIL | CHEM,
        violation: "使用未经检定的计量器具",
        facts: "{d}，执法人员检查发现，当事人经营中使用的{n}台{x}未按规定申请周期检定，仍用于贸易结算。",
        basis: "《中华人民共和国计量法》第二十六条、《中华人民共和国计量法实施细则》第四十三条",
        cats: &["01", "02"],
        fine: Fine::Range(200, 1_000),
        n: (1, 5),
        items: &["电子计价秤", "加油机", "台秤", "燃气表"],
        ..P
    },
    // 应急管理局 (all safety production)
    Penalty {
        dept: YJ,
        weight: 5,
        who: ORG,
        sectors: INDUSTRIAL,
        violation: "未按规定对从业人员进行安全生产教育和培训",
        facts: "{d}，执法人员对当事人进行安全生产执法检查，发现当事人{n}名{x}未经安全生产教育和培训合格即上岗作业，且未如实记录安全生产教育和培训情况。",
        basis: "《中华人民共和国安全生产法》第九十七条第（三）项",
        cats: &["02"],
        fine: Fine::Range(10_000, 50_000),
        n: (2, 15),
        items: &["一线作业人员", "新入职员工", "被派遣劳动者", "实习学生"],
        safety: true,
        ..P
    },
    Penalty {
        dept: YJ,
        weight: 5,
        who: ORG,
        sectors: INDUSTRIAL,
        violation: "未采取措施消除事故隐患",
        facts: "{d}，执法人员检查发现，当事人{x}，属于事故隐患，当事人未采取措施予以消除。",
        basis: "《中华人民共和国安全生产法》第一百零二条",
        cats: &["02", "02,04"],
        fine: Fine::Range(10_000, 50_000),
        n: (3, 15),
        items: &[
            "生产车间安全出口被杂物堵塞",
            "有限空间作业场所未配备气体检测设备",
            "配电箱未安装漏电保护装置",
            "危险化学品仓库防爆电气设施损坏",
            "高处作业平台防护栏杆缺失",
        ],
        other: "责令停产停业整顿{n}日",
        safety: true,
        ..P
    },
    Penalty {
        dept: YJ,
        weight: 4,
        who: ORG,
        sectors: CHEM | ENERGY | METAL | MANUF,
        violation: "使用危险物品未建立专门安全管理制度、未采取可靠的安全措施",
        facts: "{d}，执法人员检查发现，当事人储存、使用{x}，未建立专门的安全管理制度，未采取可靠的安全措施。",
        basis: "《中华人民共和国安全生产法》第一百零一条第（一）项",
        cats: &["02"],
        fine: Fine::Range(20_000, 100_000),
        items: &["液氨", "氧气、乙炔气瓶", "柴油", "油漆稀释剂", "盐酸"],
        safety: true,
        ..P
    },
    Penalty {
        dept: YJ,
        weight: 3,
        who: ORG,
        sectors: INDUSTRIAL,
        violation: "未在有较大危险因素的生产经营场所和设施、设备上设置明显的安全警示标志",
        facts: "{d}，执法人员检查发现，当事人{x}未设置明显的安全警示标志。",
        basis: "《中华人民共和国安全生产法》第九十九条第（一）项",
        cats: &["02"],
        fine: Fine::Range(5_000, 50_000),
        items: &["有限空间作业场所", "危险化学品储存区域", "高压配电室", "粉尘涉爆作业区域"],
        safety: true,
        ..P
    },
    Penalty {
        dept: YJ,
        weight: 2,
        who: PERSON,
        violation: "生产经营单位主要负责人未履行安全生产管理职责",
        facts: "当事人系本市一家{x}企业的主要负责人。{d}，执法人员检查发现，该单位未建立健全全员安全生产责任制，未组织制定并实施生产安全事故应急救援预案，当事人未履行法定的安全生产管理职责。",
        basis: "《中华人民共和国安全生产法》第九十四条第一款",
        cats: &["02"],
        fine: Fine::Range(20_000, 50_000),
        items: &["建筑施工", "物流", "化工", "冶金材料", "机械制造"],
        safety: true,
        ..P
    },
    Penalty {
        dept: YJ,
        weight: 2,
        who: ORG | BIZ,
        sectors: CHEM | RETAIL,
        violation: "未经许可经营危险化学品",
        facts: "{d}，执法人员检查发现，当事人在未取得危险化学品经营许可证的情况下，经营{x}，违法所得{c}元。",
        basis: "《危险化学品安全管理条例》第七十七条第三款",
        cats: &["02,03,09", "02,03"],
        fine: Fine::Range(100_000, 200_000),
        conf: (300, 8_000),
        items: &["油漆", "稀释剂", "工业酒精", "液化石油气"],
        other: "没收违法经营的危险化学品",
        safety: true,
        ..P
    },
    Penalty {
        dept: YJ,
        weight: 1,
        who: BIZ | PERSON,
        sectors: CHEM | RETAIL | FOOD,
        violation: "未经许可经营烟花爆竹制品",
        facts: "{d}，执法人员检查发现，当事人未取得烟花爆竹经营（零售）许可证，擅自在{addr}销售烟花爆竹{n}箱。",
        basis: "《烟花爆竹安全管理条例》第三十六条第二款",
        cats: &["02,09", "02,03,09"],
        fine: Fine::Range(1_000, 5_000),
        conf: (100, 2_000),
        n: (3, 60),
        other: "没收非法经营的烟花爆竹",
        safety: true,
        ..P
    },
    // 统计局
    Penalty {
        dept: TJ,
        weight: 4,
        who: ORG,
        violation: "提供不真实统计资料",
        facts: "经统计执法检查，当事人报送的{yy}年度{x}中，营业收入、从业人员等指标数据与原始记录、统计台账不符，属于提供不真实统计资料。",
        basis: "《中华人民共和国统计法》第四十一条第一款第（二）项、第二款",
        cats: &["01,02", "01", "01,02,08"],
        fine: Fine::Range(10_000, 50_000),
        items: &[
            "规模以上工业企业财务状况表",
            "限额以上批发和零售业商品销售表",
            "固定资产投资项目统计报表",
            "规模以上服务业财务状况表",
        ],
        ..P
    },
    Penalty {
        dept: TJ,
        weight: 3,
        who: ORG,
        violation: "迟报统计资料",
        facts: "当事人作为统计调查对象，未按照规定时间报送{yy}年{x}，经催报后仍迟报{n}日。",
        basis: "《中华人民共和国统计法》第四十二条",
        cats: &["01", "01,02"],
        fine: Fine::Range(1_000, 10_000),
        n: (3, 25),
        items: &["年度统计报表", "月度统计报表", "季度统计报表"],
        ..P
    },
    Penalty {
        dept: TJ,
        weight: 2,
        who: ORG,
        violation: "未按照国家有关规定设置原始记录、统计台账",
        facts: "{d}，执法人员检查发现，当事人未按照国家有关规定设置{x}原始记录和统计台账，无法提供统计数据的来源依据。",
        basis: "《中华人民共和国统计法》第四十二条",
        cats: &["01", "01,02"],
        fine: Fine::Range(1_000, 10_000),
        items: &["工业产值", "能源消费", "从业人员及工资", "固定资产投资"],
        ..P
    },
    Penalty {
        dept: TJ,
        weight: 1,
        who: ORG,
        violation: "拒绝提供统计资料",
        facts: "当事人作为{yy}年{x}调查对象，经统计机构多次书面催报，仍拒绝提供统计资料。",
        basis: "《中华人民共和国统计法》第四十一条第一款第（一）项、第二款",
        cats: &["01,02"],
        fine: Fine::Range(10_000, 50_000),
        items: &["经济普查", "规模以上工业统计", "投资统计"],
        ..P
    },
    // 财政局
    Penalty {
        dept: CZ,
        weight: 2,
        who: ORG,
        violation: "提供虚假材料谋取中标",
        facts: "当事人在参加{x}（采购编号：JYGCG-{yy}-{n}）政府采购活动中，提供虚假的业绩证明材料，谋取中标，中标金额{m}元。",
        basis: "《中华人民共和国政府采购法》第七十七条第一款第（一）项",
        cats: &["02,07"],
        fine: Fine::PerMille(5, 10),
        m: (300_000, 3_000_000),
        n: (10, 300),
        items: &["教学设备采购项目", "城区绿化养护服务项目", "办公设备采购项目", "医疗设备采购项目", "物业管理服务采购项目"],
        other: "列入不良行为记录名单，一年内禁止参加政府采购活动",
        ..P
    },
    Penalty {
        dept: CZ,
        weight: 2,
        who: ORG,
        violation: "违反会计核算规定",
        facts: "{d}，经会计信息质量检查，当事人存在{x}的情形。",
        basis: "《中华人民共和国会计法》第四十二条第一款",
        cats: &["02", "01,02"],
        fine: Fine::Range(3_000, 30_000),
        items: &["未依法设置会计账簿", "以未经审核的会计凭证为依据登记会计账簿", "随意变更会计处理方法", "未按照规定保管会计资料"],
        ..P
    },
    // 发展和改革委员会
    Penalty {
        dept: FG,
        weight: 2,
        who: ORG,
        sectors: BUILD | ENERGY | MANUF | METAL,
        violation: "企业投资项目未依法备案",
        facts: "当事人投资建设的{x}项目属于备案管理范围，当事人未依法将项目信息告知备案机关即开工建设，经责令限期改正，逾期未改正。",
        basis: "《企业投资项目核准和备案管理条例》第十九条",
        cats: &["02"],
        fine: Fine::Range(20_000, 50_000),
        n: (2, 50),
        items: &["年产{n}万吨耐火材料生产线", "{n}兆瓦分布式光伏发电", "物流仓储中心", "冶金固废综合利用"],
        ..P
    },
    Penalty {
        dept: FG,
        weight: 2,
        who: ORG,
        sectors: BUILD,
        violation: "投标人弄虚作假骗取中标",
        facts: "当事人在{x}施工招标中，提供虚假的业绩证明材料，骗取中标，中标金额{m}元。",
        basis: "《中华人民共和国招标投标法》第五十四条",
        cats: &["02"],
        fine: Fine::PerMille(5, 10),
        m: (1_000_000, 20_000_000),
        items: &["嘉峪关市{brand}路改造工程", "{dist}老旧小区改造工程", "嘉峪关市第{n}中学运动场建设工程", "嘉峪关市污水管网改造工程"],
        n: (1, 15),
        ..P
    },
    // 人力资源和社会保障局
    Penalty {
        dept: RS,
        weight: 3,
        who: ORG,
        sectors: BUILD,
        violation: "未按规定开设或者使用农民工工资专用账户",
        facts: "{d}，执法人员检查发现，当事人承建的{x}项目未按规定开设农民工工资专用账户，经责令限期改正，逾期未改正。",
        basis: "《保障农民工工资支付条例》第五十五条第（一）项",
        cats: &["02"],
        fine: Fine::Range(50_000, 100_000),
        n: (1, 20),
        items: &["{brand}家园{n}号楼", "{dist}老旧小区改造", "{brand}物流园仓储中心", "嘉峪关市第{n}中学教学楼"],
        ..P
    },
    Penalty {
        dept: RS,
        weight: 3,
        who: ORG | BIZ,
        violation: "违反规定延长劳动者工作时间",
        facts: "经查，当事人于{yy}年安排{n}名劳动者每月延长工作时间超过三十六小时，违反了《中华人民共和国劳动法》第四十一条的规定。",
        basis: "《劳动保障监察条例》第二十五条",
        cats: &["01,02", "01"],
        fine: Fine::Range(1_000, 10_000),
        n: (3, 40),
        ..P
    },
    Penalty {
        dept: RS,
        weight: 2,
        who: ORG,
        violation: "未按规定办理社会保险登记",
        facts: "经查，当事人自{d}起用工，至调查之日未为{n}名职工办理社会保险登记，经责令限期改正，逾期仍未改正。",
        basis: "《中华人民共和国社会保险法》第八十四条",
        cats: &["02"],
        fine: Fine::Range(5_000, 30_000),
        n: (2, 30),
        ..P
    },
    Penalty {
        dept: RS,
        weight: 1,
        who: ORG,
        sectors: SERVICE,
        violation: "未经许可擅自经营劳务派遣业务",
        facts: "经查，当事人在未取得劳务派遣经营许可的情况下，向{n}家用工单位派遣劳动者，违法所得{c}元。",
        basis: "《中华人民共和国劳动合同法》第九十二条第一款",
        cats: &["02,03"],
        fine: Fine::Range(10_000, 50_000),
        conf: (5_000, 40_000),
        n: (2, 8),
        ..P
    },
    // 生态环境局
    Penalty {
        dept: HB,
        weight: 3,
        who: ORG,
        sectors: METAL | CHEM | ENERGY | MANUF,
        violation: "超过大气污染物排放标准排放大气污染物",
        facts: "{d}，执法人员对当事人进行现场检查，经委托监测，当事人{x}排放浓度超过国家规定的排放标准。",
        basis: "《中华人民共和国大气污染防治法》第九十九条第（二）项、《中华人民共和国环境保护法》第六十条",
        cats: &["02"],
        fine: Fine::Range(100_000, 500_000),
        items: &["烧结机头烟气颗粒物", "燃煤锅炉烟气二氧化硫", "喷涂车间挥发性有机物", "石灰窑氮氧化物"],
        ..P
    },
    Penalty {
        dept: HB,
        weight: 3,
        who: ORG,
        sectors: CHEM | METAL | MANUF | MEDICAL | TRANSPORT,
        violation: "未按照规定贮存危险废物",
        facts: "{d}，执法人员检查发现，当事人产生的{x}未按照规定设置危险废物识别标志，露天堆放于厂区内，未采取防扬散、防流失、防渗漏措施。",
        basis: "《中华人民共和国固体废物污染环境防治法》第一百一十二条第一款",
        cats: &["02"],
        fine: Fine::Range(100_000, 300_000),
        items: &["废矿物油", "废铅蓄电池", "废活性炭", "含油抹布及手套", "废油漆桶"],
        ..P
    },
    Penalty {
        dept: HB,
        weight: 2,
        who: ORG,
        sectors: BUILD | MANUF | ENERGY | METAL,
        violation: "建设项目环境影响报告表未经批准擅自开工建设",
        facts: "当事人投资建设的{x}项目，环境影响报告表未经生态环境主管部门审批，于{d}擅自开工建设，项目总投资{m}元。",
        basis: "《中华人民共和国环境影响评价法》第三十一条第一款",
        cats: &["02"],
        fine: Fine::PerMille(10, 50),
        m: (500_000, 10_000_000),
        n: (2, 30),
        items: &["年产{n}万吨建材", "汽车维修", "混凝土搅拌站", "光伏组件仓储"],
        ..P
    },
    Penalty {
        dept: HB,
        weight: 2,
        who: ORG | BIZ,
        sectors: FOOD,
        violation: "排放油烟的餐饮服务业经营者未安装油烟净化设施",
        facts: "{d}，执法人员检查发现，当事人位于{addr}的经营场所未安装油烟净化设施，油烟直接排放。",
        basis: "《中华人民共和国大气污染防治法》第一百一十八条第一款",
        cats: &["02"],
        fine: Fine::Range(5_000, 20_000),
        ..P
    },
    Penalty {
        dept: HB,
        weight: 2,
        who: ORG,
        sectors: CHEM | METAL | MANUF | FOOD,
        violation: "超过水污染物排放标准排放水污染物",
        facts: "{d}，经监测，当事人废水总排口{x}浓度超过国家规定的排放标准。",
        basis: "《中华人民共和国水污染防治法》第八十三条第（二）项、《中华人民共和国环境保护法》第六十条",
        cats: &["02"],
        fine: Fine::Range(100_000, 300_000),
        items: &["化学需氧量", "氨氮", "总磷", "悬浮物"],
        ..P
    },
    // 住房和城乡建设局
    Penalty {
        dept: ZJ,
        weight: 3,
        who: ORG,
        sectors: BUILD | ESTATE,
        violation: "未取得施工许可证擅自施工",
        facts: "经查，当事人建设的{x}项目，在未取得建筑工程施工许可证的情况下，于{d}擅自开工建设，工程合同价款{m}元。",
        basis: "《中华人民共和国建筑法》第六十四条、《建筑工程施工许可管理办法》第十二条",
        cats: &["02"],
        fine: Fine::PerMille(10, 20),
        m: (1_000_000, 30_000_000),
        n: (1, 20),
        items: &["{brand}家园{n}号楼", "{brand}苑二期", "{brand}物流园仓储中心", "{brand}商业综合体"],
        ..P
    },
    Penalty {
        dept: ZJ,
        weight: 3,
        who: ORG,
        sectors: BUILD,
        violation: "施工工地未采取有效防尘降尘措施",
        facts: "{d}，执法人员检查发现，当事人承建的{x}施工现场未设置硬质围挡，裸露土方未覆盖，未采取有效防尘降尘措施。",
        basis: "《中华人民共和国大气污染防治法》第一百一十五条第一款第（一）项",
        cats: &["02"],
        fine: Fine::Range(10_000, 50_000),
        n: (1, 20),
        items: &["{brand}家园{n}号楼", "{dist}老旧小区改造工程", "{brand}花园{n}号住宅楼", "{brand}路改造工程"],
        ..P
    },
    Penalty {
        dept: ZJ,
        weight: 2,
        who: ORG,
        sectors: ESTATE,
        violation: "建设单位未组织竣工验收擅自交付使用",
        facts: "经查，当事人开发建设的{x}项目未组织竣工验收，于{d}擅自交付业主使用，工程合同价款{m}元。",
        basis: "《建设工程质量管理条例》第五十八条第（一）项",
        cats: &["02"],
        fine: Fine::PerMille(20, 40),
        m: (2_000_000, 30_000_000),
        n: (1, 20),
        items: &["{brand}家园{n}号楼", "{brand}苑二期", "{brand}花园"],
        ..P
    },
    Penalty {
        dept: ZJ,
        weight: 1,
        who: ORG | BIZ,
        sectors: ENERGY | CHEM,
        violation: "未取得燃气经营许可证从事燃气经营活动",
        facts: "{d}，执法人员检查发现，当事人在未取得燃气经营许可证的情况下，于{addr}销售瓶装液化石油气，违法所得{c}元。",
        basis: "《城镇燃气管理条例》第四十五条第一款",
        cats: &["02,03"],
        fine: Fine::Range(50_000, 200_000),
        conf: (500, 10_000),
        safety: true,
        ..P
    },
    // 交通运输局
    Penalty {
        dept: JT,
        weight: 4,
        who: PERSON | BIZ | ORG,
        sectors: TRANSPORT,
        violation: "未取得道路运输经营许可擅自从事道路普通货物运输经营",
        facts: "{d}，执法人员在{road}检查时发现，当事人使用车牌号为甘B{plate}的货车在未取得道路运输经营许可的情况下从事道路普通货物运输经营。",
        basis: "《中华人民共和国道路运输条例》第六十三条",
        cats: &["02", "02,03"],
        fine: Fine::Range(3_000, 10_000),
        conf: (300, 3_000),
        ..P
    },
    Penalty {
        dept: JT,
        weight: 3,
        who: PERSON,
        violation: "未取得网络预约出租汽车运输证从事网约车经营活动",
        facts: "{d}，执法人员在{road}检查发现，当事人驾驶车牌号为甘B{plate}的小型轿车，未取得网络预约出租汽车运输证，通过网络平台承揽乘客并收取费用。",
        basis: "《网络预约出租汽车经营服务管理暂行办法》第三十四条第（一）项",
        cats: &["02"],
        fine: Fine::Range(10_000, 30_000),
        ..P
    },
    Penalty {
        dept: JT,
        weight: 3,
        who: PERSON | ORG | BIZ,
        sectors: TRANSPORT,
        violation: "车辆超过公路限载标准行驶",
        facts: "{d}，当事人使用车牌号为甘B{plate}的货车在{road}行驶，经检测车货总重{n}吨，超过公路限载标准。",
        basis: "《公路安全保护条例》第六十四条",
        cats: &["02"],
        fine: Fine::Range(500, 30_000),
        n: (52, 90),
        ..P
    },
    Penalty {
        dept: JT,
        weight: 2,
        who: ORG,
        sectors: TRANSPORT,
        violation: "道路运输经营者未按规定维护和检测运输车辆",
        facts: "{d}，执法人员检查发现，当事人所属车牌号为甘B{plate}的营运车辆未按规定进行二级维护和综合性能检测。",
        basis: "《中华人民共和国道路运输条例》第七十条第一款",
        cats: &["02"],
        fine: Fine::Range(1_000, 5_000),
        ..P
    },
    // 卫生健康委员会
    Penalty {
        dept: WJ,
        weight: 3,
        who: ORG | BIZ,
        sectors: SERVICE,
        violation: "公共场所经营者未取得卫生许可证擅自营业",
        facts: "{d}，执法人员检查发现，当事人在未取得公共场所卫生许可证的情况下，于{addr}经营{x}。",
        basis: "《公共场所卫生管理条例实施细则》第三十五条第一款",
        cats: &["01,02"],
        fine: Fine::Range(500, 5_000),
        items: &["住宿服务", "美容美发服务", "沐浴服务"],
        ..P
    },
    Penalty {
        dept: WJ,
        weight: 3,
        who: ORG | BIZ,
        sectors: SERVICE | FOOD,
        violation: "安排未获得有效健康合格证明的从业人员从事直接为顾客服务工作",
        facts: "{d}，执法人员检查发现，当事人{n}名从业人员未取得有效健康合格证明即从事直接为顾客服务的工作。",
        basis: "《公共场所卫生管理条例实施细则》第三十八条",
        cats: &["01", "01,02"],
        fine: Fine::Range(500, 5_000),
        n: (1, 6),
        ..P
    },
    Penalty {
        dept: WJ,
        weight: 2,
        who: PERSON,
        violation: "未取得医疗机构执业许可证擅自执业",
        facts: "{d}，执法人员检查发现，当事人在未取得《医疗机构执业许可证》的情况下，在{addr}擅自开展{x}等诊疗活动，违法所得{c}元。",
        basis: "《医疗机构管理条例》第四十三条第一款",
        cats: &["02,03,09"],
        fine: Fine::Range(30_000, 50_000),
        conf: (500, 5_000),
        items: &["输液", "拔牙", "针灸推拿", "静脉注射"],
        other: "没收药品、器械",
        ..P
    },
    Penalty {
        dept: WJ,
        weight: 2,
        who: ORG | BIZ,
        sectors: MEDICAL,
        violation: "医疗机构使用非卫生技术人员从事医疗卫生技术工作",
        facts: "{d}，执法人员检查发现，当事人安排{n}名未取得执业资格的人员从事{x}等医疗卫生技术工作。",
        basis: "《医疗机构管理条例》第四十七条",
        cats: &["02", "01,02"],
        fine: Fine::Range(5_000, 30_000),
        n: (1, 4),
        items: &["护理", "药品调剂", "医学影像检查"],
        ..P
    },
    Penalty {
        dept: WJ,
        weight: 2,
        who: ORG,
        sectors: METAL | CHEM | MANUF | MINING,
        violation: "未按照规定组织劳动者进行职业健康检查",
        facts: "{d}，执法人员检查发现，当事人未按照规定组织{n}名接触{x}的劳动者进行职业健康检查。",
        basis: "《中华人民共和国职业病防治法》第七十一条第（四）项",
        cats: &["01,02"],
        fine: Fine::Range(50_000, 100_000),
        n: (3, 60),
        items: &["粉尘", "噪声", "高温", "化学毒物"],
        ..P
    },
    // 税务局
    Penalty {
        dept: SW,
        weight: 6,
        who: ORG | BIZ | PERSON,
        violation: "未按照规定期限办理纳税申报和报送纳税资料",
        facts: "当事人未按照规定期限办理{yy}年{x}的纳税申报。",
        basis: "《中华人民共和国税收征收管理法》第六十二条",
        cats: &["02"],
        fine: Fine::Range(50, 2_000),
        items: &["第一季度增值税", "第三季度企业所得税预缴", "3月份个人所得税（代扣代缴）", "6月份城市维护建设税", "11月份印花税", "第二季度房产税"],
        ..P
    },
    Penalty {
        dept: SW,
        weight: 2,
        who: ORG | BIZ,
        violation: "偷税",
        facts: "经检查，当事人{yy}年通过{x}等手段，少缴增值税、企业所得税等税款合计{m}元。",
        basis: "《中华人民共和国税收征收管理法》第六十三条第一款",
        cats: &["02"],
        fine: Fine::PerMille(500, 1_000),
        m: (20_000, 2_000_000),
        items: &["在账簿上多列支出", "不列、少列收入", "取得虚开的增值税专用发票抵扣税款", "隐匿收入"],
        letter: "稽罚",
        ..P
    },
    Penalty {
        dept: SW,
        weight: 2,
        who: ORG | BIZ,
        violation: "未按照规定开具发票",
        facts: "经查，当事人在{yy}年经营活动中，{x}。",
        basis: "《中华人民共和国发票管理办法》第三十三条第（一）项",
        cats: &["02"],
        fine: Fine::Range(200, 10_000),
        items: &["发生经营业务未按规定开具发票{n}份", "未按规定时限开具发票", "开具发票时未如实填写商品名称"],
        ..P
    },
    Penalty {
        dept: SW,
        weight: 1,
        who: PERSON,
        violation: "未按规定申报缴纳个人所得税",
        facts: "经查，当事人{yy}年取得劳务报酬所得未依法办理个人所得税综合所得汇算清缴，少缴个人所得税{m}元，经税务机关提醒督促后仍未改正。",
        basis: "《中华人民共和国税收征收管理法》第六十四条第二款",
        cats: &["02"],
        fine: Fine::PerMille(500, 1_000),
        m: (1_000, 30_000),
        ..P
    },
    // 自然资源局
    Penalty {
        dept: ZR,
        weight: 3,
        who: PERSON | ORG | COOP,
        sectors: AGRI | BUILD | TRANSPORT | RETAIL,
        violation: "未经批准非法占用土地",
        facts: "经查，当事人未经批准，于{d}擅自占用{town}集体土地{m}平方米建设{x}。",
        basis: "《中华人民共和国土地管理法》第七十七条第一款、《中华人民共和国土地管理法实施条例》第五十七条",
        cats: &["02,07"],
        fine: Fine::PerMille(100_000, 500_000),
        m: (40, 1_500),
        items: &["彩钢板房", "养殖圈舍", "仓储用房", "砖混结构房屋"],
        other: "责令退还非法占用的土地，限期拆除在非法占用的土地上新建的建筑物和其他设施，恢复土地原状",
        ..P
    },
    Penalty {
        dept: ZR,
        weight: 1,
        who: ORG,
        sectors: MINING | BUILD,
        violation: "未取得采矿许可证擅自采矿",
        facts: "经查，当事人未取得采矿许可证，擅自在{town}一带开采{x}{n}吨，违法所得{c}元。",
        basis: "《中华人民共和国矿产资源法》第三十九条",
        cats: &["02,03,09"],
        fine: Fine::Range(10_000, 100_000),
        conf: (2_000, 60_000),
        n: (200, 5_000),
        items: &["建筑用砂石", "石灰岩", "黏土"],
        other: "没收采出的矿产品",
        ..P
    },
    Penalty {
        dept: ZR,
        weight: 2,
        who: ORG | PERSON,
        sectors: BUILD | ESTATE | RETAIL | SERVICE,
        violation: "未取得建设工程规划许可证进行建设",
        facts: "经查，当事人未取得建设工程规划许可证，于{d}在{addr}擅自建设{x}，工程造价{m}元。",
        basis: "《中华人民共和国城乡规划法》第六十四条",
        cats: &["02"],
        fine: Fine::PerMille(50, 100),
        m: (100_000, 5_000_000),
        items: &["二层砖混结构房屋", "钢结构厂房", "商业门面房"],
        ..P
    },
];

/// How a licence number (许可编号) is formed: a pattern with `{y}` the year,
/// `{yy}` its last two digits, `{ymd}` the decision date, `{n3}`…`{n6}` the
/// document counter zero-padded, `{rN}` N random digits, `{u}` the subject's
/// USCC, `{pl}` a pollutant-permit letter. Empty: no licence number.
pub struct Permit {
    pub dept: usize,
    pub weight: u32,
    pub who: Who,
    pub sectors: Sectors,
    pub category: &'static str,
    pub doc_name: &'static str,
    pub cert: &'static str,
    pub number: &'static str,
    pub contents: &'static [&'static str],
    /// Validity in years (inclusive range); (0, 0) means long-term (2099/12/31).
    pub years: (u32, u32),
    pub letter: &'static str,
}

const Q: Permit = Permit {
    dept: SJ,
    weight: 1,
    who: ORG,
    sectors: ANY,
    category: "普通",
    doc_name: "",
    cert: "",
    number: "",
    contents: &[""],
    years: (5, 5),
    letter: "许",
};

pub const PERMITS: &[Permit] = &[
    // 市场监督管理局
    Permit {
        weight: 10,
        who: ORG | BIZ,
        sectors: FOOD,
        doc_name: "食品经营许可决定书",
        cert: "食品经营许可证",
        number: "JY{r1}620200{yy}{n4}{r1}",
        contents: &[
            "预包装食品（含冷藏冷冻食品）销售",
            "散装食品（不含冷藏冷冻食品）销售",
            "热食类食品制售",
            "冷食类食品制售",
            "糕点类食品（含裱花蛋糕）制售",
            "自制饮品制售",
            "预包装食品销售，热食类食品制售",
        ],
        letter: "食许",
        ..Q
    },
    Permit {
        weight: 3,
        who: ORG | COOP,
        sectors: FOOD,
        doc_name: "食品生产许可决定书",
        cert: "食品生产许可证",
        number: "SC1{r2}620200{n4}{r1}",
        contents: &[
            "糕点",
            "饮料（瓶（桶）装饮用水）",
            "酒类（葡萄酒及果酒）",
            "肉制品（熏煮香肠火腿制品）",
            "粮食加工品（小麦粉）",
        ],
        letter: "食许",
        ..Q
    },
    Permit {
        weight: 6,
        who: FIRMS,
        category: "登记",
        doc_name: "准予设立登记通知书",
        cert: "营业执照",
        number: "{u}",
        contents: &["设立登记"],
        years: (0, 0),
        letter: "登",
        ..Q
    },
    Permit {
        weight: 4,
        who: ORG | COOP,
        category: "登记",
        doc_name: "准予变更登记通知书",
        cert: "营业执照",
        number: "{u}",
        contents: &[
            "变更登记（经营范围）",
            "变更登记（法定代表人）",
            "变更登记（住所）",
            "变更登记（注册资本）",
        ],
        years: (0, 0),
        letter: "登",
        ..Q
    },
    Permit {
        weight: 3,
        who: ORG,
        sectors: SERVICE | MANUF | METAL | ESTATE | RETAIL,
        category: "登记",
        doc_name: "特种设备使用登记决定书",
        cert: "特种设备使用登记证",
        number: "梯11甘B{n5}({yy})",
        contents: &["电梯使用登记", "乘客电梯使用登记", "载货电梯使用登记"],
        years: (0, 0),
        letter: "特许",
        ..Q
    },
    Permit {
        weight: 2,
        who: ORG | BIZ,
        sectors: MEDICAL,
        doc_name: "药品经营许可决定书",
        cert: "药品经营许可证",
        number: "甘CB9370{n4}",
        contents: &[
            "药品零售（处方药、甲类非处方药、乙类非处方药：中药饮片、中成药、化学药制剂、生物制品）",
            "药品零售（乙类非处方药）",
        ],
        letter: "药许",
        ..Q
    },
    // 应急管理局
    Permit {
        dept: YJ,
        weight: 3,
        who: ORG | BIZ,
        sectors: CHEM | ENERGY,
        doc_name: "危险化学品经营许可决定书",
        cert: "危险化学品经营许可证",
        number: "甘嘉危化经字〔{y}〕{n6}",
        contents: &[
            "危险化学品经营（不带储存设施）：汽油、柴油",
            "危险化学品经营（不带储存设施）：油漆、稀释剂",
            "危险化学品经营（不带储存设施）：氧、乙炔、丙烷",
        ],
        years: (3, 3),
        ..Q
    },
    Permit {
        dept: YJ,
        weight: 3,
        who: BIZ | ORG,
        sectors: CHEM | RETAIL,
        doc_name: "烟花爆竹经营（零售）许可决定书",
        cert: "烟花爆竹经营（零售）许可证",
        number: "（甘）YH经零〔{y}〕{n4}号",
        contents: &["烟花爆竹零售（限C、D级）"],
        years: (1, 1),
        ..Q
    },
    Permit {
        dept: YJ,
        weight: 1,
        who: ORG,
        sectors: METAL | MANUF | MINING | CHEM,
        category: "其他",
        doc_name: "非药品类易制毒化学品经营备案证明",
        cert: "非药品类易制毒化学品经营备案证明",
        number: "（甘）3J62020{n5}",
        contents: &[
            "第三类非药品类易制毒化学品经营：硫酸、盐酸",
            "第三类非药品类易制毒化学品经营：高锰酸钾",
        ],
        years: (3, 3),
        ..Q
    },
    // 财政局
    Permit {
        dept: CZ,
        weight: 2,
        who: ORG,
        sectors: SERVICE,
        doc_name: "代理记账许可决定书",
        cert: "代理记账许可证书",
        number: "DLJZ620200{y}{n4}",
        contents: &["代理记账业务"],
        years: (0, 0),
        ..Q
    },
    // 发展和改革委员会
    Permit {
        dept: FG,
        weight: 2,
        who: ORG,
        sectors: ENERGY | METAL | MANUF | BUILD,
        category: "核准",
        doc_name: "企业投资项目核准批复",
        contents: &[
            "{n}兆瓦光伏发电项目核准",
            "{n}兆瓦风电项目核准",
            "年产{n}万吨冶金辅料项目核准",
            "110千伏输变电工程项目核准",
        ],
        years: (2, 2),
        letter: "审批",
        ..Q
    },
    Permit {
        dept: FG,
        weight: 1,
        who: ORG,
        sectors: ENERGY | METAL | MANUF | TECH,
        category: "其他",
        doc_name: "固定资产投资项目节能审查意见",
        contents: &[
            "年产{n}万吨耐火材料生产线项目节能审查",
            "{n}兆瓦光伏发电项目节能审查",
            "数据中心项目节能审查",
        ],
        years: (2, 2),
        letter: "能审",
        ..Q
    },
    // 人力资源和社会保障局
    Permit {
        dept: RS,
        weight: 2,
        who: ORG,
        sectors: SERVICE,
        doc_name: "劳务派遣经营许可决定书",
        cert: "劳务派遣经营许可证",
        number: "620200{y}{n4}",
        contents: &["劳务派遣经营"],
        years: (3, 3),
        ..Q
    },
    Permit {
        dept: RS,
        weight: 2,
        who: ORG,
        sectors: SERVICE,
        doc_name: "人力资源服务许可决定书",
        cert: "人力资源服务许可证",
        number: "（甘）人服证字〔{y}〕第0202{n4}号",
        contents: &[
            "职业中介活动",
            "人力资源供求信息的收集和发布、就业和创业指导、人力资源管理咨询",
        ],
        years: (0, 0),
        ..Q
    },
    Permit {
        dept: RS,
        weight: 2,
        who: ORG,
        sectors: METAL | MANUF | TRANSPORT | BUILD | SERVICE | ENERGY,
        category: "其他",
        doc_name: "特殊工时工作制审批决定书",
        contents: &["综合计算工时工作制审批（{n}个岗位）", "不定时工作制审批（{n}个岗位）"],
        years: (1, 3),
        ..Q
    },
    // 生态环境局
    Permit {
        dept: HB,
        weight: 4,
        who: ORG,
        sectors: METAL | CHEM | ENERGY | MANUF | MEDICAL | TRANSPORT,
        doc_name: "排污许可决定书",
        cert: "排污许可证",
        number: "{u}001{pl}",
        contents: &[
            "排污许可证申请（重点管理）",
            "排污许可证申请（简化管理）",
            "排污许可证延续",
            "排污许可证变更",
        ],
        years: (5, 5),
        ..Q
    },
    Permit {
        dept: HB,
        weight: 3,
        who: ORG,
        sectors: BUILD | MANUF | ENERGY | METAL | TRANSPORT | MEDICAL,
        category: "其他",
        doc_name: "建设项目环境影响报告表的批复",
        contents: &[
            "年产{n}万吨建材项目环境影响报告表审批",
            "汽车维修项目环境影响报告表审批",
            "{n}兆瓦光伏发电项目环境影响报告表审批",
            "医院扩建项目环境影响报告表审批",
            "冶金固废综合利用项目环境影响报告书审批",
        ],
        years: (5, 5),
        letter: "审",
        ..Q
    },
    // 住房和城乡建设局
    Permit {
        dept: ZJ,
        weight: 5,
        who: ORG,
        sectors: BUILD | ESTATE,
        doc_name: "建筑工程施工许可决定书",
        cert: "建筑工程施工许可证",
        number: "620200{ymd}{n2}01",
        contents: &[
            "{brand}家园{n}号楼建设工程",
            "{brand}苑二期建设工程",
            "{brand}花园{n}号住宅楼建设工程",
            "嘉峪关市第{n}中学教学楼新建工程",
            "{brand}物流园仓储中心建设工程",
            "{dist}老旧小区改造工程",
        ],
        years: (1, 3),
        ..Q
    },
    Permit {
        dept: ZJ,
        weight: 3,
        who: ORG,
        sectors: BUILD,
        category: "认可",
        doc_name: "建筑业企业资质许可决定书",
        cert: "建筑业企业资质证书",
        number: "D362{n6}",
        contents: &[
            "施工总承包三级（建筑工程）",
            "专业承包三级（钢结构工程）",
            "专业承包二级（建筑装修装饰工程）",
            "施工劳务资质",
            "专业承包三级（市政公用工程）",
        ],
        years: (5, 5),
        ..Q
    },
    Permit {
        dept: ZJ,
        weight: 2,
        who: ORG,
        sectors: ESTATE,
        doc_name: "商品房预售许可决定书",
        cert: "商品房预售许可证",
        number: "嘉房预售证字〔{y}〕第{n3}号",
        contents: &[
            "{brand}苑{n}号楼商品房预售",
            "{brand}家园二期商品房预售",
            "{brand}花园{n}号住宅楼商品房预售",
        ],
        years: (2, 2),
        ..Q
    },
    Permit {
        dept: ZJ,
        weight: 1,
        who: ORG,
        sectors: ENERGY,
        category: "特许",
        doc_name: "燃气经营许可决定书",
        cert: "燃气经营许可证",
        number: "甘{y}0202{n4}G",
        contents: &["管道燃气经营", "瓶装液化石油气经营", "压缩天然气（CNG）加气站经营"],
        years: (3, 3),
        ..Q
    },
    // 交通运输局
    Permit {
        dept: JT,
        weight: 4,
        who: ORG | BIZ | PERSON,
        sectors: TRANSPORT,
        doc_name: "道路运输经营许可决定书",
        cert: "道路运输经营许可证",
        number: "甘交运管许可嘉字6202000{n5}号",
        contents: &[
            "道路普通货物运输",
            "道路普通货物运输；货物专用运输（集装箱）",
            "道路危险货物运输（第2类1项、第3类）",
        ],
        years: (4, 4),
        ..Q
    },
    Permit {
        dept: JT,
        weight: 3,
        who: PERSON,
        category: "认可",
        doc_name: "道路运输从业人员从业资格许可决定书",
        cert: "道路运输从业资格证",
        number: "620200{y}{n5}",
        contents: &[
            "道路旅客运输驾驶员",
            "道路货物运输驾驶员",
            "巡游出租汽车驾驶员",
            "网络预约出租汽车驾驶员",
        ],
        years: (5, 5),
        ..Q
    },
    Permit {
        dept: JT,
        weight: 1,
        who: ORG,
        sectors: TRANSPORT,
        category: "特许",
        doc_name: "出租汽车经营许可决定书",
        cert: "出租汽车经营许可证",
        number: "嘉交出租字〔{y}〕{n3}号",
        contents: &["巡游出租汽车经营（{n}辆）"],
        years: (4, 4),
        ..Q
    },
    Permit {
        dept: JT,
        weight: 2,
        who: ORG | BIZ,
        sectors: TRANSPORT,
        category: "其他",
        doc_name: "机动车维修经营备案回执",
        contents: &["机动车维修经营备案（二类）", "机动车维修经营备案（三类）"],
        years: (0, 0),
        letter: "备",
        ..Q
    },
    // 卫生健康委员会
    Permit {
        dept: WJ,
        weight: 5,
        who: ORG | BIZ,
        sectors: SERVICE,
        doc_name: "公共场所卫生许可决定书",
        cert: "卫生许可证",
        number: "嘉卫公字〔{y}〕第{n4}号",
        contents: &[
            "住宿业（宾馆）",
            "美容美发场所",
            "沐浴场所",
            "游泳场所",
            "住宿业（旅馆）",
        ],
        years: (4, 4),
        ..Q
    },
    Permit {
        dept: WJ,
        weight: 3,
        who: ORG | BIZ,
        sectors: MEDICAL,
        category: "登记",
        doc_name: "医疗机构执业登记决定书",
        cert: "医疗机构执业许可证",
        number: "PDY{r5}62020017{r1}1{n3}",
        contents: &[
            "诊所执业登记（内科、外科）",
            "口腔诊所执业登记",
            "中医诊所执业登记",
            "门诊部执业登记（综合门诊部）",
        ],
        years: (5, 5),
        ..Q
    },
    Permit {
        dept: WJ,
        weight: 3,
        who: PERSON,
        category: "认可",
        doc_name: "医师执业注册决定书",
        cert: "医师执业证书",
        number: "1{r2}620200{n6}",
        contents: &[
            "执业医师注册（内科专业）",
            "执业医师注册（外科专业）",
            "执业助理医师注册（全科医学专业）",
            "执业医师注册（口腔专业）",
            "执业医师变更注册",
        ],
        years: (0, 0),
        ..Q
    },
    Permit {
        dept: WJ,
        weight: 1,
        who: ORG,
        sectors: MEDICAL,
        doc_name: "放射诊疗许可决定书",
        cert: "放射诊疗许可证",
        number: "甘卫放证字〔{y}〕第{n3}号",
        contents: &["X射线影像诊断", "口腔X射线诊断"],
        years: (5, 5),
        ..Q
    },
    // 税务局
    Permit {
        dept: SW,
        weight: 4,
        who: ORG | BIZ,
        doc_name: "准予税务行政许可决定书",
        contents: &[
            "增值税专用发票最高开票限额十万元审批",
            "增值税专用发票最高开票限额一百万元审批",
            "增值税专用发票最高开票限额一万元审批",
        ],
        years: (0, 0),
        ..Q
    },
    // 自然资源局
    Permit {
        dept: ZR,
        weight: 3,
        who: ORG,
        sectors: ESTATE | BUILD | ENERGY | METAL | MANUF,
        doc_name: "建设用地规划许可决定书",
        cert: "建设用地规划许可证",
        number: "地字第620200{y}{n5}号",
        contents: &[
            "{brand}家园项目建设用地规划许可",
            "{brand}物流园项目建设用地规划许可",
            "{n}兆瓦光伏发电项目建设用地规划许可",
        ],
        years: (1, 2),
        ..Q
    },
    Permit {
        dept: ZR,
        weight: 3,
        who: ORG,
        sectors: ESTATE | BUILD,
        doc_name: "建设工程规划许可决定书",
        cert: "建设工程规划许可证",
        number: "建字第620200{y}{n5}号",
        contents: &[
            "{brand}家园{n}号楼建设工程规划许可",
            "{brand}苑二期建设工程规划许可",
            "{brand}商业综合体建设工程规划许可",
        ],
        years: (1, 2),
        ..Q
    },
    Permit {
        dept: ZR,
        weight: 2,
        who: PERSON,
        doc_name: "乡村建设规划许可决定书",
        cert: "乡村建设规划许可证",
        number: "乡字第620200{y}{n5}号",
        contents: &["{town}村民住宅建设"],
        years: (1, 2),
        ..Q
    },
    Permit {
        dept: ZR,
        weight: 1,
        who: ORG,
        sectors: MINING,
        category: "特许",
        doc_name: "采矿权登记决定书",
        cert: "采矿许可证",
        number: "C620200{y}{r2}7{r6}{n4}",
        contents: &[
            "采矿权延续登记（建筑用砂石）",
            "采矿权新立登记（石灰岩）",
            "采矿权变更登记（扩大开采规模）",
        ],
        years: (3, 5),
        ..Q
    },
];

pub struct Pledge {
    pub dept: usize,
    pub weight: u32,
    pub who: Who,
    pub sectors: Sectors,
    pub kind: &'static str,
    pub matter: &'static str,
    pub content: &'static str,
    pub items: &'static [&'static str],
}

const G: Pledge = Pledge {
    dept: SJ,
    weight: 1,
    who: FIRMS,
    sectors: ANY,
    kind: "主动型",
    matter: "",
    content: "",
    items: &[""],
};

const REPAIR: &str = "本单位（人）已履行行政处罚决定规定的义务，已纠正失信行为、消除不良影响，承诺今后严格遵守法律法规，不再发生同类违法行为；如有违反，自愿接受相关部门依法依规实施的惩戒措施，并同意将违诺信息纳入信用记录依法公开。";

pub const PLEDGES: &[Pledge] = &[
    Pledge {
        weight: 6,
        who: ORG | BIZ,
        sectors: FOOD,
        kind: "审批替代型",
        matter: "食品经营许可告知承诺",
        content: "本单位（人）已知晓食品经营许可的全部条件和要求，承诺所填写的信息及提交的材料真实、合法、有效，经营场所和设施设备符合食品安全要求；如违反承诺，愿意承担相应法律责任并接受撤销许可的处理。",
        ..G
    },
    Pledge {
        weight: 3,
        who: ORG | COOP,
        kind: "容缺受理型",
        matter: "企业登记容缺受理",
        content: "本单位申请办理登记事项，现有{x}暂缺，承诺于受理后10个工作日内补齐；逾期未补齐的，愿意接受不予登记的处理。",
        items: &["公司章程修正案原件", "住所使用证明", "股东会决议原件"],
        ..G
    },
    Pledge {
        weight: 5,
        who: FIRMS | PERSON,
        kind: "信用修复型",
        matter: "行政处罚信息信用修复",
        content: REPAIR,
        ..G
    },
    Pledge {
        dept: YJ,
        weight: 4,
        who: ORG,
        sectors: INDUSTRIAL,
        kind: "行业自律型",
        matter: "安全生产承诺",
        content: "本单位承诺严格落实安全生产主体责任，主要负责人全面负责本单位安全生产工作，按规定开展安全风险辨识管控和隐患排查治理，不违章指挥、不强令冒险作业；如违反承诺，自愿接受依法依规作出的处理。",
        ..G
    },
    Pledge {
        dept: YJ,
        weight: 2,
        who: ORG | BIZ,
        sectors: CHEM | RETAIL,
        kind: "审批替代型",
        matter: "危险化学品经营许可告知承诺",
        content: "本单位已知晓危险化学品经营许可的条件和要求，承诺经营场所、从业人员和安全管理制度符合规定，所提交材料真实有效；如违反承诺，自愿接受撤销许可等处理。",
        ..G
    },
    Pledge {
        dept: TJ,
        weight: 3,
        who: ORG,
        kind: "行业自律型",
        matter: "统计诚信承诺",
        content: "本单位承诺依法真实、准确、完整、及时报送统计资料，不虚报、瞒报、迟报、拒报统计资料，不伪造、篡改原始记录和统计台账，自愿接受统计机构的监督检查。",
        ..G
    },
    Pledge {
        dept: CZ,
        weight: 2,
        who: ORG,
        kind: "主动型",
        matter: "财政专项资金申报诚信承诺",
        content: "本单位承诺申报{x}所提交的材料真实有效，不存在重复申报、虚假申报等情形，获得资金后严格按规定用途使用；如有违反，自愿退回资金并承担相应责任。",
        items: &["中小企业发展专项资金", "工业转型升级专项资金", "科技创新专项资金"],
        ..G
    },
    Pledge {
        dept: FG,
        weight: 2,
        who: ORG,
        kind: "主动型",
        matter: "招标投标信用承诺",
        content: "本单位承诺在参与{x}招标投标活动中提供的资格证明材料真实有效，不串通投标、不弄虚作假、不以他人名义投标；如有违反，自愿接受取消中标资格等处理。",
        items: &["嘉峪关市{brand}路改造工程", "{dist}老旧小区改造工程", "嘉峪关市污水管网改造工程"],
        ..G
    },
    Pledge {
        dept: FG,
        weight: 2,
        who: FIRMS | PERSON,
        kind: "信用修复型",
        matter: "失信信息信用修复",
        content: REPAIR,
        ..G
    },
    Pledge {
        dept: RS,
        weight: 3,
        who: ORG,
        sectors: BUILD,
        kind: "行业自律型",
        matter: "保障农民工工资支付承诺",
        content: "本单位承诺按月足额支付农民工工资，按规定开设农民工工资专用账户，实行实名制管理和工资保证金制度，不发生拖欠农民工工资行为。",
        ..G
    },
    Pledge {
        dept: RS,
        weight: 1,
        who: ORG,
        sectors: SERVICE,
        kind: "审批替代型",
        matter: "人力资源服务许可告知承诺",
        content: "本单位已知晓人力资源服务许可的条件和要求，承诺具备相应的场所、设施和专职工作人员，所提交材料真实有效；如违反承诺，自愿接受撤销许可的处理。",
        ..G
    },
    Pledge {
        dept: HB,
        weight: 2,
        who: ORG,
        sectors: BUILD | MANUF | ENERGY | METAL,
        kind: "审批替代型",
        matter: "建设项目环境影响评价告知承诺",
        content: "本单位承诺建设项目严格落实环境影响报告表提出的污染防治措施，配套环保设施与主体工程同时设计、同时施工、同时投产使用；如违反承诺，自愿接受撤销审批决定等处理。",
        ..G
    },
    Pledge {
        dept: HB,
        weight: 1,
        who: ORG,
        sectors: METAL | CHEM | ENERGY | MANUF,
        kind: "主动型",
        matter: "排污单位环境守法承诺",
        content: "本单位承诺严格执行排污许可制度，按证排污、自行监测并如实公开环境信息，不偷排、不超标排放；如有违反，自愿接受依法处理。",
        ..G
    },
    Pledge {
        dept: ZJ,
        weight: 3,
        who: ORG,
        sectors: BUILD | ESTATE,
        kind: "审批替代型",
        matter: "建筑工程施工许可告知承诺",
        content: "本单位已知晓建筑工程施工许可的条件，承诺施工图设计文件已审查合格、施工场地已具备施工条件、建设资金已落实，所提交材料真实有效；如违反承诺，自愿接受撤销许可的处理。",
        ..G
    },
    Pledge {
        dept: ZJ,
        weight: 2,
        who: ORG,
        sectors: BUILD,
        kind: "行业自律型",
        matter: "建筑市场诚信经营承诺",
        content: "本单位承诺在建筑市场活动中依法诚信经营，不转包、不违法分包、不挂靠，严格落实工程质量安全责任。",
        ..G
    },
    Pledge {
        dept: JT,
        weight: 3,
        who: ORG | BIZ | PERSON,
        sectors: TRANSPORT,
        kind: "审批替代型",
        matter: "道路货物运输经营许可告知承诺",
        content: "本单位（人）已知晓道路货物运输经营许可的条件，承诺车辆技术条件、驾驶人员资格和安全生产管理制度符合规定；如违反承诺，自愿接受撤销许可的处理。",
        ..G
    },
    Pledge {
        dept: JT,
        weight: 2,
        who: ORG,
        sectors: TRANSPORT,
        kind: "行业自律型",
        matter: "道路运输诚信经营承诺",
        content: "本单位承诺依法诚信经营，按规定维护和检测营运车辆，不超限超载，不拒载、不绕道、不乱收费。",
        ..G
    },
    Pledge {
        dept: WJ,
        weight: 3,
        who: ORG | BIZ,
        sectors: SERVICE,
        kind: "审批替代型",
        matter: "公共场所卫生许可告知承诺",
        content: "本单位（人）已知晓公共场所卫生许可的条件，承诺经营场所卫生设施和从业人员健康合格证明符合规定；如违反承诺，自愿接受撤销许可的处理。",
        ..G
    },
    Pledge {
        dept: SW,
        weight: 4,
        who: FIRMS | PERSON,
        kind: "主动型",
        matter: "纳税信用承诺",
        content: "本单位（人）承诺依法办理税务登记，如实申报纳税，按时缴纳税款，依法开具和使用发票，不偷税、不逃避追缴欠税、不虚开发票。",
        ..G
    },
    Pledge {
        dept: SW,
        weight: 2,
        who: ORG | BIZ,
        kind: "容缺受理型",
        matter: "涉税事项容缺办理",
        content: "本单位（人）申请办理{x}，现有部分资料暂缺，承诺于20日内补正；逾期未补正的，自愿承担相应责任。",
        items: &["跨区域涉税事项报告", "增值税一般纳税人登记", "税务注销"],
        ..G
    },
    Pledge {
        dept: ZR,
        weight: 2,
        who: ORG | PERSON,
        kind: "审批替代型",
        matter: "不动产登记证明事项告知承诺",
        content: "本单位（人）承诺申请不动产登记所提交的{x}真实有效；如有虚假，自愿承担由此产生的一切法律责任。",
        items: &["婚姻关系证明", "身份关系证明", "继承关系证明"],
        ..G
    },
];

pub struct ListEntry {
    pub dept: usize,
    pub weight: u32,
    pub who: Who,
    pub sectors: Sectors,
    pub name: &'static str,
    pub reasons: &'static [&'static str],
    pub basis: &'static str,
    /// Management period in years: 1 for the safety-production black list.
    pub years: u32,
    pub letter: &'static str,
}

const L: ListEntry = ListEntry {
    dept: SJ,
    weight: 1,
    who: ORG,
    sectors: ANY,
    name: "",
    reasons: &[""],
    basis: "",
    years: 3,
    letter: "守信",
};

pub const REDLISTS: &[ListEntry] = &[
    ListEntry {
        dept: YJ,
        weight: 3,
        sectors: INDUSTRIAL,
        name: "安全生产守信联合激励对象名单",
        reasons: &[
            "连续三年未发生生产安全责任事故，安全生产标准化达到二级",
            "安全生产标准化一级达标，未发生生产安全事故",
            "被评为省级安全生产标准化示范企业",
        ],
        basis: "《对安全生产领域守信行为开展联合激励的实施办法》（发改财金〔2017〕1001号）、《嘉峪关市安全生产诚信体系建设实施方案》",
        ..L
    },
    ListEntry {
        dept: SW,
        weight: 4,
        name: "纳税信用A级纳税人名单",
        reasons: &["{yy}年度纳税信用评价结果为A级"],
        basis: "《纳税信用管理办法（试行）》（国家税务总局公告2014年第40号）",
        ..L
    },
    ListEntry {
        dept: TJ,
        weight: 2,
        name: "统计诚信企业红名单",
        reasons: &["连续三年统计数据报送及时、准确、完整，未发生统计违法行为", "{yy}年度统计诚信评价为诚信单位"],
        basis: "《嘉峪关市统计诚信建设实施方案》",
        ..L
    },
    ListEntry {
        dept: RS,
        weight: 2,
        name: "劳动保障守法诚信A级用人单位名单",
        reasons: &["{yy}年度劳动保障守法诚信等级评价为A级"],
        basis: "《企业劳动保障守法诚信等级评价办法》（人社部规〔2016〕1号）",
        ..L
    },
    ListEntry {
        dept: JT,
        weight: 1,
        sectors: TRANSPORT,
        name: "道路运输企业质量信誉AAA级企业名单",
        reasons: &["{yy}年度道路运输企业质量信誉考核等级为AAA级"],
        basis: "《道路运输企业质量信誉考核办法》",
        ..L
    },
    ListEntry {
        dept: SJ,
        weight: 2,
        name: "守合同重信用企业名单",
        reasons: &["连续两年合同履约率达到100%，经公示无异议"],
        basis: "《甘肃省守合同重信用企业公示活动管理办法》",
        ..L
    },
];

pub const BLACKLISTS: &[ListEntry] = &[
    ListEntry {
        dept: YJ,
        weight: 3,
        who: ORG | PERSON,
        sectors: INDUSTRIAL,
        name: "安全生产失信联合惩戒对象名单",
        reasons: &[
            "发生较大生产安全责任事故",
            "未按规定整改重大事故隐患，被责令停产停业后拒不执行",
            "非法违法组织生产经营，存在重大事故隐患",
        ],
        basis: "《对安全生产领域失信行为开展联合惩戒的实施办法》（安监总办〔2017〕49号）、《嘉峪关市安全生产诚信体系建设实施方案》",
        years: 1,
        letter: "失信",
    },
    ListEntry {
        dept: SJ,
        weight: 3,
        who: ORG | BIZ,
        name: "严重失信主体名单",
        reasons: &["因食品安全违法行为受到较重行政处罚", "提交虚假材料取得市场主体登记，情节严重", "拒不履行已生效的行政处罚决定"],
        basis: "《市场监督管理严重违法失信名单管理办法》（国家市场监督管理总局令第44号）",
        letter: "失信",
        ..L
    },
    ListEntry {
        dept: TJ,
        weight: 2,
        name: "统计严重失信企业名单",
        reasons: &["提供不真实统计资料，情节严重", "拒绝提供统计资料，经催报后仍未提供", "伪造、篡改统计资料"],
        basis: "《统计严重失信企业信用管理办法》",
        letter: "失信",
        ..L
    },
    ListEntry {
        dept: SW,
        weight: 2,
        who: ORG | BIZ | PERSON,
        name: "重大税收违法失信主体名单",
        reasons: &["偷税数额{m}元，且占各税种应纳税总额10%以上", "虚开增值税专用发票", "逃避追缴欠税{m}元"],
        basis: "《重大税收违法失信主体信息公布管理办法》（国家税务总局令第54号）",
        letter: "失信",
        ..L
    },
    ListEntry {
        dept: RS,
        weight: 2,
        who: ORG | PERSON,
        sectors: BUILD,
        name: "拖欠农民工工资失信联合惩戒对象名单",
        reasons: &["克扣、无故拖欠农民工工资达到认定拒不支付劳动报酬罪数额标准", "因拖欠农民工工资违法行为引发群体性事件"],
        basis: "《拖欠农民工工资失信联合惩戒对象名单管理暂行办法》（人力资源社会保障部令第45号）",
        letter: "失信",
        ..L
    },
    ListEntry {
        dept: JT,
        weight: 1,
        who: ORG | PERSON,
        sectors: TRANSPORT,
        name: "交通运输领域严重失信主体名单",
        reasons: &["未取得道路运输经营许可擅自从事道路运输经营，受到行政处罚后拒不改正", "发生重大及以上道路运输安全责任事故"],
        basis: "《交通运输行业信用管理规定（试行）》",
        letter: "失信",
        ..L
    },
];

/// Government integrity records (政务失信记录).
pub struct Integrity {
    /// Recognising authority (index into `DEPARTMENTS`).
    pub authority: usize,
    pub weight: u32,
    /// The subject is a civil servant (自然人) instead of a department (机关).
    pub person: bool,
    pub kind: &'static str,
    pub facts: &'static str,
    pub basis: &'static str,
    pub items: &'static [&'static str],
    pub extra: &'static [&'static str],
    /// Document number pattern: `{p}` the authority's prefix, `{y}` the year, `{n}` the counter.
    pub doc: &'static str,
}

pub const INTEGRITY: &[Integrity] = &[
    Integrity {
        authority: FY,
        weight: 30,
        person: false,
        kind: "法院判决未履行",
        facts: "{subj}与{company}{x}纠纷一案，本院作出（{yy}）甘0201民初{n}号民事判决，判令{subj}向{company}支付{z}{m}元。判决生效后，{subj}未在判决确定的期限内履行，申请执行人向本院申请强制执行。",
        basis: "《中华人民共和国民事诉讼法》、《最高人民法院关于公布失信被执行人名单信息的若干规定》第一条第（一）项",
        items: &["建设工程施工合同", "买卖合同", "服务合同", "租赁合同"],
        extra: &["欠付款项", "合同价款及逾期付款违约金"],
        doc: "（{y}）甘0201执{n}号",
    },
    Integrity {
        authority: FG,
        weight: 25,
        person: false,
        kind: "合同违约",
        facts: "{subj}与{company}签订{x}合同，约定于{d}前支付合同款项，截至认定之日仍拖欠{m}元，经催告后仍未履行。",
        basis: "《中华人民共和国民法典》第五百七十七条、《保障中小企业款项支付条例》第八条",
        items: &["办公楼维修改造工程", "信息化系统建设", "物业管理服务", "车辆租赁服务"],
        extra: &[""],
        doc: "{p}信〔{y}〕{n}号",
    },
    Integrity {
        authority: FG,
        weight: 20,
        person: false,
        kind: "承诺未履行",
        facts: "{subj}在政务服务事项“{x}”中公开承诺办理时限为{n}个工作日，经核查，{yy}年共有{z}件办件超过承诺时限办结，未履行服务承诺。",
        basis: "《国务院关于加强政务诚信建设的指导意见》（国发〔2016〕76号）、《嘉峪关市关于加强政务诚信建设的实施方案》",
        items: &["行政许可办理", "政府信息公开申请答复", "企业投资项目备案", "政策性补贴资金拨付"],
        extra: &["3", "5", "7", "12", "16"],
        doc: "{p}信〔{y}〕{n}号",
    },
    Integrity {
        authority: FG,
        weight: 10,
        person: false,
        kind: "行政处罚",
        facts: "{subj}因{x}，于{d}被有关部门依法给予行政处罚，属于政务失信行为。",
        basis: "《国务院关于加强政务诚信建设的指导意见》（国发〔2016〕76号）、《嘉峪关市关于加强政务诚信建设的实施方案》",
        items: &["下属单位锅炉房超标排放大气污染物", "办公楼改造工程未取得施工许可证擅自施工", "未按规定期限办理纳税申报"],
        extra: &[""],
        doc: "{p}信〔{y}〕{n}号",
    },
    Integrity {
        authority: JWJ,
        weight: 10,
        person: true,
        kind: "纪律处分",
        facts: "当事人系{dept}工作人员，在办理{x}过程中，{z}，造成不良影响。经研究，给予当事人政务记过处分。",
        basis: "《中华人民共和国公职人员政务处分法》第三十九条第（三）项",
        items: &["行政许可审批", "执法检查", "群众投诉处理", "政府采购"],
        extra: &["违反规定收受管理服务对象财物", "对群众合理诉求推诿拖延、敷衍应付", "违反限时办结承诺故意拖延办理", "违规为不符合条件的申请人办理手续"],
        doc: "{p}处〔{y}〕{n}号",
    },
    Integrity {
        authority: JW,
        weight: 5,
        person: true,
        kind: "纪律处分",
        facts: "当事人系{dept}工作人员，在{x}工作中{z}，违反工作纪律。经研究，给予当事人党内警告处分。",
        basis: "《中国共产党纪律处分条例》",
        items: &["行政执法", "项目审批", "专项资金管理"],
        extra: &["不担当、不作为，造成不良影响", "违反规定干预市场经济活动", "工作失职，损害群众利益"],
        doc: "{p}处〔{y}〕{n}号",
    },
];

/// Roads where transport inspectors stop vehicles.
pub const ROADS: [&str; 5] = [
    "G312线嘉峪关段",
    "连霍高速嘉峪关收费站",
    "兰新西路",
    "嘉峪关南市区治超检测站",
    "嘉东工业园区道路",
];
