using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Support;

namespace CustomerRetention.Api.Tests.Imports;

/// <summary>The import's formats, its row rules (the single create's), its errors and what it refuses as a whole.</summary>
public sealed class CustomerImportTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    private static string Csv(params string[] lines) => string.Join("\r\n", lines) + "\r\n";

    [Fact]
    public async Task An_imported_customer_and_its_event_have_the_shape_of_the_single_create()
    {
        var imported = await _client.ImportAsync(ImportTestSupport.Ndjson(
            """
            {"externalId":"shape-1","type":"business","name":"Shape Ltd","company":"Shape","email":"Info@Shape.example","phone":"+44 20 7946 0018","address":{"line1":"1 Road","city":"London","country":"gb"},"birthday":"1980-02-03","tags":["VIP"," b2b "],"attributes":{"tier":"gold","seats":12,"active":true},"consent":{"email":true},"lifecycleStage":"decision","stageEnteredAt":"2024-05-06T07:08:09.5Z"}
            """ + "\n"));
        Assert.Equal((1L, 0L), (imported.Count("created"), imported.Count("failed")));

        var id = await api.ScalarAsync<Guid>("SELECT id FROM customers WHERE external_id = 'shape-1'");
        var dto = (await _client.GetFromJsonAsync<JsonObject>($"/api/v1/customers/{id}"))!;
        dto.Remove("rfm");
        dto.Remove("etag");
        var state = JsonNode.Parse(await api.ScalarAsync<string>($"SELECT (data->'state')::text FROM events WHERE type = 'customer.created' AND customer_id = '{id}'"))!;
        Assert.True(JsonNode.DeepEquals(dto, state), $"event {state.ToJsonString()} vs customer {dto.ToJsonString()}");
        Assert.Equal("shape.example", dto["email"]!.GetValue<string>().Split('@')[1]);
        Assert.Equal("GB", dto["address"]!["country"]!.GetValue<string>());
        Assert.Equal("import", await api.ScalarAsync<string>($"SELECT source FROM stage_transitions WHERE customer_id = '{id}'"));

        // The same customer created by the single endpoint writes the same members.
        var single = await _client.CreateCustomerAsync(new { type = "individual", name = "Single" });
        var singleState = JsonNode.Parse(await api.ScalarAsync<string>($"SELECT (data->'state')::text FROM events WHERE type = 'customer.created' AND customer_id = '{single["id"]!.GetValue<Guid>()}'"))!.AsObject();
        Assert.Equal(singleState.Select(m => m.Key).Order(), state.AsObject().Select(m => m.Key).Order());

        // An update through the import: the fields of the file change, the others stay.
        var updated = await _client.ImportAsync(ImportTestSupport.Csv(Csv("externalId,type,name,company", "shape-1,business,Shape Ltd,Shape Group")));
        Assert.Equal((0L, 1L, 0L), (updated.Count("created"), updated.Count("updated"), updated.Count("unchanged")));
        var after = (await _client.GetFromJsonAsync<JsonObject>($"/api/v1/customers/{id}"))!;
        Assert.Equal("Shape Group", after["company"]!.GetValue<string>());
        Assert.Equal("Info@shape.example", after["email"]!.GetValue<string>());
        Assert.Equal("decision", after["lifecycleStage"]!.GetValue<string>());
        var update = JsonNode.Parse(await api.ScalarAsync<string>($"SELECT data::text FROM events WHERE type = 'customer.updated' AND customer_id = '{id}'"))!;
        after.Remove("rfm");
        after.Remove("etag");
        Assert.True(JsonNode.DeepEquals(after, update["state"]), update.ToJsonString());
        Assert.Equal("[\"company\"]", update["changedFields"]!.ToJsonString());
        Assert.Equal("{\"company\":\"Shape\"}", update["previous"]!.ToJsonString());
    }

    [Fact]
    public async Task A_multipart_upload_imports_its_file_part()
    {
        using var form = new MultipartFormDataContent();
        var file = new StringContent(Csv("externalId,type,name", "mp-1,individual,Multi Part"), Encoding.UTF8, "text/csv");
        form.Add(file, "file", "customers.csv");

        var done = await _client.ImportAsync(form);

        Assert.Equal(("succeeded", 1L), (done["status"]!.GetValue<string>(), done.Count("created")));
        Assert.Equal("csv", done["format"]!.GetValue<string>());
        Assert.Equal("Multi Part", await api.ScalarAsync<string>("SELECT name FROM customers WHERE external_id = 'mp-1'"));
    }

    [Fact]
    public async Task Ndjson_rows_are_refused_with_their_line_numbers_and_fields()
    {
        var done = await _client.ImportAsync(ImportTestSupport.Ndjson(string.Join('\n',
            """{"type":"individual","name":"Nd Good","externalId":"nd-1"}""",
            string.Empty,
            """{"type":"individual","name":"Nd Unknown","colour":"red"}""",
            """{"type":"individual","name":"Nd Bad Date","birthday":"tomorrow"}""",
            """not json""",
            """{"type":"robot","name":"Nd Bad Type"}""")));

        Assert.Equal((1L, 4L, 6L), (done.Count("created"), done.Count("failed"), done.Count("totalRows") + 1));
        var errors = await _client.ErrorsAsync(done["id"]!.GetValue<Guid>());
        Assert.Equal(
            [(3L, "colour"), (4L, "birthday"), (5L, (string?)null), (6L, "type")],
            errors.Select(e => (e["row"]!.GetValue<long>(), e["field"]?.GetValue<string>())).Distinct().ToList());
        Assert.Equal(1, await api.ScalarAsync<long>("SELECT count(*) FROM customers WHERE name LIKE 'Nd %'"));
    }

    [Fact]
    public async Task Duplicates_in_the_file_and_taken_emails_are_row_errors()
    {
        var existing = await _client.CreateCustomerAsync(new { type = "individual", name = "Holder", email = "taken@example.com" });

        var done = await _client.ImportAsync(ImportTestSupport.Csv(Csv(
            "externalId,type,name,email",
            "dup-1,individual,First,first@example.com",
            "dup-1,individual,Second,second@example.com",
            "dup-2,individual,Taker,TAKEN@example.com",
            "dup-3,individual,Fine,fine@example.com",
            "dup-4,individual,Same A,same@example.com",
            "dup-5,individual,Same B,Same@Example.com")));

        Assert.Equal((1L, 5L), (done.Count("created"), done.Count("failed")));
        var errors = await _client.ErrorsAsync(done["id"]!.GetValue<Guid>());
        Assert.Equal([2L, 3L, 4L, 6L, 7L], errors.Select(e => e["row"]!.GetValue<long>()).ToList());
        Assert.Contains("rows 2, 3", errors[0]["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("email", errors[2]["field"]!.GetValue<string>());
        Assert.Contains(existing["id"]!.GetValue<string>(), errors[2]["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(["Fine", "Holder"], await Names("SELECT name FROM customers WHERE external_id LIKE 'dup-%' OR name = 'Holder'"));
    }

    [Fact]
    public async Task The_errors_download_as_csv()
    {
        var done = await _client.ImportAsync(ImportTestSupport.Csv(Csv("type,name,email", "individual,Csv Err,nope", "individual,Csv Ok,")));
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/imports/{done["id"]}/errors");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));

        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var text = (await response.Content.ReadAsStringAsync()).TrimStart('\uFEFF');
        Assert.Equal("row,field,message\r\n2,email,'email' is not a valid e-mail address.\r\n", text);
    }

    [Theory]
    [InlineData("kind=people", "text/csv", "type,name\r\nindividual,X\r\n", "kind")]
    [InlineData("kind=customers", "text/csv", "type,name,favourite\r\nindividual,X,blue\r\n", "file")]
    [InlineData("kind=customers", "text/csv", "name\r\nX\r\n", "file")]
    [InlineData("kind=customers", "text/csv", "", "file")]
    public async Task A_wrong_kind_or_header_is_a_400_and_nothing_is_stored(string query, string media, string body, string member)
    {
        var customers = await StoredAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/imports?{query}") { Content = new StringContent(body, Encoding.UTF8, media) };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());

        using var response = await _client.SendAsync(request);

        var problem = await response.AssertProblemAsync(400);
        Assert.Contains(member, problem.ErrorKeys());
        if (body.Contains("favourite", StringComparison.Ordinal))
        {
            Assert.Contains("'favourite'", problem["errors"]!["file"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        }

        await AssertNothingStoredAsync(customers);
    }

    [Fact]
    public async Task Another_media_type_is_a_415()
    {
        var customers = await StoredAsync();
        using var response = await _client.UploadAsync(new StringContent("{}", Encoding.UTF8, "application/json"));
        await response.AssertProblemAsync(415);
        await AssertNothingStoredAsync(customers);
    }

    [Fact]
    public async Task Without_an_idempotency_key_the_upload_is_a_400_naming_the_header()
    {
        var customers = await StoredAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/imports?kind=customers") { Content = ImportTestSupport.Csv("type,name\r\nindividual,No Key\r\n") };

        using var response = await _client.SendAsync(request);

        Assert.Contains("Idempotency-Key", (await response.AssertProblemAsync(400)).ErrorKeys());
        await AssertNothingStoredAsync(customers);
    }

    [Fact]
    public async Task A_repeated_upload_with_the_same_key_replays_the_same_import()
    {
        var key = Guid.NewGuid().ToString();
        using var first = await _client.UploadAsync(ImportTestSupport.Csv("type,name\r\nindividual,Replay\r\n"), key: key);
        using var second = await _client.UploadAsync(ImportTestSupport.Csv("type,name\r\nindividual,Replay\r\n"), key: key);

        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Equal("true", second.Headers.GetValues("Idempotent-Replayed").Single());
        await _client.WaitForImportAsync((await first.ReadObjectAsync())["id"]!.GetValue<Guid>());
        Assert.Equal(1, await api.ScalarAsync<long>("SELECT count(*) FROM customers WHERE name = 'Replay'"));
    }

    [Fact]
    public async Task An_unknown_import_is_a_404()
    {
        using var response = await _client.GetAsync($"/api/v1/imports/{Guid.CreateVersion7()}");
        await response.AssertProblemAsync(404);
    }

    [Fact]
    public async Task An_agent_imports_its_own_customers_only()
    {
        var agent = Guid.CreateVersion7();
        var other = Guid.CreateVersion7();
        await _client.CreateCustomerAsync(new { type = "individual", name = "Not Yours", externalId = "ag-theirs", ownerId = other });
        var client = api.AsRole("agent", agent);

        var done = await client.ImportAsync(ImportTestSupport.Csv(Csv(
            "externalId,type,name,ownerId",
            "ag-mine,individual,Mine,",
            "ag-theirs,individual,Taken Over,",
            $"ag-gift,individual,Gift,{other}")));

        Assert.Equal((1L, 2L), (done.Count("created"), done.Count("failed")));
        Assert.Equal(agent, await api.ScalarAsync<Guid>("SELECT owner_id FROM customers WHERE external_id = 'ag-mine'"));
        Assert.Equal("Not Yours", await api.ScalarAsync<string>("SELECT name FROM customers WHERE external_id = 'ag-theirs'"));
        var errors = await client.ErrorsAsync(done["id"]!.GetValue<Guid>());
        Assert.Equal([(3L, "externalId"), (4L, "ownerId")], errors.Select(e => (e["row"]!.GetValue<long>(), e["field"]!.GetValue<string>())).ToList());
        Assert.DoesNotContain(errors, e => e["message"]!.GetValue<string>().Contains(other.ToString(), StringComparison.Ordinal));

        // Another agent does not see the import.
        using var foreign = await api.AsRole("agent", other).GetAsync($"/api/v1/imports/{done["id"]}");
        await foreign.AssertProblemAsync(404);
    }

    [Fact]
    public async Task A_viewer_cannot_import()
    {
        using var response = await api.AsRole("viewer").UploadAsync(ImportTestSupport.Csv("type,name\r\nindividual,Viewer\r\n"));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private async Task<string> StoredAsync() =>
        await api.CustomersFingerprintAsync() + await api.ScalarAsync<string>("SELECT (SELECT count(*) FROM imports) || '/' || (SELECT count(*) FROM import_uploads) || '/' || (SELECT count(*) FROM events)");

    private async Task AssertNothingStoredAsync(string before) => Assert.Equal(before, await StoredAsync());

    private async Task<List<string>> Names(string sql) =>
        (await api.ScalarAsync<string>($"SELECT coalesce(string_agg(name, '|' ORDER BY name), '') FROM ({sql}) n")).Split('|').ToList();
}
