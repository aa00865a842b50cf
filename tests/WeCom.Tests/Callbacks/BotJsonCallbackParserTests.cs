using GridLine.WeCom.Callbacks;

namespace GridLine.WeCom.Tests.Callbacks;

public class BotJsonCallbackParserTests
{
    [Fact]
    public void Parse_GroupTextWithQuote_RawAndStrippedContentAndQuote()
    {
        const string json = """{"msgid":"CAIQ16HMjQYY/NGagIOAgAMgq4KM0AI=","aibotid":"AIBOTID","chatid":"CHATID","chattype":"group","from":{"userid":"USERID"},"response_url":"RESPONSEURL","msgtype":"text","text":{"content":"@RobotA hello robot"},"quote":{"msgtype":"text","text":{"content":"这是今日的测试情况"}}}""";

        var text = Assert.IsType<BotTextMessage>(BotJsonCallbackParser.Parse(json).Value);

        Assert.Equal(("@RobotA hello robot", "hello robot"), (text.RawContent, text.Text));
        Assert.Equal(("CHATID", "USERID", "group", "AIBOTID", "RESPONSEURL"), (text.ChatId, text.SenderId, text.Header.ChatType, text.Header.AiBotId, text.Header.ResponseUrl));
        Assert.Equal("msg|CAIQ16HMjQYY/NGagIOAgAMgq4KM0AI=", text.DedupeKey);
        Assert.Equal(("text", "这是今日的测试情况"), (text.Quote!.MsgType, text.Quote.Text));
        Assert.Equal(json, text.RawJson);
    }

    [Theory]
    [InlineData("@小区助手\u2005楼道灯坏了", "楼道灯坏了")]
    [InlineData("@Bot\u3000 你好", "你好")]
    [InlineData("没有提及", "没有提及")]
    [InlineData("@Bot", "")]
    public void StripLeadingMention_Content_MentionRemoved(string content, string expected)
    {
        Assert.Equal(expected, BotJsonCallbackParser.StripLeadingMention(content));
    }

    [Fact]
    public void Parse_Mixed_ItemsInOrder()
    {
        const string json = """{"msgid":"m2","chattype":"single","from":{"userid":"u"},"msgtype":"mixed","mixed":{"msg_item":[{"msgtype":"text","text":{"content":"看这里"}},{"msgtype":"image","image":{"url":"https://img/1"}}]}}""";

        var mixed = Assert.IsType<BotMixedMessage>(BotJsonCallbackParser.Parse(json).Value);

        Assert.Equal([new BotMixedItem("text", "看这里", null), new BotMixedItem("image", null, "https://img/1")], mixed.Items);
        Assert.Null(mixed.ChatId);
    }

    [Fact]
    public void Parse_Image_Url()
    {
        var image = Assert.IsType<BotImageMessage>(BotJsonCallbackParser.Parse("""{"msgid":"m3","from":{"userid":"u"},"msgtype":"image","image":{"url":"https://img/2"}}""").Value);

        Assert.Equal("https://img/2", image.Url);
    }

    [Fact]
    public void Parse_StreamRefresh_StreamId()
    {
        var stream = Assert.IsType<BotStreamRefresh>(BotJsonCallbackParser.Parse("""{"msgid":"m4","from":{"userid":"u"},"msgtype":"stream","stream":{"id":"STREAMID"}}""").Value);

        Assert.Equal(("STREAMID", "stream"), (stream.StreamId, stream.Kind));
    }

    [Fact]
    public void Parse_EnterChatEvent_EventDedupeKeyFromSenderTimeKindChat()
    {
        var e = Assert.IsType<BotEnterChatEvent>(BotJsonCallbackParser.Parse("""{"msgid":"m5","create_time":1700000000,"aibotid":"b","from":{"userid":"u","corpid":"wwx"},"msgtype":"event","event":{"eventtype":"enter_chat"}}""").Value);

        Assert.Equal(("event:enter_chat", "evt|u|1700000000|event:enter_chat|", "wwx"), (e.Kind, e.DedupeKey, e.Header.FromCorpId));
    }

    [Fact]
    public void Parse_TemplateCardEvent_CardFields()
    {
        var e = Assert.IsType<BotTemplateCardEvent>(BotJsonCallbackParser.Parse("""{"msgid":"m6","create_time":1,"from":{"userid":"u"},"chatid":"c","msgtype":"event","event":{"eventtype":"template_card_event","template_card_event":{"card_type":"button_interaction","event_key":"accept","task_id":"t9"}}}""").Value);

        Assert.Equal(("button_interaction", "accept", "t9", "c"), (e.CardType, e.EventKey, e.TaskId, e.ChatId));
    }

    [Fact]
    public void Parse_FeedbackEvent_FeedbackFields()
    {
        var e = Assert.IsType<BotFeedbackEvent>(BotJsonCallbackParser.Parse("""{"msgid":"m7","create_time":1,"from":{"userid":"u"},"msgtype":"event","event":{"eventtype":"feedback_event","feedback_event":{"id":"fb1","type":2,"content":"不准确"}}}""").Value);

        Assert.Equal(("fb1", 2, "不准确"), (e.FeedbackId, e.FeedbackType, e.Content));
    }

    [Fact]
    public void Parse_UnknownEventType_GenericEvent()
    {
        var e = Assert.IsType<BotUnknownEvent>(BotJsonCallbackParser.Parse("""{"msgid":"m8","create_time":1,"from":{"userid":"u"},"msgtype":"event","event":{"eventtype":"disconnected_event"}}""").Value);

        Assert.Equal("event:disconnected_event", e.Kind);
    }

    [Fact]
    public void Parse_UnknownMsgType_GenericRecord()
    {
        var e = Assert.IsType<BotUnknownCallback>(BotJsonCallbackParser.Parse("""{"msgid":"m9","from":{"userid":"u"},"msgtype":"voice","voice":{"content":"语音转文字"}}""").Value);

        Assert.Equal(("voice", "msg|m9"), (e.Kind, e.DedupeKey));
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"msgid\":\"m\",\"msgtype\":\"text\"")]      // truncated
    [InlineData("[1,2]")]
    [InlineData("{\"msgid\":\"m\"}")]                           // no msgtype
    [InlineData("{\"msgtype\":\"text\",\"text\":{\"content\":\"x\"}}")] // no msgid
    [InlineData("{\"msgid\":\"m\",\"msgtype\":\"stream\",\"stream\":{}}")]
    [InlineData("{\"msgtype\":\"event\",\"event\":{\"eventtype\":\"enter_chat\"}}")] // no time, no msgid
    [InlineData("{\"msgid\":\"m\",\"msgtype\":\"event\",\"event\":\"enter_chat\"}")]
    [InlineData("{\"msgid\":5,\"msgtype\":[]}")]
    public void Parse_MalformedOrIncomplete_FailureResult(string json)
    {
        var result = BotJsonCallbackParser.Parse(json);

        Assert.False(result.Success);
        Assert.NotNull(result.Error);
    }

    [Fact]
    public void Parse_DeeplyNested_FailureNotStackOverflow()
    {
        var json = "{\"msgid\":\"m\",\"msgtype\":\"text\",\"x\":" + new string('[', 5000) + new string(']', 5000) + "}";

        Assert.False(BotJsonCallbackParser.Parse(json).Success);
    }

    [Theory]
    [InlineData("{\"encrypt\":\"abc\"}", true)]
    [InlineData("{\"encrypt\":1}", false)]
    [InlineData("{\"encrypt\":\"\"}", false)]
    [InlineData("{}", false)]
    [InlineData("\"abc\"", false)]
    [InlineData("{\"encrypt\":\"abc\"", false)]
    public void ParseEnvelope_Body_EncryptOrFailure(string json, bool success)
    {
        Assert.Equal(success, BotJsonCallbackParser.ParseEnvelope(json).Success);
    }
}
