using Letters.Data;
using Letters.Domain;
using Letters.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Letters.Tests.Queueing;

/// <summary>Queued letters in bulk (one INSERT … generate_series), for the queue tests and benchmark.</summary>
public static class QueueSeed
{
    public static async Task<(Guid ClientId, Guid RecipientId)> ClientAsync(LettersApp app)
    {
        var now = app.Clock.GetUtcNow();
        var client = new Client { Id = Guid.NewGuid(), Name = "Queue client", Email = $"{Guid.NewGuid():N}@client.test", CreatedAt = now };
        var recipient = new Recipient { Id = Guid.NewGuid(), ClientId = client.Id, Name = "R", AddressLine1 = "1 Main St", City = "Springfield", PostalCode = "12345", Country = "US", CreatedAt = now, UpdatedAt = now };
        await using var db = app.NewDbContext();
        db.AddRange(client, recipient);
        await db.SaveChangesAsync();
        return (client.Id, recipient.Id);
    }

    public static async Task<List<Guid>> QueuedAsync(LettersApp app, int count, string occasion = "anniversary", string language = "en", Guid? stickyWriter = null, DateTimeOffset? stickyUntil = null, int priority = 0)
    {
        var (clientId, recipientId) = await ClientAsync(app);
        var now = app.Clock.GetUtcNow();
        await using var db = app.NewDbContext();
        return await InsertAsync(db, count, clientId, recipientId, now, occasion, language, stickyWriter, stickyUntil, priority);
    }

    public static Task<List<Guid>> InsertAsync(LettersDbContext db, int count, Guid clientId, Guid recipientId, DateTimeOffset now, string occasion = "anniversary", string language = "en", Guid? stickyWriter = null, DateTimeOffset? stickyUntil = null, int priority = 0) =>
        db.Database.SqlQuery<Guid>($"""
            INSERT INTO orders (id, client_id, recipient_id, is_test, occasion, relationship, brief, tone, length, language, style, ink, paper,
                                page_size, deliver_by, priority, metadata, status, due_at, attempt, declined_by, sticky_writer_id, sticky_until,
                                lease_expiries, needs_admin, revisions_used, auto_draft, created_at, updated_at)
            SELECT gen_random_uuid(), {clientId}, {recipientId}, true, {occasion}, 'friend', 'A brief long enough to be a brief.', 'warm',
                   'standard', {language}, 'caveat', 'blue_black', 'cream', 'a5', ({now}::timestamptz + interval '20 days')::date, {priority}, jsonb_build_object(),
                   'queued', {now}::timestamptz + (n * interval '1 minute'), 0, ARRAY[]::uuid[], {stickyWriter}, {stickyUntil}, 0, false, 0, false,
                   {now}::timestamptz + (n * interval '1 microsecond'), {now}
            FROM generate_series(1, {count}) AS n
            RETURNING id AS "Value"
            """).ToListAsync();
}
