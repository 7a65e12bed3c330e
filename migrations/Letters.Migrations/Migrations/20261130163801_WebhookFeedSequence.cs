using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Letters.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class WebhookFeedSequence : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "event_id",
                table: "webhook_relay_cursor");

            migrationBuilder.RenameColumn(
                name: "tx_id",
                table: "webhook_relay_cursor",
                newName: "last_sequence");

            migrationBuilder.AddColumn<long>(
                name: "sequence",
                table: "order_events",
                type: "bigint",
                nullable: true);

            // Numbered by commit order of the relay instead of read by transaction id: a long transaction (a proof
            // rendering) no longer holds every later event back. Events from before are numbered in id order.
            migrationBuilder.Sql("""
                DROP INDEX ix_order_events_settled;
                DROP INDEX ix_order_events_client_feed;
                ALTER TABLE order_events DROP COLUMN tx_id;
                UPDATE order_events e SET sequence = n.seq FROM (SELECT id, row_number() OVER (ORDER BY id) AS seq FROM order_events) n WHERE e.id = n.id;
                DELETE FROM webhook_relay_cursor;
                INSERT INTO webhook_relay_cursor (id, last_sequence) SELECT 1, COALESCE(max(sequence), 0) FROM order_events;
                CREATE UNIQUE INDEX ux_order_events_feed ON order_events (client_id, sequence);
                """);

            migrationBuilder.CreateIndex(
                name: "ix_order_events_unsequenced",
                table: "order_events",
                column: "id",
                filter: "sequence IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_order_events_unsequenced",
                table: "order_events");

            migrationBuilder.Sql("""
                DROP INDEX ux_order_events_feed;
                ALTER TABLE order_events ADD COLUMN tx_id bigint NOT NULL DEFAULT pg_current_xact_id()::text::bigint;
                CREATE INDEX ix_order_events_settled ON order_events (tx_id, id);
                CREATE INDEX ix_order_events_client_feed ON order_events (client_id, tx_id, id);
                DELETE FROM webhook_relay_cursor;
                """);

            migrationBuilder.DropColumn(
                name: "sequence",
                table: "order_events");

            migrationBuilder.RenameColumn(
                name: "last_sequence",
                table: "webhook_relay_cursor",
                newName: "tx_id");

            migrationBuilder.AddColumn<long>(
                name: "event_id",
                table: "webhook_relay_cursor",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);
        }
    }
}
