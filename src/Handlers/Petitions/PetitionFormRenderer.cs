using System.Net;
using System.Text;
using GridLine.Handlers.Time;
using GridLine.Handlers.Understanding;
using GridLine.Handlers.WorkOrders;
using GridLine.Storage;
using Npgsql;

namespace GridLine.Handlers.Petitions;

/// <summary>
/// The printable 信访事项代办登记表 (HTML with print CSS) for one petition order: every record field, the proxy's name,
/// the clocks and the order's timeline. Every value is HTML-escaped. The contact is masked unless
/// <paramref name="showContact"/> — callers pass true only for viewers authorised to see personal details (docs/petitions.md).
/// </summary>
public sealed class PetitionFormRenderer(NpgsqlDataSource dataSource, WorkOrderRepository workOrders, MemberRepository members)
{
    /// <summary>The form, or null when there is no such order or it has no petition record.</summary>
    public async Task<string?> RenderAsync(long number, bool showContact, CancellationToken cancellationToken = default)
    {
        if (await workOrders.GetByNumberAsync(number, cancellationToken) is not { } order) return null;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (await PetitionRepository.GetByWorkOrderAsync(connection, null, order.Id, cancellationToken) is not { } p) return null;
        var proxy = p.ProxyMemberId is { } id ? await members.GetByIdAsync(id, cancellationToken) : null;
        var events = await workOrders.ListEventsAsync(order.Id, cancellationToken);

        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>信访事项代办登记表 ").Append(order.Number).Append("</title><style>")
          .Append("body{font-family:'SimSun','Songti SC',serif;margin:24px;color:#000}h1{text-align:center;font-size:22px;letter-spacing:4px}")
          .Append("table{width:100%;border-collapse:collapse;margin-bottom:16px}th,td{border:1px solid #000;padding:6px 8px;vertical-align:top;font-size:14px}")
          .Append("th{width:18%;background:#f2f2f2;text-align:left;font-weight:normal}.meta{text-align:right;font-size:12px}.sign{margin-top:32px;display:flex;justify-content:space-between}")
          .Append("@media print{body{margin:0}.noprint{display:none}th{background:none}@page{size:A4;margin:18mm}}</style></head><body>");
        sb.Append("<h1>信访事项代办登记表</h1><p class=\"meta\">工单号 ").Append(order.Number).Append("　登记日期 ").Append(Format(p.ReceivedAt)).Append("</p>");
        sb.Append("<table>");
        Row(sb, "信访人", p.PetitionerName);
        Row(sb, "联系方式", showContact ? p.Contact : Masking.MaskText(p.Contact ?? ""));
        Row(sb, "信访事项", p.Matter);
        Row(sb, "请求内容", p.Request);
        Row(sb, "事实和理由", p.FactsAndReasons);
        Row(sb, "同意代办", p.ConsentToProxy switch { true => "同意", false => "不同意", _ => "未确认" });
        Row(sb, "代办员", proxy?.Name);
        Row(sb, "原始反映", Masking.MaskText(order.Description));
        Row(sb, "类别", TaxonomyNames.Category(order.Category));
        Row(sb, "当前层级", PetitionWorkflow.LevelName(p.CurrentLevel, p.Department));
        Row(sb, "受理时限", Format(p.AcceptanceDueAt));
        Row(sb, "受理时间", p.AcceptedAt is { } a ? $"{Format(a)}（{PetitionWorkflow.LevelName(p.AcceptedLevel ?? "", p.Department)}）" : "未受理");
        Row(sb, "办结时限", Format(p.ConclusionDueAt));
        Row(sb, "延期", p.ExtensionDays > 0 ? $"{p.ExtensionDays}天，原因：{p.ExtensionReason}" : "无");
        Row(sb, "答复时间", p.AnsweredAt is { } an ? Format(an) : "未答复");
        Row(sb, "处理结果", p.Result);
        Row(sb, "说明", p.Explanation);
        Row(sb, "满意度", p.Satisfaction is { } s ? Satisfaction.NameOf(s) : "未评价");
        Row(sb, "重复信访", p.RepeatCount > 0 || p.RepeatOfPetitionId is not null ? $"是（后续重复 {p.RepeatCount} 次）" : "否");
        Row(sb, "初信初访化解", p.ResolvedAtFirstLevel switch { true => "是", false => "否", _ => "未定" });
        sb.Append("</table><h2 style=\"font-size:16px\">办理经过</h2><table><tr><th>时间</th><th>操作</th><th style=\"width:auto\">内容</th></tr>");
        foreach (var e in events)
            sb.Append("<tr><td>").Append(Enc(Format(e.At))).Append("</td><td>").Append(Enc(ActionName(e.Action))).Append("</td><td>")
              .Append(Enc(Masking.MaskText(e.Note ?? ""))).Append("</td></tr>");
        sb.Append("</table><div class=\"sign\"><span>信访人签字：＿＿＿＿＿＿</span><span>代办员签字：＿＿＿＿＿＿</span><span>日期：＿＿＿＿＿＿</span></div>");
        sb.Append("<p class=\"noprint\"><button onclick=\"window.print()\">打印</button></p></body></html>");
        return sb.ToString();
    }

    private static void Row(StringBuilder sb, string label, string? value) =>
        sb.Append("<tr><th>").Append(Enc(label)).Append("</th><td>").Append(Enc(string.IsNullOrWhiteSpace(value) ? "—" : value)).Append("</td></tr>");

    private static string Enc(string s) => WebUtility.HtmlEncode(s);

    private static string ActionName(string action) => action switch
    {
        "petition_record" => "信访登记", "petition_report" => "上报", "petition_accept" => "受理", "petition_answer" => "答复",
        "open" => "接诉", "dispatch" => "派单", "link_duplicate" => "相似反映并入", "repeat_report" => "重复反映", "split" => "拆分",
        _ => WorkOrderAction.NameOf(action),
    };

    private static string Format(DateTime utc) => ChinaTime.Format(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)));
}
