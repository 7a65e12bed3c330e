using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Letters.Benchmarks;

/// <summary>
/// Ordering as users feel it: POST /v1/orders arriving at a fixed rate (open loop: a request starts on its schedule
/// whether or not earlier ones have answered), and latency measured from when it was due, so a stall shows in the
/// percentiles instead of quietly lowering the load. Each request carries its own Idempotency-Key, as a careful
/// integrator's would. Against a server started with a raised rate limit:
///   Letters__RateLimit__Limit=100000000 ./dev.sh run
///   ./dev.sh load-orders [--rate 300] [--seconds 60] [--warmup 30] [--url http://localhost:5080] [--key lt_test_…]
/// </summary>
public static class OrderLoad
{
    public static async Task<int> RunAsync(string[] args)
    {
        var url = Harness.Option(args, "--url", "http://localhost:5080");
        var seconds = int.Parse(Harness.Option(args, "--seconds", "60"), CultureInfo.InvariantCulture);
        var rate = int.Parse(Harness.Option(args, "--rate", "300"), CultureInfo.InvariantCulture);
        var key = Harness.Option(args, "--key", "lt_test_demo0000000000000000000000000000000000000000000000000000000001");
        var warmUp = int.Parse(Harness.Option(args, "--warmup", "30"), CultureInfo.InvariantCulture);

        // Enough connections that the client never queues a request behind another: the server sees the arrivals.
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 512, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
        using var http = new HttpClient(handler) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var deliverBy = DateTime.UtcNow.AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        // Warm up at the same rate before measuring: the server's pools, its prepared statements and its tiered JIT.
        await Drive(http, deliverBy, rate, TimeSpan.FromSeconds(warmUp));
        Console.WriteLine($"POST /v1/orders against {url}: {rate} orders/s arriving for {seconds} s (open loop)");
        var stopwatch = Stopwatch.StartNew();
        var results = await Drive(http, deliverBy, rate, TimeSpan.FromSeconds(seconds));
        var elapsed = stopwatch.Elapsed.TotalSeconds;

        var ok = results.Where(r => r.Status == HttpStatusCode.Created).Select(r => r.Milliseconds).Order().ToArray();
        var failures = results.Where(r => r.Status != HttpStatusCode.Created).GroupBy(r => (int)r.Status).Select(g => $"{g.Key}×{g.Count()}").ToArray();
        Console.WriteLine($"orders created: {ok.Length} of {results.Count} sent, {ok.Length / elapsed:F0} orders/s");
        if (ok.Length > 0)
        {
            Console.WriteLine($"latency ms (from when each order was due): p50 {Harness.Percentile(ok, 0.50):F1}, p90 {Harness.Percentile(ok, 0.90):F1}, p99 {Harness.Percentile(ok, 0.99):F1}, p99.9 {Harness.Percentile(ok, 0.999):F1}, max {ok[^1]:F1}");
        }

        Console.WriteLine($"errors: {(failures.Length == 0 ? "none" : string.Join(", ", failures))}");
        return failures.Length == 0 ? 0 : 1;
    }

    private static async Task<List<(HttpStatusCode Status, double Milliseconds)>> Drive(HttpClient http, string deliverBy, int rate, TimeSpan duration)
    {
        var start = Stopwatch.GetTimestamp();
        var total = (int)(rate * duration.TotalSeconds);
        var pending = new List<Task<(HttpStatusCode, double)>>(total);
        for (var n = 0; n < total; n++)
        {
            var due = start + (long)(n * (double)Stopwatch.Frequency / rate);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }

            pending.Add(SendAsync(http, deliverBy, n, due));
        }

        return [.. await Task.WhenAll(pending)];
    }

    private static async Task<(HttpStatusCode, double)> SendAsync(HttpClient http, string deliverBy, int n, long due)
    {
        var body = $$$"""
            {"recipient":{"name":"Load Test {{{n}}}","address_line1":"{{{n}}} Loopback Lane","city":"Localhost","postal_code":"12345","country":"US"},
             "occasion":"thank_you","relationship":"colleague","brief":"Thank them for covering the Friday shift, number {{{n}}}.",
             "tone":"warm","length":"short","deliver_by":"{{{deliverBy}}}","metadata":{"load":"orders","n":"{{{n}}}"}}
            """;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/orders") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        try
        {
            using var response = await http.SendAsync(request);
            return (response.StatusCode, Stopwatch.GetElapsedTime(due).TotalMilliseconds);
        }
        catch (HttpRequestException)
        {
            return (0, Stopwatch.GetElapsedTime(due).TotalMilliseconds);
        }
    }
}
