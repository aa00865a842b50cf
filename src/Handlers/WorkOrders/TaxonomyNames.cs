namespace GridLine.Handlers.WorkOrders;

/// <summary>Chinese display names of the taxonomy codes (../shared/taxonomy.json), for replies.</summary>
public static class TaxonomyNames
{
    private static readonly Dictionary<string, string> Types = new(StringComparer.Ordinal)
    {
        ["complaint"] = "投诉", ["petition"] = "信访代办", ["query"] = "咨询", ["other"] = "其他",
    };

    private static readonly Dictionary<string, string> Categories = new(StringComparer.Ordinal)
    {
        ["lighting"] = "路灯照明", ["noise"] = "噪音扰民", ["parking"] = "停车与交通秩序", ["sanitation"] = "环境卫生",
        ["safety"] = "安全隐患", ["facilities"] = "公共设施", ["property"] = "物业服务", ["utilities"] = "水电气暖",
        ["neighbor"] = "邻里纠纷与宠物", ["vendors"] = "占道经营与游商", ["construction"] = "违建与装修", ["greening"] = "绿化",
        ["hukou_education"] = "户籍与入学", ["social_security"] = "社保医保与救助", ["labor"] = "劳动与欠薪",
        ["housing"] = "房产证、旧改与拆迁", ["health"] = "卫生健康与疫苗", ["documents"] = "证件办理", ["other"] = "其他",
    };

    public static string Type(string code) => Types.GetValueOrDefault(code, code);

    public static string Category(string code) => Categories.GetValueOrDefault(code, code);

    /// <summary>Reads "投诉" / "complaint" / "路灯" style words typed by grid workers into codes; null when unknown.</summary>
    public static string? ParseType(string word) =>
        Types.ContainsKey(word) ? word : Types.FirstOrDefault(t => t.Value == word || (word.Length >= 2 && t.Value.StartsWith(word, StringComparison.Ordinal))).Key;

    public static string? ParseCategory(string word) =>
        Categories.ContainsKey(word) ? word
        : Categories.FirstOrDefault(c => c.Value == word || (word.Length >= 2 && c.Value.Contains(word, StringComparison.Ordinal))).Key;
}
