using System.Text.Json;
using Letters.Auth;
using Letters.Data;
using Letters.Data.Configurations;
using Letters.Domain;
using Letters.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Letters.Features.Orders;

/// <summary>
/// <c>GET /v1/orders</c>: the client's orders, newest first, in cursor pages. Filters: status, occasion,
/// created_after / created_before, and <c>metadata[key]=value</c> (jsonb containment, GIN-indexed).
/// </summary>
public static class ListOrders
{
    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("/", Handle).WithSummary("List orders (cursor pages, filters)");

    public static async Task<Results<Ok<Page<OrderResponse>>, ValidationProblem>> Handle(
        HttpContext http,
        LettersDbContext db,
        int? limit,
        string? after,
        string? before,
        string? status,
        string? occasion,
        [FromQuery(Name = "created_after")] DateTimeOffset? createdAfter,
        [FromQuery(Name = "created_before")] DateTimeOffset? createdBefore,
        CancellationToken ct)
    {
        if (PageRequest.Parse(limit, after, before) is not { } page)
        {
            return PageRequest.Invalid(limit, after, before);
        }

        OrderStatus? statusFilter = null;
        if (status is not null)
        {
            if (!OrderStatusNames.TryParse(status, out var parsed))
            {
                return Problems.Invalid("status", $"'status' must be one of: {string.Join(", ", Enum.GetValues<OrderStatus>().Select(s => s.ToWire()))}.");
            }

            statusFilter = parsed;
        }

        if (occasion is not null && !OrderVocabulary.Occasions.Contains(occasion))
        {
            return Problems.Invalid("occasion", $"'occasion' must be one of: {string.Join(", ", OrderVocabulary.Occasions)}.");
        }

        var metadata = new Dictionary<string, string>();
        foreach (var (name, values) in http.Request.Query)
        {
            if (name.StartsWith("metadata[", StringComparison.Ordinal) && name.EndsWith(']'))
            {
                var key = name["metadata[".Length..^1];
                if (!CreateOrder.IsMetadataKey(key))
                {
                    return Problems.Invalid(name, CreateOrder.MetadataKeyRule);
                }

                metadata[key] = values.ToString();
            }
        }

        if (metadata.Count > 20)
        {
            return Problems.Invalid("metadata", "Filter by at most 20 metadata keys.");
        }

        var filters = new Filters(statusFilter, occasion, createdAfter, createdBefore, metadata);
        var rows = await page.Apply(Query(db, http.User.ClientId(), filters), o => o.CreatedAt, o => o.Id).Include(o => o.Recipient).ToListAsync(ct);
        return TypedResults.Ok(page.ToPage(rows, o => o.CreatedAt, o => o.Id, o => OrderResponse.From(o, o.Recipient)));
    }

    public sealed record Filters(OrderStatus? Status = null, string? Occasion = null, DateTimeOffset? CreatedAfter = null, DateTimeOffset? CreatedBefore = null, IReadOnlyDictionary<string, string>? Metadata = null);

    /// <summary>
    /// One client's orders under the filters, in no order yet (the page puts them newest first). Status and
    /// occasion each have an index that starts with the client and ends in the page's order (with both, the planner
    /// walks the rarer); a plan test holds every combination to a bounded number of pages at a history of years.
    /// </summary>
    public static IQueryable<Order> Query(LettersDbContext db, Guid clientId, Filters filters)
    {
        var query = filters.Metadata is not { Count: > 0 } metadata
            ? db.Orders.AsNoTracking()
            : db.Orders.FromTable($"WHERE metadata <> '{{}}'::jsonb AND metadata @> {JsonSerializer.Serialize(metadata)}::jsonb").AsNoTracking();
        query = query.Where(o => o.ClientId == clientId);
        if (filters.Status is { } status)
        {
            query = query.Where(o => o.Status == status);
        }

        if (filters.Occasion is { } occasion)
        {
            query = query.Where(o => o.Occasion == occasion);
        }

        // PostgreSQL's timestamptz takes instants in UTC only; the client may name them in any offset.
        if (filters.CreatedAfter is { } from)
        {
            var fromUtc = from.ToUniversalTime();
            query = query.Where(o => o.CreatedAt >= fromUtc);
        }

        if (filters.CreatedBefore is { } to)
        {
            var toUtc = to.ToUniversalTime();
            query = query.Where(o => o.CreatedAt < toUtc);
        }

        return query;
    }}
