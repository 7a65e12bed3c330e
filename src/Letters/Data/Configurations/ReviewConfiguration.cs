using Letters.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Letters.Data.Configurations;

public sealed class ReviewConfiguration : IEntityTypeConfiguration<Review>
{
    public void Configure(EntityTypeBuilder<Review> builder)
    {
        builder.ToTable("reviews");
        builder.Property(r => r.ReviewerName).HasMaxLength(200);
        builder.Property(r => r.Notes).HasMaxLength(5000);

        builder.HasIndex(r => r.DraftId).HasDatabaseName("ix_reviews_draft_id");
        builder.HasIndex(r => new { r.OrderId, r.CreatedAt }).HasDatabaseName("ix_reviews_order");
        builder.HasOne<Order>().WithMany().HasForeignKey(r => r.OrderId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Draft>().WithMany().HasForeignKey(r => r.DraftId).OnDelete(DeleteBehavior.Restrict);
    }
}
