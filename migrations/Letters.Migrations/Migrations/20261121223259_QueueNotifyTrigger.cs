using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Letters.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class QueueNotifyTrigger : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Every letter that becomes waiting (created, released, swept, given back by an away writer, or any
            // path added later) wakes the dashboards. NOTIFY is transactional: it goes out on commit, and identical
            // payloads in one transaction go out once, so a batch requeue wakes each queue once.
            migrationBuilder.Sql("""
                CREATE FUNCTION notify_letter_waiting() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM pg_notify('letters_queue', coalesce(NEW.queue_id::text, ''));
                    RETURN NULL;
                END $$;

                CREATE TRIGGER tr_orders_queued_insert AFTER INSERT ON orders
                    FOR EACH ROW WHEN (NEW.status = 'queued') EXECUTE FUNCTION notify_letter_waiting();

                CREATE TRIGGER tr_orders_queued_update AFTER UPDATE OF status ON orders
                    FOR EACH ROW WHEN (NEW.status = 'queued' AND OLD.status <> 'queued') EXECUTE FUNCTION notify_letter_waiting();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER tr_orders_queued_update ON orders;
                DROP TRIGGER tr_orders_queued_insert ON orders;
                DROP FUNCTION notify_letter_waiting();
                """);
        }
    }
}
