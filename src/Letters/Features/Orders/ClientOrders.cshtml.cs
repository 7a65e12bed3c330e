using Letters.Data;
using Letters.Domain;
using Letters.Features.Recipients;
using Letters.Features.Clients;
using Letters.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Letters.Features.Orders;

/// <summary>The client's letters, newest first, by status or recipient: the API's own list query, a page at a time.</summary>
public sealed class ClientOrdersModel(LettersDbContext db) : ClientPage
{
    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    [BindProperty(SupportsGet = true)] public string? Recipient { get; set; }
    [BindProperty(SupportsGet = true)] public string? After { get; set; }

    public List<Order> Rows { get; private set; } = [];
    public string? Older { get; private set; }
    public string? Message { get; private set; }

    public const int PageSize = 25;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Message = TempData["Message"] as string;
        var status = OrderStatusNames.TryParse(Status, out var parsed) ? parsed : (OrderStatus?)null;
        var query = ListOrders.Query(db, ClientId, new ListOrders.Filters(Status: status));
        if (!string.IsNullOrWhiteSpace(Recipient))
        {
            query = await query.WhereRecipientNamedAsync(db, Recipient, ClientId, ct);
        }

        var after = After is { } cursor ? PageRequest.Decode(cursor) : null;
        var rows = await new PageRequest(PageSize, after, null).Apply(query, o => o.CreatedAt, o => o.Id).Include(o => o.Recipient).ToListAsync(ct);
        Rows = [.. rows.Take(PageSize)];
        Older = rows.Count > PageSize ? PageRequest.Encode(Rows[^1].CreatedAt, Rows[^1].Id) : null;
    }
}
