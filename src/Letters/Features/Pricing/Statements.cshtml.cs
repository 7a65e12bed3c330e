using System.Globalization;
using Letters.Data;
using Letters.Features.Clients;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Letters.Features.Pricing;

/// <summary>The client's monthly statements: the same statement as <c>GET /v1/statements/{yyyy-mm}</c>, and its CSV.</summary>
public sealed class StatementsModel(LettersDbContext db, TimeProvider clock) : ClientPage
{
    [BindProperty(SupportsGet = true)] public string? Month { get; set; }

    public Statements.Response Statement { get; private set; } = null!;
    public IReadOnlyList<string> Months { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is not { } first)
        {
            return NotFound();
        }

        Statement = await Statements.ForMonthAsync(db, ClientId, test: false, first, ct);
        return Page();
    }

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is not { } first)
        {
            return NotFound();
        }

        var statement = await Statements.ForMonthAsync(db, ClientId, test: false, first, ct);
        return File(Statements.Csv(statement), "text/csv; charset=utf-8", $"letters-statement-{statement.Month}.csv");
    }

    /// <summary>The months since the client's first order (newest first), and the first day of the one asked for.</summary>
    private async Task<DateOnly?> LoadAsync(CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var thisMonth = new DateOnly(today.Year, today.Month, 1);
        var since = await db.Clients.AsNoTracking().Where(c => c.Id == ClientId).Select(c => c.CreatedAt).SingleAsync(ct);
        var firstMonth = new DateOnly(since.UtcDateTime.Year, since.UtcDateTime.Month, 1);
        var months = new List<string>();
        for (var m = thisMonth; m >= firstMonth && months.Count < 36; m = m.AddMonths(-1))
        {
            months.Add(m.ToString("yyyy-MM", CultureInfo.InvariantCulture));
        }

        Months = months;
        if (Month is null)
        {
            return thisMonth;
        }

        return Statements.MonthOf(Month, clock.GetUtcNow());
    }
}
