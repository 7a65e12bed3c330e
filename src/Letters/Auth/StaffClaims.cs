using System.Security.Claims;
using Letters.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Letters.Auth;

/// <summary>
/// Puts the staff member's display name into their sign-in, so pages and records say "Ada Lovelace", not the
/// e-mail address Identity uses as the user name.
/// </summary>
public sealed class StaffClaimsFactory(UserManager<StaffUser> users, RoleManager<IdentityRole<Guid>> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<StaffUser, IdentityRole<Guid>>(users, roles, options)
{
    public const string DisplayNameClaim = "display_name";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(StaffUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(DisplayNameClaim, user.DisplayName));
        return identity;
    }
}

public static class StaffPrincipal
{
    /// <summary>The signed-in staff member's name as people know it.</summary>
    public static string DisplayName(this ClaimsPrincipal user) =>
        user.FindFirstValue(StaffClaimsFactory.DisplayNameClaim) ?? user.Identity?.Name ?? "staff";
}
