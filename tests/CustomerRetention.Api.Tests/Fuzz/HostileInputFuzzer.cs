using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CustomerRetention.Api.Tests.Support;

namespace CustomerRetention.Api.Tests.Fuzz;

/// <summary>One request that broke a rule.</summary>
public sealed record FuzzFailure(string Operation, string Mutation, string Outcome, string Field, string Excerpt);

/// <summary>
/// The schema-driven fuzz of issue #9: every operation of the OpenAPI document, first with a valid
/// request (which must succeed, so that what a mutation changes is what the API sees), then with
/// hostile strings, timestamps, dates, duplicate members, query values, an empty If-Match and
/// requests over Kestrel's limits. Every answer is checked (no 5xx; a 4xx is a problem document
/// with status, title and detail; a refusal changes no table); every failure is collected.
/// Deterministic: the requests and their order depend only on the document.
/// </summary>
public sealed partial class HostileInputFuzzer(HttpClient client, DatabaseFingerprint database, JsonNode document)
{
    private const int MaxExcerpt = 220;

    private static readonly HashSet<string> Pending = new(StringComparer.Ordinal) { "queued", "running" };

    /// <summary>Known-good query values by parameter name (or operationId.name); ids come from the created resources.</summary>
    private static readonly Dictionary<string, string> QueryValues = new(StringComparer.Ordinal)
    {
        ["q"] = "Fuzz",
        ["stage"] = "awareness",
        ["segment"] = "champions",
        ["tag"] = "vip",
        ["ownerId"] = KnownGoodValues.OwnerId,
        ["updatedSince"] = "2024-01-01T00:00:00Z",
        ["ListCustomers.sort"] = "name",
        ["ListClvCustomers.sort"] = "pAlive",
        ["limit"] = "10",
        ["metric"] = "revenue",
        ["interval"] = "month",
        ["from"] = "2024-01-01T00:00:00Z",
        ["to"] = "2025-01-01T00:00:00Z",
        ["channel"] = "phone",
        ["ListInteractions.type"] = "call",
        ["ListOrders.status"] = "completed",
        ["GetBusinessCalendarDue.start"] = "2025-01-10T16:00:00Z",
        ["GetBusinessCalendarDue.minutes"] = "120",
        ["GetBusinessCalendarDue.mode"] = "business",
    };

    /// <summary>Known-good values of path parameters that are not resource ids (the fixture adds the ones it makes, such as a survey token).</summary>
    public Dictionary<string, string> PathValues { get; } = new(StringComparer.Ordinal)
    {
        ["segment"] = "champions",
    };

    private readonly KnownGoodValues _values = new();

    /// <summary>The known-good body values (the fixture seeds the ids it made).</summary>
    public KnownGoodValues Values => _values;
    private readonly List<FuzzFailure> _failures = [];
    private readonly List<string> _blindSpots = [];
    private readonly Dictionary<string, List<Guid>> _resources = new(StringComparer.Ordinal);
    private IReadOnlyList<ApiOperation> _operations = [];
    private IReadOnlyDictionary<string, string> _versions = new Dictionary<string, string>();

    public IReadOnlyList<FuzzFailure> Failures => _failures;

    /// <summary>Creates (201) after which the database fingerprint was unchanged, or an idle database that changed: must be empty, or the fingerprint cannot be trusted.</summary>
    public IReadOnlyList<string> BlindSpots => _blindSpots;

    /// <summary>How many requests were answered 201 (each of which the fingerprint must have seen).</summary>
    public int Creates { get; private set; }

    /// <summary>The requests sent (valid, mutated and creating resources); the same in every run.</summary>
    public int Requests { get; private set; }

    /// <summary>The GETs that polled a job until it had finished (their number depends on timing).</summary>
    public int Polls { get; private set; }

    public IReadOnlyList<ApiOperation> Operations => _operations;

    /// <summary>The tables the fingerprint covered at the end.</summary>
    public IReadOnlyList<string> Tables => _versions.Keys.ToList();

    public TimeSpan Elapsed { get; private set; }

    public async Task RunAsync()
    {
        var watch = Stopwatch.StartNew();
        _operations = OpenApiModel.Operations(document);

        // An import's upload is a file, not a JSON body: the fuzzer uploads one the way a client
        // does (and waits for its job, so that the database is idle below), fuzzes the import's
        // reads, and leaves the upload's bad input to Imports/CustomerImportTests.
        _resources["/api/v1/imports"] = [await UploadImportAsync()];
        await FingerprintAsync();

        // The harness checks itself: an idle database keeps its fingerprint (nothing in the
        // background writes), so a change after a request is that request's.
        await Task.Delay(200);
        if (await FingerprintAsync() is { Count: > 0 } restless)
        {
            _blindSpots.Add("the idle database changed: " + string.Join(", ", restless));
        }

        // Two RFM runs, so that run comparisons (fromRunId/toRunId) have a valid pair; every other
        // resource a path names is created when first needed.
        await CreateAsync("/api/v1/rfm/runs");
        await CreateAsync("/api/v1/rfm/runs");
        foreach (var operation in _operations.Where(o => !FileUploads.Contains(o.OperationId)))
        {
            try
            {
                await FuzzAsync(operation);
            }
            catch (Exception e) when (e is NotSupportedException or InvalidOperationException)
            {
                // A resource the operation needs could not be made: recorded, and the next operation goes on.
                Fail(operation, "(harness)", "cannot be exercised: " + e.Message, "-", string.Empty);
                await FingerprintAsync();
            }
        }

        Elapsed = watch.Elapsed;

        // What one fingerprint of the final database costs (reported with the run's figures).
        var probe = Stopwatch.StartNew();
        for (var i = 0; i < 10; i++)
        {
            await database.TakeAsync(FingerprintKind.RowVersions);
        }

        FingerprintCost = probe.Elapsed / 10;
    }

    /// <summary>The mean time of one row-version fingerprint of the database as the fuzz left it.</summary>
    public TimeSpan FingerprintCost { get; private set; }

    private async Task FuzzAsync(ApiOperation operation)
    {
        // The valid request. It must succeed: otherwise no mutation below tests what it claims to.
        BaseRequest sample;
        try
        {
            sample = await BaseAsync(operation);
        }
        catch (NotSupportedException e)
        {
            Fail(operation, "valid request", "cannot be exercised: " + e.Message, "-", string.Empty);
            return;
        }

        var baseline = await SendAsync(operation, "valid request", "-", Expectation.Either, sample.PathAndQuery, sample.Body, sample.MediaType, []);
        if (baseline is not (>= 200 and < 300))
        {
            Fail(operation, "valid request", $"cannot be exercised: the valid request got {baseline?.ToString(CultureInfo.InvariantCulture) ?? "no response"}", "-", sample.Body ?? sample.PathAndQuery);
            return;
        }

        // Body members at any depth.
        if (operation.BodySchema is { } bodySchema && sample.Document is { } document)
        {
            foreach (var target in Mutations.Targets(document, bodySchema))
            {
                foreach (var mutation in Mutations.Of(target, document))
                {
                    var fresh = await BaseAsync(operation);
                    await SendAsync(operation, mutation.Label, mutation.Field, mutation.Expect, fresh.PathAndQuery, mutation.Apply(fresh.Document!), fresh.MediaType, [], mutation.NamedField);
                }
            }
        }

        // Query parameters: each one hostile, the others as in the valid request.
        foreach (var parameter in operation.Parameters.Where(p => p.In == "query"))
        {
            var original = QueryValue(operation, parameter) ?? "fuzz";
            var middle = original.Length / 2;
            foreach (var c in Mutations.ControlCharacters)
            {
                var hostile = Uri.EscapeDataString(original[..middle]) + "%" + ((int)c).ToString("X2", CultureInfo.InvariantCulture) + Uri.EscapeDataString(original[middle..]);
                await SendQueryAsync(operation, parameter, "query: " + Mutations.CharacterLabel(c), hostile, Expectation.RefusedNamingField);
            }

            if (parameter.Schema.Format == "date-time")
            {
                foreach (var (value, label, alwaysInvalid) in Mutations.DateTimes)
                {
                    await SendQueryAsync(operation, parameter, "query: " + label, Uri.EscapeDataString(value), alwaysInvalid ? Expectation.RefusedNamingField : Expectation.Either);
                }
            }
        }

        // Path parameters that are free strings (ids are guarded by the route's uuid constraint).
        foreach (var parameter in operation.Parameters.Where(p => p.In == "path" && p.Schema.Format is null))
        {
            foreach (var c in Mutations.ControlCharacters.Where(c => c != '\u0000'))
            {
                var fresh = await BaseAsync(operation);
                var value = PathValues.GetValueOrDefault(parameter.Name, "fuzz");
                var hostile = Uri.EscapeDataString(value[..1]) + "%" + ((int)c).ToString("X2", CultureInfo.InvariantCulture) + Uri.EscapeDataString(value[1..]);
                var path = fresh.PathAndQuery.Replace("/" + Uri.EscapeDataString(value) + "/", "/" + hostile + "/", StringComparison.Ordinal);
                await SendAsync(operation, "path: " + Mutations.CharacterLabel(c), parameter.Name, Expectation.Refused, path, fresh.Body, fresh.MediaType, []);
            }
        }

        // A body in another media type, or none of the declared ones.
        if (operation.BodyMediaType is not null)
        {
            foreach (var mediaType in new[] { "text/plain", "application/x-www-form-urlencoded", "application/xml" })
            {
                var fresh = await BaseAsync(operation);
                await SendAsync(operation, $"body as {mediaType}", "Content-Type", Expectation.Refused, fresh.PathAndQuery, fresh.Body, mediaType, []);
            }
        }

        // Ids that are not UUIDs, and UUIDs of nothing, in every id segment of the path.
        foreach (var parameter in operation.Parameters.Where(p => p.In == "path" && p.Schema.Format == "uuid"))
        {
            foreach (var (label, value) in new[] { ("not a UUID", "not-a-uuid"), ("a UUID of nothing", "01900000-0000-7000-8000-000000000000"), ("a UUID with a control character", "01900000-0000-7000-8000-00000000000%01") })
            {
                var fresh = await BaseAsync(operation);
                var path = ReplaceSegment(operation, fresh.PathAndQuery, parameter.Name, value);
                await SendAsync(operation, "path: " + label, parameter.Name, Expectation.Refused, path, fresh.Body, fresh.MediaType, []);
            }
        }

        // Cursors that no page handed out.
        foreach (var parameter in operation.Parameters.Where(p => p.In == "query" && p.Name is "cursor" or "after"))
        {
            foreach (var (label, value) in new[] { ("garbage", "garbage-cursor"), ("base64 of nothing", "AAAAAAAAAAAAAAAAAAAAAAAA"), ("a huge cursor", new string('A', 4000)) })
            {
                await SendQueryAsync(operation, parameter, $"cursor: {label}", Uri.EscapeDataString(value), Expectation.RefusedNamingField);
            }
        }

        // Wrong types in query parameters that are numbers, UUIDs, booleans or enums.
        foreach (var parameter in operation.Parameters.Where(p => p.In == "query" && (p.Schema.Kind is "integer" or "number" or "boolean" || p.Schema.Format == "uuid" || p.Schema.Enum.Count > 0)))
        {
            foreach (var (label, value) in new[] { ("a word", "abc"), ("a huge number", "123456789012345678901234567890"), ("an empty value", string.Empty) })
            {
                await SendQueryAsync(operation, parameter, $"query: {label}", Uri.EscapeDataString(value), Expectation.RefusedNamingField);
            }
        }

        // An empty If-Match where preconditions are honoured.
        if (operation.TakesIfMatch)
        {
            var fresh = await BaseAsync(operation);
            await SendAsync(operation, "empty If-Match header", "If-Match", Expectation.RefusedNamingField, fresh.PathAndQuery, fresh.Body, fresh.MediaType, [("If-Match", string.Empty)]);
        }

        // Hostile Idempotency-Key values where the operation takes one (every POST).
        if (operation.Parameters.Any(p => p.In == "header" && p.Name == "Idempotency-Key"))
        {
            foreach (var (label, value) in new[] { ("empty", string.Empty), ("256 characters", new string('k', 256)), ("a control character", "key\u0001") })
            {
                var fresh = await BaseAsync(operation);
                await SendAsync(operation, $"Idempotency-Key {label}", "Idempotency-Key", Expectation.RefusedNamingField, fresh.PathAndQuery, fresh.Body, fresh.MediaType, [("Idempotency-Key", value)]);
            }
        }

        // What Kestrel refuses before the application sees it.
        {
            var fresh = await BaseAsync(operation);
            var (path, query) = Split(fresh.PathAndQuery);
            await SendAsync(operation, "path over 10 KiB", "path", Expectation.Refused, path + "/" + new string('a', 10 * 1024 + 1) + query, fresh.Body, fresh.MediaType, []);
            fresh = await BaseAsync(operation);
            (path, query) = Split(fresh.PathAndQuery);
            await SendAsync(operation, "query over 10 KiB", "query", Expectation.Refused, path + (query.Length == 0 ? "?" : query + "&") + "fuzz=" + new string('a', 10 * 1024 + 1), fresh.Body, fresh.MediaType, []);
            fresh = await BaseAsync(operation);
            (path, query) = Split(fresh.PathAndQuery);
            await SendAsync(operation, "%00 in the path", "path", Expectation.Refused, path + "%00" + query, fresh.Body, fresh.MediaType, []);
            fresh = await BaseAsync(operation);
            await SendAsync(operation, "one 40 KiB header", "headers", Expectation.Either, fresh.PathAndQuery, fresh.Body, fresh.MediaType, [("X-Fuzz-Padding", new string('a', 40 * 1024))]);
            fresh = await BaseAsync(operation);
            var many = Enumerable.Range(0, 200).Select(i => ($"X-Fuzz-{i.ToString("000", CultureInfo.InvariantCulture)}", "x")).ToList();
            await SendAsync(operation, "200 headers", "headers", Expectation.Either, fresh.PathAndQuery, fresh.Body, fresh.MediaType, many);
        }
    }

    /// <summary>The path with the value of path parameter <paramref name="name"/> replaced (already escaped as needed).</summary>
    private static string ReplaceSegment(ApiOperation operation, string pathAndQuery, string name, string value)
    {
        var (path, query) = Split(pathAndQuery);
        var template = operation.Path.Split('/');
        var actual = path.Split('/');
        var at = Array.IndexOf(template, "{" + name + "}");
        actual[at] = value;
        return string.Join('/', actual) + query;
    }

    private static (string Path, string Query) Split(string pathAndQuery)
    {
        var at = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        return at < 0 ? (pathAndQuery, string.Empty) : (pathAndQuery[..at], pathAndQuery[at..]);
    }

    private async Task SendQueryAsync(ApiOperation operation, ApiParameter parameter, string label, string escapedValue, Expectation expect)
    {
        var fresh = await BaseAsync(operation, (parameter.Name, escapedValue));
        await SendAsync(operation, label, parameter.Name, expect, fresh.PathAndQuery, fresh.Body, fresh.MediaType, []);
    }

    private sealed record BaseRequest(string PathAndQuery, JsonObject? Document, string? MediaType)
    {
        public string? Body => Document is null ? null : Mutations.Write(Document, null);
    }

    /// <summary>The valid request of an operation with the current resource ids and fresh unique values.</summary>
    private async Task<BaseRequest> BaseAsync(ApiOperation operation, (string Name, string EscapedValue)? queryOverride = null)
    {
        var path = new StringBuilder();
        var segments = operation.Path.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            if (segment.StartsWith('{') && segment.EndsWith('}'))
            {
                var name = segment[1..^1];
                var parameter = operation.Parameters.FirstOrDefault(p => p.In == "path" && p.Name == name)
                    ?? throw new NotSupportedException($"path parameter {name} is not declared");
                string value;
                if (parameter.Schema.Format == "uuid")
                {
                    var collection = string.Join('/', segments.Take(i));
                    value = (FreshResourceOperations.Contains(operation.OperationId) ? await CreateAsync(collection) : await ResourceAsync(collection)).ToString();
                }
                else
                {
                    value = PathValues.GetValueOrDefault(name) ?? throw new NotSupportedException($"no known-good value for path parameter {name}");
                }

                segment = Uri.EscapeDataString(value);
            }

            path.Append(i == 0 ? string.Empty : "/").Append(segment);
        }

        var query = new List<string>();
        foreach (var parameter in operation.Parameters.Where(p => p.In == "query"))
        {
            if (queryOverride is { } o && o.Name == parameter.Name)
            {
                query.Add($"{parameter.Name}={o.EscapedValue}");
            }
            else if (QueryValue(operation, parameter) is { } value)
            {
                query.Add($"{parameter.Name}={Uri.EscapeDataString(value)}");
            }
            else if (parameter.Required)
            {
                throw new NotSupportedException($"no known-good value for the required query parameter {parameter.Name}");
            }
        }

        // A required Idempotency-Key gets a fresh key on every request (SendAsync): a header, not a value to vary here.
        foreach (var parameter in operation.Parameters.Where(p => p.In is "header" or "cookie" && p.Required && p.Name != "Idempotency-Key"))
        {
            throw new NotSupportedException($"required {parameter.In} parameter {parameter.Name} is not supported by the fuzzer");
        }

        var pathAndQuery = path + (query.Count == 0 ? string.Empty : "?" + string.Join('&', query));
        if (operation.BodySchema is null)
        {
            return new BaseRequest(pathAndQuery, null, null);
        }

        JsonObject body;
        if (operation.Method == "PUT" && _operations.Any(o => o.Method == "GET" && o.Path == operation.Path))
        {
            // A replace: the current representation is a valid body (e.g. the 25 cells of the segment map),
            // without the server-owned members the body does not declare (a calendar's id, version, timestamps).
            Requests++;
            body = JsonNode.Parse(await client.GetStringAsync(path.ToString()))!.AsObject();
            var declared = operation.BodySchema.Properties.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
            foreach (var member in body.Select(m => m.Key).Where(m => !declared.Contains(m)).ToList())
            {
                body.Remove(member);
            }
        }
        else
        {
            body = _values.Build(operation.BodySchema) as JsonObject
                ?? throw new NotSupportedException($"the request body schema {operation.BodySchema} is not an object");
        }

        return new BaseRequest(pathAndQuery, body, operation.BodyMediaType);
    }

    private string? QueryValue(ApiOperation operation, ApiParameter parameter)
    {
        if (QueryValues.TryGetValue($"{operation.OperationId}.{parameter.Name}", out var specific) || QueryValues.TryGetValue(parameter.Name, out specific))
        {
            return specific;
        }

        // Run ids: toRunId/runId the latest run, fromRunId the one before it.
        return parameter.Name switch
        {
            "runId" or "toRunId" => Latest("/api/v1/rfm/runs", 0),
            "fromRunId" => Latest("/api/v1/rfm/runs", 1),
            _ => null,
        };
    }

    private string? Latest(string collection, int back) =>
        _resources.TryGetValue(collection, out var ids) && ids.Count > back ? ids[^(back + 1)].ToString() : null;

    /// <summary>The id of a resource of a collection (e.g. /api/v1/customers), created through the API when there is none yet.</summary>
    /// <summary>The operations whose body is a file (their media types are not JSON), not fuzzed here.</summary>
    public static readonly IReadOnlySet<string> FileUploads = new HashSet<string>(StringComparer.Ordinal) { "StartImport" };

    private async Task<Guid> UploadImportAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/imports?kind=customers")
        {
            Content = new StringContent("externalId,type,name,email\r\nFUZZ-IMPORT-1,individual,Fuzz import,not-an-address\r\n", Encoding.UTF8, "text/csv"),
        };
        request.Headers.Add("Idempotency-Key", "fuzz-import");
        using var response = await client.SendAsync(request);
        if (response.StatusCode != System.Net.HttpStatusCode.Accepted || response.Headers.Location is not { } location)
        {
            throw new InvalidOperationException($"the import upload got {(int)response.StatusCode}");
        }

        for (var i = 0; i < 600; i++)
        {
            var import = JsonNode.Parse(await client.GetStringAsync(location))!;
            if (import["status"]!.GetValue<string>() is "succeeded" or "failed")
            {
                return import["id"]!.GetValue<Guid>();
            }

            await Task.Delay(50);
        }

        throw new InvalidOperationException("the import did not finish");
    }

    /// <summary>The latest resource of <paramref name="collection"/> the fuzz made, else a new one (a seeder names the parent its path uses).</summary>
    public async Task<Guid> ResourceAsync(string collection)
    {
        if (_resources.TryGetValue(collection, out var ids) && ids.Count > 0)
        {
            return ids[^1];
        }

        return await CreateAsync(collection);
    }

    /// <summary>
    /// Creates a resource of <paramref name="collection"/> with the operation that creates it: a POST
    /// on the collection itself (/api/v1/customers, /api/v1/rfm/runs) or on a customer's
    /// sub-collection of the same name (/api/v1/customers/{id}/orders for /api/v1/orders). Jobs are
    /// awaited until they have finished.
    /// </summary>
    public async Task<Guid> CreateAsync(string collection)
    {
        var last = collection[(collection.LastIndexOf('/') + 1)..];
        var creator = _operations.FirstOrDefault(o => o.Method == "POST" && o.Path == collection)
            ?? _operations.FirstOrDefault(o => o.Method == "POST" && o.Path.EndsWith("}/" + last, StringComparison.Ordinal) && o.Parameters.Count(p => p.In == "path") == 1);
        if (Seeders.TryGetValue(collection, out var seed))
        {
            return await RememberAsync(collection, await seed(this));
        }

        if (creator is null)
        {
            throw new NotSupportedException($"no operation creates a resource of {collection}");
        }

        var request = await BaseAsync(creator);
        using var content = request.Body is null ? null : new StringContent(request.Body, Encoding.UTF8, request.MediaType!);
        using var response = await client.PostAsync(request.PathAndQuery, content);
        Requests++;
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"creating a resource of {collection} with {creator} failed: {(int)response.StatusCode} {text}");
        }

        var id = JsonNode.Parse(text)!["id"]!.GetValue<Guid>();
        if (response.StatusCode == HttpStatusCode.Accepted && response.Headers.Location is { } location)
        {
            var job = await AwaitJobAsync(location);
            if (job?["status"]?.GetValue<string>() != "succeeded")
            {
                throw new InvalidOperationException($"the job created for {collection} did not succeed: {job?.ToJsonString()}");
            }
        }

        return await RememberAsync(collection, id);
    }

    /// <summary>
    /// Resources no operation creates (webhook deliveries: the delivery worker writes them), by
    /// collection: a seeder makes one (its prerequisites through the API) and returns its id.
    /// </summary>
    public Dictionary<string, Func<HostileInputFuzzer, Task<Guid>>> Seeders { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Operations that use their resource up (an alert's resolution closes it for good): each of
    /// their requests names a resource made for it, so a mutation never meets one the previous used.
    /// </summary>
    public HashSet<string> FreshResourceOperations { get; } = new(StringComparer.Ordinal);

    private async Task<Guid> RememberAsync(string collection, Guid id)
    {
        if (!_resources.TryGetValue(collection, out var ids))
        {
            _resources[collection] = ids = [];
        }

        ids.Add(id);
        await FingerprintAsync();
        return id;
    }

    public TimeSpan FingerprintTime { get; private set; }

    /// <summary>
    /// Takes the database's fingerprint by row versions and returns the tables written since the
    /// last one. Row versions rather than content: a write cannot leave them unchanged (an UPDATE
    /// to the same values included), and no row is formatted, so one costs a tenth of a content
    /// fingerprint, which keeps the ~1 800 fingerprints of a run within seconds.
    /// </summary>
    private async Task<IReadOnlyList<string>> FingerprintAsync()
    {
        var watch = Stopwatch.StartNew();
        var versions = await database.TakeAsync(FingerprintKind.RowVersions);
        var written = DatabaseFingerprint.Changed(_versions, versions);
        _versions = versions;
        FingerprintTime += watch.Elapsed;
        return written;
    }

    /// <summary>Polls a job resource until it is no longer queued or running (at most two minutes).</summary>
    private async Task<JsonObject?> AwaitJobAsync(Uri location)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (true)
        {
            using var response = await client.GetAsync(location);
            Polls++;
            var job = response.IsSuccessStatusCode ? JsonNode.Parse(await response.Content.ReadAsStringAsync()) as JsonObject : null;
            if (job?["status"]?.GetValue<string>() is not { } status || !Pending.Contains(status) || DateTime.UtcNow > deadline)
            {
                return job;
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Sends one request, checks the answer and the database, and returns the status (null without a response).</summary>
    private async Task<int?> SendAsync(
        ApiOperation operation,
        string mutation,
        string field,
        Expectation expect,
        string pathAndQuery,
        string? body,
        string? mediaType,
        IReadOnlyList<(string Name, string Value)> headers,
        string? namedField = null)
    {
        using var request = new HttpRequestMessage(new HttpMethod(operation.Method), new Uri(client.BaseAddress!, pathAndQuery));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, mediaType!);
        }

        var keyRequired = operation.Parameters.Any(p => p is { In: "header", Required: true, Name: "Idempotency-Key" });
        var keyAdded = keyRequired && !headers.Any(h => h.Name == "Idempotency-Key");
        foreach (var (name, value) in keyAdded ? [.. headers, ("Idempotency-Key", Guid.NewGuid().ToString())] : headers)
        {
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                throw new InvalidOperationException($"header {name} could not be added");
            }
        }

        Requests++;
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request);
        }
        catch (HttpRequestException e)
        {
            Fail(operation, mutation, $"no response ({e.HttpRequestError})", field, e.Message);
            await FingerprintAsync();
            return null;
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            var text = await response.Content.ReadAsStringAsync();
            var excerpt = body is not null && status is >= 200 and < 300 ? body : text;
            if (status == 202 && response.Headers.Location is { } location
                && (await AwaitJobAsync(location))?["status"]?.GetValue<string>() is { } jobStatus && Pending.Contains(jobStatus))
            {
                // A job changes tables later: it must have finished before the next fingerprint.
                Fail(operation, mutation, $"the job it started is still {jobStatus} after two minutes", field, location.ToString());
            }

            var written = await FingerprintAsync();
            if (keyAdded)
            {
                // The key we added stores its answer, refusals included (ADR 20): not a change of the request's own.
                written = [.. written.Where(table => table != "idempotency_keys")];
            }

            if (status is >= 200 and < 300 && expect != Expectation.Either && ItemRefusal(text, field) is { } itemErrors)
            {
                // A batch answers a bad item with 200 and that item's error: a refusal of the item, which must name the field and write nothing.
                if (written.Count > 0)
                {
                    Fail(operation, mutation, $"the item was refused but the batch wrote to {string.Join(", ", written)}", field, text);
                }
                else if (expect == Expectation.RefusedNamingField && !Names(itemErrors, namedField ?? field))
                {
                    Fail(operation, mutation, $"the item's error does not name '{namedField ?? field}'", field, text);
                }

                return status;
            }

            Creates += status == 201 ? 1 : 0;
            if (status == 201 && written.Count == 0)
            {
                // A create that changes no table means the fingerprint is blind: the harness is broken.
                _blindSpots.Add($"{operation.OperationId} {mutation} {field}: 201 without a table change");
            }

            if (status >= 500)
            {
                Fail(operation, mutation, $"{status} {response.ReasonPhrase}", field, text);
            }
            else if (status >= 400)
            {
                CheckProblem(operation, mutation, field, response, status, text);
                if (written.Count > 0)
                {
                    Fail(operation, mutation, $"refused with {status} but wrote to {string.Join(", ", written)}", field, text);
                }

                if (expect == Expectation.RefusedNamingField && status != 400 && status != 413 && status != 431 && status != 414)
                {
                    Fail(operation, mutation, $"refused with {status}, expected 400", field, text);
                }
                else if (expect == Expectation.RefusedNamingField && status == 400 && !Names(text, namedField ?? field))
                {
                    Fail(operation, mutation, $"400 does not name '{namedField ?? field}'", field, text);
                }
            }
            else if (status >= 200 && expect != Expectation.Either)
            {
                Fail(operation, mutation, $"accepted with {status}, expected {(expect == Expectation.Refused ? "a 4xx" : "400 naming the field")}", field, excerpt);
            }

            if (status is >= 200 and < 300 && operation.Method != "GET" && operation.Parameters.Any(p => p.In == "path" && p.Schema.Format == "uuid"))
            {
                // The resource was changed (a transition made, an order cancelled, a customer archived):
                // the next request gets a fresh one, so each mutation meets the same starting state.
                var segments = operation.Path.Split('/');
                var lastId = Array.FindLastIndex(segments, s => s.StartsWith('{'));
                await CreateAsync(string.Join('/', segments.Take(lastId)));
            }

            return status;
        }
    }

    private void CheckProblem(ApiOperation operation, string mutation, string field, HttpResponseMessage response, int status, string text)
    {
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (mediaType != "application/problem+json")
        {
            Fail(operation, mutation, $"{status} is not a problem: Content-Type '{mediaType ?? "none"}'{(text.Length == 0 ? ", empty body" : string.Empty)}", field, text);
            return;
        }

        JsonObject? problem = null;
        try
        {
            problem = JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
        }

        if (problem is null)
        {
            Fail(operation, mutation, $"{status} problem body is not a JSON object", field, text);
            return;
        }

        var problemStatus = problem["status"] is JsonValue s && s.GetValueKind() == JsonValueKind.Number ? s.GetValue<int>() : (int?)null;
        var missing = new[] { "title", "detail" }.Where(m => problem[m] is not JsonValue v || v.GetValueKind() != JsonValueKind.String).ToList();
        if (problemStatus != status || missing.Count > 0)
        {
            Fail(operation, mutation, $"{status} problem lacks {(problemStatus != status ? $"status {status}" : string.Empty)}{(missing.Count > 0 ? " " + string.Join("/", missing) : string.Empty)}".Trim(), field, text);
        }
    }

    /// <summary>True when a 400 names the member: an <c>errors</c> key on its path (or a parent/child of it), or the detail mentions it.</summary>
    /// <summary>
    /// For a batch's answer and a mutated member inside an item (<c>items[0].email</c>): that item's
    /// result as a problem-shaped text (<c>{ "errors": … }</c>) when the item was refused, else null.
    /// </summary>
    private static string? ItemRefusal(string responseText, string field)
    {
        if (!field.StartsWith("items[", StringComparison.Ordinal) || !int.TryParse(field["items[".Length..field.IndexOf(']', StringComparison.Ordinal)], out var index))
        {
            return null;
        }

        JsonNode? answer;
        try
        {
            answer = JsonNode.Parse(responseText);
        }
        catch (JsonException)
        {
            return null;
        }

        return answer?["results"] is JsonArray results && index < results.Count && results[index]?["status"]?.GetValue<string>() == "error"
            ? new JsonObject { ["errors"] = results[index]!["errors"]?.DeepClone() }.ToJsonString()
            : null;
    }

    public static bool Names(string problemText, string field)
    {
        JsonObject? problem;
        try
        {
            problem = JsonNode.Parse(problemText) as JsonObject;
        }
        catch (JsonException)
        {
            return false;
        }

        if (problem is null)
        {
            return false;
        }

        // "body" is where the whole body's errors go, unless the field is itself called body (a case message's).
        var keys = problem["errors"] is JsonObject errors ? errors.Select(e => e.Key).Where(k => k.Length > 0 && (k != "body" || field == "body")).ToList() : [];
        bool Related(string key) =>
            string.Equals(key, field, StringComparison.OrdinalIgnoreCase)
            || field.StartsWith(key + ".", StringComparison.OrdinalIgnoreCase) || field.StartsWith(key + "[", StringComparison.OrdinalIgnoreCase)
            || key.StartsWith(field + ".", StringComparison.OrdinalIgnoreCase) || key.StartsWith(field + "[", StringComparison.OrdinalIgnoreCase);
        if (keys.Any(Related))
        {
            return true;
        }

        var detail = problem["detail"] is JsonValue d && d.GetValueKind() == JsonValueKind.String ? d.GetValue<string>() : string.Empty;
        var leaf = field[(field.LastIndexOfAny(['.', ']']) + 1)..];
        return detail.Contains(field, StringComparison.OrdinalIgnoreCase) || (leaf.Length > 0 && detail.Contains($"'{leaf}'", StringComparison.OrdinalIgnoreCase));
    }

    private void Fail(ApiOperation operation, string mutation, string outcome, string field, string excerpt) =>
        _failures.Add(new FuzzFailure(operation.OperationId, mutation, outcome, field, Printable(Summary(excerpt), MaxExcerpt)));

    /// <summary>A problem document as "detail errors={...}" (its type, instance and traceId say nothing here); other text as it is.</summary>
    private static string Summary(string text)
    {
        try
        {
            if (JsonNode.Parse(text) is JsonObject problem && problem["status"] is not null && problem["title"] is not null)
            {
                return $"{problem["detail"]?.ToString() ?? problem["title"]!.ToString()}{(problem["errors"] is JsonObject errors ? " errors=" + errors.ToJsonString() : string.Empty)}";
            }
        }
        catch (JsonException)
        {
        }

        return text;
    }

    /// <summary>Text safe for a test report: control characters and lone surrogates escaped, cut to <paramref name="max"/> characters.</summary>
    public static string Printable(string text, int max)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new StringBuilder();
        foreach (var c in text.Length > max ? text[..max] : text)
        {
            result.Append(c < 0x20 || c == 0x7F || char.IsSurrogate(c) ? $"\\u{(int)c:x4}" : c.ToString());
        }

        return result + (text.Length > max ? "…" : string.Empty);
    }

    /// <summary>
    /// The failures grouped by (operation, mutation, outcome), one line each with the members
    /// concerned and one excerpt. To stay readable, control characters with the same outcome on the
    /// same members share a line, and a line that is the same for many operations (Kestrel's
    /// limits) is written once with the operations listed.
    /// </summary>
    public static string Report(IReadOnlyList<FuzzFailure> failures)
    {
        ArgumentNullException.ThrowIfNull(failures);
        var rows = failures
            .GroupBy(f => (f.Operation, f.Mutation, f.Outcome))
            .Select(g => (g.Key.Operation, g.Key.Mutation, g.Key.Outcome, Fields: string.Join(", ", g.Select(f => f.Field).Distinct(StringComparer.Ordinal)), g.First().Excerpt, Count: g.Count()))
            .ToList();

        // control character U+0001, U+0008, … with one outcome on the same members: one line.
        rows = rows
            .GroupBy(r => (r.Operation, r.Outcome, r.Fields, Family: CharacterCode().Replace(r.Mutation, "U+*")))
            .Select(g => g.Count() == 1
                ? g.First()
                : g.First() with
                {
                    Mutation = g.Key.Family.Replace("control character U+*", "control characters " + string.Join(", ", g.Select(r => CharacterCode().Match(r.Mutation).Value)), StringComparison.Ordinal),
                    Count = g.Sum(r => r.Count),
                })
            .ToList();

        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{failures.Count} failing requests (operation | mutation | outcome | members | excerpt of the response, or of the accepted body):");
        var common = rows.GroupBy(r => (r.Mutation, r.Outcome, r.Fields))
            .Where(g => g.Select(r => r.Operation).Distinct(StringComparer.Ordinal).Count() > 3)
            .ToList();
        var shared = common.SelectMany(g => g).ToHashSet();
        foreach (var row in rows.Where(r => !shared.Contains(r)))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- {row.Operation} | {row.Mutation} | {row.Outcome} | {Printable(row.Fields, 400)} | {row.Excerpt}");
        }

        foreach (var same in common)
        {
            var operations = same.Select(r => r.Operation).Distinct(StringComparer.Ordinal).ToList();
            text.AppendLine(CultureInfo.InvariantCulture, $"- {operations.Count} operations ({string.Join(", ", operations)}) | {same.Key.Mutation} | {same.Key.Outcome} | {Printable(same.Key.Fields, 400)} | {same.First().Excerpt}");
        }

        return text.ToString();
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"U\+[0-9A-F]{4}")]
    private static partial System.Text.RegularExpressions.Regex CharacterCode();
}
