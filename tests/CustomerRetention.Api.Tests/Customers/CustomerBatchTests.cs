using System.Net;
using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Support;

namespace CustomerRetention.Api.Tests.Customers;

/// <summary>
/// <c>POST /api/v1/customers/batch</c> (SPEC §10.2): per-item results in input order, one bad item
/// never stops the others, an unchanged item writes nothing and emits no event, and a malformed
/// batch is refused whole with nothing changed.
/// </summary>
public sealed class CustomerBatchTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private const string Path = "/api/v1/customers/batch";
    private static readonly int[] BadIndexes = [0, 17, 500, 998, 999];

    private readonly ApiClient _client = api.CreateApiClient();

    [Fact]
    public async Task A_thousand_items_with_five_bad_ones_create_995_then_a_repeat_is_unchanged_and_a_change_is_one_update()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var items = Enumerable.Range(0, 1000).Select(i => Item(run, i)).ToList();
        items[0] = new { externalId = $"{run}-0", type = "individual" }; // no name
        items[17] = new { externalId = $"{run}-17", type = "individual", name = "Bad mail", email = "not-an-address" };
        items[500] = new { externalId = $"{run}-500", type = "robot", name = "Wrong type" }; // not an enum value: a shape error
        items[998] = new { type = "individual", name = "No key" };
        items[999] = new { externalId = $"{run}-999", type = "individual", name = "Unknown member", favouriteColour = "blue" };

        var results = await _client.BatchAsync(Path, items);

        Assert.Equal(1000, results.Count);
        Assert.Equal(Enumerable.Range(0, 1000), results.Select(r => r!["index"]!.GetValue<int>()));
        Assert.Equal(995, results.Count(r => Status(r) == "created"));
        Assert.Equal(BadIndexes, results.Where(r => Status(r) == "error").Select(r => r!["index"]!.GetValue<int>()));
        Assert.Contains("items[0].name", ErrorPaths(results[0]));
        Assert.Contains("items[17].email", ErrorPaths(results[17]));
        Assert.Contains("items[500].type", ErrorPaths(results[500]));
        Assert.Contains("items[998].externalId", ErrorPaths(results[998]));
        Assert.Contains("items[999].favouriteColour", ErrorPaths(results[999]));
        Assert.All(BadIndexes, i => Assert.Equal("validation-failed", results[i]!["code"]!.GetValue<string>()));
        Assert.All(results.Where(r => Status(r) == "created"), r => Assert.Null(r!["errors"]));
        Assert.Equal(995, await api.ScalarAsync<long>($"SELECT count(*) FROM customers WHERE external_id LIKE '{run}-%'"));
        Assert.Equal(995, await CreatedEventsAsync(run));
        var createdId = results[1]!["id"]!.GetValue<Guid>();
        Assert.Equal($"{run}-1", (await _client.GetCustomerAsync(createdId))["externalId"]!.GetValue<string>());

        var customersBefore = await api.CustomersFingerprintAsync();
        var eventsBefore = await api.ScalarAsync<long>("SELECT count(*) FROM events");
        var again = await _client.BatchAsync(Path, items);

        Assert.Equal(995, again.Count(r => Status(r) == "unchanged"));
        Assert.Equal(BadIndexes, again.Where(r => Status(r) == "error").Select(r => r!["index"]!.GetValue<int>()));
        Assert.Equal(createdId, again[1]!["id"]!.GetValue<Guid>());
        Assert.Equal(customersBefore, await api.CustomersFingerprintAsync());
        Assert.Equal(eventsBefore, await api.ScalarAsync<long>("SELECT count(*) FROM events"));

        items[42] = new { externalId = $"{run}-42", type = "individual", name = $"Customer {run} 42", email = $"{run}.42@example.com", company = "Renamed GmbH" };
        var changed = await _client.BatchAsync(Path, items);

        Assert.Equal("updated", Status(changed[42]));
        Assert.Equal(994, changed.Count(r => Status(r) == "unchanged"));
        Assert.Equal(eventsBefore + 1, await api.ScalarAsync<long>("SELECT count(*) FROM events"));
        Assert.Equal("customer.updated", await api.ScalarAsync<string>("SELECT type FROM events ORDER BY position DESC LIMIT 1"));
        Assert.Equal("Renamed GmbH", (await _client.GetCustomerAsync(changed[42]!["id"]!))["company"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_existing_customer_is_merge_patched_members_left_out_keep_their_value_and_null_clears()
    {
        var key = $"merge-{Guid.NewGuid():N}";
        var created = await _client.CreateCustomerAsync(new { externalId = key, type = "business", name = "Merge AG", company = "Merge AG", phone = "+4930123456", tags = new[] { "b2b" } });

        var results = await _client.BatchAsync(Path, new object[] { new Dictionary<string, object?> { ["externalId"] = key, ["name"] = "Merge SE", ["company"] = null, ["lifecycleStage"] = "churned" } });

        Assert.Equal("updated", Status(results[0]));
        Assert.Equal(created["id"]!.GetValue<Guid>(), results[0]!["id"]!.GetValue<Guid>());
        var customer = await _client.GetCustomerAsync(created["id"]!);
        Assert.Equal("Merge SE", customer["name"]!.GetValue<string>());
        Assert.Null(customer["company"]);
        Assert.Equal("+4930123456", customer["phone"]!.GetValue<string>());
        Assert.Equal("b2b", Assert.Single(customer["tags"]!.AsArray())!.GetValue<string>());
        Assert.Equal("awareness", customer["lifecycleStage"]!.GetValue<string>()); // the initial stage is for creates only
    }

    [Fact]
    public async Task A_created_item_may_give_its_initial_stage()
    {
        var key = $"stage-{Guid.NewGuid():N}";

        var results = await _client.BatchAsync(Path, new[] { new { externalId = key, type = "individual", name = "Stage", lifecycleStage = "decision", stageEnteredAt = "2025-03-01T00:00:00Z" } });

        var customer = await _client.GetCustomerAsync(results[0]!["id"]!);
        Assert.Equal("decision", customer["lifecycleStage"]!.GetValue<string>());
        Assert.Equal("2025-03-01T00:00:00Z", customer["stageEnteredAt"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_email_held_by_another_customer_is_that_items_duplicate_customer_error_and_the_others_go_on()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var holder = await _client.CreateCustomerAsync(new { type = "individual", name = "Holder", email = $"{run}@example.com" });

        var results = await _client.BatchAsync(Path, new[]
        {
            new { externalId = $"{run}-a", type = "individual", name = "A", email = $"{run}-a@example.com" },
            new { externalId = $"{run}-b", type = "individual", name = "B", email = $"{run.ToUpperInvariant()}@example.com" },
            new { externalId = $"{run}-c", type = "individual", name = "C", email = $"{run}-a@example.com" },
            new { externalId = $"{run}-d", type = "individual", name = "D", email = $"{run}-d@example.com" },
        });

        Assert.Equal(["created", "error", "error", "created"], results.Select(Status));
        Assert.Equal("duplicate-customer", results[1]!["code"]!.GetValue<string>());
        var message = Assert.Single(results[1]!["errors"]!["items[1].email"]!.AsArray())!.GetValue<string>();
        Assert.Contains(holder["id"]!.GetValue<string>(), message, StringComparison.Ordinal);
        Assert.Equal("duplicate-customer", results[2]!["code"]!.GetValue<string>()); // the e-mail item 0 took in this batch
        Assert.Null(results[1]!["id"]);
        Assert.Equal(2, await api.ScalarAsync<long>($"SELECT count(*) FROM customers WHERE external_id LIKE '{run}-%'"));
    }

    [Fact]
    public async Task An_item_that_is_not_an_object_is_its_own_error()
    {
        var key = $"obj-{Guid.NewGuid():N}";

        using var response = await _client.PostBatchAsync(Path, $$"""{"items":[42,{"externalId":"{{key}}","type":"individual","name":"Fine"},null]}""", Guid.NewGuid().ToString());

        var results = (await response.ReadObjectAsync())["results"]!.AsArray();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["error", "created", "error"], results.Select(Status));
        Assert.Contains("items[0]", ErrorPaths(results[0]));
        Assert.Contains("items[2]", ErrorPaths(results[2]));
    }

    public static TheoryData<string, string> MalformedBatches => new()
    {
        { """{"items":{"externalId":"x"}}""", "items" },
        { """{"items":[]}""", "items" },
        { """{"customers":[{"externalId":"x","type":"individual","name":"X"}]}""", "customers" },
        { """{"items":[{"externalId":"twice","type":"individual","name":"A"},{"externalId":" twice ","type":"individual","name":"B"}]}""", "items[1].externalId" },
        { "[]", "body" },
    };

    [Theory]
    [MemberData(nameof(MalformedBatches))]
    public async Task A_malformed_batch_is_400_naming_the_problem_and_changes_nothing(string body, string path)
    {
        var before = await ChangesFingerprintAsync();

        using var response = await _client.PostBatchAsync(Path, body, Guid.NewGuid().ToString());

        var problem = await response.AssertProblemAsync(400);
        if (path != "body")
        {
            Assert.Contains(path, problem.ErrorKeys());
        }

        Assert.Equal(before, await ChangesFingerprintAsync());
    }

    [Fact]
    public async Task More_than_a_thousand_items_is_400_and_changes_nothing()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var before = await ChangesFingerprintAsync();

        using var response = await _client.PostBatchAsync(Path, Enumerable.Range(0, 1001).Select(i => Item(run, i)).ToArray(), Guid.NewGuid().ToString());

        Assert.Contains("items", (await response.AssertProblemAsync(400)).ErrorKeys());
        Assert.Equal(before, await ChangesFingerprintAsync());
    }

    [Fact]
    public async Task Without_an_Idempotency_Key_the_batch_is_400_and_changes_nothing()
    {
        var before = await api.DatabaseFingerprintAsync();

        using var response = await _client.PostBatchAsync(Path, new[] { Item("nokey", 1) }, idempotencyKey: null);

        Assert.Contains("Idempotency-Key", (await response.AssertProblemAsync(400)).ErrorKeys());
        Assert.Equal(before, await api.DatabaseFingerprintAsync());
    }

    [Fact]
    public async Task A_retry_with_the_same_key_replays_the_results_and_applies_nothing_again()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var key = Guid.NewGuid().ToString();
        var items = Enumerable.Range(0, 20).Select(i => Item(run, i)).ToArray();
        using var first = await _client.PostBatchAsync(Path, items, key);
        var firstBody = await first.Content.ReadAsStringAsync();
        var before = await api.DatabaseFingerprintAsync();

        using var retry = await _client.PostBatchAsync(Path, items, key);

        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal("true", Assert.Single(retry.Headers.GetValues("Idempotent-Replayed")));
        Assert.Equal(firstBody, await retry.Content.ReadAsStringAsync());
        Assert.Equal(before, await api.DatabaseFingerprintAsync());
        Assert.Equal(20, await api.ScalarAsync<long>($"SELECT count(*) FROM customers WHERE external_id LIKE '{run}-%'"));
    }

    [Fact]
    public async Task A_body_over_one_MiB_is_accepted()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var padding = new string('x', 1500);
        var items = Enumerable.Range(0, 1000).Select(i => new { externalId = $"{run}-{i}", type = "individual", name = $"Big {i}", company = padding[..190], tags = new[] { padding[..40] }, attributes = new { note = padding[..400], more = padding[..400] } }).ToArray();

        var results = await _client.BatchAsync(Path, items);

        Assert.Equal(1000, results.Count(r => Status(r) == "created"));
    }

    [Fact]
    public async Task Two_batches_at_once_with_the_same_keys_make_one_customer_per_key()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var items = Enumerable.Range(0, 50).Select(i => Item(run, i)).ToArray();

        var both = await Task.WhenAll(_client.BatchAsync(Path, items), _client.BatchAsync(Path, items));

        Assert.Equal(50, await api.ScalarAsync<long>($"SELECT count(*) FROM customers WHERE external_id LIKE '{run}-%'"));
        Assert.Equal(50, await CreatedEventsAsync(run));
        Assert.All(Enumerable.Range(0, 50), i => Assert.Equal(1, both.Count(results => Status(results[i]) == "created")));
        Assert.All(both.SelectMany(r => r), r => Assert.Contains(Status(r), new[] { "created", "unchanged", "error" }));
    }

    [Fact]
    public async Task An_agent_creates_its_own_customers_and_cannot_reach_another_owners_key()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var theirs = (await _client.BatchAsync(Path, new[] { new { externalId = $"{run}-theirs", type = "individual", name = "Not yours", ownerId = Guid.NewGuid() } }))[0]!["id"]!.GetValue<string>();
        var agent = Guid.NewGuid();
        var agentClient = new ApiClient(api.AsRole("agent", agent));

        var results = await agentClient.BatchAsync(Path, new object[]
        {
            new { externalId = $"{run}-mine", type = "individual", name = "Mine" },
            new { externalId = $"{run}-theirs", type = "individual", name = "Taken over" },
        });

        Assert.Equal("created", Status(results[0]));
        Assert.Equal(agent, await api.ScalarAsync<Guid>($"SELECT owner_id FROM customers WHERE external_id = '{run}-mine'"));
        Assert.Equal("error", Status(results[1]));
        Assert.Equal("duplicate-customer", results[1]!["code"]!.GetValue<string>());
        var message = Assert.Single(results[1]!["errors"]!["items[1].externalId"]!.AsArray())!.GetValue<string>();
        Assert.Contains("another owner", message, StringComparison.Ordinal);
        Assert.DoesNotContain(theirs, message, StringComparison.Ordinal);
        Assert.Null(results[1]!["id"]);
        Assert.Equal("Not yours", await api.ScalarAsync<string>($"SELECT name FROM customers WHERE external_id = '{run}-theirs'"));
    }

    private static object Item(string run, int i) =>
        new { externalId = $"{run}-{i}", type = "individual", name = $"Customer {run} {i}", email = $"{run}.{i}@example.com" };

    private static string Status(JsonNode? result) => result!["status"]!.GetValue<string>();

    private static IReadOnlyList<string> ErrorPaths(JsonNode? result) => [.. result!["errors"]!.AsObject().Select(e => e.Key)];

    /// <summary>
    /// Everything but the idempotency keys: a refused first request stores its key with the answer
    /// (ADR 20), so a retry is answered the same way; nothing else may change.
    /// </summary>
    private async Task<string> ChangesFingerprintAsync() =>
        string.Join(' ', (await api.DatabaseFingerprintAsync()).Split(' ').Where(t => !t.StartsWith("idempotency_keys=", StringComparison.Ordinal)));

    private Task<long> CreatedEventsAsync(string run) =>
        api.ScalarAsync<long>($"SELECT count(*) FROM events e JOIN customers c ON c.id = e.customer_id WHERE e.type = 'customer.created' AND c.external_id LIKE '{run}-%'");
}
