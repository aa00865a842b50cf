using System.Text.Json.Serialization;

namespace GridLine.WeCom.Api.Models;

/// <summary>Body of <c>POST externalcontact/groupchat/get</c> (read-only despite the POST).</summary>
public sealed record CgibinExternalContactGroupChatGetRequest(
    [property: JsonPropertyName("chat_id")] string ChatId,
    [property: JsonPropertyName("need_name")] int NeedName = 1);

/// <summary>Answer of <c>externalcontact/groupchat/get</c>.</summary>
public sealed record CgibinExternalContactGroupChatGetResponse : WeComResponse
{
    [JsonPropertyName("group_chat")] public GroupChat? GroupChat { get; init; }
}

/// <summary>A customer group: name, owner, members and admins.</summary>
public sealed record GroupChat
{
    [JsonPropertyName("chat_id")] public string ChatId { get; init; } = "";
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("owner")] public string? Owner { get; init; }
    [JsonPropertyName("create_time")] public long CreateTime { get; init; }
    [JsonPropertyName("notice")] public string? Notice { get; init; }
    [JsonPropertyName("member_list")] public IReadOnlyList<GroupChatMember> MemberList { get; init; } = [];
    [JsonPropertyName("admin_list")] public IReadOnlyList<GroupChatAdmin> AdminList { get; init; } = [];
    [JsonPropertyName("member_version")] public string? MemberVersion { get; init; }
}

/// <summary>A group member; <see cref="Type"/> 1 = corp member, 2 = external contact.</summary>
public sealed record GroupChatMember
{
    [JsonPropertyName("userid")] public string UserId { get; init; } = "";
    [JsonPropertyName("type")] public int Type { get; init; }
    [JsonPropertyName("join_time")] public long JoinTime { get; init; }
    [JsonPropertyName("join_scene")] public int JoinScene { get; init; }
    [JsonPropertyName("group_nickname")] public string? GroupNickname { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
}

/// <summary>A group admin.</summary>
public sealed record GroupChatAdmin([property: JsonPropertyName("userid")] string UserId);
