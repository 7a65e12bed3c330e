using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Letters.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class MetadataIndexOnlyWhenPresent : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_orders_metadata",
                table: "orders");

            migrationBuilder.CreateIndex(
                name: "ix_orders_metadata",
                table: "orders",
                column: "metadata",
                filter: "metadata <> '{}'::jsonb")
                .Annotation("Npgsql:IndexMethod", "gin");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_orders_metadata",
                table: "orders");

            migrationBuilder.CreateIndex(
                name: "ix_orders_metadata",
                table: "orders",
                column: "metadata")
                .Annotation("Npgsql:IndexMethod", "gin");
        }
    }
}
