using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Letters.Auth;
using Letters.Data;
using Letters.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Letters.Features.Webhooks;

/// <summary>
/// <c>GET /v1/events?after=…</c>: every event of the client's orders in this key's mode, oldest first, in cursor
/// pages — how a receiver that was down catches up without replays. The cursor walks the settled log
/// (<see cref="WebhookEvents.SettledSql"/>), so paging while events are being written neither skips nor repeats
/// one. Every page has a <c>next_cursor</c>, an empty one too: poll with it.
/// </summary>
public static class EventFeed
{
    public sealed record FeedPage(string Object, IReadOnlyList<WebhookEvents.ClientEvent> Data, bool HasMore, string NextCursor);

    private sealed record Row(long Id, long TxId);

    private static readonly string PageSql = $$"""
        SELECT e.id, e.tx_id FROM order_events e JOIN orders o ON o.id = e.order_id
        WHERE e.client_id = {0} AND o.is_test = {1} AND (e.tx_id, e.id) > ({2}, {3}) AND {{WebhookEvents.SettledSql}}
        ORDER BY e.tx_id, e.id LIMIT {4}
        """;

    public static RouteGroupBuilder MapEventFeed(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapClientApi("/v1/events", "Webhooks");
        group.MapGet("/", Handle).WithSummary("Every event of your orders, oldest first, from a cursor");
        return group;
    }

    internal static async Task<Results<Ok<FeedPage>, ValidationProblem>> Handle(int? limit, string? after, HttpContext http, LettersDbContext db, CancellationToken ct)
    {
        var from = after is null ? (0L, 0L) : Decode(after);
        if (limit is < 1 or > PageRequest.MaxLimit || from is null)
        {
            return PageRequest.Invalid(limit, after is not null && from is null ? "bad" : null, null);
        }

        var size = limit ?? PageRequest.MaxLimit;
        var (tx, id) = from.Value;
        var rows = await db.Database.SqlQueryRaw<Row>(PageSql, http.User.ClientId(), http.User.IsTestMode(), tx, id, size + 1).ToListAsync(ct);
        var page = rows.Take(size).ToList();
        var ids = page.Select(r => r.Id).ToList();
        var events = await db.OrderEvents.AsNoTracking().Where(e => ids.Contains(e.Id)).ToDictionaryAsync(e => e.Id, ct);
        var orderIds = events.Values.Select(e => e.OrderId).Distinct().ToList();
        var orders = await db.Orders.AsNoTracking().Include(o => o.Recipient).Where(o => orderIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);
        var data = page.Select(r => events[r.Id]).Select(e => WebhookEvents.Of(e, orders[e.OrderId], orders[e.OrderId].Recipient)).ToList();
        var next = page.Count > 0 ? Encode(page[^1].TxId, page[^1].Id) : after ?? Encode(0, 0);
        return TypedResults.Ok(new FeedPage("list", data, rows.Count > size, next));
    }

    public static string Encode(long tx, long id) =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{tx}.{id}")));

    public static (long Tx, long Id)? Decode(string cursor)
    {
        try
        {
            var parts = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(cursor)).Split('.');
            return parts.Length == 2
                   && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var tx)
                   && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                ? (tx, id)
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
