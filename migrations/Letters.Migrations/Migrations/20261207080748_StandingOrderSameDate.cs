using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Letters.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class StandingOrderSameDate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_standing_orders_recipient_id",
                table: "standing_orders");

            migrationBuilder.CreateIndex(
                name: "ux_standing_orders_same_date",
                table: "standing_orders",
                columns: new[] { "recipient_id", "is_test", "occasion", "month", "day", "occasion_name" },
                unique: true)
                .Annotation("Npgsql:NullsDistinct", false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ux_standing_orders_same_date",
                table: "standing_orders");

            migrationBuilder.CreateIndex(
                name: "ix_standing_orders_recipient_id",
                table: "standing_orders",
                column: "recipient_id");
        }
    }
}
