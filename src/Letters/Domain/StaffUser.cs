using Microsoft.AspNetCore.Identity;

namespace Letters.Domain;

/// <summary>A person who signs in to the dashboards: a writer or an admin.</summary>
public sealed class StaffUser : IdentityUser<Guid>
{
    public required string DisplayName { get; set; }
}

public static class StaffRoles
{
    public const string Admin = "admin";
    public const string Writer = "writer";
}
