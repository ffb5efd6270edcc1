using CustomerRetention.Api.Tests.Support;
using CustomerRetention.Application.Segmentation;
using CustomerRetention.Infrastructure.BuildingBlocks.Jobs;
using CustomerRetention.Infrastructure.Segmentation;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerRetention.Api.Tests.Segmentation;

/// <summary>
/// Several API instances on one database run every queued RFM run exactly once. Each test has a
/// database of its own (a run the first test leaves claimed must not count in the second).
/// </summary>
#pragma warning disable CA1001 // the factory is disposed by IAsyncLifetime.DisposeAsync, which xunit calls after each test
public sealed class RfmMultiInstanceTests : IAsyncLifetime
#pragma warning restore CA1001
{
    private readonly ApiFactory _api = new();

    public Task InitializeAsync() => _api.InitializeAsync();

    public Task DisposeAsync() => ((IAsyncLifetime)_api).DisposeAsync();

    private WebApplicationFactory<Program> Instance(bool worker) =>
        new TestHostFactory().WithWebHostBuilder(builder =>
        {
            ApiFactory.ConfigureTestHost(builder, _api.ConnectionString);
            builder.UseSetting("Rfm:Worker", worker ? "true" : "false");
            builder.UseSetting("Rfm:PollSeconds", "0.2");
        });

    [Fact]
    public async Task Two_instances_claiming_the_same_queued_run_at_once_claim_it_once()
    {
        await using var first = Instance(worker: false);
        await using var second = Instance(worker: false);
        var client = first.CreateClient();
        var customer = await client.NewCustomerAsync("Claimed once");
        await client.AddOrderAsync(customer, DateTimeOffset.UtcNow.AddDays(-3), 10m);
        var run = await client.StartRunAsync(new { });

        // Twenty claim attempts from each instance, all at once.
        var attempts = Enumerable.Range(0, 40).Select(async i =>
        {
            var host = i % 2 == 0 ? first : second;
            await using var scope = host.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<JobRunner<RfmEngine, RfmRunJob>>().ClaimNextAsync($"instance-{i % 2}", CancellationToken.None);
        });
        var claimed = (await Task.WhenAll(attempts)).Where(id => id is not null).ToList();

        Assert.Equal([run["id"]!.GetValue<Guid>()], claimed);
        Assert.Equal("running", await _api.ScalarAsync<string>($"SELECT status FROM rfm_runs WHERE id = '{run["id"]}'"));
    }

    [Fact]
    public async Task Two_instances_with_workers_run_every_queued_run_exactly_once()
    {
        await using var first = Instance(worker: true);
        await using var second = Instance(worker: true);
        var a = first.CreateClient();
        var b = second.CreateClient();
        var customer = await a.NewCustomerAsync("Busy");
        await a.AddOrderAsync(customer, DateTimeOffset.UtcNow.AddDays(-5), 25m);

        var runs = new List<Guid>();
        for (var i = 0; i < 8; i++)
        {
            runs.Add((await (i % 2 == 0 ? a : b).StartRunAsync(new { }))["id"]!.GetValue<Guid>());
        }

        foreach (var id in runs)
        {
            var done = await a.WaitForRunAsync(id);
            Assert.Equal("succeeded", done["status"]!.GetValue<string>());
            Assert.Equal(1, done["scoredCustomers"]!.GetValue<int>());
        }

        // One partition per run, and one result row per run for the customer.
        Assert.Equal(8, await _api.ScalarAsync<int>("SELECT count(*) FROM pg_inherits WHERE inhparent = 'rfm_results'::regclass"));
        Assert.Equal(8, await _api.ScalarAsync<int>($"SELECT count(*) FROM rfm_results WHERE customer_id = '{customer}'"));
        Assert.Equal(0, await _api.ScalarAsync<int>("SELECT count(*) FROM rfm_runs WHERE status <> 'succeeded'"));
    }
}
