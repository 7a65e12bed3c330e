using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Letters.Data;
using Letters.Domain;
using Letters.Migrations;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Letters.Benchmarks;

/// <summary>
/// Ordering and claiming together, against several app processes on one database (letters_floor, recreated):
///   ./dev.sh load-floor [--instances 3] [--seconds 60] [--connections 32] [--writers 16]
/// Clients post orders over HTTP; signed-in writers claim and release over HTTP, spread across the instances.
/// Afterwards every (order, attempt) a claim returned must be unique: two instances never hand out one claim.
/// </summary>
public static class FloorLoad
{
    internal const string Password = "Floor-writer-pass-1";

    public static async Task<int> RunAsync(string[] args)
    {
        var instances = int.Parse(Harness.Option(args, "--instances", "3"), CultureInfo.InvariantCulture);
        var seconds = int.Parse(Harness.Option(args, "--seconds", "60"), CultureInfo.InvariantCulture);
        var connections = int.Parse(Harness.Option(args, "--connections", "32"), CultureInfo.InvariantCulture);
        var writerCount = int.Parse(Harness.Option(args, "--writers", "16"), CultureInfo.InvariantCulture);
        var app = Harness.Option(args, "--app", Path.Combine("src", "Letters", "bin", "Release", "net10.0", "Letters.dll"));

        var server = new NpgsqlConnectionStringBuilder(Migrator.ConnectionStringFromEnvironment()) { Database = "postgres", Pooling = false }.ConnectionString;
        var floor = new NpgsqlConnectionStringBuilder(server) { Database = "letters_floor", Pooling = true, MaxPoolSize = 40 }.ConnectionString;
        await Harness.ExecuteAsync(server, "DROP DATABASE IF EXISTS letters_floor WITH (FORCE)");
        await Harness.ExecuteAsync(server, "CREATE DATABASE letters_floor");
        await Migrator.MigrateAsync(floor);
        var (apiKey, writerEmails) = await SeedAsync(floor, writerCount);

        var processes = new List<Process>();
        var urls = new List<string>();
        try
        {
            for (var i = 0; i < instances; i++)
            {
                var url = $"http://127.0.0.1:{5091 + i}";
                urls.Add(url);
                processes.Add(Harness.StartApp(app, url, floor, "Staging", new Dictionary<string, string>
                {
                    ["Letters__Workers__TestAutopilot__Enabled"] = "false",
                    ["Letters__Queue__SweepInterval"] = "00:00:05",
                }));
            }

            foreach (var url in urls)
            {
                await Harness.WaitReadyAsync(url);
            }

            Console.WriteLine($"floor load: {instances} app instances, {connections} order connections, {writerCount} writers, {seconds} s");
            var deadline = Stopwatch.GetTimestamp() + (seconds * Stopwatch.Frequency);
            var orders = new ConcurrentBag<(int Status, double Ms)>();
            var claims = new ConcurrentBag<(int Status, double Ms)>();
            var handedOut = new ConcurrentBag<(Guid Order, int Attempt)>();
            var deliverBy = DateTime.UtcNow.AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

            var orderers = Enumerable.Range(0, connections).Select(i => Task.Run(async () =>
            {
                using var http = new HttpClient { BaseAddress = new Uri(urls[i % urls.Count]), Timeout = TimeSpan.FromSeconds(30) };
                http.DefaultRequestHeaders.Authorization = new("Bearer", apiKey);
                for (var n = 0; Stopwatch.GetTimestamp() < deadline; n++)
                {
                    var body = $$$"""{"recipient":{"name":"Floor {{{i}}}-{{{n}}}","address_line1":"1 Main St","city":"Springfield","postal_code":"12345","country":"US"},"occasion":"{{{(n % 2 == 0 ? "birthday" : "thank_you")}}}","relationship":"friend","brief":"A letter for the floor test, number {{{n}}}.","tone":"warm","length":"short","deliver_by":"{{{deliverBy}}}"}""";
                    using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/orders") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                    request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
                    orders.Add(await TimeAsync(http, request));
                }
            }));

            var claimers = writerEmails.Select((email, i) => Task.Run(async () =>
            {
                using var handler = new HttpClientHandler { CookieContainer = new CookieContainer() };
                using var http = new HttpClient(handler) { BaseAddress = new Uri(urls[i % urls.Count]), Timeout = TimeSpan.FromSeconds(30) };
                using (var login = await http.PostAsJsonAsync("/account/api/login", new { email, password = Password }))
                {
                    login.EnsureSuccessStatusCode();
                }

                while (Stopwatch.GetTimestamp() < deadline)
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, "/writer/api/claims");
                    var start = Stopwatch.GetTimestamp();
                    using var response = await http.SendAsync(request);
                    claims.Add(((int)response.StatusCode, Stopwatch.GetElapsedTime(start).TotalMilliseconds));
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        await Task.Delay(50);
                        continue;
                    }

                    var claim = await response.Content.ReadFromJsonAsync<ClaimBody>();
                    handedOut.Add((claim!.order_id, claim.attempt));
                    using var release = await http.PostAsJsonAsync($"/writer/api/letters/{claim.order_id}/release", new { attempt = claim.attempt, reason = "Floor test." });
                }
            }));

            var wall = Stopwatch.StartNew();
            await Task.WhenAll(orderers.Concat(claimers));
            wall.Stop();

            Report("orders", orders, 201, wall.Elapsed.TotalSeconds);
            Report("claims", claims, 200, wall.Elapsed.TotalSeconds);
            var duplicates = handedOut.GroupBy(c => c).Count(g => g.Count() > 1);
            Console.WriteLine($"claims handed out: {handedOut.Count}, the same (order, attempt) twice: {duplicates}");
            var errors = orders.Count(o => o.Status >= 500 || o.Status == 0) + claims.Count(c => c.Status >= 500 || c.Status == 0);
            Console.WriteLine($"5xx or transport errors: {errors}");
            return duplicates == 0 && errors == 0 ? 0 : 1;
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

    private sealed record ClaimBody(Guid order_id, int attempt);

    private static async Task<(int Status, double Ms)> TimeAsync(HttpClient http, HttpRequestMessage request)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            using var response = await http.SendAsync(request);
            return ((int)response.StatusCode, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        catch (HttpRequestException)
        {
            return (0, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
    }

    private static void Report(string what, IEnumerable<(int Status, double Ms)> results, int success, double seconds)
    {
        var ok = results.Where(r => r.Status == success).Select(r => r.Ms).Order().ToArray();
        var all = results.Count();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what}: {ok.Length} succeeded of {all} ({ok.Length / seconds:F0}/s); latency p50 {Harness.Percentile(ok, 0.5):F1} ms, p99 {Harness.Percentile(ok, 0.99):F1} ms; other statuses: {string.Join(", ", results.Where(r => r.Status != success).GroupBy(r => r.Status).Select(g => $"{g.Key}×{g.Count()}"))}"));
    }

    internal static async Task<(string ApiKey, List<string> Writers)> SeedAsync(string connectionString, int writers)
    {
        var options = new DbContextOptionsBuilder<LettersDbContext>();
        LettersDbContext.Configure(options, connectionString);
        await using var db = new LettersDbContext(options.Options);
        var now = DateTimeOffset.UtcNow;
        var key = await Harness.TestClientAsync(db, "Floor client", "floor@client.test");
        var role = await db.Roles.SingleAsync(r => r.Name == StaffRoles.Writer);
        var hasher = new PasswordHasher<StaffUser>();
        var emails = new List<string>();
        for (var i = 0; i < writers; i++)
        {
            var email = $"floor{i}@writer.test";
            var user = new StaffUser
            {
                Id = Guid.CreateVersion7(), UserName = email, NormalizedUserName = email.ToUpperInvariant(), Email = email, NormalizedEmail = email.ToUpperInvariant(),
                EmailConfirmed = true, DisplayName = $"Floor writer {i}", SecurityStamp = Guid.NewGuid().ToString(), ConcurrencyStamp = Guid.NewGuid().ToString(), LockoutEnabled = true,
            };
            user.PasswordHash = hasher.HashPassword(user, Password);
            db.Users.Add(user);
            db.UserRoles.Add(new IdentityUserRole<Guid> { UserId = user.Id, RoleId = role.Id });
            db.Writers.Add(new Writer { Id = Guid.CreateVersion7(), UserId = user.Id, DisplayName = user.DisplayName, Capacity = 5, Skills = ["birthday", "thank_you"], Languages = ["en"], Availability = Availability.Available, CreatedAt = now });
            emails.Add(email);
        }

        await db.SaveChangesAsync();
        return (key, emails);
    }
}
