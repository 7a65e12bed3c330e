using Letters.Auth;
using Letters.Data;
using Letters.Features.Admin;
using Letters.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Letters.Features.Clients;

/// <summary>Clients, newest first: find one by name or e-mail, open an account for someone, suspend or restore one.</summary>
[Authorize(Policy = Policies.Admin)]
public sealed class AdminClientsModel(LettersDbContext db, ClientAccounts accounts, TimeProvider clock) : AdminPage
{
    public sealed record Row(Guid Id, string Name, string Email, DateTimeOffset CreatedAt, bool Confirmed, bool CanSignIn, DateTimeOffset? SuspendedAt, int LiveKeys, int TestKeys, DateTimeOffset? LastUsed);

    [BindProperty(SupportsGet = true)] public string? Search { get; set; }
    [BindProperty(SupportsGet = true)] public string? After { get; set; }

    public List<Row> Rows { get; private set; } = [];
    public string? Older { get; private set; }
    public string? Error { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public const int PageSize = 50;

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(string? name, string? email, CancellationToken ct)
    {
        var (client, error) = await accounts.CreateByAdminAsync(name ?? "", email ?? "", ct);
        if (client is null)
        {
            Error = error;
            await LoadAsync(ct);
            return Page();
        }

        Record(db, "client_created", client.Name, client.Email, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        Message = $"{client.Name} has an account; a link to choose a password is on its way to {client.Email}.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostSuspendAsync(Guid id, bool suspend, CancellationToken ct)
    {
        var client = await db.Clients.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct);
        if (client is null || !await accounts.SuspendAsync(id, suspend, ct))
        {
            return NotFound();
        }

        Record(db, suspend ? "client_suspended" : "client_restored", client.Name, client.Email, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        Message = suspend
            ? $"{client.Name} is suspended: their keys stop within seconds and they are signed out."
            : $"{client.Name} is restored: their keys work again.";
        return RedirectToPage(new { Search, After });
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var query = db.Clients.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(Search))
        {
            var pattern = $"%{Search.Trim()}%";
            query = query.Where(c => EF.Functions.ILike(c.Name, pattern) || EF.Functions.ILike(c.Email, pattern));
        }

        var after = After is { } cursor ? PageRequest.Decode(cursor) : null;
        var page = new PageRequest(PageSize, after, null).Apply(query, c => c.CreatedAt, c => c.Id);
        var rows = await page.Select(c => new Row(
                c.Id, c.Name, c.Email, c.CreatedAt, c.EmailConfirmedAt != null, c.PasswordHash != null, c.SuspendedAt,
                c.ApiKeys.Count(k => k.RevokedAt == null && k.Mode == Domain.ApiKeyMode.Live),
                c.ApiKeys.Count(k => k.RevokedAt == null && k.Mode == Domain.ApiKeyMode.Test),
                c.ApiKeys.Max(k => k.LastUsedAt)))
            .ToListAsync(ct);
        Rows = [.. rows.Take(PageSize)];
        Older = rows.Count > PageSize ? PageRequest.Encode(Rows[^1].CreatedAt, Rows[^1].Id) : null;
    }
}
