using System.Globalization;
using GridLine.WeCom.Xml;

namespace GridLine.WeCom.Callbacks;

/// <summary>Parses decrypted app callbacks (and the encrypted envelope) by element name, keyed on MsgType and Event. Never throws on input.</summary>
public static class AppXmlCallbackParser
{
    /// <summary>Reads the POST body envelope: ToUserName, Encrypt, AgentID in any order.</summary>
    public static CallbackParseResult<AppCallbackEnvelope> ParseEnvelope(string xml)
    {
        var root = SafeXml.TryParse(xml, out var error);
        if (root is null) return CallbackParseResult<AppCallbackEnvelope>.Fail("malformed XML: " + error);
        var encrypt = root.ChildText("Encrypt");
        if (string.IsNullOrEmpty(encrypt)) return CallbackParseResult<AppCallbackEnvelope>.Fail("envelope has no Encrypt element");
        return CallbackParseResult<AppCallbackEnvelope>.Ok(new AppCallbackEnvelope(root.ChildText("ToUserName"), encrypt, root.ChildText("AgentID")));
    }

    /// <summary>Parses a decrypted callback into its typed record; unknown kinds become <see cref="AppUnknownCallback"/>.</summary>
    public static CallbackParseResult<AppCallback> Parse(string xml)
    {
        var root = SafeXml.TryParse(xml, out var error);
        if (root is null) return CallbackParseResult<AppCallback>.Fail("malformed XML: " + error);

        var msgType = root.ChildText("MsgType");
        var from = root.ChildText("FromUserName");
        if (string.IsNullOrEmpty(msgType)) return CallbackParseResult<AppCallback>.Fail("MsgType missing");
        if (from is null) return CallbackParseResult<AppCallback>.Fail("FromUserName missing");
        if (!long.TryParse(root.ChildText("CreateTime"), NumberStyles.None, CultureInfo.InvariantCulture, out var createTime))
            return CallbackParseResult<AppCallback>.Fail("CreateTime missing or not a number");

        var to = root.ChildText("ToUserName") ?? "";
        var agentId = root.ChildText("AgentID");
        var msgId = root.ChildText("MsgId");

        AppCallback? callback = msgType switch
        {
            "text" when msgId is { Length: > 0 } => new AppTextMessage(to, from, createTime, agentId, root, msgId, root.ChildText("Content") ?? ""),
            "image" when msgId is { Length: > 0 } => new AppImageMessage(to, from, createTime, agentId, root, msgId, root.ChildText("PicUrl"), root.ChildText("MediaId")),
            "event" => ParseEvent(root, to, from, createTime, agentId),
            _ => null,
        };
        if (callback is null && msgType is "text" or "image") return CallbackParseResult<AppCallback>.Fail("MsgId missing");
        return CallbackParseResult<AppCallback>.Ok(callback ?? Unknown(root, to, from, createTime, agentId, msgType, msgId));
    }

    private static AppCallback ParseEvent(XmlElementNode root, string to, string from, long createTime, string? agentId)
    {
        var eventName = root.ChildText("Event") ?? "";
        switch (eventName)
        {
            case "change_external_chat" when root.ChildText("ChatId") is { Length: > 0 } chatId && root.ChildText("ChangeType") is { Length: > 0 } changeType:
                return new ExternalChatChangeEvent(to, from, createTime, agentId, root, chatId, changeType,
                    root.ChildText("UpdateDetail"), Int(root, "JoinScene"), Int(root, "QuitScene"), Int(root, "MemChangeCnt"),
                    ItemTexts(root.Child("MemChangeList")), root.ChildText("LastMemVer"), root.ChildText("CurMemVer"));
            case "change_external_contact" when root.ChildText("ChangeType") is { Length: > 0 } changeType:
                return new ExternalContactChangeEvent(to, from, createTime, agentId, root, changeType,
                    root.ChildText("UserID"), root.ChildText("ExternalUserID"), root.ChildText("State"), root.ChildText("WelcomeCode"),
                    root.ChildText("Source"), root.ChildText("FailReason"));
            case "template_card_event":
                return new TemplateCardEvent(to, from, createTime, agentId, root, root.ChildText("EventKey"), root.ChildText("TaskId"),
                    root.ChildText("CardType"), root.ChildText("ResponseCode"), SelectedItems(root.Child("SelectedItems")));
            case "enter_agent":
                return new EnterAgentEvent(to, from, createTime, agentId, root, root.ChildText("EventKey"));
            default:
                return Unknown(root, to, from, createTime, agentId, "event:" + eventName, root.ChildText("MsgId"));
        }
    }

    private static AppUnknownCallback Unknown(XmlElementNode root, string to, string from, long createTime, string? agentId, string kind, string? msgId)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var child in root.Children) fields.TryAdd(child.Name, child.Text);
        return new AppUnknownCallback(to, from, createTime, agentId, root, kind, msgId, fields);
    }

    private static int? Int(XmlElementNode root, string name)
        => int.TryParse(root.ChildText(name), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static IReadOnlyList<string> ItemTexts(XmlElementNode? list)
        => list is null ? [] : list.Children.Select(c => c.Text).ToArray();

    // <SelectedItems><SelectedItem><QuestionKey/><OptionIds><OptionId/>…</OptionIds></SelectedItem>…</SelectedItems>
    private static IReadOnlyList<TemplateCardSelectedItem> SelectedItems(XmlElementNode? items)
        => items is null
            ? []
            : items.Children.Select(item => new TemplateCardSelectedItem(item.ChildText("QuestionKey"), ItemTexts(item.Child("OptionIds")))).ToArray();
}
