using System.Diagnostics;
using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Segmentation;
using CustomerRetention.Api.Tests.Support;
using CustomerRetention.Api.Tests.Value;
using Xunit.Abstractions;

namespace CustomerRetention.Api.Tests.Fuzz;

/// <summary>
/// The API on a real Kestrel socket with its own database: a sample of the CDNOW data (every 8th
/// customer, loaded through the API as <see cref="RfmCdnowFixture"/> does), then the fuzz of
/// <see cref="HostileInputFuzzer"/> run once. The tests read its result; the database stays for
/// the CLV fit after the fuzz.
/// </summary>
public sealed class HostileInputFuzzFixture : IAsyncLifetime, IAsyncDisposable
{
    private readonly ApiFactory _api = new();
    private DatabaseFingerprint? _database;
    private bool _disposed;

    public HttpClient Client { get; private set; } = null!;

    public HostileInputFuzzer Fuzzer { get; private set; } = null!;

    public TimeSpan LoadTime { get; private set; }

    public int SampleCustomers { get; private set; }

    public async Task InitializeAsync()
    {
        await _api.InitializeAsync();
        Client = KestrelHosting.CreateSocketClient(_api.StartOnKestrel());
        var watch = Stopwatch.StartNew();
        var (customers, _) = await RfmCdnowFixture.LoadAsync(Client, id => id % 8 == 1);
        SampleCustomers = customers.Count;
        LoadTime = watch.Elapsed;

        _database = await DatabaseFingerprint.OpenAsync(_api.ConnectionString);
        var document = JsonNode.Parse(await Client.GetStringAsync("/swagger/v1/swagger.json"))!;
        Fuzzer = new HostileInputFuzzer(Client, _database, document);
        Fuzzer.Seeders["/api/v1/webhook-deliveries"] = async fuzzer =>
        {
            var webhook = await fuzzer.CreateAsync("/api/v1/webhooks");
            var id = Guid.CreateVersion7();
            await _api.ExecuteAsync(
                $"""
                INSERT INTO webhook_deliveries (id, webhook_id, event_id, event_position, event_type, state, retries, created_at)
                SELECT '{id}', '{webhook}', e.id, e.position, e.type, 'failed', 0, now() FROM events e ORDER BY e.position DESC LIMIT 1
                """);
            return id;
        };
        Guid? alertRule = null;
        Fuzzer.Seeders["/api/v1/alerts"] = async fuzzer =>
        {
            // An open alert of a sample customer (written here: an evaluation per request would make the fuzz slow).
            alertRule ??= await AlertFixtures.NewRuleAsync(Client);
            var customer = await fuzzer.CreateAsync("/api/v1/customers");
            var id = Guid.CreateVersion7();
            await _api.ExecuteAsync(
                $"""
                INSERT INTO alerts (id, rule_id, rule_version, kind, customer_id, dedupe_key, severity, status, title, reason, evidence, score,
                                    first_detected_at, last_detected_at, occurrences, created_at, updated_at)
                VALUES ('{id}', '{alertRule}', 1, 'frequency-drop', '{customer}', '{alertRule}:{customer}', 'medium', 'open', 'Orders fell 50 %',
                        'Orders fell from 2 to 1 (−50 %).', jsonb_build_object('drop', 0.5), 0.5, now(), now(), 1, now(), now())
                """);
            return id;
        };
        Fuzzer.Seeders["/api/v1/alert-evaluations"] = async _ =>
        {
            using var started = await Client.PostAsync($"/api/v1/alert-rules/{await AlertFixtures.NewRuleAsync(Client)}/evaluations", Requests.Json(new { asOf = KnownGoodValues.Instant }));
            var id = (await started.ReadObjectAsync())["id"]!.GetValue<Guid>();
            for (var i = 0; i < 600 && JsonNode.Parse(await Client.GetStringAsync($"/api/v1/alert-evaluations/{id}"))!["status"]!.GetValue<string>() is "queued" or "running"; i++)
            {
                await Task.Delay(50); // finished before the fuzz compares fingerprints
            }

            return id;
        };
        // A send names its customer and an agent's response its survey in the body; the public
        // response's path is a send's token (single use: only the valid request can succeed).
        var surveyCustomer = await Client.CreateCustomerAsync(new { type = "individual", name = "Fuzz survey customer" });
        var survey = await Surveys.SurveyApi.CreateSurveyAsync(Client, name: "Fuzz survey");
        Fuzzer.Values.Seeded["SurveySendRequest.customerId"] = surveyCustomer["id"]!.ToString();
        Fuzzer.Values.Seeded["SurveyResponseRequest.surveyId"] = survey["id"]!.ToString();
        var tokenSend = await Surveys.SurveyApi.SendAsync(Client, survey["id"]!, (await Client.CreateCustomerAsync(new { type = "individual", name = "Fuzz survey respondent" }))["id"]!);
        Fuzzer.PathValues["token"] = tokenSend["token"]!.ToString();
        Fuzzer.Seeders["/api/v1/surveys/{id}/sends"] = async fuzzer =>
        {
            // An automated send (as a post-purchase run makes it, without a token) of the survey the path names.
            var surveyId = await fuzzer.ResourceAsync("/api/v1/surveys");
            var customer = await fuzzer.CreateAsync("/api/v1/customers");
            var id = Guid.CreateVersion7();
            await _api.ExecuteAsync(
                $"""
                INSERT INTO survey_sends (id, survey_id, customer_id, channel, status, sent_at, expires_at, dedupe_key, created_at, updated_at)
                VALUES ('{id}', '{surveyId}', '{customer}', 'email', 'sent', now(), now() + interval '14 days', 'fuzz:{id}', now(), now())
                """);
            return id;
        };
        foreach (var consuming in new[] { "AcknowledgeAlert", "SnoozeAlert", "ResolveAlert", "DismissAlert", "IssueSurveyToken" })
        {
            Fuzzer.FreshResourceOperations.Add(consuming);
        }

        await Fuzzer.RunAsync();
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Client?.Dispose();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        await ((IAsyncLifetime)_api).DisposeAsync();
    }
}

public sealed class HostileInputFuzzTests(HostileInputFuzzFixture fixture, ITestOutputHelper output) : IClassFixture<HostileInputFuzzFixture>
{
    [Fact]
    public void Every_operation_survives_hostile_input_without_5xx_and_changes_nothing_when_refused()
    {
        var fuzzer = fixture.Fuzzer;
        output.WriteLine($"CDNOW sample: {fixture.SampleCustomers} customers loaded in {fixture.LoadTime.TotalSeconds:F1} s");
        output.WriteLine($"{fuzzer.Operations.Count} operations, {fuzzer.Requests} requests (+ {fuzzer.Polls} job polls) in {fuzzer.Elapsed.TotalSeconds:F1} s ({fuzzer.FingerprintTime.TotalSeconds:F1} s of it database fingerprints)");
        output.WriteLine($"database fingerprint over {fuzzer.Tables.Count} tables (by row versions; {fuzzer.FingerprintCost.TotalMilliseconds:F1} ms each at the end): {string.Join(", ", fuzzer.Tables)}");
        var report = HostileInputFuzzer.Report(fuzzer.Failures);
        output.WriteLine(report);
        Assert.True(fuzzer.Operations.Count > 0, "the OpenAPI document lists no operation");

        // The harness checks itself: every create must have changed the fingerprint, an idle database none.
        Assert.True(fuzzer.Creates > 0, "no request created anything: the valid requests are not valid");
        Assert.True(fuzzer.BlindSpots.Count == 0, "the database fingerprint missed writes: " + string.Join("; ", fuzzer.BlindSpots));
        Assert.True(fuzzer.Failures.Count == 0, report);
    }

    [Fact]
    public async Task A_clv_model_fitted_after_the_fuzz_succeeds()
    {
        // Whatever the fuzz got stored (a year-1 order would be -infinity) must not break a later fit
        // over the same database: the CDNOW sample is identifiable with the published calibration end.
        var model = await fixture.Client.FitAsync(new { calibrationEnd = "1997-09-30" });
        output.WriteLine(model.ToJsonString());
        Assert.True(model["status"]!.GetValue<string>() == "succeeded", $"the CLV model fitted after the fuzz did not succeed: {model.ToJsonString()}");
        Assert.True(model["customers"]!.GetValue<int>() >= fixture.SampleCustomers, model.ToJsonString());
    }
}
