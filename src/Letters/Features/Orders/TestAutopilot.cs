using Letters.Data;
using Letters.Data.Configurations;
using Letters.Domain;
using Letters.Features.Renditions;
using Letters.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Letters.Features.Orders;

/// <summary>
/// Test mode's stand-in for the people: orders made with a test key and <c>auto_draft: true</c> are claimed,
/// drafted from the brief, proofed, approved and rendered to a final PDF within a few seconds, through the same
/// state machine, events and renditions as real work, so an integrator can build against the whole lifecycle.
/// It never touches live orders, and its writer is inactive, so it never holds real work or continuity.
/// </summary>
public sealed partial class TestAutopilot(IServiceScopeFactory scopes, Documents documents, MailBarcodes barcodes, TimeProvider clock, ILogger<TestAutopilot> logger) : IWorker
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Test letter {OrderId} failed: {Reason}")]
    private static partial void LetterFailed(ILogger logger, Guid orderId, string reason);

    public const string WriterEmail = "autopilot@letters.invalid";
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    public static WorkerKind Kind => WorkerKind.TestAutopilot;

    /// <summary>
    /// Takes the next waiting auto-draft letter no other loop holds: a lease on it (its <c>lease_until</c>, unused while
    /// it waits), in one statement that commits at once, so it is drawn outside any transaction and a crash lets it go.
    /// </summary>
    private static readonly string TakeSql = $$"""
        UPDATE orders SET lease_until = {1}
        WHERE id = (SELECT id FROM orders
                    WHERE auto_draft AND is_test AND status IN ({{OrderStateMachine.Claim.FromSql}}) AND (lease_until IS NULL OR lease_until < {0})
                    ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED)
        RETURNING id
        """;

    /// <summary>How long the autopilot holds a letter it is drawing: a crash lets another pass take it after this.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    public TimeSpan Idle => Interval;

    public async Task<bool> PassAsync(CancellationToken ct) => await RunOnceAsync(ct) > 0;

    /// <summary>
    /// Completes up to ten waiting auto-draft orders; returns how many. Each is taken under a lease, drawn outside
    /// any transaction, then claimed, submitted and approved in one short transaction if it still waits under that
    /// lease. A letter that cannot be drawn (a signature too wide for its page, say) fails alone, with the reason on
    /// its timeline, and the next one is taken: it never stands in front of the others.
    /// </summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LettersDbContext>();
        var writerId = await EnsureWriterAsync(db, scope.ServiceProvider, ct);
        var autopilot = new Actor(ActorKind.System, writerId, "test autopilot");
        var done = 0;
        for (var i = 0; i < 10; i++)
        {
            db.ChangeTracker.Clear();
            var now = clock.GetUtcNow().TruncateToMicroseconds();
            var lease = now + Lease;
            if (await db.Database.SqlQueryRaw<Guid>(TakeSql, now, lease).ToListAsync(ct) is not [var id])
            {
                break;
            }

            var order = await db.Orders.AsNoTracking().Include(o => o.Recipient).SingleAsync(o => o.Id == id, ct);
            var draft = DraftOf(order, writerId, now);
            (Rendition Proof, Rendition Final)? drawn = null;
            string? failure = null;
            try
            {
                drawn = (await LetterRendering.RenderAsync(documents, barcodes, order, order.Recipient!, draft, RenditionKind.Proof, now, ct),
                    await LetterRendering.RenderAsync(documents, barcodes, order, order.Recipient!, draft, RenditionKind.Final, now, ct));
            }
            catch (RenderFailedException e)
            {
                failure = e.Reason;
                LetterFailed(logger, order.Id, e.Reason);
            }

            await CompleteAsync(db, id, lease, draft, drawn, failure, autopilot, now, ct);
            done++;
        }

        return done;
    }

    private static Draft DraftOf(Order order, Guid writerId, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        OrderId = order.Id,
        Version = 1,
        WriterId = writerId,
        Attempt = order.Attempt + 1,
        // A campaign's letter is written once for every recipient: each is greeted by their own name.
        Salutation = order.MergeFields is null ? $"Dear {order.Recipient!.Name.Split(' ')[0]}," : "Dear {{first_name}},",
        Body = $"{order.Brief}\n\nThis is a test letter, drafted automatically from the brief so you can see the whole journey. Real letters are written by our writers.",
        Closing = order.Letter.Tone switch { "romantic" => "With all my love,", "formal" => "Yours sincerely,", "solemn" => "With deepest sympathy,", _ => "Warmly," },
        Signature = order.Letter.Signature ?? "Your friend",
        Submitted = true,
        CreatedAt = now,
        SavedAt = now,
    };

    /// <summary>
    /// Claims, submits and approves the drawn letter, or fails it with the reason it could not be drawn, if it still
    /// waits under this pass's lease.
    /// </summary>
    private static async Task CompleteAsync(LettersDbContext db, Guid orderId, DateTimeOffset lease, Draft draft, (Rendition Proof, Rendition Final)? drawn, string? failure, Actor autopilot, DateTimeOffset now, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var order = await db.Orders.FromTable($"WHERE id = {orderId} AND lease_until = {lease} FOR UPDATE").SingleOrDefaultAsync(ct);
        if (order is null || !OrderStateMachine.Claim.AppliesTo(order.Status))
        {
            return;
        }

        order.LeaseUntil = null;
        if (drawn is not { } letter)
        {
            db.OrderEvents.Add(order.Apply(OrderStateMachine.Fail, autopilot, now, failure!));
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return;
        }

        order.ClaimedBy = autopilot.Id;
        order.ClaimedAt = now;
        order.Attempt++;
        db.OrderEvents.Add(order.Apply(OrderStateMachine.Claim, autopilot, now, "Test mode: claimed by the autopilot."));
        draft.Attempt = order.Attempt;
        db.Drafts.Add(draft);
        db.OrderEvents.Add(order.Apply(OrderStateMachine.SubmitDraft, autopilot, now, "Test mode: drafted from the brief."));
        LetterRendering.Record(db, order, letter.Proof, draft.Version, autopilot, now);
        db.Reviews.Add(new Review { Id = Guid.CreateVersion7(now), OrderId = order.Id, DraftId = draft.Id, ReviewerId = autopilot.Id!.Value, ReviewerName = "test autopilot", Decision = ReviewDecision.Approved, CreatedAt = now });
        db.OrderEvents.Add(order.Apply(OrderStateMachine.Approve, autopilot, now, "Test mode: approved automatically."));
        LetterRendering.Record(db, order, letter.Final, draft.Version, autopilot, now);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>
    /// The autopilot's account and writer record, made in one transaction, and mended if an earlier version of this
    /// code (two saves) left the account without its writer: a crash between them then stopped every pass for good.
    /// Another instance making them at the same moment is met by the unique indexes, and its record is used.
    /// </summary>
    private static async Task<Guid> EnsureWriterAsync(LettersDbContext db, IServiceProvider services, CancellationToken ct)
    {
        if (await WriterIdAsync(db, ct) is { } id)
        {
            return id;
        }

        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var userId = await db.Users.Where(u => u.Email == WriterEmail).Select(u => (Guid?)u.Id).SingleOrDefaultAsync(ct);
            if (userId is null)
            {
                // UserManager saves through this scope's context, so the account is inside the transaction too.
                var user = new StaffUser { Id = Guid.CreateVersion7(), UserName = WriterEmail, Email = WriterEmail, DisplayName = "Test autopilot", LockoutEnabled = true, LockoutEnd = DateTimeOffset.MaxValue };
                var created = await services.GetRequiredService<UserManager<StaffUser>>().CreateAsync(user);
                if (!created.Succeeded)
                {
                    throw new InvalidOperationException($"The test autopilot's account was refused: {string.Join(" ", created.Errors.Select(e => e.Description))}");
                }

                userId = user.Id;
            }

            var writer = new Writer { Id = Guid.CreateVersion7(), UserId = userId.Value, DisplayName = "Test autopilot", Capacity = 0, Availability = Availability.Offline, IsActive = false, CreatedAt = DateTimeOffset.UtcNow };
            db.Writers.Add(writer);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return writer.Id;
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Another instance made them first.
            db.ChangeTracker.Clear();
            return await WriterIdAsync(db, ct) ?? throw new InvalidOperationException("The test autopilot's writer record was made elsewhere but cannot be read.", e);
        }
    }

    private static Task<Guid?> WriterIdAsync(LettersDbContext db, CancellationToken ct) =>
        db.Writers.Join(db.Users, w => w.UserId, u => u.Id, (w, u) => new { w.Id, u.Email }).Where(x => x.Email == WriterEmail).Select(x => (Guid?)x.Id).SingleOrDefaultAsync(ct);
}
