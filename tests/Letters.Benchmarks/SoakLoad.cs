using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Npgsql;

namespace Letters.Benchmarks;

/// <summary>
/// Several app processes on one database for minutes at a steady rate, as a team runs them:
///   ./dev.sh load-soak [--instances 3] [--seconds 300] [--rate 40] [--writers 6] [--max-connections 100] [--pool n]
/// Orders arrive open-loop at <c>--rate</c> a second (latency counted from when each was due), writers claim and
/// release, spread over the instances the way a load balancer spreads them: only to an instance whose
/// <c>/health/ready</c> answers 200. The database gets a connection limit of <c>--max-connections</c> (as a server with
/// that <c>max_connections</c>), and an operator's psql connects once a second throughout. Every 30 s it prints
/// p50/p99, errors, the app's connections (all, and idle in transaction) and each process's RSS. At 0.3 of the run
/// the last instance is killed and started with its warm-up off, at 0.65 killed and started with it on: the first
/// 30 s of requests it serves after each restart are reported beside the others'.
/// </summary>
public static class SoakLoad
{
    private sealed record Sample(double At, int Instance, bool Ok, double Ms, string What, int Status = 0);

    public static async Task<int> RunAsync(string[] args)
    {
        var instances = Harness.Int(args, "--instances", 3);
        var seconds = Harness.Int(args, "--seconds", 300);
        var rate = Harness.Int(args, "--rate", 40);
        var writerCount = Harness.Int(args, "--writers", 6);
        var maxConnections = Harness.Int(args, "--max-connections", 100);
        var pool = Harness.Option(args, "--pool", "");
        var app = Harness.Option(args, "--app", Path.Combine("src", "Letters", "bin", "Release", "net10.0", "Letters.dll"));

        var server = new NpgsqlConnectionStringBuilder(Letters.Migrations.Migrator.ConnectionStringFromEnvironment()) { Database = "postgres", Pooling = false }.ConnectionString;
        var (appConnection, operatorConnection) = await Harness.LimitedDatabaseAsync(server, "letters_soak", maxConnections);
        var (apiKey, writerEmails) = await FloorLoad.SeedAsync(new NpgsqlConnectionStringBuilder(appConnection) { MaxPoolSize = 4 }.ConnectionString, writerCount);
        NpgsqlConnection.ClearAllPools();

        var urls = Enumerable.Range(0, instances).Select(i => $"http://127.0.0.1:{5191 + i}").ToArray();
        var processes = new Process?[instances];
        Process Start(int i, bool warmUp) => Harness.StartApp(app, urls[i], appConnection, "Staging", new Dictionary<string, string>
        {
            ["Letters__Workers__TestAutopilot__Enabled"] = "false",
            ["Letters__WarmUp__Enabled"] = warmUp ? "true" : "false",
            ["Letters__Database__PoolSize"] = pool,
        });

        var ready = new bool[instances];
        using var stop = new CancellationTokenSource();
        var samples = new ConcurrentBag<Sample>();
        var operatorRefused = 0;
        var operatorTries = 0;
        var clock = Stopwatch.StartNew();
        double Now() => clock.Elapsed.TotalSeconds;
        var restarts = new ConcurrentBag<(double At, bool WarmUp, double ReadyAfter)>();
        var windows = new List<(double From, double To, int Connections, int IdleInTransaction, double OldestIdle, double[] Rss)>();

        try
        {
            for (var i = 0; i < instances; i++)
            {
                processes[i] = Start(i, warmUp: true);
            }

            foreach (var url in urls)
            {
                await Harness.WaitReadyAsync(url);
            }

            Array.Fill(ready, true);

            // The load balancer's health check: an instance is in rotation while /health/ready answers 200.
            var balancer = Task.Run(async () =>
            {
                using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(1) };
                while (!stop.IsCancellationRequested)
                {
                    for (var i = 0; i < instances; i++)
                    {
                        try
                        {
                            using var response = await http.GetAsync(new Uri($"{urls[i]}/health/ready"), stop.Token);
                            ready[i] = response.IsSuccessStatusCode;
                        }
                        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                        {
                            ready[i] = false;
                        }
                    }

                    await Task.Delay(250, stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
                }
            });

            var next = 0;
            int Pick()
            {
                for (var tries = 0; tries < instances * 2; tries++)
                {
                    var i = (int)((uint)Interlocked.Increment(ref next) % instances);
                    if (ready[i])
                    {
                        return i;
                    }
                }

                return -1;
            }

            var clients = urls.Select(url => new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) }).ToArray();
            foreach (var client in clients)
            {
                client.DefaultRequestHeaders.Authorization = new("Bearer", apiKey);
            }

            var deliverBy = DateTime.UtcNow.AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var deadline = TimeSpan.FromSeconds(seconds);
            var orders = Task.Run(async () =>
            {
                var inFlight = new List<Task>();
                var interval = 1.0 / rate;
                for (var n = 0; clock.Elapsed < deadline; n++)
                {
                    var due = n * interval;
                    var wait = due - Now();
                    if (wait > 0)
                    {
                        await Task.Delay(TimeSpan.FromSeconds(wait));
                    }

                    var number = n;
                    inFlight.Add(Task.Run(async () =>
                    {
                        var i = Pick();
                        if (i < 0)
                        {
                            samples.Add(new Sample(due, -1, false, (Now() - due) * 1000, "order", -1));
                            return;
                        }

                        var body = $$$"""{"recipient":{"name":"Soak {{{number}}}","address_line1":"1 Main St","city":"Springfield","postal_code":"12345","country":"US"},"occasion":"birthday","relationship":"friend","brief":"A letter for the soak, number {{{number}}}.","tone":"warm","length":"short","deliver_by":"{{{deliverBy}}}"}""";
                        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/orders") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
                        var status = 0;
                        try
                        {
                            using var response = await clients[i].SendAsync(request);
                            status = (int)response.StatusCode;
                        }
                        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                        {
                        }

                        samples.Add(new Sample(due, i, status == 201, (Now() - due) * 1000, "order", status));
                    }));
                    if (inFlight.Count > 2000)
                    {
                        inFlight.RemoveAll(t => t.IsCompleted);
                    }
                }

                await Task.WhenAll(inFlight);
            });

            var claimers = writerEmails.Select((email, w) => Task.Run(async () =>
            {
                var sessions = new Dictionary<int, HttpClient>();
                try
                {
                    while (clock.Elapsed < deadline)
                    {
                        var i = Pick();
                        if (i < 0)
                        {
                            await Task.Delay(100);
                            continue;
                        }

                        try
                        {
                            if (!sessions.TryGetValue(i, out var http))
                            {
                                http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(urls[i]), Timeout = TimeSpan.FromSeconds(30) };
                                using var login = await http.PostAsJsonAsync("/account/api/login", new { email, password = FloorLoad.Password });
                                login.EnsureSuccessStatusCode();
                                sessions[i] = http;
                            }

                            var start = Now();
                            using var response = await http.PostAsync(new Uri("/writer/api/claims", UriKind.Relative), null);
                            samples.Add(new Sample(start, i, (int)response.StatusCode is 200 or 204 or 409, (Now() - start) * 1000, "claim", (int)response.StatusCode));
                            if (response.StatusCode == HttpStatusCode.OK)
                            {
                                var claim = await response.Content.ReadFromJsonAsync<ClaimBody>();
                                using var release = await http.PostAsJsonAsync($"/writer/api/letters/{claim!.order_id}/release", new { attempt = claim.attempt, reason = "Soak." });
                            }
                        }
                        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                        {
                            samples.Add(new Sample(Now(), i, false, 0, "claim"));
                            sessions.Remove(i);
                        }

                        await Task.Delay(250);
                    }
                }
                finally
                {
                    foreach (var http in sessions.Values)
                    {
                        http.Dispose();
                    }
                }
            })).ToList();

            // An operator's psql, once a second: it must always get in.
            var operatorTask = Task.Run(async () =>
            {
                while (clock.Elapsed < deadline)
                {
                    Interlocked.Increment(ref operatorTries);
                    try
                    {
                        await using var connection = new NpgsqlConnection(operatorConnection);
                        await connection.OpenAsync();
                    }
                    catch (PostgresException)
                    {
                        Interlocked.Increment(ref operatorRefused);
                    }

                    await Task.Delay(1000);
                }
            });

            // Every 30 s: a row of the table; in between, the connection and memory readings it summarises.
            var monitor = Task.Run(async () =>
            {
                var watch = new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false, ApplicationName = "soak-monitor" }.ConnectionString;
                var window = 0;
                var from = 0.0;
                var (connections, idleInTransaction, oldestIdle) = (0, 0, 0.0);
                var rss = new double[instances];
                while (clock.Elapsed < deadline)
                {
                    await Task.Delay(1000);
                    await using (var connection = new NpgsqlConnection(watch))
                    {
                        await connection.OpenAsync();
                        await using var command = new NpgsqlCommand("""
                            SELECT count(*)::int, (count(*) FILTER (WHERE state LIKE 'idle in transaction%'))::int,
                                   coalesce(max(extract(epoch FROM now() - state_change) * 1000) FILTER (WHERE state LIKE 'idle in transaction%'), 0)::float8
                            FROM pg_stat_activity WHERE datname = 'letters_soak' AND application_name = 'letters'
                            """, connection);
                        await using var reader = await command.ExecuteReaderAsync();
                        await reader.ReadAsync();
                        connections = Math.Max(connections, reader.GetInt32(0));
                        idleInTransaction = Math.Max(idleInTransaction, reader.GetInt32(1));
                        oldestIdle = Math.Max(oldestIdle, reader.GetDouble(2));
                    }

                    for (var i = 0; i < instances; i++)
                    {
                        try
                        {
                            rss[i] = Math.Max(rss[i], Resident(processes[i]!));
                        }
                        catch (Exception e) when (e is IOException or InvalidOperationException)
                        {
                        }
                    }

                    if (Now() >= (window + 1) * 30 || clock.Elapsed >= deadline)
                    {
                        var to = Now();
                        windows.Add((from, to, connections, idleInTransaction, oldestIdle, rss));
                        window++;
                        from = to;
                        (connections, idleInTransaction, oldestIdle) = (0, 0, 0.0);
                        rss = new double[instances];
                    }
                }
            });

            // The restarts: the last instance killed and started again, its warm-up off, then on.
            var last = instances - 1;
            foreach (var (fraction, warmUp) in new[] { (0.3, false), (0.65, true) })
            {
                var at = seconds * fraction;
                while (Now() < at)
                {
                    await Task.Delay(200);
                }

                Harness.Stop(processes[last]!);
                processes[last]!.Dispose();
                ready[last] = false;
                var killedAt = Now();
                processes[last] = Start(last, warmUp);
                while (!ready[last] && Now() < killedAt + 120)
                {
                    await Task.Delay(50);
                }

                restarts.Add((killedAt, warmUp, Now() - killedAt));
            }

            await Task.WhenAll(claimers.Append(orders).Append(operatorTask).Append(monitor));
            await stop.CancelAsync();
            await balancer;
            foreach (var client in clients)
            {
                client.Dispose();
            }

            Console.WriteLine();
            Console.WriteLine($"soak: {instances} instances, {rate} orders/s for {seconds} s, {writerCount} writers claiming, database limited to {maxConnections} connections, pool {(pool.Length == 0 ? "default" : pool)} per instance");
            Console.WriteLine("| window | requests | errors | p50 ms | p99 ms | app connections in pools (max) | idle in transaction (max, oldest ms) | RSS MB per instance (max) |");
            Console.WriteLine("|---|---|---|---|---|---|---|---|");
            // Each request in the window it was due in, read once all have finished.
            foreach (var (window, n) in windows.Select((w, n) => (w, n)))
            {
                var inWindow = samples.Where(s => s.At >= window.From && s.At < window.To).ToList();
                Console.WriteLine(Row($"{Math.Round(window.From)}–{Math.Round(window.To)} s{(n == 0 ? " (all cold)" : "")}", inWindow, window.Connections, window.IdleInTransaction, window.OldestIdle, window.Rss));
            }

            var kills = restarts.OrderBy(r => r.At).ToList();
            foreach (var (at, warmUp, readyAfter) in kills)
            {
                var readyAt = at + readyAfter;
                var end = Math.Min(readyAt + 30, kills.Select(k => k.At).Where(k => k > at).DefaultIfEmpty(double.MaxValue).Min());
                var restarted = samples.Where(s => s.Instance == last && s.At >= readyAt && s.At < end).ToList();
                var others = samples.Where(s => s.Instance != last && s.At >= readyAt && s.At < end).ToList();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"restart at {at:F0} s, warm-up {(warmUp ? "on" : "off")}: in rotation {readyAfter:F1} s after the kill; its first {end - readyAt:F0} s: {Summary(restarted)}; the others meanwhile: {Summary(others)}"));
            }

            var errors = samples.Count(s => !s.Ok);
            Console.WriteLine($"operator connections refused: {operatorRefused} of {operatorTries}; failed requests: {errors} of {samples.Count} ({string.Join(", ", samples.Where(s => !s.Ok).GroupBy(s => $"{s.What} {s.Status switch { 0 => "no answer", -1 => "no instance ready", _ => s.Status.ToString(CultureInfo.InvariantCulture) }}").Select(g => $"{g.Key} ×{g.Count()}"))})");
            return operatorRefused == 0 ? 0 : 1;
        }
        finally
        {
            foreach (var process in processes)
            {
                if (process is not null)
                {
                    process.Kill(entireProcessTree: true);
                    process.Dispose();
                }
            }
        }
    }

    private sealed record ClaimBody(Guid order_id, int attempt);

    private static string Summary(List<Sample> samples)
    {
        var ms = samples.Where(s => s.Ok).Select(s => s.Ms).Order().ToArray();
        return string.Create(CultureInfo.InvariantCulture,
            $"{samples.Count} requests, p50 {Harness.Percentile(ms, 0.5):F1} ms, p99 {Harness.Percentile(ms, 0.99):F1} ms, max {(ms.Length == 0 ? 0 : ms[^1]):F0} ms, {samples.Count(s => !s.Ok)} failed");
    }

    private static string Row(string window, List<Sample> samples, int connections, int idle, double oldestIdle, double[] rss)
    {
        var ms = samples.Where(s => s.Ok).Select(s => s.Ms).Order().ToArray();
        return string.Create(CultureInfo.InvariantCulture,
            $"| {window} | {samples.Count} | {samples.Count(s => !s.Ok)} | {Harness.Percentile(ms, 0.5):F1} | {Harness.Percentile(ms, 0.99):F1} | {connections} | {idle}, {oldestIdle:F0} | {string.Join(" / ", rss.Select(r => r.ToString("F0", CultureInfo.InvariantCulture)))} |");
    }

    private static double Resident(Process process)
    {
        var line = File.ReadLines($"/proc/{process.Id}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }
}
