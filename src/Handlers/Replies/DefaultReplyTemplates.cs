namespace GridLine.Handlers.Replies;

/// <summary>
/// The shipped Chinese reply texts. Admins edit them in the console; these are inserted only when missing.
/// Group replies never name the resident: the channel @-mentions the reporter (group robot mentioned_list, or the
/// AI bot's reply quoting the resident's message), so no template needs a name or a phone number.
/// </summary>
public static class DefaultReplyTemplates
{
    public static readonly IReadOnlyList<(string Code, string Text, string Description)> All =
    [
        (ReplyCodes.AckComplaint, "已收到您反映的问题，工单号 {number}（{category}），由{assignee}负责，{due}前办结。查询进度请发“进度 {number}”。", "投诉受理回执"),
        (ReplyCodes.AckQuery, "您的咨询已记录，工单号 {number}，{assignee}会在{due}前答复您。", "咨询受理回执"),
        (ReplyCodes.AckPetition, "您的信访代办请求已收到，工单号 {number}，网格员{assignee}会联系您登记信访事项。", "信访代办受理回执"),
        (ReplyCodes.AckTriage, "已收到您反映的问题，工单号 {number}，正在分派处理人员，请稍候。", "未绑定网格的群：进入待分派"),
        (ReplyCodes.LinkedDuplicate, "这个问题已有邻居反映过，工单号 {number}（{category}），正在处理中，办结后会通知您。", "重复反映合并回执"),
        (ReplyCodes.Status, "工单 {number}（{category}）当前状态：{status}，负责人：{assignee}，时限：{due}。{latest}", "进度查询答复"),
        (ReplyCodes.StatusNotFound, "没有找到工单 {number}，请核对工单号。", "进度查询：工单不存在"),
        (ReplyCodes.Signed, "工单 {number} 已由{assignee}签收，正在处理。", "签收通知"),
        (ReplyCodes.Progress, "工单 {number} 有新进展：{note}", "进展通知"),
        (ReplyCodes.Concluded, "工单 {number} 已办结：{note}\n请您评价：回复“满意”“基本满意”或“不满意”。如问题没有解决，请回复“没解决”。", "办结通知与评价邀请"),
        (ReplyCodes.RatingThanks, "感谢您的评价（{rating}），工单 {number} 已完成。", "评价致谢"),
        (ReplyCodes.Reopened, "工单 {number} 已重新办理，{assignee}会继续跟进。", "重新办理通知"),
        (ReplyCodes.Escalated, "工单 {number} 已升级为{level}处理：{note}", "升级通知"),
        (ReplyCodes.Extended, "工单 {number} 办理时限延长至{due}，原因：{note}", "延期通知"),
        (ReplyCodes.Merged, "您反映的问题已并入工单 {target}，后续进展会通知您。", "合并通知"),
        (ReplyCodes.Voided, "工单 {number} 已作废，原因：{note}", "作废通知"),
        (ReplyCodes.Reassigned, "工单 {number} 已改派给{assignee}。", "改派通知"),
        (ReplyCodes.Returned, "工单 {number} 被退回，原因：{note}，请重新分派。", "退单通知（给派单人）"),
        (ReplyCodes.NewAssignment, "新工单 {number}（{type}·{category}）：{description}\n位置：{location}\n签收时限：{sign_due}，办结时限：{due}。回复“签收 {number}”签收。", "派单通知（给处理人）"),
        (ReplyCodes.ConfirmRequest, "请确认：“{description}”识别为{type}·{category}（把握度 {confidence}）。回复“确认 {ref}”或“改为 类型/类别 {ref}”。", "低置信度消息请网格员确认"),
        (ReplyCodes.TriageNotice, "群“{group}”尚未绑定网格，工单 {number} 进入待分派队列，请在管理后台绑定网格或手动派单。", "未绑定网格通知管理员"),
        (ReplyCodes.CommandDone, "已{action}工单 {number}。", "工作人员指令执行成功"),
        (ReplyCodes.CommandHelp, "指令格式：签收 工单号｜进展 工单号 内容｜办结 工单号 内容｜退单 工单号 原因｜转社区 工单号 原因｜转协同 工单号 原因｜合并 工单号 到 工单号｜改为 类型/类别 工单号｜延期 工单号 天数 原因", "指令帮助"),
        (ReplyCodes.NotAuthorized, "您没有处理工单 {number} 的权限（仅限所属网格的工作人员）。", "无权限"),
        (ReplyCodes.ResidentCannotCommand, "这是工作人员指令，居民无法使用。查询进度请发“进度 工单号”。", "居民尝试工作人员指令"),
        (ReplyCodes.Refused, "{reason}", "状态不允许的操作（原因由状态机给出）"),
        (ReplyCodes.SignReminder, "提醒：工单 {number}（{category}）尚未签收，签收时限 {sign_due}。回复“签收 {number}”。", "签收提醒"),
        (ReplyCodes.DueSoon, "提醒：工单 {number}（{category}）将于 {due} 到期，请及时办结。", "即将到期提醒"),
        (ReplyCodes.Overdue, "催办：工单 {number}（{category}）已超期（时限 {due}），负责人：{assignee}。", "超期催办"),
        (ReplyCodes.Supervise, "督办：工单 {number}（{category}）超期未办结，已升级至{level}督办。", "督办升级"),
        (ReplyCodes.RatingReminder, "工单 {number} 已办结，请回复“满意”“基本满意”或“不满意”，您的评价对我们很重要。", "评价提醒"),
        (ReplyCodes.SignOverdue, "超时未签收：工单 {number}（{category}）签收时限 {sign_due} 已过，负责人：{assignee}。请尽快签收或改派。", "签收超时（给负责人和网格长）"),
        (ReplyCodes.PetitionDeadlineSoon, "提醒：信访代办工单 {number} 的{clock}时限 {due} 即将到期，请及时办理并告知信访人。", "信访时限即将到期"),
        (ReplyCodes.PetitionDeadlinePassed, "督办：信访代办工单 {number} 的{clock}时限 {due} 已到期，负责人：{assignee}。", "信访时限已到期"),
        (ReplyCodes.DailyDigest, "今日工单（{date}）：在办 {open} 件，今日到期 {due_today} 件，已超期 {overdue} 件。{list}", "每日工单摘要（给网格员）"),
        (ReplyCodes.WeeklyReport, "【周通报】{period}\n{lines}", "周通报（给社区、街道管理员）"),
        (ReplyCodes.MonthlyReport, "【月度汇总】{period}\n{lines}", "月度汇总（给社区、街道管理员）"),
        (ReplyCodes.PetitionRecordPrompt, "信访代办工单 {number}：请联系信访人登记。回复“信访 {number}”逐项登记，或一次填写：信访 {number} 信访人:姓名 电话:手机号 事项:… 请求:… 理由:… 同意代办:是", "信访代办：提示代办员登记"),
        (ReplyCodes.PetitionAskPetitionerName, "信访 {number}：请输入信访人姓名（回复“取消”结束登记）。", "信访登记：询问信访人"),
        (ReplyCodes.PetitionAskContact, "信访 {number}：请输入信访人联系电话。", "信访登记：询问联系方式"),
        (ReplyCodes.PetitionAskMatter, "信访 {number}：请简述信访事项。", "信访登记：询问信访事项"),
        (ReplyCodes.PetitionAskRequest, "信访 {number}：信访人的请求内容是什么？", "信访登记：询问请求内容"),
        (ReplyCodes.PetitionAskFacts, "信访 {number}：请写明事实和理由。", "信访登记：询问事实和理由"),
        (ReplyCodes.PetitionAskConsent, "信访 {number}：信访人是否同意由网格员代办？请回复“是”或“否”。", "信访登记：询问是否同意代办"),
        (ReplyCodes.PetitionRecorded, "信访 {number} 登记完成：信访人{petitioner}，电话{contact}，事项：{matter}。受理时限 {acceptance_due}。回复“上报 {number}”逐级上报。", "信访登记完成"),
        (ReplyCodes.PetitionTimedOut, "信访 {number} 的登记已超时（{minutes}分钟未回复），已填写的内容已保存。回复“信访 {number}”继续登记。", "信访登记超时"),
        (ReplyCodes.PetitionCancelled, "信访 {number} 的登记已结束，已填写的内容已保存。需要时回复“信访 {number}”继续。", "信访登记取消"),
        (ReplyCodes.PetitionReported, "您的信访事项（工单 {number}）已由网格员代办上报至{level}，{acceptance_due}前会告知您是否受理。", "信访上报通知信访人"),
        (ReplyCodes.PetitionAccepted, "您的信访事项（工单 {number}）已由{level}受理，将于{conclusion_due}前办结并答复您。", "信访受理告知"),
        (ReplyCodes.PetitionAnsweredProxy, "信访工单 {number} 已由{level}答复：{note}\n请向信访人做好反馈和解释。", "信访答复通知代办员"),
        (ReplyCodes.PetitionExtended, "您的信访事项（工单 {number}）办理期限延长{days}天至{conclusion_due}，原因：{note}", "信访延期告知"),
        (ReplyCodes.FaqAnswer, "{answer}\n（如果没有解决您的问题，请回复“没用”，我们会转给网格员。）", "常见问题自动答复"),
        (ReplyCodes.RepeatReport, "您已反映过这个问题，工单号 {number}（{category}），当前状态：{status}，负责人：{assignee}。有进展会通知您。", "同一居民重复反映"),
    ];
}

/// <summary>Stable codes of reply templates.</summary>
public static class ReplyCodes
{
    public const string AckComplaint = "ack_complaint";
    public const string AckQuery = "ack_query";
    public const string AckPetition = "ack_petition";
    public const string AckTriage = "ack_triage";
    public const string LinkedDuplicate = "linked_duplicate";
    public const string Status = "status";
    public const string StatusNotFound = "status_not_found";
    public const string Signed = "signed";
    public const string Progress = "progress";
    public const string Concluded = "concluded";
    public const string RatingThanks = "rating_thanks";
    public const string Reopened = "reopened";
    public const string Escalated = "escalated";
    public const string Extended = "extended";
    public const string Merged = "merged";
    public const string Voided = "voided";
    public const string Reassigned = "reassigned";
    public const string Returned = "returned";
    public const string NewAssignment = "new_assignment";
    public const string ConfirmRequest = "confirm_request";
    public const string TriageNotice = "triage_notice";
    public const string CommandDone = "command_done";
    public const string CommandHelp = "command_help";
    public const string NotAuthorized = "not_authorized";
    public const string ResidentCannotCommand = "resident_cannot_command";
    public const string Refused = "refused";
    public const string SignReminder = "sign_reminder";
    public const string DueSoon = "due_soon";
    public const string Overdue = "overdue";
    public const string Supervise = "supervise";
    public const string RatingReminder = "rating_reminder";
    public const string SignOverdue = "sign_overdue";
    public const string PetitionDeadlineSoon = "petition_deadline_soon";
    public const string PetitionDeadlinePassed = "petition_deadline_passed";
    public const string DailyDigest = "daily_digest";
    public const string WeeklyReport = "weekly_report";
    public const string MonthlyReport = "monthly_report";
    public const string PetitionRecordPrompt = "petition_record_prompt";
    public const string PetitionAskPetitionerName = "petition_ask_petitioner_name";
    public const string PetitionAskContact = "petition_ask_contact";
    public const string PetitionAskMatter = "petition_ask_matter";
    public const string PetitionAskRequest = "petition_ask_request";
    public const string PetitionAskFacts = "petition_ask_facts_and_reasons";
    public const string PetitionAskConsent = "petition_ask_consent_to_proxy";
    public const string PetitionRecorded = "petition_recorded";
    public const string PetitionTimedOut = "petition_timed_out";
    public const string PetitionCancelled = "petition_cancelled";
    public const string PetitionReported = "petition_reported";
    public const string PetitionAccepted = "petition_accepted";
    public const string PetitionAnsweredProxy = "petition_answered_proxy";
    public const string PetitionExtended = "petition_extended";
    public const string FaqAnswer = "faq_answer";
    public const string RepeatReport = "repeat_report";
}
