using Letters.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Letters.Data.Configurations;

public sealed class RenditionConfiguration : IEntityTypeConfiguration<Rendition>
{
    public void Configure(EntityTypeBuilder<Rendition> builder)
    {
        builder.ToTable("renditions");
        builder.Property(r => r.Sha256).HasMaxLength(64).IsFixedLength();

        builder.HasIndex(r => r.DraftId).HasDatabaseName("ix_renditions_draft_id");
        builder.HasIndex(r => new { r.OrderId, r.Kind, r.CreatedAt }).HasDatabaseName("ix_renditions_order_kind");
        builder.HasOne<Order>().WithMany().HasForeignKey(r => r.OrderId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Draft>().WithMany().HasForeignKey(r => r.DraftId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Document>().WithMany().HasForeignKey(r => r.Sha256).OnDelete(DeleteBehavior.Restrict);
    }
}
