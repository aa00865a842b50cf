using GridLine.Handlers.Understanding;

namespace GridLine.Handlers.Tests.Understanding;

public class DetailExtractorTests
{
    [Fact]
    public void Extract_BuildingUnitRoomAndGate_AreLocations()
    {
        var d = DetailExtractor.Extract(TextNormalizer.Normalize("3号楼二单元502漏水 5栋也是 东门那边"));
        Assert.Contains("3号楼二单元502", d.Locations);
        Assert.Contains("5栋", d.Locations);
        Assert.Contains("东门", d.Locations);
    }

    [Fact]
    public void Extract_PhoneAndIdNumber_AreFoundSeparately()
    {
        var d = DetailExtractor.Extract("联系我13812341234 身份证110101199001011234");
        Assert.Equal(["13812341234"], d.Phones);
        Assert.Equal(["110101199001011234"], d.IdNumbers);
        Assert.Equal(["138****1234"], d.MaskedPhones);
        Assert.Equal(["110***********1234"], d.MaskedIdNumbers);
    }

    [Theory]
    [InlineData("工单号1024怎么样了", 1024)]
    [InlineData("#10233 有结果吗", 10233)]
    [InlineData("1045号工单没人签收", 1045)]
    [InlineData("单号:204812 麻烦看下", 204812)]
    public void Extract_OrderReference_IsParsed(string text, long number) =>
        Assert.Equal([number], DetailExtractor.Extract(TextNormalizer.Normalize(text)).OrderRefs);

    [Fact]
    public void Extract_PhoneNumber_IsNotAnOrderReference() =>
        Assert.Empty(DetailExtractor.Extract("电话13812341234").OrderRefs);

    [Fact]
    public void Extract_TimeWords_AreFound()
    {
        var d = DetailExtractor.Extract("昨天晚上又吵 已经三天了 每天早上都这样 一直没人管");
        Assert.Contains("昨天晚上", d.TimeWords);
        Assert.Contains("三天了", d.TimeWords);
        Assert.Contains("每天早上", d.TimeWords);
        Assert.Contains("一直", d.TimeWords);
    }

    [Fact]
    public void MaskText_PhonesAndIdsInsideText_AreMasked() =>
        Assert.Equal("电话138****1234 身份证110***********123x",
            Masking.MaskText("电话13812341234 身份证11010119900101123x"));
}
