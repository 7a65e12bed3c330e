using Letters.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Letters.Data.Configurations;

public sealed class OrderEventConfiguration : IEntityTypeConfiguration<OrderEvent>
{
    public void Configure(EntityTypeBuilder<OrderEvent> builder)
    {
        builder.ToTable("order_events");
        builder.Property(e => e.Id).UseIdentityAlwaysColumn();
        builder.Property(e => e.Type).HasMaxLength(40);
        builder.Property(e => e.ActorName).HasMaxLength(200);
        builder.Property(e => e.Note).HasMaxLength(2000);

        builder.HasIndex(e => new { e.OrderId, e.Id }).HasDatabaseName("ix_order_events_order");
        // The queues page's 14-day chart reads only deliveries, and only recent ones.
        builder.HasIndex(e => e.CreatedAt).HasDatabaseName("ix_order_events_delivered").HasFilter($"type = '{OrderEventTypes.Delivered}'");
        // The relay finds what it has not sequenced yet by this small index; it empties as fast as events arrive.
        builder.HasIndex(e => e.Id).HasDatabaseName("ix_order_events_unsequenced").HasFilter("sequence IS NULL");

        // order_events.client_id (the order's client, filled by a trigger, not mapped) leads the feed's index,
        // created with it in the migration.
        builder.HasOne<Order>().WithMany().HasForeignKey(e => e.OrderId).OnDelete(DeleteBehavior.Cascade);
    }
}
