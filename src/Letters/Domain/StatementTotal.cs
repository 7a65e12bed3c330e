namespace Letters.Domain;

/// <summary>
/// What one client's charged letters of one month (UTC) come to, in one mode and currency: the statement's totals,
/// kept by the database as orders are placed, cancelled or fail (in the transaction that changes them), so a
/// statement of 30,000 letters states its total without adding them up. Which letters are charged is
/// <see cref="Charges.IsCharged"/>; the trigger is built from it. Each total is kept in <see cref="Shards"/> parts, one
/// drawn at random by each writing statement, and read as their sum: a single hot row would queue every order of a busy client
/// behind the one before it until that one commits (260 orders/s at most here, where 300 arrived).
/// </summary>
public sealed class StatementTotal
{
    /// <summary>The parts each total and count is kept in.</summary>
    public const int Shards = 64;

    public Guid ClientId { get; set; }
    public bool IsTest { get; set; }
    public DateOnly Month { get; set; }
    public string Currency { get; set; } = "";
    public short Shard { get; set; }
    public int Orders { get; set; }
    public long Amount { get; set; }
}

/// <summary>
/// How many letters a client has ordered in one mode, whatever became of them, kept as orders are placed (in
/// <see cref="StatementTotal.Shards"/> parts, read as their sum).
/// </summary>
public sealed class ClientOrderCount
{
    public Guid ClientId { get; set; }
    public bool IsTest { get; set; }
    public short Shard { get; set; }
    public long Orders { get; set; }
}
