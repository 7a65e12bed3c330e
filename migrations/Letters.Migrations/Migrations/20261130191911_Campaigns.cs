using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Letters.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class Campaigns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "campaign_id",
                table: "orders",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "campaign_row",
                table: "orders",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "merge_fields",
                table: "orders",
                type: "jsonb",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "campaigns",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    client_id = table.Column<Guid>(type: "uuid", nullable: false),
                    is_test = table.Column<bool>(type: "boolean", nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    state = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    occasion = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    relationship = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    brief = table.Column<string>(type: "character varying(5000)", maxLength: 5000, nullable: true),
                    tone = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    length = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    language = table.Column<string>(type: "character varying(35)", maxLength: 35, nullable: false),
                    style = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    ink = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    paper = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    page_size = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    signature = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    deliver_by = table.Column<DateOnly>(type: "date", nullable: false),
                    return_address = table.Column<string>(type: "jsonb", nullable: true),
                    auto_draft = table.Column<bool>(type: "boolean", nullable: false),
                    upload_id = table.Column<Guid>(type: "uuid", nullable: true),
                    letter_order_id = table.Column<Guid>(type: "uuid", nullable: true),
                    rows_total = table.Column<int>(type: "integer", nullable: false),
                    rows_valid = table.Column<int>(type: "integer", nullable: false),
                    rows_invalid = table.Column<int>(type: "integer", nullable: false),
                    rows_with_warnings = table.Column<int>(type: "integer", nullable: false),
                    orders_created = table.Column<int>(type: "integer", nullable: false),
                    letters_rendered = table.Column<int>(type: "integer", nullable: false),
                    failure_reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    file_problems = table.Column<string>(type: "jsonb", nullable: false),
                    custom_fields = table.Column<List<string>>(type: "text[]", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_campaigns", x => x.id);
                    table.ForeignKey(
                        name: "fk_campaigns_clients_client_id",
                        column: x => x.client_id,
                        principalTable: "clients",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "campaign_events",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    campaign_id = table.Column<Guid>(type: "uuid", nullable: false),
                    from_state = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    to_state = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    note = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    relayed = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_campaign_events", x => x.id);
                    table.ForeignKey(
                        name: "fk_campaign_events_campaigns_campaign_id",
                        column: x => x.campaign_id,
                        principalTable: "campaigns",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "campaign_rows",
                columns: table => new
                {
                    campaign_id = table.Column<Guid>(type: "uuid", nullable: false),
                    row_number = table.Column<int>(type: "integer", nullable: false),
                    valid = table.Column<bool>(type: "boolean", nullable: false),
                    has_problems = table.Column<bool>(type: "boolean", nullable: false),
                    name = table.Column<string>(type: "text", nullable: true),
                    first_name = table.Column<string>(type: "text", nullable: true),
                    address_line1 = table.Column<string>(type: "text", nullable: true),
                    address_line2 = table.Column<string>(type: "text", nullable: true),
                    city = table.Column<string>(type: "text", nullable: true),
                    region = table.Column<string>(type: "text", nullable: true),
                    postal_code = table.Column<string>(type: "text", nullable: true),
                    country = table.Column<string>(type: "text", nullable: true),
                    relationship = table.Column<string>(type: "text", nullable: true),
                    brief = table.Column<string>(type: "text", nullable: true),
                    custom = table.Column<string>(type: "jsonb", nullable: false),
                    problems = table.Column<string>(type: "jsonb", nullable: false),
                    order_id = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_campaign_rows", x => new { x.campaign_id, x.row_number });
                    table.ForeignKey(
                        name: "fk_campaign_rows_campaigns_campaign_id",
                        column: x => x.campaign_id,
                        principalTable: "campaigns",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "campaign_uploads",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    campaign_id = table.Column<Guid>(type: "uuid", nullable: false),
                    file_name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    content = table.Column<byte[]>(type: "bytea", nullable: false),
                    size_bytes = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_campaign_uploads", x => x.id);
                    table.ForeignKey(
                        name: "fk_campaign_uploads_campaigns_campaign_id",
                        column: x => x.campaign_id,
                        principalTable: "campaigns",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_orders_campaign_waiting",
                table: "orders",
                columns: new[] { "campaign_id", "campaign_row" },
                filter: "status = 'received' AND campaign_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ux_orders_campaign_row",
                table: "orders",
                columns: new[] { "campaign_id", "campaign_row" },
                unique: true,
                filter: "campaign_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_campaign_events_campaign",
                table: "campaign_events",
                columns: new[] { "campaign_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_campaign_events_unrelayed",
                table: "campaign_events",
                column: "id",
                filter: "NOT relayed");

            migrationBuilder.CreateIndex(
                name: "ix_campaign_rows_problems",
                table: "campaign_rows",
                columns: new[] { "campaign_id", "row_number" },
                filter: "has_problems");

            migrationBuilder.CreateIndex(
                name: "ix_campaign_rows_to_import",
                table: "campaign_rows",
                columns: new[] { "campaign_id", "row_number" },
                filter: "valid AND order_id IS NULL");

            migrationBuilder.CreateIndex(
                name: "ux_campaign_uploads_file",
                table: "campaign_uploads",
                columns: new[] { "campaign_id", "sha256" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_campaigns_client",
                table: "campaigns",
                columns: new[] { "client_id", "is_test", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_campaigns_working",
                table: "campaigns",
                column: "updated_at",
                filter: "state IN ('validating', 'importing', 'writing', 'rendering')");

            migrationBuilder.AddForeignKey(
                name: "fk_orders_campaigns_campaign_id",
                table: "orders",
                column: "campaign_id",
                principalTable: "campaigns",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_orders_campaigns_campaign_id",
                table: "orders");

            migrationBuilder.DropTable(
                name: "campaign_events");

            migrationBuilder.DropTable(
                name: "campaign_rows");

            migrationBuilder.DropTable(
                name: "campaign_uploads");

            migrationBuilder.DropTable(
                name: "campaigns");

            migrationBuilder.DropIndex(
                name: "ix_orders_campaign_waiting",
                table: "orders");

            migrationBuilder.DropIndex(
                name: "ux_orders_campaign_row",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "campaign_id",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "campaign_row",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "merge_fields",
                table: "orders");
        }
    }
}
