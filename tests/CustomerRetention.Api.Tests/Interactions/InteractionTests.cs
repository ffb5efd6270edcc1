using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Support;

namespace CustomerRetention.Api.Tests.Interactions;

public sealed class InteractionTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly ApiClient _api = api.CreateApiClient();

    private static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset Parse(string value) => DateTimeOffset.Parse(value, CultureInfo.InvariantCulture);

    private async Task<Guid> NewCustomerAsync()
    {
        var customer = await _api.CreateCustomerAsync(new { type = "individual", name = "Marie Curie", email = $"marie.{Guid.NewGuid():N}@example.com" });
        return customer["id"]!.GetValue<Guid>();
    }

    /// <summary>Every customer and interaction row: equal before and after means nothing changed.</summary>
    private Task<string> StateAsync() => api.ScalarAsync<string>(
        """
        SELECT (SELECT count(*) || ':' || coalesce(md5(string_agg(c::text, '|' ORDER BY id)), '') FROM customers c)
            || '/' || (SELECT count(*) || ':' || coalesce(md5(string_agg(i::text, '|' ORDER BY id)), '') FROM interactions i)
        """);

    private Task<JsonObject> CreateInteractionAsync(Guid customerId, string channel, string type, DateTimeOffset occurredAt, string? subject = null) =>
        _api.CreateInteractionAsync(customerId, new { channel, direction = "inbound", type, occurredAt = Utc(occurredAt), subject });

    private static List<string> Ids(JsonObject page) => page["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).ToList();

    private static string Id(JsonObject interaction) => interaction["id"]!.GetValue<string>();

    [Fact]
    public async Task Recording_an_interaction_returns_201_with_location_etag_and_the_interaction()
    {
        var customerId = await NewCustomerAsync();
        var ownerId = Guid.CreateVersion7();
        var before = await api.ScalarAsync<int>("SELECT count(*) FROM interactions");

        using var response = await _api.PostInteractionAsync(customerId, new
        {
            channel = "wechat",
            direction = "outbound",
            type = "greeting",
            occurredAt = "2025-12-24T18:30:00+08:00",
            subject = "  Season's greetings ",
            notes = "Sent the holiday card.\nAsked about the new serum.",
            outcome = "Replied with thanks",
            sentiment = "positive",
            satisfaction = 5,
            npsScore = 10,
            ownerId,
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.ReadObjectAsync();
        var id = body["id"]!.GetValue<Guid>();
        Assert.Equal(7, id.Version);
        Assert.Equal($"/api/v1/interactions/{id}", response.Headers.Location?.OriginalString);
        Assert.NotNull(response.Headers.ETag);
        Assert.False(response.Headers.ETag!.IsWeak);
        Assert.Equal(response.Headers.ETag.Tag, body["etag"]!.GetValue<string>());

        Assert.Equal(customerId, body["customerId"]!.GetValue<Guid>());
        Assert.Equal("wechat", body["channel"]!.GetValue<string>());
        Assert.Equal("outbound", body["direction"]!.GetValue<string>());
        Assert.Equal("greeting", body["type"]!.GetValue<string>());
        Assert.Equal("2025-12-24T10:30:00Z", body["occurredAt"]!.GetValue<string>());
        Assert.Equal("Season's greetings", body["subject"]!.GetValue<string>());
        Assert.Equal("Sent the holiday card.\nAsked about the new serum.", body["notes"]!.GetValue<string>());
        Assert.Equal("Replied with thanks", body["outcome"]!.GetValue<string>());
        Assert.Equal("positive", body["sentiment"]!.GetValue<string>());
        Assert.Equal(5, body["satisfaction"]!.GetValue<int>());
        Assert.Equal(10, body["npsScore"]!.GetValue<int>());
        Assert.Equal(ownerId, body["ownerId"]!.GetValue<Guid>());
        Assert.EndsWith("Z", body["createdAt"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(body["createdAt"]!.GetValue<string>(), body["updatedAt"]!.GetValue<string>());
        Assert.False(body.ContainsKey("deletedAt"));
        Assert.False(body.ContainsKey("deletedBy"));

        // A read returns exactly what the create returned, ETag included.
        using var read = await _api.Http.GetAsync(response.Headers.Location);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(body.ToJsonString(), (await read.ReadObjectAsync()).ToJsonString());
        Assert.Equal(response.Headers.ETag, read.Headers.ETag);

        Assert.Equal(before + 1, await api.ScalarAsync<int>("SELECT count(*) FROM interactions"));
        Assert.Equal(1, await api.ScalarAsync<int>(
            $"SELECT count(*) FROM interactions WHERE id = '{id}' AND customer_id = '{customerId}' AND deleted_at IS NULL AND deleted_by IS NULL"));
    }

    [Fact]
    public async Task A_minimal_interaction_leaves_the_optional_members_null()
    {
        var customerId = await NewCustomerAsync();
        var body = await _api.CreateInteractionAsync(customerId, new { channel = "phone", direction = "inbound", type = "call", occurredAt = "2025-06-01T09:00:00Z" });

        foreach (var member in new[] { "subject", "notes", "outcome", "sentiment", "satisfaction", "npsScore", "ownerId" })
        {
            Assert.True(body.ContainsKey(member), $"'{member}' is missing");
            Assert.Null(body[member]);
        }
    }

    [Fact]
    public async Task The_bounds_themselves_are_accepted()
    {
        var customerId = await NewCustomerAsync();
        var low = await _api.CreateInteractionAsync(customerId, new
        {
            channel = "other",
            direction = "inbound",
            type = "survey",
            occurredAt = Utc(DateTimeOffset.UtcNow.AddSeconds(-2)),
            subject = new string('s', 200),
            notes = new string('n', 10_000),
            outcome = new string('o', 500),
            satisfaction = 1,
            npsScore = 0,
        });
        Assert.Equal(200, low["subject"]!.GetValue<string>().Length);
        Assert.Equal(10_000, low["notes"]!.GetValue<string>().Length);
        Assert.Equal(500, low["outcome"]!.GetValue<string>().Length);
        Assert.Equal(1, low["satisfaction"]!.GetValue<int>());
        Assert.Equal(0, low["npsScore"]!.GetValue<int>());

        var high = await _api.CreateInteractionAsync(customerId, new { channel = "web", direction = "outbound", type = "survey", occurredAt = "2025-06-01T09:00:00Z", satisfaction = 5, npsScore = 10 });
        Assert.Equal(5, high["satisfaction"]!.GetValue<int>());
        Assert.Equal(10, high["npsScore"]!.GetValue<int>());
    }

    [Fact]
    public async Task Every_channel_type_direction_and_sentiment_of_the_spec_is_accepted()
    {
        var customerId = await NewCustomerAsync();
        string[] channels = ["phone", "email", "sms", "wechat", "social", "chat", "visit", "meeting", "web", "other"];
        string[] types = ["call", "message", "meeting", "visit", "note", "complaint", "feedback", "survey", "support", "greeting", "other"];
        string[] sentiments = ["positive", "neutral", "negative"];
        for (var i = 0; i < types.Length; i++)
        {
            var body = await _api.CreateInteractionAsync(customerId, new
            {
                channel = channels[i % channels.Length],
                direction = i % 2 == 0 ? "inbound" : "outbound",
                type = types[i],
                occurredAt = "2025-01-01T00:00:00Z",
                sentiment = sentiments[i % sentiments.Length],
            });
            Assert.Equal(channels[i % channels.Length], body["channel"]!.GetValue<string>());
            Assert.Equal(types[i], body["type"]!.GetValue<string>());
            Assert.Equal(i % 2 == 0 ? "inbound" : "outbound", body["direction"]!.GetValue<string>());
            Assert.Equal(sentiments[i % sentiments.Length], body["sentiment"]!.GetValue<string>());
        }
    }

    public static TheoryData<string, string> InvalidBodies => new()
    {
        { """{"direction":"inbound","type":"call","occurredAt":"2025-01-01T00:00:00Z"}""", "channel" },
        { """{"channel":"phone","type":"call","occurredAt":"2025-01-01T00:00:00Z"}""", "direction" },
        { """{"channel":"phone","direction":"inbound","occurredAt":"2025-01-01T00:00:00Z"}""", "type" },
        { """{"channel":"phone","direction":"inbound","type":"call"}""", "occurredAt" },
        { """{"channel":null,"direction":"inbound","type":"call","occurredAt":"2025-01-01T00:00:00Z"}""", "channel" },
        { """{"channel":"phone","direction":"inbound","type":"call","occurredAt":null}""", "occurredAt" },
        { """{"channel":"fax","direction":"inbound","type":"call","occurredAt":"2025-01-01T00:00:00Z"}""", "channel" },
        { """{"channel":"Email","direction":"inbound","type":"call","occurredAt":"2025-01-01T00:00:00Z"}""", "channel" },
        { """{"channel":1,"direction":"inbound","type":"call","occurredAt":"2025-01-01T00:00:00Z"}""", "channel" },
        { """{"channel":"phone","direction":"sideways","type":"call","occurredAt":"2025-01-01T00:00:00Z"}""", "direction" },
        { """{"channel":"phone","direction":"inbound","type":"chat","occurredAt":"2025-01-01T00:00:00Z"}""", "type" },
        { """{"channel":"phone","direction":"inbound","type":["call"],"occurredAt":"2025-01-01T00:00:00Z"}""", "type" },
        { """{"channel":"phone","direction":"inbound","type":"call","occurredAt":"2999-01-01T00:00:00Z"}""", "occurredAt" },
        { """{"channel":"phone","direction":"inbound","type":"call","occurredAt":"yesterday"}""", "occurredAt" },
        { """{"channel":"phone","direction":"inbound","type":"call","occurredAt":"2025-13-01T00:00:00Z"}""", "occurredAt" },
        { """{"channel":"phone","direction":"inbound","type":"call","occurredAt":1735689600}""", "occurredAt" },
        { "{\"channel\":\"phone\",\"direction\":\"inbound\",\"type\":\"call\",\"occurredAt\":\"2025-01-01T00:00:00Z\",\"subject\":\"" + new string('x', 201) + "\"}", "subject" },
        { "{\"channel\":\"phone\",\"direction\":\"inbound\",\"type\":\"call\",\"occurredAt\":\"2025-01-01T00:00:00Z\",\"notes\":\"" + new string('x', 10_001) + "\"}", "notes" },
        { "{\"channel\":\"phone\",\"direction\":\"inbound\",\"type\":\"call\",\"occurredAt\":\"2025-01-01T00:00:00Z\",\"outcome\":\"" + new string('x', 501) + "\"}", "outcome" },
        { """{"channel":"phone","direction":"inbound","type":"call","occurredAt":"2025-01-01T00:00:00Z","subject":42}""", "subject" },
        { """{"channel":"phone","direction":"inbound","type":"call","occurredAt":"2025-01-01T00:00:00Z","sentiment":"happy"}""", "sentiment" },
        { """{"channel":"phone","direction":"inbound","type":"call","occurredAt":"2025-01-01T00:00:00Z","satisfaction":0}""", "satisfaction" },
        { """{"channel":"phone","direction":"inbound","type":"call","occurredAt":"2025-01-01T00:00:00Z","satisfaction":6}""", "satisfaction" },
        { """{"channel":"phone","direction":"inbound","type":"call","occurredAt":"2025-01-01T00:00:00Z","satisfaction":2.5}""", "satisfaction" },
        { """{"channel":"phone","direction":"inbound","type":"call","occurredAt":"2025-01-01T00:00:00Z","satisfaction":"3"}""", "satisfaction" },
        { """{"channel":"phone","direction":"inbound","type":"call","occurredAt":"2025-01-01T00:00:00Z","npsScore":-1}""", "npsScore" },
        { """{"channel":"phone","direction":"inbound","type":"call","occurredAt":"2025-01-01T00:00:00Z","npsScore":11}""", "npsScore" },
        { """{"channel":"phone","direction":"inbound","type":"call","occurredAt":"2025-01-01T00:00:00Z","npsScore":99999999999}""", "npsScore" },
        { """{"channel":"phone","direction":"inbound","type":"call","occurredAt":"2025-01-01T00:00:00Z","ownerId":"not-a-uuid"}""", "ownerId" },
        { """{"channel":"phone","direction":"inbound","type":"call","occurredAt":"2025-01-01T00:00:00Z","ownerId":"00000000-0000-0000-0000-000000000000"}""", "ownerId" },
        { """{"channel":"phone","direction":"inbound","type":"call","occurredAt":"2025-01-01T00:00:00Z","mood":"good"}""", "mood" },
        { """{"channel":"phone","direction":"inbound","type":"call","occurredAt":"2025-01-01T00:00:00Z","Channel":"phone"}""", "Channel" },
        { """{"channel":"phone","direction":"inbound","type":"call","occurredAt":"2025-01-01T00:00:00Z","customerId":"0190e2a0-0000-7000-8000-000000000000"}""", "customerId" },
        { """{"channel":"phone","direction":"inbound","type":"call","occurredAt":"2025-01-01T00:00:00Z","deletedBy":"me"}""", "deletedBy" },
        { """{"channel":"phone","direction":"inbound","type":"call","occurredAt":"2025-01-01T00:00:00Z","id":"0190e2a0-0000-7000-8000-000000000000"}""", "id" },
        { """{"channel":"phone","direction":"inbound","type":"call","occurredAt":"2025-01-01T00:00:00Z","createdAt":"2025-01-01T00:00:00Z"}""", "createdAt" },
        { """{"channel":"phone","direction":"inbound","type":"call","occurredAt":"2025-01-01T00:00:00Z",}""", "body" },
        { """{"channel":"phone","direction":"inbound""", "body" },
        { """[{"channel":"phone"}]""", "body" },
        { "\"call\"", "body" },
        { "null", "body" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task A_malformed_interaction_is_a_400_problem_naming_the_member_and_changes_nothing(string json, string member)
    {
        var customerId = await NewCustomerAsync();
        var before = await StateAsync();

        using var response = await _api.PostInteractionAsync(customerId, json);

        var problem = await response.AssertProblemAsync(400);
        Assert.Contains(member, problem.ErrorKeys().Concat(problem["errors"] is null ? ["body"] : []));
        Assert.Equal(before, await StateAsync());
    }

    [Fact]
    public async Task An_interaction_a_few_minutes_in_the_future_is_refused()
    {
        var customerId = await NewCustomerAsync();
        var before = await StateAsync();

        using var response = await _api.PostInteractionAsync(customerId, new
        {
            channel = "phone",
            direction = "outbound",
            type = "call",
            occurredAt = Utc(DateTimeOffset.UtcNow.AddMinutes(5)),
        });

        var problem = await response.AssertProblemAsync(400);
        Assert.Equal(["occurredAt"], problem.ErrorKeys());
        Assert.Equal(before, await StateAsync());
    }

    [Fact]
    public async Task Several_mistakes_in_one_interaction_are_all_reported_at_once()
    {
        var customerId = await NewCustomerAsync();
        using var response = await _api.PostInteractionAsync(customerId, 
            """{"channel":"fax","direction":"inbound","type":"call","occurredAt":"2025-01-01T00:00:00Z","mood":1,"updatedAt":"2025-01-01T00:00:00Z","sentiment":"meh"}""");

        var problem = await response.AssertProblemAsync(400);
        Assert.Equal(["channel", "mood", "sentiment", "updatedAt"], problem.ErrorKeys().Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Interactions_of_an_unknown_customer_are_404_and_nothing_is_recorded()
    {
        var unknown = Guid.CreateVersion7();
        var before = await StateAsync();

        using var create = await _api.PostInteractionAsync(unknown, new
        {
            channel = "phone",
            direction = "inbound",
            type = "call",
            occurredAt = "2025-01-01T00:00:00Z",
        });
        await create.AssertProblemAsync(404);
        using var list = await _api.Http.GetAsync($"/api/v1/customers/{unknown}/interactions");
        await list.AssertProblemAsync(404);
        using var read = await _api.Http.GetAsync($"/api/v1/interactions/{Guid.CreateVersion7()}");
        await read.AssertProblemAsync(404);
        using var patch = await _api.PatchInteractionAsync(Guid.CreateVersion7(), new { subject = "x" });
        await patch.AssertProblemAsync(404);
        using var delete = await _api.Http.DeleteAsync($"/api/v1/interactions/{Guid.CreateVersion7()}");
        await delete.AssertProblemAsync(404);

        Assert.Equal(before, await StateAsync());
    }

    [Fact]
    public async Task Interactions_of_an_archived_customer_are_not_found_anywhere()
    {
        var customerId = await NewCustomerAsync();
        var interaction = await CreateInteractionAsync(customerId, "visit", "visit", new DateTimeOffset(2025, 5, 5, 10, 0, 0, TimeSpan.Zero));
        var uri = $"/api/v1/interactions/{Id(interaction)}";
        using var archived = await _api.Http.DeleteAsync($"/api/v1/customers/{customerId}");
        Assert.Equal(HttpStatusCode.NoContent, archived.StatusCode);
        var before = await StateAsync();

        using var read = await _api.Http.GetAsync(uri);
        await read.AssertProblemAsync(404);
        using var list = await _api.Http.GetAsync($"/api/v1/customers/{customerId}/interactions");
        await list.AssertProblemAsync(404);
        using var create = await _api.PostInteractionAsync(customerId, new
        {
            channel = "phone",
            direction = "inbound",
            type = "call",
            occurredAt = "2025-01-01T00:00:00Z",
        });
        await create.AssertProblemAsync(404);
        using var patch = await _api.Http.PatchAsync(uri, new { subject = "Ghost" });
        await patch.AssertProblemAsync(404);
        using var delete = await _api.Http.DeleteAsync(uri);
        await delete.AssertProblemAsync(404);

        Assert.Equal(before, await StateAsync());
    }

    [Fact]
    public async Task If_none_match_with_the_current_etag_gives_304()
    {
        var customerId = await NewCustomerAsync();
        var interaction = await CreateInteractionAsync(customerId, "email", "message", new DateTimeOffset(2025, 5, 5, 10, 0, 0, TimeSpan.Zero));
        var uri = $"/api/v1/interactions/{Id(interaction)}";
        using var first = await _api.Http.GetAsync(uri);

        using var conditional = new HttpRequestMessage(HttpMethod.Get, uri);
        conditional.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var notModified = await _api.Http.SendAsync(conditional);

        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Merge_patch_sets_and_clears_members_and_keeps_the_rest()
    {
        var customerId = await NewCustomerAsync();
        var created = await _api.CreateInteractionAsync(customerId, new
        {
            channel = "phone",
            direction = "inbound",
            type = "complaint",
            occurredAt = "2025-04-01T08:00:00Z",
            subject = "Rash after using the night cream",
            notes = "Customer sent photos.",
            sentiment = "negative",
            satisfaction = 2,
        });
        var uri = $"/api/v1/interactions/{Id(created)}";

        using var response = await _api.Http.PatchAsync(uri, new Dictionary<string, object?>
        {
            ["outcome"] = "Refund offered",
            ["sentiment"] = "neutral",
            ["satisfaction"] = null,
            ["notes"] = null,
            ["occurredAt"] = "2025-04-01T09:15:00+01:00",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadObjectAsync();
        Assert.Equal("Refund offered", body["outcome"]!.GetValue<string>());
        Assert.Equal("neutral", body["sentiment"]!.GetValue<string>());
        Assert.Null(body["satisfaction"]);
        Assert.Null(body["notes"]);
        Assert.Equal("2025-04-01T08:15:00Z", body["occurredAt"]!.GetValue<string>());
        Assert.Equal("Rash after using the night cream", body["subject"]!.GetValue<string>());
        Assert.Equal("phone", body["channel"]!.GetValue<string>());
        Assert.Equal("inbound", body["direction"]!.GetValue<string>());
        Assert.Equal("complaint", body["type"]!.GetValue<string>());
        Assert.Equal(created["id"]!.GetValue<string>(), body["id"]!.GetValue<string>());
        Assert.Equal(created["customerId"]!.GetValue<string>(), body["customerId"]!.GetValue<string>());
        Assert.Equal(created["createdAt"]!.GetValue<string>(), body["createdAt"]!.GetValue<string>());
        Assert.True(Parse(body["updatedAt"]!.GetValue<string>()) > Parse(created["updatedAt"]!.GetValue<string>()));
        Assert.NotNull(response.Headers.ETag);

        using var read = await _api.Http.GetAsync(uri);
        Assert.Equal(body.ToJsonString(), (await read.ReadObjectAsync()).ToJsonString());
        Assert.Equal(response.Headers.ETag, read.Headers.ETag);
        Assert.Equal(1, await api.ScalarAsync<int>(
            $"SELECT count(*) FROM interactions WHERE id = '{Id(created)}' AND notes IS NULL AND satisfaction IS NULL AND outcome = 'Refund offered'"));
    }

    [Fact]
    public async Task Patch_also_accepts_application_json()
    {
        var customerId = await NewCustomerAsync();
        var created = await CreateInteractionAsync(customerId, "chat", "support", new DateTimeOffset(2025, 5, 5, 10, 0, 0, TimeSpan.Zero));
        using var response = await _api.PatchInteractionAsync(Id(created), new { npsScore = 9 }, mediaType: "application/json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(9, (await response.ReadObjectAsync())["npsScore"]!.GetValue<int>());
    }

    [Fact]
    public async Task Patch_with_the_current_etag_succeeds_and_a_stale_one_is_412_and_changes_nothing()
    {
        var customerId = await NewCustomerAsync();
        var created = await CreateInteractionAsync(customerId, "email", "feedback", new DateTimeOffset(2025, 5, 5, 10, 0, 0, TimeSpan.Zero));
        var uri = $"/api/v1/interactions/{Id(created)}";
        using var read = await _api.Http.GetAsync(uri);
        var etag = read.Headers.ETag!.ToString();

        using var ok = await _api.Http.PatchAsync(uri, new { subject = "Loves the toner" }, ifMatch: etag);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.NotEqual(etag, ok.Headers.ETag!.ToString());

        var before = await StateAsync();
        using var stale = await _api.Http.PatchAsync(uri, new { subject = "Hates the toner" }, ifMatch: etag);
        await stale.AssertProblemAsync(412);
        Assert.Equal(before, await StateAsync());

        using var current = await _api.Http.GetAsync(uri);
        Assert.Equal("Loves the toner", (await current.ReadObjectAsync())["subject"]!.GetValue<string>());
    }

    [Fact]
    public async Task Two_patches_from_the_same_etag_let_exactly_one_win()
    {
        var customerId = await NewCustomerAsync();
        var created = await CreateInteractionAsync(customerId, "email", "feedback", new DateTimeOffset(2025, 5, 5, 10, 0, 0, TimeSpan.Zero));
        var uri = $"/api/v1/interactions/{Id(created)}";
        using var read = await _api.Http.GetAsync(uri);
        var etag = read.Headers.ETag!.ToString();

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => _api.Http.PatchAsync(uri, new { subject = $"Version {i}" }, ifMatch: etag)));
        try
        {
            Assert.Equal(1, results.Count(r => r.StatusCode == HttpStatusCode.OK));
            Assert.Equal(5, results.Count(r => r.StatusCode == HttpStatusCode.PreconditionFailed));
        }
        finally
        {
            foreach (var r in results)
            {
                r.Dispose();
            }
        }
    }

    public static TheoryData<string, string> InvalidPatches => new()
    {
        { """{"channel":null}""", "channel" },
        { """{"direction":null}""", "direction" },
        { """{"type":null}""", "type" },
        { """{"occurredAt":null}""", "occurredAt" },
        { """{"occurredAt":"2999-01-01T00:00:00Z"}""", "occurredAt" },
        { """{"occurredAt":"soon"}""", "occurredAt" },
        { """{"channel":"pigeon"}""", "channel" },
        { """{"sentiment":"ecstatic"}""", "sentiment" },
        { """{"satisfaction":0}""", "satisfaction" },
        { """{"satisfaction":"five"}""", "satisfaction" },
        { """{"npsScore":11}""", "npsScore" },
        { "{\"subject\":\"" + new string('x', 201) + "\"}", "subject" },
        { "{\"outcome\":\"" + new string('x', 501) + "\"}", "outcome" },
        { """{"mood":"good"}""", "mood" },
        { """{"id":"0190e2a0-0000-7000-8000-000000000000"}""", "id" },
        { """{"createdAt":"2025-01-01T00:00:00Z"}""", "createdAt" },
        { """{"customerId":"0190e2a0-0000-7000-8000-000000000000"}""", "customerId" },
        { """{"deletedAt":"2025-01-01T00:00:00Z"}""", "deletedAt" },
        { """[]""", "body" },
        { """{"subject":"x""", "body" },
    };

    [Theory]
    [MemberData(nameof(InvalidPatches))]
    public async Task A_malformed_patch_is_a_400_problem_naming_the_member_and_changes_nothing(string json, string member)
    {
        var customerId = await NewCustomerAsync();
        var created = await _api.CreateInteractionAsync(customerId, new
        {
            channel = "phone",
            direction = "inbound",
            type = "call",
            occurredAt = "2025-04-01T08:00:00Z",
            satisfaction = 4,
        });
        var before = await StateAsync();

        using var response = await _api.PatchInteractionAsync(Id(created), json);

        var problem = await response.AssertProblemAsync(400);
        Assert.Contains(member, problem.ErrorKeys().Concat(problem["errors"] is null ? ["body"] : []));
        Assert.Equal(before, await StateAsync());
    }

    [Fact]
    public async Task Deleting_an_interaction_hides_it_and_records_who_deleted_it()
    {
        var customerId = await NewCustomerAsync();
        var kept = await CreateInteractionAsync(customerId, "phone", "call", new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero));
        var doomed = await CreateInteractionAsync(customerId, "email", "message", new DateTimeOffset(2025, 3, 2, 9, 0, 0, TimeSpan.Zero));
        var uri = $"/api/v1/interactions/{Id(doomed)}";
        Assert.Equal([Id(doomed), Id(kept)], Ids(await _api.ListInteractionsAsync(customerId)));

        using var request = new HttpRequestMessage(HttpMethod.Delete, uri);
        request.Headers.Authorization = TestCredentials.Bearer("manager.smith@example.com", "manager");
        using var response = await _api.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());

        using var read = await _api.Http.GetAsync(uri);
        await read.AssertProblemAsync(404);
        Assert.Equal([Id(kept)], Ids(await _api.ListInteractionsAsync(customerId)));
        using var patch = await _api.Http.PatchAsync(uri, new { subject = "Back from the dead" });
        await patch.AssertProblemAsync(404);

        var before = await StateAsync();
        using var again = await _api.Http.DeleteAsync(uri);
        await again.AssertProblemAsync(404);
        Assert.Equal(before, await StateAsync());

        // The row stays, with who deleted it and when; the other interaction is untouched.
        Assert.Equal(TestCredentials.UserActor("manager.smith@example.com"), await api.ScalarAsync<string>($"SELECT deleted_by FROM interactions WHERE id = '{Id(doomed)}'"));
        Assert.True(await api.ScalarAsync<bool>(
            $"SELECT deleted_at BETWEEN now() - interval '5 minutes' AND now() + interval '5 seconds' FROM interactions WHERE id = '{Id(doomed)}'"));
        Assert.Equal(1, await api.ScalarAsync<int>($"SELECT count(*) FROM interactions WHERE id = '{Id(kept)}' AND deleted_at IS NULL AND deleted_by IS NULL"));
        using var keptRead = await _api.Http.GetAsync($"/api/v1/interactions/{Id(kept)}");
        Assert.Equal(HttpStatusCode.OK, keptRead.StatusCode);
    }

    [Fact]
    public async Task Deleting_with_an_api_key_records_the_key()
    {
        var customerId = await NewCustomerAsync();
        var interaction = await CreateInteractionAsync(customerId, "sms", "message", new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero));

        var issued = await _api.CreateApiKeyAsync("crm-sync", "integration");

        using var response = await api.WithApiKey(issued["key"]!.GetValue<string>()).DeleteAsync($"/api/v1/interactions/{Id(interaction)}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("api-key:" + issued["id"], await api.ScalarAsync<string>($"SELECT deleted_by FROM interactions WHERE id = '{Id(interaction)}' AND deleted_at IS NOT NULL"));
    }

    [Fact]
    public async Task Deleting_with_a_stale_if_match_is_412_and_keeps_the_interaction()
    {
        var customerId = await NewCustomerAsync();
        var interaction = await CreateInteractionAsync(customerId, "sms", "message", new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero));
        var uri = $"/api/v1/interactions/{Id(interaction)}";
        using var read = await _api.Http.GetAsync(uri);
        var staleEtag = read.Headers.ETag!;
        using var patched = await _api.Http.PatchAsync(uri, new { subject = "changed" });
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var before = await StateAsync();

        using var request = new HttpRequestMessage(HttpMethod.Delete, uri);
        request.Headers.IfMatch.Add(staleEtag);
        using var response = await _api.Http.SendAsync(request);

        await response.AssertProblemAsync(412);
        Assert.Equal(before, await StateAsync());
        using var again = await _api.Http.GetAsync(uri);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);

        using var current = new HttpRequestMessage(HttpMethod.Delete, uri);
        current.Headers.IfMatch.Add(patched.Headers.ETag!);
        using var deleted = await _api.Http.SendAsync(current);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
    }

    [Fact]
    public async Task The_retired_actor_header_is_a_400_and_deletes_nothing()
    {
        var customerId = await NewCustomerAsync();
        var interaction = await CreateInteractionAsync(customerId, "sms", "message", new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero));
        var before = await StateAsync();

        using var request = new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/interactions/{Id(interaction)}");
        request.Headers.Add("X-Actor", "agent.smith@example.com");
        using var response = await _api.Http.SendAsync(request);

        Assert.Equal(["X-Actor"], (await response.AssertProblemAsync(400)).ErrorKeys());
        Assert.Equal(before, await StateAsync());
    }

    [Fact]
    public async Task The_list_is_newest_first_and_only_holds_that_customers_interactions()
    {
        var customerId = await NewCustomerAsync();
        var otherId = await NewCustomerAsync();
        var older = await CreateInteractionAsync(customerId, "phone", "call", new DateTimeOffset(2025, 1, 10, 9, 0, 0, TimeSpan.Zero));
        var newest = await CreateInteractionAsync(customerId, "email", "message", new DateTimeOffset(2025, 2, 10, 9, 0, 0, TimeSpan.Zero));
        var oldest = await CreateInteractionAsync(customerId, "visit", "visit", new DateTimeOffset(2024, 12, 10, 9, 0, 0, TimeSpan.Zero));
        await CreateInteractionAsync(otherId, "phone", "call", new DateTimeOffset(2025, 1, 20, 9, 0, 0, TimeSpan.Zero));

        var page = await _api.ListInteractionsAsync(customerId);

        Assert.Equal([Id(newest), Id(older), Id(oldest)], Ids(page));
        Assert.False(page.ContainsKey("nextCursor"));
        Assert.Equal(newest.ToJsonString(), page["items"]![0]!.ToJsonString());
    }

    [Fact]
    public async Task Paging_through_250_interactions_returns_each_once_newest_first_even_with_inserts_between_pages()
    {
        var customerId = await NewCustomerAsync();
        var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var created = new List<JsonObject>();

        // Three interactions share each timestamp, so the order also depends on the id tie-breaker.
        foreach (var batch in Enumerable.Range(0, 250).Chunk(10))
        {
            created.AddRange(await Task.WhenAll(batch.Select(i =>
                CreateInteractionAsync(customerId, "email", "message", start.AddMinutes(i / 3), $"#{i}"))));
        }

        var expected = created
            .OrderByDescending(i => Parse(i["occurredAt"]!.GetValue<string>()))
            .ThenByDescending(i => Id(i), StringComparer.Ordinal)
            .Select(Id)
            .ToList();

        var first = await _api.ListInteractionsAsync(customerId, "?limit=100");
        Assert.Equal(100, first["items"]!.AsArray().Count);
        var cursor = first["nextCursor"]!.GetValue<string>();

        // Inserted while paging: a newer one must not appear on later pages, an older one must appear once at the end.
        var newer = await CreateInteractionAsync(customerId, "email", "message", DateTimeOffset.UtcNow.AddMinutes(-1), "newer");
        var older = await CreateInteractionAsync(customerId, "email", "message", new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), "older");

        var second = await _api.ListInteractionsAsync(customerId, $"?limit=100&cursor={Uri.EscapeDataString(cursor)}");
        Assert.Equal(100, second["items"]!.AsArray().Count);
        var third = await _api.ListInteractionsAsync(customerId, $"?limit=100&cursor={Uri.EscapeDataString(second["nextCursor"]!.GetValue<string>())}");
        Assert.Equal(51, third["items"]!.AsArray().Count);
        Assert.False(third.ContainsKey("nextCursor"));

        var seen = Ids(first).Concat(Ids(second)).Concat(Ids(third)).ToList();
        Assert.Equal(expected.Append(Id(older)), seen);
        Assert.DoesNotContain(Id(newer), seen);
        Assert.Equal(seen.Count, seen.Distinct(StringComparer.Ordinal).Count());

        // A fresh listing does start with the newer one.
        Assert.Equal(Id(newer), Ids(await _api.ListInteractionsAsync(customerId, "?limit=1"))[0]);
    }

    [Fact]
    public async Task The_default_page_holds_50_and_a_full_last_page_has_no_cursor()
    {
        var customerId = await NewCustomerAsync();
        var start = new DateTimeOffset(2025, 2, 1, 0, 0, 0, TimeSpan.Zero);
        foreach (var batch in Enumerable.Range(0, 60).Chunk(10))
        {
            await Task.WhenAll(batch.Select(i => CreateInteractionAsync(customerId, "chat", "support", start.AddHours(i))));
        }

        var page = await _api.ListInteractionsAsync(customerId);
        Assert.Equal(50, page["items"]!.AsArray().Count);
        Assert.True(page.ContainsKey("nextCursor"));

        var exact = await _api.ListInteractionsAsync(customerId, "?limit=60");
        Assert.Equal(60, exact["items"]!.AsArray().Count);
        Assert.False(exact.ContainsKey("nextCursor"));

        var max = await _api.ListInteractionsAsync(customerId, "?limit=200");
        Assert.Equal(60, max["items"]!.AsArray().Count);
    }

    [Fact]
    public async Task The_list_filters_by_channel_type_and_a_half_open_time_range()
    {
        var customerId = await NewCustomerAsync();
        var a = await CreateInteractionAsync(customerId, "email", "complaint", new DateTimeOffset(2025, 3, 1, 10, 0, 0, TimeSpan.Zero));
        var b = await CreateInteractionAsync(customerId, "phone", "call", new DateTimeOffset(2025, 3, 2, 10, 0, 0, TimeSpan.Zero));
        var c = await CreateInteractionAsync(customerId, "email", "feedback", new DateTimeOffset(2025, 3, 3, 10, 0, 0, TimeSpan.Zero));
        var d = await CreateInteractionAsync(customerId, "email", "complaint", new DateTimeOffset(2025, 3, 4, 10, 0, 0, TimeSpan.Zero));
        var e = await CreateInteractionAsync(customerId, "chat", "support", new DateTimeOffset(2025, 3, 5, 10, 0, 0, TimeSpan.Zero));

        Assert.Equal([Id(d), Id(c), Id(a)], Ids(await _api.ListInteractionsAsync(customerId, "?channel=email")));
        Assert.Equal([Id(d), Id(a)], Ids(await _api.ListInteractionsAsync(customerId, "?type=complaint")));
        Assert.Equal([Id(d), Id(a)], Ids(await _api.ListInteractionsAsync(customerId, "?channel=email&type=complaint")));
        Assert.Equal([Id(b)], Ids(await _api.ListInteractionsAsync(customerId, "?channel=phone&type=call")));
        Assert.Empty(Ids(await _api.ListInteractionsAsync(customerId, "?channel=phone&type=complaint")));
        Assert.Empty(Ids(await _api.ListInteractionsAsync(customerId, "?channel=web")));

        // from is inclusive, to is exclusive.
        Assert.Equal([Id(e), Id(d), Id(c), Id(b)], Ids(await _api.ListInteractionsAsync(customerId, "?from=2025-03-02T10:00:00Z")));
        Assert.Equal([Id(c), Id(b), Id(a)], Ids(await _api.ListInteractionsAsync(customerId, "?to=2025-03-04T10:00:00Z")));
        Assert.Equal([Id(c), Id(b)], Ids(await _api.ListInteractionsAsync(customerId, "?from=2025-03-02T10:00:00Z&to=2025-03-04T10:00:00Z")));
        Assert.Equal([Id(d)], Ids(await _api.ListInteractionsAsync(customerId, "?from=2025-03-02T10:00:00.000001Z&to=2025-03-05T10:00:00Z&type=complaint")));

        // The same instants written with an offset select the same interactions.
        Assert.Equal([Id(c), Id(b)], Ids(await _api.ListInteractionsAsync(customerId, "?from=2025-03-02T12%3A00%3A00%2B02%3A00&to=2025-03-04T05%3A00%3A00-05%3A00")));

        // A filtered list pages too, and its cursor carries on with the same filter.
        var page1 = await _api.ListInteractionsAsync(customerId, "?channel=email&limit=2");
        Assert.Equal([Id(d), Id(c)], Ids(page1));
        var page2 = await _api.ListInteractionsAsync(customerId, $"?channel=email&limit=2&cursor={Uri.EscapeDataString(page1["nextCursor"]!.GetValue<string>())}");
        Assert.Equal([Id(a)], Ids(page2));
        Assert.False(page2.ContainsKey("nextCursor"));
    }

    [Fact]
    public async Task A_cursor_used_with_another_filter_or_customer_is_a_400()
    {
        var customerId = await NewCustomerAsync();
        var otherId = await NewCustomerAsync();
        for (var i = 0; i < 3; i++)
        {
            await CreateInteractionAsync(customerId, "email", "message", new DateTimeOffset(2025, 3, 1 + i, 10, 0, 0, TimeSpan.Zero));
        }

        var page = await _api.ListInteractionsAsync(customerId, "?limit=1");
        var cursor = Uri.EscapeDataString(page["nextCursor"]!.GetValue<string>());

        using var otherFilter = await _api.Http.GetAsync($"/api/v1/customers/{customerId}/interactions?limit=1&channel=email&cursor={cursor}");
        Assert.Contains("cursor", (await otherFilter.AssertProblemAsync(400)).ErrorKeys());
        using var otherCustomer = await _api.Http.GetAsync($"/api/v1/customers/{otherId}/interactions?limit=1&cursor={cursor}");
        Assert.Contains("cursor", (await otherCustomer.AssertProblemAsync(400)).ErrorKeys());

        var raw = page["nextCursor"]!.GetValue<string>();
        var tampered = Uri.EscapeDataString(raw[..^2] + (raw[^2] == 'A' ? 'B' : 'A') + raw[^1]);
        using var altered = await _api.Http.GetAsync($"/api/v1/customers/{customerId}/interactions?limit=1&cursor={tampered}");
        Assert.Contains("cursor", (await altered.AssertProblemAsync(400)).ErrorKeys());
    }

    public static TheoryData<string, string> InvalidListQueries => new()
    {
        { "channel=fax", "channel" },
        { "channel=Email", "channel" },
        { "channel=2", "channel" },
        { "type=chat", "type" },
        { "from=yesterday", "from" },
        { "to=2025-13-01T00:00:00Z", "to" },
        { "from=2025-03-05T00:00:00Z&to=2025-03-01T00:00:00Z", "to" },
        { "from=2025-03-05T00:00:00Z&to=2025-03-05T00:00:00Z", "to" },
        { "limit=0", "limit" },
        { "limit=201", "limit" },
        { "limit=-5", "limit" },
        { "limit=ten", "limit" },
        { "limit=99999999999", "limit" },
        { "cursor=not-a-cursor", "cursor" },
        { "cursor=", "cursor" },
        { "sort=occurredAt", "sort" },
        { "Channel=email", "Channel" },
        { "direction=inbound", "direction" },
    };

    [Theory]
    [MemberData(nameof(InvalidListQueries))]
    public async Task A_bad_list_query_is_a_400_problem_naming_the_parameter(string query, string parameter)
    {
        var customerId = await NewCustomerAsync();
        await CreateInteractionAsync(customerId, "email", "message", new DateTimeOffset(2025, 3, 1, 10, 0, 0, TimeSpan.Zero));

        using var response = await _api.Http.GetAsync($"/api/v1/customers/{customerId}/interactions?{query}");

        var problem = await response.AssertProblemAsync(400);
        Assert.Contains(parameter, problem.ErrorKeys());
    }

    [Fact]
    public async Task Unknown_query_parameters_on_one_interaction_are_a_400_naming_them()
    {
        var customerId = await NewCustomerAsync();
        var interaction = await CreateInteractionAsync(customerId, "email", "message", new DateTimeOffset(2025, 3, 1, 10, 0, 0, TimeSpan.Zero));
        var before = await StateAsync();

        using var read = await _api.Http.GetAsync($"/api/v1/interactions/{Id(interaction)}?expand=customer");
        Assert.Equal(["expand"], (await read.AssertProblemAsync(400)).ErrorKeys());

        using var delete = await _api.Http.DeleteAsync($"/api/v1/interactions/{Id(interaction)}?force=true");
        Assert.Equal(["force"], (await delete.AssertProblemAsync(400)).ErrorKeys());
        Assert.Equal(before, await StateAsync());
    }

    [Fact]
    public async Task A_malformed_interaction_id_in_the_path_is_not_a_server_error()
    {
        using var response = await _api.Http.GetAsync("/api/v1/interactions/not-a-uuid");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Recording_never_answers_with_a_server_error_for_odd_but_valid_text()
    {
        var customerId = await NewCustomerAsync();
        var body = await _api.CreateInteractionAsync(customerId, new
        {
            channel = "social",
            direction = "inbound",
            type = "feedback",
            occurredAt = "2025-03-01T10:00:00.1234567Z",
            subject = "Zoë 🚀 \"quoted\" <b>html</b> ' OR 1=1 --",
            notes = "tab \t line separator \u2028 and CR LF \r\n",
        });

        Assert.Equal("Zoë 🚀 \"quoted\" <b>html</b> ' OR 1=1 --", body["subject"]!.GetValue<string>());
        Assert.Equal("tab \t line separator \u2028 and CR LF \r\n", body["notes"]!.GetValue<string>());
        using var read = await _api.Http.GetAsync($"/api/v1/interactions/{Id(body)}");
        Assert.Equal(body.ToJsonString(), (await read.ReadObjectAsync()).ToJsonString());
    }

    [Fact]
    public async Task A_json_media_type_with_a_charset_parameter_is_accepted()
    {
        var customerId = await NewCustomerAsync();
        using var content = Requests.Json("""{"channel":"meeting","direction":"outbound","type":"meeting","occurredAt":"2025-03-01T10:00:00Z"}""");
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json; charset=utf-8");

        using var created = await _api.Http.PostAsync($"/api/v1/customers/{customerId}/interactions", content);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("meeting", (await created.ReadObjectAsync())["channel"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_if_match_that_is_not_an_etag_is_412_and_changes_nothing()
    {
        var customerId = await NewCustomerAsync();
        var interaction = await CreateInteractionAsync(customerId, "meeting", "meeting", new DateTimeOffset(2025, 3, 1, 10, 0, 0, TimeSpan.Zero));
        var before = await StateAsync();

        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/interactions/{Id(interaction)}")
        {
            Content = Requests.Json("""{"subject":"x"}""", "application/merge-patch+json"),
        };
        request.Headers.TryAddWithoutValidation("If-Match", "not-an-etag");
        using var response = await _api.Http.SendAsync(request);

        await response.AssertProblemAsync(412);
        Assert.Equal(before, await StateAsync());
    }
}
