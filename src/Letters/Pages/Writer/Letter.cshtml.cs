using System.Security.Claims;
using Letters.Data;
using Letters.Domain;
using Letters.Features.Drafting;
using Letters.Features.Orders;
using Letters.Features.Queue;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Letters.Pages.Writer;

/// <summary>
/// The letter workspace. Only the writer holding the letter may open it: any other letter is a 404, so the page
/// never confirms that someone else's letter exists.
/// </summary>
public sealed class LetterModel(LettersDbContext db, TimeProvider clock) : PageModel
{
    public sealed record EarlierLetter(DateTimeOffset Date, string Occasion, string Salutation, string Body, string Closing, string Signature);

    public Order Order { get; private set; } = null!;
    public Draft? Latest { get; private set; }
    public Review? ChangesRequested { get; private set; }
    public List<EarlierLetter> Earlier { get; private set; } = [];
    public List<string> ReviewerNotes { get; private set; } = [];
    public int TargetWords => OrderVocabulary.Lengths.GetValueOrDefault(Order.Length, 250);
    public int Words => Latest is null ? 0 : Drafts.WordCount(Latest.Body);

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (await HeldAsync(id, ct) is not { } order)
        {
            return NotFound();
        }

        Order = order;
        Latest = await db.Drafts.AsNoTracking().Where(d => d.OrderId == id).OrderByDescending(d => d.Version).FirstOrDefaultAsync(ct);
        if (order.Status == OrderStatus.ChangesRequested)
        {
            ChangesRequested = await db.Reviews.AsNoTracking().Where(r => r.OrderId == id && r.Decision == ReviewDecision.ChangesRequested)
                .OrderByDescending(r => r.CreatedAt).FirstOrDefaultAsync(ct);
        }

        // Relationship memory: the final letters this client sent this recipient, newest first.
        var earlier = await db.Orders.AsNoTracking()
            .Where(o => o.ClientId == order.ClientId && o.RecipientId == order.RecipientId && o.Id != order.Id
                        && (o.Status == OrderStatus.Approved || o.Status == OrderStatus.Delivered))
            .Join(db.Drafts.Where(d => d.Submitted), o => o.Id, d => d.OrderId, (o, d) => new { o.UpdatedAt, o.Occasion, d })
            .OrderByDescending(x => x.UpdatedAt).ThenByDescending(x => x.d.Version)
            .Take(20).ToListAsync(ct);
        Earlier = [.. earlier.DistinctBy(x => x.d.OrderId).Select(x => new EarlierLetter(x.UpdatedAt, x.Occasion, x.d.Salutation, x.d.Body, x.d.Closing, x.d.Signature))];
        ReviewerNotes = await db.Reviews.AsNoTracking()
            .Where(r => r.Notes != null && r.OrderId != id && db.Orders.Any(o => o.Id == r.OrderId && o.ClientId == order.ClientId))
            .OrderByDescending(r => r.CreatedAt).Select(r => r.Notes!).Take(10).ToListAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostReleaseAsync(Guid id, int attempt, string? reason, CancellationToken ct)
    {
        if (await HeldAsync(id, ct) is null)
        {
            return NotFound();
        }

        var writer = await WriterIdAsync(ct);
        var released = !string.IsNullOrWhiteSpace(reason)
            && await Leases.ReleaseAsync(db, id, writer, attempt, reason.Trim()[..Math.Min(reason.Trim().Length, 500)], clock.GetUtcNow(), ct);
        TempData["Message"] = released ? "The letter went back to the queue." : "The letter could not be released: say why, and make sure it is still yours.";
        return Redirect(released ? "/writer" : $"/writer/letters/{id}");
    }

    private async Task<Order?> HeldAsync(Guid id, CancellationToken ct)
    {
        var writer = await WriterIdAsync(ct);
        return await db.Orders.AsNoTracking().Include(o => o.Recipient)
            .SingleOrDefaultAsync(o => o.Id == id && o.ClaimedBy == writer && (o.Status == OrderStatus.Claimed || o.Status == OrderStatus.ChangesRequested), ct);
    }

    private async Task<Guid> WriterIdAsync(CancellationToken ct)
    {
        var userId = Guid.Parse(User.FindFirstValue(ClaimTypes.NameIdentifier)!);
        return await db.Writers.Where(w => w.UserId == userId).Select(w => w.Id).SingleOrDefaultAsync(ct);
    }
}
