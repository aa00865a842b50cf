using GridLine.WeCom.Callbacks;

namespace GridLine.WeCom.Tests.Callbacks;

public class AppXmlCallbackParserTests
{
    [Fact]
    public void Parse_TextMessage_KeepsSixtyFourBitMsgIdExactly()
    {
        const string xml = "<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName>\n<FromUserName><![CDATA[mycreate]]></FromUserName>\n<CreateTime>1409659813</CreateTime>\n<MsgType><![CDATA[text]]></MsgType>\n<Content><![CDATA[hello]]></Content>\n<MsgId>4561255354251345929</MsgId>\n<AgentID>218</AgentID>\n</xml>";

        var text = Assert.IsType<AppTextMessage>(AppXmlCallbackParser.Parse(xml).Value);

        Assert.Equal(("mycreate", 1409659813L, "hello", "4561255354251345929", "218"), (text.FromUserName, text.CreateTime, text.Content, text.MsgId, text.AgentId));
        Assert.Equal("msg|4561255354251345929", text.DedupeKey);
        Assert.Equal(("text", "mycreate"), (text.Kind, text.SenderId));
    }

    [Fact]
    public void Parse_MsgIdAboveInt64Range_KeptAsString()
    {
        var xml = "<xml><FromUserName>u</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>x</Content><MsgId>18446744073709551615</MsgId></xml>";

        Assert.Equal("msg|18446744073709551615", AppXmlCallbackParser.Parse(xml).Value!.DedupeKey);
    }

    [Fact]
    public void Parse_ElementsInAnyOrderBareOrCdata_SameRecordValues()
    {
        var a = AppXmlCallbackParser.Parse("<xml><MsgId>7</MsgId><Content><![CDATA[楼道灯坏了]]></Content><MsgType>text</MsgType><CreateTime>5</CreateTime><FromUserName>zhang</FromUserName></xml>");
        var b = AppXmlCallbackParser.Parse("<xml><FromUserName><![CDATA[zhang]]></FromUserName><CreateTime>5</CreateTime><MsgType><![CDATA[text]]></MsgType><Content>楼道灯坏了</Content><MsgId><![CDATA[7]]></MsgId></xml>");

        var ta = Assert.IsType<AppTextMessage>(a.Value);
        var tb = Assert.IsType<AppTextMessage>(b.Value);
        Assert.Equal((ta.FromUserName, ta.Content, ta.MsgId, ta.CreateTime), (tb.FromUserName, tb.Content, tb.MsgId, tb.CreateTime));
    }

    [Fact]
    public void Parse_ImageMessage_ImageRecord()
    {
        var image = Assert.IsType<AppImageMessage>(AppXmlCallbackParser.Parse(
            "<xml><ToUserName>c</ToUserName><FromUserName>u</FromUserName><CreateTime>1</CreateTime><MsgType>image</MsgType><PicUrl>http://p/x.jpg</PicUrl><MediaId>m1</MediaId><MsgId>99</MsgId><AgentID>1</AgentID></xml>").Value);

        Assert.Equal(("http://p/x.jpg", "m1", "99", "image"), (image.PicUrl, image.MediaId, image.MsgId, image.Kind));
    }

    [Fact]
    public void Parse_ChangeExternalChatAddMember_AllFieldsAndMemberList()
    {
        const string xml = """
            <xml><ToUserName><![CDATA[ww55ca070cb9b7eb22]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName>
            <CreateTime>1403610513</CreateTime><MsgType><![CDATA[event]]></MsgType>
            <Event><![CDATA[change_external_chat]]></Event><ChatId><![CDATA[wrx7HUARsKwGRaQBVKPBTcEyzdHA4HrQ]]></ChatId>
            <ChangeType><![CDATA[update]]></ChangeType><UpdateDetail><![CDATA[add_member]]></UpdateDetail>
            <JoinScene>1</JoinScene><QuitScene>0</QuitScene><MemChangeCnt>10</MemChangeCnt>
            <MemChangeList><Item>Jack</Item><Item>Rose</Item></MemChangeList>
            <LastMemVer>9c3f97c2ada667dfb5f6d03308d963e1</LastMemVer><CurMemVer>71217227bbd112ecfe3a49c482195cb4</CurMemVer></xml>
            """;

        var e = Assert.IsType<ExternalChatChangeEvent>(AppXmlCallbackParser.Parse(xml).Value);

        Assert.Equal(("wrx7HUARsKwGRaQBVKPBTcEyzdHA4HrQ", "update", "add_member", 1, 0, 10), (e.ChatId, e.ChangeType, e.UpdateDetail, e.JoinScene, e.QuitScene, e.MemChangeCnt));
        Assert.Equal(["Jack", "Rose"], e.MemChangeList);
        Assert.Equal(("9c3f97c2ada667dfb5f6d03308d963e1", "71217227bbd112ecfe3a49c482195cb4"), (e.LastMemVer, e.CurMemVer));
        Assert.Equal("evt|sys|1403610513|event:change_external_chat|wrx7HUARsKwGRaQBVKPBTcEyzdHA4HrQ|update|add_member|71217227bbd112ecfe3a49c482195cb4", e.DedupeKey);
    }

    [Fact]
    public void Parse_ChangeExternalChatWithoutOptionalNodes_NullsAndEmptyList()
    {
        const string xml = "<xml><ToUserName>c</ToUserName><FromUserName>sys</FromUserName><CreateTime>1</CreateTime><MsgType>event</MsgType><Event>change_external_chat</Event><ChatId>wr1</ChatId><ChangeType>update</ChangeType><UpdateDetail>change_name</UpdateDetail></xml>";

        var e = Assert.IsType<ExternalChatChangeEvent>(AppXmlCallbackParser.Parse(xml).Value);

        Assert.Null(e.JoinScene);
        Assert.Null(e.QuitScene);
        Assert.Null(e.MemChangeCnt);
        Assert.Null(e.CurMemVer);
        Assert.Empty(e.MemChangeList);
    }

    [Fact]
    public void DedupeKey_ChangeExternalChatDifferentCurMemVer_Differs()
    {
        static string Key(string ver) => AppXmlCallbackParser.Parse($"<xml><FromUserName>sys</FromUserName><CreateTime>1</CreateTime><MsgType>event</MsgType><Event>change_external_chat</Event><ChatId>wr1</ChatId><ChangeType>update</ChangeType><UpdateDetail>add_member</UpdateDetail><CurMemVer>{ver}</CurMemVer></xml>").Value!.DedupeKey;

        Assert.NotEqual(Key("a"), Key("b"));
        Assert.Equal(Key("a"), Key("a"));
    }

    [Fact]
    public void Parse_ChangeExternalContactTransferFail_AllFields()
    {
        const string xml = "<xml><ToUserName>c</ToUserName><FromUserName>sys</FromUserName><CreateTime>2</CreateTime><MsgType>event</MsgType><Event>change_external_contact</Event><ChangeType>transfer_fail</ChangeType><UserID>zhangsan</UserID><ExternalUserID>wmABC</ExternalUserID><State>s</State><WelcomeCode>w</WelcomeCode><Source>DELETE_BY_TRANSFER</Source><FailReason>customer_refused</FailReason></xml>";

        var e = Assert.IsType<ExternalContactChangeEvent>(AppXmlCallbackParser.Parse(xml).Value);

        Assert.Equal(("transfer_fail", "zhangsan", "wmABC", "s", "w", "DELETE_BY_TRANSFER", "customer_refused"), (e.ChangeType, e.UserId, e.ExternalUserId, e.State, e.WelcomeCode, e.Source, e.FailReason));
        Assert.Equal("event:change_external_contact", e.Kind);
    }

    [Fact]
    public void Parse_TemplateCardEventWithSelectedItems_ItemsAndOptions()
    {
        const string xml = "<xml><ToUserName>c</ToUserName><FromUserName>lisi</FromUserName><CreateTime>3</CreateTime><MsgType>event</MsgType><Event>template_card_event</Event><EventKey>accept</EventKey><TaskId>t1</TaskId><CardType>vote_interaction</CardType><ResponseCode>rc</ResponseCode><AgentID>1</AgentID><SelectedItems><SelectedItem><QuestionKey>q1</QuestionKey><OptionIds><OptionId>o1</OptionId><OptionId>o2</OptionId></OptionIds></SelectedItem></SelectedItems></xml>";

        var e = Assert.IsType<TemplateCardEvent>(AppXmlCallbackParser.Parse(xml).Value);

        Assert.Equal(("accept", "t1", "vote_interaction", "rc"), (e.EventKey, e.TaskId, e.CardType, e.ResponseCode));
        var item = Assert.Single(e.SelectedItems);
        Assert.Equal("q1", item.QuestionKey);
        Assert.Equal(["o1", "o2"], item.OptionIds);
    }

    [Fact]
    public void Parse_TemplateCardEventWithoutSelectedItems_EmptyList()
    {
        var e = Assert.IsType<TemplateCardEvent>(AppXmlCallbackParser.Parse("<xml><FromUserName>u</FromUserName><CreateTime>3</CreateTime><MsgType>event</MsgType><Event>template_card_event</Event><EventKey>k</EventKey><TaskId>t</TaskId></xml>").Value);

        Assert.Empty(e.SelectedItems);
    }

    [Fact]
    public void Parse_EnterAgent_EnterAgentRecord()
    {
        var e = Assert.IsType<EnterAgentEvent>(AppXmlCallbackParser.Parse("<xml><FromUserName>u</FromUserName><CreateTime>4</CreateTime><MsgType>event</MsgType><Event>enter_agent</Event><EventKey></EventKey><AgentID>1</AgentID></xml>").Value);

        Assert.Equal("evt|u|4|event:enter_agent|", e.DedupeKey);
    }

    [Theory]
    [InlineData("<xml><FromUserName>u</FromUserName><CreateTime>5</CreateTime><MsgType>voice</MsgType><MediaId>m</MediaId><MsgId>77</MsgId></xml>", "voice", "msg|77")]
    [InlineData("<xml><FromUserName>u</FromUserName><CreateTime>5</CreateTime><MsgType>event</MsgType><Event>click</Event><EventKey>k</EventKey></xml>", "event:click", "evt|u|5|event:click|")]
    public void Parse_UnknownKind_GenericRecordWithRawFields(string xml, string kind, string dedupe)
    {
        var unknown = Assert.IsType<AppUnknownCallback>(AppXmlCallbackParser.Parse(xml).Value);

        Assert.Equal((kind, dedupe), (unknown.Kind, unknown.DedupeKey));
        Assert.Equal("u", unknown.Fields["FromUserName"]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("<xml><FromUserName>u</FromUserName><CreateTime>5</CreateTime><MsgType>text</MsgType>")] // truncated
    [InlineData("<xml><FromUserName>u</FromUserName><CreateTime>5</CreateTime></xml>")]                  // no MsgType
    [InlineData("<xml><FromUserName>u</FromUserName><CreateTime>soon</CreateTime><MsgType>text</MsgType><MsgId>1</MsgId></xml>")]
    [InlineData("<xml><FromUserName>u</FromUserName><CreateTime>5</CreateTime><MsgType>text</MsgType><Content>x</Content></xml>")] // no MsgId
    [InlineData("{\"msgtype\":\"text\"}")]
    [InlineData("<xml></xml><xml></xml>")]
    public void Parse_MalformedOrIncomplete_FailureResult(string xml)
    {
        var result = AppXmlCallbackParser.Parse(xml);

        Assert.False(result.Success);
        Assert.NotNull(result.Error);
    }

    [Fact]
    public void Parse_ExternalEntityPayload_RejectedWithoutReadingFile()
    {
        const string xxe = """<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><xml><FromUserName>&xxe;</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><MsgId>1</MsgId></xml>""";

        var result = AppXmlCallbackParser.Parse(xxe);

        Assert.False(result.Success);
        Assert.DoesNotContain("root:", result.Error);
    }

    [Fact]
    public void Parse_BillionLaughs_RejectedQuickly()
    {
        var entities = string.Concat(Enumerable.Range(1, 9).Select(i => $"<!ENTITY lol{i} \"{string.Concat(Enumerable.Repeat($"&lol{i - 1};", 10))}\">"));
        var bomb = $"<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY lol0 \"lol\">{entities}]><xml><Content>&lol9;</Content><FromUserName>u</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><MsgId>1</MsgId></xml>";
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var result = AppXmlCallbackParser.Parse(bomb);

        Assert.False(result.Success);
        Assert.True(watch.ElapsedMilliseconds < 1000, $"took {watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public void ParseEnvelope_ElementsInAnyOrder_EncryptAndAgentId()
    {
        var envelope = AppXmlCallbackParser.ParseEnvelope("<xml><AgentID><![CDATA[1000002]]></AgentID><Encrypt><![CDATA[abc+/=]]></Encrypt><ToUserName><![CDATA[ww1]]></ToUserName></xml>").Value;

        Assert.Equal(new AppCallbackEnvelope("ww1", "abc+/=", "1000002"), envelope);
    }

    [Fact]
    public void ParseEnvelope_NoEncrypt_Failure()
    {
        Assert.False(AppXmlCallbackParser.ParseEnvelope("<xml><ToUserName>ww1</ToUserName></xml>").Success);
    }
}
