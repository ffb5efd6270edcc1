using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;

/// <summary>
/// Times one job through the HTTP API from a single process (no process started per poll, so the
/// measuring steals no CPU from the job): POST the job, then read its <c>Location</c> every 100 ms
/// until it has ended. Prints the milliseconds from the POST to <c>succeeded</c> on the first line
/// and the job's final JSON on the second.
/// </summary>
internal static class JobTimer
{
    public static async Task<int> RunAsync(string baseUrl, string path, string body)
    {
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(30) };

        // The benchmark's admin key (build/bench.sh exports it): every endpoint but health needs a credential.
        if (Environment.GetEnvironmentVariable("CR_BENCH_API_KEY") is { Length: > 0 } key)
        {
            http.DefaultRequestHeaders.Add("X-Api-Key", key);
        }

        using (var ready = await http.GetAsync(new Uri("/health/ready", UriKind.Relative)))
        {
            ready.EnsureSuccessStatusCode(); // the connection is open before the clock starts
        }

        var watch = Stopwatch.StartNew();
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var post = await http.PostAsync(new Uri(path, UriKind.Relative), content);
        if (post.StatusCode != HttpStatusCode.Accepted || post.Headers.Location is not { } location)
        {
            await Console.Error.WriteLineAsync($"POST {path}: {(int)post.StatusCode} {await post.Content.ReadAsStringAsync()}");
            return 1;
        }

        return await WaitAsync(http, location, watch);
    }

    /// <summary>
    /// Reads the job at <paramref name="location"/> every 100 ms until it has ended; prints the
    /// milliseconds of <paramref name="watch"/> and the job's JSON when it succeeded (then 0), the
    /// JSON on stderr when it failed (then 1). <paramref name="beforeJson"/> lines come between.
    /// </summary>
    public static async Task<int> WaitAsync(HttpClient http, Uri location, Stopwatch watch, params string[] beforeJson)
    {
        while (true)
        {
            var json = await http.GetStringAsync(location);
            using var document = JsonDocument.Parse(json);
            switch (document.RootElement.GetProperty("status").GetString())
            {
                case "succeeded":
                    Console.WriteLine(watch.ElapsedMilliseconds);
                    foreach (var line in beforeJson)
                    {
                        Console.WriteLine(line);
                    }

                    Console.WriteLine(json);
                    return 0;
                case "failed":
                    await Console.Error.WriteLineAsync(json);
                    return 1;
            }

            await Task.Delay(100);
        }
    }
}
