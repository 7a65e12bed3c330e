using Microsoft.AspNetCore.Authorization;
using Letters.Auth;
using Letters.Data;
using Letters.Domain;
using Letters.Features.Orders;
using Letters.Features.Queue;
using Letters.Features.StandingOrders;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Letters.Features.Drafting;

/// <summary>
/// The letter workspace. Only the writer holding the letter may open it: any other letter is a 404, so the page
/// never confirms that someone else's letter exists.
/// </summary>
[Authorize(Policy = Policies.Writer)]
public sealed class LetterModel(LettersDbContext db, CurrentStaff staff, TimeProvider clock) : PageModel
{
    /// <param name="StandingYear">The year, when the letter is an earlier year of this letter's standing order.</param>
    /// <param name="ReviewNotes">What review said of that letter: what this recipient's letters are best to keep doing or avoid.</param>
    public sealed record EarlierLetter(DateOnly Date, string Occasion, string Salutation, string Body, string Closing, string Signature, string? StandingYear, IReadOnlyList<string> ReviewNotes);

    /// <summary>Enough for fifty years of a yearly letter and the letters between.</summary>
    private const int MemoryLetters = 60;

    public Order Order { get; private set; } = null!;
    public Draft? Latest { get; private set; }
    public Review? ChangesRequested { get; private set; }
    public List<EarlierLetter> Earlier { get; private set; } = [];
    /// <summary>What the client asked for when this letter came back for its revision; null unless it did.</summary>
    public OrderEvent? Revision { get; private set; }

    /// <summary>What reviewers said of this letter in earlier rounds, oldest first.</summary>
    public List<Review> EarlierReviews { get; private set; } = [];
    public int TargetWords => OrderVocabulary.Lengths.GetValueOrDefault(Order.Letter.Length, 250);
    public int Words => Latest is null ? 0 : Drafts.WordCount(Latest.Body);
    public DateTimeOffset Now { get; private set; }

    /// <summary>Set when this letter is a one-letter campaign's: written once with merge fields for every recipient.</summary>
    public Campaigns.CampaignResponse? Campaign { get; private set; }

    [TempData]
    public string? Message { get; set; }

    /// <summary>Placeholders that fit this letter: the recipient's first name and the occasion's way of closing.</summary>
    public string SalutationHint => Order.MergeFields is not null ? "Dear {{first_name}}," : Order.Occasion is "anniversary" or "love"
        ? $"My dearest {FirstName},"
        : $"Dear {FirstName},";

    public string ClosingHint => Order.Letter.Tone == "formal" ? "Yours sincerely," : Order.Occasion switch
    {
        "anniversary" or "love" => "With all my love,",
        "condolence" => "With deepest sympathy,",
        "apology" => "With my sincere apologies,",
        "thank_you" => "With heartfelt thanks,",
        "birthday" or "congratulations" or "friendship" => "Warmly,",
        _ => "Yours,",
    };

    /// <summary>The client's own signature if they gave one; otherwise no guess.</summary>
    public string SignatureHint => Order.Letter.Signature ?? string.Empty;

    private string FirstName => Order.Recipient!.Name.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? Order.Recipient.Name;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (await HeldAsync(id, ct) is not { } order)
        {
            return NotFound();
        }

        Order = order;
        Now = clock.GetUtcNow();
        if (order.CampaignId is { } campaignId && await db.Campaigns.AsNoTracking().SingleAsync(c => c.Id == campaignId, ct) is { } campaign && campaign.LetterOrderId == order.Id)
        {
            Campaign = Campaigns.CampaignResponse.From(campaign, null, 0);
        }

        Latest = await db.Drafts.AsNoTracking().Where(d => d.OrderId == id).OrderByDescending(d => d.Version).FirstOrDefaultAsync(ct);
        if (order.Status == OrderStatus.ChangesRequested)
        {
            ChangesRequested = await db.Reviews.AsNoTracking().Where(r => r.OrderId == id && r.Decision == ReviewDecision.ChangesRequested)
                .OrderByDescending(r => r.CreatedAt).FirstOrDefaultAsync(ct);
        }

        // Relationship memory: the final letters this client sent this recipient, newest first, each as it was last
        // submitted. A yearly letter shows every year of its standing order, marked with its year.
        var earlier = await db.Orders.AsNoTracking().Where(Order.IsWritten)
            // A recipient is one client's (the address book is per client), so the recipient alone names the letters.
            .Where(o => o.RecipientId == order.RecipientId && o.Id != order.Id)
            .OrderByDescending(o => o.UpdatedAt).Take(MemoryLetters)
            .Select(o => new { o.Id, o.DeliverBy, o.Occasion, o.Metadata })
            .ToListAsync(ct);
        var ids = earlier.Select(o => o.Id).ToList();
        var drafts = (await db.Drafts.AsNoTracking().Where(d => d.Submitted && ids.Contains(d.OrderId)).ToListAsync(ct))
            .GroupBy(d => d.OrderId).ToDictionary(g => g.Key, g => g.MaxBy(d => d.Version)!);
        var standing = order.Metadata.GetValueOrDefault(StandingOrderScheduler.MetadataKey);
        var notes = (await db.Reviews.AsNoTracking().Where(r => r.Notes != null && ids.Contains(r.OrderId)).OrderBy(r => r.CreatedAt)
            .Select(r => new { r.OrderId, r.Notes }).ToListAsync(ct)).ToLookup(r => r.OrderId, r => r.Notes!);
        Earlier = [.. earlier.Where(o => drafts.ContainsKey(o.Id)).Select(o => new EarlierLetter(o.DeliverBy, o.Occasion, drafts[o.Id].Salutation, drafts[o.Id].Body, drafts[o.Id].Closing, drafts[o.Id].Signature,
            standing is not null && o.Metadata.GetValueOrDefault(StandingOrderScheduler.MetadataKey) == standing ? o.Metadata.GetValueOrDefault(StandingOrderScheduler.YearKey) : null,
            [.. notes[o.Id]]))];
        // The letter came back with the client's notes when the claim that gave it to this writer was the revision.
        var handedOver = await db.OrderEvents.AsNoTracking()
            .Where(e => e.OrderId == id && (e.Type == OrderEventTypes.Claimed || e.Type == OrderEventTypes.Reassigned || e.Type == OrderEventTypes.RevisionRequested))
            .OrderByDescending(e => e.Id).FirstOrDefaultAsync(ct);
        Revision = handedOver is { Type: OrderEventTypes.RevisionRequested } ? handedOver : null;
        // The notes on top are not repeated below.
        var onTop = ChangesRequested?.Id;
        EarlierReviews = await db.Reviews.AsNoTracking().Where(r => r.OrderId == id && r.Notes != null && r.Id != onTop)
            .OrderBy(r => r.CreatedAt).ToListAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostReleaseAsync(Guid id, int attempt, string? reason, CancellationToken ct)
    {
        if (await HeldAsync(id, ct) is null)
        {
            return NotFound();
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            Message = "Say in a few words why you are giving this letter back: the next writer and the admins read it.";
            return Redirect($"/writer/letters/{id}");
        }

        var writer = await WriterIdAsync(ct);
        var released = await Leases.ReleaseAsync(db, id, writer, attempt, reason.Trim()[..Math.Min(reason.Trim().Length, 500)], clock.GetUtcNow(), ct);
        Message = released ? "The letter went back to the queue." : "The letter could not be released: it is no longer yours to give back.";
        return Redirect(released ? "/writer" : $"/writer/letters/{id}");
    }

    private async Task<Order?> HeldAsync(Guid id, CancellationToken ct)
    {
        var writer = await WriterIdAsync(ct);
        return await db.Orders.AsNoTracking().Include(o => o.Recipient)
            .Where(QueueRules.HeldBy(writer)).SingleOrDefaultAsync(o => o.Id == id, ct);
    }

    /// <summary>The active writer's id; Guid.Empty (holding nothing) when they are not one.</summary>
    private async Task<Guid> WriterIdAsync(CancellationToken ct) => (await staff.WriterAsync(ct))?.Id ?? Guid.Empty;
}
