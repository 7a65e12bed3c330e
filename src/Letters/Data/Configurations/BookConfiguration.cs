using System.Text.Json;
using Letters.Domain;
using Letters.Handwriting.Books;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Letters.Data.Configurations;

public sealed class BookConfiguration : IEntityTypeConfiguration<Book>
{
    public void Configure(EntityTypeBuilder<Book> builder)
    {
        builder.ToTable("books");
        builder.Property(b => b.From).HasColumnName("delivered_from");
        builder.Property(b => b.To).HasColumnName("delivered_to");
        builder.Property(b => b.Title).HasMaxLength(120);
        builder.Property(b => b.Dedication).HasMaxLength(600);
        builder.Property(b => b.Trim).HasConversion<WireNameConverter<BookTrim>>().HasMaxLength(16);
        builder.Property(b => b.State).HasConversion<WireNameConverter<BookState>>().HasMaxLength(16);
        builder.Property(b => b.FailureReason).HasMaxLength(1000);
        builder.Property(b => b.Contents).HasColumnType("jsonb").HasConversion(new ContentsConverter(), new ContentsComparer());
        builder.Property(b => b.Version).IsRowVersion();
        builder.HasIndex(b => new { b.ClientId, b.IsTest, b.CreatedAt }).HasDatabaseName("ix_books_client");

        // The builders look only at books waiting or being built.
        builder.HasIndex(b => b.CreatedAt).HasDatabaseName("ix_books_unbuilt").HasFilter($"state IN ({StateSql.In(Book.Unbuilt)})");
        builder.HasOne<Client>().WithMany().HasForeignKey(b => b.ClientId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Recipient>().WithMany().HasForeignKey(b => b.RecipientId).OnDelete(DeleteBehavior.Cascade);
    }

    public sealed class ContentsConverter() : ValueConverter<List<BookEntry>, string>(
        value => JsonSerializer.Serialize(value, (JsonSerializerOptions?)null),
        json => JsonSerializer.Deserialize<List<BookEntry>>(json, (JsonSerializerOptions?)null) ?? new List<BookEntry>());

    public sealed class ContentsComparer() : ValueComparer<List<BookEntry>>(
        (a, b) => a!.SequenceEqual(b!),
        value => value.Aggregate(0, (hash, e) => HashCode.Combine(hash, e)),
        value => value.ToList());
}

public sealed class BookEventConfiguration : IEntityTypeConfiguration<BookEvent>
{
    public void Configure(EntityTypeBuilder<BookEvent> builder)
    {
        builder.ToTable("book_events");
        builder.Property(e => e.Id).UseIdentityAlwaysColumn();
        builder.Property(e => e.FromState).HasConversion<WireNameConverter<BookState>>().HasMaxLength(16);
        builder.Property(e => e.ToState).HasConversion<WireNameConverter<BookState>>().HasMaxLength(16);
        builder.Property(e => e.Note).HasMaxLength(1000);
        builder.HasIndex(e => new { e.BookId, e.Id }).HasDatabaseName("ix_book_events_book");
        builder.HasOne<Book>().WithMany().HasForeignKey(e => e.BookId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class BookFileConfiguration : IEntityTypeConfiguration<BookFile>
{
    public void Configure(EntityTypeBuilder<BookFile> builder)
    {
        builder.ToTable("book_files");
        builder.HasKey(f => f.BookId);
        builder.Property(f => f.Sha256).HasMaxLength(64).IsFixedLength();
        builder.HasOne<Document>().WithMany().HasForeignKey(f => f.Sha256).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Book>().WithOne().HasForeignKey<BookFile>(f => f.BookId).OnDelete(DeleteBehavior.Cascade);
    }
}
