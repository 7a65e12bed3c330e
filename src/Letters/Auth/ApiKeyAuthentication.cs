using System.Security.Claims;
using System.Text.Encodings.Web;
using Letters.Data;
using Letters.Domain;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Letters.Auth;

/// <summary>
/// <c>Authorization: Bearer lt_test_…</c> or <c>lt_live_…</c>. The key is hashed and looked up; the client and the
/// mode become claims. Failures are 401 ProblemDetails that never say whether a key exists.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    LettersDbContext db,
    ApiKeyCache cache,
    TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string ClientIdClaim = "client_id";
    public const string ModeClaim = "mode";
    public const string KeyIdClaim = "api_key_id";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var secret = header["Bearer ".Length..].Trim();
        if (secret.Length is < 16 or > 200)
        {
            return AuthenticateResult.Fail("Malformed API key.");
        }

        var hash = ApiKeySecrets.Hash(secret);
        if (!cache.TryGet(hash, out var key))
        {
            key = await db.ApiKeys.AsNoTracking()
                .Where(k => k.Hash == hash && k.RevokedAt == null && k.Client!.SuspendedAt == null)
                .Select(k => new ApiKeyCache.Entry(k.Id, k.ClientId, k.Mode))
                .SingleOrDefaultAsync(Context.RequestAborted);
            if (key is null)
            {
                return AuthenticateResult.Fail("Unknown or revoked API key.");
            }

            cache.Add(hash, key);

            // "Last used", to the minute: one small write per key per minute at most, on a cache miss only.
            var now = clock.GetUtcNow();
            var aMinuteAgo = now.AddMinutes(-1);
            await db.ApiKeys.Where(k => k.Id == key.Id && (k.LastUsedAt == null || k.LastUsedAt < aMinuteAgo))
                .ExecuteUpdateAsync(k => k.SetProperty(x => x.LastUsedAt, now), Context.RequestAborted);
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(ClientIdClaim, key.ClientId.ToString()),
                new Claim(ModeClaim, WireNames.Of(key.Mode)),
                new Claim(KeyIdClaim, key.Id.ToString()),
            ],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await Results.Problem(
            statusCode: 401,
            title: "Unauthorized",
            detail: "Send your API key as 'Authorization: Bearer <key>'.").ExecuteAsync(Context);
    }
}

/// <summary>
/// Recently seen keys, so a busy client costs one key lookup per <see cref="Lifetime"/> rather than one per
/// request. The price: a key revoked (or a client suspended) on another app instance keeps working here for up to
/// that long. Four seconds keeps that under the five the product promises, for one indexed lookup per key per
/// instance every four seconds: cheaper and simpler than a LISTEN connection per instance, and it cannot miss a
/// notification while reconnecting.
/// </summary>
public sealed class ApiKeyCache(TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(4);
    private const int MaxEntries = 10_000;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (Entry Entry, DateTimeOffset ExpiresAt)> entries = new();

    public sealed record Entry(Guid Id, Guid ClientId, ApiKeyMode Mode);

    public bool TryGet(byte[] hash, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Entry? entry)
    {
        if (entries.TryGetValue(Convert.ToHexString(hash), out var cached) && clock.GetUtcNow() < cached.ExpiresAt)
        {
            entry = cached.Entry;
            return true;
        }

        entry = null;
        return false;
    }

    public void Add(byte[] hash, Entry entry)
    {
        if (entries.Count >= MaxEntries)
        {
            entries.Clear();
        }

        entries[Convert.ToHexString(hash)] = (entry, clock.GetUtcNow() + Lifetime);
    }

    /// <summary>Called when a key is revoked, so this instance stops accepting it at once.</summary>
    public void Forget(byte[] hash) => entries.TryRemove(Convert.ToHexString(hash), out _);
}

public static class ClientPrincipal
{
    public static Guid ClientId(this ClaimsPrincipal user) =>
        Guid.Parse(user.FindFirstValue(ApiKeyAuthenticationHandler.ClientIdClaim) ?? throw new InvalidOperationException("Not an API client."));

    public static bool IsTestMode(this ClaimsPrincipal user) => user.FindFirstValue(ApiKeyAuthenticationHandler.ModeClaim) == "test";
}
