namespace GridLine.Handlers.Understanding;

/// <summary>
/// What WeCom's built-in keyword auto-reply can do: a fixed keyword list mapped to type and category, first hit wins.
/// Kept only as the baseline the model is measured against.
/// </summary>
public static class KeywordBaseline
{
    private static readonly (string Keyword, string Type, string Category)[] Keywords =
    [
        ("欠薪", "petition", "labor"), ("工资", "petition", "labor"), ("工钱", "petition", "labor"), ("信访", "petition", "other"),
        ("拆迁", "petition", "housing"), ("房产证", "petition", "housing"), ("低保", "petition", "social_security"), ("养老金", "petition", "social_security"),
        ("路灯", "complaint", "lighting"), ("不亮", "complaint", "lighting"), ("噪音", "complaint", "noise"), ("吵", "complaint", "noise"),
        ("乱停", "complaint", "parking"), ("停车", "complaint", "parking"), ("垃圾", "complaint", "sanitation"), ("臭", "complaint", "sanitation"),
        ("隐患", "complaint", "safety"), ("危险", "complaint", "safety"), ("电梯", "complaint", "facilities"), ("坏了", "complaint", "facilities"),
        ("物业", "complaint", "property"), ("停水", "complaint", "utilities"), ("停电", "complaint", "utilities"), ("漏水", "complaint", "utilities"),
        ("暖气", "complaint", "utilities"), ("邻居", "complaint", "neighbor"), ("狗", "complaint", "neighbor"), ("摆摊", "complaint", "vendors"),
        ("占道", "complaint", "vendors"), ("违建", "complaint", "construction"), ("装修", "complaint", "construction"), ("树", "complaint", "greening"),
        ("投诉", "complaint", "other"),
        ("身份证", "query", "documents"), ("户口", "query", "hukou_education"), ("上学", "query", "hukou_education"), ("社保", "query", "social_security"),
        ("医保", "query", "social_security"), ("疫苗", "query", "health"), ("怎么办", "query", "other"), ("在哪", "query", "other"),
        ("请问", "query", "other"), ("怎么", "query", "other"), ("进度", "query", "other"),
    ];

    public static (string Type, string Category) Classify(string text)
    {
        foreach (var (keyword, type, category) in Keywords)
            if (text.Contains(keyword, StringComparison.Ordinal)) return (type, category);
        return ("other", "other");
    }
}
