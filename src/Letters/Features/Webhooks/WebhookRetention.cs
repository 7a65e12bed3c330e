using Letters.Data;
using Letters.Domain;
using Microsoft.EntityFrameworkCore;

namespace Letters.Features.Webhooks;

/// <summary>
/// Keeps the delivery log from growing for ever: finished deliveries, their attempts and the messages nothing waits
/// for any more go after <see cref="WebhookOptions.KeepFor"/>. Deliveries still pending (an endpoint turned off)
/// stay whatever their age. A replay of an old event makes its message again from the event row.
/// </summary>
public static class WebhookRetention
{
    public const int Batch = 5_000;

    public sealed record Pruned(int Deliveries, int Messages);

    public static async Task<Pruned> PruneAsync(LettersDbContext db, DateTimeOffset now, TimeSpan keepFor, CancellationToken ct)
    {
        var before = now - keepFor;
        int deliveries = 0, messages = 0, n;
        do
        {
            // Attempts go with their delivery (cascade).
            var old = db.WebhookDeliveries
                .Where(d => (d.State == WebhookDeliveryState.Succeeded || d.State == WebhookDeliveryState.Failed) && d.CreatedAt < before)
                .OrderBy(d => d.Id).Select(d => d.Id).Take(Batch);
            deliveries += n = await db.WebhookDeliveries.Where(d => old.Contains(d.Id)).ExecuteDeleteAsync(ct);
        }
        while (n == Batch);

        do
        {
            var unused = db.WebhookMessages
                .Where(m => m.CreatedAt < before && !db.WebhookDeliveries.Any(d => d.MessageId == m.Id))
                .OrderBy(m => m.CreatedAt).Select(m => m.Id).Take(Batch);
            messages += n = await db.WebhookMessages.Where(m => unused.Contains(m.Id)).ExecuteDeleteAsync(ct);
        }
        while (n == Batch);

        return new Pruned(deliveries, messages);
    }
}
