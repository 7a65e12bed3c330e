using Letters.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Letters.Data.Configurations;

public sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> builder)
    {
        builder.ToTable("api_keys");
        builder.HasKey(k => k.Id).HasName("pk_api_keys");
        builder.Property(k => k.Id).HasColumnName("id");
        builder.Property(k => k.ClientId).HasColumnName("client_id");
        builder.Property(k => k.Mode).HasColumnName("mode").HasMaxLength(8)
            .HasConversion(new SnakeCaseEnumConverter<ApiKeyMode>());
        builder.Property(k => k.Prefix).HasColumnName("prefix").HasMaxLength(32);
        builder.Property(k => k.Hash).HasColumnName("hash");
        builder.Property(k => k.Label).HasColumnName("label").HasMaxLength(100);
        builder.Property(k => k.CreatedAt).HasColumnName("created_at");
        builder.Property(k => k.RevokedAt).HasColumnName("revoked_at");

        // Authentication looks keys up by hash on every request.
        builder.HasIndex(k => k.ClientId).HasDatabaseName("ix_api_keys_client_id");
        builder.HasIndex(k => k.Hash).IsUnique().HasDatabaseName("ux_api_keys_hash");
        builder.HasOne(k => k.Client).WithMany(c => c.ApiKeys).HasForeignKey(k => k.ClientId)
            .HasConstraintName("fk_api_keys_clients_client_id").OnDelete(DeleteBehavior.Cascade);
    }
}
