using Letters.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Letters.Data.Configurations;

public sealed class ThumbnailConfiguration : IEntityTypeConfiguration<Thumbnail>
{
    public void Configure(EntityTypeBuilder<Thumbnail> builder)
    {
        builder.ToTable("thumbnails");
        builder.HasKey(t => new { t.RenditionId, t.Page, t.Width }).HasName("pk_thumbnails");
        builder.Property(t => t.RenditionId).HasColumnName("rendition_id");
        builder.Property(t => t.Page).HasColumnName("page");
        builder.Property(t => t.Width).HasColumnName("width");
        builder.Property(t => t.Png).HasColumnName("png");
        builder.Property(t => t.CreatedAt).HasColumnName("created_at");
        builder.HasOne<Rendition>().WithMany().HasForeignKey(t => t.RenditionId)
            .HasConstraintName("fk_thumbnails_renditions_rendition_id").OnDelete(DeleteBehavior.Cascade);
    }
}
