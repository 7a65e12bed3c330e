using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Letters.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class StickyIndexOnlyWaitingOffers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_orders_sticky_writer_id",
                table: "orders");

            migrationBuilder.CreateIndex(
                name: "ix_orders_sticky_waiting",
                table: "orders",
                columns: new[] { "sticky_writer_id", "priority", "due_at", "created_at", "id" },
                descending: new[] { false, true, false, false, false },
                filter: "status = 'queued' AND sticky_writer_id IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_orders_sticky_waiting",
                table: "orders");

            migrationBuilder.CreateIndex(
                name: "ix_orders_sticky_writer_id",
                table: "orders",
                column: "sticky_writer_id");
        }
    }
}
