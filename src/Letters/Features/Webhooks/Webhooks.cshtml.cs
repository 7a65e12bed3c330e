using Letters.Data;
using Letters.Domain;
using Letters.Features.Clients;
using Letters.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Letters.Features.Webhooks;

/// <summary>
/// The client's webhook endpoints, both modes: add one (its secret shown once), send a test, rotate the secret,
/// turn it off and on (on again sends what waited), remove it, and the latest delivery attempts. The same rules as
/// <c>/v1/webhook_endpoints</c>, through the same code.
/// </summary>
public sealed class WebhooksModel(LettersDbContext db, TimeProvider clock, IOptions<WebhookOptions> options) : ClientPage
{
    public List<WebhookEndpoint> Endpoints { get; private set; } = [];
    public List<WebhookAttempt> Attempts { get; private set; } = [];
    public string? NewSecret { get; private set; }
    public string? Message { get; private set; }
    public string? Error { get; private set; }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(string? url, string? mode, string? description, List<string>? types, CancellationToken ct)
    {
        var added = string.IsNullOrWhiteSpace(url)
            ? new WebhookEndpointsApi.Added(null, "url", "Give the URL that should receive the events.")
            : await WebhookEndpointsApi.AddAsync(db, ClientId, mode != "live", url.Trim(), types is { Count: > 0 } ? types : null, description, Now, options.Value, ct);
        NewSecret = added.Endpoint?.Secret;
        Message = added.Endpoint is { } e ? $"Added {e.Url}. Events of {WireNames.Mode(e.IsTest)} letters go there from now on." : null;
        Error = added.Error;
        return await PageAsync(ct);
    }

    public async Task<IActionResult> OnPostTestAsync(Guid id, CancellationToken ct)
    {
        if (await FindAsync(id, ct) is { } endpoint)
        {
            WebhookActions.Ping(db, endpoint, Now);
            await db.SaveChangesAsync(ct);
            Message = $"A webhook.test event is on its way to {endpoint.Url}; its attempt appears below in a moment.";
        }

        return await PageAsync(ct);
    }

    public async Task<IActionResult> OnPostRotateAsync(Guid id, CancellationToken ct)
    {
        if (await FindAsync(id, ct) is { } endpoint)
        {
            WebhookActions.RotateSecret(endpoint, options.Value.DefaultRotationOverlap, Now);
            await db.SaveChangesAsync(ct);
            NewSecret = endpoint.Secret;
            Message = $"New secret for {endpoint.Url}. The old one signs beside it for {options.Value.DefaultRotationOverlap.TotalHours:0} hours, while you change your receiver.";
        }

        return await PageAsync(ct);
    }

    public async Task<IActionResult> OnPostEnableAsync(Guid id, CancellationToken ct)
    {
        if (await FindAsync(id, ct) is { DisabledAt: not null } endpoint)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await WebhookEndpointsApi.EnableAsync(db, endpoint, Now, ct);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            Message = $"{endpoint.Url} is on again; the events that waited are being sent.";
        }

        return await PageAsync(ct);
    }

    public async Task<IActionResult> OnPostDisableAsync(Guid id, CancellationToken ct)
    {
        if (await FindAsync(id, ct) is { DisabledAt: null } endpoint)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await WebhookEndpointsApi.DisableAsync(db, endpoint, "Disabled by you.", Now, ct);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            Message = $"{endpoint.Url} is off. Events wait for it until you turn it on again.";
        }

        return await PageAsync(ct);
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken ct)
    {
        if (await FindAsync(id, ct) is { } endpoint)
        {
            db.WebhookEndpoints.Remove(endpoint);
            await db.SaveChangesAsync(ct);
            Message = $"Removed {endpoint.Url}.";
        }

        return await PageAsync(ct);
    }

    private DateTimeOffset Now => clock.GetUtcNow().TruncateToMicroseconds();

    private async Task<WebhookEndpoint?> FindAsync(Guid id, CancellationToken ct)
    {
        var endpoint = await db.WebhookEndpoints.SingleOrDefaultAsync(e => e.Id == id && e.ClientId == ClientId, ct);
        Error = endpoint is null ? "There is no such endpoint." : null;
        return endpoint;
    }

    private async Task<IActionResult> PageAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Endpoints = await db.WebhookEndpoints.AsNoTracking().Where(e => e.ClientId == ClientId).OrderBy(e => e.CreatedAt).ToListAsync(ct);
        var ids = Endpoints.Select(e => e.Id).ToList();
        Attempts = await db.WebhookAttempts.AsNoTracking().Where(a => ids.Contains(a.EndpointId)).OrderByDescending(a => a.Id).Take(20).ToListAsync(ct);
    }
}
