using CsvHelper;
using Letters.Data;
using Letters.Domain;
using Letters.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Letters.Features.Campaigns;

/// <summary>
/// The validation report: every problem with its row (as a spreadsheet numbers it: the header is row 1), column,
/// value and what to do, errors and warnings apart. As JSON in pages of rows, or whole as a CSV to open beside the file.
/// </summary>
public static class CampaignReport
{
    public sealed record ProblemLine(int Row, string Column, string? Value, string Severity, string Message);

    public sealed record Report(string Object, CampaignState State, CampaignCounts Counts, IReadOnlyList<ProblemLine> Problems, bool HasMore, int? NextAfterRow);

    public const int PageRows = 1000;

    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/{id:guid}/report", Get).WithSummary("The validation report: every problem by row and column (pages of 1,000 rows; after_row= for the next)");
        group.MapGet("/{id:guid}/report.csv", Csv).Produces<string>(StatusCodes.Status200OK, "text/csv").WithSummary("The whole validation report as CSV");
    }

    private static async Task<Results<Ok<Report>, ValidationProblem, ProblemHttpResult>> Get(Guid id, int? afterRow, HttpContext http, LettersDbContext db, CancellationToken ct)
    {
        if (afterRow is < 0)
        {
            return Problems.Invalid("after_row", "'after_row' must be 0 or more.");
        }

        if (await CampaignsApi.FindAsync(db, http, id, ct) is not { } campaign)
        {
            return Problems.NotFound("campaign", id);
        }

        var (lines, next) = await PageAsync(db, campaign, afterRow ?? 0, PageRows, ct);
        var response = await CampaignsApi.ResponseAsync(db, campaign, ct);
        return TypedResults.Ok(new Report("campaign_report", campaign.State, response.Counts, lines, next is not null, next));
    }

    /// <summary>
    /// The problems of up to <paramref name="rows"/> rows after <paramref name="afterRow"/> (the file's own problems
    /// first, on the first page), and the row to continue after when there are more: for the API's pages and the web
    /// app's table alike.
    /// </summary>
    public static async Task<(List<ProblemLine> Lines, int? NextAfterRow)> PageAsync(LettersDbContext db, Campaign campaign, int afterRow, int rows, CancellationToken ct)
    {
        var found = await db.CampaignRows.AsNoTracking()
            .Where(r => r.CampaignId == campaign.Id && r.RowNumber > afterRow && r.HasProblems)
            .OrderBy(r => r.RowNumber).Take(rows + 1).Select(r => new { r.RowNumber, r.Problems }).ToListAsync(ct);
        var page = found.Take(rows).ToList();
        var lines = (afterRow == 0 ? campaign.FileProblems : []).Concat(page.SelectMany(r => r.Problems)).Select(Line).ToList();
        return (lines, found.Count > rows ? page[^1].RowNumber : null);
    }

    internal static async Task<Results<EmptyHttpResult, ProblemHttpResult>> Csv(Guid id, HttpContext http, LettersDbContext db, CancellationToken ct)
    {
        if (await CampaignsApi.FindAsync(db, http, id, ct) is not { } campaign)
        {
            return Problems.NotFound("campaign", id);
        }

        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"campaign-{id}-report.csv\"";
        await using var writer = new StreamWriter(http.Response.Body, leaveOpen: true);
        await using var csv = CsvOutput.Writer(writer);
        csv.Context.RegisterClassMap<ProblemLineMap>();
        csv.WriteHeader<ProblemLine>();
        await csv.NextRecordAsync();
        await WriteAsync(csv, campaign.FileProblems);

        // Streamed a thousand rows at a time: a 50,000-row report is never held whole.
        var after = 0;
        while (true)
        {
            var rows = await db.CampaignRows.AsNoTracking().Where(r => r.CampaignId == id && r.RowNumber > after && r.HasProblems)
                .OrderBy(r => r.RowNumber).Take(PageRows).Select(r => new { r.RowNumber, r.Problems }).ToListAsync(ct);
            if (rows.Count == 0)
            {
                break;
            }

            await WriteAsync(csv, rows.SelectMany(r => r.Problems));
            after = rows[^1].RowNumber;
        }

        await csv.FlushAsync();
        return TypedResults.Empty;
    }

    private static async Task WriteAsync(CsvWriter csv, IEnumerable<CampaignProblem> problems)
    {
        foreach (var line in problems.Select(Line))
        {
            csv.WriteRecord(line);
            await csv.NextRecordAsync();
        }
    }

    /// <summary>The report's columns, as a spreadsheet heads them.</summary>
    private sealed class ProblemLineMap : CsvHelper.Configuration.ClassMap<ProblemLine>
    {
        public ProblemLineMap()
        {
            Map(l => l.Row).Name("row");
            Map(l => l.Column).Name("column");
            Map(l => l.Value).Name("value");
            Map(l => l.Severity).Name("severity");
            Map(l => l.Message).Name("message");
        }
    }

    private static ProblemLine Line(CampaignProblem p) => new(p.Row, p.Column, p.Value, p.Warning ? "warning" : "error", p.Message);
}
