using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Segmentation;
using CustomerRetention.Api.Tests.Support;

namespace CustomerRetention.Api.Tests.Surveys;

/// <summary>
/// The NPS analytics (SPEC §9.4) against an independent computation in C#: the worked example,
/// a few thousand generated responses grouped every way and per month, CSAT, and the grouping by
/// the segment at response after the customer moved segment.
/// </summary>
public sealed class NpsAnalyticsTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private static readonly string[] Segments = ["champions", "loyal-customers", "at-risk", "hibernating"];
    private static readonly string[] Stages = ["retention", "expansion", "contraction", "churned"];
    private static readonly string[] Channels = ["email", "sms", "web", "phone"];

    private readonly HttpClient _client = api.CreateClient();

    private sealed record Generated(Guid Survey, string? Segment, string Stage, string Channel, DateTimeOffset RespondedAt, int Score);

    [Fact]
    public async Task The_worked_example_50_30_20_is_nps_30_with_the_interval_14_7_to_45_3()
    {
        var survey = await _client.CreateSurveyAsync(name: "Worked example");
        var customer = await _client.CustomerAsync();
        var scores = Enumerable.Repeat(10, 50).Concat(Enumerable.Repeat(7, 30)).Concat(Enumerable.Repeat(2, 20));
        await InsertAsync("nps", customer, scores.Select(s => new Generated(survey["id"]!.GetValue<Guid>(), null, "retention", "email", new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero), s)));

        var result = await NpsAsync($"from=2025-01-01T00:00:00Z&to=2026-01-01T00:00:00Z&surveyId={survey["id"]}");

        var group = Assert.Single(result["groups"]!.AsArray())!;
        Assert.Equal("all", group.Text("key"));
        Assert.Equal(100, group["responses"]!.GetValue<int>());
        Assert.Equal((50, 30, 20), (group["promoters"]!.GetValue<int>(), group["passives"]!.GetValue<int>(), group["detractors"]!.GetValue<int>()));
        Assert.Equal(30.0m, group["nps"]!.GetValue<decimal>());
        Assert.Equal(new[] { 14.7m, 45.3m }, group["ci95"]!.AsArray().Select(v => v!.GetValue<decimal>()).ToArray());
        Assert.Null(group["csat"]);
    }

    [Fact]
    public async Task Every_grouping_and_every_month_match_an_independent_computation_over_thousands_of_responses()
    {
        var surveys = new[] { await _client.CreateSurveyAsync(name: "Generated A"), await _client.CreateSurveyAsync(name: "Generated B") }.Select(s => s["id"]!.GetValue<Guid>()).ToArray();
        var customer = await _client.CustomerAsync();
        var random = new Random(20261202);
        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var generated = Enumerable.Range(0, 3000).Select(_ => new Generated(
            surveys[random.Next(surveys.Length)],
            random.Next(5) == 0 ? null : Segments[random.Next(Segments.Length)],
            Stages[random.Next(Stages.Length)],
            Channels[random.Next(Channels.Length)],
            start.AddMinutes(random.Next(0, 366 * 24 * 60)),
            random.Next(0, 11))).ToList();
        await InsertAsync("nps", customer, generated);

        var from = new DateTimeOffset(2024, 2, 1, 0, 0, 0, TimeSpan.Zero);
        var to = new DateTimeOffset(2024, 11, 15, 0, 0, 0, TimeSpan.Zero);
        var inRange = generated.Where(g => g.RespondedAt >= from && g.RespondedAt < to).ToList();
        var groupings = new Dictionary<string, Func<Generated, string?>>
        {
            ["segment"] = g => g.Segment,
            ["stage"] = g => g.Stage,
            ["channel"] = g => g.Channel,
            ["survey"] = g => g.Survey.ToString(),
        };
        foreach (var (groupBy, keyOf) in groupings)
        {
            var result = await NpsAsync($"from=2024-02-01T00:00:00Z&to=2024-11-15T00:00:00Z&type=nps&groupBy={groupBy}");
            var groups = result["groups"]!.AsArray();
            var expected = inRange.GroupBy(keyOf).ToList();
            Assert.Equal(expected.Count, groups.Count);
            foreach (var group in expected)
            {
                var actual = Assert.Single(groups, g => g!["key"]?.GetValue<string>() == group.Key)!;
                AssertMatches(group.Select(g => g.Score).ToList(), actual, $"{groupBy}={group.Key}");
            }
        }

        var monthly = (await NpsAsync($"from=2024-02-01T00:00:00Z&to=2024-11-15T00:00:00Z&surveyId={surveys[0]}&groupBy=channel&interval=month"))["groups"]!.AsArray();
        Assert.Equal(Channels.Length * 10, monthly.Count); // February to November, every channel, empty months included
        foreach (var entry in monthly.Select(e => e!))
        {
            var month = DateTimeOffset.Parse(entry.Text("periodStart"), CultureInfo.InvariantCulture);
            var scores = inRange.Where(g => g.Survey == surveys[0] && g.Channel == entry.Text("key") && g.RespondedAt >= month && g.RespondedAt < month.AddMonths(1))
                .Select(g => g.Score).ToList();
            AssertMatches(scores, entry, $"{entry.Text("key")} {month:yyyy-MM}");
        }
    }

    [Fact]
    public async Task Csat_surveys_report_the_satisfied_share()
    {
        var survey = (await _client.CreateSurveyAsync(type: "csat", name: "Generated CSAT"))["id"]!.GetValue<Guid>();
        var customer = await _client.CustomerAsync();
        var random = new Random(7);
        var generated = Enumerable.Range(0, 1200).Select(_ => new Generated(survey, null, "retention", Channels[random.Next(Channels.Length)], new DateTimeOffset(2025, 5, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(random.Next(0, 40000)), random.Next(1, 6))).ToList();
        await InsertAsync("csat", customer, generated);

        var result = await NpsAsync($"from=2025-01-01T00:00:00Z&to=2026-01-01T00:00:00Z&surveyId={survey}&groupBy=channel");
        Assert.Equal("csat", result.Text("type"));
        foreach (var group in generated.GroupBy(g => g.Channel))
        {
            var actual = Assert.Single(result["groups"]!.AsArray(), g => g!.Text("key") == group.Key)!;
            var satisfied = group.Count(g => g.Score >= 4);
            Assert.Equal(group.Count(), actual["responses"]!.GetValue<int>());
            Assert.Equal(satisfied, actual["satisfied"]!.GetValue<int>());
            Assert.Equal(Math.Round(100m * satisfied / group.Count(), 1, MidpointRounding.AwayFromZero), actual["csat"]!.GetValue<decimal>());
            Assert.Null(actual["nps"]);
        }

        using var mismatch = await _client.GetAsync($"/api/v1/analytics/nps?from=2025-01-01T00:00:00Z&to=2026-01-01T00:00:00Z&surveyId={survey}&type=nps");
        Assert.Contains("type", (await mismatch.AssertProblemAsync(400)).ErrorKeys());
    }

    [Fact]
    public async Task Responses_stay_in_the_segment_the_customer_had_when_it_answered()
    {
        var survey = await _client.CreateSurveyAsync(name: "Segment at response");
        var client = new ApiClient(_client);
        var customer = await _client.CustomerAsync();
        for (var day = 1; day <= 6; day++)
        {
            await client.CreateOrderAsync(customer, new { orderedAt = $"2023-12-{day + 20:00}T10:00:00Z", amount = 300, status = "completed" });
        }

        var breakpoints = new { recencyDays = new[] { 30, 90, 180, 365 }, frequency = new[] { 1, 2, 3, 5 }, monetary = new[] { 25, 50, 100, 200 } };
        await _client.RunAsync(new { asOf = "2024-01-01T00:00:00Z", windowDays = 3650, policy = "fixed", breakpoints });
        var before = (await client.GetCustomerAsync(customer))["rfm"]!.Text("segment");
        var first = await _client.RespondAsync(customer, new { surveyId = survey["id"], score = 10 });
        Assert.Equal(before, first["snapshot"]!.Text("segment"));
        Assert.Equal("retention", first["snapshot"]!.Text("stage"));

        await _client.RunAsync(new { asOf = "2026-06-01T00:00:00Z", windowDays = 3650, policy = "fixed", breakpoints });
        var after = (await client.GetCustomerAsync(customer))["rfm"]!.Text("segment");
        Assert.NotEqual(before, after);
        var second = await _client.RespondAsync(customer, new { surveyId = survey["id"], score = 0 });
        Assert.Equal(after, second["snapshot"]!.Text("segment"));

        var now = DateTimeOffset.UtcNow;
        var range = "from=" + Stamp(now.AddDays(-1)) + "&to=" + Stamp(now.AddDays(1));
        var groups = (await NpsAsync($"{range}&surveyId={survey["id"]}&groupBy=segment"))["groups"]!.AsArray();
        var then = Assert.Single(groups, g => g!.Text("key") == before)!;
        Assert.Equal((1, 1, 100.0m), (then["responses"]!.GetValue<int>(), then["promoters"]!.GetValue<int>(), then["nps"]!.GetValue<decimal>()));
        var later = Assert.Single(groups, g => g!.Text("key") == after)!;
        Assert.Equal((1, 1, -100.0m), (later["responses"]!.GetValue<int>(), later["detractors"]!.GetValue<int>(), later["nps"]!.GetValue<decimal>()));
    }

    [Theory]
    [InlineData("to=2025-01-01T00:00:00Z", "from")]
    [InlineData("from=2025-01-01T00:00:00Z", "to")]
    [InlineData("from=2025-02-01T00:00:00Z&to=2025-01-01T00:00:00Z", "to")]
    [InlineData("from=2025-01-01T00:00:00Z&to=2026-01-01T00:00:00Z&groupBy=owner", "groupBy")]
    [InlineData("from=2025-01-01T00:00:00Z&to=2026-01-01T00:00:00Z&interval=year", "interval")]
    [InlineData("from=2000-01-01T00:00:00Z&to=2026-01-01T00:00:00Z&interval=day", "interval")]
    [InlineData("from=2025-01-01T00:00:00Z&to=2026-01-01T00:00:00Z&type=ces", "type")]
    public async Task Bad_queries_are_400_naming_the_parameter(string query, string member)
    {
        using var response = await _client.GetAsync($"/api/v1/analytics/nps?{query}");
        Assert.Contains(member, (await response.AssertProblemAsync(400)).ErrorKeys());
    }

    [Fact]
    public async Task No_responses_is_one_group_with_a_null_nps_and_viewers_may_read_it()
    {
        var survey = await _client.CreateSurveyAsync(name: "Unanswered");
        var group = Assert.Single((await NpsAsync($"from=2025-01-01T00:00:00Z&to=2025-02-01T00:00:00Z&surveyId={survey["id"]}", api.AsRole("viewer")))["groups"]!.AsArray())!;
        Assert.Equal(0, group["responses"]!.GetValue<int>());
        Assert.Null(group["nps"]);
        Assert.Null(group["ci95"]);
        using var integration = await api.AsRole("integration").GetAsync($"/api/v1/analytics/nps?from=2025-01-01T00:00:00Z&to=2025-02-01T00:00:00Z");
        await integration.AssertProblemAsync(403);
    }

    /// <summary>The expectation computed here, from the scores alone: counts, NPS, the interval (half away from zero to one decimal).</summary>
    private static void AssertMatches(List<int> scores, JsonNode actual, string what)
    {
        var n = scores.Count;
        var p = scores.Count(s => s >= 9);
        var d = scores.Count(s => s <= 6);
        Assert.True(n == actual["responses"]!.GetValue<int>(), what);
        Assert.True(p == actual["promoters"]!.GetValue<int>(), what);
        Assert.True(n - p - d == actual["passives"]!.GetValue<int>(), what);
        Assert.True(d == actual["detractors"]!.GetValue<int>(), what);
        if (n == 0)
        {
            Assert.Null(actual["nps"]);
            Assert.Null(actual["ci95"]);
            return;
        }

        var nps = 100.0 * (p - d) / n;
        var (ps, ds) = ((double)p / n, (double)d / n);
        var half = 1.96 * Math.Sqrt((ps + ds - ((ps - ds) * (ps - ds))) / n) * 100;
        Assert.True(Math.Round(100m * (p - d) / n, 1, MidpointRounding.AwayFromZero) == actual["nps"]!.GetValue<decimal>(), what);
        var ci = actual["ci95"]!.AsArray().Select(v => v!.GetValue<decimal>()).ToArray();
        Assert.True(Math.Round((decimal)Math.Max(-100, nps - half), 1, MidpointRounding.AwayFromZero) == ci[0], $"{what}: low {ci[0]}");
        Assert.True(Math.Round((decimal)Math.Min(100, nps + half), 1, MidpointRounding.AwayFromZero) == ci[1], $"{what}: high {ci[1]}");
    }

    private static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private async Task<JsonObject> NpsAsync(string query, HttpClient? client = null) =>
        JsonNode.Parse(await (client ?? _client).GetStringAsync($"/api/v1/analytics/nps?{query}"))!.AsObject();

    /// <summary>Writes generated responses straight into the table (one statement): the analytics read only what a response stores.</summary>
    private async Task InsertAsync(string type, Guid customer, IEnumerable<Generated> responses)
    {
        var values = new StringBuilder();
        foreach (var r in responses)
        {
            values.Append(values.Length == 0 ? string.Empty : ",\n").Append(CultureInfo.InvariantCulture,
                $"(gen_random_uuid(), '{r.Survey}', '{customer}', '{type}', 'Generated', {r.Score}, '{r.Channel}', '{r.RespondedAt:O}', 'agent', {(r.Segment is null ? "NULL" : $"'{r.Segment}'")}, '{r.Stage}', gen_random_uuid(), 'test', now())");
        }

        await api.ExecuteAsync(
            $"""
            INSERT INTO survey_responses (id, survey_id, customer_id, survey_type, survey_name, score, channel, responded_at, source, segment, stage, interaction_id, recorded_by, created_at)
            VALUES {values}
            """);
    }
}
