using System.Security.Claims;
using Letters.Auth;
using Letters.Data;
using Letters.Domain;
using Letters.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Letters.Features.Clients;

/// <summary>
/// Client accounts for the web app: sign-up, the e-mail link that confirms the address, sign-in with its own cookie
/// (never the staff one), forgotten passwords, suspension, and the keys a client may make. Every page and the
/// admin console go through here; the rules live nowhere else.
/// </summary>
public sealed class ClientAccounts(LettersDbContext db, IDataProtectionProvider protection, TimeProvider clock, IHttpContextAccessor http,
    PublicSite site, AccountLimits limits)
{
    public const string Scheme = "client-cookie";
    public const string CookieName = "letters.client";
    public const int MinimumPasswordLength = AccountRules.MinimumPasswordLength;
    private const string StampClaim = "client_stamp";

    private static readonly PasswordHasher<Client> Hasher = new();
    private static readonly Client Nobody = new() { Name = "nobody", Email = "nobody@letters.invalid" };
    private static readonly string NobodysHash = Hasher.HashPassword(Nobody, Guid.NewGuid().ToString());

    public static void ConfigureCookie(CookieAuthenticationOptions options)
    {
        options.Cookie.Name = CookieName;
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = SameSiteMode.Lax;
        options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.ExpireTimeSpan = TimeSpan.FromDays(14);
        options.SlidingExpiration = true;
        options.LoginPath = "/app/signin";
        // Staff on a client page: a plain 403 (the error page says so), not a bounce to another sign-in.
        options.Events.OnRedirectToAccessDenied = context =>
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return ErrorResponses.IsApi(context.HttpContext)
                ? Results.Problem(statusCode: StatusCodes.Status403Forbidden, detail: "Client accounts cannot use this.").ExecuteAsync(context.HttpContext)
                : Task.CompletedTask;
        };

        // Every request checks the client is not suspended and the password has not changed since this sign-in:
        // one primary-key read, and a suspended client's sessions end on their next click.
        options.Events.OnValidatePrincipal = async context =>
        {
            var db = context.HttpContext.RequestServices.GetRequiredService<LettersDbContext>();
            var id = Guid.TryParse(context.Principal?.FindFirstValue(ApiKeyAuthenticationHandler.ClientIdClaim), out var parsed) ? parsed : Guid.Empty;
            var stamp = context.Principal?.FindFirstValue(StampClaim);
            var current = await db.Clients.AsNoTracking().Where(c => c.Id == id).Select(c => new { c.SecurityStamp, c.SuspendedAt }).SingleOrDefaultAsync(context.HttpContext.RequestAborted);
            if (current is null || current.SuspendedAt is not null || current.SecurityStamp.ToString() != stamp)
            {
                context.RejectPrincipal();
                await context.HttpContext.SignOutAsync(Scheme);
            }
        };
    }

    public sealed record SignUpResult(Client? Client, string? Error);

    /// <summary>
    /// A sign-up, answered the same whatever the address: the form's own mistakes are said (a password too common, an
    /// address that is no address), but whether an account exists is told only to the mailbox. A new address gets a
    /// link that confirms it and signs in; an address with an account gets a note to sign in or reset instead. The
    /// password is hashed either way, so the answer takes as long.
    /// </summary>
    public async Task<string?> SignUpAsync(string name, string emailAddress, string password, string from, CancellationToken ct)
    {
        name = name.Trim();
        emailAddress = emailAddress.Trim();
        if ((AccountRules.NameProblem(name) ?? AccountRules.EmailProblem(emailAddress) ?? AccountRules.PasswordProblem(password, emailAddress)) is { } problem)
        {
            return problem;
        }

        if (!limits.TakeSignUp(from))
        {
            return "Too many accounts were made from here in the last hour; try again later.";
        }

        var now = clock.GetUtcNow();
        var client = new Client { Id = Guid.CreateVersion7(now), Name = name, Email = emailAddress, CreatedAt = now };
        client.PasswordHash = Hasher.HashPassword(client, password);
        var existing = await WithEmail(emailAddress).AsNoTracking().SingleOrDefaultAsync(ct);
        if (existing is null)
        {
            db.Clients.Add(client);
            try
            {
                await db.SaveChangesAsync(ct);
                await SendConfirmationAsync(client, ct);
                return null;
            }
            catch (DbUpdateException e) when (e.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
            {
                // Two sign-ups with one address at the same moment: the unique index decides; the other is as below.
                db.ChangeTracker.Clear();
                existing = await WithEmail(emailAddress).AsNoTracking().SingleAsync(ct);
            }
        }

        if (existing.EmailConfirmedAt is null)
        {
            await SendConfirmationAsync(existing, ct);
        }
        else if (limits.TakeMail(existing.Email))
        {
            Mailbox.Post(db, existing.Email, "Your Letters account",
                $"Dear {existing.Name},\n\nSomeone (we hope you) tried to create an account at Letters with this address, which has one already.\n" +
                $"Sign in here: {site.Link("/app/signin")}\nForgotten the password? Choose a new one here: {site.Link("/app/forgot")}\n\nIf it was not you, ignore this e-mail.", clock.GetUtcNow());
            await db.SaveChangesAsync(ct);
        }

        return null;
    }

    /// <summary>
    /// An admin opens an account for someone (a business signed by hand, say): the address counts as confirmed, and
    /// the e-mail carries a link to choose a password.
    /// </summary>
    public async Task<SignUpResult> CreateByAdminAsync(string name, string emailAddress, CancellationToken ct)
    {
        name = name.Trim();
        emailAddress = emailAddress.Trim();
        if (name.Length is 0 or > 200 || emailAddress.Length is < 3 or > 320 || !emailAddress.Contains('@', StringComparison.Ordinal))
        {
            return new(null, "A client needs a name and an e-mail address.");
        }

        if (await WithEmail(emailAddress).AnyAsync(ct))
        {
            return new(null, "There is already a client with that e-mail address.");
        }

        var now = clock.GetUtcNow();
        var client = new Client { Id = Guid.CreateVersion7(now), Name = name, Email = emailAddress, CreatedAt = now, EmailConfirmedAt = now };
        db.Clients.Add(client);
        var token = Protector("reset").Protect($"{client.Id}|{client.SecurityStamp}", TimeSpan.FromDays(7));
        Mailbox.Post(db, client.Email, "Your Letters account",
            $"Dear {client.Name},\n\nAn account at Letters is ready for you. Choose your password here:\n{Link("/app/reset", token)}\n\nThe link works once, for a week.", now);
        await db.SaveChangesAsync(ct);
        return new(client, null);
    }

    public async Task SendConfirmationAsync(Client client, CancellationToken ct)
    {
        if (!limits.TakeMail(client.Email))
        {
            return;
        }

        var token = Protector("confirm").Protect($"{client.Id}|{client.Email}", TimeSpan.FromDays(3));
        Mailbox.Post(db, client.Email, "Confirm your e-mail for Letters",
            $"Dear {client.Name},\n\nConfirm your address to finish making your account (the link signs you in):\n{Link("/app/confirm", token)}\n\nThe link works for three days. If you did not ask for an account at Letters, ignore this e-mail.", clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The client the link confirmed, or null for a link that is wrong, expired or for an address since changed.</summary>
    public sealed record Confirmation(Client Client, bool Now);

    /// <summary>
    /// The client the link confirms, and whether it confirmed the address just now (then it is also the client's first
    /// sign-in); null for a link that is wrong, expired or for an address since changed, or a suspended client's.
    /// </summary>
    public async Task<Confirmation?> ConfirmAsync(string token, CancellationToken ct)
    {
        if (Unprotect("confirm", token) is not [var id, var address] || !Guid.TryParse(id, out var clientId))
        {
            return null;
        }

        var client = await db.Clients.SingleOrDefaultAsync(c => c.Id == clientId && c.Email == address && c.SuspendedAt == null, ct);
        if (client is null)
        {
            return null;
        }

        // Only the first use confirms: the row is claimed by its null, so two clicks at once confirm once.
        var now = clock.GetUtcNow();
        var confirmed = await db.Clients.Where(c => c.Id == clientId && c.EmailConfirmedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(c => c.EmailConfirmedAt, now), ct) == 1;
        return new Confirmation(client, confirmed);
    }

    /// <summary>The client whose e-mail and password these are, unless suspended; null otherwise (never saying which).</summary>
    public async Task<Client?> CheckPasswordAsync(string emailAddress, string password, CancellationToken ct)
    {
        var client = await WithEmail(emailAddress).SingleOrDefaultAsync(ct);
        if (client?.PasswordHash is null || client.SuspendedAt is not null)
        {
            // As long as a real check, so the time taken does not tell which addresses have an account.
            Hasher.VerifyHashedPassword(Nobody, NobodysHash, password);
            return null;
        }

        var result = Hasher.VerifyHashedPassword(client, client.PasswordHash, password);
        if (result == PasswordVerificationResult.SuccessRehashNeeded)
        {
            client.PasswordHash = Hasher.HashPassword(client, password);
            await db.SaveChangesAsync(ct);
        }

        return result == PasswordVerificationResult.Failed ? null : client;
    }

    public static ClaimsPrincipal Principal(Client client) => new(new ClaimsIdentity(
        [
            new Claim(ApiKeyAuthenticationHandler.ClientIdClaim, client.Id.ToString()),
            new Claim(ClaimTypes.Name, client.Name),
            new Claim(StampClaim, client.SecurityStamp.ToString()),
        ],
        Scheme));

    /// <summary>A reset link, if there is such an account; silent either way, so the form cannot test addresses.</summary>
    public async Task SendPasswordResetAsync(string emailAddress, CancellationToken ct)
    {
        var client = await WithEmail(emailAddress).AsNoTracking().SingleOrDefaultAsync(c => c.SuspendedAt == null, ct);
        if (client is null)
        {
            return;
        }

        if (!limits.TakeMail(client.Email))
        {
            return;
        }

        // The stamp in the link: once the password changes, the stamp does, and the link is spent.
        var token = Protector("reset").Protect($"{client.Id}|{client.SecurityStamp}", TimeSpan.FromHours(1));
        Mailbox.Post(db, client.Email, "Reset your Letters password",
            $"Dear {client.Name},\n\nSomeone (we hope you) asked to reset your password. Choose a new one here:\n{Link("/app/reset", token)}\n\nThe link works once, for an hour. If it was not you, ignore this e-mail.", clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
    }

    public async Task<string?> ResetPasswordAsync(string token, string password, CancellationToken ct)
    {
        if (Unprotect("reset", token) is not [var id, var stamp] || !Guid.TryParse(id, out var clientId))
        {
            return "This link is not valid or has expired. Ask for a new one.";
        }

        var client = await db.Clients.SingleOrDefaultAsync(c => c.Id == clientId && c.SuspendedAt == null, ct);
        if (client is null || client.SecurityStamp.ToString() != stamp)
        {
            return "This link has been used or has expired. Ask for a new one.";
        }

        if (AccountRules.PasswordProblem(password, client.Email) is { } weak)
        {
            return weak;
        }

        client.PasswordHash = Hasher.HashPassword(client, password);
        client.SecurityStamp = Guid.NewGuid();

        // Whoever knew the old password: the reset also confirms the address the link went to.
        client.EmailConfirmedAt ??= clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return null;
    }

    /// <summary>
    /// Signing out ends the session on the server too: the stamp every client cookie carries changes, so a copy of
    /// the cookie (a shared computer, a stolen one) is refused at its next request.
    /// </summary>
    public async Task SignOutAsync(Guid clientId, CancellationToken ct)
    {
        await db.Clients.Where(c => c.Id == clientId).ExecuteUpdateAsync(set => set.SetProperty(c => c.SecurityStamp, Guid.NewGuid()), ct);
        if (http.HttpContext is { } context)
        {
            await context.SignOutAsync(Scheme);
        }
    }

    /// <summary>Suspends a client: every key stops within the key cache's four seconds, every session at its next request.</summary>
    public async Task<bool> SuspendAsync(Guid clientId, bool suspended, CancellationToken ct)
    {
        var client = await db.Clients.SingleOrDefaultAsync(c => c.Id == clientId, ct);
        if (client is null)
        {
            return false;
        }

        client.SuspendedAt = suspended ? client.SuspendedAt ?? clock.GetUtcNow() : null;
        client.SecurityStamp = Guid.NewGuid();
        await db.SaveChangesAsync(ct);
        return true;
    }

    public sealed record NewKey(ApiKey? Key, string? Secret, string? Error);

    /// <summary>A new key with a name; the secret exists only in the answer (we keep its hash).</summary>
    public async Task<NewKey> CreateKeyAsync(Guid clientId, string? name, ApiKeyMode mode, CancellationToken ct)
    {
        var client = await db.Clients.AsNoTracking().SingleAsync(c => c.Id == clientId, ct);
        name = name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 100)
        {
            return new(null, null, "Give the key a name of up to 100 characters, such as where it will be used.");
        }

        if (!MayCreate(client, mode))
        {
            return new(null, null, "Confirm your e-mail address first: until then you can make test keys only.");
        }

        var secret = ApiKeySecrets.Generate(mode);
        var key = new ApiKey
        {
            Id = Guid.CreateVersion7(clock.GetUtcNow()), ClientId = clientId, Mode = mode, Label = name,
            Prefix = ApiKeySecrets.DisplayPrefix(secret), Hash = ApiKeySecrets.Hash(secret), CreatedAt = clock.GetUtcNow(),
        };
        db.ApiKeys.Add(key);

        // A key is a way in: its client hears of every new one, so a key they did not make is noticed.
        Mailbox.Post(db, client.Email, $"A new {WireNames.Of(mode)} API key on your Letters account",
            $"Dear {client.Name},\n\nA {WireNames.Of(mode)} API key named \u201c{name}\u201d ({key.Prefix}\u2026) was made on your account on {key.CreatedAt:d MMMM yyyy 'at' HH:mm} UTC.\n" +
            $"Your keys: {site.Link("/app/keys")}\n\nIf it was not you, revoke it there now and choose a new password: {site.Link("/app/forgot")}", key.CreatedAt);
        await db.SaveChangesAsync(ct);
        return new(key, secret, null);
    }

    /// <summary>Revokes one of the client's own keys (another client's is not found). Every instance refuses it within four seconds.</summary>
    public async Task<ApiKey?> RevokeKeyAsync(Guid clientId, Guid keyId, CancellationToken ct)
    {
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == keyId && k.ClientId == clientId && k.RevokedAt == null, ct);
        if (key is null)
        {
            return null;
        }

        key.RevokedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        http.HttpContext?.RequestServices.GetRequiredService<ApiKeyCache>().Forget(key.Hash);
        return key;
    }

    /// <summary>A new secret for the same name and mode, and the old one revoked, in one transaction.</summary>
    public async Task<NewKey> RotateKeyAsync(Guid clientId, Guid keyId, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var old = await RevokeKeyAsync(clientId, keyId, ct);
        if (old is null)
        {
            return new(null, null, "There is no such key, or it is already revoked.");
        }

        var rotated = await CreateKeyAsync(clientId, old.Label ?? old.Prefix, old.Mode, ct);
        if (rotated.Key is not null)
        {
            await transaction.CommitAsync(ct);
        }

        return rotated;
    }

    /// <summary>Which kinds of key this client may make now: test always, live once the e-mail is confirmed.</summary>
    public static bool MayCreate(Client client, ApiKeyMode mode) =>
        client.SuspendedAt is null && (mode == ApiKeyMode.Test || client.EmailConfirmedAt is not null);

    /// <summary>The client with this address, in any letter case (as the unique index on upper(email) compares them).</summary>
    private IQueryable<Client> WithEmail(string emailAddress)
    {
        var exact = emailAddress.Trim().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
        return db.Clients.Where(c => EF.Functions.ILike(c.Email, exact, "\\"));
    }

    private ITimeLimitedDataProtector Protector(string purpose) =>
        protection.CreateProtector("Letters.ClientAccounts", purpose).ToTimeLimitedDataProtector();

    private string[]? Unprotect(string purpose, string token)
    {
        try
        {
            return Protector(purpose).Unprotect(token, out var expires) is var payload && expires > clock.GetUtcNow() ? payload.Split('|') : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    /// <summary>Links are on the configured public origin: a forged Host header cannot send someone's token elsewhere.</summary>
    private string Link(string path, string token) => site.Link(path, token);
}
