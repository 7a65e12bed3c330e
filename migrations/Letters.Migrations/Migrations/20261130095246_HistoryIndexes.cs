using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Letters.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class HistoryIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:pg_trgm", ",,");

            migrationBuilder.CreateIndex(
                name: "ix_recipients_name_trgm",
                table: "recipients",
                column: "name")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_orders_client_status_created",
                table: "orders",
                columns: new[] { "client_id", "status", "created_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_orders_created",
                table: "orders",
                columns: new[] { "created_at", "id" },
                descending: new bool[0]);

            migrationBuilder.CreateIndex(
                name: "ix_orders_in_review",
                table: "orders",
                column: "updated_at",
                filter: "status = 'in_review'");

            migrationBuilder.CreateIndex(
                name: "ix_orders_occasion_created",
                table: "orders",
                columns: new[] { "occasion", "created_at", "id" },
                descending: new[] { false, true, true });

            migrationBuilder.CreateIndex(
                name: "ix_orders_status_created",
                table: "orders",
                columns: new[] { "status", "created_at", "id" },
                descending: new[] { false, true, true });

            migrationBuilder.CreateIndex(
                name: "ix_orders_unwritten_due",
                table: "orders",
                columns: new[] { "queue_id", "due_at" },
                filter: "status IN ('received', 'queued', 'claimed', 'changes_requested')");

            migrationBuilder.CreateIndex(
                name: "ix_orders_writer_created",
                table: "orders",
                columns: new[] { "claimed_by", "created_at", "id" },
                descending: new[] { false, true, true },
                filter: "claimed_by IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_order_events_delivered",
                table: "order_events",
                column: "created_at",
                filter: "type = 'delivered'");

            migrationBuilder.CreateIndex(
                name: "ix_clients_search_trgm",
                table: "clients",
                columns: new[] { "name", "email" })
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops", "gin_trgm_ops" });

            // Writer statistics, counted in the background instead of on every view of the writers page (see
            // WriterStatistics). Each submission pairs with the writer's latest claim of that letter that no
            // earlier submission answered; the unique index lets REFRESH … CONCURRENTLY leave readers alone.
            migrationBuilder.Sql("""
                CREATE MATERIALIZED VIEW writer_statistics AS
                WITH submitted AS (
                    SELECT s.actor_id AS writer_id, extract(epoch FROM s.created_at - c.created_at) / 60 AS minutes
                    FROM order_events s
                    CROSS JOIN LATERAL (
                        SELECT c.id, c.created_at FROM order_events c
                        WHERE c.order_id = s.order_id AND c.actor_id = s.actor_id AND c.type = 'claimed' AND c.id < s.id
                        ORDER BY c.id DESC LIMIT 1) c
                    WHERE s.type = 'draft_submitted' AND s.actor_kind = 'writer'
                      AND NOT EXISTS (SELECT 1 FROM order_events x
                                      WHERE x.order_id = s.order_id AND x.type = 'draft_submitted' AND x.id > c.id AND x.id < s.id)),
                timing AS (
                    SELECT writer_id, percentile_disc(0.5) WITHIN GROUP (ORDER BY minutes) AS median FROM submitted GROUP BY writer_id),
                delivered AS (
                    SELECT claimed_by AS writer_id, count(*) AS n FROM orders
                    WHERE status = 'delivered' AND NOT is_test AND claimed_by IS NOT NULL GROUP BY claimed_by),
                reviewed AS (
                    SELECT d.writer_id, avg(CASE WHEN r.decision = 'changes_requested' THEN 1.0 ELSE 0.0 END) AS sent_back
                    FROM reviews r JOIN drafts d ON d.id = r.draft_id GROUP BY d.writer_id)
                SELECT w.id AS writer_id, coalesce(delivered.n, 0)::int AS delivered,
                       timing.median::float8 AS median_minutes_to_submit, reviewed.sent_back::float8 AS sent_back_share, now() AS counted_at
                FROM writers w
                LEFT JOIN delivered ON delivered.writer_id = w.id
                LEFT JOIN timing ON timing.writer_id = w.id
                LEFT JOIN reviewed ON reviewed.writer_id = w.id;
                CREATE UNIQUE INDEX ux_writer_statistics_writer ON writer_statistics (writer_id);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP MATERIALIZED VIEW writer_statistics;");
            migrationBuilder.DropIndex(
                name: "ix_recipients_name_trgm",
                table: "recipients");

            migrationBuilder.DropIndex(
                name: "ix_orders_client_status_created",
                table: "orders");

            migrationBuilder.DropIndex(
                name: "ix_orders_created",
                table: "orders");

            migrationBuilder.DropIndex(
                name: "ix_orders_in_review",
                table: "orders");

            migrationBuilder.DropIndex(
                name: "ix_orders_occasion_created",
                table: "orders");

            migrationBuilder.DropIndex(
                name: "ix_orders_status_created",
                table: "orders");

            migrationBuilder.DropIndex(
                name: "ix_orders_unwritten_due",
                table: "orders");

            migrationBuilder.DropIndex(
                name: "ix_orders_writer_created",
                table: "orders");

            migrationBuilder.DropIndex(
                name: "ix_order_events_delivered",
                table: "order_events");

            migrationBuilder.DropIndex(
                name: "ix_clients_search_trgm",
                table: "clients");

            migrationBuilder.AlterDatabase()
                .OldAnnotation("Npgsql:PostgresExtension:pg_trgm", ",,");
        }
    }
}
