using System.Diagnostics;
using System.Globalization;
using System.Net;
using Letters.Features.Queue;
using Letters.Features.Webhooks;
using Letters.Infrastructure;
using Letters.Tests.Infrastructure;
using Letters.Tests.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Letters.Tests.Foundation;

/// <summary>
/// What an operator's Prometheus reads at <c>/metrics</c>: an exposition <c>promtool check metrics</c> passes whole,
/// with the queue, the webhook backlog, claims and render times as the app just did them; served on its own port or
/// behind a token; and traces sent by OTLP to a collector when one is configured.
/// </summary>
public sealed class MetricsTests(AppFixture fixture) : DatabaseTest(fixture), IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Metrics_pass_promtool_and_show_queue_depth_the_oldest_letter_claims_renders_and_the_webhook_backlog()
    {
        var app = fixture.App;
        var client = await ApiClients.CreateAsync(app);
        await using var receiver = await WebhookReceiver.StartAsync();
        await client.AddEndpointAsync(receiver.Url);
        for (var i = 0; i < 3; i++)
        {
            using var created = await client.PostOrderAsync(ApiClients.OrderBody(app.Clock));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var writer = await Writers.CreateAsync(app);
        await using (var db = app.NewDbContext())
        {
            var (outcome, _) = await ClaimNext.ExecuteAsync(db, writer, app.Clock.GetUtcNow(), app.Services.GetRequiredService<IOptions<QueueOptions>>().Value, Ct);
            Assert.Equal(ClaimNext.Outcome.Claimed, outcome);
        }

        // The events are numbered and their deliveries made, none sent yet: the backlog an operator would see.
        app.Clock.Advance(TimeSpan.FromMinutes(10));
        while (await app.Services.GetRequiredService<WebhookRelayWorker>().RelayOnceAsync(Ct) > 0)
        {
        }

        var before = await ScrapeAsync(app);
        Assert.Equal(2, Value(before, "letters_queue_depth", "queue=\"general\""));
        Assert.InRange(Value(before, "letters_queue_oldest_waiting_seconds", "queue=\"general\""), 600, 660);
        Assert.True(Value(before, "letters_webhook_backlog") >= 4, "order.created ×3 and the claim's event wait for the receiver");
        Assert.True(Value(before, "letters_queue_claims_total", "outcome=\"claimed\"") >= 1);
        Assert.Contains("# HELP letters_queue_depth Letters waiting in each queue", before, StringComparison.Ordinal);

        // A letter drawn (proof and final), the webhooks sent, an e-mail sent: each shows.
        await client.OrderAutoDraftedAsync(app);
        await app.RunAutopilotAsync();
        await app.DeliverAsync();
        await using (var db = app.NewDbContext())
        {
            Mailbox.Post(db, "ops@example.com", "Measured", "Counted when sent.", app.Clock.GetUtcNow());
            await db.SaveChangesAsync(Ct);
        }

        Assert.Single(app.Outbox.Sent, m => m.Recipient == "ops@example.com");
        var after = await ScrapeAsync(app);
        Assert.Equal(0, Value(after, "letters_webhook_backlog"));
        Assert.True(Value(after, "letters_render_duration_seconds_count", "kind=\"final\"") >= 1);
        Assert.True(Value(after, "letters_render_duration_seconds_bucket", "le=\"10\"") >= 1, "buckets in seconds: a letter drawn within 10 s");
        Assert.True(Value(after, "letters_webhook_attempts_total", "status_class=\"2xx\"") >= 4);
        Assert.True(Value(after, "letters_mail_messages_total", "outcome=\"sent\"") >= 1);
        Assert.Contains("http_server_request_duration_seconds_bucket{", after, StringComparison.Ordinal);

        // The dashboard in the repository reads only metrics the app exports.
        var dashboard = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(Repository.PathTo("src", "Letters", "Observability", "grafana-dashboard.json"), Ct));
        var names = dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(p => p.GetProperty("targets").EnumerateArray()).Select(t => t.GetProperty("expr").GetString()!)
            .SelectMany(e => System.Text.RegularExpressions.Regex.Matches(e, @"(?<!by \(|, )\b(letters|http)_[a-z_]+\b(?!\s*[=!~])").Select(m => m.Value)).Distinct().ToList();
        Assert.True(names.Count >= 14, string.Join(", ", names));
        Assert.All(names, name => Assert.True(after.Contains($"\n{name}{{", StringComparison.Ordinal) || after.Contains($"\n{name} ", StringComparison.Ordinal), $"The dashboard reads {name}, which /metrics does not have."));
    }

    /// <summary>A sample of the gauges, then <c>/metrics</c> as Prometheus reads it, which promtool must pass whole.</summary>
    private static async Task<string> ScrapeAsync(LettersApp app)
    {
        await app.Services.GetRequiredService<MetricsSampler>().PassAsync(Ct);
        var text = await app.CreateClient().GetStringAsync(new Uri("/metrics", UriKind.Relative), Ct);
        var check = await PromtoolAsync(text);
        Assert.True(check.Code == 0, $"promtool check metrics answered {check.Code}:\n{check.Output}");
        return text;
    }

    [Fact]
    public async Task Metrics_behind_a_token_answer_only_the_scraper_that_has_it()
    {
        await using var app = new LettersApp(fixture.App.ConnectionString, fixture.Clock, settings: new Dictionary<string, string> { ["Letters:Telemetry:MetricsToken"] = "scrape-secret-1" });
        var http = app.CreateClient();

        using var without = await http.GetAsync(new Uri("/metrics", UriKind.Relative), Ct);
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { { "Authorization", "Bearer scrape-secret-2" } } };
        using var wrongAnswer = await http.SendAsync(wrong, Ct);
        using var right = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { { "Authorization", "Bearer scrape-secret-1" } } };
        using var rightAnswer = await http.SendAsync(right, Ct);

        Assert.Equal(HttpStatusCode.NotFound, without.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, wrongAnswer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, rightAnswer.StatusCode);
        Assert.Contains("letters_", await rightAnswer.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        app.ClearPools();
    }

    /// <summary>
    /// Production's shape: the app listens on two ports and answers <c>/metrics</c> only on the one the proxy does not
    /// forward; with a collector configured, each request's trace (its SQL within it) arrives there by OTLP.
    /// </summary>
    [Fact]
    public async Task Metrics_have_a_port_of_their_own_and_traces_reach_an_OTLP_collector()
    {
        await using var collector = await Collector.StartAsync();
        var (web, metrics) = (AppProcess.FreePort(), AppProcess.FreePort());
        using var process = AppProcess.Start(fixture.App.ConnectionString, $"http://127.0.0.1:{web};http://127.0.0.1:{metrics}", new Dictionary<string, string>
        {
            ["Letters__Telemetry__MetricsPort"] = $"{metrics}",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Url,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        });
        try
        {
            await AppProcess.WaitReadyAsync(web, Ct);
            using var http = new HttpClient();
            using var onWeb = await http.GetAsync(new Uri($"http://127.0.0.1:{web}/metrics"), Ct);
            using var onMetrics = await http.GetAsync(new Uri($"http://127.0.0.1:{metrics}/metrics"), Ct);
            Assert.Equal(HttpStatusCode.NotFound, onWeb.StatusCode);
            Assert.Equal(HttpStatusCode.OK, onMetrics.StatusCode);
            var check = await PromtoolAsync(await onMetrics.Content.ReadAsStringAsync(Ct));
            Assert.True(check.Code == 0, $"promtool check metrics answered {check.Code}:\n{check.Output}");

            // A request that reads the database: its span and the SQL's arrive at the collector.
            using var catalogue = await http.GetAsync(new Uri($"http://127.0.0.1:{web}/v1/catalogue"), Ct);
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (!collector.Received.Any(body => Contains(body, "letters") && Contains(body, "/v1/catalogue")))
            {
                Assert.True(DateTime.UtcNow < deadline, $"No trace of GET /v1/catalogue at the collector ({collector.Received.Count} exports).");
                await Task.Delay(100, Ct);
            }
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(Ct);
        }
    }

    private static bool Contains(byte[] body, string text) => body.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(text)) >= 0;

    private static double Value(string exposition, string name, string? label = null)
    {
        var line = exposition.Split('\n').FirstOrDefault(l => l.StartsWith(name + "{", StringComparison.Ordinal) && (label is null || l.Contains(label, StringComparison.Ordinal)))
            ?? throw new Xunit.Sdk.XunitException($"No {name}{(label is null ? "" : $" with {label}")} in the exposition.");
        return double.Parse(line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }

    /// <summary><c>promtool check metrics</c> (Debian <c>prometheus</c>): 0 when the exposition parses and has no lint problem.</summary>
    private static async Task<(int Code, string Output)> PromtoolAsync(string exposition)
    {
        var info = new ProcessStartInfo("promtool", ["check", "metrics"]) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync(Ct);
        var errors = process.StandardError.ReadToEndAsync(Ct);
        await process.StandardInput.WriteAsync(exposition);
        process.StandardInput.Close();
        await process.WaitForExitAsync(Ct);
        return (process.ExitCode, await output + await errors);
    }

    /// <summary>An OTLP/HTTP collector on loopback: Kestrel keeping the bodies posted to <c>/v1/traces</c>.</summary>
    private sealed class Collector : IAsyncDisposable
    {
        private readonly WebApplication host;

        private Collector(WebApplication host, string url)
        {
            this.host = host;
            Url = url;
        }

        public string Url { get; }

        public System.Collections.Concurrent.ConcurrentBag<byte[]> Received { get; } = [];

        public static async Task<Collector> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var host = builder.Build();
            Collector? collector = null;
            host.MapPost("/v1/traces", async (HttpRequest request) =>
            {
                using var body = new MemoryStream();
                await request.Body.CopyToAsync(body);
                collector!.Received.Add(body.ToArray());
                return Results.Ok();
            });
            await host.StartAsync();
            collector = new Collector(host, host.Urls.Single());
            return collector;
        }

        public async ValueTask DisposeAsync() => await host.DisposeAsync();
    }
}
