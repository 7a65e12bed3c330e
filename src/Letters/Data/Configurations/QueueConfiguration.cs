using Letters.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Letters.Data.Configurations;

public sealed class QueueConfiguration : IEntityTypeConfiguration<Queue>
{
    /// <summary>Every database has a default queue, so routing always has somewhere to send an order.</summary>
    public static readonly Guid DefaultQueueId = Guid.Parse("019a0000-0000-7000-8000-000000000001");

    public void Configure(EntityTypeBuilder<Queue> builder)
    {
        builder.ToTable("queues");
        builder.Property(q => q.Slug).HasMaxLength(64);
        builder.Property(q => q.Name).HasMaxLength(200);

        builder.HasIndex(q => q.Slug).IsUnique().HasDatabaseName("ux_queues_slug");
        // At most one default queue, enforced by the database rather than by hope.
        builder.HasIndex(q => q.IsDefault).IsUnique().HasFilter("is_default").HasDatabaseName("ux_queues_default");

        builder.HasData(new Queue
        {
            Id = DefaultQueueId,
            Slug = "general",
            Name = "General",
            IsDefault = true,
            CreatedAt = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero),
        });
    }
}
