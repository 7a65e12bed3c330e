using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Letters.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class RecipientLetters : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_orders_recipient_finished",
                table: "orders",
                columns: new[] { "recipient_id", "updated_at" },
                descending: new[] { false, true },
                filter: "status IN ('approved', 'delivered')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_orders_recipient_finished",
                table: "orders");
        }
    }
}
