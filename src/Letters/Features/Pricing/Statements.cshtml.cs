using System.Globalization;
using Letters.Data;
using Letters.Features.Clients;
using Letters.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Letters.Features.Pricing;

/// <summary>The client's monthly statements: the same statement as <c>GET /v1/statements/{yyyy-mm}</c>, and its CSV.</summary>
public sealed class StatementsModel(LettersDbContext db, TimeProvider clock) : ClientPage
{
    /// <summary>Lines a page shows; the CSV has them all.</summary>
    public const int PageSize = 100;

    [BindProperty(SupportsGet = true)] public string? Month { get; set; }

    /// <summary>The line after which this page starts (a cursor the page gave), or none for the month's first.</summary>
    [BindProperty(SupportsGet = true)] public string? After { get; set; }

    public Statements.Response Statement { get; private set; } = null!;
    public IReadOnlyList<Statements.Line> Lines { get; private set; } = [];
    public string? NextCursor { get; private set; }
    public bool IsFirstPage => After is null;
    public IReadOnlyList<string> Months { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is not { } first)
        {
            return NotFound();
        }

        (DateTimeOffset At, Guid Id)? after = null;
        if (After is not null && (after = PageRequest.Decode(After)) is null)
        {
            return NotFound();
        }

        Statement = await Statements.ForMonthAsync(db, ClientId, test: false, first, ct);
        var page = await Statements.LinesOf(db, ClientId, test: false, first, after).Take(PageSize + 1).ToListAsync(ct);
        Lines = page.Take(PageSize).Select(r => r.ToLine()).ToList();
        NextCursor = page.Count > PageSize ? PageRequest.Encode(Lines[^1].OrderedAt, Lines[^1].OrderId) : null;
        return Page();
    }

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is not { } first)
        {
            return NotFound();
        }

        var statement = await Statements.ForMonthAsync(db, ClientId, test: false, first, ct);
        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.ContentDisposition = new Microsoft.Net.Http.Headers.ContentDispositionHeaderValue("attachment") { FileNameStar = $"letters-statement-{statement.Month}.csv" }.ToString();
        await Statements.WriteCsvAsync(statement, Response.Body, ct);
        return new EmptyResult();
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
