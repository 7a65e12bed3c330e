using Letters.Data;
using Letters.Domain;
using Microsoft.EntityFrameworkCore;

namespace Letters.Features.Webhooks;

/// <summary>
/// The one door into the webhook outbox, and its one fan-out: a message and its delivery to each endpoint of its
/// client and mode that wants its type, added to the caller's transaction, so they are sent once, when the change that
/// made them commits. A delivery to a disabled endpoint is held until the endpoint is enabled; each carries its
/// client, so the senders can serve clients in turn. The order relay, the campaign relay and a client's own messages
/// (a reminder, a finished book) all post through <see cref="PostAsync"/>; a test ping and a replay name their one
/// endpoint.
/// </summary>
public sealed class WebhookOutbox
{
    private readonly ILookup<(Guid ClientId, bool IsTest), WebhookEndpoint> endpoints;

    private WebhookOutbox(ILookup<(Guid, bool), WebhookEndpoint> endpoints) => this.endpoints = endpoints;

    /// <summary>The endpoints of some clients, read once for a batch of messages.</summary>
    public static async Task<WebhookOutbox> ForAsync(LettersDbContext db, IEnumerable<Guid> clients, CancellationToken ct)
    {
        var ids = clients.Distinct().ToList();
        var found = await db.WebhookEndpoints.AsNoTracking().Where(e => ids.Contains(e.ClientId)).ToListAsync(ct);
        return new WebhookOutbox(found.ToLookup(e => (e.ClientId, e.IsTest)));
    }

    /// <summary>
    /// Posts a message of <paramref name="type"/> for the client's endpoints that want it; the message is made (and its
    /// body serialized) only when one does. Returns whether any did.
    /// </summary>
    public async Task<bool> PostAsync(
        LettersDbContext db, Guid clientId, bool isTest, string type, Func<Task<WebhookMessage>> message, DateTimeOffset now)
    {
        var wanting = endpoints[(clientId, isTest)].Where(e => e.Wants(type)).ToList();
        if (wanting.Count == 0)
        {
            return false;
        }

        var made = await message();
        if (made.ClientId != clientId || made.IsTest != isTest || made.Type != type)
        {
            throw new InvalidOperationException($"The message {made.Id} is not the {type} message of the client and mode it was posted for.");
        }

        db.WebhookMessages.Add(made);
        foreach (var endpoint in wanting)
        {
            Deliver(db, endpoint, made.Id, now);
        }

        return true;
    }

    /// <summary>A test ping: one message to the one endpoint it tests, whatever that endpoint subscribes to.</summary>
    public static void Ping(LettersDbContext db, WebhookMessage message, WebhookEndpoint endpoint, DateTimeOffset now)
    {
        db.WebhookMessages.Add(message);
        Deliver(db, endpoint, message.Id, now);
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
