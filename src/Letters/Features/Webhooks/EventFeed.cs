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
/// <c>GET /v1/events?after=…</c>: every event of the client's orders in this key's mode, in the order the webhook
/// relay numbered them, in cursor pages — how a receiver that was down catches up without replays. Numbers are
/// handed out one relay transaction at a time, so a reader that has seen a number has seen all below it: paging
/// while events are written neither skips nor repeats one, and an event whose transaction committed late comes
/// after, not before, the cursor. Every page has a <c>next_cursor</c>, an empty one too: poll with it.
/// </summary>
public static class EventFeed
{
    public sealed record FeedPage(string Object, IReadOnlyList<WebhookEvents.ClientEvent> Data, bool HasMore, string NextCursor);

    /// <summary>
    /// A page of the key's mode in feed order, read from <c>ux_order_events_feed</c> (client, mode, sequence): it
    /// touches only the page's own entries, however many events of the other mode lie between them.
    /// </summary>
    public const string PageSql = """
        SELECT e.id AS "Value" FROM order_events e
        WHERE e.client_id = {0} AND e.is_test = {1} AND e.sequence > {2}
        ORDER BY e.sequence LIMIT {3}
        """;

    public static RouteGroupBuilder MapEventFeed(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapClientApi("/v1/events", "Webhooks");
        group.MapGet("/", Handle).WithSummary("Every event of your orders, oldest first, from a cursor");
        return group;
    }

    internal static async Task<Results<Ok<FeedPage>, ValidationProblem>> Handle(int? limit, string? after, HttpContext http, LettersDbContext db, CancellationToken ct)
    {
        var from = after is null ? 0L : Decode(after);
        if (limit is < 1 or > PageRequest.MaxLimit)
        {
            return PageRequest.Invalid(limit, null, null);
        }

        if (from is null)
        {
            return Problems.Invalid("after", "'after' is not a cursor this API returned.");
        }

        var size = limit ?? PageRequest.MaxLimit;
        var ids = await db.Database.SqlQueryRaw<long>(PageSql, http.User.ClientId(), http.User.IsTestMode(), from.Value, size + 1).ToListAsync(ct);
        var page = ids.Take(size).ToList();
        var events = await db.OrderEvents.AsNoTracking().Where(e => page.Contains(e.Id)).OrderBy(e => e.Sequence).ToListAsync(ct);
        var orders = await WebhookEvents.OrdersOfAsync(db, events, ct);
        var data = events.Select(e => WebhookEvents.Of(e, e.Sequence!.Value, orders[e.OrderId], orders[e.OrderId].Recipient)).ToList();
        var next = events.Count > 0 ? Encode(events[^1].Sequence!.Value) : after ?? Encode(0);
        return TypedResults.Ok(new FeedPage("list", data, ids.Count > size, next));
    }

    public static string Encode(long sequence) =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"s{sequence}")));

    public static long? Decode(string cursor)
    {
        try
        {
            var text = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(cursor));
            return text.StartsWith('s') && long.TryParse(text.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence) ? sequence : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
