using Letters.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Letters.Data.Configurations;

public sealed class AdminActionConfiguration : IEntityTypeConfiguration<AdminAction>
{
    public void Configure(EntityTypeBuilder<AdminAction> builder)
    {
        builder.ToTable("admin_actions");
        builder.HasKey(a => a.Id).HasName("pk_admin_actions");
        builder.Property(a => a.Id).HasColumnName("id").UseIdentityAlwaysColumn();
        builder.Property(a => a.AdminId).HasColumnName("admin_id");
        builder.Property(a => a.AdminName).HasColumnName("admin_name").HasMaxLength(320);
        builder.Property(a => a.Action).HasColumnName("action").HasMaxLength(60);
        builder.Property(a => a.Subject).HasColumnName("subject").HasMaxLength(200);
        builder.Property(a => a.Details).HasColumnName("details").HasMaxLength(2000);
        builder.Property(a => a.CreatedAt).HasColumnName("created_at");
        builder.HasIndex(a => a.CreatedAt).HasDatabaseName("ix_admin_actions_created_at");
    }
}
