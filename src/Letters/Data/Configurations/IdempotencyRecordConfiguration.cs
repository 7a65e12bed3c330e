using Letters.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Letters.Data.Configurations;

public sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> builder)
    {
        builder.ToTable("idempotency_records");
        builder.Property(r => r.Id).UseIdentityAlwaysColumn();
        builder.Property(r => r.Key).HasMaxLength(256);
        builder.Property(r => r.RequestHash).HasMaxLength(64);

        builder.HasIndex(r => new { r.ClientId, r.Key }).IsUnique().HasDatabaseName("ux_idempotency_client_key");
        builder.HasIndex(r => r.ExpiresAt).HasDatabaseName("ix_idempotency_expires_at");
        builder.HasOne<Client>().WithMany().HasForeignKey(r => r.ClientId).OnDelete(DeleteBehavior.Cascade);
    }
}
