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

    /// <summary>
    /// A month's statement. <see cref="Lines"/> is read from the database as it is written out, so the first byte of a
    /// month of 30,000 letters leaves at once and the month is never held in memory; the totals are the database's
    /// running ones (<see cref="StatementTotal"/>), read in the same snapshot as the lines so the two agree.
    /// </summary>
    public sealed record Response(string Object, string Month, string Mode, IReadOnlyDictionary<string, long> Totals, int Orders, IAsyncEnumerable<Line> Lines);

    public static RouteGroupBuilder MapStatements(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapClientApi("/v1/statements", "Prices");
        group.MapGet("/{month}", Get)
            .Produces<Response>(StatusCodes.Status200OK, "application/json", "text/csv")
            .WithSummary("A month's statement: every order and its price (JSON, or CSV with Accept: text/csv)");
        return group;
    }

    private static async Task<Results<Ok<Response>, PushStreamHttpResult, ValidationProblem>> Get(string month, HttpContext http, LettersDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (MonthOf(month, clock.GetUtcNow()) is not { } first)
        {
            return Problems.Invalid("month", $"The month must be written yyyy-mm, from {Earliest:yyyy-MM} to this month, such as {clock.GetUtcNow():yyyy-MM}.");
        }

        var statement = await ForMonthAsync(db, http.User.ClientId(), http.User.IsTestMode(), first, ct);
        if (http.Request.Headers.Accept.ToString().Contains("text/csv", StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Stream(body => WriteCsvAsync(statement, body, ct), "text/csv; charset=utf-8", $"letters-statement-{statement.Month}{(statement.Mode == "test" ? "-test" : "")}.csv");
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

    /// <summary>
    /// One client's statement for the month starting on <paramref name="first"/>; the client app reads the same. Its
    /// lines are to be read once, in order, within the request.
    /// </summary>
    public static async Task<Response> ForMonthAsync(LettersDbContext db, Guid clientId, bool test, DateOnly first, CancellationToken ct)
    {
        // One snapshot for the totals and the lines: a letter of this month ordered or cancelled meanwhile is in both
        // or in neither.
        var snapshot = await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        var totals = await db.StatementTotals.AsNoTracking()
            .Where(t => t.ClientId == clientId && t.IsTest == test && t.Month == first)
            .GroupBy(t => t.Currency)
            .Select(g => new { Currency = g.Key, Orders = g.Sum(t => t.Orders), Amount = g.Sum(t => t.Amount) })
            .Where(t => t.Orders != 0)
            .OrderBy(t => t.Currency)
            .ToListAsync(ct);
        return new Response("statement", first.ToString("yyyy-MM", CultureInfo.InvariantCulture), WireNames.Mode(test),
            totals.ToDictionary(t => t.Currency, t => t.Amount), totals.Sum(t => t.Orders), StreamAsync(LinesOf(db, clientId, test, first), snapshot, ct));
    }

    /// <summary>A charged letter as the database gives it; <see cref="Line"/> is how a statement shows it.</summary>
    public sealed record Row(Guid OrderId, DateTimeOffset OrderedAt, string Recipient, string Occasion, OrderStatus Status, Price Price)
    {
        public Line ToLine() => new(OrderId, OrderedAt, Recipient, Occasion, Status.ToWire(), Price.Amount, Price.Currency);
    }

    /// <summary>The month's charged letters, oldest first, each with its recipient's name joined in the same statement.</summary>
    public static IQueryable<Row> LinesOf(LettersDbContext db, Guid clientId, bool test, DateOnly first, (DateTimeOffset At, Guid Id)? after = null)
    {
        var start = new DateTimeOffset(first.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var end = start.AddMonths(1);
        var orders = db.Orders.AsNoTracking()
            .Where(o => o.ClientId == clientId && o.CreatedAt >= start && o.CreatedAt < end && o.IsTest == test)
            .Where(Charges.IsCharged);
        if (after is { } cursor)
        {
            orders = orders.Where(o => EF.Functions.GreaterThan(ValueTuple.Create(o.CreatedAt, o.Id), ValueTuple.Create(cursor.At, cursor.Id)));
        }

        return orders
            .OrderBy(o => o.CreatedAt).ThenBy(o => o.Id)
            .Select(o => new Row(o.Id, o.CreatedAt, o.Recipient!.Name, o.Occasion, o.Status, o.Price!));
    }

    private static async IAsyncEnumerable<Line> StreamAsync(IQueryable<Row> rows, Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction snapshot, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await using (snapshot)
        {
            await foreach (var row in rows.AsAsyncEnumerable().WithCancellation(ct))
            {
                yield return row.ToLine();
            }

            await snapshot.CommitAsync(ct);
        }
    }

    /// <summary>
    /// The statement as a spreadsheet opens it, written to <paramref name="body"/> as its lines are read: one row an
    /// order, amounts in major units, then a total a currency.
    /// </summary>
    public static async Task WriteCsvAsync(Response statement, Stream body, CancellationToken ct)
    {
        await using var writer = new StreamWriter(body, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true), bufferSize: 16 * 1024, leaveOpen: true);
        // A recipient named "=HYPERLINK(…)" stays a name when the statement is opened in a spreadsheet.
        await using var csv = CsvOutput.Writer(writer);
        foreach (var header in new[] { "order_id", "ordered_at", "recipient", "occasion", "status", "amount", "currency" })
        {
            csv.WriteField(header);
        }

        await csv.NextRecordAsync();
        await foreach (var line in statement.Lines.WithCancellation(ct))
        {
            csv.WriteField(line.OrderId);
            csv.WriteField(line.OrderedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
            csv.WriteField(line.Recipient);
            csv.WriteField(line.Occasion);
            csv.WriteField(line.Status);
            csv.WriteField(Major(line.Amount));
            csv.WriteField(line.Currency);
            await csv.NextRecordAsync();
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
            await csv.NextRecordAsync();
        }

        await csv.FlushAsync();
        await writer.FlushAsync(ct);
    }

    private static string Major(long minor) => (minor / 100m).ToString("0.00", CultureInfo.InvariantCulture);
}
