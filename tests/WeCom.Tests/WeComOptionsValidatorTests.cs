namespace GridLine.WeCom.Tests;

public class WeComOptionsValidatorTests
{
    private const string Key = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";

    [Fact]
    public void Validate_DefaultsWithOneAppAndBot_Succeeds()
    {
        var options = new WeComOptions
        {
            CorpId = "ww1",
            Apps = [new() { Name = "main", AgentId = 1000002, Token = "t", EncodingAesKey = Key }],
            Bots = [new() { Name = "grid", Token = "t", EncodingAesKey = Key }],
        };

        Assert.True(new WeComOptionsValidator().Validate(null, options).Succeeded);
    }

    [Theory]
    [InlineData("short", "WeCom:Apps:0:EncodingAesKey must be 43 characters")]
    [InlineData("jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2!", "WeCom:Apps:0:EncodingAesKey is not valid Base64")]
    public void Validate_BadAppKey_MessageNamesSetting(string key, string expected)
    {
        var options = new WeComOptions { CorpId = "ww1", Apps = [new() { Name = "main", AgentId = 1000002, Token = "t", EncodingAesKey = key }] };

        var result = new WeComOptionsValidator().Validate(null, options);

        Assert.Contains(expected, result.FailureMessage);
    }

    [Fact]
    public void Validate_AppsWithoutCorpIdDuplicateBotNamesNegativeWindow_EveryProblemNamed()
    {
        var options = new WeComOptions
        {
            Apps = [new() { Name = "main", AgentId = 1000002, Token = "t", EncodingAesKey = Key }],
            Bots = [new() { Name = "grid", Token = "t", EncodingAesKey = Key }, new() { Name = "GRID", Token = "", EncodingAesKey = Key }],
            CallbackTimestampWindowSeconds = -1,
            BaseUrl = "qyapi.weixin.qq.com",
        };

        var message = new WeComOptionsValidator().Validate(null, options).FailureMessage;

        Assert.Contains("WeCom:CorpId", message);
        Assert.Contains("WeCom:Bots:1:Name", message);
        Assert.Contains("WeCom:Bots:1:Token", message);
        Assert.Contains("WeCom:CallbackTimestampWindowSeconds", message);
        Assert.Contains("WeCom:BaseUrl", message);
    }

    [Fact]
    public void Validate_SendOnlyApp_SucceedsWithoutCallbackSettings()
    {
        var options = new WeComOptions { CorpId = "ww1", Apps = [new() { Name = "main", AgentId = 1000002, Secret = "s" }] };

        Assert.True(new WeComOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void Validate_AppWithNeitherSecretNorCallbackNorAgentId_BothProblemsNamed()
    {
        var options = new WeComOptions { CorpId = "ww1", Apps = [new() { Name = "main" }] };

        var message = new WeComOptionsValidator().Validate(null, options).FailureMessage;

        Assert.Contains("WeCom:Apps:0:AgentId", message);
        Assert.Contains("WeCom:Apps:0 needs a Secret", message);
    }
}
