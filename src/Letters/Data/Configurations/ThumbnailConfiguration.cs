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
        builder.Property(t => t.Sha256).HasMaxLength(64).IsFixedLength();
        builder.HasOne<Document>().WithMany().HasForeignKey(t => t.Sha256).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class PictureJobConfiguration : IEntityTypeConfiguration<PictureJob>
{
    public void Configure(EntityTypeBuilder<PictureJob> builder)
    {
        builder.ToTable("picture_jobs");
        builder.HasKey(j => j.RenditionId);
        builder.HasIndex(j => new { j.ClientId, j.CreatedAt }).HasDatabaseName("ix_picture_jobs_client");
        builder.HasOne<Rendition>().WithOne().HasForeignKey<PictureJob>(j => j.RenditionId).OnDelete(DeleteBehavior.Cascade);
    }
}
