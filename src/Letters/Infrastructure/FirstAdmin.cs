using Letters.Domain;
using Microsoft.AspNetCore.Identity;

namespace Letters.Infrastructure;

/// <summary>
/// A new production database has no one who can sign in. When <c>Letters:FirstAdmin:Email</c> and
/// <c>Letters:FirstAdmin:Password</c> are set and no admin exists yet, this creates that admin; once any admin
/// exists it does nothing, so the settings may stay in place (or better, be removed after the first start).
/// </summary>
public static partial class FirstAdmin
{
    public static async Task EnsureAsync(IServiceProvider services, IConfiguration configuration, ILogger logger, CancellationToken ct = default)
    {
        var email = configuration["Letters:FirstAdmin:Email"];
        var password = configuration["Letters:FirstAdmin:Password"];
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrEmpty(password))
        {
            return;
        }

        var users = services.GetRequiredService<UserManager<StaffUser>>();
        if ((await users.GetUsersInRoleAsync(StaffRoles.Admin)).Count > 0)
        {
            return;
        }

        var db = services.GetRequiredService<Data.LettersDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var name = configuration["Letters:FirstAdmin:Name"] is { Length: > 0 } configured ? configured : "Administrator";
        var (user, added) = await StaffAccounts.CreateAsync(users, email, name, password, StaffRoles.Admin);
        if (!added.Succeeded)
        {
            // A bad first password must stop the start: an operator watching the logs fixes it at once, whereas
            // a running service nobody can sign in to only looks healthy.
            throw new InvalidOperationException($"The first admin could not be created: {string.Join(" ", added.Errors.Select(e => e.Description))}");
        }

        await transaction.CommitAsync(ct);
        LogCreated(logger, user.Email!);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the first admin, {Email}")]
    private static partial void LogCreated(ILogger logger, string email);
}
