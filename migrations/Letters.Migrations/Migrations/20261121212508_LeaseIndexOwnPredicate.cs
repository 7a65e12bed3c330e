using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Letters.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class LeaseIndexOwnPredicate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_orders_lease_until",
                table: "orders");

            migrationBuilder.CreateIndex(
                name: "ix_orders_lease_until",
                table: "orders",
                column: "lease_until",
                filter: "lease_until IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_orders_lease_until",
                table: "orders");

            migrationBuilder.CreateIndex(
                name: "ix_orders_lease_until",
                table: "orders",
                column: "lease_until",
                filter: "claimed_by IS NOT NULL");
        }
    }
}
