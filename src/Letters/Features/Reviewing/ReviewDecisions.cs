using Letters.Data;
using Letters.Data.Configurations;
using Letters.Domain;
using Letters.Features.Queue;
using Letters.Features.Renditions;
using Letters.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Letters.Features.Reviewing;

/// <summary>
/// An admin's decision on a submitted draft, in one transaction with its event. Approve renders the final PDF
/// (no watermark) from exactly the submitted version and stores it with its sha256. Request changes sends the
/// letter back to the same writer, claim restored with a fresh lease, notes on top of their workspace.
/// </summary>
public static class ReviewDecisions
{
    public sealed record Decided(bool Ok, string? Error);

    /// <summary>
    /// Draws the final before any transaction (it takes as long as its paper and pen, and no lock waits on it), then
    /// approves in one short transaction if the letter is still in review with the draft that was drawn.
    /// </summary>
    public static async Task<Decided> ApproveAsync(LettersDbContext db, Documents documents, MailBarcodes barcodes, Guid orderId, Actor admin, string? notes, DateTimeOffset now, CancellationToken ct)
    {
        now = now.TruncateToMicroseconds();
        if (await InReviewAsync(db, orderId, ct, forUpdate: false) is not { } seen)
        {
            return NotInReview;
        }

        Rendition final;
        try
        {
            final = await LetterRendering.RenderAsync(documents, barcodes, seen.Order, seen.Order.Recipient!, seen.Draft, RenditionKind.Final, now, ct);
        }
        catch (RenderFailedException e)
        {
            // Nothing is approved: the letter stays in review, and the admin reads what is wrong and asks for changes.
            return new Decided(false, $"The final letter could not be made, so it is not approved: {e.Reason} Ask the writer for changes.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (await InReviewAsync(db, orderId, ct) is not { } review || review.Draft.Id != seen.Draft.Id || review.Order.UpdatedAt != seen.Order.UpdatedAt)
        {
            return NotInReview;
        }

        var (order, draft) = review;
        db.Reviews.Add(new Domain.Review { Id = Guid.CreateVersion7(now), OrderId = orderId, DraftId = draft.Id, ReviewerId = admin.Id!.Value, ReviewerName = admin.Name, Decision = ReviewDecision.Approved, Notes = Clean(notes), CreatedAt = now });
        db.OrderEvents.Add(order.Apply(OrderStateMachine.Approve, admin, now, $"Version {draft.Version} approved."));
        LetterRendering.Record(db, order, final, draft.Version, admin, now);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new Decided(true, null);
    }

    private static readonly Decided NotInReview = new(false, "This letter is not waiting for review (someone else may have decided).");

    public static async Task<Decided> RequestChangesAsync(LettersDbContext db, Guid orderId, Actor admin, string? notes, DateTimeOffset now, QueueOptions options, CancellationToken ct)
    {
        if (Clean(notes) is not { } said)
        {
            return new Decided(false, "Say what should change: the writer sees these notes on top of the letter.");
        }

        now = now.TruncateToMicroseconds();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (await InReviewAsync(db, orderId, ct) is not { } review)
        {
            return NotInReview;
        }

        var (order, draft) = review;
        db.Reviews.Add(new Domain.Review { Id = Guid.CreateVersion7(now), OrderId = orderId, DraftId = draft.Id, ReviewerId = admin.Id!.Value, ReviewerName = admin.Name, Decision = ReviewDecision.ChangesRequested, Notes = said, CreatedAt = now });
        order.ClaimedAt = now;
        order.LeaseUntil = now + options.Lease;
        db.OrderEvents.Add(order.Apply(OrderStateMachine.RequestChanges, admin, now, said));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new Decided(true, null);
    }

    private static string? Clean(string? notes) => string.IsNullOrWhiteSpace(notes) ? null : notes.Trim()[..Math.Min(notes.Trim().Length, 5000)];

    /// <summary>The letter in review with its submitted draft: locked for a decision, or only read (<paramref name="forUpdate"/> false).</summary>
    private static async Task<(Order Order, Draft Draft)?> InReviewAsync(LettersDbContext db, Guid orderId, CancellationToken ct, bool forUpdate = true)
    {
        var order = forUpdate
            ? await db.Orders.FromTable($"WHERE id = {orderId} FOR UPDATE").Include(o => o.Recipient).SingleOrDefaultAsync(ct)
            : await db.Orders.AsNoTracking().Include(o => o.Recipient).SingleOrDefaultAsync(o => o.Id == orderId, ct);
        if (order is not { Status: OrderStatus.InReview })
        {
            return null;
        }

        var draft = await db.Drafts.AsNoTracking().Where(d => d.OrderId == orderId && d.Submitted).OrderByDescending(d => d.Version).FirstAsync(ct);
        return (order, draft);
    }
}
