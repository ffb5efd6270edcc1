using CustomerRetention.Api.Tests.BuildingBlocks;
using CustomerRetention.Api.Tests.Segmentation;
using CustomerRetention.Api.Tests.Support;
using CustomerRetention.Api.Tests.Value;

namespace CustomerRetention.Api.Tests.Events;

/// <summary>RFM runs and CLV models append their outcome to the event log in the transaction that records it.</summary>
public sealed class JobEventTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task A_succeeded_run_appends_run_succeeded_with_its_count_as_the_system()
    {
        var head = await EventFeed.HeadAsync(_client);
        var customer = await _client.NewCustomerAsync("Scored");
        await _client.AddOrderAsync(customer, DateTimeOffset.UtcNow.AddDays(-3), 20m);

        var run = await _client.RunAsync(new { });

        var (events, _) = await EventFeed.ReadAsync(_client, head, "types=rfm.*");
        Assert.Equal(["rfm.run-requested", "rfm.run-succeeded"], events.Select(e => e.Type()));
        var succeeded = events[1];
        Assert.Equal(RfmApi.IdOf(run), succeeded.ResourceId());
        Assert.Equal("system", succeeded["actor"]!.GetValue<string>());
        Assert.Equal(run["scoredCustomers"]!.GetValue<int>(), succeeded["data"]!["scoredCustomers"]!.GetValue<int>());
        Assert.Equal(1, succeeded["data"]!["scoredCustomers"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_job_of_an_instance_that_stopped_appends_its_failure_with_the_reason()
    {
        var run = Guid.CreateVersion7();
        await api.ExecuteAsync(
            $"""
            INSERT INTO rfm_runs (id, status, as_of, policy, created_at, started_at, heartbeat_at, claimed_by, progress)
            VALUES ('{run}', 'running', now(), 'quantile', now() - interval '1 hour', now() - interval '1 hour', now() - interval '1 hour', 'gone-host', 0.4)
            """);
        var head = await EventFeed.HeadAsync(_client);

        var failed = await _client.WaitForRunAsync(run, TimeSpan.FromSeconds(60));

        Assert.Equal("failed", failed["status"]!.GetValue<string>());
        var (events, _) = await EventFeed.ReadAsync(_client, head, "types=rfm.run-failed");
        var e = Assert.Single(events);
        Assert.Equal(run, e.ResourceId());
        Assert.Equal(failed["error"]!.GetValue<string>(), e["data"]!["error"]!.GetValue<string>());
    }
}

/// <summary>Failures inside a job's computation append <c>rfm.run-failed</c> / <c>clv.model-failed</c>; the run's own row and its event say the same.</summary>
public sealed class FailedJobEventTests(RefusedWorkMemApiFactory api) : IClassFixture<RefusedWorkMemApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task A_failed_run_and_a_failed_model_append_their_failure_events()
    {
        var head = await EventFeed.HeadAsync(_client);

        var run = await _client.WaitForRunAsync(RfmApi.IdOf(await _client.StartRunAsync(new { })));
        var model = await _client.FitAsync(new { calibrationEnd = "2020-01-01" });

        var (events, _) = await EventFeed.ReadAsync(_client, head, "types=rfm.run-failed,clv.model-failed");
        var runFailed = Assert.Single(events, e => e.Type() == "rfm.run-failed");
        var modelFailed = Assert.Single(events, e => e.Type() == "clv.model-failed");
        Assert.Equal(RfmApi.IdOf(run), runFailed.ResourceId());
        Assert.Equal(run["error"]!.GetValue<string>(), runFailed["data"]!["error"]!.GetValue<string>());
        Assert.Equal(RfmApi.IdOf(model), modelFailed.ResourceId());
        Assert.Equal(model["error"]!.GetValue<string>(), modelFailed["data"]!["error"]!.GetValue<string>());
    }
}
