using Letters.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Letters.Data.Configurations;

public sealed class RecipientConfiguration : IEntityTypeConfiguration<Recipient>
{
    public void Configure(EntityTypeBuilder<Recipient> builder)
    {
        builder.ToTable("recipients");
        builder.Property(r => r.Name).HasMaxLength(200);
        builder.Property(r => r.Relationship).HasMaxLength(200);
        builder.Property(r => r.AddressLine1).HasMaxLength(200);
        builder.Property(r => r.AddressLine2).HasMaxLength(200);
        builder.Property(r => r.City).HasMaxLength(100);
        builder.Property(r => r.Region).HasMaxLength(100);
        builder.Property(r => r.PostalCode).HasMaxLength(20);
        builder.Property(r => r.Country).HasMaxLength(2).IsFixedLength();

        builder.HasIndex(r => new { r.ClientId, r.CreatedAt, r.Id }).HasDatabaseName("ix_recipients_client_created");
        // The address book and the pickers read a client's first recipients by name: 500 of 20,000, not all of them sorted.
        builder.HasIndex(r => new { r.ClientId, r.Name, r.Id }).HasDatabaseName("ix_recipients_client_name").HasFilter("deleted_at IS NULL");
        // Admins search orders by any part of a recipient's name: trigrams make "%claire%" an index lookup.
        builder.HasIndex(r => r.Name).HasDatabaseName("ix_recipients_name_trgm").HasMethod("gin").HasOperators("gin_trgm_ops");
        builder.HasOne<Client>().WithMany().HasForeignKey(r => r.ClientId).OnDelete(DeleteBehavior.Cascade);
    }
}
