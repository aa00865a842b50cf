namespace GridLine.Tools.CorpusGen;

/// <summary>Slot fillers for templates: places, times, people, pleas — the vocabulary residents actually use.</summary>
internal sealed class Slots(Random random)
{
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

    public string Fill(string slot) => slot switch
    {
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

    private string Pick(string[] items) => items[random.Next(items.Length)];
}
