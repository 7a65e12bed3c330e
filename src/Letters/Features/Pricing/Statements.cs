using System.Globalization;
using Letters.Auth;
using Letters.Data;
using Letters.Domain;
using Letters.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Letters.Features.Pricing;

/// <summary>
/// <c>GET /v1/statements/{yyyy-mm}</c>: what a client's letters of one month cost, order by order, in the key's
/// mode. Every order ordered that month (UTC) is on it at the price it was ordered for, except those cancelled
/// before a writer took them (cancelling is free until then). As JSON, or as CSV with <c>Accept: text/csv</c>.
/// </summary>
public static class Statements
{
    public sealed record Line(Guid OrderId, DateTimeOffset OrderedAt, string Recipient, string Occasion, string Status, long Amount, string Currency);

    public sealed record Response(string Object, string Month, string Mode, IReadOnlyDictionary<string, long> Totals, int Orders, IReadOnlyList<Line> Lines);

    public static RouteGroupBuilder MapStatements(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapClientApi("/v1/statements", "Prices");
        group.MapGet("/{month}", Get)
            .Produces<Response>(StatusCodes.Status200OK, "application/json", "text/csv")
            .WithSummary("A month's statement: every order and its price (JSON, or CSV with Accept: text/csv)");
        return group;
    }

    private static async Task<Results<Ok<Response>, FileContentHttpResult, ValidationProblem>> Get(string month, HttpContext http, LettersDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (MonthOf(month, clock.GetUtcNow()) is not { } first)
        {
            return Problems.Invalid("month", $"The month must be written yyyy-mm, from {Earliest:yyyy-MM} to this month, such as {clock.GetUtcNow():yyyy-MM}.");
        }

        var statement = await ForMonthAsync(db, http.User.ClientId(), http.User.IsTestMode(), first, ct);
        if (http.Request.Headers.Accept.ToString().Contains("text/csv", StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.File(Csv(statement), "text/csv; charset=utf-8", $"letters-statement-{statement.Month}{(statement.Mode == "test" ? "-test" : "")}.csv");
        }

        return TypedResults.Ok(statement);
    }

    /// <summary>Before this there were no orders: a statement is of a month from here to this one.</summary>
    public static readonly DateOnly Earliest = new(2024, 1, 1);

    /// <summary>The first day of a month written yyyy-mm, if it is one a statement can be of (none before <see cref="Earliest"/>, none to come).</summary>
    public static DateOnly? MonthOf(string? month, DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        return month is { Length: 7 } && DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first)
               && first >= Earliest && first <= new DateOnly(today.Year, today.Month, 1)
            ? first
            : null;
    }

    /// <summary>One client's statement for the month starting on <paramref name="first"/>; the client app's download reads the same.</summary>
    public static async Task<Response> ForMonthAsync(LettersDbContext db, Guid clientId, bool test, DateOnly first, CancellationToken ct)
    {
        var start = new DateTimeOffset(first.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var end = start.AddMonths(1);
        var rows = await db.Orders.AsNoTracking()
            .Where(o => o.ClientId == clientId && o.CreatedAt >= start && o.CreatedAt < end && o.IsTest == test && o.Price != null && o.Status != OrderStatus.Cancelled && o.Status != OrderStatus.Failed)
            .OrderBy(o => o.CreatedAt).ThenBy(o => o.Id)
            .Select(o => new { o.Id, o.CreatedAt, Recipient = o.Recipient!.Name, o.Occasion, o.Status, o.Price })
            .ToListAsync(ct);
        var lines = rows.Select(r => new Line(r.Id, r.CreatedAt, r.Recipient, r.Occasion, r.Status.ToWire(), r.Price!.Amount, r.Price.Currency)).ToList();
        var totals = lines.GroupBy(l => l.Currency).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(l => l.Amount));
        return new Response("statement", first.ToString("yyyy-MM", CultureInfo.InvariantCulture), WireNames.Mode(test), totals, lines.Count, lines);
    }

    /// <summary>The statement as a spreadsheet opens it: one row an order, amounts in major units, then a total a currency.</summary>
    public static byte[] Csv(Response statement)
    {
        using var buffer = new MemoryStream();
        using (var writer = new StreamWriter(buffer, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true)))
        // A recipient named "=HYPERLINK(…)" stays a name when the statement is opened in a spreadsheet.
        using (var csv = CsvOutput.Writer(writer))
        {
            foreach (var header in new[] { "order_id", "ordered_at", "recipient", "occasion", "status", "amount", "currency" })
            {
                csv.WriteField(header);
            }

            csv.NextRecord();
            foreach (var line in statement.Lines)
            {
                csv.WriteField(line.OrderId);
                csv.WriteField(line.OrderedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
                csv.WriteField(line.Recipient);
                csv.WriteField(line.Occasion);
                csv.WriteField(line.Status);
                csv.WriteField(Major(line.Amount));
                csv.WriteField(line.Currency);
                csv.NextRecord();
            }

            foreach (var (currency, total) in statement.Totals)
            {
                csv.WriteField("total");
                csv.WriteField(statement.Month);
                csv.WriteField($"{statement.Orders} orders");
                csv.WriteField("");
                csv.WriteField("");
                csv.WriteField(Major(total));
                csv.WriteField(currency);
                csv.NextRecord();
            }
        }

        return buffer.ToArray();
    }

    private static string Major(long minor) => (minor / 100m).ToString("0.00", CultureInfo.InvariantCulture);
}
