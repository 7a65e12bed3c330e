using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Letters.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class ClaimIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_orders_waiting",
                table: "orders");

            migrationBuilder.CreateIndex(
                name: "ix_orders_queue_waiting",
                table: "orders",
                column: "queue_id",
                filter: "status = 'queued'");

            migrationBuilder.CreateIndex(
                name: "ix_orders_waiting",
                table: "orders",
                columns: new[] { "priority", "due_at", "created_at", "id" },
                descending: new[] { true, false, false, false },
                filter: "status = 'queued'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_orders_queue_waiting",
                table: "orders");

            migrationBuilder.DropIndex(
                name: "ix_orders_waiting",
                table: "orders");

            migrationBuilder.CreateIndex(
                name: "ix_orders_waiting",
                table: "orders",
                columns: new[] { "queue_id", "priority", "due_at", "created_at", "id" },
                descending: new[] { false, true, false, false, false },
                filter: "status = 'queued'");
        }
    }
}
