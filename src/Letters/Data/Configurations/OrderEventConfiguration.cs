using Letters.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Letters.Data.Configurations;

public sealed class OrderEventConfiguration : IEntityTypeConfiguration<OrderEvent>
{
    public void Configure(EntityTypeBuilder<OrderEvent> builder)
    {
        builder.ToTable("order_events");
        builder.HasKey(e => e.Id).HasName("pk_order_events");
        builder.Property(e => e.Id).HasColumnName("id").UseIdentityAlwaysColumn();
        builder.Property(e => e.OrderId).HasColumnName("order_id");
        builder.Property(e => e.Type).HasColumnName("type").HasMaxLength(40);
        builder.Property(e => e.FromStatus).HasColumnName("from_status").HasMaxLength(32)
            .HasConversion(new SnakeCaseEnumConverter<OrderStatus>());
        builder.Property(e => e.ToStatus).HasColumnName("to_status").HasMaxLength(32)
            .HasConversion(new SnakeCaseEnumConverter<OrderStatus>());
        builder.Property(e => e.ActorKind).HasColumnName("actor_kind").HasMaxLength(16)
            .HasConversion(new SnakeCaseEnumConverter<ActorKind>());
        builder.Property(e => e.ActorId).HasColumnName("actor_id");
        builder.Property(e => e.ActorName).HasColumnName("actor_name").HasMaxLength(200);
        builder.Property(e => e.Note).HasColumnName("note").HasMaxLength(2000);
        builder.Property(e => e.CreatedAt).HasColumnName("created_at");

        builder.HasIndex(e => new { e.OrderId, e.Id }).HasDatabaseName("ix_order_events_order");
        builder.HasOne<Order>().WithMany().HasForeignKey(e => e.OrderId)
            .HasConstraintName("fk_order_events_orders_order_id").OnDelete(DeleteBehavior.Cascade);
    }
}
