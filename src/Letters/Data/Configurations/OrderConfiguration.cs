using Letters.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Letters.Data.Configurations;

public sealed class OrderConfiguration : IEntityTypeConfiguration<Order>
{
    private static readonly string Queued = StateSql.Of(OrderStatus.Queued);

    public void Configure(EntityTypeBuilder<Order> builder)
    {
        builder.ToTable("orders", t =>
        {
            t.HasCheckConstraint("ck_orders_attempt", "attempt >= 0");
            // A claimed letter always has a holder and a lease; a queued one never does.
            t.HasCheckConstraint(
                "ck_orders_claim",
                $"(status IN ({OrderStateMachine.HeldSql}) AND claimed_by IS NOT NULL AND lease_until IS NOT NULL)" +
                $" OR (status NOT IN ({OrderStateMachine.HeldSql}))");
            t.HasCheckConstraint("ck_orders_queued_unclaimed", $"status <> {Queued} OR claimed_by IS NULL");
        });
        builder.Property(o => o.Occasion).HasMaxLength(32);
        LetterSettingsConfiguration.Configure(builder);
        builder.Property(o => o.Brief).HasMaxLength(5000);
        builder.Property(o => o.EnvelopeSize).HasMaxLength(16);
        builder.Property(o => o.Metadata).HasColumnType("jsonb")
            .HasConversion(new MetadataConverter(), new MetadataComparer());

        builder.Property(o => o.MergeFields!).HasColumnType("jsonb")
            .HasConversion(new MetadataConverter(), new MetadataComparer());

        builder.Property(o => o.Version).IsRowVersion();

        // A campaign row becomes one order, however often its import batch is retried; the print file and the
        // renderer read a campaign's letters in row order.
        builder.HasIndex(o => new { o.CampaignId, o.CampaignRow }).IsUnique().HasDatabaseName("ux_orders_campaign_row")
            .HasFilter("campaign_id IS NOT NULL");
        // A one-letter campaign's recipients wait, received, until its letter is approved; the render loops take
        // them in row order, and only them, however many letters the campaign has finished.
        builder.HasIndex(o => new { o.CampaignId, o.CampaignRow }, "ix_orders_campaign_waiting").HasDatabaseName("ix_orders_campaign_waiting")
            .HasFilter($"status IN ({OrderStateMachine.ApproveFromCampaign.FromSql}) AND campaign_id IS NOT NULL");
        builder.HasOne<Campaign>().WithMany().HasForeignKey(o => o.CampaignId).OnDelete(DeleteBehavior.Restrict);

        // Cursor pages walk (client, created_at, id); the claim reads only waiting rows, so its index is partial
        // and its cost stays flat however many letters are finished.
        builder.HasIndex(o => new { o.ClientId, o.CreatedAt, o.Id }).HasDatabaseName("ix_orders_client_created");
        builder.HasIndex(o => new { o.Priority, o.DueAt, o.CreatedAt, o.Id })
            .IsDescending(true, false, false, false)
            .HasDatabaseName("ix_orders_waiting")
            .HasFilter($"status = {Queued}");
        builder.HasIndex(o => o.QueueId).HasDatabaseName("ix_orders_queue_waiting").HasFilter($"status = {Queued}");
        // Filtered on lease_until itself, not claimed_by: with the same predicate as ix_orders_claimed_by the
        // planner took it for "what does this writer hold" and scanned every claimed letter on every claim.
        builder.HasIndex(o => o.LeaseUntil).HasDatabaseName("ix_orders_lease_until")
            .HasFilter("lease_until IS NOT NULL");
        // With the status in the key, "what does this writer hold" (counted on every claim) reads only the letters
        // they hold now: a finished letter keeps its writer for continuity, and on claimed_by alone a writer with
        // 3,000 letters behind them made each claim visit all 3,000 rows (4.7 ms; 0.1 ms with the status).
        builder.HasIndex(o => new { o.ClaimedBy, o.Status }).HasDatabaseName("ix_orders_claimed_by")
            .HasFilter("claimed_by IS NOT NULL");
        builder.HasIndex(o => o.RecipientId).HasDatabaseName("ix_orders_recipient_id");
        // The writer's "letters that came before" to this recipient, newest first: years of anniversaries to one
        // person are read from the newest back, not all fetched and sorted (85 ms for a recipient with 12,000).
        builder.HasIndex(o => new { o.RecipientId, o.UpdatedAt }).IsDescending(false, true).HasDatabaseName("ix_orders_recipient_finished")
            .HasFilter($"status IN ({Order.WrittenSql})");
        // Only the claim looks for a writer's sticky offers, and only for waiting ones, in claim order. Finished
        // letters keep theirs: over all of them a veteran's claim walked thousands of rows, and a generic plan
        // preferred walking the whole waiting queue to sorting them. In claim order the first entry is the answer.
        // Writers are deactivated, never deleted, so the foreign key needs no index of its own.
        builder.HasIndex(o => new { o.StickyWriterId, o.Priority, o.DueAt, o.CreatedAt, o.Id })
            .IsDescending(false, true, false, false, false)
            .HasDatabaseName("ix_orders_sticky_waiting")
            .HasFilter($"status = {Queued} AND sticky_writer_id IS NOT NULL");
        builder.HasIndex(o => o.CreatedAt).HasDatabaseName("ix_orders_autopilot").HasFilter($"auto_draft AND status = {Queued}");
        // Only orders that carry metadata are indexed (the searches say "metadata <> '{}'" to match): every claim,
        // save and status change rewrites the row, and a GIN entry per rewrite of an empty object was ~15% of a
        // claim's cost for nothing.
        // The admin console lists every client's orders newest first, whole or by status, occasion or writer; the
        // API lists one client's by status. Each filter has an index in the list's order, so a page reads its rows
        // and stops, however many years are behind it.
        builder.HasIndex(o => new { o.CreatedAt, o.Id }).IsDescending(true, true).HasDatabaseName("ix_orders_created");
        builder.HasIndex(o => new { o.Status, o.CreatedAt, o.Id }).IsDescending(false, true, true).HasDatabaseName("ix_orders_status_created");
        builder.HasIndex(o => new { o.Occasion, o.CreatedAt, o.Id }).IsDescending(false, true, true).HasDatabaseName("ix_orders_occasion_created");
        builder.HasIndex(o => new { o.ClaimedBy, o.CreatedAt, o.Id }).IsDescending(false, true, true).HasDatabaseName("ix_orders_writer_created")
            .HasFilter("claimed_by IS NOT NULL");
        builder.HasIndex(o => new { o.ClientId, o.Status, o.CreatedAt, o.Id }).HasDatabaseName("ix_orders_client_status_created");
        // Without it a client who never ordered a condolence letter made GET /v1/orders?occasion=condolence walk
        // every order they ever placed, looking for one.
        builder.HasIndex(o => new { o.ClientId, o.Occasion, o.CreatedAt, o.Id }).HasDatabaseName("ix_orders_client_occasion_created");
        // The admin search by words in the brief reads orders.brief_search, a stored tsvector of the brief with its
        // own GIN index, made in the BriefSearch migration and kept out of the model so no ordinary read carries it
        // (see AdminOrdersModel.SearchAsync).
        // The review inbox and the SLA counts read only the few letters in those states.
        builder.HasIndex(o => o.UpdatedAt).HasDatabaseName("ix_orders_in_review").HasFilter($"status = {StateSql.Of(OrderStatus.InReview)}");
        builder.HasIndex(o => new { o.QueueId, o.DueAt }).HasDatabaseName("ix_orders_unwritten_due")
            .HasFilter($"status IN ({Order.UnwrittenSql})");
        builder.HasIndex(o => o.Metadata).HasDatabaseName("ix_orders_metadata").HasMethod("gin").HasFilter("metadata <> '{}'::jsonb");

        builder.HasOne(o => o.Client).WithMany().HasForeignKey(o => o.ClientId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(o => o.Recipient).WithMany().HasForeignKey(o => o.RecipientId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(o => o.Queue).WithMany().HasForeignKey(o => o.QueueId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<Writer>().WithMany().HasForeignKey(o => o.ClaimedBy).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Writer>().WithMany().HasForeignKey(o => o.StickyWriterId).OnDelete(DeleteBehavior.SetNull);
    }
}
