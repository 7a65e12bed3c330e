using Letters.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Letters.Data.Configurations;

public sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> builder)
    {
        builder.ToTable("idempotency_records");
        builder.HasKey(r => r.Id).HasName("pk_idempotency_records");
        builder.Property(r => r.Id).HasColumnName("id").UseIdentityAlwaysColumn();
        builder.Property(r => r.ClientId).HasColumnName("client_id");
        builder.Property(r => r.Key).HasColumnName("key").HasMaxLength(256);
        builder.Property(r => r.RequestHash).HasColumnName("request_hash").HasMaxLength(64);
        builder.Property(r => r.StatusCode).HasColumnName("status_code");
        builder.Property(r => r.ResponseBody).HasColumnName("response_body");
        builder.Property(r => r.CreatedAt).HasColumnName("created_at");
        builder.Property(r => r.ExpiresAt).HasColumnName("expires_at");

        builder.HasIndex(r => new { r.ClientId, r.Key }).IsUnique().HasDatabaseName("ux_idempotency_client_key");
        builder.HasIndex(r => r.ExpiresAt).HasDatabaseName("ix_idempotency_expires_at");
        builder.HasOne<Client>().WithMany().HasForeignKey(r => r.ClientId)
            .HasConstraintName("fk_idempotency_records_clients_client_id").OnDelete(DeleteBehavior.Cascade);
    }
}
