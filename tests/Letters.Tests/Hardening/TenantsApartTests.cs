using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Letters.Features.Campaigns;
using Letters.Features.Webhooks;
using Letters.Tests.Campaigns;
using Letters.Tests.Infrastructure;
using Letters.Tests.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Letters.Tests.Hardening;

/// <summary>The app with a two-second webhook time limit, so a slow receiver costs the tests seconds, not quarter minutes.</summary>
public sealed class TenantsFixture : IAsyncLifetime
{
    public LettersApp App { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var database = await TestDatabases.CreateAsync();
        App = new LettersApp(TestDatabases.ConnectionStringFor(database), new TestClock(DateTimeOffset.UtcNow), settings: new Dictionary<string, string>
        {
            ["Letters:Webhooks:Timeout"] = "00:00:02",
            ["Letters:RateLimit:Limit"] = "1000000",
        });
        _ = App.Services;
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        App.ClearPools();
    }
}

/// <summary>
/// No client can slow, block or probe another, or the service's own host: each starvation case the hostile walk
/// found, with the other client's work arriving in its normal time.
/// </summary>
public sealed class TenantsApartTests(TenantsFixture fixture) : IClassFixture<TenantsFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_receiver_that_trickles_its_body_is_cut_off_at_the_time_limit_and_another_clients_event_arrives_meanwhile()
    {
        await using var trickle = await SlowServer.StartAsync(headersThenTrickle: true);
        await using var receiver = await WebhookReceiver.StartAsync();
        var slow = await ApiClients.CreateAsync(fixture.App);
        var other = await ApiClients.CreateAsync(fixture.App);
        var slowEndpoint = await slow.AddEndpointAsync(trickle.Url);
        var otherEndpoint = await other.AddEndpointAsync(receiver.Url);

        await using var senders = Senders.Start(fixture.App);
        await slow.PingAsync(slowEndpoint.Id);
        await Task.Delay(300, Ct);
        var asked = Stopwatch.StartNew();
        await other.PingAsync(otherEndpoint.Id);
        await WaitUntilAsync(() => receiver.Accepted.Count == 1, "the other client's event");
        Assert.True(asked.Elapsed < TimeSpan.FromSeconds(1.5), $"the other client's event took {asked.Elapsed.TotalSeconds:F1} s");

        // The trickling receiver's attempt ends at the two-second limit, not when its minute of trickle would.
        await WaitUntilAsync(() => Attempts(slowEndpoint.Id).Count > 0, "the slow receiver's attempt");
        var attempt = Attempts(slowEndpoint.Id).Single();
        Assert.InRange(attempt.LatencyMs, 1800, 5000);
        Assert.Contains("time limit", attempt.Response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_clients_burst_to_a_hanging_endpoint_does_not_keep_another_clients_event_waiting()
    {
        await using var hanging = await SlowServer.StartAsync(headersThenTrickle: false);
        await using var receiver = await WebhookReceiver.StartAsync();
        var busy = await ApiClients.CreateAsync(fixture.App);
        var other = await ApiClients.CreateAsync(fixture.App);
        var busyEndpoint = await busy.AddEndpointAsync(hanging.Url);
        var otherEndpoint = await other.AddEndpointAsync(receiver.Url);
        for (var i = 0; i < 150; i++)
        {
            await busy.PingAsync(busyEndpoint.Id);
        }

        await using var senders = Senders.Start(fixture.App);
        await Task.Delay(500, Ct);
        var asked = Stopwatch.StartNew();
        await other.PingAsync(otherEndpoint.Id);
        await WaitUntilAsync(() => receiver.Accepted.Count == 1, "the other client's event");

        // 150 of one client's attempts hang two seconds each: sent 64 at a time first-come, the other client's would wait
        // behind them; taken in turn, with at most 8 of one client's in flight, it goes at the next pass.
        Assert.True(asked.Elapsed < TimeSpan.FromSeconds(1.5), $"the other client's event took {asked.Elapsed.TotalSeconds:F1} s");
        await using var db = fixture.App.NewDbContext();
        Assert.InRange(await db.WebhookDeliveries.CountAsync(d => d.EndpointId == busyEndpoint.Id && d.LeaseUntil != null, Ct), 0, 8);
    }

    [Fact]
    public async Task A_replay_is_bounded_and_waits_for_the_last_one_to_be_through()
    {
        var client = await ApiClients.CreateAsync(fixture.App);
        var endpoint = await client.AddEndpointAsync("http://127.0.0.1:9/hooks");
        await client.OrderAutoDraftedAsync(fixture.App);
        await fixture.App.RunAutopilotAsync();
        await fixture.App.Services.GetRequiredService<WebhookDispatcher>().RunOnceAsync(Ct);

        using var first = await client.Http.PostAsJsonAsync($"/v1/webhook_endpoints/{endpoint.Id}/replay", new { since = DateTimeOffset.UtcNow.AddDays(-1) }, ApiClients.Json, Ct);
        using var second = await client.Http.PostAsJsonAsync($"/v1/webhook_endpoints/{endpoint.Id}/replay", new { since = DateTimeOffset.UtcNow.AddDays(-1) }, ApiClients.Json, Ct);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.NotNull(second.Headers.RetryAfter);
    }

    [Fact]
    public async Task A_campaign_step_that_keeps_failing_fails_its_campaign_alone_and_another_clients_file_is_read_meanwhile()
    {
        var broken = await ApiClients.CreateAsync(fixture.App);
        var clean = await ApiClients.CreateAsync(fixture.App);
        var brokenCampaigns = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            var id = await broken.CreateCampaignAsync(fixture.App.Clock, "one_letter");
            using var upload = await broken.UploadAsync(id, CampaignSteps.Csv([CampaignSteps.Row(1)]));
            brokenCampaigns.Add(id);
        }

        // Their step cannot be done (the file is gone from under them): it throws, every time.
        await using (var db = fixture.App.NewDbContext())
        {
            await db.Database.ExecuteSqlRawAsync("UPDATE campaigns SET upload_id = NULL WHERE id = ANY({0})", [brokenCampaigns.ToArray()], Ct);
        }

        var cleanId = await clean.CreateCampaignAsync(fixture.App.Clock, "one_letter");
        using (var upload = await clean.UploadAsync(cleanId, CampaignSteps.Csv([CampaignSteps.Row(1), CampaignSteps.Row(2)])))
        {
            Assert.Equal(HttpStatusCode.Accepted, upload.StatusCode);
        }

        var worker = fixture.App.Services.GetRequiredService<CampaignWorker>();
        for (var pass = 0; pass < 4 && (await clean.CampaignAsync(cleanId)).GetProperty("state").GetString() != "ready"; pass++)
        {
            await worker.RunOnceAsync(Ct);
        }

        Assert.Equal("ready", (await clean.CampaignAsync(cleanId)).GetProperty("state").GetString());
        for (var pass = 0; pass < 3 * CampaignWorker.MaxAttempts + 3; pass++)
        {
            await worker.RunOnceAsync(Ct);
        }

        foreach (var id in brokenCampaigns)
        {
            var failed = await broken.CampaignAsync(id);
            Assert.Equal("failed", failed.GetProperty("state").GetString());
            Assert.Contains("could not be read", failed.GetProperty("failure_reason").GetString(), StringComparison.Ordinal);
        }

        // Nothing is left for the worker: no step keeps coming back.
        Assert.Equal(0, await worker.RunOnceAsync(Ct));
    }

    [Fact]
    public async Task A_nul_in_a_campaign_file_is_the_rows_problem_and_the_file_is_read()
    {
        var client = await ApiClients.CreateAsync(fixture.App);
        var id = await client.CreateCampaignAsync(fixture.App.Clock, "one_letter");
        var rows = new[] { CampaignSteps.Row(1), CampaignSteps.Row(2, name: "Emma\0Berg"), CampaignSteps.Row(3) };
        rows[2][10] = "a \0 gift";
        using var upload = await client.UploadAsync(id, CampaignSteps.Csv(rows));
        await fixture.App.WorkAsync();

        var campaign = await client.CampaignAsync(id);
        Assert.Equal("ready", campaign.GetProperty("state").GetString());
        Assert.Equal(1, campaign.GetProperty("counts").GetProperty("rows_valid").GetInt32());
        using var report = await client.Http.GetAsync(new Uri($"/v1/campaigns/{id}/report", UriKind.Relative), Ct);
        var problems = (await report.JsonAsync()).GetProperty("problems").EnumerateArray().ToList();
        Assert.Contains(problems, p => p.GetProperty("row").GetInt32() == 3 && p.GetProperty("column").GetString() == "name");
        Assert.Contains(problems, p => p.GetProperty("row").GetInt32() == 4 && p.GetProperty("column").GetString() == "custom.gift");
    }

    [Theory]
    [InlineData("10.1.2.3")]
    [InlineData("172.16.0.1")]
    [InlineData("192.168.1.1")]
    [InlineData("127.0.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("100.64.0.1")]
    [InlineData("169.254.169.254")]
    [InlineData("192.0.0.8")]
    [InlineData("192.0.2.10")]
    [InlineData("198.18.0.1")]
    [InlineData("198.19.255.254")]
    [InlineData("198.51.100.7")]
    [InlineData("203.0.113.9")]
    [InlineData("192.88.99.1")]
    [InlineData("224.0.0.1")]
    [InlineData("240.0.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("::")]
    [InlineData("::1")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("64:ff9b::10.0.0.1")]
    [InlineData("64:ff9b::a9fe:a9fe")]
    [InlineData("64:ff9b:1::c0a8:101")]
    [InlineData("2002:0a00:0001::1")]
    [InlineData("2002:c0a8:0101::1")]
    [InlineData("2001:db8::1")]
    [InlineData("2001::1")]
    [InlineData("3fff::1")]
    [InlineData("fc00::1")]
    [InlineData("fd12:3456::1")]
    [InlineData("fe80::1")]
    [InlineData("ff02::1")]
    [InlineData("100::1")]
    public void An_address_that_is_not_globally_routable_unicast_is_refused(string address) =>
        Assert.False(AddressGuard.IsPublic(IPAddress.Parse(address)), $"{address} passed the guard");

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("1.1.1.1")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("64:ff9b::5db8:d822")]
    [InlineData("2002:5db8:d822::1")]
    public void A_public_address_passes(string address) =>
        Assert.True(AddressGuard.IsPublic(IPAddress.Parse(address)), $"{address} was refused");

    [Fact]
    public async Task The_hosts_own_addresses_are_refused_and_a_delivery_to_one_is_blocked_on_production_settings()
    {
        var own = NetworkInterface.GetAllNetworkInterfaces().SelectMany(i => i.GetIPProperties().UnicastAddresses).Select(u => u.Address)
            .Where(a => a.AddressFamily == AddressFamily.InterNetwork).ToList();
        Assert.All(own, a => Assert.False(AddressGuard.IsPublic(a), $"{a} is this host's own"));

        await using var receiver = await WebhookReceiver.StartAsync("0.0.0.0");
        var port = new Uri(receiver.Url).Port;
        var address = own.FirstOrDefault(a => !IPAddress.IsLoopback(a)) ?? IPAddress.Loopback;
        await Assert.ThrowsAsync<BlockedAddressException>(async () =>
            await AddressGuard.ConnectAsync(new DnsEndPoint(address.ToString(), port), allowPrivate: false, Ct));
        await Assert.ThrowsAsync<BlockedAddressException>(async () => await AddressGuard.ConnectAsync(new DnsEndPoint("localhost.", port), allowPrivate: false, Ct));
        await Assert.ThrowsAsync<BlockedAddressException>(async () => await AddressGuard.ConnectAsync(new DnsEndPoint(Dns.GetHostName(), port), allowPrivate: false, Ct));
        Assert.Empty(receiver.Requests);
    }

    [Theory]
    [InlineData("https://localhost./hooks")]
    [InlineData("https://ⓛⓞⓒⓐⓛⓗⓞⓢⓣ/hooks")]
    [InlineData("https://printer.local/hooks")]
    [InlineData("https://[::ffff:7f00:1]/hooks")]
    [InlineData("https://[64:ff9b::a00:1]/hooks")]
    [InlineData("https://198.18.0.5/hooks")]
    public void A_url_plainly_into_our_own_network_is_refused_when_the_endpoint_is_made(string url) =>
        Assert.NotNull(WebhookRules.UrlProblem(url, live: true, allowPrivate: false));

    private List<Letters.Domain.WebhookAttempt> Attempts(Guid endpointId)
    {
        using var db = fixture.App.NewDbContext();
        return db.WebhookAttempts.AsNoTracking().Where(a => a.EndpointId == endpointId).ToList();
    }

    private static async Task WaitUntilAsync(Func<bool> done, string what)
    {
        var waited = Stopwatch.StartNew();
        while (!done())
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), $"Waited 30 s for {what}.");
            await Task.Delay(20, Ct);
        }
    }

    /// <summary>The app's senders pumping in the background, as the worker runs them, until disposed.</summary>
    private sealed class Senders : IAsyncDisposable
    {
        private readonly CancellationTokenSource stop = new();
        private readonly Task loop;

        private Senders(LettersApp app)
        {
            var sender = app.Services.GetRequiredService<WebhookSender>();
            loop = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    try
                    {
                        if (!await sender.PumpAsync(stop.Token))
                        {
                            await Task.Delay(25, stop.Token);
                        }
                    }
                    catch (OperationCanceledException) when (stop.IsCancellationRequested)
                    {
                    }
                }
            });
        }

        public static Senders Start(LettersApp app) => new(app);

        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            await loop;
            stop.Dispose();
        }
    }

    /// <summary>A receiver that never finishes: it sends its headers and then a byte a second, or nothing at all.</summary>
    private sealed class SlowServer : IAsyncDisposable
    {
        private readonly WebApplication app;

        private SlowServer(WebApplication app, string url)
        {
            this.app = app;
            Url = url;
        }

        public string Url { get; }

        public static async Task<SlowServer> StartAsync(bool headersThenTrickle)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            app.MapPost("/hooks", async (HttpContext http) =>
            {
                if (headersThenTrickle)
                {
                    http.Response.StatusCode = 200;
                    await http.Response.StartAsync(http.RequestAborted);
                    for (var i = 0; i < 60 && !http.RequestAborted.IsCancellationRequested; i++)
                    {
                        await http.Response.WriteAsync(".", http.RequestAborted);
                        await http.Response.Body.FlushAsync(http.RequestAborted);
                        await Task.Delay(1000, http.RequestAborted);
                    }
                }
                else
                {
                    await Task.Delay(TimeSpan.FromMinutes(1), http.RequestAborted);
                }
            });
            await app.StartAsync();
            var port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
            return new SlowServer(app, $"http://127.0.0.1:{port}/hooks");
        }

        public async ValueTask DisposeAsync()
        {
            using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await app.StopAsync(stopping.Token);
            await app.DisposeAsync();
        }
    }
}
