using Letters.Domain;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Letters.Infrastructure;

/// <summary>
/// Makes <c>/openapi/v1.json</c> say what the API does, so clients generated from it work: one schema name per
/// type, "required" taken from the validators (the one place that says what a request must have), the problem
/// fields every error carries, PDF bodies, and the Bearer API key. The test suite checks every response it
/// receives against this document.
/// </summary>
public static class OpenApiContract
{
    public const string BearerScheme = "api_key";

    public static void Configure(OpenApiOptions options)
    {
        // Nested request records (CreateOrder.Request, StaffLogin.Request …) would all be called "Request".
        options.CreateSchemaReferenceId = type => type.Type is { IsNested: true, DeclaringType: { } outer } nested && !nested.Name.StartsWith(outer.Name, StringComparison.Ordinal)
            ? outer.Name + nested.Name
            : OpenApiOptions.CreateDefaultSchemaReferenceId(type);
        options.AddSchemaTransformer(RequiredFromValidator);
        options.AddSchemaTransformer(ProblemFields);
        options.AddOperationTransformer(PdfResponses);
        options.AddOperationTransformer(UnsupportedMediaType);
        options.AddDocumentTransformer(ApiKeySecurity);
    }

    /// <summary>A request property is required when its validator insists on it unconditionally; nothing else is.</summary>
    private static Task RequiredFromValidator(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        var type = context.JsonTypeInfo.Type;
        if (type.IsGenericType || type.IsPrimitive || type == typeof(string)
            || context.ApplicationServices.GetService(typeof(IValidator<>).MakeGenericType(type)) is not IValidator validator)
        {
            return Task.CompletedTask;
        }

        var required = validator.CreateDescriptor().Rules
            .Where(rule => rule.PropertyName is not null && rule.Components.Any(c =>
                c.Validator.Name is "NotNullValidator" or "NotEmptyValidator" && !c.HasCondition && !c.HasAsyncCondition))
            .Select(rule => WireNames.Of(rule.PropertyName))
            .ToHashSet(StringComparer.Ordinal);
        schema.Required = new HashSet<string>(schema.Properties?.Keys.Where(required.Contains) ?? [], StringComparer.Ordinal);
        return Task.CompletedTask;
    }

    /// <summary>Every problem carries trace_id (quote it to support); 400s carry errors per field.</summary>
    private static Task ProblemFields(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        if (context.JsonPropertyInfo is not null || !typeof(ProblemDetails).IsAssignableFrom(context.JsonTypeInfo.Type))
        {
            return Task.CompletedTask;
        }

        schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
        schema.Properties["trace_id"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Quote this when you ask about a failed request." };
        schema.Properties["errors"] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "What is wrong, per field or parameter (snake_case, as sent).",
            AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
        };
        return Task.CompletedTask;
    }

    /// <summary>A body in another format than JSON is refused with a 415 problem, like a 400's.</summary>
    private static Task UnsupportedMediaType(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        if (operation.RequestBody is not null && operation.Responses?.TryGetValue("400", out var bad) == true)
        {
            operation.Responses["415"] = new OpenApiResponse { Description = "Unsupported Media Type: send application/json.", Content = bad.Content };
        }

        return Task.CompletedTask;
    }

    /// <summary>Endpoints that return a file return a PDF, unless they declare their own kind (a PNG, a CSV).</summary>
    private static Task PdfResponses(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var method = context.Description.ActionDescriptor.EndpointMetadata.OfType<System.Reflection.MethodInfo>().FirstOrDefault();
        var returnsFile = method?.ReturnType is { } returns
            && (returns.GenericTypeArguments.Length > 0 ? returns.GenericTypeArguments[0] : returns) is { } result
            && (result == typeof(FileContentHttpResult) || result.GenericTypeArguments.Contains(typeof(FileContentHttpResult)));
        var declared = context.Description.ActionDescriptor.EndpointMetadata.OfType<Microsoft.AspNetCore.Http.Metadata.IProducesResponseTypeMetadata>().Any(m => m.ContentTypes.Any(type => type is "image/png" or "text/csv"));
        var csv = context.Description.ActionDescriptor.EndpointMetadata.OfType<Microsoft.AspNetCore.Http.Metadata.IProducesResponseTypeMetadata>().Any(m => m.ContentTypes.Contains("text/csv"));
        if (csv && operation.Responses?.TryGetValue("200", out var ok) == true && ok is OpenApiResponse response)
        {
            // Answered as JSON or, asked for with Accept: text/csv, as a spreadsheet.
            response.Content ??= new Dictionary<string, OpenApiMediaType>();
            response.Content["text/csv"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
        }

        if (returnsFile && !declared)
        {
            operation.Responses ??= [];
            operation.Responses["200"] = new OpenApiResponse
            {
                Description = "A PDF document.",
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/pdf"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } },
                },
            };
        }

        return Task.CompletedTask;
    }

    /// <summary>The client API takes an API key as a Bearer token; the catalogue is public.</summary>
    private static Task ApiKeySecurity(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken ct)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "lt_test_… or lt_live_…",
            Description = "Your API key: 'Authorization: Bearer lt_test_…'. Test keys run the whole pipeline without real delivery.",
        };
        foreach (var (path, item) in document.Paths)
        {
            if (!path.StartsWith("/v1/", StringComparison.Ordinal) || path.StartsWith("/v1/catalogue", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var operation in item.Operations?.Values.AsEnumerable() ?? [])
            {
                operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] }];
            }
        }

        return Task.CompletedTask;
    }

}
