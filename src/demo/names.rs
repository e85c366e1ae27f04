//! Name tables of the demo city (嘉峪关市) and the functions that turn a
//! subject's serial number into a name.
//!
//! Names of enterprises, cooperatives and individual businesses are built
//! from a serial number through a bijection (a multiplicative scramble over a
//! mixed-radix space), so two subjects of the same class never share a name
//! and nothing has to be remembered to guarantee it.

use super::codes::{mix, scramble};

/// Business sectors, as bit flags: templates accept a set of them.
pub type Sectors = u16;
pub const FOOD: Sectors = 1 << 0;
pub const RETAIL: Sectors = 1 << 1;
pub const BUILD: Sectors = 1 << 2;
pub const TRANSPORT: Sectors = 1 << 3;
pub const CHEM: Sectors = 1 << 4;
pub const METAL: Sectors = 1 << 5;
pub const MANUF: Sectors = 1 << 6;
pub const SERVICE: Sectors = 1 << 7;
pub const MEDICAL: Sectors = 1 << 8;
pub const AGRI: Sectors = 1 << 9;
pub const TECH: Sectors = 1 << 10;
pub const ESTATE: Sectors = 1 << 11;
pub const ENERGY: Sectors = 1 << 12;
pub const MINING: Sectors = 1 << 13;
/// Any sector.
pub const ANY: Sectors = u16::MAX;
/// Sectors whose premises the safety-production inspectors visit.
pub const INDUSTRIAL: Sectors = BUILD | CHEM | METAL | MANUF | ENERGY | MINING | TRANSPORT;

/// The functional districts and towns of 嘉峪关市.
pub const DISTRICTS: [&str; 6] = ["雄关区", "镜铁区", "长城区", "新城镇", "峪泉镇", "文殊镇"];

/// Villages of the three towns (for cooperatives).
pub const VILLAGES: [&str; 19] = [
    "新城镇",
    "峪泉镇",
    "文殊镇",
    "新城镇横沟村",
    "新城镇野麻湾村",
    "新城镇观蒲村",
    "新城镇中沟村",
    "新城镇长城村",
    "新城镇泥沟村",
    "新城镇新城村",
    "峪泉镇黄草营村",
    "峪泉镇断山口村",
    "峪泉镇峪泉村",
    "峪泉镇嘉峪关村",
    "文殊镇河口村",
    "文殊镇石桥村",
    "文殊镇塔湾村",
    "文殊镇冯家沟村",
    "文殊镇文殊村",
];

/// Streets, used in shop names once the short names are used up.
pub const STREETS: [&str; 24] = [
    "新华中路",
    "新华南路",
    "新华北路",
    "雄关东路",
    "雄关西路",
    "胜利路",
    "五一路",
    "建设东路",
    "建设西路",
    "兰新西路",
    "迎宾路",
    "峪泉路",
    "朝阳路",
    "东湖路",
    "酒钢路",
    "体育大道",
    "南湖大道",
    "机场路",
    "大唐路",
    "文化路",
    "绿化路",
    "长城路",
    "和诚路",
    "嘉东路",
];

/// What precedes the trade name in an enterprise name.
pub const ENTERPRISE_PREFIXES: [&str; 10] = [
    "嘉峪关市",
    "嘉峪关",
    "嘉峪关市雄关",
    "嘉峪关市镜铁",
    "嘉峪关市长城",
    "甘肃",
    "甘肃省",
    "嘉峪关市新城",
    "嘉峪关市峪泉",
    "嘉峪关市文殊",
];

/// Trade names (字号). None may equal a district word of the prefixes
/// (雄关, 镜铁, 长城…): "嘉峪关市" + "雄关宏达" would equal "嘉峪关市雄关" + "宏达".
pub const BRANDS: [&str; 150] = [
    "宏达", "祁连", "酒钢", "晟达", "嘉盛", "天诚", "鑫源", "恒通", "瑞丰", "金城", "君泰", "华泰", "兴隆", "永安",
    "信达", "博远", "汇丰", "凯达", "嘉禾", "宏业", "鼎盛", "昌盛", "众诚", "顺达", "安泰", "明辉", "盛世", "天马",
    "腾飞", "新峰", "丰源", "聚鑫", "金瑞", "大成", "德润", "益民", "同心", "西域", "丝路", "关城", "融通", "讨赖",
    "黑山", "玉门", "河西", "陇原", "敦煌", "飞天", "紫轩", "绿洲", "泰和", "锦程", "华源", "荣昌", "通达", "万通",
    "中正", "宇航", "瑞祥", "金鼎", "天成", "东方", "北辰", "新宇", "佳和", "嘉信", "嘉恒", "嘉瑞", "嘉泰", "嘉瀚",
    "宏盛", "宏远", "宏图", "鸿运", "鸿达", "鸿基", "恒达", "恒昌", "恒源", "恒信", "永盛", "永兴", "永泰", "兴达",
    "兴盛", "兴旺", "鑫盛", "鑫达", "鑫泰", "鑫隆", "金鑫", "金泰", "金源", "金辉", "瑞达", "瑞源", "润丰", "润泽",
    "沃土", "丰泽", "晨光", "曙光", "朝阳", "阳光", "春晖", "秋实", "雪峰", "祥云", "云海", "天宇", "天瑞", "天润",
    "天悦", "安康", "安顺", "康达", "康泰", "福瑞", "福源", "福星", "吉祥", "如意", "和顺", "和盛", "和泰", "华宇",
    "华盛", "华通", "中天", "中诚", "诚信", "立信", "守正", "正大", "博瑞", "博达", "卓越", "创新", "创业", "先锋",
    "凯旋", "远航", "海川", "百川", "千禧", "万家", "万顺", "众鑫", "合力", "聚力",
];

/// Legal forms of an enterprise.
pub const FORMS: [&str; 2] = ["有限公司", "有限责任公司"];

/// Industries of enterprises: (name part, sector).
pub const INDUSTRIES: [(&str, Sectors); 48] = [
    ("建筑工程", BUILD),
    ("建筑劳务", BUILD),
    ("路桥工程", BUILD),
    ("建筑装饰工程", BUILD),
    ("市政工程", BUILD),
    ("电力工程", BUILD),
    ("钢结构工程", BUILD | MANUF),
    ("房地产开发", ESTATE),
    ("物业管理", ESTATE | SERVICE),
    ("物流", TRANSPORT),
    ("汽车运输", TRANSPORT),
    ("货物运输", TRANSPORT),
    ("出租汽车", TRANSPORT),
    ("公共交通", TRANSPORT),
    ("冶金材料", METAL),
    ("冶金机械", METAL | MANUF),
    ("耐火材料", METAL | MANUF),
    ("机械设备制造", MANUF),
    ("铝制品", METAL | MANUF),
    ("化工", CHEM),
    ("石油化工", CHEM),
    ("化工产品销售", CHEM | RETAIL),
    ("燃气", ENERGY | CHEM),
    ("新能源", ENERGY),
    ("光伏发电", ENERGY),
    ("热力", ENERGY),
    ("矿业", MINING),
    ("矿产品", MINING),
    ("商贸", RETAIL),
    ("连锁超市", RETAIL | FOOD),
    ("汽车销售服务", RETAIL | TRANSPORT),
    ("建材", RETAIL | MANUF),
    ("餐饮管理", FOOD),
    ("食品", FOOD),
    ("乳业", FOOD),
    ("葡萄酒业", FOOD | AGRI),
    ("农副产品", FOOD | AGRI),
    ("酒店管理", SERVICE | FOOD),
    ("旅游开发", SERVICE),
    ("文化传媒", SERVICE),
    ("人力资源", SERVICE),
    ("劳务派遣", SERVICE),
    ("财务咨询", SERVICE),
    ("信息技术", TECH),
    ("环保科技", TECH | CHEM),
    ("医药", MEDICAL | RETAIL),
    ("医疗器械", MEDICAL),
    ("口腔医院", MEDICAL),
];

/// Fields of farmers' cooperatives: (name part, sector).
pub const COOP_FIELDS: [(&str, Sectors); 8] = [
    ("蔬菜种植", AGRI | FOOD),
    ("果蔬种植", AGRI | FOOD),
    ("葡萄种植", AGRI | FOOD),
    ("中药材种植", AGRI),
    ("肉羊养殖", AGRI | FOOD),
    ("畜禽养殖", AGRI | FOOD),
    ("农机服务", AGRI),
    ("休闲农业观光", AGRI | SERVICE),
];

/// Shop types of individual businesses (个体工商户): (name part, sector).
pub const SHOP_TYPES: [(&str, Sectors); 36] = [
    ("川菜馆", FOOD),
    ("牛肉面馆", FOOD),
    ("面馆", FOOD),
    ("烧烤店", FOOD),
    ("火锅店", FOOD),
    ("小吃店", FOOD),
    ("麻辣烫店", FOOD),
    ("蛋糕店", FOOD),
    ("粮油店", FOOD),
    ("水果店", FOOD),
    ("副食店", FOOD | RETAIL),
    ("便利店", FOOD | RETAIL),
    ("超市", FOOD | RETAIL),
    ("五金店", RETAIL),
    ("建材店", RETAIL | BUILD),
    ("服装店", RETAIL),
    ("手机店", RETAIL),
    ("汽配店", RETAIL | TRANSPORT),
    ("家电维修部", SERVICE),
    ("理发店", SERVICE),
    ("美容美发店", SERVICE),
    ("洗浴中心", SERVICE),
    ("宾馆", SERVICE),
    ("旅馆", SERVICE),
    ("打字复印部", SERVICE),
    ("洗车行", SERVICE | TRANSPORT),
    ("汽车修理部", TRANSPORT | SERVICE),
    ("货运部", TRANSPORT),
    ("搬家服务部", TRANSPORT | SERVICE),
    ("药店", MEDICAL | RETAIL),
    ("诊所", MEDICAL),
    ("口腔诊所", MEDICAL),
    ("烟花爆竹零售点", CHEM | RETAIL),
    ("液化气供应站", CHEM | ENERGY),
    ("装饰部", BUILD),
    ("门窗加工部", BUILD | MANUF),
];

/// Common surnames, most frequent first.
pub const SURNAMES: [&str; 80] = [
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马",
    "罗", "梁", "宋", "郑", "谢", "韩", "唐", "冯", "于", "董", "萧", "程", "曹", "袁", "邓", "许", "傅", "沈", "曾",
    "彭", "吕", "苏", "卢", "蒋", "蔡", "贾", "丁", "魏", "薛", "叶", "阎", "余", "潘", "杜", "戴", "夏", "钟", "汪",
    "田", "任", "姜", "范", "方", "石", "姚", "谭", "廖", "邹", "熊", "金", "陆", "郝", "孔", "白", "崔", "康", "毛",
    "邱", "秦", "江", "史",
];

const GIVEN_MALE: [&str; 60] = [
    "伟", "强", "磊", "军", "勇", "杰", "涛", "斌", "超", "明", "刚", "平", "辉", "鹏", "华", "飞", "鑫", "波", "宁",
    "健", "建", "国", "俊", "峰", "龙", "海", "亮", "林", "凯", "浩", "文", "博", "宇", "志", "新", "东", "晨", "阳",
    "成", "德", "忠", "振", "兴", "荣", "永", "春", "学", "立", "红", "金", "福", "生", "毅", "洋", "彬", "旭", "昊",
    "泽", "睿", "祥",
];

const GIVEN_FEMALE: [&str; 60] = [
    "芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "燕", "玲", "婷", "雪", "慧", "莉", "萍", "红", "琳", "洁", "梅",
    "倩", "颖", "琴", "云", "晶", "欣", "丹", "璐", "佳", "悦", "蓉", "英", "兰", "凤", "秀", "桂", "春", "月", "瑶",
    "雯", "怡", "婧", "蕾", "薇", "妍", "璇", "菲", "露", "岚", "晓", "宁", "玉", "珍", "翠", "娇", "淑", "爱", "荣",
    "彤", "琪", "涵",
];

/// A person's name, derived from a hash; `male` picks the given-name table.
pub fn person_name(h: u64, male: bool) -> String {
    // Skewed towards the frequent surnames.
    let u = (h & 0xffff) as f64 / 65536.0;
    let surname = SURNAMES[((u * u) * SURNAMES.len() as f64) as usize];
    let given: &[&str] = if male { &GIVEN_MALE } else { &GIVEN_FEMALE };
    let g1 = given[((h >> 16) % given.len() as u64) as usize];
    let mut name = String::with_capacity(12);
    name.push_str(surname);
    name.push_str(g1);
    if (h >> 32) % 10 < 7 {
        let g2 = given[((h >> 40) % given.len() as u64) as usize];
        if g2 != g1 || (h >> 48) & 3 == 0 {
            name.push_str(g2);
        }
    }
    name
}

/// Picks the components of a name from a serial: tier 1 holds the short names,
/// tier 2 (used when tier 1 is exhausted) the longer ones, beyond that a branch
/// suffix keeps names unique.
fn tiered(serial: u64, salt: u64, tier1: u64, tier2: u64) -> (u32, u64) {
    if serial < tier1 {
        (1, scramble(serial, tier1, mix(salt, 1)))
    } else if serial < tier1 + tier2 {
        (2, scramble(serial - tier1, tier2, mix(salt, 2)))
    } else {
        let s = serial - tier1 - tier2;
        (3 + (s / tier2) as u32, scramble(s % tier2, tier2, mix(salt, 3)))
    }
}

fn branch_suffix(out: &mut String, tier: u32) {
    if tier >= 3 {
        out.push_str(&format!("第{}分公司", tier - 1));
    }
}

/// 嘉峪关市雄关宏达建筑工程有限公司: unique per (industry, serial).
pub fn enterprise_name(industry: usize, serial: u64) -> String {
    let (ind, _) = INDUSTRIES[industry];
    let p = ENTERPRISE_PREFIXES.len() as u64;
    let b = BRANDS.len() as u64;
    let f = FORMS.len() as u64;
    let tier1 = p * b * f;
    let tier2 = p * b * (b - 1) * f;
    let (tier, x) = tiered(serial, 0x656e_7400 + industry as u64, tier1, tier2);
    let mut out = String::with_capacity(64);
    let (form, x) = ((x % f) as usize, x / f);
    let (prefix, x) = ((x % p) as usize, x / p);
    out.push_str(ENTERPRISE_PREFIXES[prefix]);
    if tier == 1 {
        out.push_str(BRANDS[x as usize]);
    } else {
        // Two different trade-name words, e.g. 祁连酒钢.
        let first = (x / (b - 1)) as usize;
        let mut second = (x % (b - 1)) as usize;
        if second >= first {
            second += 1;
        }
        out.push_str(BRANDS[first]);
        out.push_str(BRANDS[second]);
    }
    out.push_str(ind);
    out.push_str(FORMS[form]);
    branch_suffix(&mut out, tier);
    out
}

/// 嘉峪关市文殊镇塔湾村紫轩葡萄种植专业合作社: unique per (field, serial).
pub fn coop_name(field: usize, serial: u64) -> String {
    let (kind, _) = COOP_FIELDS[field];
    let v = VILLAGES.len() as u64;
    let b = BRANDS.len() as u64;
    let tier1 = v * b;
    let tier2 = v * b * (b - 1);
    let (tier, x) = tiered(serial, 0x636f_6f70 + field as u64, tier1, tier2);
    let mut out = String::with_capacity(80);
    out.push_str("嘉峪关市");
    out.push_str(VILLAGES[(x % v) as usize]);
    let x = x / v;
    if tier == 1 {
        out.push_str(BRANDS[x as usize]);
    } else {
        let first = (x / (b - 1)) as usize;
        let mut second = (x % (b - 1)) as usize;
        if second >= first {
            second += 1;
        }
        out.push_str(BRANDS[first]);
        out.push_str(BRANDS[second]);
    }
    out.push_str(kind);
    out.push_str("专业合作社");
    if tier >= 3 {
        out.push_str(&format!("第{}分社", tier - 1));
    }
    out
}

/// Number of shop trade names: 小王, 老王 for each surname, then the brands.
const SHOP_BRANDS: u64 = 2 * SURNAMES.len() as u64 + BRANDS.len() as u64;

fn shop_brand(out: &mut String, i: u64) {
    let s = SURNAMES.len() as u64;
    if i < s {
        out.push('小');
        out.push_str(SURNAMES[i as usize]);
    } else if i < 2 * s {
        out.push('老');
        out.push_str(SURNAMES[(i - s) as usize]);
    } else {
        out.push_str(BRANDS[(i - 2 * s) as usize]);
    }
}

/// 镜铁区小王川菜馆, then 长城区胜利路明辉五金店: unique per (shop type, serial).
pub fn shop_name(shop: usize, serial: u64) -> String {
    let (kind, _) = SHOP_TYPES[shop];
    let d = DISTRICTS.len() as u64;
    let st = STREETS.len() as u64;
    let tier1 = d * SHOP_BRANDS;
    let tier2 = d * st * SHOP_BRANDS;
    let (tier, x) = tiered(serial, 0x7368_6f70 + shop as u64, tier1, tier2);
    let mut out = String::with_capacity(64);
    out.push_str(DISTRICTS[(x % d) as usize]);
    let mut x = x / d;
    if tier >= 2 {
        out.push_str(STREETS[(x % st) as usize]);
        x /= st;
    }
    shop_brand(&mut out, x);
    out.push_str(kind);
    if tier >= 3 {
        out.push_str(&format!("（{}店）", tier - 1));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn names_are_unique_per_class_and_kind() {
        for p in ENTERPRISE_PREFIXES {
            for q in ENTERPRISE_PREFIXES
                .iter()
                .filter(|q| q.len() > p.len() && q.starts_with(p))
            {
                let tail = &q[p.len()..];
                assert!(!BRANDS.iter().any(|b| tail.starts_with(b)), "{q} = {p} + a trade name");
            }
        }
        let mut seen = HashSet::new();
        for s in 0..60_000u64 {
            assert!(seen.insert(enterprise_name(0, s)), "enterprise {s}");
            assert!(seen.insert(shop_name(3, s)), "shop {s}");
            assert!(seen.insert(coop_name(2, s)), "coop {s}");
        }
        assert!(
            enterprise_name(0, 5).ends_with("建筑工程有限公司")
                || enterprise_name(0, 5).ends_with("建筑工程有限责任公司")
        );
    }

    #[test]
    fn person_names_have_two_or_three_characters() {
        for h in 0..5_000u64 {
            let n = person_name(mix(h, 9), h % 2 == 0);
            let len = n.chars().count();
            assert!((2..=3).contains(&len), "{n}");
        }
    }
}
