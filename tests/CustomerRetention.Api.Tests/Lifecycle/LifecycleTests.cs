using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Support;

namespace CustomerRetention.Api.Tests.Lifecycle;

public sealed class LifecycleTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    /// <summary>SPEC §3's table of allowed manual transitions, written out independently of the code.</summary>
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["awareness"] = ["interest", "churned"],
        ["interest"] = ["decision", "awareness", "churned"],
        ["decision"] = ["retention", "interest", "churned"],
        ["retention"] = ["expansion", "contraction", "churned"],
        ["expansion"] = ["retention", "contraction", "churned"],
        ["contraction"] = ["retention", "expansion", "churned"],
        ["churned"] = ["retention", "awareness"],
    };

    private static readonly string[] Funnel = ["awareness", "interest", "decision", "retention", "expansion", "contraction", "churned"];

    private readonly ApiClient _api = api.CreateApiClient();

    private static DateTimeOffset Parse(JsonNode? node) => DateTimeOffset.Parse(node!.GetValue<string>(), CultureInfo.InvariantCulture);

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private Task<string> HistoryFingerprintAsync() =>
        api.ScalarAsync<string>("SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY id)), '') FROM stage_transitions t");

    [Fact]
    public async Task The_stage_graph_publishes_the_seven_stages_in_funnel_order_with_the_allowed_transitions()
    {
        var graph = await _api.Http.GetFromJsonAsync<JsonObject>("/api/v1/lifecycle/stages");
        var stages = graph!["stages"]!.AsArray().Select(s => s!.AsObject()).ToList();

        Assert.Equal(Funnel, stages.Select(s => s["key"]!.GetValue<string>()));
        Assert.Equal(Enumerable.Range(1, 7), stages.Select(s => s["order"]!.GetValue<int>()));
        foreach (var stage in stages)
        {
            var key = stage["key"]!.GetValue<string>();
            Assert.Equal(Allowed[key].Order(StringComparer.Ordinal), stage["allowedTransitions"]!.AsArray().Select(a => a!.GetValue<string>()).Order(StringComparer.Ordinal));
            Assert.False(string.IsNullOrWhiteSpace(stage["name"]!.GetValue<string>()));
            Assert.False(string.IsNullOrWhiteSpace(stage["description"]!.GetValue<string>()));
        }
    }

    [Fact]
    public async Task Creating_a_customer_records_its_initial_stage_as_the_first_history_entry()
    {
        var plain = await _api.CreateCustomerAsync(new { type = "individual", name = "New" });
        var imported = await _api.CreateCustomerAsync(new { type = "business", name = "Old", lifecycleStage = "expansion", stageEnteredAt = "2020-05-01T00:00:00Z" });

        var first = Assert.Single(await _api.TransitionHistoryAsync(plain["id"]!));
        Assert.Null(first["fromStage"]);
        Assert.Equal("awareness", first["toStage"]!.GetValue<string>());
        Assert.Equal("manual", first["source"]!.GetValue<string>());
        Assert.Equal(plain["stageEnteredAt"]!.GetValue<string>(), first["occurredAt"]!.GetValue<string>());

        var second = Assert.Single(await _api.TransitionHistoryAsync(imported["id"]!));
        Assert.Equal("expansion", second["toStage"]!.GetValue<string>());
        Assert.Equal("import", second["source"]!.GetValue<string>());
        Assert.Equal("2020-05-01T00:00:00Z", second["occurredAt"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_first_history_entry_names_who_created_the_customer()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/customers") { Content = JsonContent.Create(new { type = "individual", name = "By Bob" }) };
        request.Headers.Authorization = TestCredentials.Bearer("bob@example.com", "agent");
        using var response = await _api.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.ReadObjectAsync())["id"]!;

        Assert.Equal(TestCredentials.UserActor("bob@example.com"), Assert.Single(await _api.TransitionHistoryAsync(id))["actor"]!.GetValue<string>());

        using var spoof = await _api.PostCustomerAsync("{\"type\":\"individual\",\"name\":\"X\",\"actor\":\"mallory\"}");
        Assert.Equal(["actor"], (await spoof.AssertProblemAsync(400)).ErrorKeys());
    }

    [Fact]
    public async Task A_full_journey_is_recorded_with_history_durations_and_allowed_next_stages()
    {
        var start = DateTimeOffset.UtcNow.AddDays(-100);
        var t = new[] { start, start.AddDays(5), start.AddDays(12), start.AddDays(20), start.AddDays(50), start.AddDays(70), start.AddDays(85), start.AddDays(95) };
        var customer = await _api.CreateCustomerAsync(new { type = "individual", name = "Journey", stageEnteredAt = Iso(t[0]) });
        var id = customer["id"]!.GetValue<string>();

        var interest = await _api.TransitionAsync(id, new { toStage = "interest", occurredAt = Iso(t[1]) }, actor: "alice@example.com");
        Assert.Equal("awareness", interest["fromStage"]!.GetValue<string>());
        Assert.Equal(TestCredentials.UserActor("alice@example.com"), interest["actor"]!.GetValue<string>());
        Assert.Equal("manual", interest["source"]!.GetValue<string>());
        await _api.TransitionAsync(id, new { toStage = "decision", occurredAt = Iso(t[2]), reason = "asked for a quote" });

        // The first completed order moves the customer to retention automatically.
        using (var order = await _api.Http.PostAsJsonAsync($"/api/v1/customers/{id}/orders", new { orderedAt = Iso(t[3]), amount = 120.50m }))
        {
            Assert.Equal(HttpStatusCode.Created, order.StatusCode);
        }

        await _api.TransitionAsync(id, new { toStage = "expansion", occurredAt = Iso(t[4]) });
        await _api.TransitionAsync(id, new { toStage = "contraction", occurredAt = Iso(t[5]) });
        await _api.TransitionAsync(id, new { toStage = "churned", occurredAt = Iso(t[6]), reason = "moved to a competitor" });
        using (var winBack = await _api.Http.PostAsJsonAsync($"/api/v1/customers/{id}/orders", new { orderedAt = Iso(t[7]), amount = 80m }))
        {
            Assert.Equal(HttpStatusCode.Created, winBack.StatusCode);
        }

        var history = await _api.TransitionHistoryAsync(id);
        var expected = new (string? From, string To, DateTimeOffset At, string Source, string? Reason)[]
        {
            ("churned", "retention", t[7], "automatic", "win-back"),
            ("contraction", "churned", t[6], "manual", "moved to a competitor"),
            ("expansion", "contraction", t[5], "manual", null),
            ("retention", "expansion", t[4], "manual", null),
            ("decision", "retention", t[3], "automatic", "first purchase"),
            ("interest", "decision", t[2], "manual", "asked for a quote"),
            ("awareness", "interest", t[1], "manual", null),
            (null, "awareness", t[0], "import", null),
        };
        Assert.Equal(expected.Length, history.Count);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i].From, history[i]["fromStage"]?.GetValue<string>());
            Assert.Equal(expected[i].To, history[i]["toStage"]!.GetValue<string>());
            Assert.Equal(Iso(expected[i].At), history[i]["occurredAt"]!.GetValue<string>());
            Assert.Equal(expected[i].Source, history[i]["source"]!.GetValue<string>());
            Assert.Equal(expected[i].Reason, history[i]["reason"]?.GetValue<string>());
        }

        Assert.All(history.Where(h => h["source"]!.GetValue<string>() == "automatic"), h => Assert.Equal("system", h["actor"]!.GetValue<string>()));

        var lifecycle = await _api.Http.GetFromJsonAsync<JsonObject>($"/api/v1/customers/{id}/lifecycle");
        var before = DateTimeOffset.UtcNow;
        Assert.Equal("retention", lifecycle!["stage"]!.GetValue<string>());
        Assert.Equal(Iso(t[7]), lifecycle["enteredAt"]!.GetValue<string>());
        Assert.Equal(Allowed["retention"].Order(StringComparer.Ordinal), lifecycle["allowedTransitions"]!.AsArray().Select(a => a!.GetValue<string>()).Order(StringComparer.Ordinal));

        var stats = lifecycle["stages"]!.AsArray().ToDictionary(s => s!["stage"]!.GetValue<string>(), s => s!.AsObject());
        Assert.Equal(Funnel, stats.Keys);
        void Days(string stage, double expectedDays, double tolerance = 0.0001) =>
            Assert.InRange(stats[stage]["totalDays"]!.GetValue<double>(), expectedDays - tolerance, expectedDays + tolerance);
        Days("awareness", 5);
        Days("interest", 7);
        Days("decision", 8);
        Days("expansion", 20);
        Days("contraction", 15);
        Days("churned", 10);
        // Retention: 30 days on the first visit plus the running visit since t[7].
        Days("retention", 30 + (before - t[7]).TotalDays, tolerance: 0.01);
        Assert.Equal(Iso(t[3]), stats["retention"]["firstEnteredAt"]!.GetValue<string>());
        Assert.Equal(Iso(t[7]), stats["retention"]["lastEnteredAt"]!.GetValue<string>());
        Assert.Equal(Iso(t[4]), stats["retention"]["lastExitedAt"]!.GetValue<string>());
        Assert.Equal(Iso(t[7]), stats["churned"]["lastExitedAt"]!.GetValue<string>());

        var read = await _api.Http.GetFromJsonAsync<JsonObject>($"/api/v1/customers/{id}");
        Assert.Equal("retention", read!["lifecycleStage"]!.GetValue<string>());
        Assert.Equal(Iso(t[7]), read["stageEnteredAt"]!.GetValue<string>());
    }

    public static TheoryData<string, string> EveryStagePair()
    {
        var data = new TheoryData<string, string>();
        foreach (var from in Funnel)
        {
            foreach (var to in Funnel)
            {
                data.Add(from, to);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryStagePair))]
    public async Task A_transition_is_applied_exactly_when_the_table_allows_it(string from, string to)
    {
        var customer = await _api.CreateCustomerAsync(new { type = "individual", name = $"{from}->{to}", lifecycleStage = from, stageEnteredAt = Iso(DateTimeOffset.UtcNow.AddDays(-3)) });
        var before = await HistoryFingerprintAsync();

        using var response = await _api.PostTransitionAsync(customer["id"]!, new { toStage = to, reason = "test" });

        if (Allowed[from].Contains(to))
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            var read = await _api.Http.GetFromJsonAsync<JsonObject>($"/api/v1/customers/{customer["id"]}");
            Assert.Equal(to, read!["lifecycleStage"]!.GetValue<string>());
        }
        else
        {
            var problem = await response.AssertProblemAsync(409);
            Assert.Equal("lifecycle-transition-not-allowed", problem["code"]!.GetValue<string>());
            Assert.Equal(Allowed[from].Order(StringComparer.Ordinal), problem["allowedTransitions"]!.AsArray().Select(a => a!.GetValue<string>()).Order(StringComparer.Ordinal));
            Assert.Equal(before, await HistoryFingerprintAsync());
            var read = await _api.Http.GetFromJsonAsync<JsonObject>($"/api/v1/customers/{customer["id"]}");
            Assert.Equal(from, read!["lifecycleStage"]!.GetValue<string>());
        }
    }

    public static TheoryData<string, string> InvalidTransitions => new()
    {
        { """{"toStage":"churned"}""", "reason" },
        { """{"toStage":"churned","reason":"   "}""", "reason" },
        { """{"toStage":"interest","occurredAt":"2999-01-01T00:00:00Z"}""", "occurredAt" },
        { """{"toStage":"interest","occurredAt":"2001-01-01T00:00:00Z"}""", "occurredAt" },
        { """{"toStage":"interest","occurredAt":"soon"}""", "occurredAt" },
        { """{"toStage":"vip"}""", "toStage" },
        { """{"toStage":3}""", "toStage" },
        { """{}""", "toStage" },
        { """{"toStage":"interest","actor":"mallory"}""", "actor" },
        { """{"toStage":"interest","source":"automatic"}""", "source" },
        { "{\"toStage\":\"churned\",\"reason\":\"" + new string('r', 501) + "\"}", "reason" },
    };

    [Theory]
    [MemberData(nameof(InvalidTransitions))]
    public async Task Malformed_transitions_are_400_and_change_nothing(string json, string member)
    {
        var customer = await _api.CreateCustomerAsync(new { type = "individual", name = "Strict", stageEnteredAt = "2020-01-01T00:00:00Z" });
        var history = await HistoryFingerprintAsync();
        var customers = await api.CustomersFingerprintAsync();

        using var response = await _api.Http.PostAsync($"/api/v1/customers/{customer["id"]}/lifecycle/transitions", Requests.Json(json));

        var problem = await response.AssertProblemAsync(400);
        Assert.Contains(member, problem.ErrorKeys());
        Assert.Equal(history, await HistoryFingerprintAsync());
        Assert.Equal(customers, await api.CustomersFingerprintAsync());
    }

    [Fact]
    public async Task A_transition_dated_before_the_previous_one_is_refused()
    {
        var customer = await _api.CreateCustomerAsync(new { type = "individual", name = "Back-dater", stageEnteredAt = "2024-01-10T00:00:00Z" });
        await _api.TransitionAsync(customer["id"]!, new { toStage = "interest", occurredAt = "2024-02-01T00:00:00Z" });

        using var response = await _api.PostTransitionAsync(customer["id"]!, new { toStage = "decision", occurredAt = "2024-01-31T23:59:59Z" });

        var problem = await response.AssertProblemAsync(400);
        Assert.Equal(["occurredAt"], problem.ErrorKeys());
        Assert.Equal(2, (await _api.TransitionHistoryAsync(customer["id"]!)).Count);
    }

    [Fact]
    public async Task Lifecycle_endpoints_of_unknown_or_archived_customers_are_404()
    {
        var archived = await _api.CreateCustomerAsync(new { type = "individual", name = "Gone" });
        using (var delete = await _api.Http.DeleteAsync($"/api/v1/customers/{archived["id"]}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }

        foreach (var id in new[] { Guid.CreateVersion7().ToString(), archived["id"]!.GetValue<string>() })
        {
            using var lifecycle = await _api.Http.GetAsync($"/api/v1/customers/{id}/lifecycle");
            await lifecycle.AssertProblemAsync(404);
            using var history = await _api.Http.GetAsync($"/api/v1/customers/{id}/lifecycle/transitions");
            await history.AssertProblemAsync(404);
            using var transition = await _api.PostTransitionAsync(id, new { toStage = "interest" });
            await transition.AssertProblemAsync(404);
        }
    }

    [Fact]
    public async Task Concurrent_identical_transitions_let_exactly_one_win_and_refuse_the_rest_with_409()
    {
        var customer = await _api.CreateCustomerAsync(new { type = "individual", name = "Contested", stageEnteredAt = "2024-01-01T00:00:00Z" });
        var id = customer["id"]!;

        var responses = await Task.WhenAll(Enumerable.Range(0, 24).Select(_ => _api.PostTransitionAsync(id, new { toStage = "interest" })));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        var history = await _api.TransitionHistoryAsync(id);
        Assert.Equal(2, history.Count);
        Assert.Equal("interest", history[0]["toStage"]!.GetValue<string>());
        Dispose(responses);
    }

    [Fact]
    public async Task Concurrent_transitions_from_one_etag_let_exactly_one_win_and_refuse_the_rest_with_412()
    {
        var customer = await _api.CreateCustomerAsync(new { type = "individual", name = "Guarded race", stageEnteredAt = "2024-01-01T00:00:00Z" });
        var id = customer["id"]!;
        using var read = await _api.Http.GetAsync($"/api/v1/customers/{id}");
        var etag = read.Headers.ETag!;

        var responses = await Task.WhenAll(Enumerable.Range(0, 24).Select(i =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/customers/{id}/lifecycle/transitions")
            {
                Content = JsonContent.Create(i % 2 == 0 ? new { toStage = "interest", reason = (string?)null } : new { toStage = "churned", reason = (string?)"lost" }),
            };
            request.Headers.IfMatch.Add(etag);
            return _api.Http.SendAsync(request);
        }));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.PreconditionFailed, r.StatusCode));
        Assert.Equal(2, (await _api.TransitionHistoryAsync(id)).Count);
        Dispose(responses);
    }

    [Fact]
    public async Task Concurrent_mixed_transitions_always_leave_a_consistent_history()
    {
        var customer = await _api.CreateCustomerAsync(new { type = "individual", name = "Busy", stageEnteredAt = "2024-01-01T00:00:00Z" });
        var id = customer["id"]!;
        var targets = new[] { "interest", "churned", "decision", "awareness", "retention" };

        var responses = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => _api.PostTransitionAsync(id, new { toStage = targets[i % targets.Length], reason = "race" })));

        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, $"unexpected {(int)r.StatusCode}"));
        var history = await _api.TransitionHistoryAsync(id);
        Assert.Equal(responses.Count(r => r.StatusCode == HttpStatusCode.Created) + 1, history.Count);
        var chronological = Enumerable.Reverse(history).ToList();
        for (var i = 1; i < chronological.Count; i++)
        {
            var from = chronological[i]["fromStage"]!.GetValue<string>();
            Assert.Equal(chronological[i - 1]["toStage"]!.GetValue<string>(), from);
            Assert.Contains(chronological[i]["toStage"]!.GetValue<string>(), Allowed[from]);
        }

        var read = await _api.Http.GetFromJsonAsync<JsonObject>($"/api/v1/customers/{id}");
        Assert.Equal(history[0]["toStage"]!.GetValue<string>(), read!["lifecycleStage"]!.GetValue<string>());
        Dispose(responses);
    }

    private static void Dispose(IEnumerable<HttpResponseMessage> responses)
    {
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task A_transition_with_a_stale_if_match_is_412()
    {
        var customer = await _api.CreateCustomerAsync(new { type = "individual", name = "Guarded" });
        using var read = await _api.Http.GetAsync($"/api/v1/customers/{customer["id"]}");
        var etag = read.Headers.ETag!;
        using (var patch = await _api.Http.PatchAsync($"/api/v1/customers/{customer["id"]}", new { company = "Changed" }))
        {
            Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/customers/{customer["id"]}/lifecycle/transitions")
        {
            Content = JsonContent.Create(new { toStage = "interest" }),
        };
        request.Headers.IfMatch.Add(etag);
        using var response = await _api.Http.SendAsync(request);
        await response.AssertProblemAsync(412);
        Assert.Single(await _api.TransitionHistoryAsync(customer["id"]!));
    }

    [Fact]
    public async Task The_customer_list_filters_by_the_current_stage_after_transitions()
    {
        var customer = await _api.CreateCustomerAsync(new { type = "individual", name = "Filter me", tags = new[] { "stage-filter" } });
        await _api.TransitionAsync(customer["id"]!, new { toStage = "churned", reason = "never answered" });

        var churned = await _api.Http.GetFromJsonAsync<JsonObject>("/api/v1/customers?stage=churned&tag=stage-filter");
        var awareness = await _api.Http.GetFromJsonAsync<JsonObject>("/api/v1/customers?stage=awareness&tag=stage-filter");
        Assert.Single(churned!["items"]!.AsArray());
        Assert.Empty(awareness!["items"]!.AsArray());
    }

    [Fact]
    public async Task History_pages_newest_first_with_a_cursor()
    {
        var customer = await _api.CreateCustomerAsync(new { type = "individual", name = "Pager", stageEnteredAt = Iso(DateTimeOffset.UtcNow.AddDays(-30)) });
        var id = customer["id"]!;
        for (var i = 0; i < 10; i++)
        {
            await _api.TransitionAsync(id, new { toStage = i % 2 == 0 ? "interest" : "awareness", occurredAt = Iso(DateTimeOffset.UtcNow.AddDays(-29 + i)) });
        }

        var all = new List<JsonObject>();
        string? cursor = null;
        do
        {
            var page = await _api.Http.GetFromJsonAsync<JsonObject>($"/api/v1/customers/{id}/lifecycle/transitions?limit=3" + (cursor is null ? string.Empty : $"&cursor={Uri.EscapeDataString(cursor)}"));
            all.AddRange(page!["items"]!.AsArray().Select(x => x!.AsObject()));
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null);

        Assert.Equal(11, all.Count);
        var times = all.Select(a => Parse(a["occurredAt"])).ToList();
        Assert.Equal(times.OrderByDescending(x => x), times);
        using var bad = await _api.Http.GetAsync($"/api/v1/customers/{id}/lifecycle/transitions?limit=0");
        await bad.AssertProblemAsync(400);
    }
}
