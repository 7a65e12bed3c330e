using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using System.Text;
using Letters.Data;
using Letters.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Letters.Infrastructure;

/// <summary>
/// The service's own measurements, written where each thing happens (the claim, the render, the webhook attempt, the
/// mail, the document store) through one meter. Tags are few and bounded: an outcome, a queue, a style family.
/// </summary>
public static class LettersMetrics
{
    public const string MeterName = "Letters";
    public const string ActivitySourceName = "Letters";

    private static readonly Meter Meter = new(MeterName);

    public static readonly ActivitySource Activities = new(ActivitySourceName);

    public static readonly Counter<long> Claims =
        Meter.CreateCounter<long>("letters.queue.claims", "{claim}", "Writers' claims on the queue, by outcome (claimed, nothing_eligible, at_capacity, not_available).");

    /// <summary>Buckets in seconds (OpenTelemetry's default buckets are for milliseconds).</summary>
    private static readonly InstrumentAdvice<double> Seconds = new() { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 30] };

    public static readonly Histogram<double> RenderDuration =
        Meter.CreateHistogram("letters.render.duration", "s", "Drawing a letter to PDF, by style family and kind (proof, final).", tags: null, advice: Seconds);

    public static readonly Counter<long> WebhookAttempts =
        Meter.CreateCounter<long>("letters.webhook.attempts", "{attempt}", "Webhook delivery attempts, by outcome and status class (2xx, 4xx, 5xx, none for no answer).");

    public static readonly Counter<long> MailMessages =
        Meter.CreateCounter<long>("letters.mail.messages", "{message}", "E-mail handed to the SMTP server, by outcome (sent, failed).");

    public static readonly Histogram<double> DocumentStoreDuration =
        Meter.CreateHistogram("letters.document_store.duration", "s", "One document store operation, by operation (put, get) and store (postgres, s3).", tags: null, advice: Seconds);

    /// <summary>A style as a tag: the catalogue's styles by name, any captured hand as one family (there are as many as writers and clients).</summary>
    public static string StyleFamily(string style) =>
        style.StartsWith(Letters.Handwriting.Catalogue.HandPrefix, StringComparison.Ordinal) ? "hand" : style;

    /// <summary>An HTTP status as a tag: its class, or none when nothing answered.</summary>
    public static string StatusClass(int? status) => status is { } s and >= 100 and < 600 ? $"{s / 100}xx" : "none";
}

/// <summary>
/// The gauges an operator watches (queue depth, the oldest waiting letter, webhook and mail backlog, campaigns and books
/// under way), read from the database by <see cref="MetricsSampler"/> on every instance every
/// <see cref="TelemetryOptions.SampleInterval"/>, so a scrape never waits on a query.
/// </summary>
public sealed class MetricsSnapshot
{
    public sealed record QueueLine(string Queue, int Waiting, double OldestWaitingSeconds);

    public sealed record Sample(
        IReadOnlyList<QueueLine> Queues, int WebhookBacklog, double WebhookOldestDueSeconds, int MailWaiting,
        IReadOnlyDictionary<string, int> Campaigns, long CampaignRowsToImport, long CampaignLettersToRender, IReadOnlyDictionary<string, int> Books);

    private volatile Sample? current;

    public MetricsSnapshot(IMeterFactory meters)
    {
        var meter = meters.Create(LettersMetrics.MeterName);
        meter.CreateObservableGauge("letters.queue.depth", () => Each(s => s.Queues.Select(q => new Measurement<int>(q.Waiting, new KeyValuePair<string, object?>("queue", q.Queue)))),
            "{letter}", "Letters waiting in each queue for a writer to claim them.");
        meter.CreateObservableGauge("letters.queue.oldest_waiting", () => Each(s => s.Queues.Select(q => new Measurement<double>(q.OldestWaitingSeconds, new KeyValuePair<string, object?>("queue", q.Queue)))),
            "s", "How long the oldest letter in each queue has waited (0 when none waits).");
        meter.CreateObservableGauge("letters.webhook.backlog", () => Each<int>(s => [new Measurement<int>(s.WebhookBacklog)]),
            "{delivery}", "Webhook deliveries due now and not yet sent (held endpoints' are not counted).");
        meter.CreateObservableGauge("letters.webhook.oldest_due", () => Each<double>(s => [new Measurement<double>(s.WebhookOldestDueSeconds)]),
            "s", "How long the oldest due webhook delivery has waited.");
        meter.CreateObservableGauge("letters.mail.waiting", () => Each<int>(s => [new Measurement<int>(s.MailWaiting)]),
            "{message}", "E-mail posted and not yet sent.");
        meter.CreateObservableGauge("letters.campaigns.active", () => Each(s => s.Campaigns.Select(c => new Measurement<int>(c.Value, new KeyValuePair<string, object?>("state", c.Key)))),
            "{campaign}", "Campaigns under way, by state.");
        meter.CreateObservableGauge("letters.campaigns.rows_to_import", () => Each<long>(s => [new Measurement<long>(s.CampaignRowsToImport)]),
            "{row}", "Valid rows of importing campaigns not yet orders.");
        meter.CreateObservableGauge("letters.campaigns.letters_to_render", () => Each<long>(s => [new Measurement<long>(s.CampaignLettersToRender)]),
            "{letter}", "Letters of rendering campaigns not yet drawn.");
        meter.CreateObservableGauge("letters.books.active", () => Each(s => s.Books.Select(b => new Measurement<int>(b.Value, new KeyValuePair<string, object?>("state", b.Key)))),
            "{book}", "Books waiting or being built, by state.");
    }

    public Sample? Current => current;

    public void Set(Sample sample) => current = sample;

    private IEnumerable<Measurement<T>> Each<T>(Func<Sample, IEnumerable<Measurement<T>>> read)
        where T : struct =>
        current is { } sample ? read(sample) : [];
}

public sealed class TelemetryOptions
{
    /// <summary>How often each instance reads the gauges from the database.</summary>
    public TimeSpan SampleInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// When set, <c>/metrics</c> answers only on this port (listen on it too, e.g. <c>ASPNETCORE_URLS</c>
    /// <c>http://+:8080;http://+:9464</c>), which the proxy does not forward: the way production is meant to expose it.
    /// </summary>
    public int? MetricsPort { get; set; }

    /// <summary>When set, <c>/metrics</c> asks for <c>Authorization: Bearer {token}</c>.</summary>
    public string? MetricsToken { get; set; }
}

/// <summary>Reads the gauges of <see cref="MetricsSnapshot"/>, on every instance: a few small statements a pass.</summary>
public sealed class MetricsSampler(IServiceScopeFactory scopes, MetricsSnapshot snapshot, TimeProvider clock, IOptions<TelemetryOptions> options) : IWorker
{
    public static WorkerKind Kind => WorkerKind.Metrics;

    public TimeSpan Idle => options.Value.SampleInterval;

    private static readonly BookState[] Building = [BookState.Queued, BookState.Building];

    private static readonly CampaignState[] UnderWay = [CampaignState.Validating, CampaignState.Ready, CampaignState.Importing, CampaignState.Writing, CampaignState.InReview, CampaignState.Rendering];

    public async Task<bool> PassAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LettersDbContext>();
        var now = clock.GetUtcNow();

        var queues = await db.Queues.AsNoTracking().Select(q => new { q.Id, q.Slug }).ToListAsync(ct);
        var waiting = await Features.Queue.QueuesModel.WaitingAsync(db, ct);
        var lines = queues.Select(q => waiting.TryGetValue(q.Id, out var w)
            ? new MetricsSnapshot.QueueLine(q.Slug, w.Count, Math.Max(0, (now - w.Oldest).TotalSeconds))
            : new MetricsSnapshot.QueueLine(q.Slug, 0, 0)).ToList();

        var due = await db.WebhookDeliveries.Where(d => d.State == WebhookDeliveryState.Pending && d.NextAttemptAt <= now)
            .GroupBy(d => 1).Select(g => new { Count = g.Count(), Oldest = g.Min(d => d.NextAttemptAt) }).SingleOrDefaultAsync(ct);
        var mail = await db.OutgoingMail.CountAsync(m => m.SentAt == null && m.FailedAt == null, ct);
        var campaigns = await db.Campaigns.Where(c => UnderWay.Contains(c.State))
            .GroupBy(c => c.State).Select(g => new
            {
                State = g.Key, Count = g.Count(),
                ToImport = g.Sum(c => (long)(c.RowsValid - c.OrdersCreated)),
                ToRender = g.Sum(c => (long)(c.OrdersCreated - c.LettersRendered)),
            }).ToListAsync(ct);
        var books = await db.Books.Where(b => Building.Contains(b.State))
            .GroupBy(b => b.State).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);

        snapshot.Set(new MetricsSnapshot.Sample(
            lines, due?.Count ?? 0, due is null ? 0 : Math.Max(0, (now - due.Oldest).TotalSeconds), mail,
            UnderWay.ToDictionary(WireNames.Of, state => campaigns.FirstOrDefault(c => c.State == state)?.Count ?? 0),
            campaigns.Where(c => c.State == CampaignState.Importing).Sum(c => c.ToImport),
            campaigns.Where(c => c.State == CampaignState.Rendering).Sum(c => c.ToRender),
            Building.ToDictionary(WireNames.Of, state => books.FirstOrDefault(b => b.Key == state)?.Count ?? 0)));

        // A gauge is read again on the next interval, whatever this pass saw.
        return false;
    }
}

/// <summary>
/// OpenTelemetry for the app, set up once: the request, HTTP client, runtime, Npgsql and Letters meters, read by
/// Prometheus at <c>/metrics</c>; traces of requests, outgoing HTTP and SQL, exported by OTLP when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the exporter's standard settings apply).
/// </summary>
public static class Telemetry
{
    public static WebApplicationBuilder AddLettersTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<TelemetryOptions>(builder.Configuration.GetSection("Letters:Telemetry"));
        builder.Services.AddSingleton<MetricsSnapshot>();
        builder.Services.AddWorker<MetricsSampler>(builder.Configuration);

        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("letters", serviceInstanceId: Environment.MachineName))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(LettersMetrics.MeterName, "Npgsql")
                .AddPrometheusExporter()
                .ForPrometheusLint());

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            otel.WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(options => options.Filter = context => !IsScrape(context.Request.Path) && !context.Request.Path.StartsWithSegments("/health", StringComparison.Ordinal))
                .AddHttpClientInstrumentation()
                .AddSource(LettersMetrics.ActivitySourceName, "Npgsql")
                .AddOtlpExporter());
        }

        return builder;
    }

    /// <summary>
    /// <c>/metrics</c>: on its own port when <see cref="TelemetryOptions.MetricsPort"/> is set, behind a bearer token
    /// when <see cref="TelemetryOptions.MetricsToken"/> is; in production one of them is needed, or it is not served.
    /// </summary>
    public static WebApplication UseMetricsEndpoint(this WebApplication app)
    {
        app.Services.GetRequiredService<MetricsSnapshot>();
        var options = app.Services.GetRequiredService<IOptions<TelemetryOptions>>().Value;
        if (app.Environment.IsProduction() && options.MetricsPort is null && string.IsNullOrEmpty(options.MetricsToken))
        {
            return app;
        }

        var token = options.MetricsToken is { Length: > 0 } t ? Encoding.UTF8.GetBytes($"Bearer {t}") : null;
        app.UseOpenTelemetryPrometheusScrapingEndpoint(context =>
            IsScrape(context.Request.Path)
            && (options.MetricsPort is not { } port || context.Connection.LocalPort == port)
            && (token is null || CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(context.Request.Headers.Authorization.ToString()), token)));
        return app;
    }

    /// <summary>
    /// Names OpenTelemetry's conventions give a few gauges (<c>….count</c>) that Prometheus reserves for histograms'
    /// counts; renamed here, <c>promtool check metrics</c> passes the whole exposition without a lint problem.
    /// </summary>
    private static MeterProviderBuilder ForPrometheusLint(this MeterProviderBuilder metrics)
    {
        foreach (var (name, renamed) in (ReadOnlySpan<(string, string)>)[
            ("db.client.connection.count", "db.client.connections"),
            ("dotnet.assembly.count", "dotnet.assemblies.loaded"),
            ("dotnet.process.cpu.count", "dotnet.process.cpus"),
            ("dotnet.thread_pool.thread.count", "dotnet.thread_pool.threads"),
            ("dotnet.timer.count", "dotnet.timers")])
        {
            metrics.AddView(name, new MetricStreamConfiguration { Name = renamed });
        }

        return metrics;
    }

    private static bool IsScrape(PathString path) => path.Equals("/metrics", StringComparison.Ordinal);
}
