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
}
