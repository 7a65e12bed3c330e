using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Letters.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class ClientAccounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "email_confirmed_at",
                table: "clients",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "password_hash",
                table: "clients",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "security_stamp",
                table: "clients",
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "suspended_at",
                table: "clients",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "last_used_at",
                table: "api_keys",
                type: "timestamp with time zone",
                nullable: true);

            // Existing clients get a stamp of their own; one e-mail, one account, in any letter case.
            migrationBuilder.Sql("UPDATE clients SET security_stamp = gen_random_uuid();");
            migrationBuilder.Sql("CREATE UNIQUE INDEX ux_clients_email ON clients (upper(email));");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX ux_clients_email;");

            migrationBuilder.DropColumn(
                name: "email_confirmed_at",
                table: "clients");

            migrationBuilder.DropColumn(
                name: "password_hash",
                table: "clients");

            migrationBuilder.DropColumn(
                name: "security_stamp",
                table: "clients");

            migrationBuilder.DropColumn(
                name: "suspended_at",
                table: "clients");

            migrationBuilder.DropColumn(
                name: "last_used_at",
                table: "api_keys");
        }
    }
}
