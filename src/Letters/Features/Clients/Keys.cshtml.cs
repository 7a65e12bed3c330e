using Letters.Data;
using Letters.Domain;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Letters.Features.Clients;

/// <summary>The client's API keys: make one with a name (the secret shown once), rotate, revoke.</summary>
public sealed class KeysModel(LettersDbContext db, ClientAccounts accounts) : ClientPage
{
    public List<ApiKey> Keys { get; private set; } = [];
    public bool MayCreateLive { get; private set; }
    public string? NewSecret { get; private set; }
    public string? Message { get; private set; }
    public string? Error { get; private set; }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(string? name, string? mode, CancellationToken ct)
    {
        var created = await accounts.CreateKeyAsync(ClientId, name, mode == "live" ? ApiKeyMode.Live : ApiKeyMode.Test, ct);
        return await ShowAsync(created, key => $"Created “{key.Label}”.", ct);
    }

    public async Task<IActionResult> OnPostRotateAsync(Guid id, CancellationToken ct)
    {
        var rotated = await accounts.RotateKeyAsync(ClientId, id, ct);
        return await ShowAsync(rotated, key => $"“{key.Label}” has a new secret; the old one is revoked.", ct);
    }

    /// <summary>The page again, with the new secret (shown this once) or what went wrong.</summary>
    private async Task<IActionResult> ShowAsync(ClientAccounts.NewKey result, Func<ApiKey, string> done, CancellationToken ct)
    {
        (NewSecret, Error) = (result.Secret, result.Error);
        Message = result.Key is null ? null : done(result.Key);
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid id, CancellationToken ct)
    {
        var revoked = await accounts.RevokeKeyAsync(ClientId, id, ct);
        Message = revoked is null ? null : $"“{revoked.Label}” is revoked: it stops working everywhere within seconds.";
        Error = revoked is null ? "There is no such key, or it is already revoked." : null;
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Keys = await db.ApiKeys.AsNoTracking().Where(k => k.ClientId == ClientId)
            .OrderBy(k => k.RevokedAt != null).ThenByDescending(k => k.CreatedAt).ToListAsync(ct);
        var client = await db.Clients.AsNoTracking().SingleAsync(c => c.Id == ClientId, ct);
        MayCreateLive = ClientAccounts.MayCreate(client, ApiKeyMode.Live);
    }
}
