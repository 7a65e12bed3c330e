using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Letters.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class ClaimedByIndexCarriesStatus : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_orders_claimed_by",
                table: "orders");

            migrationBuilder.CreateIndex(
                name: "ix_orders_claimed_by",
                table: "orders",
                columns: new[] { "claimed_by", "status" },
                filter: "claimed_by IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_orders_claimed_by",
                table: "orders");

            migrationBuilder.CreateIndex(
                name: "ix_orders_claimed_by",
                table: "orders",
                column: "claimed_by",
                filter: "claimed_by IS NOT NULL");
        }
    }
}
