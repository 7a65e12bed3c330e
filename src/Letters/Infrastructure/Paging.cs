using System.Buffers.Text;
using System.Globalization;
using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Letters.Infrastructure;

public sealed record Page<T>(string Object, IReadOnlyList<T> Data, bool HasMore, string? NextCursor, string? PreviousCursor);

/// <summary>
/// Cursor pages over (created_at, id), newest first. <c>after</c> walks to older rows, <c>before</c> to newer
/// ones. A cursor names a row, not an offset, so rows inserted meanwhile neither shift nor repeat a page.
/// </summary>
public sealed record PageRequest(int Limit, (DateTimeOffset At, Guid Id)? After, (DateTimeOffset At, Guid Id)? Before)
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    public static PageRequest? Parse(int? limit, string? after, string? before)
    {
        var size = limit ?? DefaultLimit;
        if (size is < 1 or > MaxLimit || (after is not null && before is not null))
        {
            return null;
        }

        (DateTimeOffset, Guid)? a = null, b = null;
        if (after is not null && (a = Decode(after)) is null)
        {
            return null;
        }

        if (before is not null && (b = Decode(before)) is null)
        {
            return null;
        }

        return new PageRequest(size, a, b);
    }

    public static ValidationProblem Invalid(int? limit, string? after, string? before)
    {
        var errors = new Dictionary<string, string[]>();
        if (limit is < 1 or > MaxLimit)
        {
            errors["limit"] = [$"'limit' must be between 1 and {MaxLimit}."];
        }

        if (after is not null && before is not null)
        {
            errors["before"] = ["Use either 'after' or 'before', not both."];
        }

        if (after is not null && Decode(after) is null)
        {
            errors["after"] = ["'after' is not a cursor this API returned."];
        }

        if (before is not null && Decode(before) is null)
        {
            errors["before"] = ["'before' is not a cursor this API returned."];
        }

        return TypedResults.ValidationProblem(errors, title: "The request is not valid.");
    }

    public static string Encode(DateTimeOffset at, Guid id) =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{at.UtcTicks}.{id:N}")));

    public static (DateTimeOffset, Guid)? Decode(string cursor)
    {
        try
        {
            var parts = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(cursor)).Split('.');
            return parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                   && ticks is > 0 and < 3155378975999999999 && Guid.TryParseExact(parts[1], "N", out var id)
                ? (new DateTimeOffset(ticks, TimeSpan.Zero), id)
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>Orders and limits the query; fetches one extra row to know whether there is more.</summary>
    public IQueryable<T> Apply<T>(IQueryable<T> query, Expression<Func<T, DateTimeOffset>> at, Expression<Func<T, Guid>> id)
    {
        if (After is { } a)
        {
            query = query.Where(Compare(at, id, a, older: true));
        }

        if (Before is { } b)
        {
            query = query.Where(Compare(at, id, b, older: false));
            return query.OrderBy(at).ThenBy(id).Take(Limit + 1);
        }

        return query.OrderByDescending(at).ThenByDescending(id).Take(Limit + 1);
    }

    public Page<TOut> ToPage<T, TOut>(List<T> rows, Func<T, DateTimeOffset> at, Func<T, Guid> id, Func<T, TOut> map)
    {
        var hasMore = rows.Count > Limit;
        var page = rows.Take(Limit).ToList();
        if (Before is not null)
        {
            page.Reverse();
        }

        var next = page.Count > 0 && (Before is not null || hasMore) ? Encode(at(page[^1]), id(page[^1])) : null;
        var previous = page.Count > 0 && (After is not null || (Before is not null && hasMore)) ? Encode(at(page[0]), id(page[0])) : null;
        return new Page<TOut>("list", page.Select(map).ToList(), hasMore, next, previous);
    }

    // (at, id) < (cursor) for older rows, > for newer: PostgreSQL compares the row values in one index range.
    private static Expression<Func<T, bool>> Compare<T>(Expression<Func<T, DateTimeOffset>> at, Expression<Func<T, Guid>> id, (DateTimeOffset At, Guid Id) cursor, bool older)
    {
        var row = at.Parameters[0];
        var idBody = new ParameterReplacer(id.Parameters[0], row).Visit(id.Body);
        var tuple = typeof(ValueTuple).GetMethods().Single(m => m.Name == "Create" && m.GetGenericArguments().Length == 2)
            .MakeGenericMethod(typeof(DateTimeOffset), typeof(Guid));
        var left = Expression.Call(tuple, at.Body, idBody);
        // Through a captured object, so EF sends the cursor as parameters and caches one query plan.
        var holder = Expression.Constant(new CursorValue { At = cursor.At, Id = cursor.Id });
        var right = Expression.Call(tuple, Expression.Field(holder, nameof(CursorValue.At)), Expression.Field(holder, nameof(CursorValue.Id)));
        var method = typeof(NpgsqlDbFunctionsExtensions).GetMethod(older ? "LessThan" : "GreaterThan", [typeof(DbFunctions), typeof(ITuple), typeof(ITuple)])!;
        var body = Expression.Call(method, Expression.Constant(EF.Functions), Expression.Convert(left, typeof(ITuple)), Expression.Convert(right, typeof(ITuple)));
        return Expression.Lambda<Func<T, bool>>(body, row);
    }

    private sealed class CursorValue
    {
        public DateTimeOffset At;
        public Guid Id;
    }

    private sealed class ParameterReplacer(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }
}
