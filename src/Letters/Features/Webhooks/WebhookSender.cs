using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Letters.Data;
using Letters.Domain;
using Letters.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Letters.Features.Webhooks;

/// <summary>
/// Sends what is due, on any instance: claims deliveries with <c>SKIP LOCKED</c> (so two instances never send the
/// same attempt), posts each signed message, and records the attempt with the next step of the schedule, each in a
/// transaction of its own as soon as its answer is in. Fair between clients: a claim takes clients in turn, at most
/// <see cref="WebhookOptions.MaxInFlightPerClient"/> of one client's at a time, and every attempt ends at its time
/// limit whatever the receiver does (a slow answer, a body that trickles), so one client's slow or dead endpoint, or
/// burst of replays, never keeps another client's event waiting. At least once: a crash between the post and the
/// record is sent again, with the same <c>webhook-id</c>, once the claim's lease (the attempt's time limit and a
/// margin) runs out.
/// </summary>
public sealed partial class WebhookSender(
    IServiceScopeFactory scopes, IHttpClientFactory http, TimeProvider clock, IOptions<WebhookOptions> options, PublicSite site, ILogger<WebhookSender> logger) : IWorker
{
    public static WorkerKind Kind => WorkerKind.WebhookSender;

    public TimeSpan Idle => options.Value.PollInterval;

    public Task<bool> PassAsync(CancellationToken ct) => PumpAsync(ct);

    public const string HttpClientName = "webhooks";
    public const int ResponseExcerpt = 1024;

    /// <summary>The lease on a claimed delivery: the attempt's own time limit and a margin to record it.</summary>
    public static TimeSpan Lease(WebhookOptions options) => options.Timeout + TimeSpan.FromSeconds(10);

    private sealed record Due(long Id, Guid ClientId, Guid EndpointId, string MessageId, int Attempts);

    private static readonly string Pending = WireNames.Of(WebhookDeliveryState.Pending);

    /// <summary>
    /// The claim: the clients with something pending, walked in turn (a loose index scan, one probe a client), each
    /// offering its due deliveries, soonest first, up to its room under the in-flight cap ({3}); then the first of
    /// each client before the second of any, up to the batch ({2}). {0} is now, {1} the lease's end.
    /// </summary>
    public static readonly string ClaimSql = $$"""
        WITH RECURSIVE clients AS (
            (SELECT d.client_id FROM webhook_deliveries d WHERE d.state = '{{Pending}}' ORDER BY d.client_id LIMIT 1)
            UNION ALL
            SELECT (SELECT d.client_id FROM webhook_deliveries d WHERE d.state = '{{Pending}}' AND d.client_id > c.client_id ORDER BY d.client_id LIMIT 1)
            FROM clients c WHERE c.client_id IS NOT NULL
        ),
        offered AS (
            SELECT o.id, o.client_id, o.next_attempt_at FROM clients c
            CROSS JOIN LATERAL (
                SELECT d.id, d.client_id, d.next_attempt_at FROM webhook_deliveries d
                WHERE d.client_id = c.client_id AND d.state = '{{Pending}}' AND d.next_attempt_at <= {0}
                  AND (d.lease_until IS NULL OR d.lease_until <= {0})
                ORDER BY d.next_attempt_at, d.id
                LIMIT GREATEST(0, {3} - (SELECT count(*) FROM webhook_deliveries f WHERE f.client_id = c.client_id AND f.lease_until > {0}))
                FOR UPDATE OF d SKIP LOCKED) o
            WHERE c.client_id IS NOT NULL
        ),
        chosen AS (
            SELECT id FROM (SELECT id, next_attempt_at, row_number() OVER (PARTITION BY client_id ORDER BY next_attempt_at, id) AS turn FROM offered) t
            ORDER BY turn, next_attempt_at, id LIMIT {2})
        UPDATE webhook_deliveries d SET lease_until = {1}, attempts = d.attempts + 1
        FROM chosen WHERE d.id = chosen.id
        RETURNING d.id, d.client_id, d.endpoint_id, d.message_id, d.attempts
        """;

    private readonly HashSet<Task> inFlight = [];

    /// <summary>
    /// The sending worker's pass: starts attempts for as many deliveries as there is room for, each sent and recorded
    /// on its own; returns whether it found work (the loop then comes straight back, else rests a poll interval).
    /// </summary>
    public async Task<bool> PumpAsync(CancellationToken ct)
    {
        inFlight.RemoveWhere(t => t.IsCompleted);
        var room = options.Value.BatchSize - inFlight.Count;
        if (room <= 0)
        {
            await Task.WhenAny(inFlight);
            return true;
        }

        var started = await StartAsync(room, ct);
        inFlight.UnionWith(started);
        return started.Count > 0;
    }

    /// <summary>Claims and sends one batch, waiting for all of it; returns how many attempts it made (tests, tools).</summary>
    public async Task<int> SendOnceAsync(CancellationToken ct)
    {
        var started = await StartAsync(options.Value.BatchSize, ct);
        await Task.WhenAll(started);
        return started.Count;
    }

    private async Task<List<Task>> StartAsync(int room, CancellationToken ct)
    {
        var now = clock.GetUtcNow().TruncateToMicroseconds();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LettersDbContext>();
        var settings = options.Value;
        var due = await db.Database.SqlQueryRaw<Due>(ClaimSql, now, now + Lease(settings), room, settings.MaxInFlightPerClient).ToListAsync(ct);
        if (due.Count == 0)
        {
            return [];
        }

        var endpointIds = due.Select(d => d.EndpointId).Distinct().ToList();
        var messageIds = due.Select(d => d.MessageId).Distinct().ToList();
        var endpoints = await db.WebhookEndpoints.AsNoTracking().Where(e => endpointIds.Contains(e.Id)).ToDictionaryAsync(e => e.Id, ct);
        var messages = await db.WebhookMessages.AsNoTracking().Where(m => messageIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, ct);

        // An endpoint removed meanwhile takes its deliveries with it (cascade); nothing to send for those.
        return [.. due.Where(d => endpoints.ContainsKey(d.EndpointId) && messages.ContainsKey(d.MessageId))
            .Select(d => Task.Run(() => SendAsync(d, endpoints[d.EndpointId], messages[d.MessageId], ct), ct))];
    }

    /// <summary>One attempt, start to record; a failure to record is logged, and the lease sends it again later.</summary>
    private async Task SendAsync(Due due, WebhookEndpoint endpoint, WebhookMessage message, CancellationToken ct)
    {
        try
        {
            var sentAt = clock.GetUtcNow().TruncateToMicroseconds();
            var outcome = await PostAsync(endpoint, message, sentAt, ct);
            LettersMetrics.WebhookAttempts.Add(1, new KeyValuePair<string, object?>("outcome", outcome.Succeeded ? "succeeded" : "failed"),
                new KeyValuePair<string, object?>("status_class", LettersMetrics.StatusClass(outcome.Status)));
            await using var scope = scopes.CreateAsyncScope();
            await RecordAsync(scope.ServiceProvider.GetRequiredService<LettersDbContext>(), due, outcome, endpoint, message, sentAt, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            LogAttemptFailed(logger, e, due.Id);
        }
    }

    public sealed record Outcome(int? Status, int LatencyMs, string? Response, TimeSpan? RetryAfter)
    {
        public bool Succeeded => Status is >= 200 and < 300;
    }

    private async Task<Outcome> PostAsync(WebhookEndpoint endpoint, WebhookMessage message, DateTimeOffset at, CancellationToken ct)
    {
        OutsideTransactions.Ensure("a webhook's HTTP call");
        var timestamp = at.ToUnixTimeSeconds();
        var secrets = endpoint.PreviousSecret is { } previous && endpoint.PreviousSecretUntil > at ? [endpoint.Secret, previous] : new[] { endpoint.Secret };
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Url)
        {
            Content = new StringContent(message.Body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("webhook-id", message.Id);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", WebhookSignature.Header(message.Id, timestamp, message.Body, secrets));
        request.Headers.UserAgent.ParseAdd("Letters-Webhooks/1.0");

        var started = Stopwatch.GetTimestamp();

        // The attempt's whole time: connecting, TLS, the headers and the first kilobyte of the body. A receiver that
        // answers slowly, or sends headers and then trickles its body, is cut off here like one that never answers.
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(options.Value.Timeout);
        try
        {
            using var response = await http.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, limit.Token);
            var excerpt = await ExcerptAsync(response, limit.Token);
            return new Outcome((int)response.StatusCode, Elapsed(started), excerpt, RetryAfter(response, at));
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutException or OperationCanceledException or Polly.Timeout.TimeoutRejectedException or IOException && !ct.IsCancellationRequested)
        {
            var blocked = FindBlocked(e);
            return new Outcome(null, Elapsed(started), blocked?.Message ?? Describe(e), null);
        }
    }

    private static string Describe(Exception e) => e switch
    {
        Polly.Timeout.TimeoutRejectedException or OperationCanceledException or TimeoutException => "No whole answer within the time limit.",
        HttpRequestException { InnerException: { } inner } => $"{e.Message} ({inner.Message})",
        _ => e.Message,
    };

    private static BlockedAddressException? FindBlocked(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is BlockedAddressException blocked)
            {
                return blocked;
            }
        }

        return null;
    }

    private static int Elapsed(long started) => (int)Math.Min(int.MaxValue, Stopwatch.GetElapsedTime(started).TotalMilliseconds);

    private static async Task<string?> ExcerptAsync(HttpResponseMessage response, CancellationToken ct)
    {
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        var buffer = new byte[ResponseExcerpt];
        var read = 0;
        int n;
        while (read < buffer.Length && (n = await body.ReadAsync(buffer.AsMemory(read), ct)) > 0)
        {
            read += n;
        }

        return read == 0 ? null : Encoding.UTF8.GetString(buffer, 0, read).TrimEnd('\uFFFD');
    }

    /// <summary>429 and 503 may say when to come back: in seconds or as a date.</summary>
    private static TimeSpan? RetryAfter(HttpResponseMessage response, DateTimeOffset at)
    {
        if (response.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable) || response.Headers.RetryAfter is not { } retry)
        {
            return null;
        }

        return retry.Delta ?? (retry.Date is { } date ? date - at : null);
    }

    /// <summary>
    /// The attempt, the delivery's next step, and the endpoint's failing streak, in one transaction: any success ends
    /// a streak; a failure starts one, and may end the endpoint's deliveries (a 410, or every delivery failing for
    /// <see cref="WebhookOptions.DisableAfter"/>), which are then held and the client told.
    /// </summary>
    private async Task RecordAsync(LettersDbContext db, Due due, Outcome outcome, WebhookEndpoint endpoint, WebhookMessage message, DateTimeOffset at, CancellationToken ct)
    {
        var settings = options.Value;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Locked, so an endpoint disabled by another attempt's 410 meanwhile either holds this delivery after we
        // record it, or has held it before we read it: never both pass each other and leave it pending.
        var delivery = await db.WebhookDeliveries.FromSql($"SELECT * FROM webhook_deliveries WHERE id = {due.Id} FOR UPDATE").SingleOrDefaultAsync(ct);

        // Claimed again after our lease ran out (or removed): the newer claim records its own attempt.
        if (delivery is null || delivery.Attempts != due.Attempts)
        {
            return;
        }

        db.WebhookAttempts.Add(new WebhookAttempt
        {
            DeliveryId = delivery.Id, EndpointId = due.EndpointId, MessageId = message.Id, EventType = message.Type, Attempt = due.Attempts,
            AttemptedAt = at, StatusCode = outcome.Status, LatencyMs = outcome.LatencyMs, Succeeded = outcome.Succeeded, Response = outcome.Response,
        });
        delivery.LeaseUntil = null;
        if (outcome.Succeeded)
        {
            delivery.State = WebhookDeliveryState.Succeeded;
            delivery.DeliveredAt = at;
        }
        else
        {
            var next = Schedule.NextAttempt(settings.RetryDelays, due.Attempts, at, outcome.RetryAfter);
            delivery.State = next is null ? WebhookDeliveryState.Failed
                : delivery.State == WebhookDeliveryState.Held ? WebhookDeliveryState.Held
                : WebhookDeliveryState.Pending;
            delivery.NextAttemptAt = next ?? delivery.NextAttemptAt;
        }

        await db.SaveChangesAsync(ct);
        var id = due.EndpointId;
        string? disabled = null;
        if (outcome.Succeeded)
        {
            await db.WebhookEndpoints.Where(e => e.Id == id && e.FailingSince != null).ExecuteUpdateAsync(u => u.SetProperty(e => e.FailingSince, (DateTimeOffset?)null), ct);
        }
        else
        {
            await db.WebhookEndpoints.Where(e => e.Id == id && e.FailingSince == null).ExecuteUpdateAsync(u => u.SetProperty(e => e.FailingSince, at), ct);
            var gone = outcome.Status == (int)HttpStatusCode.Gone;
            var reason = gone ? "The endpoint answered 410 Gone." : $"Every delivery failed for {settings.DisableAfter.TotalDays:0.#} days.";
            var failingSince = at - settings.DisableAfter;
            var turnedOff = await db.WebhookEndpoints
                .Where(e => e.Id == id && e.DisabledAt == null && (gone || e.FailingSince <= failingSince))
                .ExecuteUpdateAsync(u => u.SetProperty(e => e.DisabledAt, at).SetProperty(e => e.DisabledReason, reason).SetProperty(e => e.UpdatedAt, at), ct);
            if (turnedOff == 1)
            {
                await WebhookEndpointsApi.HoldAsync(db, id, ct);
                disabled = reason;

                // Told in the transaction that turned it off: one e-mail, whichever instance's attempt did it.
                var to = await db.Clients.Where(c => c.Id == endpoint.ClientId).Select(c => c.Email).SingleAsync(ct);
                Mailbox.Post(db, to, "Your webhook endpoint is disabled",
                    $$"""
                     Letters stopped sending events to {{endpoint.Url}}.
                     {{reason}}

                     Events keep waiting for it. When the endpoint works again, enable it and everything that waited is sent:
                     {{site.Link("/app/webhooks")}}

                     From your own system: PATCH /v1/webhook_endpoints/{{endpoint.Id}} with {"enabled": true}.
                     The events are also in GET /v1/events.
                     """, at);
                await db.SaveChangesAsync(ct);
            }
        }

        await transaction.CommitAsync(ct);
        if (disabled is not null)
        {
            LogDisabled(logger, endpoint.Id, disabled);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook delivery {DeliveryId}: the attempt could not be made or recorded")]
    private static partial void LogAttemptFailed(ILogger logger, Exception e, long deliveryId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook endpoint {EndpointId} disabled: {Reason}")]
    private static partial void LogDisabled(ILogger logger, Guid endpointId, string reason);
}

/// <summary>When a failed delivery is tried again.</summary>
public static class Schedule
{
    /// <summary>The next attempt after attempt <paramref name="attempt"/> (1-based) failed; null when the schedule is spent.</summary>
    public static DateTimeOffset? NextAttempt(IReadOnlyList<TimeSpan> delays, int attempt, DateTimeOffset failedAt, TimeSpan? retryAfter, Random? random = null)
    {
        if (attempt > delays.Count)
        {
            return null;
        }

        if (retryAfter is { } asked)
        {
            // The receiver knows best, within reason: no sooner than a second, no later than a day.
            return failedAt + TimeSpan.FromTicks(Math.Clamp(asked.Ticks, TimeSpan.TicksPerSecond, TimeSpan.TicksPerDay));
        }

        var delay = delays[attempt - 1];
        var jitter = ((random ?? Random.Shared).NextDouble() * 0.2) - 0.1;
        return failedAt + (delay * (1 + jitter));
    }
}
