using Letters.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Letters.Data.Configurations;

public sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> builder)
    {
        builder.ToTable("api_keys");
        builder.Property(k => k.Prefix).HasMaxLength(32);
        builder.Property(k => k.Label).HasMaxLength(100);

        // Authentication looks keys up by hash on every request.
        builder.HasIndex(k => k.ClientId).HasDatabaseName("ix_api_keys_client_id");
        builder.HasIndex(k => k.Hash).IsUnique().HasDatabaseName("ux_api_keys_hash");
        builder.HasOne(k => k.Client).WithMany(c => c.ApiKeys).HasForeignKey(k => k.ClientId).OnDelete(DeleteBehavior.Cascade);
    }
}
