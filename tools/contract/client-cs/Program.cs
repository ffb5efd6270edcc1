// A realistic integration against the live API with the C# client NSwag generates from the served
// OpenAPI document with default settings (openapi2csclient, Newtonsoft.Json), compiled with nullable
// checks and warnings as errors. Run by tests/…/Contract/CSharpClientTests.cs with API_BASE_URL set.
using System.Net.Http.Headers;
using System.Text;
using CustomerRetention.Client;

var baseUrl = Environment.GetEnvironmentVariable("API_BASE_URL")
    ?? throw new InvalidOperationException("API_BASE_URL is not set");
var token = Environment.GetEnvironmentVariable("API_TOKEN")
    ?? throw new InvalidOperationException("API_TOKEN is not set");
using var http = new HttpClient { BaseAddress = new Uri(baseUrl.TrimEnd('/') + "/") };

// A person's bearer token (a manager: it may also start RFM runs).
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
var api = new Client(http);
var steps = new List<string>();

void Check(bool condition, string what)
{
    if (!condition)
    {
        throw new InvalidOperationException($"scenario failed: {what}");
    }

    steps.Add(what);
}

var email = $"cs.client.{Guid.NewGuid():N}@example.com";

// Create with an Idempotency-Key; the body carries the ETag too (NSwag's default client does not surface response headers).
var createKey = Guid.NewGuid().ToString();
var create = new CreateCustomerRequest
{
    Type = CustomerType.Individual,
    Name = "Ada Sharp",
    Email = email,
    Phone = "+4915112345678",
    Tags = ["csharp"],
};
var customer = await api.CreateCustomerAsync(createKey, create);
Check(customer.Id != Guid.Empty && customer.Name == "Ada Sharp", "create a customer");
Check(customer.Etag.StartsWith('"'), "the created customer carries its ETag");

// The same create retried with its key: the first answer again, not a duplicate.
var retried = await api.CreateCustomerAsync(createKey, create);
Check(retried.Id == customer.Id && retried.Etag == customer.Etag, "a retry with the same Idempotency-Key replays the created customer");

// Read with If-None-Match: 304, surfaced by the client as an ApiException with that status.
try
{
    await api.GetCustomerAsync(customer.Id, customer.Etag);
    Check(false, "a read with the current ETag → 304");
}
catch (ApiException e) when (e.StatusCode == 304)
{
    Check(true, "a read with the current ETag → 304");
}

// Merge-patch with If-Match: only the members set are sent (the client leaves out nulls).
var renamed = await api.UpdateCustomerAsync(customer.Id, customer.Etag, new CustomerFields { Name = "Ada Sharper" });
Check(renamed.Name == "Ada Sharper", "a merge-patch with If-Match renames");
Check(renamed.Phone == "+4915112345678" && renamed.Email == email, "members not sent are unchanged");
Check(renamed.Etag != customer.Etag, "the change gives a new ETag");

// Clearing a member needs an explicit null, which the generated model never sends: a raw merge-patch,
// read back with the generated type.
using (var clear = new HttpRequestMessage(HttpMethod.Patch, $"api/v1/customers/{customer.Id}"))
{
    clear.Content = new StringContent("""{"phone":null}""", Encoding.UTF8, "application/merge-patch+json");
    clear.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(renamed.Etag));
    using var response = await http.SendAsync(clear);
    Check((int)response.StatusCode == 200, "a merge-patch with null → 200");
    var cleared = Newtonsoft.Json.JsonConvert.DeserializeObject<CustomerDto>(await response.Content.ReadAsStringAsync());
    Check(cleared is { Phone: null, Name: "Ada Sharper" }, "the null cleared the phone and kept the rest");
}

// The first ETag is stale now: 412 as a typed problem.
try
{
    await api.UpdateCustomerAsync(customer.Id, customer.Etag, new CustomerFields { Name = "Ada Stale" });
    Check(false, "a stale If-Match → 412");
}
catch (ApiException<ProblemDetails> e) when (e.StatusCode == 412)
{
    Check(e.Result.Status == 412, "a stale If-Match → 412 problem");
}

// A duplicate e-mail: 409 read as a typed problem with its code and the existing customer.
try
{
    await api.CreateCustomerAsync(null, new CreateCustomerRequest { Type = CustomerType.Individual, Name = "Ada Again", Email = email });
    Check(false, "a duplicate e-mail → 409");
}
catch (ApiException<ProblemDetails> e) when (e.StatusCode == 409)
{
    Check(e.Result.Code == "duplicate-customer", $"the 409 carries its code (got {e.Result.Code})");
    Check(e.Result.ExistingCustomerId == customer.Id, "the 409 names the existing customer");
}

// An interaction and an order, then the timeline items narrowed by kind (a class per kind).
await api.CreateInteractionAsync(customer.Id, null, new CreateInteractionRequest
{
    Channel = InteractionChannel.Phone,
    Direction = InteractionDirection.Inbound,
    Type = InteractionType.Call,
    OccurredAt = new DateTimeOffset(2026, 1, 10, 9, 0, 0, TimeSpan.Zero),
    Subject = "Billing",
});
await api.CreateOrderAsync(customer.Id, null, new CreateOrderRequest
{
    OrderedAt = new DateTimeOffset(2026, 1, 15, 10, 0, 0, TimeSpan.Zero),
    Amount = 42.5,
});

var timeline = await api.GetTimelineAsync(customer.Id, null, null);
var kinds = new HashSet<string>();
var stages = new List<LifecycleStage>();
foreach (var item in timeline.Items)
{
    switch (item)
    {
        case TimelineOrderItem order:
            Check(order.Data.Amount == 42.5, "an order item has its amount");
            break;
        case TimelineInteractionItem interaction:
            Check(interaction.Data.Channel == InteractionChannel.Phone, "an interaction item has its channel");
            break;
        case TimelineStageChangeItem change:
            stages.Add(change.Data.ToStage);
            break;
        default:
            Check(false, $"a timeline item of a documented kind (got {item.GetType().Name})");
            break;
    }

    kinds.Add(item.GetType().Name);
}

Check(kinds.Count == 3, "the timeline holds interactions, orders and stage changes");
Check(stages.Contains(LifecycleStage.Retention), "the first purchase moved the customer to retention");

// Cursor paging through the customers, two at a time.
await api.CreateCustomerAsync(null, new CreateCustomerRequest { Type = CustomerType.Business, Name = "Sharp Two", Company = "Sharp GmbH" });
await api.CreateCustomerAsync(null, new CreateCustomerRequest { Type = CustomerType.Individual, Name = "Sharp Three" });
var seen = new HashSet<Guid>();
string? cursor = null;
do
{
    var page = await api.ListCustomersAsync(null, null, null, null, null, null, null, 2, cursor);
    Check(page.Items.Count <= 2, "a page holds at most the limit");
    foreach (var c in page.Items)
    {
        Check(seen.Add(c.Id), "no customer twice across pages");
    }

    cursor = page.NextCursor;
}
while (cursor is not null);
Check(seen.Count >= 3 && seen.Contains(customer.Id), "paging reached every customer");

// An RFM run, polled to completion.
var run = await api.StartRfmRunAsync(null, new RfmRunRequest());
var status = run.Status;
for (var i = 0; i < 120 && status is JobStatus.Queued or JobStatus.Running; i++)
{
    await Task.Delay(250);
    status = (await api.GetRfmRunAsync(run.Id)).Status;
}

Check(status == JobStatus.Succeeded, $"the RFM run succeeded (got {status})");

Console.WriteLine(Newtonsoft.Json.JsonConvert.SerializeObject(new { ok = true, steps }));
