using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Letters.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class TenantsApart : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_webhook_deliveries_due",
                table: "webhook_deliveries");

            migrationBuilder.AddColumn<Guid>(
                name: "client_id",
                table: "webhook_deliveries",
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            // Each delivery carries its endpoint's client; what waits for a disabled endpoint is held.
            migrationBuilder.Sql("UPDATE webhook_deliveries d SET client_id = e.client_id FROM webhook_endpoints e WHERE e.id = d.endpoint_id;");
            migrationBuilder.Sql("UPDATE webhook_deliveries d SET state = 'held' FROM webhook_endpoints e WHERE e.id = d.endpoint_id AND e.disabled_at IS NOT NULL AND d.state = 'pending';");

            migrationBuilder.AddColumn<string>(
                name: "paused_reason",
                table: "standing_orders",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "missed_reason",
                table: "standing_order_years",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "step_attempts",
                table: "campaigns",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateIndex(
                name: "ix_webhook_deliveries_due",
                table: "webhook_deliveries",
                columns: new[] { "client_id", "next_attempt_at" },
                filter: "state = 'pending'");

            migrationBuilder.CreateIndex(
                name: "ix_webhook_deliveries_in_flight",
                table: "webhook_deliveries",
                column: "client_id",
                filter: "locked_until IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_webhook_deliveries_replays",
                table: "webhook_deliveries",
                column: "endpoint_id",
                filter: "is_replay AND state = 'pending'");

            migrationBuilder.AddForeignKey(
                name: "fk_webhook_deliveries_clients_client_id",
                table: "webhook_deliveries",
                column: "client_id",
                principalTable: "clients",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_webhook_deliveries_clients_client_id",
                table: "webhook_deliveries");

            migrationBuilder.DropIndex(
                name: "ix_webhook_deliveries_due",
                table: "webhook_deliveries");

            migrationBuilder.DropIndex(
                name: "ix_webhook_deliveries_in_flight",
                table: "webhook_deliveries");

            migrationBuilder.DropIndex(
                name: "ix_webhook_deliveries_replays",
                table: "webhook_deliveries");

            migrationBuilder.DropColumn(
                name: "client_id",
                table: "webhook_deliveries");

            migrationBuilder.DropColumn(
                name: "paused_reason",
                table: "standing_orders");

            migrationBuilder.DropColumn(
                name: "missed_reason",
                table: "standing_order_years");

            migrationBuilder.DropColumn(
                name: "step_attempts",
                table: "campaigns");

            migrationBuilder.CreateIndex(
                name: "ix_webhook_deliveries_due",
                table: "webhook_deliveries",
                column: "next_attempt_at",
                filter: "state = 'pending'");
        }
    }
}
