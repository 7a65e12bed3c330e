using Letters.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Letters.Data.Configurations;

public sealed class RenditionConfiguration : IEntityTypeConfiguration<Rendition>
{
    public void Configure(EntityTypeBuilder<Rendition> builder)
    {
        builder.ToTable("renditions");
        builder.HasKey(r => r.Id).HasName("pk_renditions");
        builder.Property(r => r.Id).HasColumnName("id");
        builder.Property(r => r.OrderId).HasColumnName("order_id");
        builder.Property(r => r.DraftId).HasColumnName("draft_id");
        builder.Property(r => r.Kind).HasColumnName("kind").HasMaxLength(8)
            .HasConversion(new SnakeCaseEnumConverter<RenditionKind>());
        builder.Property(r => r.Pdf).HasColumnName("pdf");
        builder.Property(r => r.Sha256).HasColumnName("sha256").HasMaxLength(64).IsFixedLength();
        builder.Property(r => r.PageCount).HasColumnName("page_count");
        builder.Property(r => r.CreatedAt).HasColumnName("created_at");

        builder.HasIndex(r => r.DraftId).HasDatabaseName("ix_renditions_draft_id");
        builder.HasIndex(r => new { r.OrderId, r.Kind, r.CreatedAt }).HasDatabaseName("ix_renditions_order_kind");
        builder.HasOne<Order>().WithMany().HasForeignKey(r => r.OrderId)
            .HasConstraintName("fk_renditions_orders_order_id").OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Draft>().WithMany().HasForeignKey(r => r.DraftId)
            .HasConstraintName("fk_renditions_drafts_draft_id").OnDelete(DeleteBehavior.Restrict);
    }
}
