using Letters.Auth;
using Microsoft.AspNetCore.Authorization;
using Letters.Data;
using Letters.Domain;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Letters.Features.Admin;

/// <summary>Submitted drafts waiting for an admin, oldest submission first.</summary>
[Authorize(Policy = Policies.Admin)]
public sealed class AdminHomeModel(LettersDbContext db, TimeProvider clock) : PageModel
{
    public sealed record WaitingLetter(Guid Id, string Occasion, string Recipient, string Writer, DateTimeOffset Submitted, DateTimeOffset DueAt, bool IsTest);

    /// <summary>A screenful: the oldest submissions first; the count says how many wait behind them.</summary>
    public const int PageSize = 100;

    public List<WaitingLetter> Waiting { get; private set; } = [];
    public int WaitingCount { get; private set; }
    public DateTimeOffset Now { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Now = clock.GetUtcNow();
        Waiting = await db.Orders.AsNoTracking()
            .Where(o => o.Status == OrderStatus.InReview)
            .Join(db.Writers, o => o.ClaimedBy, w => (Guid?)w.Id, (o, w) => new { o, w.DisplayName })
            .OrderBy(x => x.o.UpdatedAt)
            .Select(x => new WaitingLetter(x.o.Id, x.o.Occasion, x.o.Recipient!.Name, x.DisplayName, x.o.UpdatedAt, x.o.DueAt, x.o.IsTest))
            .Take(PageSize)
            .ToListAsync(ct);
        WaitingCount = Waiting.Count < PageSize ? Waiting.Count : await db.Orders.CountAsync(o => o.Status == OrderStatus.InReview, ct);
        return Page();
    }
}
