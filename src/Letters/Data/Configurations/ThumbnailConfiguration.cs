using Letters.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Letters.Data.Configurations;

public sealed class ThumbnailConfiguration : IEntityTypeConfiguration<Thumbnail>
{
    public void Configure(EntityTypeBuilder<Thumbnail> builder)
    {
        builder.ToTable("thumbnails");
        builder.HasKey(t => new { t.RenditionId, t.Page, t.Width });
        builder.HasOne<Rendition>().WithMany().HasForeignKey(t => t.RenditionId).OnDelete(DeleteBehavior.Cascade);
    }
}
