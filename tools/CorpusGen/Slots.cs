namespace GridLine.Tools.CorpusGen;

/// <summary>Slot fillers for templates: places, times, people, pleas — the vocabulary residents actually use.</summary>
/// <param name="cycle">Topic vocabularies are dealt in turn instead of drawn at random, so that every word of every list occurs once a
/// slot has been filled often enough (the second widening's stream: lexicon words taken from these lists must occur in train/validation).</param>
internal sealed class Slots(Random random, bool cycle = false)
{
    private readonly Dictionary<string[], int> _dealt = new(ReferenceEqualityComparer.Instance);

    private static readonly string[] Cn = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
    private static readonly string[] Places = ["小区门口", "菜市场门口", "幼儿园旁边", "公交站那", "小广场", "健身器材那边", "篮球场", "垃圾站旁边",
        "中心花园", "老年活动中心门口", "小区主干道", "东门外", "南门口", "学校门口", "超市后面", "停车场", "凉亭那边", "河边步道", "西门"];
    private static readonly string[] Times = ["", "", "昨天晚上", "三天了", "一直", "每天早上", "好几天了", "半个月了", "今天早上", "晚上十点多",
        "凌晨两点", "这几天", "一个星期了", "天天", "老是", "一个多月了", "前天", "最近", "每天晚上", "两周了"];
    private static readonly string[] Times2 = ["明天", "本周三", "下周一", "周六"];
    private static readonly string[] Who = ["楼上", "楼下", "隔壁", "对门", "楼上那家", "隔壁那户", "楼下邻居", "对面楼的"];
    private static readonly string[] Addr = ["", "", "", "", "网格员 ", "王姐 ", "李哥 ", "网格长 ", "社区 ", "管家 ", "各位领导 ", "张书记 ", "小刘 "];
    private static readonly string[] Plea = ["", "", " 麻烦处理下", " 麻烦管一下", " 有没有人管管", " 能不能来看看", " 赶紧弄一下吧", " 帮忙协调一下",
        " 麻烦派人来看看", " 求处理", " 到底有没有人管", " 请尽快处理", " 谢谢", " 急"];
    private static readonly string[] Angry = ["", " 太过分了", " 受不了了", " 烦死了", " 真的服了", " 气死人了", " 能不能管管", " 😡", " 🤬"];
    private static readonly string[] PetPlea = ["帮我反映一下", "能不能帮我代办信访", "想请网格员帮忙往上反映", "求帮忙代办", "麻烦帮我们反映到街道",
        "能帮我们写个材料递上去吗", "该找谁啊 帮帮我们", "想走信访 麻烦帮我登记"];
    private static readonly string[] Companies = ["建筑公司", "装修队", "工地", "物流公司", "饭店", "厂里", "劳务公司", "包工头", "保洁公司", "快递站"];
    private static readonly string[] Months = ["三个月", "半年", "两个月", "一年多", "八个月", "四个多月"];
    private static readonly string[] Money = ["两万多", "8000多", "一万五", "三万", "六千", "一万二"];
    private static readonly string[] Kids = ["孩子", "我家孩子", "小孩", "我闺女", "我儿子", "我孙子"];
    private static readonly string[] Docs = ["身份证", "居住证", "户口本", "社保卡", "医保卡", "老年证", "残疾证", "无犯罪证明", "出生证明"];

    // Topic vocabulary for the templates in templates-train.txt (added after the held-out split was frozen; the original
    // templates never use these slots, so their rows — and heldout.jsonl — are unchanged). Written breadth-first per category
    // from everyday usage and the seed situations, not from held-out rows.
    private static readonly string[] Lamps = ["路灯", "楼道灯", "声控灯", "感应灯", "楼梯灯", "庭院灯", "景观灯", "车库的灯", "单元门口的灯", "灯管",
        "太阳能路灯", "高杆灯", "应急灯", "楼道的照明灯", "路边的灯", "广场上的灯",
        "地灯", "壁灯", "门灯", "走廊灯", "过道灯", "照明灯", "路口的灯", "车棚的灯", "球场的灯", "射灯", "亮化灯", "节能灯", "LED灯", "电梯里的灯", "灯杆", "灯头"];
    private static readonly string[] NoiseSources = ["电钻", "冲击钻", "切割机", "广场舞音响", "麻将声", "空调外机", "水泵", "排风机", "唱K的", "汽车鸣笛",
        "摩托车轰油门", "练钢琴的", "拖桌子椅子", "洗衣机甩干", "变压器嗡嗡", "酒吧的音乐", "打桩机", "搬运货物", "高跟鞋咚咚", "装修敲墙",
        "喊麦的", "吹唢呐的", "敲锣打鼓", "挖掘机", "搅拌机", "电锯", "发电机", "冷却塔", "风机", "低音炮", "音箱", "拍皮球", "跳绳", "卸货的", "吵架声", "唱戏的", "拉二胡的", "大货车", "油烟机马达", "KTV"];
    private static readonly string[] Vehicles = ["私家车", "电动车", "三轮车", "货车", "面包车", "摩托车", "共享单车", "外卖电动车", "渣土车", "快递三轮",
        "大客车", "报废车", "旧自行车", "外来车辆",
        "越野车", "出租车", "网约车", "房车", "老年代步车", "电动三轮", "自行车", "水泥罐车", "工程车", "送货车", "叉车", "落满灰的旧车"];
    private static readonly string[] Trash = ["生活垃圾", "建筑垃圾", "装修垃圾", "厨余垃圾", "大件垃圾", "旧沙发旧家具", "落叶", "死老鼠", "烟头纸屑",
        "小广告", "塑料袋", "快递盒子", "剩饭剩菜", "枯树枝", "碎玻璃",
        "垃圾袋", "烂菜叶", "臭鱼烂虾", "猫砂", "尿不湿", "纸壳子", "泡沫箱", "包装盒", "狗粪", "鸟粪", "渣土", "油污", "废旧轮胎", "破床垫", "发霉的食物"];
    private static readonly string[] Hazards = ["楼道里堆的纸箱子", "飞线充电", "电动车进楼", "私拉的电线", "煤气罐", "松动的广告牌", "破损的井盖",
        "掉落的外墙皮", "歪了的电线杆", "裸露的电线", "没盖的窨井", "堵死的安全出口", "坏掉的消防栓", "过期的灭火器", "松动的空调架", "晃动的防盗窗",
        "马蜂窝", "漏电的配电箱", "电表箱", "燃气管道", "液化气罐", "锂电池", "结冰的路面", "没有护栏的水塘", "施工围挡", "脚手架", "塔吊", "空调外机支架", "阳台外沿的花盆", "冰溜子", "锁死的消防门", "烟感报警器", "私接的燃气管", "大功率电器", "裂缝的挡土墙", "松动的楼梯扶手"];
    private static readonly string[] Facilities = ["电梯", "健身器材", "单元门", "门禁", "信报箱", "休息座椅", "凉亭", "路面", "台阶扶手", "无障碍通道",
        "雨水篦子", "快递柜", "晾衣架", "儿童滑梯", "公厕", "自行车棚", "篮球架", "宣传栏", "人行道砖", "楼道窗户",
        "公交站牌", "楼梯扶手", "单元门锁", "楼宇对讲", "休闲长椅", "廊架", "儿童乐园", "乒乓球台", "羽毛球场", "健身步道", "充电桩", "公共卫生间", "直饮水机", "路沿石", "台阶", "路牌", "门牌", "楼牌", "雨棚", "电梯按钮", "电梯门", "下水井盖板"];
    private static readonly string[] PropertyThings = ["物业", "物业公司", "物业经理", "物业保安", "物业客服", "物业维修工", "保洁阿姨", "门岗", "物业管家",
        "业委会", "开发商物业", "物业前台",
        "物业客服电话", "物业维修师傅", "物业服务中心", "物业办公室", "管理处", "值班室", "巡逻保安", "楼管", "物业收费员", "新来的物业", "物业的电工"];
    private static readonly string[] UtilityThings = ["自来水", "热水器", "水表", "电表", "燃气表", "暖气片", "地暖", "电闸", "总闸", "燃气灶", "液化气",
        "二次供水", "暖气管道", "水龙头", "马桶水箱", "供电线路",
        "水管", "阀门", "水箱", "电线", "入户电线", "电卡", "燃气卡", "燃气管", "壁挂炉", "热力站", "暖气阀门", "自来水管", "分户水表", "智能电表", "水费单", "电费单", "插座"];
    private static readonly string[] Pets = ["狗", "大狗", "泰迪", "金毛", "猫", "野猫", "鸽子", "鸡", "鹦鹉", "流浪狗",
        "兔子", "鸭子", "大公鸡", "哈士奇", "柯基", "藏獒", "比熊", "野狗", "狸花猫", "八哥"];
    private static readonly string[] Stalls = ["卖菜的", "卖水果的", "烧烤摊", "早点摊", "煎饼摊", "修车摊", "卖衣服的地摊", "卖鸡蛋的三轮车", "流动摊贩",
        "夜市小吃摊", "磨刀的", "收废品的", "卖花的", "租充电宝的",
        "卖红薯的", "炸串摊", "修鞋的", "配钥匙的", "小吃车", "菜贩子", "早餐车", "洗车摊", "补胎的", "卖西瓜的", "卖海鲜的", "麻辣烫摊", "奶茶摊", "算命的", "发传单的", "卖烤肠的", "修手机的摊"];
    private static readonly string[] Builds = ["违建", "彩钢房", "阳光房", "小棚子", "鸽子笼", "地下室挖掘", "楼顶加层", "院墙", "车库改住人", "封闭的露台",
        "私自开的门洞", "外挑的阳台",
        "违章建筑", "私建的房子", "加层", "阁楼", "夹层", "院子围墙", "门面房", "外挂楼梯", "封闭的楼道", "防盗笼", "棚屋", "露台加盖", "楼顶平台搭建", "下挖的地基", "拆掉的承重墙", "改动的下水管"];
    private static readonly string[] Greens = ["树", "绿化带", "花坛", "草地", "灌木", "行道树", "大槐树", "柳树", "冬青", "月季", "竹子", "杨树",
        "银杏", "梧桐", "香樟", "樱花树", "桂花树", "松树", "草皮", "绿篱", "爬山虎", "野草", "杂草", "枯树", "死树", "树桩", "树坑", "花草", "苗木", "果树", "海棠"];
    private static readonly string[] Benefits = ["低保", "养老金", "医保报账", "高龄补贴", "残疾人补贴", "临时救助", "特困供养", "失业金", "丧葬费",
        "独生子女奖励", "大病救助", "城乡居民养老保险", "护理补贴", "生育保险",
        "医保", "社保", "养老保险", "医疗保险", "失业保险", "城乡医保", "退休金", "生活补助", "困难补助", "抚恤金", "尊老金", "孤儿补贴", "门诊统筹", "异地就医", "五保", "特困证", "医疗救助", "取暖补贴", "社保卡", "医保卡"];
    private static readonly string[] Health = ["疫苗", "流感疫苗", "狂犬疫苗", "宫颈癌疫苗", "家庭医生", "社区医院", "卫生服务中心", "免费查体", "慢病药",
        "高血压的药", "儿童保健", "预防接种证", "核酸", "健康档案", "老年人查体", "母婴室",
        "健康证", "挂号", "发烧门诊", "感冒药", "义诊", "孕检", "母子健康手册", "接种本", "乙肝疫苗", "百白破疫苗", "水痘疫苗", "带状疱疹疫苗", "卫生院", "门诊", "药房", "开药", "医生上门", "血压血糖检测", "健康讲座", "食物中毒", "传染病", "手足口病", "过敏", "牙科"];
    private static readonly string[] HousingThings = ["房产证", "不动产证", "拆迁补偿", "安置房", "回迁房", "旧改", "棚改", "老旧小区改造", "过渡费",
        "产权证", "土地证", "契税发票", "维修资金", "加装电梯补贴",
        "房本", "房屋产权", "宅基地", "拆迁款", "征收补偿", "安置协议", "拆迁协议", "回迁", "棚户区改造", "城中村改造", "外墙保温改造", "房屋鉴定", "网签", "购房合同", "二手房过户", "公房", "房改房", "廉租房", "保障房", "经适房", "共有产权房", "人才房", "租房补贴"];
    private static readonly string[] LaborThings = ["工资", "工钱", "加班费", "社保", "押金", "提成", "年终奖", "补偿金", "劳务费", "生活费",
        "工资条", "劳动报酬", "试用期工资", "经济补偿", "欠条", "保证金", "工伤赔偿", "医药费", "临时工工资", "保姆工钱", "骑手工资", "绩效", "奖金", "违约金", "辛苦钱"];
    private static readonly string[] SchoolThings = ["上小学", "上初中", "上幼儿园", "转学", "入学报名", "学籍", "划片", "积分入学", "插班", "户口迁移",
        "落户", "上户口", "户口迁出", "集体户口",
        "幼升小", "小升初", "学位", "学区", "借读", "转学籍", "入园", "托育", "招生", "摇号", "入学资格", "户口迁入", "随迁子女入学", "落户证明", "户籍证明", "投靠落户", "新生儿落户", "分户", "户口登记"];
    private static readonly string[] DocThings = ["身份证", "临时身份证", "居住证", "户口本", "护照", "港澳通行证", "驾驶证", "结婚证", "出生证明",
        "无犯罪证明", "老年证", "残疾证", "营业执照", "死亡证明", "准生证",
        "户口簿", "居住登记", "暂住证", "签证", "台湾通行证", "行驶证", "独生子女证", "离婚证", "亲属关系证明", "老人卡", "公交卡", "电子证照", "介绍信", "身份证换领", "户籍证明", "居民身份证"];

    // Second widening: where cars stop, pests, dirty places, what neighbours do, renovation work.
    private static readonly string[] ParkPlaces = ["车位", "停车位", "消防通道", "人行道", "盲道", "路口", "斑马线", "单元门口", "地下车库入口", "车库出口",
        "小区主路", "充电桩车位", "无障碍车位", "公交站台", "转弯的地方", "绿化带边上", "道闸口", "丁字路口"];
    private static readonly string[] Pests = ["老鼠", "蟑螂", "蚊子", "苍蝇", "跳蚤", "白蚁", "蛆", "臭虫", "蜈蚣", "飞蛾"];
    private static readonly string[] DirtyPlaces = ["垃圾站", "垃圾房", "垃圾池", "垃圾箱", "公共厕所", "化粪池", "下水井", "污水井", "排污管", "臭水沟",
        "河道", "小水塘", "楼道", "楼梯间", "地下车库", "垃圾中转站", "分类亭", "雨水井"];
    private static readonly string[] NeighborActs = ["在楼道堆杂物", "晾衣服往下滴水", "空调水滴到我家", "在楼道抽烟", "监控对着我家门", "把鞋架放在公共过道",
        "在门口堆纸箱", "往楼下扔烟头", "占着楼道放电动车", "养的狗不拴绳", "在楼道里晾被子", "半夜敲门吵架", "往我家门口泼水", "把花盆摆在公共楼梯上"];
    private static readonly string[] Renovations = ["砸墙", "拆承重墙", "改燃气管道", "改下水", "打通阳台", "封阳台", "凿地面", "开窗户", "挖地下室",
        "改门面", "扩大窗洞", "在外墙打孔", "装修拆墙", "私改水电"];

    // Third widening: per-category issue phrases (complaints) and needs (queries, petitions), used by shared frames in templates-train2.txt.
    private static readonly Dictionary<string, string[]> Issues = new()
    {
        ["lighting"] = ["灯柱歪了", "灯箱不亮", "夜灯坏了", "路灯光线太暗", "门口的灯一直亮着", "照明设施坏了一大半", "路灯白天亮晚上灭", "楼道灯时好时坏", "路灯杆锈断了", "车库照明一片黑", "楼梯间没有灯", "路边的灯罩碎了"],
        ["noise"] = ["商场的广播从早放到晚", "楼上的震动一阵一阵的", "工厂机器轰鸣", "施工噪音特别大", "手机铃声外放", "有人大半夜唱歌", "鼓声咚咚响", "敲锣打鼓搞活动", "饭店排气扇嗡嗡响", "抽风机声音吵", "超市的冰柜压缩机响一夜", "冷库的机器噪音", "货车发动机一直不熄火", "深夜还有人大声喧哗", "清晨五点就开始吵"],
        ["parking"] = ["占道停车", "车停在单元门口堵门", "车挡道出不去", "停车难 车位不够", "违章停车没人管", "路口天天堵车", "放学接送的车把路堵死了", "车开得太快 也没个限速牌", "有车超速", "大车半夜进小区", "车停在消防通道上", "电动车停满了人行道"],
        ["sanitation"] = ["臭味熏天", "一股异味", "蚊虫特别多", "脏乱差", "卫生死角没人管", "环卫工好几天没来清扫", "有人焚烧垃圾", "有人烧垃圾 烟雾呛人", "到处是粪便", "旱厕臭得不行", "牛皮癣小广告贴满了", "墙上乱涂鸦", "河水污染发臭", "死猫没人处理", "下水道堵塞反味", "有人倒地沟油"],
        ["safety"] = ["有人私拉电线", "高空坠物砸坏了车", "广告牌随时会坠落", "挡土墙塌方了", "路面坍塌了一个大坑", "地陷了 越来越大", "老楼墙体倾斜", "河边的防护栏断了", "水库边没有防溺水的牌子", "最近有小偷 好几家被盗窃", "陌生人在楼道转悠", "晚上治安不好", "有人上门推销诈骗老人", "有人搞传销", "有人在楼下打架"],
        ["facilities"] = ["路面破损", "雨水管断了", "单元防盗门关不上", "足球场的球门倒了", "报刊亭锈得不成样子", "自行车道坑坑洼洼", "水泥路裂开了", "地砖翘起来了", "楼梯扶手断了", "小区的路一下雨就是水坑", "儿童游乐设施坏了", "健身区的地垫烂了"],
        ["property"] = ["物业服务差", "公摊费算得不明白", "交房质量问题物业不管", "墙皮脱落物业不修", "楼顶防水坏了物业推诿", "屋里漏雨物业不来", "楼顶漏水好几年了", "保洁不到位", "物业收了钱不干活", "物业私自涨价", "物业不公开账目", "物业把公共绿地改成停车位收费"],
        ["utilities"] = ["燃气费突然涨了很多", "水质发浑", "自来水管道破裂", "路上爆管了 水哗哗流", "水管冻裂了", "线路短路 整栋楼没电", "电费贵得离谱", "被莫名其妙欠费停电", "抄表的从来不来 都是估的", "暖气时热时不热", "热水器打不着火", "没提前通知就停气"],
        ["neighbor"] = ["邻里矛盾闹得很僵", "邻居占用公共楼道", "邻居养恶犬", "大型犬不拴绳", "有人养烈性犬", "邻居家的狗咬人", "邻居在门口堆垃圾", "邻居装修堵了我家下水", "楼上往下扔东西", "邻居家油烟直冲我家窗户", "邻居的车总停在我家门口", "邻居半夜吵架砸东西"],
        ["vendors"] = ["流动摊点越来越多", "大排档摆到马路上", "商户出店经营", "店外经营 货都堆在人行道", "门店把摊子摆到门外", "摊点占了半条路", "菜贩子在小区门口叫卖", "有人开着三轮车沿街卖东西", "早点摊的油烟和垃圾", "夜宵摊吵到两三点"],
        ["construction"] = ["有人搭板房", "楼顶盖了彩钢瓦的房子", "院子里搭了铁皮房", "防盗网装得往外伸出一大截", "装修时间不按规定", "违章搭建越来越多", "装修工人把墙打穿了", "有人把阳台改成房间", "一楼把院墙往外推了", "楼顶搭了个鸽子棚"],
        ["greening"] = ["有人砍伐树木", "毁绿种菜", "杂草丛生没人管", "杨柳飞絮满天飞", "树上虫害严重", "病虫害把树都弄死了", "大树倒伏压着电线", "园林工人好久没来", "公园的花草都枯了", "树枝伸进窗户里", "绿化带成了垃圾堆", "草长得半人高"],
    };
    private static readonly Dictionary<string, string[]> Needs = new()
    {
        ["hukou_education"] = ["迁户", "孩子上高中", "中考报名", "择校", "学费减免", "校车接送", "课后服务", "学校托管", "学生营养餐", "积分落户", "户口迁到这边", "孩子借读"],
        ["social_security"] = ["居保缴费", "新农合", "慢特病认定", "医疗费报账", "住院费报账", "孤寡老人补助", "独居老人上门服务", "五保户申请", "助残补贴", "进养老院", "敬老院床位", "日间照料中心", "老年食堂助餐", "居家养老服务"],
        ["labor"] = ["讨薪", "被公司解雇赔偿", "找工作", "免费技能培训", "职业介绍", "建筑工人的工资", "民工工资保证金", "劳动合同纠纷", "工伤认定", "失业补助"],
        ["housing"] = ["烂尾楼复工", "延期交房赔偿", "房屋确权", "房屋质量鉴定", "人才公寓申请", "房租补贴", "不动产登记", "拆迁安置", "旧房改造", "房产证加名"],
        ["health"] = ["糖尿病随访", "发热门诊", "家里消毒", "孕妇建档", "产检", "儿保", "妇幼保健", "心理咨询", "精神病人管理", "康复训练", "急救培训", "叫救护车"],
        ["documents"] = ["开证明", "盖章", "港澳签注", "驾照换证", "结婚登记", "生育登记", "出生证补办", "公证", "调档", "政审材料", "户口本补办", "身份证加急"],
    };

    public string Fill(string slot) => slot switch
    {
        _ when slot.StartsWith("iss_", StringComparison.Ordinal) => Pick(Issues[slot[4..]]),
        _ when slot.StartsWith("need_", StringComparison.Ordinal) => Pick(Needs[slot[5..]]),
        "parkplace" => Pick(ParkPlaces),
        "pest" => Pick(Pests),
        "dirtyplace" => Pick(DirtyPlaces),
        "nbract" => Pick(NeighborActs),
        "renov" => Pick(Renovations),
        "lamp" => Pick(Lamps),
        "noisesrc" => Pick(NoiseSources),
        "vehicle" => Pick(Vehicles),
        "trash" => Pick(Trash),
        "hazard" => Pick(Hazards),
        "facility" => Pick(Facilities),
        "propthing" => Pick(PropertyThings),
        "utilthing" => Pick(UtilityThings),
        "pet" => Pick(Pets),
        "stall" => Pick(Stalls),
        "build" => Pick(Builds),
        "green" => Pick(Greens),
        "benefit" => Pick(Benefits),
        "healththing" => Pick(Health),
        "housething" => Pick(HousingThings),
        "laborthing" => Pick(LaborThings),
        "school" => Pick(SchoolThings),
        "docthing" => Pick(DocThings),
        "loc" => Location(),
        "place" => Pick(Places),
        "time" => Pick(Times),
        "time2" => Pick(Times2),
        "who" => Pick(Who),
        "addr" => Pick(Addr),
        "plea" => Pick(Plea),
        "angry" => Pick(Angry),
        "petplea" => Pick(PetPlea),
        "company" => Pick(Companies),
        "months" => Pick(Months),
        "money" => Pick(Money),
        "kid" => Pick(Kids),
        "doc" => Pick(Docs),
        "phone" => "1" + random.Next(3, 10) + random.NextInt64(100_000_000, 999_999_999),
        "order" => OrderRef(),
        _ => throw new InvalidOperationException($"unknown slot {{{slot}}}"),
    };

    private string Location()
    {
        var n = Number(1, 30);
        return random.Next(9) switch
        {
            0 => $"{n}号楼",
            1 => $"{n}栋",
            2 => $"{n}号楼{Number(1, 6)}单元",
            3 => $"{n}号楼{Number(1, 6)}单元{random.Next(1, 19)}0{random.Next(1, 5)}",
            4 => $"{n}栋{Number(1, 4)}单元",
            5 => Pick(["东门", "南门", "西门口", "北门", "小区东门", "地下车库"]),
            6 => $"{n}号楼楼下",
            7 => Pick(["我们楼", "我们单元", "咱们楼"]),
            _ => $"{Number(1, 6)}单元",
        };
    }

    private string OrderRef()
    {
        var number = random.Next(1001, 20000);
        return random.Next(4) switch { 0 => $"工单号{number}", 1 => $"#{number}", 2 => $"{number}号工单", _ => $"单号{number}" };
    }

    // Residents write building numbers both ways: 3号楼 and 三号楼.
    private string Number(int min, int max)
    {
        var n = random.Next(min, max + 1);
        return n <= 10 && random.Next(4) == 0 ? Cn[n - 1] : n.ToString();
    }

    private string Pick(string[] items)
    {
        if (!cycle) return items[random.Next(items.Length)];
        var next = _dealt.GetValueOrDefault(items);
        _dealt[items] = next + 1;
        return items[next % items.Length];
    }
}
