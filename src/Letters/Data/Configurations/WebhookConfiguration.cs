using Letters.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Letters.Data.Configurations;

public sealed class WebhookEndpointConfiguration : IEntityTypeConfiguration<WebhookEndpoint>
{
    public void Configure(EntityTypeBuilder<WebhookEndpoint> builder)
    {
        builder.ToTable("webhook_endpoints");
        builder.Property(e => e.Url).HasMaxLength(2048);
        builder.Property(e => e.Description).HasMaxLength(500);
        builder.Property(e => e.Secret).HasMaxLength(100);
        builder.Property(e => e.PreviousSecret).HasMaxLength(100);
        builder.Property(e => e.DisabledReason).HasMaxLength(500);
        builder.HasIndex(e => new { e.ClientId, e.IsTest, e.CreatedAt }).HasDatabaseName("ix_webhook_endpoints_client");
        builder.HasOne<Client>().WithMany().HasForeignKey(e => e.ClientId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class WebhookMessageConfiguration : IEntityTypeConfiguration<WebhookMessage>
{
    public void Configure(EntityTypeBuilder<WebhookMessage> builder)
    {
        builder.ToTable("webhook_messages");
        builder.Property(m => m.Id).HasMaxLength(40);
        builder.Property(m => m.Type).HasMaxLength(40);
        builder.HasIndex(m => m.EventId).IsUnique().HasDatabaseName("ux_webhook_messages_event");
        builder.HasOne<Client>().WithMany().HasForeignKey(m => m.ClientId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> builder)
    {
        builder.ToTable("webhook_deliveries");
        builder.Property(d => d.Id).UseIdentityAlwaysColumn();
        builder.Property(d => d.MessageId).HasMaxLength(40);
        builder.Property(d => d.State).HasConversion<WireNameConverter<WebhookDeliveryState>>().HasMaxLength(16);

        // An event reaches an endpoint once by itself; a replay is a second delivery beside it.
        builder.HasIndex(d => new { d.EndpointId, d.MessageId }).IsUnique().HasFilter("NOT is_replay").HasDatabaseName("ux_webhook_deliveries_first");

        // The senders' claim reads only what waits, a client at a time, soonest first; and counts a client's
        // attempts in flight (few rows: a lease is cleared when its attempt is recorded).
        builder.HasIndex(d => new { d.ClientId, d.NextAttemptAt }).HasFilter($"state = {StateSql.Of(WebhookDeliveryState.Pending)}").HasDatabaseName("ix_webhook_deliveries_due");
        builder.HasIndex(d => d.ClientId).HasFilter("lease_until IS NOT NULL").HasDatabaseName("ix_webhook_deliveries_in_flight");

        // A replay waits behind the last one of its endpoint: counted from the replays still pending.
        builder.HasIndex(d => d.EndpointId).HasFilter($"is_replay AND state = {StateSql.Of(WebhookDeliveryState.Pending)}").HasDatabaseName("ix_webhook_deliveries_replays");
        builder.HasOne<Client>().WithMany().HasForeignKey(d => d.ClientId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<WebhookEndpoint>().WithMany().HasForeignKey(d => d.EndpointId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<WebhookMessage>().WithMany().HasForeignKey(d => d.MessageId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class WebhookAttemptConfiguration : IEntityTypeConfiguration<WebhookAttempt>
{
    public void Configure(EntityTypeBuilder<WebhookAttempt> builder)
    {
        builder.ToTable("webhook_attempts");
        builder.Property(a => a.Id).UseIdentityAlwaysColumn();
        builder.Property(a => a.MessageId).HasMaxLength(40);
        builder.Property(a => a.EventType).HasMaxLength(40);
        builder.Property(a => a.Response).HasMaxLength(1100);
        builder.HasIndex(a => new { a.EndpointId, a.Id }).HasDatabaseName("ix_webhook_attempts_endpoint");
        builder.HasOne<WebhookDelivery>().WithMany().HasForeignKey(a => a.DeliveryId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>The last feed position the relay gave an event: one row, moved in the transaction that fans events out.</summary>
public sealed class WebhookRelayCursor
{
    public int Id { get; set; }
    public long LastSequence { get; set; }
}

public sealed class WebhookRelayCursorConfiguration : IEntityTypeConfiguration<WebhookRelayCursor>
{
    public void Configure(EntityTypeBuilder<WebhookRelayCursor> builder)
    {
        builder.ToTable("webhook_relay_cursor");
        builder.Property(c => c.Id).ValueGeneratedNever();
    }
}
