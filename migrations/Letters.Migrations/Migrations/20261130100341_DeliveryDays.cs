using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Letters.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class DeliveryDays : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "delivery_days",
                columns: table => new
                {
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    delivered = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_delivery_days", x => x.day);
                });

            // Deliveries made before the count existed.
            migrationBuilder.Sql("""
                INSERT INTO delivery_days (day, delivered)
                SELECT (e.created_at AT TIME ZONE 'UTC')::date, count(*)
                FROM order_events e JOIN orders o ON o.id = e.order_id
                WHERE e.type = 'delivered' AND NOT o.is_test
                GROUP BY 1;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "delivery_days");
        }
    }
}
