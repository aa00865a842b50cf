using GridLine.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GridLine.Handlers.Seeding;

/// <summary>Demo switches, bound to section <c>Seed</c>.</summary>
public sealed class SeedOptions
{
    public const string Section = "Seed";

    /// <summary>Seed the 东湖街道 demo hierarchy, members and sandbox chat groups at startup (never in production).</summary>
    public bool Demo { get; set; }
}

/// <summary>
/// Seeds the demo: 东湖街道 with 东苑社区 and 西苑社区, grids and micro-grids, a dedicated grid shared by both communities,
/// a member in every role and sandbox chat groups. Idempotent: whatever already exists (by code, userid or chat id) is left as it is,
/// so admin edits survive a restart.
/// </summary>
public sealed class DemoSeeder(GridRepository grids, MemberRepository members, ChatGroupRepository chatGroups,
    IOptions<SeedOptions> options, ILogger<DemoSeeder> logger)
{
    private static readonly (string Code, string Name, string Level, string? Parent, bool Dedicated)[] Grids =
    [
        ("DH", "东湖街道", "subdistrict", null, false),
        ("DH-E", "东苑社区", "community", "DH", false),
        ("DH-W", "西苑社区", "community", "DH", false),
        ("DH-E-G1", "东苑社区第一网格", "grid", "DH-E", false),
        ("DH-E-G2", "东苑社区第二网格", "grid", "DH-E", false),
        ("DH-W-G1", "西苑社区第一网格", "grid", "DH-W", false),
        ("DH-D1", "东湖小学专属网格", "grid", "DH-E", true),
        ("DH-E-G1-M1", "东苑1号楼微网格", "micro_grid", "DH-E-G1", false),
        ("DH-E-G1-M2", "东苑2号楼微网格", "micro_grid", "DH-E-G1", false),
        ("DH-W-G1-M1", "西苑5号楼微网格", "micro_grid", "DH-W-G1", false),
    ];

    /// <summary>The dedicated grid's second parent (专属网格 jointly managed by both communities).</summary>
    private static readonly (string Grid, string SharedParent)[] SharedParents = [("DH-D1", "DH-W")];

    private static readonly (string Userid, string Name, string Role, string[] GridCodes)[] Members =
    [
        ("wangwei", "王伟", "grid_worker", ["DH-E-G1"]),
        ("lina", "李娜", "grid_worker", ["DH-E-G2"]),
        ("zhaogang", "赵刚", "grid_worker", ["DH-W-G1"]),
        ("chenjing", "陈静", "grid_worker", ["DH-D1"]),
        ("liuyang", "刘洋", "micro_grid_worker", ["DH-E-G1-M1"]),
        ("sunli", "孙丽", "micro_grid_worker", ["DH-E-G1-M2"]),
        ("zhoumin", "周敏", "micro_grid_worker", ["DH-W-G1-M1"]),
        ("zhangqiang", "张强", "grid_leader", ["DH-E"]),
        ("huangli", "黄丽", "grid_leader", ["DH-W"]),
        ("xuhui", "徐慧", "community", ["DH-E"]),
        ("maxiaoyan", "马晓燕", "community", ["DH-W"]),
        ("yangfan", "杨帆", "subdistrict", ["DH"]),
        ("hejun", "何军", "department", ["DH"]),
    ];

    // Chat ids and group-robot keys match the WeCom sandbox's defaults (src/WeComSandbox/appsettings.json).
    private static readonly (string ChatId, string Name, string? GridCode, string WebhookKey)[] ChatGroups =
    [
        ("wrGridEast001", "东苑社区第一网格群", "DH-E-G1", "sandbox-webhook-east-001"),
        ("wrGridEast002", "东苑社区第二网格群", "DH-E-G2", "sandbox-webhook-east-002"),
        ("wrGridWest001", "西苑社区第一网格群", "DH-W-G1", "sandbox-webhook-west-001"),
        ("wrDedicated001", "东湖小学专属网格群", "DH-D1", "sandbox-webhook-dedicated-001"),
        ("wrUnmapped001", "新建小区业主群", null, "sandbox-webhook-unmapped-001"),
    ];

    /// <summary>Seeds when <c>Seed:Demo</c> is true; call after migrations. Returns whether it ran.</summary>
    public async Task<bool> SeedIfEnabledAsync(CancellationToken cancellationToken = default)
    {
        if (!options.Value.Demo) return false;
        await SeedAsync(cancellationToken);
        return true;
    }

    /// <summary>Seeds the demo data regardless of the option; safe to run any number of times.</summary>
    public async Task SeedAsync(CancellationToken cancellationToken = default)
    {
        var ids = new Dictionary<string, long>();
        foreach (var (code, name, level, parent, dedicated) in Grids)
        {
            var grid = await grids.GetByCodeAsync(code, cancellationToken)
                       ?? await grids.InsertAsync(code, name, level, parent is null ? null : ids[parent], dedicated, cancellationToken);
            ids[code] = grid.Id;
        }
        foreach (var (grid, parent) in SharedParents)
            await grids.AddSharedParentAsync(ids[grid], ids[parent], cancellationToken);

        foreach (var (userid, name, role, gridCodes) in Members)
        {
            var member = await members.GetByUseridAsync(userid, cancellationToken);
            if (member is not null) continue;
            member = await members.InsertAsync(userid, name, role, cancellationToken: cancellationToken);
            foreach (var code in gridCodes) await members.AssignGridAsync(member.Id, ids[code], cancellationToken);
        }

        foreach (var (chatId, name, gridCode, webhookKey) in ChatGroups)
            if (await chatGroups.GetByChatIdAsync(chatId, cancellationToken) is null)
                await chatGroups.UpsertAsync(chatId, name, gridCode is null ? null : ids[gridCode], webhookKey, cancellationToken);

        logger.LogInformation("Demo data seeded: {Grids} grids, {Members} members, {Groups} chat groups", Grids.Length, Members.Length, ChatGroups.Length);
    }
}
