using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Letters.Infrastructure;
using Letters.Migrations;
using Npgsql;

namespace Letters.Benchmarks;

/// <summary>
/// Every page and list, on the demo data and then on years of history, in one run, side by side:
///   ./dev.sh bench-pages [--orders 1000000] [--requests 20]
/// Makes its own database (letters_pages), starts the Release app on it in Development (so the demo data is
/// there), times each request (median and p95 of 20 after 3 warm-ups), seeds the history
/// (<see cref="HistorySeed"/>), restarts the app and times them again.
/// </summary>
public static class PageLoad
{
    public static async Task<int> RunAsync(string[] args)
    {
        var orders = Harness.Option(args, "--orders", "1000000");
        var requests = int.Parse(Harness.Option(args, "--requests", "20"), CultureInfo.InvariantCulture);
        var app = Harness.Option(args, "--app", Path.Combine("src", "Letters", "bin", "Release", "net10.0", "Letters.dll"));
        var server = new NpgsqlConnectionStringBuilder(Migrator.ConnectionStringFromEnvironment()) { Database = "postgres", Pooling = false }.ConnectionString;
        var pages = new NpgsqlConnectionStringBuilder(server) { Database = "letters_pages", Pooling = true }.ConnectionString;
        await Harness.ExecuteAsync(server, "DROP DATABASE IF EXISTS letters_pages WITH (FORCE)");
        await Harness.ExecuteAsync(server, "CREATE DATABASE letters_pages");
        await Migrator.MigrateAsync(pages);

        var demo = await MeasureAsync(app, pages, requests, history: false);
        Environment.SetEnvironmentVariable("ConnectionStrings__Letters", pages);
        await HistorySeed.RunAsync(["--orders", orders]);
        var seeded = await MeasureAsync(app, pages, requests, history: true);

        Console.WriteLine();
        Console.WriteLine($"{"request",-58} {"demo p50/p95 ms",18} {orders + " orders p50/p95 ms",26} {"p95 ratio",10}");
        var worst = 0.0;
        foreach (var (name, (p50, p95)) in demo)
        {
            var (h50, h95) = seeded[name];
            worst = Math.Max(worst, h95);
            Console.WriteLine($"{name,-58} {p50,8:F1} / {p95,7:F1} {h50,14:F1} / {h95,9:F1} {h95 / Math.Max(p95, 0.1),9:F1}×");
        }

        Console.WriteLine($"slowest p95 on the history: {worst:F1} ms (goal ≤ 50 ms)");
        return 0;
    }

    private static async Task<Dictionary<string, (double P50, double P95)>> MeasureAsync(string app, string connectionString, int requests, bool history)
    {
        using var process = Harness.StartApp(app, Url, connectionString, "Development", new Dictionary<string, string> { ["Letters__Workers__LeaseSweeper__Enabled"] = "false" });
        try
        {
            await Harness.WaitReadyAsync(Url);
            using var admin = await SignInAsync(DemoSeed.AdminEmail);
            using var writer = await SignInAsync(DemoSeed.Writers[0].Email);
            // The client: on the demo, Henri (live key, signed in to the app); on the history, the business client.
            using var client = new HttpClient { BaseAddress = new Uri(Url) };
            client.DefaultRequestHeaders.Authorization = new("Bearer", history ? HistorySeed.BusinessKey : DemoSeed.PersonLiveKey);
            using var web = await ClientSignInAsync(history ? await BusinessEmailAsync(connectionString) : DemoSeed.PersonEmail, history ? HistorySeed.BusinessPassword : DemoSeed.Password);

            if (!history)
            {
                await PlaceDemoOrdersAsync(client, writer);
            }

            var (order, review, writerId) = await SampleIdsAsync(connectionString, history);

            // The client's own newest order and the cursor of their second page; a letter the writer holds.
            var first = await client.GetFromJsonAsync<System.Text.Json.JsonElement>("/v1/orders?limit=20");
            var clientOrder = first.GetProperty("data")[0].GetProperty("id").GetString();
            var secondPage = first.GetProperty("next_cursor").GetString();
            using var claim = await writer.PostAsync("/writer/api/claims", null);
            claim.EnsureSuccessStatusCode();
            var held = (await claim.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("order_id").GetGuid();
            var month = DateTime.UtcNow.AddDays(-30).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            // Last month's statement on the history (~20,000 letters); this month's on the demo (its thirty).
            var statementMonth = (history ? DateTime.UtcNow.AddMonths(-1) : DateTime.UtcNow).ToString("yyyy-MM", CultureInfo.InvariantCulture);
            var events = await client.GetFromJsonAsync<System.Text.Json.JsonElement>("/v1/events?limit=100");
            var eventsCursor = events.GetProperty("next_cursor").GetString();
            var campaigns = await client.GetFromJsonAsync<System.Text.Json.JsonElement>("/v1/campaigns");
            var campaign = campaigns.GetProperty("data").EnumerateArray().Select(c => c.GetProperty("id").GetString()).FirstOrDefault();
            var targets = new (string Name, HttpClient Http, string Path)[]
            {
                ("admin: review inbox /admin", admin, "/admin"),
                ("admin: orders, no filter", admin, "/admin/orders"),
                ("admin: orders by status (in review)", admin, "/admin/orders?status=in_review"),
                ("admin: orders by status (delivered)", admin, "/admin/orders?status=delivered"),
                ("admin: orders by writer", admin, $"/admin/orders?writer={writerId}"),
                ("admin: orders by recipient name", admin, "/admin/orders?recipient=Claire"),
                ("admin: orders by occasion", admin, "/admin/orders?occasion=birthday"),
                ("admin: orders by a recipient nobody has", admin, "/admin/orders?recipient=Zebediah"),
                ("admin: orders by client name (a few)", admin, "/admin/orders?client=Client+7"),
                ("admin: orders by a word in the brief (a place)", admin, "/admin/orders?text=lisbon"),
                ("admin: orders by a word in the brief (a rare name)", admin, "/admin/orders?text=henriette"),
                ("admin: orders by date range", admin, $"/admin/orders?from={DateTime.UtcNow.AddYears(-2):yyyy-MM-dd}&to={DateTime.UtcNow.AddYears(-2).AddDays(7):yyyy-MM-dd}"),
                ("admin: orders by metadata", admin, "/admin/orders?metadata=crm_id%3DC-12"),
                ("admin: orders by status, occasion and writer", admin, $"/admin/orders?status=delivered&occasion=love&writer={writerId}"),
                ("admin: an order", admin, $"/admin/orders/{order}"),
                ("admin: review a letter", admin, $"/admin/review/{review}"),
                ("admin: writers with statistics", admin, "/admin/writers"),
                ("admin: queues, health and 14-day chart", admin, "/admin/queues"),
                ("admin: writers' hands", admin, "/admin/hands"),
                ("writer: dashboard", writer, "/writer"),
                ("writer: the hand capture page", writer, "/writer/hand"),
                ("writer: summary poll", writer, "/writer/api/summary"),
                ("writer: a letter's workspace", writer, $"/writer/letters/{held}"),
                ("client: GET /v1/orders", client, "/v1/orders"),
                ("client: GET /v1/orders?status=changes_requested", client, "/v1/orders?status=changes_requested"),
                ("client: GET /v1/orders?status=delivered", client, "/v1/orders?status=delivered"),
                ("client: GET /v1/orders?occasion=birthday", client, "/v1/orders?occasion=birthday"),
                ("client: GET /v1/orders?metadata[crm_id]=C-4", client, "/v1/orders?metadata[crm_id]=C-4"),
                ("client: GET /v1/orders?created_after (a month)", client, $"/v1/orders?created_after={month}"),
                ("client: GET /v1/orders?created_before (a month ago)", client, $"/v1/orders?created_before={month}"),
                ("client: GET /v1/orders?status=delivered&occasion=love", client, "/v1/orders?status=delivered&occasion=love"),
                ("client: GET /v1/orders?occasion=other (none)", client, "/v1/orders?occasion=other"),
                ("client: GET /v1/orders?status&occasion&created_after", client, $"/v1/orders?status=delivered&occasion=anniversary&created_after={month}"),
                ("client: GET /v1/orders, second page (cursor)", client, $"/v1/orders?limit=20&after={secondPage}"),
                ("client: GET /v1/orders/{id}", client, $"/v1/orders/{clientOrder}"),
                ("client: GET /v1/orders/{id}/events", client, $"/v1/orders/{clientOrder}/events"),
                ("client: GET /v1/recipients", client, "/v1/recipients"),
                ("client: GET /v1/events?limit=100", client, "/v1/events?limit=100"),
                ("client: GET /v1/events, a later page (cursor)", client, $"/v1/events?limit=100&after={eventsCursor}"),
                ("client: GET /v1/statements/{month} (first byte)", client, $"/v1/statements/{statementMonth}"),
                ("client: GET /v1/statements/{month} as CSV (first byte)", client, $"/v1/statements/{statementMonth}?csv"),
                ("client: GET /v1/campaigns", client, "/v1/campaigns"),
                ("client: GET /v1/standing_orders", client, "/v1/standing_orders"),
                ("client: GET /v1/books", client, "/v1/books"),
                ("client: GET /v1/webhook_endpoints", client, "/v1/webhook_endpoints"),
                ("app: home /app", web, "/app"),
                ("app: orders /app/orders", web, "/app/orders"),
                ("app: orders by recipient name", web, "/app/orders?recipient=Claire"),
                ("app: an order", web, $"/app/orders/{clientOrder}"),
                ("app: new order form", web, "/app/orders/new"),
                ("app: your own hand /app/hand", web, "/app/hand"),
                ("app: statement page (a hundred lines)", web, $"/app/statements?month={statementMonth}"),
                ("app: statement CSV (first byte)", web, $"/app/statements?handler=Csv&month={statementMonth}"),
                ("app: address book", web, "/app/recipients"),
                ("app: campaigns", web, "/app/campaigns"),
                ("app: standing orders", web, "/app/standing-orders"),
                ("app: books", web, "/app/books"),
                ("app: API keys", web, "/app/keys"),
                ("app: webhooks", web, "/app/webhooks"),
                ("admin: clients", admin, "/admin/clients"),
            };
            if (campaign is not null)
            {
                targets = [.. targets, ("client: GET /v1/campaigns/{id}/events", client, $"/v1/campaigns/{campaign}/events")];
            }

            var results = new Dictionary<string, (double, double)>();
            foreach (var (name, http, path) in targets)
            {
                var times = new List<double>();
                // Ten unmeasured requests first: enough for the page's code to reach the JIT's optimised tier, as it is
                // on a server that has been up a while (with three, a page's first measured calls still ran tier-0 code).
                for (var i = 0; i < requests + Warmup; i++)
                {
                    // A streamed statement is timed to its first byte (the month follows as it is read); any other
                    // request to its last.
                    var firstByte = name.EndsWith("(first byte)", StringComparison.Ordinal);
                    using var request = new HttpRequestMessage(HttpMethod.Get, path.Replace("?csv", "", StringComparison.Ordinal));
                    if (path.EndsWith("?csv", StringComparison.Ordinal))
                    {
                        request.Headers.Accept.ParseAdd("text/csv");
                    }

                    var started = Stopwatch.GetTimestamp();
                    using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
                    await using var body = await response.Content.ReadAsStreamAsync();
                    var buffer = new byte[firstByte ? 1 : 64 * 1024];
                    while (await body.ReadAsync(buffer) > 0 && !firstByte)
                    {
                    }

                    var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        throw new InvalidOperationException($"{name}: {path} answered {(int)response.StatusCode}");
                    }

                    await body.CopyToAsync(Stream.Null);
                    if (i >= Warmup)
                    {
                        times.Add(ms);
                    }
                }

                times.Sort();
                results[name] = (times[times.Count / 2], times[(int)Math.Ceiling(times.Count * 0.95) - 1]);
            }

            return results;
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private const string Url = "http://127.0.0.1:5097";
    private const int Warmup = 10;

    /// <summary>The demo has no orders: thirty, as a new client would place them, and one written and in review.</summary>
    private static async Task PlaceDemoOrdersAsync(HttpClient client, HttpClient writer)
    {
        var deliverBy = DateTime.UtcNow.AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        for (var n = 0; n < 30; n++)
        {
            using var created = await client.PostAsync("/v1/orders", new StringContent(
                $$$"""{"recipient":{"name":"Claire Martin {{{n}}}","address_line1":"12 Rue Cler","city":"Paris","postal_code":"75007","country":"FR"},"occasion":"anniversary","relationship":"wife","brief":"Fifty years since the almond croissant, number {{{n}}}.","tone":"romantic","length":"short","deliver_by":"{{{deliverBy}}}","metadata":{"crm_id":"C-{{{n}}}"}}""",
                System.Text.Encoding.UTF8, "application/json"));
            created.EnsureSuccessStatusCode();
        }

        using var claim = await writer.PostAsync("/writer/api/claims", null);
        var claimed = await claim.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        var id = claimed.GetProperty("order_id").GetGuid();
        var attempt = claimed.GetProperty("attempt").GetInt32();
        using var saved = await writer.PostAsJsonAsync($"/writer/api/letters/{id}/drafts", new Dictionary<string, object> { ["attempt"] = attempt, ["base_version"] = 0, ["salutation"] = "Dear Claire,", ["body"] = "Fifty years.", ["closing"] = "Love,", ["signature"] = "Henri" });
        saved.EnsureSuccessStatusCode();
        using var submitted = await writer.PostAsJsonAsync($"/writer/api/letters/{id}/submit", new Dictionary<string, object> { ["attempt"] = attempt, ["version"] = 1 });
        submitted.EnsureSuccessStatusCode();
    }

    /// <summary>An order with events, one waiting in review, and the writer of most letters.</summary>
    private static async Task<(Guid Order, Guid Review, Guid Writer)> SampleIdsAsync(string connectionString, bool history)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        async Task<Guid> One(string sql)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            return (Guid)(await command.ExecuteScalarAsync())!;
        }

        var order = await One("SELECT id FROM orders ORDER BY created_at DESC OFFSET 10 LIMIT 1");
        var review = await One("SELECT id FROM orders WHERE status = 'in_review' ORDER BY created_at LIMIT 1");
        var writer = await One(history ? "SELECT claimed_by FROM orders WHERE claimed_by IS NOT NULL LIMIT 1" : "SELECT id FROM writers LIMIT 1");
        return (order, review, writer);
    }

    /// <summary>The business client's address (the seed names it by its run).</summary>
    private static async Task<string> BusinessEmailAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT c.email FROM clients c JOIN api_keys k ON k.client_id = c.id WHERE k.prefix = @prefix ORDER BY k.created_at DESC LIMIT 1", connection);
        command.Parameters.AddWithValue("prefix", Letters.Auth.ApiKeySecrets.DisplayPrefix(HistorySeed.BusinessKey));
        return (string)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Signs a client in to the app through its form, as a browser does (the antiforgery token from the page).</summary>
    private static async Task<HttpClient> ClientSignInAsync(string email, string password)
    {
        var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), UseCookies = true, AllowAutoRedirect = false }) { BaseAddress = new Uri(Url) };
        var form = await http.GetStringAsync("/app/signin");
        var token = System.Text.RegularExpressions.Regex.Match(form, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        using var signedIn = await http.PostAsync("/app/signin", new FormUrlEncodedContent(new Dictionary<string, string> { ["Email"] = email, ["Password"] = password, ["__RequestVerificationToken"] = token }));
        if (signedIn.StatusCode != HttpStatusCode.Redirect || signedIn.Headers.Location?.ToString().Contains("signin", StringComparison.Ordinal) == true)
        {
            throw new InvalidOperationException($"{email} could not sign in to the app: {(int)signedIn.StatusCode} {signedIn.Headers.Location}");
        }

        return http;
    }

    private static async Task<HttpClient> SignInAsync(string email)
    {
        var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), UseCookies = true }) { BaseAddress = new Uri(Url) };
        using var login = await http.PostAsJsonAsync("/account/api/login", new { email, password = DemoSeed.Password });
        login.EnsureSuccessStatusCode();
        return http;
    }
}
