using Letters.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Letters.Data.Configurations;

// ASP.NET Core Identity owns these tables' shapes; we only give them our snake_case names.

public sealed class StaffUserConfiguration : IEntityTypeConfiguration<StaffUser>
{
    public void Configure(EntityTypeBuilder<StaffUser> builder)
    {
        builder.ToTable("users");
        builder.Property(u => u.DisplayName).HasMaxLength(200);
    }
}

public sealed class RoleConfiguration : IEntityTypeConfiguration<IdentityRole<Guid>>
{
    public void Configure(EntityTypeBuilder<IdentityRole<Guid>> builder)
    {
        builder.ToTable("roles");

        // The two roles are part of the schema, not of demo data: without them no admin could add a writer in
        // production. Fixed ids and stamps keep the migration stable.
        builder.HasData(
            new IdentityRole<Guid> { Id = new Guid("0193a000-0000-7000-8000-0000000000a1"), Name = StaffRoles.Admin, NormalizedName = "ADMIN", ConcurrencyStamp = "role-admin" },
            new IdentityRole<Guid> { Id = new Guid("0193a000-0000-7000-8000-0000000000a2"), Name = StaffRoles.Writer, NormalizedName = "WRITER", ConcurrencyStamp = "role-writer" });
    }
}

public sealed class UserRoleConfiguration : IEntityTypeConfiguration<IdentityUserRole<Guid>>
{
    public void Configure(EntityTypeBuilder<IdentityUserRole<Guid>> builder)
    {
        builder.ToTable("user_roles");
    }
}

public sealed class UserClaimConfiguration : IEntityTypeConfiguration<IdentityUserClaim<Guid>>
{
    public void Configure(EntityTypeBuilder<IdentityUserClaim<Guid>> builder)
    {
        builder.ToTable("user_claims");
    }
}

public sealed class UserLoginConfiguration : IEntityTypeConfiguration<IdentityUserLogin<Guid>>
{
    public void Configure(EntityTypeBuilder<IdentityUserLogin<Guid>> builder)
    {
        builder.ToTable("user_logins");
    }
}

public sealed class UserTokenConfiguration : IEntityTypeConfiguration<IdentityUserToken<Guid>>
{
    public void Configure(EntityTypeBuilder<IdentityUserToken<Guid>> builder)
    {
        builder.ToTable("user_tokens");
    }
}

public sealed class RoleClaimConfiguration : IEntityTypeConfiguration<IdentityRoleClaim<Guid>>
{
    public void Configure(EntityTypeBuilder<IdentityRoleClaim<Guid>> builder)
    {
        builder.ToTable("role_claims");
        // The convention would name the key after Identity's default table (asp_net_roles), not ours.
        builder.HasOne<IdentityRole<Guid>>().WithMany().HasForeignKey(c => c.RoleId).HasConstraintName("fk_role_claims_roles_role_id");
    }
}
