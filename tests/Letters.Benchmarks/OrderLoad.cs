using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Letters.Benchmarks;

/// <summary>
/// Drives POST /v1/orders over loopback and prints orders/s and latency percentiles. Each request carries its own
/// Idempotency-Key, as a careful integrator's would. Against a server started with a raised rate limit:
///   Letters__RateLimit__Limit=100000000 ./dev.sh run
///   ./dev.sh load-orders [--seconds 30] [--warmup 45] [--connections 32] [--url http://localhost:5080] [--key lt_test_…]
/// </summary>
public static class OrderLoad
{
    public static async Task<int> RunAsync(string[] args)
    {
        var url = Option(args, "--url", "http://localhost:5080");
        var seconds = int.Parse(Option(args, "--seconds", "30"), CultureInfo.InvariantCulture);
        var connections = int.Parse(Option(args, "--connections", "32"), CultureInfo.InvariantCulture);
        var key = Option(args, "--key", "lt_test_demo0000000000000000000000000000000000000000000000000000000001");
        var warmUp = int.Parse(Option(args, "--warmup", "45"), CultureInfo.InvariantCulture);

        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
        using var http = new HttpClient(handler) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var deliverBy = DateTime.UtcNow.AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        // Warm up before measuring: the server's connection pools, its prepared statements and above all its tiered
        // JIT. 30 s into this load the JIT's background thread still took ~40% of the app's CPU, and a run after
        // 15 s of warm-up was 25-30% slower than the next run against the same server.
        await Drive(http, deliverBy, connections, TimeSpan.FromSeconds(warmUp));
        Console.WriteLine($"POST /v1/orders against {url}: {connections} connections for {seconds} s");
        var stopwatch = Stopwatch.StartNew();
        var results = await Drive(http, deliverBy, connections, TimeSpan.FromSeconds(seconds));
        var elapsed = stopwatch.Elapsed.TotalSeconds;

        var ok = results.Where(r => r.Status == HttpStatusCode.Created).Select(r => r.Milliseconds).Order().ToArray();
        var failures = results.Where(r => r.Status != HttpStatusCode.Created).GroupBy(r => (int)r.Status).Select(g => $"{g.Key}×{g.Count()}").ToArray();
        Console.WriteLine($"orders created: {ok.Length}, {ok.Length / elapsed:F0} orders/s");
        if (ok.Length > 0)
        {
            Console.WriteLine($"latency ms: p50 {Percentile(ok, 0.50):F1}, p90 {Percentile(ok, 0.90):F1}, p99 {Percentile(ok, 0.99):F1}, max {ok[^1]:F1}");
        }

        Console.WriteLine($"errors: {(failures.Length == 0 ? "none" : string.Join(", ", failures))}");
        return failures.Length == 0 ? 0 : 1;
    }

    private static async Task<List<(HttpStatusCode Status, double Milliseconds)>> Drive(HttpClient http, string deliverBy, int connections, TimeSpan duration)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var workers = Enumerable.Range(0, connections).Select(async worker =>
        {
            var results = new List<(HttpStatusCode, double)>();
            for (var n = 0; Stopwatch.GetTimestamp() < deadline; n++)
            {
                var body = $$$"""
                    {"recipient":{"name":"Load Test {{{worker}}}-{{{n}}}","address_line1":"{{{n}}} Loopback Lane","city":"Localhost","postal_code":"12345","country":"US"},
                     "occasion":"thank_you","relationship":"colleague","brief":"Thank them for covering the Friday shift, number {{{n}}}.",
                     "tone":"warm","length":"short","deliver_by":"{{{deliverBy}}}","metadata":{"load":"orders","worker":"{{{worker}}}"}}
                    """;
                using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/orders") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
                var start = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await http.SendAsync(request);
                    results.Add((response.StatusCode, Stopwatch.GetElapsedTime(start).TotalMilliseconds));
                }
                catch (HttpRequestException)
                {
                    results.Add((0, Stopwatch.GetElapsedTime(start).TotalMilliseconds));
                }
            }

            return results;
        });
        return (await Task.WhenAll(workers)).SelectMany(r => r).ToList();
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static string Option(string[] args, string name, string fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
    }
}
