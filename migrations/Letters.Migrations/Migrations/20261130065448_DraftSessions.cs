using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Letters.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class DraftSessions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "saved_at",
                table: "drafts",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            // Versions saved before sessions existed were saved once, when they were made.
            migrationBuilder.Sql("UPDATE drafts SET saved_at = created_at;");

            migrationBuilder.AddColumn<int>(
                name: "saves",
                table: "drafts",
                type: "integer",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<Guid>(
                name: "session",
                table: "drafts",
                type: "uuid",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "saved_at",
                table: "drafts");

            migrationBuilder.DropColumn(
                name: "saves",
                table: "drafts");

            migrationBuilder.DropColumn(
                name: "session",
                table: "drafts");
        }
    }
}
