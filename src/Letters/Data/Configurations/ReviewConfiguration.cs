using Letters.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Letters.Data.Configurations;

public sealed class ReviewConfiguration : IEntityTypeConfiguration<Review>
{
    public void Configure(EntityTypeBuilder<Review> builder)
    {
        builder.ToTable("reviews");
        builder.HasKey(r => r.Id).HasName("pk_reviews");
        builder.Property(r => r.Id).HasColumnName("id");
        builder.Property(r => r.OrderId).HasColumnName("order_id");
        builder.Property(r => r.DraftId).HasColumnName("draft_id");
        builder.Property(r => r.ReviewerId).HasColumnName("reviewer_id");
        builder.Property(r => r.ReviewerName).HasColumnName("reviewer_name").HasMaxLength(200);
        builder.Property(r => r.Decision).HasColumnName("decision").HasMaxLength(24)
            .HasConversion(new SnakeCaseEnumConverter<ReviewDecision>());
        builder.Property(r => r.Notes).HasColumnName("notes").HasMaxLength(5000);
        builder.Property(r => r.CreatedAt).HasColumnName("created_at");

        builder.HasIndex(r => r.DraftId).HasDatabaseName("ix_reviews_draft_id");
        builder.HasIndex(r => new { r.OrderId, r.CreatedAt }).HasDatabaseName("ix_reviews_order");
        builder.HasOne<Order>().WithMany().HasForeignKey(r => r.OrderId)
            .HasConstraintName("fk_reviews_orders_order_id").OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Draft>().WithMany().HasForeignKey(r => r.DraftId)
            .HasConstraintName("fk_reviews_drafts_draft_id").OnDelete(DeleteBehavior.Restrict);
    }
}
