using System.Text.Json;
using System.Text.RegularExpressions;
using Npgsql;

namespace Letters.Tests.Infrastructure;

/// <summary>Reading PostgreSQL's <c>EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)</c> for the plan tests.</summary>
public static partial class QueryPlans
{
    /// <summary>
    /// Runs a hand-written statement (its <c>{n}</c> placeholders filled with SQL <paramref name="arguments"/>) under
    /// EXPLAIN ANALYZE, rolled back, and asserts it reads <paramref name="index"/>, never scans <paramref name="table"/>
    /// whole, and touches fewer than 200 pages.
    /// </summary>
    public static async Task AssertSmallAsync(NpgsqlConnection connection, string sql, string[] arguments, string index, string table)
    {
        var ct = TestContext.Current.CancellationToken;
        var statement = Placeholder().Replace(sql, m => arguments[int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)]);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using var explain = new NpgsqlCommand($"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {statement}", connection, transaction);
        using var plan = JsonDocument.Parse((string)(await explain.ExecuteScalarAsync(ct))!);
        var root = plan.RootElement[0].GetProperty("Plan");
        var scans = Scans(root).ToList();
        var pages = Pages(root);
        await transaction.RollbackAsync(ct);

        Assert.Contains(scans, s => s.On == index);
        Assert.DoesNotContain(scans, s => s.Node == "Seq Scan" && s.On == table);
        Assert.True(pages < 200, $"{index}: touched {pages} pages: {plan.RootElement}");
    }

    [GeneratedRegex(@"\{(\d)\}")]
    private static partial Regex Placeholder();

    /// <summary>Pages the whole plan touched, from the cache or the disk: a cost that does not depend on the machine's speed.</summary>
    public static int Pages(JsonElement root) =>
        root.GetProperty("Shared Hit Blocks").GetInt32() + root.GetProperty("Shared Read Blocks").GetInt32();

    /// <summary>Every scan in the plan: its node type and the index it used, or the table it read.</summary>
    public static IEnumerable<(string Node, string On)> Scans(JsonElement node)
    {
        var type = node.GetProperty("Node Type").GetString()!;
        if (node.TryGetProperty("Index Name", out var index))
        {
            yield return (type, index.GetString()!);
        }
        else if (node.TryGetProperty("Relation Name", out var relation))
        {
            yield return (type, relation.GetString()!);
        }

        if (node.TryGetProperty("Plans", out var children))
        {
            foreach (var scan in children.EnumerateArray().SelectMany(Scans))
            {
                yield return scan;
            }
        }
    }
}
