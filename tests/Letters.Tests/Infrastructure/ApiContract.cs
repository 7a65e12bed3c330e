using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Letters.Tests.Infrastructure;

/// <summary>
/// The published OpenAPI document as a contract: every response an API test receives through
/// <see cref="ApiContract.Handler"/> must be documented for its operation and status, in its content type, and
/// its body must validate against the document's schema (JsonSchema.Net, OpenAPI 3.1 schemas being JSON Schema).
/// A response the document does not describe fails the test that received it.
/// </summary>
public static class ApiContract
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static readonly ConcurrentDictionary<string, JsonSchema> Schemas = new();
    private static JsonObject? document;
    private static int built;
    private static readonly Lock BuildLock = new();

    /// <summary>A handler to put in front of an API test client of <paramref name="app"/>.</summary>
    public static DelegatingHandler Handler(LettersApp app) => new Checking(app);

    /// <summary>Why the response breaks the contract, or null when it keeps it.</summary>
    public static async Task<string?> ViolationAsync(LettersApp app, HttpRequestMessage request, HttpResponseMessage response)
    {
        var doc = await DocumentAsync(app);
        var path = request.RequestUri!.AbsolutePath;
        var method = request.Method.Method.ToLowerInvariant();
        var (template, operation) = FindOperation(doc, path, method);
        if (operation is null)
        {
            return $"{request.Method} {path} is not in the OpenAPI document.";
        }

        var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);

        // A body the API took must be one the document allows: its required fields, vocabularies and ranges are true.
        if (response.IsSuccessStatusCode && request.Content?.Headers.ContentType?.MediaType == "application/json"
            && operation["requestBody"]?["content"]?["application/json"]?["schema"] is JsonNode requestSchema)
        {
            var sent = await request.Content.ReadAsByteArrayAsync();
            var checker = Schemas.GetOrAdd($"{method} {template} request", _ =>
            {
                lock (BuildLock)
                {
                    return Build(doc, requestSchema);
                }
            });
            using var sentJson = JsonDocument.Parse(sent);
            var accepted = checker.Evaluate(sentJson.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
            if (!accepted.IsValid)
            {
                var why = (accepted.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")).Take(8);
                return $"{request.Method} {template} took a body its documented schema refuses: {string.Join("; ", why)}";
            }
        }

        if (operation["responses"]?[status] is not JsonObject documented)
        {
            return $"{request.Method} {template} answered {status}, which the document does not list.";
        }

        var body = response.Content is null ? [] : await response.Content.ReadAsByteArrayAsync();
        if (documented["content"] is not JsonObject contents || contents.Count == 0)
        {
            return body.Length == 0 ? null : $"{request.Method} {template} {status} has a body, but the document lists none.";
        }

        var mediaType = response.Content?.Headers.ContentType?.MediaType ?? "(none)";
        if (contents[mediaType] is not JsonObject media)
        {
            return $"{request.Method} {template} {status} is {mediaType}; the document lists {string.Join(", ", contents.Select(c => c.Key))}.";
        }

        if (!mediaType.Contains("json", StringComparison.Ordinal) || media["schema"] is not JsonNode schemaNode)
        {
            return null;
        }

        var key = $"{method} {template} {status} {mediaType}";
        // Building registers the schema in JsonSchema.Net's shared registry, which is not safe to fill from several
        // threads at once (a lost registration fails a later $ref): build one at a time.
        var schema = Schemas.GetOrAdd(key, _ =>
        {
            lock (BuildLock)
            {
                return Build(doc, schemaNode);
            }
        });
        using var json = JsonDocument.Parse(body);
        var result = schema.Evaluate(json.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        if (result.IsValid)
        {
            return null;
        }

        var errors = (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")).Take(8);
        return $"{request.Method} {template} {status} does not match its schema: {string.Join("; ", errors)}\nBody: {System.Text.Encoding.UTF8.GetString(body)[..Math.Min(body.Length, 600)]}";
    }

    private static async Task<JsonObject> DocumentAsync(LettersApp app)
    {
        if (document is not null)
        {
            return document;
        }

        await Gate.WaitAsync();
        try
        {
            using var http = app.CreateClient();
            document ??= JsonNode.Parse(await http.GetStringAsync("/openapi/v1.json"))!.AsObject();
            return document;
        }
        finally
        {
            Gate.Release();
        }
    }

    private static (string? Template, JsonObject? Operation) FindOperation(JsonObject doc, string path, string method)
    {
        var segments = path.TrimEnd('/').Split('/');
        foreach (var (template, item) in doc["paths"]!.AsObject())
        {
            var parts = template.TrimEnd('/').Split('/');
            if (parts.Length == segments.Length
                && parts.Zip(segments).All(p => p.First.StartsWith('{') || string.Equals(p.First, p.Second, StringComparison.Ordinal))
                && item?[method] is JsonObject operation)
            {
                return (template, operation);
            }
        }

        return (null, null);
    }

    /// <summary>The response schema with the document's components beside it as $defs, so its $refs resolve.</summary>
    private static JsonSchema Build(JsonObject doc, JsonNode schema)
    {
        var root = new JsonObject { ["$schema"] = "https://json-schema.org/draft/2020-12/schema" };
        foreach (var (name, value) in schema.AsObject())
        {
            root[name] = value?.DeepClone();
        }

        root["$defs"] = doc["components"]?["schemas"]?.DeepClone();
        var text = root.ToJsonString().Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal);
        var id = Interlocked.Increment(ref built);
        return JsonSchema.FromText(text, baseUri: new Uri($"https://letters.test/contract/{id}"));
    }

    private sealed class Checking(LettersApp app) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            var response = await base.SendAsync(request, ct);
            if (request.RequestUri!.AbsolutePath.StartsWith("/v1/", StringComparison.Ordinal)
                && await ViolationAsync(app, request, response) is { } violation)
            {
                throw new Xunit.Sdk.XunitException($"The response breaks the OpenAPI contract: {violation}");
            }

            return response;
        }
    }
}
