using Letters.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Letters.Data.Configurations;

public sealed class DraftConfiguration : IEntityTypeConfiguration<Draft>
{
    public void Configure(EntityTypeBuilder<Draft> builder)
    {
        builder.ToTable("drafts");
        builder.Property(d => d.Salutation).HasMaxLength(200);
        builder.Property(d => d.Body).HasMaxLength(20000);
        builder.Property(d => d.Closing).HasMaxLength(200);
        builder.Property(d => d.Signature).HasMaxLength(200);
        builder.Property(d => d.Saves).HasDefaultValue(1);

        // Two tabs saving at once both compute the next version; this index makes the second one fail loudly.
        builder.HasIndex(d => d.WriterId).HasDatabaseName("ix_drafts_writer_id");
        builder.HasIndex(d => new { d.OrderId, d.Version }).IsUnique().HasDatabaseName("ux_drafts_order_version");
        builder.HasOne<Order>().WithMany().HasForeignKey(d => d.OrderId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Writer>().WithMany().HasForeignKey(d => d.WriterId).OnDelete(DeleteBehavior.Restrict);
    }
}
