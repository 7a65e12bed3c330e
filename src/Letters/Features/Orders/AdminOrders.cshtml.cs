using Letters.Features.Admin;
using Letters.Auth;
using Microsoft.AspNetCore.Authorization;
using System.Text.Json;
using Letters.Data;
using Letters.Domain;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Letters.Features.Orders;

/// <summary>Search orders by client, recipient, status, occasion, writer, date range and metadata.</summary>
[Authorize(Policy = Policies.Admin)]
public sealed class AdminOrdersModel(LettersDbContext db) : AdminPage
{
    [BindProperty(SupportsGet = true)] public string? Client { get; set; }
    [BindProperty(SupportsGet = true)] public string? Recipient { get; set; }
    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    [BindProperty(SupportsGet = true)] public string? Occasion { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? Writer { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true)] public string? Metadata { get; set; }

    public Dictionary<Guid, string> Writers { get; private set; } = [];
    public List<Order> Results { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Writers = await db.Writers.AsNoTracking().Where(w => w.IsActive).OrderBy(w => w.DisplayName).ToDictionaryAsync(w => w.Id, w => w.DisplayName, ct);
        var query = Metadata?.Split('=', 2) is [{ Length: > 0 } key, var value]
            ? db.Orders.FromSqlInterpolated($"SELECT *, xmin FROM orders WHERE metadata <> '{{}}'::jsonb AND metadata @> {JsonSerializer.Serialize(new Dictionary<string, string> { [key.Trim()] = value.Trim() })}::jsonb")
            : db.Orders;
        query = query.AsNoTracking().Include(o => o.Client).Include(o => o.Recipient);
        if (!string.IsNullOrWhiteSpace(Client))
        {
            query = query.Where(o => EF.Functions.ILike(o.Client!.Name, $"%{Client.Trim()}%") || EF.Functions.ILike(o.Client.Email, $"%{Client.Trim()}%"));
        }

        if (!string.IsNullOrWhiteSpace(Recipient))
        {
            query = query.Where(o => EF.Functions.ILike(o.Recipient!.Name, $"%{Recipient.Trim()}%"));
        }

        if (OrderStatusNames.TryParse(Status, out var status))
        {
            query = query.Where(o => o.Status == status);
        }

        if (!string.IsNullOrEmpty(Occasion))
        {
            query = query.Where(o => o.Occasion == Occasion);
        }

        if (Writer is { } writer)
        {
            query = query.Where(o => o.ClaimedBy == writer);
        }

        if (From is { } from)
        {
            var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            query = query.Where(o => o.CreatedAt >= start);
        }

        if (To is { } to)
        {
            var end = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            query = query.Where(o => o.CreatedAt < end);
        }

        Results = await query.OrderByDescending(o => o.CreatedAt).Take(100).ToListAsync(ct);
    }
}
