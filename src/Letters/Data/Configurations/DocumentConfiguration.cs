using Letters.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Letters.Data.Configurations;

public sealed class DocumentConfiguration : IEntityTypeConfiguration<Document>
{
    public void Configure(EntityTypeBuilder<Document> builder)
    {
        builder.ToTable("documents", table => table.HasCheckConstraint("ck_documents_content_in_postgres", "(store = 'postgres') = (content IS NOT NULL)"));
        builder.HasKey(d => d.Sha256);
        builder.Property(d => d.Sha256).HasMaxLength(64).IsFixedLength();
        builder.Property(d => d.ContentType).HasMaxLength(100);
        builder.Property(d => d.Store).HasConversion<WireNameConverter<DocumentStoreKind>>().HasMaxLength(16);

        // A move between stores takes the next documents still in the one it empties.
        builder.HasIndex(d => new { d.Store, d.Sha256 }).HasDatabaseName("ix_documents_store");
    }
}
