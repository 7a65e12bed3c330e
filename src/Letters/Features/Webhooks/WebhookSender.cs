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
/// Sends what is due, on any instance: claims a batch with <c>SKIP LOCKED</c> (so two instances never send the
/// same delivery's attempt), posts each signed message, and records the attempt with the next step of the
/// schedule — in one transaction per attempt. At least once: a crash between the post and the record is sent again
/// after the claim's lock runs out, with the same <c>webhook-id</c>.
/// </summary>
public sealed partial class WebhookSender(
    IServiceScopeFactory scopes, IHttpClientFactory http, TimeProvider clock, IOptions<WebhookOptions> options, IEmailSender email, ILogger<WebhookSender> logger)
{
    public const string HttpClientName = "webhooks";
    public const int ResponseExcerpt = 1024;

    /// <summary>Long enough for the timeout and the record; a delivery claimed by an instance that died is free after it.</summary>
    private static readonly TimeSpan ClaimHold = TimeSpan.FromMinutes(2);

    private sealed record Due(long Id, Guid EndpointId, string MessageId, int Attempts);

    public static readonly string ClaimSql = $$"""
        WITH due AS (
            SELECT d.id FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
            WHERE d.state = '{{WireNames.Of(WebhookDeliveryState.Pending)}}' AND d.next_attempt_at <= {0}
              AND (d.locked_until IS NULL OR d.locked_until <= {0}) AND e.disabled_at IS NULL
            ORDER BY d.next_attempt_at, d.id
            LIMIT {2} FOR UPDATE OF d SKIP LOCKED)
        UPDATE webhook_deliveries d SET locked_until = {1}, attempts = d.attempts + 1
        FROM due WHERE d.id = due.id
        RETURNING d.id, d.endpoint_id, d.message_id, d.attempts
        """;

    /// <summary>
    /// Claims and sends one batch; returns how many attempts it made. The batch's endpoints and messages are read
    /// in two queries and its attempts recorded in one transaction, so the database work per delivery stays small.
    /// </summary>
    public async Task<int> SendOnceAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().TruncateToMicroseconds();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LettersDbContext>();
        var due = await db.Database.SqlQueryRaw<Due>(ClaimSql, now, now + ClaimHold, options.Value.BatchSize).ToListAsync(ct);
        if (due.Count == 0)
        {
            return 0;
        }

        var endpointIds = due.Select(d => d.EndpointId).Distinct().ToList();
        var messageIds = due.Select(d => d.MessageId).Distinct().ToList();
        var endpoints = await db.WebhookEndpoints.AsNoTracking().Where(e => endpointIds.Contains(e.Id)).ToDictionaryAsync(e => e.Id, ct);
        var messages = await db.WebhookMessages.AsNoTracking().Where(m => messageIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, ct);

        // An endpoint removed meanwhile takes its deliveries with it (cascade); nothing to send for those.
        var sending = due.Where(d => endpoints.ContainsKey(d.EndpointId) && messages.ContainsKey(d.MessageId)).ToList();
        var sentAt = clock.GetUtcNow().TruncateToMicroseconds();
        var outcomes = await Task.WhenAll(sending.Select(d => PostAsync(endpoints[d.EndpointId], messages[d.MessageId], sentAt, ct)));
        await RecordAsync(db, sending.Zip(outcomes).ToList(), endpoints, messages, sentAt, ct);
        return due.Count;
    }

    public sealed record Outcome(int? Status, int LatencyMs, string? Response, TimeSpan? RetryAfter)
    {
        public bool Succeeded => Status is >= 200 and < 300;
    }

    private async Task<Outcome> PostAsync(WebhookEndpoint endpoint, WebhookMessage message, DateTimeOffset at, CancellationToken ct)
    {
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
        try
        {
            using var response = await http.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            var excerpt = await ExcerptAsync(response, ct);
            return new Outcome((int)response.StatusCode, Elapsed(started), excerpt, RetryAfter(response, at));
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutException or TaskCanceledException or Polly.Timeout.TimeoutRejectedException && !ct.IsCancellationRequested)
        {
            var blocked = FindBlocked(e);
            return new Outcome(null, Elapsed(started), blocked?.Message ?? Describe(e), null);
        }
    }

    private static string Describe(Exception e) => e switch
    {
        Polly.Timeout.TimeoutRejectedException or TaskCanceledException or TimeoutException => "No answer within the timeout.",
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

    private async Task RecordAsync(
        LettersDbContext db, List<(Due Due, Outcome Outcome)> sent, Dictionary<Guid, WebhookEndpoint> endpoints, Dictionary<string, WebhookMessage> messages,
        DateTimeOffset at, CancellationToken ct)
    {
        var settings = options.Value;
        var ids = sent.Select(s => s.Due.Id).ToList();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var deliveries = await db.WebhookDeliveries.Where(d => ids.Contains(d.Id)).ToDictionaryAsync(d => d.Id, ct);
        foreach (var (due, outcome) in sent)
        {
            // Claimed again after our hold ran out (or removed): the newer claim records its own attempt.
            if (!deliveries.TryGetValue(due.Id, out var delivery) || delivery.Attempts != due.Attempts)
            {
                continue;
            }

            var message = messages[due.MessageId];
            db.WebhookAttempts.Add(new WebhookAttempt
            {
                DeliveryId = delivery.Id, EndpointId = due.EndpointId, MessageId = message.Id, EventType = message.Type, Attempt = due.Attempts,
                AttemptedAt = at, StatusCode = outcome.Status, LatencyMs = outcome.LatencyMs, Succeeded = outcome.Succeeded, Response = outcome.Response,
            });
            delivery.LockedUntil = null;
            if (outcome.Succeeded)
            {
                delivery.State = WebhookDeliveryState.Succeeded;
                delivery.DeliveredAt = at;
            }
            else
            {
                var next = Schedule.NextAttempt(settings.RetryDelays, due.Attempts, at, outcome.RetryAfter);
                delivery.State = next is null ? WebhookDeliveryState.Failed : WebhookDeliveryState.Pending;
                delivery.NextAttemptAt = next ?? delivery.NextAttemptAt;
            }
        }

        await db.SaveChangesAsync(ct);

        // Per endpoint: any success ends a failing streak; a failure starts one, and may end the endpoint's deliveries.
        var disabled = new List<(WebhookEndpoint Endpoint, string Reason)>();
        foreach (var group in sent.GroupBy(s => s.Due.EndpointId))
        {
            var id = group.Key;
            if (group.Any(s => s.Outcome.Succeeded))
            {
                await db.WebhookEndpoints.Where(e => e.Id == id && e.FailingSince != null).ExecuteUpdateAsync(u => u.SetProperty(e => e.FailingSince, (DateTimeOffset?)null), ct);
                continue;
            }

            await db.WebhookEndpoints.Where(e => e.Id == id && e.FailingSince == null).ExecuteUpdateAsync(u => u.SetProperty(e => e.FailingSince, at), ct);
            var gone = group.Any(s => s.Outcome.Status == (int)HttpStatusCode.Gone);
            var reason = gone ? "The endpoint answered 410 Gone." : $"Every delivery failed for {settings.DisableAfter.TotalDays:0.#} days.";
            var failingSince = at - settings.DisableAfter;
            var turnedOff = await db.WebhookEndpoints
                .Where(e => e.Id == id && e.DisabledAt == null && (gone || e.FailingSince <= failingSince))
                .ExecuteUpdateAsync(u => u.SetProperty(e => e.DisabledAt, at).SetProperty(e => e.DisabledReason, reason).SetProperty(e => e.UpdatedAt, at), ct);
            if (turnedOff == 1)
            {
                disabled.Add((endpoints[id], reason));
            }
        }

        await transaction.CommitAsync(ct);

        foreach (var (endpoint, reason) in disabled)
        {
            LogDisabled(logger, endpoint.Id, reason);
            var to = await db.Clients.Where(c => c.Id == endpoint.ClientId).Select(c => c.Email).SingleAsync(ct);
            await email.SendAsync(to, "Your webhook endpoint is disabled",
                $$"""
                 Letters stopped sending events to {{endpoint.Url}}.
                 {{reason}}

                 Events keep waiting for it. When the endpoint works again, enable it — in the app under Webhooks, or with
                 PATCH /v1/webhook_endpoints/{{endpoint.Id}} and {"enabled": true} — and everything that waited is sent.
                 The events are also in GET /v1/events.
                 """, ct);
        }
    }

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
