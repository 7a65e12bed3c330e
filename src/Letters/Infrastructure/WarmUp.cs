using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Letters.Auth;
using Letters.Data;
using Letters.Domain;
using Letters.Handwriting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Letters.Infrastructure;

/// <summary>
/// Everything a new instance does once before it takes traffic, so its first requests are served as fast as the
/// thousandth. Before Kestrel listens (<see cref="RunAsync"/>): the pool's first connections opened, the EF model
/// built, every handwriting's fonts loaded and drawn once. Once it listens (<see cref="RequestsAsync"/>): the hot
/// requests sent to itself over loopback, as a client would (the pipeline, the endpoints' binding and validation,
/// their EF queries and the order insert), with a test-mode key of its own for a hidden warm-up client, removed
/// after with all it made. Readiness (<c>/health/ready</c>, which a load balancer reads) stays unhealthy until both are done.
/// <c>Letters:WarmUp:Enabled=false</c> skips it (the in-process tests, which start hundreds of apps).
/// </summary>
public sealed partial class WarmUp(IServiceScopeFactory scopes, IConfiguration configuration, TimeProvider clock, ILogger<WarmUp> logger)
{
    public const string EnabledKey = "Letters:WarmUp:Enabled";

    /// <summary>The warm-up's own client: its orders are test-mode and cancelled at once.</summary>
    public const string ClientEmail = "warm-up@letters.invalid";

    private readonly bool enabled = configuration.GetValue(EnabledKey, true);
    private readonly long started = Stopwatch.GetTimestamp();
    private volatile bool warm = !configuration.GetValue(EnabledKey, true);

    public bool IsWarm => warm;

    public async Task RunAsync(CancellationToken ct)
    {
        if (!enabled)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LettersDbContext>();
        var connectionString = db.Database.GetConnectionString()!;
        var pool = new NpgsqlConnectionStringBuilder(connectionString).MaxPoolSize;

        // A few physical connections made now (the pool keeps them), not by the first requests, each paying for its own.
        var opening = Enumerable.Range(0, Math.Min(pool, Math.Max(2, Environment.ProcessorCount))).Select(async _ =>
        {
            var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(ct);
            return connection;
        }).ToList();
        var connections = await Task.WhenAll(opening);
        var limits = await ConnectionBudget.ServerLimits.ReadAsync(connections[0], ct);
        foreach (var connection in connections)
        {
            await connection.DisposeAsync();
        }

        var reserved = limits.MaxConnections - limits.ForApplications;
        var instances = limits.ForApplications / Math.Max(1, pool);
        LogBudget(logger, pool, limits.ForApplications, limits.MaxConnections, reserved, instances);

        if (pool > limits.ForApplications)
        {
            LogOverBudget(logger, pool, limits.ForApplications, ConnectionBudget.PoolSizeKey);
        }

        // EF's model and its query pipeline are built on the first query of each shape; these are the ones every
        // request makes (the key lookup, an order and its events, a list), with ids that match nothing.
        _ = db.Model;
        var nothing = Guid.Empty;
        var noKey = new byte[32];
        await db.ApiKeys.AsNoTracking().Where(k => k.Hash == noKey).Select(k => new { k.Id, k.ClientId }).SingleOrDefaultAsync(ct);
        await db.Orders.AsNoTracking().Include(o => o.Recipient).Where(o => o.Id == nothing && o.ClientId == nothing).SingleOrDefaultAsync(ct);
        await db.Orders.AsNoTracking().Where(o => o.ClientId == nothing).OrderByDescending(o => o.Id).Take(1).ToListAsync(ct);
        await db.OrderEvents.AsNoTracking().Where(e => e.OrderId == nothing).OrderBy(e => e.Id).Take(1).ToListAsync(ct);

        // Every handwriting drawn once: its font files read, its glyph tables and the PDF writer's code made ready.
        foreach (var style in Catalogue.Styles)
        {
            LetterRenderer.Render(new LetterDocument { Salutation = "Dear friend,", Body = "Warm.", Closing = "Yours,", Signature = "Letters", Style = style.Id, Seed = 1 });
        }

    }

    /// <summary>
    /// The hot requests, each twice, sent to <paramref name="self"/> (this instance, on loopback); then ready. A
    /// request that fails is logged and the instance is ready all the same: warm-up only ever makes it faster.
    /// </summary>
    public async Task RequestsAsync(Uri self, CancellationToken ct)
    {
        if (!enabled)
        {
            return;
        }

        try
        {
            var secret = await KeyAsync(ct);
            try
            {
                using var http = new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator }) { BaseAddress = self, Timeout = TimeSpan.FromSeconds(60) };
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
                var deliverBy = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                var order = $$"""{"recipient":{"name":"Warm Up","address_line1":"1 Main St","city":"Springfield","postal_code":"12345","country":"US"},"occasion":"birthday","relationship":"friend","brief":"The instance's own warm-up order, cancelled at once.","tone":"warm","length":"short","deliver_by":"{{deliverBy}}"}""";
                for (var round = 0; round < 2; round++)
                {
                    await SendAsync(http, HttpMethod.Get, "/account/login", null, ct);
                    await SendAsync(http, HttpMethod.Get, "/v1/catalogue", null, ct);
                    await SendAsync(http, HttpMethod.Post, "/v1/quotes", order, ct);
                    await SendAsync(http, HttpMethod.Post, "/v1/orders", "{\"recipient\":{}}", ct);
                    using var created = await SendAsync(http, HttpMethod.Post, "/v1/orders", order, ct);
                    await SendAsync(http, HttpMethod.Get, "/v1/orders?limit=20", null, ct);
                    await SendAsync(http, HttpMethod.Get, "/v1/events?limit=20", null, ct);
                    if (created.IsSuccessStatusCode && created.Headers.Location is { } location)
                    {
                        await SendAsync(http, HttpMethod.Get, location.ToString(), null, ct);
                        await SendAsync(http, HttpMethod.Get, $"{location}/events", null, ct);
                        await SendAsync(http, HttpMethod.Post, $"{location}/cancel", "{\"reason\":\"Warm-up.\"}", ct);
                    }
                }
            }
            finally
            {
                await CleanUpAsync(secret, CancellationToken.None);
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or DbUpdateException or NpgsqlException)
        {
            LogRequestsFailed(logger, e);
        }

        warm = true;
        var took = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        LogWarm(logger, took);
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, string path, string? json, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.RelativeOrAbsolute));
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        }

        var response = await http.SendAsync(request, ct);
        await response.Content.LoadIntoBufferAsync(ct);
        return response;
    }

    /// <summary>A test-mode key of this instance's own for the warm-up client (made once, by whichever instance is first).</summary>
    private async Task<string> KeyAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LettersDbContext>();
        var now = clock.GetUtcNow();
        var clientId = await db.Clients.Where(c => c.Email == ClientEmail).Select(c => (Guid?)c.Id).SingleOrDefaultAsync(ct);
        if (clientId is null)
        {
            var client = new Client { Id = Guid.CreateVersion7(), Name = "Letters warm-up (each instance's own first requests)", Email = ClientEmail, CreatedAt = now };
            db.Clients.Add(client);
            try
            {
                await db.SaveChangesAsync(ct);
                clientId = client.Id;
            }
            catch (DbUpdateException)
            {
                // Another instance made it at the same moment.
                db.ChangeTracker.Clear();
                clientId = await db.Clients.Where(c => c.Email == ClientEmail).Select(c => c.Id).SingleAsync(ct);
            }
        }

        var secret = ApiKeySecrets.Generate(ApiKeyMode.Test);
        db.ApiKeys.Add(new ApiKey { Id = Guid.CreateVersion7(), ClientId = clientId.Value, Mode = ApiKeyMode.Test, Prefix = ApiKeySecrets.DisplayPrefix(secret), Hash = ApiKeySecrets.Hash(secret), Label = "warm-up", CreatedAt = now });
        await db.SaveChangesAsync(ct);
        return secret;
    }

    /// <summary>
    /// Removes the key and everything its requests made (the orders with their events, the recipients, the replay
    /// records, the quotes), so the hidden client keeps nothing but itself between starts.
    /// </summary>
    private async Task CleanUpAsync(string secret, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LettersDbContext>();
        var hash = ApiKeySecrets.Hash(secret);
        var clientId = await db.ApiKeys.Where(k => k.Hash == hash).Select(k => k.ClientId).SingleAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.IdempotencyRecords.Where(r => r.ClientId == clientId).ExecuteDeleteAsync(ct);
        await db.Orders.Where(o => o.ClientId == clientId).ExecuteDeleteAsync(ct);
        await db.Recipients.Where(r => r.ClientId == clientId).ExecuteDeleteAsync(ct);
        await db.Quotes.Where(q => q.ClientId == clientId).ExecuteDeleteAsync(ct);
        await db.ApiKeys.Where(k => k.Hash == hash).ExecuteDeleteAsync(ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>The address this instance listens on, as a loopback URL it can call itself at (http preferred).</summary>
    public static Uri Loopback(ICollection<string> urls)
    {
        var url = urls.FirstOrDefault(u => u.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) ?? urls.FirstOrDefault() ?? "http://localhost:5000";
        var uri = new Uri(url.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal));
        var host = uri.Host is "0.0.0.0" or "[::]" or "::" ? "localhost" : uri.Host;
        return new UriBuilder(uri) { Host = host }.Uri;
    }

    /// <summary>Readiness: unhealthy until the warm-up is done.</summary>
    public sealed class Check(WarmUp warmUp) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(warmUp.IsWarm ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("Warming up."));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Connection budget: up to {Pool} connections for this instance; the server allows {Available} for applications ({Max} less {Reserved} reserved), so at most {Instances} instances like this one fit")]
    private static partial void LogBudget(ILogger logger, int pool, int available, int max, int reserved, int instances);

    [LoggerMessage(Level = LogLevel.Warning, Message = "This instance may open {Pool} connections but the server allows {Available} for applications: lower {Key} or raise max_connections")]
    private static partial void LogOverBudget(ILogger logger, int pool, int available, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A warm-up request failed; the instance is ready all the same")]
    private static partial void LogRequestsFailed(ILogger logger, Exception e);

    [LoggerMessage(Level = LogLevel.Information, Message = "Warm in {Milliseconds:F0} ms: ready for traffic")]
    private static partial void LogWarm(ILogger logger, double milliseconds);
}
