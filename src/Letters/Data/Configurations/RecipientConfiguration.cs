using Letters.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Letters.Data.Configurations;

public sealed class RecipientConfiguration : IEntityTypeConfiguration<Recipient>
{
    public void Configure(EntityTypeBuilder<Recipient> builder)
    {
        builder.ToTable("recipients");
        builder.HasKey(r => r.Id).HasName("pk_recipients");
        builder.Property(r => r.Id).HasColumnName("id");
        builder.Property(r => r.ClientId).HasColumnName("client_id");
        builder.Property(r => r.Name).HasColumnName("name").HasMaxLength(200);
        builder.Property(r => r.Relationship).HasColumnName("relationship").HasMaxLength(200);
        builder.Property(r => r.AddressLine1).HasColumnName("address_line1").HasMaxLength(200);
        builder.Property(r => r.AddressLine2).HasColumnName("address_line2").HasMaxLength(200);
        builder.Property(r => r.City).HasColumnName("city").HasMaxLength(100);
        builder.Property(r => r.Region).HasColumnName("region").HasMaxLength(100);
        builder.Property(r => r.PostalCode).HasColumnName("postal_code").HasMaxLength(20);
        builder.Property(r => r.Country).HasColumnName("country").HasMaxLength(2).IsFixedLength();
        builder.Property(r => r.CreatedAt).HasColumnName("created_at");
        builder.Property(r => r.UpdatedAt).HasColumnName("updated_at");
        builder.Property(r => r.DeletedAt).HasColumnName("deleted_at");

        builder.HasIndex(r => new { r.ClientId, r.CreatedAt, r.Id }).HasDatabaseName("ix_recipients_client_created");
        builder.HasOne<Client>().WithMany().HasForeignKey(r => r.ClientId)
            .HasConstraintName("fk_recipients_clients_client_id").OnDelete(DeleteBehavior.Cascade);
    }
}
