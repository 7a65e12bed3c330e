using Letters.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Letters.Data.Configurations;

public sealed class AdminActionConfiguration : IEntityTypeConfiguration<AdminAction>
{
    public void Configure(EntityTypeBuilder<AdminAction> builder)
    {
        builder.ToTable("admin_actions");
        builder.Property(a => a.Id).UseIdentityAlwaysColumn();
        builder.Property(a => a.AdminName).HasMaxLength(320);
        builder.Property(a => a.Action).HasMaxLength(60);
        builder.Property(a => a.Subject).HasMaxLength(200);
        builder.Property(a => a.Details).HasMaxLength(2000);
        builder.HasIndex(a => a.CreatedAt).HasDatabaseName("ix_admin_actions_created_at");
    }
}
