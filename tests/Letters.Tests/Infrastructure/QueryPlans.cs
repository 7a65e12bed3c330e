using System.Text.Json;

namespace Letters.Tests.Infrastructure;

/// <summary>Reading PostgreSQL's <c>EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)</c> for the plan tests.</summary>
public static class QueryPlans
{
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
