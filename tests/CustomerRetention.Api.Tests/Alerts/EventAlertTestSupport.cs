using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Support;
using Microsoft.AspNetCore.Hosting;

namespace CustomerRetention.Api.Tests.Alerts;

/// <summary>
/// The API with the event kinds' reaction (and follow-ups' reaction to opened alerts) running,
/// polling every 0.2 s; the shared test hosts leave both off.
/// </summary>
public sealed class EventAlertApiFactory : ApiFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Alerts:ReactToEvents", "true");
        builder.UseSetting("Jobs:Alerts:PollSeconds", "0.2");
        builder.UseSetting("FollowUps:ReactToAlerts", "true");
        builder.UseSetting("Jobs:FollowUps:PollSeconds", "0.2");
    }
}

/// <summary>Waiting for the background reaction.</summary>
public static class EventAlertWait
{
    /// <summary>Waits until the customer has <paramref name="count"/> alerts (asserting no more), newest first.</summary>
    public static async Task<List<JsonObject>> WaitForAlertsAsync(this HttpClient client, Guid customer, int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var alerts = await client.AlertsOfAsync(customer);
            if (alerts.Count >= count)
            {
                Assert.Equal(count, alerts.Count);
                return alerts;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{alerts.Count} of {count} alerts after the event");
            await Task.Delay(100);
        }
    }

    /// <summary>Waits until the reaction's cursor has passed every event logged so far (so every event before now was reacted to).</summary>
    public static async Task WaitForReactionAsync(this ApiFactory api)
    {
        var head = await api.ScalarAsync<long>("SELECT coalesce(max(position), 0) FROM events");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (await api.ScalarAsync<long>("SELECT position FROM event_cursors WHERE consumer = 'event-alerts'") < head)
        {
            Assert.True(DateTime.UtcNow < deadline, "the event-alerts reaction did not catch up");
            await Task.Delay(100);
        }
    }

    /// <summary>The events of a customer of one type, oldest first.</summary>
    public static async Task<List<JsonObject>> EventsOfAsync(this HttpClient client, Guid customer, string type)
    {
        var page = (await client.GetFromJsonAsync<JsonObject>($"/api/v1/events?customerId={customer}&types={type}&limit=200"))!;
        return page["items"]!.AsArray().Select(e => e!.AsObject()).ToList();
    }
}
