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
    LettersDbContext db)
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
        var key = await db.ApiKeys.AsNoTracking()
            .Where(k => k.Hash == hash && k.RevokedAt == null)
            .Select(k => new { k.Id, k.ClientId, k.Mode })
            .SingleOrDefaultAsync(Context.RequestAborted);
        if (key is null)
        {
            return AuthenticateResult.Fail("Unknown or revoked API key.");
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(ClientIdClaim, key.ClientId.ToString()),
                new Claim(ModeClaim, key.Mode == ApiKeyMode.Live ? "live" : "test"),
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

public static class ClientPrincipal
{
    public static Guid ClientId(this ClaimsPrincipal user) =>
        Guid.Parse(user.FindFirstValue(ApiKeyAuthenticationHandler.ClientIdClaim) ?? throw new InvalidOperationException("Not an API client."));

    public static bool IsTestMode(this ClaimsPrincipal user) => user.FindFirstValue(ApiKeyAuthenticationHandler.ModeClaim) == "test";
}
