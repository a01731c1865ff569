//! Tests of the number scanner: a table of forms and non-quantities, real
//! sentences from `tests/corpus`, spans, base values, `Dec`, a no-panic
//! property test and a throughput print.

use super::*;
use crate::script::fold;
use proptest::prelude::*;

use NumKind::{
    Fraction as FR, Multiple as MU, Percent as PC, PercentPoint as PP, Permille as PM, Plain as PL,
};

/// Expected quantity: (value, value_max or "", unit or "", kind, approx or "").
type Exp = (
    &'static str,
    &'static str,
    &'static str,
    NumKind,
    &'static str,
);

/// One quantity as the table writes it.
fn brief(q: &Quantity) -> (String, String, String, NumKind, String) {
    (
        q.value.to_string(),
        q.value_max.map(|d| d.to_string()).unwrap_or_default(),
        q.unit.map(|u| u.text()).unwrap_or_default(),
        q.kind,
        q.approx.map(str::to_string).unwrap_or_default(),
    )
}

/// Scans the folded `input` and compares with `want`: `None` when they
/// agree, else a report.
fn mismatch(input: &str, want: &[Exp]) -> Option<String> {
    let got: Vec<_> = scan(&fold(input)).iter().map(brief).collect();
    let want: Vec<_> = want
        .iter()
        .map(|&(v, m, u, k, a)| {
            (
                v.to_string(),
                m.to_string(),
                u.to_string(),
                k,
                a.to_string(),
            )
        })
        .collect();
    (got != want).then(|| format!("{input}\n   got:  {got:?}\n   want: {want:?}"))
}

/// Checks a table, reporting every mismatch at once.
fn check_all<'a>(cases: impl IntoIterator<Item = (&'a str, &'a [Exp])>) {
    let bad: Vec<String> = cases
        .into_iter()
        .filter_map(|(i, w)| mismatch(i, w))
        .collect();
    assert!(
        bad.is_empty(),
        "{} mismatches:\n{}",
        bad.len(),
        bad.join("\n")
    );
}

/// The text of a char span.
fn slice(s: &str, (a, b): (usize, usize)) -> String {
    s.chars().skip(a).take(b - a).collect()
}

/// Forms a quantity takes: (input, expected quantities).
static FORMS: &[(&str, &[Exp])] = &[
    // Magnitude words belong to the unit.
    ("预计地区生产总值950亿元。", &[("950", "", "亿元", PL, "")]),
    ("惠及居民1.8万人", &[("1.8", "", "万人", PL, "")]),
    (
        "完成征收拆迁57.4万平方米",
        &[("57.4", "", "万平方米", PL, "")],
    ),
    ("实际利用外资4.6亿美元", &[("4.6", "", "亿美元", PL, "")]),
    ("接种疫苗190万剂次", &[("190", "", "万剂次", PL, "")]),
    ("吸引2万名大学生", &[("2", "", "万名", PL, "")]),
    ("办理群众诉求12万件", &[("12", "", "万件", PL, "")]),
    ("总量达1.2万亿元", &[("1.2", "", "万亿元", PL, "")]),
    ("存贷款规模超1.2万亿,", &[("1.2", "", "万亿", PL, "")]),
    ("常住人口13万2,", &[("13.2", "", "万", PL, "")]),
    ("兑现总部企业奖励700万元", &[("700", "", "万元", PL, "")]),
    ("引进外资3千万美元", &[("3", "", "千万美元", PL, "")]),
    ("新增装机5万千瓦", &[("5", "", "万千瓦", PL, "")]),
    ("集装箱吞吐量120万标箱", &[("120", "", "万标箱", PL, "")]),
    ("建设绿道5千米", &[("5", "", "千米", PL, "")]),
    ("新增光伏装机2GW", &[("2", "", "GW", PL, "")]),
    ("吞吐量300万TEU", &[("300", "", "万TEU", PL, "")]),
    ("惠及5万家庭", &[("5", "", "万", PL, "")]),
    ("培训10万人次", &[("10", "", "万人次", PL, "")]),
    ("粮食产量2.5万吨", &[("2.5", "", "万吨", PL, "")]),
    ("完成造林1.2万亩", &[("1.2", "", "万亩", PL, "")]),
    // Chinese numerals are computed.
    (
        "地区生产总值迈上千亿元台阶",
        &[("1000", "", "亿元", PL, "")],
    ),
    ("投入三千万元", &[("3000", "", "万元", PL, "")]),
    ("建成十一个", &[("11", "", "个", PL, "")]),
    ("招聘一千二百人", &[("1200", "", "人", PL, "")]),
    ("新建两个", &[("2", "", "个", PL, "")]),
    ("吸纳二十万人", &[("20", "", "万人", PL, "")]),
    ("扶持一百零五家", &[("105", "", "家", PL, "")]),
    ("投资一亿五千万元", &[("15000", "", "万元", PL, "")]),
    ("安置三万五千人", &[("35000", "", "人", PL, "")]),
    ("安置一千二人", &[("1200", "", "人", PL, "")]),
    ("装机十万千瓦", &[("10", "", "万千瓦", PL, "")]),
    ("投资一点五亿元", &[("1.5", "", "亿元", PL, "")]),
    ("新建二十点五公里", &[("20.5", "", "公里", PL, "")]),
    ("实施三年行动", &[("3", "", "年", PL, "")]),
    ("建成二〇个", &[]),
    // Percentages, multiples, fractions.
    ("增长5%", &[("5", "", "%", PC, "")]),
    ("降低百分之五", &[("5", "", "%", PC, "")]),
    ("降低百分之一点五七", &[("1.57", "", "%", PC, "")]),
    ("覆盖率达到百分之百", &[("100", "", "%", PC, "")]),
    ("提高5个百分点", &[("5", "", "个百分点", PP, "")]),
    ("下降0.5个百分点", &[("0.5", "", "个百分点", PP, "")]),
    ("提高2百分点", &[("2", "", "百分点", PP, "")]),
    ("提高一个百分点", &[("1", "", "个百分点", PP, "")]),
    ("自然增长率0.5‰", &[("0.5", "", "‰", PM, "")]),
    ("控制在千分之五", &[("5", "", "‰", PM, "")]),
    ("增长2倍", &[("2", "", "倍", MU, "")]),
    ("是2011年的1.8倍", &[("1.8", "", "倍", MU, "")]),
    ("增长一倍", &[("1", "", "倍", MU, "")]),
    ("力争翻一番", &[("2", "", "倍", MU, "")]),
    ("实现翻两番", &[("4", "", "倍", MU, "")]),
    ("收入力争翻番", &[("2", "", "倍", MU, "")]),
    ("总量翻了一番", &[("2", "", "倍", MU, "")]),
    ("达到中心城区的三分之一。", &[("0.3333", "", "", FR, "")]),
    ("五分之二", &[("0.4", "", "", FR, "")]),
    ("三分之二", &[("0.6667", "", "", FR, "")]),
    ("二分之一", &[("0.5", "", "", FR, "")]),
    ("万分之三", &[("0.0003", "", "", FR, "")]),
    ("同比增长-2.1%", &[("-2.1", "", "%", PC, "")]),
    // Arabic forms.
    ("引进人才1,200人", &[("1200", "", "人", PL, "")]),
    ("投资12,345,678元", &[("12345678", "", "元", PL, "")]),
    (
        "增长8%,完成100家",
        &[("8", "", "%", PC, ""), ("100", "", "家", PL, "")],
    ),
    ("增长７．５％", &[("7.5", "", "%", PC, "")]),
    ("增長１２．５％，", &[("12.5", "", "%", PC, "")]),
    // Ranges.
    ("增长6%—6.5%", &[("6", "6.5", "%", PC, "")]),
    ("增长6%-6.5%", &[("6", "6.5", "%", PC, "")]),
    ("增长6-6.5%", &[("6", "6.5", "%", PC, "")]),
    ("增长6%～6.5%", &[("6", "6.5", "%", PC, "")]),
    ("增长6%~6.5%", &[("6", "6.5", "%", PC, "")]),
    ("增长6至6.5%", &[("6", "6.5", "%", PC, "")]),
    ("新增两到三万", &[("2", "3", "万", PL, "")]),
    ("建设两三个", &[("2", "3", "个", PL, "")]),
    ("引进三五家", &[("3", "5", "家", PL, "")]),
    ("打造完整社区1-2个", &[("1", "2", "个", PL, "")]),
    ("吸纳3万-5万人", &[("3", "5", "万人", PL, "")]),
    ("建设七八十个", &[("70", "80", "个", PL, "")]),
    ("用三至五年", &[("3", "5", "年", PL, "")]),
    ("增长5%到2025年", &[("5", "", "%", PC, "")]),
    (
        "5000万至1亿元",
        &[("5000", "", "万", PL, ""), ("1", "", "亿元", PL, "")],
    ),
    ("约3-5个", &[("3", "5", "个", PL, "约")]),
    ("增长5%-6%左右", &[("5", "6", "%", PC, "左右")]),
    ("一两个", &[("1", "2", "个", PL, "")]),
    // Approximations.
    ("约100亿元", &[("100", "", "亿元", PL, "约")]),
    ("建设应用场景近百个", &[("100", "", "个", PL, "近")]),
    ("逾千家", &[("1000", "", "家", PL, "逾")]),
    ("100多家", &[("100", "", "家", PL, "多")]),
    ("案件1300余起", &[("1300", "", "起", PL, "余")]),
    ("吸纳2万余人", &[("2", "", "万人", PL, "余")]),
    ("增长5%左右", &[("5", "", "%", PC, "左右")]),
    ("追回报酬4500余万元", &[("4500", "", "万元", PL, "余")]),
    ("吸纳二十余万人", &[("20", "", "万人", PL, "余")]),
    ("百余家", &[("100", "", "家", PL, "余")]),
    ("近万人", &[("1", "", "万人", PL, "近")]),
    ("用了3个多月", &[("3", "", "个月", PL, "多")]),
    ("10多亿元", &[("10", "", "亿元", PL, "多")]),
    ("对接金额逾93.3亿元", &[("93.3", "", "亿元", PL, "逾")]),
    ("约百分之五左右", &[("5", "", "%", PC, "约")]),
    ("约三分之一", &[("0.3333", "", "", FR, "约")]),
    ("成功签约23个项目", &[("23", "", "个", PL, "")]),
    ("十余个", &[("10", "", "个", PL, "余")]),
    ("千余人", &[("1000", "", "人", PL, "余")]),
    ("GDP增长7%", &[("7", "", "%", PC, "")]),
    ("GDP7.5%", &[("7.5", "", "%", PC, "")]),
    ("节约10%", &[("10", "", "%", PC, "")]),
    ("增长5%以上", &[("5", "", "%", PC, "")]),
    ("不低于7%", &[("7", "", "%", PC, "")]),
    // Counts of all kinds.
    ("连续2年", &[("2", "", "年", PL, "")]),
    ("启动9个月", &[("9", "", "个月", PL, "")]),
    ("培训两期,", &[("2", "", "期", PL, "")]),
    ("缩减到5个工作日", &[("5", "", "个工作日", PL, "")]),
    ("建设20年一遇堤防", &[("20", "", "年一遇", PL, "")]),
    ("新增床位1880张", &[("1880", "", "张", PL, "")]),
    ("24小时", &[("24", "", "小时", PL, "")]),
    ("15分钟生活圈", &[("15", "", "分钟", PL, "")]),
    ("安装路灯1312盏", &[("1312", "", "盏", PL, "")]),
    ("放款2714笔", &[("2714", "", "笔", PL, "")]),
    ("建设充电桩2012根", &[("2012", "", "根", PL, "")]),
    ("建成1000周年", &[("1000", "", "周年", PL, "")]),
];

/// Things that are not quantities.
static NAMES: &[&str] = &[
    "2022年",
    "二〇二三年工作意见",
    "2022年12月",
    "12月24日召开",
    "24日召开的会议",
    "524日和7 6日",
    "20221228在区",
    "2022-12-29 13:50",
    "2022.12.29",
    "两会",
    "一核两翼",
    "十三五以来最高",
    "“十四五”规划",
    "地铁5号线、12号线",
    "地铁3号",
    "第十六届人民代表大会第三十八次会议",
    "十五届五次会议",
    "区十五届人民代表大会",
    "第十二次党代会",
    "排名第1",
    "排名第2位",
    "第一批",
    "一是稳增长,二是促改革",
    "世界500强企业",
    "引进三类500企业",
    "5G基站",
    "PM2.5浓度",
    "1+5+122导师帮带制",
    "3+N模式",
    "K11广场",
    "倒口湖A6地块",
    "W2地块、E1地块",
    "电话027-88888888",
    "行政审批3.0改革",
    "1.2.3版本",
    "〔2021〕5号",
    "一批项目",
    "进一步优化",
    "一流营商环境",
    "统一部署",
    "全省唯一",
    "一体化",
    "一网通办",
    "一站式服务",
    "三是",
    "1-6月",
    "两个确立",
    "两个维护",
    "四个意识",
    "四个自信",
    "落实“五个中心”建设",
    "落实五个中心”建设",
    "中央八项规定精神",
    "五位一体",
    "两个一百年",
    "一年来",
    "三次产业",
    "一起",
    "一次性",
    "一度",
    "一张蓝图",
    "千家万户",
    "千方百计",
    "百年大计",
    "千万不能",
    "百万",
    "65中北片",
    "三番五次",
    "保持年均两位数增长",
    "二次供水",
    "一期工程",
    "11号线三期",
    "统一规划",
    "每千人口",
    "四个意识、四个自信",
    "“五证合一”",
    "增长",
    "建设了",
    "党的十九届五中全会",
    "一次会议",
    "3D打印",
    "4K电视",
    "建成一个中心",
    "十",
    "三",
];

/// Real sentences from `tests/corpus` (traditional ones are folded by `check`).
static CORPUS: &[(&str, &[Exp])] = &[
    (
        "完成全社会固定资产投资340亿元、十三五以来最高,开竣工面积超过200万平方米",
        &[("340", "", "亿元", PL, ""), ("200", "", "万平方米", PL, "")],
    ),
    (
        "新登记市场主体1.75万户,新增四上企业133家,个改企”1391家。",
        &[("1.75", "", "万户", PL, ""), ("133", "", "家", PL, ""), ("1391", "", "家", PL, "")],
    ),
    (
        "挂牌供地10宗、558亩,成交金额达到中心城区的三分之一。",
        &[("10", "", "宗", PL, ""), ("558", "", "亩", PL, ""), ("0.3333", "", "", FR, "")],
    ),
    (
        "轻机公客厂片启动9个月达到挂牌条件,地铁12号线率先交付施工断面,全区涉征收信访诉讼率下降30%以上。",
        &[("9", "", "个月", PL, ""), ("30", "", "%", PC, "")],
    ),
    (
        "建设应用场景近百个,数字经济规上企业达到100家。",
        &[("100", "", "个", PL, "近"), ("100", "", "家", PL, "")],
    ),
    (
        "引进三类500企业和项目3个,30亿元以上现代服务业项目2个、重点企业45。",
        &[("3", "", "个", PL, ""), ("30", "", "亿元", PL, ""), ("2", "", "个", PL, "")],
    ),
    ("新增恒隆广场、K11 ATELIER2栋税收亿元楼宇。", &[]),
    (
        "——全年全社会固定资产投资预期目标300亿元。上半年固定资产投资完成190.59亿元,达到目标的63.53%,同比增长85.03%,较2019年同期增长4.71%。",
        &[
            ("300", "", "亿元", PL, ""),
            ("190.59", "", "亿元", PL, ""),
            ("63.53", "", "%", PC, ""),
            ("85.03", "", "%", PC, ""),
            ("4.71", "", "%", PC, ""),
        ],
    ),
    (
        "加快推进“新基建”,完成5G宏站建设72个、疑难站建设22个。",
        &[("72", "", "个", PL, ""), ("22", "", "个", PL, "")],
    ),
    ("专场招聘会3场,吸引1万余名大学生留汉。", &[("3", "", "场", PL, ""), ("1", "", "万名", PL, "余")]),
    ("子女入学、疫苗接种等服务事项20余次。", &[("20", "", "次", PL, "余")]),
    ("上半年全区金融机构人民币存贷款规模超1.74万亿。", &[("1.74", "", "万亿", PL, "")]),
    ("起草印发《关于落实“五个中心”建设 构建高质量现代化产业体系的实施意见》(武昌发〔2021〕5号)", &[]),
    (
        "地区生产总值增长7.5%,服务业增加值增长8%,社会消费品零售总额增长8%,固定资产投资增长15%,地方一般公共预算收入不低于上年预计执行数",
        &[("7.5", "", "%", PC, ""), ("8", "", "%", PC, ""), ("8", "", "%", PC, ""), ("15", "", "%", PC, "")],
    ),
    (
        "全年新增总部型企业10家以上;全年建成高端商务楼宇8栋,新增5亿元楼宇2栋。",
        &[("10", "", "家", PL, ""), ("8", "", "栋", PL, ""), ("5", "", "亿元", PL, ""), ("2", "", "栋", PL, "")],
    ),
    ("深刻领悟两个确立的决定性意义,进一步增强四个意识、坚定四个自信、做到两个维护。", &[]),
    (
        "打造中南、中北、徐东三个核心商圈和武昌古城、滨江两个特色商业带",
        &[("3", "", "个", PL, ""), ("2", "", "个", PL, "")],
    ),
    (
        "113家企业实现税收过亿元、过千万元。",
        &[("113", "", "家", PL, ""), ("1", "", "亿元", PL, ""), ("1000", "", "万元", PL, "")],
    ),
    ("开展社区赋能培训两期,培训人数约160人次。", &[("2", "", "期", PL, ""), ("160", "", "人次", PL, "约")]),
    ("五年新增市場主體近5萬戶,其中注冊資本", &[("5", "", "年", PL, ""), ("5", "", "万户", PL, "近")]),
    ("市委、市政府擬用3年左右時間", &[("3", "", "年", PL, "左右")]),
    ("嚴格落實中央八項規定及其實施細則精神", &[]),
    (
        "為6.5公里主次幹道、61個老舊小區更換路燈913套",
        &[("6.5", "", "公里", PL, ""), ("61", "", "个", PL, ""), ("913", "", "套", PL, "")],
    ),
    ("剔除留抵退税,地方一般公共预算收入68亿元、增长4.3%。", &[("68", "", "亿元", PL, ""), ("4.3", "", "%", PC, "")]),
    ("——2021年8月27日在武汉市武昌区第十五届人大常委会第三十八次会议上", &[]),
    ("发布时间:2022-12-29 13:50", &[]),
    ("——20221228在区第十届人民代表大会第次会议上", &[]),
    ("二〇二二年工作回顾", &[]),
    ("总值每年跨越一个百亿元台阶,预计2016年达到1010亿元", &[("100", "", "亿元", PL, ""), ("1010", "", "亿元", PL, "")]),
    ("財政總收入205億元,是2011年的2倍;", &[("205", "", "亿元", PL, ""), ("2", "", "倍", MU, "")]),
    ("为劳动者追回报酬4500余万元。", &[("4500", "", "万元", PL, "余")]),
    ("地方一般公共预算收入力争翻番,率先全面建成", &[("2", "", "倍", MU, "")]),
    ("强化财源建设五控一引19家、113家企业", &[("19", "", "家", PL, ""), ("113", "", "家", PL, "")]),
    ("社保三险新增参保1.9万人", &[("1.9", "", "万人", PL, "")]),
    ("招商、创新、人才3十条", &[]),
    ("构建、社会力量三位一体招商模式", &[]),
    ("把握五个坚持,实现五个提升", &[]),
    ("裸地三尘共治PM2.5PM10分别下降5.9%10.6%", &[("5.9", "", "%", PC, ""), ("10.6", "", "%", PC, "")]),
    ("合法性审查率达到100%146个行政执法", &[("100", "", "%", PC, ""), ("146", "", "个", PL, "")]),
    ("完成万吨冷库W2地块、临江大道76号等4宗土地出让", &[("4", "", "宗", PL, "")]),
    ("平均办件时限由23个工作日缩减到5个工作日以内", &[("23", "", "个工作日", PL, ""), ("5", "", "个工作日", PL, "")]),
];

#[test]
fn forms() {
    check_all(FORMS.iter().map(|&(i, w)| (i, w)));
}

#[test]
fn names_are_not_quantities() {
    check_all(NAMES.iter().map(|&i| (i, &[][..])));
}

#[test]
fn corpus_sentences() {
    check_all(CORPUS.iter().map(|&(i, w)| (i, w)));
}

#[test]
fn at_least_a_hundred_cases() {
    assert!(FORMS.len() + NAMES.len() + CORPUS.len() >= 100);
}

#[test]
fn spans() {
    // (input, span, num_span, unit_span or "")
    let cases: &[(&str, &str, &str, &str)] = &[
        ("总额约100亿元以上", "约100亿元", "100", "亿元"),
        ("吸纳2万余人。", "2万余人", "2", "万余人"),
        ("百分之五左右", "百分之五左右", "五", "百分之"),
        ("增长6%—6.5%。", "6%—6.5%", "6%—6.5", "%"),
        ("投入三千万元", "三千万元", "三千", "万元"),
        ("近万人", "近万人", "万", "万人"),
        ("常住人口13万2,", "13万2", "13万2", "万"),
        ("成交额的三分之一以上", "三分之一", "三分之一", ""),
        ("力争翻一番", "翻一番", "一", "翻一番"),
        ("增长5%左右", "5%左右", "5", "%"),
        ("100多家", "100多家", "100", "家"),
        ("两三个", "两三个", "两三", "个"),
        ("两到三万", "两到三万", "两到三", "万"),
        ("同比增长-2.1%", "-2.1%", "-2.1", "%"),
    ];
    for &(input, span, num, unit) in cases {
        let qs = scan(input);
        assert_eq!(qs.len(), 1, "{input}: {qs:?}");
        let q = &qs[0];
        assert_eq!(slice(input, q.span), span, "{input}");
        assert_eq!(slice(input, q.num_span), num, "{input}");
        assert_eq!(
            q.unit_span.map(|u| slice(input, u)).unwrap_or_default(),
            unit,
            "{input}"
        );
    }
    // Offsets are in chars, not bytes.
    let q = &scan("增长5%")[0];
    assert_eq!(
        (q.span, q.num_span, q.unit_span),
        ((2, 4), (2, 3), Some((3, 4)))
    );
}

#[test]
fn base_values() {
    let cases: &[(&str, Option<(f64, &str)>)] = &[
        ("950亿元", Some((9.5e10, "元"))),
        ("1.8万人", Some((18000.0, "人"))),
        ("120万平方米", Some((1_200_000.0, "平方米"))),
        ("1.2万亿", Some((1.2e12, ""))),
        ("三千万元", Some((3e7, "元"))),
        ("3千万美元", Some((3e7, "美元"))),
        ("190万剂次", Some((1_900_000.0, "剂次"))),
        ("千亿元", Some((1e11, "元"))),
        ("5%", None),
        ("12个", None),
    ];
    for &(input, want) in cases {
        let qs = scan(input);
        assert_eq!(qs.len(), 1, "{input}");
        assert_eq!(qs[0].base, want, "{input}");
    }
}

#[test]
fn dec_formats_and_converts_exactly() {
    let d = |m, s| Dec {
        mantissa: m,
        scale: s,
    };
    assert_eq!(d(157, 2).to_string(), "1.57");
    assert_eq!(d(1000, 0).to_string(), "1000");
    assert_eq!(d(3333, 4).to_string(), "0.3333");
    assert_eq!(d(5, 2).to_string(), "0.05");
    assert_eq!(d(-21, 1).to_string(), "-2.1");
    assert_eq!(d(-5, 2).to_string(), "-0.05");
    assert_eq!(Dec::from_int(42), d(42, 0));
    assert_eq!(d(157, 2).to_f64(), 1.57);
    assert_eq!(d(157, 2).to_f64().to_string(), "1.57");
    assert!((d(i128::MAX, 30).to_f64() - 170_141_183.460_469_2).abs() < 1e-6);
    // The value of 百分之一点五七 is exactly 1.57.
    let q = &scan("百分之一点五七")[0];
    assert_eq!(q.value, d(157, 2));
    assert_eq!(q.value.to_f64().to_string(), "1.57");
    // Scanned values are normalised.
    assert_eq!(scan("增长1.50%")[0].value, d(15, 1));
    assert_eq!(scan("1.0倍")[0].value, d(1, 0));
}

/// The invariants every result keeps: spans in range, in order, without
/// overlaps, the number and unit inside the quantity.
fn assert_well_formed(s: &str, qs: &[Quantity]) {
    let n = s.chars().count();
    let mut last = 0;
    for q in qs {
        let (a, b) = q.span;
        assert!(
            a >= last && a < b && b <= n,
            "span {:?} of {n} in {s:?}",
            q.span
        );
        let (na, nb) = q.num_span;
        assert!(
            a <= na && na < nb && nb <= b,
            "num_span {:?} in {s:?}",
            q.num_span
        );
        if let Some((ua, ub)) = q.unit_span {
            assert!(
                a <= ua && ua < ub && ub <= b,
                "unit_span {:?} in {s:?}",
                q.unit_span
            );
        }
        assert_eq!(q.unit.is_none(), q.kind == NumKind::Fraction, "{s:?}");
        if let Some(m) = q.value_max {
            assert!(m.to_f64() > q.value.to_f64(), "{s:?}");
        }
        last = b;
    }
}

/// Chars that make numbers, units, approximations and names.
const ALPHABET: &[char] = &[
    '0', '1', '2', '5', '9', '.', ',', '%', '‰', '-', '—', '~', '+', ':', '/', '一', '二', '两',
    '三', '五', '九', '十', '百', '千', '万', '亿', '〇', '零', '点', '分', '之', '个', '百', '元',
    '人', '年', '月', '日', '次', '届', '期', '第', '约', '近', '逾', '多', '余', '左', '右', '翻',
    '番', '了', '至', '到', '倍', '家', '平', '方', '米', '公', '里', '“', '”', '、', '。', 'A',
    'G', 'K', 'T', 'E', 'U', 'W', ' ', '\n', '意', '识', '强', '号', '线',
];

proptest! {
    #[test]
    fn never_panics_on_arbitrary_strings(s in "\\PC{0,200}") {
        let qs = scan(&s);
        assert_well_formed(&s, &qs);
    }

    #[test]
    fn never_panics_on_number_soup(v in proptest::collection::vec(0..ALPHABET.len(), 0..120)) {
        let s: String = v.into_iter().map(|i| ALPHABET[i]).collect();
        let qs = scan(&s);
        assert_well_formed(&s, &qs);
    }
}

#[test]
fn never_panics_on_long_runs_and_soup() {
    // Deterministic soup (xorshift), many more strings than proptest tries.
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    for _ in 0..20_000 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let len = (x % 60) as usize;
        let s: String = (0..len)
            .map(|k| {
                let r =
                    x.rotate_left(k as u32 * 7) ^ (k as u64).wrapping_mul(0x2545_F491_4F6C_DD1D);
                ALPHABET[(r % ALPHABET.len() as u64) as usize]
            })
            .collect();
        assert_well_formed(&s, &scan(&s));
    }
    // Long runs: digits, Chinese numerals, separators, magnitudes.
    for unit in [
        "9", "九", "万", "亿", "1,", "1.", "十", "一二", "两三", "-1", "%",
    ] {
        let s = unit.repeat(5000) + "元";
        assert_well_formed(&s, &scan(&s));
    }
    let huge = "9".repeat(40) + "亿元";
    assert!(scan(&huge).is_empty());
    let big = "99999999999999999999".to_string() + "万亿元";
    assert_well_formed(&big, &scan(&big));
    assert_eq!(scan("九千九百九十九万亿亿亿亿亿元").len(), 0);
}

/// The corpus, folded, one string.
fn corpus() -> String {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus");
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    names.sort();
    let mut all = String::new();
    for p in names {
        if p.extension().is_some_and(|x| x == "txt") {
            all.push_str(&fold(&std::fs::read_to_string(&p).unwrap_or_default()));
            all.push('\n');
        }
    }
    all
}

#[test]
fn corpus_results_are_well_formed() {
    let text = corpus();
    let qs = scan(&text);
    assert_well_formed(&text, &qs);
    assert!(qs.len() > 500, "{}", qs.len());
}

#[test]
fn throughput() {
    let one = corpus();
    let reps = (8 << 20) / one.len().max(1) + 1;
    let text = one.repeat(reps);
    let start = std::time::Instant::now();
    let n = scan(&text).len();
    let secs = start.elapsed().as_secs_f64();
    let mb = text.len() as f64 / 1e6;
    println!(
        "numbers::scan: {mb:.1} MB, {n} quantities in {secs:.3} s = {:.1} MB/s",
        mb / secs.max(1e-9)
    );
}

/// The fast path of `Dec::to_f64` gives the f64 that parsing the decimal
/// gives, for mantissas and scales around its limits.
#[test]
fn to_f64_matches_parsing_the_decimal() {
    let mut mantissas: Vec<i128> = vec![0, 1, 3, 7, 157, 333_333, 1 << 53, (1 << 53) + 1];
    let mut x: i128 = 1;
    for _ in 0..40 {
        x = x
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407)
            % (1 << 60);
        mantissas.push(x.abs() % (1 << 54));
        mantissas.push(x.abs() % 100_000);
    }
    for m in mantissas {
        for m in [m, -m] {
            for scale in 0..26 {
                let d = Dec { mantissa: m, scale };
                let want: f64 = d.to_string().parse().unwrap_or(f64::NAN);
                assert_eq!(d.to_f64().to_bits(), want.to_bits(), "{d}");
            }
        }
    }
}
