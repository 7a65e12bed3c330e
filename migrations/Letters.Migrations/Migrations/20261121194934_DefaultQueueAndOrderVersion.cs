using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Letters.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class DefaultQueueAndOrderVersion : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // orders.xmin is PostgreSQL's own system column (the row version); there is nothing to add.
            migrationBuilder.InsertData(
                table: "queues",
                columns: new[] { "id", "created_at", "is_default", "name", "slug" },
                values: new object[] { new Guid("019a0000-0000-7000-8000-000000000001"), new DateTimeOffset(new DateTime(2026, 11, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), true, "General", "general" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DeleteData(
                table: "queues",
                keyColumn: "id",
                keyValue: new Guid("019a0000-0000-7000-8000-000000000001"));
        }
    }
}
