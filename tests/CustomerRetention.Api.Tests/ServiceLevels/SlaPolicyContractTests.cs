using System.Net;
using CustomerRetention.Api.Tests.Support;
using CustomerRetention.Application.ServiceLevels.Contracts;
using CustomerRetention.Domain.ServiceLevels.Contracts;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerRetention.Api.Tests.ServiceLevels;

/// <summary>
/// What the case SLA clocks will call: <see cref="ISlaPolicies"/> over the real database, with
/// policies made through the API — the first match, the default fallback, the clock of each mode,
/// and versions read back after a change and after a delete.
/// </summary>
public sealed class SlaPolicyContractTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    private async Task<T> WithPoliciesAsync<T>(Func<ISlaPolicies, Task<T>> use)
    {
        await using var scope = api.Services.CreateAsyncScope();
        return await use(scope.ServiceProvider.GetRequiredService<ISlaPolicies>());
    }

    private static readonly DateTimeOffset MondayAfternoon = new(2025, 1, 6, 16, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_first_matching_policy_applies_else_the_default_and_each_version_stays_readable()
    {
        var vip = await _client.CreatePolicyAsync(new
        {
            name = "VIP urgent",
            position = 1,
            conditions = new { priorities = new[] { "urgent" }, segments = new[] { "champions" } },
            hoursMode = "calendar",
            targets = new[] { new { metric = "first-response", priority = "urgent", minutes = 5 } },
        });
        var vipId = Guid.Parse(vip.Str("id")!);

        var champion = await WithPoliciesAsync(p => p.SelectAsync(new SlaFacts("urgent", "complaint", "email", "champions", ["vip"]), CancellationToken.None));
        Assert.Equal(vipId, champion.PolicyId);
        Assert.Equal(1, champion.PolicyVersion);
        Assert.Equal(5, champion.MinutesFor(SlaMetricNames.FirstResponse, "urgent"));
        Assert.Null(champion.MinutesFor(SlaMetricNames.Resolution, "urgent"));

        // Calendar mode: Monday 16:30 + 5 real minutes = 16:35.
        Assert.False(champion.Clock!.CountsBusinessMinutes);
        Assert.Equal(MondayAfternoon.AddMinutes(5), champion.Clock.DueAt(MondayAfternoon, 5));

        // Not a champion: the seeded default, business hours on the UTC calendar (Monday–Friday
        // 09:00–17:00). Monday 16:30 + 60 business minutes: 30 on Monday, 30 on Tuesday → 09:30.
        var other = await WithPoliciesAsync(p => p.SelectAsync(new SlaFacts("urgent", "complaint", "email", "at-risk", []), CancellationToken.None));
        Assert.Equal(Guid.Parse(ServiceLevelApi.DefaultPolicyId), other.PolicyId);
        Assert.Equal("business", other.HoursMode);
        Assert.Equal(60, other.MinutesFor(SlaMetricNames.FirstResponse, "urgent"));
        Assert.Equal(new DateTimeOffset(2025, 1, 7, 9, 30, 0, TimeSpan.Zero), other.Clock!.DueAt(MondayAfternoon, 60));

        // Warn at 75 % of 60 business minutes (45): 30 on Monday, 15 on Tuesday → 09:15.
        Assert.Equal(new DateTimeOffset(2025, 1, 7, 9, 15, 0, TimeSpan.Zero), other.Clock.WarnAt(MondayAfternoon, 60, other.WarnAtPercent));

        // Paused Monday 16:30 → Tuesday 10:00 (30 + 60 business minutes): the due time moves 90 business minutes.
        var pausedTo = new DateTimeOffset(2025, 1, 7, 10, 0, 0, TimeSpan.Zero);
        Assert.Equal(TimeSpan.FromMinutes(90), other.Clock.Elapsed(MondayAfternoon, pausedTo));
        Assert.Equal(TimeSpan.FromMinutes(1050), other.Clock.CalendarElapsed(MondayAfternoon, pausedTo));
        Assert.Equal(new DateTimeOffset(2025, 1, 7, 11, 0, 0, TimeSpan.Zero), other.Clock.ExtendByPause(new DateTimeOffset(2025, 1, 7, 9, 30, 0, TimeSpan.Zero), MondayAfternoon, pausedTo));

        // A change makes version 2; version 1 still reads as it was, also after the policy is deleted.
        using (var changed = await _client.PutJsonAsync($"/api/v1/sla-policies/{vipId}", new
        {
            name = "VIP urgent",
            position = 1,
            conditions = new { priorities = new[] { "urgent" }, segments = new[] { "champions" } },
            hoursMode = "calendar",
            targets = new[] { new { metric = "first-response", priority = "urgent", minutes = 10 } },
        }))
        {
            Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        }

        Assert.Equal(2, (await WithPoliciesAsync(p => p.SelectAsync(new SlaFacts("urgent", "return", "phone", "champions", []), CancellationToken.None))).PolicyVersion);
        using (var deleted = await _client.DeleteAsync($"/api/v1/sla-policies/{vipId}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        var first = await WithPoliciesAsync(p => p.GetVersionAsync(vipId, 1, CancellationToken.None));
        var second = await WithPoliciesAsync(p => p.GetVersionAsync(vipId, 2, CancellationToken.None));
        Assert.Equal(5, first!.MinutesFor(SlaMetricNames.FirstResponse, "urgent"));
        Assert.Equal(10, second!.MinutesFor(SlaMetricNames.FirstResponse, "urgent"));
        Assert.Null(await WithPoliciesAsync(p => p.GetVersionAsync(vipId, 3, CancellationToken.None)));
        Assert.Equal(
            Guid.Parse(ServiceLevelApi.DefaultPolicyId),
            (await WithPoliciesAsync(p => p.SelectAsync(new SlaFacts("urgent", "complaint", "email", "champions", []), CancellationToken.None))).PolicyId);
    }
}
