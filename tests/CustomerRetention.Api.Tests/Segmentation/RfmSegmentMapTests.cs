using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Support;

namespace CustomerRetention.Api.Tests.Segmentation;

public sealed class RfmSegmentMapTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    private static List<(int R, int F, string Segment)> Cells(JsonNode? cells) =>
        cells!.AsArray().Select(c => (c!["r"]!.GetValue<int>(), c["f"]!.GetValue<int>(), c["segment"]!.GetValue<string>())).ToList();

    private static object Body(IEnumerable<(int R, int F, string Segment)> cells) =>
        new { cells = cells.Select(c => new { r = c.R, f = c.F, segment = c.Segment }).ToList() };

    private async Task<List<(int R, int F, string Segment)>> MapAsync() =>
        Cells((await _client.GetFromJsonAsync<JsonObject>("/api/v1/rfm/segment-map"))!["cells"]);

    private Task<HttpResponseMessage> PutAsync(object body) => _client.PutAsync("/api/v1/rfm/segment-map", Requests.Json(body));

    private Task<string> MapFingerprintAsync() =>
        api.ScalarAsync<string>("SELECT count(*) || ':' || coalesce(md5(string_agg(m::text, '|' ORDER BY r, f)), '') FROM rfm_segment_map m");

    /// <summary>A map with its own keys: r5-f1 … r1-f5, except that the two top cells stay champions.</summary>
    private static string Custom(int r, int f) => r == 5 && f >= 4 ? "champions" : $"r{r}-f{f}";

    [Fact]
    public async Task The_segment_map_is_the_grid_of_the_spec()
    {
        Assert.Equal(RfmReference.DefaultCells, await MapAsync());
    }

    [Fact]
    public async Task A_replaced_map_is_used_by_later_runs_while_earlier_runs_keep_the_map_they_used()
    {
        var scenario = new RfmScenario(_client);
        for (var i = 0; i < 15; i++)
        {
            var orders = Enumerable.Range(0, 1 + (i % 5))
                .Select(k => (RfmScenarioTimes.DaysBefore((i * 17) + (k * 3) + 0.5), 10m + (i * 7 % 11) + k))
                .ToArray();
            await scenario.CustomerAsync($"Mapped {i}", orders);
        }

        var before = await _client.RunAsync(RfmScenarioTimes.Run());
        var custom = RfmReference.DefaultCells.Select(c => (c.R, c.F, Segment: Custom(c.R, c.F))).ToList();
        try
        {
            using (var put = await PutAsync(Body(custom)))
            {
                Assert.Equal(HttpStatusCode.OK, put.StatusCode);
                Assert.Equal(custom, Cells((await put.ReadObjectAsync())["cells"]));
            }

            Assert.Equal(custom, await MapAsync());
            var after = await _client.RunAsync(RfmScenarioTimes.Run());

            Assert.Equal(custom, Cells(after["segmentMap"]));
            var expected = RfmReference.Compute(scenario.Orders, RfmScenarioTimes.AsOf, segmentOf: Custom);
            await _client.AssertRunMatchesAsync(expected, after);
            var summary = await _client.SegmentsAsync(RfmApi.IdOf(after));
            Assert.Equal(
                custom.Select(c => c.Segment).Distinct().Order(StringComparer.Ordinal),
                summary["segments"]!.AsArray().Select(s => s!["segment"]!.GetValue<string>()).Order(StringComparer.Ordinal));

            // The earlier run still shows, and reads by, the map it used.
            var old = (await _client.GetFromJsonAsync<JsonObject>($"/api/v1/rfm/runs/{RfmApi.IdOf(before)}"))!;
            Assert.Equal(RfmReference.DefaultCells, Cells(old["segmentMap"]));
            await _client.AssertRunMatchesAsync(RfmReference.Compute(scenario.Orders, RfmScenarioTimes.AsOf), old);

            // A segment outside a run's map is not found in that run.
            using (var notInNew = await _client.GetAsync($"/api/v1/rfm/segments/lost/customers?runId={RfmApi.IdOf(after)}"))
            {
                await notInNew.AssertProblemAsync(404);
            }

            using (var notInOld = await _client.GetAsync($"/api/v1/rfm/segments/r1-f1/customers?runId={RfmApi.IdOf(before)}"))
            {
                await notInOld.AssertProblemAsync(404);
            }

            // The latest run's segments are what the customer list filters by.
            var largest = expected.Scores.Values.GroupBy(s => s.Segment).MaxBy(g => g.Count())!;
            Assert.Equal(largest.Select(s => s.CustomerId).Order(), (await _client.ListCustomerIdsAsync($"segment={largest.Key}")).Order());
        }
        finally
        {
            using var restore = await PutAsync(Body(RfmReference.DefaultCells));
            Assert.Equal(HttpStatusCode.OK, restore.StatusCode);
        }

        Assert.Equal(RfmReference.DefaultCells, await MapAsync());
    }

    public static TheoryData<string, string> InvalidMaps()
    {
        static string Json(IEnumerable<(int R, int F, string Segment)> cells) =>
            System.Text.Json.JsonSerializer.Serialize(Body(cells), Requests.JsonOptions);

        var cells = RfmReference.DefaultCells;
        return new TheoryData<string, string>
        {
            { "24 cells", Json(cells.Skip(1)) },
            { "26 cells", Json(cells.Append((1, 1, "lost"))) },
            { "a duplicate (r, f)", Json(cells.Take(24).Append(cells[0])) },
            { "r = 6", Json(cells.Select(c => c.R == 5 && c.F == 1 ? (6, 1, c.Segment) : c)) },
            { "f = 0", Json(cells.Select(c => c.R == 1 && c.F == 1 ? (1, 0, c.Segment) : c)) },
            { "Champions", Json(cells.Select(c => c.Segment == "champions" ? (c.R, c.F, "Champions") : c)) },
            { "cant lose", Json(cells.Select(c => c.Segment == "cant-lose-them" ? (c.R, c.F, "cant lose") : c)) },
            { "an empty key", Json(cells.Select(c => c.Segment == "lost" ? (c.R, c.F, string.Empty) : c)) },
            { "a key with a trailing newline", Json(cells.Select(c => c.Segment == "lost" ? (c.R, c.F, "lost\n") : c)) },
            { "no cells", "{}" },
            { "cells null", """{"cells":null}""" },
        };
    }

    [Theory]
    [MemberData(nameof(InvalidMaps))]
    public async Task An_invalid_map_is_refused_with_400_naming_cells_and_the_map_is_unchanged(string because, string json)
    {
        var before = await MapFingerprintAsync();

        using var response = await _client.PutAsync("/api/v1/rfm/segment-map", Requests.Json(json));
        var problem = await response.AssertProblemAsync(400);

        Assert.True(problem.ErrorKeys().Any(k => k.StartsWith("cells", StringComparison.Ordinal)), $"{because}: {problem.ToJsonString()}");
        Assert.Equal(before, await MapFingerprintAsync());
        Assert.Equal(RfmReference.DefaultCells, await MapAsync());
    }

    [Fact]
    public async Task Unknown_members_of_a_map_or_its_cells_are_refused_by_name()
    {
        var before = await MapFingerprintAsync();
        var cells = RfmReference.DefaultCells.Select(c => new Dictionary<string, object> { ["r"] = c.R, ["f"] = c.F, ["segment"] = c.Segment }).ToList();
        cells[3]["name"] = "Champions";

        using (var response = await PutAsync(new { cells, version = 2 }))
        {
            var problem = await response.AssertProblemAsync(400);
            Assert.Contains("version", problem.ErrorKeys());
            Assert.Contains("cells[3].name", problem.ErrorKeys());
        }

        Assert.Equal(before, await MapFingerprintAsync());
    }
}
