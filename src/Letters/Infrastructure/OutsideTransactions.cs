using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Letters.Infrastructure;

/// <summary>
/// Work that must never wait inside a database transaction: drawing a letter, an HTTP call, sending mail, a child
/// process. A transaction open across it holds a pooled connection and its row locks for as long as the work takes,
/// and with several instances on one server that is what runs out (PostgreSQL's <c>max_connections</c>, "idle in
/// transaction"). Every unit of work (a request, a worker pass) is tracked: the transactions it opens are counted
/// through the EF interceptor, and <see cref="Ensure"/> at the start of such work finds any left open.
/// In Development and Testing a violation throws, so the test suite finds it; in production it is logged.
/// </summary>
public static class OutsideTransactions
{
    private static readonly AsyncLocal<UnitOfWork?> Current = new();

    /// <summary>Throw on a violation (Development, Testing); otherwise <see cref="Report"/> hears of it.</summary>
    public static bool Strict { get; set; }

    /// <summary>Where a violation is reported outside strict mode (the app's log).</summary>
    public static Action<string>? Report { get; set; }

    /// <summary>Begins a unit of work for the calling flow (a request, a worker pass); dispose to end it.</summary>
    public static IDisposable Track()
    {
        var unit = new UnitOfWork(Current.Value);
        Current.Value = unit;
        return unit;
    }

    /// <summary>Call before <paramref name="work"/> (said in words: "drawing a letter"): no transaction of this flow may be open.</summary>
    public static void Ensure(string work)
    {
        if (Current.Value is not { } unit || !unit.HasOpen)
        {
            return;
        }

        var message = $"A database transaction is open across {work}: it would hold its connection and locks while that runs. Do the {work} before the transaction or after it commits.";
        if (Strict)
        {
            throw new InvalidOperationException(message);
        }

        Report?.Invoke(message);
    }

    /// <summary>Counts the transactions each unit of work opens; registered once on the DbContext.</summary>
    public sealed class Interceptor : DbTransactionInterceptor, IDbConnectionInterceptor
    {
        public static readonly Interceptor Instance = new();

        public override DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
        {
            Current.Value?.Opened(eventData.ConnectionId);
            return result;
        }

        public override ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction result, CancellationToken cancellationToken = default)
        {
            Current.Value?.Opened(eventData.ConnectionId);
            return ValueTask.FromResult(result);
        }

        public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Current.Value?.Closed(eventData.ConnectionId);

        public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Current.Value?.Closed(eventData.ConnectionId);
            return Task.CompletedTask;
        }

        public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Current.Value?.Closed(eventData.ConnectionId);

        public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Current.Value?.Closed(eventData.ConnectionId);
            return Task.CompletedTask;
        }

        // A transaction disposed without commit or rollback ends with its connection: EF closes it then.
        public void ConnectionClosed(DbConnection connection, ConnectionEndEventData eventData) => Current.Value?.Closed(eventData.ConnectionId);

        public Task ConnectionClosedAsync(DbConnection connection, ConnectionEndEventData eventData)
        {
            Current.Value?.Closed(eventData.ConnectionId);
            return Task.CompletedTask;
        }
    }

    // A reference the flow carries down: the interceptor runs inside EF's async methods, whose own AsyncLocal changes
    // would not reach the caller, but a change to this object does.
    private sealed class UnitOfWork(UnitOfWork? outer) : IDisposable
    {
        private readonly HashSet<Guid> open = [];

        public bool HasOpen
        {
            get
            {
                lock (open)
                {
                    return open.Count > 0;
                }
            }
        }

        public void Opened(Guid connection)
        {
            lock (open)
            {
                open.Add(connection);
            }
        }

        public void Closed(Guid connection)
        {
            lock (open)
            {
                open.Remove(connection);
            }
        }

        public void Dispose() => Current.Value = outer;
    }
}
