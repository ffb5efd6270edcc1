using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Support;
using CustomerRetention.Infrastructure;
using CustomerRetention.Infrastructure.Persistence;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CustomerRetention.Api.Tests.Segmentation;

/// <summary>
/// Results stored before the compact layout (monetary as numeric, segment as text) are converted
/// by the <c>RfmCompactResults</c> migration: nothing is lost and the reads work on them.
/// </summary>
public sealed class RfmUpgradeTests : IAsyncLifetime
{
    private const string LayoutBefore = "20261123155505_ArchivedCustomersIndex";
    private readonly string _database = "t_" + Guid.NewGuid().ToString("N");
    private PostgresServer? _server;
    private string _connectionString = string.Empty;

    public async Task InitializeAsync()
    {
        _server = await PostgresServer.GetAsync();
        _connectionString = await _server.CreateEmptyDatabaseAsync(_database);
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DropDatabaseAsync(_database);
        }
    }

    [Fact]
    public async Task Results_stored_in_the_earlier_layout_survive_the_upgrade_and_are_read_as_before()
    {
        await MigrateAsync(LayoutBefore);
        // A customer as the API of that layout stored it (written directly: today's API also
        // appends to the event log, a table that layout does not have yet).
        var customer = Guid.CreateVersion7();
        await Sql.ExecuteAsync(
            _connectionString,
            $$"""
            INSERT INTO customers (id, type, name, attributes, tags, tag_keys, lifecycle_stage, stage_entered_at, created_at, updated_at,
                                   consent_email, consent_sms, consent_phone)
            VALUES ('{{customer}}', 'individual', 'Stored Before', '{}', '{}', '{}', 'awareness', now(), now(), now(), false, false, false)
            """);

        var run = Guid.CreateVersion7();
        var partition = $"rfm_results_{run:N}";
        await Sql.ExecuteAsync(
            _connectionString,
            $$"""
            INSERT INTO rfm_runs (id, status, as_of, policy, breakpoints, segment_map, scored_customers, created_at, started_at, finished_at)
            VALUES ('{{run}}', 'succeeded', '2026-01-31T00:00:00Z', 'quantile',
                    '{"recencyDays":[1,2,3,4],"frequency":[1,2,3,4],"monetary":[1,2,3,4]}',
                    (SELECT jsonb_agg(jsonb_build_object('r', r, 'f', f, 'segment', segment) ORDER BY r DESC, f) FROM rfm_segment_map),
                    1, now(), now(), now());
            CREATE TABLE {{partition}} (LIKE rfm_results);
            INSERT INTO {{partition}} (run_id, customer_id, recency_days, frequency, monetary, r, f, m, segment)
            VALUES ('{{run}}', '{{customer}}', 12, 7, 1234.56, 5, 5, 5, 'champions');
            CREATE INDEX ix_{{partition}}_segment ON {{partition}} (segment, monetary DESC, customer_id);
            ALTER TABLE rfm_results ATTACH PARTITION {{partition}} FOR VALUES IN ('{{run}}');
            """);

        await MigrateAsync(null);

        await using var after = Api();
        var client = after.CreateClient();
        var rfm = (await client.GetFromJsonAsync<JsonObject>($"/api/v1/customers/{customer}/rfm"))!["current"]!;
        Assert.Equal(run, rfm["runId"]!.GetValue<Guid>());
        Assert.Equal(12, rfm["recencyDays"]!.GetValue<int>());
        Assert.Equal(7, rfm["frequency"]!.GetValue<int>());
        Assert.Equal(1234.56m, rfm["monetary"]!.GetValue<decimal>());
        Assert.Equal("champions", rfm["segment"]!.GetValue<string>());

        var page = (await client.GetFromJsonAsync<JsonObject>("/api/v1/rfm/segments/champions/customers"))!["items"]!.AsArray();
        Assert.Equal([customer], page.Select(i => i!["customerId"]!.GetValue<Guid>()));
        Assert.Equal(1234.56m, page[0]!["monetary"]!.GetValue<decimal>());

        // The partition's segment index was rebuilt on the new columns.
        Assert.Equal(1, await Sql.ScalarAsync<int>(_connectionString, $"SELECT count(*)::int FROM pg_indexes WHERE tablename = '{partition}' AND indexdef LIKE '%(segment_id, monetary_cents DESC, customer_id)%'"));
    }

    private WebApplicationFactory<Program> Api() =>
        new TestHostFactory().WithWebHostBuilder(builder =>
        {
            ApiFactory.ConfigureTestHost(builder, _connectionString);
            builder.UseSetting("Rfm:Worker", "false");
        });

    private async Task MigrateAsync(string? target)
    {
        var options = new DbContextOptionsBuilder<AppDbContext>();
        DependencyInjection.ConfigureDbContext(options, _connectionString);
        await using var db = new AppDbContext(options.Options);
        await db.GetService<IMigrator>().MigrateAsync(target);
    }
}
