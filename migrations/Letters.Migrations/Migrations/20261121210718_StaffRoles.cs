using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace Letters.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class StaffRoles : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Databases seeded before this migration already have these roles under other ids (the demo seed made
            // them); they keep theirs.
            migrationBuilder.Sql("""
                INSERT INTO roles (id, concurrency_stamp, name, normalized_name) VALUES
                    ('0193a000-0000-7000-8000-0000000000a1', 'role-admin', 'admin', 'ADMIN'),
                    ('0193a000-0000-7000-8000-0000000000a2', 'role-writer', 'writer', 'WRITER')
                ON CONFLICT DO NOTHING;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DeleteData(
                table: "roles",
                keyColumn: "id",
                keyValue: new Guid("0193a000-0000-7000-8000-0000000000a1"));

            migrationBuilder.DeleteData(
                table: "roles",
                keyColumn: "id",
                keyValue: new Guid("0193a000-0000-7000-8000-0000000000a2"));
        }
    }
}
