using CustomerRetention.Api.Tests.Support;

namespace CustomerRetention.Api.Tests.Imports;

public sealed class CustomerImportSmokeTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task A_small_csv_imports()
    {
        var client = api.CreateClient();
        var done = await client.ImportAsync(ImportTestSupport.Csv("externalId,type,name,email,tags\r\ne-1,individual,Ada,ada@example.com,vip;x\r\ne-2,business,Bob,,\r\n,individual,,bad,\r\n"));
        Assert.Equal("succeeded", done["status"]!.GetValue<string>());
        Assert.Equal(2, done.Count("created"));
        Assert.Equal(1, done.Count("failed"));
        Assert.Equal(2, await api.ScalarAsync<long>("SELECT count(*) FROM customers"));
        Assert.Equal(2, await api.ScalarAsync<long>("SELECT count(*) FROM events WHERE type = 'customer.created'"));
    }
}
