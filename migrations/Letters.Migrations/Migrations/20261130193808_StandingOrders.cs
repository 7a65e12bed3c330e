using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Letters.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class StandingOrders : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "standing_orders",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    client_id = table.Column<Guid>(type: "uuid", nullable: false),
                    is_test = table.Column<bool>(type: "boolean", nullable: false),
                    recipient_id = table.Column<Guid>(type: "uuid", nullable: false),
                    occasion = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    occasion_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    month = table.Column<int>(type: "integer", nullable: false),
                    day = table.Column<int>(type: "integer", nullable: false),
                    time_zone = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    leap_day = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    lead_days = table.Column<int>(type: "integer", nullable: false),
                    relationship = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    brief = table.Column<string>(type: "character varying(5000)", maxLength: 5000, nullable: false),
                    tone = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    length = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    language = table.Column<string>(type: "character varying(35)", maxLength: 35, nullable: false),
                    style = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    ink = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    paper = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    page_size = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    signature = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    paused_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    first_year = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_standing_orders", x => x.id);
                    table.CheckConstraint("ck_standing_orders_date", "month BETWEEN 1 AND 12 AND day BETWEEN 1 AND 31");
                    table.CheckConstraint("ck_standing_orders_lead", "lead_days BETWEEN 2 AND 120");
                    table.ForeignKey(
                        name: "fk_standing_orders_clients_client_id",
                        column: x => x.client_id,
                        principalTable: "clients",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_standing_orders_recipients_recipient_id",
                        column: x => x.recipient_id,
                        principalTable: "recipients",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "standing_order_years",
                columns: table => new
                {
                    standing_order_id = table.Column<Guid>(type: "uuid", nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    skipped = table.Column<bool>(type: "boolean", nullable: false),
                    reminded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    order_id = table.Column<Guid>(type: "uuid", nullable: true),
                    missed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_standing_order_years", x => new { x.standing_order_id, x.year });
                    table.ForeignKey(
                        name: "fk_standing_order_years_standing_orders_standing_order_id",
                        column: x => x.standing_order_id,
                        principalTable: "standing_orders",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ux_standing_order_years_order",
                table: "standing_order_years",
                column: "order_id",
                unique: true,
                filter: "order_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_standing_orders_client",
                table: "standing_orders",
                columns: new[] { "client_id", "is_test", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_standing_orders_recipient_id",
                table: "standing_orders",
                column: "recipient_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "standing_order_years");

            migrationBuilder.DropTable(
                name: "standing_orders");
        }
    }
}
