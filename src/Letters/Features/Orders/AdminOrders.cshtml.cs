using Letters.Features.Admin;
using Letters.Auth;
using Microsoft.AspNetCore.Authorization;
using System.Text.Json;
using Letters.Data;
using Letters.Data.Configurations;
using Letters.Domain;
using Letters.Features.Recipients;
using Letters.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Letters.Features.Orders;

/// <summary>Search orders by client, recipient, words in the brief, status, occasion, writer, date range and metadata.</summary>
[Authorize(Policy = Policies.Admin)]
public sealed class AdminOrdersModel(LettersDbContext db) : AdminPage
{
    [BindProperty(SupportsGet = true)] public string? Client { get; set; }
    [BindProperty(SupportsGet = true)] public string? Recipient { get; set; }
    [BindProperty(SupportsGet = true)] public string? Text { get; set; }
    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    [BindProperty(SupportsGet = true)] public string? Occasion { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? Writer { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true)] public string? Metadata { get; set; }
    [BindProperty(SupportsGet = true)] public string? After { get; set; }

    /// <summary>The cursor of the next, older page, when there is one.</summary>
    public string? Older { get; private set; }

    public Dictionary<Guid, string> Writers { get; private set; } = [];
    public List<Order> Results { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Writers = await db.Writers.AsNoTracking().Where(w => w.IsActive).OrderBy(w => w.DisplayName).ToDictionaryAsync(w => w.Id, w => w.DisplayName, ct);
        var rows = await (await SearchAsync(db, new Filters(Client, Recipient, Status, Occasion, Writer, From, To, Metadata, After, Text), ct)).ToListAsync(ct);
        Results = [.. rows.Take(PageSize)];
        Older = rows.Count > PageSize ? PageRequest.Encode(Results[^1].CreatedAt, Results[^1].Id) : null;
    }

    public sealed record Filters(string? Client = null, string? Recipient = null, string? Status = null, string? Occasion = null, Guid? Writer = null, DateOnly? From = null, DateOnly? To = null, string? Metadata = null, string? After = null, string? Text = null);

    /// <summary>
    /// Every client's orders, newest first, a page of <see cref="PageSize"/> (and one more, to know there are older
    /// ones) from the cursor on, as the API pages: a row, not an offset, so the thousandth page costs what the first
    /// does. Each filter has an index in this order; a plan test holds it to a bounded number of pages.
    /// </summary>
    public static async Task<IQueryable<Order>> SearchAsync(LettersDbContext db, Filters filters, CancellationToken ct)
    {
        // Metadata and words in the brief are matched in SQL: jsonb containment on the GIN-indexed metadata, and the
        // stored tsvector of the brief (not in the model, so only this search reads it). The 'simple' configuration
        // neither stems nor drops words, so a name or a place in any language is found as written; checking a stored
        // tsvector costs a fraction of parsing each brief again while the newest orders are walked.
        var conditions = new List<string>();
        var values = new List<object>();
        if (filters.Metadata?.Split('=', 2) is [{ Length: > 0 } key, var value])
        {
            conditions.Add("metadata <> '{{}}'::jsonb AND metadata @> {" + values.Count + "}::jsonb");
            values.Add(JsonSerializer.Serialize(new Dictionary<string, string> { [key.Trim()] = value.Trim() }));
        }

        if (!string.IsNullOrWhiteSpace(filters.Text))
        {
            conditions.Add($"brief_search @@ websearch_to_tsquery('{BriefSearchConfiguration}', {{{values.Count}}})");
            values.Add(filters.Text.Trim());
        }

        // The conditions are this method's own text; what the admin typed goes in as parameters only.
        var sql = LetterSettingsConfiguration.SelectFrom("orders") + " WHERE " + string.Join(" AND ", conditions);
        var query = conditions.Count == 0 ? db.Orders : db.Orders.FromSqlRaw(sql, [.. values]);
        query = query.AsNoTracking().Include(o => o.Client).Include(o => o.Recipient);
        if (!string.IsNullOrWhiteSpace(filters.Client))
        {
            // The matching clients first (their trigram index), then their orders by id: a name no client has
            // finds nothing at once, where the planner, guessing at a pattern, would walk every order looking.
            var pattern = $"%{filters.Client.Trim()}%";
            var clients = db.Clients.Where(c => EF.Functions.ILike(c.Name, pattern) || EF.Functions.ILike(c.Email, pattern)).Select(c => c.Id);
            var ids = await clients.Take(RecipientSearch.MatchedIds + 1).ToListAsync(ct);
            query = ids.Count <= RecipientSearch.MatchedIds ? query.Where(o => ids.Contains(o.ClientId)) : query.Where(o => clients.Contains(o.ClientId));
        }

        if (!string.IsNullOrWhiteSpace(filters.Recipient))
        {
            query = await query.WhereRecipientNamedAsync(db, filters.Recipient, clientId: null, ct);
        }

        if (OrderStatusNames.TryParse(filters.Status, out var status))
        {
            query = query.Where(o => o.Status == status);
        }

        if (!string.IsNullOrEmpty(filters.Occasion))
        {
            query = query.Where(o => o.Occasion == filters.Occasion);
        }

        if (filters.Writer is { } writer)
        {
            query = query.Where(o => o.ClaimedBy == writer);
        }

        if (filters.From is { } from)
        {
            var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            query = query.Where(o => o.CreatedAt >= start);
        }

        if (filters.To is { } to)
        {
            var end = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            query = query.Where(o => o.CreatedAt < end);
        }

        var after = filters.After is { } cursor ? PageRequest.Decode(cursor) : null;
        return new PageRequest(PageSize, after, null).Apply(query, o => o.CreatedAt, o => o.Id);
    }

    public const int PageSize = 100;

    /// <summary>The text-search configuration of orders.brief_search (the BriefSearch migration uses the same).</summary>
    public const string BriefSearchConfiguration = "simple";
}
