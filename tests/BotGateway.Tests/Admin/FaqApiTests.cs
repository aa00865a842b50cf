using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GridLine.BotGateway.Tests.Workflow;
using GridLine.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace GridLine.BotGateway.Tests.Admin;

/// <summary>PUT /api/faq-entries/{id}: edits and retirements are listed, version-checked, scoped, audited, and what residents get next.</summary>
public class FaqApiTests
{
    private const string InsuranceQuestion = "请问城乡医保今年在哪交 交多少";

    private static async Task<JsonElement> EntryAsync(HttpClient client, Func<JsonElement, bool> match) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/faq-entries")).EnumerateArray().Single(match);

    private static Task<JsonElement> ExampleAsync(HttpClient client, string questionPart) =>
        EntryAsync(client, e => e.GetProperty("question").GetString()!.Contains(questionPart, StringComparison.Ordinal));

    private static async Task<(JsonElement Example, string Path)> ExampleAndPathAsync(HttpClient client, string questionPart)
    {
        var example = await ExampleAsync(client, questionPart);
        return (example, $"/api/faq-entries/{example.GetProperty("id").GetInt64()}");
    }

    /// <summary>The entry as the console sends it back: every editable field as listed, with the version it saw.</summary>
    private static Dictionary<string, object?> Body(JsonElement e) => new()
    {
        ["question"] = e.GetProperty("question").GetString(),
        ["answer"] = e.GetProperty("answer").GetString(),
        ["keywords"] = e.GetProperty("keywords").EnumerateArray().Select(k => k.GetString()).ToArray(),
        ["synonyms"] = e.GetProperty("synonyms").EnumerateArray().Select(k => k.GetString()).ToArray(),
        ["gridId"] = e.GetProperty("gridId").ValueKind == JsonValueKind.Null ? null : e.GetProperty("gridId").GetInt64(),
        ["isActive"] = e.GetProperty("isActive").GetBoolean(),
        ["version"] = e.GetProperty("version").GetInt32(),
    };

    private static async Task<long> GridIdAsync(GatewayHost host, string code) => (await host.Services.GetRequiredService<GridRepository>().GetByCodeAsync(code))!.Id;

    private static async Task<JsonElement> CreateAsync(HttpClient client, string question, long? gridId)
    {
        var response = await client.PostAsJsonAsync("/api/faq-entries", new { question, answer = question + "：请咨询社区服务中心", keywords = new[] { question[..2] }, gridId });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<string> FieldErrorAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        return Assert.Single((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject()).Name;
    }

    [Fact]
    public async Task UpdateFaqEntry_EditedExample_ListedWithTheNewAnswerNoLongerAnExampleAndAudited()
    {
        await using var host = await GatewayHost.StartAsync(AdminTestData.NoJobs);
        using var admin = await AdminTestData.BearerClientAsync(host, "system_admin");
        var example = await ExampleAsync(admin, "医保");
        Assert.True(example.GetProperty("isExample").GetBoolean());
        var id = example.GetProperty("id").GetInt64();

        var body = Body(example);
        body["answer"] = "东湖街道：城乡居民医保请到社区服务中心二楼3号窗口缴纳，每年9月至12月。";
        body["synonyms"] = new[] { "居民医保", " ", "城乡医保" };
        body["validUntil"] = "2099-12-31T16:00:00Z";
        var response = await admin.PutAsJsonAsync($"/api/faq-entries/{id}", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var listed = await EntryAsync(admin, e => e.GetProperty("id").GetInt64() == id);
        Assert.Equal("东湖街道：城乡居民医保请到社区服务中心二楼3号窗口缴纳，每年9月至12月。", listed.GetProperty("answer").GetString());
        Assert.Equal(["居民医保", "城乡医保"], listed.GetProperty("synonyms").EnumerateArray().Select(s => s.GetString()!).ToArray());
        Assert.Equal(new DateTime(2099, 12, 31, 16, 0, 0, DateTimeKind.Utc), listed.GetProperty("validUntil").GetDateTime().ToUniversalTime());
        Assert.False(listed.GetProperty("isExample").GetBoolean()); // now the area's own answer
        Assert.True(listed.GetProperty("isActive").GetBoolean());
        Assert.Equal(2, listed.GetProperty("version").GetInt32());

        var audit = Assert.Single(await host.Services.GetRequiredService<AuditLogRepository>().ListAsync("faq_entry", 10));
        Assert.Equal("faq_entry.update", audit.Action);
        Assert.Equal(id.ToString(CultureInfo.InvariantCulture), audit.EntityId);
        Assert.Contains("【示例", audit.Before);
        Assert.Contains("二楼3号窗口", audit.After);
    }

    [Fact]
    public async Task UpdateFaqEntry_RetireAndRestoreOnly_KeepsTheExampleMark()
    {
        await using var host = await GatewayHost.StartAsync(AdminTestData.NoJobs);
        using var admin = await AdminTestData.BearerClientAsync(host, "system_admin");
        var (example, path) = await ExampleAndPathAsync(admin, "身份证");
        var body = Body(example);
        body["isActive"] = false;
        var retired = await (await admin.PutAsJsonAsync(path, body)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(retired.GetProperty("isActive").GetBoolean());
        Assert.True(retired.GetProperty("isExample").GetBoolean()); // the shipped text, unchanged: still to be localised

        body["isActive"] = true;
        body["version"] = retired.GetProperty("version").GetInt32();
        var restored = await (await admin.PutAsJsonAsync(path, body)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(restored.GetProperty("isActive").GetBoolean());
        Assert.Equal(3, restored.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task UpdateFaqEntry_StaleVersion409_MissingVersion400_UnknownId404()
    {
        await using var host = await GatewayHost.StartAsync(AdminTestData.NoJobs);
        using var admin = await AdminTestData.BearerClientAsync(host, "system_admin");
        var example = await ExampleAsync(admin, "居住证");
        var id = example.GetProperty("id").GetInt64();
        var body = Body(example);
        body["answer"] = "第一位管理员的答案";
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/faq-entries/{id}", body)).StatusCode);

        body["answer"] = "第二位管理员的答案"; // still holds version 1
        var stale = await admin.PutAsJsonAsync($"/api/faq-entries/{id}", body);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal("版本冲突", (await stale.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        body.Remove("version");
        Assert.Equal("version", await FieldErrorAsync(await admin.PutAsJsonAsync($"/api/faq-entries/{id}", body)));
        body["version"] = 2;
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PutAsJsonAsync("/api/faq-entries/987654", body)).StatusCode);

        Assert.Equal("第一位管理员的答案", (await EntryAsync(admin, e => e.GetProperty("id").GetInt64() == id)).GetProperty("answer").GetString());
        Assert.Single(await host.Services.GetRequiredService<AuditLogRepository>().ListAsync("faq_entry", 10));
    }

    [Fact]
    public async Task UpdateFaqEntry_InvalidFields_400NamingTheFieldAndNothingChanged()
    {
        await using var host = await GatewayHost.StartAsync(AdminTestData.NoJobs);
        using var admin = await AdminTestData.BearerClientAsync(host, "system_admin");
        var (example, path) = await ExampleAndPathAsync(admin, "疫苗");
        foreach (var (field, value, expected) in new (string, object?, string)[]
                 {
                     ("question", new string('问', 201), "question"), ("question", "  ", "question"), ("answer", "", "answer"),
                     ("answer", new string('答', 2001), "answer"), ("keywords", new[] { " ", "" }, "keywords"), ("keywords", null, "keywords"),
                 })
        {
            var body = Body(example);
            body[field] = value;
            Assert.Equal(expected, await FieldErrorAsync(await admin.PutAsJsonAsync(path, body)));
        }
        Assert.Equal(1, (await ExampleAsync(admin, "疫苗")).GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task UpdateFaqEntry_ScopedAdmin_EditsOnlyEntriesInScopeAndCannotMoveThemOutOrMakeThemGlobal()
    {
        await using var host = await GatewayHost.StartAsync(AdminTestData.NoJobs);
        await AdminTestData.SeedDemoAsync(host);
        using var system = await AdminTestData.BearerClientAsync(host, "system_admin");
        var eastEntry = await CreateAsync(system, "东苑停车证怎么办", await GridIdAsync(host, "DH-E-G1"));
        var westEntry = await CreateAsync(system, "西苑停车证怎么办", await GridIdAsync(host, "DH-W-G1"));
        var global = await ExampleAsync(system, "低保");
        using var east = await AdminTestData.BearerClientAsync(host, "community_admin", "DH-E");

        // Out of scope: another community's entry and an entry for every grid (listed to the scoped admin, not theirs to edit).
        Assert.Equal(HttpStatusCode.NotFound, (await east.PutAsJsonAsync($"/api/faq-entries/{westEntry.GetProperty("id").GetInt64()}", Body(westEntry))).StatusCode);
        Assert.Contains((await east.GetFromJsonAsync<JsonElement>("/api/faq-entries")).EnumerateArray(), e => e.GetProperty("id").GetInt64() == global.GetProperty("id").GetInt64());
        Assert.Equal(HttpStatusCode.NotFound, (await east.PutAsJsonAsync($"/api/faq-entries/{global.GetProperty("id").GetInt64()}", Body(global))).StatusCode);

        // Its own entry: not to every grid, not to the other community.
        var path = $"/api/faq-entries/{eastEntry.GetProperty("id").GetInt64()}";
        var body = Body(eastEntry);
        body["gridId"] = null;
        Assert.Equal("gridId", await FieldErrorAsync(await east.PutAsJsonAsync(path, body)));
        body["gridId"] = await GridIdAsync(host, "DH-W");
        Assert.Equal("gridId", await FieldErrorAsync(await east.PutAsJsonAsync(path, body)));

        // Within the subtree: to the community itself.
        body["gridId"] = await GridIdAsync(host, "DH-E");
        body["answer"] = "东苑社区居委会一楼办理停车证";
        var moved = await east.PutAsJsonAsync(path, body);
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal(await GridIdAsync(host, "DH-E"), (await moved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("gridId").GetInt64());
        Assert.Equal(1, (await EntryAsync(system, e => e.GetProperty("id").GetInt64() == westEntry.GetProperty("id").GetInt64())).GetProperty("version").GetInt32());
        Assert.Equal(1, (await ExampleAsync(system, "低保")).GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task UpdateFaqEntry_EditedAnswerIsWhatResidentsGetNext_RetiredEntryIsNeverAnswered()
    {
        await using var world = await SandboxWorld.StartAsync();
        using var admin = await AdminTestData.BearerClientAsync(world.Gateway, "system_admin");
        var (example, path) = await ExampleAndPathAsync(admin, "医保");

        // The first question loads the entries into the gateway's reference cache and is answered from the shipped example.
        await world.SayInGroupAsync(SandboxWorld.EastGroup, SandboxWorld.ResidentLi, InsuranceQuestion);
        await world.WaitForSentAsync(r => r.ChatId == SandboxWorld.EastGroup && r.Text!.Contains("【示例"));

        var body = Body(example);
        body["answer"] = "城乡居民医保请到东苑社区服务中心二楼3号窗口缴纳。";
        var edited = await (await admin.PutAsJsonAsync(path, body)).Content.ReadFromJsonAsync<JsonElement>();
        var mark = await world.MarkAsync();
        await world.SayInGroupAsync(SandboxWorld.EastGroup, SandboxWorld.ResidentWang, InsuranceQuestion);
        var answer = await world.WaitForSentAsync(r => r.ChatId == SandboxWorld.EastGroup && r.Text!.Contains("二楼3号窗口"), mark);
        Assert.DoesNotContain("【示例", answer.Text);

        body["isActive"] = false;
        body["version"] = edited.GetProperty("version").GetInt32();
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync(path, body)).StatusCode);
        mark = await world.MarkAsync();
        await world.SayInGroupAsync(SandboxWorld.EastGroup, SandboxWorld.ResidentQian, InsuranceQuestion);
        await world.WaitForSentAsync(r => r.ChatId == SandboxWorld.EastGroup && r.Text!.Contains("咨询已记录"), mark);
        Assert.DoesNotContain(await world.SentSinceAsync(mark), r => r.Text!.Contains("二楼3号窗口"));
        Assert.Equal(1, await world.QueryAsync<long>("select count(*) from work_order where type = 'query'"));
        Assert.Equal(2, await world.QueryAsync<long>("select count(*) from faq_answer"));
    }
}
