using Letters.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Letters.Data.Configurations;

public sealed class RoutingRuleConfiguration : IEntityTypeConfiguration<RoutingRule>
{
    public void Configure(EntityTypeBuilder<RoutingRule> builder)
    {
        builder.ToTable("routing_rules");
        builder.Property(r => r.Occasion).HasMaxLength(32);
        builder.Property(r => r.Language).HasMaxLength(35);

        builder.HasIndex(r => r.QueueId).HasDatabaseName("ix_routing_rules_queue_id");
        builder.HasIndex(r => r.Position).HasDatabaseName("ix_routing_rules_position");
        builder.HasOne(r => r.Queue).WithMany().HasForeignKey(r => r.QueueId).OnDelete(DeleteBehavior.Cascade);
    }
}
