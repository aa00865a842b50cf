using System.Text.Json;
using GridLine.WeCom.Callbacks;

namespace GridLine.WeCom.Tests.Callbacks;

public class AppCallbackPayloadTests
{
    [Fact]
    public void ToJson_ChangeExternalChat_FieldsListsAndRawXml()
    {
        const string xml = "<xml><FromUserName>sys</FromUserName><CreateTime>1</CreateTime><MsgType>event</MsgType><Event>change_external_chat</Event><ChatId>wr1</ChatId><ChangeType>update</ChangeType><MemChangeList><Item>Jack</Item></MemChangeList></xml>";
        var callback = AppXmlCallbackParser.Parse(xml).Value!;

        using var json = JsonDocument.Parse(AppCallbackPayload.ToJson(callback.Root, xml));

        Assert.Equal("wr1", json.RootElement.GetProperty("ChatId").GetString());
        Assert.Equal("Jack", json.RootElement.GetProperty("MemChangeList")[0].GetString());
        Assert.Equal(xml, json.RootElement.GetProperty("raw_xml").GetString());
    }
}
