using Letters.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Letters.Data.Configurations;

public sealed class DraftConfiguration : IEntityTypeConfiguration<Draft>
{
    public void Configure(EntityTypeBuilder<Draft> builder)
    {
        builder.ToTable("drafts");
        builder.HasKey(d => d.Id).HasName("pk_drafts");
        builder.Property(d => d.Id).HasColumnName("id");
        builder.Property(d => d.OrderId).HasColumnName("order_id");
        builder.Property(d => d.Version).HasColumnName("version");
        builder.Property(d => d.WriterId).HasColumnName("writer_id");
        builder.Property(d => d.Attempt).HasColumnName("attempt");
        builder.Property(d => d.Salutation).HasColumnName("salutation").HasMaxLength(200);
        builder.Property(d => d.Body).HasColumnName("body").HasMaxLength(20000);
        builder.Property(d => d.Closing).HasColumnName("closing").HasMaxLength(200);
        builder.Property(d => d.Signature).HasColumnName("signature").HasMaxLength(200);
        builder.Property(d => d.Submitted).HasColumnName("submitted");
        builder.Property(d => d.CreatedAt).HasColumnName("created_at");
        builder.Property(d => d.SavedAt).HasColumnName("saved_at");
        builder.Property(d => d.Saves).HasColumnName("saves").HasDefaultValue(1);
        builder.Property(d => d.Session).HasColumnName("session");

        // Two tabs saving at once both compute the next version; this index makes the second one fail loudly.
        builder.HasIndex(d => d.WriterId).HasDatabaseName("ix_drafts_writer_id");
        builder.HasIndex(d => new { d.OrderId, d.Version }).IsUnique().HasDatabaseName("ux_drafts_order_version");
        builder.HasOne<Order>().WithMany().HasForeignKey(d => d.OrderId)
            .HasConstraintName("fk_drafts_orders_order_id").OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Writer>().WithMany().HasForeignKey(d => d.WriterId)
            .HasConstraintName("fk_drafts_writers_writer_id").OnDelete(DeleteBehavior.Restrict);
    }
}
