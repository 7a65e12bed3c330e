using System.Globalization;
using FluentValidation;
using Letters.Data;
using Letters.Domain;
using Letters.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Letters.Features.Webhooks;

/// <summary>What a client does with an endpoint besides editing it: ping it, rotate its secret, replay events, read its delivery log.</summary>
public static class WebhookActions
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapPost("/{id}/test", SendTest).WithSummary("Send a webhook.test event to the endpoint");
        group.MapPost("/{id}/rotate", Rotate).WithSummary("A new signing secret; the old one keeps signing beside it for a while");
        group.MapPost("/{id}/replay", Replay).WithSummary("Send events again: one by id, or all in a time range");
        group.MapGet("/{id}/deliveries", Deliveries).WithSummary("The delivery log: every attempt, newest first");
    }

    public sealed record Queued(string Object, string MessageId, string Type);

    internal static async Task<Results<Accepted<Queued>, ProblemHttpResult>> SendTest(Guid id, HttpContext http, LettersDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (await WebhookEndpointsApi.FindAsync(db, http, id, ct, tracked: false) is not { } endpoint)
        {
            return Problems.NotFound("webhook endpoint", id);
        }

        var now = clock.GetUtcNow().TruncateToMicroseconds();
        var message = Ping(db, endpoint, now);
        await db.SaveChangesAsync(ct);
        return TypedResults.Accepted($"/v1/webhook_endpoints/{id}/deliveries", new Queued("webhook_message", message.Id, message.Type));
    }

    /// <summary>A <c>webhook.test</c> message and its delivery, added to the context.</summary>
    public static WebhookMessage Ping(LettersDbContext db, WebhookEndpoint endpoint, DateTimeOffset now)
    {
        var messageId = $"msg_{Guid.CreateVersion7(now):N}";
        var message = new WebhookMessage
        {
            Id = messageId, ClientId = endpoint.ClientId, IsTest = endpoint.IsTest, Type = WebhookEvents.Test,
            Body = WebhookEvents.Serialize(WebhookEvents.Ping(messageId, endpoint, now)), CreatedAt = now,
        };
        WebhookOutbox.Ping(db, message, endpoint, now);
        return message;
    }

    public sealed record RotateRequest(int? KeepPreviousHours);

    public sealed class RotateRequestValidator : RequestValidator<RotateRequest>
    {
        public RotateRequestValidator() =>
            RuleFor(r => r.KeepPreviousHours).InclusiveBetween(0, 168).WithMessage("'keep_previous_hours' must be between 0 and 168 (7 days).");
    }

    internal static async Task<Results<Ok<WebhookEndpointResponse>, ProblemHttpResult>> Rotate(
        Guid id, RotateRequest? request, HttpContext http, LettersDbContext db, TimeProvider clock, IOptions<WebhookOptions> options, CancellationToken ct)
    {
        if (await WebhookEndpointsApi.FindAsync(db, http, id, ct) is not { } endpoint)
        {
            return Problems.NotFound("webhook endpoint", id);
        }

        var now = clock.GetUtcNow().TruncateToMicroseconds();
        RotateSecret(endpoint, request?.KeepPreviousHours is { } hours ? TimeSpan.FromHours(hours) : options.Value.DefaultRotationOverlap, now);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(WebhookEndpointResponse.From(endpoint, now, withSecret: true));
    }

    /// <summary>A new secret; the old one keeps signing beside it for <paramref name="overlap"/> (none: it stops at once).</summary>
    public static void RotateSecret(WebhookEndpoint endpoint, TimeSpan overlap, DateTimeOffset now)
    {
        endpoint.PreviousSecret = overlap > TimeSpan.Zero ? endpoint.Secret : null;
        endpoint.PreviousSecretUntil = overlap > TimeSpan.Zero ? now + overlap : null;
        endpoint.Secret = WebhookSignature.NewSecret();
        endpoint.UpdatedAt = now;
    }

    /// <summary>One event by its id (<c>evt_…</c>), or every event of a time range that the endpoint subscribes to (at most 31 days).</summary>
    public sealed record ReplayRequest(string? EventId, DateTimeOffset? Since, DateTimeOffset? Until);

    public sealed class ReplayRequestValidator : RequestValidator<ReplayRequest>
    {
        public ReplayRequestValidator()
        {
            RuleFor(r => r.EventId).Must(e => EventNumber(e) is not null).When(r => r.EventId is not null)
                .WithMessage("'event_id' must be an event id as the API gives it, e.g. evt_1234.");
            RuleFor(r => r.Since).NotNull().When(r => r.EventId is null).WithMessage("Give 'event_id', or 'since' (and optionally 'until').");
            RuleFor(r => r.Since).Null().When(r => r.EventId is not null).WithMessage("Give either 'event_id' or a time range, not both.");
            RuleFor(r => r.Until).GreaterThan(r => r.Since).When(r => r is { Since: not null, Until: not null });
            RuleFor(r => r.Until).Must((r, until) => (until ?? DateTimeOffset.MaxValue) - r.Since!.Value <= TimeSpan.FromDays(31) || until is null)
                .When(r => r is { Since: not null, Until: not null }).WithMessage("A replay covers at most 31 days.");
        }
    }

    public static long? EventNumber(string? id) =>
        id is { Length: > 4 } && id.StartsWith("evt_", StringComparison.Ordinal) && long.TryParse(id.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    public sealed record Replayed(string Object, int Count);

    internal static async Task<Results<Accepted<Replayed>, ValidationProblem, ProblemHttpResult>> Replay(
        Guid id, ReplayRequest request, HttpContext http, LettersDbContext db, TimeProvider clock, IOptions<WebhookOptions> options, CancellationToken ct)
    {
        if (await WebhookEndpointsApi.FindAsync(db, http, id, ct, tracked: false) is not { } endpoint)
        {
            return Problems.NotFound("webhook endpoint", id);
        }

        // One replay at a time per endpoint, at most MaxReplay events each: a client cannot queue without bound.
        var max = options.Value.MaxReplay;
        var waiting = await db.WebhookDeliveries.CountAsync(d => d.EndpointId == id && d.IsReplay && d.State == WebhookDeliveryState.Pending, ct);
        if (waiting > 0)
        {
            http.Response.Headers.RetryAfter = "60";
            return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "A replay is still being sent.",
                detail: $"{waiting:N0} replayed events still wait to reach this endpoint; replay more when they are through (GET …/deliveries shows them).");
        }

        var now = clock.GetUtcNow().TruncateToMicroseconds();
        var until = request.Until ?? now;
        if (request.Since is { } since && until - since > TimeSpan.FromDays(31))
        {
            return Problems.Invalid("since", "A replay covers at most 31 days; 'until' defaults to now.");
        }

        var events = db.OrderEvents.AsNoTracking()
            .Join(db.Orders, e => e.OrderId, o => o.Id, (e, o) => new { Event = e, Order = o })
            .Where(x => x.Order.ClientId == endpoint.ClientId && x.Order.IsTest == endpoint.IsTest);
        if (EventNumber(request.EventId) is { } number)
        {
            events = events.Where(x => x.Event.Id == number);
        }
        else
        {
            events = events.Where(x => x.Event.CreatedAt >= request.Since!.Value && x.Event.CreatedAt <= until);
        }

        var found = await events.OrderBy(x => x.Event.Id).Take(max + 1).Select(x => x.Event).ToListAsync(ct);
        if (request.EventId is not null && found.Count == 0)
        {
            return TypedResults.Problem(statusCode: 404, title: "No such event.", detail: $"There is no event {request.EventId} for this API key.");
        }

        if (found.Count > max)
        {
            return Problems.Conflict("Too many events to replay at once.", $"A replay sends at most {max:N0} events; ask for a shorter range, and the next when it is through.");
        }

        // A range sends what the endpoint subscribes to; an event named by id is sent whatever its type. An event the
        // relay has not numbered yet is on its way anyway.
        var wanted = (request.EventId is null ? found.Where(e => endpoint.Wants(WebhookEvents.PublicName(e.Type))) : found).Where(e => e.Sequence is not null).ToList();
        var messageIds = wanted.Select(e => WebhookEvents.IdOf(e.Id)).ToList();
        var existing = await db.WebhookMessages.Where(m => messageIds.Contains(m.Id)).Select(m => m.Id).ToHashSetAsync(ct);
        var orders = await WebhookEvents.OrdersOfAsync(db, wanted.Where(e => !existing.Contains(WebhookEvents.IdOf(e.Id))), ct);
        foreach (var e in wanted)
        {
            var messageId = WebhookEvents.IdOf(e.Id);
            if (!existing.Contains(messageId))
            {
                // An event from before the endpoint existed: its message is made now, with the same id it has in the feed.
                db.WebhookMessages.Add(WebhookRelay.Message(e, e.Sequence!.Value, orders[e.OrderId], now));
            }

            WebhookOutbox.Deliver(db, endpoint, messageId, now, replay: true);
        }

        await db.SaveChangesAsync(ct);
        return TypedResults.Accepted($"/v1/webhook_endpoints/{id}/deliveries", new Replayed("replay", wanted.Count));
    }

    public sealed record AttemptResponse(
        long Id, string Object, string MessageId, string EventType, int Attempt, DateTimeOffset AttemptedAt, int? StatusCode, bool Succeeded, int LatencyMs, string? Response);

    public sealed record AttemptPage(string Object, IReadOnlyList<AttemptResponse> Data, bool HasMore, string? NextCursor);

    internal static async Task<Results<Ok<AttemptPage>, ValidationProblem, ProblemHttpResult>> Deliveries(
        Guid id, int? limit, string? after, HttpContext http, LettersDbContext db, CancellationToken ct)
    {
        long? cursor = after is null ? null : long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out var c) ? c : -1;
        if (limit is < 1 or > PageRequest.MaxLimit)
        {
            return PageRequest.Invalid(limit, null, null);
        }

        if (cursor == -1)
        {
            return Problems.Invalid("after", "'after' is not a cursor this API returned.");
        }

        if (await WebhookEndpointsApi.FindAsync(db, http, id, ct, tracked: false) is null)
        {
            return Problems.NotFound("webhook endpoint", id);
        }

        var size = limit ?? PageRequest.DefaultLimit;
        var rows = await db.WebhookAttempts.AsNoTracking()
            .Where(a => a.EndpointId == id && (cursor == null || a.Id < cursor))
            .OrderByDescending(a => a.Id).Take(size + 1).ToListAsync(ct);
        var page = rows.Take(size).Select(a => new AttemptResponse(
            a.Id, "webhook_attempt", a.MessageId, a.EventType, a.Attempt, a.AttemptedAt, a.StatusCode, a.Succeeded, a.LatencyMs, a.Response)).ToList();
        var more = rows.Count > size;
        return TypedResults.Ok(new AttemptPage("list", page, more, more ? page[^1].Id.ToString(CultureInfo.InvariantCulture) : null));
    }
}
