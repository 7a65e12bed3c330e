using Letters.Data;
using Letters.Domain;
using Microsoft.AspNetCore.Identity;

namespace Letters.Infrastructure;

/// <summary>The one way a staff login is made: the first admin, an admin adding a writer, the demo seed.</summary>
public static class StaffAccounts
{
    /// <summary>
    /// Creates the login and gives it its role. Callers that must not leave a login without its role (or without
    /// the writer profile that goes with it) run this inside their transaction.
    /// </summary>
    public static async Task<(StaffUser User, IdentityResult Result)> CreateAsync(UserManager<StaffUser> users, string email, string displayName, string password, string role)
    {
        var user = new StaffUser { Id = Guid.CreateVersion7(), UserName = email.Trim(), Email = email.Trim(), EmailConfirmed = true, DisplayName = displayName.Trim() };
        var result = await users.CreateAsync(user, password);
        return (user, result.Succeeded ? await users.AddToRoleAsync(user, role) : result);
    }

    /// <summary>
    /// A writer: the login, its role and the writer profile land together or not at all, since a login without a
    /// profile could sign in to a dashboard that has nothing for it. The caller saves nothing else in between.
    /// </summary>
    public static async Task<(Writer? Writer, IdentityResult Result)> CreateWriterAsync(
        LettersDbContext db, UserManager<StaffUser> users, string email, string displayName, string password,
        IEnumerable<string> skills, IEnumerable<string> languages, int capacity, Availability availability, DateTimeOffset now, CancellationToken ct)
    {
        var ownTransaction = db.Database.CurrentTransaction is null;
        await using var transaction = ownTransaction ? await db.Database.BeginTransactionAsync(ct) : null;
        var (user, result) = await CreateAsync(users, email, displayName, password, StaffRoles.Writer);
        if (!result.Succeeded)
        {
            return (null, result);
        }

        var writer = new Writer
        {
            Id = Guid.CreateVersion7(), UserId = user.Id, DisplayName = user.DisplayName, Skills = [.. skills], Languages = [.. languages],
            Capacity = capacity, Availability = availability, CreatedAt = now.TruncateToMicroseconds(),
        };
        db.Writers.Add(writer);
        await db.SaveChangesAsync(ct);
        if (transaction is not null)
        {
            await transaction.CommitAsync(ct);
        }

        return (writer, result);
    }
}
