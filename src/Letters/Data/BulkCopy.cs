using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;
using NpgsqlTypes;

namespace Letters.Data;

/// <summary>
/// New rows written by PostgreSQL's binary COPY, column for column as the EF model maps the entity (its column names,
/// value converters, complex properties and jsonb), on the context's connection and in its transaction. For imports
/// of thousands of rows, where SaveChanges' statement a row is the cost; columns the database fills (identities, row
/// versions, generated columns, and what the hand-written triggers set) are left to it. Nothing is tracked: effects
/// that follow a save (<see cref="Features.Orders.OrderTransitionEffects"/>) do not run, so a caller copies only rows
/// that have none.
/// </summary>
public static class BulkCopy
{
    public static async Task InsertAsync<T>(LettersDbContext db, IReadOnlyCollection<T> rows, CancellationToken ct) where T : class
    {
        if (rows.Count == 0)
        {
            return;
        }

        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        var columns = ColumnsOf(entity);
        await db.Database.OpenConnectionAsync(ct);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var table = entity.GetTableName()!;
        await using var copy = await connection.BeginBinaryImportAsync(
            $"COPY \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c.Name}\""))}) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var row in rows)
        {
            await copy.StartRowAsync(ct);
            foreach (var column in columns)
            {
                var value = column.Read(row);
                if (value is not null && column.Converter is { } converter)
                {
                    value = converter.ConvertToProvider(value);
                }

                if (value is null)
                {
                    await copy.WriteNullAsync(ct);
                }
                else if (column.Type is { } type)
                {
                    await copy.WriteAsync(value, type, ct);
                }
                else
                {
                    await copy.WriteAsync(value, ct);
                }
            }
        }

        await copy.CompleteAsync(ct);
    }

    private sealed record Column(string Name, Func<object, object?> Read, Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter? Converter, NpgsqlDbType? Type);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<IEntityType, List<Column>> Columns = new();

    private static List<Column> ColumnsOf(IEntityType entity) => Columns.GetOrAdd(entity, e =>
    {
        var table = StoreObjectIdentifier.Table(e.GetTableName()!, e.GetSchema());
        var properties = e.GetProperties().Concat(ComplexProperties(e).SelectMany(c => c.ComplexType.GetProperties()));
        var columns = new List<Column>();
        foreach (var property in properties)
        {
            if (FilledByTheDatabase(property))
            {
                continue;
            }

            if (property.IsShadowProperty())
            {
                throw new InvalidOperationException($"{e.DisplayName()}.{property.Name} has no CLR value to copy.");
            }

            var getter = property.GetGetter();
            var mapping = property.GetRelationalTypeMapping();
            columns.Add(new Column(
                property.GetColumnName(table) ?? throw new InvalidOperationException($"{e.DisplayName()}.{property.Name} has no column."),
                property.DeclaringType is IComplexType ? getter.GetClrValueUsingContainingEntity : getter.GetClrValue,
                mapping.Converter,
                // Text goes as text whatever its varchar length; jsonb must be named, or it would go as text.
                mapping.StoreType.StartsWith("jsonb", StringComparison.Ordinal) ? NpgsqlDbType.Jsonb : null));
        }

        return columns;
    });

    private static IEnumerable<IComplexProperty> ComplexProperties(ITypeBase type) =>
        type.GetComplexProperties().SelectMany(c => ComplexProperties(c.ComplexType).Prepend(c));

    private static bool FilledByTheDatabase(IProperty property) =>
        property.ValueGenerated == ValueGenerated.OnAddOrUpdate
        || property.GetComputedColumnSql() is not null
        || property.GetValueGenerationStrategy() is Npgsql.EntityFrameworkCore.PostgreSQL.Metadata.NpgsqlValueGenerationStrategy.IdentityAlwaysColumn
            or Npgsql.EntityFrameworkCore.PostgreSQL.Metadata.NpgsqlValueGenerationStrategy.IdentityByDefaultColumn
            or Npgsql.EntityFrameworkCore.PostgreSQL.Metadata.NpgsqlValueGenerationStrategy.SerialColumn;
}
