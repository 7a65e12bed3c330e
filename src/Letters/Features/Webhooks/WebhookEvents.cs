using System.Collections.Frozen;
using System.Text.Json;
using Letters.Data;
using Letters.Domain;
using Letters.Features.Orders;
using Letters.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Letters.Features.Webhooks;

/// <summary>
/// The events a client hears about, by their public dotted names, and the one shape they take on the wire — the
/// same in a webhook's body and in the <c>/v1/events</c> feed, with the same id, so a receiver can dedupe across both.
/// </summary>
public static class WebhookEvents
{
    public const string Test = "webhook.test";

    /// <summary>Every timeline event type and its public name. A new event type without a name fails a test.</summary>
    public static readonly FrozenDictionary<string, string> PublicNames = new Dictionary<string, string>
    {
        [OrderEventTypes.Received] = "order.created",
        [OrderEventTypes.Queued] = "order.queued",
        [OrderEventTypes.PriorityChanged] = "order.priority_changed",
        [OrderEventTypes.Claimed] = "letter.claimed",
        [OrderEventTypes.Reassigned] = "letter.reassigned",
        [OrderEventTypes.Released] = "letter.released",
        [OrderEventTypes.LeaseExpired] = "letter.lease_expired",
        [OrderEventTypes.DraftSubmitted] = "letter.submitted",
        [OrderEventTypes.ProofReady] = "letter.proof_ready",
        [OrderEventTypes.ChangesRequested] = "letter.changes_requested",
        [OrderEventTypes.Approved] = "letter.approved",
        [OrderEventTypes.Rendered] = "letter.rendered",
        [OrderEventTypes.Delivered] = "letter.delivered",
        [OrderEventTypes.Cancelled] = "order.cancelled",
        [OrderEventTypes.RevisionRequested] = "revision.requested",
        [OrderEventTypes.Failed] = "letter.failed",
    }.ToFrozenDictionary();

    /// <summary>What an endpoint may subscribe to.</summary>
    public static readonly IReadOnlyList<string> Subscribable =
        [.. PublicNames.Values.Concat(Campaigns.CampaignWebhooks.Types).Concat(Books.BookBuilder.Events)
            .Append(StandingOrders.StandingOrderScheduler.ReminderEvent).Order(StringComparer.Ordinal), Test];

    public static string PublicName(string type) =>
        PublicNames.TryGetValue(type, out var name) ? name : throw new InvalidOperationException($"The event type '{type}' has no public name.");

    public static string IdOf(long eventId) => $"evt_{eventId}";

    public sealed record OrderData(OrderResponse Order);

    /// <summary>
    /// An event as clients see it. <see cref="Sequence"/> is its place in the client's feed: it only grows, along an
    /// order's timeline too, so a receiver that gets two events of one order out of turn keeps the higher. <see cref="Data"/> holds the order as
    /// <c>GET /v1/orders/{id}</c> returned it when the event was sent.
    /// </summary>
    public sealed record ClientEvent(
        string Id, string Object, string Type, string Mode, Guid? OrderId, long? Sequence, string? FromStatus, string? ToStatus,
        DateTimeOffset CreatedAt, object Data);

    public static ClientEvent Of(OrderEvent e, long sequence, Order order, Recipient? recipient) => new(
        IdOf(e.Id), "event", PublicName(e.Type), WireNames.Mode(order.IsTest), e.OrderId, sequence,
        e.FromStatus?.ToWire(), e.ToStatus?.ToWire(), e.CreatedAt, new OrderData(OrderResponse.From(order, recipient)));

    /// <summary>The orders (with their recipients) behind some events, to show each event with its order.</summary>
    public static Task<Dictionary<Guid, Order>> OrdersOfAsync(LettersDbContext db, IEnumerable<OrderEvent> events, CancellationToken ct)
    {
        var ids = events.Select(e => e.OrderId).Distinct().ToList();
        return db.Orders.AsNoTracking().Include(o => o.Recipient).Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);
    }

    public sealed record TestData(Guid EndpointId, string Message);

    public static ClientEvent Ping(string id, WebhookEndpoint endpoint, DateTimeOffset at) => new(
        id, "event", Test, WireNames.Mode(endpoint.IsTest), null, null, null, null, at,
        new TestData(endpoint.Id, "A test delivery from Letters: if you can read this, your endpoint works."));

    private static readonly JsonSerializerOptions Json = Serializer();

    /// <summary>The exact bytes that are signed and sent (snake_case, like the rest of the API).</summary>
    public static string Serialize(ClientEvent e) => JsonSerializer.Serialize(e, Json);

    /// <summary>
    /// A message of the client's own (a reminder, a finished book: not an order's timeline) for every endpoint of the
    /// client's mode that wants its type, added to the caller's transaction: it is sent once, when the change that
    /// made it commits. <paramref name="data"/> is asked for only when some endpoint wants the message.
    /// </summary>
    public static async Task EnqueueAsync(
        LettersDbContext db, Guid clientId, bool isTest, string type, string? fromState, string? toState, Func<Task<object>> data, DateTimeOffset now, CancellationToken ct)
    {
        var outbox = await WebhookOutbox.ForAsync(db, [clientId], ct);
        await outbox.PostAsync(db, clientId, isTest, type, async () =>
        {
            var id = $"msg_{Guid.CreateVersion7(now):N}";
            var body = new ClientEvent(id, "event", type, WireNames.Mode(isTest), null, null, fromState, toState, now, await data());
            return new WebhookMessage { Id = id, ClientId = clientId, IsTest = isTest, Type = type, Body = Serialize(body), CreatedAt = now };
        }, now);
    }

    private static JsonSerializerOptions Serializer()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        ApiJson.Configure(options);
        return options;
    }
}
