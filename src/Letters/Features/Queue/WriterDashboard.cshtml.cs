using Microsoft.AspNetCore.Authorization;
using Letters.Auth;
using Letters.Data;
using Letters.Domain;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Letters.Features.Queue;

[Authorize(Policy = Policies.Writer)]
public sealed class WriterDashboardModel(LettersDbContext db, CurrentStaff staff, TimeProvider clock, IOptions<QueueOptions> options) : PageModel
{
    public sealed record HeldLetter(Guid Id, string Occasion, string RecipientName, DateTimeOffset DueAt, string Sla, OrderStatus Status);

    public Domain.Writer Writer { get; private set; } = null!;
    public List<HeldLetter> Held { get; private set; } = [];
    public int Waiting { get; private set; }
    public DateTimeOffset Now { get; private set; }

    /// <summary>Why the claim button is off, said beside it; null when it is on.</summary>
    public string? ClaimBlocked => Writer.Availability != Availability.Available
        ? $"You are {Writer.Availability.ToString().ToLowerInvariant()}: set yourself available to claim letters."
        : Held.Count >= Writer.Capacity ? $"You hold {Held.Count} of {Writer.Capacity} letters: submit or release one to claim another." : null;
    public List<WriterQueueApi.QueueDepth> Queues { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    /// <summary>The thanks after a submit: shown once, never carried to another page.</summary>
    public string? Submitted { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } missing)
        {
            return missing;
        }

        // Said on this page only: the message property is TempData's, and would follow the writer to the next letter.
        if (Request.Query["submitted"] == "1")
        {
            Submitted = "Submitted for review. Thank you.";
        }

        var now = Now = clock.GetUtcNow();
        var held = await db.Orders.AsNoTracking().Include(o => o.Recipient)
            .Where(QueueRules.HeldBy(Writer.Id))
            .OrderBy(o => o.DueAt).ToListAsync(ct);
        Held = [.. held.Select(o => new HeldLetter(o.Id, o.Occasion, o.Recipient!.Name.Split(' ')[0], o.DueAt, Sla.Badge(o, now, options.Value), o.Status))];
        var summary = await WriterQueueApi.SummarizeAsync(db, Writer, now, ct);
        Queues = [.. summary.Queues];
        Waiting = summary.Waiting;
        return Page();
    }

    public async Task<IActionResult> OnPostClaimAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } missing)
        {
            return missing;
        }

        var (outcome, claim) = await ClaimNext.ExecuteAsync(db, Writer.Id, clock.GetUtcNow(), options.Value, ct);
        if (outcome == ClaimNext.Outcome.Claimed)
        {
            return Redirect($"/writer/letters/{claim!.OrderId}");
        }

        Message = outcome switch
        {
            ClaimNext.Outcome.AtCapacity => "You hold as many letters as you can: submit or release one first.",
            ClaimNext.Outcome.NotAvailable => "Set yourself available to claim letters.",
            _ => "Nothing is waiting that you can write right now.",
        };
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostAvailabilityAsync(string availability, CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } missing)
        {
            return missing;
        }

        // Offline is how a writer ends the day by signing out; the dashboard offers available and away.
        if (Enum.TryParse<Availability>(availability, ignoreCase: true, out var value) && value != Availability.Offline)
        {
            await WriterQueueApi.SetAvailabilityAsync(db, Writer.Id, value, clock.GetUtcNow(), ct);
            Message = value == Availability.Available ? "You are available." : "You are away: letters you have not started go back to the queue after a minute.";
        }

        return RedirectToPage();
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        if (await staff.WriterAsync(ct) is not { } writer)
        {
            return Forbid();
        }

        Writer = writer;
        return null;
    }
}
