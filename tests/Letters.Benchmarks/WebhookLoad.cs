using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Letters.Data;
using Letters.Migrations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Letters.Benchmarks;

/// <summary>
/// Webhooks under load, against app processes on one database (letters_webhooks, recreated):
///   ./dev.sh bench-webhooks [--orders 1000] [--rate 20] [--instances 2] [--connections 8]
/// A test client orders letters with auto_draft over HTTP; each instance's autopilot moves them through every
/// status, and each status change is delivered to a fast receiver (Kestrel on loopback, in this process). Reports
/// the time from the event (its created_at, just before its transaction commits) to the receiver's first
/// delivery, p50/p99, checks every event arrived exactly once, then replays everything at once to measure
/// deliveries per second.
/// </summary>
public static class WebhookLoad
{
    public static async Task<int> RunAsync(string[] args)
    {
        var orderCount = Harness.Int(args, "--orders", 1000);
        var instances = Harness.Int(args, "--instances", 2);
        var connections = Harness.Int(args, "--connections", 8);

        // Orders per second, spread evenly (0: as fast as the connections go, a burst that saturates both cores).
        var rate = Harness.Int(args, "--rate", 20);
        var app = Harness.Option(args, "--app", Path.Combine("src", "Letters", "bin", "Release", "net10.0", "Letters.dll"));

        var server = new NpgsqlConnectionStringBuilder(Migrator.ConnectionStringFromEnvironment()) { Database = "postgres", Pooling = false }.ConnectionString;
        var database = new NpgsqlConnectionStringBuilder(server) { Database = "letters_webhooks", Pooling = true, MaxPoolSize = 40 }.ConnectionString;
        await Harness.ExecuteAsync(server, "DROP DATABASE IF EXISTS letters_webhooks WITH (FORCE)");
        await Harness.ExecuteAsync(server, "CREATE DATABASE letters_webhooks");
        await Migrator.MigrateAsync(database);
        var apiKey = await SeedAsync(database);

        // The receiver: answers 204 at once and notes when each webhook-id first arrived.
        var arrivals = new ConcurrentDictionary<string, (DateTimeOffset At, DateTimeOffset EventAt, string Type)>();
        var deliveries = 0;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:5199");
        builder.Logging.ClearProviders();
        await using var receiver = builder.Build();
        var replayed = new ConcurrentBag<DateTimeOffset>();
        var replaying = false;
        receiver.MapPost("/hooks", async (HttpContext http) =>
        {
            var now = DateTimeOffset.UtcNow;
            using var reader = new StreamReader(http.Request.Body);
            var body = await reader.ReadToEndAsync();
            Interlocked.Increment(ref deliveries);
            if (Volatile.Read(ref replaying))
            {
                replayed.Add(now);
            }
            else
            {
                var json = JsonDocument.Parse(body).RootElement;
                arrivals.TryAdd(http.Request.Headers["webhook-id"].ToString(), (now, json.GetProperty("created_at").GetDateTimeOffset(), json.GetProperty("type").GetString()!));
            }

            return Results.NoContent();
        });
        await receiver.StartAsync();

        var processes = new List<Process>();
        try
        {
            var urls = Enumerable.Range(0, instances).Select(i => $"http://127.0.0.1:{5191 + i}").ToList();
            foreach (var url in urls)
            {
                processes.Add(Harness.StartApp(app, url, database, "Staging", new Dictionary<string, string>
                {
                    ["Letters__Webhooks__AllowPrivateAddresses"] = "true",
                }));
            }

            foreach (var url in urls)
            {
                await Harness.WaitReadyAsync(url);
            }

            using var api = new HttpClient { BaseAddress = new Uri(urls[0]) };
            api.DefaultRequestHeaders.Authorization = new("Bearer", apiKey);
            using var created = await api.PostAsJsonAsync("/v1/webhook_endpoints", new Dictionary<string, string> { ["url"] = "http://127.0.0.1:5199/hooks" });
            created.EnsureSuccessStatusCode();
            var endpointId = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString();

            // When each event became visible to other sessions, i.e. committed (to within the 20 ms poll).
            var committed = new ConcurrentDictionary<string, DateTimeOffset>();
            var maxSeen = 0L;
            using var stopObserving = new CancellationTokenSource();
            var observer = Task.Run(async () =>
            {
                await using var connection = new NpgsqlConnection(database);
                await connection.OpenAsync();
                while (!stopObserving.IsCancellationRequested)
                {
                    await using (var read = new NpgsqlCommand("SELECT id FROM order_events WHERE id > $1", connection))
                    {
                        read.Parameters.AddWithValue(Math.Max(0, Volatile.Read(ref maxSeen) - 2000));
                        await using var rows = await read.ExecuteReaderAsync();
                        var now = DateTimeOffset.UtcNow;
                        while (await rows.ReadAsync())
                        {
                            var id = rows.GetInt64(0);
                            committed.TryAdd($"evt_{id}", now);
                            maxSeen = Math.Max(maxSeen, id);
                        }
                    }

                    await Task.Delay(20);
                }
            });

            Console.WriteLine($"webhooks: {orderCount} test-mode letters with auto_draft, {instances} app instances, {connections} connections ordering at {(rate > 0 ? $"{rate}/s" : "full speed")}");
            var deliverBy = DateTime.UtcNow.AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var next = -1;
            var wall = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, connections).Select(i => Task.Run(async () =>
            {
                using var http = new HttpClient { BaseAddress = new Uri(urls[i % urls.Count]), Timeout = TimeSpan.FromSeconds(60) };
                http.DefaultRequestHeaders.Authorization = new("Bearer", apiKey);
                int n;
                while ((n = Interlocked.Increment(ref next)) < orderCount)
                {
                    if (rate > 0 && TimeSpan.FromSeconds((double)n / rate) - wall.Elapsed is { Ticks: > 0 } wait)
                    {
                        await Task.Delay(wait);
                    }

                    var body = $$"""{"recipient":{"name":"Hook {{next}}","address_line1":"1 Main St","city":"Springfield","postal_code":"12345","country":"US"},"occasion":"thank_you","relationship":"friend","brief":"A letter for the webhook load test.","tone":"warm","length":"short","deliver_by":"{{deliverBy}}","auto_draft":true}""";
                    using var response = await http.PostAsync("/v1/orders", new StringContent(body, Encoding.UTF8, "application/json"));
                    response.EnsureSuccessStatusCode();
                }
            })));
            Console.WriteLine($"ordered in {wall.Elapsed.TotalSeconds:F1} s");

            // Every letter: created, queued, claimed, submitted, proof ready, approved, rendered.
            var expected = orderCount * 7;
            var waited = Stopwatch.StartNew();
            while (arrivals.Count < expected && waited.Elapsed < TimeSpan.FromMinutes(15))
            {
                await Task.Delay(500);
            }

            await stopObserving.CancelAsync();
            await observer;
            var events = await CountAsync(database, "SELECT count(*) FROM order_events");
            var latencies = arrivals.Values.Select(a => (a.At - a.EventAt).TotalMilliseconds).Order().ToArray();
            var fromCommit = arrivals.Where(a => committed.ContainsKey(a.Key)).Select(a => (a.Value.At - committed[a.Key]).TotalMilliseconds).Order().ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"commit to first delivery ({fromCommit.Length} events seen committed): p50 {Harness.Percentile(fromCommit, 0.5):F0} ms, p99 {Harness.Percentile(fromCommit, 0.99):F0} ms, max {fromCommit.LastOrDefault():F0} ms"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"events {events}, delivered {arrivals.Count} distinct, {deliveries} requests (duplicates: {deliveries - arrivals.Count})"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"event created_at to first delivery: p50 {Harness.Percentile(latencies, 0.5):F0} ms, p99 {Harness.Percentile(latencies, 0.99):F0} ms, max {latencies.LastOrDefault():F0} ms"));

            foreach (var type in arrivals.Where(a => committed.ContainsKey(a.Key)).GroupBy(a => a.Value.Type))
            {
                var ms = type.Select(a => (a.Value.At - committed[a.Key]).TotalMilliseconds).Order().ToArray();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {type.Key,-20} p50 {Harness.Percentile(ms, 0.5),6:F0} ms  p99 {Harness.Percentile(ms, 0.99),6:F0} ms"));
            }

            // Throughput: every event replayed at once to the fast receiver.
            Volatile.Write(ref replaying, true);
            using var replay = await api.PostAsJsonAsync($"/v1/webhook_endpoints/{endpointId}/replay",
                new Dictionary<string, DateTimeOffset> { ["since"] = DateTimeOffset.UtcNow.AddDays(-1) });
            replay.EnsureSuccessStatusCode();
            var count = JsonDocument.Parse(await replay.Content.ReadAsStringAsync()).RootElement.GetProperty("count").GetInt32();
            var started = DateTimeOffset.UtcNow;
            waited.Restart();
            while (replayed.Count < count && waited.Elapsed < TimeSpan.FromMinutes(10))
            {
                await Task.Delay(200);
            }

            var times = replayed.Order().ToList();
            var seconds = (times.Last() - started).TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"replay of {count} events: {times.Count} delivered in {seconds:F1} s = {times.Count / seconds:F0} deliveries/s ({instances} instances)"));
            return arrivals.Count == events && deliveries - arrivals.Count - times.Count == 0 ? 0 : 1;
        }
        finally
        {
            foreach (var process in processes)
            {
                process.Kill(entireProcessTree: true);
                process.Dispose();
            }
        }
    }

    private static async Task<long> CountAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<string> SeedAsync(string connectionString)
    {
        var options = new DbContextOptionsBuilder<LettersDbContext>();
        LettersDbContext.Configure(options, connectionString);
        await using var db = new LettersDbContext(options.Options);
        var key = await Harness.TestClientAsync(db, "Webhook client", "hooks@client.test");
        return key;
    }
}
