using System.Text.Json.Nodes;

namespace GridLine.WeComSandbox.CgiBin;

/// <summary>A configured group in the shape of groupchat/get's group_chat.</summary>
internal static class GroupChatJson
{
    // A fixed creation time keeps answers stable between runs; member_version changes only with the configuration.
    private const long CreateTime = 1_735_689_600;

    public static JsonObject Of(SandboxGroupOptions group)
    {
        var members = new JsonArray();
        foreach (var m in group.Members)
            members.Add(new JsonObject
            {
                ["userid"] = m.UserId, ["type"] = m.Type, ["join_time"] = CreateTime, ["join_scene"] = 1,
                ["invitor"] = new JsonObject { ["userid"] = group.Owner }, ["group_nickname"] = "", ["name"] = m.Name,
            });
        var version = Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(
            System.Text.Encoding.UTF8.GetBytes(string.Join(',', group.Members.Select(m => m.UserId)))));
        return new JsonObject
        {
            ["chat_id"] = group.ChatId, ["name"] = group.Name, ["owner"] = group.Owner, ["create_time"] = CreateTime, ["notice"] = "",
            ["member_list"] = members,
            ["admin_list"] = new JsonArray(),
            ["member_version"] = version,
        };
    }
}
