using System.Net;
using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerRetention.Api.Tests.Surveys;

/// <summary>The system clock, or a fixed instant once <see cref="Frozen"/> is set (so a test can put data exactly on a boundary).</summary>
public sealed class SurveyClock : TimeProvider
{
    public DateTimeOffset? Frozen { get; set; }

    public override DateTimeOffset GetUtcNow() => Frozen ?? System.GetUtcNow();
}

/// <summary>The API on its own database with a clock the tests can freeze.</summary>
public sealed class SurveyApiFactory : ApiFactory
{
    public SurveyClock Clock { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }
}

/// <summary>The survey operations the tests share.</summary>
internal static class SurveyApi
{
    public static async Task<JsonObject> CreateSurveyAsync(this HttpClient client, string type = "nps", string status = "active", int throttleDays = 30, int expiresAfterDays = 14, string name = "Relationship NPS")
    {
        using var response = await client.PostAsync("/api/v1/surveys", Requests.Json(new { type, name, question = "How likely are you to recommend us?", status, throttleDays, expiresAfterDays }));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        return JsonNode.Parse(text)!.AsObject();
    }

    public static Task<HttpResponseMessage> PostSendAsync(this HttpClient client, object surveyId, object customerId, string channel = "email") =>
        client.PostAsync($"/api/v1/surveys/{surveyId}/sends", Requests.Json(new { customerId, channel }));

    public static async Task<JsonObject> SendAsync(this HttpClient client, object surveyId, object customerId, string channel = "email")
    {
        using var response = await client.PostSendAsync(surveyId, customerId, channel);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        return JsonNode.Parse(text)!.AsObject();
    }

    public static Task<HttpResponseMessage> SubmitAsync(this HttpClient anonymous, string token, object body) =>
        anonymous.PostAsync($"/api/v1/public/survey-responses/{Uri.EscapeDataString(token)}", Requests.Json(body));

    public static Task<HttpResponseMessage> PostResponseAsync(this HttpClient client, object customerId, object body) =>
        client.PostAsync($"/api/v1/customers/{customerId}/survey-responses", Requests.Json(body));

    public static async Task<JsonObject> RespondAsync(this HttpClient client, object customerId, object body)
    {
        using var response = await client.PostResponseAsync(customerId, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        return JsonNode.Parse(text)!.AsObject();
    }

    public static async Task<Guid> CustomerAsync(this HttpClient client, Guid? ownerId = null) =>
        (await client.CreateCustomerAsync(new { type = "individual", name = "Survey customer", ownerId }))["id"]!.GetValue<Guid>();

    public static string Text(this JsonNode node, string member) => node[member]?.ToString() ?? throw new InvalidOperationException($"no {member} in {node.ToJsonString()}");
}
