using Letters.Features.Admin;
using Letters.Auth;
using Microsoft.AspNetCore.Authorization;
using Letters.Data;
using Letters.Domain;
using Letters.Features.Queue;
using Letters.Features.Reviewing;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Letters.Features.Orders;

/// <summary>One order for an admin: the whole timeline, a diff between any two draft versions, and the levers.</summary>
[Authorize(Policy = Policies.Admin)]
public sealed class AdminOrderModel(LettersDbContext db, TimeProvider clock, IOptions<QueueOptions> options) : AdminPage
{
    public Order Order { get; private set; } = null!;
    public string? WriterName { get; private set; }
    public List<OrderEvent> Events { get; private set; } = [];
    public List<Draft> Versions { get; private set; } = [];
    public string DiffHtml { get; private set; } = string.Empty;

    /// <summary>Reassign, priority and cancel only mean something while the letter is not finished.</summary>
    public bool Open => Order.Status is not (OrderStatus.Delivered or OrderStatus.Cancelled or OrderStatus.Approved or OrderStatus.Failed);

    /// <summary>Writers to offer for reassigning: active, able to write this occasion and language; who declined it.</summary>
    public List<(Guid Id, string Name, bool Current, bool Declined)> Candidates { get; private set; } = [];
    public List<(TextDiff.Kind Kind, string Text)> Diff { get; private set; } = [];
    public int A { get; private set; }
    public int B { get; private set; }
    public string? Error { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, int? a, int? b, CancellationToken ct) =>
        await LoadAsync(id, a, b, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostReassignAsync(Guid id, Guid writer, bool overrideCapacity, CancellationToken ct)
    {
        var error = await Leases.ReassignAsync(db, id, writer, Admin(), overrideCapacity, clock.GetUtcNow(), options.Value, ct);
        return await DoneAsync(id, error, "Reassigned.", ct);
    }

    public async Task<IActionResult> OnPostPriorityAsync(Guid id, string priority, CancellationToken ct)
    {
        if (!OrderVocabulary.Priorities.Contains(priority))
        {
            return await DoneAsync(id, "Choose standard or rush.", null, ct);
        }

        return await AdminOrderActions.ChangePriorityAsync(db, id, priority, Admin(), clock.GetUtcNow(), ct) is null
            ? NotFound()
            : await DoneAsync(id, null, $"Priority: {priority}.", ct);
    }

    public async Task<IActionResult> OnPostCancelAsync(Guid id, string? reason, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            return await DoneAsync(id, "Say why the order is cancelled: the client sees it.", null, ct);
        }

        return await AdminOrderActions.CancelAsync(db, id, reason, Admin(), clock.GetUtcNow(), ct) switch
        {
            null => NotFound(),
            { Length: > 0 } refused => await DoneAsync(id, refused, null, ct),
            _ => await DoneAsync(id, null, "Cancelled.", ct),
        };
    }

    private async Task<IActionResult> DoneAsync(Guid id, string? error, string? message, CancellationToken ct)
    {
        if (error is null)
        {
            Message = message;
            return Redirect($"/admin/orders/{id}");
        }

        Error = error;
        return await LoadAsync(id, null, null, ct) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(Guid id, int? a, int? b, CancellationToken ct)
    {
        var order = await db.Orders.AsNoTracking().Include(o => o.Client).Include(o => o.Recipient).SingleOrDefaultAsync(o => o.Id == id, ct);
        if (order is null)
        {
            return false;
        }

        Order = order;
        var able = await db.Writers.AsNoTracking().Where(w => w.IsActive && w.Skills.Contains(order.Occasion)).OrderBy(w => w.DisplayName).ToListAsync(ct);
        Candidates = [.. able.Where(w => QueueRules.CanWrite(w, order))
            .Select(w => (w.Id, w.DisplayName, w.Id == order.ClaimedBy, order.DeclinedBy.Contains(w.Id)))];
        WriterName = order.ClaimedBy is { } w ? await db.Writers.Where(x => x.Id == w).Select(x => x.DisplayName).SingleOrDefaultAsync(ct) : null;
        Events = await db.OrderEvents.AsNoTracking().Where(e => e.OrderId == id).OrderBy(e => e.Id).ToListAsync(ct);
        var drafts = await db.Drafts.AsNoTracking().Where(d => d.OrderId == id).OrderBy(d => d.Version).ToListAsync(ct);
        Versions = drafts;
        if (drafts.Count >= 2)
        {
            // By default the last two submitted versions: what the reviewer saw then and what they see now.
            var submitted = drafts.Where(d => d.Submitted).Select(d => d.Version).ToList();
            var (defaultA, defaultB) = submitted.Count >= 2 ? (submitted[^2], submitted[^1])
                : submitted.Count == 1 && submitted[0] != drafts[^1].Version ? (submitted[0], drafts[^1].Version)
                : (drafts[^2].Version, drafts[^1].Version);
            A = a is { } va && drafts.Any(d => d.Version == va) ? va : defaultA;
            B = b is { } vb && drafts.Any(d => d.Version == vb) ? vb : defaultB;
            Diff = TextDiff.Words(drafts.Single(d => d.Version == A).FullText, drafts.Single(d => d.Version == B).FullText);
            DiffHtml = TextDiff.Html(Diff);
        }

        return true;
    }
}
