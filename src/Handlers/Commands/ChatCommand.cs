namespace GridLine.Handlers.Commands;

/// <summary>What a chat command asks for.</summary>
public enum ChatCommandKind
{
    /// <summary>进度 N — anyone.</summary>
    Status,
    /// <summary>签收 N</summary>
    Sign,
    /// <summary>进展 N 内容</summary>
    Progress,
    /// <summary>办结 N 内容</summary>
    Conclude,
    /// <summary>退单 N 原因</summary>
    Return,
    /// <summary>转社区 N 原因 (escalate to community)</summary>
    EscalateCommunity,
    /// <summary>转协同 N 原因 (escalate to collaborative)</summary>
    EscalateCollaborative,
    /// <summary>合并 N 到 M</summary>
    Merge,
    /// <summary>改为 类型/类别 N</summary>
    Recategorise,
    /// <summary>延期 N 天数 原因</summary>
    Extend,
    /// <summary>作废 N 原因</summary>
    Void,
    /// <summary>重派 N userid</summary>
    Reassign,
    /// <summary>确认 N — accept a low-confidence classification.</summary>
    Confirm,
    /// <summary>信访 N [信访人:… 电话:… 事项:… 请求:… 理由:… 同意代办:是] — record a petition (guided when fields are missing).</summary>
    Petition,
    /// <summary>取消登记 N — end the guided petition record (what was filled stays).</summary>
    PetitionCancel,
    /// <summary>上报 N [社区|街道|部门名] [原因] — report a petition one level up.</summary>
    ReportUp,
    /// <summary>受理 N [说明] — the current level accepts the petition.</summary>
    Accept,
    /// <summary>答复 N 结果 [说明:…] — the current level answers; the petitioner hears it and is asked to rate.</summary>
    Answer,
    /// <summary>存为FAQ N [关键词:a,b] — save a query order's question and answer as an FAQ entry.</summary>
    SaveFaq,
    /// <summary>拆分 N userid|消息片段 — split a linked duplicate report off into its own order.</summary>
    Split,
}

/// <summary>A parsed chat command. <see cref="Number"/> is the work-order number; <see cref="Text"/> the rest (reason, note, new type…).</summary>
public sealed record ChatCommand(ChatCommandKind Kind, long Number, string Text, long? TargetNumber = null, int? Days = null)
{
    /// <summary>True for commands only staff may use (everything except 进度).</summary>
    public bool IsStaffOnly => Kind != ChatCommandKind.Status;
}

/// <summary>Why a message that looks like a command could not be parsed.</summary>
public sealed record ChatCommandError(string Verb, string Problem);
