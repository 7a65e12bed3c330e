using Letters.Data;
using Letters.Domain;

namespace Letters.Features.Webhooks;

/// <summary>
/// The one door into the webhook outbox: a message and its delivery to each endpoint that wants it, added to the
/// caller's transaction, so they are sent once, when the change that made them commits. A delivery to a disabled
/// endpoint is held until the endpoint is enabled; each carries its client, so the senders can serve clients in turn.
/// </summary>
public static class WebhookOutbox
{
    /// <summary>A message for the endpoints of its client and mode that want its type.</summary>
    public static void Post(LettersDbContext db, WebhookMessage message, IEnumerable<WebhookEndpoint> endpoints, DateTimeOffset now)
    {
        db.WebhookMessages.Add(message);
        foreach (var endpoint in endpoints.Where(e => e.ClientId == message.ClientId && e.IsTest == message.IsTest && (message.Type == WebhookEvents.Test || e.Wants(message.Type))))
        {
            Deliver(db, endpoint, message.Id, now);
        }
    }

    /// <summary>One message (already stored) to one endpoint: a first delivery, or a replay beside it.</summary>
    public static WebhookDelivery Deliver(LettersDbContext db, WebhookEndpoint endpoint, string messageId, DateTimeOffset now, bool replay = false)
    {
        var delivery = new WebhookDelivery
        {
            ClientId = endpoint.ClientId, EndpointId = endpoint.Id, MessageId = messageId, IsReplay = replay,
            State = endpoint.DisabledAt is null ? WebhookDeliveryState.Pending : WebhookDeliveryState.Held,
            NextAttemptAt = now, CreatedAt = now,
        };
        db.WebhookDeliveries.Add(delivery);
        return delivery;
    }
}
