using Letters.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Letters.Data.Configurations;

public sealed class RoutingRuleConfiguration : IEntityTypeConfiguration<RoutingRule>
{
    public void Configure(EntityTypeBuilder<RoutingRule> builder)
    {
        builder.ToTable("routing_rules");
        builder.HasKey(r => r.Id).HasName("pk_routing_rules");
        builder.Property(r => r.Id).HasColumnName("id");
        builder.Property(r => r.QueueId).HasColumnName("queue_id");
        builder.Property(r => r.Position).HasColumnName("position");
        builder.Property(r => r.Occasion).HasColumnName("occasion").HasMaxLength(32);
        builder.Property(r => r.Language).HasColumnName("language").HasMaxLength(35);

        builder.HasIndex(r => r.QueueId).HasDatabaseName("ix_routing_rules_queue_id");
        builder.HasIndex(r => r.Position).HasDatabaseName("ix_routing_rules_position");
        builder.HasOne(r => r.Queue).WithMany().HasForeignKey(r => r.QueueId)
            .HasConstraintName("fk_routing_rules_queues_queue_id").OnDelete(DeleteBehavior.Cascade);
    }
}
